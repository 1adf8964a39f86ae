#!/usr/bin/env bash
# Fault variants in strongSwan's ipsec.conf form (starter/stroke): both gateways run strongSwan
# 5.9 as hosts configured with /etc/ipsec.conf and /etc/ipsec.secrets do, `ipsec start` (starter
# reads the files, starts charon and talks to it over the stroke socket), `ipsec up lab` on a,
# `ipsec status`/`ipsec statusall`; no swanctl config. charon loads kernel-libipsec (the kernel
# has no ESP; see shared/LAB.md) and logs to /var/log/charon.log. One interop variant puts
# Libreswan 4.10 (pluto) in b. Captured from both ends into DIR/{a,b} (read by
# Tests/CLITests/StrokeVariantTests.swift; the table is Tests/Fixtures/variants/README.md, batch 5).
#
#   stroke-variants.sh list                  print the variant names
#   stroke-variants.sh capture VARIANT DIR   make VARIANT, capture a into DIR/a, b into DIR/b
#   stroke-variants.sh up VARIANT            make VARIANT and leave it running (lock held by the caller)
#   stroke-variants.sh exec SIDE CMD...      run CMD in gateway SIDE's view (its charon's namespaces)
#   stroke-variants.sh down                  stop everything of the prefix
#
# Root; `capture` takes the lab lock itself (the daemons do not inherit it); `up`/`exec`/`down`
# expect the caller to hold it (`flock -o /tmp/ipsec-lab.lock ...`). Prefix "st"
# (VARIANTS_PREFIX overrides it); only traffic inside the lab's namespaces.
#
# Each gateway N's view: /etc/ipsec.conf, /etc/ipsec.secrets, /etc/ipsec.d, /etc/strongswan.conf
# from /etc/netns/N (bind-mounted by `ip netns exec`); /run a private tmpfs (starter.charon.pid,
# charon.pid, charon.ctl); /var/log the state dir's log/ (charon.log); a private PID namespace
# (starter is its PID 1, charon its child, so `ps` shows this gateway's daemons only).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# the Libreswan lab's functions: state_dir, check_prefix, daemon_pid_of_ns, build_topology,
# write_ipsec_conf/write_ipsec_secrets and start_pluto (interop b), in_view, stop_prefix, CHARON_SH
# shellcheck source=libreswan-lab.sh
source "$here/libreswan-lab.sh"
P=${VARIANTS_PREFIX:-st}

VARIANTS=(st-healthy st-psk-mismatch st-ikev1-psk-mismatch st-ike-proposal-mismatch st-esp-proposal-mismatch
  st-ts-mismatch st-id-mismatch st-route-not-triggered st-cert-untrusted-ca st-psk-not-found st-lsw-psk-mismatch
  st-cert-expired st-cert-responder-untrusted
  st-cert-own-expired st-cert-own-id-not-in-san st-cert-responder-expired st-cert-responder-revoked
  st-cert-responder-pinned-other st-cert-responder-group-required
  st-lsw-id-ip-vs-fqdn st-lsw-ikev1-no-pfs st-lsw-forceencaps-4500-blocked st-cert-ca-not-ca st-lsw-pubkey-vs-psk
  st-lsw-ike-proposal-mismatch st-lsw-esp-proposal-mismatch st-lsw-id-mismatch st-lsw-ts-mismatch
  st-lsw-ikev2-vs-ikev1 st-lsw-protoport-tcp st-lsw-vip-no-pool st-vip-no-pool st-responder-picks-other-conn
  st-sw-psk-mismatch st-sw-ike-proposal-mismatch st-sw-esp-proposal-mismatch st-sw-ts-mismatch st-sw-id-mismatch
  st-sw-ikev1-vs-ikev2 st-sw-vip-no-pool st-cert-not-yet-valid st-cert-responder-not-yet-valid st-cert-group-required
  st-xauth-wrong-password st-xauth-unknown-user st-peer-answers-from-other-address
  st-l2tp-transport-vs-subnets st-sw-l2tp-transport-vs-subnets st-lsw-l2tp-transport-vs-subnets st-sw-psk-hex-quoted
  st-cert-remote-id-wildcard st-cert-responder-id-wildcard st-dns-unresolvable st-aggressive-esp-mismatch
  st-lsw-aggressive-esp-mismatch)

