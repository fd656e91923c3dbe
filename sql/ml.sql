-- k-means segmentation and logistic regression on plain tables; stored models; the scoring views.
SET extra_float_digits = 0;

-- Points around three centres (deterministic jitter).
CREATE TEMP TABLE points AS
SELECT i, ARRAY[cx + 0.3 * sin(7.1 * i), cy + 0.3 * cos(3.7 * i)] AS features
FROM generate_series(1, 60) AS i,
     LATERAL (SELECT (ARRAY[0, 5, 0])[i % 3 + 1]::float8 AS cx, (ARRAY[0, 0, 5])[i % 3 + 1]::float8 AS cy) AS c;

-- k-means with k = 3 and seed 1: the model is jsonb (centres, sizes, inertia, silhouette, ...).
CREATE TEMP TABLE km AS SELECT ecom.kmeans_fit(features, 3, 1) AS model FROM points;
SELECT model ->> 'k' AS k, model -> 'sizes' AS sizes, round((model ->> 'inertia')::numeric, 4) AS inertia,
       round((model ->> 'silhouette')::numeric, 4) AS silhouette, model ->> 'converged' AS converged,
       model ->> 'rows' AS rows
FROM km;
-- A single fit leaves the silhouette out (n^2 distances); kmeans_fit_best over the one k computes it.
SELECT round((model ->> 'silhouette')::numeric, 4) AS silhouette, model ->> 'silhouette_rows' AS silhouette_rows,
       model - 'silhouette' - 'silhouette_rows' - 'silhouette_by_k' = (SELECT km.model - 'silhouette' - 'silhouette_rows' FROM km) AS same_model
FROM (SELECT ecom.kmeans_fit_best(features, 3, 3, 1) AS model FROM points) AS q;
-- Centres, rounded.
SELECT c - 1 AS cluster, round((model -> 'centres' -> (c - 1) ->> 0)::numeric, 3) AS x,
       round((model -> 'centres' -> (c - 1) ->> 1)::numeric, 3) AS y
FROM km, generate_series(1, 3) AS c ORDER BY 1;
-- New rows go to the nearest centre (0-based cluster numbers, as in model->'centres'->i).
SELECT p, ecom.kmeans_assign(km.model, p) = ecom.kmeans_assign(km.model, ARRAY[round(p[1]), round(p[2])]) AS same
FROM km, (VALUES (ARRAY[0.2, 0.1]), (ARRAY[4.8, -0.2]), (ARRAY[0.1, 5.3])) AS v(p);
-- Every training row is in the cluster of its centre: the partition has three groups of 20.
SELECT ecom.kmeans_assign(km.model, features) AS cluster, count(*) FROM km, points GROUP BY 1 ORDER BY 1;
-- The same seed gives the same model.
SELECT (SELECT ecom.kmeans_fit(features, 3, 1) FROM points) = (SELECT model FROM km) AS deterministic;

-- k chosen by silhouette over 2..5.
SELECT model ->> 'k' AS best_k,
       (SELECT jsonb_object_agg(key, round(value::numeric, 3)) FROM jsonb_each_text(model -> 'silhouette_by_k')) AS silhouettes
FROM (SELECT ecom.kmeans_fit_best(features, 2, 5, 1) AS model FROM points) AS q;

-- Logistic regression: churned (1) or not, against two features; labels drawn with a fixed seed.
SELECT setseed(0.3);
CREATE TEMP TABLE customers AS
SELECT i, ARRAY[x1, x2] AS features,
       (random() < 1 / (1 + exp(-(-0.5 + 1.2 * x1 - 0.8 * x2))))::int AS churned
FROM generate_series(1, 400) AS i,
     LATERAL (SELECT sin(0.37 * i) * 2 AS x1, cos(0.11 * i) * 1.5 AS x2) AS f;
