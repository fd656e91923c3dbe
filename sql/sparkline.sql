-- A trend in one line of text.
SELECT ecom.sparkline(ARRAY[1, 2, 3, 4, 5, 6, 7, 8]::float8[]);
SELECT ecom.sparkline(array_agg(sin(x / 3.0) ORDER BY x)) FROM generate_series(0, 30) AS x;
-- NULL and NaN leave a gap; a constant series draws its middle block.
SELECT ecom.sparkline(ARRAY[1, NULL, 3]::float8[]), ecom.sparkline(ARRAY[1, 'NaN', 3]::float8[]),
       ecom.sparkline(ARRAY[7, 7, 7]::float8[]);
-- Infinities and matrices are errors with a hint.
SELECT ecom.sparkline(ARRAY[1, 'Infinity']::float8[]);
SELECT ecom.sparkline(ARRAY[[1, 2], [3, 4]]::float8[]);