# Lab-only XAUTH passwords (the values of lab.sh's LAB_EAP_PASS and LAB_EAP_PASS_WRONG, which the
# capture checks and the tests' secret scans know): st-xauth-*.
readonly XAUTH_PASS=lab-eap-pass-g7h8i9
readonly XAUTH_PASS_WRONG=lab-eap-wrong-j1k2l3
# batch 14's hex-quoted rows: the lab PSK in hex, as `0x` + hex (checked for in the captures)
readonly LAB_PSK_HEX=6c61622d70736b2d613162326333

# pki_q ARGS...: strongSwan's pki without its plugin-loading chatter
pki_q() { pki "$@" 2> >(grep -v "^plugin '.*': failed to load" >&2); }

# Scenario knobs per side (X = A or B): what differs from the baseline.
set_variant() {
  local v=$1
  A_KEYEX=ikev2 B_KEYEX=ikev2
  A_IKE=aes128-sha256-modp2048! B_IKE=aes128-sha256-modp2048!
  A_ESP=aes128-sha256! B_ESP=aes128-sha256!
  A_AUTH=secret B_AUTH=secret
  A_PSK=$LAB_PSK B_PSK=$LAB_PSK
  B_EXPECTS_A=@gw-a.lab.test                         # b's rightid
  B_SECRET_IDS="@gw-b.lab.test @gw-a.lab.test"       # the IDs of b's PSK line
  B_RSUB=10.1.0.0/24
  A_AUTO=add B_DAEMON=stroke INITIATE=yes PING=no
  A_CA=ca B_CA=ca A_CERT_EXPIRED=no                  # the CA each side trusts; a's cert expired
  B_CERT_EXPIRED=no A_LID=@gw-a.lab.test             # b's cert expired; a's leftid
  A_EXTRA="" A_CRL=no                                # more lines of a's conn; a holds a CRL revoking b's cert
  B_KEYEX_PLUTO=yes B_FW_DROP_4500=no CA_NOT_CA=no   # interop b's ikev2=; b drops UDP 4500 in; the CA lacks CA:TRUE
  B_PLUTO_IKE=aes128-sha2_256-modp2048 B_PLUTO_ESP=aes128-sha2_256   # interop b's ike= and esp=
  B_OTHER_CONN=no                                    # b's ipsec.conf holds conn other (same peer) before lab
  A_CERT_NOT_YET=no B_CERT_NOT_YET=no                # a's / b's certificate valid from tomorrow
  B_EXTRA=""                                         # more lines of b's conn
  B_OTHER_ADDR=no                                    # b's conn on its second address 192.0.2.3, answers leave from .2
  A_XAUTH_ID=alice A_XAUTH_PASS=$XAUTH_PASS          # st-xauth-*: a's XAUTH user and password (b knows alice)
  A_L2TP=no                                          # a an L2TP/IPsec client: transport, 17/1701, no subnets
  A_RIGHT=192.0.2.2 A_RID=@gw-b.lab.test             # a's right= (an address or a name) and rightid
  AGGRESSIVE=no                                      # IKEv1 Aggressive Mode at both ends (PSK allowed in strongswan.conf)
  B_PLUTO_AGGRESSIVE=no                              # interop b's aggressive=yes
  # swanctl b (B_DAEMON=swanctl): proposals in swanctl's spelling, IKE version
  B_SW_IKE=aes128-sha256-modp2048 B_SW_ESP=aes128-sha256 B_SW_IKEV2=yes
  case $v in
    st-healthy) PING=yes ;;
    st-psk-mismatch) B_PSK=$LAB_PSK_WRONG ;;
    st-ikev1-psk-mismatch) A_KEYEX=ikev1 B_KEYEX=ikev1 B_PSK=$LAB_PSK_WRONG ;;
    st-ike-proposal-mismatch) B_IKE=aes256-sha384-modp3072! ;;
    st-esp-proposal-mismatch) B_ESP=aes256-sha512! ;;
    st-ts-mismatch) B_RSUB=10.9.0.0/24 ;;
    st-id-mismatch) B_EXPECTS_A=@gw-x.lab.test B_SECRET_IDS="@gw-b.lab.test @gw-x.lab.test" ;;
    st-route-not-triggered) A_AUTO=route INITIATE=no ;;
    st-cert-untrusted-ca) A_AUTH=pubkey B_AUTH=pubkey B_CA=ca2 ;;
    st-cert-expired) A_AUTH=pubkey B_AUTH=pubkey A_CERT_EXPIRED=yes ;;
    st-cert-responder-untrusted) A_AUTH=pubkey B_AUTH=pubkey A_CA=ca2 ;;  # a checks b's cert
    # batch 9: the certificate lists (ipsec listcerts ...) captured on both ends
    st-cert-own-expired) A_AUTH=pubkey B_AUTH=pubkey A_CERT_EXPIRED=yes ;;
    st-cert-own-id-not-in-san) A_AUTH=pubkey B_AUTH=pubkey A_LID=@vpn.lab.test B_EXPECTS_A=@vpn.lab.test ;;
    st-cert-responder-expired) A_AUTH=pubkey B_AUTH=pubkey B_CERT_EXPIRED=yes ;;
    st-cert-responder-revoked) A_AUTH=pubkey B_AUTH=pubkey A_CRL=yes ;;
    st-cert-responder-pinned-other) A_AUTH=pubkey B_AUTH=pubkey A_EXTRA=rightcert=gw-b-other.crt ;;
    st-cert-responder-group-required) A_AUTH=pubkey B_AUTH=pubkey A_EXTRA=rightgroups=gateways ;;
    # strongSwan takes a PSK line when either ID matches (mem_cred), so both are others
    st-psk-not-found) B_SECRET_IDS="@gw-y.lab.test @gw-z.lab.test" ;;
    st-lsw-psk-mismatch) B_DAEMON=pluto B_PSK=$LAB_PSK_WRONG ;;
    # batch 10: stroke a against Libreswan b; a CA certificate without the CA basic constraint
    st-lsw-id-ip-vs-fqdn) B_DAEMON=pluto A_LID="" ;;    # no leftid: charon sends its address
    st-lsw-ikev1-no-pfs) B_DAEMON=pluto A_KEYEX=ikev1 B_KEYEX_PLUTO=no ;;  # a's esp has no DH group
    st-lsw-forceencaps-4500-blocked) B_DAEMON=pluto A_EXTRA=forceencaps=yes B_FW_DROP_4500=yes ;;
    st-cert-ca-not-ca) A_AUTH=pubkey B_AUTH=pubkey CA_NOT_CA=yes ;;
    st-lsw-pubkey-vs-psk) B_DAEMON=pluto A_AUTH=pubkey ;;   # a signs, Libreswan b keeps authby=secret
    # batch 12: stroke a against Libreswan b, the faults batch 10 left out; stroke both ends
    st-lsw-ike-proposal-mismatch) B_DAEMON=pluto B_PLUTO_IKE=aes256-sha2_384-modp3072 ;;
    st-lsw-esp-proposal-mismatch) B_DAEMON=pluto B_PLUTO_ESP=aes256-sha2_512 ;;
    st-lsw-id-mismatch) B_DAEMON=pluto B_EXPECTS_A=@gw-x.lab.test ;;
    st-lsw-ts-mismatch) B_DAEMON=pluto B_RSUB=10.9.0.0/24 ;;
    st-lsw-ikev2-vs-ikev1) B_DAEMON=pluto B_KEYEX_PLUTO=no ;;
    st-lsw-protoport-tcp) B_DAEMON=pluto A_EXTRA=$'leftprotoport=tcp\n\trightprotoport=tcp' ;;
    st-lsw-vip-no-pool) B_DAEMON=pluto A_EXTRA=leftsourceip=%config ;;   # a asks for an address
    st-vip-no-pool) A_EXTRA=leftsourceip=%config ;;                      # b has no rightsourceip
    st-responder-picks-other-conn) B_OTHER_CONN=yes ;;
    # batch 13: stroke a against swanctl b; stroke certificates not yet valid, groups on b, XAUTH
    st-sw-psk-mismatch) B_DAEMON=swanctl B_PSK=$LAB_PSK_WRONG ;;
    st-sw-ike-proposal-mismatch) B_DAEMON=swanctl B_SW_IKE=aes256-sha384-modp3072 ;;
    st-sw-esp-proposal-mismatch) B_DAEMON=swanctl B_SW_ESP=aes256-sha512 ;;
    st-sw-ts-mismatch) B_DAEMON=swanctl B_RSUB=10.9.0.0/24 ;;
    st-sw-id-mismatch) B_DAEMON=swanctl B_EXPECTS_A=@gw-x.lab.test ;;
    st-sw-ikev1-vs-ikev2) B_DAEMON=swanctl A_KEYEX=ikev1 ;;
    st-sw-vip-no-pool) B_DAEMON=swanctl A_EXTRA=leftsourceip=%config ;;
    st-cert-not-yet-valid) A_AUTH=pubkey B_AUTH=pubkey A_CERT_NOT_YET=yes ;;
    st-cert-responder-not-yet-valid) A_AUTH=pubkey B_AUTH=pubkey B_CERT_NOT_YET=yes ;;
    st-cert-group-required) A_AUTH=pubkey B_AUTH=pubkey B_EXTRA=rightgroups=gateways ;;
    st-xauth-wrong-password) A_KEYEX=ikev1 B_KEYEX=ikev1 A_AUTH=xauthpsk B_AUTH=xauthpsk A_XAUTH_PASS=$XAUTH_PASS_WRONG ;;
    st-peer-answers-from-other-address) B_OTHER_ADDR=yes ;;
    st-xauth-unknown-user) A_KEYEX=ikev1 B_KEYEX=ikev1 A_AUTH=xauthpsk B_AUTH=xauthpsk A_XAUTH_ID=bob ;;
    # batch 14: an L2TP/IPsec transport client against tunnel responders; a PSK equal but for
    # quoting; wildcard remote IDs; a peer name that does not resolve; Aggressive Mode ESP mismatch
    st-l2tp-transport-vs-subnets) A_L2TP=yes ;;
    st-sw-l2tp-transport-vs-subnets) A_L2TP=yes B_DAEMON=swanctl ;;
    st-lsw-l2tp-transport-vs-subnets) A_L2TP=yes B_DAEMON=pluto ;;
    # quoted in ipsec.secrets: the literal string "0x6c..."; swanctl reads 0x as hex, quoted or not
    st-sw-psk-hex-quoted) B_DAEMON=swanctl A_PSK=0x$LAB_PSK_HEX B_PSK=0x$LAB_PSK_HEX ;;
    st-cert-remote-id-wildcard) A_AUTH=pubkey B_AUTH=pubkey B_EXPECTS_A='"C=XX, O=ipsec-doctor lab, CN=*.vpn.lab.test"' ;;
    st-cert-responder-id-wildcard) A_AUTH=pubkey B_AUTH=pubkey A_RID='"C=XX, O=ipsec-doctor lab, CN=*.vpn.lab.test"' ;;
    st-dns-unresolvable) A_RIGHT=gw-b.lab.invalid ;;
    st-aggressive-esp-mismatch) A_KEYEX=ikev1 B_KEYEX=ikev1 AGGRESSIVE=yes B_ESP=aes256-sha512! ;;
    st-lsw-aggressive-esp-mismatch) B_DAEMON=pluto A_KEYEX=ikev1 B_KEYEX_PLUTO=no AGGRESSIVE=yes B_PLUTO_AGGRESSIVE=yes \
      B_PLUTO_ESP=aes256-sha2_512 ;;
    *) die "unknown variant '$v' (see: stroke-variants.sh list)" ;;
  esac
}

