#!/usr/bin/env python3
"""traceshark-dump's CSV of the project's own PML fixtures against the truth files make_pml.py wrote."""
import csv
import io
import json
import subprocess
import sys

COLUMNS = {"operation_name": "Operation", "path": "Path", "result_name": "Result", "detail": "Detail",
           "category": "Category", "pid": "PID", "tid": "TID"}


def main() -> int:
    dump, fixtures = sys.argv[1], sys.argv[2]
    failures = 0
    for bits in ("64", "32"):
        pml = f"{fixtures}/session{bits}.PML"
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
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
