-- Warehouse: the star schema ecom.run_etl() loads from staging, the run log and the quarantine.
-- Dimensions carry surrogate keys (bigint identity) next to the business key; "unknown" members have key 0
-- and are created here, so a fact never needs a NULL foreign key. Money is numeric (exact) everywhere.

-- ---------------------------------------------------------------------------------------------------
-- Run log, watermarks and quarantine
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE ecom.etl_runs (
    run_id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind               text NOT NULL DEFAULT 'etl' CHECK (kind IN ('etl', 'import_online_retail')),
    started_at         timestamptz NOT NULL,
    finished_at        timestamptz NOT NULL,
    refund_window_days int CHECK (refund_window_days >= 0),
    stats              jsonb NOT NULL,
    bulk               boolean NOT NULL DEFAULT false,
    CHECK (finished_at >= started_at)
);
COMMENT ON TABLE ecom.etl_runs IS 'One row per successful ecom.run_etl() (or importer) run; a failed run rolls back and leaves no row';
COMMENT ON COLUMN ecom.etl_runs.run_id IS 'Run number (increasing)';
COMMENT ON COLUMN ecom.etl_runs.kind IS 'etl for ecom.run_etl(), import_online_retail for ecom.stage_online_retail()';
COMMENT ON COLUMN ecom.etl_runs.started_at IS 'Wall-clock start of the run (after the run lock was obtained)';
COMMENT ON COLUMN ecom.etl_runs.finished_at IS 'Wall-clock end of the run (before commit)';
COMMENT ON COLUMN ecom.etl_runs.refund_window_days IS 'Value of ecom.refund_window_days the run applied';
COMMENT ON COLUMN ecom.etl_runs.bulk IS
    'True when the batch was large enough for the bulk path: foreign keys checked once per constraint after loading instead of row by row';
COMMENT ON COLUMN ecom.etl_runs.stats IS
    'Per source table: {"read", "inserted", "updated", "unchanged", "deduplicated", "quarantined", "from_stg_id", "to_stg_id"}; read = inserted + updated + unchanged + deduplicated + quarantined';

CREATE TABLE ecom.etl_watermarks (
    source_table text PRIMARY KEY,
    last_stg_id  bigint NOT NULL CHECK (last_stg_id >= 0),
    run_id       bigint NOT NULL REFERENCES ecom.etl_runs
);
COMMENT ON TABLE ecom.etl_watermarks IS 'Per staging table, the highest stg_id consumed by a successful run: the next run reads stg_id above it';
COMMENT ON COLUMN ecom.etl_watermarks.source_table IS 'Staging table name (stg_orders, ...)';
COMMENT ON COLUMN ecom.etl_watermarks.last_stg_id IS 'Highest stg_id consumed so far';
COMMENT ON COLUMN ecom.etl_watermarks.run_id IS 'Run that last moved the watermark';

CREATE TABLE ecom.quarantine (
    quarantine_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id         bigint NOT NULL REFERENCES ecom.etl_runs,
    source_table   text NOT NULL,
    stg_id         bigint NOT NULL,
    rule           text NOT NULL CHECK (rule ~ '^[a-z_]+:[a-z_]+$'),
    raw            jsonb NOT NULL,
    quarantined_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (run_id, source_table, stg_id)
);
CREATE INDEX ON ecom.quarantine (source_table, stg_id);
CREATE INDEX ON ecom.quarantine (rule);
COMMENT ON TABLE ecom.quarantine IS 'Every staged row a run rejected, whole, with the first data-quality rule it broke (nothing is silently dropped)';
COMMENT ON COLUMN ecom.quarantine.quarantine_id IS 'Surrogate key';
COMMENT ON COLUMN ecom.quarantine.run_id IS 'Run that rejected the row';
COMMENT ON COLUMN ecom.quarantine.source_table IS 'Staging table the row came from';
COMMENT ON COLUMN ecom.quarantine.stg_id IS 'stg_id of the rejected row in its staging table';
COMMENT ON COLUMN ecom.quarantine.rule IS 'Rule broken, as column:check (for example created_at:future, status:backwards, sku:unknown_sku)';
COMMENT ON COLUMN ecom.quarantine.raw IS 'The whole staged row as jsonb, exactly as received';
COMMENT ON COLUMN ecom.quarantine.quarantined_at IS 'When the row was rejected';

