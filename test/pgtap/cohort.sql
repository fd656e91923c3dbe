-- Cohort aggregate and the customer views: the native cohort table equals a pure-SQL computation on a
-- generated table (every grain) and on demo warehouse data; a forced-parallel plan (a real Partial
-- Aggregate) gives exactly the serial summary; N-day LTV / retention equal a direct per-customer query
-- and show immature cohorts as documented; the RFM and funnel views agree with their sources.
\set QUIET 1
BEGIN;
SELECT plan(18);
SET LOCAL TimeZone = 'UTC';

-- The text of a query's plan.
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE line text; plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN ' || query LOOP plan := plan || line || E'\n'; END LOOP;
    RETURN plan;
END $$;

-- Generated events (not TEMP: parallel workers cannot read temporary tables): about 5000 customers whose
-- first order lies in 2023-2024, events from 30 days before to 400 days after it, a few NULL keys.
CREATE TABLE cohort_events AS
WITH e AS (SELECT i, 'k' || (i * 7919 % 5003) AS customer FROM generate_series(1::bigint, 120000) i)
SELECT CASE WHEN i % 991 = 0 THEN NULL ELSE customer END AS customer,
       timestamptz '2023-01-01 00:00+00' + (hashtext(customer) & 1023) * interval '11 hours' AS first_at,
       CASE WHEN i % 1009 = 0 THEN NULL
            ELSE timestamptz '2023-01-01 00:00+00' + (hashtext(customer) & 1023) * interval '11 hours'
                 + ((i * 104729 % 430) - 30) * interval '1 day' + (i % 86400) * interval '1 second' END AS event_at,
       CASE WHEN i % 1013 = 0 THEN NULL ELSE ((i * 31337 % 100000) / 100.0)::numeric(12, 2) END AS amount
FROM e;
ANALYZE cohort_events;

-- Pure SQL cohort table: periods by date_trunc in UTC, offsets from 0 to min(horizon, latest period - cohort).
CREATE FUNCTION pg_temp.cohort_sql(grain text, horizon int)
RETURNS TABLE (cohort timestamptz, period_offset int, cohort_size bigint, active_customers bigint,
               revenue numeric, cumulative_revenue numeric, ltv numeric)
LANGUAGE sql AS $$
WITH rows AS (SELECT * FROM cohort_events WHERE customer IS NOT NULL AND first_at IS NOT NULL AND event_at IS NOT NULL),
firsts AS (SELECT customer, date_trunc(grain, min(first_at)) AS cohort FROM rows GROUP BY customer),
-- periods as integers: days or weeks since a Monday, or months
idx AS (SELECT r.customer, f.cohort, r.amount,
               CASE grain WHEN 'month' THEN (extract(year FROM date_trunc('month', r.event_at)) - extract(year FROM f.cohort)) * 12
                                            + extract(month FROM date_trunc('month', r.event_at)) - extract(month FROM f.cohort)
                          WHEN 'week' THEN (date_trunc('week', r.event_at)::date - f.cohort::date) / 7
                          ELSE date_trunc('day', r.event_at)::date - f.cohort::date END::int AS k
        FROM rows r JOIN firsts f USING (customer)),
latest AS (SELECT max(date_trunc(grain, event_at)) AS p FROM rows),
sizes AS (SELECT cohort, count(*) AS n FROM firsts GROUP BY cohort),
grid AS (SELECT s.cohort, s.n, g.k FROM sizes s, latest l,
         LATERAL generate_series(0, least(horizon,
             CASE grain WHEN 'month' THEN ((extract(year FROM l.p) - extract(year FROM s.cohort)) * 12
                                           + extract(month FROM l.p) - extract(month FROM s.cohort))::int
                        WHEN 'week' THEN (l.p::date - s.cohort::date) / 7
                        ELSE l.p::date - s.cohort::date END)) g(k)),
act AS (SELECT cohort, k, count(DISTINCT customer) AS active, coalesce(sum(amount), 0) AS revenue
        FROM idx WHERE k BETWEEN 0 AND horizon GROUP BY cohort, k)
SELECT g.cohort, g.k, g.n, coalesce(a.active, 0), coalesce(a.revenue, 0),
       sum(coalesce(a.revenue, 0)) OVER w, round(sum(coalesce(a.revenue, 0)) OVER w / g.n, 6)
FROM grid g LEFT JOIN act a USING (cohort, k)
WINDOW w AS (PARTITION BY g.cohort ORDER BY g.k)
$$;

