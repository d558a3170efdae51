#!/usr/bin/env python3
"""Every PML of ../shared/corpus against Procmon's own CSV export of it (procmon-parser's golden files), plus
the system details and process facts SOURCES.md lists, and the 0-event log. Skips (exit 77) without the corpus.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import zlib

EXACT = ["Time of Day", "PID", "Process Name", "Operation", "Path", "Result", "Duration", "Sequence", "Event Class",
         "Image Path", "Command Line", "User", "Parent PID", "Architecture", "Date & Time", "Relative Time",
         "Completion Time", "Company", "Description", "Version", "Authentication ID", "Session", "TID",
         "Virtualized", "Integrity", "Category"]
PAIRS = [  # (PML, zlib-compressed?, Procmon CSV export)
    ("pml/LogfileTests32bitUTC.PML", False, "CompressedLogfileTests32bitUTCCSV"),
    ("pml/zlib/CompressedLogfileTests64bitUTCPML", True, "CompressedLogfileTests64bitUTCCSV"),
    ("pml/LogFileUTC32Filesystem.PML", False, "CompressedLogFileUTC32FilesystemCSV"),
    ("pml/zlib/CompressedLogFileUTC64FilesystemPML", True, "CompressedLogFileUTC64FilesystemCSV"),
    ("pml/LogFileUTC64Process.PML", False, "CompressedLogFileUTC64ProcessCSV"),
    ("pml/LogFileUTC64Registry.PML", False, "CompressedLogFileUTC64RegistryCSV"),
]
# SOURCES.md / procmon-parser tests/test_logs_format.py
SUMMARIES = {
    "pml/LogfileTests32bitUTC.PML": ["Computer Name: WIN-5V8CQK0CP5H",
                                     "Operating System: Windows 7, Service Pack 1 (build 7601.2)",
                                     "System Root: C:\\Windows", "Logical Processors: 1", "Memory (RAM): 1.99 GB",
                                     "System Type: 32-bit", "Events: 32930"],
    "pml/zlib/CompressedLogfileTests64bitUTCPML": ["Computer Name: DESKTOP-6PCIALL",
                                                   "Operating System: Windows 10 (build 16299.2)",
                                                   "System Root: C:\\Windows", "Logical Processors: 2",
                                                   "Memory (RAM): 1.99 GB", "System Type: 64-bit", "Events: 53214",
                                                   "Processes: 25"],
    "pml/ProcmonConverter_test.PML": ["Operating System: Windows 11 (build 26100.2)", "Logical Processors: 16",
                                      "System Type: 64-bit", "Events: 0"],
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--compare", required=True)
    ap.add_argument("--skip-if-missing", action="store_true")
    ap.add_argument("dump")
    ap.add_argument("corpus")
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(args.corpus, "pml")):
        print(f"no corpus at {args.corpus}")
        return 77 if args.skip_if_missing else 1

    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        def local(rel, compressed):
            path = os.path.join(args.corpus, rel)
            if not compressed:
                return path
            out = os.path.join(tmp, os.path.basename(rel) + ".PML")
            with open(out, "wb") as f:
                f.write(zlib.decompress(open(path, "rb").read()))
            return out

        for rel, compressed, csv_name in PAIRS:
            pml = local(rel, compressed)
            expected = os.path.join(args.corpus, "expected", "procmon-parser", csv_name)
            requires = [f"--require={c}=100" for c in EXACT] + ["--require=Detail=99"]
            print(f"=== {rel}", flush=True)
            r = subprocess.run([sys.executable, args.compare, args.dump, pml, expected, *requires])
            failed |= r.returncode != 0
            if rel in SUMMARIES:
                summary = subprocess.run([args.dump, "--summary", pml], capture_output=True, text=True)
                for line in SUMMARIES[rel]:
                    if line not in summary.stdout.splitlines():
                        print(f"FAIL: {rel}: summary lacks {line!r}")
                        failed = True
                if "Explorer.EXE" in summary.stdout and rel.endswith("64bitUTCPML"):
                    explorer = [l for l in summary.stdout.splitlines() if "Explorer.EXE" in l]
                    want = "64-bit Medium session 1"
                    if not explorer or want not in explorer[0] or "Microsoft Corporation" not in explorer[0]:
                        print(f"FAIL: explorer.exe: {explorer}")
                        failed = True

        empty = os.path.join(args.corpus, "pml", "ProcmonConverter_test.PML")
        r = subprocess.run([args.dump, "--csv", empty], capture_output=True)
        lines = r.stdout.decode("utf-8-sig").splitlines()
        if r.returncode != 0 or len(lines) != 1:
            print(f"FAIL: 0-event log: exit {r.returncode}, {len(lines)} lines")
            failed = True
        summary = subprocess.run([args.dump, "--summary", empty], capture_output=True, text=True)
        for line in SUMMARIES["pml/ProcmonConverter_test.PML"]:
            if line not in summary.stdout.splitlines():
                print(f"FAIL: 0-event log: summary lacks {line!r}")
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