-- ---------------------------------------------------------------------------------------------------
-- Dimensions
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE ecom.dim_date (
    date_key     date PRIMARY KEY,
    day_of_month smallint NOT NULL CHECK (day_of_month BETWEEN 1 AND 31),
    week_start   date NOT NULL,
    iso_year     smallint NOT NULL,
    iso_week     smallint NOT NULL CHECK (iso_week BETWEEN 1 AND 53),
    month        smallint NOT NULL CHECK (month BETWEEN 1 AND 12),
    month_name   text NOT NULL,
    quarter      smallint NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    year         smallint NOT NULL,
    iso_weekday  smallint NOT NULL CHECK (iso_weekday BETWEEN 1 AND 7),
    day_name     text NOT NULL,
    is_weekend   boolean NOT NULL,
    is_holiday   boolean NOT NULL
);
COMMENT ON TABLE ecom.dim_date IS 'Calendar dimension, one row per day; filled for 2000-2040 at install and extended by ecom.run_etl() when data falls outside';
COMMENT ON COLUMN ecom.dim_date.date_key IS 'The day (primary key; facts reference it)';
COMMENT ON COLUMN ecom.dim_date.day_of_month IS 'Day of the month, 1-31';
COMMENT ON COLUMN ecom.dim_date.week_start IS 'Monday of the ISO week containing the day';
COMMENT ON COLUMN ecom.dim_date.iso_year IS 'ISO 8601 week-numbering year';
COMMENT ON COLUMN ecom.dim_date.iso_week IS 'ISO 8601 week number, 1-53';
COMMENT ON COLUMN ecom.dim_date.month IS 'Month, 1-12';
COMMENT ON COLUMN ecom.dim_date.month_name IS 'English month name';
COMMENT ON COLUMN ecom.dim_date.quarter IS 'Calendar quarter, 1-4';
COMMENT ON COLUMN ecom.dim_date.year IS 'Calendar year';
COMMENT ON COLUMN ecom.dim_date.iso_weekday IS 'ISO day of week: 1 = Monday ... 7 = Sunday';
COMMENT ON COLUMN ecom.dim_date.day_name IS 'English day name';
COMMENT ON COLUMN ecom.dim_date.is_weekend IS 'Saturday or Sunday';
COMMENT ON COLUMN ecom.dim_date.is_holiday IS 'Fixed-date holiday: 1 January, 25 and 26 December (edit the column for your own calendar)';

-- Adds the days of [first_day, last_day] missing from ecom.dim_date; returns how many were added.
CREATE FUNCTION ecom.extend_dim_date(first_day date, last_day date) RETURNS bigint
    LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
BEGIN ATOMIC
    WITH added AS (
        INSERT INTO ecom.dim_date
        SELECT d, extract(day FROM d), date_trunc('week', d)::date, extract(isoyear FROM d), extract(week FROM d),
               extract(month FROM d), trim(to_char(d, 'Month')), extract(quarter FROM d), extract(year FROM d),
               extract(isodow FROM d), trim(to_char(d, 'Day')), extract(isodow FROM d) >= 6,
               to_char(d, 'MM-DD') IN ('01-01', '12-25', '12-26')
        FROM generate_series(first_day, last_day, interval '1 day') AS g(t), LATERAL (SELECT t::date AS d) AS x
        ON CONFLICT (date_key) DO NOTHING
        RETURNING 1)
    SELECT count(*) FROM added;
END;
COMMENT ON FUNCTION ecom.extend_dim_date(date, date) IS
    'Adds the calendar days of [first_day, last_day] missing from ecom.dim_date and returns how many were added';
SELECT ecom.extend_dim_date('2000-01-01', '2040-12-31');

CREATE TABLE ecom.dim_geography (
    geography_key bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 1) PRIMARY KEY,
    country       text NOT NULL,
    region        text,
    UNIQUE NULLS NOT DISTINCT (country, region)
);
COMMENT ON TABLE ecom.dim_geography IS 'Geography dimension: country and region; key 0 is the unknown member';
COMMENT ON COLUMN ecom.dim_geography.geography_key IS 'Surrogate key; 0 = unknown';
COMMENT ON COLUMN ecom.dim_geography.country IS 'Country as received (trimmed)';
COMMENT ON COLUMN ecom.dim_geography.region IS 'Region within the country (NULL when not known)';
INSERT INTO ecom.dim_geography (geography_key, country, region) VALUES (0, 'Unknown', NULL);

