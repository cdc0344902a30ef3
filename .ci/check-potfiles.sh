#!/bin/sh
# check-potfiles.sh: fails when po/POTFILES.in misses a file with translatable strings, lists a file
# that does not exist, or is not sorted; names each file concerned.
#
# A file is translatable when it is:
#   - a .c or .h file under src/ that calls _(), N_(), C_(), NC_(), Q_() or (g_d)ngettext()
#     outside a comment line;
#   - a .ui file under ui/ with translatable="yes";
#   - a desktop or metainfo template (data/*.desktop.in.in, data/*.metainfo.xml.in.in) or a
#     settings schema (data/*.gschema.xml).
# A file listed in po/POTFILES.skip needs no entry in po/POTFILES.in.

set -u

cd "$(dirname "$0")/.." || exit 2

potfiles=po/POTFILES.in
skipfiles=po/POTFILES.skip

if [ ! -f "$potfiles" ]; then
  echo "check-potfiles: $potfiles does not exist." >&2
  exit 1
fi

# Entries of a POTFILES-style list: no comments, no blank lines, no surrounding spaces.
entries () {
  [ -f "$1" ] || return 0
  sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$1" | grep -v '^$'
}

list_files () {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files --cached --others --exclude-standard -- "$@"
  else
    for folder in "$@"; do
      [ -d "$folder" ] && find "$folder" -type f
    done
  fi | while read -r file; do
    [ -f "$file" ] && echo "$file"
  done | LC_ALL=C sort -u
}

marker='(^|[^A-Za-z0-9_])((N|C|NC|Q)?_|ngettext|dngettext|g_dngettext)[[:space:]]*\('
comment='^[0-9]+:[[:space:]]*(/\*|\*|//)'

translatable_files () {
  for file in $(list_files src ui data); do
    case $file in
      src/*.c | src/*.h)
        line=$(grep -nE "$marker" "$file" | grep -vE "$comment" | head -n 1 | cut -d: -f1)
        [ -n "$line" ] && echo "$file (translatable string on line $line)"
        ;;
      ui/*.ui)
        line=$(grep -n 'translatable="yes"' "$file" | head -n 1 | cut -d: -f1)
        [ -n "$line" ] && echo "$file (translatable=\"yes\" on line $line)"
        ;;
      data/*.desktop.in.in | data/*.metainfo.xml.in.in | data/*.gschema.xml)
        case $file in
          data/*/*) ;;
          *) echo "$file (desktop, metainfo or schema file)" ;;
        esac
        ;;
    esac
  done
}

problems=$(
  listed=$(entries "$potfiles")
  skipped=$(entries "$skipfiles")

  # Every translatable file is listed (or skipped).
  translatable_files | while IFS= read -r item; do
    file=${item%% (*}
    if ! printf '%s\n' "$listed" "$skipped" | grep -qxF "$file"; then
      echo "$file is missing from $potfiles ${item#"$file "}."
    fi
  done

  # Every listed file exists.
  printf '%s\n' "$listed" | while IFS= read -r file; do
    [ -z "$file" ] && continue
    [ -f "$file" ] || echo "$file is listed in $potfiles but does not exist."
  done

  # The list is sorted and has no duplicates.
  duplicates=$(printf '%s\n' "$listed" | LC_ALL=C sort | uniq -d)
  for file in $duplicates; do
    echo "$file is listed more than once in $potfiles."
  done
  if ! printf '%s\n' "$listed" | LC_ALL=C sort -c 2>/dev/null; then
    first=$(printf '%s\n' "$listed" | LC_ALL=C sort -c 2>&1 | sed 's/.*disorder: //')
    echo "$potfiles is not sorted (first out of order: $first); sort it with: LC_ALL=C sort -o $potfiles $potfiles"
  fi
)

if [ -n "$problems" ]; then
  echo "$problems" | sed 's/^/check-potfiles: /'
  exit 1
fi
echo "check-potfiles: $potfiles lists every translatable file, sorted."
