#!/usr/bin/env python3
"""Drives the real tshark, editcap and capinfos with Traceshark's plugins loaded the way users load them.

The plugins go into a personal plugin directory ($HOME/.local/lib/wireshark/plugins/X.Y/{epan,wiretap},
X.Y the installed Wireshark's release, see plugin_release()) of a
throw-away HOME. tshark ignores personal plugin directories when run as root, so as root the tools run as an
unprivileged user (nobody, via setpriv); nothing of the system's Wireshark installation is touched.

Checks, on a trace.dat fixture:
  * tshark reads it (reader plugin) with as many frames as traceshark-dump prints events;
  * the Info column of every frame is the event text of the matching `trace-cmd report` line;
  * `editcap -F pcapng` writes it, and the pcapng dissects identically with ONLY the dissector plugin;
  * without any plugin the pcapng still opens (Exported PDU);
  * capinfos lists the interfaces with their names;
  * linux_trace_event: typed field values equal `trace-cmd report -R` (libtraceevent's own raw reading, an
    independent oracle), filters on them count what the report counts, the learned-fields cache makes them
    usable by tshark -Y/-e at once (fields of the capture on the command line are registered when a filter asks);
  * the Traceshark profile (-C Traceshark): its columns and colouring rules;
  * process context (process.*, process_event.*) agrees with the fixture's truth file (--truth);
  * Linux file activity (activity.*) on a recording with paths (--files-fixture) agrees with its truth file;
  * Linux network activity and the packets of a lo capture merged with it (--net-fixture, --net-packets) agree
    with its truth file;
  * an ordinary network capture dissects identically (-V) with and without the plugins.
"""
import argparse
import os
import struct
import re
import shutil
import socket
import subprocess
import sys
import tempfile

NOBODY = 65534
FAILURES = []


def exit_status():
    """The test's exit status: 1 when any check failed (and how many), else 0."""
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed", file=sys.stderr)
        return 1
    return 0


def check(cond, what):
    if cond:
        print(f"ok: {what}")
    else:
        print(f"FAIL: {what}")
        FAILURES.append(what)
    return cond


_PLUGIN_RELEASE = None


def plugin_release():
    """The installed Wireshark's "major.minor" (4.0, 4.4): the name of its plugin directories."""
    global _PLUGIN_RELEASE
    if _PLUGIN_RELEASE is None:
        out = subprocess.run(["tshark", "--version"], capture_output=True, text=True, check=True).stdout
        m = re.search(r"^TShark \(Wireshark\) (\d+)\.(\d+)\.", out, re.M)
        if not m:
            raise SystemExit(f"cannot read the Wireshark version from tshark --version:\n{out[:500]}")
        _PLUGIN_RELEASE = f"{m.group(1)}.{m.group(2)}"
    return _PLUGIN_RELEASE


class Env:
    """A HOME with some of the plugins installed, and a way to run tools in it."""

    def __init__(self, root, name, plugins):
        self.home = os.path.join(root, name)
        for kind, path in plugins:
            d = os.path.join(self.home, ".local/lib/wireshark/plugins", plugin_release(), kind)
            os.makedirs(d, exist_ok=True)
            shutil.copy(path, d)
        os.makedirs(self.home, exist_ok=True)
        # An empty stand-in for the global plugin directory, so that plugins a user installed system-wide
        # (scripts/setup.sh as root) cannot take part: only the ones put in this HOME do.
        self.no_global_plugins = os.path.join(self.home, "no-global-plugins")
        os.makedirs(self.no_global_plugins, exist_ok=True)

    def command(self, args, extra_env=(), asan_options=""):
        """The command line that runs `args` in this HOME (as nobody when root); extra_env: more VAR=value;
        asan_options: settings added to ASAN_OPTIONS in a sanitizer build."""
        prefix = ["env", "-i", "PATH=/usr/bin:/bin", f"HOME={self.home}", "LC_ALL=C.UTF-8",
                  f"WIRESHARK_PLUGIN_DIR={self.no_global_plugins}"] + list(extra_env) + sanitizer_env(asan_options)
        if os.geteuid() == 0:
            prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] + prefix
        return prefix + args

    def run(self, args, check_rc=True, extra_env=()):
        p = subprocess.run(self.command(args, extra_env), capture_output=True, text=True, errors="replace")
        # A sanitizer report fails the test even where the caller expects the tool to fail (damaged files).
        report = sanitizer_report(p.stderr)
        if report:
            raise SystemExit(f"{' '.join(args)}: sanitizer report:\n{report}")
        if check_rc and p.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({p.returncode}):\n{p.stderr}")
        return p


# The plugins of a sanitizer build (meson test sets TRACESHARK_SANITIZER_PRELOAD there) run inside the
# uninstrumented Wireshark tools: the ASan runtime must be preloaded, and the sanitizer options travel through
# the `env -i` above.
SANITIZER_REPORT = re.compile(r"ERROR: (AddressSanitizer|LeakSanitizer)|^\S+:\d+:\d+: runtime error: ", re.M)


def sanitizer_env(asan_options=""):
    """LD_PRELOAD and the sanitizer options for a Wireshark tool in a sanitizer build ([] otherwise);
    asan_options: settings appended to ASAN_OPTIONS (a later setting wins)."""
    preload = os.environ.get("TRACESHARK_SANITIZER_PRELOAD")
    if not preload:
        return []
    options = {k: os.environ[k] for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS") if k in os.environ}
    if asan_options:
        options["ASAN_OPTIONS"] = ":".join(x for x in (options.get("ASAN_OPTIONS"), asan_options) if x)
    return [f"LD_PRELOAD={preload}"] + [f"{k}={v}" for k, v in options.items()]


def sanitizer_report(stderr):
    """The sanitizer report in a tool's stderr, or None."""
    m = SANITIZER_REPORT.search(stderr or "")
    return stderr[m.start():][:6000] if m else None


def report_infos(dump, fixture):
    """Event texts of `traceshark-dump FILE` (= trace-cmd report) lines, without the `cpus=` line."""
    out = subprocess.run([dump, fixture], capture_output=True, text=True, check=True).stdout.splitlines()
    return report_infos_of_lines(out)


def report_infos_of_lines(out):
    """Event texts of report lines (report_infos)."""
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


def report_raw(fixture):
    """`trace-cmd report -R FILE`: per event, (name, {field: value text}) in report order; None without trace-cmd."""
    if not shutil.which("trace-cmd"):
        return None
    out = subprocess.run(["trace-cmd", "report", "-R", fixture], capture_output=True, text=True, check=True).stdout
    events = []
    for line in out.splitlines():
        m = re.search(r"\] +\d+\.\d+: (\S+):\s+(.*)$", line)
        if m:
            events.append((m.group(1), dict(re.findall(r"(\w+)=(\S*)", m.group(2)))))
    return events


def _csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack(f"!{len(b) // 2}H", b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ipv4_packet(src, dst, proto, payload, ident=1):
    """An IPv4 header (checksummed) before `payload`; src and dst as 4 bytes (a list of ints)."""
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, 0, 64, proto, 0, bytes(src), bytes(dst))
    hdr = hdr[:10] + struct.pack("!H", _csum(hdr)) + hdr[12:]
    return hdr + payload


def ipv6_packet(src, dst, proto, payload, flow=0):
    """An IPv6 header (flow label `flow`) before `payload`; src and dst as 16 bytes."""
    return struct.pack("!IHBB16s16s", 6 << 28 | flow, len(payload), proto, 64, bytes(src), bytes(dst)) + payload


def _l4sum(src, dst, proto, seg):
    # The pseudo-header of RFC 768/793 (IPv4) or RFC 8200 section 8.1 (IPv6).
    pseudo = struct.pack("!BBH", 0, proto, len(seg)) if len(src) == 4 else struct.pack("!I3xB", len(seg), proto)
    return _csum(bytes(src) + bytes(dst) + pseudo + seg)


def _ip_packet(src, dst, proto, seg, ident):
    """IPv4 (4-byte addresses; `ident` the IP id) or IPv6 (16 bytes; `ident` the flow label)."""
    return ipv4_packet(src, dst, proto, seg, ident) if len(src) == 4 else ipv6_packet(src, dst, proto, seg, ident)


def udp_packet(src, dst, sport, dport, data, ident=1):
    seg = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    seg = seg[:6] + struct.pack("!H", _l4sum(src, dst, 17, seg)) + seg[8:]
    return _ip_packet(src, dst, 17, seg, ident)


def tcp_packet(src, dst, sport, dport, seq, ack, flags, ident=1):
    seg = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 64240, 0, 0)
    seg = seg[:16] + struct.pack("!H", _l4sum(src, dst, 6, seg)) + seg[18:]
    return _ip_packet(src, dst, 6, seg, ident)


