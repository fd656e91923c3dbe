-- Holt-Winters exponential smoothing (as R's stats::HoltWinters) with forecasts and prediction intervals.

CREATE FUNCTION ecom.holt_winters(
    "values" float8[], period int, seasonal text DEFAULT 'additive',
    alpha float8 DEFAULT NULL, beta float8 DEFAULT NULL, gamma float8 DEFAULT NULL,
    trend bool DEFAULT true, phi float8 DEFAULT 1, h int DEFAULT 1, level float8 DEFAULT 0.95)
RETURNS TABLE (step int, forecast float8, lower float8, upper float8)
    AS 'MODULE_PATHNAME', 'ecom_holt_winters' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE ROWS 28;
COMMENT ON FUNCTION ecom.holt_winters(float8[], int, text, float8, float8, float8, bool, float8, int, float8) IS
    'Holt-Winters forecasts for the h steps after a regularly spaced series, with central prediction intervals at level, as R''s predict(HoltWinters(x, alpha, beta, gamma, seasonal), h, prediction.interval = TRUE). seasonal: additive, multiplicative or none (R''s gamma = FALSE); trend => false is R''s beta = FALSE; NULL smoothing parameters are fitted by minimising the one-step squared errors, as R does; phi < 1 damps the trend (1 is R''s model). h defaults to 1 (R''s n.ahead); no rows when values, period or h is NULL.';

CREATE FUNCTION ecom.holt_winters_fit(
    "values" float8[], period int, seasonal text DEFAULT 'additive',
    alpha float8 DEFAULT NULL, beta float8 DEFAULT NULL, gamma float8 DEFAULT NULL,
    trend bool DEFAULT true, phi float8 DEFAULT 1)
RETURNS TABLE (fitted_alpha float8, fitted_beta float8, fitted_gamma float8, level float8, slope float8, season float8[], sse float8)
    AS 'MODULE_PATHNAME', 'ecom_holt_winters_fit' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION ecom.holt_winters_fit(float8[], int, text, float8, float8, float8, bool, float8) IS
    'The Holt-Winters model R''s HoltWinters() fits to a series: smoothing parameters, final level (a), slope (b) and seasonal states (s, for the next period), and the sum of squared one-step errors (SSE)';
