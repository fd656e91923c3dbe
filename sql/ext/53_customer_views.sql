-- Customer analytics over the warehouse: RFM segments and their summary, monthly retention cohorts,
-- N-day LTV and retention per acquisition cohort, and the daily shopping funnel. Orders count when they
-- belong to a known customer (customer_key <> 0) and are not cancelled, like ecom.fct_cohort_ltv; money is
-- fct_orders.net. See docs/cohort.md and docs/rfm.md.

CREATE VIEW ecom.rfm_segments AS
WITH orders AS (
    SELECT c.customer_id, o.created_at, o.net
    FROM ecom.fct_orders AS o JOIN ecom.dim_customer AS c USING (customer_key)
    WHERE o.customer_key <> 0 AND o.status <> 'cancelled'),
as_of AS (SELECT max(created_at) AS as_of FROM orders),
summary AS (SELECT a.as_of, ecom.rfm_agg(o.customer_id, o.created_at, o.net, a.as_of) AS s
            FROM orders AS o CROSS JOIN as_of AS a GROUP BY a.as_of)
SELECT c.customer_key, r.customer AS customer_id, s.as_of, r.recency_days, r.frequency, r.monetary,
       r.r, r.f, r.m, r.rfm_code, r.segment
FROM summary AS s CROSS JOIN LATERAL ecom.rfm_scores(s.s) AS r
JOIN ecom.dim_customer AS c ON c.customer_id = r.customer;
COMMENT ON VIEW ecom.rfm_segments IS
    'RFM scores (5 buckets) and standard segment of every customer with a non-cancelled order, as of the latest order in the warehouse (see docs/rfm.md)';
COMMENT ON COLUMN ecom.rfm_segments.customer_key IS 'Customer (ecom.dim_customer)';
COMMENT ON COLUMN ecom.rfm_segments.customer_id IS 'Business key of the customer';
COMMENT ON COLUMN ecom.rfm_segments.as_of IS 'Reference time: creation time of the latest non-cancelled order';
COMMENT ON COLUMN ecom.rfm_segments.recency_days IS 'Whole days from the customer''s latest order to as_of';
COMMENT ON COLUMN ecom.rfm_segments.frequency IS 'Non-cancelled orders';
COMMENT ON COLUMN ecom.rfm_segments.monetary IS 'Sum of the orders'' net revenue';
COMMENT ON COLUMN ecom.rfm_segments.r IS 'Recency score 1..5 (5 = most recent)';
COMMENT ON COLUMN ecom.rfm_segments.f IS 'Frequency score 1..5 (5 = most orders)';
COMMENT ON COLUMN ecom.rfm_segments.m IS 'Monetary score 1..5 (5 = most money)';
COMMENT ON COLUMN ecom.rfm_segments.rfm_code IS 'R, F and M scores as one code, for example 545';
COMMENT ON COLUMN ecom.rfm_segments.segment IS 'One of the 11 standard segments (Champions ... Lost)';

CREATE VIEW ecom.rfm_segment_summary AS
SELECT segment, count(*) AS customers,
       round(count(*)::numeric / sum(count(*)) OVER (), 4) AS customer_share,
       sum(monetary) AS revenue,
       round(sum(monetary) / nullif(sum(sum(monetary)) OVER (), 0), 4) AS revenue_share,
       round(avg(recency_days), 1) AS avg_recency_days,
       round(avg(frequency), 2) AS avg_frequency,
       round(avg(monetary), 2) AS avg_monetary
FROM ecom.rfm_segments
GROUP BY segment
ORDER BY revenue DESC, segment;
COMMENT ON VIEW ecom.rfm_segment_summary IS 'One row per RFM segment of ecom.rfm_segments: size, revenue and averages';
COMMENT ON COLUMN ecom.rfm_segment_summary.segment IS 'RFM segment name';
COMMENT ON COLUMN ecom.rfm_segment_summary.customers IS 'Customers in the segment';
COMMENT ON COLUMN ecom.rfm_segment_summary.customer_share IS 'Share of all scored customers (0..1, 4 decimals)';
COMMENT ON COLUMN ecom.rfm_segment_summary.revenue IS 'Net revenue of the segment''s customers';
COMMENT ON COLUMN ecom.rfm_segment_summary.revenue_share IS 'Share of the net revenue of all scored customers (0..1, 4 decimals; NULL when that is 0)';
COMMENT ON COLUMN ecom.rfm_segment_summary.avg_recency_days IS 'Average days since the latest order';
COMMENT ON COLUMN ecom.rfm_segment_summary.avg_frequency IS 'Average number of orders';
COMMENT ON COLUMN ecom.rfm_segment_summary.avg_monetary IS 'Average net revenue per customer';