CREATE TABLE ecom.dim_customer (
    customer_key       bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 1) PRIMARY KEY,
    customer_id        text UNIQUE,
    email              text,
    full_name          text,
    geography_key      bigint NOT NULL DEFAULT 0 REFERENCES ecom.dim_geography,
    city               text,
    segment            text,
    signup_at          timestamptz,
    first_order_at     timestamptz,
    source_updated_at  timestamptz,
    source_ingested_at timestamptz,
    CHECK ((customer_key = 0) = (customer_id IS NULL))
);
CREATE INDEX ON ecom.dim_customer (geography_key);
COMMENT ON TABLE ecom.dim_customer IS
    'Customer dimension (type 1: the latest version overwrites); key 0 is the unknown / guest member that keeps guest orders'' revenue';
COMMENT ON COLUMN ecom.dim_customer.customer_key IS 'Surrogate key; 0 = unknown / guest';
COMMENT ON COLUMN ecom.dim_customer.customer_id IS 'Business key from the source (NULL only for the guest member)';
COMMENT ON COLUMN ecom.dim_customer.email IS 'E-mail address as received';
COMMENT ON COLUMN ecom.dim_customer.full_name IS 'Full name as received';
COMMENT ON COLUMN ecom.dim_customer.geography_key IS 'Country and region of the customer';
COMMENT ON COLUMN ecom.dim_customer.city IS 'City as received';
COMMENT ON COLUMN ecom.dim_customer.segment IS 'Marketing segment as received';
COMMENT ON COLUMN ecom.dim_customer.signup_at IS 'Account creation time';
COMMENT ON COLUMN ecom.dim_customer.first_order_at IS 'Creation time of the customer''s first loaded order (kept current by ecom.run_etl())';
COMMENT ON COLUMN ecom.dim_customer.source_updated_at IS 'updated_at of the staged version loaded';
COMMENT ON COLUMN ecom.dim_customer.source_ingested_at IS 'ingested_at of the staged version loaded';
INSERT INTO ecom.dim_customer (customer_key, customer_id, full_name) VALUES (0, NULL, 'Unknown / guest');

CREATE TABLE ecom.dim_product (
    product_key  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku          text NOT NULL,
    product_name text,
    category     text,
    brand        text,
    price        numeric CHECK (price >= 0),
    cost         numeric CHECK (cost >= 0),
    currency     text CHECK (currency ~ '^[A-Z]{3}$'),
    active       boolean,
    valid_from   timestamptz NOT NULL,
    valid_to     timestamptz,
    is_current   boolean NOT NULL,
    UNIQUE (sku, valid_from),
    CHECK (valid_to > valid_from),
    CHECK (is_current = (valid_to IS NULL))
);
CREATE UNIQUE INDEX dim_product_current_sku ON ecom.dim_product (sku) WHERE is_current;
COMMENT ON TABLE ecom.dim_product IS
    'Product dimension, SCD type 2: one row per version of a SKU''s attributes, maintained by ecom.scd2_merge(); versions of a SKU tile time without gaps';
COMMENT ON COLUMN ecom.dim_product.product_key IS 'Surrogate key of the version';
COMMENT ON COLUMN ecom.dim_product.sku IS 'Business key (stock keeping unit)';
COMMENT ON COLUMN ecom.dim_product.product_name IS 'Product name in this version';
COMMENT ON COLUMN ecom.dim_product.category IS 'Category; ''non-merchandise'' marks fee and adjustment codes kept out of gross sales';
COMMENT ON COLUMN ecom.dim_product.brand IS 'Brand in this version';
COMMENT ON COLUMN ecom.dim_product.price IS 'List price in this version';
COMMENT ON COLUMN ecom.dim_product.cost IS 'Unit cost in this version';
COMMENT ON COLUMN ecom.dim_product.currency IS 'ISO 4217 currency of price and cost';
COMMENT ON COLUMN ecom.dim_product.active IS 'Whether the product is sold in this version';
COMMENT ON COLUMN ecom.dim_product.valid_from IS 'Start of the version (the updated_at of the observation that started it)';
COMMENT ON COLUMN ecom.dim_product.valid_to IS 'End of the version = valid_from of the next version; NULL for the current version';
COMMENT ON COLUMN ecom.dim_product.is_current IS 'True for the open-ended current version';

