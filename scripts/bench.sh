#!/usr/bin/env bash
# Runs every benchmark (scripts/bench_*.sh), each on its own throwaway cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
for bench in scripts/bench_*.sh; do
    echo "== $bench"
    bash "$bench"
done
