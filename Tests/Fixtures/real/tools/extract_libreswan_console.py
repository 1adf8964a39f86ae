#!/usr/bin/env python3
"""Extract command-output blocks from libreswan testing/pluto/*console.txt transcripts.

Reads data only (a bare git dir of the libreswan repository, at one or more revisions)
and writes combined corpus files, one per source, under an output directory.

Each block is written as:
    ### <test dir>/<file>@<rev> <command>
    <output lines, byte-exact, until the next prompt line>

Usage:
    extract_libreswan_console.py --git-dir /path/to/libreswan.git --rev v3.20 --rev v4.15 --rev HEAD \
        --out ../shared/corpus/libreswan-console [--max-bytes 8000000]
"""
import argparse
import os
import random
import re
import subprocess
import sys
from collections import defaultdict

# prompt: "west #" alone (command on next line, leading space) or "west # command"
PROMPT = re.compile(rb"^([a-z][a-z0-9]*) #(?: (.*))?$")

# source name -> list of regexes matched against the full command (already stripped)
CATEGORIES = [
    ("xfrm-state", [rb"^ip (-s |-stats |-statistics )*(-[46] )?xfrm state( list| show)?$",
                    rb"^ip -s -s xfrm state( list)?$",
                    rb"^ipsec _kernel state$"]),
    ("xfrm-policy", [rb"^ip (-s |-stats |-statistics )*(-[46] )?xfrm policy( list| show)?$",
                     rb"^ip -s -s xfrm policy( list)?$",
                     rb"^ipsec _kernel policy$"]),
    ("xfrm-stat", [rb"^cat /proc/net/xfrm_stat$",
                   # filtered: only non-zero counters (noted in the block header)
                   rb'^grep -v -P "\\t0\$" /proc/net/xfrm_stat$']),
    ("xfrm-monitor", [rb"^cat (/tmp/|OUTPUT/)?[a-z.-]*xfrm-monitor[a-z.-]*$"]),
    ("libreswan-trafficstatus", [rb"^ipsec (whack --)?trafficstatus$"]),
    ("libreswan-status", [rb"^ipsec (whack --|auto --)?status$"]),
    ("libreswan-showstates", [rb"^ipsec (whack --)?showstates$"]),
    ("libreswan-globalstatus", [rb"^ipsec (whack --)?globalstatus$"]),
    ("libreswan-shuntstatus", [rb"^ipsec (whack --)?shuntstatus$"]),
    ("ipsec-look", [rb"^ipsec look$", rb"^\.\./(\.\./)?guestbin/ipsec-look\.sh$"]),
    ("nft-ruleset", [rb"^nft list ruleset$"]),
    ("iptables-list", [rb"^ip6?tables (-t [a-z]+ )?-(L|nL|Ln|L -n|n -L|L -n -v|nvL|vnL)( [A-Z]+)?( -n)?( -v)?$"]),
    ("iptables-save", [rb"^ip6?tables-save( -t [a-z]+)?$"]),
    ("swanctl-list-sas", [rb"^swanctl (--list-sas|-l)( --raw| --pretty)?$"]),
    ("swanctl-list-conns", [rb"^swanctl (--list-conns|-L)$"]),
    ("swanctl-list-pols", [rb"^swanctl (--list-pols|-P)$"]),
    ("strongswan-status", [rb"^strongswan (statusall|status)$",
                           rb"^if (\[ -f [^]]*\]|test -r [^;]*) ?; then strongswan (statusall|status) ?; fi$"]),
    ("strongswan-up", [rb"^strongswan (up|down) [A-Za-z0-9_.-]+$"]),
    ("libreswan-up", [rb"^ipsec (auto --up|up|whack --initiate --name) [A-Za-z0-9_./-]+$"]),
    ("tcpdump", [rb"^tcpdump .*-r [^|>]*$",
                 rb"^\.\./\.\./guestbin/tcpdump\.sh --wait[^|>]*$"]),
    ("setkey-D", [rb"^setkey -D$"]),
    ("setkey-DP", [rb"^setkey -DP$"]),
    ("ss-uanp", [rb"^ss -[a-z]*u[a-z]*$"]),
]
COMPILED = [(name, [re.compile(p) for p in pats]) for name, pats in CATEGORIES]

# "strongswan status" / "ipsec status" is ambiguous in libreswan tests: ipsec status is
# libreswan's, strongswan status is strongSwan's.  The order above puts libreswan-status first.


def classify(cmd):
    for name, pats in COMPILED:
        for p in pats:
            if p.match(cmd):
                return name
    return None


