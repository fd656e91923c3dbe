-- Customer, product, geography, category, campaign and new-vs-repeat views over the star schema.
-- Sales are those of orders not cancelled; revenue of a line is its gross (price x quantity): order
-- discounts are order-level and appear where whole orders are summed (customers, geography, campaigns).

CREATE VIEW ecom.customer_lifetime_value AS
SELECT c.customer_id, c.full_name, g.country, c.segment,
       min(o.created_at) AS first_order_at, max(o.created_at) AS last_order_at,
       count(*) AS orders, sum(o.units) AS units, sum(o.gross) AS gross_sales, sum(o.discount) AS discounts,
       sum(o.refunds) AS refunds, sum(o.net) AS net_revenue,
       ecom.ratio(sum(o.gross - o.discount), count(*), 2) AS average_order_value,
       max(o.order_date) - min(o.order_date) AS tenure_days
FROM ecom.fct_orders AS o
JOIN ecom.dim_customer AS c ON c.customer_key = o.customer_key
JOIN ecom.dim_geography AS g ON g.geography_key = c.geography_key
WHERE o.customer_key <> 0 AND o.status <> 'cancelled'
GROUP BY c.customer_key, g.country;
COMMENT ON VIEW ecom.customer_lifetime_value IS
    'Historical lifetime value per identified customer (guests excluded): first and last order, orders, net revenue, average order value, tenure';
COMMENT ON COLUMN ecom.customer_lifetime_value.customer_id IS 'Customer key in the source system';
COMMENT ON COLUMN ecom.customer_lifetime_value.full_name IS 'Display name';
COMMENT ON COLUMN ecom.customer_lifetime_value.country IS 'Country of the customer (Unknown when not given)';
COMMENT ON COLUMN ecom.customer_lifetime_value.segment IS 'Customer segment as the source labels it';
COMMENT ON COLUMN ecom.customer_lifetime_value.first_order_at IS 'First order (not cancelled)';
COMMENT ON COLUMN ecom.customer_lifetime_value.last_order_at IS 'Latest order (not cancelled)';
COMMENT ON COLUMN ecom.customer_lifetime_value.orders IS 'Orders placed (not cancelled)';
COMMENT ON COLUMN ecom.customer_lifetime_value.units IS 'Merchandise units ordered';
COMMENT ON COLUMN ecom.customer_lifetime_value.gross_sales IS 'Price x quantity of the merchandise ordered';
COMMENT ON COLUMN ecom.customer_lifetime_value.discounts IS 'Order discounts';
COMMENT ON COLUMN ecom.customer_lifetime_value.refunds IS 'Refunds of the customer''s returns';
COMMENT ON COLUMN ecom.customer_lifetime_value.net_revenue IS 'gross_sales - discounts - refunds: the historical lifetime value';
COMMENT ON COLUMN ecom.customer_lifetime_value.average_order_value IS '(gross_sales - discounts) / orders';
COMMENT ON COLUMN ecom.customer_lifetime_value.tenure_days IS 'Days from the first to the last order day';

CREATE VIEW ecom.product_performance AS
WITH sold AS (
    SELECT i.sku, sum(i.quantity) AS units, sum(i.gross) AS revenue, sum(i.quantity * p.cost) AS cost,
           count(*) FILTER (WHERE p.cost IS NULL) AS lines_without_cost
    FROM ecom.fct_order_items AS i
    JOIN ecom.fct_orders AS o ON o.order_key = i.order_key AND o.status <> 'cancelled'
    JOIN ecom.dim_product AS p ON p.product_key = i.product_key
    WHERE i.is_merchandise
    GROUP BY i.sku),
returned AS (
    SELECT r.sku, sum(r.quantity) AS units, sum(r.refund_amount) AS refunds FROM ecom.fct_returns AS r GROUP BY r.sku)
SELECT s.sku, p.product_name, p.category, s.units AS units_sold, s.revenue, s.cost,
       CASE WHEN s.lines_without_cost = 0 THEN s.revenue - s.cost END AS margin,
       CASE WHEN s.lines_without_cost = 0 THEN ecom.ratio(s.revenue - s.cost, s.revenue, 4) END AS margin_rate,
       coalesce(r.units, 0) AS returned_units, coalesce(r.refunds, 0) AS refunds,
       ecom.ratio(r.units, s.units, 4) AS return_rate,
       rank() OVER (PARTITION BY p.category ORDER BY s.revenue DESC) AS rank_in_category
FROM sold AS s
JOIN ecom.dim_product AS p ON p.sku = s.sku AND p.is_current
LEFT JOIN returned AS r ON r.sku = s.sku;
COMMENT ON VIEW ecom.product_performance IS
    'Per SKU over all orders not cancelled: units, revenue (price x quantity, before order discounts), cost at the SCD-2 cost valid when each order was placed, margin, return rate and revenue rank within its current category';
