-- Scoring views on the warehouse: CLV predictions, customer segments and churn risk. Each view scores
-- with the latest model of its name in ecom.models; the ecom.train_* functions fit those models on the
-- warehouse and store them (run them after ecom.run_etl(), e.g. nightly). Without a stored model a view
-- is empty. Customers are the non-guest members of ecom.dim_customer with at least one order that was
-- not cancelled; money is net revenue (ecom.fct_orders.net).

CREATE FUNCTION ecom.churn_days() RETURNS int
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $$
DECLARE
    setting text := btrim(coalesce(current_setting('ecom.churn_days', true), ''));
BEGIN
    IF setting = '' THEN
        RETURN 90;
    END IF;
    IF setting !~ '^[0-9]{1,4}$' OR setting::int NOT BETWEEN 1 AND 3650 THEN
        RAISE EXCEPTION 'ecom.churn_days must be an integer between 1 and 3650, got "%"', setting
            USING ERRCODE = '22023', HINT = 'SET ecom.churn_days = 90 (days without an order), or RESET it.';
    END IF;
    RETURN setting::int;
END
$$;
COMMENT ON FUNCTION ecom.churn_days() IS
    'Days without an order after which a customer counts as churned: the setting ecom.churn_days (SET ecom.churn_days = 60), 90 when unset; other values than an integer in [1, 3650] raise an error';

CREATE FUNCTION ecom.customer_features(as_of date)
    RETURNS TABLE (customer_key bigint, orders int, recency_days int, tenure_days int, net_total float8,
                   x int, t_x float8, t_cal float8, mean_spend float8)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    AS $$
    SELECT o.customer_key, count(*)::int, as_of - max(o.order_date), as_of - min(o.order_date),
           sum(o.net)::float8, (h).x, (h).t_x, (h).t_cal, (h).mean_spend
    FROM (SELECT customer_key, ecom.clv_summary(order_date, net::float8, as_of, 7) AS h
          FROM ecom.fct_orders
          WHERE customer_key <> 0 AND status <> 'cancelled' AND order_date <= as_of
          GROUP BY customer_key) AS c
    JOIN ecom.fct_orders AS o USING (customer_key)
    WHERE o.status <> 'cancelled' AND o.order_date <= as_of
    GROUP BY o.customer_key, c.h
    $$;
COMMENT ON FUNCTION ecom.customer_features(date) IS
    'Per customer with an order (not cancelled) by as_of: order count, days since the last and the first order, net revenue, and the CLV calibration summary in weeks (x repeat purchase days, t_x, t_cal, mean_spend of the repeat days) as ecom.clv_summary computes it';

CREATE FUNCTION ecom.warehouse_as_of() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (SELECT max(order_date) FROM ecom.fct_orders WHERE customer_key <> 0 AND status <> 'cancelled');
COMMENT ON FUNCTION ecom.warehouse_as_of() IS
    'The day of the latest customer order in the warehouse: the "today" of the training and scoring functions';

-- CLV.
CREATE FUNCTION ecom.train_clv_models(as_of date DEFAULT NULL) RETURNS jsonb
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    AS $$
DECLARE
    day date := coalesce(as_of, ecom.warehouse_as_of());
    purchase jsonb;
    spend jsonb;
BEGIN
    SELECT ecom.bgnbd_fit(f.x, f.t_x, f.t_cal), ecom.gamma_gamma_fit(f.x, f.mean_spend) INTO purchase, spend
    FROM ecom.customer_features(day) AS f;
    purchase := purchase || jsonb_build_object('as_of', day, 'unit_days', 7);
    spend := spend || jsonb_build_object('as_of', day);
    PERFORM ecom.store_model('clv_purchase', purchase);
    PERFORM ecom.store_model('clv_spend', spend);
    RETURN jsonb_build_object('clv_purchase', purchase, 'clv_spend', spend);
END
$$;
COMMENT ON FUNCTION ecom.train_clv_models(date) IS
    'Fits BG/NBD (purchases, weeks as the unit) and Gamma-Gamma (spend) on the warehouse customers as of a day (default: ecom.warehouse_as_of()) and stores them as the models clv_purchase and clv_spend; returns both';

CREATE VIEW ecom.clv_predictions AS
WITH m AS (SELECT ecom.latest_model('clv_purchase') AS purchase, ecom.latest_model('clv_spend') AS spend)
SELECT f.customer_key,
       ecom.bgnbd_p_alive(m.purchase, f.x, f.t_x, f.t_cal) AS p_alive,
       ecom.bgnbd_conditional_expected_purchases(m.purchase, 90 / 7.0, f.x, f.t_x, f.t_cal) AS expected_orders_90d,
       ecom.bgnbd_conditional_expected_purchases(m.purchase, 365 / 7.0, f.x, f.t_x, f.t_cal) AS expected_orders_365d,
       ecom.gamma_gamma_expected_spend(m.spend, f.x, f.mean_spend) AS expected_spend,
       ecom.clv(m.purchase, m.spend, f.x, f.t_x, f.t_cal, f.mean_spend) AS clv_12m
