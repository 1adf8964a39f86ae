#!/usr/bin/env bash
# ipsec-doctor fault lab: real strongSwan (charon) gateways in network namespaces, one real
# fault per scenario.
#
#   lab.sh up SCENARIO [PREFIX]        build the topology, start the daemons, inject the fault
#   lab.sh exec PREFIX SIDE CMD...     run CMD as an admin on gateway SIDE (a|b) would
#   lab.sh capture PREFIX SIDE DIR     save the standard command outputs of SIDE into DIR
#   lab.sh down [PREFIX]               stop everything of PREFIX (idempotent)
#   lab.sh list                        print the scenario names
#
# Topology (PREFIX defaults to "ipd"):
#
#   ${PREFIX}c (only masquerade, ip-forward-off)
#     lan0 10.1.0.2/24, route 10.2.0.0/24 via 10.1.0.1
#        |
#   ${PREFIX}a  "local" gateway: wan0 192.0.2.1/24, inside 10.1.0.1/24 (on lo, or on lan0)
#        | veth wan0 <-> wan0
#   ${PREFIX}b  "remote" gateway: wan0 192.0.2.2/24, inside 10.2.0.1/24 on lo
#
# No namespace gets a default route or any route outside 192.0.2.0/24, 10.1.0.0/24, 10.2.0.0/24.
#
# The kernel here has XFRM but no ESP, so each charon loads kernel-libipsec (ESP in user space
# over the TUN device ipsec0, always UDP-encapsulated on port 4500) except where a scenario says
# otherwise. Each charon runs in its own mount and PID namespace inside its network namespace:
#   /etc     -> /etc/netns/NS (bind-mounted by `ip netns exec`): strongswan.conf, swanctl/
#   /run     -> private tmpfs (charon.pid, charon.vici)
#   /var/log -> /tmp/ipsec-doctor-lab/PREFIX/NS/log (charon's file log is /var/log/charon.log)
#   /proc    -> a proc of the private PID namespace, so `pgrep charon` shows this gateway's only
# `lab.sh exec` enters exactly these namespaces, so a tool run there sees what an admin on that
# gateway sees. When charon is not running (daemon-down), `exec` builds the same view without it.
#
# Every wait is bounded; `up` cleans up after itself when it fails.

set -euo pipefail

readonly LAB_ROOT=/tmp/ipsec-doctor-lab
readonly CHARON=/usr/lib/ipsec/charon
# Lab-only pre-shared keys. Tests check that snapshots never contain them.
readonly LAB_PSK=lab-psk-a1b2c3
readonly LAB_PSK_WRONG=lab-psk-wrong-d4e5f6

readonly SCENARIOS=(
  healthy
  psk-mismatch
  ike-proposal-mismatch
  esp-proposal-mismatch
  ts-mismatch
  peer-drops-ike
  local-fw-drops-ike
  daemon-down
  id-mismatch
  ikev1-vs-ikev2
  on-demand-not-triggered
  masquerade
  no-inbound
  kernel-no-esp
  ip-forward-off
  ikev1-healthy
)

log() { printf 'lab: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 64
}

# ---------------------------------------------------------------------------------------------
# Names and state

state_dir() { printf '%s/%s\n' "$LAB_ROOT" "$1"; }

check_prefix() {
  # Namespace and /etc/netns directory names are built from it: keep it simple and short.
  [[ $1 =~ ^[a-z][a-z0-9]{0,7}$ ]] || die "bad PREFIX '$1' (want [a-z][a-z0-9]{0,7})"
}

