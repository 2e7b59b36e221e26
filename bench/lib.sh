# Sourced by the bench scripts after they set `root` (the repository): the prologue they share.

# build_targets TARGET...: configures build/ if it is not yet and builds the targets. The lock
# keeps two bench scripts started at once from running two builds in one build directory.
build_targets() {
  echo "== building" >&2
  if [ ! -f "$root/build/build.ninja" ]; then flock /tmp/seg-build.lock cmake -S "$root" -B "$root/build" >&2; fi
  flock /tmp/seg-build.lock ninja -C "$root/build" "$@" >&2
}

# generate_data CUSTOMERS DIR AS_OF: seg-gen's data set (seed 42) into DIR, once.
generate_data() {
  if [ ! -f "$2/orders.csv" ]; then
    echo "== generating $1 customers into $2" >&2
    "$root/build/bin/seg-gen" --customers "$1" --seed 42 --as-of "$3" --out "$2" >&2
  fi
}