# write_stroke_conf FILE KEYEX AUTH LEFT RIGHT LID RID IKE ESP LSUB RSUB AUTO [LCERT [EXTRA]]
write_stroke_conf() {
  local file=$1 keyex=$2 auth=$3 left=$4 right=$5 lid=$6 rid=$7 ike=$8 esp=$9 lsub=${10} rsub=${11} auto=${12} lcert=${13:-}
  local extra=${14:-} certline=""
  [[ -n $lcert ]] && certline=$(printf '\n\tleftcert=%s' "$lcert")
  [[ -n $extra ]] && certline+=$(printf '\n\t%s' "$extra")
  cat >"$file" <<EOF
# ipsec-doctor stroke lab gateway: strongSwan ipsec.conf (starter)
config setup

conn lab
	keyexchange=$keyex
	authby=$auth
	left=$left$( [[ -n $lid ]] && printf '\n\tleftid=%s' "$lid" || true)
$( [[ -n $lsub ]] && printf '\tleftsubnet=%s' "$lsub" || true)$certline
	right=$right
	rightid=$rid$( [[ -n $rsub ]] && printf '\n\trightsubnet=%s' "$rsub" || true)
	ike=$ike
	esp=$esp
	keyingtries=1
	auto=$auto
EOF
}

# write_strongswan_conf FILE: charon under starter, as the Libreswan lab's strongSwan b
write_strongswan_conf() {
  write_charon_libipsec_conf "$1" "ipsec-doctor stroke lab: charon settings (started by starter)"
  # batch 14's Aggressive Mode rows: charon refuses Aggressive Mode with a PSK unless told
  if [[ $AGGRESSIVE == yes ]]; then
    printf 'charon {\n  i_dont_care_about_security_and_use_aggressive_mode_psk = yes\n}\n' >>"$1"
  fi
}

