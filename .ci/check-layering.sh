#!/bin/sh
# check-layering.sh: fails when a layer includes or links what STYLE.md B1 forbids it, and names the
# file, the line and the rule.
#
# Rules:
#   src/core, src/cli   no <gtk/...>, <gdk/...> or <gsk/...> include; no gtk_dep in their meson.build
#   src/core            no <epoxy/...> include; no epoxy_dep in its meson.build
#   src/render          no <gtk/...>, <gdk/...> or <gsk/...> include; no gtk_dep in its meson.build
#   any public header   (a .h not named *-private.h) includes no *-private.h

set -u

cd "$(dirname "$0")/.." || exit 2

# Files under the given folders whose names end with one of the given suffixes: git's tracked files
# plus new files it does not ignore, or every file when this is not a git work tree.
list_files () {
  folder=$1
  shift
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files --cached --others --exclude-standard -- "$folder"
  elif [ -d "$folder" ]; then
    find "$folder" -type f
  fi | while read -r file; do
    [ -f "$file" ] || continue
    for suffix in "$@"; do
      case $file in
        *"$suffix") echo "$file" ;;
      esac
    done
  done | LC_ALL=C sort -u
}

# check_includes FOLDER PATTERN WHAT: every #include under FOLDER whose target starts with PATTERN.
check_includes () {
  folder=$1
  pattern=$2
  what=$3
  for file in $(list_files "$folder" .c .h); do
    grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($pattern)/" "$file" |
      while IFS= read -r hit; do
        echo "$file:${hit%%:*}: \"${hit#*:}\": $folder must not use $what."
      done
  done
}

# check_meson FOLDER DEPENDENCY WHAT: meson.build files under FOLDER that mention DEPENDENCY.
check_meson () {
  folder=$1
  dependency=$2
  what=$3
  for file in $(list_files "$folder" meson.build); do
    grep -nE "(^|[^A-Za-z0-9_])$dependency([^A-Za-z0-9_]|\$)" "$file" | grep -vE '^[0-9]+:[[:space:]]*#' |
      while IFS= read -r hit; do
        echo "$file:${hit%%:*}: mentions $dependency: $folder must not link $what."
      done
  done
}

report=$(
  check_includes src/core 'gtk|gdk|gsk' 'GTK'
  check_includes src/cli 'gtk|gdk|gsk' 'GTK'
  check_includes src/core 'epoxy' 'epoxy (OpenGL)'
  check_includes src/render 'gtk|gdk|gsk' 'GTK (it is handed a current GL context)'
  check_meson src/core gtk_dep 'GTK'
  check_meson src/cli gtk_dep 'GTK'
  check_meson src/core epoxy_dep 'epoxy (OpenGL)'
  check_meson src/render gtk_dep 'GTK'

  for header in $(list_files src .h); do
    case $header in
      *-private.h) continue ;;
    esac
    grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"][^>"]*-private\.h[>"]' "$header" |
      while IFS= read -r hit; do
        echo "$header:${hit%%:*}: \"${hit#*:}\": a public header must not include a -private.h; include it from the .c file."
      done
  done
)

if [ -n "$report" ]; then
  echo "$report" | sed 's/^/check-layering: /'
  count=$(echo "$report" | wc -l)
  echo "check-layering: $count layering violation(s); see src/DESIGN.md and STYLE.md B1." >&2
  exit 1
fi
echo "check-layering: every layer keeps to its dependencies."
