-- Importer for the UCI "Online Retail" file (one line per invoice line): client-side \copy into the raw landing table
-- ecom.raw_online_retail, then ecom.stage_online_retail() maps the lines into the staging tables with the
-- file's rules; ecom.run_etl() then loads them like any other feed. scripts/import_online_retail.sh does all three.

CREATE TABLE ecom.raw_online_retail (
    line_no      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_no   text,
    stock_code   text,
    description  text,
    quantity     text,
    invoice_date text,
    unit_price   text,
    customer_id  text,
    country      text,
    ingested_at  timestamptz NOT NULL DEFAULT now(),
    source       text NOT NULL DEFAULT 'online_retail',
    batch_id     bigint NOT NULL DEFAULT ecom.current_batch_id()
);
CREATE INDEX ON ecom.raw_online_retail (batch_id);
COMMENT ON TABLE ecom.raw_online_retail IS 'Raw lines of the UCI Online Retail file, exactly as in the CSV (load with \copy; map with ecom.stage_online_retail())';
COMMENT ON COLUMN ecom.raw_online_retail.line_no IS 'Position of the line in the loads (file order within one \copy)';
COMMENT ON COLUMN ecom.raw_online_retail.invoice_no IS 'InvoiceNo: 6 digits; prefix C = credit note (return), A = bad-debt adjustment';
COMMENT ON COLUMN ecom.raw_online_retail.stock_code IS 'StockCode: a product, or POST/DOT/C2 (postage), D (discount), M/m/S/B/BANK CHARGES/AMAZONFEE/CRUK/PADS/gift_0001_* (adjustments)';
COMMENT ON COLUMN ecom.raw_online_retail.description IS 'Description of the stock code';
COMMENT ON COLUMN ecom.raw_online_retail.quantity IS 'Quantity (negative on credit notes)';
COMMENT ON COLUMN ecom.raw_online_retail.invoice_date IS 'InvoiceDate, YYYY-MM-DD HH:MM:SS (UK time, loaded as UTC)';
COMMENT ON COLUMN ecom.raw_online_retail.unit_price IS 'UnitPrice in GBP';
COMMENT ON COLUMN ecom.raw_online_retail.customer_id IS 'CustomerID written as a float (17850.0); empty for guests';
COMMENT ON COLUMN ecom.raw_online_retail.country IS 'Country of the customer';
COMMENT ON COLUMN ecom.raw_online_retail.ingested_at IS 'When the line was loaded';
COMMENT ON COLUMN ecom.raw_online_retail.source IS 'Feed name';
COMMENT ON COLUMN ecom.raw_online_retail.batch_id IS 'Loading batch (defaults to the loading transaction id): ecom.stage_online_retail() maps one batch';
SELECT pg_catalog.pg_extension_config_dump('ecom.raw_online_retail', '');
SELECT pg_catalog.pg_extension_config_dump('ecom.raw_online_retail_line_no_seq', '');

