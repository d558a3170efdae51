#!/usr/bin/env python3
"""The Traceshark profile in the real Wireshark GUI (Qt, under Xvfb), with the plugins loaded from a personal
plugin directory of a throw-away HOME, run as an unprivileged user when root (see test_tshark.py).

Checks:
  * every colouring rule of the profile compiles (`tshark -Y RULE` on the Linux fixture, the PML fixture and
    the test capture) and the rules' backgrounds are distinct, light, and carry dark text;
  * a test capture (frames of a trace.dat fixture with process start/exec/exit and several event families, then
    frames of a PML fixture with file, registry and network activity and failed operations) opened in
    `wireshark -C Traceshark` shows, row by row, the background of the first rule tshark says the frame
    matches (the selected first row aside), read from a screenshot pixel by pixel;
  * for each rule, the number of pixels of exactly its background colour in the packet list is that of the
    rows expected to match it (row height x list width, less the text drawn on them), and at least six rules
    (problems/failures, process lifecycle, file, registry, network, families) are on screen.
  * Statistics > Traceshark lists the three stats trees, "Processes", "Process Activity" and "Process
    Connections"; "Process Activity" opens a dialog with the per-process totals ("file operations"), "Process
    Connections" one with curl.exe's sockets, their events and bytes; Statistics > Traceshark Follow, its
    display filter typed in, lists in.txt's open and read; read with tesseract and clicked with xdotool
    (skipped without them).
The screenshots are kept (--screenshot, in the build directory's meson-logs); exit 77 (skipped) without Xvfb,
wireshark or ImageMagick.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_tshark import Env, check, exit_status, NOBODY, sanitizer_env  # noqa: E402

SKIP = 77
# The window; the screen is wider so that the pointer, which Xvfb puts at its centre, hovers over nothing.
WIDTH, HEIGHT = 1280, 1000
SCREEN_W = 2 * WIDTH + 100


def parse_colorfilters(path):
    """[(name, filter, bg (r,g,b) 8-bit, fg (r,g,b) 8-bit)] in file order; 16-bit values must be v*257."""
    rules = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"@([^@]+)@(.+)@\[(\d+),(\d+),(\d+)\]\[(\d+),(\d+),(\d+)\]", line)
        if not m:
            raise SystemExit(f"{path}: malformed rule line {line!r}")
        vals = [int(v) for v in m.groups()[2:]]
        if any(v % 257 for v in vals):
            raise SystemExit(f"{path}: {m.group(1)}: colour components must be 8-bit values times 257 ({vals})")
        vals = [v // 257 for v in vals]
        rules.append((m.group(1), m.group(2), tuple(vals[:3]), tuple(vals[3:])))
    return rules


def luminance(c):
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def frames_matching(env, capture, flt):
    p = env.run(["tshark", "-r", capture, "-Y", flt, "-T", "fields", "-e", "frame.number"], check_rc=False)
    if p.returncode != 0:
        return None, p.stderr.strip()
    return [int(x) for x in p.stdout.split()], p.stderr.strip()


def read_ppm(png):
    """(width, height, bytes) of a screenshot, via ImageMagick (P6, 8-bit RGB)."""
    data = subprocess.run(["convert", png, "-depth", "8", "ppm:-"], capture_output=True, check=True).stdout
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():]


class Screen:
    def __init__(self, png):
        self.w, self.h, self.px = read_ppm(png)

    def line(self, y, x0=0, x1=None):
        x1 = self.w if x1 is None else x1
        row = self.px[(y * self.w + x0) * 3:(y * self.w + x1) * 3]
        return [tuple(row[i:i + 3]) for i in range(0, len(row), 3)]

    def count(self, color, y0, y1, x0, x1):
        want = bytes(color)
        n = 0
        for y in range(y0, y1):
            row = self.px[(y * self.w + x0) * 3:(y * self.w + x1) * 3]
            n += sum(1 for i in range(0, len(row), 3) if row[i:i + 3] == want)
        return n


def dominant(pixels):
    best, n = None, 0
    counts = {}
    for p in pixels:
        counts[p] = counts.get(p, 0) + 1
    for p, c in counts.items():
        if c > n:
            best, n = p, c
    return best, n


def build_capture(env, work, linux, pml, etl):
    """Frames of the Linux fixture chosen to show the process lifecycle and several families, two earlier frames
    of it after them (out of time order: a problem), then ETW events of the ETL fixture (kernel, undecoded,
    provider), then frames of the PML fixture with file / registry / network activity and failures: pcapng,
    concatenated (mergecap -a)."""
    def first(capture, flt, n):
        got, err = frames_matching(env, capture, flt)
        if got is None:
            raise SystemExit(f"tshark -Y {flt!r} {capture}: {err}")
        return got[:n]

    lin = sorted(set(first(linux, 'process_event.event == "process start"', 3) +
                     first(linux, 'process_event.event == "exec"', 3) +
                     first(linux, 'process_event.event == "process exit"', 3) +
                     first(linux, 'traceshark.event.system == "sched" && !process_event', 4) +
                     first(linux, 'traceshark.event.system in {"syscalls", "raw_syscalls"}', 4) +
                     first(linux, 'traceshark.event.system in {"irq", "timer", "kmem", "block"}', 4)))
    win = sorted(set(first(pml, 'activity.kind matches "^file " && activity.failed == 0', 4) +
                     first(pml, 'activity.kind matches "^registry " && activity.failed == 0', 4) +
                     first(pml, 'activity.kind matches "^net "', 4) +
                     first(pml, "activity.failed == 1", 3) +
                     first(pml, "process_event", 2)))
    etw = sorted(set(first(etl, 'etl.provider == "Windows Kernel" && !_ws.expert', 2) +
                     first(etl, "etl.decoded == 0 && !_ws.expert.severity >= 0x00800000", 1) +
                     first(etl, 'etl.provider != "Windows Kernel" && etl.decoded == 1 && !_ws.expert', 1)))
    late = [f for f in range(1, lin[-1]) if f not in lin][:2]
    print(f"test capture: Linux frames {lin}, then {late}, then PML frames {win}, then ETL frames {etw}")
    parts = []
    # ETW before PML: the fixtures' clocks (Linux 1970, ETL 2022, PML 2024) then keep time order across the parts,
    # and the deliberate late pair stays the only order problem the tracking engine reports.
    for src, frames, name in ((linux, lin, "linux.pcapng"), (linux, late, "linux-late.pcapng"), (etl, etw, "etl.pcapng"),
                              (pml, win, "pml.pcapng")):
        out = os.path.join(work, name)
        env.run(["editcap", "-F", "pcapng", "-r", src, out] + [str(f) for f in frames])
        parts.append(out)
    merged = os.path.join(work, "gui-test.pcapng")
    env.run(["mergecap", "-a", "-F", "pcapng", "-w", merged] + parts)
    for p in [work] + [os.path.join(work, f) for f in os.listdir(work)]:
        os.chmod(p, 0o755 if os.path.isdir(p) else 0o644)
    return merged, len(lin) + len(late) + len(win) + len(etw)


def write_recent(home):
    """A recent_common that does not ask anything and keeps the main window where -geometry puts it."""
    os.makedirs(os.path.join(home, ".config/wireshark"), exist_ok=True)
    with open(os.path.join(home, ".config/wireshark/recent_common"), "w") as f:
        f.write("gui.geometry_main_x: 0\ngui.geometry_main_y: 0\n"
                f"gui.geometry_main_width: {WIDTH}\ngui.geometry_main_height: {HEIGHT}\n"
                "gui.geometry_main_maximized: FALSE\nprivs.warn_if_elevated: FALSE\n")


def start_xvfb(work):
    r, w = os.pipe()
    # -ac: the client runs as another user (nobody) than this one; -nolisten tcp keeps it to this machine.
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", f"{SCREEN_W}x{HEIGHT}x24", "-ac",
                             "-nolisten", "tcp"],
                            pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "xvfb.log"), "w"))
    os.close(w)
    number = b""
    deadline = time.time() + 20
    while not number.endswith(b"\n") and time.time() < deadline:
        chunk = os.read(r, 16)
        if not chunk:
            break
        number += chunk
    os.close(r)
    if not number.strip():
        xvfb.kill()
        raise SystemExit("Xvfb did not report a display")
    return xvfb, ":" + number.decode().strip()


def screenshot(display, path):
    """The main window's part of the screen."""
    subprocess.run(["import", "-display", display, "-window", "root", "-crop", f"{WIDTH}x{HEIGHT}+0+0", "+repage", path],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def word_alone(found, word):
    """The box of `word` where it is a line of its own (no word follows it on its line), or None."""
    for i, (text, x, y, w, h) in enumerate(found):
        if text.lower().strip(".,:;") != word.lower():
            continue
        nxt = found[i + 1] if i + 1 < len(found) else None
        if not nxt or abs(nxt[2] - y) >= 8 or nxt[1] > x + w + 200:
            return (x, y, w, h)
    return None


def statistics_menu_checks(display, shot_base):
    """Statistics > Traceshark > Process Activity and > Process Connections, found and clicked by the words on
    screen: each opens its dialog with its figures."""
    import gui_ocr  # here, not at the top: gui_ocr imports this module
    if not (shutil.which("tesseract") and shutil.which("xdotool")):
        print("statistics menu checks skipped: no tesseract or xdotool")
        return
    shot = lambda name: f"{shot_base}-{name}.png"  # noqa: E731

    def open_tree(item, first):
        """Statistics > Traceshark > ITEM; the menu's words (found on screen) or None."""
        shot = lambda name: f"{shot_base}-{name}-{item.replace(' ', '-').lower()}.png"  # noqa: E731
        boxes, _ = gui_ocr.wait_for(display, shot("menubar"), ["Statistics"], timeout=20)
        if not check(boxes["Statistics"], "the menu bar shows Statistics"):
            return None
        x, y, w, h = boxes["Statistics"]
        gui_ocr.click(display, x + w // 2, y + h // 2)
        boxes, found = gui_ocr.wait_for(display, shot("statistics"), ["Traceshark", "Traceshark Follow"], timeout=20)
        # The submenu: the "Traceshark" that is a line of its own, not the "Traceshark Follow" item.
        boxes["Traceshark"] = word_alone(found, "Traceshark")
        if first:
            check(boxes["Traceshark Follow"], "the Statistics menu has a Traceshark Follow entry")
        if item == "Traceshark Follow":
            return click_box(boxes["Traceshark Follow"])
        if not check(boxes["Traceshark"], "the Statistics menu has a Traceshark entry"):
            return None
        if first:
            check(not [t for t in found if t[0].lower().startswith("traceshark/")],
                  "no stats tree name became a menu path of its own (a '/' in a name opens a submenu)")
        x, y, w, h = boxes["Traceshark"]
        gui_ocr.click(display, x + w // 2, y + h // 2)
        names = ["Processes", "Process Activity", "Process Connections"] if first else [item]
        boxes, _ = gui_ocr.wait_for(display, shot("traceshark-menu"), names, timeout=20)
        if first:
            check(all(boxes.values()),
                  f"Statistics > Traceshark lists Processes, Process Activity and Process Connections ({boxes})")
        if not boxes[item]:
            return None
        return click_box(boxes[item])

    def click_box(box):
        if not box:
            return None
        x, y, w, h = box
        gui_ocr.click(display, x + w // 2, y + h // 2)
        return box

    t0 = time.time()
    if open_tree("Process Activity", True):
        boxes, _ = gui_ocr.wait_for(display, shot("process-activity"), ["file operations"], timeout=30)
        check(boxes["file operations"], "the Process Activity dialog shows the per-process totals (file operations)")
    print(f"Process Activity dialog: {time.time() - t0:.0f} s")
    t0 = time.time()
    if open_tree("Process Connections", False):
        # The PML frames' connections (curl.exe's UDP flow and TCP connection): a node per socket, its events and
        # the bytes of its sends and receives. The dialog may open partly off the window: words at its left.
        boxes, _ = gui_ocr.wait_for(display, shot("process-connections"), ["curl.exe", "events", "bytes received"],
                                    timeout=30)
        check(all(boxes.values()),
              f"the Process Connections dialog shows curl.exe's sockets, their events and bytes ({boxes})")
    print(f"Process Connections dialog: {time.time() - t0:.0f} s")
    t0 = time.time()
    if open_tree("Traceshark Follow", False):
        # The follow table: its display filter names the PML log's in.txt, whose CreateFile, ReadFile (1234 bytes)
        # and CloseFile the log's CSV export lists.
        # It opens where the earlier dialogs did, partly off the window: moved into view, over them.
        time.sleep(3)
        subprocess.run(["xdotool", "search", "--name", "Traceshark Follow", "windowmove", "%@", "300", "150"],
                       env={**os.environ, "DISPLAY": display}, check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        time.sleep(1)
        _, found = gui_ocr.wait_for(display, shot("follow-empty"), ["Display filter:"], timeout=30)
        # Its own field: the dialog on top, the one "Display filter:" label left of the others' (moved to x=300).
        labels = [(x, y, w, h) for i, (t, x, y, w, h) in enumerate(found[:-1])
                  if t == "Display" and found[i + 1][0].startswith("filter")]
        label = min(labels, default=None, key=lambda b: abs(b[0] - 300))
        if check(label, f"the Traceshark Follow dialog has its display filter field ({labels})"):
            x, y, w, h = label
            gui_ocr.click(display, x + w + 120, y + h // 2)
            gui_ocr.xdo(display, "type", "--delay", 20, 'activity.path contains "in.txt"')
            gui_ocr.xdo(display, "key", "Return")
            boxes, _ = gui_ocr.wait_for(display, shot("follow"), ["file open", "file read", "1234"], timeout=30)
            check(all(boxes.values()), f"the Traceshark Follow dialog lists in.txt's open and its 1234-byte read ({boxes})")
    print(f"Traceshark Follow dialog: {time.time() - t0:.0f} s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reader", required=True)
    ap.add_argument("--dissector", required=True)
    ap.add_argument("--profile", required=True)
    ap.add_argument("--linux", required=True, help="a trace.dat fixture with process events")
    ap.add_argument("--pml", required=True, help="a PML fixture with file/registry/network activity")
    ap.add_argument("--etl", required=True, help="an ETL fixture (tests/etl's writer)")
    ap.add_argument("--screenshot", required=True, help="where to keep the screenshot (PNG)")
    a = ap.parse_args()
    for tool in ("Xvfb", "wireshark", "import", "convert", "tshark", "editcap", "mergecap"):
        if not shutil.which(tool):
            print(f"skipped: {tool} not found")
            return SKIP

    rules = parse_colorfilters(os.path.join(a.profile, "colorfilters"))
    check(len(rules) >= 12, f"{len(rules)} colouring rules")
    bgs = [r[2] for r in rules]
    check(len(set(bgs)) == len(bgs), "every rule has its own background colour")
    check(all(luminance(r[2]) >= 170 and luminance(r[3]) <= 60 for r in rules),
          "every rule: light background, dark text")

    root = tempfile.mkdtemp(prefix="traceshark-gui-")
    xvfb = ws = None
    try:
        os.chmod(root, 0o755)
        env = Env(root, "home", [("wiretap", a.reader), ("epan", a.dissector)])
        shutil.copytree(a.profile, os.path.join(env.home, ".config/wireshark/profiles/Traceshark"))
        write_recent(env.home)
        work = os.path.join(root, "work")
        os.makedirs(work)
        for name, src in (("linux.dat", a.linux), ("fixture.PML", a.pml), ("fixture.etl", a.etl)):
            shutil.copy(src, os.path.join(work, name))
        linux, pml, etl = (os.path.join(work, n) for n in ("linux.dat", "fixture.PML", "fixture.etl"))
        if os.geteuid() == 0:
            for d, _, files in os.walk(root):
                for p in [d] + [os.path.join(d, f) for f in files]:
                    os.chown(p, NOBODY, NOBODY)

        capture, nframes = build_capture(env, work, linux, pml, etl)
        if os.geteuid() == 0:
            os.chown(capture, NOBODY, NOBODY)
        check(20 <= nframes <= 40, f"test capture: {nframes} frames (all on screen at once)")

        # Every rule compiles, on each kind of input; which frames of the test capture each rule matches.
        matches = []
        for name, flt, _, _ in rules:
            for cap in (linux, pml, etl):
                got, err = frames_matching(env, cap, flt)
                check(got is not None and err == "", f"rule {name!r} compiles on {os.path.basename(cap)} {err[:200]}")
            got, err = frames_matching(env, capture, flt)
            matches.append(set(got or []))
        expected = []  # per frame: index of the first rule that matches, or None
        for frame in range(1, nframes + 1):
            expected.append(next((i for i, m in enumerate(matches) if frame in m), None))
        shown = {i for i in expected if i is not None}
        print("expected rows:", [rules[i][0] if i is not None else "-" for i in expected])
        wanted = ["Problems", "Failed", "Process start", "Process exit", "File", "Registry", "Network activity",
                  "Scheduler", "System calls", "ETW kernel", "ETW events without", "ETW provider"]
        for w in wanted:
            check(any(rules[i][0].startswith(w) for i in shown), f"the test capture has rows for rule '{w}...'")

        xvfb, display = start_xvfb(work)
        run_dir = os.path.join(root, "run")
        os.makedirs(run_dir, mode=0o700)
        if os.geteuid() == 0:
            os.chown(run_dir, NOBODY, NOBODY)
        prefix = ["env", "-i", "PATH=/usr/bin:/bin", f"HOME={env.home}", "LC_ALL=C.UTF-8", f"DISPLAY={display}",
                  f"XDG_RUNTIME_DIR={run_dir}", f"WIRESHARK_PLUGIN_DIR={env.no_global_plugins}",
                  "QT_QPA_PLATFORM=xcb", "QT_SCALE_FACTOR=1", "QT_AUTO_SCREEN_SCALE_FACTOR=0"] + sanitizer_env()
        if os.geteuid() == 0:
            prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] + prefix
        ws_log = open(os.path.join(work, "wireshark.log"), "w")
        # Only the packet list (no details, no bytes), no minimap, no update check; -geometry (Qt's) last.
        ws = subprocess.Popen(prefix + ["wireshark", "-o", "gui.layout_content_2:NONE", "-o", "gui.layout_content_3:NONE",
                                        "-o", "gui.packet_list_show_minimap:FALSE", "-o", "gui.update.enabled:FALSE",
                                        "-C", "Traceshark", "-r", capture, "-geometry", f"{WIDTH}x{HEIGHT}+0+0"],
                              stdout=ws_log, stderr=subprocess.STDOUT)
        shot = os.path.join(work, "shot.png")
        highlight = None
        screen = None
        deadline = time.time() + 90
        previous = None
        # Wait until the list is drawn and stable: two identical screenshots showing colour-rule rows.
        while time.time() < deadline:
            time.sleep(2)
            if ws.poll() is not None:
                break
            screenshot(display, shot)
            data = open(shot, "rb").read()
            s = Screen(shot)
            if data == previous and any(s.count(bgs[i], 0, s.h, 0, s.w) > 1000 for i in shown):
                screen = s
                break
            previous = data
        os.makedirs(os.path.dirname(os.path.abspath(a.screenshot)), exist_ok=True)
        if os.path.exists(shot):
            shutil.copy(shot, a.screenshot)
            print(f"screenshot: {os.path.abspath(a.screenshot)}")
        if not check(screen is not None, "wireshark showed the capture with coloured rows within 90 s"):
            ws_log.flush()
            print(open(os.path.join(work, "wireshark.log"), errors="replace").read()[-3000:])
            return 1

        # The packet list: rows are scanline bands; the selected first row (one row, the highlight colour)
        # gives the top and the height of a row.
        rule_of = {bg: i for i, bg in enumerate(bgs)}
        bands = []  # [colour, y0, y1]
        for y in range(screen.h):
            c, n = dominant(screen.line(y))
            if n < 0.5 * screen.w:
                c = None
            if bands and bands[-1][0] == c:
                bands[-1][2] = y + 1
            else:
                bands.append([c, y, y + 1])
        colored = [b for b in bands if b[0] in rule_of and b[2] - b[1] >= 10]  # rows, not window chrome
        check(bool(colored), "the screenshot has rows in rule colours")
        first_colored = colored[0][1] if colored else 0
        # The band just above the first rule-coloured row is the selected row 1 (when frame 1 is coloured).
        above = [b for b in bands if b[2] == first_colored]
        sel = above[0] if above else None
        if not check(sel is not None and sel[0] is not None and sel[0] not in rule_of and 12 <= sel[2] - sel[1] <= 40,
                     f"selected first row found above the coloured rows: {sel}"):
            return 1
        highlight, top, row_h = sel[0], sel[1], sel[2] - sel[1]
        print(f"packet list: rows from y={top}, {row_h} px each, selection colour {highlight}")
        got = []
        for r in range(nframes):
            y0 = top + r * row_h
            mid = screen.line(y0 + row_h // 2)
            c, n = dominant(screen.line(y0 + 1) + mid + screen.line(y0 + row_h - 2))
            got.append(rule_of.get(c) if n >= 0.5 * 3 * screen.w else "?")
        names = [rules[i][0] if isinstance(i, int) else str(i) for i in got]
        print("rows on screen:", names)
        mismatch = [(r + 1, rules[e][0] if e is not None else None, names[r])
                    for r, e in enumerate(expected) if r > 0 and got[r] != e]
        check(not mismatch, f"rows 2..{nframes}: background == the first rule tshark matches ({mismatch[:6]})")
        below = top + nframes * row_h
        check(all(rule_of.get(dominant(screen.line(y))[0]) is None for y in range(below, min(below + 3 * row_h, screen.h))),
              "no rule colour below the last frame")

        # Pixel counts: rows x row height x list width, less what the text covers (at most 40 %).
        list_w = screen.w
        for i in sorted(shown):
            n = sum(1 for r, e in enumerate(expected) if e == i and r > 0)
            px = screen.count(bgs[i], top + row_h, top + nframes * row_h, 0, list_w)
            full = n * row_h * list_w
            check(0.65 * full <= px <= full, f"rule {rules[i][0]!r}: {px} pixels of {bgs[i]} for {n} rows "
                                            f"({full} if no text)")
        check(len(shown) >= 6, f"{len(shown)} rules on screen")
        statistics_menu_checks(display, os.path.splitext(os.path.abspath(a.screenshot))[0])
    finally:
        if ws and ws.poll() is None:
            ws.terminate()
            try:
                ws.wait(10)
            except subprocess.TimeoutExpired:
                ws.kill()
        if xvfb:
            xvfb.terminate()
            xvfb.wait(10)
        shutil.rmtree(root, ignore_errors=True)

    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
