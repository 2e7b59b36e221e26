-- bench/peers/job.seg hand-written as one ClickHouse 18.16 query over the Distributed tables, for
-- bench/sql_bench.sh: the metrics in one grouped pass over orders on the shards (countIf/sumIf),
-- joined to the customers; seg's default quintiles (R rfm: type-7 quantile breaks at 0.2 .. 0.8,
-- bin = 1 + the breaks (+ 1, as R rfm) at or below the value; recency descending) from the sorted metric arrays
-- (18.16 has no type-7 quantile); the lifecycle CASE in priority order; one row per customer.
-- UTC days; as_of 2025-06-30 is day 20269; ts is Int64 microseconds, amount Decimal(38, 4).
SELECT t.1 AS id,
       multiIf(t.2 = 0, 'No orders',
               r >= 4 AND f >= 4 AND m >= 4, 'Champions',
               r >= 3 AND f >= 4, 'Loyal',
               t.6 >= 3 AND t.7 >= 0.5, 'Discount hunters',
               r = 5 AND t.4 <= 1, 'New',
               r >= 4 AND f >= 2, 'Potential loyalists',
               r <= 2 AND f >= 3, 'At risk',
               t.3 > 180, 'Hibernating',
               r = 1, 'Lost',
               'Others') AS lifecycle,
       t.2 AS n_orders, t.3 AS recency, t.4 AS frequency, t.5 AS monetary, t.6 AS orders_30d, t.7 AS discount_share,
       r, f, m
FROM (
  SELECT t,
         if(isNull(t.3), NULL, 5 - arrayCount(c -> assumeNotNull(t.3) >= c + 1, rc)) AS r,
         1 + arrayCount(c -> assumeNotNull(t.4) >= c + 1, fc) AS f,
         1 + arrayCount(c -> assumeNotNull(t.5) >= c + 1, mc) AS m
  FROM (
    SELECT groupArray(tuple(id, n_orders, recency, frequency, monetary, orders_30d, discount_share)) AS rows,
           arrayMap(p -> arrayElement(arrayMap(h -> rs[toUInt32(floor(h)) + 1] + (h - floor(h)) *
             (rs[least(toUInt32(floor(h)) + 2, length(rs))] - rs[toUInt32(floor(h)) + 1]), [(length(rs) - 1) * p]), 1),
             [0.2, 0.4, 0.6, 0.8]) AS rc,
           arrayMap(p -> arrayElement(arrayMap(h -> fs[toUInt32(floor(h)) + 1] + (h - floor(h)) *
             (fs[least(toUInt32(floor(h)) + 2, length(fs))] - fs[toUInt32(floor(h)) + 1]), [(length(fs) - 1) * p]), 1),
             [0.2, 0.4, 0.6, 0.8]) AS fc,
           arrayMap(p -> arrayElement(arrayMap(h -> ms[toUInt32(floor(h)) + 1] + (h - floor(h)) *
             (ms[least(toUInt32(floor(h)) + 2, length(ms))] - ms[toUInt32(floor(h)) + 1]), [(length(ms) - 1) * p]), 1),
             [0.2, 0.4, 0.6, 0.8]) AS mc,
           arraySort(groupArray(recency)) AS rs,
           arraySort(groupArray(toFloat64(frequency))) AS fs,
           arraySort(groupArray(toFloat64(monetary))) AS ms
    FROM (
      SELECT id, ifNull(n, 0) AS n_orders, toFloat64(rec) AS recency, ifNull(freq, 0) AS frequency,
             ifNull(toFloat64(mon), 0.) AS monetary, ifNull(o30, 0) AS orders_30d, share AS discount_share
      FROM (SELECT id FROM customers)
      ANY LEFT JOIN (
        SELECT customer AS id,
               count() AS n,
               20269 - intDiv(max(ts), 86400000000) AS rec,
               countIf(intDiv(ts, 86400000000) > 20269 - 365) AS freq,
               sumIf(amount, intDiv(ts, 86400000000) > 20269 - 365) AS mon,
               countIf(intDiv(ts, 86400000000) > 20269 - 30) AS o30,
               countIf(discounted = 1) / count() AS share
        FROM orders
        WHERE ts < 1751328000000000
        GROUP BY id
      ) USING id
    )
  )
  ARRAY JOIN rows AS t
)
ORDER BY id
SETTINGS join_use_nulls = 1