FROM m, ecom.customer_features((m.purchase ->> 'as_of')::date) AS f
WHERE m.purchase IS NOT NULL AND m.spend IS NOT NULL;
COMMENT ON VIEW ecom.clv_predictions IS
    'Per customer, from the latest clv_purchase (BG/NBD) and clv_spend (Gamma-Gamma) models (ecom.train_clv_models) and the customer''s history as of the models'' as_of day';
COMMENT ON COLUMN ecom.clv_predictions.customer_key IS 'Customer';
COMMENT ON COLUMN ecom.clv_predictions.p_alive IS 'Probability the customer is still active (BG/NBD)';
COMMENT ON COLUMN ecom.clv_predictions.expected_orders_90d IS 'Expected repeat order days in the next 90 days';
COMMENT ON COLUMN ecom.clv_predictions.expected_orders_365d IS 'Expected repeat order days in the next 365 days';
COMMENT ON COLUMN ecom.clv_predictions.expected_spend IS 'Expected net value of a future order day (Gamma-Gamma)';
COMMENT ON COLUMN ecom.clv_predictions.clv_12m IS 'Customer lifetime value over the next 12 months at 1% monthly discount (ecom.clv)';

-- Segments.
CREATE FUNCTION ecom.segment_features(recency_days int, orders int, net_total float8) RETURNS float8[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN ARRAY[recency_days::float8, ln(1 + orders), ln(1 + greatest(net_total, 0))];
COMMENT ON FUNCTION ecom.segment_features(int, int, float8) IS
    'The unscaled RFM features of the segmentation: recency in days, log(1 + orders), log(1 + net revenue)';

CREATE FUNCTION ecom.scale_features(features float8[], scaling jsonb) RETURNS float8[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN ARRAY(SELECT (f - (scaling -> 'mean' ->> (i - 1)::int)::float8) / (scaling -> 'sd' ->> (i - 1)::int)::float8
                 FROM unnest(features) WITH ORDINALITY AS u(f, i) ORDER BY i);
COMMENT ON FUNCTION ecom.scale_features(float8[], jsonb) IS
    'Standardizes features with {"mean": [...], "sd": [...]} (as stored by ecom.train_customer_segments)';

CREATE FUNCTION ecom.train_customer_segments(k_min int DEFAULT 2, k_max int DEFAULT 8, seed int DEFAULT 0,
                                             as_of date DEFAULT NULL) RETURNS jsonb
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    AS $$
DECLARE
    day date := coalesce(as_of, ecom.warehouse_as_of());
    scaling jsonb;
    model jsonb;
BEGIN
    SELECT jsonb_build_object('mean', jsonb_build_array(avg(v[1]), avg(v[2]), avg(v[3])),
                              'sd', jsonb_build_array(coalesce(nullif(stddev_samp(v[1]), 0), 1),
                                                      coalesce(nullif(stddev_samp(v[2]), 0), 1),
                                                      coalesce(nullif(stddev_samp(v[3]), 0), 1)))
    INTO scaling
    FROM (SELECT ecom.segment_features(f.recency_days, f.orders, f.net_total) AS v
          FROM ecom.customer_features(day) AS f) AS s;
    SELECT ecom.kmeans_fit_best(ecom.scale_features(ecom.segment_features(f.recency_days, f.orders, f.net_total),
                                                    scaling), k_min, k_max, seed)
    INTO model
    FROM ecom.customer_features(day) AS f;
    model := model || jsonb_build_object('as_of', day, 'scaling', scaling,
                                         'feature_names', jsonb_build_array('recency_days', 'log1p_orders', 'log1p_net'));
    PERFORM ecom.store_model('customer_segments', model);
    RETURN model;
END
$$;
COMMENT ON FUNCTION ecom.train_customer_segments(int, int, int, date) IS
    'Clusters the warehouse customers as of a day (default: ecom.warehouse_as_of()) by k-means on standardized RFM features (ecom.segment_features), k chosen by silhouette in [k_min, k_max], and stores the model (with its scaling) as customer_segments; returns it';

CREATE VIEW ecom.customer_segments AS
WITH m AS (SELECT ecom.latest_model('customer_segments') AS model),
scored AS (
    SELECT f.customer_key, f.recency_days, f.orders, f.net_total,
           ecom.kmeans_assign(m.model, ecom.scale_features(ecom.segment_features(f.recency_days, f.orders, f.net_total),
                                                           m.model -> 'scaling')) AS segment
    FROM m, ecom.customer_features((m.model ->> 'as_of')::date) AS f
    WHERE m.model IS NOT NULL)
SELECT customer_key, segment, recency_days, orders, net_total,
       count(*) OVER w AS segment_customers,
       avg(recency_days) OVER w AS segment_avg_recency_days,
       avg(orders) OVER w AS segment_avg_orders,
       avg(net_total) OVER w AS segment_avg_net_total
FROM scored
WINDOW w AS (PARTITION BY segment);
COMMENT ON VIEW ecom.customer_segments IS
    'Each customer''s k-means segment under the latest customer_segments model (ecom.train_customer_segments), with the profile of the segment';
COMMENT ON COLUMN ecom.customer_segments.customer_key IS 'Customer';
COMMENT ON COLUMN ecom.customer_segments.segment IS 'Segment: the 0-based index of the nearest k-means centre';
COMMENT ON COLUMN ecom.customer_segments.recency_days IS 'Days since the last order, as of the model''s day';
COMMENT ON COLUMN ecom.customer_segments.orders IS 'Orders (not cancelled) by the model''s day';
COMMENT ON COLUMN ecom.customer_segments.net_total IS 'Net revenue by the model''s day';
COMMENT ON COLUMN ecom.customer_segments.segment_customers IS 'Customers in the segment';
COMMENT ON COLUMN ecom.customer_segments.segment_avg_recency_days IS 'Mean recency of the segment';
COMMENT ON COLUMN ecom.customer_segments.segment_avg_orders IS 'Mean order count of the segment';
COMMENT ON COLUMN ecom.customer_segments.segment_avg_net_total IS 'Mean net revenue of the segment';

-- Churn.
CREATE FUNCTION ecom.churn_features(recency_days int, tenure_days int, orders int, net_total float8) RETURNS float8[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN ARRAY[recency_days / 30.0, tenure_days / 30.0, ln(1 + orders), ln(1 + greatest(net_total, 0))];
COMMENT ON FUNCTION ecom.churn_features(int, int, int, float8) IS
    'Features of the churn model: recency and tenure in 30-day months, log(1 + orders), log(1 + net revenue)';

CREATE FUNCTION ecom.train_churn_model(as_of date DEFAULT NULL, l2 float8 DEFAULT 0) RETURNS jsonb
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    AS $$
DECLARE
    day date := coalesce(as_of, ecom.warehouse_as_of());
    cutoff date := day - ecom.churn_days();
    model jsonb;
BEGIN
    SELECT ecom.logreg_fit(NOT EXISTS (SELECT 1 FROM ecom.fct_orders AS o
                                       WHERE o.customer_key = f.customer_key AND o.status <> 'cancelled'
                                         AND o.order_date > cutoff AND o.order_date <= day),
                           ecom.churn_features(f.recency_days, f.tenure_days, f.orders, f.net_total), l2)
    INTO model
    FROM ecom.customer_features(cutoff) AS f;
    model := model || jsonb_build_object('as_of', day, 'churn_days', day - cutoff,
                                         'feature_names', jsonb_build_array('recency_months', 'tenure_months',
                                                                            'log1p_orders', 'log1p_net'));
    PERFORM ecom.store_model('churn', model);
    RETURN model;
END
$$;
COMMENT ON FUNCTION ecom.train_churn_model(date, float8) IS
    'Trains the churn model: for customers with an order by as_of - ecom.churn_days() (as_of default: ecom.warehouse_as_of()), the label is "no order in the following ecom.churn_days() days" and the features (ecom.churn_features) are taken at that cutoff; fits ecom.logreg_fit with the given L2 penalty and stores the model as churn; returns it (check "converged")';

CREATE VIEW ecom.churn_risk AS
WITH m AS (SELECT ecom.latest_model('churn') AS model)
SELECT f.customer_key, f.recency_days, f.orders, f.net_total,
       ecom.logreg_predict(m.model, ecom.churn_features(f.recency_days, f.tenure_days, f.orders, f.net_total))
           AS churn_probability,
       (m.model ->> 'churn_days')::int AS churn_days
FROM m, ecom.customer_features((m.model ->> 'as_of')::date) AS f
WHERE m.model IS NOT NULL;
COMMENT ON VIEW ecom.churn_risk IS
    'Per customer, the probability of no order in the next churn_days days under the latest churn model (ecom.train_churn_model), from the history as of the model''s day';
COMMENT ON COLUMN ecom.churn_risk.customer_key IS 'Customer';
COMMENT ON COLUMN ecom.churn_risk.recency_days IS 'Days since the last order';
COMMENT ON COLUMN ecom.churn_risk.orders IS 'Orders (not cancelled)';
COMMENT ON COLUMN ecom.churn_risk.net_total IS 'Net revenue';
COMMENT ON COLUMN ecom.churn_risk.churn_probability IS 'Predicted probability of no order in the next churn_days days';
COMMENT ON COLUMN ecom.churn_risk.churn_days IS 'The churn window the model was trained with (ecom.churn_days() at training)';
