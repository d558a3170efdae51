#!/usr/bin/env python3
"""Per-file decoded/raw/problem counts of every corpus ETL, from traceshark-dump's event lines (with the manifests
of expected/manifests). "raw": no layout or template (the line shows payload=NB); "problem": problem="...".
The kernel columns count the "Windows Kernel/" and "MSNT_SystemTrace/" events.

Usage: tests/etl/decode_stats.py [-v] [NAME...]   (-v: the raw and problem events by name; NAME filters files)
Environment: DUMP (default build/tools/traceshark-dump/traceshark-dump), CORPUS (default ../shared/corpus).
"""
import os, re, subprocess, sys, collections
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DUMP = os.environ.get("DUMP", os.path.join(ROOT, "build/tools/traceshark-dump/traceshark-dump"))
C = os.environ.get("CORPUS", os.path.join(os.path.dirname(ROOT), "shared/corpus"))
verbose = "-v" in sys.argv
only = [a for a in sys.argv[1:] if not a.startswith("-")]
files = sorted(os.path.relpath(os.path.join(d, f), C + "/etl") for d, _, fs in os.walk(C + "/etl") for f in fs if f.endswith(".etl"))
field = re.compile(r" [A-Za-z_][A-Za-z0-9_.]*=")
print(f"{'file':46} {'events':>7} {'decoded':>7} {'raw':>6} {'problem':>7} | kernel: {'dec':>6} {'raw':>6} {'prob':>5}")
for f in files:
    if only and not any(o in f for o in only): continue
    out = subprocess.run([DUMP, "--manifest", C + "/expected/manifests", C + "/etl/" + f], capture_output=True, text=True, errors="replace").stdout
    n = raw = prob = kd = kr = kp = 0
    per = collections.Counter()
    for line in out.splitlines():
        m = re.match(r"\S+ cpu=\S+ pid=\S+ tid=\S+ (.*)$", line)
        if not m: continue
        rest = m.group(1)
        fm = field.search(rest)
        name = rest[:fm.start()] if fm else rest
        n += 1
        isk = name.startswith("Windows Kernel/") or name.startswith("MSNT_SystemTrace/")
        r = re.search(r" payload=\d+B", rest) is not None
        p = re.search(r' problem="([^"]*)"', rest)
        raw += r; prob += p is not None
        if isk: kd += not r; kr += r; kp += p is not None
        if r: per[(name, "raw")] += 1
        if p: per[(name, "problem: " + re.sub(r"\d+", "N", p.group(1)))] += 1
    print(f"{f:46} {n:7} {n-raw:7} {raw:6} {prob:7} | {kd:14} {kr:6} {kp:5}")
    if verbose:
        for (nm, what), c in per.most_common(25): print(f"      {c:6} {nm}  [{what}]")
