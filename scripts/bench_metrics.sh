#!/usr/bin/env bash
# Benchmark of the business metrics on a throwaway cluster: median time of a year of ecom.metrics_daily,
# of ecom.metrics_monthly over all history, of the JSON API functions, of the inventory alerts and of the
# demand forecast (plus one ecom.refresh_demand_forecast()), after loading N synthetic order lines (4 per
# order, 3 years of orders, 1 customer per 5 orders, 2000 SKUs, 1 return per 12 orders) through ecom.run_etl().
# Usage: scripts/bench_metrics.sh [N ...] (default 1000000). Reports, never asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/cluster.sh
source scripts/lib/build.sh

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000)
repeats=7

exec 9>"${TMPDIR:-/tmp}/ecom_analytics-install.lock"
flock 9
build_and_install
cluster_start >/dev/null
# One database per size, created while the installed extension is ours; then other runs may install.
for n in "${sizes[@]}"; do
    createdb "bench_$n"
    psql -qX -d "bench_$n" -c 'CREATE EXTENSION ecom_analytics'
done
flock -u 9

# Stages `lines` synthetic order lines with their orders, customers, products, returns and inventory.
stage() {  # lines
    psql -qX -v ON_ERROR_STOP=1 -v lines="$1" <<'SQL'
SELECT (:lines / 4) AS orders \gset
INSERT INTO ecom.stg_customers (customer_id, email, country, signup_at)
SELECT 'C' || c, 'c' || c || '@example.com', (ARRAY['GB', 'FR', 'DE', 'ES', 'US'])[1 + c % 5], '2022-01-01'
FROM generate_series(1, :orders / 5) AS c;
INSERT INTO ecom.stg_products (sku, product_name, category, price, cost, currency, updated_at)
SELECT 'SKU' || p, 'Product ' || p, 'cat' || p % 20, (5 + p % 50)::text, (2 + p % 20 + v)::text, 'EUR',
       (CASE v WHEN 0 THEN '2022-01-01' ELSE '2023-06-01' END)
FROM generate_series(1, 2000) AS p, generate_series(0, 1) AS v;
INSERT INTO ecom.stg_orders (order_id, customer_id, status, created_at, delivered_at, discount, shipping, tax, currency, ship_country)
SELECT 'O' || o, CASE WHEN o % 10 = 0 THEN NULL ELSE 'C' || (1 + abs(hashint4(o)::bigint) % (:orders / 5)) END,
       CASE WHEN o % 40 = 0 THEN 'cancelled' ELSE 'delivered' END, ts::text, (ts + interval '3 days')::text,
       (o % 3)::text, '4.99', '1.50', 'EUR', (ARRAY['GB', 'FR', 'DE', 'ES', 'US'])[1 + o % 5]
FROM generate_series(1, :orders) AS o,
     LATERAL (SELECT timestamptz '2022-01-01' + (o::float8 / :orders * 1095) * interval '1 day' AS ts) AS t;
INSERT INTO ecom.stg_order_items (order_id, line_number, sku, quantity, unit_price)
SELECT 'O' || o, l::text, 'SKU' || (1 + (o * 7 + l * 13) % 2000), (1 + (o + l) % 3)::text, (5 + (o * 7 + l * 13) % 50)::text
FROM generate_series(1, :orders) AS o, generate_series(1, 4) AS l;
INSERT INTO ecom.stg_returns (return_id, order_id, sku, quantity, amount, returned_at)
SELECT 'R' || o, 'O' || o, 'SKU' || (1 + (o * 7 + 13) % 2000), '1', (5 + (o * 7 + 13) % 50)::text,
       (timestamptz '2022-01-01' + (o::float8 / :orders * 1095 + 10) * interval '1 day')::text
FROM generate_series(1, :orders) AS o WHERE o % 12 = 0;
INSERT INTO ecom.stg_inventory (sku, snapshot_date, on_hand, allocated, reorder_point)
SELECT 'SKU' || p, '2024-12-31', (p % 100)::text, (p % 7)::text, '20' FROM generate_series(1, 2000) AS p;
SQL
}

printf '%-10s %-48s %12s\n' lines query median_ms
for n in "${sizes[@]}"; do
    export PGDATABASE="bench_$n"
    stage "$n"
    load_s=$(psql -qXAt -v ON_ERROR_STOP=1 -c 'SELECT extract(epoch FROM finished_at - started_at)::numeric(10, 1) FROM ecom.run_etl()')
    psql -qX -c 'VACUUM ANALYZE' 2>/dev/null
    printf '%-10s %-48s %12s\n' "$n" "(ecom.run_etl first load, seconds)" "$load_s"
    refresh_ms=$(psql -qXAt -v ON_ERROR_STOP=1 -c '\timing on' -c 'SELECT ecom.refresh_demand_forecast()' \
                 | sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p')
    printf '%-10s %-48s %12s\n' "$n" "(ecom.refresh_demand_forecast, once)" "$refresh_ms"
    psql -qXAt -v ON_ERROR_STOP=1 -v repeats="$repeats" <<'SQL' | while IFS='|' read -r label ms; do printf '%-10s %-48s %12s\n' "$n" "$label" "$ms"; done
CREATE FUNCTION pg_temp.median_ms(query text, repeats int) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE started timestamptz; times float8[] := '{}';
BEGIN
    FOR i IN 1 .. repeats LOOP
        started := clock_timestamp();
        -- Every column of every row is turned into text, so nothing can be planned away.
        EXECUTE 'SELECT sum(length(q::text)) FROM (' || query || ') AS q';
        times := times || extract(epoch FROM clock_timestamp() - started) * 1000;
    END LOOP;
    RETURN (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(times) AS t)::numeric(10, 2);
END $$;
SELECT label, pg_temp.median_ms(query, :repeats) FROM (VALUES
    ('metrics_daily, one year (2024)', $$SELECT * FROM ecom.metrics_daily WHERE day BETWEEN '2024-01-01' AND '2024-12-31'$$),
    ('metrics_daily, all history', $$SELECT * FROM ecom.metrics_daily$$),
    ('metrics_weekly, all history', $$SELECT * FROM ecom.metrics_weekly$$),
    ('metrics_monthly, all history', $$SELECT * FROM ecom.metrics_monthly$$),
    ('api_metrics_daily, one month', $$SELECT ecom.api_metrics_daily('2024-03-01', '2024-03-31')$$),
    ('api_metrics_daily, one year', $$SELECT ecom.api_metrics_daily('2024-01-01', '2024-12-31')$$),
    ('api_ltv(90)', $$SELECT ecom.api_ltv(90)$$),
    ('api_inventory_alerts()', $$SELECT ecom.api_inventory_alerts()$$),
    ('inventory_alerts', $$SELECT * FROM ecom.inventory_alerts$$),
    ('demand_forecast, all SKUs', $$SELECT * FROM ecom.demand_forecast$$),
    ('executive_summary(2024-12-31, month)', $$SELECT * FROM ecom.executive_summary('2024-12-31', 'month')$$)) AS b(label, query);
SQL
done
cluster_stop
