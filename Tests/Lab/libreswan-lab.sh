#!/usr/bin/env bash
# ipsec-doctor Libreswan lab: real Libreswan (pluto 4.10) gateways in network namespaces, one
# real fault per scenario, beside the strongSwan lab (lab.sh) and in the same style.
#
#   libreswan-lab.sh up SCENARIO [PREFIX]     build the topology, start the daemons, inject the fault
#   libreswan-lab.sh exec PREFIX SIDE CMD...  run CMD as an admin on gateway SIDE (a|b) would
#   libreswan-lab.sh capture PREFIX SIDE DIR  save the standard command outputs of SIDE into DIR
#   libreswan-lab.sh down [PREFIX]            stop everything of PREFIX (idempotent)
#   libreswan-lab.sh list                     print the scenario names
#
# Topology (PREFIX defaults to "lsw"; lab.sh uses "ipd", so both can run at once):
#
#   ${PREFIX}a  "local" gateway (initiates): wan0 192.0.2.1/24, 10.1.0.1/24 on lo
#        | veth wan0 <-> wan0
#   ${PREFIX}b  "remote" gateway (responds): wan0 192.0.2.2/24, 10.2.0.1/24 on lo
#
# No namespace gets a default route or any route outside 192.0.2.0/24, 10.1.0.0/24, 10.2.0.0/24.
#
# Debian's libreswan package conflicts with strongSwan's, so it is not installed: .ci/setup-debian
# unpacks it (dpkg -x) into LIBRESWAN_ROOT (default /opt/libreswan-lab/root) and installs its
# library dependencies. Each gateway runs pluto in its own mount and PID namespace inside its
# network namespace, where:
#   /etc/ipsec.conf, /etc/ipsec.secrets -> /etc/netns/NS/ (bind-mounted by `ip netns exec`)
#   /usr/sbin/ipsec      -> Libreswan's (bind mount over strongSwan's starter, if any)
#   /usr/libexec/ipsec   -> Libreswan's (read-only overlay of the tree over /usr/libexec)
#   /var/lib             -> overlay with a private tmpfs upper: /var/lib/ipsec/nss (ipsec initnss)
#   /run                 -> private tmpfs (/run/pluto: pluto.ctl, pluto.pid)
#   /var/log             -> /tmp/ipsec-doctor-lab/PREFIX/NS/log (pluto's logfile=/var/log/pluto.log)
#   /proc                -> the private PID namespace's, so `pgrep pluto` shows this gateway's only
# `exec` enters exactly these namespaces; when pluto is not running it builds the same view.
#
# The kernel here has XFRM but no ESP: pluto negotiates IKE SAs, then fails to add the IPsec SA
# ("netlink response for Add SA esp...: Protocol not supported"). So every scenario that gets past
# IKE ends at the kernel, and the "healthy" baseline is the kernel-no-esp fault.
#
# Strongswan interop scenarios (sw-*) put strongSwan's charon with kernel-libipsec in b, built
# exactly as lab.sh builds it (strongswan.conf, swanctl.conf under /etc/netns/NS).
#
# Every wait is bounded; `up` cleans up after itself when it fails.

set -euo pipefail
# shared namespace plumbing (add_namespace, veth_link)
source "$(dirname "${BASH_SOURCE[0]}")/netns.sh"

readonly LAB_ROOT=/tmp/ipsec-doctor-lab
readonly LS_ROOT=${LIBRESWAN_ROOT:-/opt/libreswan-lab/root}
readonly CHARON=/usr/lib/ipsec/charon
# Lab-only pre-shared keys (the same as lab.sh's). Tests check that snapshots never contain them.
readonly LAB_PSK=lab-psk-a1b2c3
readonly LAB_PSK_WRONG=lab-psk-wrong-d4e5f6

readonly SCENARIOS=(
  kernel-no-esp
  ikev1-kernel-no-esp
  psk-mismatch-ikev1
  psk-mismatch-ikev2
  ike-proposal-mismatch
  esp-proposal-mismatch
  id-mismatch
  ts-mismatch
  ikev1-vs-ikev2
  peer-drops-ike
  daemon-down
  sw-psk-mismatch
  sw-ike-proposal-mismatch
  sw-esp-proposal-mismatch
  sw-ts-mismatch
  sw-ikev1-vs-ikev2
  sw-ikev1-pfs-mismatch
  sw-vip-no-pool
)

