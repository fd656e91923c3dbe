-- Business metrics on a small warehouse whose every number can be checked by hand. Everything runs in a
-- transaction that is rolled back, on an emptied warehouse.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
\pset null '(null)'
BEGIN;
SET LOCAL client_min_messages = warning;
TRUNCATE ecom.stg_customers, ecom.stg_products, ecom.stg_orders, ecom.stg_order_items, ecom.stg_returns,
         ecom.stg_inventory, ecom.stg_campaigns, ecom.stg_events, ecom.etl_runs, ecom.fct_revenue_daily,
         ecom.fct_sku_sales_daily, ecom.fct_demand_forecast, ecom.fct_cohort_ltv, ecom.fct_inventory_daily,
         ecom.fct_events, ecom.fct_returns, ecom.fct_order_items, ecom.fct_orders, ecom.dim_product CASCADE;
DELETE FROM ecom.dim_customer WHERE customer_key <> 0;
DELETE FROM ecom.dim_geography WHERE geography_key <> 0;
DELETE FROM ecom.dim_campaign WHERE campaign_key <> 0;

-- Two customers and guests; product A's cost rises from 4 to 5 on 2 March; E is never counted in stock.
INSERT INTO ecom.stg_customers (customer_id, email, country, signup_at) VALUES
    ('C1', 'c1@example.com', 'France', '2024-01-01'), ('C2', 'c2@example.com', 'Spain', '2024-01-01');
INSERT INTO ecom.stg_products (sku, product_name, category, price, cost, currency, updated_at) VALUES
    ('A', 'Apron', 'kitchen', '10', '4', 'EUR', '2024-01-01'), ('A', 'Apron', 'kitchen', '10', '5', 'EUR', '2024-03-02'),
    ('B', 'Bowl', 'kitchen', '20', '8', 'EUR', '2024-01-01'), ('C', 'Candle', 'home', '5', '1', 'EUR', '2024-01-01'),
    ('D', 'Doormat', 'home', '15', '6', 'EUR', '2024-01-01'), ('E', 'Easel', 'office', '30', '12', 'EUR', '2024-01-01');
INSERT INTO ecom.stg_campaigns (campaign_id, campaign_name, channel, start_date, end_date, spend, currency) VALUES
    ('K1', 'Spring', 'email', '2024-03-01', '2024-03-31', '20', 'EUR');
INSERT INTO ecom.stg_orders (order_id, customer_id, status, created_at, delivered_at, discount, shipping, tax, currency, campaign_id, ship_country) VALUES
    ('O1', 'C1', 'delivered', '2024-03-01 10:00', '2024-03-02', '2', '5', '3', 'EUR', 'K1', 'France'),
    ('O2', NULL, 'paid', '2024-03-01 12:00', NULL, '0', '0', '1', 'EUR', NULL, 'France'),     -- a guest
    ('O3', 'C2', 'delivered', '2024-03-03 09:00', '2024-03-04', '0', '4', '0', 'EUR', 'K1', 'Spain'),
    ('O4', 'C1', 'paid', '2024-03-03 23:30', NULL, '1', '0', '0', 'EUR', NULL, 'France'),       -- C1 comes back
    ('O5', 'C2', 'cancelled', '2024-03-03 10:00', NULL, '0', '0', '0', 'EUR', NULL, 'Spain');  -- never counted
INSERT INTO ecom.stg_order_items (order_id, line_number, sku, quantity, unit_price) VALUES
    ('O1', '1', 'A', '2', '10'), ('O1', '2', 'B', '1', '20'), ('O2', '1', 'A', '1', '10'),
    ('O3', '1', 'C', '3', '5'), ('O4', '1', 'A', '1', '10'), ('O5', '1', 'B', '1', '20');
INSERT INTO ecom.stg_returns (return_id, order_id, sku, quantity, amount, returned_at) VALUES
    ('R1', 'O1', 'A', '1', '10', '2024-03-03 08:00');                                          -- refunded (within 30 days)
-- Latest snapshots (4 March): A below its reorder point, B exactly at it, C above (it was below on
-- 1 March: only the latest snapshot counts), D below without any sale, E without a snapshot.
INSERT INTO ecom.stg_inventory (sku, snapshot_date, on_hand, allocated, reorder_point) VALUES
    ('A', '2024-03-04', '3', '1', '5'), ('B', '2024-03-04', '10', '0', '10'), ('C', '2024-03-01', '2', '0', '10'),
    ('C', '2024-03-04', '50', '0', '10'), ('D', '2024-03-04', '1', '0', '4');
SELECT run.stats IS NOT NULL AS loaded FROM ecom.run_etl() AS run;

