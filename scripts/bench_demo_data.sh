#!/usr/bin/env bash
# Benchmark of ecom.generate_demo_data: staged rows per second at about 10^4, 10^5 and 10^6 orders
# (one simulated year, clean data), against a bare COPY FROM of the very same rows from text files
# on the server (what loading a pre-generated dump would cost). Both are timed end to end (wall clock
# of one psql call, one transaction, staging tables truncated before each run); medians are reported.
# Settings (environment):
#   BENCH_DEMO_ORDERS  approximate order counts to simulate (default "10000 100000 1000000")
#   BENCH_DEMO_REPS    runs per measurement, the median is reported (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/cluster.sh
source scripts/lib/build.sh

scales=${BENCH_DEMO_ORDERS:-10000 100000 1000000}
reps=${BENCH_DEMO_REPS:-3}
orders_per_customer=1.7  # what one simulated year yields on average (all segments, signups spread over the year)
tables="campaigns products customers orders order_items returns events inventory"

# One installation of the extension per machine: take turns with test runs.
exec 9>"${TMPDIR:-/tmp}/ecom_analytics-install.lock"
flock 9
build_and_install
cluster_start
psql -qX -c 'CREATE EXTENSION ecom_analytics' >/dev/null
dump_dir="$ECOM_CLUSTER_DIR/dump"
as_cluster_owner mkdir -p "$dump_dir"

# Empties the staging tables and checkpoints, so every run starts alike.
reset_staging() {
    psql -qX -c "TRUNCATE $(for t in $tables; do printf 'ecom.stg_%s,' "$t"; done | sed 's/,$//')" -c 'CHECKPOINT' >/dev/null
}

# The columns the generator fills in a staging table (all but stg_id and batch_id), comma-separated.
copy_columns() {  # table
    psql -qXAt -c "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute
                   WHERE attrelid = 'ecom.stg_$1'::regclass AND attnum > 0 AND NOT attisdropped
                     AND attname NOT IN ('stg_id', 'batch_id')"
}

# Seconds taken by one psql call running the given SQL.
wall_seconds() {  # sql
    local start end
    start=$(date +%s.%N)
    psql -qX -v ON_ERROR_STOP=1 -c "$1" >/dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}

# The median of the arguments.
median() {
    printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {printf "%.3f", a[int((NR + 1) / 2)]}'
}

printf '%-9s %9s %11s %10s %12s %10s %12s %7s\n' orders customers staged_rows gen_s gen_rows/s copy_s copy_rows/s ratio
for target in $scales; do
    customers=$(echo "$target / $orders_per_customer" | bc)
    call="SELECT sum(rows) FROM ecom.generate_demo_data($customers, 365, '2024-01-01', 42, 0.0)"
    generate_times=()
    for rep in $(seq "$reps"); do
        reset_staging
        generate_times+=("$(wall_seconds "$call")")
    done
    rows=$(psql -qXAt -c "SELECT $(for t in $tables; do printf '(SELECT count(*) FROM ecom.stg_%s) + ' "$t"; done) 0")
    orders=$(psql -qXAt -c 'SELECT count(*) FROM ecom.stg_orders')
    # The same rows as COPY text files on the server, then loaded back with bare COPY FROM.
    load="BEGIN;"
    for t in $tables; do
        columns=$(copy_columns "$t")
        psql -qX -c "COPY ecom.stg_$t ($columns) TO '$dump_dir/$t.txt'" >/dev/null
        load+=" COPY ecom.stg_$t ($columns) FROM '$dump_dir/$t.txt';"
    done
    load+=" COMMIT;"
    copy_times=()
    for rep in $(seq "$reps"); do
        reset_staging
        copy_times+=("$(wall_seconds "$load")")
    done
    as_cluster_owner rm -f "$dump_dir"/*.txt
    generate=$(median "${generate_times[@]}") copy=$(median "${copy_times[@]}")
    printf '%-9s %9s %11s %10s %12.0f %10s %12.0f %7.2f\n' "$orders" "$customers" "$rows" "$generate" \
        "$(echo "$rows / $generate" | bc -l)" "$copy" "$(echo "$rows / $copy" | bc -l)" "$(echo "$generate / $copy" | bc -l)"
done
echo "ratio = generate_demo_data time / bare COPY FROM time for the same rows (medians of $reps runs)"
