#!/usr/bin/env python3
"""Drives the real tshark, editcap and capinfos with Traceshark's plugins loaded the way users load them.

The plugins go into a personal plugin directory ($HOME/.local/lib/wireshark/plugins/4.0/{epan,wiretap}) of a
throw-away HOME. tshark ignores personal plugin directories when run as root, so as root the tools run as an
unprivileged user (nobody, via setpriv); nothing of the system's Wireshark installation is touched.

Checks, on a trace.dat fixture:
  * tshark reads it (reader plugin) with as many frames as traceshark-dump prints events;
  * the Info column of every frame is the event text of the matching `trace-cmd report` line;
  * `editcap -F pcapng` writes it, and the pcapng dissects identically with ONLY the dissector plugin;
  * without any plugin the pcapng still opens (Exported PDU);
  * capinfos lists the interfaces with their names.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

NOBODY = 65534
FAILURES = []


def check(cond, what):
    if cond:
        print(f"ok: {what}")
    else:
        print(f"FAIL: {what}")
        FAILURES.append(what)
    return cond


class Env:
    """A HOME with some of the plugins installed, and a way to run tools in it."""

    def __init__(self, root, name, plugins):
        self.home = os.path.join(root, name)
        for kind, path in plugins:
            d = os.path.join(self.home, ".local/lib/wireshark/plugins/4.0", kind)
            os.makedirs(d, exist_ok=True)
            shutil.copy(path, d)
        os.makedirs(self.home, exist_ok=True)

    def run(self, args, check_rc=True):
        prefix = ["env", "-i", "PATH=/usr/bin:/bin", f"HOME={self.home}", "LC_ALL=C.UTF-8"]
        if os.geteuid() == 0:
            prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] + prefix
        p = subprocess.run(prefix + args, capture_output=True, text=True)
        if check_rc and p.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({p.returncode}):\n{p.stderr}")
        return p


def report_infos(dump, fixture):
    """Event texts of `traceshark-dump FILE` (= trace-cmd report) lines, without the `cpus=` line."""
    out = subprocess.run([dump, fixture], capture_output=True, text=True, check=True).stdout.splitlines()
    infos = []
    for line in out:
        if line.startswith("cpus="):
            continue
        if re.fullmatch(r"CPU:\d+ \[(\d+ )?EVENTS DROPPED\]", line):
            continue
        m = re.search(r"\] +\d+\.\d+: (\S+): ", line)
        if not m:
            raise SystemExit(f"unexpected report line: {line!r}")
        pad = max(0, 20 - len(m.group(1)))
        rest = line[m.end():]
        assert rest[:pad] == " " * pad, line
        infos.append(rest[pad:])
    return infos


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reader", required=True)
    ap.add_argument("--dissector", required=True)
    ap.add_argument("--dump", required=True)
    ap.add_argument("--fixture", required=True)
    ap.add_argument("--damaged-source", help="a trace.dat whose last 20 000 bytes are cut off for the damage test")
    ap.add_argument("--other", help="a trace.dat of another machine, merged with the fixture")
    a = ap.parse_args()

    root = tempfile.mkdtemp(prefix="traceshark-tshark-")
    try:
        os.chmod(root, 0o755)
        full = Env(root, "home-full", [("wiretap", a.reader), ("epan", a.dissector)])
        epan_only = Env(root, "home-epan", [("epan", a.dissector)])
        bare = Env(root, "home-bare", [])
        work = os.path.join(root, "work")
        os.makedirs(work)
        fixture = os.path.join(work, os.path.basename(a.fixture))
        shutil.copy(a.fixture, fixture)
        for dirpath, dirnames, filenames in os.walk(root):
            for n in dirnames + filenames:
                os.chmod(os.path.join(dirpath, n), 0o755 if n in dirnames else 0o644)
        os.chmod(work, 0o777)  # the tools write their outputs here as the unprivileged user

        # The plugins really are loaded from the personal directory (the root trap would make this vacuous).
        plugins = full.run(["tshark", "-G", "plugins"]).stdout
        check("traceshark.so" in plugins and "dissector" in plugins, "tshark -G plugins lists the dissector plugin")
        check("traceshark-tracedat.so" in plugins and "file type" in plugins,
              "tshark -G plugins lists the file-type plugin")

        expected = report_infos(a.dump, a.fixture)
        fields = ["-T", "fields", "-E", "separator=/t", "-e", "frame.number", "-e", "frame.time_epoch",
                  "-e", "traceshark.cpu", "-e", "traceshark.pid", "-e", "traceshark.comm",
                  "-e", "traceshark.event.system", "-e", "traceshark.event.name", "-e", "traceshark.machine.hostname",
                  "-e", "_ws.col.Info"]

        direct = full.run(["tshark", "-r", fixture] + fields)
        check(direct.stderr.strip() == "", f"tshark reads the trace.dat without messages ({direct.stderr.strip()[:200]!r})")
        rows = direct.stdout.splitlines()
        check(len(rows) == len(expected), f"frame count {len(rows)} == traceshark-dump event count {len(expected)}")

        infos = full.run(["tshark", "-r", fixture, "-T", "fields", "-e", "_ws.col.Info"]).stdout.splitlines()
        mismatches = [(i + 1, w, e) for i, (w, e) in enumerate(zip(infos, expected)) if w != e]
        check(len(infos) == len(expected) and not mismatches,
              f"Info column == report event text for all {len(expected)} events"
              + (f" (first mismatch, frame {mismatches[0][0]}: {mismatches[0][1]!r} != {mismatches[0][2]!r})"
                 if mismatches else ""))
        check(all(r.split("\t")[7] for r in rows), "every frame names its machine")

        two_pass = full.run(["tshark", "-2", "-r", fixture, "-T", "fields", "-e", "_ws.col.Info"]).stdout.splitlines()
        check(two_pass == infos, "tshark -2 (re-reads every frame by its RecordRef) gives the same Info column")

        # Damage: every event before it, then a wiretap error naming the offset.
        truncated = os.path.join(work, "truncated.dat")
        with open(a.damaged_source or a.fixture, "rb") as f, open(truncated, "wb") as g:
            data = f.read()
            g.write(data[: len(data) - 20000])
        os.chmod(truncated, 0o644)
        dumped = subprocess.run([a.dump, truncated], capture_output=True, text=True)
        t = full.run(["tshark", "-r", truncated, "-T", "fields", "-e", "frame.number"], check_rc=False)
        n_dump = len([l for l in dumped.stdout.splitlines() if not l.startswith("cpus=")])
        if dumped.returncode == 3:
            check(len(t.stdout.splitlines()) == n_dump and "offset 0x" in t.stderr and t.returncode != 0,
                  f"a truncated file gives its {n_dump} good events, then an error naming the offset")
        else:  # cut where the file cannot be opened at all
            check(dumped.returncode == 1 and t.returncode != 0 and "traceshark: offset 0x" in t.stderr,
                  f"truncated file: traceshark-dump exit {dumped.returncode}, tshark exit {t.returncode}: {t.stderr!r}")

        pcapng = os.path.join(work, "converted.pcapng")
        full.run(["editcap", "-F", "pcapng", fixture, pcapng])
        converted = epan_only.run(["tshark", "-r", pcapng] + fields)
        check(converted.stderr.strip() == "", "the pcapng dissects without messages with only the dissector plugin")
        check(converted.stdout == direct.stdout,
              "editcap -F pcapng output dissects identically with only the dissector plugin")
        no_reader = epan_only.run(["tshark", "-r", fixture], check_rc=False)
        check(no_reader.returncode != 0, "without the reader plugin the trace.dat is not readable (sanity)")

        plain = bare.run(["tshark", "-r", pcapng, "-T", "fields", "-e", "frame.number", "-e", "exported_pdu.prot_name"])
        lines = plain.stdout.splitlines()
        check(len(lines) == len(expected) and all(l.endswith("\ttraceshark") for l in lines),
              "without plugins the pcapng opens as Exported PDU for dissector 'traceshark'")

        if a.other:
            other = os.path.join(work, "other.dat")
            shutil.copy(a.other, other)
            os.chmod(other, 0o644)
            other_pcapng = os.path.join(work, "other.pcapng")
            merged = os.path.join(work, "merged.pcapng")
            full.run(["editcap", "-F", "pcapng", other, other_pcapng])
            full.run(["mergecap", "-F", "pcapng", "-w", merged, pcapng, other_pcapng])
            other_infos = report_infos(a.dump, a.other)
            m = epan_only.run(["tshark", "-r", merged, "-T", "fields", "-e", "traceshark.machine.hostname",
                               "-e", "_ws.col.Info"])
            got = sorted(m.stdout.splitlines())
            hosts = {l.split("\t")[0] for l in got}
            check(sorted(l.split("\t", 1)[1] for l in got) == sorted(expected + other_infos) and len(hosts) == 2,
                  f"mergecap of two machines ({sorted(hosts)}) dissects with only the dissector plugin")

        info = full.run(["capinfos", pcapng]).stdout
        n_if = int(re.search(r"Number of interfaces in file: (\d+)", info).group(1))
        names = re.findall(r"^\s+Name = (.*)$", info, re.M)
        check(n_if >= 2 and len(names) == n_if, f"capinfos lists {n_if} interfaces, each with a name")
        summary = subprocess.run([a.dump, "--summary", a.fixture], capture_output=True, text=True, check=True).stdout
        host = re.search(r"hostname=(\S*)", summary).group(1)
        check(f"{host}/top" in names, f"capinfos shows the record interface {host}/top")
        meta = [n for n in names if n.startswith("traceshark-meta:")]
        kinds = {n.split(":")[2] for n in meta}
        check("formats" in kinds and kinds <= {"formats", "kallsyms", "printk", "cmdlines"},
              f"capinfos shows metadata interfaces ({sorted(kinds)})")
        descs = re.findall(r"^\s+Description = (.*)$", info, re.M)
        check(all(len(d) <= 65535 for d in descs), "no interface description exceeds 65 535 bytes")
        check(any(d.startswith("traceshark1;key=") for d in descs), "the record interface carries the machine key")
    finally:
        shutil.rmtree(root, ignore_errors=True)

    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