-- Native cohort table of the generated events.
CREATE FUNCTION pg_temp.cohort_native(grain text, horizon int)
RETURNS TABLE (cohort timestamptz, period_offset int, cohort_size bigint, active_customers bigint,
               revenue numeric, cumulative_revenue numeric, ltv numeric)
LANGUAGE sql AS $$
    SELECT t.cohort, t.period_offset, t.cohort_size, t.active_customers, t.revenue, t.cumulative_revenue, t.ltv
    FROM ecom.cohort_table((SELECT ecom.cohort_agg(customer, first_at, event_at, amount, grain, horizon) FROM cohort_events)) t
$$;

-- Rows in one result and not the other (both ways).
CREATE FUNCTION pg_temp.cohort_mismatches(grain text, horizon int) RETURNS bigint LANGUAGE sql AS $$
    SELECT (SELECT count(*) FROM (SELECT * FROM pg_temp.cohort_sql(grain, horizon)
                                  EXCEPT ALL SELECT * FROM pg_temp.cohort_native(grain, horizon)) d)
         + (SELECT count(*) FROM (SELECT * FROM pg_temp.cohort_native(grain, horizon)
                                  EXCEPT ALL SELECT * FROM pg_temp.cohort_sql(grain, horizon)) d)
$$;

SET LOCAL max_parallel_workers_per_gather = 0;
SELECT cmp_ok((SELECT count(*) FROM pg_temp.cohort_native('month', 12)), '>', 200::bigint, 'the monthly table has many cells');
SELECT is(pg_temp.cohort_mismatches('month', 12), 0::bigint, 'monthly cohorts, horizon 12: equal pure SQL');
SELECT is(pg_temp.cohort_mismatches('week', 20), 0::bigint, 'weekly cohorts, horizon 20: equal pure SQL');
SELECT is(pg_temp.cohort_mismatches('day', 40), 0::bigint, 'daily cohorts, horizon 40: equal pure SQL');
SELECT is((SELECT skipped_null_rows FROM ecom.cohort_summary_info(
               (SELECT ecom.cohort_agg(customer, first_at, event_at, amount, 'month', 3) FROM cohort_events))),
          (SELECT count(*) FROM cohort_events WHERE customer IS NULL OR first_at IS NULL OR event_at IS NULL),
          'rows with a NULL key are skipped and counted');

-- Serial summary, then the same with a forced parallel plan.
SELECT ecom.cohort_agg(customer, first_at, event_at, amount, 'week', 30) AS serial_cohort FROM cohort_events \gset
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SELECT matches(pg_temp.plan_of($$SELECT ecom.cohort_agg(customer, first_at, event_at, amount, 'week', 30) FROM cohort_events$$),
               'Partial Aggregate', 'cohort_agg really runs as a parallel partial aggregate');
SELECT is((SELECT ecom.cohort_agg(customer, first_at, event_at, amount, 'week', 30) FROM cohort_events), :'serial_cohort'::bytea,
          'parallel cohort_agg gives the byte-identical serial summary');
SELECT is(pg_temp.cohort_mismatches('month', 12), 0::bigint, 'parallel plan: monthly cohorts still equal pure SQL');
SET LOCAL max_parallel_workers_per_gather = 0;

-- Demo warehouse data.
SET LOCAL client_min_messages = warning;
SELECT count(*) AS staged_tables FROM ecom.generate_demo_data(300, 120, '2024-03-01', 11, 0.0) \gset
SELECT run_id AS etl_run FROM ecom.run_etl() \gset

SELECT is((SELECT count(*) FROM ((SELECT cohort_month, months_since, cohort_size, active_customers, cumulative_revenue
                                  FROM ecom.retention_cohorts
                                  EXCEPT ALL
                                  SELECT cohort_month, months_since, cohort_size, active_customers, cumulative_net
                                  FROM ecom.fct_cohort_ltv)
                                 UNION ALL
                                 (SELECT cohort_month, months_since, cohort_size, active_customers, cumulative_net
                                  FROM ecom.fct_cohort_ltv
                                  EXCEPT ALL
                                  SELECT cohort_month, months_since, cohort_size, active_customers, cumulative_revenue
                                  FROM ecom.retention_cohorts)) d),
          0::bigint, 'demo data: ecom.retention_cohorts equals the ETL''s pure-SQL ecom.fct_cohort_ltv (UTC)');

