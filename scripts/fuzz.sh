#!/usr/bin/env bash
# Builds the front-end fuzzer (tests/fuzz) with clang-14 in its own build folder and runs it.
#   scripts/fuzz.sh [SECONDS=10]
# Exits non-zero when the fuzzer finds a crash; the crashing input is left in the build folder
# (crash-*), ready to be turned into a regression test. Environment overrides:
#   SEG_FUZZ_BUILD_DIR  build folder (default: build-fuzz at the repository root)
#   SEG_FUZZ_SOURCE_DIR CMake source folder (default: the repository root)
set -euo pipefail

seconds="${1:-10}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SEG_FUZZ_BUILD_DIR:-$root/build-fuzz}"
source_dir="${SEG_FUZZ_SOURCE_DIR:-$root}"

CC=clang-14 CXX=clang++-14 cmake -S "$source_dir" -B "$build" -G Ninja \
  -DSEG_FUZZ=ON -DSEG_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target fuzz_frontend

# New inputs go to a working corpus in the build folder; the checked-in seeds stay as they are.
mkdir -p "$build/fuzz-corpus"
"$build/fuzz_frontend" -max_len=4096 -max_total_time="$seconds" -print_final_stats=1 \
  -dict="$root/tests/fuzz/seg.dict" -artifact_prefix="$build/" \
  "$build/fuzz-corpus" "$root/tests/fuzz/corpus"