CREATE TABLE ecom.dim_campaign (
    campaign_key       bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 1) PRIMARY KEY,
    campaign_id        text UNIQUE,
    campaign_name      text,
    channel            text,
    start_date         date,
    end_date           date,
    spend              numeric CHECK (spend >= 0),
    currency           text CHECK (currency ~ '^[A-Z]{3}$'),
    source_ingested_at timestamptz,
    CHECK ((campaign_key = 0) = (campaign_id IS NULL)),
    CHECK (end_date >= start_date)
);
COMMENT ON TABLE ecom.dim_campaign IS 'Marketing campaign dimension (type 1); key 0 = no campaign';
COMMENT ON COLUMN ecom.dim_campaign.campaign_key IS 'Surrogate key; 0 = no campaign';
COMMENT ON COLUMN ecom.dim_campaign.campaign_id IS 'Business key from the source (NULL only for the no-campaign member)';
COMMENT ON COLUMN ecom.dim_campaign.campaign_name IS 'Campaign name';
COMMENT ON COLUMN ecom.dim_campaign.channel IS 'Marketing channel (email, search, social, ...)';
COMMENT ON COLUMN ecom.dim_campaign.start_date IS 'First day of the campaign';
COMMENT ON COLUMN ecom.dim_campaign.end_date IS 'Last day of the campaign';
COMMENT ON COLUMN ecom.dim_campaign.spend IS 'Total spend';
COMMENT ON COLUMN ecom.dim_campaign.currency IS 'ISO 4217 currency of spend';
COMMENT ON COLUMN ecom.dim_campaign.source_ingested_at IS 'ingested_at of the staged version loaded';
INSERT INTO ecom.dim_campaign (campaign_key, campaign_id, campaign_name) VALUES (0, NULL, 'No campaign');

-- ---------------------------------------------------------------------------------------------------
-- Facts
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE ecom.fct_orders (
    order_key          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id           text NOT NULL UNIQUE,
    customer_key       bigint NOT NULL REFERENCES ecom.dim_customer,
    order_date         date NOT NULL REFERENCES ecom.dim_date,
    status             text NOT NULL CHECK (status IN ('created', 'paid', 'fulfilled', 'delivered', 'returned', 'cancelled')),
    created_at         timestamptz NOT NULL,
    paid_at            timestamptz,
    fulfilled_at       timestamptz,
    delivered_at       timestamptz,
    cancelled_at       timestamptz,
    campaign_key       bigint NOT NULL DEFAULT 0 REFERENCES ecom.dim_campaign,
    geography_key      bigint NOT NULL DEFAULT 0 REFERENCES ecom.dim_geography,
    currency           text CHECK (currency ~ '^[A-Z]{3}$'),
    items              int NOT NULL DEFAULT 0 CHECK (items >= 0),
    units              bigint NOT NULL DEFAULT 0 CHECK (units >= 0),
    gross              numeric NOT NULL DEFAULT 0 CHECK (gross >= 0),
    discount           numeric NOT NULL DEFAULT 0 CHECK (discount >= 0),
    refunds            numeric NOT NULL DEFAULT 0 CHECK (refunds >= 0),
    net                numeric GENERATED ALWAYS AS (gross - discount - refunds) STORED,
    shipping           numeric NOT NULL DEFAULT 0 CHECK (shipping >= 0),
    tax                numeric NOT NULL DEFAULT 0 CHECK (tax >= 0),
    adjustments        numeric NOT NULL DEFAULT 0,
    source_ingested_at timestamptz NOT NULL,
    source_stg_id      bigint NOT NULL
) WITH (fillfactor = 50);  -- room for one HOT update of every row: the ETL writes order totals after the lines, and orders move through the flow
CREATE INDEX ON ecom.fct_orders (order_date);
CREATE INDEX ON ecom.fct_orders (customer_key, created_at);
CREATE INDEX ON ecom.fct_orders (campaign_key) WHERE campaign_key <> 0;
COMMENT ON TABLE ecom.fct_orders IS
    'One row per order (latest valid version); money columns are derived from its lines and returns: net = gross - discount - refunds';
