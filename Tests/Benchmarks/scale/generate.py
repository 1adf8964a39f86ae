#!/usr/bin/env python3
"""Writes the snapshot folder of an N-tunnel strongSwan concentrator, for the speed benchmark.

    generate.py N OUT_DIR [--with-stats]

One local gateway (192.0.2.1, local net 10.0.0.0/16) with N site-to-site tunnels; tunnel i has
peer 100.64.x.y (every 4th one behind NAT, so ESP in UDP), remote net 10.128.0.0/9 cut in /24s,
reqid i+1, 2 CHILD SAs' worth of kernel SAs (in, out) and 3 policies (out, in, fwd).

Every line is modelled on real output, never invented to please the parser:
  - ip xfrm state / ip -s xfrm state / ip xfrm policy: iproute2's ip/ipxfrm.c print functions
    (xfrm_id_info_print, xfrm_state_info_print, xfrm_lifetime_print, xfrm_stats_print,
    xfrm_policy_info_print), and Tests/Fixtures/real/xfrm-state/*, xfrm-policy/* (Libreswan's
    test suite); the policy lines as iproute2 6.1 printed them for `ip xfrm policy add` here.
  - swanctl --list-sas / --list-conns, swanctl.conf, xfrm_stat, ip -o addr, ip route, ss -uanp,
    pgrep, sysctl, commands.txt: the lab fixtures Tests/Fixtures/lab/healthy/a (strongSwan 5.9.8).
Keys are printed as ip prints them (hex), made from the tunnel number: test data, no secret.
`--with-stats` also writes ip-s-xfrm-state.txt (about 2.3x the size of ip-xfrm-state.txt);
without it the file is empty, as in the lab (the issue's 17 MB for 10,000 tunnels has none).
"""
import os
import sys

LOCAL = "192.0.2.1"
ADD_TIME = "2026-12-01 09:12:44"


def peer(i):
    n = (100 << 24) | (64 << 16) | (i + 2)
    return f"{n >> 24 & 255}.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


def remote_net(i):
    n = (10 << 24) | (128 << 16) | (i << 8)
    return f"{n >> 24 & 255}.{n >> 16 & 255}.{n >> 8 & 255}.0/24"


def spi(i, direction):
    # deterministic, spread like charon's random SPIs (top bit 1 as strongSwan allocates them)
    x = (i * 2654435761 + (0x9E3779B9 if direction == "in" else 0x7F4A7C15)) & 0xFFFFFFFF
    return x | 0xC0000000


