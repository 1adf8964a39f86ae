#!/usr/bin/env bash
# Fuzzes one target for N minutes (fractions allowed: 0.05 = 3 s).
#   Tests/Fuzz/run.sh TARGET MINUTES [libFuzzer options...]
#   Tests/Fuzz/run.sh --build          (only build)
#   Tests/Fuzz/run.sh --list
# Targets: parser (every ParserRegistry source; FUZZ_SOURCE=name pins one), condition, answers,
# snapshot, redactor. The corpus grows in .build/fuzz-corpus/TARGET (seeded from the real
# fixtures by Tests/Fuzz/seed.sh on first use); crashes land in Tests/Fuzz/crashes/TARGET/, where
# they belong in Tests/Fuzz/regressions/TARGET/ once fixed (FuzzTests replays those).
# Memory: -rss_limit_mb=2048 (a target using more is a bug: the tool promises < 512 MB);
# one input may take at most 10 s (-timeout).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
SCRATCH=.build/fuzz
# FUZZ_BIN: an already built fuzz program (skips the build; a copy keeps running while the
# next one builds).
BIN="${FUZZ_BIN:-$SCRATCH/debug/ipsec-doctor-fuzz}"

build() {
  # -O keeps libFuzzer's executions per second useful; ASan catches memory errors in C code
  # (Foundation, libyaml) and Swift's own traps become crashes either way. lld: gold crashes
  # (internal error in format_file_lineno) on this link. The driver is exported so that
  # main (SwiftPM's entry point, not libFuzzer's) can find it (FuzzEntry.runDriver).
  swift build --scratch-path "$SCRATCH" --product ipsec-doctor-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -O -Xswiftc -use-ld=lld \
    -Xlinker --export-dynamic-symbol=LLVMFuzzerRunDriver 2>&1 \
    | grep -v "Cannot export local symbol" >&2 || true
  [[ -x "$BIN" ]] || { echo "fuzz build failed" >&2; exit 1; }
}

case "${1:-}" in
  --build) build; exit 0 ;;
  --list|"") echo "targets: parser condition answers snapshot redactor"; [[ -n "${1:-}" ]]; exit $? ;;
esac
TARGET=$1; MINUTES=${2:?minutes}; shift 2
[[ -n "${FUZZ_BIN:-}" ]] || build
CORPUS=.build/fuzz-corpus/$TARGET
CRASHES=Tests/Fuzz/crashes/$TARGET
mkdir -p "$CORPUS" "$CRASHES"
[[ -n "$(ls -A "$CORPUS")" ]] || bash Tests/Fuzz/seed.sh "$TARGET" "$CORPUS"
SECONDS_TOTAL=$(awk -v m="$MINUTES" 'BEGIN { s = int(m * 60); print (s < 1 ? 1 : s) }')
DICT=()
[[ -f Tests/Fuzz/dict/$TARGET.dict ]] && DICT=(-dict="Tests/Fuzz/dict/$TARGET.dict")
# Regressions are read as seeds too, so the fuzzer starts from what once broke.
REG=()
[[ -d Tests/Fuzz/regressions/$TARGET ]] && REG=(Tests/Fuzz/regressions/$TARGET)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
FUZZ_TARGET=$TARGET exec "$BIN" -max_total_time="$SECONDS_TOTAL" -rss_limit_mb=2048 -timeout=10 \
  -max_len=65536 -artifact_prefix="$CRASHES/" -print_final_stats=1 "${DICT[@]}" "$@" "$CORPUS" "${REG[@]}"
