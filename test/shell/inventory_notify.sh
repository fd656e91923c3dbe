#!/usr/bin/env bash
# NOTIFY ecom_alerts: a listening session receives one JSON payload per SKU that an ETL run makes newly
# cross below its reorder point, and nothing for a SKU that stays below or goes back above.
set -euo pipefail
db=ecom_inventory_notify
trap 'dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT
dropdb --if-exists "$db" 2>/dev/null; createdb "$db"
psql -qX -d "$db" -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION ecom_analytics'
psql -qX -d "$db" -v ON_ERROR_STOP=1 -c "
    INSERT INTO ecom.stg_products (sku, product_name, price, cost, currency, updated_at)
    VALUES ('A', 'Apron', '10', '4', 'EUR', '2024-01-01'), ('B', 'Bowl', '20', '8', 'EUR', '2024-01-01')" \
    -c "INSERT INTO ecom.stg_orders (order_id, status, created_at, currency)
        SELECT 'O' || d, 'paid', (DATE '2024-01-25' + d)::text, 'EUR' FROM generate_series(0, 34) AS d" \
    -c "INSERT INTO ecom.stg_order_items (order_id, line_number, sku, quantity, unit_price)
        SELECT 'O' || d, '1', 'B', '1', '20' FROM generate_series(0, 34) AS d" \
    -c 'SELECT FROM ecom.run_etl()' -c 'SELECT FROM ecom.refresh_demand_forecast()' >/dev/null
# B sold one unit a day for 5 weeks (it has a stored forecast), A never sold (28-day average).
# Run 2: B is below (newly); run 3: A crosses below, B stays below; run 4: A goes back above, B stays below.
output=$(psql -X -d "$db" -v ON_ERROR_STOP=1 -At 2>&1 <<'SQL'
LISTEN ecom_alerts;
INSERT INTO ecom.stg_inventory (sku, snapshot_date, on_hand, allocated, reorder_point)
VALUES ('A', '2024-03-01', '10', '0', '5'), ('B', '2024-03-01', '1', '0', '4');
SELECT 'run ' || run_id FROM ecom.run_etl();
INSERT INTO ecom.stg_inventory (sku, snapshot_date, on_hand, allocated, reorder_point)
VALUES ('A', '2024-03-02', '6', '2', '5'), ('B', '2024-03-02', '2', '0', '4');
SELECT 'run ' || run_id FROM ecom.run_etl();
INSERT INTO ecom.stg_inventory (sku, snapshot_date, on_hand, allocated, reorder_point)
VALUES ('A', '2024-03-03', '9', '0', '5'), ('B', '2024-03-03', '0', '0', '4');
SELECT 'run ' || run_id FROM ecom.run_etl();
SELECT 'done';
SQL
)
alerts=$(echo "$output" | grep -o 'payload "[^"]*' || true)
payloads=$(echo "$output" | sed -nE 's/^Asynchronous notification "ecom_alerts" with payload "(.*)" received from server process with PID [0-9]+\.$/\1/p')
count=$(echo "$payloads" | grep -c sku || true)
first=$(echo "$payloads" | sed -n 1p)
second=$(echo "$payloads" | sed -n 2p)
if [ "$count" -eq 2 ] && echo "$first" | grep -q '"sku": "B"' && echo "$first" | grep -q '"run_id": 2' \
   && echo "$first" | grep -q '"forecast_basis": "holt_winters"' \
   && echo "$second" | grep -q '"sku": "A"' && echo "$second" | grep -q '"run_id": 3' \
   && echo "$second" | grep -q '"shortfall": 1' && echo "$second" | grep -q '"forecast_basis": "average_28d"'; then
    echo "ok 2 notifications (B on run 2 by forecast, A on run 3 by average), none when a SKU stays below or recovers"
else
    echo "unexpected notifications ($count):"; echo "$output"; echo "$alerts"
    exit 1
fi
