#!/usr/bin/env python3
"""Traceshark's libraries as another project uses them (README "Using a library from another project").

install:    `meson install --destdir` of this build into a scratch directory; checks what is installed (headers,
            static libraries, .pc files; no test, fuzz or bench programs), compiles every public header on its
            own, then builds tests/install/consumer/*.cpp outside the source tree with only
            `pkg-config --cflags --libs --static traceshark-tracecmd` (resp. traceshark-procmon) and runs them
            on the fixtures.
subproject: a fresh Meson project whose subprojects/traceshark is a symlink to this source tree and which asks
            for dependency('traceshark-tracecmd') and dependency('traceshark-procmon'); configure, build, run.

Oracles: `trace-cmd report` (event count, per-event counts, first event) and the fixture's truth file for the
trace.dat; make_pml.py's truth file for the PML logs. Exit 77 (skipped) without a compiler, pkg-config or meson.
"""
import argparse
import collections
import json
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys

SKIP = 77
HERE = pathlib.Path(__file__).resolve().parent
EVENT = re.compile(r"^\s*(?P<comm>.+)-(?P<pid>\d+)\s+\[(?P<cpu>\d{3})\]\s*(?P<ts>\d+\.\d+): (?P<name>\S+):", re.M)
WIRESHARK_LIBS = ("libwireshark", "libwiretap", "libwsutil")
# The installed libraries (pkg-config name: source directory, whose include/ is installed as it is).
LIBRARIES = {"traceshark-common": "libs/common", "traceshark-tracecmd": "libs/tracecmd",
             "traceshark-procmon": "libs/procmon", "traceshark-etl": "libs/etl",
             "traceshark-tracking": "libs/tracking/core",
             "traceshark-tracking-linux": "libs/tracking/linux", "traceshark-tracking-procmon": "libs/tracking/procmon",
             "traceshark-tracking-etl": "libs/tracking/etl"}


class Failed(Exception):
    pass


def run(cmd, **kw):
    if "input" in kw:
        kw["input"] = kw["input"].encode()
    # Bytes, decoded here: text mode would turn a \r inside a Procmon Detail into a line break.
    p = subprocess.run([str(c) for c in cmd], capture_output=True, **kw)
    out, err = p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
    if p.returncode != 0:
        raise Failed(f"{shlex.join(str(c) for c in cmd)} exited {p.returncode}:\n{out[-3000:]}{err[-3000:]}")
    return out


def scratch(build_dir, name):
    # Inside the build directory, at a fixed place: kept for a look after a failure, and the same relative
    # paths on every run let ccache hit.
    d = pathlib.Path(build_dir) / "tests" / "install" / name
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    return d


def public_headers(library_dir):
    return sorted(p.relative_to(library_dir / "include") for p in (library_dir / "include").rglob("*.hpp"))


def sanitize_flags(sanitize):
    return [] if sanitize in ("", "none") else [f"-fsanitize={sanitize}"]


# --- oracles -------------------------------------------------------------------------------------------------