def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", gitdir] + list(args),
                          check=True, stdout=subprocess.PIPE).stdout


def console_files(gitdir, rev):
    out = git(gitdir, "ls-tree", "-r", rev, "--", "testing/pluto")
    for line in out.splitlines():
        meta, path = line.split(b"\t", 1)
        mode, typ, sha = meta.split()
        if typ == b"blob" and path.endswith(b"console.txt") and b"/OUTPUT/" not in path:
            yield sha.decode(), path.decode()


def read_blobs(gitdir, shas):
    p = subprocess.Popen(["git", "--git-dir", gitdir, "cat-file", "--batch"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    for sha in shas:
        p.stdin.write(sha.encode() + b"\n")
        p.stdin.flush()
        header = p.stdout.readline().split()
        size = int(header[2])
        data = p.stdout.read(size)
        p.stdout.read(1)
        yield sha, data
    p.stdin.close()
    p.wait()


def blocks(data):
    """Yield (command, output_bytes) for each prompt/command/output group."""
    lines = data.split(b"\n")
    i, n = 0, len(lines)
    while i < n:
        m = PROMPT.match(lines[i])
        if not m:
            i += 1
            continue
        if m.group(2) is not None:          # old style: "west # cmd"
            cmd = m.group(2)
            j = i + 1
        else:                               # new style: "west #" then " cmd"
            if i + 1 >= n or not lines[i + 1].startswith(b" "):
                i += 1
                continue
            cmd = lines[i + 1][1:]
            j = i + 2
        k = j
        while k < n and not PROMPT.match(lines[k]):
            k += 1
        out = lines[j:k]
        # drop the empty string produced by a trailing newline at EOF
        if k == n and out and out[-1] == b"":
            out = out[:-1]
        yield cmd.strip(), out
        i = k


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--git-dir", required=True)
    ap.add_argument("--rev", action="append", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--max-bytes", type=int, default=8_000_000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    found = defaultdict(list)   # source -> [(header, body)]
    for rev in a.rev:
        label = rev
        files = list(console_files(a.git_dir, rev))
        paths = {}
        for sha, path in files:
            paths.setdefault(sha, []).append(path)
        for sha, data in read_blobs(a.git_dir, list(paths)):
            for path in paths[sha]:
                rel = path[len("testing/pluto/"):]
                for cmd, out in blocks(data):
                    if not out or all(not l.strip() for l in out):
                        continue
                    src = classify(cmd)
                    if src is None:
                        continue
                    header = b"### " + rel.encode() + b"@" + label.encode() + b" " + cmd
                    found[src].append((header, b"\n".join(out) + b"\n"))
                    if src == "ipsec-look":
                        # the look script prints "XFRM state:" <ip xfrm state> "XFRM policy:"
                        # <ip xfrm policy> "XFRM done"; also file those verbatim sections
                        for sub, start, end in (("xfrm-state", b"XFRM state:", b"XFRM policy:"),
                                                ("xfrm-policy", b"XFRM policy:", b"XFRM done")):
                            if start in out and end in out:
                                a_, b_ = out.index(start) + 1, out.index(end)
                                part = out[a_:b_]
                                if part and any(l.strip() for l in part):
                                    h2 = header + b" [" + start.rstrip(b":") + b" section]"
                                    found[sub].append((h2, b"\n".join(part) + b"\n"))

    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(a.seed)
    for src, items in sorted(found.items()):
        # dedupe identical bodies from the same test/file across revisions
        seen, uniq = set(), []
        for h, b in items:
            # identical output of the same test/file (any revision) is kept once
            key = (h.split(b"@", 1)[0], b)
            if key in seen:
                continue
            seen.add(key)
            uniq.append((h, b))
        total = sum(len(h) + 1 + len(b) for h, b in uniq)
        chosen = uniq
        if total > a.max_bytes:
            # sample evenly: keep a random subset in original order
            frac = a.max_bytes / total
            idx = [i for i in range(len(uniq)) if rng.random() < frac]
            chosen = [uniq[i] for i in idx]
            while sum(len(h) + 1 + len(b) for h, b in chosen) > a.max_bytes:
                chosen.pop(rng.randrange(len(chosen)))
        with open(os.path.join(a.out, src + ".txt"), "wb") as f:
            for h, b in chosen:
                f.write(h + b"\n" + b)
        print(f"{src}: {len(chosen)} blocks (of {len(uniq)} unique, {len(items)} raw)",
              file=sys.stderr)


if __name__ == "__main__":
    main()