COMMENT ON COLUMN ecom.fct_orders.order_key IS 'Surrogate key';
COMMENT ON COLUMN ecom.fct_orders.order_id IS 'Business key from the source';
COMMENT ON COLUMN ecom.fct_orders.customer_key IS 'Customer (0 = guest)';
COMMENT ON COLUMN ecom.fct_orders.order_date IS 'Day the order was created (time zone of the session running the ETL)';
COMMENT ON COLUMN ecom.fct_orders.status IS 'Order status: created -> paid -> fulfilled -> delivered -> returned, or cancelled';
COMMENT ON COLUMN ecom.fct_orders.created_at IS 'When the order was placed';
COMMENT ON COLUMN ecom.fct_orders.paid_at IS 'When payment was captured';
COMMENT ON COLUMN ecom.fct_orders.fulfilled_at IS 'When the order was shipped';
COMMENT ON COLUMN ecom.fct_orders.delivered_at IS 'When the order was delivered (starts the refund window)';
COMMENT ON COLUMN ecom.fct_orders.cancelled_at IS 'When the order was cancelled';
COMMENT ON COLUMN ecom.fct_orders.campaign_key IS 'Attributed campaign (0 = none)';
COMMENT ON COLUMN ecom.fct_orders.geography_key IS 'Shipping country (0 = unknown)';
COMMENT ON COLUMN ecom.fct_orders.currency IS 'ISO 4217 currency of the amounts';
COMMENT ON COLUMN ecom.fct_orders.items IS 'Number of merchandise lines';
COMMENT ON COLUMN ecom.fct_orders.units IS 'Units of merchandise ordered';
COMMENT ON COLUMN ecom.fct_orders.gross IS 'Gross sales: sum of unit price x quantity over merchandise lines, before discounts, shipping and tax';
COMMENT ON COLUMN ecom.fct_orders.discount IS 'Order-level discount';
COMMENT ON COLUMN ecom.fct_orders.refunds IS 'Refunds of returns that arrived within the refund window';
COMMENT ON COLUMN ecom.fct_orders.net IS 'Net revenue = gross - discount - refunds';
COMMENT ON COLUMN ecom.fct_orders.shipping IS 'Shipping charged (kept apart from revenue)';
COMMENT ON COLUMN ecom.fct_orders.tax IS 'Tax charged (kept apart from revenue)';
COMMENT ON COLUMN ecom.fct_orders.adjustments IS 'Sum of non-merchandise lines (fees, manual adjustments), kept out of gross';
COMMENT ON COLUMN ecom.fct_orders.source_ingested_at IS 'ingested_at of the staged version loaded (older versions arriving later are superseded)';
COMMENT ON COLUMN ecom.fct_orders.source_stg_id IS 'stg_id of the staged version loaded';

CREATE TABLE ecom.fct_order_items (
    order_item_key     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_key          bigint NOT NULL REFERENCES ecom.fct_orders,
    line_number        int NOT NULL CHECK (line_number >= 1),
    product_key        bigint NOT NULL REFERENCES ecom.dim_product DEFERRABLE,
    sku                text NOT NULL,
    quantity           int NOT NULL CHECK (quantity > 0),
    unit_price         numeric NOT NULL CHECK (unit_price >= 0),
    gross              numeric GENERATED ALWAYS AS (unit_price * quantity) STORED,
    is_merchandise     boolean NOT NULL,
    source_ingested_at timestamptz NOT NULL,
    source_stg_id      bigint NOT NULL,
    UNIQUE (order_key, line_number)
);
CREATE INDEX ON ecom.fct_order_items (product_key);
CREATE INDEX ON ecom.fct_order_items (sku);
COMMENT ON TABLE ecom.fct_order_items IS 'One row per order line (latest valid version): product version in force when the order was placed, quantity, unit price';
COMMENT ON COLUMN ecom.fct_order_items.order_item_key IS 'Surrogate key';
COMMENT ON COLUMN ecom.fct_order_items.order_key IS 'Order of the line';
COMMENT ON COLUMN ecom.fct_order_items.line_number IS 'Line number within the order (business key with the order)';
COMMENT ON COLUMN ecom.fct_order_items.product_key IS 'Product version valid when the order was created (the first version when the order predates it)';
COMMENT ON COLUMN ecom.fct_order_items.sku IS 'SKU of the line';
COMMENT ON COLUMN ecom.fct_order_items.quantity IS 'Units ordered';
COMMENT ON COLUMN ecom.fct_order_items.unit_price IS 'Price per unit before discounts';
COMMENT ON COLUMN ecom.fct_order_items.gross IS 'unit_price x quantity';
COMMENT ON COLUMN ecom.fct_order_items.is_merchandise IS 'False for non-merchandise codes (product category ''non-merchandise''): kept out of gross';
COMMENT ON COLUMN ecom.fct_order_items.source_ingested_at IS 'ingested_at of the staged version loaded';
COMMENT ON COLUMN ecom.fct_order_items.source_stg_id IS 'stg_id of the staged version loaded';

