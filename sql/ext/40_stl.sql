-- Time series: STL seasonal-trend decomposition (as R's stats::stl), period detection, anomaly scores.

CREATE FUNCTION ecom.stl(
    "values" float8[],
    period int,
    s_window int DEFAULT NULL,
    s_periodic bool DEFAULT false,
    s_degree int DEFAULT 0,
    t_window int DEFAULT NULL,
    t_degree int DEFAULT 1,
    l_window int DEFAULT NULL,
    l_degree int DEFAULT NULL,
    s_jump int DEFAULT NULL,
    t_jump int DEFAULT NULL,
    l_jump int DEFAULT NULL,
    robust bool DEFAULT false,
    inner_iterations int DEFAULT NULL,
    outer_iterations int DEFAULT NULL)
RETURNS TABLE (index int, observed float8, seasonal float8, trend float8, remainder float8, weight float8)
    AS 'MODULE_PATHNAME', 'ecom_stl' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION ecom.stl(float8[], int, int, bool, int, int, int, int, int, int, int, int, bool, int, int) IS
    'STL decomposition of a regularly spaced series, numerically the same as R''s stl(): one row per observation (index from 1, observed = seasonal + trend + remainder, robustness weight). Arguments mirror R''s: s_window (or s_periodic => true for s.window = "periodic"), s_degree, t_window, t_degree, l_window, l_degree, s_jump, t_jump, l_jump, robust, inner_iterations (inner), outer_iterations (outer); NULL means R''s default. No rows when values or period is NULL.';

CREATE FUNCTION ecom.detect_period("values" float8[], max_period int DEFAULT NULL) RETURNS int
    AS 'MODULE_PATHNAME', 'ecom_detect_period' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecom.detect_period(float8[], int) IS
    'Seasonal period of a regularly spaced series (observations per cycle, e.g. 7 for daily data with a weekly pattern), or NULL when no period is significant. Candidates 2 .. least(max_period, n / 3) (max_period defaults to 1000): each is tested by grouping the deviations from a one-cycle moving average by cycle position (F test corrected for serial correlation); the most significant wins.';

CREATE FUNCTION ecom.anomaly_scores("values" float8[], period int, k float8 DEFAULT 1.5, s_window int DEFAULT NULL,
                                    robust bool DEFAULT true) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'ecom_anomaly_scores' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecom.anomaly_scores(float8[], int, float8, int, bool) IS
    'One anomaly score per observation: the STL remainder (robust, s.window = "periodic" unless s_window is given) scored against Tukey''s fences [Q1 - k IQR, Q3 + k IQR]; 0 inside the fences, otherwise the distance beyond the nearer fence in IQR units. k = 1.5 flags outliers, k = 3 far-out values. NULL when values or period is NULL.';

CREATE FUNCTION ecom.tukey_scores("values" float8[], k float8 DEFAULT 1.5) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'ecom_tukey_scores' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecom.tukey_scores(float8[], float8) IS
    'Tukey-fence score of each element (quartiles as R''s quantile() type 7): 0 inside [Q1 - k IQR, Q3 + k IQR], otherwise the distance beyond the nearer fence in IQR units (Infinity when the IQR is 0). Use it on a remainder from ecom.stl.';
