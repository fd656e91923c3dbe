-- The morning report: headline KPIs of a period against the period before and the same period a year ago.

CREATE FUNCTION ecom.executive_summary(period_end date, grain text DEFAULT 'month')
    RETURNS TABLE (kpi text, current numeric, previous numeric, change_pct numeric, year_ago numeric,
                   change_vs_year_ago_pct numeric)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    span interval;
    first_day date;
BEGIN
    IF grain IS NULL OR grain NOT IN ('day', 'week', 'month', 'quarter', 'year') THEN
        RAISE EXCEPTION 'ecom.executive_summary: unknown grain "%"', grain
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use day, week, month, quarter or year.';
    END IF;
    span := CASE grain WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || grain)::interval END;
    first_day := (period_end - span + interval '1 day')::date;
    RETURN QUERY
    WITH periods AS (
        SELECT 1 AS which, m.* FROM ecom.metrics_periods('range', first_day, period_end) AS m
        UNION ALL
        SELECT 2, m.* FROM ecom.metrics_periods('range', (first_day - span)::date, first_day - 1) AS m
        UNION ALL
        SELECT 3, m.* FROM ecom.metrics_periods('range', (first_day - interval '1 year')::date,
                                                (period_end - interval '1 year')::date) AS m),
    kpis AS (
        SELECT p.which, k.ord, k.kpi, k.value
        FROM periods AS p,
             LATERAL (VALUES (1, 'net_sales', p.net_sales), (2, 'gross_sales', p.gross_sales),
                             (3, 'discounts', p.discounts), (4, 'refunds', p.refunds), (5, 'total_sales', p.total_sales),
                             (6, 'orders', p.orders::numeric), (7, 'average_order_value', p.average_order_value),
                             (8, 'units', p.units::numeric), (9, 'customers', p.customers::numeric),
                             (10, 'new_customers', p.new_customers::numeric),
                             (11, 'returning_customer_rate', p.returning_customer_rate),
                             (12, 'unit_return_rate', p.unit_return_rate)) AS k(ord, kpi, value))
    SELECT c.kpi, c.value, p.value, round(100 * (c.value - p.value) / nullif(p.value, 0), 1),
           y.value, round(100 * (c.value - y.value) / nullif(y.value, 0), 1)
    FROM kpis AS c
    JOIN kpis AS p ON p.which = 2 AND p.ord = c.ord
    JOIN kpis AS y ON y.which = 3 AND y.ord = c.ord
    WHERE c.which = 1
    ORDER BY c.ord;
END $$;
COMMENT ON FUNCTION ecom.executive_summary(date, text) IS
    'Headline KPIs (net, gross, discounts, refunds, total sales, orders, AOV, units, customers, new customers, returning-customer rate, unit return rate) of the day, week, month, quarter or year ending on period_end (included), with the previous period of the same length and the same period a year before, and the changes in percent (NULL when the base is 0 or NULL)';
