-- RFM (recency, frequency, monetary): a parallel-safe aggregate building a per-customer summary, and
-- readers expanding it into scores and segments. Works on any table of orders. See docs/rfm.md.

CREATE FUNCTION ecom.rfm_agg_step(internal, text, timestamptz, float8, timestamptz, int) RETURNS internal
    AS 'MODULE_PATHNAME', 'rfm_agg_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.rfm_agg_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'rfm_agg_combine' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.rfm_agg_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'rfm_agg_serialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.rfm_agg_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'rfm_agg_deserialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.rfm_agg_final(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'rfm_agg_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;

CREATE AGGREGATE ecom.rfm_agg(customer text, ordered_at timestamptz, amount float8, as_of timestamptz, bins int) (
    SFUNC = ecom.rfm_agg_step,
    STYPE = internal,
    COMBINEFUNC = ecom.rfm_agg_combine,
    SERIALFUNC = ecom.rfm_agg_serialize,
    DESERIALFUNC = ecom.rfm_agg_deserialize,
    FINALFUNC = ecom.rfm_agg_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecom.rfm_agg(text, timestamptz, float8, timestamptz, int) IS
    'RFM summary (bytea) of orders: per customer the last order time, number of orders and exact sum of amounts (to 1e-6), as of a reference time, for scores 1..bins (2..100); rows with a NULL customer or order time and orders after as_of are skipped and counted; read it with ecom.rfm_scores() and ecom.rfm_summary_info()';

-- The five-argument form with the usual 5 buckets.
CREATE FUNCTION ecom.rfm_agg_step(internal, text, timestamptz, float8, timestamptz) RETURNS internal
    AS 'MODULE_PATHNAME', 'rfm_agg_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE AGGREGATE ecom.rfm_agg(customer text, ordered_at timestamptz, amount float8, as_of timestamptz) (
    SFUNC = ecom.rfm_agg_step,
    STYPE = internal,
    COMBINEFUNC = ecom.rfm_agg_combine,
    SERIALFUNC = ecom.rfm_agg_serialize,
    DESERIALFUNC = ecom.rfm_agg_deserialize,
    FINALFUNC = ecom.rfm_agg_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecom.rfm_agg(text, timestamptz, float8, timestamptz) IS
    'RFM summary of orders with 5 score buckets: ecom.rfm_agg(customer, ordered_at, amount, as_of, 5)';

-- The same with numeric amounts, read exactly (no float8 round trip).
CREATE FUNCTION ecom.rfm_agg_step(internal, text, timestamptz, numeric, timestamptz, int) RETURNS internal
    AS 'MODULE_PATHNAME', 'rfm_agg_step_numeric' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.rfm_agg_step(internal, text, timestamptz, numeric, timestamptz) RETURNS internal
    AS 'MODULE_PATHNAME', 'rfm_agg_step_numeric' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE AGGREGATE ecom.rfm_agg(customer text, ordered_at timestamptz, amount numeric, as_of timestamptz, bins int) (
    SFUNC = ecom.rfm_agg_step,
    STYPE = internal,
    COMBINEFUNC = ecom.rfm_agg_combine,
    SERIALFUNC = ecom.rfm_agg_serialize,
    DESERIALFUNC = ecom.rfm_agg_deserialize,
    FINALFUNC = ecom.rfm_agg_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecom.rfm_agg(text, timestamptz, numeric, timestamptz, int) IS
    'RFM summary of orders with numeric amounts (each rounded to 1e-6, summed exactly); see ecom.rfm_agg(text, timestamptz, float8, timestamptz, int)';
CREATE AGGREGATE ecom.rfm_agg(customer text, ordered_at timestamptz, amount numeric, as_of timestamptz) (
    SFUNC = ecom.rfm_agg_step,
    STYPE = internal,
    COMBINEFUNC = ecom.rfm_agg_combine,
    SERIALFUNC = ecom.rfm_agg_serialize,
    DESERIALFUNC = ecom.rfm_agg_deserialize,
    FINALFUNC = ecom.rfm_agg_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecom.rfm_agg(text, timestamptz, numeric, timestamptz) IS
    'RFM summary of orders with numeric amounts and 5 score buckets';

COMMENT ON FUNCTION ecom.rfm_agg_step(internal, text, timestamptz, float8, timestamptz, int) IS 'Transition function of ecom.rfm_agg';
COMMENT ON FUNCTION ecom.rfm_agg_step(internal, text, timestamptz, float8, timestamptz) IS 'Transition function of ecom.rfm_agg with 5 buckets';
COMMENT ON FUNCTION ecom.rfm_agg_step(internal, text, timestamptz, numeric, timestamptz, int) IS 'Transition function of ecom.rfm_agg for numeric amounts';
COMMENT ON FUNCTION ecom.rfm_agg_step(internal, text, timestamptz, numeric, timestamptz) IS 'Transition function of ecom.rfm_agg for numeric amounts with 5 buckets';
COMMENT ON FUNCTION ecom.rfm_agg_combine(internal, internal) IS 'Combine function of ecom.rfm_agg';
COMMENT ON FUNCTION ecom.rfm_agg_serialize(internal) IS 'Serialize function of ecom.rfm_agg';
COMMENT ON FUNCTION ecom.rfm_agg_deserialize(bytea, internal) IS 'Deserialize function of ecom.rfm_agg';
COMMENT ON FUNCTION ecom.rfm_agg_final(internal) IS 'Final function of ecom.rfm_agg';

CREATE FUNCTION ecom.rfm_scores(summary bytea)
    RETURNS TABLE (customer text, recency_days int, frequency bigint, monetary numeric,
                   r int, f int, m int, rfm_code text, segment text)
    AS 'MODULE_PATHNAME', 'rfm_scores' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION ecom.rfm_scores(bytea) IS
    'One row per customer of an ecom.rfm_agg summary, in customer order: days since the last order, orders, money, R/F/M scores 1..bins (quantiles over customers like pandas qcut on ranks; ties go to the smaller customer id; higher is better), the RFM code and one of the 11 standard segments (see docs/rfm.md); a NOTICE reports skipped rows';

CREATE FUNCTION ecom.rfm_summary_info(summary bytea,
    OUT customers bigint, OUT skipped_null_rows bigint, OUT skipped_after_as_of bigint, OUT as_of timestamptz, OUT bins int)
    AS 'MODULE_PATHNAME', 'rfm_summary_info' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecom.rfm_summary_info(bytea) IS
    'Facts about an ecom.rfm_agg summary: customers, rows skipped for a NULL customer or order time, orders skipped for being after as_of, as_of and bins';

CREATE FUNCTION ecom.rfm_scores(summary bytea, segment_map regclass)
    RETURNS TABLE (customer text, recency_days int, frequency bigint, monetary numeric,
                   r int, f int, m int, rfm_code text, segment text)
    LANGUAGE plpgsql STABLE STRICT PARALLEL RESTRICTED ROWS 1000
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY EXECUTE format(
        'SELECT s.customer, s.recency_days, s.frequency, s.monetary, s.r, s.f, s.m, s.rfm_code,
                coalesce((SELECT min(map.segment) FROM %s map WHERE map.r = s.r AND map.f = s.f), s.segment)
         FROM ecom.rfm_scores($1) s', segment_map)
    USING summary;
END $$;
COMMENT ON FUNCTION ecom.rfm_scores(bytea, regclass) IS
    'ecom.rfm_scores with your own segment names: segment_map is a table or view with columns r int, f int, segment text (raw scores 1..bins); customers whose (r, f) it does not list keep the standard segment';
