# Sourced after bench/peers/ch_cluster.sh (ch_cluster_start done): `ch_load_job DIR` loads
# seg-gen's three CSV files from DIR into the cluster as the job's tables in seg's layout
# (docs/SQL.md): per shard a MergeTree table <t>_local, and a Distributed table <t> over both
# shards, sharded by customer key (cityHash64), as the tests' cluster has them.
ch_load_job() {
  local data=$1
  local shard
  for shard in 0 1; do
    ch_q $shard "CREATE TABLE customers_local (id String, signup Nullable(Date), city Nullable(String),
      city_tier Nullable(Int64), channel Nullable(String), age Nullable(Int64), gender Nullable(String),
      tags String) ENGINE = MergeTree ORDER BY id"
    ch_q $shard "CREATE TABLE orders_local (order_id Int64, customer String, ts Int64, amount Nullable(Decimal(38, 4)),
      quantity Nullable(Int64), unit_price Nullable(Decimal(38, 4)), category Nullable(String),
      discounted Nullable(UInt8), status Nullable(String)) ENGINE = MergeTree ORDER BY (customer, ts)"
    ch_q $shard "CREATE TABLE visits_local (customer String, ts Int64, page Nullable(String), category Nullable(String))
      ENGINE = MergeTree ORDER BY (customer, ts)"
    local t
    for t in customers orders visits; do
      local key=customer
      [ $t = customers ] && key=id
      ch_q $shard "CREATE TABLE $t AS ${t}_local ENGINE = Distributed(seg_cluster, default, ${t}_local, cityHash64($key))"
    done
  done
  # The CSV text into a staging table on the first server, then into the Distributed tables in
  # seg's layout (an empty field is missing, as seg's reader reads it; ClickHouse computes both
  # branches of an if, so an empty field is converted as a stand-in value, then dropped).
  ch_q 0 "CREATE TABLE customers_csv (id String, signup String, city String, city_tier String, channel String,
    age String, gender String, tags String) ENGINE = Log"
  ch_q 0 "CREATE TABLE orders_csv (order_id String, customer String, ts String, amount String, quantity String,
    unit_price String, category String, discounted String, status String) ENGINE = Log"
  ch_q 0 "CREATE TABLE visits_csv (customer String, ts String, page String, category String) ENGINE = Log"
  ch_insert 0 "INSERT INTO customers_csv FORMAT CSVWithNames" "$data/customers.csv"
  ch_insert 0 "INSERT INTO orders_csv FORMAT CSVWithNames" "$data/orders.csv"
  ch_insert 0 "INSERT INTO visits_csv FORMAT CSVWithNames" "$data/visits.csv"
  ch_q 0 "INSERT INTO customers SELECT id, if(signup = '', NULL, toDate(if(signup = '', '1970-01-01', signup))), nullIf(city, ''),
    if(city_tier = '', NULL, toInt64(if(city_tier = '', '0', city_tier))), nullIf(channel, ''), if(age = '', NULL, toInt64(if(age = '', '0', age))),
    nullIf(gender, ''), tags FROM customers_csv" insert_distributed_sync=1
  ch_q 0 "INSERT INTO orders SELECT toInt64(order_id), customer, toInt64(parseDateTimeBestEffort(ts)) * 1000000,
    if(amount = '', NULL, CAST(if(amount = '', '0', amount) AS Decimal(38, 4))), if(quantity = '', NULL, toInt64(if(quantity = '', '0', quantity))),
    if(unit_price = '', NULL, CAST(if(unit_price = '', '0', unit_price) AS Decimal(38, 4))), nullIf(category, ''),
    if(discounted = '', NULL, toUInt8(discounted = 'true')), nullIf(status, '') FROM orders_csv" insert_distributed_sync=1
  ch_q 0 "INSERT INTO visits SELECT customer, toInt64(parseDateTimeBestEffort(ts)) * 1000000, nullIf(page, ''),
    nullIf(category, '') FROM visits_csv" insert_distributed_sync=1
  local t
  for t in customers orders visits; do ch_q 0 "DROP TABLE ${t}_csv"; done  # the cluster's memory is /dev/shm
  for shard in 0 1; do ch_q $shard "OPTIMIZE TABLE orders_local FINAL" >/dev/null || true; done
}
