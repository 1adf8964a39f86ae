#!/usr/bin/env bash
# Seeds a fuzz corpus from the project's real fixtures (Tests/Fixtures/real, lab snapshots,
# rules, the secrets corpus).   Tests/Fuzz/seed.sh TARGET DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
TARGET=$1; OUT=$2
mkdir -p "$OUT"
n=0
put() { cp "$1" "$OUT/seed-$n"; n=$((n + 1)); }
case "$TARGET" in
  parser)
    # One seed per real fixture, prefixed with the byte that selects its parser.
    # The order of `parse --list` is ParserRegistry.all's, which the first byte indexes.
    doctor=${IPSEC_DOCTOR:-.build/debug/ipsec-doctor}
    [[ -x "$doctor" ]] || { swift build -q --product ipsec-doctor >&2; }
    sources=$("$doctor" parse --list | awk '{print $1}')
    i=0
    for s in $sources; do
      for f in Tests/Fixtures/real/"$s"/*; do
        [[ -f "$f" && $(stat -c %s "$f") -lt 65000 ]] || continue
        { printf "\\x$(printf %02x $i)"; cat "$f"; } > "$OUT/seed-$n"; n=$((n + 1))
      done
      i=$((i + 1))
    done ;;
  condition)
    # Every `when:` of the rule base, one per file.
    grep -rhoE '^\s*(when|if|condition):\s*.*' Rules/ | sed -E 's/^\s*(when|if|condition):\s*//' | sort -u \
      | while IFS= read -r line; do printf '%s' "$line" > "$OUT/seed-c$((n++))"; done ;;
  answers)
    # Any YAML the project reads (rule files hold fact mappings in their examples), the wizard's
    # session format, and anchors/aliases (a YAML feature an answers file must not choke on).
    for f in Tests/Benchmarks/*.yaml $(find Rules -name '*.yaml' -size -8k | head -60); do [[ -f "$f" ]] && put "$f"; done
    printf '# session\nanswers:\n  peer.psk_differs: true\n  ike.version: 2\n  conn.auth: psk\n' > "$OUT/seed-session"
    printf 'ike.version: 2\nconn.local_ts: [10.0.0.0/24, 10.1.0.0/24]\nlog.ike.auth_failed: yes\n' > "$OUT/seed-plain"
    printf 'a: &x [1, 2]\nb: *x\n? *x\n: 3\n' > "$OUT/seed-alias" ;;
  snapshot)
    for d in Tests/Fixtures/lab/*/a Tests/Fixtures/lab/*/b; do
      [[ -d "$d" ]] || continue
      find "$d" -type f -size -20k | while read -r f; do printf '=== %s\n' "${f#$d/}"; cat "$f"; echo; done > "$OUT/seed-$n"
      n=$((n + 1))
    done ;;
  redactor)
    for f in Tests/Fixtures/secrets/* Tests/Fixtures/real/swanctl-conf/* Tests/Fixtures/real/charon-log/* \
             Tests/Fixtures/real/xfrm-state/* Tests/Fixtures/real/ipsec-conf-strongswan/*; do
      [[ -f "$f" && $(stat -c %s "$f") -lt 65000 ]] && put "$f"
    done ;;
  *) echo "unknown target $TARGET" >&2; exit 64 ;;
esac
echo "seeded $(ls "$OUT" | wc -l) inputs into $OUT" >&2
