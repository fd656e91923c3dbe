-- Invariants of the native boundary: error codes, memory ownership, parallel == serial.
BEGIN;
SELECT plan(12);

SELECT throws_ok($$SELECT ecom.selftest_error('invalid_argument')$$, '22023', NULL, 'invalid argument -> 22023');
SELECT throws_ok($$SELECT ecom.selftest_error('out_of_range')$$, '22003', NULL, 'out of range -> 22003');
SELECT throws_ok($$SELECT ecom.selftest_error('bad_alloc')$$, '53200', NULL, 'bad_alloc -> 53200');
SELECT throws_ok($$SELECT ecom.selftest_error('runtime')$$, 'XX000', NULL, 'other exception -> XX000');
SELECT throws_ok($$SELECT ecom.selftest_error('boost')$$, '22023', NULL, 'Boost.Math pole error throws -> 22023');
SELECT throws_ok($$SELECT ecom.selftest_error('eigen')$$, 'XX000', NULL, 'eigen_assert throws -> XX000');
SELECT throws_ok($$SELECT ecom.selftest_error('postgres')$$, '22P02', NULL, 'guarded PostgreSQL error keeps its SQLSTATE');

-- The text of a query's plan.
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE line text; plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN ' || query LOOP plan := plan || line || E'\n'; END LOOP;
    RETURN plan;
END $$;

-- A table large enough for a real parallel plan (not TEMP: workers cannot read temporary tables).
CREATE TABLE boundary_values AS SELECT (random() * 1000)::float8 AS x FROM generate_series(1, 200000);
ANALYZE boundary_values;
SELECT ecom.selftest_sum(x) AS serial_sum FROM boundary_values \gset
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SELECT is((SELECT ecom.selftest_sum(x) FROM boundary_values), :serial_sum::float8,
          'parallel plan gives the bit-identical serial result');
SELECT matches(pg_temp.plan_of('SELECT ecom.selftest_sum(x) FROM boundary_values'), 'Partial Aggregate',
               'the parallel plan really splits the aggregate across workers');

-- Many queries and errors leave no native state behind.
SELECT ecom.selftest_sum(x) FROM boundary_values WHERE x < 10;
SELECT is(ecom.selftest_live_states(), 0::bigint, 'no aggregate state outlives its query');
SELECT throws_ok($$SELECT ecom.selftest_sum(x - 500) FROM boundary_values$$, '22023', NULL,
                 'an error inside the aggregate is a clean ERROR');
SELECT is(ecom.selftest_live_states(), 0::bigint, 'state of a failed aggregate is destroyed too');

SELECT * FROM finish();
ROLLBACK;
