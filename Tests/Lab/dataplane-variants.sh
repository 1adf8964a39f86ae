#!/usr/bin/env bash
# Batch 4: data-plane fault variants (ESP, SPD, SAD, MTU, selectors per subnet) made on real
# daemons and captured from both ends into DIR/{a,b} (read by
# Tests/CLITests/DataPlaneVariantTests.swift). The kernel here has XFRM policies but no ESP
# states, so the real means are: kernel-netlink trap and drop-shunt policies (acquires,
# XfrmOutNoStates, XfrmOutPolBlock/XfrmInPolBlock), kernel-libipsec's user-space ESP over UDP
# 4500 (corrupted, fragmented or orphaned ESP), and Libreswan's leftsubnets={...} at the IKE level.
#
#   dataplane-variants.sh list                  print the variant names
#   dataplane-variants.sh capture VARIANT DIR   make VARIANT, capture a into DIR/a, b into DIR/b
#
# Root; takes the lab lock itself (flock -o, so the daemons do not inherit it). Prefix "dp"
# (VARIANTS_PREFIX overrides it); only traffic inside the lab's namespaces. The strongSwan
# variants use lab.sh's functions, the Libreswan one libreswan-lab.sh's (each sourced in its own
# subshell: the two define the same names). Besides the lab's capture each side gets
# xfrm_stat.txt and, 2 s later, xfrm-stat-later.txt read while the test traffic runs (the tool's
# live probe reads /proc/net/xfrm_stat twice the same way) and tcpdump.txt (`tcpdump -nni wan0`
# during the traffic, as seed 001 advises).
set -euo pipefail
[[ -n ${VARIANTS_TRACE:-} ]] && set -x
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
P=${VARIANTS_PREFIX:-dp}
source "$here/router-between.sh"

SW_VARIANTS=(dp-trap-kernel-no-esp dp-trap-peer-silent dp-stale-trap-policy dp-drop-shunt
  dp-policy-install-failed dp-esp-corrupted dp-peer-restarted dp-esp-fragments-dropped
  dp-esp-blocked-fw dp-ke-group-retry dp-dpd-blackhole dp-esp-duplicated dp-esp-blocked-fw-initiator dp-esp-corrupted-initiator
  dp-initiator-restarted dp-initiator-policy-install-failed dp-esp-duplicated-initiator)
LSW_VARIANTS=(lsw-leftsubnets-one-peer-subnet lsw-masquerade lsw-forward-blocked lsw-ip-forward-off lsw-masquerade-second-lan)

# shunt_conn FILE: prepend a drop shunt over the tunnel's own selectors (swanctl "fail closed")
shunt_conn() {
  awk '$0 == "connections {" { print
    print "  block {\n    children {\n      deny {\n        local_ts = 10.1.0.0/24\n        remote_ts = 10.2.0.0/24\n        mode = drop\n        start_action = trap\n      }\n    }\n  }"; next }
    { print }' "$1" >"$1.new"
  cat "$1.new" >"$1"; rm -f "$1.new"
}

# restart_charon NS: kill -9 the gateway's charon (no DELETE reaches the peer) and start a fresh
# one with the same config; its file log is kept, as `append = yes` keeps it on a real host.
restart_charon() {
  local ns=$1 pid log sd
  sd=$(state_dir "$P")/$ns
  pid=$(charon_pid_of_ns "$ns")
  [[ -n $pid ]] && kill -9 "$pid"
  sleep 1
  cp "$sd/log/charon.log" "$sd/charon.log.before"
  start_charon "$P" "$ns"
  # start_charon starts an empty log: put the old instance's lines back in front
  log=$(cat "$sd/log/charon.log")
  { cat "$sd/charon.log.before"; printf '%s\n' "$log"; } >"$sd/log/charon.log"
  swanctl_in "$P" "$ns" --load-all >/dev/null 2>&1 || true
}

# add_dpd FILE: dead peer detection every 2 s on the connection
add_dpd() { sed -i 's/^    proposals = \(.*\)$/    proposals = \1\n    dpd_delay = 2s/' "$1"; }

