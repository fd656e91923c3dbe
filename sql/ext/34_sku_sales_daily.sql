-- Units sold per SKU and day: the derived fact the inventory alerts and the demand forecast read instead of
-- the order lines. ecom.run_etl() keeps it current for the days a run touched, as ecom.fct_revenue_daily.

CREATE TABLE ecom.fct_sku_sales_daily (
    sku      text NOT NULL,
    date_key date NOT NULL,
    units    bigint NOT NULL CHECK (units > 0),
    PRIMARY KEY (sku, date_key)
);
CREATE INDEX ON ecom.fct_sku_sales_daily (date_key);
COMMENT ON TABLE ecom.fct_sku_sales_daily IS
    'Units ordered per SKU and day in the store time zone (ecom.timezone), over the lines of orders not cancelled (fee and adjustment codes included: they are SKUs too); a day without sales of a SKU has no row. Derived by ecom.run_etl() from ecom.fct_orders and ecom.fct_order_items';
COMMENT ON COLUMN ecom.fct_sku_sales_daily.sku IS 'SKU';
COMMENT ON COLUMN ecom.fct_sku_sales_daily.date_key IS 'Order day';
COMMENT ON COLUMN ecom.fct_sku_sales_daily.units IS 'Units of the SKU on the lines of that day''s orders (not cancelled)';
SELECT pg_catalog.pg_extension_config_dump('ecom.fct_sku_sales_daily', '');

-- Recomputes the SKU-day rows of every day in pg_temp.etl_touched_dates (old and new order days of the
-- orders a run touched), so updated, cancelled and re-pointed lines leave no stale row behind.
CREATE FUNCTION ecom._etl_refresh_sku_sales_daily(bulk boolean) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    suspended text[];
BEGIN
    -- A bulk first load builds the day index once after the rows are in (a table with rows keeps it); other
    -- callers (ecom.rebuild_derived(), which runs with the caller's rights) never touch indexes.
    suspended := CASE WHEN bulk THEN ecom._etl_suspend_indexes('ecom.fct_sku_sales_daily') ELSE '{}' END;
    DROP TABLE IF EXISTS etl_sku_sales_days;
    CREATE TEMP TABLE etl_sku_sales_days ON COMMIT DROP AS SELECT DISTINCT d FROM etl_touched_dates WHERE d IS NOT NULL;
    ANALYZE etl_sku_sales_days;
    DROP TABLE IF EXISTS etl_sku_sales;
    CREATE TEMP TABLE etl_sku_sales ON COMMIT DROP AS
    SELECT i.sku, o.order_date AS date_key, sum(i.quantity)::bigint AS units
    FROM ecom.fct_orders AS o JOIN ecom.fct_order_items AS i ON i.order_key = o.order_key
    WHERE o.order_date IN (SELECT d FROM etl_sku_sales_days) AND o.status <> 'cancelled'
    GROUP BY i.sku, o.order_date;
    ANALYZE etl_sku_sales;
    -- Only rows that differ are written: a day touched for its returns or customers alone costs no writes.
    DELETE FROM ecom.fct_sku_sales_daily AS f
    WHERE f.date_key IN (SELECT d FROM etl_sku_sales_days)
      AND NOT EXISTS (SELECT FROM etl_sku_sales AS n WHERE n.sku = f.sku AND n.date_key = f.date_key AND n.units = f.units);
    -- In key order, so the primary key grows at its right edge (a first load is about a fifth faster).
    INSERT INTO ecom.fct_sku_sales_daily (sku, date_key, units)
    SELECT n.sku, n.date_key, n.units FROM etl_sku_sales AS n
    WHERE NOT EXISTS (SELECT FROM ecom.fct_sku_sales_daily AS f WHERE f.sku = n.sku AND f.date_key = n.date_key)
    ORDER BY n.sku, n.date_key;
    IF cardinality(suspended) > 0 THEN
        PERFORM ecom._etl_restore_indexes(suspended);
        ANALYZE ecom.fct_sku_sales_daily;
    END IF;
END $$;
COMMENT ON FUNCTION ecom._etl_refresh_sku_sales_daily(boolean) IS
    'Internal to ecom.run_etl() and ecom.rebuild_derived(): recomputes ecom.fct_sku_sales_daily for the days in pg_temp.etl_touched_dates';
