-- RFM, funnel and retention aggregates: scores equal an independent pure-SQL computation with the same
-- tie rule (on generated orders, and on the Online Retail invoices when ../shared/data is present), and
-- forced-parallel plans (a real Partial Aggregate) give exactly the serial result.
\getenv shared_data ECOM_SHARED_DATA
\if :{?shared_data}
\else
\set shared_data ''
\endif
SELECT :'shared_data' <> '' AS have_shared_data \gset
BEGIN;
SELECT plan(14);

-- The text of a query's plan.
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE line text; plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN ' || query LOOP plan := plan || line || E'\n'; END LOOP;
    RETURN plan;
END $$;

-- Generated orders (not TEMP: parallel workers cannot read temporary tables): 20011 possible customers,
-- many ties in frequency and recency, amounts with cents, a few NULL customers, times and amounts, and
-- some orders after as_of.
CREATE TABLE rfm_orders AS
SELECT CASE WHEN i % 997 = 0 THEN NULL ELSE 'c' || (i * 7919 % 20011) END AS customer,
       CASE WHEN i % 1009 = 0 THEN NULL
            ELSE timestamptz '2024-06-01 00:00+00' - (i * 104729 % 420) * interval '1 day'
                 - (i * 13 % 86400) * interval '1 second' + interval '10 days' END AS ordered_at,
       CASE WHEN i % 1013 = 0 THEN NULL ELSE ((i * 31337 % 100000) / 100.0)::numeric(12, 2) END AS amount,
       i % 5 AS session, timestamptz '2024-01-01' + (i * 7 % 5000) * interval '1 minute' AS ts,
       (i * 17 % 7) AS page
FROM generate_series(1::bigint, 200000) i;
ANALYZE rfm_orders;

-- Pure SQL: GROUP BY customer, then percent_rank windows ordered by value then customer id (byte order),
-- score = max(1, ceil(bins * percent_rank)) (qcut on ranks), segment from the five-level (R, F) grid.
CREATE FUNCTION pg_temp.rfm_sql(as_of timestamptz, bins int)
RETURNS TABLE (customer text, recency_days int, frequency bigint, monetary numeric, r int, f int, m int, segment text)
LANGUAGE sql AS $$
WITH per_customer AS (
    SELECT customer, floor(extract(epoch FROM as_of - max(ordered_at)) / 86400)::int AS recency_days,
           count(*) AS frequency, coalesce(sum(amount), 0) AS monetary
    FROM rfm_orders WHERE customer IS NOT NULL AND ordered_at IS NOT NULL AND ordered_at <= as_of
    GROUP BY customer),
ranked AS (
    SELECT *, percent_rank() OVER (ORDER BY recency_days DESC, customer COLLATE "C") AS pr,
              percent_rank() OVER (ORDER BY frequency, customer COLLATE "C") AS pf,
              percent_rank() OVER (ORDER BY monetary, customer COLLATE "C") AS pm
    FROM per_customer),
scored AS (
    SELECT customer, recency_days, frequency, monetary,
           greatest(1, ceil(round((pr * bins)::numeric, 9)))::int AS r,
           greatest(1, ceil(round((pf * bins)::numeric, 9)))::int AS f,
           greatest(1, ceil(round((pm * bins)::numeric, 9)))::int AS m
    FROM ranked)
SELECT s.*, g.segment
FROM scored s
JOIN (VALUES (1, 1, 'Lost'), (1, 2, 'Lost'), (1, 3, 'At Risk'), (1, 4, 'At Risk'), (1, 5, 'Can''t Lose Them'),
             (2, 1, 'Hibernating'), (2, 2, 'Hibernating'), (2, 3, 'At Risk'), (2, 4, 'At Risk'), (2, 5, 'Can''t Lose Them'),
             (3, 1, 'About To Sleep'), (3, 2, 'About To Sleep'), (3, 3, 'Need Attention'), (3, 4, 'Loyal Customers'),
             (3, 5, 'Loyal Customers'), (4, 1, 'Promising'), (4, 2, 'Potential Loyalists'), (4, 3, 'Potential Loyalists'),
             (4, 4, 'Loyal Customers'), (4, 5, 'Loyal Customers'), (5, 1, 'New Customers'), (5, 2, 'Potential Loyalists'),
             (5, 3, 'Potential Loyalists'), (5, 4, 'Champions'), (5, 5, 'Champions')) g(r5, f5, segment)
  ON g.r5 = 1 + (8 * (s.r - 1) + bins - 1) / (2 * (bins - 1)) AND g.f5 = 1 + (8 * (s.f - 1) + bins - 1) / (2 * (bins - 1))
$$;

-- Native: the same columns from ecom.rfm_scores.
CREATE FUNCTION pg_temp.rfm_native(as_of timestamptz, bins int)
RETURNS TABLE (customer text, recency_days int, frequency bigint, monetary numeric, r int, f int, m int, segment text)
LANGUAGE sql AS $$
SELECT s.customer, s.recency_days, s.frequency, s.monetary, s.r, s.f, s.m, s.segment
FROM (SELECT ecom.rfm_agg(customer, ordered_at, amount, as_of, bins) AS summary FROM rfm_orders) q,
     ecom.rfm_scores(q.summary) s
$$;

-- Rows in one result and not the other (0 when both agree exactly).
CREATE FUNCTION pg_temp.rfm_mismatches(as_of timestamptz, bins int) RETURNS bigint LANGUAGE sql AS $$
SELECT count(*) FROM ((SELECT * FROM pg_temp.rfm_native(as_of, bins) EXCEPT ALL SELECT * FROM pg_temp.rfm_sql(as_of, bins))
                      UNION ALL
                      (SELECT * FROM pg_temp.rfm_sql(as_of, bins) EXCEPT ALL SELECT * FROM pg_temp.rfm_native(as_of, bins))) d
