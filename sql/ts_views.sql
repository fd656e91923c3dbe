-- Time-series views over the warehouse: ecom.revenue_decomposition, ecom.sales_anomalies, ecom.demand_forecast.
-- The example data lives in a transaction that is rolled back, on an emptied warehouse.
BEGIN;
SET LOCAL client_min_messages = warning;  -- the cascade's notice names every table that references the facts
TRUNCATE ecom.fct_revenue_daily, ecom.fct_sku_sales_daily, ecom.fct_demand_forecast, ecom.fct_order_items,
         ecom.fct_orders CASCADE;

-- An empty warehouse: no rows (the decomposition needs 15 days, the forecast 28 days of a SKU).
SELECT (SELECT count(*) FROM ecom.revenue_decomposition) AS decomposed_days,
       (SELECT count(*) FROM ecom.demand_forecast) AS forecast_rows;

-- Ten weeks of daily revenue with a weekly rhythm; 2024-03-21 had no orders at all (no row), and
-- 2024-04-10 sold 600 less than usual.
INSERT INTO ecom.fct_revenue_daily (date_key, orders, customers, units, gross, discount, refunds, shipping, tax, returns)
SELECT DATE '2024-03-01' + g, 10, 10, 20,
       1000 + 5 * g + (ARRAY[-100, -50, 0, 20, 80, 300, 150])[g % 7 + 1] + 30 * sin(1.7 * g)
           + CASE WHEN g = 40 THEN -600 ELSE 0 END,
       0, 0, 0, 0, 0
FROM generate_series(0, 69) AS g
WHERE g <> 20;

-- Trend, weekly effect and remainder per day; a day without orders counts as 0 sales.
SELECT day, round(net_sales::numeric, 2) AS net_sales, round(trend::numeric, 2) AS trend,
       round(weekly_seasonal::numeric, 2) AS weekly_seasonal, round(remainder::numeric, 2) AS remainder,
       round(anomaly_score::numeric, 3) AS anomaly_score, is_anomaly
FROM ecom.revenue_decomposition
WHERE day BETWEEN '2024-03-18' AND '2024-03-22'
ORDER BY day;

-- "Is today unusual?": the days beyond the fences, with what a usual day would have sold.
SELECT day, round(net_sales::numeric, 2) AS net_sales, round(expected_net_sales::numeric, 2) AS expected,
       round(anomaly_score::numeric, 3) AS anomaly_score, direction
FROM ecom.sales_anomalies
ORDER BY day;

-- Demand: two SKUs sold every day for 10 weeks, a third only in the last 4 days (too little history).
INSERT INTO ecom.dim_product (sku, valid_from, is_current)
VALUES ('TS-A', '2000-01-01', true), ('TS-B', '2000-01-01', true), ('TS-C', '2000-01-01', true);
INSERT INTO ecom.fct_orders (order_id, customer_key, order_date, status, created_at, source_ingested_at, source_stg_id)
SELECT 'ts-' || g, 0, DATE '2024-03-01' + g / 3, CASE WHEN g % 50 = 0 THEN 'cancelled' ELSE 'paid' END,
       TIMESTAMPTZ '2024-03-01 12:00+00' + (g / 3) * interval '1 day', now(), g
FROM generate_series(0, 209) AS g;
INSERT INTO ecom.fct_order_items (order_key, line_number, product_key, sku, quantity, unit_price, is_merchandise,
                                  source_ingested_at, source_stg_id)
SELECT o.order_key, 1, p.product_key, p.sku, 1 + (g / 3) % 7, 10, true, now(), g
FROM generate_series(0, 209) AS g
JOIN ecom.fct_orders AS o ON o.order_id = 'ts-' || g
JOIN ecom.dim_product AS p ON p.sku = CASE WHEN g % 2 = 0 THEN 'TS-A' ELSE 'TS-B' END
UNION ALL
SELECT o.order_key, 2, p.product_key, p.sku, 2, 10, true, now(), g
FROM generate_series(198, 209) AS g
JOIN ecom.fct_orders AS o ON o.order_id = 'ts-' || g
JOIN ecom.dim_product AS p ON p.sku = 'TS-C';
-- The facts were written directly: derive the daily units per SKU as the ETL does for the days it touches.
CREATE TEMP TABLE etl_touched_dates ON COMMIT DROP AS SELECT DISTINCT order_date AS d FROM ecom.fct_orders;
SELECT ecom._etl_refresh_sku_sales_daily(false);

-- 28 days of forecast per SKU with enough history, never below 0, inside its interval.
SELECT sku, count(*) AS days, min(day) AS first_day, max(day) AS last_day,
       bool_and(units >= 0 AND units_lower <= units AND units <= units_upper) AS consistent
FROM ecom.demand_forecast
GROUP BY sku
ORDER BY sku;

-- Stored for the inventory alerts: the same rows, one refresh for every SKU.
SELECT ecom.refresh_demand_forecast() AS skus_forecast;
SELECT count(*) AS stored_rows,
       count(*) FILTER (WHERE (f.sku, f.day, f.days_ahead, f.units, f.units_lower, f.units_upper) IS DISTINCT FROM
                              (v.sku, v.day, v.days_ahead, v.units, v.units_lower, v.units_upper)) AS differing
FROM ecom.fct_demand_forecast AS f FULL JOIN ecom.demand_forecast AS v USING (sku, days_ahead);
ROLLBACK;
