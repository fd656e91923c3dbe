-- Invariants of the ML aggregates: parallel plans give the serial result (k-means bit for bit, logistic
-- regression up to rounding), bad input is ERROR 22023.
BEGIN;
SELECT plan(10);

-- The text of a query's plan.
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE line text; plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN ' || query LOOP plan := plan || line || E'\n'; END LOOP;
    RETURN plan;
END $$;

-- The largest difference between two elements of the numeric arrays a->key and b->key, relative to the
-- largest magnitude in a->key.
CREATE FUNCTION pg_temp.array_difference(a jsonb, b jsonb, key text) RETURNS float8 LANGUAGE sql AS $$
    SELECT max(abs(x.v::float8 - y.v::float8)) / max(abs(x.v::float8))
    FROM jsonb_array_elements_text(a -> key) WITH ORDINALITY AS x(v, i)
    JOIN jsonb_array_elements_text(b -> key) WITH ORDINALITY AS y(v, i) USING (i)
$$;

-- Two logistic models agree: coefficients, standard errors, log-likelihood and AUC to 1e-12 relative (a
-- parallel plan sums Newton's terms in another row order), everything else exactly.
CREATE FUNCTION pg_temp.same_logreg(a jsonb, b jsonb) RETURNS boolean LANGUAGE sql AS $$
    SELECT pg_temp.array_difference(a, b, 'coefficients') < 1e-12
       AND pg_temp.array_difference(a, b, 'std_errors') < 1e-12
       AND abs((a ->> 'log_likelihood')::float8 - (b ->> 'log_likelihood')::float8)
           < 1e-12 * abs((a ->> 'log_likelihood')::float8)
       AND abs((a ->> 'auc')::float8 - (b ->> 'auc')::float8) < 1e-12
       AND a - '{coefficients, std_errors, log_likelihood, auc}'::text[] = b - '{coefficients, std_errors, log_likelihood, auc}'::text[]
$$;

-- Large enough for a real parallel plan (not TEMP: workers cannot read temporary tables).
SELECT setseed(0.125);
CREATE TABLE ml_rows AS
SELECT i, ARRAY[(i % 4) * 3 + random(), (i % 2) * 3 + random(), random()] AS features,
       (random() < 0.3 + 0.1 * (i % 4))::int AS label
FROM generate_series(1, 40000) AS i;
ANALYZE ml_rows;

SET LOCAL max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS SELECT
    (SELECT ecom.kmeans_fit(features, 4, 3) FROM ml_rows) AS kmeans,
    (SELECT ecom.kmeans_fit_best(features, 2, 4, 3) FROM ml_rows WHERE i <= 12000) AS best,
    (SELECT ecom.logreg_fit(label, features) FROM ml_rows) AS logit,
    (SELECT ecom.logreg_fit(label = 1, features, 10) FROM ml_rows) AS ridge;

SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SELECT matches(pg_temp.plan_of('SELECT ecom.kmeans_fit(features, 4, 3) FROM ml_rows'), 'Partial Aggregate',
               'the k-means fit really runs across parallel workers');
SELECT is((SELECT ecom.kmeans_fit(features, 4, 3) FROM ml_rows), (SELECT kmeans FROM serial),
          'parallel k-means is identical to the serial one');
SELECT is((SELECT ecom.kmeans_fit_best(features, 2, 4, 3) FROM ml_rows WHERE i <= 12000), (SELECT best FROM serial),
          'parallel k-means with k by silhouette is identical to the serial one');
SELECT ok(pg_temp.same_logreg((SELECT ecom.logreg_fit(label, features) FROM ml_rows), (SELECT logit FROM serial)),
          'parallel logistic regression equals the serial one up to rounding (1e-12 relative)');
SELECT ok(pg_temp.same_logreg((SELECT ecom.logreg_fit(label = 1, features, 10) FROM ml_rows), (SELECT ridge FROM serial)),
          'parallel penalized logistic regression equals the serial one up to rounding (1e-12 relative)');
SELECT ok((SELECT (kmeans->>'converged')::boolean AND (logit->>'converged')::boolean FROM serial),
          'the fits on 40,000 rows converge');
SELECT is((SELECT (best->>'k')::int FROM serial), 4, 'the silhouette picks the 4 clusters the data was made of');

SELECT throws_ok($$SELECT ecom.kmeans_fit(CASE WHEN i = 39999 THEN ARRAY[1.0::float8] ELSE features END, 4) FROM ml_rows$$,
                 '22023', NULL, 'feature arrays of different lengths are an error, also in parallel workers');
SELECT throws_ok($$SELECT ecom.logreg_fit(label + 1, features) FROM ml_rows$$, '22023', 'labels must be 0 or 1',
                 'labels other than 0/1 are an error');
SELECT throws_ok($$SELECT ecom.kmeans_fit(features, 1) FROM ml_rows$$, '22023', NULL, 'k < 2 is an error');

SELECT * FROM finish();
ROLLBACK;
