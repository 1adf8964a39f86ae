#!/usr/bin/env bash
# ipsec-doctor fault lab: real strongSwan (charon) gateways in network namespaces, one real
# fault per scenario.
#
#   lab.sh up SCENARIO [PREFIX]        build the topology, start the daemons, inject the fault
#   lab.sh exec PREFIX SIDE CMD...     run CMD as an admin on gateway SIDE (a|b) would
#   lab.sh capture PREFIX SIDE DIR     save the standard command outputs of SIDE into DIR
#   lab.sh down [PREFIX]               stop everything of PREFIX (idempotent)
#   lab.sh list                        print the scenario names
#
# Topology (PREFIX defaults to "ipd"):
#
#   ${PREFIX}c (only masquerade, ip-forward-off)
#     lan0 10.1.0.2/24, route 10.2.0.0/24 via 10.1.0.1
#        |
#   ${PREFIX}a  "local" gateway: wan0 192.0.2.1/24, inside 10.1.0.1/24 (on lo, or on lan0)
#        | veth wan0 <-> wan0
#   ${PREFIX}b  "remote" gateway: wan0 192.0.2.2/24, inside 10.2.0.1/24 on lo
#
# No namespace gets a default route or any route outside 192.0.2.0/24, 10.1.0.0/24, 10.2.0.0/24.
#
# The kernel here has XFRM but no ESP, so each charon loads kernel-libipsec (ESP in user space
# over the TUN device ipsec0, always UDP-encapsulated on port 4500) except where a scenario says
# otherwise. Each charon runs in its own mount and PID namespace inside its network namespace:
#   /etc     -> /etc/netns/NS (bind-mounted by `ip netns exec`): strongswan.conf, swanctl/
#   /run     -> private tmpfs (charon.pid, charon.vici)
#   /var/log -> /tmp/ipsec-doctor-lab/PREFIX/NS/log (charon's file log is /var/log/charon.log)
#   /proc    -> a proc of the private PID namespace, so `pgrep charon` shows this gateway's only
# `lab.sh exec` enters exactly these namespaces, so a tool run there sees what an admin on that
# gateway sees. When charon is not running (daemon-down), `exec` builds the same view without it.
#
# Every wait is bounded; `up` cleans up after itself when it fails.

set -euo pipefail
# shared namespace plumbing (add_namespace, veth_link)
source "$(dirname "${BASH_SOURCE[0]}")/netns.sh"

readonly LAB_ROOT=/tmp/ipsec-doctor-lab
readonly CHARON=/usr/lib/ipsec/charon
# Lab-only pre-shared keys. Tests check that snapshots never contain them.
readonly LAB_PSK=lab-psk-a1b2c3
readonly LAB_PSK_WRONG=lab-psk-wrong-d4e5f6
# Lab-only EAP/XAUTH passwords (same rule: never in a snapshot or fixture).
readonly LAB_EAP_PASS=lab-eap-pass-g7h8i9
readonly LAB_EAP_PASS_WRONG=lab-eap-wrong-j1k2l3
# Lab-only RADIUS shared secrets (b's eap-radius and FreeRADIUS's client entry; same rule).
readonly LAB_RADIUS_SECRET=lab-radius-secret-m4n5o6
readonly LAB_RADIUS_SECRET_WRONG=lab-radius-wrong-p7q8r9
readonly FREERADIUS=/usr/sbin/freeradius

readonly SCENARIOS=(
  healthy
  psk-mismatch
  ike-proposal-mismatch
  esp-proposal-mismatch
  ts-mismatch
  peer-drops-ike
  local-fw-drops-ike
  daemon-down
  id-mismatch
  ikev1-vs-ikev2
  on-demand-not-triggered
  masquerade
  no-inbound
  kernel-no-esp
  ip-forward-off
  ikev1-healthy
  cert-healthy
  cert-untrusted-ca
  cert-expired
  cert-not-yet-valid
  cert-id-not-in-cert
  cert-no-private-key
  cert-revoked
  cert-crl-fetch-failed
  cert-not-authorized
  eap-healthy
  eap-wrong-password
  eap-method-unsupported
  xauth-wrong-password
  auth-method-mismatch
  psk-not-found
  aggressive-vs-main
  no-config-for-address
  radius-healthy
  radius-reject
  radius-wrong-secret
  radius-unreachable
  vip-no-pool
)

log() { printf 'lab: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 64
}

# ---------------------------------------------------------------------------------------------
# Names and state

state_dir() { printf '%s/%s\n' "$LAB_ROOT" "$1"; }

check_prefix() {
  # Namespace and /etc/netns directory names are built from it: keep it simple and short.
  [[ $1 =~ ^[a-z][a-z0-9]{0,7}$ ]] || die "bad PREFIX '$1' (want [a-z][a-z0-9]{0,7})"
}

