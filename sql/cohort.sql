-- ecom.cohort_agg / ecom.cohort_table: documented examples on a plain table of orders (docs/cohort.md).
SET TimeZone = 'UTC';
CREATE TABLE shop_orders (customer text, first_order_at timestamptz, ordered_at timestamptz, amount numeric);
INSERT INTO shop_orders VALUES
    -- January cohort: ann and bob
    ('ann', '2024-01-05', '2024-01-05 10:00', 30.00),
    ('ann', '2024-01-05', '2024-02-11 09:00', 20.00),
    ('ann', '2024-01-05', '2024-04-02 12:00', 10.50),
    ('bob', '2024-01-20', '2024-01-20 18:30', 100.00),
    ('bob', '2024-01-20', '2024-01-28 08:00', 5.00),
    -- February cohort: cat (her first_order_at is earliest on one row: the earliest counts)
    ('cat', '2024-02-29 23:59', '2024-02-29 23:59', 12.25),
    ('cat', '2024-03-01', '2024-03-15', 7.75),
    -- skipped: NULL customer
    (NULL, '2024-01-01', '2024-01-01', 1.00);

-- Monthly cohorts followed for 3 months after their own.
SELECT t.* FROM (SELECT ecom.cohort_agg(customer, first_order_at, ordered_at, amount, 'month', 3) AS s
                 FROM shop_orders) q, ecom.cohort_table(q.s) t;

-- What the summary knows.
SELECT i.* FROM (SELECT ecom.cohort_agg(customer, first_order_at, ordered_at, amount, 'month', 3) AS s
                 FROM shop_orders) q, ecom.cohort_summary_info(q.s) i;

-- Weekly cohorts (weeks start on Monday), horizon 2; float8 amounts work too.
SELECT t.cohort, t.period_offset, t.cohort_size, t.active_customers, t.revenue
FROM (SELECT ecom.cohort_agg(customer, first_order_at, ordered_at, amount::float8, 'week', 2) AS s
      FROM shop_orders) q, ecom.cohort_table(q.s) t;

-- Per group: one summary per country, for example (here: per first letter).
SELECT left(customer, 1) AS grp, (ecom.cohort_table(ecom.cohort_agg(customer, first_order_at, ordered_at, amount, 'day', 0))).*
FROM shop_orders WHERE customer IS NOT NULL GROUP BY 1 ORDER BY 1, 2;

-- Bad input.
SELECT ecom.cohort_agg(customer, first_order_at, ordered_at, amount, 'year', 3) FROM shop_orders;
SELECT ecom.cohort_agg(customer, first_order_at, ordered_at, amount, 'month', -1) FROM shop_orders;
SELECT ecom.cohort_agg('x', now(), 'infinity', 1.0, 'month', 1);
SELECT ecom.cohort_agg('x', now(), now(), 'NaN'::numeric, 'month', 1);
SELECT * FROM ecom.cohort_table('\x0102'::bytea);
SELECT * FROM ecom.cohort_table(decode('45464348' || '0900', 'hex'));

DROP TABLE shop_orders;
