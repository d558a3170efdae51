#!/usr/bin/env python3
"""Guest files in tshark: frame times are host times, and a host capture merged with its guest interleaves.

make-guest-pair turns recorded fixtures into a host file and a guest file with a TIME_SHIFT option (see
tests/tracecmd/make_guest_pair.cpp). The oracle is `trace-cmd report -t` (full nanosecond timestamps, TIME_SHIFT
applied):
  * tshark -r GUEST: every frame's time equals the report's timestamp of that event, in order;
  * the same for the host (its GUEST options change nothing);
  * editcap both to pcapng, mergecap them: the merged frames are in time order, carry both machines, and their
    (time, machine) pairs are exactly those of `trace-cmd report -t -i HOST -i GUEST`.
  * the host is a KVM host (make-guest-pair --kvm on the v6 copy of the recorded host): its vCPU threads enter the
    guest (kvm:kvm_entry) every 200 us. In the merged capture (mergecap of the trace.dat files; of their
    `editcap -F pcapng` copies; and an `editcap -F pcapng` copy of that), every guest frame has
    traceshark.guest.vcpu == its CPU, .name == the GUEST option's name, .host_tid == the GUEST option's vCPU ->
    host thread map (`trace-cmd dump --options`), .host_frame is a host frame of event kvm_entry of that
    thread at or before it: the latest one, by trace-cmd report -t of the host, and .host_pid is that host
    frame's process.pid; host frames have no guest fields.
The plugins are loaded from a throw-away HOME as in test_tshark.py.
"""
import bisect
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_tshark import Env, check, exit_status  # noqa: E402

TIME = re.compile(r"\] +(\d+)\.(\d{9}): ")


def report_times(*files):
    """(ns, tag) per event line of `trace-cmd report -t`; tag is the file prefix with several files."""
    args = [x for f in files for x in ("-i", f)] if len(files) > 1 else list(files)
    out = subprocess.run(["trace-cmd", "report", "-t", *args], capture_output=True, text=True, check=True).stdout
    times = []
    for line in out.splitlines():
        m = TIME.search(line)
        if m:
            tag = line.split(":", 1)[0].strip() if len(files) > 1 else ""
            times.append((int(m.group(1)) * 10**9 + int(m.group(2)), tag))
    return times


PID = re.compile(r"-(\d+) +\[\d+\] +(\d+)\.(\d{9}): +(\w+):")
GUEST_MAP = re.compile(r"^ +(\d+) (\d+) \[guest cpu, host pid\]$", re.M)


def kvm_entries(host):
    """host thread -> sorted times of its kvm_entry events, from trace-cmd report -t."""
    out = subprocess.run(["trace-cmd", "report", "-t", host], capture_output=True, text=True, check=True).stdout
    entries = {}
    for m in PID.finditer(out):
        if m.group(4) == "kvm_entry":
            entries.setdefault(int(m.group(1)), []).append(int(m.group(2)) * 10**9 + int(m.group(3)))
    return {tid: sorted(ts) for tid, ts in entries.items()}


def guest_map(host):
    """(guest name, {vCPU: host thread}) of the host's GUEST option, as trace-cmd dump --options prints it."""
    out = subprocess.run(["trace-cmd", "dump", "--options", host], capture_output=True, text=True, check=True).stdout
    name = re.search(r"\[Option GUEST, \d+ bytes\]\n(.*) \[Guest name\]", out).group(1)
    return name, {int(v): int(t) for v, t in GUEST_MAP.findall(out)}


GUEST_FIELDS = ["frame.number", "frame.time_epoch", "traceshark.machine.hostname", "traceshark.cpu", "traceshark.pid",
                "traceshark.event.name", "traceshark.guest.vcpu", "traceshark.guest.name", "traceshark.guest.host_tid",
                "traceshark.guest.host_frame", "traceshark.guest.host_pid", "process.pid"]