def key(i, n_hex, salt):
    s = ""
    x = i * 6364136223846793005 + salt
    while len(s) < n_hex:
        x = (x * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        s += f"{x:016x}"
    return s[:n_hex]


def natted(i):
    return i % 4 == 3


def counters(i):
    packets = (i * 7919) % 100000
    return packets * 96, packets


def xfrm_state(i, src, dst, direction, stats):
    sp = spi(i, direction)
    rq = i + 1
    b, p = counters(i)
    o = []
    o.append(f"src {src} dst {dst}\n")
    if stats:
        o.append(f"\tproto esp spi 0x{sp:08x}({sp}) reqid {rq}(0x{rq:08x}) mode tunnel\n")
        o.append("\treplay-window 0 seq 0x00000000 flag af-unspec (0x00100000)\n")
        o.append(f"\tauth-trunc hmac(sha256) 0x{key(i, 64, 1 if direction == 'in' else 2)} (256 bits) 128\n")
        o.append(f"\tenc cbc(aes) 0x{key(i, 32, 3 if direction == 'in' else 4)} (128 bits)\n")
    else:
        o.append(f"\tproto esp spi 0x{sp:08x} reqid {rq} mode tunnel\n")
        o.append("\treplay-window 0 flag af-unspec\n")
        o.append(f"\tauth-trunc hmac(sha256) 0x{key(i, 64, 1 if direction == 'in' else 2)} 128\n")
        o.append(f"\tenc cbc(aes) 0x{key(i, 32, 3 if direction == 'in' else 4)}\n")
    if natted(i):
        o.append("\tencap type espinudp sport 4500 dport 4500 addr 0.0.0.0\n")
    if stats:
        o.append("\tlifetime config:\n")
        o.append("\t  limit: soft (INF)(bytes), hard (INF)(bytes)\n")
        o.append("\t  limit: soft (INF)(packets), hard (INF)(packets)\n")
        o.append("\t  expire add: soft 3233(sec), hard 3600(sec)\n")
        o.append("\t  expire use: soft 0(sec), hard 0(sec)\n")
        o.append("\tlifetime current:\n")
        o.append(f"\t  {b}(bytes), {p}(packets)\n")
        o.append(f"\t  add {ADD_TIME} use {ADD_TIME if p else '-'}\n")
        o.append("\tstats:\n")
        o.append("\t  replay-window 0 replay 0 failed 0\n")
    seq = p if direction == "in" else 0
    oseq = p if direction == "out" else 0
    o.append(f"\tanti-replay context: seq 0x{seq:x}, oseq 0x{oseq:x}, bitmap 0x{'ffffffff' if seq else '00000000'}\n")
    return "".join(o)


def xfrm_policy(i, sel_src, sel_dst, direction, tsrc, tdst):
    return (f"src {sel_src} dst {sel_dst} \n"
            f"\tdir {direction} priority 375423 ptype main \n"
            f"\ttmpl src {tsrc} dst {tdst}\n"
            f"\t\tproto esp reqid {i + 1} mode tunnel\n")


def list_sas(i):
    p = peer(i)
    port = 4500 if natted(i) else 500
    b, pk = counters(i)
    ike_spi_i = key(i, 16, 5)
    ike_spi_r = key(i, 16, 6)
    mode = "TUNNEL-in-UDP" if natted(i) else "TUNNEL"
    return (f"gw{i}: #{i + 1}, ESTABLISHED, IKEv2, {ike_spi_i}_i* {ike_spi_r}_r\n"
            f"  local  'gw.example.net' @ {LOCAL}[{port}]\n"
            f"  remote 'site{i}.example.net' @ {p}[{port}]\n"
            f"  AES_CBC-128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048\n"
            f"  established {i % 13000}s ago, rekeying in {13528 - i % 13000}s\n"
            f"  net: #{i + 1}, reqid {i + 1}, INSTALLED, {mode}, ESP:AES_CBC-128/HMAC_SHA2_256_128\n"
            f"    installed {i % 3000}s ago, rekeying in {3453 - i % 3000}s, expires in {3958 - i % 3000}s\n"
            f"    in  {spi(i, 'in'):08x}, {b:6d} bytes, {pk:5d} packets,     0s ago\n"
            f"    out {spi(i, 'out'):08x}, {b:6d} bytes, {pk:5d} packets,     0s ago\n"
            f"    local  10.0.0.0/16\n"
            f"    remote {remote_net(i)}\n")


def list_conns(i):
    return (f"gw{i}: IKEv2, no reauthentication, rekeying every 14400s\n"
            f"  local:  {LOCAL}\n"
            f"  remote: {peer(i)}\n"
            f"  local pre-shared key authentication:\n"
            f"    id: gw.example.net\n"
            f"  remote pre-shared key authentication:\n"
            f"    id: site{i}.example.net\n"
            f"  net: TUNNEL, rekeying every 3600s\n"
            f"    local:  10.0.0.0/16\n"
            f"    remote: {remote_net(i)}\n")


def swanctl_conf_conn(i):
    return (f"  gw{i} {{\n"
            f"    version = 2\n"
            f"    local_addrs = {LOCAL}\n"
            f"    remote_addrs = {peer(i)}\n"
            f"    proposals = aes128-sha256-modp2048\n"
            f"    local {{\n      auth = psk\n      id = gw.example.net\n    }}\n"
            f"    remote {{\n      auth = psk\n      id = site{i}.example.net\n    }}\n"
            f"    children {{\n      net {{\n        local_ts = 10.0.0.0/16\n"
            f"        remote_ts = {remote_net(i)}\n        esp_proposals = aes128-sha256\n"
            f"        start_action = trap\n      }}\n    }}\n  }}\n")


XFRM_STAT = ["XfrmInError", "XfrmInBufferError", "XfrmInHdrError", "XfrmInNoStates",
             "XfrmInStateProtoError", "XfrmInStateModeError", "XfrmInStateSeqError",
             "XfrmInStateExpired", "XfrmInStateMismatch", "XfrmInStateInvalid",
             "XfrmInTmplMismatch", "XfrmInNoPols", "XfrmInPolBlock", "XfrmInPolError",
             "XfrmOutError", "XfrmOutBundleGenError", "XfrmOutBundleCheckError", "XfrmOutNoStates",
             "XfrmOutStateProtoError", "XfrmOutStateModeError", "XfrmOutStateSeqError",
             "XfrmOutStateExpired", "XfrmOutPolBlock", "XfrmOutPolDead", "XfrmOutPolError",
             "XfrmFwdHdrError", "XfrmOutStateInvalid", "XfrmAcquireError", "XfrmOutStateDirError",
             "XfrmInStateDirError", "XfrmInIptfsError", "XfrmOutNoQueueSpace"]

COMMANDS = [
    ("swanctl-list-sas.txt", "swanctl --list-sas"),
    ("swanctl-list-conns.txt", "swanctl --list-conns"),
    ("swanctl-list-pols.txt", "swanctl --list-pols"),
    ("ip-xfrm-state.txt", "ip xfrm state"),
    ("ip-s-xfrm-state.txt", "ip -s xfrm state"),
    ("ip-xfrm-policy.txt", "ip xfrm policy"),
    ("xfrm_stat.txt", "cat /proc/net/xfrm_stat"),
    ("iptables-save.txt", "iptables-save"),
    ("iptables-save-c.txt", "iptables-save -c"),
    ("nft-list-ruleset.txt", "nft list ruleset"),
    ("ss-uanp.txt", "ss -uanp"),
    ("ip-route.txt", "ip route show table all"),
    ("ip-rule.txt", "ip rule show"),
    ("ip-addr.txt", "ip -o addr show"),
    ("sysctl-ip_forward.txt", "sysctl net.ipv4.ip_forward"),
    ("pgrep-charon.txt", "pgrep -a charon"),
]


def write(out, name, chunks):
    with open(os.path.join(out, name), "w") as f:
        for c in chunks:
            f.write(c)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    stats = "--with-stats" in sys.argv
    if len(args) != 2 or not args[0].isdigit():
        sys.exit(__doc__)
    n, out = int(args[0]), args[1]
    if n < 1 or n > 2_000_000:
        sys.exit("N must be 1..2000000 (the remote nets are /24s of 10.128.0.0/9 and wrap above 32768)")
    os.makedirs(out, exist_ok=True)

    def states(with_stats):
        for i in range(n):
            p = peer(i)
            yield xfrm_state(i, p, LOCAL, "in", with_stats)
            yield xfrm_state(i, LOCAL, p, "out", with_stats)

    def policies():
        # ip lists the newest policy first; charon installs out, in, fwd per CHILD SA
        for i in reversed(range(n)):
            p, rn = peer(i), remote_net(i)
            yield xfrm_policy(i, rn, "10.0.0.0/16", "fwd", p, LOCAL)
            yield xfrm_policy(i, rn, "10.0.0.0/16", "in", p, LOCAL)
            yield xfrm_policy(i, "10.0.0.0/16", rn, "out", LOCAL, p)
        for fam in ("0.0.0.0/0", "::/0"):
            for _ in range(2):
                yield f"src {fam} dst {fam} \n\tsocket in priority 0 ptype main \n"
                yield f"src {fam} dst {fam} \n\tsocket out priority 0 ptype main \n"

    write(out, "ip-xfrm-state.txt", states(False))
    write(out, "ip-s-xfrm-state.txt", states(True) if stats else [])
    write(out, "ip-xfrm-policy.txt", policies())
    write(out, "swanctl-list-sas.txt", (list_sas(i) for i in range(n)))
    write(out, "swanctl-list-conns.txt", (list_conns(i) for i in range(n)))
    write(out, "swanctl-list-pols.txt", [])
    write(out, "swanctl.conf", ["# ipsec-doctor scale benchmark: a concentrator\nconnections {\n"]
          + [swanctl_conf_conn(i) for i in range(n)] + ["}\n\n# secrets { ... } removed\n"])
    write(out, "xfrm_stat.txt", (f"{name:<24}\t{0}\n" for name in XFRM_STAT))
    write(out, "iptables-save.txt", [])
    write(out, "iptables-save-c.txt", [])
    write(out, "nft-list-ruleset.txt", [])
    write(out, "ss-uanp.txt", [
        "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess                        \n",
        'UNCONN 0      0            0.0.0.0:500       0.0.0.0:*    users:(("charon",pid=812,fd=17))\n',
        'UNCONN 0      0            0.0.0.0:4500      0.0.0.0:*    users:(("charon",pid=812,fd=18))\n',
        'UNCONN 0      0               [::]:500          [::]:*    users:(("charon",pid=812,fd=15))\n',
        'UNCONN 0      0               [::]:4500         [::]:*    users:(("charon",pid=812,fd=16))\n'])
    # charon (kernel-netlink) installs one route per remote net in table 220
    write(out, "ip-route.txt",
          (f"{remote_net(i)} via 192.0.2.254 dev eth0 table 220 proto static src 10.0.0.1 \n" for i in range(n)))
    with open(os.path.join(out, "ip-route.txt"), "a") as f:
        f.write("default via 192.0.2.254 dev eth0 \n"
                "192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.1 \n"
                "local 192.0.2.1 dev eth0 table local proto kernel scope host src 192.0.2.1 \n"
                "local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 \n")
    write(out, "ip-rule.txt", ["0:\tfrom all lookup local\n", "220:\tfrom all lookup 220\n",
                               "32766:\tfrom all lookup main\n", "32767:\tfrom all lookup default\n"])
    write(out, "ip-addr.txt", [
        "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n",
        "2: eth0    inet 192.0.2.1/24 scope global eth0\\       valid_lft forever preferred_lft forever\n",
        "3: eth1    inet 10.0.0.1/16 scope global eth1\\       valid_lft forever preferred_lft forever\n"])
    write(out, "sysctl-ip_forward.txt", ["net.ipv4.ip_forward = 1\n"])
    write(out, "pgrep-charon.txt", ["812 /usr/lib/ipsec/charon\n"])
    write(out, "commands.txt", (f"{f}\t{c}\texit 0\n" for f, c in COMMANDS))


if __name__ == "__main__":
    main()
