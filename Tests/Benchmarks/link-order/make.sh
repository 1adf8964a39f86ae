#!/bin/bash
# Writes Tests/Benchmarks/link-order/functions.txt, the order in which lld lays out the release
# binary's code (Package.swift, --symbol-ordering-file): the functions `diagnose --snapshot`
# runs on generated concentrators of 10,000 and 300 tunnels, as callgrind first saw them.
#
# WHY: the static binary's 22 MB of code is touched here and there, and the kernel maps a
# file's pages 64 KB at a time around each one touched: a 10,000-tunnel diagnosis had 12 MB of
# code resident for 2 MB of functions run. Laid out together they take ~3.6 MB fewer
# (Tests/Benchmarks/PERFORMANCE.md, tenth pass). A function renamed since the list was made is
# only laid out elsewhere again (lld skips names it does not find): rerun this after larger
# changes, on a release build. (--deadline: under callgrind the 10,000-tunnel read takes minutes.)
#
# usage (from the repository): Tests/Benchmarks/link-order/make.sh [RELEASE-BINARY]
# (LINK_ORDER_OUT=FILE writes the list there instead: check.sh compares it with the committed one.)
set -eu
BIN=${1:-.build/release/ipsec-doctor}
HERE=$(dirname "$0")
OUT=${LINK_ORDER_OUT:-$HERE/functions.txt}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
objcopy --strip-debug "$BIN" "$T/ipsec-doctor"   # valgrind cannot read the binary's DWARF
for n in 10000 300; do
    python3 Tests/Benchmarks/scale/generate.py "$n" "$T/s$n" > /dev/null
    valgrind --tool=callgrind --callgrind-out-file="$T/callgrind.$n" --dump-instr=no --demangle=no \
        "$T/ipsec-doctor" diagnose --snapshot "$T/s$n" --format json --deadline 900 > /dev/null 2> "$T/valgrind.$n.log" || {
        # exit 1 is a diagnosis with a problem found, as good a run as 0; anything else is not
        rc=$?; [ "$rc" -eq 1 ] || { cat "$T/valgrind.$n.log" >&2; exit "$rc"; }; }
done
python3 "$HERE/functions.py" /ipsec-doctor "$T/callgrind.10000" "$T/callgrind.300" > "$OUT"
wc -l < "$OUT"
