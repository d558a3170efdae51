#!/usr/bin/env python3
"""Compares traceshark-dump's CSV of a PML with Procmon's own CSV export of it, column by column.

Columns are matched by name (Procmon exports may order them differently). Prints the match rate of every
column and, with --show N, the first N mismatches of each column grouped by operation. Exits 1 when a column
is under its required rate (--require COLUMN=PERCENT, repeatable) or the row counts differ.
"""
import argparse
import collections
import csv
import io
import subprocess
import sys
import zlib

# Operations Procmon 3.60 added. Older Procmon versions (which wrote the corpus exports) print "<Unknown>" for
# them; we print the name. Counted apart, and reported, not hidden.
NEWER_OPERATIONS = {"SetStorageReservedIdInformation", "QuerySatLxInformation", "QueryCaseSensitiveInformation",
                    "QueryLinkInformationEx", "QueryLinkInfomraitonBypassAccessCheck",
                    "QueryStorageReservedIdInformation", "QueryCaseSensitiveInformationForceAccessCheck"}


def read_csv(data: bytes):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("dump", help="traceshark-dump program")
    ap.add_argument("pml", help="the PML log")
    ap.add_argument("expected", help="Procmon's CSV export (plain, or zlib-compressed as procmon-parser keeps it)")
    ap.add_argument("--require", action="append", default=[], metavar="COLUMN=PERCENT")
    ap.add_argument("--show", type=int, default=0, help="print up to N mismatches per column")
    args = ap.parse_args()

    raw = open(args.expected, "rb").read()
    if not raw.startswith(b"\xef\xbb\xbf") and not raw.startswith(b'"'):
        raw = zlib.decompress(raw)
    expected = read_csv(raw)
    got = read_csv(subprocess.run([args.dump, "--csv", args.pml], check=True, capture_output=True).stdout)

    failed = False
    if len(got) != len(expected):
        print(f"row count: got {len(got)}, Procmon exported {len(expected)}")
        failed = True
    columns = list(expected[0].keys()) if expected else []
    mismatches = collections.defaultdict(list)
    newer = 0
    for i, (g, e) in enumerate(zip(got, expected)):
        for col in columns:
            if g.get(col) != e[col]:
                if col == "Operation" and e[col] == "<Unknown>" and g.get(col) in NEWER_OPERATIONS:
                    newer += 1
                    continue
                mismatches[col].append((i, e.get("Operation", ""), g.get(col), e[col]))
    if newer:
        print(f"Operation: {newer} events named by us where this (older) Procmon export says <Unknown>")

    n = min(len(got), len(expected))
    rates = {}
    for col in columns:
        rates[col] = 100.0 * (n - len(mismatches[col])) / n if n else 100.0
        print(f"{col:20s} {rates[col]:8.3f}%  ({n - len(mismatches[col])}/{n})")
        if args.show and mismatches[col]:
            by_op = collections.defaultdict(list)
            for m in mismatches[col]:
                by_op[m[1]].append(m)
            for op, ms in sorted(by_op.items(), key=lambda kv: -len(kv[1])):
                print(f"    {len(ms):6d} x {op}")
                for i, _, g, e in ms[: args.show]:
                    print(f"        event {i}: got      {g!r}\n        {' ' * len(str(i))}        expected {e!r}")
    for req in args.require:
        col, _, pct = req.rpartition("=")
        if col not in rates:
            print(f"required column {col!r} is not in the export")
            failed = True
        elif rates[col] < float(pct):
            print(f"FAIL: {col} matches {rates[col]:.3f}%, required {pct}%")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
