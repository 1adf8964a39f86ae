#!/usr/bin/env python3
"""Validates `ipsec-doctor diagnose --format json` reports against docs/report.schema.json with
the `jsonschema` package. Usage: validate_report.py SCHEMA [REPORT ...] (a report file, or stdin).
Prints one line per violation (`REPORT: path: message`) and exits 1 if there is any."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
bad = 0
for name in sys.argv[2:] or ["-"]:
    text = sys.stdin.read() if name == "-" else open(name).read()
    try:
        report = json.loads(text)
    except ValueError as e:
        print(f"{name}: not JSON: {e}")
        bad += 1
        continue
    for error in sorted(validator.iter_errors(report), key=lambda e: list(e.path)):
        print(f"{name}: /{'/'.join(map(str, error.path))}: {error.message}")
        bad += 1
sys.exit(1 if bad else 0)
