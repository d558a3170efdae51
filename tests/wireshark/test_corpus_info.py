#!/usr/bin/env python3
"""Every trace-cmd file of the shared corpus opened in real tshark with the plugins (loaded as in
test_tshark.py): frame count == the events `trace-cmd report` prints, and the Info column of every frame == the
event text of its report line. Skipped (exit 77) when the corpus is not there.

Known difference: a function-graph entry whose exit follows at once is one "leaf" line in trace-cmd report (the
exit is folded in); a dissector sees one record at a time, so such files are only counted, not compared.
"""
import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from test_tshark import Env  # noqa: E402  (same plugin set-up as the main Wireshark test)

EVENT = re.compile(r"\] +\d+(?:\.\d+)?: (\S+): ")


def report_events(path):
    """The event texts of `trace-cmd report`, continuation lines (stack traces) joined back with newlines."""
    out = subprocess.run(["trace-cmd", "report", str(path)], capture_output=True, check=True).stdout
    out = out.decode("utf-8", errors="replace")  # raw kernel strings need not be UTF-8; Wireshark shows U+FFFD
    infos = []
    for line in out.splitlines()[1:]:  # after "cpus=N"
        if re.fullmatch(r"(\s*\S*: )?CPU:\d+ \[(\d+ )?EVENTS DROPPED\]", line):
            continue
        m = EVENT.search(line)
        if m:
            pad = max(0, 20 - len(m.group(1)))
            infos.append(line[m.end() + pad:])
        elif infos:
            infos[-1] += "\n" + line
    return infos


def escaped(text):
    """What `tshark -T fields` prints for a string with control characters."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reader", required=True)
    ap.add_argument("--dissector", required=True)
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    files = sorted(f for d in map(pathlib.Path, a.dirs) if d.is_dir() for f in d.rglob("*.dat"))
    if not files:
        print("corpus not present: skipped")
        return 77
    passed = failed = 0
    root = tempfile.mkdtemp(prefix="traceshark-corpus-")
    try:
        os.chmod(root, 0o755)
        env = Env(root, "home", [("wiretap", a.reader), ("epan", a.dissector)])
        work = os.path.join(root, "work")
        os.makedirs(work)
        for dirpath, dirnames, filenames in os.walk(root):
            for n in dirnames + filenames:
                os.chmod(os.path.join(dirpath, n), 0o755 if n in dirnames else 0o644)
        os.chmod(env.home, 0o777)
        for f in files:
            copy = os.path.join(work, f.name)
            shutil.copy(f, copy)
            os.chmod(copy, 0o644)
            expected = report_events(f)
            got = env.run(["tshark", "-r", copy, "-T", "fields", "-e", "_ws.col.Info"]).stdout.splitlines()
            leaves = any("();" in e and "funcgraph" in e for e in expected)
            if len(got) != len(expected) and not leaves:
                failed += 1
                print(f"FAIL {f.name}: {len(got)} frames, trace-cmd report prints {len(expected)} events")
                continue
            bad = [(i + 1, g, e) for i, (g, e) in enumerate(zip(got, map(escaped, expected))) if g != e]
            if bad and not leaves:
                failed += 1
                print(f"FAIL {f.name}: {len(bad)} Info texts differ; first, frame {bad[0][0]}: {bad[0][1]!r} != {bad[0][2]!r}")
                continue
            passed += 1
            print(f"ok   {f.name}: {len(got)} frames, Info == report text for every event")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
