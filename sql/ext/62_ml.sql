-- Machine learning on feature arrays: k-means clustering and logistic regression.
-- The fit aggregates keep their rows (Lloyd and Newton iterations revisit every row; there are no
-- one-pass sufficient statistics), so they need memory for n x features float8 values.

CREATE FUNCTION ecom.ml_kmeans_step(internal, float8[], int) RETURNS internal
    AS 'MODULE_PATHNAME', 'ml_kmeans_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.ml_kmeans_step(internal, float8[], int, int) RETURNS internal
    AS 'MODULE_PATHNAME', 'ml_kmeans_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.ml_kmeans_step(internal, float8[], int, int, int) RETURNS internal
    AS 'MODULE_PATHNAME', 'ml_kmeans_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.ml_kmeans_step(internal, float8[], int, int, int, int) RETURNS internal
    AS 'MODULE_PATHNAME', 'ml_kmeans_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.ml_logreg_step(internal, int, float8[]) RETURNS internal
    AS 'MODULE_PATHNAME', 'ml_logreg_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.ml_logreg_step(internal, int, float8[], float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'ml_logreg_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.ml_logreg_step(internal, bool, float8[]) RETURNS internal
    AS 'MODULE_PATHNAME', 'ml_logreg_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.ml_logreg_step(internal, bool, float8[], float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'ml_logreg_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.ml_rows_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'ml_rows_combine' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.ml_rows_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'ml_rows_serialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.ml_rows_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'ml_rows_deserialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ecom.kmeans_fit_final(internal) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'kmeans_fit_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.kmeans_fit_best_final(internal) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'kmeans_fit_best_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION ecom.logreg_fit_final(internal) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'logreg_fit_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION ecom.ml_kmeans_step(internal, float8[], int) IS 'Transition function of ecom.kmeans_fit';
COMMENT ON FUNCTION ecom.ml_kmeans_step(internal, float8[], int, int) IS 'Transition function of ecom.kmeans_fit';
COMMENT ON FUNCTION ecom.ml_kmeans_step(internal, float8[], int, int, int) IS 'Transition function of ecom.kmeans_fit and ecom.kmeans_fit_best';
COMMENT ON FUNCTION ecom.ml_kmeans_step(internal, float8[], int, int, int, int) IS 'Transition function of ecom.kmeans_fit_best';
COMMENT ON FUNCTION ecom.ml_logreg_step(internal, int, float8[]) IS 'Transition function of ecom.logreg_fit';
COMMENT ON FUNCTION ecom.ml_logreg_step(internal, int, float8[], float8) IS 'Transition function of ecom.logreg_fit';
COMMENT ON FUNCTION ecom.ml_logreg_step(internal, bool, float8[]) IS 'Transition function of ecom.logreg_fit';
COMMENT ON FUNCTION ecom.ml_logreg_step(internal, bool, float8[], float8) IS 'Transition function of ecom.logreg_fit';
COMMENT ON FUNCTION ecom.ml_rows_combine(internal, internal) IS 'Combine function of ecom.kmeans_fit, ecom.kmeans_fit_best and ecom.logreg_fit';
COMMENT ON FUNCTION ecom.ml_rows_serialize(internal) IS 'Serialize function of ecom.kmeans_fit, ecom.kmeans_fit_best and ecom.logreg_fit';
COMMENT ON FUNCTION ecom.ml_rows_deserialize(bytea, internal) IS 'Deserialize function of ecom.kmeans_fit, ecom.kmeans_fit_best and ecom.logreg_fit';
COMMENT ON FUNCTION ecom.kmeans_fit_final(internal) IS 'Final function of ecom.kmeans_fit: runs k-means';
COMMENT ON FUNCTION ecom.kmeans_fit_best_final(internal) IS 'Final function of ecom.kmeans_fit_best: runs k-means for each k and keeps the best silhouette';
COMMENT ON FUNCTION ecom.logreg_fit_final(internal) IS 'Final function of ecom.logreg_fit: fits the model';

CREATE AGGREGATE ecom.kmeans_fit(features float8[], k int) (
    SFUNC = ecom.ml_kmeans_step, STYPE = internal, COMBINEFUNC = ecom.ml_rows_combine,
    SERIALFUNC = ecom.ml_rows_serialize, DESERIALFUNC = ecom.ml_rows_deserialize,
    FINALFUNC = ecom.kmeans_fit_final, PARALLEL = SAFE);
