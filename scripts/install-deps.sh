#!/usr/bin/env bash
# Installs the Debian 12 packages seg builds and tests with (see ../shared/TOOLCHAIN.md for why
# each one), and nothing else. What uses each:
#   antlr4, default-jre-headless: generate the parser (grammar/); libantlr4-runtime-dev, uuid-dev: its runtime.
#   llvm-19-dev: the JIT (the shared libLLVM for tests and benchmarks; the `seg` command links the static
#   components, with the libzstd.so.1 libLLVM itself needs, for a faster start: CMakeLists.txt).
#   libedit-dev (through pkg-config): the REPL's line editing. nlohmann-json3-dev: JSON, the language server.
#   libcli11-dev: the command line (compiler/cli/args.cc). libgtest-dev, libgmock-dev: the tests.
#   tmux: the REPL's terminal tests (tests/repl); chromium: the report's rendering test (tests/report).
#   clang-14, libclang-rt-14-dev: the libFuzzer targets (scripts/fuzz.sh, run by scripts/test.sh).
#   clang-format-14: the pinned formatter scripts/format.sh checks the C++ layout with.
#   libre2-dev: matches(text, pattern), regular expressions in linear time.
#   libxxhash-dev: the checksums of the snapshot format (runtime/snapshot, docs/SNAPSHOT.md).
#   tzdata: time zones. libgsl-dev: special functions and minimiser for the BG/NBD and Gamma-Gamma fits.
#   libpq-dev: PostgreSQL inputs/outputs; postgresql-15: the server the PostgreSQL tests start themselves.
#   libssl-dev: SHA-256 (libcrypto) for the history files and program hashes (runtime/history).
#   libcurl4-openssl-dev: ClickHouse's HTTP interface; clickhouse-server (18.16): the two-shard cluster
#   the ClickHouse tests start themselves; clickhouse-client: for looking at it by hand.
set -euo pipefail
PKGS=(antlr4 libantlr4-runtime-dev uuid-dev default-jre-headless
      llvm-19-dev libedit-dev nlohmann-json3-dev
      libgtest-dev libgmock-dev libcli11-dev tmux chromium
      clang-14 libclang-rt-14-dev clang-format-14 cmake ninja-build pkg-config tzdata
      libpq-dev postgresql-15 libgsl-dev libre2-dev libxxhash-dev
      libssl-dev libcurl4-openssl-dev clickhouse-server clickhouse-client)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
