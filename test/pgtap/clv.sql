-- Invariants of the CLV aggregates: parallel plans give the serial result, bad input is ERROR 22023.
BEGIN;
SELECT plan(14);

-- The text of a query's plan.
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE line text; plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN ' || query LOOP plan := plan || line || E'\n'; END LOOP;
    RETURN plan;
END $$;

-- Large enough for a real parallel plan (not TEMP: workers cannot read temporary tables).
CREATE TABLE clv_customers AS
SELECT * FROM ecom.clv_simulate(30000,
    '{"model": "bgnbd", "params": {"r": 0.5, "alpha": 6, "a": 0.9, "b": 3}}',
    '{"model": "gamma_gamma", "params": {"p": 6, "q": 4, "gamma": 15}}', 26, 52, 7);
-- Purchases of 2,000 customers on whole days, for the calibration summary aggregate.
CREATE TABLE clv_orders AS
SELECT c.customer, date '2020-01-01' + (c.customer % 90) + k * 5 AS day, (10 + k % 7)::float8 AS amount
FROM clv_customers AS c, generate_series(0, c.x) AS k WHERE c.customer <= 2000;
ANALYZE clv_customers;
ANALYZE clv_orders;

SET LOCAL max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS SELECT
    (SELECT ecom.bgnbd_fit(x, t_x, t_cal) FROM clv_customers) AS bgnbd,
    (SELECT ecom.pareto_nbd_fit(x, t_x, t_cal) FROM clv_customers WHERE customer <= 3000) AS pareto_nbd,
    (SELECT ecom.gamma_gamma_fit(x, mean_spend) FROM clv_customers) AS spend,
    (SELECT array_agg(s ORDER BY customer) FROM (SELECT customer, ecom.clv_summary(day, amount, '2020-06-30', 7) AS s
                                                FROM clv_orders GROUP BY customer) AS g) AS summaries;

SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SELECT matches(pg_temp.plan_of('SELECT ecom.bgnbd_fit(x, t_x, t_cal) FROM clv_customers'), 'Partial Aggregate',
               'the BG/NBD fit really runs across parallel workers');
SELECT is((SELECT ecom.bgnbd_fit(x, t_x, t_cal) FROM clv_customers), (SELECT bgnbd FROM serial),
          'parallel BG/NBD fit is identical to the serial one');
SELECT is((SELECT ecom.pareto_nbd_fit(x, t_x, t_cal) FROM clv_customers WHERE customer <= 3000),
          (SELECT pareto_nbd FROM serial), 'parallel Pareto/NBD fit is identical to the serial one');
SELECT is((SELECT ecom.gamma_gamma_fit(x, mean_spend) FROM clv_customers), (SELECT spend FROM serial),
          'parallel Gamma-Gamma fit is identical to the serial one');
SELECT is((SELECT array_agg(s ORDER BY customer) FROM (SELECT customer, ecom.clv_summary(day, amount, '2020-06-30', 7) AS s
                                                      FROM clv_orders GROUP BY customer) AS g),
          (SELECT summaries FROM serial), 'parallel calibration summaries are identical to the serial ones');
SELECT ok((SELECT (bgnbd->>'converged')::boolean AND (spend->>'converged')::boolean FROM serial),
          'the fits on 30,000 simulated customers converge');
SELECT ok((SELECT abs((bgnbd->'params'->>'r')::float8 - 0.5) < 3 * (bgnbd->'std_errors'->>'r')::float8
              AND abs((bgnbd->'params'->>'b')::float8 - 3) < 3 * (bgnbd->'std_errors'->>'b')::float8 FROM serial),
          'BG/NBD estimates lie within 3 standard errors of the simulated truth');

SELECT throws_ok($$SELECT ecom.bgnbd_fit(x, t_x, t_cal) FROM clv_customers WHERE x = 0$$, '22023',
                 'all frequencies are zero', 'all-zero frequencies are an error');
SELECT throws_ok($$SELECT ecom.pareto_nbd_fit(x, t_x, t_cal) FROM clv_customers WHERE false$$, '22023',
                 'no customers to fit', 'no customers is an error');
SELECT throws_ok($$SELECT ecom.bgnbd_fit(x, t_x + 100, t_cal) FROM clv_customers$$, '22023', NULL,
                 't_x > T is an error, also in parallel workers');
SELECT throws_ok($$SELECT ecom.gamma_gamma_fit(x, -mean_spend) FROM clv_customers$$, '22023', NULL,
                 'negative spend is an error');
SELECT throws_ok($$SELECT ecom.clv(bgnbd, bgnbd, 1, 1, 2, 10) FROM serial$$, '22023', NULL,
                 'a purchase model is not a spend model');
SELECT throws_ok($$SELECT ecom.bgnbd_p_alive(jsonb_set(bgnbd, '{converged}', 'false'), 1, 1, 2) FROM serial$$,
                 '22023', 'the bgnbd model did not converge', 'a model that did not converge is refused');
SELECT throws_ok($$SELECT ecom.bgnbd_expected_purchases('{"model": "bgnbd", "params": {"r": 1}}', 1)$$, '22023', NULL,
                 'a model without all its parameters is refused');

SELECT * FROM finish();
ROLLBACK;
