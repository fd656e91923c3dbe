-- Business metrics on the demo data: money identities per day, periods = sums of days, the derived
-- per-day counts kept right by incremental runs, argument errors, and a reader that cannot modify anything.
BEGIN;
SELECT plan(24);
SET LOCAL client_min_messages = warning;
TRUNCATE ecom.stg_customers, ecom.stg_products, ecom.stg_orders, ecom.stg_order_items, ecom.stg_returns,
         ecom.stg_inventory, ecom.stg_campaigns, ecom.stg_events, ecom.etl_runs, ecom.fct_revenue_daily,
         ecom.fct_sku_sales_daily, ecom.fct_demand_forecast, ecom.fct_cohort_ltv, ecom.fct_inventory_daily,
         ecom.fct_events, ecom.fct_returns, ecom.fct_order_items, ecom.fct_orders, ecom.dim_product CASCADE;
DELETE FROM ecom.dim_customer WHERE customer_key <> 0;
DELETE FROM ecom.dim_geography WHERE geography_key <> 0;
DELETE FROM ecom.dim_campaign WHERE campaign_key <> 0;

SELECT ecom.generate_demo_data(400, 240, DATE '2024-01-01', 7, 0.02);
SELECT ecom.run_etl();

SELECT cmp_ok((SELECT count(*) FROM ecom.metrics_daily WHERE orders > 0), '>', 100::bigint, 'the demo data has sales on many days');
SELECT is_empty($$SELECT day FROM ecom.metrics_daily WHERE net_sales <> gross_sales - discounts - refunds$$,
                'every day: net_sales = gross_sales - discounts - refunds exactly');
SELECT is_empty($$SELECT day FROM ecom.metrics_daily WHERE total_sales <> net_sales + shipping + taxes$$,
                'every day: total_sales = net_sales + shipping + taxes');
SELECT is((SELECT count(*) FROM ecom.metrics_daily),
          (SELECT max(day) - min(day) + 1 FROM ecom.metrics_daily)::bigint, 'every day of the range has a row (zeros included)');
SELECT is_empty($$
    SELECT m.month FROM ecom.metrics_monthly AS m
    JOIN (SELECT date_trunc('month', day)::date AS month, sum(orders) AS orders, sum(units) AS units,
                 sum(new_customers) AS new_customers, sum(gross_sales) AS gross, sum(discounts) AS discounts,
                 sum(refunds) AS refunds, sum(net_sales) AS net, sum(shipping) AS shipping, sum(taxes) AS taxes,
                 sum(total_sales) AS total, sum(returned_units) AS returned_units
          FROM ecom.metrics_daily GROUP BY 1) AS d USING (month)
    WHERE (m.orders, m.units, m.new_customers, m.gross_sales, m.discounts, m.refunds, m.net_sales, m.shipping, m.taxes,
           m.total_sales, m.returned_units)
          IS DISTINCT FROM (d.orders, d.units, d.new_customers, d.gross, d.discounts, d.refunds, d.net, d.shipping, d.taxes,
                            d.total, d.returned_units)$$,
    'every month: the additive columns equal the sum of the daily view');
SELECT is((SELECT count(*) FROM ecom.metrics_monthly),
          (SELECT count(DISTINCT date_trunc('month', day)) FROM ecom.metrics_daily), 'one row per month');
SELECT is((SELECT sum(net_sales) FROM ecom.metrics_weekly), (SELECT sum(net_sales) FROM ecom.metrics_daily),
          'weekly net sales add up to the daily ones');
SELECT is_empty($$SELECT month FROM ecom.metrics_monthly WHERE net_sales <> gross_sales - discounts - refunds$$,
                'every month: net_sales = gross_sales - discounts - refunds exactly');

SELECT set_eq($$SELECT * FROM ecom.metrics_daily$$,
              $$SELECT period_start, orders, units, customers, new_customers, repeat_customers, gross_sales, discounts,
                       refunds, net_sales, shipping, taxes, total_sales, average_order_value, returned_units,
                       returned_orders, unit_return_rate, order_return_rate, returning_customer_rate
                FROM ecom.metrics_periods('day')$$,
              'metrics_periods(''day'') equals metrics_daily');

-- The stored per-day counts against a computation straight from the order facts.
SELECT is_empty($$
    SELECT m.day FROM ecom.metrics_daily AS m
    LEFT JOIN (SELECT o.order_date, count(*) AS orders, sum(o.gross) AS gross,
                      count(DISTINCT o.customer_key) FILTER (WHERE o.created_at = c.first_order_at) AS new_customers,
                      count(DISTINCT o.customer_key) FILTER (WHERE c.first_order_at::date < o.order_date) AS repeat_customers
               FROM ecom.fct_orders AS o JOIN ecom.dim_customer AS c USING (customer_key)
               WHERE o.status <> 'cancelled' GROUP BY o.order_date) AS f ON f.order_date = m.day
    WHERE (m.orders, m.gross_sales, m.new_customers, m.repeat_customers)
          IS DISTINCT FROM (coalesce(f.orders, 0), coalesce(f.gross, 0), coalesce(f.new_customers, 0), coalesce(f.repeat_customers, 0))$$,
    'orders, gross sales, new and repeat customers per day match the order facts');
