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
  lsw-ikev1-ts-mismatch lsw-psk-not-found lsw-initiator-psk-missing lsw-responder-down lsw-no-config-for-address lsw-conn-not-added
  lsw-peer-unreachable lsw-local-fw-drops-ike lsw-udp4500-dropped
  lsw-cert-untrusted-ca lsw-cert-expired lsw-cert-id-not-in-san lsw-responder-blocks-ike-out lsw-cert-no-private-key
  lsw-cert-responder-untrusted lsw-cert-responder-id-not-in-san lsw-xauth-wrong-password lsw-xauth-unknown-user
  lsw-sw-id-ip-vs-fqdn lsw-sw-remote-addrs-wrong lsw-sw-ikev1-pfs-initiator-off lsw-sw-rsasig-vs-psk lsw-sw-ike-port-moved lsw-sw-rsasig-vs-psk-second-conn
  lsw-cert-eku-ocsp-only
  sw-lsw-psk-mismatch sw-lsw-id-mismatch sw-lsw-ike-proposal-mismatch sw-lsw-esp-proposal-mismatch
  sw-lsw-ikev2-vs-ikev1 sw-lsw-multi-ts-one-child sw-lsw-log-silent lsw-sw-leftsubnets-one-covered
  lsw-cert-key-usage lsw-cert-key-usage-crl-only
  lsw-ikev2-vs-ikev1 lsw-psk-wrong-id-wildcard lsw-protoport-tcp lsw-modecfg-no-pool
  lsw-cert-responder-not-yet-valid lsw-peer-answers-from-other-address sw-lsw-psk-hex-quoted)

# XAUTH passwords (lab-only, the strongSwan lab's EAP ones: the same no-secret checks cover them)
readonly LAB_XAUTH_PASS=lab-eap-pass-g7h8i9 LAB_XAUTH_PASS_WRONG=lab-eap-wrong-j1k2l3
# batch 14's sw-lsw-psk-hex-quoted: the lab PSK in hex (checked for in the captures)
readonly LAB_PSK_HEX=6c61622d70736b2d613162326333

# pki_q ARGS...: strongSwan's pki without its plugin-loading chatter
pki_q() { pki "$@" 2> >(grep -v "^plugin '.*': failed to load" >&2); }