# The charon (host) pid running in network namespace NS, or nothing.
charon_pid_of_ns() {
  local ns=$1 nsfile pid comm
  nsfile=/run/netns/$ns
  [[ -e $nsfile ]] || return 0
  for pid in $(pgrep -x charon || true); do
    comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
    [[ $comm == charon ]] || continue
    if [[ /proc/$pid/ns/net -ef $nsfile ]]; then
      printf '%s\n' "$pid"
      return 0
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# Configuration

# Scenario knobs; set_scenario overrides the baseline (a working IKEv2 PSK tunnel).
set_scenario() {
  local s=$1
  A_VERSION=2 B_VERSION=2
  A_IKE=aes128-sha256-modp2048 B_IKE=aes128-sha256-modp2048
  A_ESP=aes128-sha256 B_ESP=aes128-sha256
  A_PSK=$LAB_PSK B_PSK=$LAB_PSK
  A_ID=gw-a.lab.test B_ID=gw-b.lab.test
  B_EXPECTS_A=gw-a.lab.test                       # remote id b accepts for a
  A_LTS=10.1.0.0/24 A_RTS=10.2.0.0/24
  B_LTS=10.2.0.0/24 B_RTS=10.1.0.0/24
  A_START=none                                    # a's start_action (none: lab initiates)
  A_LIBIPSEC=yes B_LIBIPSEC=yes
  HOST_C=no                                       # third namespace c behind a
  A_FORWARD=0                                     # a's net.ipv4.ip_forward
  START_A=yes                                     # start charon in a at all
  INITIATE=yes                                    # swanctl --initiate on a
  TRAFFIC=yes                                     # send the test ping
  case $s in
    healthy) ;;
    psk-mismatch) B_PSK=$LAB_PSK_WRONG ;;
    ike-proposal-mismatch) B_IKE=aes256-sha384-modp3072 ;;
    esp-proposal-mismatch) B_ESP=aes256-sha512 ;;
    ts-mismatch) B_RTS=10.9.0.0/24 ;;             # b expects a's subnet to be 10.9.0.0/24
    peer-drops-ike) ;;                            # iptables in b, see inject_before
    local-fw-drops-ike) ;;                        # iptables in a, see inject_before
    daemon-down) START_A=no INITIATE=no TRAFFIC=no ;;
    id-mismatch) B_EXPECTS_A=gw-x.lab.test ;;
    ikev1-vs-ikev2) A_VERSION=1 ;;
    on-demand-not-triggered) A_START=trap INITIATE=no TRAFFIC=no ;;
    masquerade) HOST_C=yes A_FORWARD=1 ;;         # NAT rule in a, see inject_after
    no-inbound) ;;                                # iptables in b after the tunnel is up
    kernel-no-esp) A_LIBIPSEC=no ;;
    ip-forward-off) HOST_C=yes A_FORWARD=0 ;;
    ikev1-healthy) A_VERSION=1 B_VERSION=1 ;;
    *) die "unknown scenario '$s' (see: lab.sh list)" ;;
  esac
}