# The charon (host) pid running in network namespace NS, or nothing.
charon_pid_of_ns() {
  local ns=$1 nsfile pid comm
  nsfile=/run/netns/$ns
  [[ -e $nsfile ]] || return 0
  for pid in $(pgrep -x charon || true); do
    comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
    [[ $comm == charon ]] || continue
    if [[ /proc/$pid/ns/net -ef $nsfile ]]; then
      printf '%s\n' "$pid"
      return 0
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# Configuration

# Scenario knobs; set_scenario overrides the baseline (a working IKEv2 PSK tunnel).
set_scenario() {
  local s=$1
  A_VERSION=2 B_VERSION=2
  A_IKE=aes128-sha256-modp2048 B_IKE=aes128-sha256-modp2048
  A_ESP=aes128-sha256 B_ESP=aes128-sha256
  A_PSK=$LAB_PSK B_PSK=$LAB_PSK
  A_ID=gw-a.lab.test B_ID=gw-b.lab.test
  B_EXPECTS_A=gw-a.lab.test                       # remote id b accepts for a
  A_LTS=10.1.0.0/24 A_RTS=10.2.0.0/24
  B_LTS=10.2.0.0/24 B_RTS=10.1.0.0/24
  A_START=none                                    # a's start_action (none: lab initiates)
  A_LIBIPSEC=yes B_LIBIPSEC=yes
  HOST_C=no                                       # third namespace c behind a
  A_FORWARD=0                                     # a's net.ipv4.ip_forward
  START_A=yes                                     # start charon in a at all
  INITIATE=yes                                    # swanctl --initiate on a
  TRAFFIC=yes                                     # send the test ping
  # Authentication (see write_swanctl_conf): psk, pubkey (certificates made by make_pki),
  # eap-* (a is the EAP client, b the server, b proves itself with its certificate), xauth.
  A_LAUTH=psk A_RAUTH=psk B_LAUTH=psk B_RAUTH=psk
  A_CERT=gw-a B_CERT=gw-b                         # which certificate each side presents
  A_KEY=yes                                       # a's private key installed
  A_CA=ca B_CA=ca                                 # the CA each side trusts (ca, or ca2: a stranger)
  B_CRL=no                                        # b holds a CRL of ca that revokes gw-a-revoked
  B_REMOTE_EXTRA=                                 # more lines in b's remote { } (constraints)
  B_SECRETS=yes                                   # b has its IKE secret
  A_EAP_PASS=$LAB_EAP_PASS B_EAP_PASS=$LAB_EAP_PASS
  A_AGGRESSIVE=no
  B_REMOTE_ADDRS=192.0.2.1                        # whom b accepts IKE from
  A_PLUGINS_OFF= B_PLUGINS_OFF=                   # charon plugins a side must not load
  # RADIUS (radius-*): FreeRADIUS in namespace r behind b; b's eap-radius forwards a's EAP there.
  RADIUS=no                                       # namespace r with FreeRADIUS at all
  RADIUS_START=yes                                # start FreeRADIUS in r
  B_RADIUS_SECRET=$LAB_RADIUS_SECRET R_RADIUS_SECRET=$LAB_RADIUS_SECRET
  A_VIPS=no                                       # a asks for a virtual IP (vips = 0.0.0.0)
  case $s in
    healthy) ;;
    psk-mismatch) B_PSK=$LAB_PSK_WRONG ;;
    ike-proposal-mismatch) B_IKE=aes256-sha384-modp3072 ;;
    esp-proposal-mismatch) B_ESP=aes256-sha512 ;;
    ts-mismatch) B_RTS=10.9.0.0/24 ;;             # b expects a's subnet to be 10.9.0.0/24
    peer-drops-ike) ;;                            # iptables in b, see inject_before
    local-fw-drops-ike) ;;                        # iptables in a, see inject_before
    daemon-down) START_A=no INITIATE=no TRAFFIC=no ;;
    id-mismatch) B_EXPECTS_A=gw-x.lab.test ;;
    ikev1-vs-ikev2) A_VERSION=1 ;;
    on-demand-not-triggered) A_START=trap INITIATE=no TRAFFIC=no ;;
    masquerade) HOST_C=yes A_FORWARD=1 ;;         # NAT rule in a, see inject_after
    no-inbound) ;;                                # iptables in b after the tunnel is up
    kernel-no-esp) A_LIBIPSEC=no ;;
    ip-forward-off) HOST_C=yes A_FORWARD=0 ;;
    ikev1-healthy) A_VERSION=1 B_VERSION=1 ;;
    cert-*) A_LAUTH=pubkey A_RAUTH=pubkey B_LAUTH=pubkey B_RAUTH=pubkey
      case $s in
        cert-healthy) ;;
        cert-untrusted-ca) B_CA=ca2 ;;            # b trusts another CA only
        cert-expired) A_CERT=gw-a-expired ;;
        cert-not-yet-valid) A_CERT=gw-a-notyet ;;
        cert-id-not-in-cert) A_CERT=gw-a-other-san ;;   # a's cert names gw-other.lab.test
        cert-no-private-key) A_KEY=no ;;
        cert-revoked) A_CERT=gw-a-revoked B_CRL=yes ;;
        cert-crl-fetch-failed) A_CERT=gw-a-crldp B_REMOTE_EXTRA='revocation = strict' ;;
        cert-not-authorized) B_CA='ca ca2' B_REMOTE_EXTRA='cacerts = ca2.crt' ;;  # b only admits ca2's peers
        *) die "unknown scenario '$s' (see: lab.sh list)" ;;
      esac ;;
    eap-*) A_LAUTH=eap-mschapv2 A_RAUTH=pubkey B_LAUTH=pubkey B_RAUTH=eap-mschapv2 A_ID=alice@lab.test
      B_EXPECTS_A=%any
      case $s in
        eap-healthy) ;;
        eap-wrong-password) A_EAP_PASS=$LAB_EAP_PASS_WRONG ;;
        eap-method-unsupported) B_PLUGINS_OFF=eap-mschapv2 ;;  # the server's charon lacks the method
        *) die "unknown scenario '$s' (see: lab.sh list)" ;;
      esac ;;
    radius-*) A_LAUTH=eap-md5 A_RAUTH=pubkey B_LAUTH=pubkey B_RAUTH=eap-radius A_ID=alice@lab.test
      B_EXPECTS_A=%any RADIUS=yes
      case $s in
        radius-healthy) ;;
        radius-reject) A_EAP_PASS=$LAB_EAP_PASS_WRONG ;;          # FreeRADIUS answers Access-Reject
        radius-wrong-secret) B_RADIUS_SECRET=$LAB_RADIUS_SECRET_WRONG ;;  # FreeRADIUS drops b's requests
        radius-unreachable) RADIUS_START=no ;;                    # nothing listens on r's 1812
        *) die "unknown scenario '$s' (see: lab.sh list)" ;;
      esac ;;
    vip-no-pool) A_VIPS=yes ;;                    # a requests a virtual IP, b has no pool
    xauth-wrong-password) A_VERSION=1 B_VERSION=1 A_LAUTH=psk+xauth B_RAUTH=psk+xauth
      A_EAP_PASS=$LAB_EAP_PASS_WRONG ;;
    auth-method-mismatch) A_LAUTH=psk B_RAUTH=pubkey ;;   # a sends a PSK MAC, b wants a signature
    psk-not-found) B_SECRETS=no ;;
    aggressive-vs-main) A_VERSION=1 B_VERSION=1 A_AGGRESSIVE=yes ;;
    no-config-for-address) B_REMOTE_ADDRS=192.0.2.9 ;;  # b expects a at another address
    *) die "unknown scenario '$s' (see: lab.sh list)" ;;
  esac
}