def check_tracecmd_output(out, fixture):
    """The consumer's summary of a trace.dat against trace-cmd report and the recording's truth file."""
    got = dict(line.split(" ", 1) for line in out.splitlines() if not line.startswith("event "))
    counts = collections.Counter()
    for line in out.splitlines():
        if line.startswith("event "):
            _, name, n = line.split(" ")
            counts[name] = int(n)
    report = run(["trace-cmd", "report", fixture])
    events = list(EVENT.finditer(report))
    want_counts = collections.Counter(m.group("name") for m in events)
    truth = json.loads(pathlib.Path(str(fixture).removesuffix(".dat") + ".truth.json").read_text())["machine"]
    problems = []

    def expect(what, have, want):
        if str(have) != str(want):
            problems.append(f"{what}: consumer says {have!r}, oracle {want!r}")

    expect("hostname", got.get("hostname"), truth["hostname"])
    expect("arch", got.get("arch"), truth["arch"])
    expect("cpus", got.get("cpus"), truth["cpus"])
    expect("events", got.get("events"), len(events))
    expect("damage", got.get("damage"), 0)
    first = events[0]
    # report prints microseconds: the consumer's nanosecond timestamp truncated.
    pid, cpu, ts, name = re.fullmatch(r"pid=(\d+) cpu=(\d+) ts=(\d+) (\S+)", got.get("first", "")).groups()
    expect("first event", (int(pid), int(cpu), f"{int(ts) // 1000000000}.{int(ts) // 1000 % 1000000:06d}", name),
           (int(first.group("pid")), int(first.group("cpu")), first.group("ts"), first.group("name")))
    expect("per-event counts", sorted(counts.items()), sorted(want_counts.items()))
    if problems:
        raise Failed(f"{fixture}:\n  " + "\n  ".join(problems))
    return f"{fixture.name}: {len(events)} events, {len(want_counts)} event names as trace-cmd report"


def escaped(text):
    """As procmon_summary.cpp writes a column."""
    return text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def check_procmon_output(out, pml, truth_file):
    truth = json.loads(pathlib.Path(truth_file).read_text())
    lines = out.rstrip("\n").split("\n")
    head = dict(line.split(" ", 1) for line in lines if not line.startswith("event "))
    system = truth["system"]
    want_head = {"computer": system["computer_name"], "os": system["os"], "cpus": str(system["cpus"]),
                 "bits": str(system["bits"]), "processes": str(len(truth["processes"])),
                 "events": str(len(truth["events"]))}
    problems = [f"{k}: consumer says {head.get(k)!r}, truth {v!r}" for k, v in want_head.items() if head.get(k) != v]
    # The truth's Detail is Procmon's CSV export of it, where a line feed becomes ';' (csv_writer.cpp does the same).
    got_events = [line.split(" ", 1)[1] for line in lines if line.startswith("event ")]
    got_events = [e[:e.rfind("\t")] + e[e.rfind("\t"):].replace("\\n", ";") for e in got_events]
    want_events = ["\t".join(str(x) for x in (e["index"], e["pid"], e["tid"], e["operation_name"], escaped(e["path"]),
                                              e["result_name"], escaped(e["detail"]))) for e in truth["events"]]
    if got_events != want_events:
        first = next((i for i, (a, b) in enumerate(zip(got_events, want_events)) if a != b),
                     min(len(got_events), len(want_events)))
        problems.append(f"events differ from #{first} ({len(got_events)} vs {len(want_events)}):\n"
                        f"    consumer: {got_events[first] if first < len(got_events) else '<end>'}\n"
                        f"    truth:    {want_events[first] if first < len(want_events) else '<end>'}")
    if problems:
        raise Failed(f"{pml}:\n  " + "\n  ".join(problems))
    return f"{pathlib.Path(pml).name}: {len(want_events)} events field by field as the truth file"


def check_no_wireshark(binary):
    needed = run(["ldd", binary])
    found = [lib for lib in WIRESHARK_LIBS if lib in needed]
    undefined = run(["nm", "-u", "-C", binary])
    if found or re.search(r"\b(wtap_|proto_register|epan_)", undefined):
        raise Failed(f"{binary} needs Wireshark: {found or 'undefined Wireshark symbols'}")


# --- install -------------------------------------------------------------------------------------------------

def installed_prefix(destdir, build_dir):
    info = json.loads(run(["meson", "introspect", "--buildoptions", build_dir]))
    opt = {o["name"]: o["value"] for o in info}
    return destdir / opt["prefix"].lstrip("/"), opt["prefix"], opt["libdir"], opt["includedir"]