-- What a stock code is: product, shipping, discount or adjustment.
CREATE FUNCTION ecom.online_retail_code_kind(stock_code text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN stock_code IN ('POST', 'DOT', 'C2') THEN 'shipping'
                WHEN stock_code = 'D' THEN 'discount'
                WHEN stock_code IN ('M', 'm', 'S', 'B', 'BANK CHARGES', 'AMAZONFEE', 'CRUK', 'PADS')
                     OR stock_code LIKE 'gift\_0001\_%' THEN 'adjustment'
                ELSE 'product' END;
COMMENT ON FUNCTION ecom.online_retail_code_kind(text) IS
    'Kind of an Online Retail stock code: shipping (POST, DOT, C2), discount (D), adjustment (M, m, S, B, BANK CHARGES, AMAZONFEE, CRUK, PADS, gift_0001_*) or product';

-- Maps one batch of raw lines into the staging tables and records the import as an ecom.etl_runs row.
CREATE FUNCTION ecom.stage_online_retail(batch bigint DEFAULT ecom.current_batch_id()) RETURNS ecom.etl_runs
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    SET TimeZone = 'UTC'
    SET client_min_messages = warning
AS $$
DECLARE
    run ecom.etl_runs;
BEGIN
    INSERT INTO ecom.etl_runs (kind, started_at, finished_at, stats)
    VALUES ('import_online_retail', clock_timestamp(), clock_timestamp(), '{}') RETURNING * INTO run;

    -- Every line gets one outcome: quarantined (first rule broken), deduplicated (an exact copy of an earlier
    -- valid line), or one of order_line / shipping / discount / return.
    DROP TABLE IF EXISTS etl_online_retail;
    CREATE TEMP TABLE etl_online_retail ON COMMIT DROP AS
    SELECT c.*,
           CASE WHEN c.rule IS NOT NULL THEN 'quarantined'
                WHEN row_number() OVER (PARTITION BY c.invoice_no, c.stock_code, c.description, c.quantity_text,
                                                     c.invoice_date_text, c.unit_price_text, c.customer_text, c.country
                                        ORDER BY c.line_no) > 1 THEN 'deduplicated'
                WHEN c.credit_note THEN 'return'
                WHEN c.kind IN ('product', 'adjustment') THEN 'order_line'
                ELSE c.kind END AS outcome
    FROM (SELECT r.line_no, r.invoice_no, r.stock_code, r.description, r.country, r.quantity AS quantity_text,
                 r.invoice_date AS invoice_date_text, r.unit_price AS unit_price_text, r.customer_id AS customer_text,
                 t.quantity, t.unit_price, t.invoiced_at, t.customer_id, t.kind, t.credit_note,
                 CASE WHEN ecom.blank_to_null(r.invoice_no) IS NULL THEN 'invoice_no:not_null'
                      WHEN r.invoice_no LIKE 'A%' THEN 'invoice_no:adjustment_invoice'
                      WHEN ecom.blank_to_null(r.stock_code) IS NULL THEN 'stock_code:not_null'
                      WHEN t.quantity IS NULL THEN 'quantity:invalid'
                      WHEN t.unit_price IS NULL THEN 'unit_price:invalid'
                      WHEN t.invoiced_at IS NULL THEN 'invoice_date:invalid'
                      WHEN ecom.blank_to_null(r.customer_id) IS NOT NULL AND t.customer_id IS NULL THEN 'customer_id:invalid'
                      WHEN t.quantity = 0 THEN 'quantity:zero'
                      WHEN NOT t.credit_note AND t.quantity < 0 THEN 'quantity:negative_on_invoice'
                      WHEN t.credit_note AND t.quantity > 0 THEN 'quantity:positive_on_credit_note'
                      WHEN t.unit_price < 0 THEN 'unit_price:negative'
                      WHEN NOT t.credit_note AND t.kind = 'product' AND t.unit_price = 0 THEN 'unit_price:not_positive'
                 END AS rule
          FROM ecom.raw_online_retail AS r
          CROSS JOIN LATERAL (
              SELECT ecom.to_int(r.quantity) AS quantity, ecom.to_numeric(r.unit_price) AS unit_price,
                     ecom.to_timestamptz(r.invoice_date) AS invoiced_at,
                     -- "17850.0" -> "17850"
                     substring(btrim(r.customer_id) FROM '^([0-9]+)(\.0*)?$') AS customer_id,
                     ecom.online_retail_code_kind(r.stock_code) AS kind, r.invoice_no LIKE 'C%' AS credit_note
              OFFSET 0) AS t
          WHERE r.batch_id = stage_online_retail.batch) AS c;

    INSERT INTO ecom.quarantine (run_id, source_table, stg_id, rule, raw)
    SELECT run.run_id, 'raw_online_retail', b.line_no, b.rule, to_jsonb(r)
    FROM etl_online_retail AS b JOIN ecom.raw_online_retail AS r USING (line_no)
    WHERE b.outcome = 'quarantined';

    -- Customers: first invoice date and its country.
    INSERT INTO ecom.stg_customers (customer_id, country, signup_at, updated_at, source, batch_id)
    SELECT DISTINCT ON (customer_id) customer_id, country, invoiced_at::text, invoiced_at::text, 'online_retail', batch
    FROM etl_online_retail WHERE outcome IN ('order_line', 'shipping', 'discount', 'return') AND customer_id IS NOT NULL
    ORDER BY customer_id, invoiced_at, line_no;
    -- Products: every code seen, named and priced by its first line; fee and adjustment codes are non-merchandise.
    INSERT INTO ecom.stg_products (sku, product_name, category, price, currency, active, updated_at, source, batch_id)
    SELECT DISTINCT ON (stock_code) stock_code, description,
           CASE WHEN kind = 'product' THEN NULL ELSE 'non-merchandise' END, unit_price::text, 'GBP', 'true',
           invoiced_at::text, 'online_retail', batch
    FROM etl_online_retail WHERE outcome IN ('order_line', 'shipping', 'discount', 'return')
    ORDER BY stock_code, invoiced_at, line_no;
    -- One order per ordinary invoice; postage lines are its shipping, discount lines its discount.
    INSERT INTO ecom.stg_orders (order_id, customer_id, status, created_at, paid_at, discount, shipping, tax, currency,
                                 ship_country, source, batch_id)
    SELECT invoice_no, min(customer_id), 'paid', min(invoiced_at)::text, min(invoiced_at)::text,
           coalesce(sum(abs(quantity * unit_price)) FILTER (WHERE outcome = 'discount'), 0)::text,
           coalesce(sum(quantity * unit_price) FILTER (WHERE outcome = 'shipping'), 0)::text, '0', 'GBP', min(country),
           'online_retail', batch
    FROM etl_online_retail WHERE outcome IN ('order_line', 'shipping', 'discount')
    GROUP BY invoice_no;
    INSERT INTO ecom.stg_order_items (order_id, line_number, sku, quantity, unit_price, source, batch_id)
    SELECT invoice_no, row_number() OVER (PARTITION BY invoice_no ORDER BY line_no)::text, stock_code, quantity::text,
           unit_price::text, 'online_retail', batch
    FROM etl_online_retail WHERE outcome = 'order_line';
    -- Credit notes: returns without an order reference, refunded on their own date.
    INSERT INTO ecom.stg_returns (return_id, order_id, sku, quantity, amount, returned_at, reason, source, batch_id)
    SELECT invoice_no || '/' || row_number() OVER (PARTITION BY invoice_no ORDER BY line_no), NULL, stock_code,
           (-quantity)::text, (-quantity * unit_price)::text, invoiced_at::text, 'credit note', 'online_retail', batch
    FROM etl_online_retail WHERE outcome = 'return';

    UPDATE ecom.etl_runs SET finished_at = clock_timestamp(), stats = jsonb_build_object('raw_online_retail', (
        SELECT jsonb_build_object(
                   'read', count(*),
                   'inserted', count(*) FILTER (WHERE outcome IN ('order_line', 'shipping', 'discount', 'return')),
                   'updated', 0, 'unchanged', 0,
                   'deduplicated', count(*) FILTER (WHERE outcome = 'deduplicated'),
                   'quarantined', count(*) FILTER (WHERE outcome = 'quarantined'),
                   'order_lines', count(*) FILTER (WHERE outcome = 'order_line'),
                   'shipping_lines', count(*) FILTER (WHERE outcome = 'shipping'),
                   'discount_lines', count(*) FILTER (WHERE outcome = 'discount'),
                   'return_lines', count(*) FILTER (WHERE outcome = 'return'),
                   'orders', count(DISTINCT invoice_no) FILTER (WHERE outcome IN ('order_line', 'shipping', 'discount')),
                   'from_stg_id', min(line_no), 'to_stg_id', max(line_no))
        FROM etl_online_retail))
    WHERE run_id = run.run_id RETURNING * INTO run;
    RETURN run;
END $$;
COMMENT ON FUNCTION ecom.stage_online_retail(bigint) IS
    'Maps one batch of ecom.raw_online_retail into the staging tables (one order per invoice, C invoices as returns without order, postage as shipping, D as discount, fees as non-merchandise lines, blank CustomerID = guest), deduplicates exact duplicate lines, quarantines A invoices, negative quantities on invoices and product lines priced 0; returns the import''s ecom.etl_runs row';
