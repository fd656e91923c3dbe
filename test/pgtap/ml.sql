-- Invariants of the ML aggregates: parallel plans give the serial result bit for bit, bad input is ERROR 22023.
BEGIN;
SELECT plan(10);

-- The text of a query's plan.
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE line text; plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN ' || query LOOP plan := plan || line || E'\n'; END LOOP;
    RETURN plan;
END $$;

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
SELECT is((SELECT ecom.logreg_fit(label, features) FROM ml_rows), (SELECT logit FROM serial),
          'parallel logistic regression is identical to the serial one');
SELECT is((SELECT ecom.logreg_fit(label = 1, features, 10) FROM ml_rows), (SELECT ridge FROM serial),
          'parallel penalized logistic regression is identical to the serial one');
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
