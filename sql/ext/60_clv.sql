-- Customer lifetime value: BG/NBD and Pareto/NBD purchase models, the Gamma-Gamma spend model, CLV.
-- Times (t_x, t_cal, t) are in one unit of the caller's choice, weeks in the papers.

-- Fit aggregates over per-customer calibration summaries (x, t_x, t_cal).
CREATE FUNCTION ecom.clv_history_step(internal, int, float8, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'clv_history_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.clv_history_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'clv_history_combine' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.clv_history_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'clv_history_serialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.clv_history_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'clv_history_deserialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.bgnbd_fit_final(internal) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'bgnbd_fit_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.pareto_nbd_fit_final(internal) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'pareto_nbd_fit_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION ecom.clv_history_step(internal, int, float8, float8) IS 'Transition function of ecom.bgnbd_fit and ecom.pareto_nbd_fit';
COMMENT ON FUNCTION ecom.clv_history_combine(internal, internal) IS 'Combine function of ecom.bgnbd_fit and ecom.pareto_nbd_fit';
COMMENT ON FUNCTION ecom.clv_history_serialize(internal) IS 'Serialize function of ecom.bgnbd_fit and ecom.pareto_nbd_fit';
COMMENT ON FUNCTION ecom.clv_history_deserialize(bytea, internal) IS 'Deserialize function of ecom.bgnbd_fit and ecom.pareto_nbd_fit';
COMMENT ON FUNCTION ecom.bgnbd_fit_final(internal) IS 'Final function of ecom.bgnbd_fit: fits the model';
COMMENT ON FUNCTION ecom.pareto_nbd_fit_final(internal) IS 'Final function of ecom.pareto_nbd_fit: fits the model';

CREATE AGGREGATE ecom.bgnbd_fit(x int, t_x float8, t_cal float8) (
    SFUNC = ecom.clv_history_step,
    STYPE = internal,
    COMBINEFUNC = ecom.clv_history_combine,
    SERIALFUNC = ecom.clv_history_serialize,
    DESERIALFUNC = ecom.clv_history_deserialize,
    FINALFUNC = ecom.bgnbd_fit_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecom.bgnbd_fit(int, float8, float8) IS
    'Fits the BG/NBD model (Fader, Hardie & Lee 2005) by maximum likelihood to one row per customer: x repeat purchases, the last at t_x, observed until t_cal (time since first purchase). Returns jsonb {model, params {r, alpha, a, b}, std_errors, log_likelihood, converged, status, iterations, customers}; when converged is false the parameters are not estimates and the prediction functions refuse them. Rows with a NULL are skipped; no rows, all x = 0, t_cal <= 0, t_x outside [0, t_cal] or NaN raise an error';

CREATE AGGREGATE ecom.pareto_nbd_fit(x int, t_x float8, t_cal float8) (
    SFUNC = ecom.clv_history_step,
    STYPE = internal,
    COMBINEFUNC = ecom.clv_history_combine,
    SERIALFUNC = ecom.clv_history_serialize,
    DESERIALFUNC = ecom.clv_history_deserialize,
    FINALFUNC = ecom.pareto_nbd_fit_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecom.pareto_nbd_fit(int, float8, float8) IS
    'Fits the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987) by maximum likelihood to one row per customer (x, t_x, t_cal) as ecom.bgnbd_fit does. Returns jsonb {model, params {r, alpha, s, beta}, std_errors, log_likelihood, converged, status, iterations, customers}';

-- Fit aggregate of the spend model over repeat buyers' (x, mean spend).
CREATE FUNCTION ecom.clv_spend_step(internal, int, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'clv_spend_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.clv_spend_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'clv_spend_combine' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.clv_spend_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'clv_spend_serialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.clv_spend_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'clv_spend_deserialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.gamma_gamma_fit_final(internal) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'gamma_gamma_fit_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION ecom.clv_spend_step(internal, int, float8) IS 'Transition function of ecom.gamma_gamma_fit';
COMMENT ON FUNCTION ecom.clv_spend_combine(internal, internal) IS 'Combine function of ecom.gamma_gamma_fit';
COMMENT ON FUNCTION ecom.clv_spend_serialize(internal) IS 'Serialize function of ecom.gamma_gamma_fit';
COMMENT ON FUNCTION ecom.clv_spend_deserialize(bytea, internal) IS 'Deserialize function of ecom.gamma_gamma_fit';
COMMENT ON FUNCTION ecom.gamma_gamma_fit_final(internal) IS 'Final function of ecom.gamma_gamma_fit: fits the model';

CREATE AGGREGATE ecom.gamma_gamma_fit(x int, mean_spend float8) (
    SFUNC = ecom.clv_spend_step,
    STYPE = internal,
    COMBINEFUNC = ecom.clv_spend_combine,
    SERIALFUNC = ecom.clv_spend_serialize,
    DESERIALFUNC = ecom.clv_spend_deserialize,
    FINALFUNC = ecom.gamma_gamma_fit_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecom.gamma_gamma_fit(int, float8) IS
    'Fits the Gamma-Gamma spend model (Fader, Hardie & Lee 2005; Fader & Hardie 2013) by maximum likelihood to one row per customer: x repeat purchases with mean value mean_spend. Customers with x = 0 are left out (no repeat spend observed). Returns jsonb {model, params {p, q, gamma}, std_errors, log_likelihood, converged, status, iterations, customers}; negative or NaN spend, or a repeat buyer with zero spend, raise an error';

-- Predictions from a fitted model.
CREATE FUNCTION ecom.bgnbd_expected_purchases(model jsonb, t float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'bgnbd_expected_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecom.bgnbd_expected_purchases(jsonb, float8) IS
    'Expected number of repeat purchases in (0, t] of a customer acquired at time 0, under a BG/NBD model from ecom.bgnbd_fit';

CREATE FUNCTION ecom.bgnbd_conditional_expected_purchases(model jsonb, t float8, x int, t_x float8, t_cal float8)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'bgnbd_conditional_expected_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecom.bgnbd_conditional_expected_purchases(jsonb, float8, int, float8, float8) IS
    'Expected number of purchases in the next t time units of a customer with calibration summary (x, t_x, t_cal), under a BG/NBD model';

CREATE FUNCTION ecom.bgnbd_p_alive(model jsonb, x int, t_x float8, t_cal float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'bgnbd_p_alive' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecom.bgnbd_p_alive(jsonb, int, float8, float8) IS
    'Probability that a customer with calibration summary (x, t_x, t_cal) is still active at the end of calibration, under a BG/NBD model (1 when x = 0)';

CREATE FUNCTION ecom.pareto_nbd_expected_purchases(model jsonb, t float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pareto_nbd_expected_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecom.pareto_nbd_expected_purchases(jsonb, float8) IS
    'Expected number of repeat purchases in (0, t] of a customer acquired at time 0, under a Pareto/NBD model from ecom.pareto_nbd_fit';

CREATE FUNCTION ecom.pareto_nbd_conditional_expected_purchases(model jsonb, t float8, x int, t_x float8, t_cal float8)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'pareto_nbd_conditional_expected_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecom.pareto_nbd_conditional_expected_purchases(jsonb, float8, int, float8, float8) IS
    'Expected number of purchases in the next t time units of a customer with calibration summary (x, t_x, t_cal), under a Pareto/NBD model';

CREATE FUNCTION ecom.pareto_nbd_p_alive(model jsonb, x int, t_x float8, t_cal float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pareto_nbd_p_alive' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecom.pareto_nbd_p_alive(jsonb, int, float8, float8) IS
    'Probability that a customer with calibration summary (x, t_x, t_cal) is still active at the end of calibration, under a Pareto/NBD model';

CREATE FUNCTION ecom.gamma_gamma_expected_spend(model jsonb, x int, mean_spend float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'gamma_gamma_expected_spend' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecom.gamma_gamma_expected_spend(jsonb, int, float8) IS
    'Expected value of a future purchase of a customer with x repeat purchases of mean value mean_spend, under a Gamma-Gamma model from ecom.gamma_gamma_fit: a weighted average of the population mean and mean_spend (x = 0 gives the population mean)';

CREATE FUNCTION ecom.clv(purchase_model jsonb, spend_model jsonb, x int, t_x float8, t_cal float8, mean_spend float8,
                         months int DEFAULT 12, monthly_discount float8 DEFAULT 0.01,
                         units_per_month float8 DEFAULT 30.4375 / 7) RETURNS float8
    AS 'MODULE_PATHNAME', 'clv_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecom.clv(jsonb, jsonb, int, float8, float8, float8, int, float8, float8) IS
    'Customer lifetime value over the next `months` months: for each month m, the expected purchases in that month (BG/NBD or Pareto/NBD purchase_model, given the calibration summary x, t_x, t_cal) times the expected spend (Gamma-Gamma spend_model), divided by (1 + monthly_discount)^m. units_per_month is the length of a month in the models'' time unit (default: weeks)';

-- Synthetic customer bases.
CREATE FUNCTION ecom.clv_simulate(n int, purchase_model jsonb, spend_model jsonb, t_min float8, t_max float8,
                                  seed bigint DEFAULT 1)
    RETURNS TABLE (customer int, x int, t_x float8, t_cal float8, mean_spend float8)
    AS 'MODULE_PATHNAME', 'clv_simulate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION ecom.clv_simulate(int, jsonb, jsonb, float8, float8, bigint) IS
    'Simulates n customers from a BG/NBD or Pareto/NBD purchase_model and a Gamma-Gamma spend_model (fitted jsonb, or written by hand like ''{"model": "bgnbd", "params": {"r": 0.24, "alpha": 4.4, "a": 0.79, "b": 2.4}}''), each observed for a time drawn uniformly from [t_min, t_max]; the same seed gives the same rows on every platform with the same C library';

-- From purchases to calibration summaries.
CREATE TYPE ecom.clv_history AS (x int, t_x float8, t_cal float8, mean_spend float8);
COMMENT ON TYPE ecom.clv_history IS
    'A customer''s calibration summary: x repeat purchase days, t_x the time of the last one and t_cal the end of calibration (both since the first purchase, in the chosen unit), mean_spend the mean value of the repeat purchase days (0 when x = 0)';

CREATE FUNCTION ecom.clv_summary_step(internal, date, float8, date, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'clv_summary_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.clv_summary_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'clv_summary_combine' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.clv_summary_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'clv_summary_serialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.clv_summary_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'clv_summary_deserialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.clv_summary_final(internal) RETURNS ecom.clv_history
    AS 'MODULE_PATHNAME', 'clv_summary_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION ecom.clv_summary_step(internal, date, float8, date, float8) IS 'Transition function of ecom.clv_summary';
COMMENT ON FUNCTION ecom.clv_summary_combine(internal, internal) IS 'Combine function of ecom.clv_summary';
COMMENT ON FUNCTION ecom.clv_summary_serialize(internal) IS 'Serialize function of ecom.clv_summary';
COMMENT ON FUNCTION ecom.clv_summary_deserialize(bytea, internal) IS 'Deserialize function of ecom.clv_summary';
COMMENT ON FUNCTION ecom.clv_summary_final(internal) IS 'Final function of ecom.clv_summary';

CREATE AGGREGATE ecom.clv_summary(purchase_date date, amount float8, calibration_end date, unit_days float8) (
    SFUNC = ecom.clv_summary_step,
    STYPE = internal,
    COMBINEFUNC = ecom.clv_summary_combine,
    SERIALFUNC = ecom.clv_summary_serialize,
    DESERIALFUNC = ecom.clv_summary_deserialize,
    FINALFUNC = ecom.clv_summary_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecom.clv_summary(date, float8, date, float8) IS
    'One customer''s purchases (GROUP BY customer) as an ecom.clv_history calibration summary, the way the BG/NBD papers count: purchases on the same day are one transaction, the first purchase day is time 0 and not counted in x, purchases after calibration_end are ignored, times are in units of unit_days days (7: weeks). NULL when the customer had no purchase by calibration_end; negative or NaN amounts raise an error';
