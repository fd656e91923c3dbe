-- Demand forecast per SKU: the view computes it from ecom.fct_sku_sales_daily (a few milliseconds of
-- Holt-Winters fitting per SKU), ecom.refresh_demand_forecast() stores it in ecom.fct_demand_forecast,
-- where the inventory alerts read it.

CREATE VIEW ecom.demand_forecast AS
WITH last_day AS (
    SELECT max(date_key) AS day FROM ecom.fct_sku_sales_daily
), skus AS (
    -- Merchandise SKUs (fee and adjustment codes are not stock) with at least 28 days from their first sale.
    SELECT f.sku, min(f.date_key) AS first_day
    FROM ecom.fct_sku_sales_daily AS f
    WHERE NOT EXISTS (SELECT FROM ecom.dim_product AS p
                      WHERE p.sku = f.sku AND p.is_current AND p.category = 'non-merchandise')
    GROUP BY f.sku
), series AS (
    -- Each SKU from its first sale to the last day with any sale; days without sales count as 0.
    SELECT s.sku, array_agg(coalesce(x.units, 0)::float8 ORDER BY g.day) AS units
    FROM skus AS s
    CROSS JOIN last_day AS l
    CROSS JOIN LATERAL generate_series(s.first_day, l.day, interval '1 day') AS g(day)
    LEFT JOIN ecom.fct_sku_sales_daily AS x ON x.sku = s.sku AND x.date_key = g.day::date
    WHERE l.day - s.first_day >= 27
    GROUP BY s.sku
)
SELECT s.sku,
       (l.day + f.step)::date AS day,
       f.step AS days_ahead,
       greatest(f.forecast, 0) AS units,
       greatest(f.lower, 0) AS units_lower,
       greatest(f.upper, 0) AS units_upper
FROM series AS s
CROSS JOIN last_day AS l
CROSS JOIN LATERAL ecom.holt_winters(s.units, 7, h => 28, level => 0.9) AS f;
COMMENT ON VIEW ecom.demand_forecast IS
    'Units per SKU for each of the 28 days after the last sale in the warehouse, by additive Holt-Winters with a weekly season fitted to each SKU''s daily units (ecom.fct_sku_sales_daily; days without sales count as 0), with 90% prediction intervals; merchandise SKUs with at least 28 days from their first sale. Computed on every read: ecom.fct_demand_forecast holds the last ecom.refresh_demand_forecast()';
COMMENT ON COLUMN ecom.demand_forecast.sku IS 'SKU';
COMMENT ON COLUMN ecom.demand_forecast.day IS 'Forecast day';
COMMENT ON COLUMN ecom.demand_forecast.days_ahead IS 'Days after the last day with sales (1-28)';
COMMENT ON COLUMN ecom.demand_forecast.units IS 'Forecast units ordered that day (never below 0)';
COMMENT ON COLUMN ecom.demand_forecast.units_lower IS 'Lower end of the 90% prediction interval (never below 0)';
COMMENT ON COLUMN ecom.demand_forecast.units_upper IS 'Upper end of the 90% prediction interval';

CREATE TABLE ecom.fct_demand_forecast (
    sku          text NOT NULL,
    days_ahead   int NOT NULL CHECK (days_ahead BETWEEN 1 AND 28),
    day          date NOT NULL,
    units        float8 NOT NULL CHECK (units >= 0),
    units_lower  float8 NOT NULL,
    units_upper  float8 NOT NULL,
    refreshed_at timestamptz NOT NULL,
    PRIMARY KEY (sku, days_ahead)
);
COMMENT ON TABLE ecom.fct_demand_forecast IS
    'The rows of ecom.demand_forecast as of the last ecom.refresh_demand_forecast() (run it after the ETL, for example from pg_cron); the inventory alerts read their forecast here';
COMMENT ON COLUMN ecom.fct_demand_forecast.sku IS 'SKU';
COMMENT ON COLUMN ecom.fct_demand_forecast.days_ahead IS 'Days after the last day with sales when the forecast was made (1-28)';
COMMENT ON COLUMN ecom.fct_demand_forecast.day IS 'Forecast day';
COMMENT ON COLUMN ecom.fct_demand_forecast.units IS 'Forecast units ordered that day (never below 0)';
COMMENT ON COLUMN ecom.fct_demand_forecast.units_lower IS 'Lower end of the 90% prediction interval (never below 0)';
COMMENT ON COLUMN ecom.fct_demand_forecast.units_upper IS 'Upper end of the 90% prediction interval';
COMMENT ON COLUMN ecom.fct_demand_forecast.refreshed_at IS 'When ecom.refresh_demand_forecast() stored the row';
SELECT pg_catalog.pg_extension_config_dump('ecom.fct_demand_forecast', '');

-- Replaces the stored forecast with what ecom.demand_forecast says now; returns the SKUs forecast.
CREATE FUNCTION ecom.refresh_demand_forecast() RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    skus bigint;
BEGIN
    -- One refresh at a time; readers keep seeing the previous forecast until this one commits.
    PERFORM pg_advisory_xact_lock(hashtext('ecom.refresh_demand_forecast'));
    DELETE FROM ecom.fct_demand_forecast;
    INSERT INTO ecom.fct_demand_forecast (sku, days_ahead, day, units, units_lower, units_upper, refreshed_at)
    SELECT f.sku, f.days_ahead, f.day, f.units, f.units_lower, f.units_upper, now() FROM ecom.demand_forecast AS f;
    SELECT count(DISTINCT sku) INTO skus FROM ecom.fct_demand_forecast;
    RETURN skus;
END $$;
COMMENT ON FUNCTION ecom.refresh_demand_forecast() IS
    'Stores ecom.demand_forecast in ecom.fct_demand_forecast (replacing the previous forecast in one transaction) and returns the number of SKUs forecast; run it after ecom.run_etl(), for example nightly from pg_cron';