$$;

SET LOCAL client_min_messages = warning;  -- the NOTICE about skipped rows
SET LOCAL max_parallel_workers_per_gather = 0;
SELECT cmp_ok((SELECT count(*) FROM pg_temp.rfm_native('2024-06-01 00:00+00', 5)), '>', 19000::bigint,
              'the generated table has about 20000 customers');
SELECT is(pg_temp.rfm_mismatches('2024-06-01 00:00+00', 5), 0::bigint, 'bins 5: scores and segments equal pure SQL');
SELECT is(pg_temp.rfm_mismatches('2024-03-15 12:00+00', 7), 0::bigint, 'bins 7, earlier as_of: equal pure SQL');
SELECT is(pg_temp.rfm_mismatches('2024-06-01 00:00+00', 100), 0::bigint, 'bins 100: equal pure SQL');
SELECT is((SELECT (skipped_null_rows, skipped_after_as_of)::text
           FROM ecom.rfm_summary_info((SELECT ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01 00:00+00') FROM rfm_orders))),
          (SELECT (count(*) FILTER (WHERE customer IS NULL OR ordered_at IS NULL),
                   count(*) FILTER (WHERE customer IS NOT NULL AND ordered_at > '2024-06-01 00:00+00'))::text FROM rfm_orders),
          'skipped rows are counted');

-- Serial results, then the same queries with a parallel plan.
SELECT ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01 00:00+00') AS serial_rfm FROM rfm_orders \gset
SELECT ecom.rfm_agg(NULL::text, ordered_at, amount, '2024-06-01 00:00+00') AS serial_skipped_only FROM rfm_orders \gset
SELECT md5(string_agg(session || ':' || level, ',' ORDER BY session)) AS serial_funnel
FROM (SELECT session, ecom.window_funnel('3 hours', 'strict_increase', ts, page = 1, page = 2, page = 3, page = 4) AS level
      FROM rfm_orders GROUP BY session) t \gset
SELECT md5(string_agg(page || ':' || r::text, ',' ORDER BY page)) AS serial_retention
FROM (SELECT page, ecom.retention(session = 0, session = 1, ts > '2024-01-02') AS r FROM rfm_orders GROUP BY page) t \gset
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SELECT matches(pg_temp.plan_of($$SELECT ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01 00:00+00') FROM rfm_orders$$),
               'Partial Aggregate', 'rfm_agg really runs as a parallel partial aggregate');
SELECT is((SELECT ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01 00:00+00') FROM rfm_orders), :'serial_rfm'::bytea,
          'parallel rfm_agg gives the byte-identical serial summary');
SELECT is((SELECT ecom.rfm_agg(NULL::text, ordered_at, amount, '2024-06-01 00:00+00') FROM rfm_orders),
          :'serial_skipped_only'::bytea, 'parallel rfm_agg of rows that are all skipped keeps as_of, bins and the counts');
SELECT matches(pg_temp.plan_of($$SELECT session, ecom.window_funnel('3 hours', ts, page = 1) FROM rfm_orders GROUP BY session$$),
               'Partial (Hash|Group)?Aggregate', 'window_funnel runs as a parallel partial aggregate');
SELECT is((SELECT md5(string_agg(session || ':' || level, ',' ORDER BY session))
           FROM (SELECT session, ecom.window_funnel('3 hours', 'strict_increase', ts, page = 1, page = 2, page = 3, page = 4) AS level
                 FROM rfm_orders GROUP BY session) t), :'serial_funnel', 'parallel window_funnel equals serial');
SELECT is((SELECT md5(string_agg(page || ':' || r::text, ',' ORDER BY page))
           FROM (SELECT page, ecom.retention(session = 0, session = 1, ts > '2024-01-02') AS r FROM rfm_orders GROUP BY page) t),
          :'serial_retention', 'parallel retention equals serial');
SELECT is(pg_temp.rfm_mismatches('2024-06-01 00:00+00', 5), 0::bigint, 'parallel plan: scores still equal pure SQL');

-- Online Retail (UCI): one order per invoice (cancellations, prefixed C, and lines without a customer left out),
-- amount = sum(quantity * unit price); as_of the day after the last invoice.
\if :have_shared_data
SET LOCAL max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE retail_lines (invoice text, stock_code text, description text, quantity int, invoice_date timestamp,
                                unit_price numeric, customer_id text, country text);
\set retail_file :shared_data '/online_retail/online_retail.csv'
COPY retail_lines FROM :'retail_file' (FORMAT csv, HEADER);
TRUNCATE rfm_orders;
INSERT INTO rfm_orders (customer, ordered_at, amount)
SELECT customer_id, min(invoice_date), sum(quantity * unit_price)
FROM retail_lines WHERE customer_id IS NOT NULL AND invoice NOT LIKE 'C%' GROUP BY invoice, customer_id;
SELECT is((SELECT count(*) FROM pg_temp.rfm_native('2011-12-10 00:00+00', 5)), 4339::bigint,
          'Online Retail: 4339 customers with a non-cancelled invoice');
SELECT is(pg_temp.rfm_mismatches('2011-12-10 00:00+00', 5), 0::bigint, 'Online Retail: scores and segments equal pure SQL');
\else
SELECT skip('../shared/data is absent: Online Retail comparison skipped', 2);
\endif

SELECT * FROM finish();
ROLLBACK;
