#!/usr/bin/env bash
# seg's generated SQL against a hand-written query of the same job, on PostgreSQL and on a
# two-shard ClickHouse, beside seg's own JIT run, in one command (issue 12 item 6):
#   bench/sql_bench.sh [CUSTOMERS=1000000] [REPS=3] [ENGINES="pg ch"]
#   ENGINES (the third argument, or the environment variable): "pg ch" (the default), "pg" or "ch",
#   which servers to run (loading 1M customers into a server takes minutes)
# The job is bench/peers/job.seg (aggregates over orders, rfm quintiles, a 10-rule lifecycle) on
# seg-gen's data (build/bench-data-N, generated once; about 20 orders per customer). Each engine
# gets the three CSV files as tables in seg's layout (docs/SQL.md); then, best of REPS:
#   seg JIT      `seg run job.seg --engine jit` on the CSV files (load + run + write)
# (on PostgreSQL seg's SQL and the hand-written query run alternately, rep by rep)
#   seg SQL      `seg run job.seg --on URL` (lowering, the one statement, which also computes
#                the quintiles' cut points: PostgreSQL in one-row CTEs over the sorted values,
#                ClickHouse from the per-customer rows gathered into arrays; reading the rows back
#                and writing the CSV)
#   hand SQL     bench/peers/sql/seg_job_{pg,ch}.sql: the same job as one query, its rows fetched
#                (psql to /dev/null; ClickHouse: curl to a file, as seg writes its file, and
#                apart to /dev/null; the server's own figures of both statements from its
#                query_log, CPU included, are printed after the table)
# and prints one table with the ratio seg SQL / hand SQL per engine. Servers are throw-away
# (bench/peers/pg_server.sh, bench/peers/ch_cluster.sh); an engine that cannot run is reported
# "unavailable" with the reason. The machine may be shared and noisy: all figures of a table come
# from this one run.
# SEG_BENCH_SEG=PATH runs that seg binary instead of build/bin/seg (another build, same session).
# SEG_BENCH_PG_DIR=DIR keeps the PostgreSQL cluster (and its loaded tables) in DIR: a later run
# with the same data starts it again and skips the load (about a minute for 1M customers).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
customers=${1:-1000000}
reps=${2:-3}
engines=${3:-${ENGINES:-pg ch}}  # the engines to run: pg, ch or both (the other's row reads "not run")
as_of=2025-06-30
data=$root/build/bench-data-$customers
work=$root/build/bench-sql
mkdir -p "$work"
job=$root/bench/peers/job.seg
seg=${SEG_BENCH_SEG:-$root/build/bin/seg}  # SEG_BENCH_SEG=PATH times another build of seg (a before/after pair)
# SEG_BASELINE=PATH: another seg binary (say main's) timed beside this one on ClickHouse, rep by rep.
baseline=${SEG_BASELINE:-}

source "$root/bench/lib.sh"
build_targets seg seg-gen
generate_data "$customers" "$data" "$as_of"

# seconds COMMAND...: the wall time of one run, in seconds; least A B: the smaller.
seconds() {
  local s e
  s=$(date +%s.%N)
  "$@" >/dev/null
  e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }'
}
least() { awk -v a="$1" -v c="$2" 'BEGIN { printf "%.3f", (c < a ? c : a) }'; }
# best COMMAND...: the fastest wall time of REPS runs, in seconds.
best() {
  local b=1e300
  for _ in $(seq "$reps"); do b=$(least "$b" "$(seconds "$@")"); done
  echo "$b"
}
# lifecycles FILE SEPARATOR [HEADER_LINES]: how many customers each lifecycle segment holds (the
# second column), to check that a hand-written query computes the job seg computes.
lifecycles() { tail -n +$((${3:-0} + 1)) "$1" | cut -d"$2" -f2 | sort | uniq -c; }
# Figures as "key value" lines: each engine runs in a subshell (its server stops when it exits).
figures=$work/figures-$customers.kv
: >"$figures"
rm -f "$work/ch_query_log.md"
put() { echo "$1 $2" >>"$figures"; }

echo "== seg JIT on the CSV files" >&2
inputs="--input customers=$data/customers.csv --input orders=$data/orders.csv --input visits=$data/visits.csv"
# shellcheck disable=SC2086
put jit "$(best "$seg" run "$job" $inputs --as-of "$as_of" --engine jit --quiet --out "$work/jit.csv")"
"$seg" run "$job" $inputs --as-of "$as_of" --engine jit --quiet --out "$work/jit.csv"

