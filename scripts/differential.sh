#!/usr/bin/env bash
# The long differential campaign: CASES random program x data cases (default 20000), interpreter
# vs JIT byte for byte, starting after the seeds CI already runs. Mismatches are shrunk and
# written to build/tests/differential/failures/<seed>/ with a README holding the seg run command.
#   ./scripts/differential.sh [CASES] [FIRST_SEED]
#   SEG_DIFF_SEED=123 ./build/bin/differential_tests   # one program seed, printed with its data
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-20000}"
first="${2:-1001}"
flock /tmp/seg-build.lock ninja -C build differential_tests
SEG_DIFF_CASES="$cases" SEG_DIFF_FIRST="$first" ./build/bin/differential_tests --gtest_filter='Shard/Differential.*'
