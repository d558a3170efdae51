#!/usr/bin/env python3
"""Big-endian and zlib-compressed files, which no real capture provides, generated from real recordings by
tests/tools/tracedat_variants.py and checked against `trace-cmd report` of the original:

  - the generator: `trace-cmd report BE` must equal `trace-cmd report ORIGINAL` (trace-cmd reads big-endian);
    zlib output is verified by the generator itself (Debian's trace-cmd is built without zlib);
  - traceshark-dump on every variant must print exactly `trace-cmd report ORIGINAL`;
  - a v6 file whose saved command lines are blanked: process names are then learned from sched events while
    printing, in order; traceshark-dump (one or several threads) must print what trace-cmd prints.
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile


def run(*cmd):
    return subprocess.run([str(c) for c in cmd], capture_output=True, check=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", required=True)
    ap.add_argument("--generator", required=True)
    ap.add_argument("--minimal", required=True)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for original in map(pathlib.Path, args.files):
            stem = original.stem
            expected = run("trace-cmd", "report", original).stdout
            source = original
            if b"\0none\0" not in original.read_bytes()[:64] and original.read_bytes()[10:12] != b"6\0":
                source = tmp / f"{stem}-none.dat"  # the generator takes uncompressed input
                run("trace-cmd", "convert", "--compression", "none", "-i", original, "-o", source)
            variants = {}
            for kind, flags in (("be", ["--big-endian"]), ("zlib", ["--zlib"])):
                if kind == "zlib" and source.read_bytes()[10:12] == b"6\0":
                    continue  # zlib needs a v7 input
                out = tmp / f"{stem}-{kind}.dat"
                gen = run(sys.executable, args.generator, *flags, source, out)
                if gen.returncode != 0:
                    print(f"FAIL generator {kind} {original}: {gen.stderr.decode(errors='replace')}")
                    failed += 1
                    continue
                variants[kind] = out
            if source.read_bytes()[10:12] == b"6\0":
                out = tmp / f"{stem}-nocomm.dat"
                if run(sys.executable, args.minimal, "--blank-cmdlines", source, out).returncode == 0:
                    expected_nocomm = run("trace-cmd", "report", out).stdout
                    for label, extra, env in (("default", [], {}), ("--jobs 3, batches of 5", ["--jobs", "3"], {"TRACESHARK_REPORT_BATCH": "5"})):
                        ours = subprocess.run([args.dump, *extra, str(out)], capture_output=True, env={**os.environ, **env})
                        if ours.stdout == expected_nocomm and b"<...>" in expected_nocomm:
                            passed += 1
                            print(f"ok   {original.name} [no saved cmdlines, {label}]: names learned while printing, as trace-cmd does")
                        else:
                            failed += 1
                            print(f"FAIL {original.name} [no saved cmdlines, {label}]")
            if "be" in variants and "zlib" in variants:
                out = tmp / f"{stem}-be-zlib.dat"
                if run(sys.executable, args.generator, "--zlib", variants["be"], out).returncode == 0:
                    variants["be-zlib"] = out
            if "be" in variants:
                if run("trace-cmd", "report", variants["be"]).stdout != expected:
                    print(f"FAIL {original}: trace-cmd reads the big-endian variant differently: generator bug")
                    failed += 1
            for kind, path in variants.items():
                ours = run(args.dump, path)
                if ours.returncode == 0 and ours.stdout == expected:
                    passed += 1
                    print(f"ok   {original.name} [{kind}]: identical to trace-cmd report of the original")
                else:
                    failed += 1
                    print(f"FAIL {original.name} [{kind}]: exit {ours.returncode} {ours.stderr.decode(errors='replace')[:300]}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