-- Daily KPIs: 2 March had no order and shows zeros; net_sales = gross_sales - discounts - refunds.
SELECT day, orders, units, customers, new_customers, repeat_customers, gross_sales, discounts, refunds, net_sales,
       shipping, taxes, total_sales, average_order_value
FROM ecom.metrics_daily ORDER BY day;
SELECT day, returned_units, returned_orders, unit_return_rate, order_return_rate, returning_customer_rate
FROM ecom.metrics_daily ORDER BY day;
-- The week and the month: customers are distinct over the period (C1 ordered twice).
SELECT week, week_end, orders, customers, new_customers, repeat_customers, net_sales, returning_customer_rate FROM ecom.metrics_weekly;
SELECT month, month_end, orders, units, customers, gross_sales, net_sales, total_sales, average_order_value, unit_return_rate
FROM ecom.metrics_monthly;
-- Any grain, any range: ecom.metrics_periods.
SELECT period_start, period_end, orders, customers, net_sales FROM ecom.metrics_periods('range', '2024-03-02', '2024-03-03');
-- A trend in the terminal.
SELECT ecom.sparkline(array_agg(net_sales::float8 ORDER BY day)) AS net_sales_trend FROM ecom.metrics_daily;

-- Customers, products, geography, categories, campaigns, new vs repeat.
SELECT customer_id, country, first_order_at, last_order_at, orders, net_revenue, average_order_value, tenure_days
FROM ecom.customer_lifetime_value ORDER BY customer_id;
-- A's cost: 2 units at 4 (1 March) and 1 at 5 (3 March, after the cost change), plus the guest's unit at 4.
SELECT sku, category, units_sold, revenue, cost, margin, margin_rate, returned_units, return_rate, rank_in_category
FROM ecom.product_performance ORDER BY category, rank_in_category;
SELECT * FROM ecom.sales_by_geography ORDER BY month, country;
SELECT * FROM ecom.sales_by_category ORDER BY month, category;
SELECT campaign_id, spend, orders, attributed_revenue, roi, roas, cost_per_order FROM ecom.campaign_roi;
SELECT * FROM ecom.new_vs_repeat ORDER BY month, customer_type;

-- Inventory: A and D are below their reorder point; D has no sales, so no days of cover. Neither has
-- 28 days of history, so the figures by forecast fall back to the 28-day average.
SELECT sku, snapshot_date, available, reorder_point, shortfall, avg_daily_units_28d, days_of_cover FROM ecom.inventory_alerts ORDER BY sku;
SELECT sku, forecast_units_28d, days_of_cover_forecast, forecast_basis, forecast_as_of FROM ecom.inventory_alerts ORDER BY sku;

-- The JSON API.
SELECT jsonb_pretty(ecom.api_metrics_daily('2024-03-02', '2024-03-03'));
SELECT jsonb_pretty(ecom.api_ltv(30));
SELECT jsonb_pretty(ecom.api_inventory_alerts());

-- The morning report for the week ending 3 March (no earlier data: the comparisons are NULL).
SELECT * FROM ecom.executive_summary('2024-03-03', 'week');

-- The store's time zone: O4 (23:30 UTC on 3 March) was placed on 4 March in Berlin. After changing
-- ecom.timezone, ecom.rebuild_derived() re-keys the loaded facts.
SET ecom.timezone = 'Europe/Berlin';
SELECT ecom.timezone(), ecom.rebuild_derived() AS days;
SELECT day, orders, customers, new_customers, repeat_customers, net_sales FROM ecom.metrics_daily ORDER BY day;
SELECT order_id, order_date FROM ecom.fct_orders WHERE order_id = 'O4';
SELECT sku, date_key, units FROM ecom.fct_sku_sales_daily WHERE sku = 'A' ORDER BY date_key;
RESET ecom.timezone;
SELECT ecom.rebuild_derived() AS days;
ROLLBACK;

-- Bad arguments: ERROR 22023 with a hint.
\set ON_ERROR_STOP 0
\set SHOW_CONTEXT never
SET ecom.timezone = 'Mars/Olympus_Mons';
SELECT ecom.api_metrics_daily('2024-03-03', '2024-03-01');
SELECT ecom.api_metrics_daily('2019-01-01', '2024-01-01');
SELECT ecom.api_metrics_daily(NULL, '2024-01-01');
SELECT ecom.api_ltv(0);
SELECT ecom.api_ltv(3651);
SELECT ecom.executive_summary('2024-03-03', 'fortnight');
SELECT ecom.metrics_periods('decade');
\set ON_ERROR_STOP 1
