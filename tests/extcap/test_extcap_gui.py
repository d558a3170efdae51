#!/usr/bin/env python3
"""The ftrace extcap in the real Wireshark GUI (Qt, under Xvfb), as a user meets it: Wireshark runs as an
unprivileged user with the plugins in a throw-away HOME and a setuid-root copy of the extcap in
WIRESHARK_EXTCAP_DIR; the screen is read back with tesseract (words and their boxes) and clicked with xdotool.

Checks:
  * the welcome page's interface list shows an existing instance as "ftrace instance NAME as set up", and
    "Linux ftrace events (Traceshark): ftrace" with the gear of an
    interface that has options;
  * the gear opens the interface options dialog: the five presets and a preset file of the user's, the trace clock, the command and instance
    options are there; "Restore Defaults" ticks the processes preset (the tick's pixels in its check box);
  * "Save", then a double click on the interface starts a live capture: a process named ts-gui-probe started
    meanwhile shows up in the packet list, filtered live with `process.name == "ts-gui-probe"` in the display
    filter bar, and the status bar shows the extcap's control-pipe message "ftrace: N events, 0 lost by the kernel";
  * the toolbar's stop button ends the capture and tracefs is as before it (the extcap removed its instance).
Screenshots of each step are kept (--screenshots DIR); exit 77 (skipped) without root, tracefs, Xvfb, wireshark,
ImageMagick, tesseract or xdotool.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "wireshark"))
import test_tshark as tt  # noqa: E402
from test_gui import Screen, WIDTH, HEIGHT, start_xvfb, write_recent  # noqa: E402
from gui_ocr import click, dark_pixels, shoot, wait_for, words, xdo  # noqa: E402
from test_extcap import TRACING, Oracle, allocate_top_buffer, extcap_instances, install_setuid_extcap, tracefs_state, wait_for_state  # noqa: E402

SKIP = 77
check = tt.check


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--extcap", required=True)
    ap.add_argument("--reader", required=True)
    ap.add_argument("--dissector", required=True)
    ap.add_argument("--screenshots", required=True)
    a = ap.parse_args()
    if os.geteuid() != 0 or not os.path.isdir(f"{TRACING}/events"):
        print("skip: needs root and tracefs")
        return SKIP
    for tool in ("Xvfb", "wireshark", "import", "convert", "tesseract", "xdotool"):
        if not shutil.which(tool):
            print(f"skip: no {tool}")
            return SKIP
    os.makedirs(a.screenshots, exist_ok=True)
    shot = lambda name: os.path.join(a.screenshots, f"extcap-gui-{name}.png")  # noqa: E731

    root = tempfile.mkdtemp(prefix="traceshark-extcap-gui-")
    xvfb = ws = flight = None
    try:
        os.chmod(root, 0o755)
        env = tt.Env(root, "home", [("wiretap", a.reader), ("epan", a.dissector)])
        extcap_dir, extcap = install_setuid_extcap(root, a.extcap)
        write_recent(env.home)
        # A preset file of the user's own, where the extcap looks by default (~/.config/traceshark/presets).
        preset_dir = os.path.join(env.home, ".config", "traceshark", "presets")
        os.makedirs(preset_dir)
        with open(os.path.join(preset_dir, "exits.preset"), "w") as f:
            f.write("description: My own exits preset\nsched:sched_process_exit\n")
        run_dir = os.path.join(root, "run")
        os.makedirs(run_dir, mode=0o700)
        for d, _, files in os.walk(root):
            for p in [d] + [os.path.join(d, f) for f in files]:
                if p != extcap:
                    os.chown(p, tt.NOBODY, tt.NOBODY)
        allocate_top_buffer()
        # An instance another tool set up: listed as an interface of its own (ftrace-NAME).
        flight = Oracle("tsguiflight")
        flight.start(["sched:sched_process_exit"])
        state0 = tracefs_state()
        before = extcap_instances()

        xvfb, display = start_xvfb(root)
        prefix = ["setpriv", f"--reuid={tt.NOBODY}", f"--regid={tt.NOBODY}", "--clear-groups",
                  "env", "-i", "PATH=/usr/bin:/bin", f"HOME={env.home}", "LC_ALL=C.UTF-8", f"DISPLAY={display}",
                  f"XDG_RUNTIME_DIR={run_dir}", f"WIRESHARK_PLUGIN_DIR={env.no_global_plugins}",
                  f"WIRESHARK_EXTCAP_DIR={extcap_dir}", "QT_QPA_PLATFORM=xcb", "QT_SCALE_FACTOR=1",
                  "QT_AUTO_SCREEN_SCALE_FACTOR=0"] + tt.sanitizer_env("fast_unwind_on_malloc=0")
        ws_log = open(os.path.join(root, "wireshark.log"), "w")
        ws = subprocess.Popen(prefix + ["wireshark", "-o", "gui.update.enabled:FALSE",
                                        "-geometry", f"{WIDTH}x{HEIGHT}+0+0"], stdout=ws_log, stderr=subprocess.STDOUT)

        # 1. The interface list.
        flight_row = "ftrace instance tsguiflight as set up"
        boxes, _ = wait_for(display, shot("1-welcome"), ["Linux ftrace events (Traceshark): ftrace", flight_row],
                            timeout=90)
        row = boxes["Linux ftrace events (Traceshark): ftrace"]
        check(boxes[flight_row] is not None, f"the welcome page lists the instance tsguiflight ({boxes[flight_row]})")
        if not check(row is not None, f"the welcome page lists 'Linux ftrace events (Traceshark): ftrace' ({row})"):
            return tt.exit_status() or 1
        x, y, w, h = row
        gear = dark_pixels(shot("1-welcome"), x - 30, x - 8, y - 4, y + h + 4)
        check(gear > 20, f"the interface has the options gear left of its name ({gear} dark pixels)")

        # 2. The options dialog.
        click(display, x - 19, y + h // 2)
        # The presets as the extcap offers them (their first three words: the dialog cuts long ones off).
        cfg = subprocess.run([a.extcap, "--extcap-interface", "ftrace", "--extcap-config"], capture_output=True,
                             text=True, check=True,
                             env={**{k: v for k, v in os.environ.items() if k != "XDG_CONFIG_HOME"}, "HOME": env.home}).stdout
        presets = [" ".join(d.split()[:3]) for d in re.findall(r"^value \{arg=0\}.*?\{display=([^}]*)\}", cfg, re.M)]
        check(len(presets) == 6 and presets[-1] == "My own exits",
              f"the extcap offers five presets and the user's preset file ({presets})")
        labels = presets + ["Trace clock", "Command to run", "Instance name", "Restore Defaults"]
        boxes, found = wait_for(display, shot("2-options"), labels, timeout=30)
        for label in labels:
            check(boxes[label] is not None, f"the options dialog shows '{label}'")
        if boxes["Restore Defaults"] and boxes[presets[0]]:
            rx, ry, rw, rh = boxes["Restore Defaults"]
            click(display, rx + 20, ry + rh // 2)
            time.sleep(1.5)
            shoot(display, shot("3-defaults"))
            px, py, _, ph = boxes[presets[0]]
            fx, fy, _, fh = boxes[presets[1]]
            ticked = dark_pixels(shot("3-defaults"), px - 22, px - 4, py - 3, py + ph + 3)
            unticked = dark_pixels(shot("3-defaults"), fx - 22, fx - 4, fy - 3, fy + fh + 3)
            check(ticked > 10 and unticked < 5, f"Restore Defaults ticks the processes preset only "
                                                f"({ticked} dark pixels in its box, {unticked} in files')")
        # The Save button sits in the row of Restore Defaults; its icon and frame need a closer look.
        rx, ry, _, rh = boxes["Restore Defaults"] or (0, 0, 0, 0)
        row_words = words(shot("3-defaults"), scale=3, crop=(rx - 20, ry - 12, 700, rh + 24))
        save = [b for b in row_words if "save" in b[0].lower() and b[1] > rx + 150]  # the icon reads as "@" or so
        if not check(bool(save), f"the options dialog has a Save button ({[b[0] for b in row_words]})"):
            return tt.exit_status() or 1
        click(display, save[0][1] + save[0][3] // 2, save[0][2] + save[0][4] // 2)
        time.sleep(1.5)

        # 3. A live capture, started from the list, filtered while it runs.
        click(display, x + 40, y + h // 2, double=True)
        inst = None
        for _ in range(300):
            new = set(extcap_instances()) - set(before)
            if new:
                inst = new.pop()
                break
            time.sleep(0.1)
        check(inst is not None, f"a double click on the interface starts the extcap ({inst})")
        time.sleep(1.5)
        probe = subprocess.run([sys.executable, "-c", "import ctypes, os\n"
                                "ctypes.CDLL(None).prctl(15, b'ts-gui-probe', 0, 0, 0)\n"
                                "pid = os.fork()\n"
                                "if pid == 0:\n    os._exit(9)\n"
                                "os.waitpid(pid, 0)\nprint(os.getpid())\n"], capture_output=True, text=True, check=True)
        pid = probe.stdout.strip()
        boxes, found = wait_for(display, shot("4-live"), ["Apply a display filter"], timeout=20)
        bar = boxes["Apply a display filter"]
        if check(bar is not None, "the display filter bar is there while capturing"):
            click(display, bar[0] + 50, bar[1] + bar[3] // 2)
            xdo(display, "type", "--delay", 20, 'process.name == "ts-gui-probe"')
            xdo(display, "key", "Return")
        # Refiltering what arrived so far takes a while in a sanitizer build (and the screen reading's own processes are
        # recorded too).
        boxes, found = wait_for(display, shot("5-filtered"), ["newcomm=ts-gui-probe", "lost by the kernel"], timeout=150)
        check(boxes["newcomm=ts-gui-probe"] is not None,
              f"filtered live, the packet list shows the rename of process {pid} to ts-gui-probe")
        status = " ".join(t for t, *_ in found)
        m = re.search(r"ftrace: (\d+) events, (\d+) lost by the kernel", status)
        check(m and int(m.group(1)) > 0 and m.group(2) == "0",
              f"the status bar shows the extcap's message ({m.group(0) if m else status[-200:]!r})")

        # 4. Stop with the main toolbar's stop button: the red square, found by its colour.
        shoot(display, shot("6-stopping"))
        screen = Screen(shot("6-stopping"))
        red = [(x, y) for y in range(15, 70) for x, p in enumerate(screen.line(y, 0, 300))
               if p[0] > 170 and p[1] < 90 and p[2] < 90]
        if check(len(red) > 30, f"the stop button is in the toolbar ({len(red)} red pixels)"):
            click(display, sum(x for x, _ in red) // len(red), sum(y for _, y in red) // len(red))
        changes = wait_for_state(state0, timeout=20)
        shoot(display, shot("6-stopped"))
        check(not changes, f"the stop button ends the capture; tracefs is as before ({changes or 'no difference'})")
        ws.terminate()
        ws.wait(timeout=30)
        ws_log.flush()
        report = tt.sanitizer_report(open(os.path.join(root, "wireshark.log"), errors="replace").read())
        check(report is None, "wireshark: no sanitizer report" + (f":\n{report}" if report else ""))
        print(f"screenshots: {a.screenshots}/extcap-gui-*.png")
    finally:
        if ws and ws.poll() is None:
            ws.terminate()
            try:
                ws.wait(timeout=20)
            except subprocess.TimeoutExpired:
                ws.kill()
        if xvfb:
            xvfb.kill()
        if flight:
            flight.remove()
        shutil.rmtree(root, ignore_errors=True)
    return tt.exit_status()


if __name__ == "__main__":
    sys.exit(main())
