#!/bin/bash
# Output of two builds compared byte for byte (stdout, stderr, exit status), for changes that
# must not change what the tool prints (speed work):
#
#   Tests/Benchmarks/scale/compare-output.sh BEFORE-BINARY AFTER-BINARY [SNAPSHOT-DIR ...]
#
# Run from the checkout (the rule base is found from the working directory). Compares
# `diagnose --snapshot --format json` on every snapshot under Tests/Fixtures and on the SNAPSHOT-DIRs given
# (e.g. generate.py's 10,000-tunnel one); `parse` of every text file under Tests/Fixtures with
# the source its folder names and with xfrm-state and processes (the two redaction paths of
# `parse`); and of every file of ../shared/corpus/libreswan-console (where present) and the
# SNAPSHOT-DIRs' outputs with the six big sources (and those outputs in the pretty form too).
# Prints each difference and the counts.
set -u
B=$1; A=$2; shift 2
same() { cmp -s /tmp/cmp.$$.1.out /tmp/cmp.$$.2.out && cmp -s /tmp/cmp.$$.1.err /tmp/cmp.$$.2.err; }
run() { # run BIN ARGS... into slot 1 or 2
    local slot=$1; shift
    "$@" >/tmp/cmp.$$.$slot.out 2>/tmp/cmp.$$.$slot.err; echo $? >>/tmp/cmp.$$.$slot.out
}
n=0; d=0
# Every snapshot under Tests/Fixtures (lab, libreswan-lab, variants, trace: a folder with a
# commands.txt or manifest.json), then the SNAPSHOT-DIRs.
snapshots=$(find Tests/Fixtures \( -name commands.txt -o -name manifest.json \) -exec dirname {} \; | sort -u)
for dir in $snapshots "$@"; do
    [ -d "$dir" ] || continue
    run 1 $B diagnose --snapshot $dir --format json; run 2 $A diagnose --snapshot $dir --format json
    n=$((n+1)); same || { d=$((d+1)); echo "DIFF diagnose $dir"; }
done
echo "diagnose: $n snapshots, $d differ"
sources=" $($A parse --list | awk '{print $1}' | tr '\n' ' ') "
n=0; d=0
for f in $(find Tests/Fixtures -type f -size -3M); do
    grep -qP '\x00' "$f" && continue
    folder=$(basename "$(dirname "$f")")
    extra=""; case "$sources" in *" $folder "*) extra=$folder;; esac
    for src in $extra xfrm-state processes; do
        run 1 $B parse $src "$f" --compact; run 2 $A parse $src "$f" --compact
        n=$((n+1)); same || { d=$((d+1)); echo "DIFF parse $src $f"; }
    done
done
echo "parse (every fixture file: its folder's source, xfrm-state, processes): $n runs, $d differ"
n=0; d=0
for f in ../shared/corpus/libreswan-console/*.txt $(for s in "$@"; do ls "$s"/*; done); do
    [ -f "$f" ] || continue
    for src in xfrm-state xfrm-policy swanctl-list-sas swanctl-list-conns swanctl-conf charon-log; do
        run 1 $B parse $src "$f" --compact; run 2 $A parse $src "$f" --compact
        n=$((n+1)); same || { d=$((d+1)); echo "DIFF parse $src $f"; }
    done
done
echo "parse (bulk corpus and snapshot outputs x 6 sources): $n runs, $d differ"
n=0; d=0
for f in $(for s in "$@"; do ls "$s"/*; done); do   # the pretty form too, on the big outputs
    for src in xfrm-state xfrm-policy swanctl-list-sas swanctl-list-conns swanctl-conf; do
        run 1 $B parse $src "$f"; run 2 $A parse $src "$f"
        n=$((n+1)); same || { d=$((d+1)); echo "DIFF parse (pretty) $src $f"; }
    done
done
echo "parse, pretty (snapshot outputs x 5 sources): $n runs, $d differ"
rm -f /tmp/cmp.$$.*
