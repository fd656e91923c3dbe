-- Invariants of ecom.generate_demo_data: purchases match orders, references are consistent in clean
-- data, and two calls with the same seed in separate transactions stage the same rows. The rows it
-- stages are deleted at the end (by batch), so other suites see the staging tables as they were.
\set QUIET 1
CREATE TEMP TABLE demo_runs (run int, batch_id bigint, table_name text, rows bigint);
CREATE TEMP TABLE demo_prints (run int, table_name text, print text);

-- Run 1 and run 2: same arguments, each in its own transaction.
BEGIN;
INSERT INTO demo_runs SELECT 1, ecom.current_batch_id(), * FROM ecom.generate_demo_data(400, 60, '2024-10-15', 17, 0.0);
INSERT INTO demo_prints
SELECT 1, 'orders', md5(string_agg(concat_ws('|', order_id, customer_id, status, created_at, paid_at, fulfilled_at,
       delivered_at, cancelled_at, discount, shipping, tax, campaign_id, ship_country, ingested_at), ',' ORDER BY stg_id))
FROM ecom.stg_orders WHERE batch_id = ecom.current_batch_id()
UNION ALL
SELECT 1, 'events', md5(string_agg(concat_ws('|', event_id, session_id, customer_id, event_ts, event_type, sku,
       campaign_id, order_id, ingested_at), ',' ORDER BY stg_id))
FROM ecom.stg_events WHERE batch_id = ecom.current_batch_id();
COMMIT;
BEGIN;
INSERT INTO demo_runs SELECT 2, ecom.current_batch_id(), * FROM ecom.generate_demo_data(400, 60, '2024-10-15', 17, 0.0);
INSERT INTO demo_prints
SELECT 2, 'orders', md5(string_agg(concat_ws('|', order_id, customer_id, status, created_at, paid_at, fulfilled_at,
       delivered_at, cancelled_at, discount, shipping, tax, campaign_id, ship_country, ingested_at), ',' ORDER BY stg_id))
FROM ecom.stg_orders WHERE batch_id = ecom.current_batch_id()
UNION ALL
SELECT 2, 'events', md5(string_agg(concat_ws('|', event_id, session_id, customer_id, event_ts, event_type, sku,
       campaign_id, order_id, ingested_at), ',' ORDER BY stg_id))
FROM ecom.stg_events WHERE batch_id = ecom.current_batch_id();
COMMIT;

-- The rows of run 1, per table.
CREATE TEMP VIEW run_orders AS SELECT * FROM ecom.stg_orders WHERE batch_id = (SELECT min(batch_id) FROM demo_runs WHERE run = 1);
CREATE TEMP VIEW run_items AS SELECT * FROM ecom.stg_order_items WHERE batch_id = (SELECT min(batch_id) FROM demo_runs WHERE run = 1);
CREATE TEMP VIEW run_returns AS SELECT * FROM ecom.stg_returns WHERE batch_id = (SELECT min(batch_id) FROM demo_runs WHERE run = 1);
CREATE TEMP VIEW run_events AS SELECT * FROM ecom.stg_events WHERE batch_id = (SELECT min(batch_id) FROM demo_runs WHERE run = 1);
CREATE TEMP VIEW run_customers AS SELECT * FROM ecom.stg_customers WHERE batch_id = (SELECT min(batch_id) FROM demo_runs WHERE run = 1);
CREATE TEMP VIEW run_products AS SELECT * FROM ecom.stg_products WHERE batch_id = (SELECT min(batch_id) FROM demo_runs WHERE run = 1);
CREATE TEMP VIEW run_campaigns AS SELECT * FROM ecom.stg_campaigns WHERE batch_id = (SELECT min(batch_id) FROM demo_runs WHERE run = 1);
CREATE TEMP VIEW run_inventory AS SELECT * FROM ecom.stg_inventory WHERE batch_id = (SELECT min(batch_id) FROM demo_runs WHERE run = 1);

BEGIN;
SELECT plan(16);

SELECT results_eq(
    $$SELECT table_name, rows FROM demo_runs WHERE run = 1 ORDER BY table_name$$,
    $$SELECT table_name, rows FROM demo_runs WHERE run = 2 ORDER BY table_name$$,
    'two calls with the same seed in separate transactions stage the same number of rows per table');
SELECT results_eq(
    $$SELECT table_name, print FROM demo_prints WHERE run = 1 ORDER BY table_name$$,
    $$SELECT table_name, print FROM demo_prints WHERE run = 2 ORDER BY table_name$$,
    'and the same orders and events, ingestion times included');
SELECT results_eq(
    $$SELECT table_name, rows FROM demo_runs WHERE run = 1 ORDER BY table_name$$,
    $$SELECT 'stg_campaigns', count(*) FROM run_campaigns UNION ALL SELECT 'stg_customers', count(*) FROM run_customers
      UNION ALL SELECT 'stg_events', count(*) FROM run_events UNION ALL SELECT 'stg_inventory', count(*) FROM run_inventory
      UNION ALL SELECT 'stg_order_items', count(*) FROM run_items UNION ALL SELECT 'stg_orders', count(*) FROM run_orders
      UNION ALL SELECT 'stg_products', count(*) FROM run_products UNION ALL SELECT 'stg_returns', count(*) FROM run_returns
      ORDER BY 1$$,
    'the returned counts are the rows staged');

