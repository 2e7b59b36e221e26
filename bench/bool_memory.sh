#!/usr/bin/env bash
# What bool outputs cost: bench/bool_memory.sh [CUSTOMERS=200000] [TAGS=1000]
# A program of TAGS distinct tags over customer columns only (no events, so the tags' columns are
# what grows with the customers) runs with `seg run` on each engine; prints wall and CPU time,
# peak RSS, and the peak RSS per tag and million customers. A tag is kept as two bits per
# customer (exec::PackedAsBits), 0.25 MB per tag and million customers; before, 9 bytes (9 MB).
# mb_per_tag_1m divides the whole peak (the process's fixed ~60 MB and the input included).
# BASE=path/to/another/seg adds that binary's rows (a build of main), run in the same invocation
# so the ratios compare like with like.
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-200000}
tags=${2:-1000}
seg=${SEG:-./build/bin/seg}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$customers" "$tags" "$work" <<'PY'
import random, sys
n, t, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(42)
with open(f"{work}/customers.csv", "w") as f:
    f.write("id,age,tier,points\n")
    for c in range(n):
        age = "" if c % 97 == 0 else str(rng.randint(18, 90))  # some missing: tags' validity bits
        f.write(f"C{c},{age},{rng.randint(1, 4)},{rng.randint(0, 999)}\n")
with open(f"{work}/p.seg", "w") as f:
    f.write("input customers key id {\n  age: int\n  tier: int\n  points: int\n}\n\n")
    for k in range(t):
        f.write(f"tag t{k} when age >= {k % 60} and age <= {20 + k % 60} and tier * 1000 + points != {k}\n")
PY
printf '%-10s %-7s %9s %5s %7s %7s %8s %14s\n' binary engine customers tags wall_s cpu_s rss_mb mb_per_tag_1m
for binary in ${BASE:+base} this; do
  exe=$seg
  [ "$binary" = base ] && exe=$BASE
  for engine in interp jit; do
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$exe" run "$work/p.seg" --input customers="$work/customers.csv" \
      --engine "$engine" --no-cache --out "$work/out-$binary-$engine.csv" 2> "$work/err" ||
      { head -20 "$work/err"; exit 1; }
    # Keep only a digest of each output: at 1M customers x 1,000 tags one output is 5.7 GB, and
    # four of them at once filled the shared disk (coordinator's edit).
    sha256sum <"$work/out-$binary-$engine.csv" | cut -d' ' -f1 >"$work/out-$binary-$engine.sha"
    rm -f "$work/out-$binary-$engine.csv"
    read -r wall user sys rss < <(tail -1 "$work/time")
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    per=$(awk -v r="$rss" -v t="$tags" -v n="$customers" 'BEGIN { printf "%.2f", r / 1024 / t / (n / 1e6) }')
    printf '%-10s %-7s %9s %5s %7s %7s %8s %14s\n' "$binary" "$engine" "$customers" "$tags" "$wall" "$cpu" \
      $((rss / 1024)) "$per"
  done
done
# Every run must have written the same bytes.
for f in "$work"/out-*.sha; do
  cmp -s "$f" "$work/out-this-interp.sha" || { echo "outputs differ: $f" >&2; exit 1; }
done
echo "outputs identical across engines${BASE:+ and binaries}"
