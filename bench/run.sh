#!/usr/bin/env bash
# Times the main job on the generator's data: bench/run.sh [CUSTOMERS=1000000] [THREADS=1,2]
# Generates the data once into build/bench-data-N (about 1.9 GB for 1M customers).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
customers=${1:-1000000}
threads=${2:-1,2}
data=build/bench-data-$customers
source "$root/bench/lib.sh"
build_targets seg-gen segment_bench population_bench
generate_data "$customers" "$data" 2025-06-30
echo "## examples/retail.seg over $customers customers ($(wc -l < "$data/orders.csv") order rows)"
./build/bin/segment_bench examples/retail.seg "$data" 2025-06-30 "$threads"
echo
echo "## population kernels"
./build/bin/population_bench
