#!/bin/sh
# build-example.sh: makes an example project file: the model from its JSON form, then its meshes.
#
#   build-example.sh TWINCTL MODEL.json MESH-LIST MESH-DIR OUTPUT.dtwin
#
# MESH-LIST has one line per mesh, "file<TAB>entity path<TAB>option" (the option may be empty),
# written by meshes/make-meshes.py; each becomes `twinctl import-mesh --entity`. The project is
# built under a temporary name and renamed at the end, so a failed step leaves no half-made file.
set -eu

twinctl=$1
json=$2
list=$3
dir=$4
out=$5
tmp="$out.part"
tab=$(printf '\t')

rm -f "$tmp" "$tmp-wal" "$tmp-shm"
"$twinctl" new "$tmp" --from-json "$json"
while IFS="$tab" read -r mesh entity option; do
  [ -n "$mesh" ] || continue
  # $option is one word or nothing: unquoted on purpose.
  # shellcheck disable=SC2086
  "$twinctl" import-mesh "$tmp" "$dir/$mesh" --entity "$entity" $option >/dev/null
done < "$list"
mv -f "$tmp" "$out"
