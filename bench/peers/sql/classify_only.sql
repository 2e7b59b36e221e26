-- The 20 rules of bench/classify_bench.cc (kRules20) as CASE WHEN, over the generated metrics.
DROP TABLE IF EXISTS classified;
CREATE TABLE classified AS
SELECT id,
       CASE WHEN r >= 4 AND f >= 4 AND m >= 4 THEN 'Champions'
            WHEN f >= 4 AND r >= 3 THEN 'Loyal'
            WHEN m = 5 AND monetary >= 2000 THEN 'Big spenders'
            WHEN r >= 4 AND f >= 2 AND f <= 3 THEN 'Potential loyalists'
            WHEN r = 5 AND frequency = 1 THEN 'New'
            WHEN r = 4 AND f = 1 THEN 'Promising'
            WHEN discount_lover AND frequency >= 3 THEN 'Discount hunters'
            WHEN newsletter AND recency_days <= 30 THEN 'Engaged readers'
            WHEN r = 3 AND f = 3 AND m = 3 THEN 'Need attention'
            WHEN r = 3 AND f <= 2 THEN 'About to sleep'
            WHEN r <= 2 AND f >= 4 AND m >= 4 THEN 'Cannot lose'
            WHEN r <= 2 AND f >= 3 THEN 'At risk'
            WHEN b2b AND monetary >= 500 THEN 'Business'
            WHEN recency_days > 180 AND monetary >= 1000 THEN 'Dormant high value'
            WHEN recency_days > 180 AND frequency >= 2 THEN 'Dormant'
            WHEN newsletter AND recency_days > 365 THEN 'Lapsed readers'
            WHEN recency_days <= 60 AND monetary < 50 THEN 'Small recent'
            WHEN m = 3 OR f = 3 THEN 'Middle'
            WHEN r = 1 AND f = 1 THEN 'Lost'
            WHEN recency_days > 365 THEN 'Cold'
            ELSE 'Others' END AS bucket
FROM metrics;