CREATE TEMP TABLE lr AS SELECT ecom.logreg_fit(churned, features) AS model FROM customers;
SELECT (SELECT array_agg(round(c::numeric, 4)) FROM jsonb_array_elements_text(model -> 'coefficients') AS c) AS coefficients,
       (SELECT array_agg(round(c::numeric, 4)) FROM jsonb_array_elements_text(model -> 'std_errors') AS c) AS std_errors,
       round((model ->> 'log_likelihood')::numeric, 4) AS log_likelihood, round((model ->> 'auc')::numeric, 4) AS auc,
       model ->> 'converged' AS converged, model ->> 'status' AS status, model ->> 'rows' AS rows
FROM lr;
-- Predicted probabilities for new rows.
SELECT p, round(ecom.logreg_predict(lr.model, p)::numeric, 4) AS probability
FROM lr, (VALUES (ARRAY[0.0, 0.0]), (ARRAY[2.0, -1.0]), (ARRAY[-2.0, 1.0])) AS v(p);
-- A boolean label and an L2 penalty shrink the slopes (the intercept is not penalized).
SELECT (SELECT array_agg(round(c::numeric, 4)) FROM jsonb_array_elements_text(model -> 'coefficients') AS c) AS coefficients
FROM (SELECT ecom.logreg_fit(churned = 1, features, 50) AS model FROM customers) AS q;

-- Perfectly separated classes: no maximum likelihood estimate; the model says so and cannot score.
CREATE TEMP TABLE separated AS
SELECT ecom.logreg_fit((x > 2)::int, ARRAY[x::float8]) AS model FROM generate_series(1, 4) AS x;
SELECT model ->> 'converged' AS converged, model ->> 'status' AS status FROM separated;
SELECT ecom.logreg_predict(model, ARRAY[1.0]) FROM separated;
-- ... unless penalized.
SELECT ecom.logreg_fit((x > 2)::int, ARRAY[x::float8], 1.0) ->> 'status' AS status FROM generate_series(1, 4) AS x;

-- Bad input.
SELECT ecom.kmeans_fit(features, 1) FROM points;
SELECT ecom.kmeans_fit(features, 61) FROM points;
SELECT ecom.kmeans_fit(features, 2) FROM points WHERE false;
SELECT ecom.kmeans_fit(f, 2) FROM (VALUES (ARRAY[1.0, 2.0]), (ARRAY[1.0]), (ARRAY[3.0, 1.0])) AS v(f);
SELECT ecom.kmeans_fit(f, 2) FROM (VALUES (ARRAY[1.0]), (ARRAY['NaN'::float8]), (ARRAY[3.0])) AS v(f);
SELECT ecom.kmeans_fit(f, 2) FROM (VALUES (ARRAY[1.0]), (ARRAY[NULL::float8]), (ARRAY[3.0])) AS v(f);
SELECT ecom.kmeans_fit_best(features, 4, 3) FROM points;
SELECT ecom.kmeans_assign(model, ARRAY[1.0]) FROM km;
SELECT ecom.kmeans_assign('{"model": "logreg"}', ARRAY[1.0]);
SELECT ecom.logreg_fit(y, ARRAY[x::float8]) FROM (VALUES (0, 1), (2, 2), (1, 3)) AS v(y, x);
SELECT ecom.logreg_fit(1, ARRAY[x::float8]) FROM generate_series(1, 3) AS x;
SELECT ecom.logreg_fit(x % 2, ARRAY[x::float8, 2 * x]) FROM generate_series(1, 6) AS x;
SELECT ecom.logreg_fit(x % 2, ARRAY[x::float8], -1) FROM generate_series(1, 6) AS x;
SELECT ecom.logreg_predict(model, ARRAY[1.0, 2.0, 3.0]) FROM lr;

-- Stored models: the latest by name is the current one.
BEGIN;
SELECT ecom.store_model('example', model) > 0 AS stored FROM km;
SELECT ecom.store_model('example', model) > 0 AS stored FROM lr;
SELECT name, kind FROM ecom.models WHERE name = 'example' ORDER BY model_id;
SELECT ecom.latest_model('example') ->> 'model' AS latest_kind, ecom.latest_model('nothing') IS NULL AS none;
ROLLBACK;

