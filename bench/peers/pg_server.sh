# A throw-away PostgreSQL cluster for the benchmarks, sourced by bench/peers/postgres.sh and
# bench/postgres_io.sh: `pg_server_start` runs initdb and pg_ctl in a temporary directory on
# 127.0.0.1 (a random port, trust authentication), owned by a non-root user (segbench, created
# when run as root: PostgreSQL refuses to run as root), tuned for throw-away data (no fsync, big
# buffers), and stops and removes it when the calling script exits. Afterwards $pg_bindir,
# $pg_user, $pg_port and $pg_cluster are set, and `pg_psql ARGS...` runs psql against it.
# The caller defines `unavailable REASON...` (print the reason, exit); it is called when there is
# no PostgreSQL to run.
# With PG_KEEP_DIR=DIR the cluster lives in DIR and is kept: a later run starts the same cluster
# again (its tables still loaded) instead of running initdb, and it is stopped cleanly (an
# immediate stop would make PostgreSQL empty the UNLOGGED tables at the next start).
pg_server_start() {
  pg_bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$pg_bindir" ] && [ -x "$pg_bindir/initdb" ] || unavailable "no PostgreSQL server (apt-get install -y postgresql)"
  command -v psql >/dev/null || unavailable "no psql client"
  pg_user=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    pg_user=segbench
    id "$pg_user" >/dev/null 2>&1 || useradd -m "$pg_user" || unavailable "cannot create the user $pg_user"
  fi
  if [ -n "${PG_KEEP_DIR:-}" ]; then
    pg_cluster=$PG_KEEP_DIR
    mkdir -p "$pg_cluster" || unavailable "cannot create $pg_cluster"
  else
    pg_cluster=$(mktemp -d /tmp/seg-pg-XXXXXX)
  fi
  chown "$pg_user" "$pg_cluster"
  pg_port=$((55000 + RANDOM % 1000))
  trap pg_server_stop EXIT
  if [ -f "$pg_cluster/db/PG_VERSION" ]; then
    pg_as_user "$pg_bindir/pg_ctl -D $pg_cluster/db -o '-p $pg_port' -l $pg_cluster/server.log -w start" >/dev/null 2>&1 ||
      unavailable "the kept cluster in $pg_cluster did not start: $(tail -1 "$pg_cluster/server.log" 2>/dev/null)"
    return
  fi
  pg_as_user "$pg_bindir/initdb -D $pg_cluster/db -A trust -U $pg_user -E UTF8 --locale=C.UTF-8" \
    >"$pg_cluster/initdb.log" 2>&1 || unavailable "initdb failed: $(tail -1 "$pg_cluster/initdb.log")"
  cat >>"$pg_cluster/db/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$pg_cluster'
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
  pg_as_user "$pg_bindir/pg_ctl -D $pg_cluster/db -o '-p $pg_port' -l $pg_cluster/server.log -w start" >/dev/null 2>&1 ||
    unavailable "the server did not start: $(tail -1 "$pg_cluster/server.log" 2>/dev/null)"
}

pg_as_user() {
  if [ "$(id -un)" = "$pg_user" ]; then bash -c "$1"; else su "$pg_user" -s /bin/bash -c "$1"; fi
}

pg_server_stop() {
  if [ -n "${PG_KEEP_DIR:-}" ]; then
    pg_as_user "$pg_bindir/pg_ctl -D $pg_cluster/db -m fast stop" >/dev/null 2>&1 || true
    return
  fi
  pg_as_user "$pg_bindir/pg_ctl -D $pg_cluster/db -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$pg_cluster"
}

pg_psql() { psql -X -h 127.0.0.1 -p "$pg_port" -U "$pg_user" -d postgres "$@"; }

# Runs SQL files of bench/peers/sql in one session and prints the sum of psql's "Time:" lines in
# ms: pg_step WORKERS "FILE..." [SUBST_FROM SUBST_TO]. WORKERS is max_parallel_workers_per_gather.
pg_step() {
  local workers=$1 files=$2 script=$pg_cluster/step.sql sql_dir file
  sql_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/sql" && pwd)
  { echo "SET max_parallel_workers_per_gather = $workers;"
    echo "SET client_min_messages = warning;"
    echo '\timing on'
    for file in $files; do
      if [ $# -ge 4 ]; then sed "s|$3|$4|g" "$sql_dir/$file"; else cat "$sql_dir/$file"; fi
    done; } >"$script"
  pg_psql -q -v ON_ERROR_STOP=1 -f "$script" | awk '/^Time: / { sum += $2 } END { printf "%.3f\n", sum }'
}