SELECT is((SELECT sum(new_customers) FROM ecom.metrics_daily)::bigint,
          (SELECT count(DISTINCT customer_key) FROM ecom.fct_orders WHERE customer_key <> 0 AND status <> 'cancelled'),
          'each ordering customer is new exactly once');
SELECT is((SELECT sum(returned_units) FROM ecom.metrics_daily)::bigint, (SELECT sum(quantity) FROM ecom.fct_returns)::bigint,
          'returned units add up to the return facts');
SELECT is((SELECT m.customers FROM ecom.metrics_periods('range', '2024-02-01', '2024-02-29') AS m),
          (SELECT count(DISTINCT customer_key) FROM ecom.fct_orders
           WHERE order_date BETWEEN '2024-02-01' AND '2024-02-29' AND status <> 'cancelled'),
          'customers of a range are distinct over the range');

-- An incremental run that moves customers' first orders (an earlier order arrives late, a first order is
-- cancelled) leaves the derived fact equal to a full rebuild.
INSERT INTO ecom.stg_orders (order_id, customer_id, status, created_at, discount, shipping, tax, currency, ingested_at)
SELECT 'LATE-' || c.customer_id, c.customer_id, 'paid', '2024-01-01 08:00', '0', '0', '0', 'EUR', now() + interval '1 minute'
FROM ecom.dim_customer AS c WHERE c.first_order_at >= '2024-02-01' ORDER BY c.customer_id LIMIT 5;
INSERT INTO ecom.stg_order_items (order_id, line_number, sku, quantity, unit_price, ingested_at)
SELECT 'LATE-' || c.customer_id, '1', (SELECT min(sku) FROM ecom.dim_product WHERE category <> 'non-merchandise'), '1', '10',
       now() + interval '1 minute'
FROM ecom.dim_customer AS c WHERE c.first_order_at >= '2024-02-01' ORDER BY c.customer_id LIMIT 5;
INSERT INTO ecom.stg_orders (order_id, customer_id, status, created_at, cancelled_at, discount, shipping, tax, currency, ingested_at)
SELECT o.order_id, c.customer_id, 'cancelled', o.created_at::text, (o.created_at + interval '1 hour')::text, '0', '0', '0', 'EUR',
       now() + interval '1 minute'
FROM ecom.fct_orders AS o JOIN ecom.dim_customer AS c USING (customer_key)
WHERE o.created_at = c.first_order_at AND o.status IN ('created', 'paid') ORDER BY o.order_id LIMIT 5;
SELECT ecom.run_etl();
CREATE TEMP TABLE incremental AS SELECT * FROM ecom.fct_revenue_daily;
CREATE TEMP TABLE incremental_sku AS SELECT * FROM ecom.fct_sku_sales_daily;
SELECT ecom.rebuild_derived();
SELECT set_eq('SELECT * FROM incremental', 'SELECT * FROM ecom.fct_revenue_daily',
              'after late and cancelled first orders, the incremental daily fact equals a full rebuild');
SELECT set_eq('SELECT * FROM incremental_sku', 'SELECT * FROM ecom.fct_sku_sales_daily',
              'after late and cancelled orders, the incremental daily units per SKU equal a full rebuild');

-- Argument errors.
SELECT throws_ok($$SELECT ecom.api_metrics_daily('2024-03-03', '2024-03-01')$$, '22023', NULL, 'from > to is refused');
SELECT throws_ok($$SELECT ecom.api_metrics_daily('2019-01-01', '2024-01-01')$$, '22023', NULL, 'five years or more are refused');
SELECT throws_ok($$SELECT ecom.api_ltv(0)$$, '22023', NULL, 'days = 0 is refused');
SELECT throws_ok($$SELECT ecom.api_ltv(3651)$$, '22023', NULL, 'days = 3651 is refused');
SELECT throws_ok($$SET ecom.timezone = 'Nowhere/Nothing'$$, '22023', NULL, 'an unknown time zone is refused');

-- Roles: a reader reads and calls the API, and cannot change anything.
SET LOCAL ROLE ecom_reader;
SELECT lives_ok($$SELECT ecom.api_metrics_daily('2024-01-01', '2024-01-31'), count(*) FROM ecom.metrics_monthly$$,
                'a reader reads the views and calls the API');
SELECT throws_ok($$INSERT INTO ecom.stg_orders (order_id) VALUES ('X')$$, '42501', NULL, 'a reader cannot stage rows');
SELECT throws_ok($$SELECT ecom.run_etl()$$, '42501', NULL, 'a reader cannot run the ETL');
SELECT throws_ok($$UPDATE ecom.fct_revenue_daily SET gross = 0$$, '42501', NULL, 'a reader cannot change facts');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
