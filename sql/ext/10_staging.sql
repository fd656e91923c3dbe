-- Staging tables: the contract for getting raw store data in. Business columns are text, exactly as a
-- file or an OLTP export gives them, so loading never fails on a bad value; ecom.run_etl() validates.
-- Every table also has stg_id (arrival order), ingested_at, source and batch_id (added below).

-- The batch id of the current transaction: every row staged in one transaction shares it.
CREATE FUNCTION ecom.current_batch_id() RETURNS bigint
    LANGUAGE sql VOLATILE PARALLEL RESTRICTED
    RETURN pg_catalog.txid_current();
COMMENT ON FUNCTION ecom.current_batch_id() IS
    'Batch id of the current transaction (its transaction id): the default batch_id of staged rows';

CREATE TABLE ecom.stg_customers (
    customer_id text,
    email       text,
    full_name   text,
    country     text,
    region      text,
    city        text,
    segment     text,
    signup_at   text,
    updated_at  text
);
COMMENT ON TABLE ecom.stg_customers IS 'Raw customers as received (one row per received version; text columns, validated by ecom.run_etl())';

CREATE TABLE ecom.stg_products (
    sku          text,
    product_name text,
    category     text,
    brand        text,
    price        text,
    cost         text,
    currency     text,
    active       text,
    updated_at   text
);
COMMENT ON TABLE ecom.stg_products IS 'Raw product catalogue: a price or cost change arrives as a new row with a later updated_at';

CREATE TABLE ecom.stg_orders (
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
    ship_country text
);
COMMENT ON TABLE ecom.stg_orders IS 'Raw order headers: one row per received version of an order (the latest ingested_at wins)';

CREATE TABLE ecom.stg_order_items (
    order_id    text,
    line_number text,
    sku         text,
    quantity    text,
    unit_price  text
);
COMMENT ON TABLE ecom.stg_order_items IS 'Raw order lines: product, quantity and unit price before discounts';

CREATE TABLE ecom.stg_returns (
    return_id   text,
    order_id    text,
    sku         text,
    quantity    text,
    amount      text,
    returned_at text,
    reason      text
);
COMMENT ON TABLE ecom.stg_returns IS 'Raw returns: returned quantity of a SKU of an order, the amount claimed and when it arrived';

CREATE TABLE ecom.stg_inventory (
    sku           text,
    snapshot_date text,
    on_hand       text,
    allocated     text,
    reorder_point text
);
COMMENT ON TABLE ecom.stg_inventory IS 'Raw daily inventory snapshots per SKU';

CREATE TABLE ecom.stg_campaigns (
    campaign_id   text,
    campaign_name text,
    channel       text,
    start_date    text,
    end_date      text,
    spend         text,
    currency      text
);
COMMENT ON TABLE ecom.stg_campaigns IS 'Raw marketing campaigns with channel, dates and spend';

CREATE TABLE ecom.stg_events (
    event_id    text,
    session_id  text,
    customer_id text,
    event_ts    text,
    event_type  text,
    sku         text,
    campaign_id text,
    order_id    text
);
COMMENT ON TABLE ecom.stg_events IS 'Raw storefront events: page_view, add_to_cart, checkout and purchase, grouped by session';

