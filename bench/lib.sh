# Sourced by the bench scripts after they set `root` (the repository): the prologue they share.

# build_targets TARGET...: configures build/ if it is not yet and builds the targets. The lock
# keeps two bench scripts started at once from running two builds in one build directory.
build_targets() {
  echo "== building" >&2
  if [ ! -f "$root/build/build.ninja" ]; then flock /tmp/seg-build.lock cmake -S "$root" -B "$root/build" >&2; fi
  flock /tmp/seg-build.lock ninja -C "$root/build" "$@" >&2
}

# duckdb_unavailable LOG: why the DuckDB peers (bench/peers/*.mjs) cannot run, nothing when they
# can. Installs @duckdb/node-api into bench/peers/node_modules on first use, npm's output in LOG.
duckdb_unavailable() {
  if ! command -v node >/dev/null; then
    echo "no node (apt-get install nodejs npm)"
  elif [ ! -d "$root/bench/peers/node_modules/@duckdb/node-api" ] &&
       ! (cd "$root/bench/peers" && npm install --no-audit --no-fund >"$1" 2>&1); then
    echo "npm install @duckdb/node-api failed: $(tail -1 "$1")"
  fi
}

# generate_data CUSTOMERS DIR AS_OF: seg-gen's data set (seed 42) into DIR, once.
generate_data() {
  if [ ! -f "$2/orders.csv" ]; then
    echo "== generating $1 customers into $2" >&2
    "$root/build/bin/seg-gen" --customers "$1" --seed 42 --as-of "$3" --out "$2" >&2
  fi
}