def check_layout(destdir, prefix, libdir, includedir, source):
    files = [p.relative_to(destdir) for p in destdir.rglob("*") if p.is_file()]
    problems = []
    unwanted = [f for f in files if re.search(r"(test|fuzz|bench)", f.name) and f.suffix != ".hpp"]
    if unwanted:
        problems.append(f"installs test/fuzz/bench files: {unwanted}")
    bindir = prefix / "bin"
    programs = sorted(p.name for p in bindir.iterdir()) if bindir.is_dir() else []
    if programs != ["traceshark-dump", "traceshark-record"]:
        problems.append(f"{bindir} holds {programs}, expected traceshark-dump and traceshark-record")
    installed = sorted(p.relative_to(prefix / includedir) for p in (prefix / includedir).rglob("*.hpp"))
    want = sorted(h for d in LIBRARIES.values() for h in public_headers(source / d))
    if installed != want:
        problems.append(f"installed headers: {sorted(set(installed) - set(want))} too many, "
                        f"{sorted(set(want) - set(installed))} missing")
    for pc in LIBRARIES:
        for f in (prefix / libdir / f"lib{pc}.a", prefix / libdir / "pkgconfig" / f"{pc}.pc"):
            if not f.is_file():
                problems.append(f"missing {f.relative_to(destdir)}")
    if problems:
        raise Failed("install layout:\n  " + "\n  ".join(problems))
    return len(files)


def pkgconfig_dir(destdir, prefix, install_prefix, libdir, scratch_dir):
    """A pkg-config directory whose traceshark-*.pc resolve into the DESTDIR tree.

    The files say prefix=/usr/local (the build's prefix); pointing that one variable at the DESTDIR copy is what
    installing with that prefix would give. (PKG_CONFIG_SYSROOT_DIR would also move libtraceevent's -I.)"""
    out = scratch_dir / "pkgconfig"
    out.mkdir()
    for pc in sorted((prefix / libdir / "pkgconfig").glob("traceshark-*.pc")):
        text = pc.read_text()
        if f"prefix={install_prefix}\n" not in text:
            raise Failed(f"{pc.name} does not start from prefix={install_prefix}:\n{text}")
        (out / pc.name).write_text(text.replace(f"prefix={install_prefix}\n", f"prefix={prefix}\n", 1))
    return out


def mode_install(a, cxx, pkg_config):
    destdir = scratch(a.build_dir, "install-consumer")
    work = destdir / "consumer"
    destdir = destdir / "destdir"
    run(["meson", "install", "-C", a.build_dir, "--destdir", destdir, "--no-rebuild", "--quiet"])
    prefix, install_prefix, libdir, includedir = installed_prefix(destdir, a.build_dir)
    n = check_layout(destdir, prefix, libdir, includedir, pathlib.Path(a.source_dir))
    print(f"ok   meson install: {n} files; headers, static libraries and .pc files of {', '.join(LIBRARIES)};"
          " no test, fuzz or bench programs")
    work.mkdir()
    env = {**os.environ, "PKG_CONFIG_PATH": str(pkgconfig_dir(destdir, prefix, install_prefix, libdir, work.parent)),
           "PKG_CONFIG_LIBDIR": os.environ.get("PKG_CONFIG_LIBDIR", "")}
    if not env["PKG_CONFIG_LIBDIR"]:
        del env["PKG_CONFIG_LIBDIR"]

    def flags(pkg, *what):
        return shlex.split(run([pkg_config, *what, pkg], env=env))

    for pc in LIBRARIES:
        print(f"--- {pc}.pc: cflags {flags(pc, '--cflags')}, static libs {flags(pc, '--libs', '--static')}")
    cxxflags = ["-std=c++20", "-Wall", "-Wextra", "-Werror", *sanitize_flags(a.sanitize)]

    # Every public header on its own, with the library's flags only: self-contained, no private (src/) header.
    headers = 0
    for pc, d in LIBRARIES.items():
        cflags = flags(pc, "--cflags")
        for rel in public_headers(pathlib.Path(a.source_dir) / d):
            run([*cxx, *cxxflags, *cflags, "-fsyntax-only", "-x", "c++", "-"], input=f'#include "{rel}"\n', cwd=work)
            headers += 1
    print(f"ok   {headers} installed headers compile on their own with their library's pkg-config flags")

    for pc, src, exe in (("traceshark-tracecmd", "tracecmd_summary.cpp", "tracecmd-summary"),
                         ("traceshark-procmon", "procmon_summary.cpp", "procmon-summary")):
        shutil.copy(HERE / "consumer" / src, work / src)
        cmd = [*cxx, *cxxflags, src, "-o", exe, *flags(pc, "--cflags", "--libs", "--static")]
        run(cmd, cwd=work)
        check_no_wireshark(work / exe)
        print(f"ok   built outside the tree without Wireshark: {shlex.join(cmd)}")
    print("ok   " + check_tracecmd_output(run([work / "tracecmd-summary", a.tracedat]), pathlib.Path(a.tracedat)))
    for pml in a.pml:
        print("ok   " + check_procmon_output(run([work / "procmon-summary", pml]), pml, pml + ".truth.json"))


