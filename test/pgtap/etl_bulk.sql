-- The invariants of etl_invariants.sql again, every run that reads rows taking the bulk path (foreign keys
-- checked set-based after loading instead of row by row).
SET ecom.bulk_load_rows = 0;
\ir etl_invariants.sql
