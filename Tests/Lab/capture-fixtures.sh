#!/usr/bin/env bash
# Runs every lab scenario for real (up, capture both gateways, down) and writes the outputs to
# OUTDIR/SCENARIO/{a,b}/ (default: Tests/Fixtures/lab next to this script's Tests/ folder).
# Also prints the wall time of each scenario (up .. down) and checks that no lab PSK leaked.
#
#   capture-fixtures.sh [OUTDIR] [SCENARIO...]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
lab=$here/lab.sh
out=${1:-$here/../Fixtures/lab}
shift || true
prefix=ipdfx

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
  cp /tmp/ipsec-doctor-lab/"$prefix"/ping.out "$out/$s/ping.txt" 2>/dev/null || true
  "$lab" down "$prefix"
  end=$EPOCHREALTIME
  awk -v s="$s" -v a="$start" -v b="$end" 'BEGIN { printf "timing: %-26s %5.1f s\n", s, b - a }'
done

# The lab PSKs, EAP/XAUTH passwords and RADIUS secrets must never end up in fixtures.
if grep -rl -e lab-psk-a1b2c3 -e lab-psk-wrong-d4e5f6 -e lab-eap-pass-g7h8i9 -e lab-eap-wrong-j1k2l3 \
  -e lab-radius-secret-m4n5o6 -e lab-radius-wrong-p7q8r9 "$out"; then
  echo "error: a lab secret leaked into $out" >&2
  exit 1
fi