# write_strongswan_conf FILE LIBIPSEC(yes|no)
write_strongswan_conf() {
  local file=$1 libipsec=$2
  cat >"$file" <<EOF
# ipsec-doctor lab: charon settings for one gateway namespace
include strongswan.d/*.conf

charon {
  load_modular = yes
  # fail fast: 3 retransmits, about 5 s in all
  retransmit_tries = 3
  retransmit_timeout = 1.0
  retransmit_base = 1.2
  plugins {
    include strongswan.d/charon/*.conf
    kernel-libipsec {
      load = $libipsec
    }
  }
  filelog {
    charon {
      # /var/log is bind-mounted per namespace (see lab.sh)
      path = /var/log/charon.log
      time_format = %b %e %T
      ike_name = yes
      append = yes
      flush_line = yes
      default = 1
    }
  }
  syslog {
    identifier = charon
    daemon {
      default = 1
    }
  }
}
EOF
}

# write_swanctl_conf FILE VERSION LADDR RADDR LID RID IKE ESP LTS RTS START PSK
write_swanctl_conf() {
  local file=$1 version=$2 laddr=$3 raddr=$4 lid=$5 rid=$6 ike=$7 esp=$8 lts=$9
  local rts=${10} start=${11} psk=${12}
  cat >"$file" <<EOF
# ipsec-doctor lab gateway config
connections {
  lab {
    version = $version
    local_addrs = $laddr
    remote_addrs = $raddr
    proposals = $ike
    local {
      auth = psk
      id = $lid
    }
    remote {
      auth = psk
      id = $rid
    }
    children {
      net {
        local_ts = $lts
        remote_ts = $rts
        esp_proposals = $esp
        start_action = $start
      }
    }
  }
}

secrets {
  ike-lab {
    id-local = $lid
    id-remote = $rid
    id-local-addr = $laddr
    id-remote-addr = $raddr
    secret = "$psk"
  }
}
EOF
  chmod 600 "$file"
}

write_configs() {
  local pfx=$1 na=$1a nb=$1b
  install -d -m 755 "/etc/netns/$na/swanctl" "/etc/netns/$nb/swanctl"
  write_strongswan_conf "/etc/netns/$na/strongswan.conf" "$A_LIBIPSEC"
  write_strongswan_conf "/etc/netns/$nb/strongswan.conf" "$B_LIBIPSEC"
  write_swanctl_conf "/etc/netns/$na/swanctl/swanctl.conf" "$A_VERSION" 192.0.2.1 192.0.2.2 \
    "$A_ID" "$B_ID" "$A_IKE" "$A_ESP" "$A_LTS" "$A_RTS" "$A_START" "$A_PSK"
  write_swanctl_conf "/etc/netns/$nb/swanctl/swanctl.conf" "$B_VERSION" 192.0.2.2 192.0.2.1 \
    "$B_ID" "$B_EXPECTS_A" "$B_IKE" "$B_ESP" "$B_LTS" "$B_RTS" none "$B_PSK"
}

# ---------------------------------------------------------------------------------------------
# Topology

build_topology() {
  local pfx=$1 na=$1a nb=$1b nc=$1c
  ip netns add "$na"
  echo "$na" >>"$(state_dir "$pfx")/namespaces"
  ip netns add "$nb"
  echo "$nb" >>"$(state_dir "$pfx")/namespaces"
  # The veth pair is created inside the namespaces, so parallel prefixes never clash.
  ip -n "$na" link add wan0 type veth peer name wan0 netns "$nb"
  ip -n "$na" addr add 192.0.2.1/24 dev wan0
  ip -n "$nb" addr add 192.0.2.2/24 dev wan0
  ip -n "$na" link set lo up
  ip -n "$nb" link set lo up
  ip -n "$na" link set wan0 up
  ip -n "$nb" link set wan0 up
  ip -n "$nb" addr add 10.2.0.1/24 dev lo
  if [[ $HOST_C == yes ]]; then
    ip netns add "$nc"
    echo "$nc" >>"$(state_dir "$pfx")/namespaces"
    ip -n "$na" link add lan0 type veth peer name lan0 netns "$nc"
    ip -n "$na" addr add 10.1.0.1/24 dev lan0
    ip -n "$nc" addr add 10.1.0.2/24 dev lan0
    ip -n "$nc" link set lo up
    ip -n "$na" link set lan0 up
    ip -n "$nc" link set lan0 up
    ip -n "$nc" route add 10.2.0.0/24 via 10.1.0.1
  else
    ip -n "$na" addr add 10.1.0.1/24 dev lo
  fi
  ip netns exec "$na" sysctl -q -w "net.ipv4.ip_forward=$A_FORWARD"
  ip netns exec "$nb" sysctl -q -w net.ipv4.ip_forward=0
}

# ---------------------------------------------------------------------------------------------
# Daemons

# The shell snippet that builds a gateway's private view (mount + PID namespace) and then runs
# "$@" in it. Used for charon itself and for `exec` when charon is down.
# shellcheck disable=SC2016  # expanded by the inner sh, not here
readonly VIEW_SH='logdir=$1; shift
mount -t tmpfs -o mode=755 none /run
mount --bind "$logdir" /var/log
exec "$@"'

# A minimal syslog receiver for the charon view, used when no syslogd is installed: it binds
# /dev/log (on a private overlay of /dev, so the host's /dev is untouched) and appends what
# glibc's syslog(3) sends, in rsyslog's traditional file format ("Mmm dd hh:mm:ss host tag: msg"),
# to /var/log/syslog. Only the transport is ours; every message is charon's own.
readonly SYSLOG_PY='import re, socket, sys
path, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
host = socket.gethostname().split(".")[0]
pri = re.compile(rb"^<[0-9]+>")
with open(out, "a", buffering=1) as f:
    while True:
        line = pri.sub(b"", s.recv(65536)).decode("utf-8", "replace").rstrip("\n")
        f.write(line[:15] + " " + host + line[15:] + "\n")'

# The view for charon: VIEW_SH plus, when python3 exists, the syslog receiver above.
# shellcheck disable=SC2016  # expanded by the inner sh, not here
readonly CHARON_SH='logdir=$1 ovl=$2 syslogd=$3; shift 3
mount -t tmpfs -o mode=755 none /run
mount --bind "$logdir" /var/log
if command -v python3 >/dev/null 2>&1; then
  mount -t tmpfs none "$ovl"
  mkdir "$ovl/upper" "$ovl/work"
  mount -t overlay overlay -o "lowerdir=/dev,upperdir=$ovl/upper,workdir=$ovl/work" /dev
  python3 "$syslogd" /dev/log /var/log/syslog </dev/null &
  i=0
  while [ ! -S /dev/log ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
fi
exec "$@"'

start_charon() {
  local pfx=$1 ns=$2 sd pid i
  sd=$(state_dir "$pfx")/$ns
  install -d -m 755 "$sd/log"
  : >"$sd/log/charon.log"
  # unshare: private mounts (/run tmpfs, /var/log bind) and PID namespace (with its own /proc).
  # --kill-child makes charon die with its unshare parent; setsid keeps signals meant for the
  # caller's process group (Ctrl-C, timeout) away from the daemons.
  install -d -m 700 "$sd/ovl"
  printf '%s\n' "$SYSLOG_PY" >"$sd/lab-syslogd.py"
  setsid ip netns exec "$ns" unshare --mount --pid --fork --mount-proc --kill-child=TERM \
    sh -c "$CHARON_SH" sh "$sd/log" "$sd/ovl" "$sd/lab-syslogd.py" "$CHARON" \
    </dev/null >"$sd/charon.out" 2>&1 &
  echo "$!" >"$sd/unshare.pid"
  pid=
  for ((i = 0; i < 100; i++)); do              # up to 10 s for charon and its vici socket
    pid=$(charon_pid_of_ns "$ns")
    if [[ -n $pid ]] && nsenter -t "$pid" -m test -S /run/charon.vici 2>/dev/null; then
      echo "$pid" >"$sd/charon.pid"
      log "$ns: charon pid $pid, vici socket ready"
      return 0
    fi
    sleep 0.1
  done
  die "$ns: charon did not come up (see $sd/charon.out)"
}

# in_view PREFIX NS CMD...: run CMD in the gateway's view (charon's namespaces when it runs).
in_view() {
  local pfx=$1 ns=$2 pid
  shift 2
  [[ -e /run/netns/$ns ]] || die "namespace $ns does not exist (lab.sh up first)"
  pid=$(charon_pid_of_ns "$ns")
  if [[ -n $pid ]]; then
    # nsenter resets the working directory when entering the mount namespace; restore it.
    nsenter -t "$pid" -m -n -p --wd="$PWD" -- "$@"
  else
    local logdir
    logdir=$(state_dir "$pfx")/$ns/log
    install -d -m 755 "$logdir"
    ip netns exec "$ns" unshare --mount --pid --fork --mount-proc \
      sh -c "cd \"\$0\" 2>/dev/null; $VIEW_SH" "$PWD" "$logdir" "$@"
  fi
}

stop_prefix() {
  local pfx=$1 sd ns pid f i
  sd=$(state_dir "$pfx")
  # Charons first, by pid: the recorded ones and any found in our namespaces.
  local pids=()
  for ns in "${pfx}a" "${pfx}b" "${pfx}c"; do
    for f in "$sd/$ns/charon.pid" "$sd/$ns/unshare.pid"; do
      [[ -s $f ]] && pids+=("$(cat "$f")")
    done
    pid=$(charon_pid_of_ns "$ns")
    [[ -n $pid ]] && pids+=("$pid")
  done
  if ((${#pids[@]})); then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do              # up to 5 s for a clean exit
      local alive=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      ((alive)) || break
      sleep 0.1
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
  fi
  for ns in "${pfx}a" "${pfx}b" "${pfx}c"; do
    if [[ -e /run/netns/$ns ]]; then ip netns del "$ns" || true; fi
    rm -rf "/etc/netns/${ns:?}"
  done
  rm -rf "${sd:?}"
}

swanctl_in() {  # swanctl_in PREFIX NS ARGS...: swanctl in that gateway's view (bounded)
  local pfx=$1 ns=$2
  shift 2
  in_view "$pfx" "$ns" timeout 30 swanctl "$@"
}

# ---------------------------------------------------------------------------------------------
# Fault injection

inject_before() {  # faults that must be in place before IKE starts
  local s=$1 pfx=$2 na=$2a nb=$2b
  case $s in
    peer-drops-ike)
      ip netns exec "$nb" iptables -A INPUT -p udp -m multiport --dports 500,4500 -j DROP ;;
    local-fw-drops-ike)
      ip netns exec "$na" iptables -A OUTPUT -p udp -m multiport --dports 500,4500 -j DROP ;;
    masquerade)
      # The classic "NAT everything leaving the LAN" rule, without an IPsec exemption
      # (no `-m policy --dir out --pol ipsec -j ACCEPT` / `! -d 10.2.0.0/24` before it).
      ip netns exec "$na" iptables -t nat -A POSTROUTING -s 10.1.0.0/24 -j MASQUERADE ;;
  esac
}

inject_after() {  # faults injected once the tunnel is up
  local s=$1 pfx=$2 nb=$2b
  case $s in
    no-inbound)
      # b silently drops ESP-in-UDP (and everything else on 4500) from a from now on.
      ip netns exec "$nb" iptables -I INPUT -s 192.0.2.1 -p udp --dport 4500 -j DROP ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# Commands

cmd_up() {
  local s=${1:-} pfx=${2:-ipd} sd rc
  [[ -n $s ]] || usage
  check_prefix "$pfx"
  set_scenario "$s"
  sd=$(state_dir "$pfx")
  [[ -e $sd || -e /run/netns/${pfx}a || -e /run/netns/${pfx}b ]] &&
    die "prefix '$pfx' is in use: lab.sh down $pfx"
  install -d -m 755 "$sd"
  echo "$s" >"$sd/scenario"
  # Whatever fails from here on: take everything down again.
  trap 'rc=$?; if ((rc != 0)); then log "up failed, cleaning up"; stop_prefix "'"$pfx"'"; fi' EXIT

  write_configs "$pfx"
  build_topology "$pfx"
  inject_before "$s" "$pfx"

  start_charon "$pfx" "${pfx}b"
  swanctl_in "$pfx" "${pfx}b" --load-all >"$sd/${pfx}b/load-all.out" 2>&1
  if [[ $START_A == yes ]]; then
    start_charon "$pfx" "${pfx}a"
    swanctl_in "$pfx" "${pfx}a" --load-all >"$sd/${pfx}a/load-all.out" 2>&1
  else
    log "${pfx}a: charon deliberately not started"
  fi

  if [[ $INITIATE == yes ]]; then
    rc=0
    swanctl_in "$pfx" "${pfx}a" --initiate --child net --timeout 20 \
      >"$sd/${pfx}a/initiate.out" 2>&1 || rc=$?
    log "${pfx}a: swanctl --initiate --child net exited $rc"
  fi
  inject_after "$s" "$pfx"

  if [[ $TRAFFIC == yes ]]; then
    rc=0
    if [[ $HOST_C == yes ]]; then
      ip netns exec "${pfx}c" ping -c 3 -W 1 10.2.0.1 >"$sd/ping.out" 2>&1 || rc=$?
    else
      ip netns exec "${pfx}a" ping -c 3 -W 1 -I 10.1.0.1 10.2.0.1 >"$sd/ping.out" 2>&1 || rc=$?
    fi
    log "test ping exited $rc: $(grep -E 'packets transmitted' "$sd/ping.out" || true)"
  fi
  trap - EXIT
  log "scenario $s is up (prefix $pfx); state in $sd"
}

cmd_exec() {
  local pfx=${1:-} side=${2:-}
  [[ -n $pfx && -n $side && $# -ge 3 ]] || usage
  shift 2
  check_prefix "$pfx"
  [[ $side == a || $side == b ]] || die "SIDE must be a or b"
  in_view "$pfx" "$pfx$side" "$@"
}

# capture PREFIX SIDE DIR: the standard outputs (stdout only), as the tests' fixtures hold them.
cmd_capture() {
  local pfx=${1:-} side=${2:-} out=${3:-} ns sd
  [[ -n $pfx && -n $side && -n $out ]] || usage
  check_prefix "$pfx"
  [[ $side == a || $side == b ]] || die "SIDE must be a or b"
  ns=$pfx$side
  sd=$(state_dir "$pfx")/$ns
  install -d -m 755 "$out"
  # file name, then the command (split on blanks); order kept in commands.txt
  local cmds=(
    swanctl-list-sas.txt 'swanctl --list-sas'
    swanctl-list-conns.txt 'swanctl --list-conns'
    swanctl-list-pols.txt 'swanctl --list-pols'
    ip-xfrm-state.txt 'ip xfrm state'
    ip-s-xfrm-state.txt 'ip -s xfrm state'
    ip-xfrm-policy.txt 'ip xfrm policy'
    xfrm_stat.txt 'cat /proc/net/xfrm_stat'
    iptables-save.txt 'iptables-save'
    iptables-save-c.txt 'iptables-save -c'
    nft-list-ruleset.txt 'nft list ruleset'
    ss-uanp.txt 'ss -uanp'
    ip-route.txt 'ip route show table all'
    ip-rule.txt 'ip rule show'
    ip-addr.txt 'ip -o addr show'
    ip-s-link.txt 'ip -s link show'
    sysctl-ip_forward.txt 'sysctl net.ipv4.ip_forward'
    pgrep-charon.txt 'pgrep -a charon'
  )
  local i f c rc
  : >"$out/commands.txt"
  for ((i = 0; i < ${#cmds[@]}; i += 2)); do
    f=${cmds[i]} c=${cmds[i + 1]} rc=0
    # word splitting of the command string is intended
    # shellcheck disable=SC2086
    in_view "$pfx" "$ns" timeout 15 $c >"$out/$f" 2>"$out/${f%.txt}.stderr.txt" || rc=$?
    [[ -s $out/${f%.txt}.stderr.txt ]] || rm -f "$out/${f%.txt}.stderr.txt"
    printf '%s\t%s\texit %s\n' "$f" "$c" "$rc" >>"$out/commands.txt"
  done
  # The gateway's config files, the swanctl secrets block cut out (PSKs never leave the lab).
  cp "/etc/netns/$ns/strongswan.conf" "$out/strongswan.conf"
  awk '
    !skip && /^[[:space:]]*secrets[[:space:]]*\{/ { skip = 1; depth = 0
      print "# secrets { ... } removed by lab.sh capture" }
    skip { n = gsub(/\{/, "{"); m = gsub(/\}/, "}"); depth += n - m; if (depth <= 0) skip = 0; next }
    { print }
  ' "/etc/netns/$ns/swanctl/swanctl.conf" >"$out/swanctl.conf"
  if [[ -f $sd/log/charon.log ]]; then
    cp "$sd/log/charon.log" "$out/charon.log"
  fi
  if [[ -s $sd/log/syslog ]]; then
    cp "$sd/log/syslog" "$out/syslog"
  fi
}

cmd_down() {
  local pfx=${1:-ipd}
  check_prefix "$pfx"
  stop_prefix "$pfx"
}

main() {
  [[ $EUID -eq 0 ]] || die "must run as root (network namespaces)"
  local cmd=${1:-}
  [[ -n $cmd ]] || usage
  shift
  case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    exec) cmd_exec "$@" ;;
    capture) cmd_capture "$@" ;;
    list) printf '%s\n' "${SCENARIOS[@]}" ;;
    -h | --help | help) usage ;;
    *) usage ;;
  esac
}

main "$@"