# sw_make VARIANT: bring the lab's healthy scenario up with the variant's knobs and change it.
sw_make() {
  local v=$1 na=${P}a nb=${P}b
  lab_override() {
    case $v in
      dp-trap-kernel-no-esp | dp-trap-peer-silent | dp-stale-trap-policy) A_LIBIPSEC=no A_START=trap INITIATE=no TRAFFIC=no ;;
      dp-drop-shunt) A_LIBIPSEC=no INITIATE=no TRAFFIC=no ;;
      dp-policy-install-failed | dp-initiator-policy-install-failed | dp-dpd-blackhole) INITIATE=no TRAFFIC=no ;;
      dp-esp-blocked-fw | dp-esp-blocked-fw-initiator) TRAFFIC=no ;;  # no ESP before the firewall: counters stay one-way
      dp-ke-group-retry) A_IKE=aes128-sha256-modp2048-modp3072 B_IKE=aes128-sha256-modp3072-modp2048 ;;
      *) ;;  # the tunnel is initiated and the lab's test ping passes before the fault
    esac
  }
  stop_prefix "$P" >/dev/null 2>&1 || true
  cmd_up healthy "$P"
  local A=/etc/netns/$na/swanctl/swanctl.conf B=/etc/netns/$nb/swanctl/swanctl.conf
  case $v in
    dp-trap-kernel-no-esp) ;;  # a's kernel holds the trap policies but cannot hold the SAs
    dp-trap-peer-silent)       # b's firewall drops IKE: the acquire's IKE_SA never answers
      ip netns exec "$nb" iptables -A INPUT -p udp -m multiport --dports 500,4500 -j DROP ;;
    dp-stale-trap-policy)      # charon killed with its trap installed; the new one starts the tunnel by hand only
      sed -i 's/start_action = trap/start_action = none/' "$A"
      restart_charon "$na" ;;
    dp-drop-shunt)             # a "fail closed" drop shunt over the tunnel's selectors, tunnel not up;
      shunt_conn "$A"          # both gateways route the other's subnet over the WAN (b in clear)
      swanctl_in "$P" "$na" --load-all >/dev/null 2>&1 || true
      ip netns exec "$na" ip route add 10.2.0.0/24 via 192.0.2.2
      ip netns exec "$nb" ip route add 10.1.0.0/24 via 192.0.2.1 ;;
    dp-policy-install-failed)  # b's inside address is gone (LAN renumbered): libipsec finds no source for its route
      ip netns exec "$nb" ip addr del 10.2.0.1/24 dev lo
      swanctl_in "$P" "$na" --initiate --child net --timeout 20 >/dev/null 2>&1 || true ;;
    dp-initiator-policy-install-failed)  # the mirror: a's own inside address is gone
      ip netns exec "$na" ip addr del 10.1.0.1/24 dev lo
      swanctl_in "$P" "$na" --initiate --child net --timeout 20 >/dev/null 2>&1 || true ;;
    dp-esp-corrupted)          # something on b's path flips one byte of the ESP payload
      ip netns exec "$nb" nft add table ip mangle
      ip netns exec "$nb" nft add chain ip mangle pre '{ type filter hook prerouting priority -300; }'
      ip netns exec "$nb" nft add rule ip mangle pre udp dport 4500 udp length gt 100 @th,480,8 set 0x41 ;;
    dp-esp-corrupted-initiator)  # the mirror: the byte is flipped before a, in b's replies
      ip netns exec "$na" nft add table ip mangle
      ip netns exec "$na" nft add chain ip mangle pre '{ type filter hook prerouting priority -300; }'
      ip netns exec "$na" nft add rule ip mangle pre udp dport 4500 udp length gt 100 @th,480,8 set 0x41 ;;
    dp-initiator-restarted)    # the mirror: a's charon dies and comes back without its SAs; b sends (sw_traffic)
      restart_charon "$na" ;;
    dp-peer-restarted)         # b's charon dies and comes back without its SAs; a has no DPD
      restart_charon "$nb" ;;
    dp-esp-fragments-dropped)  # the WAN carries 1280 bytes, ipsec0 stays at 1400; b drops fragments
      ip -n "$na" link set wan0 mtu 1280
      ip -n "$nb" link set wan0 mtu 1280
      ip netns exec "$nb" nft add table ip fragdrop
      ip netns exec "$nb" nft add chain ip fragdrop pre '{ type filter hook prerouting priority -500; }'
      ip netns exec "$nb" nft add rule ip fragdrop pre 'ip frag-off & 0x1fff != 0 drop' ;;
    dp-esp-blocked-fw)         # b's filter passes IKE (non-ESP marker 0 on 4500) and drops ESP-in-UDP
      ip netns exec "$nb" nft add table inet espfw
      ip netns exec "$nb" nft add chain inet espfw input '{ type filter hook input priority 0; }'
      ip netns exec "$nb" nft add rule inet espfw input 'udp dport 4500 @th,64,32 != 0 counter drop' ;;
    dp-esp-blocked-fw-initiator)  # the mirror: a's filter drops ESP-in-UDP, b sends (sw_traffic)
      ip netns exec "$na" nft add table inet espfw
      ip netns exec "$na" nft add chain inet espfw input '{ type filter hook input priority 0; }'
      ip netns exec "$na" nft add rule inet espfw input 'udp dport 4500 @th,64,32 != 0 counter drop' ;;
    dp-esp-duplicated)         # a path that duplicates packets: a's output sends each ESP-in-UDP packet twice
      ip netns exec "$na" nft add table ip dupesp
      ip netns exec "$na" nft add chain ip dupesp out '{ type filter hook output priority 0; }'
      ip netns exec "$na" nft add rule ip dupesp out 'udp dport 4500 @th,64,32 != 0 dup to 192.0.2.2 device "wan0"' ;;
    dp-esp-duplicated-initiator)  # the mirror: b's output sends each ESP-in-UDP packet twice; b pings (sw_traffic)
      ip netns exec "$nb" nft add table ip dupesp
      ip netns exec "$nb" nft add chain ip dupesp out '{ type filter hook output priority 0; }'
      ip netns exec "$nb" nft add rule ip dupesp out 'udp dport 4500 @th,64,32 != 0 dup to 192.0.2.1 device "wan0"' ;;
    dp-ke-group-retry) ;;      # the lab's initiate and ping already ran through the INVALID_KE retry
    dp-dpd-blackhole)          # DPD both ends, a router between; once up and pinged the router drops all
      add_dpd "$A"; add_dpd "$B"
      swanctl_in "$P" "$na" --load-all >/dev/null 2>&1 || true
      swanctl_in "$P" "$nb" --load-all >/dev/null 2>&1 || true
      router_between "$P"
      swanctl_in "$P" "$na" --initiate --child net --timeout 20 >/dev/null 2>&1 || true
      ip netns exec "$na" ping -c 3 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true
      ip netns exec "${P}m" iptables -A FORWARD -j DROP
      sleep 14 ;;
    *) echo "dataplane-variants.sh: unknown variant '$v'" >&2; exit 64 ;;
  esac
  sleep 1
}

