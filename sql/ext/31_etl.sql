-- ETL from staging into the warehouse: casts and data-quality rules (declarative, one view per staging
-- table), the native SCD-2 merge, and ecom.run_etl(). See docs/warehouse.md for the rules and the design.

-- ---------------------------------------------------------------------------------------------------
-- Native pieces
-- ---------------------------------------------------------------------------------------------------
CREATE FUNCTION ecom.scd2_merge(keys text[], effective_from timestamptz[], attributes jsonb[],
                                OUT key text, OUT valid_from timestamptz, OUT valid_to timestamptz,
                                OUT attributes jsonb, OUT source int)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'scd2_merge' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION ecom.scd2_merge(text[], timestamptz[], jsonb[]) IS
    'SCD type 2 merge: observations (element i of the three arrays: key, effective time, attributes) -> the minimal version history per key (valid_to = next valid_from, NULL for the current version; identical consecutive attributes collapse; at equal key and time the later array element wins; source = array position of the observation a version carries). Idempotent: merging the output again with the same observations gives the same output';

CREATE FUNCTION ecom.refund_window_days() RETURNS int
    AS 'MODULE_PATHNAME', 'refund_window_days_setting' LANGUAGE C STRICT STABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecom.refund_window_days() IS
    'Validated value of the setting ecom.refund_window_days (default 30 days) in this session';

CREATE FUNCTION ecom.bulk_load_rows() RETURNS int
    AS 'MODULE_PATHNAME', 'bulk_load_rows_setting' LANGUAGE C STRICT STABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecom.bulk_load_rows() IS
    'Validated value of the setting ecom.bulk_load_rows (default 100000): the new staged rows from which ecom.run_etl() loads in bulk';

CREATE FUNCTION ecom.timezone() RETURNS text
    AS 'MODULE_PATHNAME', 'store_timezone_setting' LANGUAGE C STRICT STABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecom.timezone() IS
    'Validated value of the setting ecom.timezone (default UTC): the store time zone ecom.run_etl() keys days in';

