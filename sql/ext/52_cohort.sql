-- Cohorts: a parallel-safe aggregate building a per-customer cohort summary (customers grouped by the day,
-- week or month of their first order, with the periods they were active in and their money there), and
-- readers expanding it into a retention / LTV table. Works on any table of events. See docs/cohort.md.

CREATE FUNCTION ecom.cohort_agg_step(internal, text, timestamptz, timestamptz, numeric, text, int) RETURNS internal
    AS 'MODULE_PATHNAME', 'cohort_agg_step_numeric' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.cohort_agg_step(internal, text, timestamptz, timestamptz, float8, text, int) RETURNS internal
    AS 'MODULE_PATHNAME', 'cohort_agg_step_float8' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.cohort_agg_step(internal, bigint, timestamptz, timestamptz, numeric, text, int) RETURNS internal
    AS 'MODULE_PATHNAME', 'cohort_agg_step_key_numeric' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.cohort_agg_step(internal, bigint, timestamptz, timestamptz, float8, text, int) RETURNS internal
    AS 'MODULE_PATHNAME', 'cohort_agg_step_key_float8' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.cohort_agg_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'cohort_agg_combine' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.cohort_agg_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cohort_agg_serialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.cohort_agg_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'cohort_agg_deserialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.cohort_agg_final(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cohort_agg_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;

CREATE AGGREGATE ecom.cohort_agg(customer text, first_order_at timestamptz, event_at timestamptz, amount numeric,
                                grain text, horizon int) (
    SFUNC = ecom.cohort_agg_step,
    STYPE = internal,
    COMBINEFUNC = ecom.cohort_agg_combine,
    SERIALFUNC = ecom.cohort_agg_serialize,
    DESERIALFUNC = ecom.cohort_agg_deserialize,
    FINALFUNC = ecom.cohort_agg_final,
    PARALLEL = SAFE
);
COMMENT ON FUNCTION ecom.cohort_agg_step(internal, text, timestamptz, timestamptz, numeric, text, int) IS 'Transition function of ecom.cohort_agg with a text customer and numeric amounts';
CREATE AGGREGATE ecom.cohort_agg(customer text, first_order_at timestamptz, event_at timestamptz, amount float8,
                                grain text, horizon int) (
    SFUNC = ecom.cohort_agg_step,
    STYPE = internal,
    COMBINEFUNC = ecom.cohort_agg_combine,
    SERIALFUNC = ecom.cohort_agg_serialize,
    DESERIALFUNC = ecom.cohort_agg_deserialize,
    FINALFUNC = ecom.cohort_agg_final,
    PARALLEL = SAFE
);
COMMENT ON FUNCTION ecom.cohort_agg_step(internal, text, timestamptz, timestamptz, float8, text, int) IS 'Transition function of ecom.cohort_agg with a text customer and float8 amounts';
CREATE AGGREGATE ecom.cohort_agg(customer bigint, first_order_at timestamptz, event_at timestamptz, amount numeric,
                                grain text, horizon int) (
    SFUNC = ecom.cohort_agg_step,
    STYPE = internal,
    COMBINEFUNC = ecom.cohort_agg_combine,
    SERIALFUNC = ecom.cohort_agg_serialize,
    DESERIALFUNC = ecom.cohort_agg_deserialize,
    FINALFUNC = ecom.cohort_agg_final,
    PARALLEL = SAFE
);
COMMENT ON FUNCTION ecom.cohort_agg_step(internal, bigint, timestamptz, timestamptz, numeric, text, int) IS 'Transition function of ecom.cohort_agg with a bigint customer and numeric amounts';
CREATE AGGREGATE ecom.cohort_agg(customer bigint, first_order_at timestamptz, event_at timestamptz, amount float8,
                                grain text, horizon int) (
    SFUNC = ecom.cohort_agg_step,
    STYPE = internal,
    COMBINEFUNC = ecom.cohort_agg_combine,
    SERIALFUNC = ecom.cohort_agg_serialize,
    DESERIALFUNC = ecom.cohort_agg_deserialize,
    FINALFUNC = ecom.cohort_agg_final,
    PARALLEL = SAFE
);
COMMENT ON FUNCTION ecom.cohort_agg_step(internal, bigint, timestamptz, timestamptz, float8, text, int) IS 'Transition function of ecom.cohort_agg with a bigint customer and float8 amounts';
COMMENT ON AGGREGATE ecom.cohort_agg(text, timestamptz, timestamptz, numeric, text, int) IS
    'Cohort summary (bytea) of events (orders, visits...): per customer the period (grain day, week or month, in UTC; weeks start on Monday) of its first order, which is the earliest first_order_at of its rows, and per period it was active in the exact sum of amounts (to 1e-6); horizon = periods after the cohort''s own to report (0..100000); rows with a NULL customer, first-order or event time are skipped and counted; read it with ecom.cohort_table() and ecom.cohort_summary_info()';
COMMENT ON AGGREGATE ecom.cohort_agg(text, timestamptz, timestamptz, float8, text, int) IS
    'Cohort summary with float8 amounts (each rounded to 1e-6, summed exactly); see ecom.cohort_agg(text, timestamptz, timestamptz, numeric, text, int)';
COMMENT ON AGGREGATE ecom.cohort_agg(bigint, timestamptz, timestamptz, numeric, text, int) IS
    'Cohort summary keyed by a bigint customer (for example the warehouse customer_key); see ecom.cohort_agg(text, timestamptz, timestamptz, numeric, text, int)';
COMMENT ON AGGREGATE ecom.cohort_agg(bigint, timestamptz, timestamptz, float8, text, int) IS
    'Cohort summary keyed by a bigint customer with float8 amounts; see ecom.cohort_agg(text, timestamptz, timestamptz, numeric, text, int)';
COMMENT ON FUNCTION ecom.cohort_agg_combine(internal, internal) IS 'Combine function of ecom.cohort_agg';
COMMENT ON FUNCTION ecom.cohort_agg_serialize(internal) IS 'Serialize function of ecom.cohort_agg';
COMMENT ON FUNCTION ecom.cohort_agg_deserialize(bytea, internal) IS 'Deserialize function of ecom.cohort_agg';
COMMENT ON FUNCTION ecom.cohort_agg_final(internal) IS 'Final function of ecom.cohort_agg';

CREATE FUNCTION ecom.cohort_table(summary bytea)
    RETURNS TABLE (cohort timestamptz, period_offset int, cohort_size bigint, active_customers bigint,
                   retention_rate float8, revenue numeric, cumulative_revenue numeric, ltv numeric)
    AS 'MODULE_PATHNAME', 'cohort_table' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION ecom.cohort_table(bytea) IS
    'One row per cohort and period offset of an ecom.cohort_agg summary, cohorts in time order: cohort period start, offset (0 = the cohort''s own period) up to the horizon but not past the latest period in the summary, customers in the cohort, those active in the period, their ratio, the cohort''s money in the period, from offset 0 to it, and that per cohort customer (LTV, rounded half away from zero to 1e-6); events before a customer''s cohort are ignored';

CREATE FUNCTION ecom.cohort_summary_info(summary bytea,
    OUT customers bigint, OUT skipped_null_rows bigint, OUT grain text, OUT horizon int)
    AS 'MODULE_PATHNAME', 'cohort_summary_info' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecom.cohort_summary_info(bytea) IS
    'Facts about an ecom.cohort_agg summary: customers, rows skipped for a NULL customer, first-order or event time, grain and horizon';
