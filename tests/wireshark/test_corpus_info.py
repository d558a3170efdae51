#!/usr/bin/env python3
"""Every trace-cmd file of the shared corpus opened in real tshark with the plugins (loaded as in
test_tshark.py): frame count == the events `trace-cmd report` prints, and the Info column of every frame == the
event text of its report line. Skipped (exit 77) when the corpus is not there.

Function-graph leaves: trace-cmd report prints an entry whose exit comes next as one "func();" line and drops the
exit. No corpus file has one, so tests/tools/make_leaf_trace.py makes them in a copy of a function-graph capture;
in Wireshark the entry shows report's leaf text and the exit stays a frame of its own, which the comparison skips.
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
    ap.add_argument("--leaf-generator", help="tests/tools/make_leaf_trace.py")
    ap.add_argument("--leaf-source", help="a corpus file name with function-graph events (e.g. LabSisOp_trace.dat)")
    ap.add_argument("--dump", help="traceshark-dump, checked against trace-cmd report on the generated leaf file")
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    files = sorted(f for d in map(pathlib.Path, a.dirs) if d.is_dir() for f in d.rglob("*.dat"))
    if not files:
        print("corpus not present: skipped")
        return 77
    passed = failed = 0
    root = tempfile.mkdtemp(prefix="traceshark-corpus-")
    leaf_files = set()
    source = next((f for f in files if a.leaf_source and f.name == a.leaf_source), None)
    if source and a.leaf_generator:
        leaf = pathlib.Path(root) / "leaf" / ("leaves-" + source.name)
        leaf.parent.mkdir()
        made = subprocess.run([sys.executable, a.leaf_generator, str(source), str(leaf), "2"],
                              capture_output=True, text=True, check=True).stdout.strip()
        if made != "2":
            print(f"FAIL leaf generator made {made} leaves in {source.name}")
            failed += 1
        else:
            files.append(leaf)
            leaf_files.add(leaf)
            if a.dump:
                ours = subprocess.run([a.dump, str(leaf)], capture_output=True).stdout
                theirs = subprocess.run(["trace-cmd", "report", str(leaf)], capture_output=True).stdout
                if ours == theirs and b"();" in theirs:
                    passed += 1
                    print(f"ok   {leaf.name}: traceshark-dump prints trace-cmd report's leaf lines byte for byte")
                else:
                    failed += 1
                    print(f"FAIL {leaf.name}: traceshark-dump differs from trace-cmd report")
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
            got = env.run(["tshark", "-r", copy, "-T", "fields", "-e", "_ws.col.Info"]).stdout.splitlines()
            expected = report_events(f)
            # trace-cmd 3.1.6 reads past the end of a zero-length trace_clock option (valgrind: strtok_r in
            # tracecmd_parse_trace_clock over a malloc(0) block; raw_trace.dat has one), so on such a file its
            # output depends on heap contents: once in CI it printed no event at all. An empty report where the
            # file has events is run again, said aloud, and never taken as the oracle.
            for attempt in range(2):
                if expected or not got:
                    break
                print(f"note {f.name}: trace-cmd report printed no event (run {attempt + 1}); running it again")
                expected = report_events(f)
            leaves = 0
            if f in leaf_files:
                # Random access (tshark -2 re-reads every frame by reference) must attach the same next records.
                two_pass = env.run(["tshark", "-2", "-r", copy, "-T", "fields", "-e", "_ws.col.Info"]).stdout.splitlines()
                if two_pass != got:
                    failed += 1
                    print(f"FAIL {f.name}: tshark -2 shows other Info texts than one pass")
                    continue
            if f in leaf_files:  # the exit after each leaf entry is a frame here, folded into the entry in report
                kept = []
                skip = False
                for g in got:
                    if skip:
                        skip = False
                        continue
                    kept.append(g)
                    if g.endswith("();"):
                        leaves += 1
                        skip = True
                got = kept
                if leaves != 2:
                    failed += 1
                    print(f"FAIL {f.name}: {leaves} leaf lines in tshark's Info column, 2 expected")
                    continue
            if len(got) != len(expected):
                failed += 1
                print(f"FAIL {f.name}: {len(got)} frames, trace-cmd report prints {len(expected)} events")
                continue
            bad = [(i + 1, g, e) for i, (g, e) in enumerate(zip(got, map(escaped, expected))) if g != e]
            if bad:
                failed += 1
                print(f"FAIL {f.name}: {len(bad)} Info texts differ; first, frame {bad[0][0]}: {bad[0][1]!r} != {bad[0][2]!r}")
                continue
            passed += 1
            print(f"ok   {f.name}: {len(got)} frames, Info == report text for every event"
                  + (f" ({leaves} function-graph leaves)" if leaves else ""))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
