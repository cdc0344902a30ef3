#!/bin/sh
# check-format.sh: fails when a C source file under src/ or tests/ is not formatted by the repository's
# .clang-format, and names each such file.
#
# Only *.c files are checked: clang-format 14 cannot produce the hand-aligned prototype groups our
# headers use (STYLE.md B9). Files are those git tracks, plus new files git does not ignore yet, so a
# change is checked before it is committed. Set CLANG_FORMAT to use another binary.

set -u

cd "$(dirname "$0")/.." || exit 2

if [ -n "${CLANG_FORMAT:-}" ]; then
  clang_format=$CLANG_FORMAT
elif command -v clang-format-14 >/dev/null 2>&1; then
  clang_format=clang-format-14
elif command -v clang-format >/dev/null 2>&1; then
  clang_format=clang-format
else
  echo "check-format: clang-format is not installed (Debian package clang-format)." >&2
  exit 2
fi

list_sources () {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files --cached --others --exclude-standard -- 'src/*.c' 'tests/*.c'
  else
    find src tests -name '*.c' -type f
  fi
}

checked=0
bad=0
for file in $(list_sources | LC_ALL=C sort -u); do
  # A file deleted in the work tree but still in the index is not ours to judge.
  [ -f "$file" ] || continue
  checked=$((checked + 1))
  if ! "$clang_format" --dry-run --Werror "$file" >/dev/null 2>&1; then
    echo "check-format: $file is not formatted; run: $clang_format -i $file"
    bad=$((bad + 1))
  fi
done

if [ "$bad" -gt 0 ]; then
  echo "check-format: $bad of $checked C files need formatting." >&2
  exit 1
fi
echo "check-format: all $checked C files are formatted."
