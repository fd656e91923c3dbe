-- Inventory alerts fed by the demand forecast: the daily units per SKU the ETL derives, the stored
-- Holt-Winters forecast, and the days of cover by forecast next to the 28-day average. Everything runs in
-- a transaction that is rolled back, on an emptied warehouse.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
\pset null '(null)'

-- Days of cover by a daily forecast, checkable by hand: 10 units at 3 a day run out a third into day 4;
-- past the forecast's last day the demand goes on at its mean; no demand at all gives no figure.
SELECT ecom.days_of_cover(10, '{3,3,3,3}') AS third_into_day_4,
       ecom.days_of_cover(4, '{0,0,4}') AS after_two_quiet_days,
       ecom.days_of_cover(10, '{1,1}') AS beyond_the_horizon,
       ecom.days_of_cover(-5, '{2}') AS nothing_available,
       ecom.days_of_cover(5, '{0,0}') AS no_demand;

BEGIN;
SET LOCAL client_min_messages = warning;
-- The tables this example stages into and reads (the run bookkeeping goes with ecom.etl_runs).
TRUNCATE ecom.stg_products, ecom.stg_orders, ecom.stg_order_items, ecom.stg_inventory, ecom.etl_runs,
         ecom.fct_orders, ecom.fct_order_items, ecom.fct_inventory_daily, ecom.dim_product,
         ecom.fct_sku_sales_daily, ecom.fct_demand_forecast CASCADE;

-- F sells every day of 10 weeks with a weekly rhythm (2 units on Mondays up to 8 on Sundays); G only
-- in the last 10 days (too little history for a forecast); a cancelled order of F never counts.
INSERT INTO ecom.stg_products (sku, product_name, category, price, cost, currency, updated_at) VALUES
    ('F', 'Flask', 'kitchen', '10', '4', 'EUR', '2024-01-01'), ('G', 'Glove', 'garden', '5', '2', 'EUR', '2024-01-01');
INSERT INTO ecom.stg_orders (order_id, status, created_at, currency)
SELECT 'F' || d, 'paid', (DATE '2024-01-01' + d + time '10:00')::text, 'EUR' FROM generate_series(0, 69) AS d
UNION ALL
SELECT 'G' || d, 'paid', (DATE '2024-01-01' + d + time '11:00')::text, 'EUR' FROM generate_series(60, 69) AS d
UNION ALL
SELECT 'X', 'cancelled', '2024-03-10 12:00', 'EUR';
INSERT INTO ecom.stg_order_items (order_id, line_number, sku, quantity, unit_price)
SELECT 'F' || d, '1', 'F', (2 + d % 7)::text, '10' FROM generate_series(0, 69) AS d
UNION ALL
SELECT 'G' || d, '1', 'G', '1', '5' FROM generate_series(60, 69) AS d
UNION ALL
SELECT 'X', '1', 'F', '100', '10';
-- Both below their reorder point on 10 March, the last day of sales.
INSERT INTO ecom.stg_inventory (sku, snapshot_date, on_hand, allocated, reorder_point) VALUES
    ('F', '2024-03-10', '30', '0', '60'), ('G', '2024-03-10', '4', '1', '10');
SELECT run.stats IS NOT NULL AS loaded FROM ecom.run_etl() AS run;

-- The derived daily units: one row per SKU and day with sales, the cancelled order left out.
SELECT sku, count(*) AS days, min(date_key) AS first_day, max(date_key) AS last_day, sum(units) AS units
FROM ecom.fct_sku_sales_daily GROUP BY sku ORDER BY sku;

-- Before any forecast is stored, both alerts fall back to the 28-day average.
SELECT sku, avg_daily_units_28d, days_of_cover, forecast_units_28d, days_of_cover_forecast, forecast_basis, forecast_as_of
FROM ecom.inventory_alerts ORDER BY sku;

-- After a refresh (nightly, after the ETL), F's days of cover follow its weekly rhythm: the forecast
-- starts on a Monday (the slow day), so 30 units last longer than at the average of 5 a day.
SELECT ecom.refresh_demand_forecast() AS skus_forecast;
SELECT sku, avg_daily_units_28d, days_of_cover, forecast_units_28d, days_of_cover_forecast, forecast_basis, forecast_as_of
FROM ecom.inventory_alerts ORDER BY sku;
SELECT jsonb_pretty(ecom.api_inventory_alerts() -> 'alerts' -> 0) AS largest_shortfall;

-- A late order line of F on 9 March and the cancellation of the 10 March order: the next run refreshes
-- those days of the derived fact, and the 28-day average follows at once.
INSERT INTO ecom.stg_order_items (order_id, line_number, sku, quantity, unit_price) VALUES ('F68', '2', 'F', '7', '10');
INSERT INTO ecom.stg_orders (order_id, status, created_at, cancelled_at, currency)
VALUES ('F69', 'cancelled', '2024-03-10 10:00', '2024-03-10 18:00', 'EUR');
SELECT run.stats IS NOT NULL AS loaded FROM ecom.run_etl() AS run;
SELECT date_key, units FROM ecom.fct_sku_sales_daily WHERE sku = 'F' AND date_key >= '2024-03-08' ORDER BY date_key;
SELECT sku, avg_daily_units_28d, days_of_cover FROM ecom.inventory_alerts WHERE sku = 'F';
ROLLBACK;
