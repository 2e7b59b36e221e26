-- DuckDB: the three CSVs into tables, every column with the type seg declares (bench/peers/job.seg).
-- @DIR@ is replaced by the data directory. Timestamps end in Z: TIMESTAMPTZ, session time zone UTC.
CREATE OR REPLACE TABLE customers AS SELECT * FROM read_csv('@DIR@/customers.csv', header = true, auto_detect = false,
  columns = {'id': 'VARCHAR', 'signup': 'DATE', 'city': 'VARCHAR', 'city_tier': 'INTEGER', 'channel': 'VARCHAR',
             'age': 'INTEGER', 'gender': 'VARCHAR', 'tags': 'VARCHAR'});
CREATE OR REPLACE TABLE orders AS SELECT * FROM read_csv('@DIR@/orders.csv', header = true, auto_detect = false,
  columns = {'order_id': 'BIGINT', 'customer': 'VARCHAR', 'ts': 'TIMESTAMPTZ', 'amount': 'DECIMAL(18,4)',
             'quantity': 'INTEGER', 'unit_price': 'DECIMAL(18,4)', 'category': 'VARCHAR', 'discounted': 'BOOLEAN',
             'status': 'VARCHAR'});
CREATE OR REPLACE TABLE visits AS SELECT * FROM read_csv('@DIR@/visits.csv', header = true, auto_detect = false,
  columns = {'customer': 'VARCHAR', 'ts': 'TIMESTAMPTZ', 'page': 'VARCHAR', 'category': 'VARCHAR'});
