# Shared by lab.sh and libreswan-lab.sh (sourced, not run): the namespace plumbing both labs
# build their topologies from, and how they start daemons. Each caller defines state_dir PREFIX (where `down` finds the
# namespaces to delete).

# add_namespace PREFIX NS: create network namespace NS and record it for `down`.
add_namespace() {
  ip netns add "$2"
  echo "$2" >>"$(state_dir "$1")/namespaces"
}

# veth_link NS1 IF1 CIDR1 NS2 IF2 CIDR2: a veth pair between two namespaces, each end addressed
# and up, loopback up on both. The pair is created inside the namespaces, so labs of different
# prefixes never clash over interface names.
veth_link() {
  local n1=$1 i1=$2 a1=$3 n2=$4 i2=$5 a2=$6
  ip -n "$n1" link add "$i1" type veth peer name "$i2" netns "$n2"
  ip -n "$n1" addr add "$a1" dev "$i1"
  ip -n "$n2" addr add "$a2" dev "$i2"
  ip -n "$n1" link set lo up
  ip -n "$n2" link set lo up
  ip -n "$n1" link set "$i1" up
  ip -n "$n2" link set "$i2" up
}

# without_inherited_fds CMD...: exec CMD with only stdin, stdout and stderr open. A daemon that
# inherited its caller's descriptors would hold the lab lock (`flock LOCK swift test ...` passes
# its lock descriptor down) for as long as it lives, so a daemon left behind by a killed run
# would block every later lab run.
without_inherited_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
  exec "$@"
}