# ---- PostgreSQL
pg() (
  unavailable() { echo "postgres unavailable: $*" >&2; put pg_seg unavailable; put pg_hand unavailable; exit 0; }
  source "$root/bench/peers/pg_server.sh"
  PG_KEEP_DIR=${SEG_BENCH_PG_DIR:-}  # read by pg_server_stop too, when the subshell exits
  pg_server_start
  # A kept cluster records which data it holds (the directory and the orders file's time).
  local loaded
  loaded="$data $(stat -c %Y "$data/orders.csv")"
  if [ -n "${SEG_BENCH_PG_DIR:-}" ] && [ "$(cat "$pg_cluster/loaded-from" 2>/dev/null)" = "$loaded" ]; then
    echo "== PostgreSQL $(pg_psql -A -t -c 'SHOW server_version' | cut -d' ' -f1): the kept cluster in $pg_cluster, loaded" >&2
    put pg_load kept
  else
    echo "== PostgreSQL $(pg_psql -A -t -c 'SHOW server_version' | cut -d' ' -f1): loading" >&2
    rm -f "$pg_cluster/loaded-from"
    local load_ms
    load_ms=$(pg_step 0 pg_load.sql @DIR@ "$data")
    pg_psql -q -c 'ANALYZE' >/dev/null
    put pg_load "$(awk -v ms="$load_ms" 'BEGIN { printf "%.1f", ms / 1000 }')"
    if [ -n "${SEG_BENCH_PG_DIR:-}" ]; then echo "$loaded" >"$pg_cluster/loaded-from"; fi
  fi
  local url="postgresql://$pg_user@127.0.0.1:$pg_port/postgres"
  local tables="--input customers=customers --input orders=orders --input visits=visits"
  echo "== PostgreSQL: seg SQL and hand SQL" >&2
  # shellcheck disable=SC2086
  # Alternately, so that a change in the shared machine's load weighs on both alike.
  local seg_best=1e300 hand_best=1e300
  for _ in $(seq "$reps"); do
    seg_best=$(least "$seg_best" "$(seconds "$seg" run "$job" --on "$url" $tables --as-of "$as_of" --quiet --out "$work/pg.csv")")
    hand_best=$(least "$hand_best" "$(seconds pg_psql -q -A -F, -o /dev/null -f "$root/bench/peers/sql/seg_job_pg.sql")")
  done
  put pg_seg "$seg_best"
  put pg_hand "$hand_best"
  # shellcheck disable=SC2086
  "$seg" run "$job" --on "$url" $tables --as-of "$as_of" --quiet --out "$work/pg.csv"
  if cmp -s "$work/pg.csv" "$work/jit.csv"; then put pg_same yes; else put pg_same NO; fi
  pg_psql -q -A -F, -t -o "$work/pg_hand.csv" -f "$root/bench/peers/sql/seg_job_pg.sql"
  if [ "$(lifecycles "$work/pg_hand.csv" ,)" = "$(lifecycles "$work/jit.csv" , 1)" ]; then put pg_hand_same yes; else put pg_hand_same NO; fi
)
if [[ " $engines " == *" pg "* ]]; then pg || put pg_seg failed; else put pg_seg "not run"; put pg_hand "not run"; fi

