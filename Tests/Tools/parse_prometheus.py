#!/usr/bin/env python3
"""Parses Prometheus text exposition (stdin) with prometheus_client's own parser, the one
node_exporter's ecosystem uses, and prints what it understood as JSON:
[{"name", "type", "help", "samples": [{"name", "labels", "value"}]}]. A format error exits 1."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

try:
    families = [
        {"name": f.name, "type": f.type, "help": f.documentation,
         "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]}
        for f in text_string_to_metric_families(sys.stdin.read())
    ]
except Exception as e:  # the parser raises ValueError and others on bad input
    print(f"not valid Prometheus text format: {e}", file=sys.stderr)
    sys.exit(1)
print(json.dumps(families))
