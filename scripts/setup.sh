#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a working seg: installs the packages, builds,
# and runs the main job on the bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
echo
echo "== seg check examples/retail.seg"
./build/bin/seg check examples/retail.seg
echo "ok: the rules check cleanly"
