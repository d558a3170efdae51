#!/usr/bin/env python3
"""Cross-version check: a pcapng written by one Wireshark release dissects identically in the other.

Run by scripts/test-debian13.sh in three steps, on the host (Wireshark 4.0) and in the Debian 13 root (4.4),
sharing one scratch directory:

  cross_version.py write   --dissector SO [--reader SO] --out DIR NAME=INPUT...
      editcap -F pcapng each INPUT (a trace.dat or PML needs --reader; a pcapng is rewritten by this release's
      pcapng writer) into DIR/NAME.pcapng, and dissect it: DIR/NAME.by-<release>.{fields,tree}
  cross_version.py read    --dissector SO --out DIR --from DIR2
      dissect every DIR2/*.pcapng with this release: DIR/<DIR2 name>-NAME.by-<release>.{fields,tree}
  cross_version.py compare DIR...
      every dissection of the same pcapng, and of pcapngs converted from the same input, must be equal after
      the three normalisations below, which are the only known differences between the releases. Neither is
      what the plugins produce:
        1. tshark -T fields of 4.2 and later escapes a backslash in a value as two ("C:\\Windows"): the value
           itself is the same. Undone for outputs of those releases.
        2. A tree label cut at Wireshark's label length is marked "[truncated]" by 4.0 and "[…]" by 4.4, which
           then has room for more text: both become "[truncated]" and the text is compared up to the shorter.
        3. The event text of print formats is libtraceevent's, the same library the system's trace-cmd report
           uses (the suites assert Info == report on each system). Debian 12's libtraceevent 1.7 and
           Debian 13's 1.8 render sched_switch's prev_state differently (1.7 prints W and X where 1.8 prints I
           and Z, one state bit apart): the state letters of sched_switch texts are compared as "<state>".
           The raw prev_state value (a field) is compared unchanged.

Dissection uses ONLY the dissector plugin (no reader), as a user who received the pcapng would.
What is compared:
  *.fields  tshark -T fields: Info and typed fields of every Traceshark protocol (numbers, strings, times,
            frame references), one line per frame; nothing is filtered.
  *.tree    tshark -V -O <Traceshark protocols>: the full detail tree of Traceshark's protocols; Wireshark's
            own protocols (Frame, Exported PDU) are collapsed by -O to their one summary line, and those summary
            lines are dropped, because they are Wireshark's rendering, which changed between releases (4.4 adds
            the section number to Frame, for instance) and are not what the plugins produce.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_tshark import Env, plugin_release  # noqa: E402

FIELDS = [
    "frame.number", "frame.time_epoch", "_ws.col.Info", "_ws.col.Protocol",
    "traceshark.family", "traceshark.machine.hostname", "traceshark.cpu", "traceshark.pid", "traceshark.comm",
    "traceshark.event.system", "traceshark.event.name", "linux_trace_event.id",
    "procmon.operation", "procmon.path", "procmon.result", "procmon.duration", "procmon.pid",
    "procmon.stack.location",
    "process.pid", "process.name", "process.parent.name", "process.start_frame", "process.exit_code",
    "process_event.event", "process_event.child_pid", "process_event.exec_file",
    "activity.kind", "activity.object.open_frame", "activity.object.close_frame", "activity.object.bytes_read",
]
PROTOCOLS = "traceshark,linux_trace_event,procmon,process,process_event,activity"
# Summary lines of Wireshark's own protocols, collapsed by -O: "Frame 1: 64 bytes on wire (...)", "Exported PDU".
WIRESHARK_SUMMARY = re.compile(r"^(Frame \d+: |Exported PDU)")


def tag():
    return "by-" + plugin_release()


def make_env(work, dissector, reader=None):
    plugins = [("epan", dissector)] + ([("wiretap", reader)] if reader else [])
    env = Env(work, "home-" + ("both" if reader else "dissector"), plugins)
    for d, _, files in os.walk(work):
        os.chmod(d, 0o777)
        for f in files:
            os.chmod(os.path.join(d, f), 0o666 if not f.endswith(".so") else 0o755)
    return env


def dissect(env, pcapng, out_base):
    fields = ["tshark", "-r", pcapng, "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a"]
    for f in FIELDS:
        fields += ["-e", f]
    p = env.run(fields)
    with open(out_base + ".fields", "w") as f:
        f.write(p.stdout)
    p = env.run(["tshark", "-r", pcapng, "-V", "-O", PROTOCOLS])
    tree = [line for line in p.stdout.splitlines() if not WIRESHARK_SUMMARY.match(line)]
    with open(out_base + ".tree", "w") as f:
        f.write("\n".join(tree) + "\n")
    frames = p.stdout.count("\nFrame ") + p.stdout.startswith("Frame ")
    print(f"{os.path.basename(out_base)}: {frames} frames dissected by Wireshark {plugin_release()}")
    if frames == 0:
        raise SystemExit(f"{pcapng}: no frames")


def readable_copy(path, work):
    """The tools run as nobody: give them a copy they can read."""
    dst = os.path.join(work, os.path.basename(path))
    shutil.copy(path, dst)
    os.chmod(dst, 0o644)
    return dst


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["write", "read", "compare"])
    ap.add_argument("--dissector")
    ap.add_argument("--reader")
    ap.add_argument("--out")
    ap.add_argument("--from", dest="src")
    ap.add_argument("items", nargs="*")
    a = ap.parse_intermixed_args()

    if a.mode == "compare":
        return compare(a.items)

    os.makedirs(a.out, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="traceshark-xversion-") as work:
        os.chmod(work, 0o777)
        diss_env = make_env(os.path.join(work, "d"), a.dissector)
        if a.mode == "write":
            write_env = make_env(os.path.join(work, "w"), a.dissector, a.reader) if a.reader else diss_env
            for item in a.items:
                name, _, inp = item.partition("=")
                outdir = os.path.join(work, "out")
                os.makedirs(outdir, exist_ok=True)
                os.chmod(outdir, 0o777)
                tmp = os.path.join(outdir, name + ".pcapng")
                write_env.run(["editcap", "-F", "pcapng", readable_copy(inp, work), tmp])
                dst = os.path.join(a.out, name + ".pcapng")
                shutil.copy(tmp, dst)
                print(f"{dst}: written by Wireshark {plugin_release()} from {os.path.basename(inp)}")
                dissect(diss_env, readable_copy(dst, work), os.path.join(a.out, f"{name}.{tag()}"))
        else:
            origin = os.path.basename(os.path.normpath(a.src))
            for f in sorted(os.listdir(a.src)):
                if f.endswith(".pcapng"):
                    dissect(diss_env, readable_copy(os.path.join(a.src, f), work),
                            os.path.join(a.out, f"{origin}-{f[:-7]}.{tag()}"))
    return 0


RELEASE = re.compile(r"\.by-(\d+)\.(\d+)\.(fields|tree)$")
TRUNCATED = re.compile(r"^(?P<head>.*?) \[(?:truncated|\u2026)\]: (?P<text>.*)\]$")
# "comm:pid [prio] STATE ==> comm:pid [prio]" (Info, Event text) and "prev_state=STATE" (report form).
SCHED_SWITCH_STATE = re.compile(r"(\[\d+\] )[A-Za-z+|]+( ==> )|(prev_state=)[A-Za-z+|]+")


def normalise(path, text):
    """Removes the known, documented differences between releases (module docstring) from one output."""
    m = RELEASE.search(path)
    release = (int(m[1]), int(m[2])) if m else (0, 0)
    kind = m[3] if m else ""
    lines = []
    for line in text.splitlines():
        if kind == "fields" and release >= (4, 2):
            line = line.replace("\\\\", "\\")
        t = TRUNCATED.match(line)
        if t:
            line = f"{t['head']} [truncated]: {t['text'][:160]}"
        line = SCHED_SWITCH_STATE.sub(lambda x: (x[1] or x[3]) + "<state>" + (x[2] or ""), line)
        lines.append(line)
    return "\n".join(lines) + "\n"


def compare(dirs):
    """Groups the outputs by the input they come from (NAME) and kind, and requires them all equal."""
    groups = {}
    for d in dirs:
        for f in sorted(os.listdir(d)):
            m = re.match(r"^(?:[^-]+-)?(?P<name>[^.]+)\.by-[\d.]+\.(?P<kind>fields|tree)$", f)
            if m:
                groups.setdefault((m["name"], m["kind"]), []).append(os.path.join(d, f))
    if not groups:
        raise SystemExit("compare: no outputs")
    failed = False
    for (name, kind), files in sorted(groups.items()):
        texts = {f: normalise(f, open(f).read()) for f in files}
        ref_file = files[0]
        ref = texts[ref_file]
        group_failed = False
        for f in files[1:]:
            if texts[f] == ref:
                continue
            failed = group_failed = True
            a, b = ref.splitlines(), texts[f].splitlines()
            diff = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
            print(f"FAIL: {name} {kind}: {f} differs from {ref_file} at line {diff + 1}:\n"
                  f"  {a[diff] if diff < len(a) else '<end>'}\n  {b[diff] if diff < len(b) else '<end>'}")
        if not group_failed:
            lines = ref.count("\n")
            print(f"ok: {name} {kind}: {len(files)} dissections identical ({lines} lines): "
                  + ", ".join(os.path.relpath(f, os.path.dirname(os.path.dirname(f))) for f in files))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
