#!/usr/bin/env bash
# Fault variants the Libreswan lab's scenarios do not have, made on real Libreswan 4.10 gateways
# (pluto in both namespaces, libreswan-lab.sh's topology and views) and captured from both ends
# into DIR/{a,b} (read by Tests/CLITests/FaultVariantTests.swift). Each variant starts from the
# lab's IKEv2 or IKEv1 baseline, changes one thing before the daemons start, initiates from a
# with `ipsec auto --up lab`, then captures both gateways.
#
#   libreswan-variants.sh list                  print the variant names
#   libreswan-variants.sh capture VARIANT DIR   make VARIANT, capture a into DIR/a, b into DIR/b
#
# Root; takes the lab lock itself (flock -o). Prefix "lxw" (VARIANTS_PREFIX overrides it); only
# traffic inside the lab's namespaces.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# the lab's functions (set_scenario, write_configs, start_pluto, in_view, cmd_capture, stop_prefix)
# shellcheck source=libreswan-lab.sh
source "$here/libreswan-lab.sh"
P=${VARIANTS_PREFIX:-lxw}

VARIANTS=(lsw-ikev1-proposal-mismatch lsw-ikev1-aggressive-vs-main lsw-ikev1-id-mismatch
  lsw-ikev1-ts-mismatch lsw-psk-not-found lsw-no-config-for-address lsw-conn-not-added
  lsw-peer-unreachable lsw-local-fw-drops-ike lsw-udp4500-dropped)

# conn_line FILE LINE: add one line to conn lab (the last section of the lab's ipsec.conf)
conn_line() { printf '\t%s\n' "$2" >>"$1"; }

make_variant() {
  local v=$1 pfx=$P sd na=${P}a nb=${P}b rc=0
  set_scenario kernel-no-esp
  case $v in
    lsw-ikev1-proposal-mismatch) A_IKEV2=no B_IKEV2=no B_IKE=aes256-sha2_384-modp3072 ;;
    lsw-ikev1-aggressive-vs-main | lsw-ikev1-id-mismatch | lsw-ikev1-ts-mismatch) A_IKEV2=no B_IKEV2=no ;;
    lsw-psk-not-found | lsw-no-config-for-address | lsw-conn-not-added | lsw-peer-unreachable | \
      lsw-local-fw-drops-ike | lsw-udp4500-dropped) ;;
    *) die "unknown variant '$v' (see: libreswan-variants.sh list)" ;;
  esac
  [[ $v == lsw-ikev1-id-mismatch ]] && B_EXPECTS_A=@gw-x.lab.test
  [[ $v == lsw-ikev1-ts-mismatch ]] && B_RSUB=10.9.0.0/24
  sd=$(state_dir "$pfx")
  install -d -m 755 "$sd" "$sd/$na" "$sd/$nb"
  echo "variant $v" >"$sd/scenario"
  write_configs "$pfx"
  local A=/etc/netns/$na/ipsec.conf B=/etc/netns/$nb/ipsec.conf
  case $v in
    lsw-ikev1-aggressive-vs-main) conn_line "$A" aggressive=yes ;;
    lsw-psk-not-found)        # b's secrets file holds a key for another peer only
      printf '# ipsec-doctor Libreswan lab secrets\n@gw-b.lab.test @gw-c.lab.test : PSK "%s"\n' "$LAB_PSK" \
        >"/etc/netns/$nb/ipsec.secrets" ;;
    lsw-no-config-for-address) sed -i 's/^\tright=192\.0\.2\.1$/\tright=192.0.2.9/' "$B" ;;
    lsw-peer-unreachable) sed -i 's/^\tright=192\.0\.2\.2$/\tright=192.0.2.9/' "$A" ;;
    lsw-udp4500-dropped) conn_line "$A" encapsulation=yes; conn_line "$B" encapsulation=yes ;;
  esac
  build_topology "$pfx"
  case $v in
    lsw-local-fw-drops-ike) ip netns exec "$na" iptables -A OUTPUT -p udp -m multiport --dports 500,4500 -j DROP ;;
    lsw-udp4500-dropped) ip netns exec "$nb" iptables -A INPUT -p udp --dport 4500 -j DROP ;;
  esac
  if [[ $v == lsw-conn-not-added ]]; then
    # pluto starts from a config without the conn; the admin then adds it to the file and never
    # runs `ipsec auto --add lab` (or a restart)
    cp "$B" "$sd/ipsec.conf.full"
    sed -i '/^conn lab$/,$d' "$B"
    start_pluto "$pfx" "$nb"
    cp "$sd/ipsec.conf.full" "$B"
  else
    start_pluto "$pfx" "$nb"
  fi
  start_pluto "$pfx" "$na"
  in_view "$pfx" "$na" timeout 30 ipsec auto --up lab >"$sd/$na/up.out" 2>&1 || rc=$?
  log "$na: ipsec auto --up lab exited $rc"
  sleep 1
}

# capture SIDE DIR: the lab's capture, plus the neighbour table, routes and addresses
capture_side() {
  local side=$1 out=$2 f c rc
  cmd_capture "$P" "$side" "$out"
  for f in 'ip-neigh.txt|ip neigh show' 'ip-route.txt|ip route show table all' 'ip-addr.txt|ip -o addr show' \
    'ps.txt|ps -eo pid,comm,args'; do
    c=${f#*|} f=${f%%|*} rc=0
    # shellcheck disable=SC2086
    in_view "$P" "$P$side" timeout 15 $c >"$out/$f" 2>/dev/null || rc=$?
    printf '%s\t%s\texit %s\n' "$f" "$c" "$rc" >>"$out/commands.txt"
  done
}

case ${1:-} in
  list) printf '%s\n' "${VARIANTS[@]}" ;;
  capture)
    v=${2:?variant}; dir=${3:?directory}
    check_prefix "$P"
    check_prerequisites
    mkdir -p "$dir/a" "$dir/b"
    exec 9>/tmp/ipsec-lab.lock
    flock 9
    trap 'stop_prefix "$P" >/dev/null 2>&1 || true' EXIT
    stop_prefix "$P" >/dev/null 2>&1 || true
    # the daemons started below must not keep the lock open
    (exec 9>&-; make_variant "$v")
    capture_side a "$dir/a" >&2
    capture_side b "$dir/b" >&2
    if grep -rl -e "$LAB_PSK" -e "$LAB_PSK_WRONG" "$dir"; then die "a lab PSK leaked into $dir"; fi ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64 ;;
esac
