-- Funnels and retention flags in the manner of ClickHouse's windowFunnel and retention: parallel-safe
-- aggregates over one group's events (a user, a session). See docs/funnel.md.

CREATE FUNCTION ecom.window_funnel_step(internal, interval, timestamptz, bool[]) RETURNS internal
    AS 'MODULE_PATHNAME', 'window_funnel_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.window_funnel_step(internal, interval, text, timestamptz, bool[]) RETURNS internal
    AS 'MODULE_PATHNAME', 'window_funnel_mode_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.window_funnel_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'window_funnel_combine' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.window_funnel_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'window_funnel_serialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.window_funnel_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'window_funnel_deserialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.window_funnel_final(internal) RETURNS int
    AS 'MODULE_PATHNAME', 'window_funnel_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;

CREATE AGGREGATE ecom.window_funnel(window_size interval, ts timestamptz, VARIADIC steps bool[]) (
    SFUNC = ecom.window_funnel_step,
    STYPE = internal,
    COMBINEFUNC = ecom.window_funnel_combine,
    SERIALFUNC = ecom.window_funnel_serialize,
    DESERIALFUNC = ecom.window_funnel_deserialize,
    FINALFUNC = ecom.window_funnel_final,
    SSPACE = 512,  -- bytes per group the planner assumes (about 600 measured for groups of 10 rows)
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecom.window_funnel(interval, timestamptz, bool[]) IS
    'Deepest step (0..32) of the ordered chain of conditions reached within the window after a step-1 event, like ClickHouse''s windowFunnel; rows with a NULL ts are ignored; a window < 0 or more than 32 steps is an error';

CREATE AGGREGATE ecom.window_funnel(window_size interval, mode text, ts timestamptz, VARIADIC steps bool[]) (
    SFUNC = ecom.window_funnel_step,
    STYPE = internal,
    COMBINEFUNC = ecom.window_funnel_combine,
    SERIALFUNC = ecom.window_funnel_serialize,
    DESERIALFUNC = ecom.window_funnel_deserialize,
    FINALFUNC = ecom.window_funnel_final,
    SSPACE = 512,  -- bytes per group the planner assumes (about 600 measured for groups of 10 rows)
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecom.window_funnel(interval, text, timestamptz, bool[]) IS
    'ecom.window_funnel with modes: a comma-separated list of strict_deduplication, strict_order, strict_increase (ClickHouse''s meanings, see docs/funnel.md), or '''' for none';

COMMENT ON FUNCTION ecom.window_funnel_step(internal, interval, timestamptz, bool[]) IS 'Transition function of ecom.window_funnel';
COMMENT ON FUNCTION ecom.window_funnel_step(internal, interval, text, timestamptz, bool[]) IS 'Transition function of ecom.window_funnel with a mode';
COMMENT ON FUNCTION ecom.window_funnel_combine(internal, internal) IS 'Combine function of ecom.window_funnel';
COMMENT ON FUNCTION ecom.window_funnel_serialize(internal) IS 'Serialize function of ecom.window_funnel';
COMMENT ON FUNCTION ecom.window_funnel_deserialize(bytea, internal) IS 'Deserialize function of ecom.window_funnel';
COMMENT ON FUNCTION ecom.window_funnel_final(internal) IS 'Final function of ecom.window_funnel';

CREATE FUNCTION ecom.retention_step(internal, bool[]) RETURNS internal
    AS 'MODULE_PATHNAME', 'retention_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.retention_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'retention_combine' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.retention_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'retention_serialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.retention_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'retention_deserialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.retention_final(internal) RETURNS int[]
    AS 'MODULE_PATHNAME', 'retention_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;

CREATE AGGREGATE ecom.retention(VARIADIC conds bool[]) (
    SFUNC = ecom.retention_step,
    STYPE = internal,
    COMBINEFUNC = ecom.retention_combine,
    SERIALFUNC = ecom.retention_serialize,
    DESERIALFUNC = ecom.retention_deserialize,
    FINALFUNC = ecom.retention_final,
    SSPACE = 64,  -- bytes per group the planner assumes (two bit masks)
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecom.retention(VARIADIC bool[]) IS
    'Retention flags like ClickHouse''s retention: int[] whose element 1 is 1 when cond1 held on some row and element i is 1 when cond1 and cond_i each held on some row (1 to 32 conditions; NULL counts as false)';
COMMENT ON FUNCTION ecom.retention_step(internal, bool[]) IS 'Transition function of ecom.retention';
COMMENT ON FUNCTION ecom.retention_combine(internal, internal) IS 'Combine function of ecom.retention';
COMMENT ON FUNCTION ecom.retention_serialize(internal) IS 'Serialize function of ecom.retention';
COMMENT ON FUNCTION ecom.retention_deserialize(bytea, internal) IS 'Deserialize function of ecom.retention';
COMMENT ON FUNCTION ecom.retention_final(internal) IS 'Final function of ecom.retention';
