-- Inventory alerts: SKUs whose latest snapshot is below the reorder point, and a NOTIFY on channel
-- ecom_alerts when an ETL run makes a SKU newly cross below it.

CREATE VIEW ecom.inventory_status AS
SELECT DISTINCT ON (i.sku) i.sku, i.snapshot_date, i.on_hand, i.allocated, i.available, i.reorder_point,
       i.available < i.reorder_point AS below_reorder_point
FROM ecom.fct_inventory_daily AS i
ORDER BY i.sku, i.snapshot_date DESC;
COMMENT ON VIEW ecom.inventory_status IS 'The latest inventory snapshot of every SKU that has one';
COMMENT ON COLUMN ecom.inventory_status.sku IS 'SKU';
COMMENT ON COLUMN ecom.inventory_status.snapshot_date IS 'Day of the SKU''s latest snapshot';
COMMENT ON COLUMN ecom.inventory_status.on_hand IS 'Units in stock';
COMMENT ON COLUMN ecom.inventory_status.allocated IS 'Units reserved for open orders';
COMMENT ON COLUMN ecom.inventory_status.available IS 'on_hand - allocated';
COMMENT ON COLUMN ecom.inventory_status.reorder_point IS 'Level below which the SKU must be reordered (NULL = none set)';
COMMENT ON COLUMN ecom.inventory_status.below_reorder_point IS 'available < reorder_point (NULL without a reorder point)';

CREATE VIEW ecom.inventory_alerts AS
SELECT s.sku, p.product_name, p.category, s.snapshot_date, s.on_hand, s.allocated, s.available, s.reorder_point,
       s.reorder_point - s.available AS shortfall,
       round(coalesce(u.units, 0) / 28.0, 2) AS avg_daily_units_28d,
       CASE WHEN coalesce(u.units, 0) > 0 THEN round(greatest(s.available, 0) / (u.units / 28.0), 1) END AS days_of_cover
FROM ecom.inventory_status AS s
LEFT JOIN ecom.dim_product AS p ON p.sku = s.sku AND p.is_current
LEFT JOIN LATERAL (
    SELECT sum(i.quantity) AS units
    FROM ecom.fct_order_items AS i JOIN ecom.fct_orders AS o ON o.order_key = i.order_key
    WHERE i.sku = s.sku AND o.status <> 'cancelled' AND o.order_date BETWEEN s.snapshot_date - 27 AND s.snapshot_date) AS u ON true
WHERE s.below_reorder_point;
COMMENT ON VIEW ecom.inventory_alerts IS
    'SKUs whose latest snapshot has on_hand - allocated < reorder_point, with the shortfall, the average units sold per day over the 28 days ending on the snapshot day and the days of cover left (SKUs without a snapshot or a reorder point are not judged)';
COMMENT ON COLUMN ecom.inventory_alerts.sku IS 'SKU';
COMMENT ON COLUMN ecom.inventory_alerts.product_name IS 'Current product name';
COMMENT ON COLUMN ecom.inventory_alerts.category IS 'Current category';
COMMENT ON COLUMN ecom.inventory_alerts.snapshot_date IS 'Day of the latest snapshot';
COMMENT ON COLUMN ecom.inventory_alerts.on_hand IS 'Units in stock';
COMMENT ON COLUMN ecom.inventory_alerts.allocated IS 'Units reserved for open orders';
COMMENT ON COLUMN ecom.inventory_alerts.available IS 'on_hand - allocated';
COMMENT ON COLUMN ecom.inventory_alerts.reorder_point IS 'Reorder point';
COMMENT ON COLUMN ecom.inventory_alerts.shortfall IS 'reorder_point - available: units missing to reach the reorder point';
COMMENT ON COLUMN ecom.inventory_alerts.avg_daily_units_28d IS 'Units ordered (not cancelled) over the 28 days ending on the snapshot day / 28';
COMMENT ON COLUMN ecom.inventory_alerts.days_of_cover IS 'max(available, 0) / avg_daily_units_28d, 1 decimal; NULL without sales (no depletion rate)';

-- Remembers which SKUs are below their reorder point before a run loads anything.
CREATE FUNCTION ecom._etl_alerts_before() RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DROP TABLE IF EXISTS etl_alerts_before;
    CREATE TEMP TABLE etl_alerts_before ON COMMIT DROP AS
        SELECT sku FROM ecom.inventory_status WHERE below_reorder_point;
END $$;
COMMENT ON FUNCTION ecom._etl_alerts_before() IS
    'Internal to ecom.run_etl(): records the SKUs below their reorder point before the run';

-- Sends one NOTIFY ecom_alerts per SKU the run made cross below its reorder point; returns how many.
CREATE FUNCTION ecom._etl_notify_alerts(run_id bigint) RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    sent bigint := 0;
    alert record;
BEGIN
    FOR alert IN SELECT a.* FROM ecom.inventory_alerts AS a
                 WHERE a.sku NOT IN (SELECT b.sku FROM etl_alerts_before AS b) ORDER BY a.sku LOOP
        PERFORM pg_notify('ecom_alerts', jsonb_build_object(
            'event', 'below_reorder_point', 'run_id', run_id, 'sku', alert.sku,
            'snapshot_date', alert.snapshot_date, 'available', alert.available, 'reorder_point', alert.reorder_point,
            'shortfall', alert.shortfall, 'avg_daily_units_28d', alert.avg_daily_units_28d,
            'days_of_cover', alert.days_of_cover)::text);
        sent := sent + 1;
    END LOOP;
    RETURN sent;
END $$;
COMMENT ON FUNCTION ecom._etl_notify_alerts(bigint) IS
    'Internal to ecom.run_etl(): NOTIFY ecom_alerts (delivered at commit) with a JSON payload {event, run_id, sku, snapshot_date, available, reorder_point, shortfall, avg_daily_units_28d, days_of_cover} for each SKU newly below its reorder point';
