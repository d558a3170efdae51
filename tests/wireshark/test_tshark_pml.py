#!/usr/bin/env python3
"""Procmon logs in real tshark/editcap/mergecap with the plugins loaded from a personal plugin directory
(see test_tshark.py): frames == events, Info == Procmon's Operation/Path/Result/Detail (from traceshark-dump's
CSV, itself checked against Procmon's exports), procmon.* and process.* filters, damage, pcapng conversion and
a merge with a Linux trace.dat that keeps both machines apart.
"""
import argparse
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_tshark  # noqa: E402
from test_tshark import Env, check  # noqa: E402


def csv_rows(dump, pml):
    out = subprocess.run([dump, "--csv", pml], check=True, capture_output=True).stdout.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(out, newline="")))


def detail_length(row):
    """The Length item of a CSV Detail ("Offset: 0, Length: 1,234, ..."), thousands separators removed."""
    return int(re.search(r"Length: (\d{1,3}(?:,\d{3})*|\d+)", row["Detail"]).group(1).replace(",", ""))


def expected_info(row):
    info = f"{row['Operation']}  {row['Path']}  {row['Result']}"
    if row["Detail"]:
        info += "  " + row["Detail"]
    # The CSV writes line feeds as ';' (Procmon's export), the Info column as spaces.
    return info.replace("\r;", "  ").replace("\r", " ").replace("\t", " ")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reader", required=True)
    ap.add_argument("--dissector", required=True)
    ap.add_argument("--dump", required=True)
    ap.add_argument("--fixtures", required=True, help="directory with session64.PML, session32.PML and session64-ipv6.PML")
    ap.add_argument("--linux", required=True, help="a trace.dat to merge with")
    ap.add_argument("--corpus", help="../shared/corpus (optional)")
    a = ap.parse_args()

    root = tempfile.mkdtemp(prefix="traceshark-pml-")
    try:
        os.chmod(root, 0o755)
        full = Env(root, "home-full", [("wiretap", a.reader), ("epan", a.dissector)])
        epan_only = Env(root, "home-epan", [("epan", a.dissector)])
        work = os.path.join(root, "work")
        os.makedirs(work)
        files = {}
        for name in ("session64.PML", "session32.PML", "session64-ipv6.PML"):
            files[name] = os.path.join(work, name)
            shutil.copy(os.path.join(a.fixtures, name), files[name])
        linux = os.path.join(work, "linux.dat")
        shutil.copy(a.linux, linux)
        corpus_pml = os.path.join(a.corpus, "pml", "LogFileUTC64Process.PML") if a.corpus else None
        if corpus_pml and os.path.exists(corpus_pml):
            files["corpus"] = os.path.join(work, "corpus.PML")
            shutil.copy(corpus_pml, files["corpus"])
        for dirpath, dirnames, filenames in os.walk(root):
            for n in dirnames + filenames:
                os.chmod(os.path.join(dirpath, n), 0o755 if n in dirnames else 0o644)
        os.chmod(work, 0o777)
        for env in (full, epan_only):
            os.chmod(env.home, 0o777)

        for name, path in files.items():
            rows = csv_rows(a.dump, path)
            t = full.run(["tshark", "-r", path, "-T", "fields", "-E", "separator=/t", "-e", "_ws.col.Info",
                          "-e", "procmon.operation", "-e", "procmon.path", "-e", "procmon.result",
                          "-e", "procmon.pid", "-e", "process.name"])
            check(t.stderr.strip() == "", f"{name}: tshark reads it without messages ({t.stderr.strip()[:200]!r})")
            lines = t.stdout.split("\n")[:-1]
            check(len(lines) == len(rows), f"{name}: {len(lines)} frames == {len(rows)} events")
            bad = [(i + 1, l.split("\t")[0], expected_info(r)) for i, (l, r) in enumerate(zip(lines, rows))
                   if l.split("\t")[0] != expected_info(r)]
            check(not bad, f"{name}: Info == Operation/Path/Result/Detail for all {len(rows)} events"
                  + (f" (first mismatch, frame {bad[0][0]}: {bad[0][1]!r} != {bad[0][2]!r})" if bad else ""))
            bad = [i for i, (l, r) in enumerate(zip(lines, rows))
                   if l.split("\t")[1:5] != [r["Operation"], r["Path"], r["Result"], r["PID"]]
                   or l.split("\t")[5] != r["Process Name"]]
            check(not bad, f"{name}: procmon.operation/path/result/pid and process.name == the CSV columns")

        fx = files["session64.PML"]
        n = full.run(["tshark", "-r", fx, "-Y", "procmon.value.length == 1234"]).stdout.splitlines()
        check(len(n) == 2, f"procmon.value.length == 1234 finds the ReadFile and the WriteFile ({len(n)})")
        curl = sum(1 for r in csv_rows(a.dump, fx) if r["Process Name"] == "curl.exe")
        n = full.run(["tshark", "-r", fx, "-Y", 'process.name == "curl.exe" && process.parent.name == "cmd.exe"'])
        check(curl > 0 and len(n.stdout.splitlines()) == curl,
              f"all {curl} events of curl.exe have cmd.exe as process.parent.name ({len(n.stdout.splitlines())})")
        # Process tracking (libs/tracking's Procmon mapping): the tree equals traceshark-dump --processes, and with
        # -2 every event of cmd.exe knows its exit status and its start frame (the Process Create in explorer).
        tree = full.run(["tshark", "-q", "-r", fx, "-z", "traceshark,proctree"]).stdout
        dumped = subprocess.run([a.dump, "--processes", fx], check=True, capture_output=True, text=True).stdout
        check(dumped.strip() and dumped in tree, "-z traceshark,proctree == traceshark-dump --processes")
        cmd = sum(1 for r in csv_rows(a.dump, fx) if r["Process Name"] == "cmd.exe")
        rows = full.run(["tshark", "-2", "-r", fx, "-Y", 'process.name == "cmd.exe"', "-T", "fields",
                         "-e", "process.exit_code", "-e", "process.start_frame", "-e", "process.parent.name"])
        check(cmd > 0 and rows.stdout.splitlines() == ["1\t1\texplorer.exe"] * cmd,
              f"tshark -2: all {cmd} events of cmd.exe: exit code 1, started in frame 1, parent explorer.exe")
        starts = full.run(["tshark", "-r", fx, "-Y", 'process_event.event == "process start"', "-T", "fields",
                           "-e", "process_event.child_pid"]).stdout.split()
        check(starts == ["2000", "3000"], f"process_event marks the two Process Create events ({starts})")
        # File, registry and network activity (the common model): every successful event on in.txt belongs to one
        # file object opened in the CreateFile frame, which moved the ReadFile's bytes; curl's TCP connection
        # counts the bytes of its Send and Receive events.
        rows_fx = csv_rows(a.dump, fx)
        in_txt = [i + 1 for i, r in enumerate(rows_fx) if r["Path"].endswith("\\in.txt") and r["Result"] == "SUCCESS"]
        read = sum(detail_length(r) for r in rows_fx if r["Operation"] == "ReadFile" and r["Path"].endswith("\\in.txt"))
        got = full.run(["tshark", "-2", "-r", fx, "-Y", 'activity.path contains "in.txt"', "-T", "fields",
                        "-e", "frame.number", "-e", "activity.object.open_frame", "-e", "activity.object.bytes_read"])
        want = [f"{n}\t{in_txt[0]}\t{read}" for n in in_txt]
        check(len(in_txt) == 3 and got.stdout.splitlines() == want,
              f"in.txt: frames {in_txt} share one file object opened in frame {in_txt[0]} that read {read} bytes")
        # -z traceshark,follow on Procmon: the in.txt object lists the log's own rows on it, in order, with the
        # ReadFile's length; the pid view lists every row of the process that did it as an activity.
        obj = full.run(["tshark", "-2", "-r", fx, "-Y", f"frame.number == {in_txt[0]}", "-T", "fields",
                        "-e", "activity.object.file"]).stdout.strip()
        out = full.run(["tshark", "-2", "-q", "-r", fx, "-z", f"traceshark,follow,file,{obj}"]).stdout
        body = out.split("=== Traceshark follow ===", 1)[-1].splitlines()
        rows = [ln.split() for ln in body if ln[:8].strip().isdigit()]
        want_ops = [rows_fx[n - 1]["Operation"] for n in in_txt]
        check([int(r[0]) for r in rows] == in_txt and [r[5] for r in rows if r[3:5] == ["file", "read"]] == [str(read)]
              and all(r[2] == rows_fx[in_txt[0] - 1]["PID"] for r in rows),
              f"-z traceshark,follow,file,{obj}: the {len(in_txt)} rows on in.txt ({want_ops}) with the read's {read} bytes")
        tcp = [r for r in rows_fx if r["Operation"].startswith("TCP ")]
        sent = sum(detail_length(r) for r in tcp if r["Operation"] == "TCP Send")
        got = full.run(["tshark", "-2", "-r", fx, "-Y", 'activity.protocol == "tcp"', "-T", "fields",
                        "-e", "activity.object.bytes_sent", "-e", "activity.object.close_frame"]).stdout.splitlines()
        closes = [i + 1 for i, r in enumerate(rows_fx) if r["Operation"] == "TCP Disconnect"]
        check(len(tcp) == 4 and got == [f"{sent}\t{closes[0]}"] * len(tcp),
              f"the TCP connection's {len(tcp)} events: {sent} bytes sent, closed in frame {closes}")
        n = full.run(["tshark", "-r", fx, "-Y", 'procmon.net.dst == 93.184.216.34 && procmon.net.dstport == 443'])
        check(len(n.stdout.splitlines()) == 4, "the TCP events to example.com:443 filter by address and port")
        test_tshark.captured_packet_checks(full, work, fx, "session64")
        test_tshark.captured_packet_checks(full, work, files["session64-ipv6.PML"], "session64-ipv6", family=6)
        n = full.run(["tshark", "-r", fx, "-Y", 'procmon.stack.location contains "kernel32.dll+"'])
        check(len(n.stdout.splitlines()) >= 1, "stack frames resolve to module+offset")

        # Damage: a log cut inside its events.
        cut = os.path.join(work, "cut.PML")
        data = open(fx, "rb").read()
        with open(cut, "wb") as f:
            f.write(data[:3000])
        os.chmod(cut, 0o644)
        t = full.run(["tshark", "-r", cut, "-T", "fields", "-e", "procmon.operation"], check_rc=False)
        got = t.stdout.splitlines()
        check(t.returncode != 0 and "offset 0x" in t.stderr and len(got) >= 10,
              f"a cut log gives the events before the cut ({len(got)}), then an error with the offset")

        # pcapng copies dissect alone; merged with a Linux trace both machines stay apart.
        pcapng = os.path.join(work, "pml.pcapng")
        full.run(["editcap", "-F", "pcapng", fx, pcapng])
        fields = ["-T", "fields", "-e", "_ws.col.Info", "-e", "process.name", "-e", "procmon.stack.location"]
        check(epan_only.run(["tshark", "-r", pcapng] + fields).stdout == full.run(["tshark", "-r", fx] + fields).stdout,
              "editcap -F pcapng output dissects identically with only the dissector plugin")
        linux_ng = os.path.join(work, "linux.pcapng")
        full.run(["editcap", "-F", "pcapng", linux, linux_ng])
        merged = os.path.join(work, "merged.pcapng")
        full.run(["mergecap", "-w", merged, pcapng, linux_ng])
        hosts = epan_only.run(["tshark", "-r", merged, "-T", "fields", "-e", "traceshark.machine.hostname",
                               "-e", "traceshark.family"]).stdout.splitlines()
        fams = {}
        for h in hosts:
            host, fam = h.split("\t")
            fams.setdefault(fam, set()).add(host)
        check(fams.get("2") == {"TRACESHARK-WIN"} and "1" in fams and "TRACESHARK-WIN" not in fams["1"],
              f"merged with a Linux trace: Procmon events on TRACESHARK-WIN, Linux events on their host ({fams})")
        procmon_after = epan_only.run(["tshark", "-r", merged, "-Y", "traceshark.family == 2", "-T", "fields",
                                       "-e", "_ws.col.Info"]).stdout
        check(procmon_after == full.run(["tshark", "-r", fx, "-T", "fields", "-e", "_ws.col.Info"]).stdout,
              "after the merge every Procmon event still dissects as before")
        if test_tshark.FAILURES:
            print(f"{len(test_tshark.FAILURES)} check(s) failed")
            sys.exit(1)
        print("all PML tshark checks passed")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
