-- Stored models: every fit a view scores with is a row of ecom.models; the latest row per name wins.

CREATE TABLE ecom.models (
    model_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL CHECK (name <> ''),
    kind       text NOT NULL CHECK (kind <> ''),
    trained_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    parameters jsonb NOT NULL CHECK (jsonb_typeof(parameters) = 'object'),
    summary    bytea
);
CREATE INDEX ON ecom.models (name, trained_at DESC, model_id DESC);
COMMENT ON TABLE ecom.models IS
    'Fitted models by name (history kept: the latest trained_at per name is the current model); written by ecom.store_model and the ecom.train_* functions, read by ecom.latest_model and the scoring views';
COMMENT ON COLUMN ecom.models.model_id IS 'Surrogate key (also orders models trained in the same instant)';
COMMENT ON COLUMN ecom.models.name IS 'Name the model is looked up by, e.g. churn, customer_segments, clv_purchase, clv_spend';
COMMENT ON COLUMN ecom.models.kind IS 'Model kind: the "model" field of the parameters (kmeans, logreg, bgnbd, pareto_nbd, gamma_gamma)';
COMMENT ON COLUMN ecom.models.trained_at IS 'When the model was stored';
COMMENT ON COLUMN ecom.models.parameters IS 'The jsonb returned by the fit aggregate, plus what the trainer adds (training window, feature scaling)';
COMMENT ON COLUMN ecom.models.summary IS 'Optional binary summary (for example an aggregate''s bytea state); NULL when the jsonb says everything, as for the models stored by the ecom.train_* functions';
SELECT pg_catalog.pg_extension_config_dump('ecom.models', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.models_model_id_seq', '');

CREATE FUNCTION ecom.store_model(name text, parameters jsonb, summary bytea DEFAULT NULL) RETURNS bigint
    LANGUAGE sql VOLATILE PARALLEL UNSAFE
    AS $$
    INSERT INTO ecom.models (name, kind, parameters, summary)
    VALUES ($1, coalesce($2 ->> 'model', 'unknown'), $2, $3)
    RETURNING model_id
    $$;
COMMENT ON FUNCTION ecom.store_model(text, jsonb, bytea) IS
    'Stores a fitted model (the jsonb of a fit aggregate, its "model" field giving the kind) under a name and returns its model_id; it becomes the latest model of that name';

CREATE FUNCTION ecom.latest_model(name text) RETURNS jsonb
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    RETURN (SELECT m.parameters FROM ecom.models AS m WHERE m.name = latest_model.name
            ORDER BY m.trained_at DESC, m.model_id DESC LIMIT 1);
COMMENT ON FUNCTION ecom.latest_model(text) IS
    'The parameters of the latest model stored under a name, or NULL when there is none';
