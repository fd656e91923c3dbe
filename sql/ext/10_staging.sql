-- Staging tables: the contract for getting raw store data in. Business columns are text, exactly as a
-- file or an OLTP export gives them, so loading never fails on a bad value; ecom.run_etl() validates.
-- Every table has: stg_id (arrival order), ingested_at, source and batch_id (one per loading transaction).

-- The batch id of the current transaction: every row staged in one transaction shares it.
CREATE FUNCTION ecom.current_batch_id() RETURNS bigint
    LANGUAGE sql VOLATILE PARALLEL RESTRICTED
    RETURN pg_catalog.txid_current();
COMMENT ON FUNCTION ecom.current_batch_id() IS
    'Batch id of the current transaction (its transaction id): the default batch_id of staged rows';

CREATE TABLE ecom.stg_customers (
    stg_id      bigint GENERATED ALWAYS AS IDENTITY (CACHE 1000) PRIMARY KEY,
    customer_id text,
    email       text,
    full_name   text,
    country     text,
    region      text,
    city        text,
    segment     text,
    signup_at   text,
    updated_at  text,
    ingested_at timestamptz NOT NULL DEFAULT now(),
    source      text NOT NULL DEFAULT 'manual',
    batch_id    bigint NOT NULL DEFAULT ecom.current_batch_id()
);
COMMENT ON TABLE ecom.stg_customers IS 'Raw customers as received (one row per received version; text columns, validated by ecom.run_etl())';

CREATE TABLE ecom.stg_products (
    stg_id       bigint GENERATED ALWAYS AS IDENTITY (CACHE 1000) PRIMARY KEY,
    sku          text,
    product_name text,
    category     text,
    brand        text,
    price        text,
    cost         text,
    currency     text,
    active       text,
    updated_at   text,
    ingested_at  timestamptz NOT NULL DEFAULT now(),
    source       text NOT NULL DEFAULT 'manual',
    batch_id     bigint NOT NULL DEFAULT ecom.current_batch_id()
);
COMMENT ON TABLE ecom.stg_products IS 'Raw product catalogue: a price or cost change arrives as a new row with a later updated_at';

CREATE TABLE ecom.stg_orders (
    stg_id       bigint GENERATED ALWAYS AS IDENTITY (CACHE 1000) PRIMARY KEY,
    order_id     text,
    customer_id  text,
    status       text,
    created_at   text,
    paid_at      text,
    fulfilled_at text,
    delivered_at text,
    cancelled_at text,
    discount     text,
    shipping     text,
    tax          text,
    currency     text,
    campaign_id  text,
    ship_country text,
    ingested_at  timestamptz NOT NULL DEFAULT now(),
    source       text NOT NULL DEFAULT 'manual',
    batch_id     bigint NOT NULL DEFAULT ecom.current_batch_id()
);
COMMENT ON TABLE ecom.stg_orders IS 'Raw order headers: one row per received version of an order (the latest ingested_at wins)';

CREATE TABLE ecom.stg_order_items (
    stg_id      bigint GENERATED ALWAYS AS IDENTITY (CACHE 1000) PRIMARY KEY,
    order_id    text,
    line_number text,
    sku         text,
    quantity    text,
    unit_price  text,
    ingested_at timestamptz NOT NULL DEFAULT now(),
    source      text NOT NULL DEFAULT 'manual',
    batch_id    bigint NOT NULL DEFAULT ecom.current_batch_id()
);
COMMENT ON TABLE ecom.stg_order_items IS 'Raw order lines: product, quantity and unit price before discounts';

CREATE TABLE ecom.stg_returns (
    stg_id      bigint GENERATED ALWAYS AS IDENTITY (CACHE 1000) PRIMARY KEY,
    return_id   text,
    order_id    text,
    sku         text,
    quantity    text,
    amount      text,
    returned_at text,
    reason      text,
    ingested_at timestamptz NOT NULL DEFAULT now(),
    source      text NOT NULL DEFAULT 'manual',
    batch_id    bigint NOT NULL DEFAULT ecom.current_batch_id()
);
COMMENT ON TABLE ecom.stg_returns IS 'Raw returns: returned quantity of a SKU of an order, the amount claimed and when it arrived';

CREATE TABLE ecom.stg_inventory (
    stg_id        bigint GENERATED ALWAYS AS IDENTITY (CACHE 1000) PRIMARY KEY,
    sku           text,
    snapshot_date text,
    on_hand       text,
    allocated     text,
    reorder_point text,
    ingested_at   timestamptz NOT NULL DEFAULT now(),
    source        text NOT NULL DEFAULT 'manual',
    batch_id      bigint NOT NULL DEFAULT ecom.current_batch_id()
);
COMMENT ON TABLE ecom.stg_inventory IS 'Raw daily inventory snapshots per SKU';

CREATE TABLE ecom.stg_campaigns (
    stg_id        bigint GENERATED ALWAYS AS IDENTITY (CACHE 1000) PRIMARY KEY,
    campaign_id   text,
    campaign_name text,
    channel       text,
    start_date    text,
    end_date      text,
    spend         text,
    currency      text,
    ingested_at   timestamptz NOT NULL DEFAULT now(),
    source        text NOT NULL DEFAULT 'manual',
    batch_id      bigint NOT NULL DEFAULT ecom.current_batch_id()
);
COMMENT ON TABLE ecom.stg_campaigns IS 'Raw marketing campaigns with channel, dates and spend';

