#!/usr/bin/env python3
"""traceshark-dump on v7 files cut inside and after their CPU data, where the options that locate that data
(written after it by trace-cmd) are lost: every event before the cut is printed, and the damage is reported
with its offset (exit 3).

For each fixture and cut point: exit 3; stderr lines are `FILE: offset 0x...: problem` with offsets inside the
cut file; the printed events are exactly those of the intact file's report restricted to what is kept (in the
same order), and per CPU they are the first events of that CPU; every CPU whose data ends before the cut is
complete; cuts further in never keep fewer events. trace-cmd report, for the record, is run on each cut too.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

FAILURES = []


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        FAILURES.append(what)


def sections(data):
    """[(offset, id, flags, size)] of a little-endian v7 file, walking from the first section."""
    p = 10
    p = data.index(b"\0", p) + 1 + 2 + 4          # version, endian, long size, page size
    p = data.index(b"\0", p) + 1                  # compression
    p = data.index(b"\0", p) + 1 + 8              # compression version, first options offset
    out = []
    while p + 16 <= len(data):
        sid, flags, _, size = struct.unpack_from("<HHIQ", data, p)
        out.append((p, sid, flags, size))
        p += 16 + size
    return out


def cpu_table(data, secs, data_offset):
    """CPU (id, offset, size) of the BUFFER option that describes the data section at data_offset."""
    for off, sid, flags, size in secs:
        if sid != 0 or flags & 1:
            continue
        q = off + 16
        while q < off + 16 + size:
            oid, osz = struct.unpack_from("<HI", data, q)
            body = data[q + 6:q + 6 + osz]
            if oid == 3 and struct.unpack_from("<Q", body, 0)[0] == data_offset:
                k = body.index(b"\0", 8) + 1
                k = body.index(b"\0", k) + 1 + 4
                n, = struct.unpack_from("<I", body, k)
                return [struct.unpack_from("<IQQ", body, k + 4 + 20 * i) for i in range(n)]
            q += 6 + osz
    raise SystemExit("no BUFFER option for the data section")


def event_lines(text):
    return [l for l in text.splitlines() if not l.startswith("cpus=") and "EVENTS DROPPED" not in l]


def cpu_of(line):
    return int(re.search(r"\[(\d{3})\]", line).group(1))


def main():
    dump, fixtures = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="traceshark-cut-v7-")
    try:
        for name in ("v7-none.dat", "v7-zstd.dat"):
            path = os.path.join(fixtures, name)
            data = open(path, "rb").read()
            secs = sections(data)
            top = next(s for s in secs if s[1] == 3)
            cpus = cpu_table(data, secs, top[0])
            full = event_lines(subprocess.run([dump, "--jobs", "1", path], capture_output=True, text=True,
                                              check=True).stdout)
            per_cpu = {}
            for l in full:
                per_cpu.setdefault(cpu_of(l), []).append(l)
            section_end = top[0] + 16 + top[3]
            cuts = []
            for cpu, off, size in cpus:
                cuts += [off + size * k // 4 + 100 for k in (1, 2, 3)]
            cuts += [cpus[-1][1] + cpus[-1][2], section_end + 20]
            previous = -1
            for cut in sorted(cuts):
                cut_path = os.path.join(tmp, f"{name}.cut{cut}")
                with open(cut_path, "wb") as f:
                    f.write(data[:cut])
                r = subprocess.run([dump, cut_path], capture_output=True, text=True)
                got = event_lines(r.stdout)
                errs = r.stderr.strip().splitlines()
                offsets = [int(m.group(1), 16) for e in errs
                           for m in [re.match(rf"{re.escape(cut_path)}: offset 0x([0-9a-f]+): ", e)] if m]
                what = f"{name} cut at {cut:#x} ({100 * cut // len(data)} %)"
                check(r.returncode == 3, f"{what}: exit {r.returncode} (3: events printed, damage reported)")
                check(errs and len(offsets) == len(errs) and all(o <= cut for o in offsets),
                      f"{what}: every stderr line names an offset in the file: {errs[:3]}")
                kept = {}
                for l in got:
                    kept[cpu_of(l)] = kept.get(cpu_of(l), 0) + 1
                prefix_ok = all([l for l in got if cpu_of(l) == c] == per_cpu.get(c, [])[:n] for c, n in kept.items())
                check(prefix_ok, f"{what}: per CPU, the events are the first ones of the intact file {kept}")
                wanted = set()
                for c, n in kept.items():
                    wanted.update(per_cpu.get(c, [])[:n])
                check(got == [l for l in full if l in wanted],
                      f"{what}: {len(got)} of {len(full)} events, in the intact file's order")
                complete = [cpu for cpu, off, size in cpus if off + size + 4 <= cut]
                check(all(kept.get(c, 0) == len(per_cpu[c]) for c in complete),
                      f"{what}: CPUs {complete} wholly before the cut are complete")
                check(len(got) > 0 and len(got) >= previous, f"{what}: events kept grow with the cut ({len(got)})")
                previous = len(got)
                if shutil.which("trace-cmd"):
                    t = subprocess.run(["trace-cmd", "report", cut_path], capture_output=True, text=True)
                    print(f"   trace-cmd report on it: exit {t.returncode}, {len(event_lines(t.stdout))} lines")
            # Cut in the STRINGS section at the very end (section names only): nothing lost, nothing to report.
            cut_path = os.path.join(tmp, f"{name}.strings-cut")
            with open(cut_path, "wb") as f:
                f.write(data[:-1])
            r = subprocess.run([dump, cut_path], capture_output=True, text=True)
            check(r.returncode == 0 and event_lines(r.stdout) == full,
                  f"{name} cut in its last byte (STRINGS): exit {r.returncode}, every event")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(FAILURES)} failure(s)")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
