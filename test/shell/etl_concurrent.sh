#!/usr/bin/env bash
# Two concurrent ecom.run_etl() calls never double-load: the second waits for the first and then finds nothing new.
set -euo pipefail
cd "$(dirname "$0")"
db=ecom_etl_concurrent
dropdb --if-exists "$db" 2>/dev/null; createdb "$db"
trap 'dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT
export PGDATABASE=$db
psql -qX -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION ecom_analytics' >/dev/null
psql -qX -v ON_ERROR_STOP=1 -v orders=300 -f etl_sample.sql >/dev/null
# The first run pauses 2 s before writing the daily revenue, so the second call arrives while it is busy.
psql -qX -v ON_ERROR_STOP=1 -c 'CREATE TRIGGER pause BEFORE INSERT ON ecom.fct_revenue_daily
                                FOR EACH STATEMENT EXECUTE FUNCTION public.etl_test_pause()' >/dev/null

PGAPPNAME=etl_first psql -qXAt -v ON_ERROR_STOP=1 -c 'SELECT run_id FROM ecom.run_etl()' >/dev/null &
first=$!
for _ in $(seq 200); do
    [ "$(psql -XAtc "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'etl_first' AND wait_event = 'PgSleep'")" = 1 ] && break
    sleep 0.05
done
PGAPPNAME=etl_second psql -qXAt -v ON_ERROR_STOP=1 -c 'SELECT run_id FROM ecom.run_etl()' >/dev/null &
second=$!
waited=0
for _ in $(seq 100); do
    if [ "$(psql -XAtc "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'etl_second' AND wait_event_type = 'Lock'")" = 1 ]; then
        waited=1; break
    fi
    sleep 0.02
done
wait "$first" || { echo "first run failed"; exit 1; }
wait "$second" || { echo "second run failed"; exit 1; }
[ "$waited" = 1 ] || { echo "the second run did not wait for the first"; exit 1; }

check=$(psql -XAt -v ON_ERROR_STOP=1 <<'SQL'
SELECT concat_ws(' ',
    (SELECT count(*) FROM ecom.etl_runs) = 2,
    (SELECT sum(read) FROM ecom.etl_run_stats WHERE run_id = (SELECT max(run_id) FROM ecom.etl_runs)) = 0,
    (SELECT count(*) FROM ecom.fct_orders) = 300,
    (SELECT count(*) FROM ecom.fct_order_items) = 1200,
    (SELECT sum(read) FROM ecom.etl_run_stats WHERE source_table = 'stg_order_items')
        = (SELECT count(*) FROM ecom.stg_order_items))
SQL
)
[ "$check" = "t t t t t" ] || { echo "double load or lost rows: $check"; exit 1; }
echo "ok (second run waited on the run lock, then read 0 rows; 300 orders and 1200 lines loaded once)"