# --- subproject ----------------------------------------------------------------------------------------------

def mode_subproject(a):
    root = scratch(a.build_dir, "subproject-consumer")
    proj = root / "project"
    shutil.copytree(HERE / "consumer", proj)
    (proj / "subprojects").mkdir()
    (proj / "subprojects" / "traceshark").symlink_to(pathlib.Path(a.source_dir).resolve())
    # The README's wrap: which dependencies the subproject provides, so that a plain dependency() finds them.
    (proj / "subprojects" / "traceshark.wrap").write_text(
        "[wrap-file]\ndirectory = traceshark\n\n[provide]\n"
        "dependency_names = traceshark-common, traceshark-tracecmd, traceshark-procmon\n")
    build = root / "build"
    # Force the subproject even where a traceshark-*.pc is installed; no debug info and the parent's
    # sanitizers (the ASan run then checks the consumer under ASan too).
    out = run(["meson", "setup", build, proj, "--buildtype=release", f"-Db_sanitize={a.sanitize or 'none'}",
               "-Db_lundef=false",
               "--force-fallback-for=traceshark-common,traceshark-tracecmd,traceshark-procmon"])
    if "Executing subproject traceshark" not in out:
        raise Failed(f"the consumer did not use the subproject:\n{out}")
    for forbidden in ("traceshark-dump", "tracecmd-tests", "procmon-tests"):
        if re.search(rf"\b{forbidden}\b", run(["meson", "introspect", "--targets", build])):
            raise Failed(f"as a subproject traceshark still defines {forbidden} (tools/tests should be off)")
    run(["meson", "compile", "-C", build, "tracecmd-summary", "procmon-summary"])
    print("ok   configured and built with subprojects/traceshark; no tools or tests defined in the subproject")
    check_no_wireshark(build / "tracecmd-summary")
    print("ok   " + check_tracecmd_output(run([build / "tracecmd-summary", a.tracedat]), pathlib.Path(a.tracedat)))
    for pml in a.pml:
        print("ok   " + check_procmon_output(run([build / "procmon-summary", pml]), pml, pml + ".truth.json"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=("install", "subproject"))
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--sanitize", default="none", help="the build's b_sanitize: the installed libraries need it")
    ap.add_argument("--tracedat", required=True)
    ap.add_argument("--pml", action="append", default=[], help="a PML written by make_pml.py (truth beside it)")
    a = ap.parse_args()
    cxx = shlex.split(os.environ.get("CXX", "c++"))
    missing = [tool for tool in ("meson", cxx[0], "pkg-config", "trace-cmd") if not shutil.which(tool)]
    if missing:
        print(f"skipped: {', '.join(missing)} not found")
        return SKIP
    try:
        if a.mode == "install":
            mode_install(a, cxx, shutil.which("pkg-config"))
        else:
            mode_subproject(a)
    except Failed as e:
        print(f"FAIL {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
