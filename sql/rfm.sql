-- RFM on a plain table of orders: ecom.rfm_agg builds a per-customer summary in one pass,
-- ecom.rfm_scores expands it into scores and segments, ecom.rfm_summary_info describes it.
\set VERBOSITY default
CREATE TABLE shop_orders (customer text, ordered_at timestamptz, amount numeric(12, 2));
INSERT INTO shop_orders VALUES
    ('ann',   '2024-05-28 10:00+00', 120.00), ('ann',   '2024-05-02 09:00+00',  80.50),
    ('ann',   '2024-04-11 12:00+00',  99.99), ('ann',   '2024-03-01 08:00+00',  45.00),
    ('bob',   '2024-05-30 18:00+00',  15.00),
    ('cat',   '2023-11-20 10:00+00', 300.00), ('cat',   '2023-10-02 10:00+00', 250.00),
    ('cat',   '2023-09-15 10:00+00', 410.00), ('cat',   '2023-08-01 10:00+00', 120.00),
    ('dan',   '2023-07-04 10:00+00',  20.00),
    ('eve',   '2024-05-15 10:00+00',  60.00), ('eve',   '2024-04-15 10:00+00',  60.00),
    ('fay',   '2024-01-10 10:00+00',  35.00), ('fay',   '2023-12-10 10:00+00',  25.00),
    ('gus',   '2024-02-20 10:00+00', 500.00), ('gus',   '2024-02-01 10:00+00',  75.25),
    ('gus',   '2024-01-05 10:00+00',  80.00),
    ('hal',   '2024-05-20 10:00+00',   9.99),
    ('ivy',   '2023-12-24 10:00+00',  42.00),
    ('joe',   '2024-03-30 10:00+00', 130.00), ('joe',   '2024-03-02 10:00+00', 130.00),
    ('joe',   '2024-02-02 10:00+00', 130.00);

