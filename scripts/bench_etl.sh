#!/usr/bin/env bash
# Benchmark of ecom.run_etl() on a throwaway cluster: staged rows per second for a first load of N order
# lines (timed twice: row-by-row foreign-key checks, then the bulk path), two incremental runs with 1% new
# rows (orders of the 6 days after the history, then orders spread over the whole history), and a no-op
# rerun; and the floor of a first load (scripts/etl_floor.sql: the same rows moved by plain typed INSERT ... SELECT
# with their key lookups, indexes built after, order totals written, and none of the ETL's checks or derived facts).
# Usage: scripts/bench_etl.sh [N ...] (default 100000 1000000). Synthetic staging rows come from generate_series (4 lines per order, 1 customer per 5 orders, 2000 SKUs with one price change
# each, 1 return per 12 orders), so the benchmark does not depend on the demo-data generator.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/cluster.sh
source scripts/lib/build.sh

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)

exec 9>"${TMPDIR:-/tmp}/ecom_analytics-install.lock"
flock 9
build_and_install
cluster_start >/dev/null
flock -u 9

# Stages `lines` order lines whose ids start after `offset` orders (customers, products on the first call).
# Orders fall on the 600 days of the history, or with `recent` on the 6 days after it (a store's next days).
stage() {  # lines offset [recent]
    psql -qX -v ON_ERROR_STOP=1 -v lines="$1" -v offset="$2" -v recent="${3:-}" <<'SQL'
SELECT (:lines / 4) AS orders, (:lines / 20) AS customers,
       CASE WHEN :'recent' = 'recent' THEN 'o % 6 + 600' ELSE 'o % 600' END AS day \gset
INSERT INTO ecom.stg_customers (customer_id, email, country, signup_at, updated_at)
SELECT 'C' || c, 'c' || c || '@example.com', (ARRAY['United Kingdom', 'France', 'Germany', 'Spain'])[1 + c % 4],
       '2023-01-01'::date + c % 365, '2023-01-01'
FROM generate_series(:offset / 5 + 1, (:offset + :orders) / 5) AS c;
INSERT INTO ecom.stg_products (sku, product_name, category, price, cost, currency, active, updated_at)
SELECT 'SKU' || p, 'Product ' || p, 'cat' || p % 20, (5 + p % 50 + v)::text, (2 + p % 20)::text, 'EUR', 'true',
       (CASE v WHEN 0 THEN '2023-01-01' ELSE '2024-01-01' END)
FROM generate_series(1, 2000) AS p, generate_series(0, 1) AS v WHERE :offset = 0;
INSERT INTO ecom.stg_orders (order_id, customer_id, status, created_at, paid_at, delivered_at, discount, shipping, tax, currency, ship_country)
SELECT 'O' || o, CASE WHEN o % 10 = 0 THEN NULL ELSE 'C' || (1 + (o - 1) / 5) END, 'delivered',
       ts::text, (ts + interval '5 minutes')::text, (ts + interval '3 days')::text, (o % 3)::text, '4.99', '1.50', 'EUR', 'France'
FROM generate_series(:offset + 1, :offset + :orders) AS o,
     LATERAL (SELECT timestamptz '2023-01-02' + (:day) * interval '1 day' + (o % 1440) * interval '1 minute' AS ts) AS t;
INSERT INTO ecom.stg_order_items (order_id, line_number, sku, quantity, unit_price)
SELECT 'O' || o, l::text, 'SKU' || (1 + (o * 7 + l * 13) % 2000), (1 + (o + l) % 3)::text, (5 + (o * 7 + l * 13) % 50)::text
FROM generate_series(:offset + 1, :offset + :orders) AS o, generate_series(1, 4) AS l;
INSERT INTO ecom.stg_returns (return_id, order_id, sku, quantity, amount, returned_at)
SELECT 'R' || o, 'O' || o, 'SKU' || (1 + (o * 7 + 13) % 2000), '1', (5 + (o * 7 + 13) % 50)::text,
       (timestamptz '2023-01-02' + (:day) * interval '1 day' + interval '10 days')::text
FROM generate_series(:offset + 1, :offset + :orders) AS o WHERE o % 12 = 0;
SQL
}

# Runs the ETL once and prints the wall-clock seconds (commit and deferred checks included) and rows read.
timed_run() {
    local started finished rows
    started=$(date +%s%N)
    rows=$(psql -qXAt -v ON_ERROR_STOP=1 -c "SELECT sum((value ->> 'read')::bigint) FROM ecom.run_etl(), jsonb_each(stats)")
    finished=$(date +%s%N)
    echo "$(awk -v ns=$((finished - started)) 'BEGIN { printf "%.3f", ns / 1e9 }') $rows"
}

# Runs the floor of a first load once and prints its wall-clock seconds and the staged rows it moved.
timed_floor() {
    local started finished
    started=$(date +%s%N)
    psql -qX -v ON_ERROR_STOP=1 -f scripts/etl_floor.sql >/dev/null
    finished=$(date +%s%N)
    echo "$(awk -v ns=$((finished - started)) 'BEGIN { printf "%.3f", ns / 1e9 }') $(psql -qXAt -c \
        "SELECT (SELECT count(*) FROM ecom.fct_orders) + (SELECT count(*) FROM ecom.fct_order_items) + (SELECT count(*) FROM ecom.dim_customer WHERE customer_key <> 0) + (SELECT count(*) FROM ecom.dim_product)")"
}

printf '%-10s %-24s %10s %12s %12s\n' lines run seconds rows_read rows_per_s
for n in "${sizes[@]}"; do
    # The first load twice in the same conditions: row-by-row foreign-key checks (bulk path off), then the bulk
    # path followed by an incremental run and a no-op rerun.
    for run_list in "first_load_per_row" "first_load_bulk incremental_1pct_recent incremental_1pct_spread noop" \
                    "first_load_floor"; do
        psql -qX -c 'DROP EXTENSION IF EXISTS ecom_analytics CASCADE' -c 'CREATE EXTENSION ecom_analytics' 2>/dev/null
        stage "$n" 0
        psql -qX -c 'VACUUM ANALYZE' 2>/dev/null
        for run in $run_list; do
            [ "$run" = incremental_1pct_recent ] && stage $((n / 100)) "$n" recent
            [ "$run" = incremental_1pct_spread ] && stage $((n / 100)) $((n + n / 100))
            bulk_rows=100000
            [ "$run" = first_load_per_row ] && bulk_rows=2147483647
            if [ "$run" = first_load_floor ]; then
                read -r seconds rows < <(timed_floor)
            else
                read -r seconds rows < <(PGOPTIONS="-c ecom.bulk_load_rows=$bulk_rows" timed_run)
            fi
            printf '%-10s %-24s %10s %12s %12s\n' "$n" "$run" "$seconds" "$rows" \
                "$(awk -v r="$rows" -v s="$seconds" 'BEGIN { if (s > 0) printf "%d", r / s; else print "-" }')"
        done
    done
done
cluster_stop