def ethernet_frame(ip_packet, to_first=True):
    """`ip_packet` (IPv4 or IPv6, by its version) in an Ethernet II frame between 02:00:00:00:00:01 and :02 (from
    :01 to :02 unless to_first)."""
    a, b = "020000000001", "020000000002"
    ethertype = "86dd" if ip_packet[0] >> 4 == 6 else "0800"
    return bytes.fromhex((a + b if to_first else b + a) + ethertype) + ip_packet


def write_pcap_ns(path, frames):
    """A nanosecond-resolution Ethernet pcap of (time in ns since the epoch, frame bytes) records."""
    out = struct.pack("<IHHiIII", 0xA1B23C4D, 2, 4, 0, 0, 65535, 1)
    for ts, f in frames:
        out += struct.pack("<IIII", ts // 10**9, ts % 10**9, len(f), len(f)) + f
    with open(path, "wb") as g:
        g.write(out)
    os.chmod(path, 0o644)


def write_network_pcapng(path):
    """A small Ethernet pcapng: UDP (DNS query), TCP SYN/SYN-ACK/ACK, written with struct (no tool needed)."""
    a, b = [10, 0, 0, 1], [10, 0, 0, 2]
    dns = struct.pack("!HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0) + b"\x07example\x03com\x00" + struct.pack("!HH", 1, 1)
    frames = [ethernet_frame(udp_packet(a, b, 40000, 53, dns), False),
              ethernet_frame(tcp_packet(a, b, 40001, 80, 1000, 0, 0x02), False),
              ethernet_frame(tcp_packet(b, a, 80, 40001, 5000, 1001, 0x12)),
              ethernet_frame(tcp_packet(a, b, 40001, 80, 1001, 5001, 0x10), False)]

    def block(btype, body):
        body += b"\0" * (-len(body) % 4)
        return struct.pack("<II", btype, 12 + len(body)) + body + struct.pack("<I", 12 + len(body))

    out = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    out += block(1, struct.pack("<HHI", 1, 0, 65535))
    for i, f in enumerate(frames):
        ts = 1_700_000_000_000_000 + i * 1000  # microseconds
        out += block(6, struct.pack("<IIIII", 0, ts >> 32, ts & 0xffffffff, len(f), len(f)) + f)
    with open(path, "wb") as g:
        g.write(out)


def linux_event_checks(full, fixture, raw):
    """linux_trace_event fields against `trace-cmd report -R` (raw: report_raw())."""
    cache = os.path.join(full.home, ".cache/traceshark/linux-fields.txt")
    f_next_pid = "linux_trace_event.data.sched.sched_switch.next_pid"
    # A fresh HOME knows no per-event field yet (no cache, no readable tracefs for the unprivileged user): the
    # filter is compiled before the file is read, and the plugin registers the fields of the capture named on the
    # command line when the filter asks for an unknown linux_trace_event field.
    check(not os.path.exists(cache), "a fresh HOME has no field cache")
    first = full.run(["tshark", "-r", fixture, "-Y", f"{f_next_pid} == 0"], check_rc=False)
    check(first.returncode == 0 and first.stdout.strip() != "",
          f"first run, no cache: tshark -r FILE -Y on a per-event field works ({first.stderr.strip()[:200]!r})")
    os.remove(cache)
    # Reading the file teaches the fields; they are remembered in the cache.
    full.run(["tshark", "-r", fixture])
    with open(cache) as f:
        lines = f.read().splitlines()
    check("sched sched_switch next_pid FT_INT32 BASE_DEC" in lines
          and "sched sched_switch prev_comm FT_STRING BASE_NONE" in lines
          and "sched sched_switch prev_state FT_UINT64 BASE_HEX" in lines
          and "syscalls sys_enter_openat filename FT_UINT64 BASE_HEX" in lines
          and "sched sched_process_exec filename FT_STRING BASE_NONE" in lines
          and "sock inet_sock_set_state saddr FT_BYTES BASE_NONE" in lines,
          f"the cache remembers typed field signatures ({len(lines)} lines)")
    check(len(lines) == len(set(lines)), "the cache has no duplicate lines")
    full.run(["tshark", "-r", fixture])
    with open(cache) as f:
        check(len(f.read().splitlines()) == len(lines), "a second run adds nothing to the cache (deduplicated)")
    # A damaged cache: torn and garbage lines are ignored, the good ones still register.
    with open(cache, "a") as f:
        f.write("garbage\nsched sched_switch next_pid FT_NOPE BASE_DEC\nbad.name x y FT_INT32 BASE_DEC\n\x00\xff\nsched sched_sw")
    p = full.run(["tshark", "-r", fixture, "-c", "1", "-Y", f"{f_next_pid} >= 0"], check_rc=False)
    check(p.returncode == 0 and p.stderr.strip() == "", f"a corrupt cache file is tolerated ({p.stderr.strip()[:200]!r})")

    if raw is None:
        print("skip: trace-cmd not installed, no report -R oracle")
        return

    def fields_of(event, names, system):
        pre = f"linux_trace_event.data.{system}.{event}."
        args = ["tshark", "-r", fixture, "-Y", f'linux_trace_event.name == "{event}"', "-T", "fields",
                "-E", "separator=/t", "-E", "occurrence=f"]
        for n in names:
            args += ["-e", pre + n]
        return [l.split("\t") for l in full.run(args).stdout.splitlines()]

    def compare(event, system, ints, strings, mask=None):
        names = ints + strings
        ours = fields_of(event, names, system)
        theirs = [f for n, f in raw if n == event]
        bad = []
        for i, (o, t) in enumerate(zip(ours, theirs)):
            for k, n in enumerate(names):
                if n in ints:
                    ov, tv = int(o[k], 0), int(t[n], 0)
                    if mask and n in mask:
                        ov, tv = ov & mask[n], tv & mask[n]
                    if ov != tv:
                        bad.append((i, n, o[k], t[n]))
                elif o[k] != t[n]:
                    bad.append((i, n, o[k], t[n]))
        check(len(ours) == len(theirs) > 0 and not bad,
              f"{event}: {len(ours)} events, fields {names} == trace-cmd report -R"
              + (f" (first mismatch: {bad[0]})" if bad else ""))

    compare("sched_switch", "sched", ["prev_pid", "prev_prio", "prev_state", "next_pid", "next_prio"],
            ["prev_comm", "next_comm"])
    compare("sys_enter_openat", "syscalls", ["__syscall_nr", "dfd", "filename", "flags", "mode"], [])
    compare("sched_process_exec", "sched", ["pid", "old_pid"], ["filename"])
    compare("task_rename", "task", ["pid", "oom_score_adj"], ["oldcomm", "newcomm"])
    compare("inet_sock_set_state", "sock", ["oldstate", "newstate", "sport", "dport", "family", "protocol"], [])

    # Filters count what the report counts.
    pids = [next_pid for n, f in raw if n == "sched_switch" for next_pid in [int(f["next_pid"])]]
    for pid in sorted(set(pids), key=pids.count, reverse=True)[:3]:
        got = full.run(["tshark", "-r", fixture, "-Y", f"{f_next_pid} == {pid}"]).stdout.splitlines()
        check(len(got) == pids.count(pid), f"-Y '{f_next_pid} == {pid}' matches {len(got)} == report's {pids.count(pid)}")
    p = full.run(["tshark", "-r", fixture, "-Y", 'linux_trace_event.system == "syscalls" && linux_trace_event.cpu == 1',
                  "-T", "fields", "-e", "linux_trace_event.id"])
    check(len(p.stdout.splitlines()) > 0, "linux_trace_event.system / .cpu / .id filter and print")
    v = full.run(["tshark", "-r", fixture, "-c", "200", "-V"]).stdout
    check("Fields of sched:sched_switch" in v and "common_preempt_count:" in v and "next_comm: " in v,
          "tshark -V shows every field, common fields included")
    # The process subtree's title: "name (pid)", or "PID n" for a process the trace has not named yet.
    titles = re.findall(r"^\[Process context, (.*)\]$", v, re.M)
    check(titles and all(re.fullmatch(r"PID \d+|\S.*\S? \(\d+\)", t) for t in titles),
          f"process subtree titles name the process or say PID ({sorted(set(t for t in titles if '(' not in t))[:3]}, "
          f"{len(titles)} titles)")


def profile_checks(full, fixture, profile_dir):
    """The Traceshark profile, installed as a personal profile of the throw-away HOME (tshark -C Traceshark)."""
    dest = os.path.join(full.home, ".config/wireshark/profiles/Traceshark")
    shutil.copytree(profile_dir, dest)
    for dirpath, dirnames, filenames in os.walk(os.path.join(full.home, ".config")):
        os.chmod(dirpath, 0o755)
        for n in filenames:
            os.chmod(os.path.join(dirpath, n), 0o644)
    p = full.run(["tshark", "-C", "Traceshark", "-r", fixture, "-T", "psml", "--color"])
    check(p.stderr.strip() == "", f"tshark -C Traceshark: no warnings (colour rules compile) ({p.stderr.strip()[:300]!r})")
    heads = re.search(r"<structure>(.*?)</structure>", p.stdout, re.S).group(1)
    titles = re.findall(r"<section>(.*?)</section>", heads)
    check(titles == ["No.", "Time", "Machine", "CPU", "PID", "TID", "Process", "Event", "Info"], f"profile columns {titles}")
    packets = re.findall(r"<packet([^>]*)>(.*?)</packet>", p.stdout, re.S)
    rows = [re.findall(r"<section>(.*?)</section>", body) for _, body in packets]
    expect = full.run(["tshark", "-r", fixture, "-T", "fields", "-E", "separator=/t", "-e", "traceshark.machine.hostname",
                       "-e", "traceshark.cpu", "-e", "traceshark.pid", "-e", "traceshark.comm",
                       "-e", "traceshark.event.name"]).stdout.splitlines()
    import html
    got = ["\t".join(html.unescape(c) for c in r[2:4] + r[5:8]) for r in rows]
    check(got == expect, f"profile columns Machine/CPU/TID/Process/Event == traceshark.* fields ({len(got)} rows)")
    # PID (the thread group) is the process context's process.pid.
    pids = full.run(["tshark", "-r", fixture, "-T", "fields", "-e", "process.pid"]).stdout.splitlines()
    check([r[4] for r in rows] == pids and all(pids), f"profile column PID == process.pid ({len(pids)} rows)")
    colors = {}
    for (attrs, _), r in zip(packets, rows):
        colors.setdefault(r[7], set()).add(attrs)
    check(len(colors.get("sched_switch", ())) == 1 and len(colors.get("sys_enter_openat", ())) == 1
          and colors["sched_switch"] != colors["sys_enter_openat"] and all(a.strip() for a in colors["sched_switch"]),
          "colour rules: one colour per family, scheduler and syscalls differ")


def network_checks(full, bare, work):
    net = os.path.join(work, "net.pcapng")
    write_network_pcapng(net)
    os.chmod(net, 0o644)
    with_plugins = full.run(["tshark", "-r", net, "-V"])
    without = bare.run(["tshark", "-r", net, "-V"])
    check("Domain Name System" in without.stdout and "Transmission Control Protocol" in without.stdout,
          "the network pcapng holds DNS/UDP and TCP")
    check(with_plugins.stdout == without.stdout and with_plugins.stderr == without.stderr,
          "an ordinary network pcapng dissects identically (-V) with and without the Traceshark plugins")


def process_checks(full, fixture, truth_path):
    """Process context (libs/tracking) against what the recorded workload says it did (the truth file)."""
    import json
    with open(truth_path) as f:
        truth = json.load(f)
    root = str(truth["root_pid"])
    names = ["frame.number", "process.pid", "process.tid", "process.name", "process.exit_code",
             "process.parent.pid", "process.exec_file", "process_event.event", "process_event.exec_file"]
    p = full.run(["tshark", "-2", "-r", fixture, "-T", "fields", "-E", "separator=/t", "-E", "occurrence=f"]
                 + [x for n in names for x in ("-e", n)])
    check(p.stderr.strip() == "", f"process context: tshark -2 without messages ({p.stderr.strip()[:200]!r})")
    rows = [dict(zip(names, l.split("\t"))) for l in p.stdout.splitlines()]
    check(rows and all(r["process.pid"] for r in rows), f"every one of {len(rows)} events has a process.pid")
    for ev in truth["events"]:
        kind = ev["kind"]
        if kind == "fork_rename_exit":
            pid = str(ev["pid"])
            mine = [r for r in rows if r["process.pid"] == pid]
            renames = [int(r["frame.number"]) for r in mine if r["process_event.event"] == "rename"]
            after = [r for r in mine if renames and int(r["frame.number"]) >= renames[0]]
            check(after and all(r["process.name"] == ev["comm"] for r in after),
                  f"forked child {pid}: process.name {ev['comm']} on its {len(after)} events after its rename")
            check(mine and all(r["process.exit_code"] == str(ev["code"]) for r in mine),
                  f"forked child {pid}: process.exit_code {ev['code']} on its {len(mine)} events")
        elif kind == "child_exit":
            codes = {r["process.exit_code"] for r in rows if r["process.exec_file"] == ev["path"]}
            check(str(ev["code"]) in codes, f"a child running {ev['path']} exits {ev['code']} (codes seen {sorted(codes)})")
        elif kind == "thread":
            tid = str(ev["tid"])
            mine = [r for r in rows if r["process.tid"] == tid]
            check(mine and all(r["process.pid"] == root and r["process.name"] == truth["comm"] for r in mine),
                  f"thread {ev['comm']} ({tid}): process.pid {root} and process.name {truth['comm']} on its "
                  f"{len(mine)} events")
        elif kind == "exec":
            x = full.run(["tshark", "-2", "-r", fixture, "-Y", 'process_event.event == "exec"', "-T", "fields",
                          "-e", "process.pid", "-e", "process_event.exec_file"]).stdout.splitlines()
            check(f"{ev['pid']}\t{ev['path']}" in x,
                  f"-Y 'process_event.event == \"exec\"' shows process {ev['pid']} executing {ev['path']}")
            y = full.run(["tshark", "-2", "-r", fixture, "-Y", f'process_event.exec_file == "{ev["path"]}"',
                          "-T", "fields", "-e", "process_event.event"]).stdout.splitlines()
            check(y and set(y) == {"exec"}, f"process_event.exec_file == {ev['path']} filters exec events ({y})")
    parents = {r["process.parent.pid"] for r in rows if r["process.pid"] == root}
    check(len(parents) == 1 and "" not in parents,
          f"every event of the workload {root} shows the same process.parent.pid ({sorted(parents)})")
    # One pass (frames dissected as they are read) knows the context too.
    one = full.run(["tshark", "-r", fixture, "-T", "fields", "-e", "process.pid"])
    check(one.stderr.strip() == "" and len(one.stdout.splitlines()) == len(rows)
          and all(one.stdout.splitlines()), "one-pass tshark: every event has a process.pid")


IO_COLUMNS = ("file_ops", "files_opened", "file_bytes_read", "file_bytes_written", "net_ops", "connections",
              "bytes_sent", "bytes_received", "registry_ops", "failed")


def process_io(full, capture):
    """{pid: {column: value}} of `tshark -2 -z traceshark,io` (the per-process I/O table)."""
    out = full.run(["tshark", "-2", "-q", "-r", capture, "-z", "traceshark,io"]).stdout
    table = {}
    for line in out.split("=== Traceshark process I/O ===", 1)[-1].splitlines():
        f = line.split()
        if len(f) >= 12 and f[0].isdigit() and all(x.isdigit() for x in f[-10:]):
            table[f[0]] = dict(zip(IO_COLUMNS, map(int, f[-10:])))
    return table


def stats_tree_nodes(full, capture, tree, node):
    """{key: {"count": n, child label: n}} of a stats tree (`tshark -2 -z TREE`): for each node whose label
    `node(label)` gives a key for, its count and the counts of the nodes under it."""
    out = full.run(["tshark", "-2", "-q", "-r", capture, "-z", tree]).stdout
    nodes, current, depth = {}, None, 0
    for line in out.splitlines():
        m = re.match(r"^( *)(\S.*?)\s{2,}(\d+)\b", line)
        if not m:
            continue
        indent, label, count = len(m.group(1)), m.group(2).strip(), int(m.group(3))
        key = node(label)
        if key is not None:
            current, depth = key, indent
            nodes[current] = {"count": count}
        elif current is not None and indent > depth:
            nodes[current][label] = count
        else:
            current = None
    return nodes


def io_tree_values(full, capture, pid):
    """{label: value} under process `pid`'s node of the Process Activity stats tree (`-z traceshark_io,tree`)."""
    nodes = stats_tree_nodes(full, capture, "traceshark_io,tree", lambda label: pid if re.match(rf"^{pid} ", label) else None)
    values = nodes.get(pid, {})
    values.pop("count", None)
    return values


CONNECTION_NODE = re.compile(r"^(tcp|udp) (\S+) -> (\S+) \(socket (\d+)\)$")


def connections_tree(full, capture, flt=""):
    """{(protocol, local, remote): {"count": frames, child label: n}} of the Process Connections stats tree
    (`tshark -2 -z traceshark_connections,tree[,FILTER]`, Statistics > Traceshark > Process Connections)."""
    def node(label):
        c = CONNECTION_NODE.match(label)
        return c.groups()[:3] if c else None
    return stats_tree_nodes(full, capture, "traceshark_connections,tree" + (f",{flt}" if flt else ""), node)


FOLLOW_ROW = re.compile(r"^\s*(\d+)\s+(\d+\.\d{9})\s+(\S+)\s+(\S+ \S+)\s+(\S+)\s+(\S+)\s+(ok|failed)\s+(-|[fs]\d+)\s+(.*)$")


def follow(full, capture, what):
    """The view `tshark -2 -z traceshark,follow,WHAT` prints: its subject line, its rows as dicts (frame, pid, kind,
    bytes, offset, result, object), and its closing count line."""
    out = full.run(["tshark", "-2", "-q", "-r", capture, "-z", f"traceshark,follow,{what}"]).stdout
    lines = out.split("=== Traceshark follow ===\n", 1)[-1].splitlines()
    rows, footer = [], ""
    for line in lines[2:]:
        m = FOLLOW_ROW.match(line)
        if m:
            rows.append(dict(zip(("frame", "time", "pid", "kind", "bytes", "offset", "result", "number", "object"), m.groups())))
        elif line.endswith("bytes moved"):
            footer = line
            break
    return (lines[0] if lines else ""), rows, footer


def tshark_stat_table_leak_only(stderr, flt):
    """Whether a sanitizer report in `stderr` is only Wireshark 4.0's own leak of a stat table's filter: tshark's
    table setup g_strdup()s the `-z ...,FILTER` text (from start_requested_stats) and never frees it, one
    allocation of len(FILTER) + 1 bytes, with any table (stock `-z camel,counter,frame.number==1` leaks 16)."""
    report = sanitizer_report(stderr)
    if not report:
        return True
    leaks = re.findall(r"^(Direct|Indirect) leak of (\d+) byte\(s\) in (\d+) object", report, re.M)
    stack = report.split("leak of", 1)[-1].split("\n\n", 1)[0]
    return (report.startswith("ERROR: LeakSanitizer") and leaks == [("Direct", str(len(flt) + 1), "1")]
            and "g_strdup" in stack and "start_requested_stats" in stack and "runtime error" not in stderr)


def events_table(full, capture, flt):
    """The rows of the Traceshark Follow table (`tshark -2 -z traceshark,events,FILTER`, Statistics > Traceshark
    Follow), each its cells as the follow view's row dicts name them."""
    args = ["tshark", "-2", "-q", "-r", capture, "-z", f"traceshark,events,{flt}"]
    run = lambda options: subprocess.run(full.command(args, asan_options=options), capture_output=True,  # noqa: E731
                                         text=True, errors="replace")
    if os.environ.get("TRACESHARK_SANITIZER_PRELOAD"):
        # A sanitizer build: LeakSanitizer's report at exit aborts tshark before its output is flushed, so the
        # leaks are checked in a run of their own, fully unwound to tell Wireshark's own leak from any other.
        leaks = run("fast_unwind_on_malloc=0")
        if not tshark_stat_table_leak_only(leaks.stderr, flt):
            raise SystemExit(f"{' '.join(args)}: sanitizer report:\n{sanitizer_report(leaks.stderr)}")
    p = run("detect_leaks=0")  # every other check stays on
    if sanitizer_report(p.stderr) or p.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({p.returncode}):\n{p.stderr}")
    out = p.stdout
    keys = ("frame", "time", "pid", "kind", "bytes", "offset", "result", "number", "object")
    rows = []
    for line in out.split("Events of what the display filter names, in frame order", 1)[-1].splitlines():
        cells = [c.strip() for c in line.split(" |")]
        if len(cells) == len(keys) + 1 and cells[0].isdigit():
            rows.append(dict(zip(keys, cells[:-1])))
    return rows


def follow_file_checks(full, fixture, data, pid, ev):
    """-z traceshark,follow on the files workload: the data file by path (every open and the rename), one of its
    objects from open to close, and the workload process, against what the frames' own fields say."""
    p = full.run(["tshark", "-2", "-r", fixture, "-Y", f'activity.path == "{data}"', "-T", "fields", "-E",
                  "separator=/t", "-e", "frame.number", "-e", "activity.kind", "-e", "activity.object.file"])
    frames = [line.split("\t") for line in p.stdout.splitlines()]
    subject, rows, footer = follow(full, fixture, f"path,{data}")
    check([(r["frame"], r["kind"]) for r in rows] == [(f[0], f[1]) for f in frames] and len(rows) == 8
          and subject == f"path {data}" and all(r["pid"] == pid and r["result"] == "ok" for r in rows),
          f"tshark -z traceshark,follow,path: the data file's 8 operations in frame order ({[r['kind'] for r in rows]})")
    check([int(r["bytes"]) for r in rows if r["kind"] == "file write"] == [ev["file_write"]["bytes"]]
          and sum(int(r["bytes"]) for r in rows if r["kind"] == "file read") == ev["file_read"]["bytes"]
          and footer == f"8 events, {ev['file_write']['bytes'] + ev['file_read']['bytes']} bytes moved",
          f"tshark -z traceshark,follow,path: the write's and the reads' bytes ({footer})")
    objects = list(dict.fromkeys(f[2] for f in frames if f[2]))
    check(len(objects) == 2, f"activity.object.file: the write and the read go through two objects ({objects})")
    if len(objects) == 2:
        subject, rows, _ = follow(full, fixture, f"file,{objects[0]}")
        check([r["kind"] for r in rows] == ["file open", "file write", "file close"]
              and [r["frame"] for r in rows] == [f[0] for f in frames if f[2] == objects[0]]
              and all(r["number"] == f"f{objects[0]}" for r in rows)
              and subject.startswith(f"file object {objects[0]}: {data}, process {pid} ")
              and subject.endswith(f"0 bytes read, {ev['file_write']['bytes']} written"),
              f"tshark -z traceshark,follow,file,{objects[0]}: its open, write and close ({subject})")
        # The same as the GUI's table (Statistics > Traceshark Follow), its display filter naming the object.
        table = events_table(full, fixture, f"activity.object.file=={objects[0]}")
        check(table == rows, f"tshark -z traceshark,events,activity.object.file=={objects[0]}: the follow view's rows "
                             f"({len(table)}: {[r['kind'] for r in table]})")
    _, path_rows, _ = follow(full, fixture, f"path,{data}")
    check(events_table(full, fixture, f'activity.path == "{data}"') == path_rows,
          "tshark -z traceshark,events,activity.path == DATA: the follow view's 8 rows, cell for cell")
    bad = full.run(["tshark", "-r", fixture, "-z", "traceshark,events"], check_rc=False)
    check(bad.returncode != 0 and "needs a display filter naming what to follow" in bad.stderr and bad.stdout == "",
          f"-z traceshark,events without a filter is refused ({bad.returncode}: {bad.stderr.strip()[:80]})")
    p = full.run(["tshark", "-2", "-r", fixture, "-Y", f"process.pid == {pid} && activity.kind", "-T", "fields",
                  "-e", "frame.number", "-e", "activity.kind"])
    mine = [tuple(line.split("\t")) for line in p.stdout.splitlines()]
    _, rows, _ = follow(full, fixture, f"pid,{pid}")
    check(mine and [(r["frame"], r["kind"]) for r in rows] == mine,
          f"tshark -z traceshark,follow,pid: the {len(mine)} activities of process {pid}, in frame order")
    check(any(r["kind"] == "file open" and r["object"] == "(unknown)" and r["result"] == "ok" for r in rows),
          "tshark -z traceshark,follow,pid: an open of a path the trace does not know shows (unknown)")
    # Arguments that name nothing are refused before reading, each with its reason and the usage line.
    for arg, why in (("inode,3", "unknown kind"), ("file,abc", "not a number in range"),
                     ("file,-1", "not a number in range"), ("socket,4294967295", "not a number in range"),
                     ("pid,99999999999", "not a number in range"), ("file,", "not a number in range"),
                     ("path,", "the path is empty"), ("file", "what to follow is missing")):
        bad = full.run(["tshark", "-r", fixture, "-z", f"traceshark,follow,{arg}"], check_rc=False)
        check(bad.returncode != 0 and why in bad.stderr and "usage: -z traceshark,follow," in bad.stderr
              and bad.stdout == "",
              f"-z traceshark,follow,{arg} is refused: {why} ({bad.returncode}: {bad.stderr.strip()[:80]})")


def file_checks(full, fixture, truth_path):
    """Linux file activity (libs/tracking/linux) against the recorded workload's truth: its files' operations in
    order with their bytes, its path operations, and paths the trace does not know left out."""
    import json
    with open(truth_path) as f:
        truth = json.load(f)
    ev = {e["kind"]: e for e in truth["events"]}
    data, pid = ev["file_write"]["path"], str(ev["file_write"]["pid"])
    names = ["process.pid", "activity.kind", "activity.bytes", "activity.failed", "activity.object.bytes_written",
             "activity.object.bytes_read"]
    p = full.run(["tshark", "-2", "-r", fixture, "-Y", f'activity.path == "{data}"', "-T", "fields",
                  "-E", "separator=/t", "-E", "occurrence=f"] + sum((["-e", n] for n in names), []))
    rows = [dict(zip(names, line.split("\t"))) for line in p.stdout.splitlines()]
    # Written through one open, read through another, then renamed (a rename's activity.path is its old path).
    check([r["activity.kind"] for r in rows] == ["file open", "file write", "file close", "file open", "file read",
                                                 "file read", "file close", "file metadata"],
          f"tshark: the data file's operations in order ({[r['activity.kind'] for r in rows]})")
    check(all(r["process.pid"] == pid and r["activity.failed"] in ("0", "False") for r in rows),
          f"tshark: every operation on {data} is process {pid}'s and succeeded")
    writes = [int(r["activity.bytes"]) for r in rows if r["activity.kind"] == "file write"]
    reads = [int(r["activity.bytes"]) for r in rows if r["activity.kind"] == "file read"]
    check(writes == [ev["file_write"]["bytes"]], f"tshark: activity.bytes of the write == {ev['file_write']['bytes']}")
    check(sum(reads) == ev["file_read"]["bytes"], f"tshark: the reads' activity.bytes add up to {ev['file_read']['bytes']}")
    check(rows and rows[2]["activity.object.bytes_written"] == str(ev["file_write"]["bytes"])
          and rows[6]["activity.object.bytes_read"] == str(ev["file_read"]["bytes"]),
          "tshark: activity.object.bytes_written / bytes_read of the two opens")
    r = full.run(["tshark", "-2", "-r", fixture, "-Y", f'activity.target == "{ev["rename"]["new"]}"', "-T", "fields",
                  "-e", "activity.kind", "-e", "activity.path"]).stdout.splitlines()
    check(r == [f"file metadata\t{ev['rename']['old']}"], f"tshark: the rename, activity.path -> activity.target ({r})")
    r = full.run(["tshark", "-2", "-r", fixture, "-Y", f'activity.path == "{ev["unlink"]["path"]}"', "-T", "fields",
                  "-e", "activity.kind"]).stdout.splitlines()
    check(r == ["file delete"], f"tshark: the unlink ({r})")
    # ld.so opens its libraries without libc's wrappers: no uprobe saw those paths, so activity.path is absent.
    n = full.run(["tshark", "-2", "-r", fixture, "-Y", 'activity.kind == "file open" && !activity.path && activity.failed == 0',
                  "-T", "fields", "-e", "frame.number"]).stdout.splitlines()
    check(len(n) > 0, f"tshark: opens of unknown path have no activity.path ({len(n)} frames)")
    # -z traceshark,io: the workload's totals == what its frames' activity fields add up to (another path through
    # the dissector), and at least the data file's bytes the workload moved.
    p = full.run(["tshark", "-2", "-r", fixture, "-Y", f"process.pid == {pid} && activity.kind", "-T", "fields",
                  "-E", "separator=/t", "-e", "activity.kind", "-e", "activity.bytes", "-e", "activity.failed"])
    frames = [line.split("\t") for line in p.stdout.splitlines()]
    ok = [f for f in frames if f[2] in ("0", "False")]
    want = {"file_ops": sum(f[0].startswith("file ") for f in frames),
            "files_opened": sum(f[0] == "file open" for f in ok),
            "file_bytes_read": sum(int(f[1] or 0) for f in ok if f[0] == "file read"),
            "file_bytes_written": sum(int(f[1] or 0) for f in ok if f[0] == "file write"),
            "failed": len(frames) - len(ok)}
    io = process_io(full, fixture).get(pid, {})
    check(io and all(io[k] == v for k, v in want.items()) and io["file_bytes_written"] >= ev["file_write"]["bytes"]
          and io["file_bytes_read"] >= ev["file_read"]["bytes"],
          f"tshark -z traceshark,io: process {pid}'s file totals == its frames' ({io} vs {want})")
    tree = io_tree_values(full, fixture, pid)
    check(tree.get("file bytes written") == want["file_bytes_written"] and tree.get("file operations") == want["file_ops"],
          f"tshark -z traceshark_io,tree (Statistics > Traceshark > Process Activity): process {pid}'s node ({tree})")
    follow_file_checks(full, fixture, data, pid, ev)


def net_checks(full, work, fixture, packets, truth_path):
    """Linux network activity and packets linked to processes (issue #14) against the recorded workload's truth:
    the trace (tools/traceshark-record --net, wall-clock DATE) merged with the `lo` packet capture made at the
    same time. The TCP connection's bytes per direction and the UDP datagram's port and size; every workload
    packet carries the workload's pid and the object of the socket that sent it, no other packet a process."""
    import json
    with open(truth_path) as f:
        truth = json.load(f)
    ev = {e["kind"]: e for e in truth["events"]}
    tcp, udp = ev["tcp"], ev["udp"]
    pid = str(tcp["client_pid"])
    # The workload's loopback: 127.0.0.1, or ::1 for the IPv6 recording (endpoints "[::1]:port", as the tracking
    # and Wireshark's own columns write them).
    lo = truth.get("loopback", "127.0.0.1")
    v6 = ":" in lo
    endpoint = lambda addr, port: f"[{addr}]:{port}" if v6 else f"{addr}:{port}"  # noqa: E731
    client, server = endpoint(lo, tcp["client_port"]), endpoint(lo, tcp["server_port"])
    merged = os.path.join(work, f"net-merged-{'v6' if v6 else 'v4'}.pcapng")
    full.run(["mergecap", "-w", merged, packets, fixture])

    names = ["frame.number", "process.pid", "process.tid", "activity.kind", "activity.local", "activity.remote",
             "activity.bytes", "activity.object.bytes_sent", "activity.object.bytes_received",
             "activity.object.first_packet", "activity.object.packets"]

    def rows(flt):
        p = full.run(["tshark", "-2", "-r", merged, "-Y", flt, "-T", "fields", "-E", "separator=/t",
                      "-E", "occurrence=f"] + sum((["-e", n] for n in names), []))
        return [dict(zip(names, line.split("\t"))) for line in p.stdout.splitlines()]

    # The syscall events: the client's connect, send, receive, close; the server thread's accept, receive, send,
    # close; bytes per direction from the exits.
    ops = rows('activity.protocol == "tcp" && activity.kind != "net packet"')
    got = [(r["process.tid"], r["activity.kind"], r["activity.local"], r["activity.remote"], r["activity.bytes"])
           for r in ops]
    ct, st, n = str(tcp["client_tid"]), str(tcp["server_tid"]), str(tcp["bytes"])
    want = [(ct, "net connect", client, server, ""), (st, "net accept", server, client, ""),
            (ct, "net send", client, server, n), (st, "net receive", server, client, str(tcp["received"])),
            (st, "net send", server, client, n), (ct, "net receive", client, server, str(tcp["answered"])),
            (ct, "net disconnect", client, server, ""), (st, "net disconnect", server, client, "")]
    check(sorted(got) == sorted(want) and all(r["process.pid"] == pid for r in ops),
          f"tshark: the TCP connection's events, both ends, with their bytes ({got})")
    check(all(r["activity.object.bytes_sent"] == n and r["activity.object.bytes_received"] == n for r in ops),
          "tshark: activity.object.bytes_sent / bytes_received of both ends == the workload's 4 and 4")
    dgram = rows('activity.protocol == "udp" && activity.kind == "net send"')
    check([(r["process.pid"], r["activity.remote"], r["activity.bytes"]) for r in dgram]
          == [(str(udp["pid"]), endpoint(lo, udp["dport"]), str(udp["bytes"]))],
          f"tshark: the UDP datagram: its destination port and size ({dgram})")

    # The packets: every TCP/UDP packet on lo, with the process and the object of the socket that sent it.
    ip, icmp = ("ipv6", "icmpv6") if v6 else ("ip", "icmp")
    p = full.run(["tshark", "-2", "-r", merged, "-Y", f"tcp || udp || {icmp}", "-T", "fields", "-E", "separator=/t",
                  "-E", "occurrence=f", "-e", "frame.number", "-e", f"{ip}.src", "-e", "tcp.srcport", "-e",
                  "udp.srcport", "-e", f"{ip}.dst", "-e", "tcp.dstport", "-e", "udp.dstport", "-e", "udp.length",
                  "-e", f"{icmp}.type", "-e", "process.pid", "-e", "activity.kind", "-e", "activity.local",
                  "-e", "activity.remote"])
    pk = [line.split("\t") for line in p.stdout.splitlines()]
    tcp_pk = [x for x in pk if x[2] and {x[2], x[5]} == {str(tcp["client_port"]), str(tcp["server_port"])}]
    udp_pk = [x for x in pk if x[3] == str(udp["sport"]) and x[6] == str(udp["dport"]) and not x[8]]
    check(len(tcp_pk) >= 10, f"the lo capture holds the TCP exchange ({len(tcp_pk)} packets)")
    check(all(x[9] == pid and x[10] == "net packet" and x[11] == endpoint(x[1], x[2]) and x[12] == endpoint(x[4], x[5])
              for x in tcp_pk),
          "tshark: every packet of the TCP connection carries the workload's pid and its sender's socket")
    check(len(udp_pk) == 1 and udp_pk[0][9] == str(udp["pid"]) and udp_pk[0][7] == str(8 + udp["bytes"])
          and udp_pk[0][12] == endpoint(lo, udp["dport"]),
          f"tshark: the datagram's packet (source port {udp['sport']}, {udp['bytes']} bytes) is the workload's UDP flow")
    others = [x for x in pk if x not in tcp_pk and x not in udp_pk]
    check(any(x[8] for x in others) and all(not x[9] for x in others),
          f"tshark: no other packet carries a process (the kernel's ICMP port unreachable: {len(others)} packets)")
    # Both ways: each socket event's object names its first packet and the count.
    first = {r["activity.local"]: (r["activity.object.first_packet"], r["activity.object.packets"]) for r in ops}
    sent_by = lambda port: [x[0] for x in tcp_pk if x[2] == str(port)]
    check(first.get(client) == (sent_by(tcp["client_port"])[0], str(len(sent_by(tcp["client_port"]))))
          and first.get(server) == (sent_by(tcp["server_port"])[0], str(len(sent_by(tcp["server_port"])))),
          f"tshark: activity.object.first_packet / packets of both ends ({first})")
    # -z traceshark,follow,socket: the client's connection, its events and the packets it sent, in frame order.
    sock = full.run(["tshark", "-2", "-r", merged, "-Y", f'activity.local == "{client}" && activity.kind != "net packet"',
                     "-T", "fields", "-e", "frame.number", "-e", "activity.object.socket"]).stdout.splitlines()
    ids = {line.split("\t")[1] for line in sock}
    check(len(ids) == 1 and "" not in ids, f"activity.object.socket: one number for the client's events ({ids})")
    if len(ids) == 1:
        number = ids.pop()
        subject, followed, footer = follow(full, merged, f"socket,{number}")
        want_frames = sorted([int(line.split("\t")[0]) for line in sock] + [int(x) for x in sent_by(tcp["client_port"])])
        check([int(r["frame"]) for r in followed] == want_frames
              and sum(r["kind"] == "net packet" for r in followed) == len(sent_by(tcp["client_port"]))
              and all(r["pid"] == pid and r["object"] == f"{client} -> {server}" and r["number"] == f"s{number}"
                      for r in followed)
              and f"tcp {client} -> {server}, process {pid} " in subject
              and footer == f"{len(followed)} events ({len(sent_by(tcp['client_port']))} packets), {2 * tcp['bytes']} bytes moved",
              f"tshark -z traceshark,follow,socket: the client's {len(sock)} events and {len(sent_by(tcp['client_port']))} "
              f"packets in frame order ({subject})")
    # -z traceshark,connections: the workload's connection, both ends, and its datagram, with bytes and the
    # packets linked to each; a one-pass run links at the end and prints the same table.
    def connections(extra):
        out = full.run(["tshark", "-q", "-r", merged, "-z", "traceshark,connections"] + extra).stdout
        table = out.split("=== Traceshark process connections ===", 1)[-1].splitlines()
        return [ln.split(None, 9) for ln in table if ln[:8].strip().isdigit()]
    conns = connections(["-2"])
    mine = sorted(r for r in conns if r[0] == pid)
    want = sorted([[pid, mine[0][1] if mine else "?", "tcp", client, server, "4", n, n,
                    str(len(sent_by(tcp["client_port"]))), "connect, closed"],
                   [pid, mine[0][1] if mine else "?", "tcp", server, client, "4", n, n,
                    str(len(sent_by(tcp["server_port"]))), "accept, closed"]])
    udp_rows = [r for r in conns if r[0] == str(udp["pid"]) and r[2] == "udp"
                and r[3] == "?" and r[4] == endpoint(lo, udp["dport"])]
    check([r for r in mine if r[2] == "tcp"] == want and len(udp_rows) == 1 and udp_rows[0][6] == str(udp["bytes"])
          and udp_rows[0][8] == "1",
          f"tshark -z traceshark,connections: the TCP connection's two ends and the datagram, with bytes and packets "
          f"({mine})")
    check(connections([]) == conns, "tshark -z traceshark,connections in one pass == with -2")
    # The same connections as a stats tree (Statistics > Traceshark > Process Connections): a node per row of the
    # table, with its events, its packets and the bytes of its send and receive events; the tree's display filter
    # narrows it to the frames that pass (the client's sends only: its packets and bytes received drop out).
    tree = connections_tree(full, merged)
    want = {(r[2], r[3], r[4]): {"count": int(r[5]) + int(r[8]), "events": int(r[5]),
                                 **({"packets": int(r[8])} if r[8] != "0" else {}),
                                 **({"bytes sent": int(r[6])} if r[6] != "0" else {}),
                                 **({"bytes received": int(r[7])} if r[7] != "0" else {})} for r in conns}
    check(tree == want, f"tshark -z traceshark_connections,tree == the connections table ({tree} / {want})")
    sends = connections_tree(full, merged, 'activity.kind == "net send"')
    client_sends = [r for r in rows('activity.kind == "net send"') if r["activity.local"] == client]
    want = {"count": len(client_sends), "events": len(client_sends),
            "bytes sent": sum(int(r["activity.bytes"]) for r in client_sends)}
    got = sends.get(("tcp", client, server))
    check(client_sends and got == want,
          f"Process Connections filtered on activity.kind == \"net send\": the client's sends only ({got} / {want})")
    # -z traceshark,io on the merged capture: the workload's network totals as the truth tells them (the client
    # sends and the server thread answers the same bytes, plus the datagram), both ends' connections.
    io = process_io(full, merged).get(pid, {})
    want = {"connections": 2, "bytes_sent": 2 * tcp["bytes"] + udp["bytes"],
            "bytes_received": tcp["received"] + tcp["answered"]}
    check(io and all(io[k] == v for k, v in want.items()),
          f"tshark -z traceshark,io: process {pid}'s network totals == the workload's {want} ({io})")
    # A one-pass tshark cannot link (the connection is told after its first packets): no claim is made.
    one = full.run(["tshark", "-r", merged, "-Y", 'activity.kind == "net packet"']).stdout.splitlines()
    check(one == [], f"tshark without -2 links no packet ({len(one)})")


def remote_checks(full, work, fixture, packets, truth_path):
    """Packets of a real interface (eth0) linked to the workload (issue #14): the trace (traceshark-record --net)
    merged with the eth0 capture made at the same time. The workload's DNS lookup (a UDP flow whose autobound
    local port no event names: its queries link by their destination, its answers by the port the queries came
    from) and its HTTP connection to a web server, of which only the client end is in the trace: every packet of
    the capture is the workload's and carries its pid and its socket's object."""
    import json
    with open(truth_path) as f:
        truth = json.load(f)
    web = next(e for e in truth["events"] if e["kind"] == "remote_tcp")
    pid = str(web["pid"])
    local, remote = f"{web['local_addr']}:{web['local_port']}", f"{web['remote_addr']}:{web['port']}"
    merged = os.path.join(work, "net-eth0-merged.pcapng")
    full.run(["mergecap", "-w", merged, packets, fixture])
    p = full.run(["tshark", "-2", "-r", merged, "-Y", "ip", "-T", "fields", "-E", "separator=/t", "-e", "frame.number",
                  "-e", "tcp.port", "-e", "udp.port", "-e", "process.pid", "-e", "activity.kind",
                  "-e", "activity.object.socket", "-e", "activity.local", "-e", "activity.remote"])
    pk = [line.split("\t") for line in p.stdout.splitlines()]
    web_pk = [x for x in pk if str(web["local_port"]) in x[1].split(",")]
    dns_pk = [x for x in pk if "53" in x[2].split(",")]
    check(len(web_pk) >= 8 and len(dns_pk) >= 2 and len(web_pk) + len(dns_pk) == len(pk),
          f"the eth0 capture: the HTTP connection ({len(web_pk)} packets) and the DNS lookup ({len(dns_pk)}), nothing else")
    check(all(x[3] == pid and x[4] == "net packet" for x in pk),
          f"tshark -2: every packet of eth0 carries the workload's pid {pid} ({[x[:4] for x in pk if x[3] != pid]})")
    check(len({x[5] for x in web_pk}) == 1 and all(x[6] == local and x[7] == remote for x in web_pk),
          f"tshark -2: the HTTP connection's packets on one socket object, {local} -> {remote}")
    check(len({x[5] for x in dns_pk}) == 1 and {x[5] for x in dns_pk} != {x[5] for x in web_pk},
          "tshark -2: the DNS queries and answers on the resolver's flow, another object")
    # The connection as the connections view lists it: one row (the non-blocking connect and the local port told
    # only at the close are one socket), the truth's bytes each way, its packets.
    out = full.run(["tshark", "-2", "-q", "-r", merged, "-z", "traceshark,connections"]).stdout
    rows = [ln.split(None, 9) for ln in out.splitlines() if ln[:8].strip() == pid and remote in ln]
    want = [[pid, rows[0][1] if rows else "?", "tcp", local, remote, "5", str(web["sent"]), str(web["received"]),
             str(len(web_pk)), "connect, closed"]]
    check(rows == want, f"tshark -z traceshark,connections: the web connection, once, with the truth's bytes ({rows})")


def captured_packet_checks(full, work, trace, label, family=4):
    """Packets of a capture merged with a Windows trace (ETL or PML, issue #12) linked to the trace's first TCP
    connection over IPv`family` by the rule of tracking/packet_link.hpp, as Linux packets are: a pcap written here
    with the connection's two directions while it lives (between its first and last events), one of them before its
    first event and one of another flow. The two carry the connection's process and object; the others none; the
    connection's events count them in activity.object.packets and -z traceshark,connections."""
    names = ["frame.number", "frame.time_epoch", "process.pid", "activity.local", "activity.remote", "activity.object.socket",
             "activity.object.first_packet", "activity.object.packets"]

    def rows(capture, flt):
        p = full.run(["tshark", "-2", "-r", capture, "-Y", flt, "-T", "fields", "-E", "separator=/t",
                      "-E", "occurrence=f"] + sum((["-e", n] for n in names), []))
        return [dict(zip(names, line.split("\t"))) for line in p.stdout.splitlines()]

    def ns(epoch):
        secs, _, frac = epoch.partition(".")
        return int(secs) * 10**9 + int(frac.ljust(9, "0"))

    # Endpoints as the tracking core writes them: "a.b.c.d:port", "[v6]:port".
    pattern = re.compile(r"^(\d+\.\d+\.\d+\.\d+):(\d+)$" if family == 4 else r"^\[([0-9a-f:]+)\]:(\d+)$")
    af = socket.AF_INET if family == 4 else socket.AF_INET6

    def parse(endpoint):
        m = pattern.match(endpoint)
        return list(socket.inet_pton(af, m.group(1))), int(m.group(2))

    events = rows(trace, 'activity.protocol == "tcp" && activity.kind != "net packet" && activity.object.socket')
    events = [e for e in events if pattern.match(e["activity.local"]) and pattern.match(e["activity.remote"])]
    check(events, f"{label}: the trace has a TCP connection over IPv{family}")
    if not events:
        return
    sock = events[0]["activity.object.socket"]
    conn = [e for e in events if e["activity.object.socket"] == sock]
    pid, local, remote = conn[0]["process.pid"], conn[0]["activity.local"], conn[0]["activity.remote"]
    first, last = ns(conn[0]["frame.time_epoch"]), ns(conn[-1]["frame.time_epoch"])
    before = int(conn[0]["activity.object.packets"] or 0)
    check(last > first + 2, f"{label}: the connection lives a while ({first}..{last})")
    (lip, lport), (rip, rport) = parse(local), parse(remote)
    # The packets written here are found by their IP id (IPv4) or flow label (IPv6).
    mark = 0x7473
    found_by = f"ip.id == 0x{mark:04x}" if family == 4 else f"ipv6.flow == 0x{mark:05x}"
    elsewhere = [192, 0, 2, 9] if family == 4 else list(socket.inet_pton(af, "2001:db8::9"))
    span = last - first
    frames = [(first - 1000, ethernet_frame(tcp_packet(lip, rip, lport, rport, 1, 0, 0x02, mark), False)),
              (first + span // 3, ethernet_frame(tcp_packet(lip, rip, lport, rport, 10, 20, 0x18, mark), False)),
              (first + span // 2, ethernet_frame(tcp_packet(lip, elsewhere, lport ^ 1, 443, 1, 0, 0x02, mark), False)),
              (first + 2 * span // 3, ethernet_frame(tcp_packet(rip, lip, rport, lport, 20, 11, 0x18, mark)))]
    pcap = os.path.join(work, f"{label}-packets.pcap")
    write_pcap_ns(pcap, frames)
    merged = os.path.join(work, f"{label}-with-packets.pcapng")
    full.run(["mergecap", "-w", merged, pcap, trace])
    got = rows(merged, found_by)
    check(len(got) == 4, f"{label} + pcap: the 4 packets written here are frames ({found_by}: {len(got)})")
    want = [["", "", ""], [pid, local, remote], ["", "", ""], [pid, local, remote]]
    check([[r["process.pid"], r["activity.local"], r["activity.remote"]] for r in got] == want
          and len({r["activity.object.socket"] for r in got if r["process.pid"]}) == 1,
          f"{label} + pcap (tshark -2): the connection's two packets carry process {pid} and its object "
          f"{local} -> {remote}; the one before its first event and the other flow's none "
          f"({[[r['process.pid'], r['activity.local']] for r in got]})")
    linked = [r for r in got if r["process.pid"]]
    after = [e for e in rows(merged, f'activity.kind != "net packet" && activity.local == "{local}" '
                                     f'&& activity.remote == "{remote}"') if e["activity.object.socket"]]
    # Every packet on the connection, the trace's own (ETW NDIS) and the pcap's: the first and the count.
    on_it = [int(r["frame.number"]) for r in rows(merged, f'activity.kind == "net packet" && process.pid == {pid} '
                                                          f'&& activity.local == "{local}" && activity.remote == "{remote}"')]
    want_first = min(on_it) if on_it else None
    check(len(on_it) == before + 2, f"{label} + pcap: {before} + 2 packets on the connection ({on_it})")
    check(len(after) == len(conn) and len(linked) == 2
          and all(e["activity.object.packets"] == str(before + 2) and e["activity.object.first_packet"] == str(want_first)
                  for e in after),
          f"{label} + pcap: the connection's {len(conn)} events count {before} + 2 packets, the first in frame "
          f"{want_first} ({[(e['activity.object.packets'], e['activity.object.first_packet']) for e in after]})")
    out = full.run(["tshark", "-q", "-r", merged, "-z", "traceshark,connections"]).stdout
    table = out.split("=== Traceshark process connections ===", 1)[-1].splitlines()
    row = [ln.split(None, 9) for ln in table if ln[:8].strip() == pid and f" {local} " in ln and f" {remote} " in ln]
    check(len(row) == 1 and row[0][8] == str(before + 2),
          f"{label} + pcap: -z traceshark,connections counts the connection's {before} + 2 packets ({row})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reader", required=True)
    ap.add_argument("--dissector", required=True)
    ap.add_argument("--dump", required=True)
    ap.add_argument("--fixture", required=True)
    ap.add_argument("--damaged-source", help="a trace.dat whose last 20 000 bytes are cut off for the damage test")
    ap.add_argument("--other", help="a trace.dat of another machine, merged with the fixture")
    ap.add_argument("--profile", help="the Traceshark profile directory (wireshark-integration/profile/Traceshark)")
    ap.add_argument("--truth", help="the fixture's truth file (what the recorded workload did) for process context")
    ap.add_argument("--files-fixture", help="a trace.dat with file syscalls and paths (libc uprobes)")
    ap.add_argument("--files-truth", help="its truth file")
    ap.add_argument("--net-fixture", action="append", default=[],
                    help="a trace.dat with socket syscalls, TCP states and DATE (traceshark-record --net); repeatable")
    ap.add_argument("--net-packets", action="append", default=[], help="the lo packet capture made with it")
    ap.add_argument("--net-truth", action="append", default=[], help="its truth file")
    ap.add_argument("--remote-fixture", help="a traceshark-record --net trace.dat of the workload talking to a web server")
    ap.add_argument("--remote-packets", help="the eth0 capture made with it")
    ap.add_argument("--remote-truth", help="its truth file")
    a = ap.parse_args()

    root = tempfile.mkdtemp(prefix="traceshark-tshark-")
    try:
        os.chmod(root, 0o755)
        full = Env(root, "home-full", [("wiretap", a.reader), ("epan", a.dissector)])
        epan_only = Env(root, "home-epan", [("epan", a.dissector)])
        bare = Env(root, "home-bare", [])
        lte = Env(root, "home-lte", [("wiretap", a.reader), ("epan", a.dissector)])  # fresh cache of learned fields
        fresh_epan = Env(root, "home-fresh-epan", [("epan", a.dissector)])  # fresh cache, pcapng only
        work = os.path.join(root, "work")
        os.makedirs(work)
        fixture = os.path.join(work, os.path.basename(a.fixture))
        shutil.copy(a.fixture, fixture)
        files_fixture = None
        if a.files_fixture:
            files_fixture = os.path.join(work, os.path.basename(a.files_fixture))
            shutil.copy(a.files_fixture, files_fixture)
        if not len(a.net_fixture) == len(a.net_packets) == len(a.net_truth):
            raise SystemExit("--net-fixture, --net-packets and --net-truth go together")
        nets = []  # (trace.dat, lo capture, truth) copies, IPv4 and IPv6
        for fixture_path, packets_path, truth_path in zip(a.net_fixture, a.net_packets, a.net_truth):
            copies = tuple(os.path.join(work, os.path.basename(f)) for f in (fixture_path, packets_path))
            for src, dst in zip((fixture_path, packets_path), copies):
                shutil.copy(src, dst)
            nets.append((*copies, truth_path))
        remote = None
        if a.remote_fixture and a.remote_packets and a.remote_truth:
            remote = tuple(os.path.join(work, os.path.basename(f)) for f in (a.remote_fixture, a.remote_packets))
            for src, dst in zip((a.remote_fixture, a.remote_packets), remote):
                shutil.copy(src, dst)
        for dirpath, dirnames, filenames in os.walk(root):
            for n in dirnames + filenames:
                os.chmod(os.path.join(dirpath, n), 0o755 if n in dirnames else 0o644)
        os.chmod(work, 0o777)  # the tools write their outputs here as the unprivileged user
        for env in (full, epan_only, bare, lte, fresh_epan):
            os.chmod(env.home, 0o777)  # linux_trace_event's field cache goes to $HOME/.cache

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

            # A filtered subset saved from the merge keeps the other machine's events and what decodes them.
            subset = os.path.join(work, "subset.pcapng")
            epan_only.run(["tshark", "-r", merged, "-Y", 'traceshark.machine.hostname == "traceshark-peer"',
                           "-w", subset])
            sub = epan_only.run(["tshark", "-r", subset, "-T", "fields", "-e", "traceshark.machine.hostname",
                                 "-e", "_ws.col.Info"]).stdout.splitlines()
            check(sorted(l.split("\t", 1)[1] for l in sub) == sorted(other_infos)
                  and {l.split("\t")[0] for l in sub} == {"traceshark-peer"},
                  f"a filtered subset (tshark -Y ... -w) of {len(sub)} events dissects the same without the reader")
            # Per-event fields of a pcapng, first run, nothing cached: registered from its metadata interfaces.
            p = fresh_epan.run(["tshark", "-r", subset, "-Y", "linux_trace_event.data.sched.sched_switch.next_pid >= 0"],
                               check_rc=False)
            check(p.returncode == 0 and p.stdout.strip() != "",
                  f"first run on a pcapng with only the dissector: -Y on a per-event field works ({p.stderr.strip()[:200]!r})")
            # tshark -w (rather than editcap) from the trace.dat itself.
            written = os.path.join(work, "written.pcapng")
            full.run(["tshark", "-r", fixture, "-w", written])
            w = epan_only.run(["tshark", "-r", written, "-T", "fields", "-e", "_ws.col.Info"]).stdout.splitlines()
            check(w == infos, "tshark -w of the trace.dat dissects identically with only the dissector plugin")
            reordered = os.path.join(work, "reordered.pcapng")
            full.run(["reordercap", pcapng, reordered])  # it writes the input's format: the converted pcapng
            w = epan_only.run(["tshark", "-r", reordered, "-T", "fields", "-e", "_ws.col.Info"]).stdout.splitlines()
            check(w == infos, "reordercap of the converted pcapng dissects identically without the reader")

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

        linux_event_checks(lte, fixture, report_raw(a.fixture))
        if a.profile:
            profile_checks(full, fixture, a.profile)
        if files_fixture and a.files_truth:
            file_checks(full, files_fixture, a.files_truth)
        for net_fixture, net_packets, net_truth in nets:
            print(f"== network activity: {os.path.basename(net_fixture)}")
            net_checks(full, work, net_fixture, net_packets, net_truth)
        if remote:
            print(f"== packets of a real interface: {os.path.basename(remote[0])}")
            remote_checks(full, work, *remote, a.remote_truth)
        if a.truth:
            process_checks(full, fixture, a.truth)
            # An unsorted capture (two halves swapped with editcap/mergecap -a) is reported, and reordercap fixes it.
            half_a, half_b = os.path.join(work, "half-a.pcapng"), os.path.join(work, "half-b.pcapng")
            unsorted, resorted = os.path.join(work, "unsorted.pcapng"), os.path.join(work, "resorted.pcapng")
            full.run(["editcap", "-F", "pcapng", "-r", fixture, half_a, "1-6000"])
            full.run(["editcap", "-F", "pcapng", "-r", fixture, half_b, "6001-1000000"])
            full.run(["mergecap", "-a", "-w", unsorted, half_b, half_a])
            flagged = full.run(["tshark", "-2", "-r", unsorted, "-Y", "process.out_of_order", "-T", "fields",
                                "-e", "frame.number"]).stdout.split()
            z = full.run(["tshark", "-2", "-r", unsorted, "-Y", "process.out_of_order", "-T", "fields",
                          "-e", "_ws.expert.message"]).stdout
            check(len(flagged) > 0 and "reordercap" in z,
                  f"an unsorted capture: {len(flagged)} events flagged process.out_of_order, with the reordercap advice")
            full.run(["reordercap", unsorted, resorted])
            flagged = full.run(["tshark", "-2", "-r", resorted, "-Y", "process.out_of_order"]).stdout.split()
            check(not flagged, "after reordercap nothing is out of order")
            # The stats tree the GUI lists under Statistics > Traceshark > Processes (tshark -2: after the first pass).
            st = full.run(["tshark", "-2", "-q", "-r", fixture, "-z", "traceshark_processes,tree"]).stdout
            check(re.search(r"^\s+\d+ forked-child \(exit 7\)\s+5\s", st, re.M) is not None
                  and re.search(r"^\s+\d+ sh \(exit 3\)\s", st, re.M) is not None,
                  "stats tree traceshark_processes: forked-child (exit 7) with its 5 events, sh (exit 3)")
            # -z traceshark,proctree prints the same tree as traceshark-dump --processes (one buffer in this file).
            tree = subprocess.run([a.dump, "--processes", a.fixture], capture_output=True, text=True, check=True).stdout
            z = full.run(["tshark", "-q", "-r", fixture, "-z", "traceshark,proctree"]).stdout
            check(tree.strip() and tree in z and "exit 7" in tree,
                  f"tshark -z traceshark,proctree == traceshark-dump --processes ({len(tree.splitlines())} lines)")
        network_checks(full, bare, work)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
