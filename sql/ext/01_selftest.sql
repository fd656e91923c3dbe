-- Self-test functions: verify the native error boundary, cancellation and memory ownership on a live server.

CREATE FUNCTION ecom.selftest_error(kind text) RETURNS text
    AS 'MODULE_PATHNAME', 'selftest_error' LANGUAGE C STRICT VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION ecom.selftest_error(text) IS
    'Raises a native error of the given kind (invalid_argument, out_of_range, bad_alloc, runtime, unknown, boost, eigen, postgres) to show how the boundary reports it; any other kind returns ''no error''';

CREATE FUNCTION ecom.selftest_spin(milliseconds int) RETURNS float8
    AS 'MODULE_PATHNAME', 'selftest_spin' LANGUAGE C STRICT VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION ecom.selftest_spin(int) IS
    'Busy native computation for the given time; statement_timeout, Ctrl-C and pg_cancel_backend stop it early';

CREATE FUNCTION ecom.selftest_live_states() RETURNS bigint
    AS 'MODULE_PATHNAME', 'selftest_live_states' LANGUAGE C STRICT VOLATILE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ecom.selftest_live_states() IS
    'Number of ecom.selftest_sum states not yet destroyed in this backend (0 once every query has ended, even after errors)';

CREATE FUNCTION ecom.selftest_sum_step(internal, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'selftest_sum_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.selftest_sum_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'selftest_sum_combine' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.selftest_sum_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'selftest_sum_serialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.selftest_sum_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'selftest_sum_deserialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.selftest_sum_final(internal) RETURNS float8
    AS 'MODULE_PATHNAME', 'selftest_sum_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;

CREATE AGGREGATE ecom.selftest_sum(float8) (
    SFUNC = ecom.selftest_sum_step,
    STYPE = internal,
    COMBINEFUNC = ecom.selftest_sum_combine,
    SERIALFUNC = ecom.selftest_sum_serialize,
    DESERIALFUNC = ecom.selftest_sum_deserialize,
    FINALFUNC = ecom.selftest_sum_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecom.selftest_sum(float8) IS
    'Self-test aggregate: exact sum of non-negative values via a native state that lives in the aggregate memory context; serial and parallel plans give identical results; a negative value raises an error on purpose';
COMMENT ON FUNCTION ecom.selftest_sum_step(internal, float8) IS 'Transition function of ecom.selftest_sum';
COMMENT ON FUNCTION ecom.selftest_sum_combine(internal, internal) IS 'Combine function of ecom.selftest_sum';
COMMENT ON FUNCTION ecom.selftest_sum_serialize(internal) IS 'Serialize function of ecom.selftest_sum';
COMMENT ON FUNCTION ecom.selftest_sum_deserialize(bytea, internal) IS 'Deserialize function of ecom.selftest_sum';
COMMENT ON FUNCTION ecom.selftest_sum_final(internal) IS 'Final function of ecom.selftest_sum';
