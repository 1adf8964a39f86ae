#!/bin/bash
# Captures what journalctl prints, in each of its output modes, for real daemon log lines: a
# private systemd-journald (in a mount namespace of its own: tmpfs over /run/systemd, /run/log
# and /var/log, so the host's logging is not touched) receives the lines, and Debian 12's
# journalctl (systemd 252) prints them back. Needs root and systemd's journald binary.
#
#   Tests/Fixtures/journal/capture.sh OUTDIR syslog FILE      # lines `Mon DD HH:MM:SS host tag[pid]: message`
#   Tests/Fixtures/journal/capture.sh OUTDIR charon-systemd FILE  # a charon file log `Mon DD HH:MM:SS NN[GRP] <name|id> message`
#
# `syslog` sends each line's message under its tag (SYSLOG_IDENTIFIER, SYSLOG_PID), as a
# daemon's syslog(3) call reaches the journal. `charon-systemd` sends what strongSwan's
# charon-systemd sends for each message (src/charon-systemd/charon-systemd.c, journal_logger:
# MESSAGE without the thread/group prefix, GROUP, LEVEL, THREAD, IKE_SA_UNIQUE_ID, IKE_SA_NAME),
# from a program whose name is charon-systemd. The journal stamps its own time: the lines keep
# their order, not their original times.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 OUTDIR syslog|charon-systemd FILE" >&2; exit 64; }
out=$1 kind=$2 in=$3
[ -x /lib/systemd/systemd-journald ] || { echo "no /lib/systemd/systemd-journald" >&2; exit 69; }
mkdir -p "$out"
out=$(cd "$out" && pwd) in=$(cd "$(dirname "$in")" && pwd)/$(basename "$in")
exec unshare -m --propagation private bash -s "$out" "$kind" "$in" <<'INNER'
set -euo pipefail
out=$1 kind=$2 in=$3
for d in /run/systemd /run/log /var/log; do mkdir -p $d; mount -t tmpfs tmpfs $d; done
mkdir -p /run/systemd/journal
/lib/systemd/systemd-journald & jd=$!
trap 'kill $jd 2>/dev/null' EXIT
for _ in $(seq 50); do [ -S /run/systemd/journal/socket ] && break; sleep 0.1; done
tmp=$(mktemp -d); cp /usr/bin/logger "$tmp/charon-systemd"
python3 - "$kind" "$in" "$tmp" <<'PY'
import re, subprocess, sys
kind, path, tmp = sys.argv[1:]
syslog = re.compile(r'^[A-Z][a-z]{2} +\d+ [\d:.]+ (?:\S+ )?([A-Za-z][\w./-]*?)(?:\[(\d+)\])?: (.*)$')
filelog = re.compile(r'^[A-Z][a-z]{2} +\d+ [\d:.]+ (\d+)\[(\w+)\] (?:<(?:([^|>]*)\|)?(\d+)> )?(.*)$')
def send(fields, prog='/usr/bin/logger'):
    body = ''.join('%s=%s\n' % (k, v) for k, v in fields if v is not None)
    subprocess.run([prog, '--journald'], input=body.encode(), check=True)
for line in open(path, encoding='utf-8', errors='replace'):
    line = line.rstrip('\n')
    if kind == 'syslog':
        m = syslog.match(line)
        if m: send([('SYSLOG_IDENTIFIER', m.group(1)), ('SYSLOG_PID', m.group(2)), ('PRIORITY', '6'), ('MESSAGE', m.group(3))])
    else:
        m = filelog.match(line)
        if m:
            send([('MESSAGE', m.group(5)), ('PRIORITY', '6'), ('GROUP', m.group(2)), ('LEVEL', '1'), ('THREAD', str(int(m.group(1)))),
                  ('IKE_SA_UNIQUE_ID', m.group(4)), ('IKE_SA_NAME', m.group(3) or None)], prog=tmp + '/charon-systemd')
PY
sleep 0.5
ident=$([ "$kind" = syslog ] && echo "" || echo "_COMM=charon-systemd")
for mode in short short-full short-iso short-precise short-monotonic json json-pretty verbose cat; do
  # only what the lines made (not journald's own start messages)
  journalctl --no-pager -o $mode _TRANSPORT=journal $ident > "$out/$mode.txt"
done
INNER
