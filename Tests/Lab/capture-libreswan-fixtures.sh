#!/usr/bin/env bash
# Runs Libreswan lab scenarios for real (up, capture both gateways, down) and writes the outputs
# to OUTDIR/SCENARIO/{a,b}/ (default: Tests/Fixtures/libreswan-lab). Prints the wall time of each
# scenario and checks that no lab PSK leaked. Run it under the lab lock:
#
#   flock /tmp/ipsec-lab.lock Tests/Lab/capture-libreswan-fixtures.sh [OUTDIR] [SCENARIO...]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
lab=$here/libreswan-lab.sh
out=${1:-$here/../Fixtures/libreswan-lab}
shift || true
prefix=lswfx

if (($#)); then scenarios=("$@"); else mapfile -t scenarios < <("$lab" list); fi

trap '"$lab" down "$prefix" || true' EXIT
mkdir -p "$out"
for s in "${scenarios[@]}"; do
  "$lab" down "$prefix"
  start=$EPOCHREALTIME
  "$lab" up "$s" "$prefix"
  rm -rf "${out:?}/$s"
  "$lab" capture "$prefix" a "$out/$s/a"
  "$lab" capture "$prefix" b "$out/$s/b"
  "$lab" down "$prefix"
  end=$EPOCHREALTIME
  awk -v s="$s" -v a="$start" -v b="$end" 'BEGIN { printf "timing: %-26s %5.1f s\n", s, b - a }'
done

if grep -rl -e lab-psk-a1b2c3 -e lab-psk-wrong-d4e5f6 "$out"; then
  echo "error: a lab PSK leaked into $out" >&2
  exit 1
fi
