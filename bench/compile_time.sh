#!/usr/bin/env bash
# Compile time against program size, stage by stage:
#   bench/compile_time.sh [SIZES=100,1000,3000,10000] [SHAPES=tags,lets,floats,scaled,classify,params,nested]
# Each program comes from bench/gen_large_program.py and runs once with --engine jit --no-cache on
# examples/data (compile time does not depend on the data). Prints, per shape and size, the
# program's weight (what the JIT budget counts), each stage's CPU milliseconds as `seg run
# --verbose` reports them (parse; check; lower to IR; plan the run; prepare the engine, which is
# the JIT compiling; evaluate), the JIT's compile time on the clock, the whole run's wall and CPU
# time (user + system) and peak memory. CPU time is the figure to compare on a busy machine:
# other processes stretch the wall clock, not the CPU time. Each stage should grow no faster than
# the program (compare the ratios within one run; `nice` the script on a shared machine).
# ENGINE=auto or interp runs that engine instead (the JIT column is then 0).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-100,1000,3000,10000}
shapes=${2:-tags,lets,floats,scaled,classify,params,nested}
seg=${SEG:-./build/bin/seg}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
d=examples/data
# The CPU milliseconds of one stage from `seg run: time: stages in ms, wall/CPU: parse 1.0/2.0 ...`
# (an older seg, as $SEG, says "times in ms").
stage() { sed -n "s/.*in ms, wall\/CPU:.* $1 [0-9.]*\/\([0-9.]*\).*/\1/p" "$work/err" | head -1; }
printf '%-8s %6s %7s | %8s %8s %8s %7s %9s %8s | %9s %7s %7s %7s %s\n' shape rules weight parse check lower plan \
  prepare evaluate jit_wall wall_s cpu_s rss_mb engine
for shape in ${shapes//,/ }; do
  for n in ${sizes//,/ }; do
    python3 bench/gen_large_program.py "$shape" "$n" > "$work/p.seg"
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$seg" run "$work/p.seg" --input customers=$d/customers.csv \
      --input orders=$d/orders.csv --as-of 2025-06-30 --engine "${ENGINE:-jit}" --no-cache --verbose \
      --out /dev/null 2> "$work/err" || true
    engine=$(grep -m1 'engine:' "$work/err" | sed 's/.*engine: //' || true)
    [ -n "$engine" ] || engine="failed: $(grep -m1 -E '^error' "$work/err" || head -c 200 "$work/err")"
    ms=$(sed -n 's/.*compile \([0-9.]*\) ms.*/\1/p' "$work/err" | head -1)
    read -r wall user sys rss < <(tail -1 "$work/time")
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    weight=$(sed -n 's/.*weight \([0-9]*\).*/\1/p' "$work/err" | head -1)
    printf '%-8s %6s %7s | %8s %8s %8s %7s %9s %8s | %9s %7s %7s %7s %s\n' "$shape" "$n" "${weight:--}" \
      "$(stage parse)" "$(stage check)" "$(stage lower)" "$(stage plan)" "$(stage prepare)" "$(stage evaluate)" \
      "${ms:--}" "$wall" "$cpu" $((rss / 1024)) "${engine:0:60}"
  done
done