BG=()  # pids of the test traffic and the captures, waited for by sw_capture
# sw_traffic VARIANT: the test traffic of the variant, in the background (about 6 s)
sw_traffic() {
  local v=$1 size=56
  [[ $v == dp-esp-fragments-dropped ]] && size=1300
  if [[ $v == dp-esp-blocked-fw-initiator || $v == dp-initiator-restarted || $v == dp-esp-duplicated-initiator ]]; then   # only b sends
    ip netns exec "${P}b" ping -q -c 30 -i 0.2 -W 1 -I 10.2.0.1 10.1.0.1 >/dev/null 2>&1 &
    BG+=("$!")
    return
  fi
  ip netns exec "${P}a" ping -q -c 30 -i 0.2 -W 1 -s "$size" -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 &
  BG+=("$!")
  if [[ $v == dp-drop-shunt ]]; then
    ip netns exec "${P}b" ping -q -c 30 -i 0.2 -W 1 -I 10.2.0.1 10.1.0.1 >/dev/null 2>&1 &
    BG+=("$!")
  fi
}

# sw_capture DIR: both sides' counters and packets while the traffic runs, then the lab's capture
sw_capture() {
  local dir=$1 s
  for s in a b; do
    in_view "$P" "$P$s" timeout 5 tcpdump -nni wan0 -c 40 >"$dir/$s/tcpdump.txt" 2>/dev/null &
    BG+=("$!")
  done
  sleep 1
  for s in a b; do in_view "$P" "$P$s" cat /proc/net/xfrm_stat >"$dir/$s/xfrm_stat.txt"; done
  sleep 2
  for s in a b; do in_view "$P" "$P$s" cat /proc/net/xfrm_stat >"$dir/$s/xfrm-stat-later.txt"; done
  # only these: the charons started by start_charon are this shell's children too
  wait "${BG[@]}" || true
  for s in a b; do
    cp "$dir/$s/xfrm_stat.txt" "$dir/$s/.xfrm_stat.first"
    cmd_capture "$P" "$s" "$dir/$s" >&2
    # the lab's capture read xfrm_stat again, after the traffic: keep the read paired with the later one
    mv "$dir/$s/.xfrm_stat.first" "$dir/$s/xfrm_stat.txt"
    printf '%s\t%s\texit 0\n' xfrm-stat-later.txt 'cat /proc/net/xfrm_stat   # 2 s after xfrm_stat.txt, traffic running' \
      tcpdump.txt 'tcpdump -nni wan0 -c 40   # during the test traffic' >>"$dir/$s/commands.txt"
  done
}