# make_pki DIR: a lab CA, a stranger CA, gateway keys and certificates (SAN = the gateway's FQDN)
make_pki() {
  local d=$1 k
  install -d -m 700 "$d"
  for k in ca ca2 gw-a gw-b gw-b2; do pki_q --gen --type rsa --size 2048 --outform pem >"$d/$k.key"; done
  pki_q --self --ca --lifetime 30 --in "$d/ca.key" --dn "C=XX, O=ipsec-doctor lab, CN=Lab CA" --outform pem >"$d/ca.crt"
  pki_q --self --ca --lifetime 30 --in "$d/ca2.key" --dn "C=XX, O=ipsec-doctor lab, CN=Stranger CA" --outform pem >"$d/ca2.crt"
  local df='%d.%m.%y %T' dates
  local name
  for k in gw-a gw-b gw-b2; do
    dates=(--lifetime 30) name=$k
    if [[ ($k == gw-a && $A_CERT_EXPIRED == yes) || ($k == gw-b && $B_CERT_EXPIRED == yes) ]]; then
      dates=(--dateform "$df" --not-before "$(date -u -d '-30 days' +"$df")" --not-after "$(date -u -d '-1 day' +"$df")")
    fi
    if [[ ($k == gw-a && $A_CERT_NOT_YET == yes) || ($k == gw-b && $B_CERT_NOT_YET == yes) ]]; then
      dates=(--dateform "$df" --not-before "$(date -u -d '+1 day' +"$df")" --not-after "$(date -u -d '+30 days' +"$df")")
    fi
    # gw-b2: a certificate of gw-b.lab.test's name with another key (st-cert-responder-pinned-other)
    [[ $k == gw-b2 ]] && name=gw-b
    pki_q --pub --in "$d/$k.key" | pki_q --issue --type pub --cacert "$d/ca.crt" --cakey "$d/ca.key" \
      --dn "C=XX, O=ipsec-doctor lab, CN=$name.lab.test" --san "$name.lab.test" "${dates[@]}" --outform pem >"$d/$k.crt"
  done
  mv "$d/gw-b2.crt" "$d/gw-b-other.crt"
  # a Lab CA CRL revoking b's certificate (st-cert-responder-revoked: a holds it)
  pki_q --signcrl --cacert "$d/ca.crt" --cakey "$d/ca.key" --lifetime 30 \
    --cert "$d/gw-b.crt" --reason key-compromise --outform pem >"$d/ca-b.crl"
  if [[ $CA_NOT_CA == yes ]]; then
    # st-cert-ca-not-ca: the "Lab CA" made as an end-entity certificate (basicConstraints
    # CA:FALSE) and both gateway certificates issued by it with openssl (pki refuses to issue
    # from a certificate without CA:TRUE)
    openssl req -x509 -new -key "$d/ca.key" -subj "/C=XX/O=ipsec-doctor lab/CN=Lab CA" -days 30 \
      -addext "basicConstraints=critical,CA:FALSE" -out "$d/ca.crt" 2>/dev/null
    for k in gw-a gw-b; do
      openssl req -new -key "$d/$k.key" -subj "/C=XX/O=ipsec-doctor lab/CN=$k.lab.test" 2>/dev/null |
        openssl x509 -req -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 30 \
          -extfile <(printf 'subjectAltName=DNS:%s.lab.test\n' "$k") -out "$d/$k.crt" 2>/dev/null
    done
  fi
}