COMMENT ON COLUMN ecom.product_performance.sku IS 'SKU';
COMMENT ON COLUMN ecom.product_performance.product_name IS 'Current product name';
COMMENT ON COLUMN ecom.product_performance.category IS 'Current category';
COMMENT ON COLUMN ecom.product_performance.units_sold IS 'Units ordered';
COMMENT ON COLUMN ecom.product_performance.revenue IS 'Price x quantity of the lines (order-level discounts not allocated)';
COMMENT ON COLUMN ecom.product_performance.cost IS 'Quantity x unit cost of the product version valid when the order was placed';
COMMENT ON COLUMN ecom.product_performance.margin IS 'revenue - cost (NULL when a version had no cost)';
COMMENT ON COLUMN ecom.product_performance.margin_rate IS 'margin / revenue, 4 decimals';
COMMENT ON COLUMN ecom.product_performance.returned_units IS 'Units returned (refunded or not)';
COMMENT ON COLUMN ecom.product_performance.refunds IS 'Refunds of the SKU''s returns';
COMMENT ON COLUMN ecom.product_performance.return_rate IS 'returned_units / units_sold, 4 decimals';
COMMENT ON COLUMN ecom.product_performance.rank_in_category IS 'Rank by revenue within the category (1 = best; ties share a rank)';

CREATE VIEW ecom.sales_by_geography AS
SELECT date_trunc('month', o.order_date::timestamp)::date AS month, g.country, g.region,
       count(*) AS orders, count(DISTINCT o.customer_key) AS customers, sum(o.units) AS units,
       sum(o.gross) AS gross_sales, sum(o.discount) AS discounts, sum(o.refunds) AS refunds, sum(o.net) AS net_sales,
       ecom.ratio(sum(o.gross - o.discount), count(*), 2) AS average_order_value
FROM ecom.fct_orders AS o JOIN ecom.dim_geography AS g ON g.geography_key = o.geography_key
WHERE o.status <> 'cancelled'
GROUP BY 1, g.geography_key;
COMMENT ON VIEW ecom.sales_by_geography IS
    'Sales per month (of the order, in ecom.timezone) and shipping country; refunds are those of the month''s orders (by order, not by return day)';
COMMENT ON COLUMN ecom.sales_by_geography.month IS 'First day of the month of the orders';
COMMENT ON COLUMN ecom.sales_by_geography.country IS 'Shipping country (Unknown when not given)';
COMMENT ON COLUMN ecom.sales_by_geography.region IS 'Region when known';
COMMENT ON COLUMN ecom.sales_by_geography.orders IS 'Orders (not cancelled)';
COMMENT ON COLUMN ecom.sales_by_geography.customers IS 'Distinct customers (all guests count as one)';
COMMENT ON COLUMN ecom.sales_by_geography.units IS 'Merchandise units';
COMMENT ON COLUMN ecom.sales_by_geography.gross_sales IS 'Price x quantity of the merchandise';
COMMENT ON COLUMN ecom.sales_by_geography.discounts IS 'Order discounts';
COMMENT ON COLUMN ecom.sales_by_geography.refunds IS 'Refunds of these orders'' returns';
COMMENT ON COLUMN ecom.sales_by_geography.net_sales IS 'gross_sales - discounts - refunds';
COMMENT ON COLUMN ecom.sales_by_geography.average_order_value IS '(gross_sales - discounts) / orders';

CREATE VIEW ecom.sales_by_category AS
WITH lines AS (
    SELECT date_trunc('month', o.order_date::timestamp)::date AS month, coalesce(p.category, 'uncategorized') AS category,
           count(DISTINCT o.order_key) AS orders, sum(i.quantity) AS units, sum(i.gross) AS gross_sales
    FROM ecom.fct_order_items AS i
    JOIN ecom.fct_orders AS o ON o.order_key = i.order_key AND o.status <> 'cancelled'
    JOIN ecom.dim_product AS p ON p.product_key = i.product_key
    WHERE i.is_merchandise
    GROUP BY 1, 2),
returned AS (
    SELECT date_trunc('month', r.return_date::timestamp)::date AS month, coalesce(p.category, 'uncategorized') AS category,
           sum(r.quantity) AS returned_units, sum(r.refund_amount) AS refunds
    FROM ecom.fct_returns AS r JOIN ecom.dim_product AS p ON p.product_key = r.product_key
    GROUP BY 1, 2)
SELECT month, category, coalesce(l.orders, 0) AS orders, coalesce(l.units, 0) AS units,
       coalesce(l.gross_sales, 0) AS gross_sales,
       ecom.ratio(l.gross_sales, sum(l.gross_sales) OVER (PARTITION BY month), 4) AS share_of_gross,
       coalesce(r.returned_units, 0) AS returned_units, coalesce(r.refunds, 0) AS refunds
FROM lines AS l FULL JOIN returned AS r USING (month, category);
COMMENT ON VIEW ecom.sales_by_category IS
    'Per month (in ecom.timezone) and product category (of the version sold): orders, units, gross sales and its share of the month, and the returns that arrived that month';
