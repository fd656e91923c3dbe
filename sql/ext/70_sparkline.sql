-- Terminal-friendly trends.

CREATE FUNCTION ecom.sparkline(series float8[]) RETURNS text
    AS 'MODULE_PATHNAME', 'sparkline' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecom.sparkline(float8[]) IS
    'Draws a series as one line of Unicode blocks (lowest to highest), e.g. SELECT ecom.sparkline(array_agg(net_sales ORDER BY day)); NULL and NaN draw a gap';