# stroke_gateway NS SIDE: ipsec.conf, ipsec.secrets, ipsec.d and strongswan.conf of a stroke gateway
stroke_gateway() {
  local ns=$1 side=$2 dir=/etc/netns/$1 pkid
  pkid=$(state_dir "$P")/pki
  install -d -m 755 "$dir" "$dir/ipsec.d" "$dir/ipsec.d/cacerts" "$dir/ipsec.d/certs" "$dir/ipsec.d/crls"
  install -d -m 700 "$dir/ipsec.d/private"
  write_strongswan_conf "$dir/strongswan.conf"
  local keyex auth left right lid rid ike esp lsub rsub auto lcert="" secret extra=""
  if [[ $side == a ]]; then
    keyex=$A_KEYEX auth=$A_AUTH left=192.0.2.1 right=$A_RIGHT lid=$A_LID rid=$A_RID
    ike=$A_IKE esp=$A_ESP lsub=10.1.0.0/24 rsub=10.2.0.0/24 auto=$A_AUTO
    # an L2TP/IPsec client: host-to-host transport, L2TP's UDP port 1701 at both ends
    [[ $A_L2TP == yes ]] && lsub="" rsub=
    secret="@gw-a.lab.test @gw-b.lab.test : PSK \"$A_PSK\""
  else
    keyex=$B_KEYEX auth=$B_AUTH left=192.0.2.2 right=192.0.2.1 lid=@gw-b.lab.test rid=$B_EXPECTS_A
    ike=$B_IKE esp=$B_ESP lsub=10.2.0.0/24 rsub=$B_RSUB auto=add
    secret="$B_SECRET_IDS : PSK \"$B_PSK\""
  fi
  if [[ $side == a ]]; then extra=$A_EXTRA; else extra=$B_EXTRA; fi
  if [[ $side == a && $A_L2TP == yes ]]; then
    extra=$(printf 'type=transport\n\tleftprotoport=17/1701\n\trightprotoport=17/1701')
  fi
  if [[ $AGGRESSIVE == yes ]]; then extra+=${extra:+$'\n\t'}aggressive=yes; fi
  if [[ $B_OTHER_ADDR == yes ]]; then
    if [[ $side == a ]]; then right=192.0.2.3; else left=192.0.2.3; fi
  fi
  if [[ $auth == xauthpsk ]]; then
    # IKEv1 PSK then XAUTH: a the client (its user), b the server; each holds its XAUTH secrets
    if [[ $side == a ]]; then
      extra=$(printf 'xauth=client\n\txauth_identity=%s' "$A_XAUTH_ID")
      secret+=$(printf '\n%s : XAUTH "%s"' "$A_XAUTH_ID" "$A_XAUTH_PASS")
    else
      extra=xauth=server
      secret+=$(printf '\nalice : XAUTH "%s"' "$XAUTH_PASS")
    fi
  fi
  if [[ $auth == pubkey ]]; then
    lcert=gw-$side.crt
    cp "$pkid/gw-$side.crt" "$dir/ipsec.d/certs/"
    install -m 600 "$pkid/gw-$side.key" "$dir/ipsec.d/private/"
    # the CA each side trusts: the lab CA, or only a stranger CA (st-cert-untrusted-ca: b)
    if [[ $side == a ]]; then cp "$pkid/$A_CA.crt" "$dir/ipsec.d/cacerts/"; else cp "$pkid/$B_CA.crt" "$dir/ipsec.d/cacerts/"; fi
    secret=": RSA gw-$side.key"
    if [[ $side == a ]]; then
      [[ $A_EXTRA == rightcert=gw-b-other.crt ]] && cp "$pkid/gw-b-other.crt" "$dir/ipsec.d/certs/"
      [[ $A_CRL == yes ]] && cp "$pkid/ca-b.crl" "$dir/ipsec.d/crls/"
    fi
  fi
  write_stroke_conf "$dir/ipsec.conf" "$keyex" "$auth" "$left" "$right" "$lid" "$rid" "$ike" "$esp" "$lsub" "$rsub" "$auto" "$lcert" "$extra"
  if [[ $side == b && $B_OTHER_CONN == yes ]]; then
    # st-responder-picks-other-conn: an older conn for the same peer (addresses and IDs), another
    # subnet, written by the same template and put before lab, as an admin who adds a conn below
    # an old one leaves it
    local other
    other=$(mktemp)
    write_stroke_conf "$other" "$keyex" "$auth" "$left" "$right" "$lid" "$rid" "$ike" "$esp" "$lsub" 10.9.0.0/24 "$auto" "$lcert" "$extra"
    { sed '/^conn lab$/,$d' "$dir/ipsec.conf"; sed -n '/^conn lab$/,$p' "$other" | sed 's/^conn lab$/conn other/'
      echo; sed -n '/^conn lab$/,$p' "$dir/ipsec.conf"; } >"$other.conn"
    cat "$other.conn" >"$dir/ipsec.conf"
    rm -f "$other" "$other.conn"
  fi
  printf '# ipsec-doctor stroke lab secrets\n%s\n' "$secret" >"$dir/ipsec.secrets"
  chmod 600 "$dir/ipsec.secrets"
}

