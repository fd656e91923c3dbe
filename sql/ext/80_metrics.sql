-- Business metrics: the store's daily, weekly and monthly KPIs in its time zone (ecom.timezone), read from
-- the derived fact ecom.fct_revenue_daily so a year of days costs the same at any history size.
-- Definitions (Shopify's): gross = price x quantity of merchandise; net = gross - discounts - refunds;
-- total = net + shipping + taxes; AOV = (gross - discounts) / orders. Returns and refunds count on the
-- day the return arrived, so a period's return rate is a flow: returns that arrived in the period over the
-- sales of the period (it can exceed 1 in a quiet period after a busy one).

-- Re-keys the days of the loaded facts in the current ecom.timezone and rebuilds the derived facts.
CREATE FUNCTION ecom.rebuild_derived() RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    SET TimeZone = 'UTC'
    SET client_min_messages = warning
AS $$
DECLARE
    days bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('ecom.run_etl'));
    PERFORM set_config('TimeZone', ecom.timezone(), true);
    SET CONSTRAINTS ALL DEFERRED;
    PERFORM ecom.extend_dim_date(min(created_at)::date, max(created_at)::date) FROM ecom.fct_orders HAVING count(*) > 0;
    PERFORM ecom.extend_dim_date(min(returned_at)::date, max(returned_at)::date) FROM ecom.fct_returns HAVING count(*) > 0;
    PERFORM ecom.extend_dim_date(min(event_ts)::date, max(event_ts)::date) FROM ecom.fct_events HAVING count(*) > 0;
    UPDATE ecom.fct_orders SET order_date = created_at::date WHERE order_date <> created_at::date;
    UPDATE ecom.fct_returns SET return_date = returned_at::date WHERE return_date <> returned_at::date;
    UPDATE ecom.fct_events SET event_date = event_ts::date WHERE event_date <> event_ts::date;

    DROP TABLE IF EXISTS etl_touched_orders, etl_touched_dates, etl_touched_customers;
    CREATE TEMP TABLE etl_touched_orders ON COMMIT DROP AS SELECT order_key FROM ecom.fct_orders;
    CREATE TEMP TABLE etl_touched_customers (customer_key bigint) ON COMMIT DROP;
    CREATE TEMP TABLE etl_touched_dates ON COMMIT DROP AS
        SELECT date_key AS d FROM ecom.fct_revenue_daily
        UNION SELECT return_date FROM ecom.fct_returns
        UNION SELECT order_date FROM ecom.fct_orders
        UNION SELECT date_key FROM ecom.fct_sku_sales_daily;
    PERFORM ecom._etl_refresh_derived(false);
    SELECT count(*) INTO days FROM ecom.fct_revenue_daily;
    RETURN days;
END $$;
COMMENT ON FUNCTION ecom.rebuild_derived() IS
    'After a change of ecom.timezone (or ecom.refund_window_days): re-keys order, return and event days in the current ecom.timezone and rebuilds every derived fact (refund decisions, daily revenue, daily SKU units, cohort LTV); returns the days of ecom.fct_revenue_daily. Runs under the ETL lock';

-- A ratio rounded to `digits` decimals, NULL when the denominator is 0.
CREATE FUNCTION ecom.ratio(numerator numeric, denominator numeric, digits int) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN round(numerator / nullif(denominator, 0), digits);
COMMENT ON FUNCTION ecom.ratio(numeric, numeric, int) IS
    'numerator / denominator rounded to digits decimals; NULL when the denominator is 0 (a rate of a period without sales)';

CREATE VIEW ecom.metrics_daily AS
SELECT d.date_key AS day,
       coalesce(r.orders, 0) AS orders, coalesce(r.units, 0) AS units, coalesce(r.customers, 0) AS customers,
       coalesce(r.new_customers, 0) AS new_customers, coalesce(r.repeat_customers, 0) AS repeat_customers,
       coalesce(r.gross, 0) AS gross_sales, coalesce(r.discount, 0) AS discounts, coalesce(r.refunds, 0) AS refunds,
       coalesce(r.net, 0) AS net_sales, coalesce(r.shipping, 0) AS shipping, coalesce(r.tax, 0) AS taxes,
       coalesce(r.net + r.shipping + r.tax, 0) AS total_sales,
       ecom.ratio(r.gross - r.discount, r.orders, 2) AS average_order_value,
       coalesce(r.returned_units, 0) AS returned_units, coalesce(r.returned_orders, 0) AS returned_orders,
       ecom.ratio(r.returned_units, r.units, 4) AS unit_return_rate,
       ecom.ratio(r.returned_orders, r.orders, 4) AS order_return_rate,
       ecom.ratio(r.repeat_customers, r.new_customers + r.repeat_customers, 4) AS returning_customer_rate
