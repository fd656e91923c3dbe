#!/usr/bin/env bash
# The main job on a private throwaway cluster: install what is missing, build and install the
# extension, load demo data into staging, run the ETL and print what the warehouse knows.
# Usage: scripts/demo.sh [customers] [days]   (defaults: 2000 customers over 365 days)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/cluster.sh
source scripts/lib/build.sh

customers=${1:-2000}
days=${2:-365}

scripts/deps.sh
echo "building and installing ecom_analytics ..."
build_and_install
cluster_start
psql -qX -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION ecom_analytics'

echo
echo "demo data: $customers customers over $days days from 2024-01-01 (seed 42, 2% dirty rows)"
psql -X -v ON_ERROR_STOP=1 -P footer=off \
    -c "SELECT table_name, rows FROM ecom.generate_demo_data($customers, $days, DATE '2024-01-01', 42, 0.02)"

echo "what is staged:"
psql -X -v ON_ERROR_STOP=1 -P footer=off -c 'SELECT * FROM ecom.staging_summary()'

echo "ETL run (rows per source table; read = inserted + updated + unchanged + deduplicated + quarantined):"
psql -X -v ON_ERROR_STOP=1 -P footer=off <<'SQL'
SELECT run.run_id, stats.key AS source_table,
       (stats.value ->> 'read')::bigint AS read, (stats.value ->> 'inserted')::bigint AS inserted,
       (stats.value ->> 'updated')::bigint AS updated, (stats.value ->> 'unchanged')::bigint AS unchanged,
       (stats.value ->> 'deduplicated')::bigint AS deduplicated, (stats.value ->> 'quarantined')::bigint AS quarantined,
       round(extract(epoch FROM run.finished_at - run.started_at)::numeric, 2) AS seconds
FROM ecom.run_etl() AS run, jsonb_each(run.stats) AS stats
ORDER BY stats.key;
SQL
echo "most frequent quarantine rules (all rows are in ecom.quarantine):"
psql -X -v ON_ERROR_STOP=1 -P footer=off -c 'SELECT source_table, rule, count(*) AS rows FROM ecom.quarantine GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 12'

echo "executive summary of the last month of data (ecom.executive_summary):"
psql -X -v ON_ERROR_STOP=1 -P footer=off \
    -c 'SELECT * FROM ecom.executive_summary((SELECT max(day) FROM ecom.metrics_daily), '"'month'"')' \
    -c 'SELECT ecom.sparkline(array_agg(net_sales::float8 ORDER BY day)) AS "daily net sales, last 60 days"
        FROM ecom.metrics_daily WHERE day > (SELECT max(day) - 60 FROM ecom.metrics_daily)'

echo "inventory alerts, days of cover by the 28-day average and by the stored Holt-Winters forecast:"
psql -X -v ON_ERROR_STOP=1 -P footer=off \
    -c 'SELECT ecom.refresh_demand_forecast() AS skus_forecast' \
    -c 'SELECT sku, available, reorder_point, shortfall, avg_daily_units_28d, days_of_cover, forecast_units_28d,
               days_of_cover_forecast, forecast_basis
        FROM ecom.inventory_alerts ORDER BY days_of_cover_forecast NULLS LAST, sku LIMIT 8'
