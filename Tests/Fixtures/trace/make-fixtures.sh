#!/bin/sh
# Builds two namespaces (trca, trcb: this branch's own prefix), gives gateway a real XFRM
# policies (block, a template without SA, marked, IPv6) and iptables/ip6tables/nft rules, sends
# one ping per case from a and records what the kernel did (ping's exit code and message), then
# saves a's outputs as a snapshot. Run as root: sh make-fixtures.sh OUTDIR. The kernel here has
# XFRM but no ESP, so no SA can be installed: every case is "clear", "dropped" or "acquire".
set -u
OUT=${1:?usage: make-fixtures.sh OUTDIR}
A=trca; B=trcb; C=trcc
cleanup() { ip netns del $A 2>/dev/null; ip netns del $B 2>/dev/null; ip netns del $C 2>/dev/null; }
trap cleanup EXIT INT TERM
cleanup
ip netns add $A && ip netns add $B && ip netns add $C || exit 1
# c: a host behind a (lan0 10.1.1.0/24), whose traffic a forwards.
ip -n $A link add lan0 type veth peer name lan0 netns $C
ip -n $A link set lan0 up; ip -n $C link set lo up; ip -n $C link set lan0 up
ip -n $A addr add 10.1.1.1/24 dev lan0; ip -n $C addr add 10.1.1.2/24 dev lan0
ip -n $C route add 10.2.0.0/24 via 10.1.1.1
ip -n $A link add wan0 type veth peer name wan0 netns $B
for ns in $A $B; do ip -n $ns link set lo up; ip -n $ns link set wan0 up; done
ip -n $A addr add 192.0.2.1/24 dev wan0; ip -n $B addr add 192.0.2.2/24 dev wan0
ip -n $A addr add 2001:db8:0:2::1/64 dev wan0 nodad; ip -n $B addr add 2001:db8:0:2::2/64 dev wan0 nodad
ip -n $A addr add 10.1.0.1/24 dev lo; ip -n $B addr add 10.2.0.1/24 dev lo
ip -n $A addr add 2001:db8:1::1/64 dev lo nodad; ip -n $B addr add 2001:db8:2::1/64 dev lo nodad
ip -n $B addr add 2001:db8:2::5/64 dev lo nodad; ip -n $B addr add 2001:db8:2::6/64 dev lo nodad
ip -n $B addr add 2001:db8:2::9/64 dev lo nodad
ip -n $A route add 10.2.0.0/24 via 192.0.2.2; ip -n $B route add 10.1.0.0/24 via 192.0.2.1; ip -n $B route add 10.1.1.0/24 via 192.0.2.1
ip -n $A route add 2001:db8:2::/64 via 2001:db8:0:2::2; ip -n $B route add 2001:db8:1::/64 via 2001:db8:0:2::1
# a's route for 10.2.0.200/29 in table 100, chosen by a rule for marked packets (fwmark 0x15).
ip -n $A route add 10.2.0.200/29 via 192.0.2.2 dev wan0 table 100 metric 5
ip -n $A rule add fwmark 0x15 lookup 100 priority 100
# SPD of a.
ip -n $A xfrm policy add src 10.1.0.0/24 dst 10.2.0.128/25 dir out action block
ip -n $A xfrm policy add src 10.1.0.0/24 dst 10.2.0.64/26 proto icmp dir out tmpl src 192.0.2.1 dst 192.0.2.2 proto esp mode tunnel reqid 7
ip -n $A xfrm policy add src 10.1.0.0/24 dst 10.2.0.32/27 dir out mark 0x15 mask 0xffffffff action block
ip -n $A xfrm policy add src 10.1.0.0/24 dst 10.2.0.16/28 dir out priority 100 action block
ip -n $A xfrm policy add src 10.1.0.0/24 dst 10.2.0.16/29 dir out priority 10 action allow
ip -n $A xfrm policy add src 2001:db8:1::/64 dst 2001:db8:2::8000/113 dir out action block
ip -n $A xfrm policy add src 2001:db8:1::/64 dst 2001:db8:2::9/128 proto ipv6-icmp dir out tmpl src 2001:db8:0:2::1 dst 2001:db8:0:2::2 proto esp mode tunnel reqid 9
# Forwarded from c: a policy with a template (no SA can exist here), and a MASQUERADE for part
# of its range, so that the kernel shows what NAT before the policy lookup does.
ip -n $A xfrm policy add src 10.1.1.0/24 dst 10.2.0.64/26 dir out tmpl src 192.0.2.1 dst 192.0.2.2 proto esp mode tunnel reqid 11
ip netns exec $A iptables -t nat -A POSTROUTING -s 10.1.1.0/24 -d 10.2.0.96/27 -o wan0 -j MASQUERADE
# A fwd policy that requires IPsec for traffic c sends to 10.2.0.40/29: cleartext fails it.
ip -n $A xfrm policy add src 10.1.1.0/24 dst 10.2.0.40/29 dir fwd tmpl src 192.0.2.2 dst 192.0.2.1 proto esp mode tunnel reqid 12
# Packet filters of a: iptables (nf_tables backend on Debian 12), ip6tables and a native nft table.
ip netns exec $A iptables -A OUTPUT -d 10.2.0.3 -p icmp -j DROP
ip netns exec $A iptables -A OUTPUT -m policy --dir out --pol ipsec -j ACCEPT
ip netns exec $A iptables -A OUTPUT -d 10.2.0.4 -m conntrack --ctstate NEW -j REJECT
ip netns exec $A ip6tables -A OUTPUT -d 2001:db8:2::5 -p ipv6-icmp -j DROP
ip netns exec $A nft add table inet trc
ip netns exec $A nft add chain inet trc out '{ type filter hook output priority 10; policy accept; }'
ip netns exec $A nft add rule inet trc out ip6 daddr 2001:db8:2::6 meta l4proto ipv6-icmp drop
ip netns exec $A nft add rule inet trc out ip daddr 10.2.0.8 counter drop
ip netns exec $A sysctl -qw net.ipv4.ip_forward=1
# The cases: SRC DST MARK. Ping once; record ping's exit code, the /proc/net/xfrm_stat counters
# that moved (XfrmOutPolBlock: a block policy; XfrmOutNoStates: a policy whose SA is missing, the
# acquire) and ping's first complaint.
stat() { ip netns exec $A cat /proc/net/xfrm_stat; }
: > "$OUT.kernel.tmp"
while read -r src dst mark; do
  [ -z "$src" ] && continue
  m=""; [ "$mark" != "0" ] && m="-m $mark"
  before=$(stat)
  if [ "$src" = "10.1.1.2" ]; then
    out=$(ip netns exec $C timeout 5 ping -c 1 -W 1 "$dst" 2>&1); rc=$?
  else
    out=$(ip netns exec $A timeout 5 ping -c 1 -W 1 $m -I "$src" "$dst" 2>&1); rc=$?
  fi
  moved=$(stat | while read -r k v; do b=$(printf '%s\n' "$before" | awk -v k="$k" '$1==k {print $2}'); [ "$v" != "$b" ] && printf '%s+%s ' "$k" $((v - b)); done)
  msg=$(printf '%s\n' "$out" | grep -i -m1 'not permitted\|unavailable\|unreachable\|bytes from' )
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$src" "$dst" "$mark" "$rc" "${moved% }" "$msg" >> "$OUT.kernel.tmp"
done <<CASES
10.1.0.1 10.2.0.1 0
10.1.0.1 10.2.0.130 0
10.1.0.1 10.2.0.70 0
10.1.0.1 10.2.0.33 0
10.1.0.1 10.2.0.33 21
10.1.0.1 10.2.0.20 0
10.1.0.1 10.2.0.26 0
10.1.0.1 10.2.0.3 0
10.1.0.1 10.2.0.4 0
10.1.0.1 10.2.0.8 0
10.1.0.1 10.2.0.201 21
2001:db8:1::1 2001:db8:2::1 0
2001:db8:1::1 2001:db8:2::8001 0
2001:db8:1::1 2001:db8:2::9 0
2001:db8:1::1 2001:db8:2::5 0
2001:db8:1::1 2001:db8:2::6 0
10.1.1.2 10.2.0.70 0
10.1.1.2 10.2.0.100 0
10.1.1.2 10.2.0.42 0
10.1.1.2 10.2.0.1 0
CASES
mkdir -p "$OUT"
mv "$OUT.kernel.tmp" "$OUT/kernel-results.tsv"
x() { f=$1; shift; ip netns exec $A "$@" > "$OUT/$f" 2>/dev/null; printf '%s\t%s\t%s\n' "$f" "$*" "$?" >> "$OUT/commands.txt"; }
: > "$OUT/commands.txt"
x ip-addr.txt ip -o addr show
x ip-route.txt ip route show table all
x ip-rule.txt ip rule show
x ip-6-rule.txt ip -6 rule show
x ip-d-link.txt ip -d link show
x xfrm-policy.txt ip -s xfrm policy
x xfrm-state.txt ip xfrm state
x iptables-save.txt iptables-save -c
x ip6tables-save.txt ip6tables-save -c
x nft-ruleset.txt nft list ruleset
x sysctl.txt sysctl net.ipv4.ip_forward net.ipv6.conf.all.forwarding
echo "made $OUT"
