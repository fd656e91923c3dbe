#!/usr/bin/env bash
# The module exports only what PostgreSQL looks up: the magic block, _PG_init, and for each SQL entry
# point the function and its pg_finfo_ record (C++ exception type information may also be visible).
set -euo pipefail
module="$(pg_config --pkglibdir)/ecom_analytics.so"
[ -f "$module" ] || { echo "module not installed at $module"; exit 1; }
exported=$(nm -D --defined-only "$module" | awk '$2 == "T" { print $3 }')
unexpected=()
for symbol in $exported; do
    case "$symbol" in
        Pg_magic_func|_PG_init|pg_finfo_*) ;;
        *) grep -qx "pg_finfo_$symbol" <<<"$exported" || unexpected+=("$symbol") ;;
    esac
done
[ ${#unexpected[@]} -eq 0 ] || { echo "unexpected exported functions: ${unexpected[*]}"; exit 1; }
echo "ok ($(grep -c '^pg_finfo_' <<<"$exported") entry points exported, nothing else)"