log() { printf 'libreswan-lab: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 64
}

# ---------------------------------------------------------------------------------------------
# Names and state

state_dir() { printf '%s/%s\n' "$LAB_ROOT" "$1"; }

check_prefix() {
  [[ $1 =~ ^[a-z][a-z0-9]{0,7}$ ]] || die "bad PREFIX '$1' (want [a-z][a-z0-9]{0,7})"
}

# The (host) pid of daemon COMM (pluto|charon) running in network namespace NS, or nothing.
daemon_pid_of_ns() {
  local comm=$1 ns=$2 nsfile pid
  nsfile=/run/netns/$ns
  [[ -e $nsfile ]] || return 0
  for pid in $(pgrep -x "$comm" || true); do
    [[ $(cat "/proc/$pid/comm" 2>/dev/null || true) == "$comm" ]] || continue
    if [[ /proc/$pid/ns/net -ef $nsfile ]]; then
      printf '%s\n' "$pid"
      return 0
    fi
  done
}

# The daemon of gateway NS: pluto, or charon in b of the interop scenarios.
gateway_daemon() { cat "$(state_dir "$1")/$2/daemon" 2>/dev/null || echo pluto; }

# ---------------------------------------------------------------------------------------------
# Configuration

# Scenario knobs; set_scenario overrides the baseline (IKEv2, PSK, both sides Libreswan).
set_scenario() {
  local s=$1
  A_IKEV2=yes B_IKEV2=yes                         # ikev2=yes|no (no: IKEv1 Main Mode)
  A_IKE=aes128-sha2_256-modp2048 B_IKE=aes128-sha2_256-modp2048
  A_ESP=aes128-sha2_256 B_ESP=aes128-sha2_256
  A_PSK=$LAB_PSK B_PSK=$LAB_PSK
  A_ID=@gw-a.lab.test B_ID=@gw-b.lab.test
  B_EXPECTS_A=@gw-a.lab.test                      # the id b's conn wants from a
  A_LSUB=10.1.0.0/24 A_RSUB=10.2.0.0/24
  B_LSUB=10.2.0.0/24 B_RSUB=10.1.0.0/24
  B_DAEMON=pluto                                  # pluto | charon (interop)
  START_A=yes INITIATE=yes
  case $s in
    kernel-no-esp) ;;
    ikev1-kernel-no-esp) A_IKEV2=no B_IKEV2=no ;;
    psk-mismatch-ikev1) A_IKEV2=no B_IKEV2=no B_PSK=$LAB_PSK_WRONG ;;
    psk-mismatch-ikev2) B_PSK=$LAB_PSK_WRONG ;;
    ike-proposal-mismatch) B_IKE=aes256-sha2_384-modp3072 ;;
    esp-proposal-mismatch) B_ESP=aes256-sha2_512 ;;
    id-mismatch) B_EXPECTS_A=@gw-x.lab.test ;;
    ts-mismatch) B_RSUB=10.9.0.0/24 ;;            # b expects a's subnet to be 10.9.0.0/24
    ikev1-vs-ikev2) A_IKEV2=no ;;
    peer-drops-ike) ;;                            # iptables in b, see inject_before
    daemon-down) START_A=no INITIATE=no ;;
    sw-psk-mismatch) B_DAEMON=charon B_PSK=$LAB_PSK_WRONG ;;
    sw-ike-proposal-mismatch) B_DAEMON=charon B_IKE=aes256-sha384-modp3072 ;;
    sw-esp-proposal-mismatch) B_DAEMON=charon B_ESP=aes256-sha2_512 ;;
    sw-ts-mismatch) B_DAEMON=charon B_RSUB=10.9.0.0/24 ;;   # charon expects a's subnet to be 10.9.0.0/24
    sw-ikev1-vs-ikev2) B_DAEMON=charon A_IKEV2=no ;;       # pluto Main Mode, charon IKEv2 only
    # IKEv1 both; charon wants PFS with modp3072 in Quick Mode, pluto offers PFS with its
    # phase 1 group (modp2048, Libreswan's default pfs=yes)
    sw-ikev1-pfs-mismatch) B_DAEMON=charon A_IKEV2=no B_IKEV2=no B_ESP=aes128-sha2_256-modp3072 ;;
    sw-vip-no-pool) B_DAEMON=charon A_LSUB=%modecfg ;;     # pluto asks for an address, charon has no pool
    *) die "unknown scenario '$s' (see: libreswan-lab.sh list)" ;;
  esac
}

