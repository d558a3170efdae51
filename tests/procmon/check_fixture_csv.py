#!/usr/bin/env python3
"""traceshark-dump's CSV of the project's own PML fixtures against the truth files make_pml.py wrote."""
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile

COLUMNS = {"operation_name": "Operation", "path": "Path", "result_name": "Result", "detail": "Detail",
           "category": "Category", "pid": "PID", "tid": "TID"}


def main() -> int:
    dump, fixtures = sys.argv[1], sys.argv[2]
    failures = 0
    for name, bits in (("session64", "64"), ("session32", "32"), ("session64-ipv6", "64")):
        pml = f"{fixtures}/{name}.PML"
        truth = json.load(open(pml + ".truth.json"))
        out = subprocess.run([dump, "--csv", pml], check=True, capture_output=True).stdout.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        if len(rows) != len(truth["events"]):
            print(f"{pml}: {len(rows)} rows, truth has {len(truth['events'])} events")
            failures += 1
        for row, event in zip(rows, truth["events"]):
            for key, column in COLUMNS.items():
                if row[column] != str(event[key]):
                    print(f"{pml} event {event['index']} {column}: got {row[column]!r}, truth {event[key]!r}")
                    failures += 1
            procs = {p["index"]: p for p in truth["processes"]}
            p = procs[event["process_index"]]
            for key, column in (("name", "Process Name"), ("image_path", "Image Path"), ("user", "User"),
                                ("command_line", "Command Line"), ("ppid", "Parent PID")):
                if row[column] != str(p[key]):
                    print(f"{pml} event {event['index']} {column}: got {row[column]!r}, truth {p[key]!r}")
                    failures += 1
        summary = subprocess.run([dump, "--summary", pml], check=True, capture_output=True, text=True).stdout
        system = truth["system"]
        for line in (f"Computer Name: {system['computer_name']}", f"Operating System: {system['os']}",
                     f"Logical Processors: {system['cpus']}", f"System Type: {bits}-bit"):
            if line not in summary:
                print(f"{pml}: summary lacks {line!r}")
                failures += 1
        print(f"{pml}: {len(rows)} events checked")
    failures += check_cut_logs(dump, f"{fixtures}/session64.PML")
    return 1 if failures else 0


def check_cut_logs(dump, pml) -> int:
    """--csv on a log cut to 0..8 bytes: exit 1 with one `FILE: offset 0x...: problem` line, never the usage
    error (exit 2) a file too short to show its magic used to get; a non-PML file stays a usage error."""
    failures = 0
    data = open(pml, "rb").read()
    with tempfile.TemporaryDirectory() as tmp:
        cases = [(n, data[:n], 1) for n in range(0, 9)] + [("trace.dat head", b"\x17\x08Dtracing6", 2)]
        cases.append(("missing", None, 1))
        for n, content, want in cases:
            path = os.path.join(tmp, f"cut-{n}.PML".replace(" ", "-"))
            if content is not None:
                open(path, "wb").write(content)
            r = subprocess.run([dump, "--csv", path], capture_output=True, text=True)
            err = r.stderr.strip().splitlines()
            ok = r.returncode == want and r.stdout == ""
            if want == 1 and content is not None:
                ok = ok and len(err) == 1 and re.fullmatch(rf"traceshark-dump: {re.escape(path)}: offset 0x[0-9a-f]+: .+", err[0])
            if want == 2:
                ok = ok and "--csv is for Procmon logs" in r.stderr
            if want == 1 and content is None:
                ok = ok and len(err) == 1 and path in err[0]
            print(f"{'ok' if ok else 'FAIL'}: --csv on {n!r} bytes: exit {r.returncode} (want {want}): {r.stderr.strip()}")
            failures += not ok
    return failures


if __name__ == "__main__":
    sys.exit(main())
