#!/bin/sh
# run-example.sh: checks that an example project's stored scenario runs: simulates a copy of it.
#
#   run-example.sh TWINCTL EXAMPLE.dtwin [DURATION]
#
# The copy lives in a temporary folder, so the built example keeps no run. DURATION shortens the
# scenario (`twinctl simulate --until`). Exits with twinctl's status.
set -eu

twinctl=$1
example=$2
until=${3:-}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cp "$example" "$dir/example.dtwin"
if [ -n "$until" ]; then
  "$twinctl" simulate "$dir/example.dtwin" --until "$until"
else
  "$twinctl" simulate "$dir/example.dtwin"
fi
