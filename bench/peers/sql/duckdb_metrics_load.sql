-- The classify-only input: classify_bench --csv writes it (the same metrics, same seed).
CREATE OR REPLACE TABLE metrics AS SELECT * FROM read_csv('@CSV@', header = true, auto_detect = false,
  columns = {'id': 'VARCHAR', 'r': 'INTEGER', 'f': 'INTEGER', 'm': 'INTEGER', 'recency_days': 'INTEGER',
             'frequency': 'INTEGER', 'monetary': 'DECIMAL(18,4)', 'newsletter': 'BOOLEAN',
             'discount_lover': 'BOOLEAN', 'b2b': 'BOOLEAN'});
