-- PostgreSQL: the three CSVs into UNLOGGED tables (no WAL: the closest to an in-memory load),
-- every column with the type seg declares. @DIR@ is replaced by the data directory.
DROP TABLE IF EXISTS customers, orders, visits;
CREATE UNLOGGED TABLE customers (id text, signup date, city text, city_tier int, channel text, age int,
  gender text, tags text);
CREATE UNLOGGED TABLE orders (order_id bigint, customer text, ts timestamptz, amount numeric(18,4), quantity int,
  unit_price numeric(18,4), category text, discounted boolean, status text);
CREATE UNLOGGED TABLE visits (customer text, ts timestamptz, page text, category text);
COPY customers FROM '@DIR@/customers.csv' (FORMAT csv, HEADER true);
COPY orders FROM '@DIR@/orders.csv' (FORMAT csv, HEADER true);
COPY visits FROM '@DIR@/visits.csv' (FORMAT csv, HEADER true);