COMMENT ON COLUMN ecom.sales_by_category.month IS 'First day of the month';
COMMENT ON COLUMN ecom.sales_by_category.category IS 'Product category of the version sold or returned (uncategorized when none)';
COMMENT ON COLUMN ecom.sales_by_category.orders IS 'Orders with a line of the category';
COMMENT ON COLUMN ecom.sales_by_category.units IS 'Units sold';
COMMENT ON COLUMN ecom.sales_by_category.gross_sales IS 'Price x quantity of the lines (order discounts not allocated)';
COMMENT ON COLUMN ecom.sales_by_category.share_of_gross IS 'gross_sales / gross sales of all categories that month, 4 decimals';
COMMENT ON COLUMN ecom.sales_by_category.returned_units IS 'Units of returns that arrived that month';
COMMENT ON COLUMN ecom.sales_by_category.refunds IS 'Refunds of returns that arrived that month';

CREATE VIEW ecom.campaign_roi AS
SELECT k.campaign_id, k.campaign_name, k.channel, k.start_date, k.end_date, k.spend,
       count(o.order_key) AS orders, count(DISTINCT o.customer_key) AS customers,
       coalesce(sum(o.net), 0) AS attributed_revenue,
       ecom.ratio(coalesce(sum(o.net), 0) - k.spend, k.spend, 4) AS roi,
       ecom.ratio(coalesce(sum(o.net), 0), k.spend, 4) AS roas,
       ecom.ratio(k.spend, count(o.order_key), 2) AS cost_per_order
FROM ecom.dim_campaign AS k
LEFT JOIN ecom.fct_orders AS o ON o.campaign_key = k.campaign_key AND o.status <> 'cancelled'
WHERE k.campaign_key <> 0
GROUP BY k.campaign_key;
COMMENT ON VIEW ecom.campaign_roi IS
    'Per campaign: spend, attributed orders (orders carrying the campaign, not cancelled) and their net revenue, ROI = (revenue - spend) / spend, ROAS = revenue / spend, cost per order';
COMMENT ON COLUMN ecom.campaign_roi.campaign_id IS 'Campaign key';
COMMENT ON COLUMN ecom.campaign_roi.campaign_name IS 'Campaign name';
COMMENT ON COLUMN ecom.campaign_roi.channel IS 'Marketing channel';
COMMENT ON COLUMN ecom.campaign_roi.start_date IS 'First day';
COMMENT ON COLUMN ecom.campaign_roi.end_date IS 'Last day';
COMMENT ON COLUMN ecom.campaign_roi.spend IS 'Total spend';
COMMENT ON COLUMN ecom.campaign_roi.orders IS 'Attributed orders (not cancelled)';
COMMENT ON COLUMN ecom.campaign_roi.customers IS 'Distinct customers of the attributed orders (all guests count as one)';
COMMENT ON COLUMN ecom.campaign_roi.attributed_revenue IS 'Net revenue (gross - discounts - refunds) of the attributed orders';
COMMENT ON COLUMN ecom.campaign_roi.roi IS '(attributed_revenue - spend) / spend, 4 decimals; NULL without spend';
COMMENT ON COLUMN ecom.campaign_roi.roas IS 'attributed_revenue / spend (return on ad spend), 4 decimals';
COMMENT ON COLUMN ecom.campaign_roi.cost_per_order IS 'spend / orders; NULL without orders';

CREATE VIEW ecom.new_vs_repeat AS
SELECT date_trunc('month', o.order_date::timestamp)::date AS month,
       CASE WHEN o.customer_key = 0 THEN 'guest' WHEN o.created_at = c.first_order_at THEN 'new' ELSE 'repeat' END AS customer_type,
       count(*) AS orders, count(DISTINCT o.customer_key) AS customers, sum(o.gross) AS gross_sales, sum(o.net) AS net_sales,
       ecom.ratio(sum(o.gross - o.discount), count(*), 2) AS average_order_value
FROM ecom.fct_orders AS o JOIN ecom.dim_customer AS c ON c.customer_key = o.customer_key
WHERE o.status <> 'cancelled'
GROUP BY 1, 2;
COMMENT ON VIEW ecom.new_vs_repeat IS
    'Per month (in ecom.timezone): orders and sales of first orders (new), later orders of known customers (repeat) and guest checkouts';
COMMENT ON COLUMN ecom.new_vs_repeat.month IS 'First day of the month of the orders';
COMMENT ON COLUMN ecom.new_vs_repeat.customer_type IS 'new (the customer''s first order), repeat (a later order) or guest';
COMMENT ON COLUMN ecom.new_vs_repeat.orders IS 'Orders (not cancelled)';
COMMENT ON COLUMN ecom.new_vs_repeat.customers IS 'Distinct customers (all guests count as one)';
COMMENT ON COLUMN ecom.new_vs_repeat.gross_sales IS 'Price x quantity of the merchandise';
COMMENT ON COLUMN ecom.new_vs_repeat.net_sales IS 'gross - discounts - refunds of these orders';
COMMENT ON COLUMN ecom.new_vs_repeat.average_order_value IS '(gross_sales - discounts) / orders';
