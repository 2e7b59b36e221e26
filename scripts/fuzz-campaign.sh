#!/usr/bin/env bash
# A long fuzzing campaign over every libFuzzer target, the time split evenly between them:
#   scripts/fuzz-campaign.sh [SECONDS=3600]
# Each target runs in turn through scripts/fuzz.sh (same build folder, working corpora kept there,
# so a second campaign starts where the first stopped). Every target runs even when one finds a
# crash; the script then exits non-zero and lists the crashing inputs (build-fuzz/crash-*), each
# to be fixed at its root with a regression test.
set -uo pipefail

total="${1:-3600}"
targets=(frontend lsp csv jsonl)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
each=$((total / ${#targets[@]}))
failed=()
for target in "${targets[@]}"; do
  echo "== fuzzing $target for $each seconds"
  if ! "$root/scripts/fuzz.sh" "$each" "$target"; then failed+=("$target"); fi
done
if ((${#failed[@]})); then
  echo "fuzz-campaign: crashes in: ${failed[*]} (inputs: ${SEG_FUZZ_BUILD_DIR:-$root/build-fuzz}/crash-*)" >&2
  exit 1
fi
echo "fuzz-campaign: no crash in $total seconds over ${targets[*]}"