# write_strongswan_conf FILE LIBIPSEC(yes|no) RADIUS-SECRET(or empty) [PLUGIN-NOT-LOADED...]
write_strongswan_conf() {
  local file=$1 libipsec=$2 radius=$3 off
  shift 3
  local disabled=
  for off in "$@"; do disabled+="    $off {"$'\n'"      load = no"$'\n'"    }"$'\n'; done
  if [[ -n $radius ]]; then
    # b's RADIUS client (eap-radius): FreeRADIUS in namespace r; gives up within about 4 s.
    disabled+="    eap-radius {"$'\n'"      server = 198.51.100.2"$'\n'"      secret = $radius"$'\n'
    disabled+="      retransmit_tries = 2"$'\n'"      retransmit_timeout = 1.0"$'\n'"      retransmit_base = 1.2"$'\n'"    }"$'\n'
  fi
  cat >"$file" <<EOF
# ipsec-doctor lab: charon settings for one gateway namespace
include strongswan.d/*.conf

charon {
  load_modular = yes
  # fail fast: 3 retransmits, about 5 s in all
  retransmit_tries = 3
  retransmit_timeout = 1.0
  retransmit_base = 1.2
  plugins {
    include strongswan.d/charon/*.conf
    kernel-libipsec {
      load = $libipsec
    }
$disabled  }
  filelog {
    charon {
      # /var/log is bind-mounted per namespace (see lab.sh)
      path = /var/log/charon.log
      time_format = %b %e %T
      ike_name = yes
      append = yes
      flush_line = yes
      default = 1
    }
  }
  syslog {
    identifier = charon
    daemon {
      default = 1
    }
  }
}
EOF
}

# auth_round local|remote AUTH ID CERT EXTRA: one authentication round of a swanctl connection.
# AUTH psk+xauth adds the second (XAUTH) round; eap-* on the remote side is the EAP server's view.
auth_round() {
  local which=$1 auth=$2 id=$3 cert=$4 extra=$5
  case $auth in
    psk+xauth)
      printf '    %s {\n      auth = psk\n      id = %s\n    }\n' "$which" "$id"
      if [[ $which == local ]]; then
        printf '    local-xauth {\n      auth = xauth\n      xauth_id = alice\n    }\n'
      else
        printf '    remote-xauth {\n      auth = xauth\n    }\n'
      fi ;;
    eap-*)
      printf '    %s {\n      auth = %s\n      id = %s\n' "$which" "$auth" "$id"
      if [[ $which == remote ]]; then printf '      eap_id = %%any\n'; fi
      printf '    }\n' ;;
    *)
      printf '    %s {\n      auth = %s\n      id = %s\n' "$which" "$auth" "$id"
      if [[ $auth == pubkey && $which == local ]]; then printf '      certs = %s.crt\n' "$cert"; fi
      if [[ -n $extra ]]; then printf '      %s\n' "$extra"; fi
      printf '    }\n' ;;
  esac
}

# write_swanctl_conf SIDE(A|B) FILE LADDR RADDR: the gateway's swanctl.conf from the SIDE_* knobs.
write_swanctl_conf() {
  local side=$1 file=$2 laddr=$3 raddr=$4
  local version lid rid ike esp lts rts start psk lauth rauth cert extra eap secrets aggressive
  if [[ $side == A ]]; then
    version=$A_VERSION lid=$A_ID rid=$B_ID ike=$A_IKE esp=$A_ESP lts=$A_LTS rts=$A_RTS
    start=$A_START psk=$A_PSK lauth=$A_LAUTH rauth=$A_RAUTH cert=$A_CERT extra= eap=$A_EAP_PASS
    secrets=yes aggressive=$A_AGGRESSIVE
  else
    version=$B_VERSION lid=$B_ID rid=$B_EXPECTS_A ike=$B_IKE esp=$B_ESP lts=$B_LTS rts=$B_RTS
    start=none psk=$B_PSK lauth=$B_LAUTH rauth=$B_RAUTH cert=$B_CERT extra=$B_REMOTE_EXTRA
    eap=$B_EAP_PASS secrets=$B_SECRETS aggressive=no
  fi
  {
    cat <<EOF
# ipsec-doctor lab gateway config
connections {
  lab {
    version = $version
    local_addrs = $laddr
    remote_addrs = $raddr
    proposals = $ike
EOF
    if [[ $aggressive == yes ]]; then printf '    aggressive = yes\n'; fi
    auth_round local "$lauth" "$lid" "$cert" ""
    auth_round remote "$rauth" "$rid" "" "$extra"
    cat <<EOF
    children {
      net {
        local_ts = $lts
        remote_ts = $rts
        esp_proposals = $esp
        start_action = $start
      }
    }
EOF
    if [[ $side == A && $A_VIPS == yes ]]; then printf '    vips = 0.0.0.0\n'; fi
    cat <<EOF
  }
}

secrets {
EOF
    if [[ $secrets == yes ]]; then
      cat <<EOF
  ike-lab {
    id-local = $lid
    id-remote = $rid
    id-local-addr = $laddr
    id-remote-addr = $raddr
    secret = "$psk"
  }
EOF
    fi
    # (eap-radius: the RADIUS server holds the user's password, not b)
    if [[ $lauth == eap-* || ($rauth == eap-* && $rauth != eap-radius) ]]; then
      printf '  eap-alice {\n    id = alice@lab.test\n    secret = "%s"\n  }\n' "$eap"
    fi
    if [[ $lauth == *xauth || $rauth == *xauth ]]; then
      printf '  xauth-alice {\n    id = alice\n    secret = "%s"\n  }\n' "$eap"
    fi
    printf '}\n'
  } >"$file"
  chmod 600 "$file"
}

# pki_q ARGS...: strongSwan's pki, without its plugin-loading chatter on stderr (errors stay).
pki_q() {
  local err rc=0
  err=$(mktemp)
  pki "$@" 2>"$err" || rc=$?
  grep -v -e "^plugin '.*': failed to load" "$err" >&2 || true
  rm -f "$err"
  return "$rc"
}

# issue_cert DIR KEY NAME CN [pki --issue options...]: a certificate of lab CA for KEY's public
# key, subject CN and subjectAltName CN, saved as DIR/NAME.crt.
issue_cert() {
  local d=$1 key=$2 name=$3 cn=$4
  shift 4
  pki_q --pub --in "$d/$key.key" --type ecdsa >"$d/$key.pub"
  pki_q --issue --in "$d/$key.pub" --type pub --cacert "$d/ca.crt" --cakey "$d/ca.key" \
    --dn "C=XX, O=ipsec-doctor lab, CN=$cn" --san "$cn" --flag serverAuth --flag clientAuth \
    --outform pem "$@" >"$d/$name.crt"
}

# make_pki DIR: (ECDSA P-256 keys: fast to make, even on a loaded CI machine) a lab CA (and a stranger CA), both gateways' keys and certificates, the faulty
# variants of a's certificate and a CRL. Made fresh at every `up` in the lab's temp dir; keys
# never leave it (capture copies no credentials).
make_pki() {
  local d=$1 df='%d.%m.%y %T' k
  command -v pki >/dev/null || die "the certificate scenarios need strongSwan's pki (Debian: strongswan-pki)"
  install -d -m 700 "$d"
  for k in ca ca2 gw-a gw-b; do pki_q --gen --type ecdsa --size 256 --outform pem >"$d/$k.key"; done
  pki_q --self --ca --lifetime 30 --in "$d/ca.key" --type ecdsa \
    --dn "C=XX, O=ipsec-doctor lab, CN=Lab CA" --outform pem >"$d/ca.crt"
  pki_q --self --ca --lifetime 30 --in "$d/ca2.key" --type ecdsa \
    --dn "C=XX, O=ipsec-doctor lab, CN=Stranger CA" --outform pem >"$d/ca2.crt"
  issue_cert "$d" gw-a gw-a gw-a.lab.test --lifetime 30
  issue_cert "$d" gw-b gw-b gw-b.lab.test --lifetime 30
  issue_cert "$d" gw-a gw-a-expired gw-a.lab.test --dateform "$df" \
    --not-before "$(date -u -d '-30 days' +"$df")" --not-after "$(date -u -d '-1 day' +"$df")"
  issue_cert "$d" gw-a gw-a-notyet gw-a.lab.test --dateform "$df" \
    --not-before "$(date -u -d '+2 days' +"$df")" --not-after "$(date -u -d '+30 days' +"$df")"
  issue_cert "$d" gw-a gw-a-other-san gw-other.lab.test --lifetime 30
  issue_cert "$d" gw-a gw-a-revoked gw-a.lab.test --lifetime 30
  # A CRL distribution point on b's own address, where nothing serves it.
  issue_cert "$d" gw-a gw-a-crldp gw-a.lab.test --lifetime 30 --crl http://192.0.2.2:8081/lab-ca.crl
  pki_q --signcrl --cacert "$d/ca.crt" --cakey "$d/ca.key" --lifetime 30 \
    --cert "$d/gw-a-revoked.crt" --reason key-compromise --outform pem >"$d/ca.crl"
}

# write_freeradius_conf DIR: a whole, minimal FreeRADIUS 3 configuration (not Debian's tree, whose
# EAP module wants TLS certificates): one client (b, with R_RADIUS_SECRET), one user
# alice@lab.test with the lab's EAP password, EAP-MD5, a log of every Access-Accept/Reject.
write_freeradius_conf() {
  local d=$1
  install -d -m 700 "$d" "$d/run" "$d/log"
  cat >"$d/radiusd.conf" <<EOF
# ipsec-doctor lab: FreeRADIUS in namespace r (RADIUS server of gateway b)
prefix = /usr
localstatedir = /var
raddbdir = $d
confdir = $d
run_dir = $d/run
logdir = $d/log
libdir = /usr/lib/freeradius
pidfile = \${run_dir}/radiusd.pid
max_request_time = 10
cleanup_delay = 2
max_requests = 64
hostname_lookups = no
log {
  destination = files
  file = \${logdir}/radius.log
  colourise = no
  auth = yes
  auth_badpass = no
  auth_goodpass = no
}
security {
  allow_core_dumps = no
  max_attributes = 200
  reject_delay = 0
  status_server = no
}
thread pool {
  start_servers = 1
  max_servers = 2
  min_spare_servers = 1
  max_spare_servers = 2
  max_requests_per_server = 0
}
client gw-b {
  ipaddr = 198.51.100.1
  secret = $R_RADIUS_SECRET
  require_message_authenticator = no
}
modules {
  files {
    filename = \${confdir}/users
  }
  eap {
    default_eap_type = md5
    timer_expire = 60
    ignore_unknown_eap_types = no
    max_sessions = 16
    md5 {
    }
  }
}
server default {
  listen {
    type = auth
    ipaddr = 198.51.100.2
    port = 1812
  }
  authorize {
    eap {
      ok = return
    }
    files
  }
  authenticate {
    eap
  }
}
EOF
  printf 'alice@lab.test Cleartext-Password := "%s"\n' "$LAB_EAP_PASS" >"$d/users"
  chmod 600 "$d/radiusd.conf" "$d/users"
}

# install_creds PKI SWANCTLDIR CERT KEY(yes|no) CAS CRL(yes|no): one gateway's credentials.
install_creds() {
  local pki=$1 dir=$2 cert=$3 key=$4 cas=$5 crl=$6 ca
  install -d -m 755 "$dir/x509" "$dir/x509ca" "$dir/x509crl"
  install -d -m 700 "$dir/private"
  install -m 644 "$pki/$cert.crt" "$dir/x509/$cert.crt"
  for ca in $cas; do install -m 644 "$pki/$ca.crt" "$dir/x509ca/$ca.crt"; done
  if [[ $key == yes ]]; then install -m 600 "$pki/${cert:0:4}.key" "$dir/private/${cert:0:4}.key"; fi
  if [[ $crl == yes ]]; then install -m 644 "$pki/ca.crl" "$dir/x509crl/ca.crl"; fi
}

write_configs() {
  local pfx=$1 na=$1a nb=$1b pki
  install -d -m 755 "/etc/netns/$na/swanctl" "/etc/netns/$nb/swanctl"
  # shellcheck disable=SC2086  # A_PLUGINS_OFF is a list
  write_strongswan_conf "/etc/netns/$na/strongswan.conf" "$A_LIBIPSEC" "" $A_PLUGINS_OFF
  local radius=
  if [[ $RADIUS == yes ]]; then radius=$B_RADIUS_SECRET; fi
  # shellcheck disable=SC2086
  write_strongswan_conf "/etc/netns/$nb/strongswan.conf" "$B_LIBIPSEC" "$radius" $B_PLUGINS_OFF
  if [[ $RADIUS == yes ]]; then
    chmod 600 "/etc/netns/$nb/strongswan.conf"      # it holds the RADIUS secret now
    write_freeradius_conf "$(state_dir "$pfx")/radius"
  fi
  write_swanctl_conf A "/etc/netns/$na/swanctl/swanctl.conf" 192.0.2.1 192.0.2.2
  write_swanctl_conf B "/etc/netns/$nb/swanctl/swanctl.conf" 192.0.2.2 "$B_REMOTE_ADDRS"
  if [[ $A_LAUTH$A_RAUTH$B_LAUTH$B_RAUTH == *pubkey* ]]; then
    pki=$(state_dir "$pfx")/pki
    make_pki "$pki"
    # a presents a certificate only when it authenticates with one; it always trusts A_CA.
    if [[ $A_LAUTH == pubkey ]]; then
      install_creds "$pki" "/etc/netns/$na/swanctl" "$A_CERT" "$A_KEY" "$A_CA" no
    else
      install -d -m 755 "/etc/netns/$na/swanctl/x509ca"
      install -m 644 "$pki/$A_CA.crt" "/etc/netns/$na/swanctl/x509ca/$A_CA.crt"
    fi
    install_creds "$pki" "/etc/netns/$nb/swanctl" "$B_CERT" yes "$B_CA" "$B_CRL"
  fi
}

# ---------------------------------------------------------------------------------------------
# Topology

build_topology() {
  local pfx=$1 na=$1a nb=$1b nc=$1c nr=$1r
  add_namespace "$pfx" "$na"
  add_namespace "$pfx" "$nb"
  veth_link "$na" wan0 192.0.2.1/24 "$nb" wan0 192.0.2.2/24
  ip -n "$nb" addr add 10.2.0.1/24 dev lo
  if [[ $HOST_C == yes ]]; then
    add_namespace "$pfx" "$nc"
    veth_link "$na" lan0 10.1.0.1/24 "$nc" lan0 10.1.0.2/24
    ip -n "$nc" route add 10.2.0.0/24 via 10.1.0.1
  else
    ip -n "$na" addr add 10.1.0.1/24 dev lo
  fi
  if [[ $RADIUS == yes ]]; then
    # the RADIUS server r on its own link to b (198.51.100.0/24, TEST-NET-2; no other route)
    add_namespace "$pfx" "$nr"
    veth_link "$nb" rad0 198.51.100.1/24 "$nr" rad0 198.51.100.2/24
  fi
  ip netns exec "$na" sysctl -q -w "net.ipv4.ip_forward=$A_FORWARD"
  ip netns exec "$nb" sysctl -q -w net.ipv4.ip_forward=0
}

# ---------------------------------------------------------------------------------------------
# Daemons

# The shell snippet that builds a gateway's private view (mount + PID namespace) and then runs
# "$@" in it. Used for charon itself and for `exec` when charon is down.
# shellcheck disable=SC2016  # expanded by the inner sh, not here
readonly VIEW_SH='logdir=$1; shift
mount -t tmpfs -o mode=755 none /run
mount --bind "$logdir" /var/log
exec "$@"'

# A minimal syslog receiver for the charon view, used when no syslogd is installed: it binds
# /dev/log (on a private overlay of /dev, so the host's /dev is untouched) and appends what
# glibc's syslog(3) sends, in rsyslog's traditional file format ("Mmm dd hh:mm:ss host tag: msg"),
# to /var/log/syslog. Only the transport is ours; every message is charon's own.
readonly SYSLOG_PY='import re, socket, sys
path, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
host = socket.gethostname().split(".")[0]
pri = re.compile(rb"^<[0-9]+>")
with open(out, "a", buffering=1) as f:
    while True:
        line = pri.sub(b"", s.recv(65536)).decode("utf-8", "replace").rstrip("\n")
        f.write(line[:15] + " " + host + line[15:] + "\n")'

# The view for charon: VIEW_SH plus, when python3 exists, the syslog receiver above.
# shellcheck disable=SC2016  # expanded by the inner sh, not here
readonly CHARON_SH='logdir=$1 ovl=$2 syslogd=$3; shift 3
mount -t tmpfs -o mode=755 none /run
mount --bind "$logdir" /var/log
if command -v python3 >/dev/null 2>&1; then
  mount -t tmpfs none "$ovl"
  mkdir "$ovl/upper" "$ovl/work"
  mount -t overlay overlay -o "lowerdir=/dev,upperdir=$ovl/upper,workdir=$ovl/work" /dev
  python3 "$syslogd" /dev/log /var/log/syslog </dev/null &
  i=0
  while [ ! -S /dev/log ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
fi
exec "$@"'

start_charon() {
  local pfx=$1 ns=$2 sd pid i
  sd=$(state_dir "$pfx")/$ns
  install -d -m 755 "$sd/log"
  : >"$sd/log/charon.log"
  # unshare: private mounts (/run tmpfs, /var/log bind) and PID namespace (with its own /proc).
  # --kill-child makes charon die with its unshare parent; setsid keeps signals meant for the
  # caller's process group (Ctrl-C, timeout) away from the daemons.
  install -d -m 700 "$sd/ovl"
  printf '%s\n' "$SYSLOG_PY" >"$sd/lab-syslogd.py"
  without_inherited_fds setsid ip netns exec "$ns" unshare --mount --pid --fork --mount-proc --kill-child=TERM \
    sh -c "$CHARON_SH" sh "$sd/log" "$sd/ovl" "$sd/lab-syslogd.py" "$CHARON" \
    </dev/null >"$sd/charon.out" 2>&1 &
  echo "$!" >"$sd/unshare.pid"
  pid=
  for ((i = 0; i < 100; i++)); do              # up to 10 s for charon and its vici socket
    pid=$(charon_pid_of_ns "$ns")
    if [[ -n $pid ]] && nsenter -t "$pid" -m test -S /run/charon.vici 2>/dev/null; then
      echo "$pid" >"$sd/charon.pid"
      log "$ns: charon pid $pid, vici socket ready"
      return 0
    fi
    sleep 0.1
  done
  die "$ns: charon did not come up (see $sd/charon.out)"
}

# start_freeradius PREFIX: FreeRADIUS in namespace r, in the foreground of its own PID namespace
# (dies with its unshare parent), up to 10 s for it to listen on 198.51.100.2:1812.
start_freeradius() {
  local pfx=$1 nr=$1r sd i
  sd=$(state_dir "$pfx")
  [[ -x $FREERADIUS ]] || die "the RADIUS scenarios need FreeRADIUS ($FREERADIUS; Debian: freeradius)"
  install -d -m 755 "$sd/$nr"
  without_inherited_fds setsid ip netns exec "$nr" unshare --pid --fork --kill-child=TERM \
    "$FREERADIUS" -f -d "$sd/radius" </dev/null >"$sd/$nr/freeradius.out" 2>&1 &
  echo "$!" >"$sd/$nr/unshare.pid"
  for ((i = 0; i < 100; i++)); do
    if ip netns exec "$nr" ss -Hlun 'sport = :1812' | grep -q 198.51.100.2; then
      log "$nr: FreeRADIUS listens on 198.51.100.2:1812"
      return 0
    fi
    sleep 0.1
  done
  die "$nr: FreeRADIUS did not come up (see $sd/$nr/freeradius.out)"
}

# in_view PREFIX NS CMD...: run CMD in the gateway's view (charon's namespaces when it runs).
in_view() {
  local pfx=$1 ns=$2 pid
  shift 2
  [[ -e /run/netns/$ns ]] || die "namespace $ns does not exist (lab.sh up first)"
  pid=$(charon_pid_of_ns "$ns")
  if [[ -n $pid ]]; then
    # nsenter resets the working directory when entering the mount namespace; restore it.
    nsenter -t "$pid" -m -n -p --wd="$PWD" -- "$@"
  else
    local logdir
    logdir=$(state_dir "$pfx")/$ns/log
    install -d -m 755 "$logdir"
    ip netns exec "$ns" unshare --mount --pid --fork --mount-proc \
      sh -c "cd \"\$0\" 2>/dev/null; $VIEW_SH" "$PWD" "$logdir" "$@"
  fi
}

stop_prefix() {
  local pfx=$1 sd ns pid f i
  sd=$(state_dir "$pfx")
  # Charons first, by pid: the recorded ones and any found in our namespaces.
  local pids=()
  for ns in "${pfx}a" "${pfx}b" "${pfx}c" "${pfx}r"; do
    for f in "$sd/$ns/charon.pid" "$sd/$ns/unshare.pid"; do
      [[ -s $f ]] && pids+=("$(cat "$f")")
    done
    pid=$(charon_pid_of_ns "$ns")
    [[ -n $pid ]] && pids+=("$pid")
  done
  if ((${#pids[@]})); then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do              # up to 5 s for a clean exit
      local alive=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      ((alive)) || break
      sleep 0.1
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
  fi
  for ns in "${pfx}a" "${pfx}b" "${pfx}c" "${pfx}r"; do
    if [[ -e /run/netns/$ns ]]; then ip netns del "$ns" || true; fi
    rm -rf "/etc/netns/${ns:?}"
  done
  rm -rf "${sd:?}"
}

swanctl_in() {  # swanctl_in PREFIX NS ARGS...: swanctl in that gateway's view (bounded)
  local pfx=$1 ns=$2
  shift 2
  in_view "$pfx" "$ns" timeout 30 swanctl "$@"
}

# ---------------------------------------------------------------------------------------------
# Fault injection

inject_before() {  # faults that must be in place before IKE starts
  local s=$1 pfx=$2 na=$2a nb=$2b
  case $s in
    peer-drops-ike)
      ip netns exec "$nb" iptables -A INPUT -p udp -m multiport --dports 500,4500 -j DROP ;;
    local-fw-drops-ike)
      ip netns exec "$na" iptables -A OUTPUT -p udp -m multiport --dports 500,4500 -j DROP ;;
    masquerade)
      # The classic "NAT everything leaving the LAN" rule, without an IPsec exemption
      # (no `-m policy --dir out --pol ipsec -j ACCEPT` / `! -d 10.2.0.0/24` before it).
      ip netns exec "$na" iptables -t nat -A POSTROUTING -s 10.1.0.0/24 -j MASQUERADE ;;
  esac
}

inject_after() {  # faults injected once the tunnel is up
  local s=$1 pfx=$2 nb=$2b
  case $s in
    no-inbound)
      # b silently drops ESP-in-UDP (and everything else on 4500) from a from now on.
      ip netns exec "$nb" iptables -I INPUT -s 192.0.2.1 -p udp --dport 4500 -j DROP ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# Commands

cmd_up() {
  local s=${1:-} pfx=${2:-ipd} sd rc
  [[ -n $s ]] || usage
  check_prefix "$pfx"
  set_scenario "$s"
  # A script that sources this one (dataplane-variants.sh) may change the knobs here.
  if [[ $(type -t lab_override) == function ]]; then lab_override "$s"; fi
  sd=$(state_dir "$pfx")
  [[ -e $sd || -e /run/netns/${pfx}a || -e /run/netns/${pfx}b ]] &&
    die "prefix '$pfx' is in use: lab.sh down $pfx"
  install -d -m 755 "$sd"
  echo "$s" >"$sd/scenario"
  # Whatever fails from here on: take everything down again.
  trap 'rc=$?; if ((rc != 0)); then log "up failed, cleaning up"; stop_prefix "'"$pfx"'"; fi' EXIT

  write_configs "$pfx"
  build_topology "$pfx"
  inject_before "$s" "$pfx"

  if [[ $RADIUS == yes && $RADIUS_START == yes ]]; then start_freeradius "$pfx"; fi
  start_charon "$pfx" "${pfx}b"
  swanctl_in "$pfx" "${pfx}b" --load-all >"$sd/${pfx}b/load-all.out" 2>&1
  if [[ $START_A == yes ]]; then
    start_charon "$pfx" "${pfx}a"
    swanctl_in "$pfx" "${pfx}a" --load-all >"$sd/${pfx}a/load-all.out" 2>&1
  else
    log "${pfx}a: charon deliberately not started"
  fi

  if [[ $INITIATE == yes ]]; then
    rc=0
    swanctl_in "$pfx" "${pfx}a" --initiate --child net --timeout 20 \
      >"$sd/${pfx}a/initiate.out" 2>&1 || rc=$?
    log "${pfx}a: swanctl --initiate --child net exited $rc"
  fi
  inject_after "$s" "$pfx"

  if [[ $TRAFFIC == yes ]]; then
    rc=0
    if [[ $HOST_C == yes ]]; then
      ip netns exec "${pfx}c" ping -c 3 -W 1 10.2.0.1 >"$sd/ping.out" 2>&1 || rc=$?
    else
      ip netns exec "${pfx}a" ping -c 3 -W 1 -I 10.1.0.1 10.2.0.1 >"$sd/ping.out" 2>&1 || rc=$?
    fi
    log "test ping exited $rc: $(grep -E 'packets transmitted' "$sd/ping.out" || true)"
  fi
  trap - EXIT
  log "scenario $s is up (prefix $pfx); state in $sd"
}

cmd_exec() {
  local pfx=${1:-} side=${2:-}
  [[ -n $pfx && -n $side && $# -ge 3 ]] || usage
  shift 2
  check_prefix "$pfx"
  [[ $side == a || $side == b ]] || die "SIDE must be a or b"
  in_view "$pfx" "$pfx$side" "$@"
}

# capture PREFIX SIDE DIR: the standard outputs (stdout only), as the tests' fixtures hold them.
cmd_capture() {
  local pfx=${1:-} side=${2:-} out=${3:-} ns sd
  [[ -n $pfx && -n $side && -n $out ]] || usage
  check_prefix "$pfx"
  [[ $side == a || $side == b ]] || die "SIDE must be a or b"
  ns=$pfx$side
  sd=$(state_dir "$pfx")/$ns
  install -d -m 755 "$out"
  # file name, then the command (split on blanks); order kept in commands.txt
  local cmds=(
    swanctl-list-sas.txt 'swanctl --list-sas'
    swanctl-list-conns.txt 'swanctl --list-conns'
    swanctl-list-pols.txt 'swanctl --list-pols'
    ip-xfrm-state.txt 'ip xfrm state'
    ip-s-xfrm-state.txt 'ip -s xfrm state'
    ip-xfrm-policy.txt 'ip xfrm policy'
    xfrm_stat.txt 'cat /proc/net/xfrm_stat'
    iptables-save.txt 'iptables-save'
    iptables-save-c.txt 'iptables-save -c'
    nft-list-ruleset.txt 'nft list ruleset'
    ss-uanp.txt 'ss -uanp'
    ip-route.txt 'ip route show table all'
    ip-rule.txt 'ip rule show'
    ip-addr.txt 'ip -o addr show'
    ip-neigh.txt 'ip neigh show'
    ip-s-link.txt 'ip -s link show'
    sysctl-ip_forward.txt 'sysctl net.ipv4.ip_forward'
    pgrep-charon.txt 'pgrep -a charon'
  )
  local i f c rc
  : >"$out/commands.txt"
  for ((i = 0; i < ${#cmds[@]}; i += 2)); do
    f=${cmds[i]} c=${cmds[i + 1]} rc=0
    # word splitting of the command string is intended
    # shellcheck disable=SC2086
    in_view "$pfx" "$ns" timeout 15 $c >"$out/$f" 2>"$out/${f%.txt}.stderr.txt" || rc=$?
    [[ -s $out/${f%.txt}.stderr.txt ]] || rm -f "$out/${f%.txt}.stderr.txt"
    printf '%s\t%s\texit %s\n' "$f" "$c" "$rc" >>"$out/commands.txt"
  done
  # The gateway's config files, the swanctl secrets block cut out (PSKs never leave the lab),
  # and strongswan.conf's `secret = ` (eap-radius's RADIUS shared secret) blanked.
  sed -E 's/^([[:space:]]*secret[[:space:]]*=).*/\1 # (removed by lab.sh capture)/' \
    "/etc/netns/$ns/strongswan.conf" >"$out/strongswan.conf"
  awk '
    !skip && /^[[:space:]]*secrets[[:space:]]*\{/ { skip = 1; depth = 0
      print "# secrets { ... } removed by lab.sh capture" }
    skip { n = gsub(/\{/, "{"); m = gsub(/\}/, "}"); depth += n - m; if (depth <= 0) skip = 0; next }
    { print }
  ' "/etc/netns/$ns/swanctl/swanctl.conf" >"$out/swanctl.conf"
  if [[ -f $sd/log/charon.log ]]; then
    cp "$sd/log/charon.log" "$out/charon.log"
  fi
  if [[ -s $sd/log/syslog ]]; then
    cp "$sd/log/syslog" "$out/syslog"
  fi
}

cmd_down() {
  local pfx=${1:-ipd}
  check_prefix "$pfx"
  stop_prefix "$pfx"
}

main() {
  [[ $EUID -eq 0 ]] || die "must run as root (network namespaces)"
  local cmd=${1:-}
  [[ -n $cmd ]] || usage
  shift
  case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    exec) cmd_exec "$@" ;;
    capture) cmd_capture "$@" ;;
    list) printf '%s\n' "${SCENARIOS[@]}" ;;
    -h | --help | help) usage ;;
    *) usage ;;
  esac
}

# Sourced (by dataplane-variants.sh), only define the functions.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi
