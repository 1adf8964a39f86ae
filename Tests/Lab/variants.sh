#!/usr/bin/env bash
# Fault variants the lab's scenarios do not have, made on the running lab and captured from
# real strongSwan daemons into Tests/Fixtures/variants/<variant>/{a,b} (read by
# Tests/CLITests/FaultVariantTests.swift). Each brings a lab scenario up, changes the running
# gateways (config, firewall, a killed daemon), re-initiates from a, then captures both ends.
#
#   variants.sh list                  print the variant names
#   variants.sh capture VARIANT DIR   make VARIANT and capture gateway a into DIR/a, b into DIR/b
#
# Root; takes the lab lock itself (flock -o, so the daemons do not inherit it). Uses the prefix
# "lxv" (VARIANTS_PREFIX overrides it); only traffic inside the lab's namespaces.
set -euo pipefail
[[ -n ${VARIANTS_TRACE:-} ]] && set -x
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lab="$here/lab.sh"
source "$here/router-between.sh"
P=${VARIANTS_PREFIX:-lxv}

VARIANTS=(esp-pfs-rekey ts-narrowed dpd-peer-died udp4500-dropped ike-fragments-dropped peer-unreachable forward-blocked
  ikev1-psk-mismatch ikev1-id-mismatch ikev1-proposal-mismatch ikev1-esp-proposal-mismatch ikev1-ts-mismatch
  responder-blocks-ike-out responder-conn-not-loaded ike-lifetimes-differ child-rekeys-often
  rekey-storm nat-between-gateways responder-picks-other-conn initiator-psk-missing child-rekey-pfs-responder)

# 45 ESP proposals: an IKE_AUTH of 1504 bytes, more than a 1500-byte path carries whole.
MANY_ESP=aes128-sha256,aes192gcm16-ecp521,aes192-sha512-modp3072,aes128-sha512-ecp384,camellia192-sha256-modp2048,aes128-sha1-modp1024,aes256-sha1-modp1536,3des-sha1-modp1024,aes192-sha384-modp2048,chacha20poly1305,aes128ccm16,aes256ccm16,aes128-aesxcbc,aes256-aesxcbc,aes128-sha256-modp2048,aes256-sha256-modp3072,aes128-sha384-ecp256,aes256-sha512-ecp384,aes128gcm16-ecp256,aes256gcm16-modp4096,aes128-sha256,aes128-sha384,aes128-sha512,aes128-sha1,aes256-sha256,aes256-sha384,aes256-sha512,aes256-sha1,aes192-sha256,aes192-sha384,aes192-sha512,aes192-sha1,aes128gcm16-sha256,aes256gcm16-sha256,camellia128-sha256,camellia128-sha384,camellia128-sha512,camellia128-sha1,camellia256-sha256,camellia256-sha384,camellia256-sha512,camellia256-sha1,3des-sha256,3des-sha384,3des-sha512,3des-sha1

ex() { bash "$lab" exec "$P" "$@"; }

# storm_children FILE LOCAL REMOTE: replace the conn's children with 24, cN for 10.LOCAL.0.N/32 ===
# 10.REMOTE.0.N/32, all with the same short rekey_time and no jitter.
storm_children() {
  local file=$1 l=$2 r=$3
  awk -v l="$l" -v r="$r" '
    $0 == "    children {" { print; skip = 1
      for (n = 1; n <= 24; n++) {
        printf "      c%d {\n        local_ts = 10.%d.0.%d/32\n        remote_ts = 10.%d.0.%d/32\n", n, l, n, r, n
        printf "        esp_proposals = aes128-sha256\n        rekey_time = 30s\n        life_time = 60s\n        rand_time = 0s\n      }\n" }
      next }
    skip && $0 == "    }" { skip = 0 }
    !skip { print }' "$file" >"$file.new"
  cat "$file.new" >"$file"; rm -f "$file.new"
}

# nat_between: a router namespace m between a and b (router-between.sh) that SNATs a's
# 192.0.2.1 to 192.0.2.100.
nat_between() {
  router_between "$P"
  ip -n "${P}m" addr add 192.0.2.100/32 dev m-b
  ip netns exec "${P}m" iptables -t nat -A POSTROUTING -o m-b -s 192.0.2.1 -j SNAT --to-source 192.0.2.100
}

