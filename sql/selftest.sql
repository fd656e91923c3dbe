-- The native error boundary: every C++ error becomes a clean PostgreSQL ERROR with a SQLSTATE,
-- and the same connection keeps working afterwards.
\set VERBOSITY default
SELECT pg_backend_pid() AS pid_before \gset
\set ON_ERROR_STOP 0

-- Bad argument: SQLSTATE 22023 with a hint.
SELECT ecom.selftest_error('invalid_argument');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- Out of range: SQLSTATE 22003.
SELECT ecom.selftest_error('out_of_range');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- std::bad_alloc: SQLSTATE 53200.
SELECT ecom.selftest_error('bad_alloc');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- Any other C++ exception: SQLSTATE XX000 with its message.
SELECT ecom.selftest_error('runtime');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT ecom.selftest_error('unknown');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- Boost.Math's error policy throws (tgamma(-1) is a pole): SQLSTATE 22023.
SELECT ecom.selftest_error('boost');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- eigen_assert throws instead of aborting: SQLSTATE XX000.
SELECT ecom.selftest_error('eigen');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- A PostgreSQL error raised inside a guarded call made from C++ keeps its own SQLSTATE (22P02).
SELECT ecom.selftest_error('postgres');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
\set VERBOSITY default
SELECT ecom.selftest_error('none');

-- The connection survived every error above.
SELECT pg_backend_pid() = :pid_before AS same_connection;

-- statement_timeout stops a long native loop (it would otherwise run for 60 s).
SET statement_timeout = '200ms';
SELECT ecom.selftest_spin(60000);
RESET statement_timeout;
SELECT ecom.selftest_spin(10) IS NOT NULL AS spin_runs_to_completion;

-- Aggregate state lives in the aggregate memory context: destroyed at the end of the query,
-- after an error inside the aggregate too.
SELECT ecom.selftest_sum(x) FROM generate_series(1, 1000) AS x;
SELECT ecom.selftest_live_states();
SELECT ecom.selftest_sum(x) FROM (VALUES (1.0), (2.0), (-1.0)) AS v(x);
SELECT ecom.selftest_live_states();
SELECT g, ecom.selftest_sum(x) FROM generate_series(1, 100) AS x, LATERAL (SELECT x % 3 AS g) AS k
GROUP BY g ORDER BY g;
SELECT ecom.selftest_live_states();
SELECT pg_backend_pid() = :pid_before AS same_connection;

