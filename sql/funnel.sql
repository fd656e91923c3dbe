-- Funnels and retention on plain tables: ecom.window_funnel and ecom.retention reproduce the worked
-- examples of ClickHouse's windowFunnel and retention documentation.
\set VERBOSITY default

-- ClickHouse's windowFunnel example: how far did user 1 get through the chain of events 1003 -> 1009 ->
-- 1007 -> 1010 in January-February 2019? (The rows are stored out of time order, as in the example.)
CREATE TABLE trend (event_date date, user_id int, ts timestamptz, event_id int, product text);
INSERT INTO trend VALUES
    ('2019-01-28', 1, '2019-01-29 10:00:00+00', 1003, 'phone'),
    ('2019-01-31', 1, '2019-01-31 09:00:00+00', 1007, 'phone'),
    ('2019-01-30', 1, '2019-01-30 08:00:00+00', 1009, 'phone'),
    ('2019-02-01', 1, '2019-02-01 08:00:00+00', 1010, 'phone');
SELECT level, count(*) AS c
FROM (SELECT user_id,
             ecom.window_funnel(interval '70000 days', ts, event_id = 1003, event_id = 1009, event_id = 1007,
                                event_id = 1010) AS level
      FROM trend WHERE event_date BETWEEN '2019-01-01' AND '2019-02-02' GROUP BY user_id) t
GROUP BY level ORDER BY level;
-- The same chain with windows of 2 days, 1 day and 0: only the steps within the window of step 1 count.
SELECT w, ecom.window_funnel(w, ts, event_id = 1003, event_id = 1009, event_id = 1007, event_id = 1010) AS level
FROM trend, (VALUES (interval '2 days'), (interval '1 day'), (interval '0')) v(w) GROUP BY w ORDER BY w DESC;

-- The modes on the chains of their documentation (steps A, B, C, D; one row a minute).
CREATE TABLE clicks (session int, ts timestamptz, page text);
INSERT INTO clicks SELECT 1, '2024-01-01 10:00+00'::timestamptz + i * interval '1 minute', p
    FROM unnest('{A,B,C,B,D}'::text[]) WITH ORDINALITY u(p, i);
INSERT INTO clicks SELECT 2, '2024-01-01 10:00+00'::timestamptz + i * interval '1 minute', p
    FROM unnest('{A,B,D,C}'::text[]) WITH ORDINALITY u(p, i);
INSERT INTO clicks SELECT 3, '2024-01-01 10:00+00'::timestamptz + i * interval '1 minute', p
    FROM unnest('{A,B,X,C,D}'::text[]) WITH ORDINALITY u(p, i);
INSERT INTO clicks VALUES (4, '2024-01-01 10:00+00', 'A'), (4, '2024-01-01 10:00+00', 'B'),
                          (4, '2024-01-01 10:01+00', 'C'), (4, '2024-01-01 10:02+00', 'D');
SELECT session, string_agg(page, '-' ORDER BY ts, page) AS pages,
       ecom.window_funnel('1 hour', ts, page = 'A', page = 'B', page = 'C', page = 'D') AS default_mode,
       ecom.window_funnel('1 hour', 'strict_deduplication', ts, page = 'A', page = 'B', page = 'C', page = 'D') AS dedup,
       ecom.window_funnel('1 hour', 'strict_order', ts, page = 'A', page = 'B', page = 'C', page = 'D') AS strict_order,
       ecom.window_funnel('1 hour', 'strict_increase', ts, page = 'A', page = 'B', page = 'C', page = 'D') AS increase,
       ecom.window_funnel('1 hour', 'strict_order, strict_increase', ts, page = 'A', page = 'B', page = 'C', page = 'D') AS both
FROM clicks GROUP BY session ORDER BY session;

-- Edge cases: one row matching steps 1 and 2 at once; step 1 repeated (the later start fits the window);
-- step 2 before any step 1; no step 1; window 0 with equal timestamps; NULL timestamps and NULL conditions ignored.
SELECT name, ecom.window_funnel(w, ts, s1, s2) AS level
FROM (VALUES
    ('one row, two steps', interval '0', '2024-01-01 10:00+00'::timestamptz, true, true),
    ('repeated step 1', interval '1 hour', '2024-01-01 08:00+00', true, false),
    ('repeated step 1', interval '1 hour', '2024-01-01 10:00+00', true, false),
    ('repeated step 1', interval '1 hour', '2024-01-01 10:30+00', false, true),
    ('step 2 first', interval '1 hour', '2024-01-01 09:00+00', false, true),
    ('step 2 first', interval '1 hour', '2024-01-01 10:00+00', true, false),
    ('no step 1', interval '1 hour', '2024-01-01 10:00+00', false, true),
    ('window 0, same time', interval '0', '2024-01-01 10:00+00', true, false),
    ('window 0, same time', interval '0', '2024-01-01 10:00+00', false, true),
    ('window 0, 1 us later', interval '0', '2024-01-01 10:00+00', true, false),
    ('window 0, 1 us later', interval '0', '2024-01-01 10:00:00.000001+00', false, true),
    ('nulls', interval '1 hour', NULL, true, true),
    ('nulls', interval '1 hour', '2024-01-01 10:00+00', true, NULL)) v(name, w, ts, s1, s2)
GROUP BY name ORDER BY name;

-- A group without rows reaches step 0.
SELECT ecom.window_funnel('1 hour', ts, page = 'A') AS level FROM clicks WHERE false;

-- ClickHouse's retention example: users 0-4 visit on 2020-01-01, users 0-9 on 01-02, users 0-14 on 01-03.
CREATE TABLE retention_test (date date, uid int);
INSERT INTO retention_test SELECT '2020-01-01', n FROM generate_series(0, 4) n;
INSERT INTO retention_test SELECT '2020-01-02', n FROM generate_series(0, 9) n;
INSERT INTO retention_test SELECT '2020-01-03', n FROM generate_series(0, 14) n;
SELECT uid, ecom.retention(date = '2020-01-01', date = '2020-01-02', date = '2020-01-03') AS r
FROM retention_test WHERE date IN ('2020-01-01', '2020-01-02', '2020-01-03') GROUP BY uid ORDER BY uid;
SELECT sum(r[1]) AS r1, sum(r[2]) AS r2, sum(r[3]) AS r3
FROM (SELECT uid, ecom.retention(date = '2020-01-01', date = '2020-01-02', date = '2020-01-03') AS r
      FROM retention_test WHERE date IN ('2020-01-01', '2020-01-02', '2020-01-03') GROUP BY uid) t;

-- Bad input is an ERROR with SQLSTATE 22023 and a hint.
\set ON_ERROR_STOP 0
SELECT ecom.window_funnel('-1 second', ts, page = 'A') FROM clicks;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.window_funnel('1 hour', ts, VARIADIC array_fill(true, ARRAY[33])) FROM clicks;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.window_funnel('1 hour', 'strict', ts, page = 'A') FROM clicks;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.window_funnel(ts - '2024-01-01'::timestamptz, ts, page = 'A') FROM clicks;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.retention(VARIADIC array_fill(true, ARRAY[33])) FROM clicks;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
\set ON_ERROR_STOP 1
DROP TABLE trend, clicks, retention_test;