-- N-day LTV and retention by a direct per-customer query (correlated subqueries).
CREATE TEMP VIEW direct AS
WITH c AS (SELECT customer_key, min(created_at) AS first_at FROM ecom.fct_orders
           WHERE customer_key <> 0 AND status <> 'cancelled' GROUP BY customer_key),
m AS (SELECT max(created_at) AS as_of FROM ecom.fct_orders WHERE customer_key <> 0 AND status <> 'cancelled')
SELECT d.days, date_trunc('month', c.first_at)::date AS cohort_month, count(*) AS customers,
       count(*) FILTER (WHERE c.first_at + d.days * interval '1 day' <= m.as_of) AS mature,
       round(sum((SELECT sum(o.net) FROM ecom.fct_orders o WHERE o.customer_key = c.customer_key AND o.status <> 'cancelled'
                  AND o.created_at < c.first_at + d.days * interval '1 day'))
             FILTER (WHERE c.first_at + d.days * interval '1 day' <= m.as_of)
             / nullif(count(*) FILTER (WHERE c.first_at + d.days * interval '1 day' <= m.as_of), 0), 6) AS ltv,
       count(*) FILTER (WHERE c.first_at + d.days * interval '1 day' <= m.as_of
                          AND (SELECT count(*) FROM ecom.fct_orders o WHERE o.customer_key = c.customer_key
                               AND o.status <> 'cancelled' AND o.created_at < c.first_at + d.days * interval '1 day') >= 2) AS retained
FROM c, m, (VALUES (7), (30), (90)) d(days) GROUP BY d.days, 2;

SELECT is((SELECT count(*) FROM ecom.retention_cohorts), (SELECT count(*) FROM ecom.fct_cohort_ltv),
          'demo data: as many cohort cells as the ETL''s table (not both empty: see the next tests)');
SELECT is((SELECT count(*) FROM direct), (SELECT count(*) FROM (VALUES (7), (30), (90)) d(days), ecom.ltv(d.days)),
          'ecom.ltv lists every acquisition cohort once per horizon');
SELECT is((SELECT count(*) FROM (SELECT days, cohort_month, customers, mature, ltv FROM direct
                                 EXCEPT ALL SELECT d.days, l.cohort_month, l.customers, l.mature_customers, l.ltv
                                 FROM (VALUES (7), (30), (90)) d(days), ecom.ltv(d.days) l) x),
          0::bigint, 'ecom.ltv(7/30/90) equals a direct per-customer computation');
SELECT is((SELECT count(*) FROM (SELECT days, cohort_month, customers, mature, retained FROM direct
                                 EXCEPT ALL SELECT d.days, r.cohort_month, r.customers, r.mature_customers, r.retained_customers
                                 FROM (VALUES (7), (30), (90)) d(days), ecom.retention(d.days) r) x),
          0::bigint, 'ecom.retention(7/30/90) equals a direct per-customer computation');
SELECT ok((SELECT bool_and(ltv IS NULL AND NOT complete) FROM ecom.ltv(90) WHERE mature_customers = 0)
          AND EXISTS (SELECT FROM ecom.ltv(90) WHERE mature_customers = 0)
          AND EXISTS (SELECT FROM direct WHERE days = 90 AND mature > 0 AND ltv IS NOT NULL),
          'immature cohorts: listed with mature_customers 0, ltv NULL and complete false; older ones have values');
SELECT throws_ok('SELECT * FROM ecom.ltv(0)', '22023', 'days must be at least 1, got 0', 'days < 1 is an error');

SELECT is((SELECT (count(*), sum(frequency), sum(monetary))::text FROM ecom.rfm_segments),
          (SELECT (count(DISTINCT customer_key), count(*), sum(net))::text FROM ecom.fct_orders
           WHERE customer_key <> 0 AND status <> 'cancelled'),
          'ecom.rfm_segments covers every ordering customer, order and unit of net revenue');
SELECT is((SELECT (sum(customers), round(sum(revenue_share), 2))::text FROM ecom.rfm_segment_summary),
          (SELECT (count(*), 1.00)::text FROM ecom.rfm_segments), 'segment summary adds up');
SELECT ok((SELECT bool_and(sessions >= viewed AND viewed >= carted AND carted >= checked_out AND checked_out >= purchased)
                  AND sum(sessions) = (SELECT count(DISTINCT session_id) FROM ecom.fct_events) AND sum(purchased) > 0
           FROM ecom.funnel_daily), 'funnel_daily: every session counted once, steps never grow');

SELECT * FROM finish();
ROLLBACK;
