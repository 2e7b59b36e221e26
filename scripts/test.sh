#!/usr/bin/env bash
# Runs the whole test suite against the build made by scripts/setup.sh: every ctest test (unit,
# golden, end to end, published results, PostgreSQL against a server the tests start themselves),
# then the C++ layout check (scripts/format.sh --check) and the front-end, language-server and
# data-loader fuzzers for a few seconds each (the hour-long campaign is scripts/fuzz-campaign.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"
echo "== checking the C++ layout against .clang-format"
./scripts/format.sh --check
if command -v clang++-14 >/dev/null; then
  echo "== fuzzing the front end for 10 seconds"
  ./scripts/fuzz.sh 10 2>&1 | tail -n 3
  echo "== fuzzing the language server for 10 seconds"
  ./scripts/fuzz.sh 10 lsp 2>&1 | tail -n 3
  echo "== fuzzing the CSV and JSON Lines loaders for 5 seconds each"
  ./scripts/fuzz.sh 5 csv 2>&1 | tail -n 3
  ./scripts/fuzz.sh 5 jsonl 2>&1 | tail -n 3
fi
