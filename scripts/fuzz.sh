#!/usr/bin/env bash
# Builds a libFuzzer target (tests/fuzz) with clang-14 in its own build folder and runs it.
#   scripts/fuzz.sh [SECONDS=10] [TARGET=frontend]
# TARGET is `frontend` (rule files through parse, check, format and lowering), `lsp` (random
# JSON-RPC messages and documents through the language server), `csv` or `jsonl` (data files
# through the loaders, under a spec the input's first bytes choose: tests/fuzz/loader_fuzz_input.h).
# scripts/fuzz-campaign.sh runs them all for a long while.
# Exits non-zero when the fuzzer finds a crash; the crashing input is left in the build folder
# (crash-*), ready to be turned into a regression test. Environment overrides:
#   SEG_FUZZ_BUILD_DIR  build folder (default: build-fuzz at the repository root)
#   SEG_FUZZ_SOURCE_DIR CMake source folder (default: the repository root)
set -euo pipefail

seconds="${1:-10}"
target="${2:-frontend}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SEG_FUZZ_BUILD_DIR:-$root/build-fuzz}"
source_dir="${SEG_FUZZ_SOURCE_DIR:-$root}"

case "$target" in
  frontend) corpus="$root/tests/fuzz/corpus"; dicts=(-dict="$root/tests/fuzz/seg.dict") ;;
  lsp) corpus="$root/tests/fuzz/lsp_corpus"; dicts=(-dict="$root/tests/fuzz/lsp.dict") ;;
  csv) corpus="$root/tests/fuzz/csv_corpus"; dicts=(-dict="$root/tests/fuzz/csv.dict") ;;
  jsonl) corpus="$root/tests/fuzz/jsonl_corpus"; dicts=(-dict="$root/tests/fuzz/jsonl.dict") ;;
  *) echo "scripts/fuzz.sh: TARGET is frontend, lsp, csv or jsonl, not '$target'" >&2; exit 2 ;;
esac

CC=clang-14 CXX=clang++-14 cmake -S "$source_dir" -B "$build" -G Ninja \
  -DSEG_FUZZ=ON -DSEG_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target "fuzz_$target"

# New inputs go to a working corpus in the build folder; the checked-in seeds stay as they are.
mkdir -p "$build/fuzz-corpus-$target"
"$build/fuzz_$target" -max_len=4096 -max_total_time="$seconds" -print_final_stats=1 \
  "${dicts[@]}" -artifact_prefix="$build/" \
  "$build/fuzz-corpus-$target" "$corpus"
