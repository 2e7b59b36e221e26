-- bench/peers/job.seg hand-written as one PostgreSQL query, for bench/sql_bench.sh: the metrics in
-- one grouped pass over orders, seg's default quintiles (R rfm: type-7 quantile breaks at 0.2 ..
-- 0.8, + 1 as R rfm; bin = 1 + the breaks at or below the value; recency descending) with percentile_cont, the
-- lifecycle CASE in priority order, one row per customer with the job's scores. UTC days;
-- as_of 2025-06-30 (events after it are not counted, as in seg).
WITH o AS (
  SELECT customer,
         count(*) AS n_orders,
         DATE '2025-06-30' - max(d) AS recency,
         count(*) FILTER (WHERE d > DATE '2025-06-30' - 365) AS frequency,
         sum(amount) FILTER (WHERE d > DATE '2025-06-30' - 365) AS monetary,
         count(*) FILTER (WHERE d > DATE '2025-06-30' - 30) AS orders_30d,
         count(*) FILTER (WHERE discounted)::float8 / count(*) AS discount_share
  FROM (SELECT customer, amount, discounted, (ts AT TIME ZONE 'UTC')::date AS d FROM orders) e
  WHERE d <= DATE '2025-06-30'
  GROUP BY customer
), m AS (
  SELECT c.id, coalesce(o.n_orders, 0) AS n_orders, o.recency::float8 AS recency,
         coalesce(o.frequency, 0) AS frequency, coalesce(o.monetary, 0) AS monetary,
         coalesce(o.orders_30d, 0) AS orders_30d, o.discount_share
  FROM customers c LEFT JOIN o ON o.customer = c.id
), cuts AS (
  SELECT percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY recency) AS rc,
         percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY frequency) AS fc,
         percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY monetary) AS mc
  FROM m
), s AS (
  SELECT m.*,
         CASE WHEN recency IS NULL THEN NULL ELSE 5 - (recency >= rc[1] + 1)::int - (recency >= rc[2] + 1)::int
              - (recency >= rc[3] + 1)::int - (recency >= rc[4] + 1)::int END AS r,
         1 + (frequency >= fc[1] + 1)::int + (frequency >= fc[2] + 1)::int + (frequency >= fc[3] + 1)::int
           + (frequency >= fc[4] + 1)::int AS f,
         1 + (monetary >= mc[1] + 1)::int + (monetary >= mc[2] + 1)::int + (monetary >= mc[3] + 1)::int
           + (monetary >= mc[4] + 1)::int AS m
  FROM m, cuts
)
SELECT id,
       CASE WHEN n_orders = 0 THEN 'No orders'
            WHEN r >= 4 AND f >= 4 AND m >= 4 THEN 'Champions'
            WHEN r >= 3 AND f >= 4 THEN 'Loyal'
            WHEN orders_30d >= 3 AND discount_share >= 0.5 THEN 'Discount hunters'
            WHEN r = 5 AND frequency <= 1 THEN 'New'
            WHEN r >= 4 AND f >= 2 THEN 'Potential loyalists'
            WHEN r <= 2 AND f >= 3 THEN 'At risk'
            WHEN recency > 180 THEN 'Hibernating'
            WHEN r = 1 THEN 'Lost'
            ELSE 'Others' END AS lifecycle,
       n_orders, recency, frequency, monetary, orders_30d, discount_share, r, f, m
FROM s
ORDER BY id;
