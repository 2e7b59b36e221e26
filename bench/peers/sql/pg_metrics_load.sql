-- The classify-only input: classify_bench --csv writes it (the same metrics, same seed).
DROP TABLE IF EXISTS metrics;
CREATE UNLOGGED TABLE metrics (id text, r int, f int, m int, recency_days int, frequency int, monetary numeric(18,4),
  newsletter boolean, discount_lover boolean, b2b boolean);
COPY metrics FROM '@CSV@' (FORMAT csv, HEADER true);
