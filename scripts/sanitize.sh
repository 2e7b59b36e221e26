#!/usr/bin/env bash
# Builds seg and its tests with AddressSanitizer + UndefinedBehaviorSanitizer in build-san/ and runs
# the whole ctest suite there. Any memory error, leak or undefined behaviour fails the test that
# caused it (UBSan does not recover). Extra arguments go to ctest, e.g. `-R e2e`.
#
# A separate tree: sanitized code is slower and is not what users run. The seg command's
# huge-page operator new is left out there (runtime/CMakeLists.txt), and code the JIT generates
# is not instrumented, only the runtime it calls. ccache is used when present. A clean build
# costs about twice the CPU of the plain one (~28 CPU-minutes of compiling on the 2-core
# development machine) and the suite about nine times the plain suite's CPU; CI runs it after
# scripts/test.sh (.ci/run has the figures and how they were measured).
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
jobs="${SEG_JOBS:-$(nproc)}"
cmake -S . -B build-san -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSEG_SANITIZE=ON "${launcher[@]}" >/dev/null
cmake --build build-san -j"$jobs"
# Leaks are checked too (no suppressions needed). The first report ends the process with a
# failing status, so the test that caused it fails and --output-on-failure shows the report.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
ctest --test-dir build-san --output-on-failure -j"$jobs" "$@"
