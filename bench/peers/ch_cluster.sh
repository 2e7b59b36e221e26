# A throw-away two-shard ClickHouse cluster for the benchmarks, sourced by bench/sql_bench.sh:
# `ch_cluster_start` starts two clickhouse-server processes on free-ish loopback ports, each in
# its own temporary directory (on /dev/shm when there is one) with its own config file and the
# same `remote_servers` cluster seg_cluster naming both (as tests/support/clickhouse_cluster.cc
# does for the tests), run as `nobody` when run as root; it stops them and removes the directories
# when the calling script exits. Every statement is logged (system.query_log, for ch_query_log). Afterwards `ch_q SHARD SQL` runs SQL on one server over HTTP,
# `ch_insert SHARD SQL FILE` sends a file as an INSERT's data, and $ch_http0 is the first
# server's HTTP port. The caller defines `unavailable REASON...` (print the reason, exit).
ch_cluster_start() {
  command -v clickhouse-server >/dev/null || unavailable "no clickhouse-server (apt-get install -y clickhouse-server)"
  local base=/tmp
  [ -w /dev/shm ] && base=/dev/shm
  ch_dir=$(mktemp -d "$base/seg-bench-ch-XXXXXX")
  chmod 755 "$ch_dir"  # the servers run as nobody
  trap ch_cluster_stop EXIT
  local port0=$((30000 + RANDOM % 20000)) shard
  ch_http=() ch_pids=()
  local shards=""
  for shard in 0 1; do
    ch_http[$shard]=$((port0 + 10 * shard))
    shards+="<shard><replica><host>127.0.0.1</host><port>$((port0 + 10 * shard + 1))</port></replica></shard>"
  done
  for shard in 0 1; do
    local d=$ch_dir/s$shard p=${ch_http[$shard]}
    mkdir -p "$d/data" "$d/tmp" "$d/user_files" "$d/format_schemas"
    cat >"$d/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
 <logger><level>warning</level><log>$d/server.log</log><errorlog>$d/error.log</errorlog><console>0</console></logger>
 <listen_host>127.0.0.1</listen_host>
 <http_port>$p</http_port><tcp_port>$((p + 1))</tcp_port><interserver_http_port>$((p + 2))</interserver_http_port>
 <interserver_http_host>127.0.0.1</interserver_http_host>
 <path>$d/data/</path><tmp_path>$d/tmp/</tmp_path><user_files_path>$d/user_files/</user_files_path>
 <format_schema_path>$d/format_schemas/</format_schema_path>
 <mark_cache_size>268435456</mark_cache_size>
 <users_config>$d/users.xml</users_config>
 <default_profile>default</default_profile><default_database>default</default_database>
 <timezone>UTC</timezone>
 <remote_servers><seg_cluster>$shards</seg_cluster></remote_servers>
</yandex>
XML
    cat >"$d/users.xml" <<XML
<?xml version="1.0"?>
<yandex><profiles><default><max_memory_usage>8000000000</max_memory_usage><log_queries>1</log_queries></default></profiles>
<users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
<quotas><default></default></quotas></yandex>
XML
    local run=()
    if [ "$(id -u)" = 0 ]; then
      chown -R nobody "$d"
      run=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
    fi
    "${run[@]}" clickhouse-server --config-file="$d/config.xml" >"$d/stdout.log" 2>&1 &
    ch_pids[$shard]=$!
  done
  for shard in 0 1; do
    local tries=0
    until curl -sf "http://127.0.0.1:${ch_http[$shard]}/" --data-binary 'SELECT 1' >/dev/null 2>&1; do
      tries=$((tries + 1))
      [ $tries -lt 120 ] || unavailable "clickhouse-server did not start: $(tail -3 "$ch_dir/s$shard/error.log" 2>/dev/null)"
      sleep 0.5
    done
  done
  ch_http0=${ch_http[0]}
}

