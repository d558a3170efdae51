#!/usr/bin/env python3
"""Host + guest files against `trace-cmd report` (the oracle, which applies TIME_SHIFT).

make-guest-pair turns the recorded fixtures into a host file (GUEST options) and guest files (TIME_SHIFT with
several samples per CPU, drifting offsets, scaling with fraction bits), in several variants. For each variant
traceshark-dump must print byte for byte what trace-cmd report prints: for the guest alone, and for the host
and its guests together (`-i HOST -i GUEST ...`, both orders), where the lines interleave on host time; also
for a KVM host (`--kvm`: kvm_entry/kvm_exit events of the vCPU threads on added host CPUs). With the host first,
report names the guest function of a kvm event's rip from the kallsyms of the guest whose vCPU the host thread
runs (the host's kallsyms are slid away, so a host-side lookup would name others): those lines must be there,
rips outside every guest function must stay bare, and the guest first or the host alone must name none.
Bad TIME_SHIFT tables (which make trace-cmd crash or silently misplace events) must give a note naming the
offset on stderr, exit 0, and leave that CPU's lines as report prints them for the recorded file.
"""
import argparse
import pathlib
import re
import subprocess
import sys
import tempfile

GUESTS = ["v6.dat", "v7-none.dat", "v7-zstd.dat", "v7-zstd-multibuf.dat"]
VARIANTS = [[], ["--no-interpolate"], ["--no-fraction"], ["--samples", "1"], ["--samples", "9"],
            ["--tsc2nsec", str((1 << 30) + 4321), "30"]]
CPU = re.compile(rb"\[(\d{3})\]")
# A kvm_exit / kvm_entry line's rip, then the guest function report appends (if any).
KVM_RIP = re.compile(rb" (kvm_exit|kvm_entry): .*? rip 0x([0-9a-f]+)( [^ ]+)?( info |$)", re.M)


def first_difference(a, b):
    a, b = a.splitlines(), b.splitlines()
    i = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
    return (f"line {i + 1} ({len(a)} vs {len(b)} lines)\n"
            f"    trace-cmd: {a[i] if i < len(a) else '<end>'}\n    ours:      {b[i] if i < len(b) else '<end>'}")


