#!/usr/bin/env bash
# seg against its peers and its yardstick, in one command:
#   bench/compare.sh [CUSTOMERS=1000000] [CLASSIFY_CUSTOMERS=10000000] [REPS=3]
# Builds the bench targets, generates the data once (build/bench-data-N), times the main job of
# bench/peers/job.seg step by step with seg (load, index, aggregate, quantile, classify; interpreter
# and JIT; 1 and 2 threads), DuckDB (@duckdb/node-api, npm-installed into bench/peers/node_modules)
# and PostgreSQL (Debian package, a throw-away cluster), the classification step alone at
# CLASSIFY_CUSTOMERS (bench/classify_bench: seg vs a hand-written loop, and the same 20 rules as SQL
# in both peers), and prints one table. A peer that cannot run is reported "unavailable" with
# the reason. All figures of a table come from this one run; the machine may be shared and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
customers=${1:-1000000}
classify_customers=${2:-10000000}
reps=${3:-3}
as_of=2025-06-30
data=$root/build/bench-data-$customers
work=$root/build/bench-peers
results=$work/results-$customers
mkdir -p "$work" "$results"
rm -f "$results"/*.kv

source "$root/bench/lib.sh"
build_targets seg-gen segment_bench jit_bench classify_bench
generate_data "$customers" "$data" "$as_of"
metrics=$work/metrics-$classify_customers.csv

# job.seg cut at its step markers: the prefix up to each step is a program of its own.
awk '/^\/\/ ---- quantile/{exit} {print}' bench/peers/job.seg >"$work/job_aggregate.seg"
awk '/^\/\/ ---- classify/{exit} {print}' bench/peers/job.seg >"$work/job_quantile.seg"
cp bench/peers/job.seg "$work/job_full.seg"

echo "== seg: load (every column, as the peers' readers do) and index (segment_bench)" >&2
./build/bin/segment_bench "$work/job_full.seg" "$data" "$as_of" 1,2 all | tee "$results/segment_bench.txt" >&2
awk -F'|' '/load .*\.csv|index events/ { gsub(/ /, "", $2); gsub(/ /, "", $3); gsub(/ /, "", $4);
  sub(/\.csv$/, "", $2); sub(/^load/, "load_", $2); if ($2 ~ /^index/) $2 = "index";
  printf "seg_%s_%st_ms %.3f\n", $2, $3, $4 * 1000 }' "$results/segment_bench.txt" >"$results/seg.kv"

echo "== seg: aggregate, quantile, classify (jit_bench)" >&2
./build/bin/jit_bench "$data" "$as_of" "$work/job_aggregate.seg" "$work/job_quantile.seg" "$work/job_full.seg" |
  tee "$results/jit_bench.txt" >&2
awk '/^job_/ { split($1, a, "."); n = a[1]; sub(/^job_/, "", n);
  printf "seg_%s_interp_1t_ms %s\nseg_%s_jit_1t_ms %s\nseg_%s_interp_2t_ms %s\nseg_%s_jit_2t_ms %s\n", n, $3, n, $4, n, $5, n, $6 }' \
  "$results/jit_bench.txt" >>"$results/seg.kv"

echo "== seg: classification step at $classify_customers customers (classify_bench)" >&2
csv_arg=()
[ -f "$metrics" ] || csv_arg=(--csv "$metrics")
./build/bin/classify_bench --customers "$classify_customers" --reps "$reps" --kv "$results/classify.kv" "${csv_arg[@]}" |
  tee "$results/classify_bench.txt" >&2

echo "== DuckDB" >&2
duck_reason=$(duckdb_unavailable "$results/npm.log")
if [ -z "$duck_reason" ]; then
  if ! node bench/peers/duckdb.mjs --data "$data" --metrics "$metrics" --threads 1,2 --reps "$reps" \
       >"$results/duckdb.kv" 2>"$results/duckdb.err"; then
    duck_reason="the DuckDB run failed: $(tail -1 "$results/duckdb.err")"
  fi
fi
[ -z "$duck_reason" ] || echo "duckdb_unavailable $duck_reason" >"$results/duckdb.kv"
cat "$results/duckdb.kv" >&2

echo "== PostgreSQL" >&2
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get install -y postgresql >"$results/apt.log" 2>&1 || true
fi
set +e
bench/peers/postgres.sh "$data" "$metrics" "$reps" >"$results/postgres.kv" 2>"$results/postgres.err"
rc=$?
set -e
if [ $rc -ne 0 ] && ! grep -q postgres_unavailable "$results/postgres.kv"; then
  echo "postgres_unavailable the run failed (exit $rc): $(tail -1 "$results/postgres.err")" >"$results/postgres.kv"
fi
cat "$results/postgres.kv" >&2

echo >&2
cat "$results"/*.kv | python3 bench/peers/table.py "$customers" "$(wc -l <"$data/orders.csv")" | tee "$results/table.md"