# write_ipsec_conf FILE IKEV2 LEFT RIGHT LID RID IKE ESP LSUB RSUB
write_ipsec_conf() {
  local file=$1 ikev2=$2 left=$3 right=$4 lid=$5 rid=$6 ike=$7 esp=$8 lsub=$9 rsub=${10}
  cat >"$file" <<EOF
# ipsec-doctor Libreswan lab gateway config
config setup
	logfile=/var/log/pluto.log
	logappend=yes
	plutodebug=none
	# Debian's 4.10 drops IKEv1 by default ("global ikev1-policy does not allow IKEv1
	# connections"); the lab's IKEv1 scenarios need it, and the IKEv2 ones are unaffected.
	ikev1-policy=accept

conn lab
	authby=secret
	ikev2=$ikev2
	left=$left
	leftid=$lid
	$(if [[ $lsub == %modecfg ]]; then
	  echo "# no subnet of its own: ask the peer for an address (IKEv2 CP / Mode Config)"
	  printf '\tleftmodecfgclient=yes'
	else
	  printf 'leftsubnet=%s' "$lsub"
	fi)
	right=$right
	rightid=$rid
	rightsubnet=$rsub
	ike=$ike
	esp=$esp
	# fail fast: give up an unanswered exchange after about 5 s, and do not try again
	retransmit-interval=500
	retransmit-timeout=5s
	keyingtries=1
	auto=add
EOF
}

# write_ipsec_secrets FILE LID RID PSK
write_ipsec_secrets() {
  printf '# ipsec-doctor Libreswan lab secrets\n%s %s : PSK "%s"\n' "$2" "$3" "$4" >"$1"
  chmod 600 "$1"
}