# make_pki DIR VARIANT: RSA keys, a lab CA and a stranger CA, b's certificate and a's (faulty
# per VARIANT), each gateway's key+certificate as PKCS#12 (empty password) for pk12util. Lab-only,
# in the lab's state dir (deleted by down), never captured.
make_pki() {
  local d=$1 v=$2 df='%d.%m.%y %T' k cn=gw-a.lab.test
  install -d -m 700 "$d"
  for k in ca ca2 gw-a gw-b; do pki_q --gen --type rsa --size 2048 --outform pem >"$d/$k.key"; done
  pki_q --self --ca --lifetime 30 --in "$d/ca.key" --dn "C=XX, O=ipsec-doctor lab, CN=Lab CA" --outform pem >"$d/ca.crt"
  pki_q --self --ca --lifetime 30 --in "$d/ca2.key" --dn "C=XX, O=ipsec-doctor lab, CN=Stranger CA" --outform pem >"$d/ca2.crt"
  local a_opts=(--lifetime 30)
  [[ $v == lsw-cert-expired ]] && a_opts=(--dateform "$df" --not-before "$(date -u -d '-30 days' +"$df")" --not-after "$(date -u -d '-1 day' +"$df")")
  [[ $v == lsw-cert-id-not-in-san ]] && cn=gw-other.lab.test
  for k in gw-a gw-b; do
    local c=$cn opts=("${a_opts[@]}")
    [[ $k == gw-b ]] && c=gw-b.lab.test opts=(--lifetime 30)
    # the mirror of lsw-cert-id-not-in-san: b's certificate names another host
    [[ $k == gw-b && $v == lsw-cert-responder-id-not-in-san ]] && c=gw-other.lab.test
    # batch 13: b's certificate valid from 3 days on (one valid from tomorrow was accepted at both
    # ends: NSS allows a slop on notBefore; Libreswan's own not-yet-valid tests use a month)
    [[ $k == gw-b && $v == lsw-cert-responder-not-yet-valid ]] &&
      opts=(--dateform "$df" --not-before "$(date -u -d '+3 days' +"$df")" --not-after "$(date -u -d '+30 days' +"$df")")
    pki_q --pub --in "$d/$k.key" >"$d/$k.pub"
    # lsw-cert-eku-ocsp-only: a's certificate may only sign OCSP responses (extendedKeyUsage)
    [[ $k == gw-a && $v == lsw-cert-eku-ocsp-only ]] && opts+=(--flag ocspSigning)
    if [[ $k == gw-a && $v == lsw-cert-key-usage* ]]; then
      # lsw-cert-key-usage: a's certificate may only encipher keys (keyUsage without
      # digitalSignature); -crl-only: only sign CRLs. pki --issue writes its own keyUsage, so
      # openssl signs this one
      local ku=keyEncipherment
      [[ $v == lsw-cert-key-usage-crl-only ]] && ku=cRLSign
      printf 'keyUsage = critical, %s\nsubjectAltName = DNS:%s\n' "$ku" "$c" >"$d/$k.ext"
      openssl req -new -key "$d/$k.key" -subj "/C=XX/O=ipsec-doctor lab/CN=$c" -out "$d/$k.csr"
      openssl x509 -req -in "$d/$k.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 30 \
        -extfile "$d/$k.ext" -out "$d/$k.crt" 2>/dev/null
    else
    pki_q --issue --in "$d/$k.pub" --type pub --cacert "$d/ca.crt" --cakey "$d/ca.key" \
      --dn "C=XX, O=ipsec-doctor lab, CN=$c" --san "$c" --outform pem "${opts[@]}" >"$d/$k.crt"
    fi
    openssl pkcs12 -export -inkey "$d/$k.key" -in "$d/$k.crt" -name "$k" -passout pass: -out "$d/$k.p12"
  done
  chmod 644 "$d"/*.crt "$d"/*.p12
}

# nss_import NS P12NAME CA...: the gateway's key and certificate and the CAs it trusts, into its
# pluto's NSS database (in the gateway's view, as an admin does with pk12util/certutil).
# NSS_CERT_ONLY=yes imports the certificate without its key (certutil -A), as a forgotten key does.
nss_import() {
  local ns=$1 k=$2 d=$3 ca
  shift 3
  if [[ ${NSS_CERT_ONLY:-no} == yes ]]; then
    in_view "$P" "$ns" certutil -A -d sql:/var/lib/ipsec/nss -n "$k" -t ",," -a -i "$d/$k.crt"
  else
    in_view "$P" "$ns" pk12util -i "$d/$k.p12" -d sql:/var/lib/ipsec/nss -W "" -K "" >/dev/null
  fi
  for ca in "$@"; do
    in_view "$P" "$ns" certutil -A -d sql:/var/lib/ipsec/nss -n "$ca" -t "CT,," -a -i "$d/$ca.crt"
  done
}

# write_strongswan_a DIR: strongSwan (charon, swanctl, kernel-libipsec) in a, the initiator,
# facing the Libreswan b of this lab (batch 11): libreswan-lab.sh's write_strongswan for a.
write_strongswan_a() {
  write_strongswan a "$1" initiator initiator
  rm -f "$1/ipsec.conf" "$1/ipsec.secrets"
}

# conn_line FILE LINE: add one line to conn lab (the last section of the lab's ipsec.conf)
conn_line() { printf '\t%s\n' "$2" >>"$1"; }

make_variant() {
  local v=$1 pfx=$P sd na=${P}a nb=${P}b rc=0 a_daemon=pluto
  set_scenario kernel-no-esp
  case $v in
    # batch 11: strongSwan (charon, swanctl) in a, the initiator, against pluto in b
    sw-lsw-*) a_daemon=charon ;;&
    sw-lsw-psk-mismatch | sw-lsw-log-silent) B_PSK=$LAB_PSK_WRONG ;;
    sw-lsw-id-mismatch) B_EXPECTS_A=@gw-x.lab.test ;;
    sw-lsw-ike-proposal-mismatch) B_IKE=aes256-sha2_384-modp3072 ;;
    sw-lsw-esp-proposal-mismatch) B_ESP=aes256-sha2_512 ;;
    sw-lsw-ikev2-vs-ikev1) B_IKEV2=no ;;
    # batch 14: "0x..." both ends; swanctl reads it as hex, quoted or not; pluto's secrets take a
    # quoted key literally
    sw-lsw-psk-hex-quoted) A_PSK=0x$LAB_PSK_HEX B_PSK=0x$LAB_PSK_HEX ;;
    sw-lsw-multi-ts-one-child) A_LSUB=10.1.0.0/24,10.1.1.0/24 A_RSUB=10.2.0.0/24,10.2.1.0/24 ;;
    lsw-sw-leftsubnets-one-covered) B_DAEMON=charon ;;
    lsw-ikev1-proposal-mismatch) A_IKEV2=no B_IKEV2=no B_IKE=aes256-sha2_384-modp3072 ;;
    lsw-ikev1-aggressive-vs-main | lsw-ikev1-id-mismatch | lsw-ikev1-ts-mismatch | lsw-xauth-*) A_IKEV2=no B_IKEV2=no ;;
    # batch 12: Libreswan both ends, IKEv2
    lsw-ikev2-vs-ikev1) B_IKEV2=no ;;
    lsw-modecfg-no-pool) A_LSUB=%modecfg ;;   # a asks for an address; b's conn has no addresspool
    lsw-psk-wrong-id-wildcard | lsw-protoport-tcp) ;;
    lsw-psk-not-found | lsw-initiator-psk-missing | lsw-responder-down | lsw-no-config-for-address | lsw-conn-not-added | lsw-peer-unreachable | \
      lsw-local-fw-drops-ike | lsw-udp4500-dropped | lsw-responder-blocks-ike-out | lsw-cert-* | \
      lsw-peer-answers-from-other-address) ;;
    # batch 10: strongSwan (charon, swanctl) in b, as the Libreswan lab's sw-* scenarios
    lsw-sw-id-ip-vs-fqdn) B_DAEMON=charon A_ID=192.0.2.1 ;;   # a's secrets line names its address
    lsw-sw-remote-addrs-wrong | lsw-sw-rsasig-vs-psk* | lsw-sw-ike-port-moved) B_DAEMON=charon ;;
    lsw-sw-ikev1-pfs-initiator-off) B_DAEMON=charon A_IKEV2=no B_IKEV2=no B_ESP=aes128-sha2_256-modp2048 ;;
    *) die "unknown variant '$v' (see: libreswan-variants.sh list)" ;;
  esac
  [[ $v == lsw-ikev1-id-mismatch ]] && B_EXPECTS_A=@gw-x.lab.test
  [[ $v == lsw-ikev1-ts-mismatch ]] && B_RSUB=10.9.0.0/24
  sd=$(state_dir "$pfx")
  install -d -m 755 "$sd" "$sd/$na" "$sd/$nb"
  echo "variant $v" >"$sd/scenario"
  write_configs "$pfx"
  [[ $a_daemon == charon ]] && write_strongswan_a "/etc/netns/$na"
  local A=/etc/netns/$na/ipsec.conf B=/etc/netns/$nb/ipsec.conf
  local BS=/etc/netns/$nb/swanctl/swanctl.conf BC=/etc/netns/$nb/strongswan.conf
  case $v in
    lsw-sw-id-ip-vs-fqdn) sed -i '/^\tleftid=/d' "$A" ;;   # no leftid: pluto sends its address
    lsw-sw-remote-addrs-wrong) sed -i 's/remote_addrs = 192\.0\.2\.1$/remote_addrs = 192.0.2.9/' "$BS" ;;
    lsw-sw-ikev1-pfs-initiator-off) conn_line "$A" pfs=no ;;
    lsw-sw-ike-port-moved) sed -i 's/^charon {$/&\n  port = 1500\n  port_nat_t = 14500/' "$BC" ;;
    sw-lsw-log-silent)   # a's only logger, its file log, below level 1
      sed -i 's/^      default = 1$/      default = -1/' "/etc/netns/$na/strongswan.conf" ;;
    sw-lsw-multi-ts-one-child)   # b: one SA per subnet pair, Libreswan's way of writing two subnets
      sed -i 's#^\tleftsubnet=10.2.0.0/24$#\tleftsubnets={10.2.0.0/24 10.2.1.0/24}#; s#^\trightsubnet=10.1.0.0/24$#\trightsubnets={10.1.0.0/24 10.1.1.0/24}#' "$B" ;;
    lsw-sw-leftsubnets-one-covered)   # a: two subnets, two SAs; b's remote_ts covers the first
      sed -i 's#^\tleftsubnet=10.1.0.0/24$#\tleftsubnets={10.1.0.0/24 10.1.1.0/24}#' "$A" ;;
    lsw-sw-rsasig-vs-psk*)   # a signs with its certificate; b (charon) keeps auth = psk
      # -second-conn: b's swanctl.conf holds first another peer's connection, which requires signatures
      [[ $v == lsw-sw-rsasig-vs-psk-second-conn ]] && sed -i 's/^connections {$/&\n  other {\n    version = 2\n    local_addrs = 192.0.2.2\n    remote_addrs = 192.0.2.50\n    proposals = aes128-sha256-modp2048\n    local {\n      auth = psk\n      id = gw-b.lab.test\n    }\n    remote {\n      auth = pubkey\n      id = gw-other.lab.test\n    }\n    children {\n      other {\n        local_ts = 10.2.0.0\/24\n        remote_ts = 10.50.0.0\/24\n      }\n    }\n  }/' "$BS"
      make_pki "$sd/pki" "$v"
      sed -i 's/^\tauthby=secret$/\tauthby=rsasig/; s/^\tauto=add$/\tauto=ignore/' "$A"
      conn_line "$A" leftcert=gw-a ;;
    lsw-ikev1-aggressive-vs-main) conn_line "$A" aggressive=yes ;;
    lsw-psk-not-found)        # b's secrets file holds a key for another peer only
      printf '# ipsec-doctor Libreswan lab secrets\n@gw-b.lab.test @gw-c.lab.test : PSK "%s"\n' "$LAB_PSK" \
        >"/etc/netns/$nb/ipsec.secrets" ;;
    lsw-psk-wrong-id-wildcard)  # b's key for a is filed under another peer ID; a wildcard line
      # with another key catches a (the order an admin may leave after renaming a peer)
      printf '# ipsec-doctor Libreswan lab secrets\n@gw-b.lab.test @gw-x.lab.test : PSK "%s"\n%%any : PSK "%s"\n' \
        "$LAB_PSK" "$LAB_PSK_WRONG" >"/etc/netns/$nb/ipsec.secrets" ;;
    lsw-protoport-tcp)   # a's selectors carry TCP only; b's carry every protocol
      conn_line "$A" leftprotoport=tcp; conn_line "$A" rightprotoport=tcp ;;
    lsw-initiator-psk-missing)  # a's secrets file holds a key for another peer only; b keeps its
      printf '# ipsec-doctor Libreswan lab secrets\n@gw-a.lab.test @gw-c.lab.test : PSK "%s"\n' "$LAB_PSK" \
        >"/etc/netns/$na/ipsec.secrets" ;;
    lsw-no-config-for-address) sed -i 's/^\tright=192\.0\.2\.1$/\tright=192.0.2.9/' "$B" ;;
    lsw-peer-unreachable) sed -i 's/^\tright=192\.0\.2\.2$/\tright=192.0.2.9/' "$A" ;;
    # batch 13b: a sends to b's second address, b's conn is written for it (other_address below)
    lsw-peer-answers-from-other-address)
      sed -i 's/^\tright=192\.0\.2\.2$/\tright=192.0.2.3/' "$A"; sed -i 's/^\tleft=192\.0\.2\.2$/\tleft=192.0.2.3/' "$B" ;;
    lsw-udp4500-dropped) conn_line "$A" encapsulation=yes; conn_line "$B" encapsulation=yes ;;
    lsw-xauth-*)   # IKEv1 PSK + XAUTH: a the client, b the server with a passwd file (alice only)
      # wrong-password: a is alice with another password; unknown-user: a is bob, with the right one
      local xuser=alice xpass=$LAB_XAUTH_PASS_WRONG
      [[ $v == lsw-xauth-unknown-user ]] && xuser=bob xpass=$LAB_XAUTH_PASS
      conn_line "$A" leftxauthclient=yes; conn_line "$A" leftusername=$xuser; conn_line "$A" rightxauthserver=yes
      conn_line "$B" leftxauthserver=yes; conn_line "$B" rightxauthclient=yes; conn_line "$B" xauthby=file
      conn_line "$A" rekey=no; conn_line "$B" rekey=no
      # b's passwd file (crypt hash) in the state dir, which its view sees under /tmp; never captured
      install -d -m 700 "$sd/$nb/ipsecd"
      printf 'alice:%s:lab\n' "$(openssl passwd -6 "$LAB_XAUTH_PASS")" >"$sd/$nb/ipsecd/passwd"
      chmod 600 "$sd/$nb/ipsecd/passwd"
      sed -i "s|^config setup\$|&\n\tipsecdir=$sd/$nb/ipsecd|" "$B"
      printf '@%s : XAUTH "%s"\n' "$xuser" "$xpass" >>"/etc/netns/$na/ipsec.secrets" ;;
    lsw-cert-*)   # certificates from NSS; the conn is added once they are imported
      make_pki "$sd/pki" "$v"
      sed -i 's/^\tauthby=secret$/\tauthby=rsasig/; s/^\tauto=add$/\tauto=ignore/' "$A" "$B"
      conn_line "$A" leftcert=gw-a; conn_line "$B" leftcert=gw-b ;;
  esac
  build_topology "$pfx"
  case $v in
    lsw-local-fw-drops-ike) ip netns exec "$na" iptables -A OUTPUT -p udp -m multiport --dports 500,4500 -j DROP ;;
    lsw-udp4500-dropped) ip netns exec "$nb" iptables -A INPUT -p udp --dport 4500 -j DROP ;;
    lsw-responder-blocks-ike-out) ip netns exec "$nb" iptables -A OUTPUT -p udp -m multiport --sports 500,4500 -j DROP ;;
    lsw-peer-answers-from-other-address) other_address "$nb" ;;
  esac
  if [[ $v == lsw-conn-not-added ]]; then
    # pluto starts from a config without the conn; the admin then adds it to the file and never
    # runs `ipsec auto --add lab` (or a restart)
    cp "$B" "$sd/ipsec.conf.full"
    sed -i '/^conn lab$/,$d' "$B"
    start_pluto "$pfx" "$nb"
    cp "$sd/ipsec.conf.full" "$B"
  elif [[ $B_DAEMON == charon ]]; then
    start_charon "$pfx" "$nb"
    in_view "$pfx" "$nb" timeout 30 swanctl --load-all >"$sd/$nb/load-all.out" 2>&1
  elif [[ $v != lsw-responder-down ]]; then   # lsw-responder-down: b's pluto is never started
    start_pluto "$pfx" "$nb"
  fi
  if [[ $a_daemon == charon ]]; then
    start_charon "$pfx" "$na"
    in_view "$pfx" "$na" timeout 30 swanctl --load-all >"$sd/$na/load-all.out" 2>&1
    in_view "$pfx" "$na" timeout 30 swanctl --initiate --child net >"$sd/$na/initiate.out" 2>&1 || rc=$?
    log "$na: swanctl --initiate --child net exited $rc"
    sleep 1
    return 0
  fi
  start_pluto "$pfx" "$na"
  if [[ $v == lsw-sw-rsasig-vs-psk* ]]; then
    nss_import "$na" gw-a "$sd/pki" ca
    sed -i 's/^\tauto=ignore$/\tauto=add/' "$A"
    in_view "$pfx" "$na" ipsec auto --add lab >"$sd/$na/add.out" 2>&1 || log "$na: ipsec auto --add lab failed (see the pluto log)"
  fi
  if [[ $v == lsw-cert-* ]]; then
    local bca=ca
    [[ $v == lsw-cert-untrusted-ca ]] && bca=ca2
    local a_only=no
    [[ $v == lsw-cert-no-private-key ]] && a_only=yes
    local aca=ca
    [[ $v == lsw-cert-responder-untrusted ]] && aca=ca2   # a checks b's certificate against a stranger CA
    NSS_CERT_ONLY=$a_only nss_import "$na" gw-a "$sd/pki" "$aca"
    nss_import "$nb" gw-b "$sd/pki" "$bca"
    sed -i 's/^\tauto=ignore$/\tauto=add/' "$A" "$B"
    in_view "$pfx" "$nb" ipsec auto --add lab >"$sd/$nb/add.out" 2>&1 || log "$nb: ipsec auto --add lab failed (see the pluto log)"
    in_view "$pfx" "$na" ipsec auto --add lab >"$sd/$na/add.out" 2>&1 || log "$na: ipsec auto --add lab failed (see the pluto log)"
  fi
  in_view "$pfx" "$na" timeout 30 ipsec auto --up lab >"$sd/$na/up.out" 2>&1 || rc=$?
  log "$na: ipsec auto --up lab exited $rc"
  sleep 1
}

# capture SIDE DIR: the lab's capture, plus the neighbour table, routes and addresses
capture_side() {
  local side=$1 out=$2 f c rc
  cmd_capture "$P" "$side" "$out"
  if [[ $(gateway_daemon "$P" "$P$side") == charon ]]; then
    # strongSwan b's config files as lab.sh captures them: the swanctl secrets block cut out
    sed -E 's/^([[:space:]]*secret[[:space:]]*=).*/\1 # (removed by capture)/' "/etc/netns/$P$side/strongswan.conf" >"$out/strongswan.conf"
    awk '
      !skip && /^[[:space:]]*secrets[[:space:]]*\{/ { skip = 1; depth = 0
        print "# secrets { ... } removed by capture" }
      skip { n = gsub(/\{/, "{"); m = gsub(/\}/, "}"); depth += n - m; if (depth <= 0) skip = 0; next }
      { print }
    ' "/etc/netns/$P$side/swanctl/swanctl.conf" >"$out/swanctl.conf"
  fi
  # what the admin saw on a's console (whack's `ipsec auto --up lab`): pluto says some failures
  # only there (lsw-cert-no-private-key)
  if [[ $side == a && -f $(state_dir "$P")/${P}a/up.out ]]; then
    cp "$(state_dir "$P")/${P}a/up.out" "$out/ipsec-auto-up.txt"
    printf '%s\t%s\texit %s\n' ipsec-auto-up.txt 'ipsec auto --up lab' "see the lab's log" >>"$out/commands.txt"
  fi
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
    check_prefix "$P"
    check_prerequisites
    capture_both_locked "${2:?variant}" "${3:?directory}" "$LAB_PSK" "$LAB_PSK_WRONG" "$LAB_XAUTH_PASS" "$LAB_XAUTH_PASS_WRONG" "$LAB_PSK_HEX" ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64 ;;
esac
