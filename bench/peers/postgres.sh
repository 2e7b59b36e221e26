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
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] || unavailable "no PostgreSQL server (apt-get install -y postgresql)"
command -v psql >/dev/null || unavailable "no psql client"
user=$(id -un)
if [ "$(id -u)" = 0 ]; then
  user=segbench
  id "$user" >/dev/null 2>&1 || useradd -m "$user" || unavailable "cannot create the user $user"
fi
as_user() { if [ "$(id -un)" = "$user" ]; then bash -c "$1"; else su "$user" -s /bin/bash -c "$1"; fi; }
cluster=$(mktemp -d /tmp/seg-pg-XXXXXX)
chown "$user" "$cluster"
port=$((55000 + RANDOM % 1000))
cleanup() { as_user "$bindir/pg_ctl -D $cluster/db -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$cluster"; }
trap cleanup EXIT
as_user "$bindir/initdb -D $cluster/db -A trust -U $user -E UTF8 --locale=C.UTF-8" >"$cluster/initdb.log" 2>&1 ||
  unavailable "initdb failed: $(tail -1 "$cluster/initdb.log")"
cat >>"$cluster/db/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$cluster'
shared_buffers = 4GB
work_mem = 2GB
maintenance_work_mem = 2GB
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 16GB
max_worker_processes = 4
max_parallel_workers = 2
timezone = 'UTC'
CONF
as_user "$bindir/pg_ctl -D $cluster/db -l $cluster/server.log -w start" >/dev/null 2>&1 ||
  unavailable "the server did not start: $(tail -1 "$cluster/server.log" 2>/dev/null)"
echo "postgres_version $(psql -X -A -t -h 127.0.0.1 -p $port -U "$user" -d postgres -c 'SHOW server_version' | cut -d' ' -f1)"

# Runs a step's statements in one session; prints the sum of psql's "Time:" lines in ms.
step() {  # step WORKERS SQL_FILE [SUBST_FROM SUBST_TO]
  local workers=$1 file=$here/sql/$2 script=$cluster/step.sql
  { echo "SET max_parallel_workers_per_gather = $workers;"
    echo "SET client_min_messages = warning;"
    echo '\timing on'
    if [ $# -ge 4 ]; then sed "s|$3|$4|g" "$file"; else cat "$file"; fi; } >"$script"
  psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $port -U "$user" -d postgres -f "$script" |
    awk '/^Time: / { sum += $2 } END { printf "%.3f\n", sum }'
}
best() {  # best WORKERS SQL_FILE
  local b="" t
  for _ in $(seq "$reps"); do
    t=$(step "$@")
    b=$(awk -v a="${b:-1e300}" -v c="$t" 'BEGIN { printf "%.3f", (c < a ? c : a) }')
  done
  echo "$b"
}
psql_q() { psql -X -A -t -F= -h 127.0.0.1 -p $port -U "$user" -d postgres -c "$1" | tr ' \n' '_,' | sed 's/,$//'; echo; }

echo "postgres_load_1t_ms $(step 0 pg_load.sql @DIR@ "$data")"
for workers in 0 1; do
  t=$((workers + 1))
  echo "postgres_aggregate_${t}t_ms $(best $workers aggregate.sql)"
  echo "postgres_quantile_${t}t_ms $(best $workers quantile.sql)"
  echo "postgres_classify_${t}t_ms $(best $workers classify.sql)"
  echo "postgres_job_buckets_${t}t $(psql_q 'SELECT lifecycle, count(*) FROM segmented GROUP BY 1 ORDER BY 1')"
done
psql -X -q -h 127.0.0.1 -p $port -U "$user" -d postgres -c 'DROP TABLE customers, orders, visits, agg, scored, segmented'
if [ -n "$metrics" ]; then
  echo "postgres_metrics_load_1t_ms $(step 0 pg_metrics_load.sql @CSV@ "$metrics")"
  for workers in 0 1; do
    t=$((workers + 1))
    echo "postgres_classify_only_${t}t_ms $(best $workers classify_only.sql)"
  done
  echo "postgres_classify_only_buckets $(psql_q 'SELECT bucket, count(*) FROM classified GROUP BY 1 ORDER BY 1')"
fi