ch_cluster_stop() {
  local pid
  for pid in "${ch_pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null; done
  wait 2>/dev/null || true
  [ -n "${ch_dir:-}" ] && rm -rf "$ch_dir"
}

# ch_q SHARD SQL [SETTING=VALUE...]: SQL to one server over HTTP; prints the answer, fails on an error.
ch_q() {
  local url="http://127.0.0.1:${ch_http[$1]}/?max_query_size=1073741824" sql=$2
  shift 2
  local s
  for s in "$@"; do url+="&$s"; done
  curl -sS --fail-with-body "$url" --data-binary "$sql"
}

# ch_insert SHARD "INSERT INTO t FORMAT CSVWithNames" FILE: the file as the INSERT's data,
# streamed (-T: curl reads --data-binary @FILE into memory, and refuses a file over 1 GiB).
ch_insert() {
  local query
  query=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$2")
  curl -sS --fail-with-body -X POST -H 'Transfer-Encoding: chunked' -T "$3" \
    "http://127.0.0.1:${ch_http[$1]}/?query=$query&insert_distributed_sync=1"
}

# ch_query_log: the server's own figures of the statements run so far that group the orders (the
# job's): per distinct statement, "seg #N" (the Nth seg statement to run first: with
# SEG_BASELINE, #1 is this build's, #2 the baseline's) or "hand" (bench/peers/sql/seg_job_ch.sql), its runs, the
# least wall time and CPU (user + system, both servers: the initiator's and the other shard's),
# the rows and bytes read, the most memory; as a Markdown table.
ch_query_log() {
  local shard
  for shard in 0 1; do ch_q $shard "SYSTEM FLUSH LOGS" >/dev/null; done
  local cpu='(ProfileEvents.Values[indexOf(ProfileEvents.Names, '"'UserTimeMicroseconds'"')] +
    ProfileEvents.Values[indexOf(ProfileEvents.Names, '"'SystemTimeMicroseconds'"')]) / 1e6'
  # Per query of the other shard's server: the CPU its part took.
  local remote
  remote=$(ch_q 1 "SELECT initial_query_id, sum($cpu) FROM system.query_log WHERE type = 2 AND NOT is_initial_query
    GROUP BY initial_query_id FORMAT TSV")
  echo "| statement | runs | least wall (s) | least CPU, both servers (s) | rows read | bytes read | most memory (MB) |"
  echo "|---|---|---|---|---|---|---|"
  ch_q 0 "SELECT query_id, if(query LIKE '%hand-written%', 'hand', 'seg'), cityHash64(query), query_duration_ms / 1000,
    $cpu, read_rows, read_bytes, memory_usage
    FROM system.query_log WHERE type = 2 AND is_initial_query AND query LIKE '%FROM%orders%GROUP BY%'
    AND query NOT LIKE '%system.query_log%' AND query NOT LIKE 'INSERT%' ORDER BY event_time FORMAT TSV" |
    awk -F'\t' -v remote="$remote" '
      BEGIN { n = split(remote, lines, "\n"); for (i = 1; i <= n; i++) { split(lines[i], f, "\t"); other[f[1]] = f[2] } }
      {
        key = $2 " " $3
        if (!(key in runs)) {
          order[++kinds] = key; wall[key] = 1e300; cpu[key] = 1e300
          label[key] = $2 == "seg" ? "seg #" (++segs) : $2
        }
        runs[key]++
        if ($4 < wall[key]) wall[key] = $4
        c = $5 + other[$1]; if (c < cpu[key]) cpu[key] = c
        rows[key] = $6; bytes[key] = $7; if ($8 > mem[key]) mem[key] = $8
      }
      END {
        for (k = 1; k <= kinds; k++) {
          key = order[k]
          printf "| %s (%s) | %d | %.2f | %.2f | %d | %d | %.0f |\n", label[key], substr(key, index(key, " ") + 1, 6), runs[key], wall[key], cpu[key], rows[key], bytes[key], mem[key] / 1e6
        }
      }'
}
