-- The CLV models fitted in SQL to the CDNOW sample reproduce the published results (skipped when the
-- shared reference data is absent; scripts/test.sh passes its directory in ECOM_SHARED_DATA).
BEGIN;
\getenv shared_data ECOM_SHARED_DATA
\if :{?shared_data}
\else
\set shared_data ''
\endif
SELECT :'shared_data' || '/cdnow/CDNOW_sample.txt' AS cdnow_file \gset
SELECT :'shared_data' <> '' AND (pg_stat_file(:'cdnow_file', true)).size IS NOT NULL AS have_cdnow \gset
\if :have_cdnow
SELECT plan(6);

-- CDNOW_sample.txt: master_id, sample_id, yyyymmdd, number_of_cds, dollar_value; whitespace-separated, CRLF.
CREATE TEMP TABLE cdnow_lines (line text);
COPY cdnow_lines FROM :'cdnow_file';
CREATE TEMP TABLE cdnow AS
SELECT f[2]::int AS customer, to_date(f[3], 'YYYYMMDD') AS day, f[5]::float8 AS amount
FROM (SELECT regexp_split_to_array(btrim(line, E' \r'), '\s+') AS f FROM cdnow_lines) AS l;
CREATE TEMP TABLE summaries AS
SELECT customer, (s).* FROM (SELECT customer, ecom.clv_summary(day, amount, '1997-09-30', 7) AS s
                             FROM cdnow GROUP BY customer) AS g;
CREATE TEMP TABLE fitted AS SELECT
    (SELECT ecom.bgnbd_fit(x, t_x, t_cal) FROM summaries) AS bgnbd,
    (SELECT ecom.pareto_nbd_fit(x, t_x, t_cal) FROM summaries) AS pareto_nbd,
    (SELECT ecom.gamma_gamma_fit(x, mean_spend) FROM summaries) AS spend;

SELECT is((SELECT count(*) FROM summaries), 2357::bigint, '2,357 customers');
SELECT ok((SELECT abs((p->>'r')::float8 - 0.2426) < 1e-3 AND abs((p->>'alpha')::float8 - 4.4136) < 1e-3
              AND abs((p->>'a')::float8 - 0.7929) < 1e-3 AND abs((p->>'b')::float8 - 2.4259) < 1e-3
              AND abs((bgnbd->>'log_likelihood')::float8 + 9582.43) < 0.01
           FROM fitted, LATERAL (SELECT bgnbd->'params') AS q(p)),
          'BG/NBD: r = 0.2426, alpha = 4.4136, a = 0.7929, b = 2.4259, LL = -9582.43 (Fader, Hardie & Lee 2005)');
SELECT is((SELECT round(ecom.bgnbd_conditional_expected_purchases(bgnbd, 39, 2, 30.43, 38.86)::numeric, 3) FROM fitted),
          1.226, 'BG/NBD: 1.226 purchases in the next 39 weeks for x = 2, t_x = 30.43, T = 38.86');
SELECT ok((SELECT round((p->>'r')::numeric, 3) = 0.553 AND round((p->>'alpha')::numeric, 3) = 10.578
              AND round((p->>'s')::numeric, 3) = 0.606 AND round((p->>'beta')::numeric, 3) = 11.669
              AND round((pareto_nbd->>'log_likelihood')::numeric, 1) = -9595.0
           FROM fitted, LATERAL (SELECT pareto_nbd->'params') AS q(p)),
          'Pareto/NBD: r = 0.553, alpha = 10.578, s = 0.606, beta = 11.669, LL = -9595.0');
SELECT ok((SELECT round((p->>'p')::numeric, 2) = 6.25 AND round((p->>'q')::numeric, 2) = 3.74
              AND round((p->>'gamma')::numeric, 2) = 15.44 AND round((spend->>'log_likelihood')::numeric, 2) = -4055.92
              AND (spend->>'customers')::int = 946
           FROM fitted, LATERAL (SELECT spend->'params') AS q(p)),
          'Gamma-Gamma: p = 6.25, q = 3.74, gamma = 15.44, LL = -4055.92 on 946 repeat buyers');
SELECT ok((SELECT bool_and((m->>'converged')::boolean) FROM fitted, LATERAL (VALUES (bgnbd), (pareto_nbd), (spend)) AS v(m)),
          'all three fits converge');
\else
SELECT plan(1);
SELECT skip('CDNOW reference data not found: set ECOM_SHARED_DATA to the shared data directory', 1);
\endif

SELECT * FROM finish();
ROLLBACK;
