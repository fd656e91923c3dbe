-- Holt-Winters forecasts (numerically R's HoltWinters + predict) over float8[] series.
-- The example: 12 weeks of daily units with a trend and a weekly pattern.
CREATE TEMP TABLE hw_daily AS
SELECT t, 200 + 0.2 * t + (ARRAY[-8, -5, -2, 0, 3, 12, 0])[t % 7 + 1] + 2 * sin(1.7 * t) AS units
FROM generate_series(0, 83) AS t;

-- Next week's forecast with a 95% prediction interval, for given smoothing parameters.
SELECT step, round(forecast::numeric, 4) AS forecast, round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM ecom.holt_winters((SELECT array_agg(units ORDER BY t) FROM hw_daily), 7,
                       alpha => 0.2, beta => 0.1, gamma => 0.3, h => 7);

-- The same numbers as R 4.2.2: y <- ts(<the series above>, frequency = 7);
-- predict(HoltWinters(y, alpha = 0.2, beta = 0.1, gamma = 0.3), 7, prediction.interval = TRUE)
WITH r AS (
    SELECT step, fit, lwr, upr
    FROM unnest('{208.93112420567977,213.27591238802918,215.54157824520232,216.9002309552057,221.37592009733217,231.1257757022199,217.97189861176167}'::float8[],
                '{205.40762244220616,209.66814939587212,211.83603354394921,213.08312211405857,217.43337511016256,227.04398482114766,213.73724166936955}'::float8[],
                '{212.45462596915337,216.88367538018625,219.24712294645542,220.71733979635283,225.31846508450178,235.20756658329213,222.20655555415379}'::float8[]) WITH ORDINALITY AS u(fit, lwr, upr, step)
)
SELECT bool_and(abs(forecast - fit) < 1e-9 AND abs(lower - lwr) < 1e-9 AND abs(upper - upr) < 1e-9) AS as_r
FROM ecom.holt_winters((SELECT array_agg(units ORDER BY t) FROM hw_daily), 7,
                       alpha => 0.2, beta => 0.1, gamma => 0.3, h => 7) AS f
JOIN r USING (step);

-- Multiplicative seasonality, also as R: predict(HoltWinters(y, 0.2, 0.1, 0.3, seasonal = "multiplicative"), 3)
SELECT bool_and(abs(forecast - fit) < 1e-9) AS as_r
FROM ecom.holt_winters((SELECT array_agg(units ORDER BY t) FROM hw_daily), 7, seasonal => 'multiplicative',
                       alpha => 0.2, beta => 0.1, gamma => 0.3, h => 3) AS f
JOIN unnest('{208.68976205369208,213.08410165676855,215.38905962394097}'::float8[]) WITH ORDINALITY AS r(fit, step) USING (step);

-- Leaving smoothing parameters NULL fits them by least squares, as R does (R: alpha 0, gamma 1, SSE 69.4208;
-- with alpha 0 the trend never moves, so beta is not identified here and is not shown).
SELECT round(fitted_alpha::numeric, 2) AS alpha, round(fitted_gamma::numeric, 2) AS gamma,
       cardinality(season) AS seasonal_states, sse <= 69.4208 * 1.0001 AS sse_at_most_rs
FROM ecom.holt_winters_fit((SELECT array_agg(units ORDER BY t) FROM hw_daily), 7);

-- Without seasonality (R's gamma = FALSE), and with a damped trend (phi < 1) the forecast levels off.
SELECT step, round(forecast::numeric, 3) AS undamped,
       round((SELECT forecast FROM ecom.holt_winters((SELECT array_agg(units ORDER BY t) FROM hw_daily), 7,
                                                     seasonal => 'none', alpha => 0.3, beta => 0.2, phi => 0.8, h => 28)
              WHERE step = f.step)::numeric, 3) AS damped
FROM ecom.holt_winters((SELECT array_agg(units ORDER BY t) FROM hw_daily), 7, seasonal => 'none',
                       alpha => 0.3, beta => 0.2, h => 28) AS f
WHERE step IN (1, 7, 14, 28);

-- Bad input: SQLSTATE 22023 with a hint.
\set VERBOSITY default
\set ON_ERROR_STOP 0
SELECT * FROM ecom.holt_winters((SELECT array_agg(units ORDER BY t) FROM hw_daily), 7, seasonal => 'weekly');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM ecom.holt_winters((SELECT array_agg(units ORDER BY t) FROM hw_daily), 7, alpha => 0);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM ecom.holt_winters((SELECT array_agg(units ORDER BY t) FROM hw_daily), 7, gamma => 1.5);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM ecom.holt_winters((SELECT array_agg(units ORDER BY t) FROM hw_daily WHERE t < 10), 7);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM ecom.holt_winters(ARRAY[1, 2, 0, 4, 5, 6, 7, 8]::float8[], 2, seasonal => 'multiplicative');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM ecom.holt_winters((SELECT array_agg(units ORDER BY t) FROM hw_daily), 7, h => 0);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM ecom.holt_winters((SELECT array_agg(units ORDER BY t) FROM hw_daily), 7, phi => 0);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
\set ON_ERROR_STOP 1