FROM ecom.dim_date AS d
LEFT JOIN ecom.fct_revenue_daily AS r ON r.date_key = d.date_key
WHERE d.date_key BETWEEN (SELECT min(date_key) FROM ecom.fct_revenue_daily) AND (SELECT max(date_key) FROM ecom.fct_revenue_daily);
COMMENT ON VIEW ecom.metrics_daily IS
    'Store KPIs per day in ecom.timezone, every day from the first to the last day with sales or returns (days without orders show zeros); net_sales = gross_sales - discounts - refunds exactly';

-- KPIs per period of a grain over [from_day, to_day] (default: all the data); 'range' makes the whole span one period.
CREATE FUNCTION ecom.metrics_periods(grain text, from_day date DEFAULT NULL, to_day date DEFAULT NULL)
    RETURNS TABLE (period_start date, period_end date, orders bigint, units bigint, customers bigint,
                   new_customers bigint, repeat_customers bigint, gross_sales numeric, discounts numeric,
                   refunds numeric, net_sales numeric, shipping numeric, taxes numeric, total_sales numeric,
                   average_order_value numeric, returned_units bigint, returned_orders bigint,
                   unit_return_rate numeric, order_return_rate numeric, returning_customer_rate numeric)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF grain NOT IN ('day', 'week', 'month', 'quarter', 'year', 'range') THEN
        RAISE EXCEPTION 'ecom.metrics_periods: unknown grain "%"', grain
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use day, week, month, quarter, year or range.';
    END IF;
    RETURN QUERY
    WITH bounds AS (
        SELECT coalesce(from_day, (SELECT min(date_key) FROM ecom.fct_revenue_daily)) AS lo,
               coalesce(to_day, (SELECT max(date_key) FROM ecom.fct_revenue_daily)) AS hi),
    days AS (
        SELECT d.date_key,
               CASE WHEN grain = 'range' THEN b.lo ELSE date_trunc(grain, d.date_key::timestamp)::date END AS p,
               CASE WHEN grain = 'range' THEN b.hi
                    ELSE (date_trunc(grain, d.date_key::timestamp) + ('1 ' || grain)::interval - interval '1 day')::date END AS q
        FROM ecom.dim_date AS d, bounds AS b WHERE d.date_key BETWEEN b.lo AND b.hi),
    sums AS (
        SELECT x.p, x.q, sum(r.orders) AS orders, sum(r.units) AS units, sum(r.new_customers) AS new_customers,
               sum(r.gross) AS gross, sum(r.discount) AS discount, sum(r.refunds) AS refunds, sum(r.net) AS net,
               sum(r.shipping) AS shipping, sum(r.tax) AS tax, sum(r.returned_units) AS returned_units,
               sum(r.customers) AS day_customers, sum(r.new_customers + r.repeat_customers) AS day_identified,
               sum(r.returned_orders) AS day_returned_orders
        FROM days AS x LEFT JOIN ecom.fct_revenue_daily AS r ON r.date_key = x.date_key
        GROUP BY x.p, x.q),
    -- Distinct counts over periods longer than a day; a day reads them from the derived fact.
    buyers AS (
        SELECT x.p, count(DISTINCT o.customer_key) AS customers,
               count(DISTINCT o.customer_key) FILTER (WHERE o.customer_key <> 0) AS identified
        FROM days AS x JOIN ecom.fct_orders AS o ON o.order_date = x.date_key AND o.status <> 'cancelled'
        WHERE grain <> 'day'
        GROUP BY x.p
        UNION ALL
        SELECT s.p, s.day_customers, s.day_identified FROM sums AS s WHERE grain = 'day'),
    returned AS (
        SELECT x.p, count(DISTINCT f.order_key) + count(*) FILTER (WHERE f.order_key IS NULL) AS orders
        FROM days AS x JOIN ecom.fct_returns AS f ON f.return_date = x.date_key
        WHERE grain <> 'day'
        GROUP BY x.p
        UNION ALL
        SELECT s.p, s.day_returned_orders FROM sums AS s WHERE grain = 'day')
    SELECT s.p, s.q, coalesce(s.orders, 0)::bigint, coalesce(s.units, 0)::bigint, coalesce(b.customers, 0)::bigint,
           coalesce(s.new_customers, 0)::bigint, (coalesce(b.identified, 0) - coalesce(s.new_customers, 0))::bigint,
           coalesce(s.gross, 0), coalesce(s.discount, 0), coalesce(s.refunds, 0), coalesce(s.net, 0),
           coalesce(s.shipping, 0), coalesce(s.tax, 0), coalesce(s.net + s.shipping + s.tax, 0),
           ecom.ratio(s.gross - s.discount, s.orders, 2),
           coalesce(s.returned_units, 0)::bigint, coalesce(t.orders, 0)::bigint,
           ecom.ratio(s.returned_units, s.units, 4), ecom.ratio(t.orders, s.orders, 4),
           ecom.ratio(b.identified - s.new_customers, b.identified, 4)
    FROM sums AS s LEFT JOIN buyers AS b USING (p) LEFT JOIN returned AS t USING (p)
    ORDER BY s.p;