# ---- ClickHouse, two shards
ch() (
  unavailable() { echo "clickhouse unavailable: $*" >&2; put ch_seg unavailable; put ch_hand unavailable; exit 0; }
  source "$root/bench/peers/ch_cluster.sh"
  ch_cluster_start
  echo "== ClickHouse $(ch_q 0 'SELECT version()'), two shards: loading" >&2
  source "$root/bench/peers/ch_load.sh"
  local start
  start=$(date +%s.%N)
  ch_load_job "$data"
  put ch_load "$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }')"
  echo "   rows per shard (orders): $(ch_q 0 'SELECT count() FROM orders_local') $(ch_q 1 'SELECT count() FROM orders_local')" >&2
  local url="clickhouse://127.0.0.1:$ch_http0/default"
  local tables="--input customers=customers --input orders=orders --input visits=visits"
  echo "== ClickHouse: seg SQL and hand SQL" >&2
  # Alternately, rep by rep. The same job done on both sides: seg writes its CSV file, the hand
  # query's rows go to a file too (and, as before, to /dev/null, reported apart).
  local hand_sql seg_best=1e300 base_best=1e300 hand_best=1e300 null_best=1e300
  hand_sql=$(cat "$root/bench/peers/sql/seg_job_ch.sql")
  # shellcheck disable=SC2317  # called through `seconds`
  hand_to() { ch_q 0 "$hand_sql" >"$1"; }
  for _ in $(seq "$reps"); do
    # shellcheck disable=SC2086
    seg_best=$(least "$seg_best" "$(seconds "$seg" run "$job" --on "$url" $tables --as-of "$as_of" --quiet --out "$work/ch.csv")")
    if [ -n "$baseline" ]; then
      # shellcheck disable=SC2086
      base_best=$(least "$base_best" "$(seconds "$baseline" run "$job" --on "$url" $tables --as-of "$as_of" --quiet --out "$work/ch_base.csv")")
    fi
    hand_best=$(least "$hand_best" "$(seconds hand_to "$work/ch_hand.tsv")")
    null_best=$(least "$null_best" "$(seconds ch_q 0 "$hand_sql")")
  done
  put ch_seg "$seg_best"
  put ch_hand "$hand_best"
  put ch_hand_null "$null_best"
  [ -n "$baseline" ] && put ch_base "$base_best"
  ch_query_log >"$work/ch_query_log.md"
  # shellcheck disable=SC2086
  "$seg" run "$job" --on "$url" $tables --as-of "$as_of" --quiet --out "$work/ch.csv"
  # A server lists customers in key order; seg-gen's customer file is in key order too.
  if cmp -s "$work/ch.csv" "$work/jit.csv"; then put ch_same yes; else put ch_same NO; fi
  ch_q 0 "$(cat "$root/bench/peers/sql/seg_job_ch.sql")" >"$work/ch_hand.tsv"
  if [ "$(lifecycles "$work/ch_hand.tsv" $'\t')" = "$(lifecycles "$work/jit.csv" , 1)" ]; then put ch_hand_same yes; else put ch_hand_same NO; fi
)
if [[ " $engines " == *" ch "* ]]; then ch || put ch_seg failed; else put ch_seg "not run"; put ch_hand "not run"; fi

declare -A fig
while read -r key value; do fig[$key]=$value; done <"$figures"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }'; }
orders=$(($(wc -l <"$data/orders.csv") - 1))
echo
echo "## bench/peers/job.seg, $customers customers, $orders orders (best of $reps, seconds, wall)"
echo
echo "| engine | seg's generated SQL | hand-written SQL | seg SQL / hand SQL | seg's output = JIT's | hand's segments = seg's |"
echo "|---|---|---|---|---|---|"
echo "| PostgreSQL | ${fig[pg_seg]:--} | ${fig[pg_hand]:--} | $(ratio "${fig[pg_seg]:--}" "${fig[pg_hand]:--}") | ${fig[pg_same]:--} | ${fig[pg_hand_same]:--} |"
echo "| ClickHouse, 2 shards | ${fig[ch_seg]:--} | ${fig[ch_hand]:--} | $(ratio "${fig[ch_seg]:--}" "${fig[ch_hand]:--}") | ${fig[ch_same]:--} | ${fig[ch_hand_same]:--} |"
echo "| seg JIT, local CSV files | ${fig[jit]:--} | | | | |"
if [ "${fig[pg_load]:-}" = kept ]; then
  echo && echo "PostgreSQL ran on the cluster kept in \$SEG_BENCH_PG_DIR, its tables loaded by an earlier run."
elif [ -n "${fig[pg_load]:-}" ]; then
  echo && echo "PostgreSQL loaded the three CSV files (COPY into UNLOGGED tables) in ${fig[pg_load]} s."
fi
[ -n "${fig[ch_load]:-}" ] && echo && echo "Loading the three CSV files into the two-shard ClickHouse took ${fig[ch_load]} s."
if [ -n "${fig[ch_hand_null]:-}" ]; then
  echo
  echo "ClickHouse's hand-written query with its rows to /dev/null instead of a file: ${fig[ch_hand_null]} s" \
    "(seg SQL / that: $(ratio "${fig[ch_seg]:--}" "${fig[ch_hand_null]:--}"))."
fi
if [ -n "${fig[ch_base]:-}" ]; then
  echo
  echo "seg SQL on ClickHouse with the baseline binary ($baseline): ${fig[ch_base]} s" \
    "(baseline / hand SQL: $(ratio "${fig[ch_base]}" "${fig[ch_hand]:--}"))."
fi
if [ -s "$work/ch_query_log.md" ]; then
  echo
  echo "ClickHouse's query_log for the job's statements (each distinct text, by the first digits of its hash;" \
    "seg #1 is this build${baseline:+, seg #2 the baseline}):"
  echo
  cat "$work/ch_query_log.md"
fi
true
