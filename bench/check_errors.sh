#!/usr/bin/env bash
# `seg check` time against the number of mistakes in one file: bench/check_errors.sh [COUNTS=1000,10000,100000]
# Each generated file declares one input, then lets with ten mistakes each (unknown names, unknown
# columns, text plus int) and, every tenth line, a parse error, up to COUNT mistakes in all (100,000
# fit in the 1 MiB a rule file may have). seg reports the first DiagnosticSink::kMaxErrors and
# stops; the time should grow no faster than the file.
set -euo pipefail
cd "$(dirname "$0")/.."
counts=${1:-1000,10000,100000}
cmake --build build --target seg >/dev/null
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '%10s %12s %12s %14s\n' errors bytes seconds us_per_error
for n in ${counts//,/ }; do
  file="$dir/errors-$n.seg"
  {
    printf 'input customers key id {\n  age: int\n  city: text\n}\n'
    awk -v n="$n" 'BEGIN {
      for (line = 0; line * 10 < n; ++line) {
        if (line % 10 == 0) { printf "let p%d = = 1\n", line; continue }
        printf "let v%d = q+customers.agee+customers.city+1+q+q+q+q+q+q+q\n", line
      }
    }'
  } > "$file"
  start=$(date +%s.%N)
  ./build/bin/seg check "$file" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  awk -v n="$n" -v b="$(stat -c %s "$file")" -v s="$start" -v e="$end" \
    'BEGIN { printf "%10d %12d %12.3f %14.2f\n", n, b, e - s, (e - s) * 1e6 / n }'
done
