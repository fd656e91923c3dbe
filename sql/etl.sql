-- ecom.run_etl(): staging -> star schema, with one documented example per data-quality rule.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
\pset null '(null)'
-- Everything below runs in a transaction that is rolled back, and the identity sequences are put back,
-- so later tests see an empty warehouse.
CREATE TEMP TABLE etl_sequences AS
SELECT format('%I.%I', schemaname, sequencename)::regclass AS sequence, last_value
FROM pg_sequences WHERE schemaname = 'ecom';

-- Counts of a run, one row per staging table that had rows.
CREATE FUNCTION pg_temp.counts(run bigint) RETURNS TABLE (source_table text, read bigint, inserted bigint, updated bigint,
                                                          unchanged bigint, deduplicated bigint, quarantined bigint)
    LANGUAGE sql AS $$
    SELECT source_table, read, inserted, updated, unchanged, deduplicated, quarantined
    FROM ecom.etl_run_stats WHERE run_id = run AND read > 0 ORDER BY source_table $$;

-- Bad settings are refused when set, not in the middle of a run (once the module is loaded in the session;
-- before that, SET stores a placeholder that is checked, with a WARNING, when the module loads).
SELECT ecom.refund_window_days() AS default_refund_window_days;
\set ON_ERROR_STOP 0
SET ecom.refund_window_days = -1;
SET ecom.refund_window_days = 'a month';
-- The run refuses a snapshot older than its lock.
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT ecom.run_etl();
ROLLBACK;
\set ON_ERROR_STOP 1

-- ---------------------------------------------------------------------------------------------------
-- ecom.scd2_merge on any table: observations of a key in any order -> minimal history.
-- ---------------------------------------------------------------------------------------------------
CREATE TEMP TABLE supplier_observations (supplier text, seen_at timestamptz, terms jsonb);
INSERT INTO supplier_observations VALUES
    ('acme', '2024-03-01', '{"days": 60}'), ('acme', '2024-01-01', '{"days": 30}'),
    ('acme', '2024-02-01', '{"days": 30}'), ('acme', '2024-02-01', '{"days": 30}'),
    ('bolt', '2024-01-15', '{"days": 45}');
SELECT h.key AS supplier, h.valid_from, h.valid_to, h.attributes AS terms
FROM (SELECT array_agg(supplier ORDER BY seen_at) AS k, array_agg(seen_at ORDER BY seen_at) AS t,
             array_agg(terms ORDER BY seen_at) AS a FROM supplier_observations) AS obs,
     ecom.scd2_merge(obs.k, obs.t, obs.a) AS h;
\set ON_ERROR_STOP 0
SELECT * FROM ecom.scd2_merge(ARRAY['a'], ARRAY['2024-01-01'::timestamptz, '2024-02-01'], ARRAY['{}'::jsonb]);
SELECT * FROM ecom.scd2_merge(ARRAY[NULL::text], ARRAY['2024-01-01'::timestamptz], ARRAY['{}'::jsonb]);
\set ON_ERROR_STOP 1

BEGIN;
-- ---------------------------------------------------------------------------------------------------
-- First delivery: every row is valid unless its comment names the rule it breaks.
-- ---------------------------------------------------------------------------------------------------
INSERT INTO ecom.stg_campaigns (campaign_id, campaign_name, channel, start_date, end_date, spend, currency) VALUES
    ('K1', 'Spring', 'Email', '2024-03-01', '2024-03-31', '1500.00', 'eur'),
    ('K2', 'Backwards', 'social', '2024-04-10', '2024-04-01', '10', 'EUR');       -- end_date:before_start

