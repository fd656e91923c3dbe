-- Time-series views over the warehouse: daily revenue decomposition and revenue anomalies.

CREATE VIEW ecom.revenue_decomposition AS
WITH bounds AS (
    SELECT min(date_key) AS first_day, max(date_key) AS last_day FROM ecom.fct_revenue_daily
), days AS (
    -- Every day between the first and the last revenue day: a day without orders has 0 net sales.
    SELECT b.first_day, array_agg(coalesce(r.net, 0)::float8 ORDER BY g.day) AS net
    FROM bounds AS b
    CROSS JOIN LATERAL generate_series(b.first_day, b.last_day, interval '1 day') AS g(day)
    LEFT JOIN ecom.fct_revenue_daily AS r ON r.date_key = g.day::date
    WHERE b.first_day IS NOT NULL
    GROUP BY b.first_day
    HAVING count(*) > 14
), fit AS (
    SELECT d.first_day, s.*
    FROM days AS d, LATERAL ecom.stl(d.net, 7, s_periodic => true, robust => true) AS s
), scores AS (
    SELECT sc.score, sc.index
    FROM (SELECT array_agg(remainder ORDER BY index) AS remainder FROM fit) AS f,
         LATERAL unnest(ecom.tukey_scores(f.remainder, 3)) WITH ORDINALITY AS sc(score, index)
)
SELECT (fit.first_day + (fit.index - 1))::date AS day,
       fit.observed AS net_sales,
       fit.trend,
       fit.seasonal AS weekly_seasonal,
       fit.remainder,
       fit.weight AS robustness_weight,
       scores.score AS anomaly_score,
       scores.score > 0 AS is_anomaly
FROM fit JOIN scores ON scores.index = fit.index;
COMMENT ON VIEW ecom.revenue_decomposition IS
    'Daily net sales (ecom.fct_revenue_daily; days without orders count as 0) decomposed by robust STL with a weekly period (R: stl(x, "periodic", robust = TRUE)), with Tukey-fence anomaly scores of the remainder (k = 3); empty until there are 15 days of data';
COMMENT ON COLUMN ecom.revenue_decomposition.day IS 'The day';
COMMENT ON COLUMN ecom.revenue_decomposition.net_sales IS 'Net sales of the day (gross - discount - refunds), 0 for a day without orders';
COMMENT ON COLUMN ecom.revenue_decomposition.trend IS 'Trend component of net sales';
COMMENT ON COLUMN ecom.revenue_decomposition.weekly_seasonal IS 'Weekly seasonal component: the usual effect of this weekday';
COMMENT ON COLUMN ecom.revenue_decomposition.remainder IS 'net_sales - trend - weekly_seasonal';
COMMENT ON COLUMN ecom.revenue_decomposition.robustness_weight IS 'STL robustness weight: near 0 for days the fit treats as outliers';
COMMENT ON COLUMN ecom.revenue_decomposition.anomaly_score IS 'Distance of the remainder beyond Tukey''s fences (k = 3) in IQR units; 0 inside the fences';
COMMENT ON COLUMN ecom.revenue_decomposition.is_anomaly IS 'The remainder lies beyond the fences: the day is unusual for its weekday and the trend';

CREATE VIEW ecom.sales_anomalies AS
SELECT day,
       net_sales,
       trend + weekly_seasonal AS expected_net_sales,
       remainder AS deviation,
       anomaly_score,
       CASE WHEN remainder > 0 THEN 'high' ELSE 'low' END AS direction
FROM ecom.revenue_decomposition
WHERE is_anomaly;
COMMENT ON VIEW ecom.sales_anomalies IS
    'Days whose net sales are unusual for their weekday and the current trend (ecom.revenue_decomposition.is_anomaly), with what was expected';
COMMENT ON COLUMN ecom.sales_anomalies.day IS 'The day';
COMMENT ON COLUMN ecom.sales_anomalies.net_sales IS 'Net sales of the day';
COMMENT ON COLUMN ecom.sales_anomalies.expected_net_sales IS 'trend + weekly seasonal effect: what a usual day would have sold';
COMMENT ON COLUMN ecom.sales_anomalies.deviation IS 'net_sales - expected_net_sales';
COMMENT ON COLUMN ecom.sales_anomalies.anomaly_score IS 'Distance beyond Tukey''s fences (k = 3) in IQR units';
COMMENT ON COLUMN ecom.sales_anomalies.direction IS 'high (more than expected) or low (less than expected)';
