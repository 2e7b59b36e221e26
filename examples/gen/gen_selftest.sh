#!/bin/sh
# Determinism check for seg-gen: the same flags must give byte-identical files for any --threads.
# Usage: gen_selftest.sh PATH/TO/seg-gen
set -eu
GEN=${1:?usage: gen_selftest.sh PATH/TO/seg-gen}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

for fmt in csv jsonl; do
  for t in 1 2 5; do
    "$GEN" --out "$TMP/$fmt-t$t" --customers 20000 --seed 1234 --format "$fmt" --threads "$t" >/dev/null
    (cd "$TMP/$fmt-t$t" && sha256sum customers.$fmt orders.$fmt visits.$fmt) >"$TMP/$fmt-t$t.sha"
  done
  for t in 2 5; do
    if ! cmp -s "$TMP/$fmt-t1.sha" "$TMP/$fmt-t$t.sha"; then
      echo "FAIL: $fmt output differs between --threads 1 and --threads $t" >&2
      diff "$TMP/$fmt-t1.sha" "$TMP/$fmt-t$t.sha" >&2 || true
      exit 1
    fi
  done
  if ls "$TMP/$fmt-t1"/*.tmp >/dev/null 2>&1; then
    echo "FAIL: temporary files left behind" >&2
    exit 1
  fi
done

# A different seed must give different data.
"$GEN" --out "$TMP/other" --customers 20000 --seed 1235 --threads 2 >/dev/null
if cmp -s "$TMP/csv-t1/orders.csv" "$TMP/other/orders.csv"; then
  echo "FAIL: --seed has no effect" >&2
  exit 1
fi

head -n 1 "$TMP/csv-t1/customers.csv" | grep -qx 'id,signup,city,city_tier,channel,age,gender,tags'
head -n 1 "$TMP/csv-t1/orders.csv" | grep -qx 'order_id,customer,ts,amount,quantity,unit_price,category,discounted,status'
head -n 1 "$TMP/csv-t1/visits.csv" | grep -qx 'customer,ts,page,category'
test "$(wc -l <"$TMP/csv-t1/customers.csv")" -eq 20001
echo "gen_selftest: OK (csv and jsonl identical for --threads 1, 2, 5)"
