-- ecom_analytics: schema-level setup (the schema itself is created by CREATE EXTENSION from the control file).
\echo Use "CREATE EXTENSION ecom_analytics" to load this file. \quit

COMMENT ON SCHEMA ecom IS 'ecom_analytics: staging tables, warehouse, KPI views and native analytics for an e-commerce store';
