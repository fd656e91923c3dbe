#!/usr/bin/env bash
# The main job on a private throwaway cluster: install what is missing, build and install the
# extension, load demo data into staging and print what the warehouse knows.
# Usage: scripts/demo.sh [customers] [days]   (defaults: 2000 customers over 365 days)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/cluster.sh
source scripts/lib/build.sh

customers=${1:-2000}
days=${2:-365}

scripts/deps.sh
echo "building and installing ecom_analytics ..."
build_and_install
cluster_start
psql -qX -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION ecom_analytics'

echo
echo "demo data: $customers customers over $days days from 2024-01-01 (seed 42, 2% dirty rows)"
psql -X -v ON_ERROR_STOP=1 -P footer=off \
    -c "SELECT table_name, rows FROM ecom.generate_demo_data($customers, $days, DATE '2024-01-01', 42, 0.02)"

echo "what is staged:"
psql -X -v ON_ERROR_STOP=1 -P footer=off -c 'SELECT * FROM ecom.staging_summary()'