-- One row per customer, scores 1..5 (R higher = more recent), the RFM code and the segment.
SELECT s.*
FROM (SELECT ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01 00:00+00') AS summary FROM shop_orders) q,
     ecom.rfm_scores(q.summary) s;

-- Three buckets; ties in frequency (one order each) are broken by customer id.
SELECT s.customer, s.frequency, s.r, s.f, s.m, s.rfm_code, s.segment
FROM (SELECT ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01 00:00+00', 3) AS summary FROM shop_orders) q,
     ecom.rfm_scores(q.summary) s;

-- Segment summary: customers, revenue share and averages per segment.
WITH scores AS (
    SELECT s.* FROM (SELECT ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01 00:00+00') AS summary
                     FROM shop_orders) q, ecom.rfm_scores(q.summary) s)
SELECT segment, count(*) AS customers,
       round(100 * sum(monetary) / sum(sum(monetary)) OVER (), 1) AS revenue_pct,
       round(avg(recency_days), 1) AS avg_recency_days, round(avg(frequency), 2) AS avg_frequency,
       round(avg(monetary), 2) AS avg_monetary
FROM scores GROUP BY segment ORDER BY revenue_pct DESC, segment;

-- Money is exact: the monetary column equals SQL's numeric sum.
SELECT bool_and(s.monetary = t.total) AS monetary_exact
FROM (SELECT ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01 00:00+00') AS summary FROM shop_orders) q,
     ecom.rfm_scores(q.summary) s
     JOIN (SELECT customer, sum(amount) AS total FROM shop_orders GROUP BY customer) t USING (customer);

-- Rows with a NULL customer or order time are skipped and counted, as are orders after as_of;
-- ecom.rfm_scores reports them in a NOTICE and ecom.rfm_summary_info in columns. A NULL amount counts
-- as an order that adds no money.
INSERT INTO shop_orders VALUES (NULL, '2024-05-01 10:00+00', 10), ('kim', NULL, 10),
                               ('ann', '2024-07-01 10:00+00', 10), ('lou', '2024-05-31 10:00+00', NULL);
SELECT i.* FROM (SELECT ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01 00:00+00') AS summary FROM shop_orders) q,
     ecom.rfm_summary_info(q.summary) i;
SELECT s.customer, s.recency_days, s.frequency, s.monetary
FROM (SELECT ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01 00:00+00') AS summary FROM shop_orders) q,
     ecom.rfm_scores(q.summary) s WHERE s.customer IN ('ann', 'lou');

-- One summary per group (here: ids before and after "f") works like any aggregate.
SELECT left(customer, 1) < 'f' AS first_half, (ecom.rfm_summary_info(ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01 00:00+00'))).customers
FROM shop_orders WHERE customer IS NOT NULL GROUP BY 1 ORDER BY 1;

-- Your own segment names: a table of (r, f, segment) on the raw scores; unlisted cells keep the standard map.
CREATE TABLE my_segments (r int, f int, segment text);
INSERT INTO my_segments VALUES (5, 5, 'VIP'), (4, 5, 'VIP'), (1, 1, 'Gone');
SELECT s.customer, s.r, s.f, s.segment
FROM (SELECT ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01 00:00+00') AS summary
      FROM shop_orders WHERE customer IS NOT NULL AND ordered_at <= '2024-06-01 00:00+00') q,
     ecom.rfm_scores(q.summary, 'my_segments') s;
DROP TABLE my_segments;

-- numeric amounts are read from their digits: rounded half away from zero to 6 decimals, any scale.
SELECT s.customer, s.frequency, s.monetary
FROM (SELECT ecom.rfm_agg(c, '2024-01-01'::timestamptz, a, '2024-06-01') AS summary
      FROM (VALUES ('a', 1.0000005), ('b', -1.0000005), ('c', 0.0000004), ('d', 123456789.123456),
                   ('e', 1.5::numeric(80, 70)), ('f', 9000000000000), ('f', -9000000000000), ('g', 0),
                   ('h', 0.01), ('h', 0.02), ('i', -0.0000015)) v(c, a)) q,
     ecom.rfm_scores(q.summary) s;
-- float8 amounts give the same summary for the same money.
SELECT (SELECT ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01 00:00+00') FROM shop_orders)
     = (SELECT ecom.rfm_agg(customer, ordered_at, amount::float8, '2024-06-01 00:00+00') FROM shop_orders) AS same_summary;

-- No rows: no summary.
SELECT ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01 00:00+00') IS NULL AS empty FROM shop_orders WHERE false;

-- Bad input is an ERROR with SQLSTATE 22023 and a hint.
\set ON_ERROR_STOP 0
SELECT ecom.rfm_agg(c, t, a, '2024-06-01') FROM (VALUES ('x', '2024-01-01'::timestamptz, 'NaN'::float8)) v(c, t, a);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.rfm_agg(c, t, a, '2024-06-01') FROM (VALUES ('x', '2024-01-01'::timestamptz, 'infinity'::float8)) v(c, t, a);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.rfm_agg(c, t, a, '2024-06-01') FROM (VALUES ('x', '2024-01-01'::timestamptz, 'NaN'::numeric)) v(c, t, a);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.rfm_agg(c, t, a, '2024-06-01') FROM (VALUES ('x', '2024-01-01'::timestamptz, '-Infinity'::numeric)) v(c, t, a);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- Amounts (or a customer's total) of 9.2e12 or more: SQLSTATE 22003.
SELECT ecom.rfm_agg(c, t, a, '2024-06-01') FROM (VALUES ('x', '2024-01-01'::timestamptz, 1e13)) v(c, t, a);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.rfm_agg(c, t, a, '2024-06-01') FROM (VALUES ('x', '2024-01-01'::timestamptz, 9e12), ('x', '2024-01-02', 9e12)) v(c, t, a);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.rfm_agg(c, t, a, '2024-06-01') FROM (VALUES ('x', 'infinity'::timestamptz, 1)) v(c, t, a);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01', 1) FROM shop_orders;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01', 101) FROM shop_orders;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.rfm_agg(customer, ordered_at, amount, ordered_at) FROM shop_orders;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.rfm_agg(customer, ordered_at, amount, NULL) FROM shop_orders;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- A corrupt summary, and one from a newer format version, are refused with SQLSTATE 22P03.
SELECT * FROM ecom.rfm_scores('\x0102030405'::bytea);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM ecom.rfm_scores((SELECT set_byte(ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01'), 4, 9) FROM shop_orders));
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM ecom.rfm_summary_info((SELECT substr(ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01'), 1, 40) FROM shop_orders));
\echo SQLSTATE :LAST_ERROR_SQLSTATE
\set ON_ERROR_STOP 1
DROP TABLE shop_orders;
