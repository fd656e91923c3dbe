#!/usr/bin/env bash
# Runs every test suite of ecom_analytics on a private throwaway cluster:
# unit tests (GoogleTest, ASan+UBSan), pg_regress, pgTAP, the SQL suites again with forced parallel
# plans, and the shell tests. Ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/cluster.sh
source scripts/lib/build.sh

passed=0 failed=0 skipped=0
log_dir=$(mktemp -d -t ecom_tests.XXXXXX)

# Adds a suite's counts to the totals and prints them.
tally() {  # suite passed failed skipped
    printf '%-28s %4d passed %4d failed %4d skipped\n' "$1" "$2" "$3" "$4"
    passed=$((passed + $2)) failed=$((failed + $3)) skipped=$((skipped + $4))
}

# Counts GoogleTest results from its output.
run_unit() {
    make -s -j"$(nproc)" WERROR=1 build/unit/run_tests >"$log_dir/unit-build.log" 2>&1 \
        || { cat "$log_dir/unit-build.log"; tally "unit (build)" 0 1 0; return; }
    build/unit/run_tests >"$log_dir/unit.log" 2>&1
    local status=$? ok bad skip
    ok=$(grep -c '^\[       OK \]' "$log_dir/unit.log")
    bad=$(grep -cE '^\[  FAILED  \] [^ ]+\.[^ ]+ \(' "$log_dir/unit.log")
    [ "$status" -ne 0 ] && [ "$bad" -eq 0 ] && { tail -30 "$log_dir/unit.log"; bad=1; }
    skip=$(grep -cE '^\[  SKIPPED \] [^ ]+\.[^ ]+ \(' "$log_dir/unit.log")
    grep -E '^\[  (FAILED|SKIPPED) \]|Failure|ERROR|runtime error|Sanitizer' "$log_dir/unit.log" | head -40
    tally "unit (GoogleTest)" "$ok" "$bad" "$skip"
}

# Runs pg_regress through PGXS; $1 names the pass, PGOPTIONS carries its settings.
run_regress() {
    local name=$1
    make -s installcheck >"$log_dir/regress-$name.log" 2>&1
    local ok bad
    ok=$(grep -cE '^(ok|test| )+.* \.\.\. ok|^ok ' "$log_dir/regress-$name.log")
    bad=$(grep -cE '\.\.\. FAILED|^not ok ' "$log_dir/regress-$name.log")
    if [ "$bad" -gt 0 ]; then
        cp regression.diffs "$log_dir/regress-$name.diffs" 2>/dev/null
        head -80 regression.diffs 2>/dev/null
    fi
    tally "pg_regress ($name)" "$ok" "$bad" 0
}

# Runs the pgTAP suites with pg_prove in a fresh database; $1 names the pass.
run_pgtap() {
    local name=$1 database="ecom_tap_$1"
    compgen -G "test/pgtap/*.sql" >/dev/null || return 0
    createdb "$database"
    psql -qX -d "$database" -c 'CREATE EXTENSION pgtap; CREATE EXTENSION ecom_analytics;' >/dev/null
    ECOM_SHARED_DATA="$shared_data" pg_prove -d "$database" --ext .sql test/pgtap/ >"$log_dir/pgtap-$name.log" 2>&1
    local total bad_files bad=0
    total=$(sed -nE 's/^Files=[0-9]+, Tests=([0-9]+).*/\1/p' "$log_dir/pgtap-$name.log")
    bad=$(grep -oE 'Failed [0-9]+/[0-9]+ subtests' "$log_dir/pgtap-$name.log" | awk -F'[ /]' '{s+=$2} END {print s+0}')
    bad_files=$(grep -cE 'Dubious|Bad plan|No subtests run|Parse errors' "$log_dir/pgtap-$name.log")
    [ "$bad" -gt 0 ] || [ "$bad_files" -gt 0 ] && grep -vE '^test/pgtap/.*\.\. ok$' "$log_dir/pgtap-$name.log" | head -60
    tally "pgTAP ($name)" "$(( ${total:-0} - bad ))" "$(( bad + bad_files ))" 0
}

# Runs test/shell/*.sh in a database with the extension (PGDATABASE); each prints "ok", "skip: reason" or anything else for a failure.
run_shell() {
    local script result ok=0 bad=0 skip=0
    createdb ecom_shell
    psql -qX -d ecom_shell -c 'CREATE EXTENSION ecom_analytics' >/dev/null
    for script in test/shell/*.sh; do
        [ -e "$script" ] || continue
        result=$(PGDATABASE=ecom_shell ECOM_SHARED_DATA="$shared_data" bash "$script" 2>&1)
        case "$result" in
            ok*) ok=$((ok + 1)); echo "$script: $result" ;;
            skip*) skip=$((skip + 1)); echo "$script: $result" ;;
            *) bad=$((bad + 1)); echo "$script FAILED:"; echo "$result" | tail -20 ;;
        esac
    done
    tally "shell tests" "$ok" "$bad" "$skip"
}

shared_data="$(pwd)/../shared/data"
[ -d "$shared_data" ] || { echo "note: ../shared/data is absent: tests that need it are skipped"; shared_data=""; }

scripts/deps.sh
run_unit

# One installation of the extension per machine: concurrent test runs take turns from install to the end.
exec 9>"${TMPDIR:-/tmp}/ecom_analytics-install.lock"
flock 9
build_and_install || { tally "build and install" 0 1 0; echo "$passed passed, $failed failed, $skipped skipped"; exit 1; }
cluster_start || { tally "cluster start" 0 1 0; echo "$passed passed, $failed failed, $skipped skipped"; exit 1; }

run_regress serial
run_pgtap serial
run_shell

# Forced parallel plans: every query that can run in a worker does. pg_regress uses the "regress" value
# of force_parallel_mode, which forces the same plans as "on" but hides the worker CONTEXT lines, so the
# expected outputs stay the same; pgTAP uses "on".
parallel="-c max_parallel_workers_per_gather=2 -c parallel_setup_cost=0 -c parallel_tuple_cost=0 -c min_parallel_table_scan_size=0 -c min_parallel_index_scan_size=0"
PGOPTIONS="$parallel -c force_parallel_mode=regress" run_regress parallel
PGOPTIONS="$parallel -c force_parallel_mode=on" run_pgtap parallel

cluster_stop
rm -rf "$log_dir"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