CREATE AGGREGATE ecom.kmeans_fit(features float8[], k int, seed int) (
    SFUNC = ecom.ml_kmeans_step, STYPE = internal, COMBINEFUNC = ecom.ml_rows_combine,
    SERIALFUNC = ecom.ml_rows_serialize, DESERIALFUNC = ecom.ml_rows_deserialize,
    FINALFUNC = ecom.kmeans_fit_final, PARALLEL = SAFE);
CREATE AGGREGATE ecom.kmeans_fit(features float8[], k int, seed int, max_iter int) (
    SFUNC = ecom.ml_kmeans_step, STYPE = internal, COMBINEFUNC = ecom.ml_rows_combine,
    SERIALFUNC = ecom.ml_rows_serialize, DESERIALFUNC = ecom.ml_rows_deserialize,
    FINALFUNC = ecom.kmeans_fit_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE ecom.kmeans_fit(float8[], int) IS
    'k-means clustering of the feature arrays into k clusters (seed 0, at most 300 Lloyd iterations); see ecom.kmeans_fit(float8[], int, int, int)';
COMMENT ON AGGREGATE ecom.kmeans_fit(float8[], int, int) IS
    'k-means clustering of the feature arrays into k clusters with k-means++ seeding from the given seed (at most 300 Lloyd iterations); see ecom.kmeans_fit(float8[], int, int, int)';
COMMENT ON AGGREGATE ecom.kmeans_fit(float8[], int, int, int) IS
    'k-means clustering: k-means++ seeding (deterministic for a seed), Lloyd iterations until no row changes cluster or max_iter. Returns jsonb {model: "kmeans", k, features, centres [[...] per cluster], sizes, inertia, silhouette, silhouette_rows, iterations, converged, rows, seed, initial_centres (the k-means++ start)}; silhouette is null and silhouette_rows 0 (like scikit-learn''s KMeans, a single fit skips the n^2 distances): ecom.kmeans_fit_best(features, k, k, seed) gives the silhouette of one k. Features are not scaled: standardize them first when their units differ. Rows with NULL features are skipped; k < 2 or k > rows, arrays of different lengths, NULL elements or NaN raise an error';

CREATE AGGREGATE ecom.kmeans_fit_best(features float8[], k_min int, k_max int) (
    SFUNC = ecom.ml_kmeans_step, STYPE = internal, COMBINEFUNC = ecom.ml_rows_combine,
    SERIALFUNC = ecom.ml_rows_serialize, DESERIALFUNC = ecom.ml_rows_deserialize,
    FINALFUNC = ecom.kmeans_fit_best_final, PARALLEL = SAFE);
CREATE AGGREGATE ecom.kmeans_fit_best(features float8[], k_min int, k_max int, seed int) (
    SFUNC = ecom.ml_kmeans_step, STYPE = internal, COMBINEFUNC = ecom.ml_rows_combine,
    SERIALFUNC = ecom.ml_rows_serialize, DESERIALFUNC = ecom.ml_rows_deserialize,
    FINALFUNC = ecom.kmeans_fit_best_final, PARALLEL = SAFE);
CREATE AGGREGATE ecom.kmeans_fit_best(features float8[], k_min int, k_max int, seed int, max_iter int) (
    SFUNC = ecom.ml_kmeans_step, STYPE = internal, COMBINEFUNC = ecom.ml_rows_combine,
    SERIALFUNC = ecom.ml_rows_serialize, DESERIALFUNC = ecom.ml_rows_deserialize,
    FINALFUNC = ecom.kmeans_fit_best_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE ecom.kmeans_fit_best(float8[], int, int) IS
    'k-means for every k in [k_min, k_max] (seed 0); returns the model with the highest silhouette, see ecom.kmeans_fit_best(float8[], int, int, int, int)';
COMMENT ON AGGREGATE ecom.kmeans_fit_best(float8[], int, int, int) IS
    'k-means for every k in [k_min, k_max] with the given seed; returns the model with the highest silhouette, see ecom.kmeans_fit_best(float8[], int, int, int, int)';
COMMENT ON AGGREGATE ecom.kmeans_fit_best(float8[], int, int, int, int) IS
    'Chooses k by silhouette: runs ecom.kmeans_fit for each k in [k_min, k_max] with the same seed and max_iter and returns the model with the highest mean silhouette (ties: the smaller k), with its silhouette and silhouette_rows and the extra member silhouette_by_k {"k": silhouette}; k_min = k_max gives the silhouette of one k. Silhouettes use all rows up to 10000, else the same seeded sample of 10000 rows for every k';

CREATE AGGREGATE ecom.logreg_fit(label int, features float8[]) (
    SFUNC = ecom.ml_logreg_step, STYPE = internal, COMBINEFUNC = ecom.ml_rows_combine,
    SERIALFUNC = ecom.ml_rows_serialize, DESERIALFUNC = ecom.ml_rows_deserialize,
    FINALFUNC = ecom.logreg_fit_final, PARALLEL = SAFE);
CREATE AGGREGATE ecom.logreg_fit(label int, features float8[], l2 float8) (
    SFUNC = ecom.ml_logreg_step, STYPE = internal, COMBINEFUNC = ecom.ml_rows_combine,
    SERIALFUNC = ecom.ml_rows_serialize, DESERIALFUNC = ecom.ml_rows_deserialize,
    FINALFUNC = ecom.logreg_fit_final, PARALLEL = SAFE);
CREATE AGGREGATE ecom.logreg_fit(label bool, features float8[]) (
    SFUNC = ecom.ml_logreg_step, STYPE = internal, COMBINEFUNC = ecom.ml_rows_combine,
    SERIALFUNC = ecom.ml_rows_serialize, DESERIALFUNC = ecom.ml_rows_deserialize,
    FINALFUNC = ecom.logreg_fit_final, PARALLEL = SAFE);
CREATE AGGREGATE ecom.logreg_fit(label bool, features float8[], l2 float8) (
    SFUNC = ecom.ml_logreg_step, STYPE = internal, COMBINEFUNC = ecom.ml_rows_combine,
    SERIALFUNC = ecom.ml_rows_serialize, DESERIALFUNC = ecom.ml_rows_deserialize,
    FINALFUNC = ecom.logreg_fit_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE ecom.logreg_fit(int, float8[]) IS
    'Unpenalized logistic regression of a 0/1 label on the features; see ecom.logreg_fit(int, float8[], float8)';
COMMENT ON AGGREGATE ecom.logreg_fit(int, float8[], float8) IS
    'Logistic regression P(label = 1) = 1 / (1 + exp(-(b0 + features . b))) by Newton''s method (IRLS), maximizing the log-likelihood minus l2/2 * |b|^2 (intercept not penalized). Returns jsonb {model: "logreg", features, coefficients [intercept, slopes...], std_errors, log_likelihood (unpenalized), auc (training rows), l2, iterations, converged, status, rows}. Perfect separation (without l2) or no convergence in 100 iterations give converged false with the reason in status, and ecom.logreg_predict refuses such a model. Rows with a NULL label or NULL features are skipped; labels other than 0/1, a single class, arrays of different lengths, NULL elements, NaN, l2 < 0 or collinear features (without l2) raise an error';
COMMENT ON AGGREGATE ecom.logreg_fit(bool, float8[]) IS
    'ecom.logreg_fit with a boolean label (true = 1), unpenalized';
COMMENT ON AGGREGATE ecom.logreg_fit(bool, float8[], float8) IS
    'ecom.logreg_fit with a boolean label (true = 1) and an L2 penalty';

CREATE FUNCTION ecom.kmeans_assign(model jsonb, features float8[]) RETURNS int
    AS 'MODULE_PATHNAME', 'kmeans_assign' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecom.kmeans_assign(jsonb, float8[]) IS
    'The cluster of a feature array under a model from ecom.kmeans_fit: the 0-based index of the nearest centre (model->''centres''->i), ties to the lower index';

CREATE FUNCTION ecom.logreg_predict(model jsonb, features float8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'logreg_predict' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecom.logreg_predict(jsonb, float8[]) IS
    'The probability that label = 1 for a feature array under a converged model from ecom.logreg_fit';