def lines_of_cpu(text, cpu):
    return [line for line in text.splitlines() if (m := CPU.search(line)) and int(m.group(1)) == cpu]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", required=True)
    ap.add_argument("--make-pair", required=True)
    ap.add_argument("fixtures")
    args = ap.parse_args()
    fx = pathlib.Path(args.fixtures)
    host_in = fx / "other-host.dat"
    passed = failed = 0

    def check(label, inputs, expect_interleaved=False):
        nonlocal passed, failed
        cmd = [x for f in inputs for x in ("-i", str(f))] if len(inputs) > 1 else [str(inputs[0])]
        report = subprocess.run(["trace-cmd", "report", *cmd], capture_output=True)
        ours = subprocess.run([args.dump, *cmd], capture_output=True)
        problems = []
        if report.returncode != 0:
            problems.append(f"trace-cmd report exited {report.returncode}")
        if ours.returncode != 0 or ours.stderr:
            problems.append(f"traceshark-dump exited {ours.returncode}: {ours.stderr.decode(errors='replace').strip()}")
        if ours.stdout != report.stdout:
            problems.append("output differs from " + first_difference(report.stdout, ours.stdout))
        if expect_interleaved:
            # The guest's lines must sit between the host's, not after them.
            tags = [line.split(b":", 1)[0].strip() for line in report.stdout.splitlines()[len(inputs):]]
            runs = sum(1 for i in range(1, len(tags)) if tags[i] != tags[i - 1])
            if runs < 100:
                problems.append(f"only {runs} alternations between files: not interleaved")
        if problems:
            failed += 1
            print(f"FAIL {label}: " + "\n  ".join(problems))
        else:
            passed += 1
            print(f"ok   {label} ({len(report.stdout)} bytes identical)")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for v, variant in enumerate(VARIANTS):
            for g, guest in enumerate(GUESTS):
                host, out = tmp / f"host{v}-{g}.dat", tmp / f"guest{v}-{g}-{guest}"
                subprocess.run([args.make_pair, *variant, str(host_in), str(host), f"vm{g}", str(fx / guest), str(out)],
                               check=True)
                label = f"{guest} {' '.join(variant) or '(interpolated)'}"
                check(f"{label}: guest", [out])
                check(f"{label}: -i host -i guest", [host, out], expect_interleaved=True)
                if v == 0:
                    check(f"{label}: -i guest -i host", [out, host])
        # A host with two guests, one of them with instances.
        host = tmp / "host-two.dat"
        subprocess.run([args.make_pair, str(host_in), str(host), "vm-six", str(fx / "v6.dat"), str(tmp / "six.dat"),
                        "vm-multi", str(fx / "v7-zstd-multibuf.dat"), str(tmp / "multi.dat")], check=True)
        check("host + two guests", [host, tmp / "six.dat", tmp / "multi.dat"], expect_interleaved=True)
        check("host alone (GUEST options)", [host])

        # A KVM host: the v6 copy of the host with its vCPU threads' kvm_entry/kvm_exit events (--kvm).
        host6, kvm_host, kvm_guest = tmp / "host-v6.dat", tmp / "host-kvm.dat", tmp / "guest-kvm.dat"
        subprocess.run(["trace-cmd", "convert", "-i", str(host_in), "-o", str(host6), "--file-version", "6",
                        "--compression", "none"], check=True, capture_output=True)
        subprocess.run([args.make_pair, "--kvm", str(host6), str(kvm_host), "vm", str(fx / "v7-zstd.dat"), str(kvm_guest)],
                       check=True)
        kvm_report = subprocess.run(["trace-cmd", "report", str(kvm_host)], capture_output=True, check=True).stdout
        entries = kvm_report.count(b" kvm_entry: ")
        if entries < 1000:
            failed += 1
            print(f"FAIL kvm host: only {entries} kvm_entry lines in trace-cmd report")
        check(f"kvm host alone ({entries} kvm_entry)", [kvm_host])
        check("kvm host: -i host -i guest", [kvm_host, kvm_guest], expect_interleaved=True)
        check("kvm host: -i guest -i host", [kvm_guest, kvm_host])

        def guest_functions(inputs):
            """(events, with a guest function, kernel rips without one) of report's kvm lines, by event name."""
            out = subprocess.run(["trace-cmd", "report", *[x for f in inputs for x in ("-i", str(f))]],
                                 capture_output=True, check=True).stdout
            counts = {}
            for m in KVM_RIP.finditer(out):
                c = counts.setdefault(m.group(1).decode(), [0, 0, 0])
                c[0] += 1
                c[1] += m.group(3) is not None
                c[2] += m.group(3) is None and m.group(2).startswith(b"ffffffff")
            return counts

        def expect_functions(label, inputs, named):
            nonlocal passed, failed
            counts = guest_functions(inputs)
            ok = all(n >= 1000 and (f >= n // 3 and bare >= n // 20 if named else f == 0) for n, f, bare in counts.values())
            if set(counts) != {"kvm_exit", "kvm_entry"} or not ok:
                failed += 1
                print(f"FAIL {label}: kvm lines (events, with a guest function, bare kernel rips): {counts}")
            else:
                passed += 1
                print(f"ok   {label}: {counts}")
        expect_functions("kvm host first: guest functions named", [kvm_host, kvm_guest], True)
        expect_functions("kvm guest first: no guest function", [kvm_guest, kvm_host], False)
        # Two guests, the second without kallsyms: its vCPUs' rips (from the first guest's kallsyms) stay bare.
        two_host, with_syms, without = tmp / "host-kvm-two.dat", tmp / "guest-kvm-a.dat", tmp / "guest-kvm-b.dat"
        subprocess.run([args.make_pair, "--kvm", str(host6), str(two_host), "vm-a", str(fx / "v7-zstd.dat"), str(with_syms),
                        "vm-b", str(fx / "minimal-v6.dat"), str(without)], check=True)
        check("kvm host + two guests", [two_host, with_syms, without], expect_interleaved=True)
        both = subprocess.run(["trace-cmd", "report", "-i", str(two_host), "-i", str(with_syms), "-i", str(without)],
                              capture_output=True, check=True).stdout
        named_by_tid = {}
        for line in both.splitlines():
            m = re.search(rb"-(\d+) +\[\d+\].* kvm_exit: .*? rip 0x[0-9a-f]+( [^ ]+)? info ", line)
            if m:
                c = named_by_tid.setdefault(int(m.group(1)), [0, 0])
                c[0] += 1
                c[1] += m.group(2) is not None
        # The vCPU threads are numbered in guest order: the first ones (as many as vm-a has CPUs) are vm-a's.
        a_cpus = int(re.search(rb"guest-kvm-a\.dat: cpus=(\d+)", both).group(1))
        tids = sorted(named_by_tid)
        if len(tids) != a_cpus + 2 or any(named_by_tid[t][1] == 0 for t in tids[:a_cpus]) or \
                any(named_by_tid[t][1] != 0 for t in tids[a_cpus:]):
            failed += 1
            print(f"FAIL kvm host + two guests: guest functions by vCPU thread (exits, named): {named_by_tid}")
        else:
            passed += 1
            print(f"ok   kvm host + two guests: guest functions only for vm-a's vCPU threads {named_by_tid}")
        # A host whose kernel formats lack kvm: the tool adds the kvm system (its documented 6.1 formats).
        small_host, small_guest = tmp / "minimal-kvm.dat", tmp / "minimal-guest.dat"
        subprocess.run([args.make_pair, "--kvm", str(fx / "minimal-v6.dat"), str(small_host), "vm", str(fx / "v7-zstd.dat"),
                        str(small_guest)], check=True)
        check("kvm system added to a host without it", [small_host])
        check("kvm system added: -i host -i guest", [small_host, small_guest], expect_interleaved=True)

        # Bad tables on guest CPU 1: noted with an offset, CPU 1 as recorded, CPU 0 as with a good table.
        good = tmp / "guest0-0-v6.dat"
        shifted = subprocess.run(["trace-cmd", "report", str(good)], capture_output=True, check=True).stdout
        recorded = subprocess.run(["trace-cmd", "report", str(fx / "v6.dat")], capture_output=True, check=True).stdout
        for kind in ("zero", "unsorted", "scaling0", "huge"):
            bad = tmp / f"bad-{kind}.dat"
            subprocess.run([args.make_pair, "--corrupt", kind, str(host_in), str(tmp / "h.dat"), "vm", str(fx / "v6.dat"),
                            str(bad)], check=True)
            ours = subprocess.run([args.dump, str(bad)], capture_output=True, timeout=120)
            problems = []
            if ours.returncode != 0:
                problems.append(f"exit status {ours.returncode}")
            if not re.search(rb"offset 0x[0-9a-f]+: TIME_SHIFT .*unshifted", ours.stderr):
                problems.append(f"no note with an offset: {ours.stderr!r}")
            cpu0_expected = recorded if kind == "huge" else shifted
            if lines_of_cpu(ours.stdout, 0) != lines_of_cpu(cpu0_expected, 0):
                problems.append("CPU 0 lines are not what report prints for " + ("the recorded file" if kind == "huge" else "the good table"))
            if lines_of_cpu(ours.stdout, 1) != lines_of_cpu(recorded, 1):
                problems.append("CPU 1 lines are not the recorded file's")
            if problems:
                failed += 1
                print(f"FAIL bad table ({kind}): " + "; ".join(problems))
            else:
                passed += 1
                print(f"ok   bad table ({kind}): {ours.stderr.decode().strip()}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
