#!/bin/bash
# Real `ip neigh` and `tcpdump -n` outputs for an unreachable peer, a peer without an IKE daemon
# and a router that cannot reach the peer; two private network namespaces, nothing leaves them.
# Run as root from this folder: bash make.sh
set -e
cleanup() { ip netns del nbx 2>/dev/null || true; ip netns del nby 2>/dev/null || true; }
cleanup; trap cleanup EXIT
ip netns add nbx; ip netns add nby
ip link add vx netns nbx type veth peer name vy netns nby
ip -n nbx addr add 192.0.2.1/24 dev vx; ip -n nby addr add 192.0.2.2/24 dev vy
for n in nbx nby; do ip -n $n link set lo up; done
ip -n nbx link set vx up; ip -n nby link set vy up
ip -n nbx route add 203.0.113.0/24 via 192.0.2.2
ip -n nbx route add 198.51.100.0/24 via 192.0.2.254
ip -n nby route add unreachable 203.0.113.0/24
ip netns exec nby sysctl -qw net.ipv4.ip_forward=1
# send DEST FILE: three IKE-sized datagrams from UDP 500 while tcpdump writes FILE
send() {
  ip netns exec nbx tcpdump -n -l -i vx "not ip6" > "$2" 2>/dev/null & local td=$!
  sleep 1
  ip netns exec nbx python3 -c "
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('192.0.2.1', 500))
for i in range(3):
    try: s.sendto(bytes(28), ('$1', 500))
    except OSError: pass
    time.sleep(0.5)
"
  sleep 3; kill $td; wait $td 2>/dev/null || true
}
send 192.0.2.2 tcpdump-peer-no-daemon.txt        # the host is there, nothing on UDP 500
send 203.0.113.5 tcpdump-router-unreachable.txt  # a router holds an unreachable route
send 192.0.2.9 tcpdump-on-link-absent.txt        # on-link address nobody has: ARP unanswered
send 198.51.100.7 tcpdump-gateway-absent.txt     # via a gateway nobody has
ip -n nbx neigh show > ip-neigh-mixed.txt
# The lab's peer address gone from the link (the peer at 192.0.2.2 is down or renumbered).
ip -n nby addr del 192.0.2.2/24 dev vy
ip -n nbx neigh flush dev vx
send 192.0.2.2 tcpdump-peer-down.txt
ip -n nbx neigh show > ip-neigh-peer-down.txt