CREATE TABLE ecom.fct_returns (
    return_key         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    return_id          text NOT NULL UNIQUE,
    order_key          bigint REFERENCES ecom.fct_orders,
    product_key        bigint NOT NULL REFERENCES ecom.dim_product DEFERRABLE,
    sku                text NOT NULL,
    return_date        date NOT NULL REFERENCES ecom.dim_date,
    returned_at        timestamptz NOT NULL,
    quantity           int NOT NULL CHECK (quantity > 0),
    amount             numeric NOT NULL CHECK (amount >= 0),
    refunded           boolean NOT NULL,
    refund_amount      numeric GENERATED ALWAYS AS (CASE WHEN refunded THEN amount ELSE 0 END) STORED,
    reason             text,
    source_ingested_at timestamptz NOT NULL,
    source_stg_id      bigint NOT NULL
);
CREATE INDEX ON ecom.fct_returns (order_key);
CREATE INDEX ON ecom.fct_returns (return_date);
CREATE INDEX ON ecom.fct_returns (sku);
COMMENT ON TABLE ecom.fct_returns IS
    'One row per return: refunded only when it arrived within ecom.refund_window_days of delivery (of the order when delivery is unknown); returns without an order are refunds on their own date';
COMMENT ON COLUMN ecom.fct_returns.return_key IS 'Surrogate key';
COMMENT ON COLUMN ecom.fct_returns.return_id IS 'Business key from the source';
COMMENT ON COLUMN ecom.fct_returns.order_key IS 'Returned order (NULL when the source gives none, e.g. Online Retail credit notes)';
COMMENT ON COLUMN ecom.fct_returns.product_key IS 'Product version valid when the return arrived';
COMMENT ON COLUMN ecom.fct_returns.sku IS 'Returned SKU';
COMMENT ON COLUMN ecom.fct_returns.return_date IS 'Day the return arrived';
COMMENT ON COLUMN ecom.fct_returns.returned_at IS 'When the return arrived';
COMMENT ON COLUMN ecom.fct_returns.quantity IS 'Units returned';
COMMENT ON COLUMN ecom.fct_returns.amount IS 'Amount claimed';
COMMENT ON COLUMN ecom.fct_returns.refunded IS 'Whether the return is refunded (within the refund window, or without an order)';
COMMENT ON COLUMN ecom.fct_returns.refund_amount IS 'amount when refunded, else 0';
COMMENT ON COLUMN ecom.fct_returns.reason IS 'Return reason as received';
COMMENT ON COLUMN ecom.fct_returns.source_ingested_at IS 'ingested_at of the staged version loaded';
COMMENT ON COLUMN ecom.fct_returns.source_stg_id IS 'stg_id of the staged version loaded';

CREATE TABLE ecom.fct_inventory_daily (
    sku                text NOT NULL,
    snapshot_date      date NOT NULL REFERENCES ecom.dim_date,
    product_key        bigint NOT NULL REFERENCES ecom.dim_product DEFERRABLE,
    on_hand            int NOT NULL CHECK (on_hand >= 0),
    allocated          int NOT NULL CHECK (allocated >= 0),
    available          int GENERATED ALWAYS AS (on_hand - allocated) STORED,
    reorder_point      int CHECK (reorder_point >= 0),
    source_ingested_at timestamptz NOT NULL,
    source_stg_id      bigint NOT NULL,
    PRIMARY KEY (sku, snapshot_date)
);
CREATE INDEX ON ecom.fct_inventory_daily (snapshot_date);
COMMENT ON TABLE ecom.fct_inventory_daily IS 'Daily inventory snapshot per SKU (latest version of each SKU and day)';
COMMENT ON COLUMN ecom.fct_inventory_daily.sku IS 'SKU';
COMMENT ON COLUMN ecom.fct_inventory_daily.snapshot_date IS 'Day of the snapshot';
COMMENT ON COLUMN ecom.fct_inventory_daily.product_key IS 'Product version valid on that day';
COMMENT ON COLUMN ecom.fct_inventory_daily.on_hand IS 'Units in stock';
COMMENT ON COLUMN ecom.fct_inventory_daily.allocated IS 'Units reserved for open orders';
COMMENT ON COLUMN ecom.fct_inventory_daily.available IS 'on_hand - allocated (negative when oversold)';
COMMENT ON COLUMN ecom.fct_inventory_daily.reorder_point IS 'Stock level that triggers a reorder';
COMMENT ON COLUMN ecom.fct_inventory_daily.source_ingested_at IS 'ingested_at of the staged version loaded';
COMMENT ON COLUMN ecom.fct_inventory_daily.source_stg_id IS 'stg_id of the staged version loaded';

