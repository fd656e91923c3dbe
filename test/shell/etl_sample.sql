-- Sample staging data for the ETL shell tests: :orders orders (4 lines each), customers, products, returns.
-- Also a function that makes a run slow (a pause before the derived facts are written) when enabled.
INSERT INTO ecom.stg_customers (customer_id, email, country, signup_at)
SELECT 'C' || c, 'c' || c || '@example.com', 'France', '2023-01-01' FROM generate_series(1, :orders) AS c;
INSERT INTO ecom.stg_products (sku, product_name, category, price, cost, currency, updated_at)
SELECT 'S' || p, 'Product ' || p, 'misc', (3 + p)::text, '1', 'EUR', '2023-01-01' FROM generate_series(0, 30) AS p;
INSERT INTO ecom.stg_orders (order_id, customer_id, status, created_at, delivered_at, discount, shipping, tax, currency)
SELECT 'O' || o, 'C' || o, 'delivered', ('2023-03-01'::date + o % 200)::text, ('2023-03-04'::date + o % 200)::text,
       (o % 4)::text, '3.5', '1', 'EUR'
FROM generate_series(1, :orders) AS o;
INSERT INTO ecom.stg_order_items (order_id, line_number, sku, quantity, unit_price)
SELECT 'O' || o, l::text, 'S' || ((o + l) % 31), (1 + l % 3)::text, (3 + (o + l) % 31)::text
FROM generate_series(1, :orders) AS o, generate_series(1, 4) AS l;
INSERT INTO ecom.stg_returns (return_id, order_id, sku, quantity, amount, returned_at)
SELECT 'R' || o, 'O' || o, 'S' || ((o + 1) % 31), '1', (3 + (o + 1) % 31)::text, ('2023-03-10'::date + o % 200)::text
FROM generate_series(1, :orders) AS o WHERE o % 7 = 0;

CREATE FUNCTION public.etl_test_pause() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_sleep(2); RETURN NULL; END $$;
