#!/usr/bin/env bash
# JIT compile time against program size: bench/compile_time.sh [SIZES=100,1000,10000] [SHAPES=tags,lets,classify]
# Each program comes from bench/gen_large_program.py and runs once with --engine jit --no-cache on
# examples/data (compile time does not depend on the data). Prints, per shape and size, the
# program's weight (what the JIT budget counts), the compile time seg reports under --verbose,
# the time per rule, the whole run's wall and CPU time (user + system: steadier than wall time on a
# busy machine) and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-100,1000,10000}
shapes=${2:-tags,lets,classify}
seg=${SEG:-./build/bin/seg}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
d=examples/data
printf '%-9s %7s %8s %12s %10s %8s %8s %8s %s\n' shape rules weight compile_ms us_per_rule wall_s cpu_s rss_mb engine
for shape in ${shapes//,/ }; do
  for n in ${sizes//,/ }; do
    python3 bench/gen_large_program.py "$shape" "$n" > "$work/p.seg"
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$seg" run "$work/p.seg" --input customers=$d/customers.csv \
      --input orders=$d/orders.csv --as-of 2025-06-30 --engine "${ENGINE:-jit}" --no-cache --verbose \
      --out /dev/null 2> "$work/err" || true
    engine=$(grep -m1 'engine:' "$work/err" | sed 's/.*engine: //' || true)
    [ -n "$engine" ] || engine="failed: $(head -c 200 "$work/err")"
    ms=$(sed -n 's/.*compile \([0-9.]*\) ms.*/\1/p' "$work/err" | head -1)
    read -r wall user sys rss < <(tail -1 "$work/time")
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    weight=$(sed -n 's/.*weight \([0-9]*\).*/\1/p' "$work/err" | head -1)
    per=$(awk -v ms="${ms:-0}" -v n="$n" 'BEGIN { printf "%.0f", 1000 * ms / n }')
    printf '%-9s %7s %8s %12s %10s %8s %8s %8s %s\n' "$shape" "$n" "${weight:--}" "${ms:--}" "$per" "$wall" "$cpu" \
      $((rss / 1024)) "${engine:0:70}"
  done
done
