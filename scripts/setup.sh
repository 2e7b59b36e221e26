#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a working seg: installs the packages, builds,
# and runs the main job on the bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
echo
echo "== seg run examples/retail.seg on examples/data (2000 customers, as of 2025-06-30)"
./build/bin/seg run examples/retail.seg \
  --input customers=examples/data/customers.csv \
  --input orders=examples/data/orders.csv \
  --input visits=examples/data/visits.csv \
  --as-of 2025-06-30 --out build/retail_segments.csv
echo "wrote build/retail_segments.csv:"
head -5 build/retail_segments.csv
