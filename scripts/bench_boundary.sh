#!/usr/bin/env bash
# How fast native work stops: the delay between statement_timeout firing and the ERROR reaching the
# client while ecom.selftest_spin is busy in C++ (median of 7 runs), and the cost of crossing the
# boundary (a trivial native call vs a trivial SQL function, per call, over 10^6 calls).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/cluster.sh
source scripts/lib/build.sh
build_and_install
cluster_start
psql -qX -c 'CREATE EXTENSION ecom_analytics'

timeout_ms=200
delays=()
for _ in 1 2 3 4 5 6 7; do
    elapsed=$(psql -qX -v ON_ERROR_STOP=0 2>/dev/null <<SQL | sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p' | tail -1
SET statement_timeout = '${timeout_ms}ms';
\timing on
SELECT ecom.selftest_spin(60000);
SQL
    )
    delays+=("$(echo "$elapsed - $timeout_ms" | bc)")
done
median=$(printf '%s\n' "${delays[@]}" | sort -g | sed -n 4p)
echo "statement_timeout -> ERROR delay: median ${median} ms over 7 runs (all: ${delays[*]})"

psql -qX <<'SQL'
CREATE FUNCTION pg_temp.sql_identity(kind text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT kind';
\timing on
\echo native call through the boundary, 10^6 calls:
SELECT count(ecom.selftest_error('none')) FROM generate_series(1, 1000000);
\echo plain SQL function, 10^6 calls (the floor):
SELECT count(pg_temp.sql_identity('none' || g)) FROM generate_series(1, 1000000) AS g;
SQL