CREATE VIEW ecom.retention_cohorts AS
SELECT (t.cohort AT TIME ZONE 'UTC')::date AS cohort_month, t.period_offset AS months_since, t.cohort_size,
       t.active_customers, t.retention_rate, t.revenue, t.cumulative_revenue, t.ltv
FROM (SELECT ecom.cohort_agg(customer_key, created_at, created_at, net, 'month', 1200) AS s
      FROM ecom.fct_orders WHERE customer_key <> 0 AND status <> 'cancelled') AS q
CROSS JOIN LATERAL ecom.cohort_table(q.s) AS t;
COMMENT ON VIEW ecom.retention_cohorts IS
    'Monthly retention matrix, one row per cell: customers grouped by the UTC month of their first non-cancelled order, followed month by month up to the month of the latest order (computed by ecom.cohort_agg)';
COMMENT ON COLUMN ecom.retention_cohorts.cohort_month IS 'First day of the (UTC) month of the customers'' first order';
COMMENT ON COLUMN ecom.retention_cohorts.months_since IS 'Months after the cohort month (0 = the cohort month)';
COMMENT ON COLUMN ecom.retention_cohorts.cohort_size IS 'Customers in the cohort';
COMMENT ON COLUMN ecom.retention_cohorts.active_customers IS 'Of those, customers who ordered in this month';
COMMENT ON COLUMN ecom.retention_cohorts.retention_rate IS 'active_customers / cohort_size';
COMMENT ON COLUMN ecom.retention_cohorts.revenue IS 'Net revenue of the cohort''s orders in this month';
COMMENT ON COLUMN ecom.retention_cohorts.cumulative_revenue IS 'Net revenue of the cohort from month 0 to this month';
COMMENT ON COLUMN ecom.retention_cohorts.ltv IS 'cumulative_revenue per cohort customer (to 1e-6, half away from zero)';

-- Per customer: first order and what happened in the `days` days from it; shared by ecom.ltv and ecom.retention.
CREATE FUNCTION ecom._first_days(days int, as_of timestamptz)
    RETURNS TABLE (cohort_month date, first_order_at timestamptz, mature bool, orders bigint, revenue numeric)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF days IS NULL OR days < 1 THEN
        RAISE EXCEPTION 'days must be at least 1, got %', days
            USING ERRCODE = '22023', HINT = 'Pass a horizon in days, for example 7, 30 or 90.';
    END IF;
    RETURN QUERY
    WITH orders AS (
        SELECT o.customer_key, o.created_at, o.net FROM ecom.fct_orders AS o
        WHERE o.customer_key <> 0 AND o.status <> 'cancelled'),
    firsts AS (SELECT o.customer_key, min(o.created_at) AS first_at FROM orders AS o GROUP BY o.customer_key),
    reference AS (SELECT coalesce(as_of, (SELECT max(o.created_at) FROM orders AS o)) AS t)
    SELECT date_trunc('month', f.first_at AT TIME ZONE 'UTC')::date, f.first_at,
           f.first_at + make_interval(days => days) <= r.t,
           count(*), sum(o.net)
    FROM firsts AS f CROSS JOIN reference AS r
    JOIN orders AS o ON o.customer_key = f.customer_key AND o.created_at < f.first_at + make_interval(days => days)
    GROUP BY f.customer_key, f.first_at, r.t;
END $$;
COMMENT ON FUNCTION ecom._first_days(int, timestamptz) IS
    'Internal to ecom.ltv and ecom.retention: per customer the UTC month and time of the first non-cancelled order, whether `days` days have passed since it at as_of (NULL: the latest order), and the orders and net revenue in those days';

CREATE FUNCTION ecom.ltv(days int, as_of timestamptz DEFAULT NULL)
    RETURNS TABLE (cohort_month date, customers bigint, mature_customers bigint, ltv numeric, complete bool)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT d.cohort_month, count(*), count(*) FILTER (WHERE d.mature),
           round(sum(d.revenue) FILTER (WHERE d.mature) / nullif(count(*) FILTER (WHERE d.mature), 0), 6),
           bool_and(d.mature)
    FROM ecom._first_days(days, as_of) AS d GROUP BY d.cohort_month ORDER BY d.cohort_month
