#!/usr/bin/env python3
"""Writes N synthetic gateways' snapshots for `ipsec-doctor fleet` (benchmarks and tests).

Each gateway is a folder of saved outputs named as the lab fixtures are (Tests/Fixtures/lab:
real strongSwan 5.9.8 output), in the same formats: swanctl.conf, `swanctl --list-sas`,
`ip -o addr show`, `pgrep -a charon`, `sysctl net.ipv4.ip_forward`, charon's file log. The
gateways form a ring (gateway i has a tunnel to i-1 and i+1), so N gateways have N tunnels.
Every K-th tunnel (--fault-every) carries one of the lab's faults, in turn; the fault and the
side holding it are listed in DIR/faults.tsv so a test can check what fleet names.

Usage: generate-fleet.py --gateways N --out DIR [--fault-every K]
"""
import argparse
import os
import sys

FAULTS = ["ike-proposal", "esp-proposal", "id", "ts", "ike-version", "psk", "stale-spi"]


def public(i):   # 198.18.0.0/15 is the benchmarking range (RFC 2544)
    return f"198.{18 + (i >> 16)}.{(i >> 8) & 255}.{i & 255}"


def subnet(i):
    return f"10.{(i >> 8) & 255}.{i & 255}.0/24"


def inside(i):
    return f"10.{(i >> 8) & 255}.{i & 255}.1"


def name(i):
    return f"gw{i:04d}"


def spi(i, j, direction):
    return f"{(i * 7919 + j * 104729 + direction * 15485863) & 0xffffffff:08x}"


def conn(i, j, fault, side):
    """One connection of gateway i towards j; `side` is 'a' (lower index) or 'b'."""
    version = 1 if fault == "ike-version" and side == "a" else 2
    proposals = "aes256-sha384-modp3072" if fault == "ike-proposal" and side == "b" else "aes128-sha256-modp2048"
    esp = "aes256-sha512" if fault == "esp-proposal" and side == "b" else "aes128-sha256"
    remote_id = "gw-x.fleet.test" if fault == "id" and side == "b" else f"{name(j)}.fleet.test"
    remote_ts = "10.255.255.0/24" if fault == "ts" and side == "b" else subnet(j)
    return f"""  {name(j)} {{
    version = {version}
    local_addrs = {public(i)}
    remote_addrs = {public(j)}
    proposals = {proposals}
    local {{
      auth = psk
      id = {name(i)}.fleet.test
    }}
    remote {{
      auth = psk
      id = {remote_id}
    }}
    children {{
      net {{
        local_ts = {subnet(i)}
        remote_ts = {remote_ts}
        esp_proposals = {esp}
        start_action = {"start" if side == "a" else "none"}
      }}
    }}
  }}
"""


def sas(i, j, fault, side, ike_id):
    """`swanctl --list-sas` for the tunnel i->j: both SAs when nothing breaks them, only the IKE
    SA when the CHILD SA fails (ts, esp), nothing when phase 1 fails."""
    if fault in ("ike-proposal", "id", "ike-version", "psk"):
        return ""
    init = side == "a"
    spi_i, spi_r = f"{(i * 31 + j) & 0xffffffffffffffff:016x}", f"{(j * 37 + i) & 0xffffffffffffffff:016x}"
    out = (f"{name(j)}: #{ike_id}, ESTABLISHED, IKEv2, {spi_i}_i{'*' if init else ''} {spi_r}_r{'' if init else '*'}\n"
           f"  local  '{name(i)}.fleet.test' @ {public(i)}[500]\n"
           f"  remote '{name(j)}.fleet.test' @ {public(j)}[500]\n"
           f"  AES_CBC-128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048\n"
           f"  established 120s ago, rekeying in 13400s\n")
    if fault in ("ts", "esp-proposal"):
        return out
    lo, hi = min(i, j), max(i, j)
    a_in, b_in = spi(lo, hi, 0), spi(lo, hi, 1)
    my_in, my_out = (a_in, b_in) if side == "a" else (b_in, a_in)
    if fault == "stale-spi" and side == "a":
        my_out = spi(lo, hi, 2)   # a still sends on the SA from before b restarted
    out += (f"  net: #{ike_id}, reqid {ike_id}, INSTALLED, TUNNEL, ESP:AES_CBC-128/HMAC_SHA2_256_128\n"
            f"    installed 120s ago, rekeying in 3300s, expires in 3840s\n"
            f"    in  {my_in},   8400 bytes,   100 packets,     1s ago\n"
            f"    out {my_out},   8400 bytes,   100 packets,     1s ago\n"
            f"    local  {subnet(i)}\n"
            f"    remote {subnet(j)}\n")
    return out


