#!/usr/bin/env bash
# Installs the Debian 12 packages seg builds with (see ../shared/TOOLCHAIN.md for why each one).
# libgsl-dev: special functions and minimiser for the BG/NBD and Gamma-Gamma fits.
# libpq-dev: PostgreSQL inputs/outputs; postgresql-15: the server the PostgreSQL tests start themselves.
# libcurl4-openssl-dev: ClickHouse's HTTP interface; clickhouse-server (18.16): the two-shard cluster
# the ClickHouse tests start themselves; clickhouse-client: for looking at it by hand.
set -euo pipefail
PKGS=(antlr4 libantlr4-runtime-dev uuid-dev default-jre-headless
      llvm-19-dev libzstd-dev libedit-dev nlohmann-json3-dev
      libgtest-dev libgmock-dev libbenchmark-dev libfmt-dev libcli11-dev tmux chromium
      clang-14 libclang-rt-14-dev cmake ninja-build pkg-config tzdata
      libpq-dev postgresql-15 libgsl-dev
      libcurl4-openssl-dev clickhouse-server clickhouse-client)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
