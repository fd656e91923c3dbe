#!/usr/bin/env bash
# RFM benchmark: ecom.rfm_agg + ecom.rfm_scores vs the pure-SQL formulation (GROUP BY customer, then
# ntile windows) vs the bare scan floor (count(*), sum(amount)), serial and with 2 parallel workers, on
# generated orders (default 10^6 rows, 10^5 customers; first argument: rows). Medians of 3 interleaved
# rounds after a warm-up; reports times and ratios, never asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
source scripts/lib/cluster.sh
source scripts/lib/build.sh
# One installation of the extension per machine: hold the install lock for the whole run, so every
# backend of the benchmark loads the same build.
exec 9>"${TMPDIR:-/tmp}/ecom_analytics-install.lock"
flock 9
build_and_install
cluster_start
psql -qX -c 'CREATE EXTENSION ecom_analytics'
psql -qX <<SQL
CREATE TABLE bench_orders AS
SELECT 'customer-' || (i * 7919 % ($rows / 10)) AS customer,
       timestamptz '2024-06-01 00:00+00' - (i * 104729 % 730) * interval '1 day' - (i % 86400) * interval '1 second' AS ordered_at,
       ((i * 31337 % 50000) / 100.0)::numeric(12, 2) AS amount
FROM generate_series(1::bigint, $rows) i;
VACUUM ANALYZE bench_orders;
SQL

bare="SELECT count(*), sum(amount) FROM bench_orders"
native="SELECT count(*), sum(r + f + m) FROM ecom.rfm_scores((SELECT ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01 00:00+00') FROM bench_orders))"
pure_sql="WITH c AS (SELECT customer, floor(extract(epoch FROM '2024-06-01 00:00+00' - max(ordered_at)) / 86400)::int AS recency_days,
                     count(*) AS frequency, sum(amount) AS monetary FROM bench_orders GROUP BY customer),
         s AS (SELECT ntile(5) OVER (ORDER BY recency_days DESC, customer COLLATE \"C\") AS r,
                      ntile(5) OVER (ORDER BY frequency, customer COLLATE \"C\") AS f,
                      ntile(5) OVER (ORDER BY monetary, customer COLLATE \"C\") AS m FROM c)
         SELECT count(*), sum(r + f + m) FROM s"

# Times (ms) of the three queries with $1 parallel workers: a warm-up round, then 3 rounds, each round running
# every query once (interleaved, so a change in the machine's load hits all of them alike). Prints
# "query median" lines.
measure() {
    {
        echo "SET max_parallel_workers_per_gather = $1; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;"
        echo "SET work_mem = '256MB';"
        echo "$bare; $native; $pure_sql;"
        echo '\timing on'
        for _ in 1 2 3; do echo "$bare; $native; $pure_sql;"; done
    } | psql -qX | sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p' | paste -d ' ' - - - > "$times"
    local column=1 query
    for query in bare native pure_sql; do
        echo "$query $(cut -d ' ' -f "$column" "$times" | sort -g | sed -n 2p)"
        column=$((column + 1))
    done
}

times=$(mktemp)
declare -A ms
for workers in 0 2; do
    while read -r query median; do ms[$query,$workers]=$median; done < <(measure "$workers")
done
rm -f "$times"
ratio() { echo "scale=2; $1 / $2" | bc; }
echo "RFM benchmark, $rows orders, $((rows / 10)) customers (medians of 3, ms)"
printf '%-26s %12s %12s %10s\n' "query" "serial" "2 workers" "speedup"
for query in bare native pure_sql; do
    printf '%-26s %12s %12s %10s\n' "$query" "${ms[$query,0]}" "${ms[$query,2]}" "$(ratio "${ms[$query,0]}" "${ms[$query,2]}")"
done
for workers in 0 2; do
    echo "workers=$workers: pure SQL / native = $(ratio "${ms[pure_sql,$workers]}" "${ms[native,$workers]}")x," \
         "native / bare scan = $(ratio "${ms[native,$workers]}" "${ms[bare,$workers]}")x"
done
