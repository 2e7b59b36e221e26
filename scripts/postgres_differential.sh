#!/usr/bin/env bash
# The long PostgreSQL differential campaign: CASES random program x data cases (default 4000),
# each run inside a throw-away PostgreSQL 15 server (`seg run --on`'s path) and by the
# interpreter, byte for byte; starting after the seeds CI already runs. Each mismatch is written to
# build/tests/postgres/failures/d<seed>_<dataset>/ (program, CSV files, README with the seg run
# command); the campaign goes on after one. Prints what was refused (E0400) and why.
#   ./scripts/postgres_differential.sh [CASES] [FIRST_SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-4000}"
first="${2:-201}"
flock /tmp/seg-build.lock ninja -C build postgres_differential_tests
SEG_PG_DIFF_KEEP_GOING=1 SEG_PG_DIFF_CASES="$cases" SEG_PG_DIFF_FIRST="$first" ./build/bin/postgres_differential_tests