def check_guest_links(env, capture, label, name, vcpu_tid, entries, guest_events):
    """The traceshark.guest.* fields of every frame of a merged host + guest capture against the oracle."""
    args = ["tshark", "-r", capture, "-T", "fields", "-E", "separator=/t", "-E", "occurrence=f"]
    rows = [r.split("\t") for r in env.run(args + [x for f in GUEST_FIELDS for x in ("-e", f)]).stdout.splitlines()]
    frames = {int(r[0]): r for r in rows}
    guest = [r for r in rows if r[6]]
    check(len(guest) == guest_events, f"{label}: {len(guest)} frames with traceshark.guest.vcpu = the guest's {guest_events} events")
    hosts = {r[2] for r in guest}
    check(len(hosts) == 1 and all(r[2] not in hosts for r in rows if not r[6]),
          f"{label}: guest fields on the guest's frames only ({sorted(hosts)})")
    bad = {"vcpu": 0, "name": 0, "host_tid": 0, "host_frame": 0, "host_pid": 0}
    linked = 0
    for r in guest:
        t, vcpu = epoch_ns(r[1]), int(r[6])
        bad["vcpu"] += vcpu != int(r[3])
        bad["name"] += r[7] != name
        tid = vcpu_tid.get(vcpu)
        bad["host_tid"] += r[8] != str(tid)
        times = entries.get(tid, [])
        i = bisect.bisect_right(times, t)
        expected = times[i - 1] if i else None
        hf = frames.get(int(r[9])) if r[9] else None
        ok = (hf is None and expected is None) or (
            hf is not None and hf[5] == "kvm_entry" and hf[4] == str(tid) and epoch_ns(hf[1]) == expected
            and epoch_ns(hf[1]) <= t)
        bad["host_frame"] += not ok
        # The host thread's process: the one process tracking gives the host frame.
        bad["host_pid"] += hf is not None and (not r[10] or r[10] != hf[11])
        linked += hf is not None
    check(not any(bad.values()) and linked > len(guest) // 2,
          f"{label}: vCPU, name, host thread, host process and host kvm_entry frame right for every guest frame "
          f"({linked} linked; wrong: {bad})")


