-- Invariants of ecom.run_etl(): conservation of rows, money identities, idempotence, re-staging,
-- and a failed run that leaves the warehouse exactly as it was.
BEGIN;
SELECT plan(31);

-- Stages `orders` synthetic orders (4 lines each), their customers and products, with a little dirt:
-- every 50th order has an unknown customer, every 40th line a zero quantity, every 7th order a return.
CREATE FUNCTION pg_temp.stage_sample(first_order int, orders int) RETURNS void LANGUAGE sql AS $$
    INSERT INTO ecom.stg_customers (customer_id, email, country, signup_at)
    SELECT 'C' || c, 'c' || c || '@example.com', (ARRAY['France', 'Spain', 'Italy'])[1 + c % 3], '2023-01-01'
    FROM generate_series(first_order, first_order + orders - 1) AS c WHERE c % 2 = 0;
    INSERT INTO ecom.stg_products (sku, product_name, category, price, cost, currency, updated_at)
    SELECT 'S' || p, 'Product ' || p, CASE WHEN p = 0 THEN 'non-merchandise' ELSE 'misc' END, (3 + p + v)::text, '1', 'EUR',
           (CASE v WHEN 0 THEN '2023-01-01' ELSE '2023-06-01' END)
    FROM generate_series(0, 30) AS p, generate_series(0, 1) AS v WHERE first_order = 1;
    INSERT INTO ecom.stg_orders (order_id, customer_id, status, created_at, delivered_at, discount, shipping, tax, currency)
    SELECT 'O' || o, CASE WHEN o % 50 = 0 THEN 'NOBODY' WHEN o % 2 = 0 THEN 'C' || o END,
           CASE WHEN o % 9 = 0 THEN 'cancelled' ELSE 'delivered' END,
           ('2023-03-01'::date + o % 200)::text, ('2023-03-04'::date + o % 200)::text, (o % 4)::text, '3.5', '1', 'EUR'
    FROM generate_series(first_order, first_order + orders - 1) AS o;
    INSERT INTO ecom.stg_order_items (order_id, line_number, sku, quantity, unit_price)
    SELECT 'O' || o, l::text, 'S' || ((o + l) % 31), CASE WHEN (o * 4 + l) % 40 = 0 THEN '0' ELSE (1 + l % 3)::text END,
           (3 + (o + l) % 31)::text
    FROM generate_series(first_order, first_order + orders - 1) AS o, generate_series(1, 4) AS l;
    INSERT INTO ecom.stg_returns (return_id, order_id, sku, quantity, amount, returned_at)
    SELECT 'R' || o, 'O' || o, 'S' || ((o + 1) % 31), '1', (3 + (o + 1) % 31)::text,
           ('2023-03-01'::date + o % 200 + o % 60)::text
    FROM generate_series(first_order, first_order + orders - 1) AS o WHERE o % 7 = 0;
$$;

