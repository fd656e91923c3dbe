-- STL as an aggregate over (date, value) rows: one decomposition per group, e.g. per SKU.

CREATE TYPE ecom.stl_point AS (
    ts date, observed float8, seasonal float8, trend float8, remainder float8, weight float8, filled bool);
COMMENT ON TYPE ecom.stl_point IS
    'One observation of an STL decomposition by ecom.stl_agg: its date, observed = seasonal + trend + remainder, the robustness weight, and whether the observation was filled in by the gap policy';

CREATE TYPE ecom.stl_options AS (
    s_window int, s_periodic bool, s_degree int, t_window int, t_degree int, l_window int, l_degree int,
    s_jump int, t_jump int, l_jump int, robust bool, inner_iterations int, outer_iterations int, gaps text);
COMMENT ON TYPE ecom.stl_options IS
    'Settings of ecom.stl_agg, built by ecom.stl_options(...): the parameters of R''s stl() (NULL = R''s default) and the gap policy';

CREATE FUNCTION ecom.stl_options(
    s_window int DEFAULT NULL, s_periodic bool DEFAULT false, s_degree int DEFAULT NULL,
    t_window int DEFAULT NULL, t_degree int DEFAULT NULL, l_window int DEFAULT NULL, l_degree int DEFAULT NULL,
    s_jump int DEFAULT NULL, t_jump int DEFAULT NULL, l_jump int DEFAULT NULL, robust bool DEFAULT false,
    inner_iterations int DEFAULT NULL, outer_iterations int DEFAULT NULL, gaps text DEFAULT 'error')
RETURNS ecom.stl_options
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ROW(s_window, s_periodic, s_degree, t_window, t_degree, l_window, l_degree, s_jump, t_jump, l_jump,
               robust, inner_iterations, outer_iterations, gaps)::ecom.stl_options;
COMMENT ON FUNCTION ecom.stl_options(int, bool, int, int, int, int, int, int, int, int, bool, int, int, text) IS
    'Settings for ecom.stl_agg with the argument names and defaults of ecom.stl; gaps => ''error'' (default: a missing date is an error) or ''interpolate'' (missing dates are filled by linear interpolation and flagged)';

CREATE FUNCTION ecom.stl_agg_step(internal, date, float8, int, int) RETURNS internal
    AS 'MODULE_PATHNAME', 'ecom_stl_agg_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.stl_agg_step(internal, date, float8, int, ecom.stl_options) RETURNS internal
    AS 'MODULE_PATHNAME', 'ecom_stl_agg_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.stl_agg_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'ecom_stl_agg_combine' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.stl_agg_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'ecom_stl_agg_serialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.stl_agg_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'ecom_stl_agg_deserialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.stl_agg_final(internal) RETURNS ecom.stl_point[]
    AS 'MODULE_PATHNAME', 'ecom_stl_agg_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION ecom.stl_agg_step(internal, date, float8, int, int) IS 'Transition function of ecom.stl_agg';
COMMENT ON FUNCTION ecom.stl_agg_step(internal, date, float8, int, ecom.stl_options) IS 'Transition function of ecom.stl_agg';
COMMENT ON FUNCTION ecom.stl_agg_combine(internal, internal) IS 'Combine function of ecom.stl_agg';
COMMENT ON FUNCTION ecom.stl_agg_serialize(internal) IS 'Serialize function of ecom.stl_agg';
COMMENT ON FUNCTION ecom.stl_agg_deserialize(bytea, internal) IS 'Deserialize function of ecom.stl_agg';
COMMENT ON FUNCTION ecom.stl_agg_final(internal) IS 'Final function of ecom.stl_agg';

CREATE AGGREGATE ecom.stl_agg(ts date, value float8, period int, s_window int) (
    SFUNC = ecom.stl_agg_step, STYPE = internal,
    COMBINEFUNC = ecom.stl_agg_combine, SERIALFUNC = ecom.stl_agg_serialize, DESERIALFUNC = ecom.stl_agg_deserialize,
    FINALFUNC = ecom.stl_agg_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE ecom.stl_agg(date, float8, int, int) IS
    'STL decomposition (as R''s stl(x, s.window)) of the group''s series of (date, value) rows in any order, as ecom.stl_point[] in date order; the step is the smallest distance between dates; a missing date is an error; a NULL value counts as missing';

CREATE AGGREGATE ecom.stl_agg(ts date, value float8, period int, options ecom.stl_options) (
    SFUNC = ecom.stl_agg_step, STYPE = internal,
    COMBINEFUNC = ecom.stl_agg_combine, SERIALFUNC = ecom.stl_agg_serialize, DESERIALFUNC = ecom.stl_agg_deserialize,
    FINALFUNC = ecom.stl_agg_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE ecom.stl_agg(date, float8, int, ecom.stl_options) IS
    'STL decomposition of the group''s series of (date, value) rows in any order with every parameter of R''s stl() and a gap policy, given by ecom.stl_options(...) (read from the first row of each group), as ecom.stl_point[] in date order';
