#!/bin/sh
# The speed figures of issue 10 item 6, on generated concentrator snapshots (generate.py).
#
#   Tests/Benchmarks/scale/run.sh [N ...]        default N: 10000 20000
#
# Needs a release build (`swift build -c release --product ipsec-doctor`), python3, hyperfine,
# GNU time (/usr/bin/time) and awk. Snapshots go to ${SCALE_DIR:-/tmp/ipsec-doctor-scale}/N.
# Prints, per N: diagnose --snapshot wall time and peak RSS (and RSS / snapshot bytes); per big
# parser: `parse SOURCE FILE --compact` against `awk '{n+=NF}' FILE` (the ratio); then the time
# of `rules check` and of start-up (`--version`). hyperfine's mean ± σ; runs: ${RUNS:-5}.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
bin=${BIN:-$root/.build/release/ipsec-doctor}
dir=${SCALE_DIR:-/tmp/ipsec-doctor-scale}
runs=${RUNS:-5}
[ -x "$bin" ] || { echo "no release build at $bin: swift build -c release --product ipsec-doctor" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "hyperfine not found (apt-get install hyperfine)" >&2; exit 1; }
[ $# -gt 0 ] || set -- 10000 20000

# "mean-wall stddev mean-cpu" seconds of one command (cpu: user + system), from hyperfine's
# JSON export. On a shared machine the CPU time is the steadier figure of the two.
mean() {
    out=$(mktemp)
    hyperfine -N -w 1 -r "$runs" -i --export-json "$out" "$1" >/dev/null 2>&1
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.3f %.3f %.3f" % (r["mean"], r["stddev"] or 0, r["user"] + r["system"]))' "$out"
    rm -f "$out"
}
# peak RSS in KiB
rss() { /usr/bin/time -f %M sh -c "$1 >/dev/null 2>&1" 2>&1 | tail -1; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
prev=""
for n in "$@"; do
    snap="$dir/$n"
    [ -f "$snap/commands.txt" ] || python3 "$here/generate.py" "$n" "$snap"
    bytes=$(cat "$snap"/* | wc -c)
    cmd="$bin diagnose --snapshot $snap --format json"
    set -- $(mean "$cmd"); t=$1; sd=$2; cpu=$3
    kib=$(rss "$cmd")
    echo "== $n tunnels: snapshot $(echo "$bytes" | awk '{printf "%.1f MB", $1/1e6}')"
    echo "diagnose --snapshot: ${t} s ± ${sd} wall, ${cpu} s CPU, peak RSS $((kib / 1024)) MiB = $(echo "$kib $bytes" | awk '{printf "%.2f", $1*1024/$2}') x snapshot bytes"
    [ -n "$prev" ] && echo "  ratio to the previous N: $(echo "$t $prev" | awk '{printf "%.2f", $1/$2}')"
    prev=$t
    for pair in xfrm-state:ip-xfrm-state.txt xfrm-policy:ip-xfrm-policy.txt swanctl-list-sas:swanctl-list-sas.txt; do
        src=${pair%%:*}; file=$snap/${pair#*:}
        set -- $(mean "$bin parse $src $file --compact"); p=$1; pc=$3
        set -- $(mean "awk {n+=NF} $file"); a=$1; ac=$3
        echo "parse $src ($(wc -c < "$file") bytes): ${p} s (CPU ${pc}), awk ${a} s (CPU ${ac}), ratio $(echo "$p $a" | awk '{printf "%.1f", $1/$2}') wall, $(echo "$pc $ac" | awk '{printf "%.1f", $1/$2}') CPU, peak RSS $(( $(rss "$bin parse $src $file --compact") / 1024)) MiB"
    done
done
set -- $(mean "$bin rules check"); echo "rules check: ${1} s ± ${2} wall, ${3} s CPU"
set -- $(mean "$bin --version"); echo "start-up (--version): ${1} s ± ${2} wall, ${3} s CPU"
