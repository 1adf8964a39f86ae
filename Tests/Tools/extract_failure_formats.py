#!/usr/bin/env python3
"""Lists the failure messages a daemon prints, from its own sources, as `file<TAB>format<TAB>versions`.

The denominator of the message-catalogue coverage (Tests/Fixtures/messages/*-formats.tsv):
every log call of the daemon's default log level whose format string has a failure word, in the
source trees named below, at the release tags given. It reads a bare git directory (as the
search tool's `fetch` leaves it) with `git show TAG:path`; nothing is copied but the format
strings themselves, which are the facts the catalogue matches.

    extract_failure_formats.py strongswan GITDIR 5.9.14 6.0.6 > strongswan.tsv
    extract_failure_formats.py libreswan GITDIR v4.15 v5.4 > libreswan.tsv
    extract_failure_formats.py racoon GITDIR upstream/0.8.2+20140711 > racoon.tsv
    extract_failure_formats.py iked GITDIR v7.3 v7.4 > iked.tsv     (github.com/openiked/openiked-portable)
    extract_failure_formats.py isakmpd GITDIR 3b1f387 > isakmpd.tsv (github.com/zoulasc/isakmpd: OpenBSD's isakmpd of 2020-03-16)

The third column of the committed fixture (the event each format maps to) is a decision made by
hand; rerunning this script shows which formats are new or gone, not what they mean.
"""
import re
import subprocess
import sys

# Words that put a message on a failure path. Deliberately broad: a message with one of them
# that is not a failure gets an explicit "no diagnosis" class in the fixture, with its reason.
FAILURE = re.compile(
    r"fail|unable|\bno\b|\bnot\b|n't|error|invalid|unaccept|inaccept|mismatch|refus|reject|"
    r"denied|missing|cannot|timed? ?out|timeout|expired|revoked|untrusted|unknown|unsupported|"
    r"exceed|giving up|forbid|violat|bogus|malformed|wrong|bad\b|illegal|corrupt|unexpected|"
    r"abort|too (many|few|long|short|big|large|small)|dead\b|lost\b|insufficient|ignor",
    re.I)

DAEMONS = {
    # strongSwan: DBG0/DBG1 are printed at the default level (1); DBG2+ need a raised level.
    "strongswan": {
        "calls": re.compile(r"\bDBG[01]\s*\(\s*DBG_[A-Z]+\s*,"),
        "trees": [
            "src/libcharon/sa/", "src/libcharon/network/", "src/libcharon/encoding/",
            "src/libcharon/config/", "src/libcharon/processing/jobs/",
            "src/libcharon/plugins/kernel_netlink/", "src/libcharon/plugins/socket_default/",
            "src/libcharon/plugins/eap_", "src/libcharon/plugins/xauth_", "src/libcharon/plugins/vici/",
            "src/libcharon/plugins/stroke/", "src/libcharon/plugins/attr/",
            "src/libcharon/plugins/resolve/", "src/libcharon/plugins/updown/",
            "src/libstrongswan/credentials/", "src/libstrongswan/plugins/revocation/",
            "src/libstrongswan/plugins/constraints/", "src/libstrongswan/plugins/plugin_loader.c",
            "src/libcharon/daemon.c",
        ],
        "strip": "src/",
    },
    # pluto: every llog/log_state stream but the debug, impair and whack-only ones.
    "libreswan": {
        "calls": re.compile(
            r"\b(llog|llog_sa|log_state|llog_errno|llog_rc|llog_error|llog_diag|llog_nss_error|"
            r"llog_iketcp|llog_eap|log_md|loglog|libreswan_log|plog_global|log_global|log_message)"
            r"\s*\(\s*(?!DEBUG_STREAM|IMPAIR_STREAM|WHACK_STREAM|RC_COMMENT)"),
        "trees": ["programs/pluto/"],
        "strip": "programs/pluto/",
        "skip": re.compile(r"impair|test|fuzz|debug|/ikev1_spdb_struct|whack_"),
    },
    # racoon (ipsec-tools): plog levels below LLV_BASE (= LLV_INFO) are printed by default.
    "racoon": {
        "calls": re.compile(r"\bplog\s*\(\s*LLV_(ERROR|WARNING|NOTIFY|INFO)\s*,"),
        "trees": ["src/racoon/"],
        "strip": "src/racoon/",
        "skip": re.compile(r"racoonctl|kmpstat|eaytest|plainrsa-gen|missing/"),
    },
    # OpenBSD iked, from openiked-portable (its iked/ is OpenBSD's sbin/iked, synced per release):
    # log_warn/log_warnx/log_info go to syslog by default; log_debug is what `iked -dv` (and a
    # raised verbosity) adds, and users paste that output, so it counts too. The files only the
    # portable build has (Linux/AppArmor glue) and the logger itself are left out.
    "iked": {
        "calls": re.compile(r"\blog_(?:warnx|warn|info|debug)\("),
        "trees": ["iked/"],
        "strip": "iked/",
        "skip": re.compile(r"apparmor|vroute-netlink|/ipsec\.c|crypto_hash|/log\.c|/print\.c|sntrup|smult"),
        # `"%s: ...", __func__`: the printed text starts with the function's name; put it in
        "func": True,
        "errno_suffix": "log_warn",
        # AppArmor glue of the portable build, not in OpenBSD's iked
        "skip_format": re.compile(r"armor_change_profile"),
    },
    # OpenBSD isakmpd: log_print/log_error/log_errorx go to syslog; log_verbose is what `-v` adds
    # (common in isakmpd_flags). LOG_DBG is the -D debugging, left out. log_error appends strerror.
    "isakmpd": {
        "calls": re.compile(r"\blog_(?:print|errorx|error|verbose)\("),
        "trees": [""],
        "strip": "",
        "skip": re.compile(r"^(regress|apps)/|/log\.c$|^log\.c$"),
        "errno_suffix": "log_error",
    },
}