# make VARIANT: bring its base scenario up and apply the change (the lab lock is held).
make_variant() {
  local v=$1 base=healthy
  [[ $v == forward-blocked ]] && base=ip-forward-off
  [[ $v == ikev1-* ]] && base=ikev1-healthy
  bash "$lab" down "$P" >/dev/null 2>&1 || true
  bash "$lab" up "$base" "$P" >&2
  local A=/etc/netns/${P}a/swanctl/swanctl.conf B=/etc/netns/${P}b/swanctl/swanctl.conf reinitiate=yes
  case $v in
    esp-pfs-rekey)   # PFS groups differ: only the first CHILD rekey compares them
      sed -i 's/esp_proposals = aes128-sha256$/esp_proposals = aes128-sha256-modp2048/' "$A"
      sed -i 's/esp_proposals = aes128-sha256$/esp_proposals = aes128-sha256-modp3072/' "$B" ;;
    ts-narrowed)     # b allows half of a's subnet: b narrows, the SA comes up smaller
      sed -i 's#remote_ts = 10.1.0.0/24#remote_ts = 10.1.0.0/25#' "$B" ;;
    dpd-peer-died)   # a runs DPD every 2 s; b's charon is killed once the tunnel is up
      sed -i 's/^    proposals = aes128-sha256-modp2048$/    proposals = aes128-sha256-modp2048\n    dpd_delay = 2s/' "$A" ;;
    udp4500-dropped) # b's firewall passes UDP 500, drops 4500
      ex b iptables -I INPUT -p udp --dport 4500 -j DROP ;;
    ike-fragments-dropped)  # a's IKE_AUTH is too large and unsplit; b drops IP fragments before reassembly
      sed -i "s/^    proposals = aes128-sha256-modp2048\$/    proposals = aes128-sha256-modp2048\n    fragmentation = no/; s/esp_proposals = aes128-sha256\$/esp_proposals = $MANY_ESP/" "$A"
      ex b nft add table ip fragdrop
      ex b nft add chain ip fragdrop pre '{ type filter hook prerouting priority -500; }'
      ex b nft add rule ip fragdrop pre 'ip frag-off & 0x1fff != 0 drop' ;;
    peer-unreachable)  # a's peer address is one where no host answers ARP
      sed -i 's/remote_addrs = 192.0.2.2/remote_addrs = 192.0.2.9/' "$A" ;;
    forward-blocked)   # a forwards for c, but its FORWARD chain drops everything
      reinitiate=no
      ex a sysctl -qw net.ipv4.ip_forward=1
      ex a iptables -P FORWARD DROP
      ex c ping -c 2 -W 1 10.2.0.1 >/dev/null 2>&1 || true ;;
    ikev1-psk-mismatch)   # IKEv1 Main Mode; b's key is changed and reloaded
      sed -i "s/secret = \"lab-psk-a1b2c3\"/secret = \"lab-psk-wrong-d4e5f6\"/" "$B" ;;
    ikev1-id-mismatch)    # IKEv1; b wants another identity from a (conn and secret)
      sed -i 's/gw-a\.lab\.test/gw-x.lab.test/' "$B" ;;
    ikev1-proposal-mismatch) sed -i 's/proposals = aes128-sha256-modp2048$/proposals = aes256-sha384-modp3072/' "$B" ;;
    ikev1-esp-proposal-mismatch) sed -i 's/esp_proposals = aes128-sha256$/esp_proposals = aes256-sha512/' "$B" ;;
    ikev1-ts-mismatch) sed -i 's#remote_ts = 10.1.0.0/24#remote_ts = 10.9.0.0/24#' "$B" ;;
    responder-blocks-ike-out)  # b receives IKE but its OUTPUT chain drops the answers
      ex b iptables -A OUTPUT -p udp -m multiport --sports 500,4500 -j DROP ;;
    responder-conn-not-loaded) ;;  # see below: unloaded after the reload, before a initiates
    ike-lifetimes-differ)  # benign: each end rekeys its IKE SA on its own schedule
      sed -i 's/^    proposals = aes128-sha256-modp2048$/    proposals = aes128-sha256-modp2048\n    rekey_time = 20m/' "$A"
      sed -i 's/^    proposals = aes128-sha256-modp2048$/    proposals = aes128-sha256-modp2048\n    rekey_time = 3h/' "$B" ;;
    child-rekeys-often)    # benign: a rekeys its CHILD SA every 5 s
      sed -i 's/^        start_action = none$/        start_action = none\n        rekey_time = 5s\n        life_time = 60s\n        rand_time = 0s/' "$A" ;;
    rekey-storm)  # 24 CHILD SAs per end, one rekey_time, rand_time 0: they rekey together
      storm_children "$A" 1 2
      storm_children "$B" 2 1
      # kernel-libipsec routes each CHILD SA from an address inside its local selector
      local n
      for n in $(seq 2 24); do ex a ip addr add "10.1.0.$n/32" dev lo; ex b ip addr add "10.2.0.$n/32" dev lo; done ;;
    nat-between-gateways) nat_between ;;  # b still names a's private 192.0.2.1
    responder-picks-other-conn)  # a's ID changed; b's catch-all conn rw takes it, with other selectors
      sed -i 's/gw-a\.lab\.test/gw-a2.lab.test/' "$A"
      awk '$0 == "connections {" { print; print "  rw {\n    version = 2\n    local_addrs = 192.0.2.2\n    proposals = aes128-sha256-modp2048\n    local {\n      auth = psk\n      id = gw-b.lab.test\n    }\n    remote {\n      auth = psk\n      id = %any\n    }\n    children {\n      rw {\n        local_ts = 10.2.0.0/24\n        remote_ts = 10.50.0.0/24\n        esp_proposals = aes128-sha256\n      }\n    }\n  }"; next } { print }' "$B" >"$B.new"
      cat "$B.new" >"$B"; rm -f "$B.new" ;;
    initiator-psk-missing)  # a's own PSK is gone (secrets block removed, creds cleared); b keeps its
      sed -i '/^  ike-lab {$/,/^  }$/d' "$A"
      ex a swanctl --load-creds --clear >/dev/null 2>&1 || true ;;
    child-rekey-pfs-responder)  # PFS on b only; b's CHILD rekeys after 10 s, a refuses its KE
      sed -i 's/^        start_action = none$/        start_action = none\n        rekey_time = 10s\n        life_time = 60s\n        rand_time = 0s/; s/esp_proposals = aes128-sha256$/esp_proposals = aes128-sha256-modp2048/' "$B" ;;
    *) echo "variants.sh: unknown variant '$v' (see: variants.sh list)" >&2; exit 64 ;;
  esac
  if [[ $reinitiate == yes ]]; then
    ex a swanctl --load-all >/dev/null 2>&1 || true
    ex b swanctl --load-all >/dev/null 2>&1 || true
    if [[ $v == responder-conn-not-loaded ]]; then
      # b's charon keeps running with swanctl.conf on disk, but holds no connection: as after a
      # restart without `swanctl --load-all` (swanctl unloads conns missing from the file it loads)
      ex b sh -c 'printf "connections {\n}\n" >/run/no-conns.conf; swanctl --load-conns --file /run/no-conns.conf; rm -f /run/no-conns.conf' >/dev/null 2>&1 || true
    fi
    ex a swanctl --terminate --ike lab >/dev/null 2>&1 || true
    sleep 1
    if [[ $v == rekey-storm ]]; then
      local n
      for n in $(seq 1 24); do ex a timeout 5 swanctl --initiate --child "c$n" >/dev/null 2>&1 || true; done
    else
      ex a timeout 12 swanctl --initiate --child net >/dev/null 2>&1 || true
    fi
  fi
  case $v in
    esp-pfs-rekey) ex a timeout 12 swanctl --rekey --child net >/dev/null 2>&1 || true; sleep 3 ;;
    ike-lifetimes-differ) ex a ping -c 3 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true ;;
    child-rekeys-often)
      ex a ping -c 3 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true
      sleep 12
      ex a ping -c 3 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true ;;
    rekey-storm) sleep 27 ;;
    child-rekey-pfs-responder)   # traffic through the first CHILD SA, then b's rekey (10 s) and a retry
      ex a ping -c 2 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true
      sleep 16 ;;  # the first children are 30 s old: they rekey while we capture
    ts-narrowed) ex a ping -c 2 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true ;;
    dpd-peer-died)
      local pid
      for pid in $(pgrep -x charon); do [[ /proc/$pid/ns/net -ef /run/netns/${P}b ]] && kill -9 "$pid"; done
      ex a ping -c 1 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true
      sleep 14 ;;
  esac
  sleep 1
}

case ${1:-} in
  list) printf '%s\n' "${VARIANTS[@]}" ;;
  capture)
    v=${2:?variant}; dir=${3:?directory}
    mkdir -p "$dir/a" "$dir/b"
    exec 9>/tmp/ipsec-lab.lock
    flock 9
    trap 'bash "$lab" down "$P" >/dev/null 2>&1 || true; ip netns del "${P}m" 2>/dev/null || true' EXIT
    # the daemons started below must not keep the lock open
    (exec 9>&-; make_variant "$v")
    bash "$lab" capture "$P" a "$dir/a" >&2
    bash "$lab" capture "$P" b "$dir/b" >&2 ;;
  *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64 ;;
esac
