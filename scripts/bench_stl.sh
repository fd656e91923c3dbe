#!/usr/bin/env bash
# Benchmark of STL per series of 730 daily points (period 7, s.window 7, plain and robust):
# ecom.stl in SQL against R's stl() (Debian r-base-core) and statsmodels' STL (Debian python3-statsmodels),
# all timed in this one run on the same series, plus one GROUP BY query decomposing many SKU series.
# Prints the median time per series of each and the ratios. Settings (environment):
#   BENCH_STL_SERIES  series per timed batch (default 1000; statsmodels gets a tenth, it is slow)
#   BENCH_STL_REPS    timed batches, the median is reported (default 5)
#   BENCH_STL_SKUS    SKU series in the GROUP BY query (default 10000; 0 skips it)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/cluster.sh
source scripts/lib/build.sh

series=${BENCH_STL_SERIES:-1000}
reps=${BENCH_STL_REPS:-5}
skus=${BENCH_STL_SKUS:-10000}
sm_series=$(( series / 10 > 0 ? series / 10 : 1 ))
# Debian's interpreter, where python3-statsmodels is installed (a user's python3 may be another one).
python=/usr/bin/python3

# One installation of the extension per machine: take turns with test runs.
exec 9>"${TMPDIR:-/tmp}/ecom_analytics-install.lock"
flock 9
build_and_install
cluster_start
psql -qX -c 'CREATE EXTENSION ecom_analytics' >/dev/null

# The series, identical in every language: y[t] = 100 + 0.05 t + 10 sin(2 pi t / 7) + 5 sin(1.3 t + k),
# t = 0..729, for series k = 1..N.
psql -qX >/dev/null <<SQL
CREATE TABLE bench_series AS
SELECT k, array_agg(100 + 0.05 * t + 10 * sin(2 * pi() * t / 7) + 5 * sin(1.3 * t + k) ORDER BY t) AS v
FROM generate_series(1, $series) AS k, generate_series(0, 729) AS t
GROUP BY k;
ANALYZE bench_series;
SQL

# Median over the batches of the per-series time in microseconds of a query over all series.
time_sql() {  # query
    local times=() rep ms
    for rep in $(seq "$reps"); do
        ms=$(psql -qX -c '\timing on' -c "$1" | sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p')
        times+=("$(awk -v ms="$ms" -v n="$series" 'BEGIN {print ms * 1000 / n}')")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR] = $1} END {printf "%.1f", a[int((NR + 1) / 2)]}'
}

sql_plain=$(time_sql "SELECT count(*), sum(d.trend) FROM bench_series s, LATERAL ecom.stl(s.v, 7, s_window => 7) d")
sql_robust=$(time_sql "SELECT count(*), sum(d.trend) FROM bench_series s, LATERAL ecom.stl(s.v, 7, s_window => 7, robust => true) d")
# Reading the arrays and producing the rows without decomposing: the SQL overhead inside the figures above.
sql_scan=$(time_sql "SELECT count(*), sum(x) FROM bench_series s, LATERAL unnest(s.v) AS x")

read -r r_plain r_robust < <(Rscript --vanilla - "$series" "$reps" <<'R'
args <- commandArgs(trailingOnly = TRUE)
n_series <- as.integer(args[1]); reps <- as.integer(args[2])
t <- 0:729
ys <- lapply(seq_len(n_series), function(k) ts(100 + 0.05 * t + 10 * sin(2 * pi * t / 7) + 5 * sin(1.3 * t + k), frequency = 7))
per_series <- function(robust) {
  times <- replicate(reps, system.time(for (y in ys) stl(y, s.window = 7, robust = robust))[["elapsed"]])
  median(times) / n_series * 1e6
}
cat(sprintf("%.1f %.1f\n", per_series(FALSE), per_series(TRUE)))
R
)

read -r sm_plain sm_robust < <("$python" - "$sm_series" "$reps" <<'PY'
import sys, time, statistics
import numpy as np
from statsmodels.tsa.seasonal import STL
n_series, reps = int(sys.argv[1]), int(sys.argv[2])
t = np.arange(730)
ys = [100 + 0.05 * t + 10 * np.sin(2 * np.pi * t / 7) + 5 * np.sin(1.3 * t + k) for k in range(1, n_series + 1)]
def per_series(robust):
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        for y in ys:
            STL(y, period=7, seasonal=7, robust=robust).fit()
        times.append(time.perf_counter() - start)
    return statistics.median(times) / n_series * 1e6
print("%.1f %.1f" % (per_series(False), per_series(True)))
PY
)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", a / b}'; }
echo "STL per series of 730 daily points (median of $reps batches; $series series, statsmodels $sm_series)"
printf '%-34s %10s %10s\n' "" "plain us" "robust us"
printf '%-34s %10s %10s\n' "ecom.stl (SQL, LATERAL)" "$sql_plain" "$sql_robust"
printf '%-34s %10s %10s\n' "R stl() $(Rscript -e 'cat(as.character(getRversion()))')" "$r_plain" "$r_robust"
printf '%-34s %10s %10s\n' "statsmodels STL" "$sm_plain" "$sm_robust"
printf '%-34s %10s\n' "array read + unnest only (SQL)" "$sql_scan"
printf 'R / ecom.stl:            %sx plain, %sx robust\n' "$(ratio "$r_plain" "$sql_plain")" "$(ratio "$r_robust" "$sql_robust")"
printf 'statsmodels / ecom.stl:  %sx plain, %sx robust\n' "$(ratio "$sm_plain" "$sql_plain")" "$(ratio "$sm_robust" "$sql_robust")"

if [ "$skus" -gt 0 ]; then
    psql -qX >/dev/null <<SQL
CREATE TABLE bench_sku_daily AS
SELECT k AS sku, DATE '2024-01-01' + t AS day, 100 + 0.05 * t + 10 * sin(2 * pi() * t / 7) + 5 * sin(1.3 * t + k) AS units
FROM generate_series(1, $skus) AS k, generate_series(0, 729) AS t;
ANALYZE bench_sku_daily;
SQL
    # Seconds taken by one query.
    seconds() { psql -qX -c '\timing on' -c "$1" | sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p' | awk '{printf "%.2f", $1 / 1000}'; }
    array_form=$(seconds "SELECT count(*), sum(d.trend) FROM (SELECT sku, array_agg(units ORDER BY day) AS v FROM bench_sku_daily GROUP BY sku) s, LATERAL ecom.stl(s.v, 7, s_window => 7) d")
    aggregate_form=$(seconds "SELECT count(*), sum(p.trend) FROM (SELECT sku, ecom.stl_agg(day, units, 7, 7) AS points FROM bench_sku_daily GROUP BY sku) q, unnest(q.points) p")
    scan=$(seconds "SELECT count(*), sum(units) FROM bench_sku_daily")
    echo "GROUP BY over $skus SKU series of 730 days ($(( skus * 730 )) rows), all rows out:"
    echo "  array_agg + ecom.stl: $array_form s;  ecom.stl_agg + unnest: $aggregate_form s;  bare scan count/sum: $scan s"
fi
cluster_stop
