#!/usr/bin/env bash
# k-means and logistic regression against scikit-learn and statsmodels on the same data: the data is
# generated in the database, exported as CSV and refitted by Debian's python3. k-means starts scikit-learn
# from our k-means++ initial centres (model->'initial_centres'): same partition, inertia within 1e-9
# relative. Logit: coefficients and standard errors within 1e-6, log-likelihood within 1e-8 relative.
set -euo pipefail
python=/usr/bin/python3
"$python" -c 'import sklearn, statsmodels' 2>/dev/null || { echo "skip: python3-sklearn or python3-statsmodels missing"; exit 0; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

psql -qXAt -v ON_ERROR_STOP=1 >/dev/null <<SQL
SELECT setseed(0.5);
CREATE TEMP TABLE ml_oracle_points AS
SELECT i, ARRAY[c * 2 + random() * 3, (c % 2) * 3 + random() * 3, random() * 4 - c] AS features
FROM generate_series(1, 3000) AS i, LATERAL (SELECT i % 4 AS c) AS l;
CREATE TEMP TABLE ml_oracle_logit AS
SELECT i, x, (random() < 1 / (1 + exp(-(0.3 + 0.8 * x[1] - 1.1 * x[2] + 0.4 * x[3]))))::int AS y
FROM (SELECT i, ARRAY[random() * 4 - 2, random() * 3 - 1, random() * 2] AS x FROM generate_series(1, 5000) AS i) AS g;
CREATE TEMP TABLE ml_oracle_models AS
SELECT (SELECT ecom.kmeans_fit(features, 4, 7) FROM ml_oracle_points) AS kmeans,
       (SELECT ecom.logreg_fit(y, x) FROM ml_oracle_logit) AS logit;
\copy (SELECT p.features[1], p.features[2], p.features[3], ecom.kmeans_assign(m.kmeans, p.features) FROM ml_oracle_points p, ml_oracle_models m ORDER BY p.i) TO '$dir/points.csv' CSV
\copy (SELECT x[1], x[2], x[3], y FROM ml_oracle_logit ORDER BY i) TO '$dir/logit.csv' CSV
\copy (SELECT kmeans::text FROM ml_oracle_models) TO '$dir/kmeans.json'
\copy (SELECT logit::text FROM ml_oracle_models) TO '$dir/logit.json'
SQL

"$python" - "$dir" <<'PY'
import json, sys
import numpy as np
from sklearn.cluster import KMeans
import statsmodels.api as sm

d = sys.argv[1]
pts = np.loadtxt(f"{d}/points.csv", delimiter=",")
X, ours = pts[:, :3], pts[:, 3].astype(int)
km = json.load(open(f"{d}/kmeans.json"))
init = np.array(km["initial_centres"])
sk = KMeans(n_clusters=4, init=init, n_init=1, algorithm="lloyd", tol=0, max_iter=300).fit(X)
same_partition = np.array_equal(sk.labels_, ours)
inertia_rel = abs(sk.inertia_ - km["inertia"]) / sk.inertia_
centre_diff = np.abs(sk.cluster_centers_ - np.array(km["centres"])).max()

lg = np.loadtxt(f"{d}/logit.csv", delimiter=",")
lm = json.load(open(f"{d}/logit.json"))
fit = sm.Logit(lg[:, 3], sm.add_constant(lg[:, :3])).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
coef_diff = np.abs(fit.params - np.array(lm["coefficients"])).max()
se_diff = np.abs(fit.bse - np.array(lm["std_errors"])).max()
ll_rel = abs(fit.llf - lm["log_likelihood"]) / abs(fit.llf)

fails = []
if not same_partition: fails.append("k-means partition differs")
if inertia_rel > 1e-9: fails.append(f"inertia relative difference {inertia_rel:.2e}")
if centre_diff > 1e-9: fails.append(f"centres differ by {centre_diff:.2e}")
if not lm["converged"]: fails.append("logit did not converge")
if coef_diff > 1e-6: fails.append(f"coefficients differ by {coef_diff:.2e}")
if se_diff > 1e-6: fails.append(f"standard errors differ by {se_diff:.2e}")
if ll_rel > 1e-8: fails.append(f"log-likelihood relative difference {ll_rel:.2e}")
if fails:
    print("FAIL: " + "; ".join(fails))
else:
    print(f"ok (k-means: same partition of 3000 rows, inertia rel. diff {inertia_rel:.1e}, centres {centre_diff:.1e}; "
          f"logit: coefficients {coef_diff:.1e}, std errors {se_diff:.1e}, log-likelihood rel. {ll_rel:.1e})")
PY
