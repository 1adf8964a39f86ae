#!/usr/bin/env python3
"""Parses one Nagios plugin output line (stdin) as Nagios does: the text before `|` is the
status text, the rest perfdata, read with pynag's PerfData. Prints JSON:
{"lines", "text", "perfdata_valid", "metrics": [{"label", "value", "warn", "crit", "min", "max", "valid"}]}."""
import json
import sys

from pynag.Utils import PerfData

out = sys.stdin.read()
lines = out.splitlines()
first = lines[0] if lines else ""
text, _, perf = first.partition("|")
p = PerfData(perf.strip())
print(json.dumps({
    "lines": len(lines),
    "text": text.strip(),
    "perfdata_valid": p.is_valid(),
    "metrics": [{"label": m.label, "value": m.value, "warn": m.warn, "crit": m.crit, "min": m.min, "max": m.max,
                 "valid": m.is_valid()} for m in p.metrics],
}))
