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
    VALUES ('A', 'Apron', '10', '4', 'EUR', '2024-01-01'), ('B', 'Bowl', '20', '8', 'EUR', '2024-01-01')"
# Run 1: B is below (newly); run 2: A crosses below, B stays below; run 3: A goes back above, B stays below.
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
if [ "$count" -eq 2 ] && echo "$first" | grep -q '"sku": "B"' && echo "$first" | grep -q '"run_id": 1' \
   && echo "$second" | grep -q '"sku": "A"' && echo "$second" | grep -q '"run_id": 2' \
   && echo "$second" | grep -q '"shortfall": 1'; then
    echo "ok 2 notifications (B on run 1, A on run 2), none when a SKU stays below or recovers"
else
    echo "unexpected notifications ($count):"; echo "$output"; echo "$alerts"
    exit 1
fi