INSERT INTO ecom.stg_customers (customer_id, email, full_name, country, region, city, segment, signup_at, updated_at) VALUES
    ('C1', 'ann@example.com', 'Ann', 'United Kingdom', 'England', 'London', 'Retail', '2024-01-02', '2024-01-02'),
    ('C2', 'bob@example.com', 'Bob', 'France', NULL, 'Paris', 'retail', '2024-01-05 09:30', '2024-01-05'),
    ('C3', 'cleo@example.com', 'Cleo', 'France', NULL, 'Lyon', 'wholesale', '2024-02-01', '2024-02-01'),
    ('  ', 'nobody@example.com', 'No Id', 'France', NULL, NULL, NULL, NULL, NULL),    -- customer_id:not_null
    ('C4', 'not-an-address', 'Dan', 'Spain', NULL, NULL, NULL, NULL, NULL),           -- email:invalid
    ('C5', 'eve@example.com', 'Eve', 'Spain', NULL, NULL, NULL, '2024-02-30', NULL),  -- signup_at:invalid (no 30 February)
    ('C6', 'fay@example.com', 'Fay', 'Spain', NULL, NULL, NULL, '2999-01-01', NULL);  -- signup_at:future

INSERT INTO ecom.stg_products (sku, product_name, category, brand, price, cost, currency, active, updated_at) VALUES
    ('MUG', 'Mug', 'kitchen', 'Acme', '10.00', '4.00', 'EUR', 'true', '2024-01-01'),
    ('TEA', 'Green tea', 'food', 'Leaf', '5', '2', 'EUR', 'yes', '2024-01-01'),
    ('MUG', 'Mug', 'kitchen', 'Acme', '12.00', '4.50', 'EUR', 'true', '2024-03-01'),    -- a price change: second version
    ('MUG', 'Mug', 'kitchen', 'Acme', '12', '4.5', 'EUR', 't', '2024-03-15'),           -- same values: no new version
    ('FEE', 'Gift wrap', 'non-merchandise', NULL, '2', '0', 'EUR', 'true', '2024-01-01'),
    (NULL, 'Ghost', 'misc', NULL, '1', '1', 'EUR', 'true', '2024-01-01'),               -- sku:not_null
    ('PEN', 'Pen', 'office', NULL, 'twelve', '1', 'EUR', 'true', '2024-01-01'),         -- price:invalid
    ('INK', 'Ink', 'office', NULL, '-3', '1', 'EUR', 'true', '2024-01-01');             -- price:negative

INSERT INTO ecom.stg_orders (order_id, customer_id, status, created_at, paid_at, fulfilled_at, delivered_at,
                             discount, shipping, tax, currency, campaign_id, ship_country) VALUES
    ('O1', 'C1', 'delivered', '2024-02-10 10:00', '2024-02-10 10:05', '2024-02-11', '2024-02-13', '2.00', '4.99', '5.00', 'EUR', NULL, 'United Kingdom'),
    ('O2', NULL, 'paid', '2024-03-05 12:00', '2024-03-05 12:01', NULL, NULL, NULL, NULL, NULL, 'EUR', 'K1', 'France'),  -- guest order
    ('O3', 'C2', 'created', '2024-03-20', NULL, NULL, NULL, '', '', '', 'EUR', NULL, 'France'),
    ('O3', 'C2', 'created', '2024-03-20', NULL, NULL, NULL, '', '', '', 'EUR', NULL, 'France'),     -- exact duplicate: deduplicated
    ('O4', 'C3', 'delivered', '2024-03-21 08:00', '2024-03-21 08:00', '2024-03-22', '2024-03-23', '0', '0', '0', 'EUR', NULL, 'France'),
    ('O5', 'C1', 'paid', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'EUR', NULL, NULL),             -- created_at:not_null
    ('O6', 'C1', 'paid', 'yesterday', NULL, NULL, NULL, NULL, NULL, NULL, 'EUR', NULL, NULL),      -- created_at:invalid
    ('O7', 'C1', 'paid', '2999-05-01', NULL, NULL, NULL, NULL, NULL, NULL, 'EUR', NULL, NULL),     -- created_at:future
    ('O8', 'C1', 'shipped', '2024-03-01', NULL, NULL, NULL, NULL, NULL, NULL, 'EUR', NULL, NULL),  -- status:invalid
    ('O9', 'C1', 'paid', '2024-03-01 10:00', '2024-03-01 09:00', NULL, NULL, NULL, NULL, NULL, 'EUR', NULL, NULL),  -- paid_at:before_created
    ('O10', 'C1', 'paid', '2024-03-01', NULL, NULL, NULL, '-5', NULL, NULL, 'EUR', NULL, NULL),    -- discount:negative
    ('O11', 'C1', 'paid', '2024-03-01', NULL, NULL, NULL, NULL, NULL, NULL, 'euro', NULL, NULL),   -- currency:invalid
    ('O12', 'C99', 'paid', '2024-03-01', NULL, NULL, NULL, NULL, NULL, NULL, 'EUR', NULL, NULL),   -- customer_id:unknown_customer
    ('O13', 'C1', 'paid', '2024-03-01', NULL, NULL, NULL, NULL, NULL, NULL, 'EUR', 'K2', NULL);    -- campaign_id:unknown_campaign (K2 was quarantined)

