#!/usr/bin/env bash
# A daily re-run of the main job (bench/peers/job.seg): from the CSV files, from a seg snapshot
# (`seg import` once, then `seg run --snapshot`), and DuckDB re-running it from its own database
# file (bench/peers/duckdb_rerun.mjs). Prints one table:
#   bench/snapshot.sh [CUSTOMERS=1000000] [REPS=3]
# Data: seg-gen, 20 orders and 10 visits per customer (1M customers: 20M orders), generated once
# into build/bench-data-N. Wall-clock seconds (best of REPS, the CSV run once per rep too) and the
# CPU seconds (user + system) of that best run: on a shared machine the wall clock includes
# waiting for a core and, the first time, reading the files from disk. Both seg runs use 2
# threads and the engine's default (the JIT when the data is large, cached after the first run),
# and their outputs are compared byte for byte. SEG_BASELINE=/path/to/another/seg adds a row for
# that binary's run from the same snapshot (say, one built from main), measured in the same
# invocation, so that the two compare under the same load; SEG_BASELINE_SNAPSHOT=DIR gives it a
# snapshot of its own (one it imported, when its format version is older than this seg's), and
# SEG_PAIRS (default 20) pairs of runs of the two, alternated, give the median difference.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
customers=${1:-1000000}
reps=${2:-3}
as_of=2025-06-30
data=$root/build/bench-data-$customers
work=$root/build/bench-snapshot-$customers
mkdir -p "$work"
seg=$root/build/bin/seg
job=$root/bench/peers/job.seg

source "$root/bench/lib.sh"
build_targets seg seg-gen
generate_data "$customers" "$data" "$as_of"
inputs=(--input "customers=$data/customers.csv" --input "orders=$data/orders.csv" --input "visits=$data/visits.csv")

# Runs a command REPS times; prints "best_wall cpu_of_that_run" in seconds.
best_of() {
  local best="" best_cpu="" line wall cpu
  for ((r = 0; r < reps; ++r)); do
    line=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>"$work/stderr"; } 2>&1 )
    wall=$(echo "$line" | awk '{print $1}')
    cpu=$(echo "$line" | awk '{printf "%.3f", $2 + $3}')
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN{exit !(a < b)}'; then best=$wall; best_cpu=$cpu; fi
  done
  echo "$best $best_cpu"
}

echo "== seg run from the CSV files" >&2
read -r csv_wall csv_cpu < <(best_of "$seg" run "$job" "${inputs[@]}" --as-of "$as_of" --threads 2 --out "$work/from_csv.csv" --quiet)
echo "== seg import" >&2
reps_saved=$reps; reps=1
read -r import_wall import_cpu < <(best_of "$seg" import "$job" "${inputs[@]}" --threads 2 --snapshot "$work/snapshot" --quiet)
reps=$reps_saved
snapshot_mb=$(du -sm "$work/snapshot" | awk '{print $1}')
echo "== seg run from the snapshot" >&2
read -r snap_wall snap_cpu < <(best_of "$seg" run "$job" --snapshot "$work/snapshot" --as-of "$as_of" --threads 2 --out "$work/from_snapshot.csv" --quiet)
same="identical"
cmp -s "$work/from_csv.csv" "$work/from_snapshot.csv" || same="DIFFERENT"
if [ -n "${SEG_BASELINE:-}" ]; then
  echo "== the baseline seg run from the snapshot" >&2
  read -r base_wall base_cpu < <(best_of "$SEG_BASELINE" run "$job" --snapshot "${SEG_BASELINE_SNAPSHOT:-$work/snapshot}" --as-of "$as_of" --threads 2 --out "$work/from_snapshot_baseline.csv" --quiet)
  base_same="identical"
  cmp -s "$work/from_csv.csv" "$work/from_snapshot_baseline.csv" || base_same="DIFFERENT"
  # Best-of figures of two binaries this close move with the machine from one invocation to the
  # next; runs in pairs (alternating which goes first) give the difference itself: the median
  # and quartiles of this seg's wall clock less the baseline's over SEG_PAIRS pairs.
  pairs=${SEG_PAIRS:-20}
  echo "== $pairs pairs of runs, this seg and the baseline alternated" >&2
  one_run() {  # wall seconds of one run from the snapshot
    local line
    line=$( { TIMEFORMAT='%R'; time "$1" run "$job" --snapshot "$2" --as-of "$as_of" --threads 2 \
                --out "$work/pair.csv" --quiet >/dev/null 2>"$work/stderr"; } 2>&1 )
    echo "$line"
  }
  differences=()
  for ((p = 0; p < pairs; ++p)); do
    if ((p % 2 == 0)); then
      this=$(one_run "$seg" "$work/snapshot")
      base=$(one_run "$SEG_BASELINE" "${SEG_BASELINE_SNAPSHOT:-$work/snapshot}")
    else
      base=$(one_run "$SEG_BASELINE" "${SEG_BASELINE_SNAPSHOT:-$work/snapshot}")
      this=$(one_run "$seg" "$work/snapshot")
    fi
    differences+=("$(awk -v a="$this" -v b="$base" 'BEGIN { printf "%.4f", a - b }')")
  done
  paired=$(printf '%s\n' "${differences[@]}" | sort -g | awk '{ d[NR] = $1 } END {
    lo = d[int((NR + 3) / 4)]; mid = d[int((NR + 1) / 2)]; hi = d[int((3 * NR + 3) / 4)];
    printf "this seg less the baseline, %d pairs: median %+.1f ms (quartiles %+.1f, %+.1f)", NR, mid * 1000, lo * 1000, hi * 1000 }')
