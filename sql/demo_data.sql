-- ecom.generate_demo_data(customers, days, start_date, seed, dirty_fraction): a simulated shop streamed
-- into the eight staging tables. Everything runs inside transactions that are rolled back, and the
-- identity sequences are put back afterwards, so later tests see empty staging tables.
CREATE TEMP TABLE demo_sequences AS
SELECT format('%I.%I', schemaname, sequencename)::regclass AS sequence, last_value
FROM pg_sequences WHERE schemaname = 'ecom' AND sequencename LIKE 'stg\_%';
SET TIME ZONE 'UTC';
SET DateStyle = 'ISO';

BEGIN;
-- A thousand customers from November to mid-December 2024 (Black Friday included), clean data.
SELECT * FROM ecom.generate_demo_data(1000, 45, '2024-11-01', 7, 0.0);

-- A sample of each table (business columns as text, exactly as a feed would deliver them).
SELECT campaign_id, campaign_name, channel, start_date, end_date, spend, currency, ingested_at
FROM ecom.stg_campaigns ORDER BY stg_id LIMIT 4;
SELECT sku, product_name, category, brand, price, cost, active, updated_at
FROM ecom.stg_products ORDER BY stg_id LIMIT 4;
SELECT customer_id, email, full_name, country, region, city, segment, signup_at
FROM ecom.stg_customers ORDER BY stg_id LIMIT 4;
SELECT order_id, customer_id, status, created_at, paid_at, delivered_at, discount, shipping, tax, campaign_id, ship_country
FROM ecom.stg_orders ORDER BY stg_id LIMIT 4;
SELECT order_id, line_number, sku, quantity, unit_price, ingested_at FROM ecom.stg_order_items ORDER BY stg_id LIMIT 4;
SELECT return_id, order_id, sku, quantity, amount, returned_at, reason FROM ecom.stg_returns ORDER BY stg_id LIMIT 3;
SELECT event_id, session_id, customer_id, event_ts, event_type, sku, campaign_id, order_id
FROM ecom.stg_events ORDER BY stg_id LIMIT 8;
SELECT sku, snapshot_date, on_hand, allocated, reorder_point FROM ecom.stg_inventory ORDER BY stg_id LIMIT 3;

-- Every row is marked as demo data and staged in this transaction's batch.
SELECT count(*) FILTER (WHERE source <> 'demo' OR batch_id <> ecom.current_batch_id()) AS foreign_rows
FROM ecom.stg_events;

-- The order flow as of the end of the period, and Black Friday's peak.
SELECT status, count(*) FROM ecom.stg_orders GROUP BY status ORDER BY status;
SELECT created_at::timestamptz::date AS day, count(*) AS orders
FROM ecom.stg_orders WHERE created_at::timestamptz::date BETWEEN '2024-11-26' AND '2024-12-03'
GROUP BY 1 ORDER BY 1;

-- Deterministic: the same seed gives the same rows.
SELECT md5(string_agg(concat_ws('|', order_id, status, created_at, discount, ingested_at), ',' ORDER BY stg_id)) AS first_run
FROM ecom.stg_orders \gset
TRUNCATE ecom.stg_campaigns, ecom.stg_products, ecom.stg_customers, ecom.stg_orders, ecom.stg_order_items,
         ecom.stg_returns, ecom.stg_events, ecom.stg_inventory;
SELECT rows FROM ecom.generate_demo_data(1000, 45, '2024-11-01', 7, 0.0) WHERE table_name = 'stg_orders';
SELECT md5(string_agg(concat_ws('|', order_id, status, created_at, discount, ingested_at), ',' ORDER BY stg_id)) = :'first_run'
       AS same_rows
FROM ecom.stg_orders;
ROLLBACK;

-- Dirty data: 10% of the rows carry the faults real feeds have (duplicates and re-sent orders add rows).
BEGIN;
SELECT * FROM ecom.generate_demo_data(1000, 45, '2024-11-01', 7, 0.1);
SELECT count(*) - count(DISTINCT order_id) AS extra_versions,
       count(*) FILTER (WHERE customer_id IS NULL OR created_at IS NULL) AS missing_values,
       count(*) FILTER (WHERE created_at LIKE '21%') AS future_years,
       count(*) FILTER (WHERE customer_id LIKE 'C9%') AS unknown_customers
