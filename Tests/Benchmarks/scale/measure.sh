#!/bin/bash
# The figures of PERFORMANCE.md without hyperfine (not installed on the project's machine):
# wall, CPU and peak RSS of `diagnose --snapshot` on the 10,000- and 20,000-tunnel snapshots,
# and `parse` of the three big sources against `awk '{n+=NF}'`, RUNS times each.
#
#   python3 Tests/Benchmarks/scale/generate.py 10000 /tmp/s10k
#   python3 Tests/Benchmarks/scale/generate.py 20000 /tmp/s20k
#   Tests/Benchmarks/scale/measure.sh LABEL [BIN] [RUNS]     # from the checkout (Rules/ is found there)
#
# Each line ends with the load average at the time: on a shared machine, compare CPU and RSS.
set -u
L=$1; B=${2:-.build/release/ipsec-doctor}; R=${3:-3}
S10=${S10:-/tmp/s10k}; S20=${S20:-/tmp/s20k}
out=$(mktemp)
timed() { # FORMAT CMD...: the command's stdout dropped, its time line printed
    local f=$1; shift
    /usr/bin/time -o "$out" -f "$f" "$@" > /dev/null 2>&1; cat "$out"
}
for dir in "$S10" "$S20"; do
    for i in $(seq "$R"); do
        timed "$L diagnose $(basename "$dir"): %e s wall, %U+%S s CPU, %M KiB (load $(cut -d' ' -f1 /proc/loadavg))" \
            "$B" diagnose --snapshot "$dir" --format json
    done
done
for s in xfrm-state:ip-xfrm-state xfrm-policy:ip-xfrm-policy swanctl-list-sas:swanctl-list-sas; do
    src=${s%%:*}; f=$S20/${s##*:}.txt
    for i in $(seq "$R"); do
        timed "$L parse $src $(basename "$S20"): %e s wall, %U+%S s CPU, %M KiB" "$B" parse "$src" "$f" --compact
    done
    timed "awk $src $(basename "$S20"): %e s wall, %U+%S s CPU" awk '{n+=NF}' "$f"
done
rm -f "$out"
