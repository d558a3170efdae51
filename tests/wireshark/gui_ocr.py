"""Reading the Wireshark GUI back under Xvfb: screenshots of the main window's part of the screen, the words
tesseract reads in them with their boxes, and clicks with xdotool. Shared by the GUI suites (tests/wireshark/
test_gui.py, tests/extcap/test_extcap_gui.py)."""
import os
import string
import subprocess
import time

from test_gui import Screen, WIDTH, HEIGHT  # noqa: E402


def shoot(display, path):
    subprocess.run(["import", "-display", display, "-window", "root", "-crop", f"{WIDTH}x{HEIGHT}+0+0", "+repage",
                    path], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def words(png, scale=2, crop=None):
    """[(text, x, y, w, h)] of the words tesseract reads in a screenshot, scaled up (small GUI text reads better),
    optionally in a part of it only (crop = (x, y, w, h)); boxes in screen coordinates."""
    big = png + ".ocr.png"
    ox, oy = 0, 0
    args = ["convert", png]
    if crop:
        ox, oy = crop[0], crop[1]
        args += ["-crop", f"{crop[2]}x{crop[3]}+{crop[0]}+{crop[1]}", "+repage"]
    subprocess.run(args + ["-resize", f"{scale * 100}%", "-colorspace", "gray", big], check=True)
    # One thread: tesseract's OpenMP threads make it 3 to 5 times slower on these screenshots (21-33 s against
    # 6-7 s a page on this 2-core machine).
    out = subprocess.run(["tesseract", big, "-", "tsv"], capture_output=True, text=True,
                         env={**os.environ, "OMP_THREAD_LIMIT": "1"}).stdout
    os.unlink(big)
    found = []
    for line in out.splitlines()[1:]:
        f = line.split("\t")
        if len(f) == 12 and f[11].strip():
            x, y, w, h = (int(v) // scale for v in f[6:10])
            found.append((f[11].strip(), x + ox, y + oy, w, h))
    return found


def find_phrase(found, phrase):
    """The box (x, y, w, h) of the first word of `phrase` where its words follow each other on one line."""
    def norm(w):  # punctuation around a word, and a text cursor before it, read as part of it
        return w.lower().strip(string.punctuation)
    want = phrase.split()
    for i in range(len(found) - len(want) + 1):
        run = found[i:i + len(want)]
        if all(norm(w) == norm(r[0]) for w, r in zip(want, run)) and all(abs(r[2] - run[0][2]) < 8 for r in run):
            return run[0][1:]
    return None


def wait_for(display, path, phrases, timeout=60):
    """Screenshots until every phrase is on screen; ({phrase: box or None}, words) of the last one."""
    end = time.time() + timeout
    while True:
        shoot(display, path)
        found = words(path)
        boxes = {p: find_phrase(found, p) for p in phrases}
        if all(boxes.values()) or time.time() > end:
            return boxes, found
        time.sleep(1)


def xdo(display, *args):
    subprocess.run(["xdotool"] + [str(a) for a in args], env={**os.environ, "DISPLAY": display}, check=True)


def click(display, x, y, double=False):
    xdo(display, "mousemove", x, y)
    time.sleep(0.2)
    if double:
        xdo(display, "click", "--repeat", 2, "--delay", 80, 1)
    else:
        xdo(display, "click", 1)


def dark_pixels(png, x0, x1, y0, y1):
    s = Screen(png)
    return sum(1 for y in range(max(0, y0), min(s.h, y1)) for p in s.line(y, max(0, x0), min(s.w, x1))
               if sum(p) < 300)
