#!/bin/bash
# Is the committed link order (functions.txt) stale? Remakes it on a release binary (make.sh,
# ~1.5 min) and counts the functions `diagnose --snapshot` runs now that the committed list
# lacks: those are laid out apart from the rest, and each pages in code around it (a list that
# missed one branch's new functions cost ~2 MiB of a 10,000-tunnel diagnosis' peak RSS:
# PERFORMANCE.md, stop 25). Exit 1 when more than MAX_MISSING_PERCENT (default 1) of them are
# missing: run make.sh and commit its list.
#
# Not run by CI (`swift test` builds no release binary, and the order only matters for one):
# the lead runs it on the merged main before CI (README, "Benchmarks"). CI checks that the list
# is well formed (CLITests.LinkOrderTests).
#
# usage (from the repository): Tests/Benchmarks/link-order/check.sh [RELEASE-BINARY]
set -eu
BIN=${1:-.build/release/ipsec-doctor}
HERE=$(dirname "$0")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
LINK_ORDER_OUT="$T/now.txt" "$HERE/make.sh" "$BIN" > /dev/null
sort -u "$T/now.txt" > "$T/now.sorted"
sort -u "$HERE/functions.txt" > "$T/committed.sorted"
run=$(wc -l < "$T/now.sorted")
missing=$(comm -23 "$T/now.sorted" "$T/committed.sorted" | wc -l)
gone=$(comm -13 "$T/now.sorted" "$T/committed.sorted" | wc -l)
echo "$run functions run; $missing of them not in functions.txt; $gone listed ones not run any more"
awk -v m="$missing" -v r="$run" -v max="${MAX_MISSING_PERCENT:-1}" 'BEGIN { exit (r > 0 && m * 100 > max * r) ? 1 : 0 }' || {
    echo "the link order is stale: Tests/Benchmarks/link-order/make.sh $BIN, and commit functions.txt" >&2; exit 1; }