INSERT INTO ecom.stg_order_items (order_id, line_number, sku, quantity, unit_price) VALUES
    ('O1', '1', 'MUG', '2', '10.00'),      -- ordered before the price change: first MUG version
    ('O1', '2', 'TEA', '3', '5'),
    ('O1', '3', 'FEE', '1', '2'),          -- non-merchandise: kept out of gross, counted in adjustments
    ('O2', '1', 'MUG', '1', '12.00'),      -- after the price change: second MUG version
    ('O3', '1', 'TEA', '4', '5'),
    ('O4', '1', 'MUG', '1', '12'),
    ('O4', '2', 'TEA', '2', '5'),
    ('O2', 'one', 'TEA', '1', '5'),        -- line_number:invalid
    ('O2', '3', 'TEA', '0', '5'),          -- quantity:out_of_range
    ('O2', '4', 'TEA', '1', 'abc'),        -- unit_price:invalid
    ('O7', '1', 'TEA', '1', '5'),          -- order_id:unknown_order (O7 was quarantined)
    ('O2', '5', 'PEN', '1', '1');          -- sku:unknown_sku (PEN was quarantined)

INSERT INTO ecom.stg_returns (return_id, order_id, sku, quantity, amount, returned_at, reason) VALUES
    ('R1', 'O1', 'TEA', '1', '5', '2024-02-20', 'damaged'),       -- 7 days after delivery: refunded
    ('R2', 'O4', 'TEA', '1', '5', '2024-05-01', 'late'),          -- 39 days after delivery: recorded, not refunded
    ('R3', NULL, 'MUG', '1', '12', '2024-03-25', 'no receipt'),   -- no order: a refund on its own date
    ('R4', 'O1', 'TEA', '1', '5', '2024-02-01', NULL),            -- returned_at:before_order
    ('R5', 'O1', 'MUG', '5', '50', '2024-02-20', NULL),           -- quantity:exceeds_order (2 ordered)
    ('R6', 'O404', 'TEA', '1', '5', '2024-02-20', NULL);          -- order_id:unknown_order

INSERT INTO ecom.stg_inventory (sku, snapshot_date, on_hand, allocated, reorder_point) VALUES
    ('MUG', '2024-03-01', '40', '3', '10'),
    ('TEA', '2024-03-01', '100', '', '20'),
    ('TEA', '2024-03-02', '-1', '0', '20');                       -- on_hand:negative

INSERT INTO ecom.stg_events (event_id, session_id, customer_id, event_ts, event_type, sku, campaign_id, order_id) VALUES
    ('E1', 'S1', NULL, '2024-03-05 11:50', 'page_view', 'MUG', 'K1', NULL),
    ('E2', 'S1', NULL, '2024-03-05 11:55', 'add_to_cart', 'MUG', 'K1', NULL),
    ('E3', 'S1', NULL, '2024-03-05 12:00', 'purchase', NULL, 'K1', 'O2'),
    ('E4', 'S2', 'C1', '2024-03-06 09:00', 'wishlist', NULL, NULL, NULL);   -- event_type:invalid

