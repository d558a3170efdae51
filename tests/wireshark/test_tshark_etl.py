#!/usr/bin/env python3
"""ETW traces (.etl) in real tshark/editcap/mergecap/capinfos with the plugins loaded from a personal plugin
directory (see test_tshark.py). Oracles: the project's ETL writer's truth (tests/etl/make_etl_fixture: time, header
type, CPU, PID, TID, payload size of every record), PerfView's primitive-types baseline, Tx's HTTP_Server and
Process counts, PerfView's SelfDescribingSingleEvent payload and the process names (PName) of its
net.4.5.2.x64 baseline, the Kernel-Process manifest's payload fields, and traceshark-dump's lines (itself checked against
those oracles in tests/etl) for every corpus ETL: frames == events, Info == the dump's event text.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_tshark  # noqa: E402
from test_tshark import Env, check  # noqa: E402

LINE = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{9})Z cpu=(\d+) pid=(-?\d+) tid=(-?\d+) ")


def dump_events(dump, path, manifests=()):
    """(utc text, cpu, pid, tid, event text) per event of traceshark-dump's ETL lines (a field value may hold
    line breaks: a line that does not start with a time continues the event before)."""
    args = [dump] + [x for m in manifests for x in ("--manifest", m)] + [path]
    # bytes: text mode would turn the "\r\n" inside field values into "\n"
    out = subprocess.run(args, capture_output=True).stdout.decode("utf-8", errors="replace")
    events = []
    for line in out.split("\n"):
        m = LINE.match(line)
        if m:
            events.append([m.group(0)[:30], m.group(8), m.group(9), m.group(10), line[m.end():]])
        elif events:
            events[-1][4] += "\n" + line
    if events and events[-1][4].endswith("\n"):
        events[-1][4] = events[-1][4][:-1]
    return events


INFO_MAX = 4095
PERFVIEW_FRAMES_UNDER_SANITIZER = 20000


def one_line(text):
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")


def tshark_fields(env, path, fields, extra=()):
    """Rows of -T fields; the last field may hold anything but tabs and line breaks (Info has neither)."""
    args = ["tshark", "-r", path] + ["-T", "fields", "-E", "separator=/t", "-E", "occurrence=f"] + list(extra)
    for f in fields:
        args += ["-e", f]
    p = env.run(args, check_rc=False)
    return p, [l.split("\t", len(fields) - 1) for l in p.stdout.split("\n")[:-1]]


def check_process_tree_against_dump(env, dump, path, name, manifests=(), want_lines=()):
    """traceshark-dump --processes on an ETL prints the tree the Wireshark plugin's -z traceshark,proctree prints
    (one engine behind both, fed by the dump's own reader and decoders); `want_lines`: lines the tree must have."""
    extra = ["-o", "traceshark.etw_manifests:" + ";".join(manifests)] if manifests else []
    out = env.run(["tshark", "-q", "-r", path] + extra + ["-z", "traceshark,proctree"]).stdout
    tshark_tree = [l for l in out.split("=== Traceshark process tree ===", 1)[-1].splitlines() if l.strip() and not l.startswith("=")]
    p = subprocess.run([dump, "--processes"] + [x for m in manifests for x in ("--manifest", m)] + [path],
                       capture_output=True, text=True)
    dump_tree = p.stdout.splitlines()
    check(p.returncode == 0 and dump_tree and dump_tree == tshark_tree,
          f"{name}: traceshark-dump --processes == -z traceshark,proctree ({len(dump_tree)} lines, rc {p.returncode}; "
          f"first difference {next(((a, b) for a, b in zip(dump_tree, tshark_tree) if a != b), None)})")
    missing = [w for w in want_lines if not any(re.search(w, l) for l in dump_tree)]
    check(not missing, f"{name}: traceshark-dump --processes shows {list(want_lines)} (missing {missing})")


def check_against_dump(env, dump, path, name, manifests=()):
    extra = ["-o", "traceshark.etw_manifests:" + ";".join(manifests)] if manifests else []
    events = dump_events(dump, path, manifests)
    p, rows = tshark_fields(env, path, ["frame.time_epoch", "etl.cpu", "etl.pid", "etl.tid", "_ws.col.Info"], extra)
    check(len(rows) == len(events) and len(events) > 0, f"{name}: {len(rows)} frames == {len(events)} dump events")
    # Wireshark keeps at most COL_MAX_INFO_LEN - 1 bytes of Info (EventSource ManifestData events are longer).
    def info_of(text):
        return one_line(text).encode()[:INFO_MAX].decode("utf-8", errors="ignore")
    bad = [(i + 1, r[4], info_of(e[4])) for i, (r, e) in enumerate(zip(rows, events)) if r[4] != info_of(e[4])]
    check(not bad, f"{name}: Info == the dump's event text for all {len(events)} events"
          + (f" (first mismatch, frame {bad[0][0]}: {bad[0][1][:150]!r} != {bad[0][2][:150]!r})" if bad else ""))
    bad = []
    for i, (r, e) in enumerate(zip(rows, events)):
        want = [e[1], "" if e[2] == "-1" else e[2], "" if e[3] == "-1" else e[3]]
        if r[1:4] != want:
            bad.append((i + 1, r[1:4], want))
    check(not bad, f"{name}: etl.cpu/pid/tid == the dump's cpu/pid/tid" + (f" (first: {bad[0]})" if bad else ""))
    return rows


def check_activity_fixture(env, path):
    """make_etw_activity_fixture's values: notepad.exe (2000, thread 2004) started by explorer.exe (1000) opens
    C:\\notes.txt (\\Device\\HarddiskVolume2\\notes.txt mapped by the trace's volume mapping), reads 4096 bytes,
    writes 100 and closes it, then ends with exit status 3."""
    _, rows = tshark_fields(env, path, ["frame.number", "etl.hook_id", "process.pid", "process.tid", "process.name",
                                        "process.parent.pid", "process.parent.name", "traceshark.comm",
                                        "activity.kind", "activity.path", "activity.bytes",
                                        "activity.object.open_frame", "activity.object.close_frame",
                                        "activity.object.bytes_read", "activity.object.bytes_written",
                                        "activity.object.events", "process_event.event"], ["-2"])
    by_hook = {r[1]: r for r in rows if r[1]}
    create, read, write, close = (by_hook.get(h) for h in ("0x0440", "0x0443", "0x0444", "0x0442"))
    check(None not in (create, read, write, close), f"the fixture's FileIo Create/Read/Write/Close frames ({rows})")
    if None in (create, read, write, close):
        return
    for r, kind, nbytes in ((create, "file open", ""), (read, "file read", "4096"), (write, "file write", "100"),
                            (close, "file close", "")):
        want = ["2000", "2004", "notepad.exe", "1000", "explorer.exe", "notepad.exe", kind, "C:\\notes.txt", nbytes,
                create[0], close[0], "4096", "100", "4"]
        check(r[2:16] == want, f"FileIo {kind}: process notepad.exe 2000/2004 (parent explorer.exe 1000), activity "
              f"{kind} of C:\\notes.txt, the object opened in frame {create[0]}, closed in {close[0]}, 4096 bytes read, "
              f"100 written, 4 events ({r[2:16]} != {want})")
    start = by_hook.get("0x0301")
    end = by_hook.get("0x0302")
    # PerfView shows Process/Start in the process started (the payload's ProcessID), not the creating thread's.
    check(start is not None and start[16] == "process start" and [start[2], start[4]] == ["2000", "notepad.exe"],
          f"Process/Start: a process start event, in process 2000 notepad.exe as PerfView shows it ({start})")
    _, rows = tshark_fields(env, path, ["frame.number", "process.pid", "activity.kind", "activity.path",
                                        "activity.address", "activity.bytes", "activity.object.open_frame",
                                        "activity.object.close_frame", "activity.object.partial"],
                            ["-2", "-Y", "etl.hook_id == 0x140a"])
    check(len(rows) == 1 and rows[0][1:6] == ["2000", "image load", "C:\\Windows\\notepad.exe", "0x00007ff600000000",
                                              "229376"] and rows[0][6:] == [rows[0][0], "", "0"],
          f"Image/Load: notepad's image C:\\Windows\\notepad.exe at 0x7ff600000000, 0x38000 bytes, loaded in this "
          f"frame, never unloaded, not partial ({rows})")
    _, rows = tshark_fields(env, path, ["process_event.child_pid", "process_event.name"], ["-Y", "etl.hook_id == 0x0301"])
    check(rows == [["2000", "notepad.exe"]], f"Process/Start: child 2000 notepad.exe ({rows})")
    _, rows = tshark_fields(env, path, ["process_event.event", "process_event.exit_code", "process.exit_frame"],
                            ["-2", "-Y", "etl.hook_id == 0x0302"])
    check(end is not None and rows == [["process exit", "3", end[0]]],
          f"Process/End: process exit with code 3, the process's exit frame is this one ({rows})")
    _, rows = tshark_fields(env, path, ["process_event.event", "process_event.child_pid", "process_event.name"],
                            ["-Y", "etl.hook_id == 0x0303"])
    check(rows == [["process info", "1000", "explorer.exe"]], f"Process/DCStart: process info of 1000 explorer.exe ({rows})")


def check_packet_connection(env, path, facts_path):
    """make_etw_packet_fixture's TCP connection (its facts file: pid, endpoints, frames): the NDIS frames of the
    connection's 5-tuple, logged by System and by the Idle process's DPC, are packets of the connection's process
    (docs/wireshark-integration.md, ETW: the matching rule), on its socket, and so is the peer's FIN after the
    Disconnect (the connection that ended last); the kernel TcpIp events of the connection name its first packet
    and the packet count; the UDP frame of no known connection, logged by System/Idle, has no process."""
    facts = dict(l.strip().split("=", 1) for l in open(facts_path) if "=" in l)
    packet_frames = facts["packet_frames"].split(",")
    _, rows = tshark_fields(env, path, ["frame.number", "tcp.srcport", "process.pid", "activity.kind",
                                        "activity.protocol", "activity.local", "activity.remote",
                                        "activity.object.open_frame", "activity.object.close_frame",
                                        "activity.object.first_packet", "activity.object.packets"],
                            ["-2", "-Y", f"tcp.port == {facts['local'].rsplit(':', 1)[1]}"])
    frames = packet_frames + [facts["late_packet_frame"]]
    ports = (facts["local"].rsplit(":", 1)[1], facts["remote"].rsplit(":", 1)[1], facts["remote"].rsplit(":", 1)[1])
    want = [[f, port, facts["pid"], "net packet", "tcp", facts["local"], facts["remote"], facts["connect_frame"],
             facts["disconnect_frame"], packet_frames[0], "3"] for f, port in zip(frames, ports)]
    check(rows == want, f"tshark -Y tcp: the connection's 2 NDIS packets and the FIN after its Disconnect are process "
          f"{facts['pid']}'s, on its connection {facts['local']} -> {facts['remote']} (connect frame "
          f"{facts['connect_frame']}) ({rows} != {want})")
    _, rows = tshark_fields(env, path, ["frame.number", "process.pid", "activity.kind",
                                        "activity.object.first_packet", "activity.object.packets",
                                        "activity.object.bytes_sent", "activity.object.bytes_received"],
                            ["-2", "-Y", f"etl.hook_id >= 0x060a && etl.hook_id <= 0x060d && process.pid == {facts['pid']}"])
    want = [[facts[k + "_frame"], facts["pid"], "net " + k, packet_frames[0], "3", facts["bytes_sent"],
             facts["bytes_received"]] for k in ("connect", "send", "recv", "disconnect")]
    want[2][2] = "net receive"
    check(rows == want, f"the TcpIp Connect/Send/Recv/Disconnect frames: process {facts['pid']}, the connection's "
          f"first packet frame {packet_frames[0]}, 3 packets, bytes as the events say ({rows} != {want})")
    _, rows = tshark_fields(env, path, ["process.pid", "activity.kind"], ["-Y", "udp"])
    check(rows == [["", "net packet"]], f"the UDP frame of no known connection, logged by System: no process ({rows})")
    # -z traceshark,follow,socket: the connection's 4 TcpIp events and its 3 NDIS packets in frame order; the
    # bytes moved are the events' (the packets' lengths not again).
    _, num = tshark_fields(env, path, ["activity.object.socket"], ["-2", "-Y", f"frame.number == {facts['connect_frame']}"])
    out = env.run(["tshark", "-2", "-q", "-r", path, "-z", f"traceshark,follow,socket,{num[0][0] if num else ''}"]).stdout
    body = out.split("=== Traceshark follow ===", 1)[-1].splitlines()
    got = [ln.split()[0] for ln in body if ln[:8].strip().isdigit()]
    want = sorted([facts[k + "_frame"] for k in ("connect", "send", "recv", "disconnect")] + frames, key=int)
    moved = int(facts["bytes_sent"]) + int(facts["bytes_received"])
    check(got == want and f"7 events (3 packets), {moved} bytes moved" in body,
          f"-z traceshark,follow,socket: frames {want}, {moved} bytes moved ({got})")
    # -z traceshark,connections: that connection as one row of its process: 4 events, the events' bytes, the 3
    # NDIS packets, opened and closed in the trace.
    out = env.run(["tshark", "-q", "-r", path, "-z", "traceshark,connections"]).stdout
    table = out.split("=== Traceshark process connections ===", 1)[-1].splitlines()
    rows = [ln.split(None, 9) for ln in table if ln[:8].strip().isdigit()]
    want = [facts["pid"], "tcp", facts["local"], facts["remote"], "4", facts["bytes_sent"], facts["bytes_received"], "3",
            "connect, closed"]
    mine = [r for r in rows if r[0] == facts["pid"]]
    check([r[:1] + r[2:] for r in mine] == [want], f"-z traceshark,connections: the connection's row ({rows})")
    check_pktmon_packets(env, path, facts)


def check_pktmon_packets(env, path, facts):
    """The fixture's PktMon connection: its request (event 160, PacketType Ethernet, logged by System) and its
    dropped response (event 170, PacketType IP, in the Idle process's DPC) dissect as TCP packets, are the
    connection's process's like NDIS ones, and the drop is an expert item; PktMon and NDIS events are named by
    their providers without the manifests."""
    frames = facts["pktmon_packet_frames"].split(",")
    port = facts["pktmon_local"].rsplit(":", 1)[1]
    _, rows = tshark_fields(env, path, ["frame.number", "etl.provider", "etl.id", "eth.src", "ip.src", "tcp.srcport",
                                        "process.pid", "activity.kind", "activity.local"],
                            ["-2", "-Y", f"tcp.port == {port}"])
    want = [[frames[0], "Microsoft-Windows-PktMon", "160", "02:00:00:00:00:01", "10.0.0.1", port, facts["pktmon_pid"],
             "net packet", facts["pktmon_local"]],
            [frames[1], "Microsoft-Windows-PktMon", "170", "", "10.0.0.2", "80", facts["pktmon_pid"], "net packet",
             facts["pktmon_local"]]]
    check(rows == want, f"tshark -Y tcp: the PktMon request (Ethernet) and dropped response (bare IP) are TCP "
          f"packets of process {facts['pktmon_pid']} ({rows} != {want})")
    _, rows = tshark_fields(env, path, ["frame.number", "etl.Microsoft_Windows_PktMon.DropReason",
                                        "etl.Microsoft_Windows_PktMon.LoggedPayloadSize"],
                            ["-Y", "etl.packet_dropped"])
    check([r[0] for r in rows] == [facts["pktmon_drop_frame"]] and rows[0][1] == "45",
          f"the PktMon drop (event 170) is an expert item, DropReason 45, by field name without a manifest ({rows})")
    _, rows = tshark_fields(env, path, ["etl.provider"], ["-Y", "etl.id == 1001"])
    check(rows and all(r == ["Microsoft-Windows-NDIS-PacketCapture"] for r in rows),
          f"NDIS fragments are named by their provider, not its GUID, without the manifest ({sorted(set(map(tuple, rows)))})")


def check_process_starts(env, path, manifest_pref):
    """Process.etl's 4 Kernel-Process ProcessStart events: process_event.child_pid and .name are the payload's
    ProcessID and the base name of its ImageName (manifest fields, as tshark shows them)."""
    prov = "etl.Microsoft_Windows_Kernel_Process."
    _, rows = tshark_fields(env, path, ["process_event.event", "process_event.child_pid", "process_event.name",
                                        prov + "ProcessID", prov + "ImageName"],
                            manifest_pref + ["-Y", 'etl.event == "Microsoft-Windows-Kernel-Process/ProcessStart/Start"'])
    ok = len(rows) == 4 and all(r[0] == "process start" and r[1] == r[3] and r[2] == re.split(r"[\\/]", r[4])[-1]
                                and r[2] for r in rows)
    check(ok, f"Process.etl: the 4 ProcessStart frames are process starts of the payload's ProcessID and ImageName "
          f"({[r[:4] for r in rows]})")


def check_perfview_names(env, path, baseline, manifest_pref, frame_limit=None):
    """process.pid and process.name against PerfView's PID and PName for a sample of the baseline's EVENT lines,
    matched by event name, time (milliseconds since the first event, as PerfView prints them) and PID (the rules
    of tests/tracking/test_etl_corpus.cpp: PerfView's placeholders and KernelTraceControl's merged image ids are
    left out; PerfView drops the extension). Matched by name and PID, else by PID at that time (events our
    decoders name otherwise). frame_limit: only the first frames (tshark -c), against the baseline events up to
    the last of them."""
    # -2: PerfView names a process from the whole trace (rundowns at its end), as the engine does after the pass.
    limit = ["-c", str(frame_limit)] if frame_limit else []
    _, rows = tshark_fields(env, path, ["frame.time_epoch", "etl.event", "process.pid", "process.name"],
                            ["-2"] + limit + manifest_pref)
    t0 = float(rows[0][0]) if rows else 0.0
    frames = [((float(r[0]) - t0) * 1000.0, r[1], r[2], r[3]) for r in rows]
    times = [f[0] for f in frames]
    last_ms = times[-1] if frame_limit and times else float("inf")
    import bisect
    wanted = []
    for line in baseline.splitlines():
        m = re.match(r"EVENT ([\d,.]+): (.*?) PID=(-?\d+); TID=(-?\d+); PName=([^;]*);", line)
        if not m:
            continue
        ms, name, pid, pname = float(m.group(1).replace(",", "")), m.group(2), m.group(3), m.group(5)
        if int(pid) < 0 or pname == f"Process({pid})" or name.startswith("KernelTraceControl/"):
            continue
        if ms + 0.0011 > last_ms:  # past the frames read (the next frame may share its millisecond)
            continue
        wanted.append((ms, name, pid, pname))
    sample = wanted[::max(1, len(wanted) // 50)]
    bad, matched = [], 0
    for ms, name, pid, pname in sample:
        lo = bisect.bisect_left(times, ms - 0.0011)
        cands = [f for f in frames[lo:] if f[0] <= ms + 0.0011] if lo < len(frames) else []
        hit = next((f for f in cands if f[1] == name and f[2] == pid), None) or next((f for f in cands if f[2] == pid), None)
        if hit is None:
            bad.append((ms, name, pid, pname, "no frame"))
            continue
        matched += 1
        ours = hit[3].rsplit(".", 1)[0] if "." in hit[3] else hit[3]
        if ours != pname:
            bad.append((ms, name, pid, pname, hit[3]))
    scope = f"first {frame_limit} frames" if frame_limit else "all frames"
    check(len(sample) >= 45 and not bad, f"net.4.5.2.x64 ({scope}): process.pid/process.name of {matched} of "
          f"{len(sample)} sampled "
          f"baseline events == PerfView's PID/PName" + (f" (mismatches {bad[:5]}, {len(bad)} in all)" if bad else ""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reader", required=True)
    ap.add_argument("--dissector", required=True)
    ap.add_argument("--dump", required=True)
    ap.add_argument("--fixtures", required=True, help="directory with fixture64.etl, fixture32.etl and truths")
    ap.add_argument("--linux", required=True, help="a trace.dat to merge with")
    ap.add_argument("--pml", required=True, help="a PML to merge with")
    ap.add_argument("--packets", required=True, help="make_etw_packet_fixture's ETL (NDIS frame, extended data)")
    ap.add_argument("--activity", required=True, help="make_etw_activity_fixture's ETL (process start, file I/O)")
    ap.add_argument("--corpus", help="../shared/corpus (optional)")
    a = ap.parse_args()

    root = tempfile.mkdtemp(prefix="traceshark-etl-")
    try:
        os.chmod(root, 0o755)
        full = Env(root, "home-full", [("wiretap", a.reader), ("epan", a.dissector)])
        epan_only = Env(root, "home-epan", [("epan", a.dissector)])
        stock = Env(root, "home-stock", [])
        work = os.path.join(root, "work")
        os.makedirs(work)

        def take(src, name):
            dst = os.path.join(work, name)
            shutil.copy(src, dst)
            os.chmod(dst, 0o644)
            return dst

        fixtures = {b: take(os.path.join(a.fixtures, f"fixture{b}.etl"), f"fixture{b}.etl") for b in ("64", "32")}
        packets = take(a.packets, "etw-packets.etl")
        activity = take(a.activity, "etw-activity.etl")
        linux = take(a.linux, "linux.dat")
        pml = take(a.pml, "log.PML")
        corpus_etl = os.path.join(a.corpus, "etl") if a.corpus else None
        have_corpus = corpus_etl and os.path.isdir(corpus_etl)
        corpus = {}
        manifests = {}
        if have_corpus:
            # Every corpus ETL, the sets in subdirectories (diaghub, sawbuck) included: each file as a trace.
            files = sorted(glob.glob(os.path.join(corpus_etl, "**", "*.etl"), recursive=True))
            for f in files:
                corpus[os.path.basename(f)] = take(f, os.path.basename(f))
            check(len(corpus) == len(files), f"the {len(files)} corpus ETLs have distinct names")
            exp = os.path.join(a.corpus, "expected")
            manifests["http"] = take(os.path.join(exp, "tx", "HTTP_Server.man"), "HTTP_Server.man")
            manifests["process"] = take(os.path.join(exp, "manifests",
                                                     "Manifests-Win10-18990__Microsoft-Windows-Kernel-Process.xml"),
                                        "Kernel-Process.man")
            for m in ("ClrEtwAll.man", "Manifests-Win10-18990__Microsoft-Windows-Kernel-File.xml"):
                manifests[m] = take(os.path.join(exp, "manifests", m), m)
            net_baseline = open(os.path.join(exp, "perfview", "net.4.5.2.x64.baseline.txt"), encoding="utf-8").read()
            baseline = open(os.path.join(exp, "perfview", "primitive-types.baseline.txt"), encoding="utf-8").read()
        else:
            print("skip: corpus checks (no ../shared/corpus)")
        os.chmod(work, 0o777)
        for env in (full, epan_only, stock):
            os.chmod(env.home, 0o777)

        # The writer's fixtures against their truth: every record, in reader order.
        for bits, path in fixtures.items():
            truth = [l.split() for l in open(os.path.join(a.fixtures, f"fixture{bits}.etl.truth.txt"))
                     if not l.startswith("#")]
            p, rows = tshark_fields(full, path, ["frame.time_epoch", "etl.header_type", "etl.cpu", "etl.pid",
                                                 "etl.tid", "etl.payload"])
            check(p.stderr.strip() == "", f"fixture{bits}: tshark reads it without messages ({p.stderr.strip()[:200]!r})")
            check(len(rows) == len(truth), f"fixture{bits}: {len(rows)} frames == {len(truth)} records of the truth")
            bad = []
            for i, (r, t) in enumerate(zip(rows, truth)):
                secs, _, frac = r[0].partition(".")
                ns = int(secs) * 10**9 + int(frac.ljust(9, "0"))
                # an empty FT_BYTES field prints as "<MISSING>"
                payload = 0 if not re.fullmatch(r"[0-9a-f]*", r[5]) else len(r[5]) // 2
                got = [ns, int(r[1], 16), int(r[2]), r[3], r[4], payload]
                # PERFINFO records (types 0x10/0x11) carry no PID/TID
                no_ids = int(t[1]) in (0x10, 0x11)
                want = [int(t[0]), int(t[1]), int(t[2]), "" if no_ids else t[3], "" if no_ids else t[4], int(t[5])]
                if got != want:
                    bad.append((i + 1, got, want))
            check(not bad, f"fixture{bits}: time, header type, CPU, PID, TID and payload size of every frame == the "
                  f"truth" + (f" (first mismatch {bad[0]})" if bad else ""))
            check_against_dump(full, a.dump, path, f"fixture{bits}")
            check_process_tree_against_dump(full, a.dump, path, f"fixture{bits}")
            machine = full.run(["tshark", "-r", path, "-c", "1", "-T", "fields", "-e", "etl.trace.session",
                                "-e", "etl.trace.pointer_size", "-e", "traceshark.machine.cpus",
                                "-e", "etl.trace.tz_bias"]).stdout.split()
            check(machine[:3] == ["Traceshark", "Test", "Session"] and machine[3:] == [bits[0] == "6" and "8" or "4",
                                                                                        "3", "-60"],
                  f"fixture{bits}: session, pointer size, CPUs and time zone bias from the EventTrace header ({machine})")
            _, rows = tshark_fields(full, path, ["etl.trace.os"], ["-c", "1"])
            check(rows == [["Windows 10.0 (build 19041)"]],
                  f"fixture{bits}: the system from the EventTrace header's version and build (10.0, 19041) ({rows})")

        # NDIS packet capture fragments dissect as Ethernet frames; extended data items as their own fields.
        _, rows = tshark_fields(full, packets, ["eth.src", "ip.dst", "udp.dstport", "etl.id"], ["-Y", "udp"])
        check(rows == [["02:00:00:00:00:01", "10.0.0.2", "9", "1001"]],
              f"the NDIS fragment (event 1001) is an Ethernet/IPv4/UDP frame ({rows})")
        _, rows = tshark_fields(full, packets, ["etl.sid", "etl.related_activity_id", "etl.stack.match_id",
                                                "etl.stack.frame"], ["-Y", "etl.id == 7", "-E", "occurrence=a"])
        check(rows == [["S-1-5-18", "76543210-ba98-fedc-0123-456789abcdef", "0x0000000000abcdef",
                        "0x00007ff812340010,0xfffff80000001234"]],
              f"SID, related activity id and the 64-bit stack of the writer's event ({rows})")
        _, rows = tshark_fields(full, packets, ["etl.stack.location"], ["-Y", "etl.id == 7", "-E", "occurrence=a"])
        check(rows == [["ntdll.dll+0x10"]], f"the stack address inside the Image/DCStart's ntdll.dll is ntdll.dll+0x10, "
              f"the other one resolves to nothing ({rows})")

        check_packet_connection(full, packets, a.packets + ".connection.txt")
        test_tshark.captured_packet_checks(full, work, packets, "etw-packets")
        check_activity_fixture(full, activity)

        if have_corpus:
            # Stock Wireshark takes AMSITrace.etl for MPEG; with the reader it is an ETW trace.
            info = stock.run(["capinfos", "-t", corpus["AMSITrace.etl"]], check_rc=False).stdout
            check("MPEG" in info, "without the reader plugin AMSITrace.etl opens as MPEG (the problem this solves)")
            info = full.run(["capinfos", "-t", "-c", corpus["AMSITrace.etl"]]).stdout
            check("Windows ETW trace (Traceshark)" in info and re.search(r"Number of packets:\s+21\b", info),
                  "with it: file type 'Windows ETW trace (Traceshark)', 21 frames (2 SYSTEM64 + 19 EVENT_HEADER64)")
            protos = set(full.run(["tshark", "-r", corpus["AMSITrace.etl"], "-T", "fields", "-e",
                                   "_ws.col.Protocol"]).stdout.split())
            check(protos == {"ETW"}, f"every AMSITrace.etl frame is an ETW event ({protos})")
            # SOURCES.md: AMSITrace.etl's header says 3 events lost.
            _, rows = tshark_fields(full, corpus["AMSITrace.etl"], ["frame.number", "etl.trace.events_lost"],
                                    ["-Y", "etl.session_lost_events"])
            check(rows == [["1", "3"]], f"AMSITrace.etl: the header event carries the expert item for its 3 lost "
                  f"events ({rows})")

            for name, path in corpus.items():
                check_against_dump(full, a.dump, path, name)

            # Oracles from upstream projects.
            _, rows = tshark_fields(full, corpus["SelfDescribingSingleEvent.etl"],
                                    ["etl.MySource.a.b", "etl.MySource.a.c"], ["-Y", 'etl.MySource.a.b == "Hello"'])
            check(rows == [["Hello", "World!"]], f"SelfDescribingSingleEvent: b=Hello c=World! by filter ({rows})")
            want = []
            for line in baseline.splitlines():
                if line.startswith("EVENT ") and "solar_system/PrimitiveTypesTest" in line:
                    kv = dict(x.split("=", 1) for x in line.split(": ", 1)[1].split("; ") if "=" in x)
                    want.append(kv)
            # PerfView's truncated values (GUIDs, times) end in "..."; int64_type is left out: libs/etl gives it
            # unsigned (reported).
            names = ["string_type", "boolean_type", "char_type", "int16_type", "int32_type", "uint16_type",
                     "uint32_type", "uint64_type"]
            _, rows = tshark_fields(full, corpus["primitive-types.etl"], [f"etl.solar_system.{n}" for n in names],
                                    ["-Y", "etl.provider == \"solar_system\""])
            got = [dict(zip(names, r)) for r in rows]
            expect = [{n: (w[n].lower() if n == "boolean_type" else w[n]) for n in names} for w in want]
            got = [{n: ({"1": "true", "0": "false"}.get(g[n], g[n]) if n == "boolean_type" else g[n])
                    for n in names} for g in got]
            check(len(want) == 5 and got == expect,
                  f"primitive-types: the 5 events' typed fields == PerfView's baseline ({got[:1]} vs {expect[:1]})")
            n = full.run(["tshark", "-r", corpus["primitive-types.etl"], "-Y",
                          "etl.solar_system.int16_type < -60 && etl.solar_system.uint16_type > 60"]).stdout
            check(len(n.splitlines()) == sum(1 for w in want if int(w["int16_type"]) < -60 and int(w["uint16_type"]) > 60),
                  "integer payload fields compare as numbers")

            http = ["-o", "traceshark.etw_manifests:" + manifests["http"]]
            ev = full.run(["tshark", "-r", corpus["HTTP_Server.etl"]] + http + ["-T", "fields", "-e", "etl.event",
                          "-Y", 'etl.provider == "Microsoft-Windows-HttpService"']).stdout.splitlines()
            check(len(ev) == 2041 and sum(e.endswith("/Parse") for e in ev) == 291
                  and sum(e.endswith("/FastSend") for e in ev) == 289,
                  f"HTTP_Server.etl with the manifest preference: 2041 HttpService events, 291 Parse, 289 FastSend "
                  f"(Tx) ({len(ev)})")
            check_against_dump(full, a.dump, corpus["HTTP_Server.etl"], "HTTP_Server.etl + manifest",
                               [manifests["http"]])
            proc = ["-o", "traceshark.etw_manifests:" + manifests["process"]]
            n = full.run(["tshark", "-r", corpus["Process.etl"]] + proc + ["-Y",
                          'etl.event == "Microsoft-Windows-Kernel-Process/ProcessStart/Start"']).stdout
            check(len(n.splitlines()) == 4, f"Process.etl: 4 ProcessStart events (Tx) ({len(n.splitlines())})")
            check_process_starts(full, corpus["Process.etl"], proc)
            # Tx's ProcessStart/ProcessStop pairs as the dump's tree shows them: started and ended in the capture.
            check_process_tree_against_dump(full, a.dump, corpus["Process.etl"], "Process.etl + manifest",
                                            [manifests["process"]],
                                            [r"^ +5864 devenv\.exe +\[\d+\.\d+ - \d+\.\d+\] .* exit 0 ",
                                             r"^ +2880 OUTLOOK\.EXE +\[\d+\.\d+ - \d+\.\d+\] .* exit 0 "])
            # Under ASan the whole file (179 474 events, two passes) takes 12 minutes: a prefix there.
            check_perfview_names(full, corpus["net.4.5.2.x64.etl"], net_baseline,
                                 ["-o", "traceshark.etw_manifests:" + manifests["ClrEtwAll.man"] + ";"
                                  + manifests["Manifests-Win10-18990__Microsoft-Windows-Kernel-File.xml"]],
                                 PERFVIEW_FRAMES_UNDER_SANITIZER if os.environ.get("TRACESHARK_SANITIZER_PRELOAD")
                                 else None)
            # Captured IPv6 packets linked to a kernel TcpIp connection: the SMB connections of net.4.5.2.x64.etl
            # (System, 2001:4898:f0:26:... -> :445) in its first 20 000 events (the whole file is 12 minutes under ASan).
            prefix = os.path.join(work, "net.4.5.2.x64-prefix.pcapng")
            full.run(["editcap", "-r", corpus["net.4.5.2.x64.etl"], prefix, "1-20000"])
            test_tshark.captured_packet_checks(full, work, prefix, "net.4.5.2.x64-ipv6", family=6)
            # The NDIS fixture with the provider's own manifests (Windows 7 and 10) decodes and links exactly as with
            # the built-in layout: the same packets, fields and processes.
            ndis_fields = ["frame.number", "etl.event", "etl.Microsoft_Windows_NDIS_PacketCapture.MiniportIfIndex",
                           "etl.Microsoft_Windows_NDIS_PacketCapture.FragmentSize", "eth.src", "tcp.srcport",
                           "process.pid", "activity.local", "activity.object.packets"]
            _, builtin = tshark_fields(full, packets, ndis_fields, ["-2", "-Y", "etl.id == 1001"])
            for m in ("Win7-7600", "Win10-18990"):
                man = take(os.path.join(exp, "manifests", f"Manifests-{m}__Microsoft-Windows-NDIS-PacketCapture.xml"),
                           f"NDIS-{m}.man")
                p, rows = tshark_fields(full, packets, ndis_fields,
                                        ["-2", "-Y", "etl.id == 1001", "-o", "traceshark.etw_manifests:" + man])
                check(len(rows) == 4 and rows == builtin and [r[6] for r in rows] == ["", "3000", "3000", "3000"]
                      and not p.stderr.strip(),
                      f"NDIS fragments with the {m} manifest: the same packets, fields and processes as with the "
                      f"built-in layout ({rows} != {builtin})")
            n = full.run(["tshark", "-r", corpus["Process.etl"], "-o", "traceshark.etw_manifests:/nonexistent.man",
                          "-Y", "_ws.expert.message contains \"etw_manifests\""]).stdout
            check(len(n.splitlines()) > 0, "an unreadable manifest preference is an expert item")

        # Damage: a trace cut in the middle of its buffers gives the events before, then an error with the offset.
        src = fixtures["64"]
        data = open(src, "rb").read()
        cut = os.path.join(work, "cut.etl")
        with open(cut, "wb") as f:
            f.write(data[: len(data) // 2 + 100])
        os.chmod(cut, 0o644)
        t = full.run(["tshark", "-r", cut, "-T", "fields", "-e", "etl.event"], check_rc=False)
        got = t.stdout.splitlines()
        check(len(got) > 10 and ("offset 0x" in t.stderr or "offset 0x" in t.stdout
                                 or t.returncode == 0), f"a cut trace gives its events before the cut ({len(got)}) "
              f"({t.stderr.strip()[:200]!r})")

        # pcapng copies dissect alone, filters on payload fields included; merged with a trace.dat and a PML the
        # three machines stay apart and dissect as before.
        fields = ["-T", "fields", "-e", "_ws.col.Info", "-e", "etl.text", "-e", "etl.event", "-e", "etl.trace.session",
                  "-e", "etl.stack.location"]
        sources = [fixtures["64"], fixtures["32"]] + ([corpus["primitive-types.etl"],
                                                       corpus["SelfDescribingSingleEvent.etl"]] if have_corpus else [])
        ngs = []
        for s in sources:
            ng = os.path.join(work, os.path.basename(s) + ".pcapng")
            full.run(["editcap", "-F", "pcapng", s, ng])
            ngs.append(ng)
            same = epan_only.run(["tshark", "-r", ng] + fields).stdout == full.run(["tshark", "-r", s] + fields).stdout
            check(same, f"{os.path.basename(s)}: editcap -F pcapng output dissects identically without the .etl")
        if have_corpus:
            _, rows = tshark_fields(epan_only, ngs[3], ["etl.MySource.a.c"], ["-Y", 'etl.MySource.a.b == "Hello"'])
            check(rows == [["World!"]], "payload filters work on the pcapng copy (first run, discovery)")
        linux_ng = os.path.join(work, "linux.pcapng")
        pml_ng = os.path.join(work, "pml.pcapng")
        full.run(["editcap", "-F", "pcapng", linux, linux_ng])
        full.run(["editcap", "-F", "pcapng", pml, pml_ng])
        merged = os.path.join(work, "merged.pcapng")
        full.run(["mergecap", "-w", merged, ngs[0], linux_ng, pml_ng])
        rows = epan_only.run(["tshark", "-r", merged, "-T", "fields", "-e", "traceshark.family",
                              "-e", "traceshark.key"]).stdout.splitlines()
        keys = {}
        for r in rows:
            fam, key = r.split("\t")
            keys.setdefault(fam, set()).add(key)
        check(set(keys) == {"1", "2", "3"} and len(keys["3"]) == 1 and not (keys["3"] & (keys["1"] | keys["2"])),
              f"merged ETL + trace.dat + PML: three families, the ETW machine its own ({ {k: len(v) for k, v in keys.items()} })")
        after = epan_only.run(["tshark", "-r", merged, "-Y", "traceshark.family == 3"] + fields).stdout
        check(after == full.run(["tshark", "-r", fixtures["64"]] + fields).stdout,
              "after the merge every ETW event still dissects as before")
        for fam, src in (("1", linux), ("2", pml)):
            info = ["-T", "fields", "-e", "_ws.col.Info"]
            check(epan_only.run(["tshark", "-r", merged, "-Y", f"traceshark.family == {fam}"] + info).stdout
                  == full.run(["tshark", "-r", src] + info).stdout,
                  f"after the merge every family {fam} event still dissects as before")
        sub = os.path.join(work, "subset.pcapng")
        full.run(["tshark", "-r", fixtures["64"], "-Y", "etl.header_type == 0x13", "-w", sub])
        want = full.run(["tshark", "-r", fixtures["64"], "-Y", "etl.header_type == 0x13"] + fields).stdout
        check(want and epan_only.run(["tshark", "-r", sub] + fields).stdout == want,
              "a filtered subset (tshark -Y -w) dissects alone like the same frames of the .etl")

        if test_tshark.FAILURES:
            print(f"{len(test_tshark.FAILURES)} check(s) failed")
            sys.exit(1)
        print("all ETL tshark checks passed")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
