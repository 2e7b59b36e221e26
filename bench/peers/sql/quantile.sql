-- Quintile scores. NOTE: ntile(5) is not the rfm convention seg uses by default (R rfm package:
-- type-7 quantile breaks + 1, ties kept together); it is the peers' closest built-in operator
-- (equal-size groups, ties split arbitrarily). Customers without orders get no recency score.
DROP TABLE IF EXISTS scored;
CREATE TABLE scored AS
SELECT *,
       CASE WHEN recency IS NULL THEN NULL
            ELSE ntile(5) OVER (PARTITION BY recency IS NULL ORDER BY recency DESC) END AS r,
       ntile(5) OVER (ORDER BY frequency) AS f,
       ntile(5) OVER (ORDER BY monetary) AS m
FROM agg;
