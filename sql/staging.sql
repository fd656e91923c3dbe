-- Staging tables take raw text: a bad value never stops the load (ecom.run_etl() validates later).
-- (Inside a transaction that is rolled back, so the example leaves the database as it found it.)
BEGIN;
TRUNCATE ecom.stg_orders, ecom.stg_order_items;
INSERT INTO ecom.stg_orders (order_id, customer_id, status, created_at, discount, source)
VALUES ('A-1001', 'C-1', 'paid', '2025-03-01 10:15:00+00', '5.00', 'shop-export'),
       ('A-1002', NULL, 'pending???', 'not a date', 'ten euros', 'shop-export');
INSERT INTO ecom.stg_order_items (order_id, line_number, sku, quantity, unit_price)
VALUES ('A-1001', '1', 'SKU-1', '2', '19.90');

-- Rows staged in one transaction share a batch id; stg_id records arrival order.
SELECT order_id, status, created_at, source,
       stg_id > (SELECT min(stg_id) FROM ecom.stg_orders) AS arrived_later,
       batch_id = ecom.current_batch_id() AS this_batch
FROM ecom.stg_orders ORDER BY stg_id;

-- What is staged, per table.
SELECT table_name, rows, batches FROM ecom.staging_summary()
WHERE table_name IN ('stg_orders', 'stg_order_items');

-- Loading from a CSV works the same way (psql's client-side \copy):
--   \copy ecom.stg_customers (customer_id, email, country, signup_at) FROM 'customers.csv' WITH (FORMAT csv, HEADER)
ROLLBACK;
