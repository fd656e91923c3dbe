#!/usr/bin/env bash
# Customer analytics benchmark: ecom.rfm_agg + ecom.rfm_scores vs the pure-SQL formulation (GROUP BY
# customer, then ntile windows), ecom.cohort_agg + ecom.cohort_table vs pure SQL (first month per customer,
# join, GROUP BY cohort and month with count(DISTINCT)), all against the bare scan floor (count(*),
# sum(amount)) of generated orders (default 10^6 rows, 10^5 customers; first argument: rows); and
# ecom.window_funnel per session (4 steps, 30 minutes) vs the equivalent pure SQL (from every step-1 event,
# the first event of each next step in the window; the same level for every session) against the bare scan
# of generated events (as many rows, sessions of 10). native_agg times ecom.rfm_agg alone (no scoring).
# Serial and with 2 parallel workers. Medians of 3 interleaved rounds after a warm-up; reports times and
# ratios, never asserts. BENCH_QUERIES (space-separated names from the list below, "bare native native_agg
# pure_sql" for RFM alone) limits the run, e.g. at 10^7 rows where the pure-SQL cohort query alone takes minutes.
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
       ((i * 31337 % 50000) / 100.0)::numeric(12, 2) AS amount,
       i * 7919 % ($rows / 10) AS customer_key
FROM generate_series(1::bigint, $rows) i;
VACUUM ANALYZE bench_orders;
CREATE TABLE bench_events AS
SELECT i / 10 AS session_key,
       timestamptz '2024-06-01 00:00+00' + (i / 10) * interval '1 minute' + (abs(hashint8(i)) % 3600) * interval '1 second' AS event_at,
       1 + abs(hashint8(-i)) % 4 AS step
FROM generate_series(0::bigint, $rows - 1) i;
VACUUM ANALYZE bench_events;
SQL