-- A digest of every warehouse table and the watermarks: equal digests = identical warehouse.
CREATE FUNCTION pg_temp.warehouse_digest() RETURNS text LANGUAGE plpgsql AS $$
DECLARE t text; digest text := ''; part text;
BEGIN
    FOREACH t IN ARRAY ARRAY['dim_customer', 'dim_product', 'dim_campaign', 'dim_geography', 'fct_orders',
                             'fct_order_items', 'fct_returns', 'fct_inventory_daily', 'fct_events', 'fct_revenue_daily',
                             'fct_sku_sales_daily', 'fct_cohort_ltv', 'etl_watermarks', 'quarantine'] LOOP
        EXECUTE format('SELECT md5(coalesce(string_agg(x::text, ''|'' ORDER BY x::text), '''')) FROM ecom.%I AS x', t)
            INTO part;
        digest := digest || t || ':' || part || ' ';
    END LOOP;
    RETURN digest;
END $$;

-- Rows of runs where read differs from the sum of the five outcomes.
CREATE VIEW pg_temp.unbalanced AS
SELECT run_id, source_table FROM ecom.etl_run_stats
WHERE read <> inserted + updated + unchanged + deduplicated + quarantined;

-- Fact totals that must not move when nothing new arrives.
CREATE FUNCTION pg_temp.totals() RETURNS text LANGUAGE sql AS $$
    SELECT format('%s %s %s %s %s %s', (SELECT count(*) FROM ecom.fct_orders), (SELECT sum(gross) FROM ecom.fct_orders),
                  (SELECT sum(net) FROM ecom.fct_orders), (SELECT count(*) FROM ecom.fct_order_items),
                  (SELECT sum(refund_amount) FROM ecom.fct_returns), (SELECT sum(net) FROM ecom.fct_revenue_daily)) $$;

SELECT pg_temp.stage_sample(1, 400);
CREATE FUNCTION pg_temp.constraints() RETURNS text LANGUAGE sql AS $$
    SELECT string_agg(format('%s.%s %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)), '; '
                      ORDER BY c.conrelid::regclass::text, c.conname)
    FROM pg_constraint AS c WHERE c.connamespace = 'ecom'::regnamespace $$;
SELECT string_agg(indexdef, '; ' ORDER BY indexname) AS indexes_before FROM pg_indexes WHERE schemaname = 'ecom' \gset
SELECT pg_temp.constraints() AS constraints_before \gset
-- A view that relies on a fact's primary key (GROUP BY it, selecting another column): the bulk path must keep that key.
CREATE TEMP VIEW item_skus AS SELECT order_item_key, sku FROM ecom.fct_order_items GROUP BY order_item_key;
SELECT run_id AS first_run FROM ecom.run_etl() \gset
SELECT is((SELECT string_agg(indexdef, '; ' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'ecom'), :'indexes_before',
          'the first run leaves every index of the warehouse as defined (the bulk path builds again those it dropped)');
SELECT is(pg_temp.constraints(), :'constraints_before',
          'the first run leaves every constraint of the warehouse as defined (the bulk path adds again the keys it dropped)');

SELECT is((SELECT bulk FROM ecom.etl_runs WHERE run_id = :first_run), current_setting('ecom.bulk_load_rows')::int = 0,
          'the first run takes the bulk path exactly when ecom.bulk_load_rows is low enough');
SELECT is_empty('SELECT * FROM pg_temp.unbalanced', 'first run: read = inserted + updated + unchanged + deduplicated + quarantined');
SELECT results_eq(
    $$SELECT sum(quarantined)::bigint FROM ecom.etl_run_stats WHERE run_id = $$ || :first_run,
    $$SELECT count(*) FROM ecom.quarantine WHERE run_id = $$ || :first_run,
    'every quarantined row is in ecom.quarantine');
SELECT ok((SELECT count(*) FROM ecom.quarantine WHERE rule = 'customer_id:unknown_customer') = 8,
          'orders of an unknown customer are quarantined with their rule');
SELECT ok((SELECT count(*) FROM ecom.quarantine WHERE rule = 'quantity:out_of_range') = 40,
          'order lines with a zero quantity are quarantined with their rule');
SELECT is_empty($$SELECT q.stg_id FROM ecom.quarantine AS q WHERE (q.raw ->> 'stg_id')::bigint <> q.stg_id$$,
                'the quarantine keeps the whole raw row');
SELECT is_empty($$
    SELECT o.order_id FROM ecom.fct_orders AS o
    LEFT JOIN (SELECT order_key, sum(gross) FILTER (WHERE is_merchandise) AS gross,
                      sum(gross) FILTER (WHERE NOT is_merchandise) AS adjustments
               FROM ecom.fct_order_items GROUP BY order_key) AS i USING (order_key)
    WHERE o.gross <> coalesce(i.gross, 0) OR o.adjustments <> coalesce(i.adjustments, 0)$$,
    'order gross = sum of unit price x quantity over merchandise lines; other lines are adjustments');
SELECT is_empty($$
    SELECT o.order_id FROM ecom.fct_orders AS o
    LEFT JOIN (SELECT order_key, sum(refund_amount) AS refunds FROM ecom.fct_returns GROUP BY order_key) AS r USING (order_key)
    WHERE o.net <> o.gross - o.discount - coalesce(r.refunds, 0)$$,
    'net = gross - discount - refunds for every order');
SELECT results_eq(
    $$SELECT sum(gross), sum(discount), sum(refunds) FROM ecom.fct_revenue_daily$$,
    $$SELECT (SELECT sum(gross) FROM ecom.fct_orders WHERE status <> 'cancelled'),
             (SELECT sum(discount) FROM ecom.fct_orders WHERE status <> 'cancelled'),
             (SELECT sum(refund_amount) FROM ecom.fct_returns)$$,
    'daily revenue adds up to the order and return facts');
SELECT results_eq(
    $$SELECT sum(net) FROM ecom.fct_cohort_ltv$$,
    $$SELECT sum(net) FROM ecom.fct_orders WHERE customer_key <> 0 AND status <> 'cancelled'$$,
    'cohort net revenue adds up to the identified customers'' orders');
SELECT is_empty($$
    SELECT r.return_id FROM ecom.fct_returns AS r JOIN ecom.fct_orders AS o USING (order_key)
    WHERE r.refunded <> (r.returned_at <= coalesce(o.delivered_at, o.created_at) + interval '30 days')$$,
    'a return is refunded exactly when it arrived within 30 days of delivery');

-- ecom.fct_sku_sales_daily recomputed from the order facts: the rows that differ either way (empty = equal).
CREATE VIEW pg_temp.sku_sales_drift AS
WITH recomputed AS (
    SELECT i.sku, o.order_date AS date_key, sum(i.quantity)::bigint AS units
    FROM ecom.fct_orders AS o JOIN ecom.fct_order_items AS i USING (order_key)
    WHERE o.status <> 'cancelled' GROUP BY 1, 2)
(SELECT sku, date_key, units FROM ecom.fct_sku_sales_daily EXCEPT ALL SELECT * FROM recomputed)
UNION ALL
(SELECT * FROM recomputed EXCEPT ALL SELECT sku, date_key, units FROM ecom.fct_sku_sales_daily);
SELECT is_empty('SELECT * FROM pg_temp.sku_sales_drift', 'first run: daily units per SKU = recomputation from the order facts');

-- Nothing new: the second run reads nothing and changes nothing.
SELECT pg_temp.warehouse_digest() AS digest_before \gset
SELECT run_id AS second_run FROM ecom.run_etl() \gset
SELECT is((SELECT sum(read)::bigint FROM ecom.etl_run_stats WHERE run_id = :second_run), 0::bigint,
          'second run reads nothing');
SELECT is(pg_temp.warehouse_digest(), :'digest_before', 'second run leaves every warehouse table unchanged');

-- The same rows staged again (a second ingestion of the same files): nothing inserted or updated.
SELECT pg_temp.totals() AS totals_before \gset
INSERT INTO ecom.stg_customers (customer_id, email, full_name, country, region, city, segment, signup_at, updated_at)
SELECT customer_id, email, full_name, country, region, city, segment, signup_at, updated_at FROM ecom.stg_customers;
INSERT INTO ecom.stg_products (sku, product_name, category, brand, price, cost, currency, active, updated_at)
SELECT sku, product_name, category, brand, price, cost, currency, active, updated_at FROM ecom.stg_products;
INSERT INTO ecom.stg_orders (order_id, customer_id, status, created_at, paid_at, fulfilled_at, delivered_at, cancelled_at,
                             discount, shipping, tax, currency, campaign_id, ship_country)
SELECT order_id, customer_id, status, created_at, paid_at, fulfilled_at, delivered_at, cancelled_at, discount, shipping,
       tax, currency, campaign_id, ship_country FROM ecom.stg_orders;
INSERT INTO ecom.stg_order_items (order_id, line_number, sku, quantity, unit_price)
SELECT order_id, line_number, sku, quantity, unit_price FROM ecom.stg_order_items;
INSERT INTO ecom.stg_returns (return_id, order_id, sku, quantity, amount, returned_at, reason)
SELECT return_id, order_id, sku, quantity, amount, returned_at, reason FROM ecom.stg_returns;
SELECT run_id AS restage_run FROM ecom.run_etl() \gset
SELECT is((SELECT sum(inserted + updated)::bigint FROM ecom.etl_run_stats WHERE run_id = :restage_run), 0::bigint,
          're-staged rows insert and update nothing');
SELECT ok((SELECT sum(unchanged) FROM ecom.etl_run_stats WHERE run_id = :restage_run) > 2000,
          're-staged valid rows are counted unchanged');
SELECT is(pg_temp.totals(), :'totals_before', 're-staging changes no fact total');

-- A run that fails half-way (an error injected after the facts are written) leaves the warehouse as it was.
SELECT pg_temp.warehouse_digest() AS digest_before \gset
SELECT pg_temp.stage_sample(401, 100);
CREATE FUNCTION pg_temp.fail() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'injected failure'; END $$;
CREATE TRIGGER inject_failure BEFORE INSERT ON ecom.fct_revenue_daily FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.fail();
-- ALWAYS: the trigger fires on the bulk path too, where the run sets session_replication_role = replica.
ALTER TABLE ecom.fct_revenue_daily ENABLE ALWAYS TRIGGER inject_failure;
SELECT throws_ok('SELECT ecom.run_etl()', 'P0001', 'injected failure', 'the injected error aborts the run');
SELECT is(pg_temp.warehouse_digest(), :'digest_before', 'the failed run left every warehouse table unchanged');
DROP TRIGGER inject_failure ON ecom.fct_revenue_daily;
SELECT run_id AS recovery_run FROM ecom.run_etl() \gset
SELECT is((SELECT read FROM ecom.etl_run_stats WHERE run_id = :recovery_run AND source_table = 'stg_orders'), 100::bigint,
          'the next run reads the rows the failed run had read');
SELECT ok((SELECT count(*) FROM ecom.fct_orders WHERE order_id = 'O499') = 1, 'and loads them');

-- An order moved to another customer: both customers' first orders follow.
INSERT INTO ecom.stg_orders (order_id, customer_id, status, created_at, delivered_at, discount, shipping, tax, currency)
SELECT order_id, 'C4', status, created_at, delivered_at, discount, shipping, tax, currency
FROM ecom.stg_orders WHERE order_id = 'O2' ORDER BY stg_id LIMIT 1;
SELECT run_id AS move_run FROM ecom.run_etl() \gset
SELECT is((SELECT updated FROM ecom.etl_run_stats WHERE run_id = :move_run AND source_table = 'stg_orders'), 1::bigint,
          'the new version of the order is an update');
SELECT is_empty($$
    SELECT c.customer_id FROM ecom.dim_customer AS c
    LEFT JOIN (SELECT customer_key, min(created_at) AS first_order_at FROM ecom.fct_orders
               WHERE status <> 'cancelled' GROUP BY customer_key) AS o USING (customer_key)
    WHERE c.customer_key <> 0 AND c.first_order_at IS DISTINCT FROM o.first_order_at$$,
    'every customer''s first_order_at is the creation time of their first order');

-- Updates in one run: an order cancelled, an order moved to another day, a line re-pointed to another SKU,
-- a line whose quantity changes and a late line added to an old order.
INSERT INTO ecom.stg_orders (order_id, customer_id, status, created_at, delivered_at, cancelled_at, discount, shipping, tax, currency)
SELECT DISTINCT ON (order_id) order_id, customer_id,
       CASE order_id WHEN 'O10' THEN 'cancelled' ELSE status END,
       CASE order_id WHEN 'O11' THEN (created_at::date + 3)::text ELSE created_at END, delivered_at,
       CASE order_id WHEN 'O10' THEN (created_at::date + 1)::text END, discount, shipping, tax, currency
FROM ecom.stg_orders WHERE order_id IN ('O10', 'O11') ORDER BY order_id, stg_id DESC;
INSERT INTO ecom.stg_order_items (order_id, line_number, sku, quantity, unit_price) VALUES
    ('O12', '1', 'S30', '1', '5'), ('O13', '2', 'S14', '9', '15'), ('O14', '5', 'S3', '2', '6');
SELECT run_id AS update_run FROM ecom.run_etl() \gset
SELECT results_eq(
    $$SELECT source_table, updated + inserted FROM ecom.etl_run_stats
      WHERE run_id = $$ || :update_run || $$ AND source_table IN ('stg_orders', 'stg_order_items') ORDER BY 1$$,
    $$VALUES ('stg_order_items', 3::bigint), ('stg_orders', 2::bigint)$$,
    'the update run changes 2 orders and 3 lines');
SELECT is_empty('SELECT * FROM pg_temp.sku_sales_drift',
                'after incremental runs with updates: daily units per SKU = recomputation from the order facts');

SELECT is_empty('SELECT * FROM pg_temp.unbalanced', 'conservation holds for every run and table');
SELECT is((SELECT count(*) FROM ecom.etl_runs WHERE run_id > :first_run AND run_id < :recovery_run
           AND stats -> 'stg_orders' ->> 'read' = '100'), 0::bigint, 'the failed run left no run row');

-- The ETL writer role runs the ETL, bulk path included (ecom.run_etl() runs with its owner's rights).
SELECT pg_temp.stage_sample(501, 10);
SET LOCAL ecom.bulk_load_rows = 0;
SET LOCAL ROLE ecom_writer;
SELECT ok(bulk, 'the writer role runs the ETL on the bulk path') FROM ecom.run_etl();
RESET ROLE;

-- The bulk path checks every foreign key before the run ends: an orphan written behind the ETL's back
-- (here with the per-row checks off) makes the run fail instead of committing.
SET LOCAL session_replication_role = replica;
UPDATE ecom.fct_order_items SET product_key = -1 WHERE order_item_key = (SELECT min(order_item_key) FROM ecom.fct_order_items);
SET LOCAL session_replication_role = origin;
SELECT pg_temp.stage_sample(511, 10);
SELECT throws_ok('SELECT ecom.run_etl()', '23503', NULL, 'a bulk run finding an orphan fails with foreign_key_violation');

SELECT * FROM finish();
ROLLBACK;