END $$;
COMMENT ON FUNCTION ecom.metrics_periods(text, date, date) IS
    'Store KPIs per day, week (ISO, from Monday), month, quarter or year, or over the whole range, for the days of [from_day, to_day] (NULL = from the first / to the last day of data); same columns as ecom.metrics_daily with period_start and period_end; customers are distinct over the period';

CREATE VIEW ecom.metrics_weekly AS
SELECT m.period_start AS week, m.period_end AS week_end, m.orders, m.units, m.customers, m.new_customers,
       m.repeat_customers, m.gross_sales, m.discounts, m.refunds, m.net_sales, m.shipping, m.taxes, m.total_sales,
       m.average_order_value, m.returned_units, m.returned_orders, m.unit_return_rate, m.order_return_rate,
       m.returning_customer_rate
FROM ecom.metrics_periods('week') AS m;
COMMENT ON VIEW ecom.metrics_weekly IS
    'Store KPIs per ISO week (Monday to Sunday) in ecom.timezone; customers are distinct over the week; the first and last weeks may be partial';

CREATE VIEW ecom.metrics_monthly AS
SELECT m.period_start AS month, m.period_end AS month_end, m.orders, m.units, m.customers, m.new_customers,
       m.repeat_customers, m.gross_sales, m.discounts, m.refunds, m.net_sales, m.shipping, m.taxes, m.total_sales,
       m.average_order_value, m.returned_units, m.returned_orders, m.unit_return_rate, m.order_return_rate,
       m.returning_customer_rate
FROM ecom.metrics_periods('month') AS m;
COMMENT ON VIEW ecom.metrics_monthly IS
    'Store KPIs per calendar month in ecom.timezone; additive columns equal the sum of ecom.metrics_daily over the month; customers are distinct over the month';

-- The same column comments for the three views.
DO $$
DECLARE
    v text;
    c record;
BEGIN
    FOREACH v IN ARRAY ARRAY['metrics_daily', 'metrics_weekly', 'metrics_monthly'] LOOP
        FOR c IN SELECT * FROM (VALUES
            ('day', 'The day (in ecom.timezone)'),
            ('week', 'Monday starting the ISO week'),
            ('week_end', 'Sunday ending the week'),
            ('month', 'First day of the month'),
            ('month_end', 'Last day of the month'),
            ('orders', 'Orders placed (cancelled orders excluded)'),
            ('units', 'Merchandise units ordered'),
            ('customers', 'Distinct customers who ordered (all guests count as one)'),
            ('new_customers', 'Identified customers whose first order fell in the period'),
            ('repeat_customers', 'Identified customers who ordered in the period and had a first order before it'),
            ('gross_sales', 'Price x quantity of the merchandise ordered, before discounts'),
            ('discounts', 'Order discounts'),
            ('refunds', 'Refunds of the returns that arrived in the period within the refund window'),
            ('net_sales', 'gross_sales - discounts - refunds (exact numeric)'),
            ('shipping', 'Shipping charged'),
            ('taxes', 'Taxes charged'),
            ('total_sales', 'net_sales + shipping + taxes'),
            ('average_order_value', '(gross_sales - discounts) / orders, 2 decimals; NULL without orders'),
            ('returned_units', 'Units of the returns that arrived in the period (refunded or not)'),
            ('returned_orders', 'Distinct orders with a return that arrived in the period'),
            ('unit_return_rate', 'returned_units / units of the period (a flow: returns arriving over sales made), 4 decimals'),
            ('order_return_rate', 'returned_orders / orders of the period (a flow), 4 decimals'),
            ('returning_customer_rate', 'repeat_customers / (new_customers + repeat_customers), 4 decimals')) AS t(col, txt)
        LOOP
            IF EXISTS (SELECT FROM pg_attribute WHERE attrelid = ('ecom.' || v)::regclass AND attname = c.col) THEN
                EXECUTE format('COMMENT ON COLUMN ecom.%I.%I IS %L', v, c.col, c.txt);
            END IF;
        END LOOP;
    END LOOP;
END
$$;
