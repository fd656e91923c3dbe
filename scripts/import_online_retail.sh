#!/usr/bin/env bash
# Imports the UCI "Online Retail" CSV into the database named by the usual PG* variables (or -d DB):
# \copy into ecom.raw_online_retail, ecom.stage_online_retail() into the staging tables (one transaction),
# then ecom.run_etl() into the warehouse. Prints the counts of both runs.
# Usage: scripts/import_online_retail.sh [-d database] [file.csv]   (default: ../shared/data/online_retail/online_retail.csv)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
args=()
if [ "${1:-}" = "-d" ]; then args=(-d "$2"); shift 2; fi
file=${1:-$repo/../shared/data/online_retail/online_retail.csv}
[ -r "$file" ] || { echo "cannot read $file" >&2; exit 1; }
case "$file" in *"'"*) echo "the file name must not contain a quote" >&2; exit 1 ;; esac

psql -X "${args[@]}" -v ON_ERROR_STOP=1 -q --single-transaction <<SQL
\copy ecom.raw_online_retail (invoice_no, stock_code, description, quantity, invoice_date, unit_price, customer_id, country) FROM '$file' WITH (FORMAT csv, HEADER true)
SELECT run_id AS import_run FROM ecom.stage_online_retail() \gset
\echo import (run :import_run): CSV lines -> staging
SELECT source_table, read, inserted AS staged, deduplicated, quarantined FROM ecom.etl_run_stats WHERE run_id = :import_run;
SQL
psql -X "${args[@]}" -v ON_ERROR_STOP=1 -q <<'SQL'
SELECT run_id AS etl_run FROM ecom.run_etl() \gset
\echo ETL (run :etl_run): staging -> warehouse
SELECT source_table, read, inserted, updated, unchanged, deduplicated, quarantined
FROM ecom.etl_run_stats WHERE run_id = :etl_run AND read > 0 ORDER BY source_table;
SQL
