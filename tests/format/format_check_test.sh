#!/usr/bin/env bash
# The layout check of scripts/test.sh (scripts/format.sh --check) must fail, naming the file, on a
# misformatted file, pass on the same file once scripts/format.sh has rewritten it, and use the
# project's .clang-format (a 100-column line is fine at 120 columns, not at Google's 80).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

printf 'int  main( ) {return 0;}\n' >"$tmp/bad.cc"
status=0
out="$("$root/scripts/format.sh" --check "$tmp/bad.cc")" || status=$?
[ $status -eq 1 ] || fail "a misformatted file: expected exit status 1, got $status: $out"
grep -qF "  $tmp/bad.cc" <<<"$out" || fail "the failure does not name the file: $out"

"$root/scripts/format.sh" "$tmp/bad.cc"
[ "$(cat "$tmp/bad.cc")" = "int main() { return 0; }" ] || fail "format.sh wrote: $(cat "$tmp/bad.cc")"
"$root/scripts/format.sh" --check "$tmp/bad.cc" >/dev/null || fail "the formatted file still fails the check"

line="int f(int a) { return a + $(printf '1 + %.0s' $(seq 1 17))1; }"
[ ${#line} -gt 80 ] && [ ${#line} -le 120 ] || fail "test line is ${#line} columns"
printf '%s\n' "$line" >"$tmp/wide.cc"
"$root/scripts/format.sh" --check "$tmp/wide.cc" >/dev/null || fail "a ${#line}-column line fails: not the project's style"
echo "ok"
