-- Used by scripts/bench_etl.sh: the floor of a first load. The staged customers, products, orders and lines of
-- the benchmark are moved into the warehouse by plain typed INSERT ... SELECT with their key lookups, the facts'
-- indexes are built once afterwards (as the bulk path does) and the order totals written; no rule, no
-- deduplication, no quarantine, no returns, no derived fact and no reference check. Any ETL of the same rows into
-- the same schema does at least this much.
BEGIN;
SET LOCAL session_replication_role = replica;
SELECT ecom._etl_suspend_indexes('ecom.fct_orders') AS order_indexes,
       ecom._etl_suspend_indexes('ecom.fct_order_items') AS line_indexes \gset
INSERT INTO ecom.dim_customer (customer_id, email, full_name, city, segment, signup_at, source_updated_at, source_ingested_at)
SELECT customer_id, email, full_name, city, segment, signup_at::timestamptz, updated_at::timestamptz, ingested_at
FROM ecom.stg_customers;
INSERT INTO ecom.dim_product (sku, product_name, category, brand, price, cost, currency, active, valid_from, valid_to, is_current)
SELECT sku, product_name, category, brand, price::numeric, cost::numeric, currency, active::boolean, valid_from,
       lead(valid_from) OVER w, lead(valid_from) OVER w IS NULL
FROM (SELECT *, updated_at::timestamptz AS valid_from FROM ecom.stg_products) AS p
WINDOW w AS (PARTITION BY sku ORDER BY valid_from);
INSERT INTO ecom.fct_orders (order_id, customer_key, order_date, status, created_at, paid_at, delivered_at, currency, discount,
                             shipping, tax, source_ingested_at, source_stg_id)
SELECT s.order_id, coalesce(c.customer_key, 0), s.created_at::timestamptz::date, s.status, s.created_at::timestamptz,
       s.paid_at::timestamptz, s.delivered_at::timestamptz, s.currency, s.discount::numeric, s.shipping::numeric,
       s.tax::numeric, s.ingested_at, s.stg_id
FROM ecom.stg_orders AS s LEFT JOIN ecom.dim_customer AS c ON c.customer_id = s.customer_id;
ANALYZE ecom.dim_customer, ecom.dim_product, ecom.fct_orders;  -- the lookups below are planned with real sizes
INSERT INTO ecom.fct_order_items (order_key, line_number, product_key, sku, quantity, unit_price, is_merchandise,
                                  source_ingested_at, source_stg_id)
SELECT o.order_key, s.line_number::int, r.product_key, s.sku, s.quantity::int, s.unit_price::numeric, r.is_merchandise,
       s.ingested_at, s.stg_id
FROM ecom.stg_order_items AS s JOIN ecom.fct_orders AS o ON o.order_id = s.order_id
JOIN ecom.product_version_ranges AS r ON r.sku = s.sku AND o.created_at >= r.range_from AND o.created_at < r.range_to;
SELECT ecom._etl_restore_indexes(:'order_indexes'), ecom._etl_restore_indexes(:'line_indexes');
UPDATE ecom.fct_orders AS o SET items = a.items, units = a.units, gross = a.gross
FROM (SELECT order_key, count(*) AS items, sum(quantity) AS units, sum(gross) AS gross
      FROM ecom.fct_order_items GROUP BY order_key) AS a
WHERE o.order_key = a.order_key;
COMMIT;