FUNC_DEF = re.compile(r"^([a-z_][a-z_0-9]*)\(", re.M)


def enclosing_function(text, pos):
    """The name of the C function (OpenBSD style: name at the start of a line) around `pos`."""
    name = None
    for m in FUNC_DEF.finditer(text, 0, pos):
        name = m.group(1)
    return name

LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def files(git, tag, trees):
    out = subprocess.run(["git", "--git-dir", git, "ls-tree", "-r", "--name-only", tag],
                         capture_output=True, text=True, check=True).stdout.split("\n")
    return [f for f in out if f.endswith(".c") and any(f.startswith(t) for t in trees)]


def call_args(text, start):
    """The text of a call's argument list from the opening parenthesis at `start`."""
    depth, i, n = 0, start, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            i = j
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
        i += 1
    return ""


def first_format(args):
    """The first string literal of the arguments with the adjacent literals joined to it."""
    m = LITERAL.search(args)
    if not m:
        return None
    parts, end = [m.group(1)], m.end()
    while True:
        rest = args[end:]
        nxt = re.match(r'\s*"((?:[^"\\\n]|\\.)*)"', rest)
        if not nxt:
            # a PRI macro between literals ("%"PRIu64"") reads as a conversion
            macro = re.match(r'\s*(PRI[a-zA-Z0-9]+|PRI_[A-Z_]+)\s*"((?:[^"\\\n]|\\.)*)"', rest)
            if not macro:
                break
            # "%"PRIu64 is a length modifier; PRI_SO and friends are whole conversions
            parts.append(("d" if parts[-1].endswith("%") else "%d") + macro.group(2))
            end += macro.end()
            continue
        parts.append(nxt.group(1))
        end += nxt.end()
    return "".join(parts).replace("\\n", "").replace("\\t", " ").replace('\\"', '"').strip()


def extract(daemon, git, tag):
    spec = DAEMONS[daemon]
    found = {}
    for path in files(git, tag, spec["trees"]):
        if spec.get("skip") and spec["skip"].search(path):
            continue
        text = subprocess.run(["git", "--git-dir", git, "show", f"{tag}:{path}"],
                              capture_output=True, text=True, errors="replace").stdout
        for m in spec["calls"].finditer(text):
            paren = text.index("(", m.start())
            args = call_args(text, paren)
            fmt = first_format(args)
            if fmt and spec.get("func") and fmt.startswith("%s"):
                # the first argument after the format literal(s)
                first_arg = re.sub(r'^\s*(?:"(?:[^"\\\n]|\\.)*"\s*)+,\s*', "", args)
                func = enclosing_function(text, m.start())
                if func and re.match(r"__func__\b", first_arg):
                    fmt = func + fmt[2:]
                elif func and re.match(r"SPI_S[AH]\([^,()]+,\s*__func__\)", first_arg):
                    # SPI_SA(sa, __func__) prints "spi=0x<16 hex digits>: <function>"
                    fmt = "spi=%s: " + func + fmt[2:]
            if fmt and spec.get("errno_suffix") and m.group(0).startswith(spec["errno_suffix"] + "("):
                # log_warn prints ": strerror(errno)" after the message
                fmt += ": %s"
            if fmt and spec.get("skip_format") and spec["skip_format"].search(fmt):
                continue
            if not fmt or not re.search(r"[A-Za-z]{3}", re.sub(r"%[-#0-9.+ lhzjt]*[a-zA-Z]", "", fmt)):
                continue
            if FAILURE.search(re.sub(r"%[-#0-9.+ lhzjt]*[a-zA-Z]", " ", fmt)):
                found.setdefault((path[len(spec["strip"]):], fmt), None)
    return found


def main():
    daemon, git, tags = sys.argv[1], sys.argv[2], sys.argv[3:]
    rows = {}
    for tag in tags:
        for key in extract(daemon, git, tag):
            rows.setdefault(key, []).append(tag)
    for (path, fmt), seen in sorted(rows.items()):
        print(f"{path}\t{fmt}\t{' '.join(seen)}")


if __name__ == "__main__":
    main()