CREATE TABLE ecom.fct_events (
    event_key          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id           text NOT NULL UNIQUE,
    session_id         text NOT NULL,
    customer_key       bigint NOT NULL REFERENCES ecom.dim_customer,
    event_date         date NOT NULL REFERENCES ecom.dim_date,
    event_ts           timestamptz NOT NULL,
    event_type         text NOT NULL CHECK (event_type IN ('page_view', 'add_to_cart', 'checkout', 'purchase')),
    sku                text,
    product_key        bigint REFERENCES ecom.dim_product DEFERRABLE,
    campaign_key       bigint NOT NULL DEFAULT 0 REFERENCES ecom.dim_campaign,
    order_id           text,
    CHECK ((sku IS NULL) = (product_key IS NULL)),
    source_ingested_at timestamptz NOT NULL,
    source_stg_id      bigint NOT NULL
);
CREATE INDEX ON ecom.fct_events (event_date);
CREATE INDEX ON ecom.fct_events (session_id);
CREATE INDEX ON ecom.fct_events (sku) WHERE sku IS NOT NULL;
COMMENT ON TABLE ecom.fct_events IS 'Storefront events (latest version of each event id)';
COMMENT ON COLUMN ecom.fct_events.event_key IS 'Surrogate key';
COMMENT ON COLUMN ecom.fct_events.event_id IS 'Business key from the source';
COMMENT ON COLUMN ecom.fct_events.session_id IS 'Session the event belongs to';
COMMENT ON COLUMN ecom.fct_events.customer_key IS 'Customer (0 = anonymous)';
COMMENT ON COLUMN ecom.fct_events.event_date IS 'Day of the event';
COMMENT ON COLUMN ecom.fct_events.event_ts IS 'When the event happened';
COMMENT ON COLUMN ecom.fct_events.event_type IS 'page_view, add_to_cart, checkout or purchase';
COMMENT ON COLUMN ecom.fct_events.sku IS 'SKU viewed or added (NULL when none)';
COMMENT ON COLUMN ecom.fct_events.product_key IS 'Product version viewed or added (NULL when none)';
COMMENT ON COLUMN ecom.fct_events.campaign_key IS 'Campaign that brought the session (0 = none)';
COMMENT ON COLUMN ecom.fct_events.order_id IS 'Order placed by a purchase event (business key; the order may load later)';
COMMENT ON COLUMN ecom.fct_events.source_ingested_at IS 'ingested_at of the staged version loaded';
COMMENT ON COLUMN ecom.fct_events.source_stg_id IS 'stg_id of the staged version loaded';

-- Derived facts, rebuilt by ecom.run_etl() for the days and cohorts its changes touch.
CREATE TABLE ecom.fct_revenue_daily (
    date_key     date PRIMARY KEY REFERENCES ecom.dim_date,
    orders       bigint NOT NULL CHECK (orders >= 0),
    customers    bigint NOT NULL CHECK (customers >= 0),
    units        bigint NOT NULL CHECK (units >= 0),
    gross        numeric NOT NULL,
    discount     numeric NOT NULL,
    refunds      numeric NOT NULL,
    net          numeric GENERATED ALWAYS AS (gross - discount - refunds) STORED,
    shipping     numeric NOT NULL,
    tax          numeric NOT NULL,
    returns      bigint NOT NULL CHECK (returns >= 0),
    new_customers    bigint NOT NULL DEFAULT 0 CHECK (new_customers >= 0),
    repeat_customers bigint NOT NULL DEFAULT 0 CHECK (repeat_customers >= 0),
    returned_units   bigint NOT NULL DEFAULT 0 CHECK (returned_units >= 0),
    returned_orders  bigint NOT NULL DEFAULT 0 CHECK (returned_orders >= 0)
);
COMMENT ON TABLE ecom.fct_revenue_daily IS
    'Revenue per day in the store time zone (ecom.timezone): sales of the orders placed that day (cancelled orders excluded), refunds of the returns that arrived that day';