# lsw_make VARIANT: Libreswan both ends (libreswan-lab.sh's IKEv2 baseline), a with leftsubnets
lsw_make() {
  local v=$1 sd rc=0
  set_scenario kernel-no-esp
  sd=$(state_dir "$P")
  install -d -m 755 "$sd" "$sd/${P}a" "$sd/${P}b"
  echo "variant $v" >"$sd/scenario"
  write_configs "$P"
  if [[ $v == lsw-leftsubnets-one-peer-subnet ]]; then
    # a splits its subnet in two (seed 002's leftsubnets={...}); b keeps one pair 10.2.0.0/24 === 10.1.0.0/24
    sed -i 's#^\tleftsubnet=10.1.0.0/24$#\tleftsubnets={10.1.0.0/25,10.1.0.128/25}#' "/etc/netns/${P}a/ipsec.conf"
    build_topology "$P"
  else
    lsw_gateway_for_lan "$v"
  fi
  start_pluto "$P" "${P}b"
  start_pluto "$P" "${P}a"
  in_view "$P" "${P}a" timeout 30 ipsec auto --up lab >"$sd/${P}a/up.out" 2>&1 || rc=$?
  log "${P}a: ipsec auto --up lab exited $rc"
  sleep 1
}

# lsw_gateway_for_lan VARIANT: the same pair of gateways, but a's inside subnet is a LAN (lan0,
# 10.1.0.1/24) with a host c (10.1.0.2) behind it, as in lab.sh's masquerade/ip-forward-off
# scenarios; then the host fault of the variant on a, with the real tools:
#   lsw-masquerade       ip_forward=1, "NAT everything leaving the LAN" (-s 10.1.0.0/24 -j MASQUERADE,
#                        no IPsec exemption before it)
#   lsw-forward-blocked  ip_forward=1, FORWARD policy DROP with no accept for the tunnel
#   lsw-ip-forward-off   ip_forward=0 on a gateway for the LAN
#   lsw-masquerade-second-lan  a second LAN (lan1, 10.3.0.1/24) with its own conn `lab-lan2`
#                        (10.3.0.0/24 === 10.2.0.0/24); ip_forward=1, internet NAT for that LAN only
#                        (-s 10.3.0.0/24 -o wan0 -j MASQUERADE): the first conn is not NATed, the
#                        second is
lsw_gateway_for_lan() {
  local v=$1 na=${P}a nb=${P}b nc=${P}c
  add_namespace "$P" "$na"
  add_namespace "$P" "$nb"
  add_namespace "$P" "$nc"
  veth_link "$na" wan0 192.0.2.1/24 "$nb" wan0 192.0.2.2/24
  veth_link "$na" lan0 10.1.0.1/24 "$nc" lan0 10.1.0.2/24
  ip -n "$nb" addr add 10.2.0.1/24 dev lo
  ip -n "$nc" route add 10.2.0.0/24 via 10.1.0.1
  ip netns exec "$nb" sysctl -q -w net.ipv4.ip_forward=0
  case $v in
    lsw-masquerade)
      ip netns exec "$na" sysctl -q -w net.ipv4.ip_forward=1
      ip netns exec "$na" iptables -t nat -A POSTROUTING -s 10.1.0.0/24 -j MASQUERADE ;;
    lsw-forward-blocked)
      ip netns exec "$na" sysctl -q -w net.ipv4.ip_forward=1
      ip netns exec "$na" iptables -P FORWARD DROP ;;
    lsw-ip-forward-off)
      ip netns exec "$na" sysctl -q -w net.ipv4.ip_forward=0 ;;
    lsw-masquerade-second-lan)
      veth_link "$na" lan1 10.3.0.1/24 "$nc" lan1 10.3.0.2/24   # c stands in for the second LAN's hosts too
      # conn lab once more, as lab-lan2 for the second LAN
      awk '/^conn lab$/ { grab = 1 } grab { block = block $0 "\n" } { print }
        END { sub(/^conn lab\n/, "conn lab-lan2\n", block); sub(/leftsubnet=10.1.0.0\/24/, "leftsubnet=10.3.0.0/24", block); printf "\n%s", block }' \
        "/etc/netns/$na/ipsec.conf" >"/etc/netns/$na/ipsec.conf.new"
      cat "/etc/netns/$na/ipsec.conf.new" >"/etc/netns/$na/ipsec.conf"; rm -f "/etc/netns/$na/ipsec.conf.new"
      ip netns exec "$na" sysctl -q -w net.ipv4.ip_forward=1
      ip netns exec "$na" iptables -t nat -A POSTROUTING -s 10.3.0.0/24 -o wan0 -j MASQUERADE ;;
  esac
}

