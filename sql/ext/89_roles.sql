-- Roles: ecom_reader reads the warehouse, the views and the api_* functions; ecom_writer also stages rows
-- and runs the ETL. They are NOLOGIN group roles: grant them to login roles (GRANT ecom_reader TO app).
-- Created here when absent and the installing role may create roles, so a fresh install works at once;
-- roles are cluster-wide, so an existing one (another database, or made by the DBA) is reused, not
-- altered, and DROP EXTENSION leaves them in place. Where the installer may not create roles (managed
-- services), a NOTICE says so and the DBA runs CREATE ROLE ecom_reader NOLOGIN; CREATE ROLE ecom_writer
-- NOLOGIN IN ROLE ecom_reader; then ALTER EXTENSION ecom_analytics UPDATE is not needed: rerun the GRANTs
-- of docs/metrics.md ("Roles").  File number 89: it runs after every other object of the extension exists.
DO $$
DECLARE
    may_create boolean := (SELECT rolsuper OR rolcreaterole FROM pg_catalog.pg_roles WHERE rolname = current_user);
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ecom_reader') THEN
        IF may_create THEN
            CREATE ROLE ecom_reader NOLOGIN;
        ELSE
            RAISE NOTICE 'ecom_analytics: role ecom_reader not created (no CREATEROLE privilege)'
                USING HINT = 'A DBA can create it and run the GRANTs listed in docs/metrics.md.';
        END IF;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ecom_writer') THEN
        IF may_create THEN
            CREATE ROLE ecom_writer NOLOGIN;
        ELSE
            RAISE NOTICE 'ecom_analytics: role ecom_writer not created (no CREATEROLE privilege)'
                USING HINT = 'A DBA can create it and run the GRANTs listed in docs/metrics.md.';
        END IF;
    END IF;
    IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ecom_reader') THEN
        GRANT USAGE ON SCHEMA ecom TO ecom_reader;
        GRANT SELECT ON ALL TABLES IN SCHEMA ecom TO ecom_reader;
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ecom TO ecom_reader;
        -- ecom.run_etl() runs with its owner's rights: the writer calls it, the reader may not.
        REVOKE EXECUTE ON FUNCTION ecom.run_etl() FROM ecom_reader;
    END IF;
    IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ecom_writer') THEN
        IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ecom_reader') THEN
            GRANT ecom_reader TO ecom_writer;
        END IF;
        GRANT USAGE ON SCHEMA ecom TO ecom_writer;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ecom TO ecom_writer;
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ecom TO ecom_writer;
        GRANT EXECUTE ON FUNCTION ecom.run_etl() TO ecom_writer;
    END IF;
END
$$;