SELECT is_empty($$
    SELECT e.event_id FROM run_events AS e
    WHERE e.event_type = 'purchase'
      AND NOT EXISTS (SELECT FROM run_orders AS o WHERE o.order_id = e.order_id AND o.created_at = e.event_ts)
$$, 'each purchase event has its order, at the order''s creation time');
SELECT is_empty($$
    SELECT o.order_id FROM run_orders AS o
    WHERE (SELECT count(*) FROM run_events AS e WHERE e.event_type = 'purchase' AND e.order_id = o.order_id) <> 1
$$, 'each order has exactly one purchase event');
SELECT is_empty($$
    SELECT order_id FROM run_orders GROUP BY order_id HAVING count(*) > 1
$$, 'clean data has one row per order');
SELECT is_empty($$
    SELECT o.order_id FROM run_orders AS o WHERE NOT EXISTS (SELECT FROM run_customers AS c WHERE c.customer_id = o.customer_id)
$$, 'every order references a staged customer');
SELECT is_empty($$
    SELECT o.order_id FROM run_orders AS o WHERE NOT EXISTS (SELECT FROM run_items AS i WHERE i.order_id = o.order_id)
$$, 'every order has lines');
SELECT is_empty($$
    SELECT i.order_id FROM run_items AS i WHERE NOT EXISTS (SELECT FROM run_orders AS o WHERE o.order_id = i.order_id)
       OR NOT EXISTS (SELECT FROM run_products AS p WHERE p.sku = i.sku)
$$, 'every order line references a staged order and product');
SELECT is_empty($$
    SELECT r.return_id FROM run_returns AS r
    LEFT JOIN run_items AS i ON i.order_id = r.order_id AND i.sku = r.sku
    LEFT JOIN run_orders AS o ON o.order_id = r.order_id
    WHERE i.order_id IS NULL OR r.quantity::int > i.quantity::int
       OR o.delivered_at IS NULL OR r.returned_at::timestamptz <= o.delivered_at::timestamptz
$$, 'every return is of a delivered order line, after delivery, for at most the quantity bought');
SELECT is_empty($$
    SELECT e.event_id FROM run_events AS e
    WHERE (e.customer_id IS NOT NULL AND NOT EXISTS (SELECT FROM run_customers AS c WHERE c.customer_id = e.customer_id))
       OR (e.sku IS NOT NULL AND NOT EXISTS (SELECT FROM run_products AS p WHERE p.sku = e.sku))
       OR (e.campaign_id IS NOT NULL AND NOT EXISTS (SELECT FROM run_campaigns AS c WHERE c.campaign_id = e.campaign_id))
$$, 'every event references staged customers, products and campaigns');
SELECT is_empty($$
    SELECT o.order_id FROM run_orders AS o
    WHERE (o.campaign_id IS NOT NULL AND NOT EXISTS (SELECT FROM run_campaigns AS c WHERE c.campaign_id = o.campaign_id))
       OR ((o.campaign_id IS NULL) <> (o.discount::numeric = 0))
$$, 'orders carry a discount exactly when a staged campaign is attributed');
SELECT is_empty($$
    SELECT i.sku FROM run_inventory AS i WHERE NOT EXISTS (SELECT FROM run_products AS p WHERE p.sku = i.sku)
       OR i.on_hand::int < 0 OR i.allocated::int > i.on_hand::int
$$, 'inventory snapshots are of staged products, with 0 <= allocated <= on_hand');
SELECT cmp_ok((SELECT count(DISTINCT sku) FROM run_inventory
               WHERE snapshot_date = (SELECT max(snapshot_date) FROM run_inventory)
                 AND on_hand::int < reorder_point::int), '>=', 3::bigint,
              'several SKUs end the period below their reorder point');
SELECT is_empty($$
    SELECT order_id FROM run_orders
    WHERE status <> CASE WHEN cancelled_at IS NOT NULL THEN 'cancelled' WHEN delivered_at IS NOT NULL THEN 'delivered'
                         WHEN fulfilled_at IS NOT NULL THEN 'fulfilled' WHEN paid_at IS NOT NULL THEN 'paid' ELSE 'created' END
       OR greatest(created_at, paid_at, fulfilled_at, delivered_at, cancelled_at)::timestamptz >= '2024-12-14'
       OR ingested_at <= greatest(created_at, paid_at, fulfilled_at, delivered_at, cancelled_at)::timestamptz
$$, 'order statuses follow their timestamps as of the end of the period and land after the last of them');
SELECT is((SELECT count(*) FROM run_products WHERE price::numeric <= cost::numeric), 0::bigint,
          'every product version sells above cost');

SELECT * FROM finish();
ROLLBACK;

-- Leave the staging tables as they were.
DELETE FROM ecom.stg_campaigns WHERE batch_id IN (SELECT batch_id FROM demo_runs);
DELETE FROM ecom.stg_products WHERE batch_id IN (SELECT batch_id FROM demo_runs);
DELETE FROM ecom.stg_customers WHERE batch_id IN (SELECT batch_id FROM demo_runs);
DELETE FROM ecom.stg_orders WHERE batch_id IN (SELECT batch_id FROM demo_runs);
DELETE FROM ecom.stg_order_items WHERE batch_id IN (SELECT batch_id FROM demo_runs);
DELETE FROM ecom.stg_returns WHERE batch_id IN (SELECT batch_id FROM demo_runs);
DELETE FROM ecom.stg_events WHERE batch_id IN (SELECT batch_id FROM demo_runs);
DELETE FROM ecom.stg_inventory WHERE batch_id IN (SELECT batch_id FROM demo_runs);
