#!/usr/bin/env bash
# Times `ipsec-doctor fleet` over synthetic fleets (Tests/Fleet/generate-fleet.py) of growing size.
#   Tests/Fleet/bench-fleet.sh [BINARY] [SIZES...]     (default: release build; 100 1000)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${1:-$REPO/.build/release/ipsec-doctor}
shift || true
if [[ $# -gt 0 ]]; then SIZES=("$@"); else SIZES=(100 1000); fi
W=$(mktemp -d /tmp/fleet-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
printf '%-9s %-8s %-9s %s\n' gateways format seconds per-gateway-ms
for n in "${SIZES[@]}"; do
  python3 "$REPO/Tests/Fleet/generate-fleet.py" --gateways "$n" --out "$W/$n" --fault-every 10
  for fmt in json html; do
    s=$(date +%s.%N)
    "$BIN" fleet "$W/$n" --format "$fmt" --home "$REPO" --output "$W/$n.$fmt" || [[ $? == 1 ]]
    e=$(date +%s.%N)
    printf '%-9s %-8s %-9.2f %.2f\n' "$n" "$fmt" "$(echo "$e - $s" | bc)" "$(echo "($e - $s) * 1000 / $n" | bc -l)"
  done
done