def epoch_ns(text):
    sec, _, frac = text.partition(".")
    return int(sec) * 10**9 + int((frac + "000000000")[:9])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reader", required=True)
    ap.add_argument("--dissector", required=True)
    ap.add_argument("--make-pair", required=True)
    ap.add_argument("--host", required=True, help="recorded trace.dat that becomes the host")
    ap.add_argument("--guest", required=True, help="recorded trace.dat that becomes the guest")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as root:
        os.chmod(root, 0o755)
        full = Env(root, "home-full", [("wiretap", a.reader), ("epan", a.dissector)])
        epan_only = Env(root, "home-epan", [("epan", a.dissector)])
        work = os.path.join(root, "work")
        os.makedirs(work)
        host, guest = os.path.join(work, "host.dat"), os.path.join(work, "guest.dat")
        # The host as a KVM host: a v6 copy (make-guest-pair --kvm writes v6) with its vCPU threads' kvm events.
        host_v6 = os.path.join(work, "host-v6.dat")
        subprocess.run(["trace-cmd", "convert", "-i", a.host, "-o", host_v6, "--file-version", "6", "--compression", "none"],
                       check=True, capture_output=True)
        subprocess.run([a.make_pair, "--kvm", host_v6, host, "guest-one", a.guest, guest], check=True)
        for dirpath, dirnames, filenames in os.walk(root):
            for n in dirnames + filenames:
                os.chmod(os.path.join(dirpath, n), 0o755 if n in dirnames else 0o644)
        os.chmod(work, 0o777)
        for env in (full, epan_only):
            os.chmod(env.home, 0o777)

        for name, path in (("guest", guest), ("host", host)):
            expected = [t for t, _ in report_times(path)]
            out = full.run(["tshark", "-r", path, "-T", "fields", "-e", "frame.time_epoch"]).stdout.split()
            got = [epoch_ns(t) for t in out]
            first = next((i for i in range(min(len(got), len(expected))) if got[i] != expected[i]), None)
            check(got == expected and len(got) > 1000,
                  f"{name}: {len(got)} frame times equal trace-cmd report's {len(expected)} timestamps"
                  + (f" (first difference at event {first}: {got[first]} vs {expected[first]})" if first is not None else ""))

        # The guest really is shifted: its frame times are not the recorded file's.
        recorded = [t for t, _ in report_times(a.guest)]
        shifted = [epoch_ns(t) for t in full.run(["tshark", "-r", guest, "-T", "fields", "-e", "frame.time_epoch"]).stdout.split()]
        check(sum(1 for x, y in zip(recorded, shifted) if x != y) > len(recorded) // 2, "guest frame times are host time, not guest time")

        host_pcapng, guest_pcapng = os.path.join(work, "host.pcapng"), os.path.join(work, "guest.pcapng")
        merged = os.path.join(work, "merged.pcapng")
        full.run(["editcap", "-F", "pcapng", host, host_pcapng])
        full.run(["editcap", "-F", "pcapng", guest, guest_pcapng])
        full.run(["mergecap", "-F", "pcapng", "-w", merged, host_pcapng, guest_pcapng])
        rows = epan_only.run(["tshark", "-r", merged, "-T", "fields", "-E", "separator=/t", "-e", "frame.time_epoch",
                              "-e", "traceshark.machine.hostname"]).stdout.splitlines()
        got = [(epoch_ns(r.split("\t")[0]), r.split("\t")[1]) for r in rows]
        times = [t for t, _ in got]
        check(times == sorted(times), "merged host + guest frames are in time order")
        machines = {}
        for t, m in got:
            machines.setdefault(m, []).append(t)
        check(len(machines) == 2, f"merged capture: two machines ({sorted(machines)})")
        # Interleaved: the guest's events sit between the host's, not after them.
        switches = sum(1 for i in range(1, len(got)) if got[i][1] != got[i - 1][1])
        check(switches > 100, f"host and guest frames interleave ({switches} switches between machines)")
        report = report_times(host, guest)
        by_file = {}
        for t, tag in report:
            by_file.setdefault(tag, []).append(t)
        check(sorted(sorted(v) for v in machines.values()) == sorted(sorted(v) for v in by_file.values()),
              "each machine's frame times are one file's timestamps in trace-cmd report -i host -i guest")

        # Guest events linked to their vCPU's host thread and its latest kvm_entry.
        name, vcpu_tid = guest_map(host)
        entries = kvm_entries(host)
        check(sorted(vcpu_tid) == [0, 1] and all(len(entries.get(t, [])) > 100 for t in vcpu_tid.values()),
              f"fixture: GUEST option maps vCPUs {vcpu_tid}, each thread with kvm_entry events in the host")
        guest_events = len(report_times(guest))
        merged_dat = os.path.join(work, "merged-dat.pcapng")
        full.run(["mergecap", "-F", "pcapng", "-w", merged_dat, host, guest])
        check_guest_links(full, merged_dat, "mergecap of the trace.dat files", name, vcpu_tid, entries, guest_events)
        check_guest_links(epan_only, merged, "mergecap of the editcap -F pcapng copies", name, vcpu_tid, entries, guest_events)
        copy = os.path.join(work, "merged-copy.pcapng")
        epan_only.run(["editcap", "-F", "pcapng", merged, copy])
        check_guest_links(epan_only, copy, "editcap -F pcapng of the merged capture", name, vcpu_tid, entries, guest_events)
        # A guest alone: its vCPU, but no host to name it or its host thread.
        rows = full.run(["tshark", "-r", guest, "-T", "fields", "-E", "separator=/t", "-e", "traceshark.cpu",
                         "-e", "traceshark.guest.vcpu", "-e", "traceshark.guest.host_tid"]).stdout.splitlines()
        check(len(rows) == guest_events and all(r.split("\t")[0] == r.split("\t")[1] and not r.split("\t")[2] for r in rows),
              "guest alone: traceshark.guest.vcpu == its CPU on every frame, no host thread")
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