-- What each business column holds (its expected type once validated in parentheses).
COMMENT ON COLUMN ecom.stg_customers.customer_id IS 'Customer key in the source system';
COMMENT ON COLUMN ecom.stg_customers.email IS 'E-mail address';
COMMENT ON COLUMN ecom.stg_customers.full_name IS 'Display name';
COMMENT ON COLUMN ecom.stg_customers.country IS 'Country (ISO 3166-1 alpha-2 code or name)';
COMMENT ON COLUMN ecom.stg_customers.region IS 'Region or state';
COMMENT ON COLUMN ecom.stg_customers.city IS 'City';
COMMENT ON COLUMN ecom.stg_customers.segment IS 'Customer segment as the source labels it (e.g. VIP, regular, occasional)';
COMMENT ON COLUMN ecom.stg_customers.signup_at IS 'Account creation time (timestamp with time zone)';
COMMENT ON COLUMN ecom.stg_customers.updated_at IS 'When the source last changed this customer (timestamp)';
COMMENT ON COLUMN ecom.stg_products.sku IS 'Stock-keeping unit: the product key';
COMMENT ON COLUMN ecom.stg_products.product_name IS 'Product name';
COMMENT ON COLUMN ecom.stg_products.category IS 'Product category';
COMMENT ON COLUMN ecom.stg_products.brand IS 'Brand';
COMMENT ON COLUMN ecom.stg_products.price IS 'List unit price from updated_at on (decimal)';
COMMENT ON COLUMN ecom.stg_products.cost IS 'Unit cost from updated_at on (decimal)';
COMMENT ON COLUMN ecom.stg_products.currency IS 'ISO 4217 currency code';
COMMENT ON COLUMN ecom.stg_products.active IS 'Whether the product is sold (true/false)';
COMMENT ON COLUMN ecom.stg_products.updated_at IS 'When this price/cost/attribute version took effect (timestamp)';
COMMENT ON COLUMN ecom.stg_orders.order_id IS 'Order key in the source system';
COMMENT ON COLUMN ecom.stg_orders.customer_id IS 'Customer key; empty for guest checkouts';
COMMENT ON COLUMN ecom.stg_orders.status IS 'Order status: created, paid, fulfilled, delivered or cancelled';
COMMENT ON COLUMN ecom.stg_orders.created_at IS 'When the order was placed (timestamp)';
COMMENT ON COLUMN ecom.stg_orders.paid_at IS 'When payment was captured (timestamp)';
COMMENT ON COLUMN ecom.stg_orders.fulfilled_at IS 'When the order was shipped (timestamp)';
COMMENT ON COLUMN ecom.stg_orders.delivered_at IS 'When the order was delivered (timestamp)';
COMMENT ON COLUMN ecom.stg_orders.cancelled_at IS 'When the order was cancelled (timestamp)';
COMMENT ON COLUMN ecom.stg_orders.discount IS 'Total discount of the order (decimal, positive)';
COMMENT ON COLUMN ecom.stg_orders.shipping IS 'Shipping charged (decimal)';
COMMENT ON COLUMN ecom.stg_orders.tax IS 'Tax charged (decimal)';
COMMENT ON COLUMN ecom.stg_orders.currency IS 'ISO 4217 currency code';
COMMENT ON COLUMN ecom.stg_orders.campaign_id IS 'Campaign the order is attributed to';
COMMENT ON COLUMN ecom.stg_orders.ship_country IS 'Shipping country';
COMMENT ON COLUMN ecom.stg_order_items.order_id IS 'Order the line belongs to';
COMMENT ON COLUMN ecom.stg_order_items.line_number IS 'Line number within the order (integer)';
COMMENT ON COLUMN ecom.stg_order_items.sku IS 'Product sold';
COMMENT ON COLUMN ecom.stg_order_items.quantity IS 'Units sold (positive integer)';
COMMENT ON COLUMN ecom.stg_order_items.unit_price IS 'Unit price charged before order discounts (decimal)';
COMMENT ON COLUMN ecom.stg_returns.return_id IS 'Return key in the source system';
COMMENT ON COLUMN ecom.stg_returns.order_id IS 'Order the returned units came from';
COMMENT ON COLUMN ecom.stg_returns.sku IS 'Product returned';
COMMENT ON COLUMN ecom.stg_returns.quantity IS 'Units returned (positive integer)';
COMMENT ON COLUMN ecom.stg_returns.amount IS 'Amount claimed for the return (decimal)';
COMMENT ON COLUMN ecom.stg_returns.returned_at IS 'When the return arrived (timestamp)';
COMMENT ON COLUMN ecom.stg_returns.reason IS 'Return reason as given by the customer or the shop';
COMMENT ON COLUMN ecom.stg_inventory.sku IS 'Product counted';
COMMENT ON COLUMN ecom.stg_inventory.snapshot_date IS 'Day of the snapshot (date)';
COMMENT ON COLUMN ecom.stg_inventory.on_hand IS 'Units physically in stock (integer)';
COMMENT ON COLUMN ecom.stg_inventory.allocated IS 'Units reserved for open orders (integer)';
COMMENT ON COLUMN ecom.stg_inventory.reorder_point IS 'Available level below which the SKU must be reordered (integer)';
COMMENT ON COLUMN ecom.stg_campaigns.campaign_id IS 'Campaign key';
COMMENT ON COLUMN ecom.stg_campaigns.campaign_name IS 'Campaign name';
COMMENT ON COLUMN ecom.stg_campaigns.channel IS 'Marketing channel (email, search, social, display, affiliate, ...)';
COMMENT ON COLUMN ecom.stg_campaigns.start_date IS 'First day of the campaign (date)';
COMMENT ON COLUMN ecom.stg_campaigns.end_date IS 'Last day of the campaign (date)';
COMMENT ON COLUMN ecom.stg_campaigns.spend IS 'Total spend (decimal)';
COMMENT ON COLUMN ecom.stg_campaigns.currency IS 'ISO 4217 currency code';
COMMENT ON COLUMN ecom.stg_events.event_id IS 'Event key';
COMMENT ON COLUMN ecom.stg_events.session_id IS 'Storefront session the event belongs to';
COMMENT ON COLUMN ecom.stg_events.customer_id IS 'Customer key when known; empty for anonymous sessions';
COMMENT ON COLUMN ecom.stg_events.event_ts IS 'When the event happened (timestamp)';
COMMENT ON COLUMN ecom.stg_events.event_type IS 'page_view, add_to_cart, checkout or purchase';
COMMENT ON COLUMN ecom.stg_events.sku IS 'Product concerned, when any';
COMMENT ON COLUMN ecom.stg_events.campaign_id IS 'Campaign that brought the session, when any';
COMMENT ON COLUMN ecom.stg_events.order_id IS 'Order created by a purchase event';

