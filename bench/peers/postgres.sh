#!/usr/bin/env bash
# PostgreSQL peer: a throw-away cluster on 127.0.0.1 in a temporary directory, owned by a non-root
# user (segbench, created when run as root), times the main job's steps (sql/pg_load.sql,
# aggregate.sql, quantile.sql, classify.sql) and the classify-only query with psql's \timing, at
# max_parallel_workers_per_gather 0 and 1 (1 and 2 threads), and prints one "name value" line per
# figure. COPY is single-threaded whatever the setting, so the load runs once.
#   bench/peers/postgres.sh DATA_DIR [METRICS_CSV] [REPS=3]
# Exits 3 with "postgres_unavailable REASON" when there is no PostgreSQL to run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=$(cd "$1" && pwd)
metrics=${2:-}
reps=${3:-3}
unavailable() { echo "postgres_unavailable $*"; exit 3; }
source "$here/pg_server.sh"
pg_server_start
echo "postgres_version $(pg_psql -A -t -c 'SHOW server_version' | cut -d' ' -f1)"

best() {  # best WORKERS SQL_FILE
  local b="" t
  for _ in $(seq "$reps"); do
    t=$(pg_step "$@")
    b=$(awk -v a="${b:-1e300}" -v c="$t" 'BEGIN { printf "%.3f", (c < a ? c : a) }')
  done
  echo "$b"
}
psql_q() { pg_psql -A -t -F= -c "$1" | tr ' \n' '_,' | sed 's/,$//'; echo; }

echo "postgres_load_1t_ms $(pg_step 0 pg_load.sql @DIR@ "$data")"
for workers in 0 1; do
  t=$((workers + 1))
  echo "postgres_aggregate_${t}t_ms $(best $workers aggregate.sql)"
  echo "postgres_quantile_${t}t_ms $(best $workers quantile.sql)"
  echo "postgres_classify_${t}t_ms $(best $workers classify.sql)"
  echo "postgres_job_buckets_${t}t $(psql_q 'SELECT lifecycle, count(*) FROM segmented GROUP BY 1 ORDER BY 1')"
done
pg_psql -q -c 'DROP TABLE customers, orders, visits, agg, scored, segmented'
if [ -n "$metrics" ]; then
  echo "postgres_metrics_load_1t_ms $(pg_step 0 pg_metrics_load.sql @CSV@ "$metrics")"
  for workers in 0 1; do
    t=$((workers + 1))
    echo "postgres_classify_only_${t}t_ms $(best $workers classify_only.sql)"
  done
  echo "postgres_classify_only_buckets $(psql_q 'SELECT bucket, count(*) FROM classified GROUP BY 1 ORDER BY 1')"
fi
