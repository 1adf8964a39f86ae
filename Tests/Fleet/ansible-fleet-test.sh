#!/usr/bin/env bash
# Runs the real playbook ansible/collect-fleet.yml with ansible-core against three gateways
# reachable over SSH, then checks the aggregated fleet report (JSON) and the HTML page in a real
# headless browser (Playwright driving Debian's chromium; no browser is ever downloaded).
#
# Gateways: the fault lab's `ip-forward-off` scenario under the prefix `flt` (Tests/Lab/lab.sh):
# flta and fltb run real strongSwan charons with an established tunnel (flta has IP forwarding
# off), fltc is the LAN host behind flta (no IKE daemon). A control namespace `fltctl` reaches
# each over its own veth (198.51.100.0/24, documentation range; no other route anywhere). sshd
# runs inside each gateway's view (lab.sh exec), with host and client keys made here.
#
# Needs root, the lab's packages, openssh-server, chromium, ansible-core and playwright
# (.ci/setup-debian installs them). Holds /tmp/ipsec-lab.lock for its whole run, as lab.sh wants.
#
#   Tests/Fleet/ansible-fleet-test.sh [IPSEC_DOCTOR_BINARY]
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${1:-${IPSEC_DOCTOR_BIN:-$REPO/.build/debug/ipsec-doctor}}
P=flt
W=/tmp/flt-ansible-$$
VENV=${FLEET_VENV:-/opt/ipsec-doctor-fleet-venv}
ANSIBLE_PLAYBOOK=${ANSIBLE_PLAYBOOK:-$VENV/bin/ansible-playbook}
PYTHON=${FLEET_PYTHON:-$VENV/bin/python3}
LAB="$REPO/Tests/Lab/lab.sh"

say() { printf 'fleet-test: %s\n' "$*" >&2; }
skip() { say "SKIP: $*"; exit 77; }
[[ $(id -u) == 0 ]] || skip "needs root (network namespaces, sshd)"
[[ -x $BIN ]] || skip "no ipsec-doctor binary at $BIN (swift build first)"
BIN=$(realpath "$BIN")
[[ -x /usr/sbin/sshd ]] || skip "no /usr/sbin/sshd (apt-get install openssh-server)"
[[ -x /usr/bin/chromium ]] || skip "no /usr/bin/chromium (apt-get install chromium)"
[[ -x $ANSIBLE_PLAYBOOK ]] || skip "no ansible-playbook at $ANSIBLE_PLAYBOOK (pip install ansible-core, see .ci/setup-debian)"
"$PYTHON" -c 'import playwright' 2>/dev/null || skip "no playwright for $PYTHON (pip install playwright)"

# Unless the caller already holds the lab lock (IPSEC_LAB_LOCKED=1, e.g. a whole test run under
# `flock /tmp/ipsec-lab.lock`): taking it again here would wait for ever.
if [[ ${IPSEC_LAB_LOCKED:-0} != 1 ]]; then
  exec 9>/tmp/ipsec-lab.lock
  flock 9
fi
mkdir -m 700 "$W"
pids=()
cleanup() {
  set +e
  # The sshds this test started: by host PID, found through their network namespace (their
  # pid files hold PIDs of the gateways' own PID namespaces, meaningless out here).
  for side in a b c; do
    for pid in $(ip netns pids $P$side 2>/dev/null); do
      [[ $(cat /proc/$pid/comm 2>/dev/null) == sshd ]] && kill "$pid" 2>/dev/null
    done
  done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  ip netns del ${P}ctl 2>/dev/null
  "$LAB" down $P >/dev/null 2>&1
  [[ -n ${KEEP:-} ]] || rm -rf "$W"
}
trap cleanup EXIT

say "lab up: ip-forward-off, prefix $P"
"$LAB" up ip-forward-off $P >"$W/lab-up.log" 2>&1 || { cat "$W/lab-up.log" >&2; exit 1; }

# Control namespace and one management veth per gateway (198.51.100.4k+1 <-> 4k+2).
ip netns add ${P}ctl
ip -n ${P}ctl link set lo up
k=0
for side in a b c; do
  ctl=198.51.100.$((4 * k + 1)) gw=198.51.100.$((4 * k + 2))
  ip link add ${P}m$side type veth peer name mgmt0 netns $P$side
  ip link set ${P}m$side netns ${P}ctl
  ip -n ${P}ctl addr add $ctl/30 dev ${P}m$side
  ip -n ${P}ctl link set ${P}m$side up
  ip -n $P$side addr add $gw/30 dev mgmt0
  ip -n $P$side link set mgmt0 up
  eval "addr_$side=$gw"
  k=$((k + 1))
done

# Keys made by the test: one client key, one host key per gateway, known_hosts from them.
ssh-keygen -q -t ed25519 -N '' -C fleet-test -f "$W/id"
: >"$W/known_hosts"
for side in a b c; do
  ssh-keygen -q -t ed25519 -N '' -C "$P$side" -f "$W/host_$side"
  eval "addr=\$addr_$side"
  printf '%s %s\n' "$addr" "$(cut -d' ' -f1,2 "$W/host_$side.pub")" >>"$W/known_hosts"
  cat >"$W/sshd_$side.conf" <<CONF
ListenAddress $addr
Port 22
HostKey $W/host_$side
AuthorizedKeysFile $W/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PidFile $W/sshd-$side.pid
Subsystem sftp internal-sftp
CONF
done
cp "$W/id.pub" "$W/authorized_keys"

