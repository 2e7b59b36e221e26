#!/usr/bin/env bash
# Events per second through `seg watch` (docs/SNAPSHOT.md, "Watching a stream"): the main job
# (bench/peers/job.seg) over seg-gen data imported as a snapshot, all orders but the last EVENTS,
# then those EVENTS streamed as JSON Lines through `seg watch`. Prints one table:
#   bench/watch.sh [CUSTOMERS=100000] [EVENTS=20000] [BATCH=300]
# SEG_BASELINE=/path/to/another/seg adds a row for that binary (say, one built from main), run
# on the same data in the same invocation, so that the two rows compare on one machine's load.
# The start (loading the snapshot and the batch run that pins the population) is timed apart by a
# watch over an empty stream, and taken off the stream's time. The stream is a pipe fed in pieces
# of BATCH lines (default 300; a file would be read in 4 MiB batches): each piece is one batch, one
# generation written and fsynced, then its customers re-evaluated together, in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
customers=${1:-100000}
events=${2:-20000}
batch=${3:-300}
as_of=2025-06-30
data=$root/build/bench-data-$customers
work=$root/build/bench-watch-$customers
seg=$root/build/bin/seg
job=$root/bench/peers/job.seg

source "$root/bench/lib.sh"
build_targets seg seg-gen
generate_data "$customers" "$data" "$as_of"
rm -rf "$work"
mkdir -p "$work"
total=$(($(wc -l <"$data/orders.csv") - 1))
if [ "$events" -ge "$total" ]; then events=$((total / 2)); fi
head -n $((total - events + 1)) "$data/orders.csv" >"$work/orders_before.csv"
# The last EVENTS orders as JSON Lines, every field a string (the loader parses it as its column's
# type, as it parses a CSV field); seg-gen writes no quoted fields.
tail -n "$events" "$data/orders.csv" | awk -F, -v header="$(head -n 1 "$data/orders.csv")" '
  BEGIN { n = split(header, names, ",") }
  { line = "{\"input\":\"orders\""; for (i = 1; i <= n; ++i) line = line ",\"" names[i] "\":\"" $i "\""; print line "}" }
' >"$work/events.jsonl"

echo "== seg import" >&2
"$seg" import "$job" --input "customers=$data/customers.csv" --input "orders=$work/orders_before.csv" \
  --input "visits=$data/visits.csv" --threads 2 --snapshot "$work/snapshot" --quiet

seconds() { { TIMEFORMAT='%R'; time "$@" >/dev/null 2>"$work/stderr"; } 2>&1; }
# Pieces of BATCH lines, each written once the watch has acknowledged the one before.
split -l "$batch" -d -a 5 "$work/events.jsonl" "$work/piece-"
feed() {
  local acked=0 piece lines
  for piece in "$work"/piece-*; do
    lines=$(wc -l <"$piece")
    cat "$piece"
    acked=$((acked + lines))
    until grep -q "\"ack\":$acked}" "$work/out.jsonl" 2>/dev/null; do sleep 0.005; done
  done
}
printf '\n%-10s %-8s %-6s %-8s %-12s %-9s %-10s %-12s %-10s %s\n' customers events batch acked generations start_s stream_s events_per_s enter/exit binary
# One row: the start, then the stream, through binary $1, over a fresh copy of the snapshot.
measure() {
  local bin=$1 label=$2
  rm -rf "$work/snapshot"
  cp -r "$work/snapshot.imported" "$work/snapshot"
  echo "== $label: seg watch, an empty stream (the start)" >&2
  start=$(seconds "$bin" watch "$job" --snapshot "$work/snapshot" --as-of "$as_of" --threads 2 --quiet </dev/null)
  echo "== $label: seg watch, $events events" >&2
  : >"$work/out.jsonl"
  { TIMEFORMAT='%R'; time { feed | "$bin" watch "$job" --snapshot "$work/snapshot" --as-of "$as_of" --threads 2 \
    --quiet >"$work/out.jsonl" 2>"$work/stderr"; }; } 2>"$work/time"
  whole=$(cat "$work/time")
  acked=$( (grep -o '"ack":[0-9]*' "$work/out.jsonl" || true) | tail -n 1 | cut -d: -f2)
  changes=$(grep -vc '"ack"' "$work/out.jsonl" || true)
  generations=$(ls "$work/snapshot" | grep -c '^gen-')
  grep -v '"ack"' "$work/out.jsonl" >"$work/changes-$label.jsonl" || true
  awk -v c="$customers" -v e="$events" -v b="$batch" -v a="${acked:-0}" -v g="$generations" -v s="$start" -v w="$whole" \
    -v x="$changes" -v l="$label" \
    'BEGIN { t = w - s; if (t <= 0) t = 0.001; printf "%-10d %-8d %-6d %-8d %-12d %-9.2f %-10.2f %-12.0f %-10d %s\n", c, e, b, a, g, s, t, e / t, x, l }'
}
mv "$work/snapshot" "$work/snapshot.imported"
measure "$seg" "this"
if [ -n "${SEG_BASELINE:-}" ]; then
  measure "$SEG_BASELINE" "baseline"
  if cmp -s "$work/changes-this.jsonl" "$work/changes-baseline.jsonl"; then
    echo "(the enter/exit lines of both binaries are identical)"
  else
    echo "(the enter/exit lines of the two binaries DIFFER)"
  fi
fi