fi

echo "== DuckDB" >&2
duck_import="unavailable" duck_rerun="unavailable"
duck_note=$(duckdb_unavailable "$work/npm.log")
if [ -z "$duck_note" ]; then
  if node bench/peers/duckdb_rerun.mjs --data "$data" --db "$work/duck.db" --threads 2 --reps "$reps" \
       >"$work/duckdb.kv" 2>"$work/duckdb.err"; then
    duck_import=$(awk '/^duckdb_import_/ {printf "%.2f", $2 / 1000}' "$work/duckdb.kv")
    duck_rerun=$(awk '/^duckdb_rerun_2t_ms/ {printf "%.2f", $2 / 1000}' "$work/duckdb.kv")
    duck_note=$(awk '/^duckdb_version/ {print "DuckDB " $2}' "$work/duckdb.kv")
  else
    duck_note="the DuckDB run failed: $(tail -1 "$work/duckdb.err")"
  fi
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a + 0 == a) printf "%.1fx", a / b; else print "-" }'; }
orders=$(($(wc -l <"$data/orders.csv") - 1))
echo
echo "re-running bench/peers/job.seg: $customers customers, $orders orders, 2 threads, best of $reps ($(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg))"
printf '| %-40s | %10s | %10s | %14s |\n' "step" "wall s" "CPU s" "CSV run / this"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..42})" "$(printf -- '-%.0s' {1..12})" "$(printf -- '-%.0s' {1..12})" "$(printf -- '-%.0s' {1..16})"
printf '| %-40s | %10s | %10s | %14s |\n' "seg run from CSV" "$csv_wall" "$csv_cpu" "1.0x"
printf '| %-40s | %10s | %10s | %14s |\n' "seg run --snapshot (output $same)" "$snap_wall" "$snap_cpu" "$(ratio "$csv_wall" "$snap_wall") wall, $(ratio "$csv_cpu" "$snap_cpu") CPU"
[ -z "${SEG_BASELINE:-}" ] ||
  printf '| %-40s | %10s | %10s | %14s |\n' "baseline --snapshot (output $base_same)" "$base_wall" "$base_cpu" "$(ratio "$csv_wall" "$base_wall") wall, $(ratio "$csv_cpu" "$base_cpu") CPU"
printf '| %-40s | %10s | %10s | %14s |\n' "DuckDB job from its database file" "$duck_rerun" "-" "$(ratio "$csv_wall" "$duck_rerun") wall"
printf '| %-40s | %10s | %10s | %14s |\n' "once: seg import ($snapshot_mb MB)" "$import_wall" "$import_cpu" "-"
printf '| %-40s | %10s | %10s | %14s |\n' "once: DuckDB CSV into its file" "$duck_import" "-" "-"
[ -z "$duck_note" ] || echo "($duck_note)"
[ -z "${paired:-}" ] || echo "($paired)"