def log(i, peers):
    """charon's file log: start-up, then the failure lines of a PSK fault (charon's own texts)."""
    out = ["Dec  2 06:00:00 00[DMN] Starting IKE charon daemon (strongSwan 5.9.8, Linux 6.1.0, x86_64)"]
    for j, fault, side in peers:
        if fault != "psk":
            continue
        if side == "a":
            out.append(f"Dec  2 06:00:04 03[IKE] <{name(j)}|1> authentication of '{name(i)}.fleet.test' (myself) with pre-shared key")
            out.append(f"Dec  2 06:00:04 15[ENC] <{name(j)}|1> parsed IKE_AUTH response 1 [ N(AUTH_FAILED) ]")
            out.append(f"Dec  2 06:00:04 15[IKE] <{name(j)}|1> received AUTHENTICATION_FAILED notify error")
        else:
            out.append(f"Dec  2 06:00:04 03[CFG] <{name(j)}|1> selected peer config '{name(j)}'")
            out.append(f"Dec  2 06:00:04 03[IKE] <{name(j)}|1> tried 1 shared key for '{name(i)}.fleet.test' - '{name(j)}.fleet.test', but MAC mismatched")
            out.append(f"Dec  2 06:00:04 03[ENC] <{name(j)}|1> generating IKE_AUTH response 1 [ N(AUTH_FAILED) ]")
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--gateways", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--fault-every", type=int, default=10)
    a = p.parse_args()
    n = a.gateways
    if n < 2 or n > 60000:
        sys.exit("--gateways must be 2..60000")
    if os.path.exists(a.out) and os.listdir(a.out):
        sys.exit(f"{a.out} exists and is not empty")
    links = [(k, (k + 1) % n) for k in range(n if n > 2 else 1)]
    faults = {}
    for idx, (x, y) in enumerate(links):
        if a.fault_every > 0 and idx % a.fault_every == a.fault_every - 1:
            faults[(min(x, y), max(x, y))] = FAULTS[(idx // a.fault_every) % len(FAULTS)]
    peers = {i: [] for i in range(n)}
    for x, y in links:
        lo, hi = min(x, y), max(x, y)
        f = faults.get((lo, hi))
        peers[lo].append((hi, f, "a"))
        peers[hi].append((lo, f, "b"))
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "faults.tsv"), "w") as fh:
        fh.write("a\tb\tfault\n")
        for (lo, hi), f in sorted(faults.items()):
            fh.write(f"{name(lo)}\t{name(hi)}\t{f}\n")
    for i in range(n):
        d = os.path.join(a.out, name(i))
        os.makedirs(d)
        conf = "# synthetic fleet gateway (Tests/Fleet/generate-fleet.py)\nconnections {\n"
        conf += "".join(conn(i, j, f, s) for j, f, s in peers[i]) + "}\n"
        files = {
            "swanctl.conf": conf,
            "swanctl-list-sas.txt": "".join(sas(i, j, f, s, k + 1) for k, (j, f, s) in enumerate(peers[i])),
            "ip-addr.txt": (f"1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n"
                            f"1: lo    inet {inside(i)}/24 scope global lo\\       valid_lft forever preferred_lft forever\n"
                            f"2: wan0    inet {public(i)}/16 scope global wan0\\       valid_lft forever preferred_lft forever\n"),
            "pgrep-charon.txt": "812 /usr/lib/ipsec/charon\n",
            "sysctl-ip_forward.txt": "net.ipv4.ip_forward = 1\n",
            "charon.log": log(i, peers[i]),
        }
        for fn, text in files.items():
            with open(os.path.join(d, fn), "w") as fh:
                fh.write(text)


if __name__ == "__main__":
    main()
