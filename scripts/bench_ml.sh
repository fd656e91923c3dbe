#!/usr/bin/env bash
# Benchmark of the ML aggregates against scikit-learn on the same data read from the same table:
# k-means on BENCH_ML_ROWS x 3 features with k = 5 (ecom.kmeans_fit: k-means++ seed 1, Lloyd to
# convergence; ecom.kmeans_fit_best over k = 5 alone adds the silhouette of a 10000-row sample) and
# logistic regression on BENCH_ML_ROWS x 5 (ecom.logreg_fit, Newton, with standard errors and AUC). Each
# fit is timed with the planner's plan (parallel workers at this size) and with a serial plan. Python
# side: the table is exported with COPY ... TO STDOUT and parsed into numpy (reported as its own figure),
# then KMeans(n_clusters=5, n_init=1, algorithm="lloyd"), silhouette_score(sample_size=10000) and
# LogisticRegression(penalty=None) fit; statsmodels' Logit (Newton) is shown too. Also BG/NBD
# (ecom.bgnbd_fit) on BENCH_ML_ROWS customers simulated by ecom.clv_simulate in four settings
# (parameters and ranges of customer ages) and on CDNOW when ../shared/data has it. Medians of
# BENCH_ML_REPS.
#   BENCH_ML_ROWS  rows (default 1000000)
#   BENCH_ML_REPS  repetitions (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/cluster.sh
source scripts/lib/build.sh

rows=${BENCH_ML_ROWS:-1000000}
reps=${BENCH_ML_REPS:-3}
python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"; cluster_stop' EXIT

exec 9>"${TMPDIR:-/tmp}/ecom_analytics-install.lock"
flock 9
build_and_install
cluster_start
psql -qX -c 'CREATE EXTENSION ecom_analytics' >/dev/null
load_at_start=$(uptime)

psql -qX >/dev/null <<SQL
SELECT setseed(0.2);
CREATE TABLE bench_km AS
SELECT i, ARRAY[c * 2 + random() * 1.5, (c % 3) * 2 + random() * 1.5, (c % 2) * 2 + random() * 1.5] AS features
FROM generate_series(1, $rows) AS i, LATERAL (SELECT i % 5 AS c) AS l;
CREATE TABLE bench_lr AS
SELECT i, x, (random() < 1 / (1 + exp(-(0.2 + 0.5 * x[1] - 0.7 * x[2] + 0.3 * x[3] - 0.1 * x[4] + 0.8 * x[5]))))::int AS y
FROM (SELECT i, ARRAY[random() * 2 - 1, random() * 2 - 1, random() * 2 - 1, random() * 2 - 1, random() * 2 - 1] AS x
      FROM generate_series(1, $rows) AS i) AS g;
VACUUM ANALYZE bench_km;
VACUUM ANALYZE bench_lr;
SQL

# Median wall time in seconds of a SQL statement over the repetitions; extra psql -c arguments (settings) first.
time_sql() {  # query [setting...]
    local query=$1 rep ms times=() settings=()
    shift
    for setting in "$@"; do settings+=(-c "$setting"); done
    for rep in $(seq "$reps"); do
        ms=$(psql -qX "${settings[@]}" -c '\timing on' -c "$query" | sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p' | tail -1)
        times+=("$ms")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR] = $1} END {printf "%.3f", a[int((NR + 1) / 2)] / 1000}'
}
serial='SET max_parallel_workers_per_gather = 0'

sql_scan_km=$(time_sql "SELECT count(*), sum(features[1]) FROM bench_km")
sql_km=$(time_sql "SELECT ecom.kmeans_fit(features, 5, 1) ->> 'iterations' FROM bench_km")
sql_km_serial=$(time_sql "SELECT ecom.kmeans_fit(features, 5, 1) ->> 'iterations' FROM bench_km" "$serial")
sql_km_sil=$(time_sql "SELECT ecom.kmeans_fit_best(features, 5, 5, 1) ->> 'silhouette' FROM bench_km")
sql_scan_lr=$(time_sql "SELECT count(*), sum(x[1]) FROM bench_lr")
sql_lr=$(time_sql "SELECT ecom.logreg_fit(y, x) ->> 'iterations' FROM bench_lr")
sql_lr_serial=$(time_sql "SELECT ecom.logreg_fit(y, x) ->> 'iterations' FROM bench_lr" "$serial")
km_iterations=$(psql -qXAt -c "SELECT ecom.kmeans_fit(features, 5, 1) ->> 'iterations' FROM bench_km")

# BG/NBD on simulated customers: the docs/clv.md setting (CDNOW-like parameters, ages 26..52 weeks) and
# CDNOW's published parameters over ages of 26..52, 26..78 and 52..78 weeks; then on CDNOW itself.
bgnbd_settings=("0.25 4.4 0.8 2.4 26 52" "0.2426 4.4136 0.7929 2.4259 26 52" "0.2426 4.4136 0.7929 2.4259 26 78"
                "0.2426 4.4136 0.7929 2.4259 52 78")
bgnbd_times=()
for setting in "${bgnbd_settings[@]}"; do
    read -r r alpha a b t_min t_max <<<"$setting"
    psql -qX >/dev/null <<SQL
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_clv;
CREATE TABLE bench_clv AS
SELECT * FROM ecom.clv_simulate($rows, '{"model": "bgnbd", "params": {"r": $r, "alpha": $alpha, "a": $a, "b": $b}}',
                                '{"model": "gamma_gamma", "params": {"p": 6.25, "q": 3.74, "gamma": 15.44}}', $t_min, $t_max, 1);
