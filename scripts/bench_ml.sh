#!/usr/bin/env bash
# Benchmark of the ML aggregates against scikit-learn on the same data read from the same table:
# k-means on BENCH_ML_ROWS x 3 features with k = 5 (ecom.kmeans_fit: k-means++ seed 1, Lloyd to
# convergence, plus the silhouette on a 10000-row sample) and logistic regression on BENCH_ML_ROWS x 5
# (ecom.logreg_fit, Newton). Python side: the table is exported with COPY ... TO STDOUT and parsed into
# numpy (reported as its own figure), then KMeans(n_clusters=5, n_init=1, algorithm="lloyd") and
# LogisticRegression(penalty=None) fit; statsmodels' Logit (Newton) is shown too. Medians of BENCH_ML_REPS.
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

# Median wall time in seconds of a SQL statement over the repetitions.
time_sql() {  # query
    local rep ms times=()
    for rep in $(seq "$reps"); do
        ms=$(psql -qX -c '\timing on' -c "$1" | sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p' | tail -1)
        times+=("$ms")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR] = $1} END {printf "%.3f", a[int((NR + 1) / 2)] / 1000}'
}

sql_scan_km=$(time_sql "SELECT count(*), sum(features[1]) FROM bench_km")
sql_km=$(time_sql "SELECT ecom.kmeans_fit(features, 5, 1) ->> 'iterations' FROM bench_km")
sql_scan_lr=$(time_sql "SELECT count(*), sum(x[1]) FROM bench_lr")
sql_lr=$(time_sql "SELECT ecom.logreg_fit(y, x) ->> 'iterations' FROM bench_lr")
km_iterations=$(psql -qXAt -c "SELECT ecom.kmeans_fit(features, 5, 1) ->> 'iterations' FROM bench_km")

read -r export_km export_lr py_km py_lr py_sm < <("$python" - "$reps" <<'PY'
import io, subprocess, sys, time, statistics
import numpy as np
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
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
py_lr = median_time(lambda: LogisticRegression(penalty=None, max_iter=1000).fit(X, y))
py_sm = median_time(lambda: sm.Logit(y, sm.add_constant(X)).fit(method="newton", disp=0))
print(f"{statistics.median(km_times):.3f} {statistics.median(lr_times):.3f} {py_km:.3f} {py_lr:.3f} {py_sm:.3f}")
PY
)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo "rows: $rows, medians of $reps (seconds)"
echo "k-means k=5 x 3 features: ecom.kmeans_fit $sql_km (table scan alone $sql_scan_km, $km_iterations Lloyd iterations, includes silhouette on 10000 rows)"
echo "                          scikit-learn KMeans $py_km (+ export $export_km)  ratio SQL / sklearn: $(ratio "$sql_km" "$py_km"), SQL / (sklearn + export): $(ratio "$sql_km" "$(awk -v a="$py_km" -v b="$export_km" 'BEGIN {print a + b}')")"
echo "logistic x 5 features:    ecom.logreg_fit $sql_lr (table scan alone $sql_scan_lr)"
echo "                          scikit-learn LogisticRegression $py_lr, statsmodels Logit $py_sm (+ export $export_lr)  ratio SQL / sklearn: $(ratio "$sql_lr" "$py_lr"), SQL / (sklearn + export): $(ratio "$sql_lr" "$(awk -v a="$py_lr" -v b="$export_lr" 'BEGIN {print a + b}')")"
