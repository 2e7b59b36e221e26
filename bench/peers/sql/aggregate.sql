-- One row of metrics per customer, as the `let`s of bench/peers/job.seg: recency in days since
-- the last order, frequency and monetary over the last 365 days (as_of and the 364 days before
-- it), orders in the last 30 days, the share of discounted orders. Same text for both peers.
DROP TABLE IF EXISTS agg;
CREATE TABLE agg AS
SELECT c.id,
       coalesce(o.n_orders, 0) AS n_orders,
       o.recency,
       coalesce(o.frequency, 0) AS frequency,
       coalesce(o.monetary, 0) AS monetary,
       coalesce(o.orders_30d, 0) AS orders_30d,
       o.discount_share
FROM customers c
LEFT JOIN (
  SELECT customer,
         count(*) AS n_orders,
         DATE '2025-06-30' - max(ts)::date AS recency,
         count(*) FILTER (WHERE ts::date > DATE '2025-06-30' - 365) AS frequency,
         sum(amount) FILTER (WHERE ts::date > DATE '2025-06-30' - 365) AS monetary,
         count(*) FILTER (WHERE ts::date > DATE '2025-06-30' - 30) AS orders_30d,
         avg(CASE WHEN discounted THEN 1.0 ELSE 0.0 END) AS discount_share
  FROM orders
  GROUP BY customer
) o ON o.customer = c.id;