bare="SELECT count(*), sum(amount) FROM bench_orders"
native="SELECT count(*), sum(r + f + m) FROM ecom.rfm_scores((SELECT ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01 00:00+00') FROM bench_orders))"
# The aggregate alone (summary built and encoded, not scored): native minus this is the serial tail.
native_agg="SELECT length(ecom.rfm_agg(customer, ordered_at, amount, '2024-06-01 00:00+00')) FROM bench_orders"
pure_sql="WITH c AS (SELECT customer, floor(extract(epoch FROM '2024-06-01 00:00+00' - max(ordered_at)) / 86400)::int AS recency_days,
                     count(*) AS frequency, sum(amount) AS monetary FROM bench_orders GROUP BY customer),
         s AS (SELECT ntile(5) OVER (ORDER BY recency_days DESC, customer COLLATE \"C\") AS r,
                      ntile(5) OVER (ORDER BY frequency, customer COLLATE \"C\") AS f,
                      ntile(5) OVER (ORDER BY monetary, customer COLLATE \"C\") AS m FROM c)
         SELECT count(*), sum(r + f + m) FROM s"
cohort_native="SELECT count(*), sum(active_customers), sum(revenue) FROM ecom.cohort_table((SELECT ecom.cohort_agg(customer_key, ordered_at, ordered_at, amount, 'month', 24) FROM bench_orders))"
cohort_sql="WITH o AS (SELECT customer_key, date_trunc('month', ordered_at AT TIME ZONE 'UTC') AS month, amount FROM bench_orders),
         f AS (SELECT customer_key, min(month) AS cohort FROM o GROUP BY customer_key),
         a AS (SELECT f.cohort, (extract(year FROM o.month) - extract(year FROM f.cohort)) * 12
                                + extract(month FROM o.month) - extract(month FROM f.cohort) AS k,
                      count(DISTINCT o.customer_key) AS active, sum(o.amount) AS revenue
               FROM o JOIN f USING (customer_key) GROUP BY 1, 2)
         SELECT count(*), sum(active), sum(revenue) FROM a WHERE k <= 24"
events_bare="SELECT count(*), max(event_at) FROM bench_events"
funnel_native="SELECT count(*), sum(level) FROM (SELECT ecom.window_funnel('30 minutes', event_at, step = 1, step = 2, step = 3, step = 4) AS level
               FROM bench_events GROUP BY session_key) t"
funnel_sql="WITH s1 AS (SELECT session_key, event_at AS s FROM bench_events WHERE step = 1),
         s2 AS (SELECT s1.session_key, s1.s, min(e.event_at) AS t FROM s1 JOIN bench_events e USING (session_key)
                WHERE e.step = 2 AND e.event_at >= s1.s AND e.event_at <= s1.s + interval '30 minutes' GROUP BY 1, 2),
         s3 AS (SELECT s2.session_key, s2.s, min(e.event_at) AS t FROM s2 JOIN bench_events e USING (session_key)
                WHERE e.step = 3 AND e.event_at >= s2.t AND e.event_at <= s2.s + interval '30 minutes' GROUP BY 1, 2),
         s4 AS (SELECT DISTINCT s3.session_key FROM s3 JOIN bench_events e USING (session_key)
                WHERE e.step = 4 AND e.event_at >= s3.t AND e.event_at <= s3.s + interval '30 minutes'),
         levels AS (SELECT session_key, 1 AS level FROM s1 UNION ALL SELECT session_key, 2 FROM s2
                    UNION ALL SELECT session_key, 3 FROM s3 UNION ALL SELECT session_key, 4 FROM s4)
         SELECT count(*), sum(level) FROM (SELECT c.session_key, coalesce(max(l.level), 0) AS level
                                           FROM (SELECT DISTINCT session_key FROM bench_events) c
                                           LEFT JOIN levels l USING (session_key) GROUP BY c.session_key) t"
read -r -a queries <<< "${BENCH_QUERIES:-bare native native_agg pure_sql cohort_native cohort_sql events_bare funnel_native funnel_sql}"

# Times (ms) of the queries with $1 parallel workers: a warm-up round, then 3 rounds, each round running
# every query once (interleaved, so a change in the machine's load hits all of them alike). Prints
# "query median" lines.
measure() {
    {
        echo "SET max_parallel_workers_per_gather = $1; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;"
        echo "SET work_mem = '256MB';"
        local round='' query
        for query in "${queries[@]}"; do round+="${!query}; "; done
        echo "$round"
        echo '\timing on'
        for _ in 1 2 3; do echo "$round"; done
    } | psql -qX | sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p' | paste -d ' ' $(printf -- '- %.0s' "${queries[@]}") > "$times"
    local column=1
    for query in "${queries[@]}"; do
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
echo "Customer analytics benchmark, $rows orders, $((rows / 10)) customers (medians of 3, ms)"
printf '%-26s %12s %12s %10s\n' "query" "serial" "2 workers" "speedup"
for query in "${queries[@]}"; do
    printf '%-26s %12s %12s %10s\n' "$query" "${ms[$query,0]}" "${ms[$query,2]}" "$(ratio "${ms[$query,0]}" "${ms[$query,2]}")"
done
# Prints "label: pure SQL / native = .., native / bare scan = .." for the queries that were run.
ratios() {
    local label=$1 native=$2 sql=$3 bare=$4 workers=$5
    [ -n "${ms[$native,$workers]:-}" ] && [ -n "${ms[$bare,$workers]:-}" ] || return 0
    local line="workers=$workers: $label"
    [ -n "${ms[$sql,$workers]:-}" ] && line+=" pure SQL / native = $(ratio "${ms[$sql,$workers]}" "${ms[$native,$workers]}")x,"
    echo "$line native / bare scan = $(ratio "${ms[$native,$workers]}" "${ms[$bare,$workers]}")x"
}
for workers in 0 2; do
    ratios RFM native pure_sql bare "$workers"
    ratios "RFM aggregate alone:" native_agg none bare "$workers"
    ratios cohorts cohort_native cohort_sql bare "$workers"
    ratios funnel funnel_native funnel_sql events_bare "$workers"
done
