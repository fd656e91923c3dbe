-- ecom.run_etl(): one transaction that moves the staged rows above each table's watermark into the
-- warehouse. Every row read ends in exactly one outcome: inserted, updated, unchanged, deduplicated or
-- quarantined. The per-table work goes through temporary tables pg_temp.etl_<staging table> (dropped at commit).

-- Classifies a batch: `candidates` is a query over the new staged rows returning stg_id, ingested_at,
-- bkey (business key), rule (NULL = valid), stored (the key is in the warehouse), stored_ingested_at and
-- changed (attributes differ from the stored row), plus whatever the loader applies. The result is the
-- temporary table etl_<source_table> with an `outcome` column; rejected rows go to ecom.quarantine.
CREATE FUNCTION ecom._etl_stage(run bigint, source_table text, candidates text) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    batch text := 'etl_' || source_table;
BEGIN
    EXECUTE format('DROP TABLE IF EXISTS pg_temp.%I', batch);
    -- Among the versions of one key the valid one ingested last wins (stg_id breaks ties); a valid version
    -- ingested before the stored one is superseded. Both count as deduplicated.
    EXECUTE format($q$
        CREATE TEMP TABLE %I ON COMMIT DROP AS
        SELECT c.*, CASE WHEN c.rule IS NOT NULL THEN 'quarantined'
                         WHEN c.superseded OR c.version_rank > 1 THEN 'deduplicated'
                         WHEN NOT c.stored THEN 'inserted'
                         WHEN c.changed THEN 'updated'
                         ELSE 'unchanged' END AS outcome
        FROM (SELECT v.*, row_number() OVER (PARTITION BY v.bkey COLLATE "C"
                                             ORDER BY (v.rule IS NULL AND NOT v.superseded) DESC,
                                                      v.ingested_at DESC, v.stg_id DESC) AS version_rank
              FROM (SELECT y.*, coalesce(y.rule IS NULL AND y.ingested_at < y.stored_ingested_at, false) AS superseded
                    FROM (%s OFFSET 0) AS y) AS v) AS c$q$, batch, candidates);
    EXECUTE format('ANALYZE pg_temp.%I', batch);
    EXECUTE format($q$
        INSERT INTO ecom.quarantine (run_id, source_table, stg_id, rule, raw)
        SELECT %s, %L, s.stg_id, b.rule, to_jsonb(s)
        FROM pg_temp.%I AS b JOIN ecom.%I AS s USING (stg_id)
        WHERE b.outcome = 'quarantined'$q$, run, source_table, batch, source_table);
END $$;
COMMENT ON FUNCTION ecom._etl_stage(bigint, text, text) IS
    'Internal to ecom.run_etl(): classifies a batch of staged rows (quarantined, deduplicated, inserted, updated, unchanged) into pg_temp.etl_<source_table> and quarantines the rejected rows';

-- The counts of one batch as jsonb (read = the sum of the five outcomes by construction).
CREATE FUNCTION ecom._etl_stats(source_table text, after bigint) RETURNS jsonb
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result jsonb;
BEGIN
    EXECUTE format($q$
        SELECT jsonb_build_object('read', count(*),
                                  'inserted', count(*) FILTER (WHERE outcome = 'inserted'),
                                  'updated', count(*) FILTER (WHERE outcome = 'updated'),
                                  'unchanged', count(*) FILTER (WHERE outcome = 'unchanged'),
                                  'deduplicated', count(*) FILTER (WHERE outcome = 'deduplicated'),
                                  'quarantined', count(*) FILTER (WHERE outcome = 'quarantined'),
                                  'from_stg_id', %s + 1, 'to_stg_id', coalesce(max(stg_id), %s))
        FROM pg_temp.%I$q$, after, after, 'etl_' || source_table) INTO result;
    RETURN result;
END $$;
COMMENT ON FUNCTION ecom._etl_stats(text, bigint) IS
    'Internal to ecom.run_etl(): read / inserted / updated / unchanged / deduplicated / quarantined counts and the stg_id range of a batch';

