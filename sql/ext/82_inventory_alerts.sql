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

-- Days until a stock runs out at a daily demand forecast (fractional; past the forecast's last day the
-- demand goes on at the forecast's mean rate); NULL when the forecast expects no demand at all.
CREATE FUNCTION ecom.days_of_cover(stock float8, daily_units float8[]) RETURNS numeric
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    remaining float8 := greatest(stock, 0);
    total float8 := 0;
    days int := 0;
    units float8;
BEGIN
    FOREACH units IN ARRAY daily_units LOOP
        units := coalesce(units, 0);
        IF units > 0 AND units >= remaining THEN
            RETURN round((days + remaining / units)::numeric, 1);
        END IF;
        remaining := remaining - units;
        total := total + units;
        days := days + 1;
    END LOOP;
    IF total <= 0 THEN
        RETURN NULL;
    END IF;
    RETURN round((days + remaining / (total / days))::numeric, 1);
END $$;
COMMENT ON FUNCTION ecom.days_of_cover(float8, float8[]) IS
    'Days until stock (below 0 counts as 0) is used up by the daily demand forecast daily_units (day 1 first), 1 decimal: the day the cumulative demand reaches the stock, interpolated within the day; beyond the last day the demand goes on at the mean of daily_units; NULL elements count as 0; NULL when daily_units sums to 0';

CREATE VIEW ecom.inventory_alerts AS
SELECT a.sku, a.product_name, a.category, a.snapshot_date, a.on_hand, a.allocated, a.available, a.reorder_point,
       a.shortfall, a.avg_daily_units_28d, a.days_of_cover,
       round(coalesce(a.forecast_total::numeric, a.units_28d), 1) AS forecast_units_28d,
       CASE WHEN a.forecast IS NULL THEN a.days_of_cover ELSE ecom.days_of_cover(a.available, a.forecast) END
           AS days_of_cover_forecast,
       CASE WHEN a.forecast IS NULL THEN 'average_28d' ELSE 'holt_winters' END AS forecast_basis,
       a.forecast_as_of
FROM (
    SELECT s.sku, p.product_name, p.category, s.snapshot_date, s.on_hand, s.allocated, s.available, s.reorder_point,
           s.reorder_point - s.available AS shortfall,
           coalesce(u.units, 0) AS units_28d,
           round(coalesce(u.units, 0) / 28.0, 2) AS avg_daily_units_28d,
           CASE WHEN coalesce(u.units, 0) > 0 THEN round(greatest(s.available, 0) / (u.units / 28.0), 1) END AS days_of_cover,
           f.forecast, f.forecast_total, f.forecast_as_of
    FROM ecom.inventory_status AS s
    LEFT JOIN ecom.dim_product AS p ON p.sku = s.sku AND p.is_current
    LEFT JOIN LATERAL (
        SELECT sum(d.units) AS units FROM ecom.fct_sku_sales_daily AS d
        WHERE d.sku = s.sku AND d.date_key BETWEEN s.snapshot_date - 27 AND s.snapshot_date) AS u ON true
    LEFT JOIN LATERAL (
        SELECT array_agg(fc.units ORDER BY fc.days_ahead) AS forecast, sum(fc.units) AS forecast_total,
               min(fc.day - fc.days_ahead) AS forecast_as_of
        FROM ecom.fct_demand_forecast AS fc WHERE fc.sku = s.sku HAVING count(*) > 0) AS f ON true
    WHERE s.below_reorder_point) AS a;
COMMENT ON VIEW ecom.inventory_alerts IS
    'SKUs whose latest snapshot has on_hand - allocated < reorder_point, with the shortfall, the average units sold per day over the 28 days ending on the snapshot day and the days of cover left, and the same by the stored demand forecast (ecom.fct_demand_forecast) where the SKU has one, else by the 28-day average (SKUs without a snapshot or a reorder point are not judged)';
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
COMMENT ON COLUMN ecom.inventory_alerts.forecast_units_28d IS 'Units the stored forecast expects over its 28 days, 1 decimal; by the 28-day average (the units of the last 28 days) when forecast_basis = average_28d';
COMMENT ON COLUMN ecom.inventory_alerts.days_of_cover_forecast IS 'Days until the forecast demand uses up max(available, 0), day by day (ecom.days_of_cover), 1 decimal; equals days_of_cover when forecast_basis = average_28d; NULL when no demand is expected';
COMMENT ON COLUMN ecom.inventory_alerts.forecast_basis IS 'holt_winters (the SKU''s rows of ecom.fct_demand_forecast) or average_28d (no stored forecast: less than 28 days from its first sale, a fee code, or no refresh yet)';
COMMENT ON COLUMN ecom.inventory_alerts.forecast_as_of IS 'Last day of sales the stored forecast was fitted on (its day 1 is the day after); NULL for average_28d';

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
            'days_of_cover', alert.days_of_cover, 'forecast_units_28d', alert.forecast_units_28d,
            'days_of_cover_forecast', alert.days_of_cover_forecast, 'forecast_basis', alert.forecast_basis)::text);
        sent := sent + 1;
    END LOOP;
    RETURN sent;
END $$;
COMMENT ON FUNCTION ecom._etl_notify_alerts(bigint) IS
    'Internal to ecom.run_etl(): NOTIFY ecom_alerts (delivered at commit) with a JSON payload {event, run_id, sku, snapshot_date, available, reorder_point, shortfall, avg_daily_units_28d, days_of_cover, forecast_units_28d, days_of_cover_forecast, forecast_basis} for each SKU newly below its reorder point';