-- The run: counts per staging table (read = inserted + updated + unchanged + deduplicated + quarantined).
SELECT run_id AS first_run FROM ecom.run_etl() \gset
SELECT * FROM pg_temp.counts(:first_run);

-- Every rejected row is kept whole, with the first rule it broke.
SELECT source_table, coalesce(raw ->> 'return_id', raw ->> 'event_id', raw ->> 'order_id', raw ->> 'customer_id',
                              raw ->> 'campaign_id', raw ->> 'sku') AS business_key, rule
FROM ecom.quarantine WHERE run_id = :first_run ORDER BY source_table, stg_id;

-- Orders: gross = unit price x quantity of merchandise lines; net = gross - discount - refunds;
-- shipping and tax apart; the guest order belongs to customer_key 0.
SELECT o.order_id, c.customer_id, o.status, o.order_date, o.items, o.units, o.gross, o.discount, o.refunds, o.net,
       o.shipping, o.tax, o.adjustments, k.campaign_id, g.country
FROM ecom.fct_orders AS o JOIN ecom.dim_customer AS c USING (customer_key)
JOIN ecom.dim_campaign AS k USING (campaign_key) JOIN ecom.dim_geography AS g ON g.geography_key = o.geography_key
ORDER BY o.order_id;

-- SCD-2: the MUG price change made two versions; the repeated 15 March observation added none.
SELECT sku, price, cost, valid_from, valid_to, is_current FROM ecom.dim_product ORDER BY sku, valid_from;
SELECT o.order_id, i.line_number, i.sku, p.price AS list_price, i.unit_price, i.gross, i.is_merchandise
FROM ecom.fct_order_items AS i JOIN ecom.fct_orders AS o USING (order_key) JOIN ecom.dim_product AS p USING (product_key)
ORDER BY o.order_id, i.line_number;

-- Returns: refunded within 30 days (ecom.refund_window_days) of delivery; a return without an order is refunded.
SELECT r.return_id, o.order_id, r.returned_at, r.amount, r.refunded, r.refund_amount
FROM ecom.fct_returns AS r LEFT JOIN ecom.fct_orders AS o USING (order_key) ORDER BY r.return_id;

-- Derived facts: revenue by day (refunds on their return day) and cohort lifetime value.
SELECT * FROM ecom.fct_revenue_daily ORDER BY date_key;
SELECT * FROM ecom.fct_cohort_ltv ORDER BY cohort_month, months_since;
SELECT sku, snapshot_date, on_hand, allocated, available FROM ecom.fct_inventory_daily ORDER BY 1, 2;
SELECT e.event_id, e.event_type, c.customer_id, e.sku, k.campaign_id, e.order_id
FROM ecom.fct_events AS e JOIN ecom.dim_customer AS c USING (customer_key) JOIN ecom.dim_campaign AS k USING (campaign_key)
ORDER BY e.event_id;
SELECT customer_id, email, segment, first_order_at FROM ecom.dim_customer ORDER BY customer_key;

-- Data-quality profile of the run (first columns of the orders table).
SELECT * FROM ecom.data_quality(:first_run) WHERE source_table = 'stg_orders' AND column_name IN ('order_id', 'created_at', 'status', 'customer_id');

-- ---------------------------------------------------------------------------------------------------
-- A second run with nothing new reads nothing and changes nothing.
-- ---------------------------------------------------------------------------------------------------
SELECT sum(gross) AS gross, sum(net) AS net FROM ecom.fct_orders \gset before_
SELECT run_id AS noop_run FROM ecom.run_etl() \gset
SELECT count(*) AS tables_with_rows_read FROM pg_temp.counts(:noop_run);
SELECT sum(gross) = :before_gross AND sum(net) = :before_net AS totals_unchanged FROM ecom.fct_orders;

