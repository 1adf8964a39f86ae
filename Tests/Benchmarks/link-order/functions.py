#!/usr/bin/env python3
"""The functions of one object that callgrind profiles saw run, in the order first seen (profile
after profile), one mangled name a line: lld's --symbol-ordering-file (make.sh, Package.swift).

usage: functions.py OBJECT-NAME-SUFFIX CALLGRIND-OUT...
"""
import re
import sys

suffix = sys.argv[1]
seen, order = set(), []
for out in sys.argv[2:]:
    lines = open(out, encoding="utf-8", errors="replace").read().splitlines()
    # callgrind names an object or function once, `ob=(N) name` / `fn=(N) name` (also as
    # cob=/cfn=), and then by its number alone
    objects, functions = {}, {}
    for line in lines:
        m = re.match(r"^c?(ob|fn)=\((\d+)\) (.*)$", line)
        if m:
            (objects if m.group(1) == "ob" else functions)[m.group(2)] = m.group(3)
    current = ""
    for line in lines:
        m = re.match(r"^(ob|fn)=\((\d+)\)", line)
        if not m:
            continue
        if m.group(1) == "ob":
            current = objects[m.group(2)]
            continue
        # `name'2`: the same function, a level of recursion deeper; `(below main)`: not one;
        # `0x00000000004a1280`: code with no symbol, named by its address in this link only
        name = re.sub(r"'\d+$", "", functions[m.group(2)])
        if current.endswith(suffix) and name not in seen and not name.startswith(("(", "0x")):
            seen.add(name)
            order.append(name)
sys.stdout.write("".join(n + "\n" for n in order))
