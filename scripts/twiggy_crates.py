#!/usr/bin/env python3
"""Sums `twiggy top --format csv` rows by crate: the first `crate::` path in each item's name
(for `<T as tachys::…>` that is tachys). Name and debug sections are left out: wasm-opt
drops them from what is shipped."""
import csv
import re
import sys
from collections import Counter

CRATE = re.compile(r"\b([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::")
sizes = Counter()
total = 0
for row in csv.DictReader(sys.stdin):
    name = row.get("Name", "")
    if "subsection" in name or name.startswith("custom section"):
        continue
    size = int(row.get("ShallowSize", 0) or 0)
    total += size
    match = CRATE.search(name)
    if match:
        crate = match.group(1)
    elif name.startswith(("data", "elem", "table", "type", "global", "import", "export")):
        crate = "(data, tables, imports)"
    else:
        crate = "(no name)"
    sizes[crate] += size
print(f"{total / 1024:9.1f} KB  in all (code and data, before wasm-opt)")
for crate, size in sizes.most_common(20):
    print(f"{size / 1024:9.1f} KB  {100 * size / max(total, 1):5.1f} %  {crate}")