FROM ecom.stg_orders;
SELECT count(*) FILTER (WHERE quantity LIKE '-%') AS negative_quantities,
       count(*) FILTER (WHERE unit_price !~ '^[0-9]+\.[0-9]{2}$') AS malformed_prices,
       count(*) FILTER (WHERE sku LIKE 'SKU-9%') AS unknown_skus
FROM ecom.stg_order_items;
ROLLBACK;

-- Bad arguments: SQLSTATE 22023 and a hint naming the argument.
\set VERBOSITY default
SELECT * FROM ecom.generate_demo_data(-5, 30, '2024-01-01', 1, 0.0);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM ecom.generate_demo_data(0, 30, '2024-01-01', 1, 0.0);
SELECT * FROM ecom.generate_demo_data(100, 0, '2024-01-01', 1, 0.0);
SELECT * FROM ecom.generate_demo_data(100, -1, '2024-01-01', 1, 0.0);
SELECT * FROM ecom.generate_demo_data(100, 30, 'infinity', 1, 0.0);
SELECT * FROM ecom.generate_demo_data(100, 30, '1850-01-01', 1, 0.0);
SELECT * FROM ecom.generate_demo_data(100, 30, '2024-01-01', 1, 1.5);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM ecom.generate_demo_data(100, 30, '2024-01-01', 1, -0.1);
SELECT * FROM ecom.generate_demo_data(100, 30, '2024-01-01', 1, 'NaN');
SELECT * FROM ecom.generate_demo_data(NULL, 30, '2024-01-01', 1, 0.0);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM ecom.generate_demo_data(100, NULL, '2024-01-01', 1, 0.0);
SELECT * FROM ecom.generate_demo_data(100, 30, NULL, 1, 0.0);
SELECT * FROM ecom.generate_demo_data(100, 30, '2024-01-01', NULL, 0.0);
SELECT * FROM ecom.generate_demo_data(100, 30, '2024-01-01', 1, NULL);

-- Nothing is half-written: a failure while loading the seventh table (here a check constraint that
-- refuses purchase events) undoes the six tables already loaded by the same statement.
BEGIN;
ALTER TABLE ecom.stg_events ADD CONSTRAINT regress_no_purchases CHECK (event_type <> 'purchase');
SAVEPOINT before_load;
\set VERBOSITY terse
SELECT * FROM ecom.generate_demo_data(50, 10, '2024-01-01', 1, 0.0);
\set VERBOSITY default
ROLLBACK TO SAVEPOINT before_load;
SELECT (SELECT count(*) FROM ecom.stg_campaigns) + (SELECT count(*) FROM ecom.stg_products)
     + (SELECT count(*) FROM ecom.stg_customers) + (SELECT count(*) FROM ecom.stg_orders)
     + (SELECT count(*) FROM ecom.stg_order_items) + (SELECT count(*) FROM ecom.stg_returns) AS rows_left;
ROLLBACK;

-- It writes like COPY FROM: INSERT privilege is required, row-level security is refused, and a
-- read-only transaction is refused.
BEGIN;
CREATE ROLE regress_demo_user;
GRANT USAGE ON SCHEMA ecom TO regress_demo_user;
SAVEPOINT no_privilege;
SET ROLE regress_demo_user;
SELECT * FROM ecom.generate_demo_data(10, 5, '2024-01-01', 1, 0.0);
ROLLBACK TO SAVEPOINT no_privilege;
GRANT INSERT ON ALL TABLES IN SCHEMA ecom TO regress_demo_user;
ALTER TABLE ecom.stg_campaigns ENABLE ROW LEVEL SECURITY;
SET ROLE regress_demo_user;
SELECT * FROM ecom.generate_demo_data(10, 5, '2024-01-01', 1, 0.0);
ROLLBACK;
BEGIN READ ONLY;
SELECT * FROM ecom.generate_demo_data(10, 5, '2024-01-01', 1, 0.0);
ROLLBACK;

-- Put the identity sequences back as they were.
SELECT count(setval(sequence, coalesce(last_value, 1), last_value IS NOT NULL)) AS sequences_restored FROM demo_sequences;
