-- JSON API for applications and HTTP gateways (PostgREST calls them as /rpc/api_metrics_daily?from=..&to=..).
-- Each returns one jsonb document whose shape is fixed by a JSON Schema in docs/api/; money is an exact
-- JSON number (numeric), dates are ISO strings, a rate without a denominator is null.

-- Raises the API's invalid-argument error (22023) with a hint.
CREATE FUNCTION ecom._api_invalid(message text, hint text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
    RAISE EXCEPTION '%', message USING ERRCODE = 'invalid_parameter_value', HINT = hint;
END $$;
COMMENT ON FUNCTION ecom._api_invalid(text, text) IS 'Internal to the api_* functions: raises ERROR 22023 with the message and hint';

CREATE FUNCTION ecom.api_metrics_daily("from" date, "to" date) RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF "from" IS NULL OR "to" IS NULL THEN
        PERFORM ecom._api_invalid('ecom.api_metrics_daily: from and to must not be null', 'Pass both days, e.g. from => ''2024-01-01'', to => ''2024-01-31''.');
    ELSIF "from" > "to" THEN
        PERFORM ecom._api_invalid(format('ecom.api_metrics_daily: from (%s) is after to (%s)', "from", "to"),
                                  'Swap the two days: from is the first day of the range, to the last (both included).');
    ELSIF "to" >= "from" + interval '5 years' THEN
        PERFORM ecom._api_invalid(format('ecom.api_metrics_daily: range %s to %s is longer than 5 years', "from", "to"),
                                  'Ask for at most 5 years of days per call, or use ecom.metrics_monthly for long histories.');
    END IF;
    RETURN jsonb_build_object(
        'from', "from", 'to', "to", 'timezone', ecom.timezone(),
        'days', (SELECT jsonb_agg(to_jsonb(d) - 'period_end' - 'period_start' || jsonb_build_object('day', d.period_start)
                                  ORDER BY d.period_start)
                 FROM ecom.metrics_periods('day', "from", "to") AS d),
        'totals', (SELECT to_jsonb(t) - 'period_end' - 'period_start' FROM ecom.metrics_periods('range', "from", "to") AS t));
END $$;
COMMENT ON FUNCTION ecom.api_metrics_daily(date, date) IS
    'GET /metrics/daily: {from, to, timezone, days: [one object per day of [from, to], zeros included, with the columns of ecom.metrics_daily], totals: {the same over the whole range, customers distinct}} (shape: docs/api/metrics_daily.schema.json); from > to, a null day or a range of 5 years or more -> ERROR 22023';

CREATE FUNCTION ecom.api_ltv(days int) RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    as_of date;
BEGIN
    IF days IS NULL OR days NOT BETWEEN 1 AND 3650 THEN
        PERFORM ecom._api_invalid(format('ecom.api_ltv: days must be between 1 and 3650, not %s', coalesce(days::text, 'null')),
                                  'Pass the length of the value window in days, e.g. 90 or 365.');
    END IF;
    SELECT max(order_date) INTO as_of FROM ecom.fct_orders WHERE status <> 'cancelled';
    -- Cohort LTV computed in SQL from the warehouse (a native cohort aggregate may replace it).
    RETURN (
        WITH orders AS (
            SELECT o.customer_key, o.order_date, o.net FROM ecom.fct_orders AS o
            WHERE o.customer_key <> 0 AND o.status <> 'cancelled'),
        firsts AS (
            SELECT customer_key, min(order_date) AS first_day FROM orders GROUP BY customer_key),
        customer_value AS (
            SELECT f.customer_key, date_trunc('month', f.first_day::timestamp)::date AS cohort_month, f.first_day,
                   sum(o.net) FILTER (WHERE o.order_date < f.first_day + days) AS value
            FROM firsts AS f JOIN orders AS o USING (customer_key)
            GROUP BY f.customer_key, f.first_day),
        cohorts AS (
            SELECT cohort_month, count(*) AS customers, sum(value) AS revenue,
                   round(sum(value) / count(*), 2) AS ltv, max(first_day) + days - 1 <= as_of AS complete
            FROM customer_value GROUP BY cohort_month)
        SELECT jsonb_build_object(
            'days', days, 'as_of', as_of, 'timezone', ecom.timezone(),
            'cohorts', coalesce(jsonb_agg(jsonb_build_object('cohort_month', c.cohort_month, 'customers', c.customers,
                                                             'revenue', c.revenue, 'ltv', c.ltv, 'complete', c.complete)
                                          ORDER BY c.cohort_month), '[]'),
            'overall', jsonb_build_object(
                'customers', coalesce(sum(c.customers) FILTER (WHERE c.complete), 0),
                'ltv', round(sum(c.revenue) FILTER (WHERE c.complete) / sum(c.customers) FILTER (WHERE c.complete), 2)))
        FROM cohorts AS c);
END $$;
COMMENT ON FUNCTION ecom.api_ltv(int) IS
    'GET /ltv/{days}: {days, as_of, timezone, cohorts: [{cohort_month, customers, revenue, ltv, complete}], overall: {customers, ltv}}: net revenue of each acquisition cohort (month of the first order) in the first `days` days of every customer, per customer; complete = every customer of the cohort has been observed that long; overall over the complete cohorts (shape: docs/api/ltv.schema.json); days outside 1..3650 -> ERROR 22023';

CREATE FUNCTION ecom.api_inventory_alerts() RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN (
    SELECT jsonb_build_object(
        'as_of', (SELECT max(snapshot_date) FROM ecom.inventory_status),
        'count', count(a.sku),
        'alerts', coalesce(jsonb_agg(to_jsonb(a) ORDER BY a.shortfall DESC, a.sku) FILTER (WHERE a.sku IS NOT NULL), '[]'))
    FROM ecom.inventory_alerts AS a);
COMMENT ON FUNCTION ecom.api_inventory_alerts() IS
    'GET /inventory/alerts: {as_of, count, alerts: [the rows of ecom.inventory_alerts, largest shortfall first]} (shape: docs/api/inventory_alerts.schema.json)';
