#!/bin/sh
# build-example.sh: makes an example project file: the model from its JSON form, its meshes, its
# simulation scenario and (for the office) a year of history.
#
#   build-example.sh TWINCTL MODEL.json MESH-LIST MESH-DIR OUTPUT.dtwin SCENARIO.json [HISTORY.csv BINDINGS [FEED-OPTION…]]
#
# MESH-LIST has one line per mesh, "file<TAB>entity path<TAB>option" (the option may be empty),
# written by meshes/make-meshes.py; each becomes `twinctl import-mesh --entity`. The project is
# built under a temporary name and renamed at the end, so a failed step leaves no half-made file.
# HISTORY.csv is imported with `twinctl history import`; BINDINGS has one line per signal,
# "signal<TAB>entity path<TAB>property", each becoming `twinctl bind`, and one per command binding,
# "command<TAB>entity path<TAB>property<TAB>topic", each becoming `twinctl command bind` through
# the feed (history/make-history.py writes both files). FEED-OPTIONs, when given, are `twinctl feed add` options: the feed is added before
# the bindings, so each signal its topics match becomes a live topic binding too (the office's
# "Building" feed on a broker on loopback, which `./dev run` starts with an emulated building).
# SCENARIO.json (docs/simulation.md) is stored with `twinctl scenario save`, so the example opens
# with a scenario ready to run.
set -eu

twinctl=$1
json=$2
list=$3
dir=$4
out=$5
scenario=$6
history=${7:-}
bindings=${8:-}
[ $# -gt 8 ] && shift 8 || set --
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
if [ -n "$history" ]; then
  "$twinctl" history import "$tmp" "$history" >/dev/null
  [ $# -eq 0 ] || "$twinctl" feed add "$tmp" "$@" >/dev/null
  feed=$(echo "$@" | sed -n 's/.*--name \([^ ]*\).*/\1/p')
  while IFS="$tab" read -r signal entity property topic; do
    [ -n "$signal" ] || continue
    if [ "$signal" = command ]; then
      # "command<TAB>entity<TAB>property<TAB>topic": a setpoint sent through the feed added above.
      "$twinctl" command bind "$tmp" "$entity.$property" --feed "$feed" --topic "$topic" --min 5 --max 30 >/dev/null
    else
      "$twinctl" bind "$tmp" "$signal" "$entity.$property" >/dev/null
    fi
  done < "$bindings"
fi
"$twinctl" scenario save "$tmp" "$scenario" >/dev/null
mv -f "$tmp" "$out"