-- Campaigns (type 1 dimension).
CREATE FUNCTION ecom._etl_load_campaigns(run bigint, after bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ecom._etl_stage(run, 'stg_campaigns', format($q$
        SELECT v.*, v.campaign_id AS bkey, d.campaign_key IS NOT NULL AS stored, d.source_ingested_at AS stored_ingested_at,
               (v.campaign_name, v.channel, v.start_date, v.end_date, v.spend, v.currency)
                   IS DISTINCT FROM (d.campaign_name, d.channel, d.start_date, d.end_date, d.spend, d.currency) AS changed
        FROM ecom.stg_campaigns_checked(%s) AS v LEFT JOIN ecom.dim_campaign AS d ON d.campaign_id = v.campaign_id$q$,
        after));
    INSERT INTO ecom.dim_campaign (campaign_id, campaign_name, channel, start_date, end_date, spend, currency, source_ingested_at)
    SELECT bkey, campaign_name, channel, start_date, end_date, spend, currency, ingested_at
    FROM etl_stg_campaigns WHERE outcome = 'inserted';
    UPDATE ecom.dim_campaign AS d
    SET campaign_name = b.campaign_name, channel = b.channel, start_date = b.start_date, end_date = b.end_date,
        spend = b.spend, currency = b.currency, source_ingested_at = b.ingested_at
    FROM etl_stg_campaigns AS b WHERE b.outcome = 'updated' AND d.campaign_id = b.bkey;
END $$;
COMMENT ON FUNCTION ecom._etl_load_campaigns(bigint, bigint) IS 'Internal to ecom.run_etl(): loads new staged campaigns into ecom.dim_campaign';

-- Adds the (country, region) pairs of applied rows of a batch to ecom.dim_geography.
CREATE FUNCTION ecom._etl_add_geography(batch text, country_column text, region_column text) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    EXECUTE format($q$
        INSERT INTO ecom.dim_geography (country, region)
        SELECT DISTINCT %I, %s FROM pg_temp.%I
        WHERE outcome IN ('inserted', 'updated') AND %I IS NOT NULL
        ON CONFLICT DO NOTHING$q$, country_column, coalesce(quote_ident(region_column), 'NULL::text'), batch, country_column);
END $$;
COMMENT ON FUNCTION ecom._etl_add_geography(text, text, text) IS 'Internal to ecom.run_etl(): adds missing countries and regions to ecom.dim_geography';

-- Customers (type 1 dimension; the latest version overwrites).
CREATE FUNCTION ecom._etl_load_customers(run bigint, after bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ecom._etl_stage(run, 'stg_customers', format($q$
        SELECT v.*, v.customer_id AS bkey, d.customer_key IS NOT NULL AS stored, d.source_ingested_at AS stored_ingested_at,
               (v.email, v.full_name, v.country, v.region, v.city, v.segment, v.signup_at, v.updated_at)
                   IS DISTINCT FROM (d.email, d.full_name, CASE WHEN d.geography_key <> 0 THEN g.country END, g.region,
                                     d.city, d.segment, d.signup_at, d.source_updated_at) AS changed
        FROM ecom.stg_customers_checked(%s) AS v
        LEFT JOIN ecom.dim_customer AS d ON d.customer_id = v.customer_id
        LEFT JOIN ecom.dim_geography AS g ON g.geography_key = d.geography_key$q$, after));
    PERFORM ecom._etl_add_geography('etl_stg_customers', 'country', 'region');
    INSERT INTO ecom.dim_customer (customer_id, email, full_name, geography_key, city, segment, signup_at,
                                   source_updated_at, source_ingested_at)
    SELECT b.bkey, b.email, b.full_name, coalesce(g.geography_key, 0), b.city, b.segment, b.signup_at, b.updated_at, b.ingested_at
    FROM etl_stg_customers AS b
    LEFT JOIN ecom.dim_geography AS g ON g.country = b.country AND coalesce(g.region, '') = coalesce(b.region, '')
    WHERE b.outcome = 'inserted'
    ORDER BY b.stg_id;  -- keys in staging order, whatever the plan
    UPDATE ecom.dim_customer AS d
    SET email = b.email, full_name = b.full_name, geography_key = coalesce(g.geography_key, 0), city = b.city,
        segment = b.segment, signup_at = b.signup_at, source_updated_at = b.updated_at, source_ingested_at = b.ingested_at
    FROM etl_stg_customers AS b
    LEFT JOIN ecom.dim_geography AS g ON g.country = b.country AND coalesce(g.region, '') = coalesce(b.region, '')
    WHERE b.outcome = 'updated' AND d.customer_id = b.bkey;
END $$;
COMMENT ON FUNCTION ecom._etl_load_customers(bigint, bigint) IS 'Internal to ecom.run_etl(): loads new staged customers into ecom.dim_customer';

-- Products (SCD type 2): the history of every SKU with a new valid observation is recomputed by the native
-- merge from all its valid staged observations, then dim_product is brought to it with the fewest changes
-- (matching versions keep their product_key) and the facts of those SKUs are re-pointed.
CREATE FUNCTION ecom._etl_load_products(run bigint, after bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ecom._etl_stage(run, 'stg_products', format($q$
        SELECT v.*, v.sku || '|' || v.effective_from::text AS bkey, false AS stored,
               NULL::timestamptz AS stored_ingested_at, NULL::boolean AS changed
        FROM ecom.stg_products_checked(%s) AS v$q$, after));

    DROP TABLE IF EXISTS etl_product_skus, etl_product_observations, etl_product_history;
    CREATE TEMP TABLE etl_product_skus ON COMMIT DROP AS
    SELECT DISTINCT sku FROM etl_stg_products WHERE outcome = 'inserted';
    -- Every valid observation of those SKUs ever staged, in ingestion order (the merge's tie-break).
    CREATE TEMP TABLE etl_product_observations ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY v.ingested_at, v.stg_id)::int AS position, v.*
    FROM ecom.stg_products_checked AS v
    WHERE v.sku IN (SELECT sku FROM etl_product_skus) AND v.rule IS NULL
      AND NOT EXISTS (SELECT FROM ecom.quarantine AS q WHERE q.source_table = 'stg_products' AND q.stg_id = v.stg_id);
    CREATE TEMP TABLE etl_product_history ON COMMIT DROP AS
    SELECT h.key AS sku, h.valid_from, h.valid_to, h.attributes, o.stg_id AS source_stg_id,
           o.product_name, o.category, o.brand, o.price, o.cost, o.currency, o.active,
           p.product_key AS old_product_key,
           jsonb_build_object('product_name', p.product_name, 'category', p.category, 'brand', p.brand,
                              'price', trim_scale(p.price), 'cost', trim_scale(p.cost), 'currency', p.currency,
                              'active', p.active) AS old_attributes
    FROM (SELECT array_agg(sku ORDER BY position) AS k, array_agg(effective_from ORDER BY position) AS t,
                 array_agg(attributes ORDER BY position) AS a
          FROM etl_product_observations) AS arrays
    CROSS JOIN LATERAL ecom.scd2_merge(arrays.k, arrays.t, arrays.a) AS h
    JOIN etl_product_observations AS o ON o.position = h.source
    LEFT JOIN ecom.dim_product AS p ON p.sku = h.key AND p.valid_from = h.valid_from;

    -- Outcome of each new observation: it starts a new version (inserted), corrects the attributes of a
    -- version starting at the same time (updated), or repeats what the history already says (unchanged).
    UPDATE etl_stg_products AS b
    SET outcome = CASE WHEN h.old_product_key IS NULL THEN 'inserted'
                       WHEN h.attributes <> h.old_attributes THEN 'updated'
                       ELSE 'unchanged' END
    FROM etl_product_history AS h
    WHERE b.outcome = 'inserted' AND h.source_stg_id = b.stg_id;
    UPDATE etl_stg_products AS b SET outcome = 'unchanged'
    WHERE b.outcome = 'inserted' AND NOT EXISTS (SELECT FROM etl_product_history AS h WHERE h.source_stg_id = b.stg_id);

    -- Bring dim_product to the new history: drop versions that no longer exist (their facts are re-pointed
    -- below; the foreign keys are deferred), close, then open, then insert.
    DELETE FROM ecom.dim_product AS p
    WHERE p.sku IN (SELECT sku FROM etl_product_skus)
      AND NOT EXISTS (SELECT FROM etl_product_history AS h WHERE h.old_product_key = p.product_key);
    UPDATE ecom.dim_product AS p
    SET valid_to = h.valid_to, is_current = h.valid_to IS NULL, product_name = h.product_name, category = h.category,
        brand = h.brand, price = h.price, cost = h.cost, currency = h.currency, active = h.active
    FROM etl_product_history AS h
    WHERE h.old_product_key = p.product_key AND h.valid_to IS NOT NULL
      AND (p.valid_to IS DISTINCT FROM h.valid_to OR h.attributes <> h.old_attributes);
    UPDATE ecom.dim_product AS p
    SET valid_to = NULL, is_current = true, product_name = h.product_name, category = h.category,
        brand = h.brand, price = h.price, cost = h.cost, currency = h.currency, active = h.active
    FROM etl_product_history AS h
    WHERE h.old_product_key = p.product_key AND h.valid_to IS NULL
      AND (p.valid_to IS NOT NULL OR h.attributes <> h.old_attributes);
    INSERT INTO ecom.dim_product (sku, product_name, category, brand, price, cost, currency, active,
                                  valid_from, valid_to, is_current)
    SELECT sku, product_name, category, brand, price, cost, currency, active, valid_from, valid_to, valid_to IS NULL
    FROM etl_product_history WHERE old_product_key IS NULL;

    -- Facts of those SKUs point at the version valid at their time.
    UPDATE ecom.fct_order_items AS i SET product_key = r.product_key, is_merchandise = r.is_merchandise
    FROM ecom.fct_orders AS o, ecom.product_version_ranges AS r
    WHERE i.sku IN (SELECT sku FROM etl_product_skus) AND o.order_key = i.order_key AND r.sku = i.sku
      AND o.created_at >= r.range_from AND o.created_at < r.range_to
      AND (i.product_key, i.is_merchandise) IS DISTINCT FROM (r.product_key, r.is_merchandise);
    UPDATE ecom.fct_returns AS f SET product_key = r.product_key
    FROM ecom.product_version_ranges AS r
    WHERE f.sku IN (SELECT sku FROM etl_product_skus) AND r.sku = f.sku
      AND f.returned_at >= r.range_from AND f.returned_at < r.range_to AND f.product_key <> r.product_key;
    UPDATE ecom.fct_inventory_daily AS f SET product_key = r.product_key
    FROM ecom.product_version_ranges AS r
    WHERE f.sku IN (SELECT sku FROM etl_product_skus) AND r.sku = f.sku
      AND f.snapshot_date::timestamptz >= r.range_from AND f.snapshot_date::timestamptz < r.range_to
      AND f.product_key <> r.product_key;
    UPDATE ecom.fct_events AS f SET product_key = r.product_key
    FROM ecom.product_version_ranges AS r
    WHERE f.sku IN (SELECT sku FROM etl_product_skus) AND r.sku = f.sku
      AND f.event_ts >= r.range_from AND f.event_ts < r.range_to AND f.product_key <> r.product_key;
END $$;
COMMENT ON FUNCTION ecom._etl_load_products(bigint, bigint) IS
    'Internal to ecom.run_etl(): merges new staged product observations into the SCD-2 ecom.dim_product with ecom.scd2_merge()';

-- Orders: versions of an order go forward in the flow; a version going backwards is quarantined.
CREATE FUNCTION ecom._etl_load_orders(run bigint, after bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- A valid version is backwards when its status rank is below the stored version's or below that of a
    -- valid version of the same order staged before it in this batch.
    PERFORM ecom._etl_stage(run, 'stg_orders', format($q$
        SELECT x.stg_id, x.ingested_at, x.bkey, x.customer_key, x.status, x.created_at, x.paid_at, x.fulfilled_at,
               x.delivered_at, x.cancelled_at, x.discount, x.shipping, x.tax, x.currency, x.campaign_key, x.ship_country,
               x.stored, x.stored_ingested_at, x.stored_order_date, x.stored_customer_key, x.changed,
               coalesce(x.static_rule,
                        CASE WHEN NOT x.older AND x.status_rank < greatest(x.stored_rank, max(x.status_rank)
                                  FILTER (WHERE x.static_rule IS NULL AND NOT x.older)
                                  OVER (PARTITION BY x.bkey COLLATE "C" ORDER BY x.ingested_at, x.stg_id
                                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING))
                             THEN 'status:backwards' END) AS rule
        FROM (SELECT v.*, v.order_id AS bkey, v.rule AS static_rule, f.order_key IS NOT NULL AS stored,
                     f.source_ingested_at AS stored_ingested_at, f.order_date AS stored_order_date,
                     f.customer_key AS stored_customer_key,
                     ecom.order_status_rank(f.status) AS stored_rank,
                     coalesce(v.ingested_at < f.source_ingested_at, false) AS older,
                     (v.customer_key, v.status, v.created_at, v.paid_at, v.fulfilled_at, v.delivered_at, v.cancelled_at,
                      v.discount, v.shipping, v.tax, v.currency, v.campaign_key, v.ship_country)
                         IS DISTINCT FROM (f.customer_key, f.status, f.created_at, f.paid_at, f.fulfilled_at, f.delivered_at,
                                           f.cancelled_at, f.discount, f.shipping, f.tax, f.currency, f.campaign_key,
                                           CASE WHEN f.geography_key <> 0 THEN g.country END) AS changed
              FROM ecom.stg_orders_checked(%s) AS v
              LEFT JOIN ecom.fct_orders AS f ON f.order_id = v.order_id
              LEFT JOIN ecom.dim_geography AS g ON g.geography_key = f.geography_key
              OFFSET 0) AS x$q$, after));
    PERFORM ecom.extend_dim_date(min(created_at)::date, max(created_at)::date)
    FROM etl_stg_orders WHERE outcome IN ('inserted', 'updated');
    PERFORM ecom._etl_add_geography('etl_stg_orders', 'ship_country', NULL);
    INSERT INTO ecom.fct_orders (order_id, customer_key, order_date, status, created_at, paid_at, fulfilled_at, delivered_at,
                                 cancelled_at, campaign_key, geography_key, currency, discount, shipping, tax,
                                 source_ingested_at, source_stg_id)
    SELECT b.bkey, b.customer_key, b.created_at::date, b.status, b.created_at, b.paid_at, b.fulfilled_at, b.delivered_at,
           b.cancelled_at, b.campaign_key, coalesce(g.geography_key, 0), b.currency, b.discount, b.shipping, b.tax,
           b.ingested_at, b.stg_id
    FROM etl_stg_orders AS b LEFT JOIN ecom.dim_geography AS g ON g.country = b.ship_country AND g.region IS NULL
    WHERE b.outcome = 'inserted'
    ORDER BY b.stg_id;  -- keys in staging order, whatever the plan
    UPDATE ecom.fct_orders AS f
    SET customer_key = b.customer_key, order_date = b.created_at::date, status = b.status, created_at = b.created_at,
        paid_at = b.paid_at, fulfilled_at = b.fulfilled_at, delivered_at = b.delivered_at, cancelled_at = b.cancelled_at,
        campaign_key = b.campaign_key, geography_key = coalesce(g.geography_key, 0), currency = b.currency,
        discount = b.discount, shipping = b.shipping, tax = b.tax, source_ingested_at = b.ingested_at, source_stg_id = b.stg_id
    FROM etl_stg_orders AS b LEFT JOIN ecom.dim_geography AS g ON g.country = b.ship_country AND g.region IS NULL
    WHERE b.outcome = 'updated' AND f.order_id = b.bkey;
    INSERT INTO etl_touched_orders
    SELECT f.order_key FROM etl_stg_orders AS b JOIN ecom.fct_orders AS f ON f.order_id = b.bkey
    WHERE b.outcome IN ('inserted', 'updated');
    INSERT INTO etl_touched_dates SELECT stored_order_date FROM etl_stg_orders WHERE outcome = 'updated';
    INSERT INTO etl_touched_customers SELECT stored_customer_key FROM etl_stg_orders
    WHERE outcome = 'updated' AND stored_customer_key <> customer_key;
END $$;
COMMENT ON FUNCTION ecom._etl_load_orders(bigint, bigint) IS 'Internal to ecom.run_etl(): loads new staged order versions into ecom.fct_orders';

-- Order lines.
CREATE FUNCTION ecom._etl_load_order_items(run bigint, after bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ecom._etl_stage(run, 'stg_order_items', format($q$
        SELECT v.*, v.order_id || '|' || v.line_number AS bkey, i.order_item_key IS NOT NULL AS stored,
               i.source_ingested_at AS stored_ingested_at,
               (v.sku, v.quantity, v.unit_price) IS DISTINCT FROM (i.sku, i.quantity, i.unit_price) AS changed
        FROM ecom.stg_order_items_checked(%s) AS v
        LEFT JOIN ecom.fct_order_items AS i ON i.order_key = v.order_key AND i.line_number = v.line_number$q$, after));
    -- In (order_key, line_number) order: the lines append to that index instead of scattering, and a first load
    -- lays the table out in order_key order, which keeps the index plans of later runs' order totals (a bulk
    -- first load without this sort made the next 1% run's totals step 6x slower: the planner chose a full scan).
    INSERT INTO ecom.fct_order_items (order_key, line_number, product_key, sku, quantity, unit_price, is_merchandise,
                                      source_ingested_at, source_stg_id)
    SELECT order_key, line_number, product_key, sku, quantity, unit_price, is_merchandise, ingested_at, stg_id
    FROM etl_stg_order_items WHERE outcome = 'inserted'
    ORDER BY order_key, line_number;
    UPDATE ecom.fct_order_items AS i
    SET product_key = b.product_key, sku = b.sku, quantity = b.quantity, unit_price = b.unit_price,
        is_merchandise = b.is_merchandise, source_ingested_at = b.ingested_at, source_stg_id = b.stg_id
    FROM etl_stg_order_items AS b
    WHERE b.outcome = 'updated' AND i.order_key = b.order_key AND i.line_number = b.line_number;
    INSERT INTO etl_touched_orders SELECT DISTINCT order_key FROM etl_stg_order_items WHERE outcome IN ('inserted', 'updated');
END $$;
COMMENT ON FUNCTION ecom._etl_load_order_items(bigint, bigint) IS 'Internal to ecom.run_etl(): loads new staged order lines into ecom.fct_order_items';

-- Returns, with the refund decision.
CREATE FUNCTION ecom._etl_load_returns(run bigint, after bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ecom._etl_stage(run, 'stg_returns', format($q$
        SELECT v.*, v.return_id AS bkey, f.return_key IS NOT NULL AS stored, f.source_ingested_at AS stored_ingested_at,
               f.return_date AS stored_return_date, f.order_key AS stored_order_key,
               (v.order_key, v.sku, v.quantity, v.amount, v.returned_at, v.reason, v.refunded)
                   IS DISTINCT FROM (f.order_key, f.sku, f.quantity, f.amount, f.returned_at, f.reason, f.refunded) AS changed
        FROM ecom.stg_returns_checked(%s) AS v LEFT JOIN ecom.fct_returns AS f ON f.return_id = v.return_id$q$,
        after));
    PERFORM ecom.extend_dim_date(min(returned_at)::date, max(returned_at)::date)
    FROM etl_stg_returns WHERE outcome IN ('inserted', 'updated');
    INSERT INTO ecom.fct_returns (return_id, order_key, product_key, sku, return_date, returned_at, quantity, amount,
                                  refunded, reason, source_ingested_at, source_stg_id)
    SELECT bkey, order_key, product_key, sku, returned_at::date, returned_at, quantity, amount, refunded, reason,
           ingested_at, stg_id
    FROM etl_stg_returns WHERE outcome = 'inserted';
    UPDATE ecom.fct_returns AS f
    SET order_key = b.order_key, product_key = b.product_key, sku = b.sku, return_date = b.returned_at::date,
        returned_at = b.returned_at, quantity = b.quantity, amount = b.amount, refunded = b.refunded, reason = b.reason,
        source_ingested_at = b.ingested_at, source_stg_id = b.stg_id
    FROM etl_stg_returns AS b WHERE b.outcome = 'updated' AND f.return_id = b.bkey;
    INSERT INTO etl_touched_orders
    SELECT k FROM etl_stg_returns, LATERAL (VALUES (order_key), (stored_order_key)) AS o(k)
    WHERE outcome IN ('inserted', 'updated') AND k IS NOT NULL;
    INSERT INTO etl_touched_dates
    SELECT d FROM etl_stg_returns, LATERAL (VALUES (returned_at::date), (stored_return_date)) AS r(d)
    WHERE outcome IN ('inserted', 'updated') AND d IS NOT NULL;
END $$;
COMMENT ON FUNCTION ecom._etl_load_returns(bigint, bigint) IS 'Internal to ecom.run_etl(): loads new staged returns into ecom.fct_returns';

-- Daily inventory snapshots.
CREATE FUNCTION ecom._etl_load_inventory(run bigint, after bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ecom._etl_stage(run, 'stg_inventory', format($q$
        SELECT v.*, v.sku || '|' || v.snapshot_date AS bkey, f.sku IS NOT NULL AS stored,
               f.source_ingested_at AS stored_ingested_at,
               (v.on_hand, v.allocated, v.reorder_point) IS DISTINCT FROM (f.on_hand, f.allocated, f.reorder_point) AS changed
        FROM ecom.stg_inventory_checked(%s) AS v
        LEFT JOIN ecom.fct_inventory_daily AS f ON f.sku = v.sku AND f.snapshot_date = v.snapshot_date$q$, after));
    PERFORM ecom.extend_dim_date(min(snapshot_date), max(snapshot_date))
    FROM etl_stg_inventory WHERE outcome IN ('inserted', 'updated');
    INSERT INTO ecom.fct_inventory_daily (sku, snapshot_date, product_key, on_hand, allocated, reorder_point,
                                          source_ingested_at, source_stg_id)
    SELECT sku, snapshot_date, product_key, on_hand, allocated, reorder_point, ingested_at, stg_id
    FROM etl_stg_inventory WHERE outcome = 'inserted';
    UPDATE ecom.fct_inventory_daily AS f
    SET product_key = b.product_key, on_hand = b.on_hand, allocated = b.allocated, reorder_point = b.reorder_point,
        source_ingested_at = b.ingested_at, source_stg_id = b.stg_id
    FROM etl_stg_inventory AS b
    WHERE b.outcome = 'updated' AND f.sku = b.sku AND f.snapshot_date = b.snapshot_date;
END $$;
COMMENT ON FUNCTION ecom._etl_load_inventory(bigint, bigint) IS 'Internal to ecom.run_etl(): loads new staged inventory snapshots into ecom.fct_inventory_daily';

-- Storefront events.
CREATE FUNCTION ecom._etl_load_events(run bigint, after bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ecom._etl_stage(run, 'stg_events', format($q$
        SELECT v.*, v.event_id AS bkey, f.event_key IS NOT NULL AS stored, f.source_ingested_at AS stored_ingested_at,
               (v.session_id, v.customer_key, v.event_ts, v.event_type, v.sku, v.campaign_key, v.order_id)
                   IS DISTINCT FROM (f.session_id, f.customer_key, f.event_ts, f.event_type, f.sku, f.campaign_key,
                                     f.order_id) AS changed
        FROM ecom.stg_events_checked(%s) AS v LEFT JOIN ecom.fct_events AS f ON f.event_id = v.event_id$q$,
        after));
    PERFORM ecom.extend_dim_date(min(event_ts)::date, max(event_ts)::date)
    FROM etl_stg_events WHERE outcome IN ('inserted', 'updated');
    INSERT INTO ecom.fct_events (event_id, session_id, customer_key, event_date, event_ts, event_type, sku, product_key,
                                 campaign_key, order_id, source_ingested_at, source_stg_id)
    SELECT bkey, session_id, customer_key, event_ts::date, event_ts, event_type, sku, product_key, campaign_key, order_id,
           ingested_at, stg_id
    FROM etl_stg_events WHERE outcome = 'inserted';
    UPDATE ecom.fct_events AS f
    SET session_id = b.session_id, customer_key = b.customer_key, event_date = b.event_ts::date, event_ts = b.event_ts,
        event_type = b.event_type, sku = b.sku, product_key = b.product_key, campaign_key = b.campaign_key,
        order_id = b.order_id, source_ingested_at = b.ingested_at, source_stg_id = b.stg_id
    FROM etl_stg_events AS b WHERE b.outcome = 'updated' AND f.event_id = b.bkey;
END $$;
COMMENT ON FUNCTION ecom._etl_load_events(bigint, bigint) IS 'Internal to ecom.run_etl(): loads new staged events into ecom.fct_events';

-- Keeps the derived columns and facts current for the orders and days the run touched (bulk: the run is on
-- the bulk path, so an empty derived fact may build its indexes after loading).
CREATE FUNCTION ecom._etl_refresh_derived(bulk boolean) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM etl_touched_orders) AND NOT EXISTS (SELECT FROM etl_touched_dates) THEN
        RETURN;
    END IF;
    DROP TABLE IF EXISTS etl_orders_to_refresh;
    CREATE TEMP TABLE etl_orders_to_refresh ON COMMIT DROP AS SELECT DISTINCT order_key FROM etl_touched_orders;
    ANALYZE etl_orders_to_refresh;
    -- A changed delivery time moves the refund window of the order's earlier returns.
    UPDATE ecom.fct_returns AS r
    SET refunded = r.returned_at <= coalesce(o.delivered_at, o.created_at) + make_interval(days => ecom.refund_window_days())
    FROM ecom.fct_orders AS o
    WHERE o.order_key IN (SELECT order_key FROM etl_orders_to_refresh) AND r.order_key = o.order_key
      AND r.refunded <> (r.returned_at <= coalesce(o.delivered_at, o.created_at) + make_interval(days => ecom.refund_window_days()));
    UPDATE ecom.fct_orders AS o
    SET items = a.items, units = a.units, gross = a.gross, adjustments = a.adjustments, refunds = a.refunds
    FROM (SELECT t.order_key, coalesce(l.items, 0) AS items, coalesce(l.units, 0) AS units, coalesce(l.gross, 0) AS gross,
                 coalesce(l.adjustments, 0) AS adjustments, coalesce(r.refunds, 0) AS refunds
          FROM etl_orders_to_refresh AS t
          LEFT JOIN (SELECT i.order_key, count(*) FILTER (WHERE i.is_merchandise) AS items,
                            sum(i.quantity) FILTER (WHERE i.is_merchandise) AS units,
                            sum(i.gross) FILTER (WHERE i.is_merchandise) AS gross,
                            sum(i.gross) FILTER (WHERE NOT i.is_merchandise) AS adjustments
                     FROM etl_orders_to_refresh AS k JOIN ecom.fct_order_items AS i USING (order_key)
                     GROUP BY i.order_key) AS l USING (order_key)
          LEFT JOIN (SELECT f.order_key, sum(f.refund_amount) AS refunds
                     FROM etl_orders_to_refresh AS k JOIN ecom.fct_returns AS f USING (order_key)
                     GROUP BY f.order_key) AS r USING (order_key)) AS a
    WHERE o.order_key = a.order_key
      AND (o.items, o.units, o.gross, o.adjustments, o.refunds) IS DISTINCT FROM (a.items, a.units, a.gross, a.adjustments, a.refunds);

    -- First order of the customers concerned, including those an updated order moved away from
    -- (cancelled orders do not count); the days of the old and the new first order change their new /
    -- repeat customer counts.
    INSERT INTO etl_touched_customers
    SELECT f.customer_key FROM ecom.fct_orders AS f WHERE f.order_key IN (SELECT order_key FROM etl_orders_to_refresh);
    WITH changed AS (
        UPDATE ecom.dim_customer AS c SET first_order_at = m.first_order_at
        FROM (SELECT t.customer_key, min(o.created_at) FILTER (WHERE o.status <> 'cancelled') AS first_order_at
              FROM (SELECT DISTINCT customer_key FROM etl_touched_customers WHERE customer_key <> 0) AS t
              LEFT JOIN ecom.fct_orders AS o USING (customer_key)
              GROUP BY t.customer_key) AS m,
             ecom.dim_customer AS old
        WHERE c.customer_key = m.customer_key AND old.customer_key = m.customer_key
          AND c.first_order_at IS DISTINCT FROM m.first_order_at
        RETURNING old.first_order_at AS old_first, m.first_order_at AS new_first)
    INSERT INTO etl_touched_dates
    SELECT d FROM changed, LATERAL (VALUES (old_first::date), (new_first::date)) AS v(d) WHERE d IS NOT NULL;

    -- Daily revenue of every day touched: sales by order day, refunds by return day.
    INSERT INTO etl_touched_dates
    SELECT o.order_date FROM ecom.fct_orders AS o WHERE o.order_key IN (SELECT order_key FROM etl_orders_to_refresh)
    UNION
    SELECT r.return_date FROM ecom.fct_returns AS r WHERE r.order_key IN (SELECT order_key FROM etl_orders_to_refresh);
    DELETE FROM ecom.fct_revenue_daily WHERE date_key IN (SELECT d FROM etl_touched_dates);
    INSERT INTO ecom.fct_revenue_daily (date_key, orders, customers, units, gross, discount, refunds, shipping, tax, returns,
                                        new_customers, repeat_customers, returned_units, returned_orders)
    SELECT d.d, coalesce(s.orders, 0), coalesce(s.customers, 0), coalesce(s.units, 0), coalesce(s.gross, 0),
           coalesce(s.discount, 0), coalesce(r.refunds, 0), coalesce(s.shipping, 0), coalesce(s.tax, 0), coalesce(r.returns, 0),
           coalesce(s.new_customers, 0), coalesce(s.repeat_customers, 0), coalesce(r.returned_units, 0),
           coalesce(r.returned_orders, 0)
    FROM (SELECT DISTINCT d FROM etl_touched_dates) AS d
    LEFT JOIN (SELECT o.order_date, count(*) AS orders, count(DISTINCT o.customer_key) AS customers, sum(o.units) AS units,
                      sum(o.gross) AS gross, sum(o.discount) AS discount, sum(o.shipping) AS shipping, sum(o.tax) AS tax,
                      count(DISTINCT o.customer_key) FILTER (WHERE c.first_order_at::date = o.order_date) AS new_customers,
                      count(DISTINCT o.customer_key) FILTER (WHERE c.first_order_at::date < o.order_date) AS repeat_customers
               FROM ecom.fct_orders AS o JOIN ecom.dim_customer AS c ON c.customer_key = o.customer_key
               WHERE o.order_date IN (SELECT d FROM etl_touched_dates) AND o.status <> 'cancelled'
               GROUP BY o.order_date) AS s ON s.order_date = d.d
    LEFT JOIN (SELECT f.return_date, sum(f.refund_amount) AS refunds, count(*) AS returns, sum(f.quantity) AS returned_units,
                      count(DISTINCT f.order_key) + count(*) FILTER (WHERE f.order_key IS NULL) AS returned_orders
               FROM ecom.fct_returns AS f WHERE f.return_date IN (SELECT d FROM etl_touched_dates)
               GROUP BY f.return_date) AS r ON r.return_date = d.d
    WHERE s.order_date IS NOT NULL OR r.return_date IS NOT NULL;
    PERFORM ecom._etl_refresh_sku_sales_daily(bulk);

    -- Cohort lifetime value, rebuilt whole (a few thousand rows at most) when any order changed. A customer's
    -- cohort is the month of dim_customer.first_order_at (kept current just above); the cohort size is the
    -- number of its customers active in month 0, which every member is by definition.
    DELETE FROM ecom.fct_cohort_ltv;
    INSERT INTO ecom.fct_cohort_ltv (cohort_month, months_since, cohort_size, active_customers, net, cumulative_net, ltv)
    WITH monthly AS (
        SELECT o.customer_key, date_trunc('month', o.created_at)::date AS order_month, sum(o.net) AS net
        FROM ecom.fct_orders AS o WHERE o.customer_key <> 0 AND o.status <> 'cancelled'
        GROUP BY 1, 2),
    activity AS (
        SELECT date_trunc('month', c.first_order_at)::date AS cohort_month, m.order_month,
               count(*) AS active_customers, sum(m.net) AS net
        FROM monthly AS m JOIN ecom.dim_customer AS c USING (customer_key)
        GROUP BY 1, 2),
    grid AS (
        SELECT a.cohort_month, a.active_customers AS cohort_size, s.months_since
        FROM activity AS a, (SELECT max(order_month) AS last_month FROM activity) AS l,
             LATERAL generate_series(0, ((extract(year FROM l.last_month) - extract(year FROM a.cohort_month)) * 12
                                         + extract(month FROM l.last_month) - extract(month FROM a.cohort_month))::int)
                 AS s(months_since)
        WHERE a.order_month = a.cohort_month)
    SELECT g.cohort_month, g.months_since, g.cohort_size, coalesce(a.active_customers, 0), coalesce(a.net, 0),
           sum(coalesce(a.net, 0)) OVER w,
           round(sum(coalesce(a.net, 0)) OVER w / g.cohort_size, 4)
    FROM grid AS g
    LEFT JOIN activity AS a ON a.cohort_month = g.cohort_month
                           AND a.order_month = (g.cohort_month + make_interval(months => g.months_since))::date
    WINDOW w AS (PARTITION BY g.cohort_month ORDER BY g.months_since);
END $$;
COMMENT ON FUNCTION ecom._etl_refresh_derived(boolean) IS
    'Internal to ecom.run_etl(): recomputes order totals, refund decisions, first orders, ecom.fct_revenue_daily, ecom.fct_sku_sales_daily and ecom.fct_cohort_ltv for what the run touched';

-- Whether a run takes the bulk path: at least ecom.bulk_load_rows new staged rows, and at least a quarter of the
-- staged rows earlier runs consumed (the size of the warehouse, known exactly and without a scan from the
-- watermarks), so one anti-join per foreign key over whole tables costs no more than the batch. A setting of 0
-- takes the bulk path for every run that reads rows.
CREATE FUNCTION ecom._etl_is_bulk(sources text[]) RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    source text;
    newest bigint;
    waiting bigint := 0;
    consumed bigint := 0;
    watermark bigint;
BEGIN
    FOREACH source IN ARRAY sources LOOP
        EXECUTE format('SELECT coalesce(max(stg_id), 0) FROM ecom.%I', source) INTO newest;
        watermark := coalesce((SELECT w.last_stg_id FROM ecom.etl_watermarks AS w WHERE w.source_table = source), 0);
        waiting := waiting + greatest(newest - watermark, 0);
        consumed := consumed + watermark;
    END LOOP;
    RETURN waiting > 0 AND (ecom.bulk_load_rows() = 0 OR (waiting >= ecom.bulk_load_rows() AND waiting >= consumed / 4));
END $$;
COMMENT ON FUNCTION ecom._etl_is_bulk(text[]) IS
    'Internal to ecom.run_etl(): true when the staged rows above the watermarks call for the bulk path (at least ecom.bulk_load_rows, and a quarter of the rows consumed before)';

-- Checks every foreign key from or to a table of schema ecom with one anti-join per constraint: the bulk path
-- loads with the per-row checks off and calls this before commit. An orphan aborts the run.
CREATE FUNCTION ecom._etl_verify_references() RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    fk record;
    orphans bigint;
BEGIN
    FOR fk IN
        SELECT c.conname, c.conrelid::regclass AS child, c.confrelid::regclass AS parent,
               string_agg(format('c.%I IS NOT NULL', a.attname), ' AND ') AS present,
               string_agg(format('p.%I = c.%I', b.attname, a.attname), ' AND ') AS matches
        FROM pg_constraint AS c
        CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(child_column, parent_column)
        JOIN pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.child_column
        JOIN pg_attribute AS b ON b.attrelid = c.confrelid AND b.attnum = k.parent_column
        WHERE c.contype = 'f'
          AND 'ecom'::regnamespace IN ((SELECT relnamespace FROM pg_class WHERE oid = c.conrelid),
                                       (SELECT relnamespace FROM pg_class WHERE oid = c.confrelid))
        GROUP BY c.oid, c.conname, c.conrelid, c.confrelid
    LOOP
        EXECUTE format('SELECT count(*) FROM %s AS c WHERE %s AND NOT EXISTS (SELECT FROM %s AS p WHERE %s)',
                       fk.child, fk.present, fk.parent, fk.matches) INTO orphans;
        IF orphans > 0 THEN
            RAISE EXCEPTION 'ecom.run_etl: % rows of % violate foreign key %', orphans, fk.child, fk.conname
                USING ERRCODE = 'foreign_key_violation',
                      HINT = 'The run was rolled back. A writer other than ecom.run_etl() may have changed the warehouse; find the rows with the constraint''s columns.';
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION ecom._etl_verify_references() IS
    'Internal to ecom.run_etl(): checks every foreign key from or to a table of schema ecom set-based (one anti-join per constraint) and raises foreign_key_violation on an orphan';

-- First load of a fact table on the bulk path: drops the table's indexes while it is still empty and returns
-- the statements that build them again, so that each is built once after the rows are in rather than
-- maintained row by row. A primary key or unique constraint goes too (dropped and added again by name) unless
-- a foreign key or a view depends on it. A table that has rows keeps its indexes (its readers are never locked out).
CREATE FUNCTION ecom._etl_suspend_indexes(fact regclass) RETURNS text[]
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    has_rows boolean;
    definitions text[];
    drops text;
BEGIN
    EXECUTE format('SELECT EXISTS (SELECT FROM %s)', fact) INTO has_rows;
    IF has_rows THEN
        RETURN '{}';
    END IF;
    SELECT coalesce(array_agg(CASE WHEN c.oid IS NULL THEN pg_get_indexdef(i.indexrelid)
                                   ELSE format('ALTER TABLE %s ADD CONSTRAINT %I %s', fact, c.conname, pg_get_constraintdef(c.oid))
                              END), '{}'),
           string_agg(CASE WHEN c.oid IS NULL THEN format('DROP INDEX %s', i.indexrelid::regclass)
                           ELSE format('ALTER TABLE %s DROP CONSTRAINT %I', fact, c.conname) END, '; ')
    INTO definitions, drops
    FROM pg_index AS i
    LEFT JOIN pg_constraint AS c ON c.conindid = i.indexrelid AND c.conrelid = fact AND c.contype IN ('p', 'u')
    WHERE i.indrelid = fact
      AND NOT EXISTS (SELECT FROM pg_constraint AS o
                      WHERE o.conindid = i.indexrelid AND (o.contype NOT IN ('p', 'u') OR o.conrelid <> fact))
      -- nor a view of yours that relies on the key (a GROUP BY on it that selects other columns)
      AND NOT EXISTS (SELECT FROM pg_depend AS d
                      WHERE d.refclassid = 'pg_constraint'::regclass AND d.refobjid = c.oid AND d.deptype = 'n');
    IF drops IS NOT NULL THEN
        EXECUTE drops;
    END IF;
    RETURN definitions;
END $$;
COMMENT ON FUNCTION ecom._etl_suspend_indexes(regclass) IS
    'Internal to ecom.run_etl(): drops the indexes (and the primary key or unique constraints no foreign key or view depends on) of an empty fact table before a bulk load and returns the statements that build them again for ecom._etl_restore_indexes()';

-- Builds again the indexes and constraints ecom._etl_suspend_indexes() dropped (same names and definitions).
CREATE FUNCTION ecom._etl_restore_indexes(definitions text[]) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    definition text;
BEGIN
    FOREACH definition IN ARRAY definitions LOOP
        EXECUTE definition;
    END LOOP;
END $$;
COMMENT ON FUNCTION ecom._etl_restore_indexes(text[]) IS
    'Internal to ecom.run_etl(): recreates the indexes and constraints whose definitions ecom._etl_suspend_indexes() returned';

-- The run.
CREATE FUNCTION ecom.run_etl() RETURNS ecom.etl_runs
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET TimeZone = 'UTC'
    SET jit = off
    SET enable_memoize = off  -- a cache keyed on whole staged rows never hits: it only costs time and memory
    SET client_min_messages = warning
AS $$
DECLARE
    run ecom.etl_runs;
    source text;
    after bigint;
    run_stats jsonb := '{}';
    watermark bigint;
    bulk boolean;
    replication_role constant text := current_setting('session_replication_role');
    loads constant text[] := ARRAY['stg_campaigns', 'stg_customers', 'stg_products', 'stg_orders', 'stg_order_items',
                                   'stg_returns', 'stg_inventory', 'stg_events'];
    facts constant jsonb := '{"stg_orders": "fct_orders", "stg_order_items": "fct_order_items", "stg_returns": "fct_returns",
                              "stg_inventory": "fct_inventory_daily", "stg_events": "fct_events"}';
    suspended text[];
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'ecom.run_etl() must run at the READ COMMITTED isolation level'
            USING ERRCODE = 'invalid_transaction_state',
                  HINT = 'A snapshot taken before the run lock could miss rows staged by a run that committed meanwhile; call it outside an explicit REPEATABLE READ or SERIALIZABLE transaction.';
    END IF;
    -- One run at a time: a second caller waits here until the first commits or aborts, then sees its result.
    PERFORM pg_advisory_xact_lock(hashtext('ecom.run_etl'));
    -- Days are keyed in the store's time zone (the SET clause above restores the caller's at exit).
    PERFORM set_config('TimeZone', ecom.timezone(), true);
    -- Wait for transactions still writing to staging and keep new writers out until commit: every row at or
    -- below the new watermarks is then committed and read by this run (no in-flight row can slip under them).
    LOCK TABLE ecom.stg_customers, ecom.stg_products, ecom.stg_campaigns, ecom.stg_orders, ecom.stg_order_items,
               ecom.stg_returns, ecom.stg_inventory, ecom.stg_events IN SHARE MODE;
    SET CONSTRAINTS ALL DEFERRED;
    -- Bulk path: other writers of the warehouse wait (readers do not), the per-row foreign-key triggers are
    -- off for this transaction, and every foreign key is checked set-based before the run ends.
    bulk := ecom._etl_is_bulk(loads);
    IF bulk THEN
        LOCK TABLE ecom.dim_date, ecom.dim_geography, ecom.dim_customer, ecom.dim_product, ecom.dim_campaign,
                   ecom.fct_orders, ecom.fct_order_items, ecom.fct_returns, ecom.fct_inventory_daily, ecom.fct_events,
                   ecom.fct_revenue_daily, ecom.fct_cohort_ltv IN SHARE ROW EXCLUSIVE MODE;
        PERFORM set_config('session_replication_role', 'replica', true);
    END IF;

    INSERT INTO ecom.etl_runs (kind, started_at, finished_at, refund_window_days, stats, bulk)
    VALUES ('etl', clock_timestamp(), clock_timestamp(), ecom.refund_window_days(), '{}', bulk)
    RETURNING * INTO run;
    DROP TABLE IF EXISTS etl_touched_orders, etl_touched_dates, etl_touched_customers;
    CREATE TEMP TABLE etl_touched_orders (order_key bigint) ON COMMIT DROP;
    CREATE TEMP TABLE etl_touched_dates (d date) ON COMMIT DROP;
    CREATE TEMP TABLE etl_touched_customers (customer_key bigint) ON COMMIT DROP;
    PERFORM ecom._etl_alerts_before();

    FOREACH source IN ARRAY loads LOOP
        after := coalesce((SELECT w.last_stg_id FROM ecom.etl_watermarks AS w WHERE w.source_table = source), 0);
        suspended := CASE WHEN bulk AND facts ? source
                          THEN ecom._etl_suspend_indexes(format('ecom.%I', facts ->> source)::regclass) ELSE '{}' END;
        EXECUTE format('SELECT ecom.%I($1, $2)', '_etl_load_' || substr(source, 5)) USING run.run_id, after;
        PERFORM ecom._etl_restore_indexes(suspended);
        run_stats := run_stats || jsonb_build_object(source, ecom._etl_stats(source, after));
    END LOOP;
    PERFORM ecom._etl_refresh_derived(bulk);
    IF bulk THEN
        PERFORM set_config('session_replication_role', replication_role, true);
        PERFORM ecom._etl_verify_references();
        -- Statistics for what was just loaded, so the next runs and the views plan with the real sizes.
        ANALYZE ecom.dim_customer, ecom.dim_product, ecom.fct_orders, ecom.fct_order_items, ecom.fct_returns,
                ecom.fct_inventory_daily, ecom.fct_events, ecom.fct_revenue_daily;
    END IF;
    PERFORM ecom._etl_notify_alerts(run.run_id);

    FOREACH source IN ARRAY loads LOOP
        watermark := (run_stats -> source ->> 'to_stg_id')::bigint;
        INSERT INTO ecom.etl_watermarks AS w (source_table, last_stg_id, run_id) VALUES (source, watermark, run.run_id)
        ON CONFLICT (source_table) DO UPDATE SET last_stg_id = excluded.last_stg_id, run_id = excluded.run_id
        WHERE w.last_stg_id <> excluded.last_stg_id;
    END LOOP;
    UPDATE ecom.etl_runs SET finished_at = clock_timestamp(), stats = run_stats WHERE run_id = run.run_id
    RETURNING * INTO run;
    RETURN run;
END $$;
COMMENT ON FUNCTION ecom.run_etl() IS
    'Loads the rows staged since the last run into the warehouse in one transaction (one run at a time; concurrent callers wait), quarantines rejected rows, refreshes derived facts and returns the run''s ecom.etl_runs row';
-- It runs with its owner's rights (the bulk path switches session_replication_role): only ecom_writer and the
-- owner may call it (89_roles.sql grants it).
REVOKE ALL ON FUNCTION ecom.run_etl() FROM PUBLIC;

-- One row per run and staging table: the counts of ecom.etl_runs.stats as columns.
CREATE VIEW ecom.etl_run_stats AS
SELECT r.run_id, r.kind, s.key AS source_table,
       (s.value ->> 'read')::bigint AS read, (s.value ->> 'inserted')::bigint AS inserted,
       (s.value ->> 'updated')::bigint AS updated, (s.value ->> 'unchanged')::bigint AS unchanged,
       (s.value ->> 'deduplicated')::bigint AS deduplicated, (s.value ->> 'quarantined')::bigint AS quarantined,
       (s.value ->> 'from_stg_id')::bigint AS from_stg_id, (s.value ->> 'to_stg_id')::bigint AS to_stg_id
FROM ecom.etl_runs AS r, jsonb_each(r.stats) AS s;
COMMENT ON VIEW ecom.etl_run_stats IS
    'ecom.etl_runs.stats as one row per run and source table: read = inserted + updated + unchanged + deduplicated + quarantined';

-- Data-quality profile of the rows one run read.
CREATE FUNCTION ecom.data_quality(run_id bigint)
    RETURNS TABLE (source_table text, column_name text, rows_read bigint, null_pct numeric, out_of_range bigint,
                   duplicates bigint)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED STRICT
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    batch record;
    col text;
BEGIN
    IF NOT EXISTS (SELECT FROM ecom.etl_runs AS r WHERE r.run_id = data_quality.run_id) THEN
        RAISE EXCEPTION 'ecom.data_quality: run % does not exist', data_quality.run_id
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Pick a run_id from ecom.etl_runs.';
    END IF;
    FOR batch IN SELECT s.source_table, s.from_stg_id, s.to_stg_id FROM ecom.etl_run_stats AS s
                 WHERE s.run_id = data_quality.run_id AND s.read > 0 ORDER BY s.source_table LOOP
        FOR col IN SELECT a.attname FROM pg_attribute AS a
                   WHERE a.attrelid = ('ecom.' || batch.source_table)::regclass AND a.attnum > 0 AND NOT a.attisdropped
                     AND a.attname NOT IN ('stg_id', 'ingested_at', 'source', 'batch_id')
                   ORDER BY a.attnum LOOP
            RETURN QUERY EXECUTE format($q$
                SELECT %L::text, %L::text, count(*),
                       round(100.0 * count(*) FILTER (WHERE ecom.blank_to_null(s.%I) IS NULL) / count(*), 2),
                       (SELECT count(*) FROM ecom.quarantine AS q
                        WHERE q.run_id = %s AND q.source_table = %L AND split_part(q.rule, ':', 1) = %L),
                       count(ecom.blank_to_null(s.%I)) - count(DISTINCT ecom.blank_to_null(s.%I))
                FROM ecom.%I AS s WHERE s.stg_id BETWEEN %s AND %s$q$,
                batch.source_table, col, col, data_quality.run_id, batch.source_table, col, col, col,
                batch.source_table, batch.from_stg_id, batch.to_stg_id);
        END LOOP;
    END LOOP;
END $$;
COMMENT ON FUNCTION ecom.data_quality(bigint) IS
    'Per staging table and column, over the rows a run read: rows read, % blank or NULL, rows quarantined by a rule on that column (out_of_range) and values repeating another row''s (duplicates)';
COMMENT ON COLUMN ecom.etl_run_stats.run_id IS 'Run (ecom.etl_runs)';
COMMENT ON COLUMN ecom.etl_run_stats.kind IS 'etl or import_online_retail';
COMMENT ON COLUMN ecom.etl_run_stats.source_table IS 'Staging table';
COMMENT ON COLUMN ecom.etl_run_stats.read IS 'Staged rows read (stg_id from_stg_id .. to_stg_id)';
COMMENT ON COLUMN ecom.etl_run_stats.inserted IS 'Rows that created a warehouse row';
COMMENT ON COLUMN ecom.etl_run_stats.updated IS 'Rows that changed a warehouse row';
COMMENT ON COLUMN ecom.etl_run_stats.unchanged IS 'Rows equal to what the warehouse holds';
COMMENT ON COLUMN ecom.etl_run_stats.deduplicated IS 'Rows superseded by a later version of the same key (or an exact duplicate)';
COMMENT ON COLUMN ecom.etl_run_stats.quarantined IS 'Rows rejected into ecom.quarantine';
COMMENT ON COLUMN ecom.etl_run_stats.from_stg_id IS 'First stg_id the run could read';
COMMENT ON COLUMN ecom.etl_run_stats.to_stg_id IS 'Highest stg_id read (the new watermark)';
