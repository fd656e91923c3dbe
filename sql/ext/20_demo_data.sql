-- The demo-data generator: fills the staging tables with a realistic, deterministic simulated shop.

CREATE FUNCTION ecom.generate_demo_data(customers int, days int, start_date date, seed int, dirty_fraction float8)
    RETURNS TABLE (table_name text, rows bigint)
    AS 'MODULE_PATHNAME', 'generate_demo_data' LANGUAGE C CALLED ON NULL INPUT VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION ecom.generate_demo_data(int, int, date, int, float8) IS
    'Simulates a web shop of the given number of customers over days from start_date and appends it to the eight ecom.stg_* tables (source ''demo'', one COPY per table, all in the calling transaction); the same seed gives the same rows; dirty_fraction (0..1) is the share of rows given the faults real feeds have. Returns the rows loaded per table. See docs/demo_data.md';
