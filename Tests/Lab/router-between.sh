# Sourced by variants.sh and dataplane-variants.sh (defines one function, runs nothing).
# router_between PFX: put a namespace PFXm between PFXa and PFXb that routes, with proxy ARP on
# both sides, so the gateways keep their 192.0.2.0/24 addresses and routes; m's interfaces are
# m-a and m-b (`ip link set ma up` reads `ma` as `master`). The caller adds m's NAT or filter
# rules, and deletes PFXm when done (lab.sh's stop_prefix does not know it).
router_between() {
  local p=$1 m=$1m
  ip netns add "$m"
  ip -n "${p}b" link set wan0 netns "$m"
  ip -n "$m" link set wan0 name m-a
  ip -n "$m" link add m-b type veth peer name wan0 netns "${p}b"
  ip -n "${p}b" addr add 192.0.2.2/24 dev wan0
  ip -n "${p}b" link set wan0 up
  ip -n "$m" link set lo up
  ip -n "$m" link set m-a up
  ip -n "$m" link set m-b up
  ip -n "$m" route add 192.0.2.1/32 dev m-a
  ip -n "$m" route add 192.0.2.2/32 dev m-b
  ip netns exec "$m" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.m-a.proxy_arp=1 net.ipv4.conf.m-b.proxy_arp=1
}
