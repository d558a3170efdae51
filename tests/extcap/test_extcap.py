#!/usr/bin/env python3
"""The live ftrace extcap (extcap/traceshark-ftrace) driven by the real tshark, around the known workload.

tshark runs as nobody with the plugins in a throw-away HOME (tests/wireshark/test_tshark.py's Env: root's tshark
ignores personal plugins) and finds the extcap through WIRESHARK_EXTCAP_DIR. Recording ftrace needs root, so the
extcap there is a setuid-root copy in the test's private directory (deleted afterwards), as a user would grant
dumpcap its privileges.

Checks:
  * tshark -D lists the ftrace interface; --extcap-config offers the presets;
  * `tshark -i ftrace -a duration:` around tools/recording/workload.py: the saved capture passes test_tshark.py's
    process checks against the workload's own truth (fork/exec/exit with exit codes, renames, threads);
  * frame times are UTC wall clock: the workload's events lie between the wall-clock times the test read before
    and after running it;
  * Info == trace.dat: the same events, recorded at the same time into a second ftrace instance and saved with
    `trace-cmd extract`, print (traceshark-dump = trace-cmd report) exactly the Info texts of the live frames;
  * frames arrive while the capture runs (tshark -P): the delay from an event to its line on tshark's output;
  * `tshark -i ftrace -i lo` with the network preset: a TCP connection's packets carry its process (tshark -2);
    a loopback packet's time lies between the ftrace events of
    its skb being queued on and received from lo (one time base); each data packet the test sent lies inside
    the sendto(2) call that sent it;
  * stop by SIGTERM leaves a valid pcapng (capinfos); no ftrace instance of the extcap is left behind, also after
    SIGKILL of tshark, the extcap's parent;
  * the command-name filter records only the tasks of that name;
  * a preset file of the user's (TRACESHARK_PRESET_PATH) is offered and recorded; one the user cannot read is not
    read by the setuid-root extcap for them;
  * an instance set up by another tool is the interface ftrace-NAME: recorded with its own events and clock (the
    workload's process checks), left as it was; a counter clock, tracing off or no event is refused with a message;
  * tools/traceshark-record with --files, into a pcapng (through the extcap's recorder) and into a trace.dat: both
    pass the process and file checks against the workload's truth;
  * bad configurations (unknown event, unknown preset, bad number) and a run without root: exit 1 with one
    message, nothing left in tracefs; through tshark the message is shown and the capture ends.
Skips (77) unless run as root with tracefs, tshark, capinfos and trace-cmd.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "wireshark"))
import test_tshark as tt  # noqa: E402  (Env, check, process_checks, report_infos)

TRACING = "/sys/kernel/tracing"
check = tt.check
# Wireshark 4.0's tshark leaks the name of every extcap's fifo (create_tempfile: g_file_open_tmp's path is never
# freed; stock randpktdump shows it too), so LeakSanitizer reports it at the end of each live capture. GLib has no
# frame pointers: only full unwinding gives that leak a stack that tests/lsan.supp's create_tempfile entry can
# match, and our own leaks stay reported. It costs about 3x in tshark's CPU time in a sanitizer build.
LIVE_ASAN = "fast_unwind_on_malloc=0"
# The latency run is timed: there full unwinding would triple tshark's cost, so leaks are not looked for in it
# (the other live runs look for them; memory errors are reported in all).
TIMED_ASAN = "detect_leaks=0"


def sanitizer_clean(what, stderr):
    report = tt.sanitizer_report(stderr)
    check(report is None, f"{what}: no sanitizer report" + (f":\n{report}" if report else ""))


def install_setuid_extcap(root, built):
    """(directory, path) of a setuid-root copy of the extcap under `root`: started by Wireshark tools running as
    nobody, it must still reach tracefs."""
    extcap_dir = os.path.join(root, "extcap")
    os.makedirs(extcap_dir)
    os.chmod(extcap_dir, 0o755)
    shutil.copy(built, extcap_dir)
    extcap = os.path.join(extcap_dir, os.path.basename(built))
    os.chown(extcap, 0, 0)
    os.chmod(extcap, 0o4755)
    return extcap_dir, extcap


def extcap_instances():
    try:
        return sorted(n for n in os.listdir(f"{TRACING}/instances") if re.fullmatch(r"traceshark-\d+", n))
    except FileNotFoundError:
        return []


# The tracefs settings a recorder could leave behind, per buffer (the top one and every instance).
BUFFER_SETTINGS = ("tracing_on", "trace_clock", "current_tracer", "buffer_size_kb", "set_event", "set_event_pid",
                   "set_event_notrace_pid", "set_ftrace_pid", "set_ftrace_notrace_pid", "tracing_cpumask",
                   "trace_options", "buffer_percent")
GLOBAL_SETTINGS = ("uprobe_events", "kprobe_events", "dynamic_events", "saved_cmdlines_size")


def tracefs_state():
    """{path: content} of everything a recorder could change in tracefs: the instances, each buffer's settings
    and event filters and triggers, the probe definitions. The extcap must leave it exactly as it found it."""
    state = {}

    def read(path):
        try:
            with open(path) as f:
                state[os.path.relpath(path, TRACING)] = f.read()
        except OSError:
            pass
    for name in GLOBAL_SETTINGS:
        read(f"{TRACING}/{name}")
    buffers = [TRACING] + [f"{TRACING}/instances/{n}" for n in sorted(os.listdir(f"{TRACING}/instances"))]
    state["instances"] = " ".join(os.path.basename(b) for b in buffers[1:])
    for b in buffers:
        for name in BUFFER_SETTINGS:
            read(f"{b}/{name}")
        def entries(d):  # an instance may go while it is read: then it is simply absent from the next reading
            try:
                return os.listdir(d)
            except OSError:
                return []
        for system in entries(f"{b}/events"):
            sd = f"{b}/events/{system}"
            if not os.path.isdir(sd):
                continue
            for event in entries(sd):
                for name in ("filter", "trigger"):
                    if os.path.exists(f"{sd}/{event}/{name}"):
                        read(f"{sd}/{event}/{name}")
    return state


def allocate_top_buffer():
    """Has the kernel allocate the top-level ring buffer now, as it does once per boot the first time that buffer's
    tracer is set. Until then buffer_size_kb reads "7 (expanded: 1408)", afterwards "1410": a one-time change that
    no recorder can undo. The test's oracle, `trace-cmd extract`, writes the top-level current_tracer (strace shows
    it) and so makes that change on a fresh machine; making it first keeps it out of the before/after comparison.
    Writing current_tracer its own value changes no setting."""
    with open(f"{TRACING}/current_tracer") as f:
        tracer = f.read().strip()
    fd = os.open(f"{TRACING}/current_tracer", os.O_WRONLY)
    try:
        os.write(fd, (tracer + "\n").encode())
    finally:
        os.close(fd)


def state_changes(before, after):
    """What differs between two tracefs_state()s, as short text ('' when nothing)."""
    keys = sorted(set(before) | set(after))
    diff = [f"{k}: {before.get(k, '<absent>')!r} -> {after.get(k, '<absent>')!r}"
            for k in keys if before.get(k) != after.get(k)]
    return "; ".join(d[:160] for d in diff[:8]) + (f" (+{len(diff) - 8} more)" if len(diff) > 8 else "")


def wait_for_state(state, timeout=10):
    """Waits until tracefs is back to `state`; what still differs ('' when it is)."""
    end = time.time() + timeout
    while True:
        changes = state_changes(state, tracefs_state())
        if not changes or time.time() > end:
            return changes
        time.sleep(0.1)


def wait_for_instance(before, proc, timeout=30):
    """The extcap's ftrace instance once it is recording, or None. A new instance starts with tracing on and the
    local clock; the extcap switches tracing off, sets the mono clock, enables its events and switches tracing on
    again: mono and on together mean it is set up."""
    end = time.time() + timeout
    while time.time() < end and proc.poll() is None:
        for n in set(extcap_instances()) - set(before):
            try:
                with open(f"{TRACING}/instances/{n}/trace_clock") as f:
                    mono = "[mono]" in f.read()
                with open(f"{TRACING}/instances/{n}/tracing_on") as f:
                    if mono and f.read().strip() == "1":
                        return n
            except OSError:
                pass
        time.sleep(0.05)
    return None


def stop_direct_capture(proc, capture, state, what):
    """Ends an extcap run directly into a file (SIGTERM once its last events are flushed), checks that tracefs is
    back to `state`, and makes the file (root's) readable for the tshark runs as nobody."""
    time.sleep(0.6)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    changes = wait_for_state(state)
    check(not changes, f"after {what} tracefs is as before ({changes or 'no difference'})")
    os.chmod(capture, 0o644)


class Oracle:
    """A second ftrace instance recording the same events as the extcap's, saved with trace-cmd extract (or, named,
    an instance some other tool set up)."""

    def __init__(self, name=None):
        self.name = name or f"traceshark-oracle-{os.getpid()}"
        self.dir = f"{TRACING}/instances/{self.name}"

    def start(self, events):
        os.mkdir(self.dir)
        self.write("trace_clock", "mono")
        for e in events:
            self.write("set_event", e, mode="a")

    def write(self, f, text, mode="w"):
        # tracefs files refuse the seek of Python's append mode: plain write(2) with O_APPEND.
        flags = os.O_WRONLY | (os.O_APPEND if mode == "a" else os.O_TRUNC)
        fd = os.open(f"{self.dir}/{f}", flags)
        try:
            os.write(fd, (text + "\n").encode())
        finally:
            os.close(fd)

    def extract(self, out):
        self.write("tracing_on", "0")
        subprocess.run(["trace-cmd", "extract", "-B", self.name, "-o", out], check=True, capture_output=True)

    def remove(self):
        if os.path.isdir(self.dir):
            self.write("tracing_on", "0")
            self.write("set_event", "")
            os.rmdir(self.dir)


def dump_events(dump, dat, pids):
    """(event, Info) of the events of `pids` in `traceshark-dump dat` (the trace-cmd report text)."""
    out = subprocess.run([dump, dat], capture_output=True, text=True, check=True).stdout.splitlines()
    lines = [l for l in out if re.search(r"\] +\d+\.\d+: ", l)]
    infos = tt.report_infos_of_lines(lines)
    got = []
    for line, info in zip(lines, infos):
        m = re.search(r"-(\d+) +\[\d+\].*?\d+\.\d+: (\S+):", line)
        if m and m.group(1) in pids:
            got.append((m.group(2), info))
    return sorted(got)


PROCESS_EVENTS = ("task:task_newtask", "task:task_rename", "sched:sched_process_fork", "sched:sched_process_exec",
                  "sched:sched_process_exit", "sched:sched_process_free", "syscalls:sys_enter_exit_group")


def attach_checks(env, xenv, extcap, workload, work, state0):
    """An instance somebody else set up (as `trace-cmd start -B NAME -C mono -e ...` would) is the interface
    ftrace-NAME: recorded as it is, with its own events and clock, and left exactly as it was (still recording,
    its events enabled, its notrace list back) after the capture; what would make a silent or wrong capture (a
    clock the extcap cannot read, tracing off, no event) is refused with a message."""
    owner = Oracle(f"ts-flight-{os.getpid()}")
    try:
        owner.start(PROCESS_EVENTS)
        iface = f"ftrace-{owner.name}"
        set_up = tracefs_state()
        d = env.run(["tshark", "-D"], extra_env=xenv).stdout
        check(re.search(rf"^\d+\. {re.escape(iface)} \(ftrace instance {re.escape(owner.name)} as set up", d, re.M),
              f"tshark -D lists the instance {owner.name} as {iface} ({[l for l in d.splitlines() if 'ftrace' in l]})")
        cfg = subprocess.run([extcap, "--extcap-interface", iface, "--extcap-config"], capture_output=True, text=True)
        check(cfg.returncode == 0 and cfg.stdout == "", f"{iface} has no options ({cfg.stdout[:100]!r})")

        cap = os.path.join(work, "attach.pcapng")
        p = subprocess.Popen(env.command(["tshark", "-i", iface, "-a", "duration:10", "-w", cap], xenv, LIVE_ASAN),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        notrace = f"{TRACING}/instances/{owner.name}/set_event_notrace_pid"
        end = time.time() + 30
        while time.time() < end and p.poll() is None and not open(notrace).read().strip():
            time.sleep(0.05)
        attached = open(notrace).read().split()
        truth = os.path.join(work, "attach-truth.json")
        subprocess.run([sys.executable, workload, truth], check=True)
        _, err = p.communicate(timeout=60)
        check(p.returncode == 0 and len(attached) == 1,
              f"tshark -i {iface} -a duration:10 exits 0, the extcap keeping its own pid out of the instance's events "
              f"({p.returncode}, notrace {attached}, {err.strip()[-300:]!r})")
        sanitizer_clean(f"tshark -i {iface}", err)
        changes = wait_for_state(set_up)
        check(not changes, f"after the capture of {iface} the instance is as its owner set it up, still recording "
                           f"({changes or 'no difference'})")
        os.chmod(cap, 0o644)
        descr = subprocess.run(["capinfos", "-I", cap], capture_output=True, text=True).stdout
        check(f"clock=mono;buffer={owner.name}" in descr, f"the record interface names the instance ({owner.name})")
        tt.process_checks(env, cap, truth)

        for change, restore, message in (("trace_clock", "mono", 'records with the trace clock "local", which the '
                                                                 'extcap cannot read'),
                                         ("tracing_on", "1", "tracing is off in the ftrace instance"),
                                         ("set_event", "\n".join(PROCESS_EVENTS), "has no event enabled")):
            owner.write(change, {"trace_clock": "local", "tracing_on": "0", "set_event": ""}[change])
            mine = tracefs_state()
            bad = env.run([extcap, "--extcap-interface", iface, "--capture", "--fifo", os.path.join(work, "bad.pcapng")],
                          check_rc=False)
            changes = state_changes(mine, tracefs_state())
            lines = bad.stderr.strip().splitlines()
            check(bad.returncode == 1 and len(lines) == 1 and message in lines[0] and not changes,
                  f"{iface} with {change} changed: exit 1 with one message ({bad.returncode}, {bad.stderr.strip()!r}), "
                  f"nothing changed ({changes or 'no difference'})")
            for line in restore.splitlines():
                owner.write(change, line, mode="a" if change == "set_event" else "w")
        bad = env.run([extcap, "--extcap-interface", iface, "--capture", "--fifo", os.path.join(work, "bad.pcapng"),
                       "--presets", "files"], check_rc=False)
        check(bad.returncode == 1 and "--presets does not apply to " + iface in bad.stderr,
              f"{iface} --presets files: refused, the instance's own events are what it records ({bad.stderr.strip()!r})")
    finally:
        owner.remove()
    changes = wait_for_state(state0)
    check(not changes, f"with the owner's instance removed tracefs is as before ({changes or 'no difference'})")


def record_checks(env, record, extcap, workload, work, state0):
    """tools/traceshark-record, the recorder's command-line front end: the same presets (and its libc path uprobes)
    into a pcapng written by the extcap's recorder and into a trace.dat saved by trace-cmd extract. The workload
    recorded into either passes the file checks against its truth; the whole-system pcapng the process checks too
    (the workload's parent is in it); with --only-command only the workload's own processes are recorded. tracefs
    is left as it was."""
    for name, only in (("record.pcapng", False), ("record.dat", True), ("record-only.pcapng", True)):
        out = os.path.join(work, name)
        truth = os.path.join(work, name + ".truth.json")
        p = subprocess.run([record, "-o", out, "--files"] + (["--only-command"] if only else []) +
                           ["--", sys.executable, workload, truth],
                           capture_output=True, text=True, timeout=120, cwd=work,
                           env=dict(os.environ, TRACESHARK_FTRACE=os.path.abspath(extcap)))
        what = f"traceshark-record -o {name} --files{' --only-command' if only else ''} -- workload"
        check(p.returncode == 0 and os.path.exists(out) and os.path.getsize(out) > 0,
              f"{what}: exit 0 ({p.returncode}, {p.stderr.strip()[-300:]!r})")
        print(p.stderr.strip())
        changes = wait_for_state(state0)
        check(not changes, f"after {what} tracefs is as before ({changes or 'no difference'})")
        if not os.path.exists(out):
            continue
        os.chmod(out, 0o644)
        tt.file_checks(env, out, truth)
        if not only:
            tt.process_checks(env, out, truth)
            continue
        with open(truth) as f:
            root = str(json.load(f)["root_pid"])
        names = ["traceshark.pid", "traceshark.event.name", "_ws.col.Info"]
        rows = [l.split("\t") for l in env.run(["tshark", "-r", out, "-T", "fields", "-E", "separator=/t"]
                                               + [x for n in names for x in ("-e", n)]).stdout.splitlines()]
        pids = {root}
        for pid, ev, info in rows:
            m = re.search(r"child_pid=(\d+)", info)
            if ev == "sched_process_fork" and pid in pids and m:
                pids.add(m.group(1))
        others = sorted({r[0] for r in rows} - pids)
        check(rows and rows[0][0] == root and not others,
              f"{what}: its {len(rows)} frames are the workload's {len(pids)} processes only, from the first "
              f"(others: {others[:10]})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--extcap", required=True)
    ap.add_argument("--reader", required=True)
    ap.add_argument("--dissector", required=True)
    ap.add_argument("--dump", required=True)
    ap.add_argument("--workload", required=True)
    ap.add_argument("--record", required=True, help="tools/traceshark-record")
    a = ap.parse_args()
    if os.geteuid() != 0 or not os.path.isdir(f"{TRACING}/events"):
        print("skip: needs root and tracefs")
        return 77
    for tool in ("tshark", "capinfos", "trace-cmd"):
        if not shutil.which(tool):
            print(f"skip: no {tool}")
            return 77

    root = tempfile.mkdtemp(prefix="traceshark-extcap-")
    oracle = None
    try:
        os.chmod(root, 0o755)
        env = tt.Env(root, "home", [("wiretap", a.reader), ("epan", a.dissector)])
        for dirpath, dirnames, filenames in os.walk(root):
            for n in dirnames + filenames:
                os.chmod(os.path.join(dirpath, n), 0o755 if n in dirnames else 0o644)
        os.chmod(env.home, 0o777)
        work = os.path.join(root, "work")
        os.makedirs(work, mode=0o777)
        os.chmod(work, 0o777)
        extcap_dir, extcap = install_setuid_extcap(root, a.extcap)
        plain_dir = os.path.join(root, "plain")
        os.makedirs(plain_dir)
        os.chmod(plain_dir, 0o755)
        shutil.copy(a.extcap, plain_dir)
        xenv = [f"WIRESHARK_EXTCAP_DIR={extcap_dir}"]
        before = extcap_instances()
        allocate_top_buffer()
        state0 = tracefs_state()

        d = env.run(["tshark", "-D"], extra_env=xenv).stdout
        check(re.search(r"^\d+\. ftrace \(Linux ftrace events \(Traceshark\)\)$", d, re.M),
              f"tshark -D lists the ftrace interface ({[l for l in d.splitlines() if 'ftrace' in l]})")
        cfg = subprocess.run([extcap, "--extcap-interface", "ftrace", "--extcap-config"], capture_output=True,
                             text=True, check=True).stdout
        presets = re.findall(r"^value \{arg=0\}\{value=(\w+)\}", cfg, re.M)
        check(presets == ["processes", "files", "network", "scheduler", "syscalls"], f"config presets {presets}")

        # The live capture around the workload, its frames printed as they arrive.
        live = os.path.join(work, "live.pcapng")
        cmd = env.command(["tshark", "-i", "ftrace", "-a", "duration:12", "-w", live, "-P", "-l", "-T", "fields",
                           "-e", "frame.time_epoch", "-e", "traceshark.pid", "-e", "traceshark.event.name"], xenv,
                          TIMED_ASAN)
        live_err = open(os.path.join(work, "live.stderr"), "w+")
        tshark = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=live_err, text=True)
        arrivals = []

        def collect():
            for line in tshark.stdout:
                arrivals.append((time.time(), line.rstrip("\n").split("\t")))
        reader = threading.Thread(target=collect)
        reader.start()
        inst = wait_for_instance(before, tshark)
        check(inst is not None, f"the extcap records into its own ftrace instance ({inst})")
        if inst is None:
            tshark.kill()
            tshark.wait()
            live_err.seek(0)
            print(live_err.read())
            return tt.exit_status() or 1
        with open(f"{TRACING}/instances/{inst}/set_event") as f:
            events = f.read().split()
        with open(f"{TRACING}/instances/{inst}/trace_clock") as f:
            check("[mono]" in f.read(), "the extcap's instance runs on the mono clock")
        oracle = Oracle()  # removed in `finally` even when starting it fails half-way
        oracle.start(events)
        truth_path = os.path.join(work, "truth.json")
        t0 = time.time()
        subprocess.run([sys.executable, a.workload, truth_path], check=True)
        t1 = time.time()
        tshark.wait(timeout=60)  # its stdout belongs to the reader thread
        reader.join()
        live_err.seek(0)
        err = live_err.read()
        check(tshark.returncode == 0, f"tshark -i ftrace -a duration:12 exits 0 ({err.strip()[-300:]!r})")
        sanitizer_clean("tshark -i ftrace -a duration:12", err)
        oracle_dat = os.path.join(work, "oracle.dat")
        oracle.extract(oracle_dat)
        oracle.remove()
        oracle = None
        changes = wait_for_state(state0)
        check(not changes, f"after -a duration:12 tracefs is as before the capture ({changes or 'no difference'})")
        with open(truth_path) as f:
            truth = json.load(f)

        cap = subprocess.run(["capinfos", "-c", "-I", live], capture_output=True, text=True)
        m = re.search(r"Number of packets:\s+(\d+)", cap.stdout)
        frames = int(m.group(1)) if m else 0
        print(f"live capture: {frames} frames, {len(events)} events enabled: {' '.join(events)}")
        check(cap.returncode == 0 and frames > 0, f"capinfos reads the live capture ({frames} frames)")
        order = subprocess.run(["capinfos", "-o", live], capture_output=True, text=True).stdout
        check(re.search(r"Strict time order:\s+True", order), "the live capture is in time order across CPUs and windows")
        tt.process_checks(env, live, truth_path)

        # The workload's pids: its root, and whatever it and its children forked.
        names = ["frame.time_epoch", "traceshark.pid", "traceshark.event.name", "_ws.col.Info"]
        rows = [l.split("\t") for l in env.run(["tshark", "-r", live, "-T", "fields", "-E", "separator=/t"]
                                               + [x for n in names for x in ("-e", n)]).stdout.splitlines()]
        pids = {str(truth["root_pid"])}
        for _, pid, name, info in rows:
            fm = re.search(r"child_pid=(\d+)", info)
            if name in ("sched_process_fork",) and pid in pids and fm:
                pids.add(fm.group(1))
        mine = [r for r in rows if r[1] in pids]
        times = [float(r[0]) for r in mine]
        check(mine and t0 <= min(times) and max(times) <= t1,
              f"the workload's {len(mine)} frames lie in its wall-clock run [{t0:.6f}, {t1:.6f}] "
              f"(frames {min(times, default=0):.6f} .. {max(times, default=0):.6f})")
        live_events = sorted((r[2], r[3]) for r in mine)
        oracle_events = dump_events(a.dump, oracle_dat, pids)
        check(live_events and live_events == oracle_events,
              f"Info of the workload's {len(live_events)} live frames == traceshark-dump of the same events from "
              f"trace-cmd extract ({len(oracle_events)})")
        if live_events != oracle_events:
            print("only live:", sorted(set(live_events) - set(oracle_events))[:10])
            print("only dat:", sorted(set(oracle_events) - set(live_events))[:10])

        # Arrival while capturing: each workload frame's delay from its event time to its line on tshark's output.
        delays = [at - float(f[0]) for at, f in arrivals if len(f) == 3 and f[1] in pids]
        if delays:
            print(f"live delay of {len(delays)} workload frames: max {max(delays):.3f} s, "
                  f"median {sorted(delays)[len(delays) // 2]:.3f} s")
        # The bound is for a normal build (issue #13: within a second under light load; 1.5 s leaves room for a
        # loaded CI machine). In the sanitizer stage our plugins are instrumented and dissect each frame several
        # times slower while another test shares the two CPUs (max 1.7 s seen): there the bound is doubled.
        bound = 3.0 if os.environ.get("TRACESHARK_SANITIZER_PRELOAD") else 1.5
        check(len(delays) == len(mine) and max(delays) < bound,
              f"all {len(mine)} workload frames are shown while capturing, within {bound} s of their event "
              f"({len(delays)})")
        check(delays and sorted(delays)[len(delays) // 2] < bound / 1.5,
              f"half of them within {bound / 1.5:.1f} s (the issue's 'within a second' for a normal build)")

        # Together with a network interface: dumpcap merges both, and a loopback packet's time lies between the
        # ftrace events of its skb being queued on lo and received from it.
        both = os.path.join(work, "both.pcapng")
        caps = ["--inh-caps", "+net_raw,+net_admin", "--ambient-caps", "+net_raw,+net_admin"]
        cmd = env.command(["tshark", "-i", "ftrace", "-i", "lo", "-o", "extcap.ftrace.presets:network",
                           "-a", "duration:6", "-w", both], xenv, LIVE_ASAN)
        cmd = cmd[:1] + caps + cmd[1:]  # nobody may capture on lo (setpriv keeps these for dumpcap)
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        inst = wait_for_instance(before, p)
        enabled = open(f"{TRACING}/instances/{inst}/set_event").read().split() if inst else []
        check("net:net_dev_queue" in enabled, f"-o extcap.ftrace.presets:network reaches the extcap ({enabled})")
        time.sleep(0.5)
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind(("127.0.0.1", 0))
        sport = udp.getsockname()[1]
        udp.sendto(b"t" * 32, ("127.0.0.1", 9))
        udp.close()
        # A TCP exchange of this process: its packets get linked to its sockets (issue #14).
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        tcp_port = srv.getsockname()[1]
        cli = socket.create_connection(("127.0.0.1", tcp_port))
        acc, _ = srv.accept()
        cli.sendall(b"live")
        acc.recv(10)
        acc.sendall(b"LIVE")
        cli.recv(10)
        cli.close()
        acc.close()
        srv.close()
        _, err = p.communicate(timeout=60)
        sanitizer_clean("tshark -i ftrace -i lo", err)
        changes = wait_for_state(state0)
        check(not changes, f"after -i ftrace -i lo tracefs is as before ({changes or 'no difference'})")
        linked = [l.split("\t") for l in env.run(["tshark", "-2", "-r", both, "-Y", f"tcp.port == {tcp_port}", "-T",
                                                  "fields", "-e", "process.pid", "-e", "activity.kind"]).stdout.splitlines()]
        check(len(linked) >= 8 and all(r == [str(os.getpid()), "net packet"] for r in linked),
              f"-i ftrace -i lo, network preset: every packet of this process's TCP connection carries its pid "
              f"({len(linked)} packets, {sorted(set(map(tuple, linked)))})")
        names = ["frame.time_epoch", "_ws.col.Protocol", "udp.srcport", "traceshark.event.name", "_ws.col.Info"]
        rows = [l.split("\t") for l in env.run(["tshark", "-r", both, "-T", "fields", "-E", "separator=/t"]
                                               + [x for n in names for x in ("-e", n)]).stdout.splitlines()]
        sent = [float(r[0]) for r in rows if r[1] == "UDP" and r[2] == str(sport)]  # not the ICMP reply quoting it
        # An skb address is reused by later packets (the TCP exchange): each queueing pairs with the next receive.
        queued, skbs = {}, []
        for t, _, _, name, info in rows:
            m = re.search(r"dev=lo skbaddr=(\S+)", info)
            if m and name == "net_dev_queue":
                queued[m.group(1)] = float(t)
            elif m and name == "netif_receive_skb" and m.group(1) in queued:
                skbs.append({"net_dev_queue": queued.pop(m.group(1)), "netif_receive_skb": float(t)})
        brackets = [v for v in skbs if sent and v["net_dev_queue"] <= sent[0] <= v["netif_receive_skb"]]
        check(len(sent) == 1 and brackets,
              f"-i ftrace -i lo: the UDP packet from port {sport} lies between its skb's net_dev_queue and "
              f"netif_receive_skb on lo ({len(sent)} packet(s), {len(brackets)} bracketing skb(s), "
              f"{len(rows)} frames)")
        if brackets:
            print(f"lo packet - net_dev_queue: {(sent[0] - brackets[0]['net_dev_queue']) * 1e6:.1f} us, "
                  f"netif_receive_skb - packet: {(brackets[0]['netif_receive_skb'] - sent[0]) * 1e6:.1f} us")
        # The packets this process sent lie inside the sendto(2) calls that sent them: each data packet (the UDP
        # datagram, the TCP "live" and "LIVE") between a sys_enter_sendto and the next sys_exit_sendto of this
        # thread, with no other sendto of it in between.
        names = ["frame.time_epoch", "traceshark.event.name", "traceshark.pid", "udp.srcport", "tcp.srcport",
                 "tcp.dstport", "tcp.len", "_ws.col.Protocol"]
        rows = [l.split("\t") for l in env.run(["tshark", "-r", both, "-T", "fields"]
                                               + [x for n in names for x in ("-e", n)]).stdout.splitlines()]
        calls, enter = [], None
        for t, name, tid, *_ in rows:
            if tid == str(os.getpid()) and name == "sys_enter_sendto":
                enter = float(t)
            elif tid == str(os.getpid()) and name == "sys_exit_sendto" and enter is not None:
                calls.append((enter, float(t)))
                enter = None
        data = {"udp": [float(r[0]) for r in rows if r[3] == str(sport) and r[7] == "UDP"],  # not the ICMP reply
                "tcp live": [float(r[0]) for r in rows if r[5] == str(tcp_port) and r[6] == "4"],
                "tcp LIVE": [float(r[0]) for r in rows if r[4] == str(tcp_port) and r[6] == "4"]}
        inside = {k: [t for t in v if any(a <= t <= b for a, b in calls)] for k, v in data.items()}
        check(all(len(v) == 1 for v in data.values()) and inside == data,
              f"-i ftrace -i lo: each data packet this process sent lies inside one of its {len(calls)} sendto "
              f"calls ({ {k: (len(v), len(inside[k])) for k, v in data.items()} })")

        # Stop by signal.
        term = os.path.join(work, "term.pcapng")
        p = subprocess.Popen(env.command(["tshark", "-i", "ftrace", "-w", term], xenv, LIVE_ASAN),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        inst = wait_for_instance(before, p)
        check(inst is not None, "second capture recording")
        subprocess.run(["/bin/true"])
        time.sleep(1)
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=60)
        sanitizer_clean("tshark -i ftrace stopped by SIGTERM", err)
        cap = subprocess.run(["capinfos", "-c", term], capture_output=True, text=True)
        m = re.search(r"Number of packets:\s+(\d+)", cap.stdout)
        check(cap.returncode == 0 and m and int(m.group(1)) > 0,
              f"after SIGTERM the capture is a valid pcapng ({m.group(1) if m else cap.stderr.strip()[:200]} frames)")
        changes = wait_for_state(state0)
        check(not changes, f"after SIGTERM tracefs is as before the capture ({changes or 'no difference'})")

        # The extcap's parent killed outright: the extcap still removes its instance (PR_SET_PDEATHSIG).
        # The extcap's stderr is a pipe to the killed tshark: in a sanitizer build its reports go to files instead.
        killed_log = os.path.join(work, "killed-sanitizer")
        p = subprocess.Popen(env.command(["tshark", "-i", "ftrace", "-w", os.path.join(work, "killed.pcapng")], xenv,
                                         f"log_path={killed_log}"),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        inst = wait_for_instance(before, p)
        p.kill()  # setpriv and env exec: this pid is tshark, the extcap's parent
        p.wait()
        changes = wait_for_state(state0)
        check(inst is not None and not changes,
              f"after SIGKILL of tshark the extcap removed its instance {inst}, tracefs is as before "
              f"({changes or 'no difference'})")
        reports = "".join(open(os.path.join(work, n), errors="replace").read() for n in sorted(os.listdir(work))
                          if n.startswith("killed-sanitizer"))
        check(not reports, "after SIGKILL of tshark: no sanitizer report from tshark or the extcap" +
              (f":\n{reports[:4000]}" if reports else ""))

        # The command-name filter (run directly, as root, into a file): only the tasks of that name.
        comm_cap = os.path.join(work, "comm.pcapng")
        p = subprocess.Popen([extcap, "--extcap-interface", "ftrace", "--capture", "--fifo", comm_cap,
                              "--comm", "ts-comm-test"])
        inst = wait_for_instance(before, p)
        named = subprocess.run([sys.executable, "-c", (
            "import ctypes, os\n"
            "ctypes.CDLL(None).prctl(15, b'ts-comm-test', 0, 0, 0)\n"
            "pid = os.fork()\n"
            "if pid == 0:\n    os._exit(5)\n"
            "os.waitpid(pid, 0)\nprint(os.getpid(), pid)\n")], capture_output=True, text=True, check=True)
        subprocess.run(["/bin/true"])  # another name: not recorded
        stop_direct_capture(p, comm_cap, state0, "the --comm capture")
        parent, child = named.stdout.split()
        names = ["traceshark.pid", "traceshark.event.name", "process.exit_code"]
        rows = [l.split("\t") for l in env.run(["tshark", "-2", "-r", comm_cap, "-T", "fields", "-E", "separator=/t",
                                                "-E", "occurrence=f"] + [x for n in names for x in ("-e", n)]).stdout.splitlines()]
        exits = [r for r in rows if r[1] == "sched_process_exit" and r[0] == child]
        check(rows and all(r[0] in (parent, child) for r in rows) and exits and exits[0][2] == "5",
              f"--comm ts-comm-test: {len(rows)} frames, all of the renamed process {parent} and its child {child}, "
              f"whose exit shows process.exit_code 5 ({exits})")

        # A preset file of the user's own (TRACESHARK_PRESET_PATH): offered in the config and recorded, through the
        # setuid-root extcap run as nobody; a preset file nobody cannot read is not read for them either.
        preset_dir = os.path.join(work, "presets")
        os.makedirs(preset_dir)
        os.chmod(preset_dir, 0o755)
        for name, text, mode in (("exits", "# only exits\ndescription: Process exits only\nsched:sched_process_exit\n",
                                  0o644), ("secret", "sched:sched_switch\n", 0o600)):
            with open(os.path.join(preset_dir, f"{name}.preset"), "w") as f:
                f.write(text)
            os.chmod(os.path.join(preset_dir, f"{name}.preset"), mode)
        pin = [f"TRACESHARK_PRESET_PATH={preset_dir}"]
        cfg = env.run([extcap, "--extcap-interface", "ftrace", "--extcap-config"], extra_env=pin).stdout
        check("value {arg=0}{value=exits}{display=Process exits only}" in cfg and "{value=secret}" not in cfg,
              "a preset file is offered in the config (the unreadable one is not)")
        preset_cap = os.path.join(work, "preset.pcapng")
        p = subprocess.Popen(env.command([extcap, "--extcap-interface", "ftrace", "--capture", "--fifo", preset_cap,
                                          "--presets", "exits"], pin))
        inst = wait_for_instance(before, p)
        with open(f"{TRACING}/instances/{inst}/set_event") if inst else open(os.devnull) as f:
            enabled = f.read().split()
        for _ in range(3):
            subprocess.run(["/bin/true"])
        stop_direct_capture(p, preset_cap, state0, "the preset-file capture")
        names = [l for l in env.run(["tshark", "-r", preset_cap, "-T", "fields", "-e", "traceshark.event.name"]
                                    ).stdout.splitlines()]
        check(enabled == ["sched:sched_process_exit"] and len(names) >= 3 and set(names) == {"sched_process_exit"},
              f"--presets exits (a preset file): its one event enabled ({enabled}) and recorded ({len(names)} frames)")
        bad = env.run([extcap, "--extcap-interface", "ftrace", "--capture", "--fifo", os.path.join(work, "bad.pcapng"),
                       "--presets", "secret"], check_rc=False, extra_env=pin)
        check(bad.returncode == 1 and 'unknown preset "secret"' in bad.stderr
              and "secret.preset: cannot open it: Permission denied" in bad.stderr and "sched_switch" not in bad.stderr,
              f"--presets secret (a file its user cannot read): refused, saying why ({bad.stderr.strip()!r})")

        # A command started and followed by the extcap, on the boot clock, in a named instance: recorded from the
        # exec of its shell, its children too, and the capture ends when it exits.
        cmd_cap = os.path.join(work, "command.pcapng")
        inst_name = f"ts-command-test-{os.getpid()}"
        t0 = time.time()
        p = subprocess.run([extcap, "--extcap-interface", "ftrace", "--capture", "--fifo", cmd_cap, "--clock", "boot",
                            "--instance", inst_name, "--command", "sleep 0.2; /bin/true; exit 4"],
                           capture_output=True, text=True, timeout=60)
        t1 = time.time()
        check(p.returncode == 0 and p.stderr == "", f"--command: the extcap ends by itself when the command exits "
                                                    f"({p.returncode}, {p.stderr.strip()[:200]!r}, {t1 - t0:.1f} s)")
        os.chmod(cmd_cap, 0o644)
        names = ["frame.time_epoch", "traceshark.pid", "traceshark.event.name", "process.exit_code", "_ws.col.Info"]
        rows = [l.split("\t") for l in env.run(["tshark", "-2", "-r", cmd_cap, "-T", "fields", "-E", "separator=/t",
                                                "-E", "occurrence=f"] + [x for n in names for x in ("-e", n)]).stdout.splitlines()]
        shell = rows[0][1] if rows else None
        execs = [r[4] for r in rows if r[2] == "sched_process_exec"]
        forks = {shell} | {re.search(r"child_pid=(\d+)", r[4]).group(1) for r in rows if r[2] == "sched_process_fork"}
        exit_of_shell = [r[3] for r in rows if r[2] == "sched_process_exit" and r[1] == shell]
        check(rows and rows[1][2] == "sched_process_exec" and "filename=/bin/sh" in rows[1][4]
              and any("filename=/bin/true" in e for e in execs) and any("/sleep" in e for e in execs)
              and all(r[1] in forks for r in rows) and exit_of_shell == ["4"],
              f"--command: {len(rows)} frames from the shell's exec ({rows[1][4] if len(rows) > 1 else None!r}) on, "
              f"only the shell {shell} and its children {sorted(forks - {shell})}, execs {execs}, "
              f"the shell's process.exit_code {exit_of_shell}")
        times = [float(r[0]) for r in rows]
        check(times and t0 <= times[0] and times[-1] <= t1,
              f"--clock boot: the frames lie in the wall-clock run [{t0:.6f}, {t1:.6f}] "
              f"({times[0] if times else None} .. {times[-1] if times else None})")
        descr = subprocess.run(["capinfos", "-I", cmd_cap], capture_output=True, text=True).stdout
        check(f"clock=boot;buffer={inst_name}" in descr, f"the record interface names the clock and the instance "
                                                          f"(clock=boot;buffer={inst_name})")
        changes = wait_for_state(state0)
        check(not changes, f"after the --command capture tracefs is as before ({changes or 'no difference'})")

        # The command runs as whoever started the capture, not as the setuid extcap's root; through tshark, whose
        # capture ends with it.
        uid_dir = os.path.join(work, "command-uid")
        os.makedirs(uid_dir)
        os.chmod(uid_dir, 0o1777)  # the command writes here as tshark's user
        uid_file = os.path.join(uid_dir, "uid")
        try:
            nt = subprocess.run(env.command(["tshark", "-i", "ftrace", "-o", f"extcap.ftrace.command:id -u > {uid_file}",
                                             "-w", os.path.join(work, "command-tshark.pcapng")], xenv, LIVE_ASAN),
                                capture_output=True, text=True, timeout=60)
            uid = open(uid_file).read().strip() if os.path.exists(uid_file) else None
            check(nt.returncode == 0 and uid == str(tt.NOBODY),
                  f"tshark -i ftrace -o extcap.ftrace.command: ends with the command, which ran as uid {uid} "
                  f"(tshark's user {tt.NOBODY}, rc {nt.returncode})")
            sanitizer_clean("tshark -i ftrace with a command", nt.stderr)
        except subprocess.TimeoutExpired:
            check(False, "tshark -i ftrace -o extcap.ftrace.command: still running 60 s after the command ended")

        # An instance that exists is never recorded into, nor changed.
        taken = f"{TRACING}/instances/ts-taken-{os.getpid()}"
        os.mkdir(taken)
        try:
            mine = tracefs_state()
            # As nobody through the setuid copy: the existence test must use the effective ids, not access(2).
            bad = env.run([extcap, "--extcap-interface", "ftrace", "--capture", "--fifo",
                           os.path.join(work, "taken.pcapng"), "--instance", os.path.basename(taken)], check_rc=False)
            changes = state_changes(mine, tracefs_state())
            check(bad.returncode == 1 and "exists already" in bad.stderr and not changes,
                  f"--instance of an existing instance: exit 1 ({bad.returncode}, {bad.stderr.strip()!r}), "
                  f"nothing changed ({changes or 'no difference'})")
        finally:
            os.rmdir(taken)

        attach_checks(env, xenv, extcap, a.workload, work, state0)
        record_checks(env, a.record, a.extcap, a.workload, work, state0)

        # Bad configurations: one message each, exit 1, nothing left in tracefs.
        for args, message in ((["--events", "nosuch:event"], 'no event of this kernel matches "nosuch:event"'),
                              (["--presets", "bogus"], 'unknown preset "bogus"'),
                              (["--buffer-kb", "12x"], 'not a number'),
                              (["--clock", "x86-tsc"], 'unknown clock "x86-tsc"'),
                              (["--instance", "../x"], "not a plain name"),
                              (["--command", "true", "--pid", "1"], "exclude each other")):
            fifo = os.path.join(work, "bad.pcapng")
            bad = env.run([extcap, "--extcap-interface", "ftrace", "--capture", "--fifo", fifo] + args, check_rc=False)
            lines = bad.stderr.strip().splitlines()
            changes = state_changes(state0, tracefs_state())
            check(bad.returncode == 1 and len(lines) == 1 and message in lines[0] and not changes,
                  f"{' '.join(args)}: exit 1 with one message ({bad.returncode}, {bad.stderr.strip()!r}), tracefs "
                  f"as before ({changes or 'no difference'})")

        # Without root.
        fifo = os.path.join(work, "not-root.fifo")
        nr = env.run([os.path.join(plain_dir, os.path.basename(a.extcap)), "--extcap-interface", "ftrace",
                      "--capture", "--fifo", fifo], check_rc=False)
        check(nr.returncode == 1 and "needs root" in nr.stderr,
              f"as nobody the extcap exits 1 saying it needs root ({nr.returncode}, {nr.stderr.strip()!r})")
        # ... and through tshark: the message reaches tshark's output, the capture ends instead of hanging.
        try:
            nt = subprocess.run(env.command(["tshark", "-i", "ftrace", "-a", "duration:5", "-w",
                                             os.path.join(work, "not-root.pcapng")], [f"WIRESHARK_EXTCAP_DIR={plain_dir}"],
                                            LIVE_ASAN),
                                capture_output=True, text=True, timeout=60)
            shown = nt.returncode != 0 and "Error by extcap pipe: traceshark-ftrace: recording ftrace events needs root" in nt.stderr
            check(shown, f"tshark -i ftrace with an unprivileged extcap fails with its message ({nt.returncode}, "
                         f"{nt.stderr.strip()[-200:]!r})")
            sanitizer_clean("tshark -i ftrace with an unprivileged extcap", nt.stderr)
        except subprocess.TimeoutExpired:
            check(False, "tshark -i ftrace with an unprivileged extcap ends (it hung)")
    finally:
        if oracle:
            oracle.remove()
        shutil.rmtree(root, ignore_errors=True)
    return tt.exit_status()


if __name__ == "__main__":
    sys.exit(main())