# sshd inside each gateway's view, so a session sees that gateway's daemon, config and logs.
for side in a b; do
  "$LAB" exec $P $side sh -c "mkdir -p /run/sshd && exec /usr/sbin/sshd -D -e -f $W/sshd_$side.conf" 2>"$W/sshd-$side.log" &
  pids+=($!)
done
ip netns exec ${P}c unshare --mount --pid --fork --mount-proc \
  sh -c "mount -t tmpfs tmpfs /run && mkdir -p /run/sshd && exec /usr/sbin/sshd -D -e -f $W/sshd_c.conf" 2>"$W/sshd-c.log" &
pids+=($!)

ssh_opts=(-i "$W/id" -o UserKnownHostsFile="$W/known_hosts" -o StrictHostKeyChecking=yes -o BatchMode=yes -o ConnectTimeout=3)
for side in a b c; do
  eval "addr=\$addr_$side"
  for _ in $(seq 1 30); do
    ip netns exec ${P}ctl ssh "${ssh_opts[@]}" root@"$addr" true 2>/dev/null && break
    sleep 0.5
  done
  ip netns exec ${P}ctl ssh "${ssh_opts[@]}" root@"$addr" true || { say "cannot reach $P$side over ssh"; cat "$W/sshd-$side.log" >&2; exit 1; }
done

# The key for `collect --psk-fingerprint`, the same file on every gateway (shared /tmp here).
head -c 32 /dev/urandom | base64 >"$W/fleet.key"
chmod 600 "$W/fleet.key"

cat >"$W/inventory.ini" <<INV
[gateways]
${P}a ansible_host=$addr_a
${P}b ansible_host=$addr_b
${P}c ansible_host=$addr_c

[gateways:vars]
ansible_user=root
ansible_ssh_private_key_file=$W/id
ansible_ssh_common_args=-o UserKnownHostsFile=$W/known_hosts -o StrictHostKeyChecking=yes
ansible_python_interpreter=/usr/bin/python3
ipsec_doctor_bin=$BIN
INV

say "ansible-playbook ansible/collect-fleet.yml on ${P}a ${P}b ${P}c"
start=$(date +%s.%N)
ip netns exec ${P}ctl env ANSIBLE_CONFIG="$REPO/ansible/ansible.cfg" ANSIBLE_LOCAL_TEMP="$W/ansible-local" \
  ANSIBLE_REMOTE_TEMP=/tmp/.ansible-$P "$ANSIBLE_PLAYBOOK" -i "$W/inventory.ini" "$REPO/ansible/collect-fleet.yml" \
  -e fleet_hosts=gateways -e fleet_dir="$W/out" -e ipsec_doctor_local="$BIN" -e ipsec_doctor_home="$REPO" \
  -e ansible_python_interpreter=/usr/bin/python3 -e collect_deadline=15 -e psk_fingerprint_key="$W/fleet.key" >"$W/playbook.log" 2>&1 \
  || { cat "$W/playbook.log" >&2; say "playbook failed"; exit 1; }
say "playbook done in $(echo "$(date +%s.%N) - $start" | bc) s"

"$PYTHON" - "$W/out" <<'PY'
import json, os, sys
out = sys.argv[1]
r = json.load(open(os.path.join(out, "fleet.json")))
names = sorted(g["name"] for g in r["gateways"])
assert names == ["flta", "fltb", "fltc"], names
t = [x for x in r["tunnels"] if {x["a"], x["b"]} == {"flta", "fltb"}]
assert len(t) == 1, r["tunnels"]
assert t[0]["state"] == "up", t[0]
g = {x["name"]: x for x in r["gateways"]}
ids = [f["id"] for f in g["flta"]["findings"] if f["severity"] == "problem"]
assert ids and ids[0] == "system.ip-forwarding-disabled", ids
assert r["verdict"] == "problem", r["verdict"]
# the lab's PSKs never leave the gateways (collect redacts them)
for root, _, files in os.walk(out):
    for f in files:
        data = open(os.path.join(root, f), "rb").read()
        assert b"lab-psk-a1b2c3" not in data and b"lab-psk-wrong" not in data, f
for gw in ("flta", "fltb"):
    fp = json.load(open(os.path.join(out, "snapshots", gw, "psk-fingerprints.json")))
    assert fp["fingerprints"], gw
print("fleet-test: report checked: 3 gateways, flta<->fltb up, flta: system.ip-forwarding-disabled")
PY

# compare on the two live gateways' snapshots: the tunnel pairs, nothing differs, the SAs match.
rc=0
"$BIN" compare "$W/out/snapshots/${P}a" "$W/out/snapshots/${P}b" --home "$REPO" --format json >"$W/compare.json" || rc=$?
"$PYTHON" - "$W/compare.json" "$rc" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
assert sys.argv[2] == "1", "exit code: IP forwarding off at flta is a problem"
assert [(t["a"], t["b"], t["sa_established"]) for t in c["tunnels"]] == [("lab", "lab", True)], c["tunnels"]
assert [d for d in c["differences"] if d["severity"] != "info"] == [], c["differences"]
assert c["tunnels"][0]["psk"] == "equal", c["tunnels"][0]["psk"]
print("fleet-test: compare flta fltb: tunnel lab paired, SAs match, PSK fingerprints equal, no difference")
PY

"$PYTHON" "$REPO/Tests/Fleet/check-fleet-html.py" "$W/out/fleet.html" flta fltb
say "PASS"
