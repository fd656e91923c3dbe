#!/usr/bin/env bash
# Ctrl-C / pg_cancel_backend stops a long native loop promptly and the server stays up.
set -euo pipefail
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
started=$(date +%s%N)
PGAPPNAME=ecom_cancel_test psql -X -c "SELECT ecom.selftest_spin(60000)" \
    >/dev/null 2>"$errors" &
client=$!
for _ in $(seq 100); do
    pid=$(psql -XAtc "SELECT pid FROM pg_stat_activity WHERE application_name = 'ecom_cancel_test' AND query LIKE '%selftest_spin%'")
    [ -n "$pid" ] && break
    sleep 0.05
done
[ -n "$pid" ] || { echo "the spinning query never started"; exit 1; }
sleep 0.3
cancel_sent=$(date +%s%N)
psql -XAtc "SELECT pg_cancel_backend($pid)" >/dev/null
wait "$client" && { echo "the query was not cancelled"; exit 1; }
finished=$(date +%s%N)
error=$(cat "$errors")
case "$error" in *"canceling statement due to user request"*) ;; *) echo "unexpected error: $error"; exit 1 ;; esac
latency_ms=$(( (finished - cancel_sent) / 1000000 ))
[ $(( (finished - started) / 1000000 )) -lt 30000 ] || { echo "cancel took too long"; exit 1; }
[ "$(psql -XAtc 'SELECT 1')" = 1 ] || { echo "server not answering after cancel"; exit 1; }
echo "ok (cancelled ${latency_ms} ms after pg_cancel_backend, client round trip included)"
