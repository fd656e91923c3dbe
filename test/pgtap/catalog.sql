-- Catalogue hygiene: every public object of the extension explains itself in \d+ and BI tools.
BEGIN;
SELECT plan(3);

SELECT is_empty($$
    SELECT c.relname FROM pg_class AS c
    WHERE c.relnamespace = 'ecom'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
      AND obj_description(c.oid, 'pg_class') IS NULL
$$, 'every table and view in schema ecom has a comment');

SELECT is_empty($$
    SELECT c.relname || '.' || a.attname FROM pg_class AS c
    JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relnamespace = 'ecom'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
      AND c.relispartition IS FALSE
      AND col_description(c.oid, a.attnum) IS NULL
$$, 'every column of every table and view in schema ecom has a comment');

SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc AS p
    WHERE p.pronamespace = 'ecom'::regnamespace AND obj_description(p.oid, 'pg_proc') IS NULL
$$, 'every function and aggregate in schema ecom has a comment');

SELECT * FROM finish();
ROLLBACK;