VACUUM ANALYZE bench_clv;
SQL
    bgnbd_times+=("$(time_sql "SELECT ecom.bgnbd_fit(x, t_x, t_cal) ->> 'converged' FROM bench_clv")")
done
cdnow=../shared/data/cdnow/CDNOW_sample.txt
sql_cdnow="absent"
if [ -f "$cdnow" ]; then
    psql -qX >/dev/null <<SQL
CREATE TABLE cdnow_lines (line text);
\copy cdnow_lines FROM '$cdnow'
CREATE TABLE cdnow AS
SELECT customer, (s).* FROM (
    SELECT f[2]::int AS customer, ecom.clv_summary(to_date(f[3], 'YYYYMMDD'), f[5]::float8, '1997-09-30', 7) AS s
    FROM (SELECT regexp_split_to_array(btrim(line, E' \r'), '\s+') AS f FROM cdnow_lines) AS l GROUP BY 1) AS g;
SQL
    sql_cdnow=$(time_sql "SELECT ecom.bgnbd_fit(x, t_x, t_cal) ->> 'converged' FROM cdnow")
fi

read -r export_km export_lr py_km py_sil py_lr py_sm < <("$python" - "$reps" <<'PY'
import io, subprocess, sys, time, statistics
import numpy as np
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import silhouette_score
import statsmodels.api as sm

reps = int(sys.argv[1])

def export(query):
    """COPY the query out of the database and parse it into a float array; returns (array, seconds)."""
    start = time.perf_counter()
    out = subprocess.run(["psql", "-qX", "-c", f"COPY ({query}) TO STDOUT WITH (FORMAT csv)"],
                         check=True, capture_output=True).stdout
    data = np.loadtxt(io.BytesIO(out), delimiter=",")
    return data, time.perf_counter() - start

def median_time(fit):
    times = []
    for _ in range(reps):
        start = time.perf_counter(); fit(); times.append(time.perf_counter() - start)
    return statistics.median(times)

km_times, lr_times = [], []
for _ in range(reps):
    km, t = export("SELECT features[1], features[2], features[3] FROM bench_km"); km_times.append(t)
    lr, t = export("SELECT x[1], x[2], x[3], x[4], x[5], y FROM bench_lr"); lr_times.append(t)
X, y = lr[:, :5], lr[:, 5]
py_km = median_time(lambda: KMeans(n_clusters=5, n_init=1, algorithm="lloyd", random_state=1).fit(km))
labels = KMeans(n_clusters=5, n_init=1, algorithm="lloyd", random_state=1).fit(km).labels_
py_sil = median_time(lambda: silhouette_score(km, labels, sample_size=10000, random_state=1))
py_lr = median_time(lambda: LogisticRegression(penalty=None, max_iter=1000).fit(X, y))
py_sm = median_time(lambda: sm.Logit(y, sm.add_constant(X)).fit(method="newton", disp=0))
print(f"{statistics.median(km_times):.3f} {statistics.median(lr_times):.3f} {py_km:.3f} {py_sil:.3f} {py_lr:.3f} {py_sm:.3f}")
PY
)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
plus() { awk -v a="$1" -v b="$2" 'BEGIN {print a + b}'; }
echo "rows: $rows, medians of $reps (seconds); SQL times include the table scan"
echo "load at start:$(sed 's/.*load average//' <<<"$load_at_start"), at end:$(uptime | sed 's/.*load average//')"
echo "| fit | SQL, planner's plan | SQL, serial plan | bare scan | scikit-learn | export to numpy | SQL / sklearn (planner's, serial) | SQL / (sklearn + export) |"
echo "|---|---|---|---|---|---|---|---|"
echo "| k-means, 3 features, k = 5 ($km_iterations Lloyd iterations) | $sql_km | $sql_km_serial | $sql_scan_km | $py_km | $export_km | $(ratio "$sql_km" "$py_km"), $(ratio "$sql_km_serial" "$py_km") | $(ratio "$sql_km" "$(plus "$py_km" "$export_km")") |"
echo "| k-means + silhouette (kmeans_fit_best k = 5; silhouette_score sample 10000) | $sql_km_sil | | | $(plus "$py_km" "$py_sil") | | $(ratio "$sql_km_sil" "$(plus "$py_km" "$py_sil")") | |"
echo "| logistic, 5 features (statsmodels Logit $py_sm) | $sql_lr | $sql_lr_serial | $sql_scan_lr | $py_lr | $export_lr | $(ratio "$sql_lr" "$py_lr"), $(ratio "$sql_lr_serial" "$py_lr") | $(ratio "$sql_lr" "$(plus "$py_lr" "$export_lr")") |"
echo "BG/NBD fit (ecom.bgnbd_fit, planner's plan), CDNOW (2357 customers): $sql_cdnow"
echo "| simulated customers: r, alpha, a, b, ages (weeks) | $rows customers |"
echo "|---|---|"
for i in "${!bgnbd_settings[@]}"; do
    read -r r alpha a b t_min t_max <<<"${bgnbd_settings[$i]}"
    echo "| $r, $alpha, $a, $b, $t_min..$t_max | ${bgnbd_times[$i]} |"
done
