-- Customer lifetime value: BG/NBD, Pareto/NBD and Gamma-Gamma models fitted by native aggregates.

-- Predictions with the published CDNOW model (Fader, Hardie & Lee 2005): a customer with 2 repeat
-- purchases, the last in week 30.43, first purchase 38.86 weeks before the end of calibration.
CREATE TEMP TABLE cdnow_models AS SELECT
    '{"model": "bgnbd", "params": {"r": 0.2425945, "alpha": 4.4136019, "a": 0.7929199, "b": 2.4258881}}'::jsonb AS bgnbd,
    '{"model": "gamma_gamma", "params": {"p": 6.25, "q": 3.74, "gamma": 15.44}}'::jsonb AS spend;
SELECT round(ecom.bgnbd_conditional_expected_purchases(bgnbd, 39, 2, 30.43, 38.86)::numeric, 3) AS next_39_weeks,
       round(ecom.bgnbd_p_alive(bgnbd, 2, 30.43, 38.86)::numeric, 3) AS p_alive
FROM cdnow_models;
SELECT t, round(ecom.bgnbd_expected_purchases(bgnbd, t)::numeric, 4) AS repeat_purchases_by_t
FROM cdnow_models, unnest(ARRAY[1, 3, 32, 78]::float8[]) AS t;

-- From purchases to calibration summaries: same-day orders count once, the first day is time 0.
CREATE TEMP TABLE orders (customer int, day date, amount numeric);
INSERT INTO orders VALUES
    (1, '1997-01-01', 29.33), (1, '1997-01-18', 29.73), (1, '1997-08-02', 14.96), (1, '1997-12-12', 26.48),
    (2, '1997-01-01', 63.34), (2, '1997-01-13', 11.77),
    (3, '1997-01-02', 6.79),
    (4, '1997-01-01', 13.97), (4, '1997-01-01', 23.94), (4, '1997-03-15', 5.00), (4, '1997-03-15', 10.00),
    (5, '1997-10-05', 12.00);
SELECT customer, (s).x, round((s).t_x::numeric, 2) AS t_x, round((s).t_cal::numeric, 2) AS t_cal,
       round((s).mean_spend::numeric, 2) AS mean_spend
FROM (SELECT customer, ecom.clv_summary(day, amount, '1997-09-30', 7) AS s FROM orders GROUP BY customer) AS c
ORDER BY customer;

-- A synthetic customer base of 5,000 from known parameters, fitted back (estimates near the truth).
CREATE TEMP TABLE customers AS
SELECT * FROM ecom.clv_simulate(5000,
    '{"model": "bgnbd", "params": {"r": 0.5, "alpha": 6, "a": 0.9, "b": 3}}',
    '{"model": "gamma_gamma", "params": {"p": 6, "q": 4, "gamma": 15}}', 26, 52, 42);
SELECT count(*) AS customers, sum(x) AS repeat_purchases, round(avg(t_cal)::numeric, 1) AS mean_age FROM customers;
CREATE TEMP TABLE fitted AS
SELECT (SELECT ecom.bgnbd_fit(x, t_x, t_cal) FROM customers) AS bgnbd,
       (SELECT ecom.pareto_nbd_fit(x, t_x, t_cal) FROM customers) AS pareto_nbd,
       (SELECT ecom.gamma_gamma_fit(x, mean_spend) FROM customers) AS spend;
SELECT m->>'model' AS model, m->'converged' AS converged, m->'customers' AS customers,
       (SELECT jsonb_object_agg(k, round(v::numeric, 2)) FROM jsonb_each_text(m->'params') AS p(k, v)) AS params,
       (SELECT jsonb_object_agg(k, round(v::numeric, 1 - floor(log(v::numeric))::int))
        FROM jsonb_each_text(m->'std_errors') AS p(k, v)) AS std_errors,  -- two significant digits
       round((m->>'log_likelihood')::numeric, 1) AS log_likelihood
FROM fitted, LATERAL (VALUES (bgnbd), (pareto_nbd), (spend)) AS models(m);

-- Scoring customers: P(alive), expected purchases in the next 52 weeks, expected spend, 12-month CLV.
SELECT c.customer, c.x, round(c.t_x::numeric, 1) AS t_x, round(c.t_cal::numeric, 1) AS t_cal,
       round(ecom.bgnbd_p_alive(f.bgnbd, c.x, c.t_x, c.t_cal)::numeric, 3) AS p_alive,
       round(ecom.bgnbd_conditional_expected_purchases(f.bgnbd, 52, c.x, c.t_x, c.t_cal)::numeric, 3) AS next_52_weeks,
       round(ecom.pareto_nbd_conditional_expected_purchases(f.pareto_nbd, 52, c.x, c.t_x, c.t_cal)::numeric, 3) AS pareto_next_52,
       round(ecom.gamma_gamma_expected_spend(f.spend, c.x, c.mean_spend)::numeric, 2) AS expected_spend,
       round(ecom.clv(f.bgnbd, f.spend, c.x, c.t_x, c.t_cal, c.mean_spend)::numeric, 2) AS clv_12_months
FROM customers AS c, fitted AS f
WHERE c.customer <= 6
ORDER BY c.customer;

-- CLV with a Pareto/NBD purchase model, two years, 10% a year.
SELECT round(ecom.clv(pareto_nbd, spend, 3, 20, 40, 35, months => 24, monthly_discount => 0.008)::numeric, 2) AS clv_24_months
FROM fitted;

-- The fit is the same whatever the row order (rows are sorted before fitting).
SELECT (SELECT ecom.bgnbd_fit(x, t_x, t_cal ORDER BY random()) FROM customers) = bgnbd AS order_independent FROM fitted;

-- Bad input.
SELECT ecom.bgnbd_fit(x, t_x, t_cal) FROM customers WHERE false;
SELECT ecom.bgnbd_fit(x, t_x, t_cal) FROM (VALUES (0, 0.0, 10.0), (0, 0.0, 20.0)) AS v(x, t_x, t_cal);
SELECT ecom.bgnbd_fit(x, t_x, t_cal) FROM (VALUES (1, 12.0, 10.0)) AS v(x, t_x, t_cal);
SELECT ecom.bgnbd_fit(x, t_x, t_cal) FROM (VALUES (1, 0.0, 0.0)) AS v(x, t_x, t_cal);
SELECT ecom.bgnbd_fit(x, t_x, t_cal) FROM (VALUES (1, 'NaN'::float8, 10.0)) AS v(x, t_x, t_cal);
SELECT ecom.gamma_gamma_fit(x, s) FROM (VALUES (2, -3.0)) AS v(x, s);
SELECT ecom.clv_summary(day, amount, '1997-09-30', 7) FROM (VALUES ('1997-01-01'::date, -5.0)) AS v(day, amount);
SELECT ecom.bgnbd_p_alive(spend, 1, 1, 2) FROM fitted;
SELECT ecom.bgnbd_p_alive('{"model": "bgnbd", "params": {"r": 1, "alpha": -1, "a": 1, "b": 1}}', 1, 1, 2);
SELECT ecom.bgnbd_p_alive('{"model": "bgnbd", "converged": false, "params": {"r": 1, "alpha": 1, "a": 1, "b": 1}}', 1, 1, 2);
-- A data set without a finite maximum: every customer bought once more at the same time (no heterogeneity).
SELECT m->'converged' AS converged, m->>'status' AS status
FROM (SELECT ecom.bgnbd_fit(x, t_x, t_cal) AS m
      FROM (VALUES (1, 10.0, 20.0), (0, 0.0, 20.0)) AS v(x, t_x, t_cal), generate_series(1, 50)) AS f;