-- The churn window: 90 days unless ecom.churn_days is set.
SELECT ecom.churn_days();
SET ecom.churn_days = 60;
SELECT ecom.churn_days();
SET ecom.churn_days = 'soon';
SELECT ecom.churn_days();
RESET ecom.churn_days;

-- The scoring views on a small example warehouse (rolled back): 300 customers over 2024.
BEGIN;
SET LOCAL client_min_messages = warning;
TRUNCATE ecom.fct_revenue_daily, ecom.fct_order_items, ecom.fct_orders, ecom.models CASCADE;
SELECT setseed(0.25);
CREATE TEMP TABLE shoppers ON COMMIT DROP AS
SELECT c, (random() * 150)::int AS first_day, 0.004 + random() * 0.04 AS rate,
       (-ln(1 - random()) * 250)::int AS lifetime, 20 + random() * 80 AS basket
FROM generate_series(1, 300) AS c;
INSERT INTO ecom.dim_customer (customer_id) SELECT 'ml-' || c FROM shoppers;
INSERT INTO ecom.fct_orders (order_id, customer_key, order_date, status, created_at, gross, source_ingested_at, source_stg_id)
SELECT 'ml-' || s.c || '-' || d, k.customer_key, DATE '2024-01-01' + d, 'delivered', DATE '2024-01-01' + d,
       round((s.basket * (0.5 + random()))::numeric, 2), now(), 0
FROM shoppers AS s JOIN ecom.dim_customer AS k ON k.customer_id = 'ml-' || s.c,
     generate_series(0, 365) AS d
WHERE d = s.first_day OR (d > s.first_day AND d < s.first_day + s.lifetime AND random() < s.rate);

SELECT ecom.warehouse_as_of(), count(*) AS customers, sum(orders) AS orders FROM ecom.customer_features(ecom.warehouse_as_of());
-- Empty until trained.
SELECT (SELECT count(*) FROM ecom.clv_predictions) AS clv, (SELECT count(*) FROM ecom.customer_segments) AS segments,
       (SELECT count(*) FROM ecom.churn_risk) AS churn;

SELECT m -> 'clv_purchase' ->> 'converged' AS purchase_converged, m -> 'clv_spend' ->> 'converged' AS spend_converged
FROM ecom.train_clv_models() AS m;
SELECT count(*) AS customers, round(avg(p_alive)::numeric, 3) AS mean_p_alive,
       round(sum(expected_orders_90d)::numeric, 1) AS orders_90d, round(sum(expected_orders_365d)::numeric, 1) AS orders_365d,
       round(avg(expected_spend)::numeric, 2) AS mean_expected_spend, round(sum(clv_12m)::numeric, 0) AS total_clv
FROM ecom.clv_predictions;
SELECT bool_and(p_alive BETWEEN 0 AND 1 AND expected_orders_90d <= expected_orders_365d AND clv_12m >= 0) AS sane
FROM ecom.clv_predictions;

SELECT m ->> 'k' AS k, m ->> 'converged' AS converged FROM ecom.train_customer_segments(2, 5, 1) AS m;
SELECT segment, segment_customers, round(segment_avg_recency_days::numeric, 1) AS avg_recency,
       round(segment_avg_orders::numeric, 2) AS avg_orders, round(segment_avg_net_total::numeric, 2) AS avg_net
FROM ecom.customer_segments GROUP BY 1, 2, 3, 4, 5 ORDER BY 1;

SELECT m ->> 'converged' AS converged, m ->> 'churn_days' AS churn_days, m ->> 'rows' AS rows,
       round((m ->> 'auc')::numeric, 3) AS auc
FROM ecom.train_churn_model() AS m;
SELECT count(*) AS customers, round(avg(churn_probability)::numeric, 3) AS mean_probability,
       round(corr(churn_probability, recency_days)::numeric, 3) AS corr_with_recency
FROM ecom.churn_risk;
SELECT count(*) AS stored_models FROM ecom.models;
ROLLBACK;