$$;
COMMENT ON FUNCTION ecom.ltv(int, timestamptz) IS
    'N-day LTV per acquisition cohort (UTC month of the first non-cancelled order): average net revenue of a customer''s orders in the `days` days from the first one (first included). Only customers whose `days` days have passed by as_of (default: the latest order) count: mature_customers says how many, ltv is NULL when none has, complete is false while some have not';

CREATE FUNCTION ecom.retention(days int, as_of timestamptz DEFAULT NULL)
    RETURNS TABLE (cohort_month date, customers bigint, mature_customers bigint, retained_customers bigint,
                   retention_rate float8, complete bool)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT d.cohort_month, count(*), count(*) FILTER (WHERE d.mature),
           count(*) FILTER (WHERE d.mature AND d.orders >= 2),
           (count(*) FILTER (WHERE d.mature AND d.orders >= 2))::float8 / nullif(count(*) FILTER (WHERE d.mature), 0),
           bool_and(d.mature)
    FROM ecom._first_days(days, as_of) AS d GROUP BY d.cohort_month ORDER BY d.cohort_month
$$;
COMMENT ON FUNCTION ecom.retention(int, timestamptz) IS
    'N-day retention per acquisition cohort (UTC month of the first non-cancelled order): share of customers who placed another order within `days` days of their first. Only customers whose `days` days have passed by as_of (default: the latest order) count: mature_customers says how many, retention_rate is NULL when none has, complete is false while some have not';

CREATE VIEW ecom.funnel_daily AS
WITH sessions AS (
    SELECT min(e.event_date) AS day,
           ecom.window_funnel(interval '1 day', e.event_ts, e.event_type = 'page_view', e.event_type = 'add_to_cart',
                              e.event_type = 'checkout', e.event_type = 'purchase') AS depth
    FROM ecom.fct_events AS e GROUP BY e.session_id)
SELECT day, count(*) AS sessions,
       count(*) FILTER (WHERE depth >= 1) AS viewed,
       count(*) FILTER (WHERE depth >= 2) AS carted,
       count(*) FILTER (WHERE depth >= 3) AS checked_out,
       count(*) FILTER (WHERE depth >= 4) AS purchased,
       round((count(*) FILTER (WHERE depth >= 2))::numeric / nullif(count(*) FILTER (WHERE depth >= 1), 0), 4) AS view_to_cart,
       round((count(*) FILTER (WHERE depth >= 3))::numeric / nullif(count(*) FILTER (WHERE depth >= 2), 0), 4) AS cart_to_checkout,
       round((count(*) FILTER (WHERE depth >= 4))::numeric / nullif(count(*) FILTER (WHERE depth >= 3), 0), 4) AS checkout_to_purchase,
       round((count(*) FILTER (WHERE depth >= 4))::numeric / nullif(count(*) FILTER (WHERE depth >= 1), 0), 4) AS view_to_purchase
FROM sessions GROUP BY day
ORDER BY day;
COMMENT ON VIEW ecom.funnel_daily IS
    'Shopping funnel per day: sessions (by the date of their first event) reaching page view -> add to cart -> checkout -> purchase in that order within one day (ecom.window_funnel), with step conversion rates';
COMMENT ON COLUMN ecom.funnel_daily.day IS 'Date (event_date) of the session''s first event';
COMMENT ON COLUMN ecom.funnel_daily.sessions IS 'Sessions starting that day';
COMMENT ON COLUMN ecom.funnel_daily.viewed IS 'Sessions with a page view';
COMMENT ON COLUMN ecom.funnel_daily.carted IS 'Sessions with an add to cart after a page view';
COMMENT ON COLUMN ecom.funnel_daily.checked_out IS 'Sessions that then reached checkout';
COMMENT ON COLUMN ecom.funnel_daily.purchased IS 'Sessions that then purchased';
COMMENT ON COLUMN ecom.funnel_daily.view_to_cart IS 'carted / viewed (4 decimals; NULL when viewed is 0)';
COMMENT ON COLUMN ecom.funnel_daily.cart_to_checkout IS 'checked_out / carted';
COMMENT ON COLUMN ecom.funnel_daily.checkout_to_purchase IS 'purchased / checked_out';
COMMENT ON COLUMN ecom.funnel_daily.view_to_purchase IS 'purchased / viewed';
