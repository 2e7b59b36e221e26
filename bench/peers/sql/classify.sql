-- The `segments lifecycle` of bench/peers/job.seg: CASE WHEN in priority order.
DROP TABLE IF EXISTS segmented;
CREATE TABLE segmented AS
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
            ELSE 'Others' END AS lifecycle
FROM scored;