-- ---------------------------------------------------------------------------------------------------
-- Later deliveries: new versions of orders, a late price observation, a re-sent file.
-- (clock_timestamp() gives each staged version a later ingested_at than the last, in the order written.)
-- ---------------------------------------------------------------------------------------------------
INSERT INTO ecom.stg_orders (order_id, customer_id, status, created_at, paid_at, fulfilled_at, delivered_at, currency, ship_country, ingested_at) VALUES
    -- O2 moves forward (paid -> delivered): updated
    ('O2', NULL, 'delivered', '2024-03-05 12:00', '2024-03-05 12:01', '2024-03-06', '2024-03-08', 'EUR', 'France', clock_timestamp()),
    -- O4 goes back from delivered to paid: status:backwards
    ('O4', 'C3', 'paid', '2024-03-21 08:00', '2024-03-21 08:00', NULL, NULL, 'EUR', 'France', clock_timestamp()),
    -- O3: two versions in one delivery; the one ingested last wins, the other is deduplicated
    ('O3', 'C2', 'paid', '2024-03-20', '2024-03-20 00:10', NULL, NULL, 'EUR', 'France', clock_timestamp()),
    ('O3', 'C2', 'fulfilled', '2024-03-20', '2024-03-20 00:10', '2024-03-21', NULL, 'EUR', 'France', clock_timestamp()),
    -- an old version of O1 arriving late (ingested before the stored one): superseded, deduplicated
    ('O1', 'C1', 'paid', '2024-02-10 10:00', '2024-02-10 10:05', NULL, NULL, 'EUR', 'United Kingdom', '2024-01-01');
-- Late observation: MUG cost 11 from 1 February, between the two known versions; only MUG's history changes.
INSERT INTO ecom.stg_products (sku, product_name, category, brand, price, cost, currency, active, updated_at) VALUES
    ('MUG', 'Mug', 'kitchen', 'Acme', '11', '4', 'EUR', 'true', '2024-02-01');
-- The first file of order lines of O1 and O2 sent again: valid lines are unchanged, invalid ones quarantined again.
INSERT INTO ecom.stg_order_items (order_id, line_number, sku, quantity, unit_price)
SELECT order_id, line_number, sku, quantity, unit_price FROM ecom.stg_order_items WHERE order_id IN ('O1', 'O2');
-- A return refused under a 10-day window (ecom.refund_window_days is a setting, default 30).
SET ecom.refund_window_days = 10;
INSERT INTO ecom.stg_returns (return_id, order_id, sku, quantity, amount, returned_at) VALUES
    ('R7', 'O2', 'MUG', '1', '12', '2024-03-20');                  -- 12 days after delivery: not refunded

SELECT run_id AS third_run FROM ecom.run_etl() \gset
RESET ecom.refund_window_days;
SELECT * FROM pg_temp.counts(:third_run);
SELECT source_table, raw ->> 'order_id' AS order_id, raw ->> 'status' AS status, rule
FROM ecom.quarantine WHERE run_id = :third_run ORDER BY stg_id;
SELECT order_id, status, delivered_at, gross, refunds, net FROM ecom.fct_orders WHERE order_id IN ('O1', 'O2', 'O3', 'O4') ORDER BY 1;
SELECT sku, price, valid_from, valid_to, is_current FROM ecom.dim_product WHERE sku = 'MUG' ORDER BY valid_from;
-- O1's mug (ordered 10 February) now points at the version that starts on 1 February.
SELECT o.order_id, i.sku, p.price AS list_price, p.valid_from
FROM ecom.fct_order_items AS i JOIN ecom.fct_orders AS o USING (order_key) JOIN ecom.dim_product AS p USING (product_key)
WHERE i.sku = 'MUG' ORDER BY o.order_id;
SELECT return_id, refunded, refund_amount FROM ecom.fct_returns WHERE return_id = 'R7';

ROLLBACK;
SELECT count(setval(sequence, coalesce(last_value, 1), last_value IS NOT NULL)) > 0 AS sequences_restored FROM etl_sequences;