-- Every staging table gets the same bookkeeping columns, comments and pg_dump marking.
DO $$
DECLARE staging regclass;
BEGIN
    FOREACH staging IN ARRAY ARRAY['ecom.stg_customers', 'ecom.stg_products', 'ecom.stg_orders',
        'ecom.stg_order_items', 'ecom.stg_returns', 'ecom.stg_inventory', 'ecom.stg_campaigns',
        'ecom.stg_events']::regclass[]
    LOOP
        EXECUTE format($ddl$
            ALTER TABLE %1$s
                ADD COLUMN stg_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                ADD COLUMN ingested_at timestamptz NOT NULL DEFAULT now(),
                ADD COLUMN source text NOT NULL DEFAULT 'manual',
                ADD COLUMN batch_id bigint NOT NULL DEFAULT ecom.current_batch_id();
            COMMENT ON COLUMN %1$s.stg_id IS 'Arrival order of the row in staging (identity); the ETL watermark';
            COMMENT ON COLUMN %1$s.ingested_at IS 'When the row landed in staging; among versions of one business key the latest wins';
            COMMENT ON COLUMN %1$s.source IS 'Feed or file the row came from';
            COMMENT ON COLUMN %1$s.batch_id IS 'Loading batch (defaults to the id of the loading transaction)';
        $ddl$, staging);
        -- Staged rows are user data: pg_dump dumps them although the tables belong to the extension.
        PERFORM pg_catalog.pg_extension_config_dump(staging, '');
    END LOOP;
END
$$;

-- stg_id is not cached (CACHE 1): with a per-session cache a second session could stage a row numbered
-- below the ETL watermark after a run, and it would never be read. The identity sequences are dumped
-- too, so stg_id continues after a restore instead of restarting under the watermark.
SELECT pg_catalog.pg_extension_config_dump('ecom.stg_customers_stg_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.stg_products_stg_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.stg_orders_stg_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.stg_order_items_stg_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.stg_returns_stg_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.stg_inventory_stg_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.stg_campaigns_stg_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.stg_events_stg_id_seq', '');

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