# start_starter PREFIX NS: `ipsec start --nofork` in the gateway's view (PID 1 of a private PID
# namespace); up to 15 s until its charon answers on the stroke socket.
start_starter() {
  local sd
  sd=$(state_dir "$1")/$2
  launch_daemon "$1" "$2" charon starter.out 150 stroke_ready sh -c "$CHARON_SH" sh "$sd/log" ipsec start --nofork
}

# starter's charon is ready when its stroke socket exists and `ipsec status` gets an answer.
stroke_ready() {
  nsenter -t "$1" -m test -S /run/charon.ctl 2>/dev/null && nsenter -t "$1" -m -n -p ipsec status lab >/dev/null 2>&1
}

# make VARIANT: topology, configs, daemons, the initiation (the caller holds the lab lock)
make_variant() {
  local v=$1 sd na=${P}a nb=${P}b rc=0
  set_variant "$v"
  sd=$(state_dir "$P")
  install -d -m 755 "$sd" "$sd/$na" "$sd/$nb"
  echo "$v" >"$sd/scenario"
  build_topology "$P"
  # b admits IKE on 500 and ESP only, as for peers without NAT (st-lsw-forceencaps-4500-blocked)
  [[ $B_FW_DROP_4500 == yes ]] && ip netns exec "$nb" iptables -A INPUT -p udp --dport 4500 -j DROP
  [[ $B_OTHER_ADDR == yes ]] && other_address "$nb"
  [[ $A_AUTH == pubkey ]] && make_pki "$sd/pki"
  stroke_gateway "$na" a
  if [[ $A_RIGHT != 192.0.2.* ]]; then
    # st-dns-unresolvable: a's resolver is its own loopback, where nothing listens (no query
    # leaves the lab); the name is under .invalid, which never resolves
    printf 'nameserver 127.0.0.1\n' >"/etc/netns/$na/resolv.conf"
  fi
  if [[ $B_DAEMON == swanctl ]]; then
    # strongSwan's swanctl form for b, as the Libreswan lab writes its strongSwan b; loaded by
    # swanctl --load-all once its charon answers on vici
    install -d -m 755 "/etc/netns/$nb"
    ( B_IKE=$B_SW_IKE B_ESP=$B_SW_ESP B_IKEV2=$B_SW_IKEV2 B_ID=@gw-b.lab.test B_LSUB=10.2.0.0/24
      write_strongswan b "/etc/netns/$nb" "gateway (swanctl) facing a stroke gateway" "swanctl gateway" )
    start_charon "$P" "$nb"
    echo swanctl >"$sd/$nb/kind"
    in_view "$P" "$nb" timeout 30 swanctl --load-all >"$sd/$nb/load-all.out" 2>&1
  elif [[ $B_DAEMON == pluto ]]; then
    # Libreswan's ipsec.conf and secrets for b, as libreswan-lab.sh writes them
    install -d -m 755 "/etc/netns/$nb"
    write_ipsec_conf "/etc/netns/$nb/ipsec.conf" "$B_KEYEX_PLUTO" 192.0.2.2 192.0.2.1 @gw-b.lab.test "$B_EXPECTS_A" \
      "$B_PLUTO_IKE" "$B_PLUTO_ESP" 10.2.0.0/24 "$B_RSUB"
    write_ipsec_secrets "/etc/netns/$nb/ipsec.secrets" @gw-b.lab.test "$B_EXPECTS_A" "$B_PSK"
    [[ $B_PLUTO_AGGRESSIVE == yes ]] && printf '\taggressive=yes\n' >>"/etc/netns/$nb/ipsec.conf"
    start_pluto "$P" "$nb"
  else
    stroke_gateway "$nb" b
    start_starter "$P" "$nb"
  fi
  start_starter "$P" "$na"
  sleep 1
  if [[ $INITIATE == yes ]]; then
    in_view "$P" "$na" timeout 30 ipsec up lab >"$sd/$na/up.out" 2>&1 || rc=$?
    log "$na: ipsec up lab exited $rc"
  fi
  if [[ $PING == yes ]]; then
    in_view "$P" "$na" ping -c 3 -W 1 -I 10.1.0.1 10.2.0.1 >"$sd/$na/ping.out" 2>&1 || true
  fi
  sleep 1
}