# write_charon_libipsec_conf FILE COMMENT: strongswan.conf of a lab charon: kernel-libipsec (this
# kernel has no ESP; see shared/LAB.md), 3 retransmits (about 5 s), a file log in /var/log/charon.log.
# Shared by this lab's strongSwan b and stroke-variants.sh's starter gateways.
write_charon_libipsec_conf() {
  printf '# %s\n' "$2" >"$1"
  cat >>"$1" <<'EOF'
include strongswan.d/*.conf

charon {
  load_modular = yes
  retransmit_tries = 3
  retransmit_timeout = 1.0
  retransmit_base = 1.2
  plugins {
    include strongswan.d/charon/*.conf
    kernel-libipsec {
      load = yes
    }
  }
  filelog {
    charon {
      path = /var/log/charon.log
      time_format = %b %e %T
      ike_name = yes
      append = yes
      flush_line = yes
      default = 1
    }
  }
}
EOF
}

# capture_both_locked VARIANT DIR PATTERN...: under the lab lock, make VARIANT (the caller's
# make_variant), capture gateway a into DIR/a and b into DIR/b (the caller's capture_side), and
# fail if any PATTERN (a lab secret, key material) is in what was captured. The daemons started by
# make_variant must not keep the lock open, so it runs without fd 9.
capture_both_locked() {
  local v=$1 dir=$2 p args=()
  shift 2
  for p in "$@"; do args+=(-e "$p"); done
  mkdir -p "$dir/a" "$dir/b"
  exec 9>/tmp/ipsec-lab.lock
  flock 9
  trap 'stop_prefix "$P" >/dev/null 2>&1 || true' EXIT
  stop_prefix "$P" >/dev/null 2>&1 || true
  (exec 9>&-; make_variant "$v")
  capture_side a "$dir/a" >&2
  capture_side b "$dir/b" >&2
  if grep -rl "${args[@]}" "$dir"; then die "key material leaked into $dir"; fi
}

# write_strongswan SIDE DIR ROLE CONF_ROLE: strongSwan (charon, swanctl, kernel-libipsec) as
# gateway SIDE (a or b) of this lab, as lab.sh writes its gateways: SIDE's proposals, subnets and
# PSK, and the id it wants from its peer (b's may be another than a's own: id-mismatch). ROLE and
# CONF_ROLE name it in swanctl.conf's and strongswan.conf's first lines. b: the interop peer of
# this lab; a: the initiator of libreswan-variants.sh's batch 11.
write_strongswan() {
  local side=$1 dir=$2 role=$3 conf_role=$4 S=${1^^}
  local me=192.0.2.1 peer=192.0.2.2 wants=$B_ID
  if [[ $side == b ]]; then me=192.0.2.2 peer=192.0.2.1 wants=$B_EXPECTS_A; fi
  local ike_var=${S}_IKE esp_var=${S}_ESP ikev2_var=${S}_IKEV2 id_var=${S}_ID
  local lsub_var=${S}_LSUB rsub_var=${S}_RSUB psk_var=${S}_PSK
  install -d -m 755 "$dir/swanctl"
  write_charon_libipsec_conf "$dir/strongswan.conf" "ipsec-doctor Libreswan lab: charon settings for the strongSwan $conf_role"
  # Libreswan's algorithm names in strongSwan's spelling.
  local ike=${!ike_var//sha2_/sha} esp=${!esp_var//sha2_/sha} id=${!id_var}
  local version=2
  [[ ${!ikev2_var} == no ]] && version=1
  cat >"$dir/swanctl/swanctl.conf" <<EOF
# ipsec-doctor Libreswan lab: the strongSwan $role
connections {
  lab {
    version = $version
    local_addrs = $me
    remote_addrs = $peer
    proposals = $ike
    local {
      auth = psk
      id = ${id#@}
    }
    remote {
      auth = psk
      id = ${wants#@}
    }
    children {
      net {
        local_ts = ${!lsub_var}
        remote_ts = ${!rsub_var}
        esp_proposals = $esp
        start_action = none
      }
    }
  }
}

secrets {
  ike-lab {
    id-local = ${id#@}
    id-remote = ${wants#@}
    secret = "${!psk_var}"
  }
}
EOF
  chmod 600 "$dir/swanctl/swanctl.conf"
}

# strongSwan in b (interop).
write_strongswan_b() { write_strongswan b "$1" peer gateway; }

write_configs() {
  local pfx=$1 na=$1a nb=$1b
  install -d -m 755 "/etc/netns/$na" "/etc/netns/$nb"
  write_ipsec_conf "/etc/netns/$na/ipsec.conf" "$A_IKEV2" 192.0.2.1 192.0.2.2 "$A_ID" "$B_ID" \
    "$A_IKE" "$A_ESP" "$A_LSUB" "$A_RSUB"
  write_ipsec_secrets "/etc/netns/$na/ipsec.secrets" "$A_ID" "$B_ID" "$A_PSK"
  if [[ $B_DAEMON == charon ]]; then
    write_strongswan_b "/etc/netns/$nb"
  else
    write_ipsec_conf "/etc/netns/$nb/ipsec.conf" "$B_IKEV2" 192.0.2.2 192.0.2.1 "$B_ID" \
      "$B_EXPECTS_A" "$B_IKE" "$B_ESP" "$B_LSUB" "$B_RSUB"
    write_ipsec_secrets "/etc/netns/$nb/ipsec.secrets" "$B_ID" "$B_EXPECTS_A" "$B_PSK"
  fi
}

# ---------------------------------------------------------------------------------------------
# Topology

# other_address NS: a second address 192.0.2.3 on the gateway's link, and its IKE answers from it
# leaving from 192.0.2.2 instead: an nftables rule in its output rewrites the source of UDP
# 500/4500 statelessly (after conntrack, so nothing restores it), as a misdirected source NAT or
# policy route on a responder does. Variants *-peer-answers-from-other-address (batch 13b).
other_address() {
  ip -n "$1" addr add 192.0.2.3/24 dev wan0
  ip netns exec "$1" nft -f - <<'EOF'
table ip lab_answer_source {
  chain out {
    type filter hook output priority 0; policy accept;
    ip saddr 192.0.2.3 udp sport { 500, 4500 } ip saddr set 192.0.2.2
  }
}
EOF
}

build_topology() {
  local pfx=$1 na=$1a nb=$1b
  add_namespace "$pfx" "$na"
  add_namespace "$pfx" "$nb"
  veth_link "$na" wan0 192.0.2.1/24 "$nb" wan0 192.0.2.2/24
  ip -n "$na" addr add 10.1.0.1/24 dev lo
  ip -n "$nb" addr add 10.2.0.1/24 dev lo
}

# ---------------------------------------------------------------------------------------------
# The gateway's view

# Builds a Libreswan gateway's private view (mount namespace), then runs "$@" in it. Used for
# pluto itself and for `exec` when pluto is down.
# shellcheck disable=SC2016  # expanded by the inner sh, not here
readonly VIEW_SH='logdir=$1 ovl=$2 lsroot=$3; shift 3
mount -t tmpfs -o mode=755 none /run
mkdir -m 755 /run/pluto
mount --bind "$logdir" /var/log
mount -t tmpfs -o mode=700 none "$ovl"
mkdir "$ovl/upper" "$ovl/work"
mount -t overlay overlay -o "lowerdir=/var/lib,upperdir=$ovl/upper,workdir=$ovl/work" /var/lib
mount -t overlay overlay -o "lowerdir=$lsroot/usr/libexec:/usr/libexec" /usr/libexec
if [ -e /usr/sbin/ipsec ]; then mount --bind "$lsroot/usr/sbin/ipsec" /usr/sbin/ipsec; fi
exec "$@"'

# What pluto's view runs: an NSS database as `ipsec initnss` makes it, then pluto (PID 1 of the
# view's PID namespace, in the foreground so unshare can wait for it).
# shellcheck disable=SC2016
readonly PLUTO_SH='mkdir -p /var/lib/ipsec/nss
ipsec initnss >/var/log/initnss.out 2>&1
exec /usr/libexec/ipsec/pluto --config /etc/ipsec.conf --nofork'

# strongSwan's view (interop b): what lab.sh gives charon, without the syslog receiver.
# shellcheck disable=SC2016
readonly CHARON_SH='logdir=$1; shift
mount -t tmpfs -o mode=755 none /run
mount --bind "$logdir" /var/log
exec "$@"'

# launch_daemon PREFIX NS DAEMON OUT TRIES READY CMD...: start CMD (which execs DAEMON) in the
# gateway's own view: private mount and PID namespaces in netns NS, the daemon PID 1 of its PID
# namespace. setsid keeps signals meant for the caller's process group away from the daemons;
# --kill-child makes the daemon die with its unshare parent. Its log starts empty
# (log/DAEMON.log), its output goes to OUT. Waits up to TRIES tenths of a second for
# `READY PID STATEDIR` to succeed, then records DAEMON.pid; pluto, charon and starter differ
# only in CMD and in what "ready" means.
launch_daemon() {
  local pfx=$1 ns=$2 daemon=$3 out=$4 tries=$5 ready=$6 sd pid i
  shift 6
  sd=$(state_dir "$pfx")/$ns
  install -d -m 755 "$sd/log" "$sd/ovl"
  : >"$sd/log/$daemon.log"
  echo "$daemon" >"$sd/daemon"
  without_inherited_fds setsid ip netns exec "$ns" unshare --mount --pid --fork --mount-proc --kill-child=TERM \
    "$@" </dev/null >"$sd/$out" 2>&1 &
  echo "$!" >"$sd/unshare.pid"
  for ((i = 0; i < tries; i++)); do
    pid=$(daemon_pid_of_ns "$daemon" "$ns")
    if [[ -n $pid ]] && "$ready" "$pid" "$sd"; then
      echo "$pid" >"$sd/$daemon.pid"
      log "$ns: $daemon pid $pid ready"
      return 0
    fi
    sleep 0.1
  done
  die "$ns: $daemon did not come up (see $sd/$out, $sd/log/$daemon.log)"
}

# pluto is ready when its control socket exists and it has logged that it listens for IKE.
pluto_ready() {
  nsenter -t "$1" -m test -S /run/pluto/pluto.ctl 2>/dev/null &&
    grep -q 'listening for IKE messages' "$2/log/pluto.log" 2>/dev/null
}

# charon (swanctl) is ready when its vici socket exists.
vici_ready() { nsenter -t "$1" -m test -S /run/charon.vici 2>/dev/null; }

start_pluto() {
  local sd
  sd=$(state_dir "$1")/$2
  launch_daemon "$1" "$2" pluto pluto.out 100 pluto_ready \
    sh -c "$VIEW_SH" sh "$sd/log" "$sd/ovl" "$LS_ROOT" sh -c "$PLUTO_SH"
}

start_charon() {
  local sd
  sd=$(state_dir "$1")/$2
  launch_daemon "$1" "$2" charon charon.out 100 vici_ready sh -c "$CHARON_SH" sh "$sd/log" "$CHARON"
}

# in_view PREFIX NS CMD...: run CMD in the gateway's view (its daemon's namespaces when it runs).
in_view() {
  local pfx=$1 ns=$2 pid daemon sd
  shift 2
  [[ -e /run/netns/$ns ]] || die "namespace $ns does not exist (libreswan-lab.sh up first)"
  daemon=$(gateway_daemon "$pfx" "$ns")
  pid=$(daemon_pid_of_ns "$daemon" "$ns")
  if [[ -n $pid ]]; then
    # nsenter resets the working directory when entering the mount namespace; restore it.
    nsenter -t "$pid" -m -n -p --wd="$PWD" -- "$@"
  else
    sd=$(state_dir "$pfx")/$ns
    install -d -m 755 "$sd/log" "$sd/ovl-exec"
    ip netns exec "$ns" unshare --mount --pid --fork --mount-proc \
      sh -c "cd \"\$0\" 2>/dev/null; $VIEW_SH" "$PWD" "$sd/log" "$sd/ovl-exec" "$LS_ROOT" "$@"
  fi
}

stop_prefix() {
  local pfx=$1 sd ns pid f i
  sd=$(state_dir "$pfx")
  local pids=()
  for ns in "${pfx}a" "${pfx}b"; do
    for f in "$sd/$ns/pluto.pid" "$sd/$ns/charon.pid" "$sd/$ns/unshare.pid"; do
      [[ -s $f ]] && pids+=("$(cat "$f")")
    done
    for d in pluto charon; do
      pid=$(daemon_pid_of_ns "$d" "$ns")
      [[ -n $pid ]] && pids+=("$pid")
    done
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
  for ns in "${pfx}a" "${pfx}b"; do
    if [[ -e /run/netns/$ns ]]; then ip netns del "$ns" || true; fi
    rm -rf "/etc/netns/${ns:?}"
  done
  rm -rf "${sd:?}"
}

# ---------------------------------------------------------------------------------------------
# Fault injection

inject_before() {
  local s=$1 pfx=$2 nb=$2b
  case $s in
    peer-drops-ike)
      ip netns exec "$nb" iptables -A INPUT -p udp -m multiport --dports 500,4500 -j DROP ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# Commands

check_prerequisites() {
  [[ -x $LS_ROOT/usr/libexec/ipsec/pluto && -x $LS_ROOT/usr/sbin/ipsec ]] ||
    die "no Libreswan tree at $LS_ROOT (run .ci/setup-debian, or set LIBRESWAN_ROOT)"
  command -v certutil >/dev/null || die "certutil missing (Debian: libnss3-tools)"
}

cmd_up() {
  local s=${1:-} pfx=${2:-lsw} sd rc
  [[ -n $s ]] || usage
  check_prefix "$pfx"
  check_prerequisites
  set_scenario "$s"
  [[ $B_DAEMON == charon && ! -x $CHARON ]] && die "scenario $s needs strongSwan's charon ($CHARON)"
  sd=$(state_dir "$pfx")
  [[ -e $sd || -e /run/netns/${pfx}a || -e /run/netns/${pfx}b ]] &&
    die "prefix '$pfx' is in use: libreswan-lab.sh down $pfx"
  install -d -m 755 "$sd" "$sd/${pfx}a" "$sd/${pfx}b"
  echo "$s" >"$sd/scenario"
  trap 'rc=$?; if ((rc != 0)); then log "up failed, cleaning up"; stop_prefix "'"$pfx"'"; fi' EXIT

  write_configs "$pfx"
  build_topology "$pfx"
  inject_before "$s" "$pfx"

  if [[ $B_DAEMON == charon ]]; then
    start_charon "$pfx" "${pfx}b"
    in_view "$pfx" "${pfx}b" timeout 30 swanctl --load-all >"$sd/${pfx}b/load-all.out" 2>&1
  else
    start_pluto "$pfx" "${pfx}b"
  fi
  if [[ $START_A == yes ]]; then
    start_pluto "$pfx" "${pfx}a"
  else
    log "${pfx}a: pluto deliberately not started"
  fi

  if [[ $INITIATE == yes ]]; then
    rc=0
    # `ipsec auto --up` waits for the outcome; keyingtries=1 and retransmit-timeout=5s bound it.
    in_view "$pfx" "${pfx}a" timeout 30 ipsec auto --up lab >"$sd/${pfx}a/up.out" 2>&1 || rc=$?
    log "${pfx}a: ipsec auto --up lab exited $rc"
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

# capture PREFIX SIDE DIR: the standard outputs (stdout only) of a Libreswan gateway.
cmd_capture() {
  local pfx=${1:-} side=${2:-} out=${3:-} ns sd daemon
  [[ -n $pfx && -n $side && -n $out ]] || usage
  check_prefix "$pfx"
  [[ $side == a || $side == b ]] || die "SIDE must be a or b"
  ns=$pfx$side
  sd=$(state_dir "$pfx")/$ns
  daemon=$(gateway_daemon "$pfx" "$ns")
  install -d -m 755 "$out"
  local cmds
  if [[ $daemon == charon ]]; then
    cmds=(swanctl-list-sas.txt 'swanctl --list-sas' swanctl-list-conns.txt 'swanctl --list-conns')
  else
    cmds=(
      ipsec-status.txt 'ipsec status'
      ipsec-trafficstatus.txt 'ipsec trafficstatus'
    )
  fi
  cmds+=(
    ip-xfrm-state.txt 'ip xfrm state'
    ip-xfrm-policy.txt 'ip xfrm policy'
    iptables-save.txt 'iptables-save'
    ss-uanp.txt 'ss -uanp'
  )
  local i f c rc
  : >"$out/commands.txt"
  for ((i = 0; i < ${#cmds[@]}; i += 2)); do
    f=${cmds[i]} c=${cmds[i + 1]} rc=0
    # shellcheck disable=SC2086  # word splitting of the command string is intended
    in_view "$pfx" "$ns" timeout 15 $c >"$out/$f" 2>"$out/${f%.txt}.stderr.txt" || rc=$?
    [[ -s $out/${f%.txt}.stderr.txt ]] || rm -f "$out/${f%.txt}.stderr.txt"
    printf '%s\t%s\texit %s\n' "$f" "$c" "$rc" >>"$out/commands.txt"
  done
  if [[ $daemon == charon ]]; then
    [[ -f $sd/log/charon.log ]] && cp "$sd/log/charon.log" "$out/charon.log"
  else
    cp "/etc/netns/$ns/ipsec.conf" "$out/ipsec.conf"
    [[ -f $sd/log/pluto.log ]] && cp "$sd/log/pluto.log" "$out/pluto.log"
  fi
  return 0
}

cmd_down() {
  local pfx=${1:-lsw}
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

# sourced (libreswan-variants.sh uses the functions): define only
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi
