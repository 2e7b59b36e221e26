#!/usr/bin/env bash
# Lays out seg's C and C++ sources with .clang-format.
#   scripts/format.sh                  rewrite every C/C++ file the project owns, in place
#   scripts/format.sh --check          change nothing; list the files that differ and fail if any do
#   scripts/format.sh [--check] FILE...  only these files
# "Owned" means tracked by git or new and not ignored (git ls-files), with a C/C++ extension,
# minus EXCLUDED below. Generated code (the ANTLR parser, the embedded std modules) is written
# into the build tree, which .gitignore excludes, so it is never formatted. The list is sorted
# byte-wise so every machine checks the same files in the same order.
#
# The formatter is pinned: line breaking changes between clang-format releases, so any other
# version than REQUIRED would report differences that are not the author's. Debian 12 ships it as
# clang-format-14 (scripts/install-deps.sh installs it).
set -euo pipefail
args=()
for a in "$@"; do  # FILE arguments are relative to where the script was called from
  if [[ "$a" == -* || "$a" == /* ]]; then args+=("$a"); else args+=("$PWD/$a"); fi
done
set -- ${args[@]+"${args[@]}"}
cd "$(dirname "$0")/.."

REQUIRED="14.0.6"
CLANG_FORMAT="${CLANG_FORMAT:-clang-format-14}"
# Third-party or generated files that are checked in and must keep their own layout (none yet),
# as extended regular expressions on the repository-relative path.
EXCLUDED=()

check=0
if [ "${1:-}" = "--check" ]; then check=1; shift; fi

if ! command -v "$CLANG_FORMAT" >/dev/null; then
  echo "format.sh: $CLANG_FORMAT not found; install clang-format-14 (scripts/install-deps.sh)" >&2
  exit 2
fi
version="$("$CLANG_FORMAT" --version)"
if [[ "$version" != *"clang-format version $REQUIRED"* ]]; then
  echo "format.sh: need clang-format $REQUIRED, $CLANG_FORMAT is: $version" >&2
  exit 2
fi

files=()
if [ $# -gt 0 ]; then
  files=("$@")
else
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    list="$(git ls-files --cached --others --exclude-standard -- '*.c' '*.cc' '*.cpp' '*.h' '*.hpp')"
  else  # an unpacked source archive: the top-level folders that hold the project's code
    list="$(find bench compiler examples include runtime stdlib tests -type f \
              \( -name '*.c' -o -name '*.cc' -o -name '*.cpp' -o -name '*.h' -o -name '*.hpp' \))"
  fi
  for pattern in "${EXCLUDED[@]}"; do list="$(grep -Ev -- "$pattern" <<<"$list" || true)"; done
  while IFS= read -r f; do
    [ -f "$f" ] && files+=("$f")  # skip files deleted but not yet committed
  done < <(LC_ALL=C sort -u <<<"$list")
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "format.sh: no files to format" >&2
  exit 2
fi

style=(--style=file:.clang-format)
if [ $check -eq 0 ]; then
  "$CLANG_FORMAT" "${style[@]}" -i "${files[@]}"
  exit 0
fi

# --check: compare each file with its formatted text, so that a file clang-format cannot read
# fails the check instead of passing it.
differ=()
formatted="$(mktemp)"
trap 'rm -f "$formatted"' EXIT
for f in "${files[@]}"; do
  "$CLANG_FORMAT" "${style[@]}" "$f" >"$formatted" || { echo "format.sh: clang-format failed on $f" >&2; exit 2; }
  cmp -s "$formatted" "$f" || differ+=("$f")
done
if [ ${#differ[@]} -gt 0 ]; then
  echo "${#differ[@]} of ${#files[@]} files are not laid out as .clang-format says:"
  printf '  %s\n' "${differ[@]}"
  echo "scripts/format.sh rewrites them (review the diff). The first difference:"
  diff -u "${differ[0]}" <("$CLANG_FORMAT" "${style[@]}" "${differ[0]}") | head -n 30 || true
  exit 1
fi
echo "all ${#files[@]} C/C++ files are laid out as .clang-format says"