# lsw_stop: libreswan-lab.sh's stop, and host c of lsw_gateway_for_lan
lsw_stop() {
  stop_prefix "$P" >/dev/null 2>&1 || true
  if [[ -e /run/netns/${P}c ]]; then ip netns del "${P}c" || true; fi
}

lsw_capture() {
  local dir=$1 s
  for s in a b; do
    cmd_capture "$P" "$s" "$dir/$s" >&2
    in_view "$P" "$P$s" ip -o addr show >"$dir/$s/ip-addr.txt" 2>/dev/null || true
    if [[ -e /run/netns/${P}c ]]; then
      # the host checks of lab.sh's capture: forwarding, routes, links
      in_view "$P" "$P$s" sysctl net.ipv4.ip_forward >"$dir/$s/sysctl-ip_forward.txt" 2>/dev/null || true
      in_view "$P" "$P$s" ip route show table all >"$dir/$s/ip-route.txt" 2>/dev/null || true
      in_view "$P" "$P$s" ip -s link show >"$dir/$s/ip-s-link.txt" 2>/dev/null || true
      printf '%s\t%s\texit 0\n' sysctl-ip_forward.txt 'sysctl net.ipv4.ip_forward' ip-route.txt 'ip route show table all' \
        ip-s-link.txt 'ip -s link show' >>"$dir/$s/commands.txt"
    fi
  done
  cp "$(state_dir "$P")/${P}a/up.out" "$dir/a/ipsec-auto-up.txt"
  printf '%s\t%s\texit %s\n' ipsec-auto-up.txt 'ipsec auto --up lab' "see the lab's log" >>"$dir/a/commands.txt"
}

case ${1:-} in
  list) printf '%s\n' "${SW_VARIANTS[@]}" "${LSW_VARIANTS[@]}" ;;
  capture)
    v=${2:?variant}; dir=${3:?directory}
    [[ $P =~ ^[a-z][a-z0-9]{0,7}$ ]] || { echo "bad prefix '$P'" >&2; exit 64; }
    mkdir -p "$dir/a" "$dir/b"
    exec 9>/tmp/ipsec-lab.lock
    flock 9
    if [[ " ${LSW_VARIANTS[*]} " == *" $v "* ]]; then
      (
        source "$here/libreswan-lab.sh"
        trap lsw_stop EXIT
        lsw_stop
        (exec 9>&-; lsw_make "$v")
        lsw_capture "$dir"
      )
    else
      (
        source "$here/lab.sh"
        trap 'stop_prefix "$P" >/dev/null 2>&1 || true; [[ -e /run/netns/${P}m ]] && ip netns del "${P}m" || true' EXIT
        (exec 9>&-; sw_make "$v"; sw_traffic "$v"; sw_capture "$dir")
      )
    fi
    if grep -rl -e lab-psk-a1b2c3 -e lab-psk-wrong-d4e5f6 "$dir"; then echo "a lab PSK leaked into $dir" >&2; exit 1; fi ;;
  *) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64 ;;
esac