-- ---------------------------------------------------------------------------------------------------
-- Casts that return NULL instead of failing, so one bad value quarantines a row instead of aborting a run.
-- Native (src/pg/safe_cast.cpp): a strict validator decides, then PostgreSQL's own input function runs.
-- ---------------------------------------------------------------------------------------------------
CREATE FUNCTION ecom.blank_to_null(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN nullif(btrim(value), '');
COMMENT ON FUNCTION ecom.blank_to_null(text) IS 'The value trimmed, or NULL when empty or blank';

CREATE FUNCTION ecom.to_numeric(value text) RETURNS numeric
    AS 'MODULE_PATHNAME', 'safe_to_numeric' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecom.to_numeric(text) IS 'Decimal number (optional sign, digits with an optional point, at most 1000 digits), else NULL';

CREATE FUNCTION ecom.to_int(value text) RETURNS int
    AS 'MODULE_PATHNAME', 'safe_to_int' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecom.to_int(text) IS 'Integer of at most 9 digits, else NULL';

CREATE FUNCTION ecom.to_date(value text) RETURNS date
    AS 'MODULE_PATHNAME', 'safe_to_date' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecom.to_date(text) IS 'ISO date YYYY-MM-DD (year 1000-9999) that exists in the calendar, else NULL';

CREATE FUNCTION ecom.to_timestamptz(value text) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'safe_to_timestamptz' LANGUAGE C STRICT STABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecom.to_timestamptz(text) IS
    'ISO 8601 date or date-time (space or T, optional seconds and up to 6 fraction digits, optional Z or +HH[:MM] offset; no offset = the session time zone) that exists in the calendar, else NULL';

CREATE FUNCTION ecom.to_boolean(value text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE lower(btrim(value)) WHEN 'true' THEN true WHEN 't' THEN true WHEN 'yes' THEN true WHEN 'y' THEN true
                                    WHEN '1' THEN true WHEN 'false' THEN false WHEN 'f' THEN false WHEN 'no' THEN false
                                    WHEN 'n' THEN false WHEN '0' THEN false END;
COMMENT ON FUNCTION ecom.to_boolean(text) IS 'true/t/yes/y/1 or false/f/no/n/0 (any case), else NULL';

CREATE FUNCTION ecom.order_status_rank(status text) RETURNS int
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE status WHEN 'created' THEN 1 WHEN 'paid' THEN 2 WHEN 'fulfilled' THEN 3 WHEN 'delivered' THEN 4
                       WHEN 'returned' THEN 5 WHEN 'cancelled' THEN 6 END;
COMMENT ON FUNCTION ecom.order_status_rank(text) IS
    'Position of a status in the order flow created(1) -> paid(2) -> fulfilled(3) -> delivered(4) -> returned(5); cancelled(6) is terminal; NULL for an unknown status. A version whose rank is below an earlier version''s is a backwards transition';

-- ---------------------------------------------------------------------------------------------------
-- Data-quality rules: per staging table a function ecom.stg_<table>_checked(after_stg_id) giving the staged rows
-- above that stg_id with their typed columns and `rule`, the first rule the row breaks (NULL when it passes),
-- written column:check, and a view of the same name over every staged row. Rules that compare versions of one
-- business key (duplicates, superseded versions, backwards status transitions) are applied by ecom.run_etl() on
-- the batch. Any SELECT on the views previews what the next run would quarantine. The casts run once per row
-- in a subquery (OFFSET 0 keeps the planner from copying each cast into every rule that uses it) that filters
-- on stg_id first; the functions are SQL with standard bodies, so the planner inlines them into the query.
-- ---------------------------------------------------------------------------------------------------
CREATE FUNCTION ecom.stg_campaigns_checked(after_stg_id bigint)
    RETURNS TABLE (stg_id bigint, ingested_at timestamptz, campaign_id text, campaign_name text, channel text,
                   start_date date, end_date date, spend numeric, currency text, rule text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT t.stg_id, t.ingested_at, t.campaign_id, t.campaign_name, t.channel, t.start_date, t.end_date, t.spend, t.currency,
           CASE WHEN t.campaign_id IS NULL THEN 'campaign_id:not_null'
                WHEN ecom.blank_to_null(t.start_date_text) IS NOT NULL AND t.start_date IS NULL THEN 'start_date:invalid'
                WHEN ecom.blank_to_null(t.end_date_text) IS NOT NULL AND t.end_date IS NULL THEN 'end_date:invalid'
                WHEN t.end_date < t.start_date THEN 'end_date:before_start'
                WHEN ecom.blank_to_null(t.spend_text) IS NOT NULL AND t.spend IS NULL THEN 'spend:invalid'
                WHEN t.spend < 0 THEN 'spend:negative'
                WHEN t.currency !~ '^[A-Z]{3}$' THEN 'currency:invalid'
           END
    FROM (SELECT s.stg_id, s.ingested_at, s.start_date AS start_date_text, s.end_date AS end_date_text, s.spend AS spend_text,
                 ecom.blank_to_null(s.campaign_id) AS campaign_id, ecom.blank_to_null(s.campaign_name) AS campaign_name,
                 lower(ecom.blank_to_null(s.channel)) AS channel, ecom.to_date(s.start_date) AS start_date,
                 ecom.to_date(s.end_date) AS end_date, coalesce(ecom.to_numeric(s.spend), 0) AS spend,
                 upper(ecom.blank_to_null(s.currency)) AS currency
          FROM ecom.stg_campaigns AS s WHERE s.stg_id > after_stg_id OFFSET 0) AS t;
END;
COMMENT ON FUNCTION ecom.stg_campaigns_checked(bigint) IS
    'Staged campaigns above stg_id after_stg_id, typed, with the first data-quality rule each breaks (rule NULL = valid)';
CREATE VIEW ecom.stg_campaigns_checked AS SELECT * FROM ecom.stg_campaigns_checked(0);
COMMENT ON VIEW ecom.stg_campaigns_checked IS 'Staged campaigns typed, with the first data-quality rule each breaks (rule NULL = valid)';

CREATE FUNCTION ecom.stg_customers_checked(after_stg_id bigint)
    RETURNS TABLE (stg_id bigint, ingested_at timestamptz, customer_id text, email text, full_name text, country text,
                   region text, city text, segment text, signup_at timestamptz, updated_at timestamptz, rule text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT t.stg_id, t.ingested_at, t.customer_id, t.email, t.full_name, t.country, t.region, t.city, t.segment,
           t.signup_at, t.updated_at,
           CASE WHEN t.customer_id IS NULL THEN 'customer_id:not_null'
                WHEN t.email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' THEN 'email:invalid'
                WHEN ecom.blank_to_null(t.signup_at_text) IS NOT NULL AND t.signup_at IS NULL THEN 'signup_at:invalid'
                WHEN t.signup_at > now() THEN 'signup_at:future'
                WHEN ecom.blank_to_null(t.updated_at_text) IS NOT NULL AND t.updated_at IS NULL THEN 'updated_at:invalid'
                WHEN t.updated_at > now() THEN 'updated_at:future'
                WHEN t.region IS NOT NULL AND t.country IS NULL THEN 'country:not_null'
           END
    FROM (SELECT s.stg_id, s.ingested_at, s.signup_at AS signup_at_text, s.updated_at AS updated_at_text,
                 ecom.blank_to_null(s.customer_id) AS customer_id, lower(ecom.blank_to_null(s.email)) AS email,
                 ecom.blank_to_null(s.full_name) AS full_name, ecom.blank_to_null(s.country) AS country,
                 ecom.blank_to_null(s.region) AS region, ecom.blank_to_null(s.city) AS city,
                 lower(ecom.blank_to_null(s.segment)) AS segment, ecom.to_timestamptz(s.signup_at) AS signup_at,
                 ecom.to_timestamptz(s.updated_at) AS updated_at
          FROM ecom.stg_customers AS s WHERE s.stg_id > after_stg_id OFFSET 0) AS t;
END;
COMMENT ON FUNCTION ecom.stg_customers_checked(bigint) IS
    'Staged customers above stg_id after_stg_id, typed, with the first data-quality rule each breaks (rule NULL = valid)';
CREATE VIEW ecom.stg_customers_checked AS SELECT * FROM ecom.stg_customers_checked(0);
COMMENT ON VIEW ecom.stg_customers_checked IS 'Staged customers typed, with the first data-quality rule each breaks (rule NULL = valid)';

CREATE FUNCTION ecom.stg_products_checked(after_stg_id bigint)
    RETURNS TABLE (stg_id bigint, ingested_at timestamptz, sku text, product_name text, category text, brand text,
                   price numeric, cost numeric, currency text, active boolean, updated_at timestamptz,
                   effective_from timestamptz, attributes jsonb, rule text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT t.stg_id, t.ingested_at, t.sku, t.product_name, t.category, t.brand, t.price, t.cost, t.currency, t.active,
           t.updated_at, coalesce(t.updated_at, t.ingested_at),
           jsonb_build_object('product_name', t.product_name, 'category', t.category, 'brand', t.brand,
                              'price', trim_scale(t.price), 'cost', trim_scale(t.cost), 'currency', t.currency,
                              'active', t.active),
           CASE WHEN t.sku IS NULL THEN 'sku:not_null'
                WHEN ecom.blank_to_null(t.updated_at_text) IS NOT NULL AND t.updated_at IS NULL THEN 'updated_at:invalid'
                WHEN t.updated_at > now() THEN 'updated_at:future'
                WHEN ecom.blank_to_null(t.price_text) IS NOT NULL AND t.price IS NULL THEN 'price:invalid'
                WHEN t.price < 0 THEN 'price:negative'
                WHEN ecom.blank_to_null(t.cost_text) IS NOT NULL AND t.cost IS NULL THEN 'cost:invalid'
                WHEN t.cost < 0 THEN 'cost:negative'
                WHEN t.currency !~ '^[A-Z]{3}$' THEN 'currency:invalid'
                WHEN ecom.blank_to_null(t.active_text) IS NOT NULL AND t.active IS NULL THEN 'active:invalid'
           END
    FROM (SELECT s.stg_id, s.ingested_at, s.updated_at AS updated_at_text, s.price AS price_text, s.cost AS cost_text,
                 s.active AS active_text,
                 ecom.blank_to_null(s.sku) AS sku, ecom.blank_to_null(s.product_name) AS product_name,
                 ecom.blank_to_null(s.category) AS category, ecom.blank_to_null(s.brand) AS brand,
                 ecom.to_numeric(s.price) AS price, ecom.to_numeric(s.cost) AS cost,
                 upper(ecom.blank_to_null(s.currency)) AS currency, ecom.to_boolean(s.active) AS active,
                 ecom.to_timestamptz(s.updated_at) AS updated_at
          FROM ecom.stg_products AS s WHERE s.stg_id > after_stg_id OFFSET 0) AS t;
END;
COMMENT ON FUNCTION ecom.stg_products_checked(bigint) IS
    'Staged product observations above stg_id after_stg_id, typed (effective from updated_at, or ingested_at when blank), with the SCD-2 attributes as jsonb and the first data-quality rule each breaks';
CREATE VIEW ecom.stg_products_checked AS SELECT * FROM ecom.stg_products_checked(0);
COMMENT ON VIEW ecom.stg_products_checked IS
    'Staged product observations typed (effective from updated_at, or ingested_at when blank), with the SCD-2 attributes as jsonb and the first data-quality rule each breaks';

CREATE FUNCTION ecom.stg_orders_checked(after_stg_id bigint)
    RETURNS TABLE (stg_id bigint, ingested_at timestamptz, order_id text, customer_id text, status text,
                   created_at timestamptz, paid_at timestamptz, fulfilled_at timestamptz, delivered_at timestamptz,
                   cancelled_at timestamptz, discount numeric, shipping numeric, tax numeric, currency text,
                   campaign_id text, ship_country text, customer_key bigint, campaign_key bigint, status_rank int,
                   rule text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT t.stg_id, t.ingested_at, t.order_id, t.customer_id, t.status, t.created_at, t.paid_at, t.fulfilled_at,
           t.delivered_at, t.cancelled_at, t.discount, t.shipping, t.tax, t.currency, t.campaign_id, t.ship_country,
           coalesce(c.customer_key, 0), coalesce(k.campaign_key, 0), ecom.order_status_rank(t.status),
           CASE WHEN t.order_id IS NULL THEN 'order_id:not_null'
                WHEN ecom.blank_to_null(t.created_at_text) IS NULL THEN 'created_at:not_null'
                WHEN t.created_at IS NULL THEN 'created_at:invalid'
                WHEN t.created_at > now() THEN 'created_at:future'
                WHEN t.status IS NULL THEN 'status:not_null'
                WHEN ecom.order_status_rank(t.status) IS NULL THEN 'status:invalid'
                WHEN ecom.blank_to_null(t.paid_at_text) IS NOT NULL AND t.paid_at IS NULL THEN 'paid_at:invalid'
                WHEN ecom.blank_to_null(t.fulfilled_at_text) IS NOT NULL AND t.fulfilled_at IS NULL THEN 'fulfilled_at:invalid'
                WHEN ecom.blank_to_null(t.delivered_at_text) IS NOT NULL AND t.delivered_at IS NULL THEN 'delivered_at:invalid'
                WHEN ecom.blank_to_null(t.cancelled_at_text) IS NOT NULL AND t.cancelled_at IS NULL THEN 'cancelled_at:invalid'
                WHEN t.paid_at < t.created_at THEN 'paid_at:before_created'
                WHEN t.fulfilled_at < t.created_at THEN 'fulfilled_at:before_created'
                WHEN t.delivered_at < t.created_at THEN 'delivered_at:before_created'
                WHEN t.cancelled_at < t.created_at THEN 'cancelled_at:before_created'
                WHEN t.delivered_at < t.fulfilled_at THEN 'delivered_at:before_fulfilled'
                WHEN greatest(t.paid_at, t.fulfilled_at, t.delivered_at, t.cancelled_at) > now() THEN 'delivered_at:future'
                WHEN ecom.blank_to_null(t.discount_text) IS NOT NULL AND t.discount IS NULL THEN 'discount:invalid'
                WHEN t.discount < 0 THEN 'discount:negative'
                WHEN ecom.blank_to_null(t.shipping_text) IS NOT NULL AND t.shipping IS NULL THEN 'shipping:invalid'
                WHEN t.shipping < 0 THEN 'shipping:negative'
                WHEN ecom.blank_to_null(t.tax_text) IS NOT NULL AND t.tax IS NULL THEN 'tax:invalid'
                WHEN t.tax < 0 THEN 'tax:negative'
                WHEN t.currency !~ '^[A-Z]{3}$' THEN 'currency:invalid'
                WHEN t.customer_id IS NOT NULL AND c.customer_key IS NULL THEN 'customer_id:unknown_customer'
                WHEN t.campaign_id IS NOT NULL AND k.campaign_key IS NULL THEN 'campaign_id:unknown_campaign'
           END
    FROM (SELECT s.stg_id, s.ingested_at, s.created_at AS created_at_text, s.paid_at AS paid_at_text,
                 s.fulfilled_at AS fulfilled_at_text, s.delivered_at AS delivered_at_text,
                 s.cancelled_at AS cancelled_at_text, s.discount AS discount_text, s.shipping AS shipping_text,
                 s.tax AS tax_text,
                 ecom.blank_to_null(s.order_id) AS order_id, ecom.blank_to_null(s.customer_id) AS customer_id,
                 lower(ecom.blank_to_null(s.status)) AS status, ecom.to_timestamptz(s.created_at) AS created_at,
                 ecom.to_timestamptz(s.paid_at) AS paid_at, ecom.to_timestamptz(s.fulfilled_at) AS fulfilled_at,
                 ecom.to_timestamptz(s.delivered_at) AS delivered_at, ecom.to_timestamptz(s.cancelled_at) AS cancelled_at,
                 CASE WHEN ecom.blank_to_null(s.discount) IS NULL THEN 0 ELSE ecom.to_numeric(s.discount) END AS discount,
                 CASE WHEN ecom.blank_to_null(s.shipping) IS NULL THEN 0 ELSE ecom.to_numeric(s.shipping) END AS shipping,
                 CASE WHEN ecom.blank_to_null(s.tax) IS NULL THEN 0 ELSE ecom.to_numeric(s.tax) END AS tax,
                 upper(ecom.blank_to_null(s.currency)) AS currency, ecom.blank_to_null(s.campaign_id) AS campaign_id,
                 ecom.blank_to_null(s.ship_country) AS ship_country
          FROM ecom.stg_orders AS s WHERE s.stg_id > after_stg_id OFFSET 0) AS t
    LEFT JOIN ecom.dim_customer AS c ON c.customer_id = t.customer_id
    LEFT JOIN ecom.dim_campaign AS k ON k.campaign_id = t.campaign_id;
END;
COMMENT ON FUNCTION ecom.stg_orders_checked(bigint) IS
    'Staged order versions above stg_id after_stg_id, typed (blank money = 0, blank customer = guest), with the first data-quality rule each breaks; an unknown customer or campaign is quarantined, not waited for';
CREATE VIEW ecom.stg_orders_checked AS SELECT * FROM ecom.stg_orders_checked(0);
COMMENT ON VIEW ecom.stg_orders_checked IS
    'Staged order versions typed (blank money = 0, blank customer = guest), with the first data-quality rule each breaks; an unknown customer or campaign is quarantined, not waited for';

-- Product versions as lookup ranges: the first version of a SKU also covers all earlier times.
CREATE VIEW ecom.product_version_ranges AS
SELECT p.product_key, p.sku, coalesce(p.category, '') <> 'non-merchandise' AS is_merchandise,
       CASE WHEN p.valid_from = min(p.valid_from) OVER (PARTITION BY p.sku) THEN '-infinity'::timestamptz
            ELSE p.valid_from END AS range_from,
       coalesce(p.valid_to, 'infinity') AS range_to
FROM ecom.dim_product AS p;
COMMENT ON VIEW ecom.product_version_ranges IS
    'dim_product versions as [range_from, range_to) lookup ranges; the first version of a SKU starts at -infinity so facts older than the first observation find it';

CREATE FUNCTION ecom.stg_order_items_checked(after_stg_id bigint)
    RETURNS TABLE (stg_id bigint, ingested_at timestamptz, order_id text, line_number int, sku text, quantity int,
                   unit_price numeric, order_key bigint, product_key bigint, is_merchandise boolean, rule text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT t.stg_id, t.ingested_at, t.order_id, t.line_number, t.sku, t.quantity, t.unit_price, o.order_key,
           r.product_key, r.is_merchandise,
           CASE WHEN t.order_id IS NULL THEN 'order_id:not_null'
                WHEN ecom.blank_to_null(t.line_number_text) IS NULL THEN 'line_number:not_null'
                WHEN t.line_number IS NULL THEN 'line_number:invalid'
                WHEN t.line_number < 1 THEN 'line_number:out_of_range'
                WHEN t.sku IS NULL THEN 'sku:not_null'
                WHEN ecom.blank_to_null(t.quantity_text) IS NULL THEN 'quantity:not_null'
                WHEN t.quantity IS NULL THEN 'quantity:invalid'
                WHEN t.quantity <= 0 THEN 'quantity:out_of_range'
                WHEN ecom.blank_to_null(t.unit_price_text) IS NULL THEN 'unit_price:not_null'
                WHEN t.unit_price IS NULL THEN 'unit_price:invalid'
                WHEN t.unit_price < 0 THEN 'unit_price:negative'
                WHEN o.order_key IS NULL THEN 'order_id:unknown_order'
                WHEN r.product_key IS NULL THEN 'sku:unknown_sku'
           END
    FROM (SELECT s.stg_id, s.ingested_at, s.line_number AS line_number_text, s.quantity AS quantity_text,
                 s.unit_price AS unit_price_text,
                 ecom.blank_to_null(s.order_id) AS order_id, ecom.to_int(s.line_number) AS line_number,
                 ecom.blank_to_null(s.sku) AS sku, ecom.to_int(s.quantity) AS quantity,
                 ecom.to_numeric(s.unit_price) AS unit_price
          FROM ecom.stg_order_items AS s WHERE s.stg_id > after_stg_id OFFSET 0) AS t
    LEFT JOIN ecom.fct_orders AS o ON o.order_id = t.order_id
    LEFT JOIN ecom.product_version_ranges AS r ON r.sku = t.sku AND o.created_at >= r.range_from AND o.created_at < r.range_to;
END;
COMMENT ON FUNCTION ecom.stg_order_items_checked(bigint) IS
    'Staged order lines above stg_id after_stg_id, typed, with the first data-quality rule each breaks; a line of an order or SKU not (yet) loaded is quarantined';
CREATE VIEW ecom.stg_order_items_checked AS SELECT * FROM ecom.stg_order_items_checked(0);
COMMENT ON VIEW ecom.stg_order_items_checked IS
    'Staged order lines typed, with the first data-quality rule each breaks; a line of an order or SKU not (yet) loaded is quarantined';

CREATE FUNCTION ecom.stg_returns_checked(after_stg_id bigint)
    RETURNS TABLE (stg_id bigint, ingested_at timestamptz, return_id text, order_id text, sku text, quantity int,
                   amount numeric, returned_at timestamptz, reason text, order_key bigint, product_key bigint,
                   refunded boolean, rule text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT t.stg_id, t.ingested_at, t.return_id, t.order_id, t.sku, t.quantity, t.amount, t.returned_at, t.reason,
           o.order_key, r.product_key,
           o.order_key IS NULL OR t.returned_at <= coalesce(o.delivered_at, o.created_at) + make_interval(days => ecom.refund_window_days()),
           CASE WHEN t.return_id IS NULL THEN 'return_id:not_null'
                WHEN t.sku IS NULL THEN 'sku:not_null'
                WHEN ecom.blank_to_null(t.quantity_text) IS NULL THEN 'quantity:not_null'
                WHEN t.quantity IS NULL THEN 'quantity:invalid'
                WHEN t.quantity <= 0 THEN 'quantity:out_of_range'
                WHEN ecom.blank_to_null(t.amount_text) IS NULL THEN 'amount:not_null'
                WHEN t.amount IS NULL THEN 'amount:invalid'
                WHEN t.amount < 0 THEN 'amount:negative'
                WHEN ecom.blank_to_null(t.returned_at_text) IS NULL THEN 'returned_at:not_null'
                WHEN t.returned_at IS NULL THEN 'returned_at:invalid'
                WHEN t.returned_at > now() THEN 'returned_at:future'
                WHEN t.order_id IS NOT NULL AND o.order_key IS NULL THEN 'order_id:unknown_order'
                WHEN r.product_key IS NULL THEN 'sku:unknown_sku'
                WHEN t.returned_at < o.created_at THEN 'returned_at:before_order'
                WHEN o.order_key IS NOT NULL
                     AND t.quantity > (SELECT coalesce(sum(i.quantity), 0) FROM ecom.fct_order_items AS i
                                       WHERE i.order_key = o.order_key AND i.sku = t.sku) THEN 'quantity:exceeds_order'
           END
    FROM (SELECT s.stg_id, s.ingested_at, s.quantity AS quantity_text, s.amount AS amount_text,
                 s.returned_at AS returned_at_text,
                 ecom.blank_to_null(s.return_id) AS return_id, ecom.blank_to_null(s.order_id) AS order_id,
                 ecom.blank_to_null(s.sku) AS sku, ecom.to_int(s.quantity) AS quantity, ecom.to_numeric(s.amount) AS amount,
                 ecom.to_timestamptz(s.returned_at) AS returned_at, ecom.blank_to_null(s.reason) AS reason
          FROM ecom.stg_returns AS s WHERE s.stg_id > after_stg_id OFFSET 0) AS t
    LEFT JOIN ecom.fct_orders AS o ON o.order_id = t.order_id
    LEFT JOIN ecom.product_version_ranges AS r ON r.sku = t.sku AND t.returned_at >= r.range_from AND t.returned_at < r.range_to;
END;
COMMENT ON FUNCTION ecom.stg_returns_checked(bigint) IS
    'Staged returns above stg_id after_stg_id, typed, with the refund decision (within ecom.refund_window_days of delivery, or of the order when delivery is unknown; always for returns without an order) and the first data-quality rule each breaks';
CREATE VIEW ecom.stg_returns_checked AS SELECT * FROM ecom.stg_returns_checked(0);
COMMENT ON VIEW ecom.stg_returns_checked IS
    'Staged returns typed, with the refund decision (within ecom.refund_window_days of delivery, or of the order when delivery is unknown; always for returns without an order) and the first data-quality rule each breaks';

CREATE FUNCTION ecom.stg_inventory_checked(after_stg_id bigint)
    RETURNS TABLE (stg_id bigint, ingested_at timestamptz, sku text, snapshot_date date, on_hand int, allocated int,
                   reorder_point int, product_key bigint, rule text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT t.stg_id, t.ingested_at, t.sku, t.snapshot_date, t.on_hand, t.allocated, t.reorder_point, r.product_key,
           CASE WHEN t.sku IS NULL THEN 'sku:not_null'
                WHEN ecom.blank_to_null(t.snapshot_date_text) IS NULL THEN 'snapshot_date:not_null'
                WHEN t.snapshot_date IS NULL THEN 'snapshot_date:invalid'
                WHEN t.snapshot_date > current_date THEN 'snapshot_date:future'
                WHEN ecom.blank_to_null(t.on_hand_text) IS NULL THEN 'on_hand:not_null'
                WHEN t.on_hand IS NULL THEN 'on_hand:invalid'
                WHEN t.on_hand < 0 THEN 'on_hand:negative'
                WHEN t.allocated IS NULL THEN 'allocated:invalid'
                WHEN t.allocated < 0 THEN 'allocated:negative'
                WHEN ecom.blank_to_null(t.reorder_point_text) IS NOT NULL AND t.reorder_point IS NULL THEN 'reorder_point:invalid'
                WHEN t.reorder_point < 0 THEN 'reorder_point:negative'
                WHEN r.product_key IS NULL THEN 'sku:unknown_sku'
           END
    FROM (SELECT s.stg_id, s.ingested_at, s.snapshot_date AS snapshot_date_text, s.on_hand AS on_hand_text,
                 s.reorder_point AS reorder_point_text,
                 ecom.blank_to_null(s.sku) AS sku, ecom.to_date(s.snapshot_date) AS snapshot_date,
                 ecom.to_int(s.on_hand) AS on_hand,
                 CASE WHEN ecom.blank_to_null(s.allocated) IS NULL THEN 0 ELSE ecom.to_int(s.allocated) END AS allocated,
                 ecom.to_int(s.reorder_point) AS reorder_point
          FROM ecom.stg_inventory AS s WHERE s.stg_id > after_stg_id OFFSET 0) AS t
    LEFT JOIN ecom.product_version_ranges AS r
           ON r.sku = t.sku AND t.snapshot_date::timestamptz >= r.range_from AND t.snapshot_date::timestamptz < r.range_to;
END;
COMMENT ON FUNCTION ecom.stg_inventory_checked(bigint) IS
    'Staged inventory snapshots above stg_id after_stg_id, typed (blank allocated = 0), with the first data-quality rule each breaks';
CREATE VIEW ecom.stg_inventory_checked AS SELECT * FROM ecom.stg_inventory_checked(0);
COMMENT ON VIEW ecom.stg_inventory_checked IS 'Staged inventory snapshots typed (blank allocated = 0), with the first data-quality rule each breaks';

CREATE FUNCTION ecom.stg_events_checked(after_stg_id bigint)
    RETURNS TABLE (stg_id bigint, ingested_at timestamptz, event_id text, session_id text, customer_id text,
                   event_ts timestamptz, event_type text, sku text, campaign_id text, order_id text, customer_key bigint,
                   campaign_key bigint, product_key bigint, rule text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT t.stg_id, t.ingested_at, t.event_id, t.session_id, t.customer_id, t.event_ts, t.event_type, t.sku,
           t.campaign_id, t.order_id, coalesce(c.customer_key, 0), coalesce(k.campaign_key, 0), r.product_key,
           CASE WHEN t.event_id IS NULL THEN 'event_id:not_null'
                WHEN t.session_id IS NULL THEN 'session_id:not_null'
                WHEN ecom.blank_to_null(t.event_ts_text) IS NULL THEN 'event_ts:not_null'
                WHEN t.event_ts IS NULL THEN 'event_ts:invalid'
                WHEN t.event_ts > now() THEN 'event_ts:future'
                WHEN t.event_type IS NULL THEN 'event_type:not_null'
                WHEN t.event_type NOT IN ('page_view', 'add_to_cart', 'checkout', 'purchase') THEN 'event_type:invalid'
                WHEN t.customer_id IS NOT NULL AND c.customer_key IS NULL THEN 'customer_id:unknown_customer'
                WHEN t.campaign_id IS NOT NULL AND k.campaign_key IS NULL THEN 'campaign_id:unknown_campaign'
                WHEN t.sku IS NOT NULL AND r.product_key IS NULL THEN 'sku:unknown_sku'
           END
    FROM (SELECT s.stg_id, s.ingested_at, s.event_ts AS event_ts_text,
                 ecom.blank_to_null(s.event_id) AS event_id, ecom.blank_to_null(s.session_id) AS session_id,
                 ecom.blank_to_null(s.customer_id) AS customer_id, ecom.to_timestamptz(s.event_ts) AS event_ts,
                 lower(ecom.blank_to_null(s.event_type)) AS event_type, ecom.blank_to_null(s.sku) AS sku,
                 ecom.blank_to_null(s.campaign_id) AS campaign_id, ecom.blank_to_null(s.order_id) AS order_id
          FROM ecom.stg_events AS s WHERE s.stg_id > after_stg_id OFFSET 0) AS t
    LEFT JOIN ecom.dim_customer AS c ON c.customer_id = t.customer_id
    LEFT JOIN ecom.dim_campaign AS k ON k.campaign_id = t.campaign_id
    LEFT JOIN ecom.product_version_ranges AS r ON r.sku = t.sku AND t.event_ts >= r.range_from AND t.event_ts < r.range_to;
END;
COMMENT ON FUNCTION ecom.stg_events_checked(bigint) IS
    'Staged events above stg_id after_stg_id, typed (blank customer = anonymous), with the first data-quality rule each breaks';
CREATE VIEW ecom.stg_events_checked AS SELECT * FROM ecom.stg_events_checked(0);
COMMENT ON VIEW ecom.stg_events_checked IS 'Staged events typed (blank customer = anonymous), with the first data-quality rule each breaks';

COMMENT ON COLUMN ecom.product_version_ranges.product_key IS 'Version (dim_product.product_key)';
COMMENT ON COLUMN ecom.product_version_ranges.sku IS 'SKU';
COMMENT ON COLUMN ecom.product_version_ranges.is_merchandise IS 'False when the category is ''non-merchandise''';
COMMENT ON COLUMN ecom.product_version_ranges.range_from IS 'Start of the range (-infinity for the first version of the SKU)';
COMMENT ON COLUMN ecom.product_version_ranges.range_to IS 'End of the range, exclusive (infinity for the current version)';

-- Column comments of the *_checked views: a typed column says which staged column it types; the others are listed.
DO $$
DECLARE
    col record;
    extra constant jsonb := jsonb_build_object(
        'stg_id', 'stg_id of the staged row',
        'ingested_at', 'When the row was staged (the latest version of a key wins)',
        'rule', 'First data-quality rule the row breaks, as column:check; NULL when it passes',
        'customer_key', 'dim_customer key of customer_id (0 = guest / anonymous when blank)',
        'campaign_key', 'dim_campaign key of campaign_id (0 = none when blank)',
        'status_rank', 'Position of the status in the order flow (ecom.order_status_rank)',
        'order_key', 'fct_orders key of order_id (NULL when the order is not loaded)',
        'product_key', 'dim_product version valid at the row''s time (NULL when the SKU is unknown)',
        'is_merchandise', 'False for non-merchandise SKUs (kept out of gross)',
        'refunded', 'Whether the return is refunded under ecom.refund_window_days',
        'effective_from', 'Start of validity of the observation: updated_at, or ingested_at when blank',
        'attributes', 'The SCD-2 attributes compared between versions, as jsonb');
BEGIN
    FOR col IN
        SELECT c.relname AS view_name, a.attname AS column_name, replace(c.relname, '_checked', '') AS staging
        FROM pg_class AS c JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0
        WHERE c.relnamespace = 'ecom'::regnamespace AND c.relkind = 'v' AND c.relname LIKE 'stg\_%\_checked'
    LOOP
        EXECUTE format('COMMENT ON COLUMN ecom.%I.%I IS %L', col.view_name, col.column_name,
                       coalesce(extra ->> col.column_name::text,
                                format('%s.%s typed and trimmed (NULL when blank or not valid)', col.staging, col.column_name)));
    END LOOP;
END $$;