CREATE TABLE ecom.stg_events (
    stg_id      bigint GENERATED ALWAYS AS IDENTITY (CACHE 1000) PRIMARY KEY,
    event_id    text,
    session_id  text,
    customer_id text,
    event_ts    text,
    event_type  text,
    sku         text,
    campaign_id text,
    order_id    text,
    ingested_at timestamptz NOT NULL DEFAULT now(),
    source      text NOT NULL DEFAULT 'manual',
    batch_id    bigint NOT NULL DEFAULT ecom.current_batch_id()
);
COMMENT ON TABLE ecom.stg_events IS 'Raw storefront events: page_view, add_to_cart, checkout and purchase, grouped by session';

-- The bookkeeping columns every staging table has.
COMMENT ON COLUMN ecom.stg_customers.stg_id IS 'Arrival order of the row in staging (identity); the ETL watermark';
COMMENT ON COLUMN ecom.stg_customers.ingested_at IS 'When the row landed in staging; among versions of one business key the latest wins';
COMMENT ON COLUMN ecom.stg_customers.source IS 'Feed or file the row came from';
COMMENT ON COLUMN ecom.stg_customers.batch_id IS 'Loading batch (defaults to the loading transaction id)';
COMMENT ON COLUMN ecom.stg_products.stg_id IS 'Arrival order of the row in staging (identity); the ETL watermark';
COMMENT ON COLUMN ecom.stg_products.ingested_at IS 'When the row landed in staging; among versions of one business key the latest wins';
COMMENT ON COLUMN ecom.stg_products.source IS 'Feed or file the row came from';
COMMENT ON COLUMN ecom.stg_products.batch_id IS 'Loading batch (defaults to the loading transaction id)';
COMMENT ON COLUMN ecom.stg_orders.stg_id IS 'Arrival order of the row in staging (identity); the ETL watermark';
COMMENT ON COLUMN ecom.stg_orders.ingested_at IS 'When the row landed in staging; among versions of one business key the latest wins';
COMMENT ON COLUMN ecom.stg_orders.source IS 'Feed or file the row came from';
COMMENT ON COLUMN ecom.stg_orders.batch_id IS 'Loading batch (defaults to the loading transaction id)';
COMMENT ON COLUMN ecom.stg_order_items.stg_id IS 'Arrival order of the row in staging (identity); the ETL watermark';
COMMENT ON COLUMN ecom.stg_order_items.ingested_at IS 'When the row landed in staging; among versions of one business key the latest wins';
COMMENT ON COLUMN ecom.stg_order_items.source IS 'Feed or file the row came from';
COMMENT ON COLUMN ecom.stg_order_items.batch_id IS 'Loading batch (defaults to the loading transaction id)';
COMMENT ON COLUMN ecom.stg_returns.stg_id IS 'Arrival order of the row in staging (identity); the ETL watermark';
COMMENT ON COLUMN ecom.stg_returns.ingested_at IS 'When the row landed in staging; among versions of one business key the latest wins';
COMMENT ON COLUMN ecom.stg_returns.source IS 'Feed or file the row came from';
COMMENT ON COLUMN ecom.stg_returns.batch_id IS 'Loading batch (defaults to the loading transaction id)';
COMMENT ON COLUMN ecom.stg_inventory.stg_id IS 'Arrival order of the row in staging (identity); the ETL watermark';
COMMENT ON COLUMN ecom.stg_inventory.ingested_at IS 'When the row landed in staging; among versions of one business key the latest wins';
COMMENT ON COLUMN ecom.stg_inventory.source IS 'Feed or file the row came from';
COMMENT ON COLUMN ecom.stg_inventory.batch_id IS 'Loading batch (defaults to the loading transaction id)';
COMMENT ON COLUMN ecom.stg_campaigns.stg_id IS 'Arrival order of the row in staging (identity); the ETL watermark';
COMMENT ON COLUMN ecom.stg_campaigns.ingested_at IS 'When the row landed in staging; among versions of one business key the latest wins';
COMMENT ON COLUMN ecom.stg_campaigns.source IS 'Feed or file the row came from';
COMMENT ON COLUMN ecom.stg_campaigns.batch_id IS 'Loading batch (defaults to the loading transaction id)';
COMMENT ON COLUMN ecom.stg_events.stg_id IS 'Arrival order of the row in staging (identity); the ETL watermark';
COMMENT ON COLUMN ecom.stg_events.ingested_at IS 'When the row landed in staging; among versions of one business key the latest wins';
COMMENT ON COLUMN ecom.stg_events.source IS 'Feed or file the row came from';
COMMENT ON COLUMN ecom.stg_events.batch_id IS 'Loading batch (defaults to the loading transaction id)';

-- Staged rows are user data: pg_dump must dump them although the tables belong to the extension.
SELECT pg_catalog.pg_extension_config_dump('ecom.stg_customers', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.stg_products', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.stg_orders', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.stg_order_items', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.stg_returns', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.stg_inventory', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.stg_campaigns', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.stg_events', '');

-- What is staged: per staging table its row count, batches and ingestion time range.
CREATE FUNCTION ecom.staging_summary()
RETURNS TABLE (table_name text, rows bigint, batches bigint, first_ingested_at timestamptz, last_ingested_at timestamptz)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    FOR table_name IN
        SELECT c.relname::text FROM pg_class AS c
        WHERE c.relnamespace = 'ecom'::regnamespace AND c.relkind = 'r' AND c.relname LIKE 'stg\_%'
        ORDER BY c.relname
    LOOP
        EXECUTE format('SELECT count(*), count(DISTINCT batch_id), min(ingested_at), max(ingested_at) FROM ecom.%I',
                       table_name)
            INTO rows, batches, first_ingested_at, last_ingested_at;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION ecom.staging_summary() IS
    'Per staging table: rows, distinct batches and the first and last ingestion time';
