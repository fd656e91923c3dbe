#!/usr/bin/env bash
# The JSON API's real output on the demo data validates against the JSON Schemas under docs/api/.
set -euo pipefail
cd "$(dirname "$0")/../.."
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || { echo "skip: python3-jsonschema is not installed"; exit 0; }
db=ecom_api_schema
work=$(mktemp -d)
trap 'dropdb --if-exists "$db" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
dropdb --if-exists "$db" 2>/dev/null; createdb "$db"
psql -qX -d "$db" -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION ecom_analytics'
psql -qX -d "$db" -v ON_ERROR_STOP=1 -c "SELECT FROM ecom.generate_demo_data(300, 120, DATE '2024-01-01', 11, 0.02)" \
    -c "INSERT INTO ecom.stg_inventory (sku, snapshot_date, on_hand, allocated, reorder_point)
        SELECT sku, '2024-06-01', (n % 3 + 1)::text, '1', '5'
        FROM (SELECT sku, row_number() OVER (ORDER BY sku) AS n FROM (SELECT DISTINCT sku FROM ecom.stg_products) AS p
              ORDER BY sku LIMIT 4) AS s" \
    -c 'SELECT FROM ecom.run_etl()' -c 'SELECT FROM ecom.refresh_demand_forecast()' >/dev/null
psql -qXAt -d "$db" -v ON_ERROR_STOP=1 -c "SELECT ecom.api_metrics_daily('2024-01-01', '2024-04-29')" >"$work/metrics_daily.json"
psql -qXAt -d "$db" -v ON_ERROR_STOP=1 -c "SELECT ecom.api_metrics_daily('2030-01-01', '2030-01-02')" >"$work/metrics_daily_empty.json"
psql -qXAt -d "$db" -v ON_ERROR_STOP=1 -c "SELECT ecom.api_ltv(30)" >"$work/ltv.json"
psql -qXAt -d "$db" -v ON_ERROR_STOP=1 -c "SELECT ecom.api_ltv(3650)" >"$work/ltv_long.json"
psql -qXAt -d "$db" -v ON_ERROR_STOP=1 -c "SELECT ecom.api_inventory_alerts()" >"$work/inventory_alerts.json"
/usr/bin/python3 - "$work" <<'PY'
import json, sys, jsonschema
work = sys.argv[1]
checks = [("metrics_daily", "metrics_daily"), ("metrics_daily", "metrics_daily_empty"), ("ltv", "ltv"),
          ("ltv", "ltv_long"), ("inventory_alerts", "inventory_alerts")]
for schema_name, output in checks:
    schema = json.load(open(f"docs/api/{schema_name}.schema.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    document = json.load(open(f"{work}/{output}.json"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
metrics = json.load(open(f"{work}/metrics_daily.json"))
assert len(metrics["days"]) == 120, len(metrics["days"])
alerts = json.load(open(f"{work}/inventory_alerts.json"))
assert alerts["count"] >= 1
assert {a["forecast_basis"] for a in alerts["alerts"]} == {"holt_winters", "average_28d"}, alerts
print(f"ok {len(checks)} API outputs valid against docs/api/*.schema.json")
PY