COMMENT ON COLUMN ecom.fct_revenue_daily.date_key IS 'The day';
COMMENT ON COLUMN ecom.fct_revenue_daily.orders IS 'Orders placed that day (not cancelled)';
COMMENT ON COLUMN ecom.fct_revenue_daily.customers IS 'Distinct customers who ordered that day (guest counts once)';
COMMENT ON COLUMN ecom.fct_revenue_daily.units IS 'Merchandise units ordered';
COMMENT ON COLUMN ecom.fct_revenue_daily.gross IS 'Gross sales of the day''s orders';
COMMENT ON COLUMN ecom.fct_revenue_daily.discount IS 'Discounts of the day''s orders';
COMMENT ON COLUMN ecom.fct_revenue_daily.refunds IS 'Refunds of the returns that arrived that day';
COMMENT ON COLUMN ecom.fct_revenue_daily.net IS 'gross - discount - refunds';
COMMENT ON COLUMN ecom.fct_revenue_daily.shipping IS 'Shipping charged on the day''s orders';
COMMENT ON COLUMN ecom.fct_revenue_daily.tax IS 'Tax charged on the day''s orders';
COMMENT ON COLUMN ecom.fct_revenue_daily.returns IS 'Returns that arrived that day (refunded or not)';
COMMENT ON COLUMN ecom.fct_revenue_daily.new_customers IS 'Identified customers whose first (not cancelled) order fell on that day';
COMMENT ON COLUMN ecom.fct_revenue_daily.repeat_customers IS 'Identified customers who ordered that day and whose first order fell on an earlier day';
COMMENT ON COLUMN ecom.fct_revenue_daily.returned_units IS 'Units of the returns that arrived that day (refunded or not)';
COMMENT ON COLUMN ecom.fct_revenue_daily.returned_orders IS 'Distinct orders with a return that arrived that day (a return without an order counts as one)';

CREATE TABLE ecom.fct_cohort_ltv (
    cohort_month     date NOT NULL,
    months_since     int NOT NULL CHECK (months_since >= 0),
    cohort_size      bigint NOT NULL CHECK (cohort_size > 0),
    active_customers bigint NOT NULL CHECK (active_customers >= 0),
    net              numeric NOT NULL,
    cumulative_net   numeric NOT NULL,
    ltv              numeric NOT NULL,
    PRIMARY KEY (cohort_month, months_since)
);
COMMENT ON TABLE ecom.fct_cohort_ltv IS
    'Cohort lifetime value: customers grouped by the month of their first order; net revenue per month since then (guest excluded)';
COMMENT ON COLUMN ecom.fct_cohort_ltv.cohort_month IS 'First day of the month of the customers'' first order';
COMMENT ON COLUMN ecom.fct_cohort_ltv.months_since IS 'Months between the cohort month and the order month (0 = first month)';
COMMENT ON COLUMN ecom.fct_cohort_ltv.cohort_size IS 'Customers in the cohort';
COMMENT ON COLUMN ecom.fct_cohort_ltv.active_customers IS 'Cohort customers who ordered in that month';
COMMENT ON COLUMN ecom.fct_cohort_ltv.net IS 'Net revenue of the cohort''s orders placed in that month';
COMMENT ON COLUMN ecom.fct_cohort_ltv.cumulative_net IS 'Net revenue of the cohort from month 0 to this month';
COMMENT ON COLUMN ecom.fct_cohort_ltv.ltv IS 'cumulative_net / cohort_size: average lifetime value so far';

-- Every table above holds user data: pg_dump dumps it (the install-time unknown members and calendar excluded).
SELECT pg_catalog.pg_extension_config_dump('ecom.etl_runs', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.etl_watermarks', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.quarantine', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.dim_date', $$WHERE date_key NOT BETWEEN '2000-01-01' AND '2040-12-31'$$);
SELECT pg_catalog.pg_extension_config_dump('ecom.dim_geography', 'WHERE geography_key <> 0');
SELECT pg_catalog.pg_extension_config_dump('ecom.dim_customer', 'WHERE customer_key <> 0');
SELECT pg_catalog.pg_extension_config_dump('ecom.dim_product', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.dim_campaign', 'WHERE campaign_key <> 0');
SELECT pg_catalog.pg_extension_config_dump('ecom.fct_orders', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.fct_order_items', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.fct_returns', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.fct_inventory_daily', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.fct_events', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.fct_revenue_daily', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.fct_cohort_ltv', '');
-- Their identity sequences too, so keys continue after a restore instead of colliding.
SELECT pg_catalog.pg_extension_config_dump('ecom.etl_runs_run_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.quarantine_quarantine_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.dim_geography_geography_key_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.dim_customer_customer_key_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.dim_product_product_key_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.dim_campaign_campaign_key_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.fct_orders_order_key_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.fct_order_items_order_item_key_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.fct_returns_return_key_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.fct_events_event_key_seq', '');
