-- ecom.stl_agg: STL per group over (date, value) rows in any order, e.g. every SKU in one GROUP BY.
-- Three SKUs, 8 weeks of daily units (a regular table, so parallel plans can read it).
CREATE TABLE stl_agg_sales AS
SELECT sku, DATE '2024-01-01' + t AS day,
       sku * (20 + 0.1 * t) + (ARRAY[-3, -2, -1, 0, 1, 4, 1])[t % 7 + 1] + sin(1.7 * t + sku) AS units
FROM generate_series(1, 3) AS sku, generate_series(0, 55) AS t;

-- One array of ecom.stl_point per SKU; unnest turns it into rows (ts, observed, seasonal, trend, remainder,
-- weight, filled).
SELECT sku, p.ts, round(p.observed::numeric, 4) AS observed, round(p.seasonal::numeric, 4) AS seasonal,
       round(p.trend::numeric, 4) AS trend, round(p.remainder::numeric, 4) AS remainder, p.weight, p.filled
FROM (SELECT sku, ecom.stl_agg(day, units, 7, 7) AS points FROM stl_agg_sales GROUP BY sku) AS q,
     unnest(q.points) AS p
WHERE p.ts < DATE '2024-01-04'
ORDER BY sku, p.ts;

-- Row order does not matter, and the numbers are those of ecom.stl on the ordered array (R's stl()).
WITH agg AS (
    SELECT p.* FROM (SELECT ecom.stl_agg(day, units, 7, 7 ORDER BY random()) AS points
                     FROM stl_agg_sales WHERE sku = 2) AS q, unnest(q.points) WITH ORDINALITY AS p
), arr AS (
    SELECT * FROM ecom.stl((SELECT array_agg(units ORDER BY day) FROM stl_agg_sales WHERE sku = 2), 7, 7)
)
SELECT count(*) AS days, bool_and(agg.seasonal = arr.seasonal AND agg.trend = arr.trend) AS identical
FROM agg JOIN arr ON arr.index = agg.ordinality;

-- Every parameter through ecom.stl_options(...); gaps => 'interpolate' fills missing days linearly and flags
-- them. Days 10 and 11 of SKU 1 are missing here.
SELECT p.ts, round(p.observed::numeric, 4) AS observed, p.filled, round(p.weight::numeric, 4) AS weight
FROM (SELECT ecom.stl_agg(day, units, 7, ecom.stl_options(s_periodic => true, robust => true, gaps => 'interpolate'))
             AS points
      FROM stl_agg_sales WHERE sku = 1 AND day NOT IN ('2024-01-10', '2024-01-11')) AS q,
     unnest(q.points) AS p
WHERE p.ts BETWEEN '2024-01-08' AND '2024-01-13';

-- Parallel plans (partial aggregates combined across workers) give exactly the serial result.
CREATE TEMP TABLE serial_result AS
SELECT sku, ecom.stl_agg(day, units, 7, ecom.stl_options(s_window => 9, robust => true)) AS points
FROM stl_agg_sales GROUP BY sku;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET enable_hashagg = off;
SELECT count(*) AS skus, bool_and(s.points = p.points) AS parallel_equals_serial
FROM serial_result AS s
JOIN (SELECT sku, ecom.stl_agg(day, units, 7, ecom.stl_options(s_window => 9, robust => true)) AS points
      FROM stl_agg_sales GROUP BY sku) AS p USING (sku);
RESET ALL;

-- Bad input: SQLSTATE 22023 with a hint.
\set VERBOSITY default
\set ON_ERROR_STOP 0
SELECT ecom.stl_agg(day, units, 7, 7) FROM stl_agg_sales WHERE sku = 1 AND day <> '2024-01-10';
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.stl_agg(day, units, 7, 7) FROM stl_agg_sales;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.stl_agg(day, units, 7, ecom.stl_options(s_window => 7, gaps => 'zero')) FROM stl_agg_sales;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.stl_agg(day, units, 7, 7) FROM stl_agg_sales WHERE sku = 1 AND day < '2024-01-14';
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.stl_agg(day, units, 7, NULL::int) FROM stl_agg_sales WHERE sku = 1;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
\set ON_ERROR_STOP 1
DROP TABLE stl_agg_sales;
