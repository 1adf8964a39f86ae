#!/usr/bin/env bash
# Batch 7: certificate, revocation, EAP and XAUTH fault variants on real strongSwan (swanctl)
# gateways, captured from both ends into DIR/{a,b} (read by Tests/CLITests/AuthVariantTests.swift;
# the table is Tests/Fixtures/variants/README.md, batch 7). Each is one of the lab's cert-*,
# eap-* or xauth-* scenarios with one change: another chain, CA, CRL or OCSP URI than the lab's,
# the fault on b's credentials (so a is the end that checks), another EAP identity or method.
#
#   auth-variants.sh list                  print the variant names
#   auth-variants.sh capture VARIANT DIR   make VARIANT, capture a into DIR/a, b into DIR/b
#
# Root; takes the lab lock itself (flock -o, so the daemons do not inherit it). Prefix "av"
# (VARIANTS_PREFIX overrides it); only traffic inside the lab's namespaces (the OCSP URI is b's
# own address, where nothing listens). Keys, certificates and CRLs are made by pki in the lab's
# state dir (deleted by down) and never captured; lab.sh's capture cuts the secrets block.
set -euo pipefail
[[ -n ${VARIANTS_TRACE:-} ]] && set -x
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
P=${VARIANTS_PREFIX:-av}

VARIANTS=(cert-intermediate-missing cert-ca-impostor cert-crl-expired cert-crl-wrong-signer cert-ocsp-unreachable
  cert-id-email-not-in-cert cert-responder-expired cert-responder-revoked cert-responder-not-authorized
  cert-responder-psk eap-identity-unknown eap-client-method-missing eap-method-mismatch xauth-unknown-user
  eap-radius-wrong-address eap-radius-group-required cert-responder-group-required cert-responder-pinned-other
  cert-own-expired cert-own-id-not-in-san)

