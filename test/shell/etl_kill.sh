#!/usr/bin/env bash
# A backend killed during ecom.run_etl() loses nothing: the warehouse stays empty, the next run completes,
# and its totals equal those of a clean load of the same staging data.
set -euo pipefail
cd "$(dirname "$0")"
killed=ecom_etl_killed clean=ecom_etl_clean
trap 'dropdb --if-exists "$killed" >/dev/null 2>&1 || true; dropdb --if-exists "$clean" >/dev/null 2>&1 || true' EXIT
totals_sql="SELECT concat_ws(' ', (SELECT count(*) FROM ecom.fct_orders), (SELECT sum(gross) FROM ecom.fct_orders),
            (SELECT sum(net) FROM ecom.fct_orders), (SELECT count(*) FROM ecom.fct_order_items),
            (SELECT sum(net) FROM ecom.fct_revenue_daily), (SELECT count(*) FROM ecom.quarantine))"
for db in "$killed" "$clean"; do
    dropdb --if-exists "$db" 2>/dev/null; createdb "$db"
    psql -qX -d "$db" -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION ecom_analytics' >/dev/null
    psql -qX -d "$db" -v ON_ERROR_STOP=1 -v orders=500 -f etl_sample.sql >/dev/null
done

psql -qX -d "$killed" -v ON_ERROR_STOP=1 -c 'CREATE TRIGGER pause BEFORE INSERT ON ecom.fct_revenue_daily
                                            FOR EACH STATEMENT EXECUTE FUNCTION public.etl_test_pause()' >/dev/null
PGAPPNAME=etl_victim psql -qX -d "$killed" -c 'SELECT ecom.run_etl()' >/dev/null 2>&1 &
victim=$!
pid=
for _ in $(seq 200); do
    pid=$(psql -XAtc "SELECT pid FROM pg_stat_activity WHERE application_name = 'etl_victim' AND wait_event = 'PgSleep'")
    [ -n "$pid" ] && break
    sleep 0.05
done
[ -n "$pid" ] || { echo "the run never reached its pause"; exit 1; }
psql -XAtc "SELECT pg_terminate_backend($pid)" >/dev/null
wait "$victim" && { echo "the killed run reported success"; exit 1; }

after_kill=$(psql -XAt -d "$killed" -c "SELECT (SELECT count(*) FROM ecom.etl_runs) || ' ' || (SELECT count(*) FROM ecom.fct_orders)")
[ "$after_kill" = "0 0" ] || { echo "the killed run left rows behind: $after_kill"; exit 1; }
psql -qX -d "$killed" -v ON_ERROR_STOP=1 -c 'DROP TRIGGER pause ON ecom.fct_revenue_daily' -c 'SELECT ecom.run_etl()' >/dev/null
psql -qX -d "$clean" -v ON_ERROR_STOP=1 -c 'SELECT ecom.run_etl()' >/dev/null
recovered=$(psql -XAt -d "$killed" -c "$totals_sql")
reference=$(psql -XAt -d "$clean" -c "$totals_sql")
[ "$recovered" = "$reference" ] || { echo "totals differ: after kill + rerun '$recovered', clean load '$reference'"; exit 1; }
echo "ok (killed mid-run: nothing committed; the rerun matches a clean load: $recovered)"