# capture SIDE DIR: what an admin of a stroke gateway runs and reads (Libreswan's for interop b)
capture_side() {
  local side=$1 out=$2 ns=$P$1 sd f c rc daemon
  sd=$(state_dir "$P")/$ns
  daemon=$(gateway_daemon "$P" "$ns")
  install -d -m 755 "$out"
  if [[ $daemon == pluto || -f $sd/kind ]]; then cmd_capture "$P" "$side" "$out"; else
    : >"$out/commands.txt"
    for f in 'ipsec-statusall.txt|ipsec statusall' 'ipsec-status.txt|ipsec status' \
      'ip-xfrm-state.txt|ip xfrm state' 'ip-xfrm-policy.txt|ip xfrm policy' 'iptables-save.txt|iptables-save'; do
      c=${f#*|} f=${f%%|*} rc=0
      # shellcheck disable=SC2086  # word splitting of the command string is intended
      in_view "$P" "$ns" timeout 15 $c >"$out/$f" 2>"$out/${f%.txt}.stderr.txt" || rc=$?
      [[ -s $out/${f%.txt}.stderr.txt ]] || rm -f "$out/${f%.txt}.stderr.txt"
      printf '%s\t%s\texit %s\n' "$f" "$c" "$rc" >>"$out/commands.txt"
    done
    # the certificates charon holds (subjects, SANs, dates, CRLs; no key), as an admin lists them
    for f in 'ipsec-listcerts.txt|ipsec listcerts' 'ipsec-listcacerts.txt|ipsec listcacerts' 'ipsec-listcrls.txt|ipsec listcrls'; do
      c=${f#*|} f=${f%%|*} rc=0
      # shellcheck disable=SC2086
      in_view "$P" "$ns" timeout 15 $c >"$out/$f" 2>/dev/null || rc=$?
      printf '%s\t%s\texit %s\n' "$f" "$c" "$rc" >>"$out/commands.txt"
    done
    cp "/etc/netns/$ns/ipsec.conf" "$out/ipsec.conf"
    cp "/etc/netns/$ns/strongswan.conf" "$out/strongswan.conf"
    # secrets cut: the quoted PSK replaced by the tool's own redaction marker; RSA lines name a file
    sed -E 's/(:[[:space:]]*(PSK|XAUTH|EAP)[[:space:]]+)("[^"]*"|[^[:space:]]+)/\1"[redacted]"/' "/etc/netns/$ns/ipsec.secrets" >"$out/ipsec.secrets"
    [[ -f $sd/log/charon.log ]] && cp "$sd/log/charon.log" "$out/charon.log"
    if [[ $side == a && -f $sd/up.out ]]; then
      cp "$sd/up.out" "$out/ipsec-up.txt"
      printf '%s\t%s\texit %s\n' ipsec-up.txt 'ipsec up lab' "see the lab's log" >>"$out/commands.txt"
    fi
  fi
  for f in 'ss-uanp.txt|ss -uanp' 'ip-neigh.txt|ip neigh show' 'ip-route.txt|ip route show table all' \
    'ip-addr.txt|ip -o addr show' 'ps.txt|ps -eo pid,comm,args'; do
    c=${f#*|} f=${f%%|*} rc=0
    [[ -e $out/$f ]] && continue
    # shellcheck disable=SC2086
    in_view "$P" "$ns" timeout 15 $c >"$out/$f" 2>/dev/null || rc=$?
    printf '%s\t%s\texit %s\n' "$f" "$c" "$rc" >>"$out/commands.txt"
  done
}

st_main() {
  [[ $EUID -eq 0 ]] || die "must run as root (network namespaces)"
  check_prefix "$P"
  case ${1:-} in
    list) printf '%s\n' "${VARIANTS[@]}" ;;
    capture)
      capture_both_locked "${2:?variant}" "${3:?directory}" "$LAB_PSK" "$LAB_PSK_WRONG" "$XAUTH_PASS" "$XAUTH_PASS_WRONG" "PRIVATE KEY" "$LAB_PSK_HEX" ;;
    up)
      stop_prefix "$P" >/dev/null 2>&1 || true
      trap 'rc=$?; if ((rc != 0)); then stop_prefix "$P" >/dev/null 2>&1 || true; fi' EXIT
      make_variant "${2:?variant}"
      trap - EXIT ;;
    exec)
      local side=${2:?side}; shift 2
      in_view "$P" "$P$side" "$@" ;;
    down) stop_prefix "$P" ;;
    *) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64 ;;
  esac
}

st_main "$@"