# extra_pki DIR: what the variants need beyond lab.sh's make_pki (its CA ca, keys gw-a, gw-b).
extra_pki() {
  local d=$1 df='%d.%m.%y %T'
  local past30 past1
  past30=$(date -u -d '-30 days' +"$df") past1=$(date -u -d '-1 day' +"$df")
  # an intermediate CA under Lab CA, and a's certificate issued by it
  pki_q --gen --type ecdsa --size 256 --outform pem >"$d/ica.key"
  pki_q --pub --in "$d/ica.key" --type ecdsa >"$d/ica.pub"
  pki_q --issue --in "$d/ica.pub" --type pub --cacert "$d/ca.crt" --cakey "$d/ca.key" --ca --lifetime 30 \
    --dn "C=XX, O=ipsec-doctor lab, CN=Lab Intermediate CA" --outform pem >"$d/ica.crt"
  pki_q --pub --in "$d/gw-a.key" --type ecdsa >"$d/gw-a.pub"
  pki_q --issue --in "$d/gw-a.pub" --type pub --cacert "$d/ica.crt" --cakey "$d/ica.key" --lifetime 30 \
    --dn "C=XX, O=ipsec-doctor lab, CN=gw-a.lab.test" --san gw-a.lab.test --flag serverAuth --flag clientAuth \
    --outform pem >"$d/gw-a-ica.crt"
  # an impostor: Lab CA's DN, another key
  pki_q --gen --type ecdsa --size 256 --outform pem >"$d/ca3.key"
  pki_q --self --ca --lifetime 30 --in "$d/ca3.key" --type ecdsa \
    --dn "C=XX, O=ipsec-doctor lab, CN=Lab CA" --outform pem >"$d/ca3.crt"
  # a stale CRL of Lab CA (revokes nothing), and one with Lab CA's name signed by the impostor
  pki_q --signcrl --cacert "$d/ca.crt" --cakey "$d/ca.key" --dateform "$df" \
    --this-update "$past30" --next-update "$past1" --outform pem >"$d/ca-stale.crl"
  pki_q --signcrl --cacert "$d/ca3.crt" --cakey "$d/ca3.key" --lifetime 30 --outform pem >"$d/ca-forged.crl"
  # a's certificate with an OCSP responder on b's address (nothing listens there)
  issue_cert "$d" gw-a gw-a-ocsp gw-a.lab.test --lifetime 30 --ocsp http://192.0.2.2:8082/ocsp
  # b's faulty certificates, and a CRL revoking b's
  issue_cert "$d" gw-b gw-b-expired gw-b.lab.test --dateform "$df" --not-before "$past30" --not-after "$past1"
  issue_cert "$d" gw-b gw-b-revoked gw-b.lab.test --lifetime 30
  pki_q --signcrl --cacert "$d/ca.crt" --cakey "$d/ca.key" --lifetime 30 \
    --cert "$d/gw-b-revoked.crt" --reason key-compromise --outform pem >"$d/ca-b.crl"
  # batch 8: a certificate for gw-b.lab.test under Lab CA with another key (a pins it)
  pki_q --gen --type ecdsa --size 256 --outform pem >"$d/gw-b2.key"
  issue_cert "$d" gw-b2 gw-b-other gw-b.lab.test --lifetime 30
  chmod 644 "$d"/*.crt "$d"/*.crl
}

# base VARIANT: the lab scenario the variant changes
base_of() {
  case $1 in
    cert-*) echo cert-healthy ;;
    eap-radius-*) echo radius-healthy ;;
    eap-*) echo eap-healthy ;;
    xauth-*) echo xauth-wrong-password ;;
    *) echo "auth-variants.sh: unknown variant '$1' (see: auth-variants.sh list)" >&2; exit 64 ;;
  esac
}

make_variant() {
  local v=$1 na=${P}a nb=${P}b base
  base=$(base_of "$v")
  # lab.sh's make_pki, then this batch's credentials
  eval "$(declare -f make_pki | sed '1s/^make_pki/lab_make_pki/')"
  make_pki() { lab_make_pki "$1"; extra_pki "$1"; }
  lab_override() {
    INITIATE=no TRAFFIC=no   # initiated below, after the variant's files are in place
    case $v in
      cert-intermediate-missing) A_CERT=gw-a-ica ;;
      cert-ca-impostor) B_CA=ca3 ;;
      cert-crl-expired | cert-crl-wrong-signer) B_REMOTE_EXTRA='revocation = strict' ;;
      cert-ocsp-unreachable) A_CERT=gw-a-ocsp B_REMOTE_EXTRA='revocation = strict' ;;
      cert-id-email-not-in-cert) A_ID=gw-a@lab.test B_EXPECTS_A=gw-a@lab.test ;;
      cert-responder-expired) B_CERT=gw-b-expired ;;
      cert-responder-revoked) B_CERT=gw-b-revoked ;;
      cert-responder-not-authorized) A_CA='ca ca2' ;;
      cert-responder-psk) B_LAUTH=psk ;;
      eap-client-method-missing) A_PLUGINS_OFF=eap-mschapv2 ;;
      eap-method-mismatch) A_LAUTH=eap-md5 ;;
      xauth-unknown-user) A_EAP_PASS=$LAB_EAP_PASS ;;
      cert-own-expired) A_CERT=gw-a-expired ;;
      cert-own-id-not-in-san) A_ID=vpn.lab.test B_EXPECTS_A=vpn.lab.test ;;
      *) ;;
    esac
  }
  stop_prefix "$P" >/dev/null 2>&1 || true
  cmd_up "$base" "$P"
  local A=/etc/netns/$na/swanctl/swanctl.conf pki
  pki=$(state_dir "$P")/pki
  case $v in
    cert-crl-expired) install -m 644 "$pki/ca-stale.crl" "/etc/netns/$nb/swanctl/x509crl/ca.crl" ;;
    cert-crl-wrong-signer) install -m 644 "$pki/ca-forged.crl" "/etc/netns/$nb/swanctl/x509crl/ca.crl" ;;
    cert-responder-revoked) install -m 644 "$pki/ca-b.crl" "/etc/netns/$na/swanctl/x509crl/ca.crl" ;;
    cert-responder-not-authorized)  # a admits only peers certified by the stranger CA
      sed -i '/^    remote {$/,/^    }$/ s/^      id = gw-b\.lab\.test$/&\n      cacerts = ca2.crt/' "$A" ;;
    eap-identity-unknown) sed -i 's/alice@lab\.test/bob@lab.test/g' "$A" ;;
    xauth-unknown-user) sed -i 's/xauth_id = alice$/xauth_id = bob/; s/^    id = alice$/    id = bob/' "$A" ;;
    cert-responder-group-required)  # a requires a group b's certificate does not grant
      sed -i '/^    remote {$/,/^    }$/ s/^      id = gw-b\.lab\.test$/&\n      groups = gateways/' "$A" ;;
    cert-responder-pinned-other)  # a pins another certificate of gw-b.lab.test's name
      install -m 644 "$pki/gw-b-other.crt" "/etc/netns/$na/swanctl/x509/gw-b-other.crt"
      sed -i '/^    remote {$/,/^    }$/ s/^      id = gw-b\.lab\.test$/&\n      certs = gw-b-other.crt/' "$A" ;;
    eap-radius-group-required)  # b's EAP-RADIUS round requires a group nothing grants
      sed -i 's/^      eap_id = %any$/&\n      groups = vpn-admins/' "/etc/netns/$nb/swanctl/swanctl.conf"
      grep -q 'groups = vpn-admins' "/etc/netns/$nb/swanctl/swanctl.conf" || { log "no eap_id line in b's config"; exit 1; } ;;
    eap-radius-wrong-address)  # b's eap-radius asks an address of r's link where no host is
      # in place: ip netns exec bind-mounts this file over /etc/strongswan.conf (sed -i would
      # replace the inode the running charon's mount still shows)
      local sc=/etc/netns/$nb/strongswan.conf t
      t=$(sed 's/^\([[:space:]]*server = \)198\.51\.100\.2$/\1198.51.100.9/' "$sc")
      printf '%s\n' "$t" >"$sc"
      grep -q 'server = 198.51.100.9' "/etc/netns/$nb/strongswan.conf" || { log "no eap-radius server line to change"; exit 1; }
      swanctl_in "$P" "$nb" --reload-settings >/dev/null 2>&1 || true ;;
  esac
  swanctl_in "$P" "$nb" --load-all >/dev/null 2>&1 || true
  swanctl_in "$P" "$na" --load-all >/dev/null 2>&1 || true
  local rc=0
  swanctl_in "$P" "$na" --initiate --child net --timeout 20 >"$(state_dir "$P")/$na/initiate.out" 2>&1 || rc=$?
  log "$na: swanctl --initiate --child net exited $rc"
  sleep 2
}

case ${1:-} in
  list) printf '%s\n' "${VARIANTS[@]}" ;;
  capture)
    v=${2:?variant}; dir=${3:?directory}
    [[ $P =~ ^[a-z][a-z0-9]{0,7}$ ]] || { echo "bad prefix '$P'" >&2; exit 64; }
    base_of "$v" >/dev/null
    mkdir -p "$dir/a" "$dir/b"
    exec 9>/tmp/ipsec-lab.lock
    flock 9
    (
      source "$here/lab.sh"
      trap 'stop_prefix "$P" >/dev/null 2>&1 || true' EXIT
      (exec 9>&-; make_variant "$v")
      cmd_capture "$P" a "$dir/a" >&2
      cmd_capture "$P" b "$dir/b" >&2
      cp "$(state_dir "$P")/${P}a/initiate.out" "$dir/a/swanctl-initiate.txt"
      # the gateway's certificates (subjects, SANs, dates, flags; no key), as an admin lists them
      for side in a b; do
        rc=0
        swanctl_in "$P" "$P$side" --list-certs >"$dir/$side/swanctl-list-certs.txt" 2>/dev/null || rc=$?
        printf '%s\t%s\texit %s\n' swanctl-list-certs.txt 'swanctl --list-certs' "$rc" >>"$dir/$side/commands.txt"
      done
      printf '%s\t%s\texit %s\n' swanctl-initiate.txt 'swanctl --initiate --child net' "see the lab's log" >>"$dir/a/commands.txt"
    )
    if grep -rl -e lab-psk-a1b2c3 -e lab-psk-wrong-d4e5f6 -e lab-eap-pass-g7h8i9 -e lab-eap-wrong-j1k2l3 \
      -e lab-radius-secret -e lab-radius-wrong -e 'PRIVATE KEY' "$dir"; then
      echo "a lab secret or key leaked into $dir" >&2; exit 1
    fi ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64 ;;
esac
