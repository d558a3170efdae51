#!/usr/bin/env python3
"""Wireshark release differences live only in the compat layer (wireshark-integration/include/).

Fails when a C/C++ source or header of the repository outside wireshark-integration/include/ names
WIRESHARK_VERSION_*, VERSION_MAJOR/MINOR/MICRO, the compat layer's TRACESHARK_WS_RELEASE_* switches, or has a
preprocessor conditional comparing a version-like pair (`#if ... 4, 4`, `#if X >= 4.4`). The scanner is run on
hand-written bad examples first, so that this check can fail.
"""
import os
import re
import sys

COMPAT_DIR = os.path.join("wireshark-integration", "include")
SOURCE = re.compile(r"\.(c|cc|cpp|cxx|h|hh|hpp|hxx|inc)$")
SKIP_DIRS = {".git", "subprojects"}
NAMES = re.compile(r"\b(WIRESHARK_VERSION_\w*|VERSION_(MAJOR|MINOR|MICRO)|\w+_VERSION_(MAJOR|MINOR|MICRO)|"
                   r"TRACESHARK_WS_RELEASE_\w*|WS_VERSION\w*)\b")
CONDITIONAL = re.compile(r"^\s*#\s*(if|elif)\b(?P<expr>.*)$")
VERSION_PAIR = re.compile(r"\b\d+\s*,\s*\d+\b|\b\d+\.\d+\b")


def offences(text):
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if NAMES.search(line):
            out.append((n, line.strip()))
            continue
        m = CONDITIONAL.match(line)
        if m and VERSION_PAIR.search(m["expr"]):
            out.append((n, line.strip()))
    return out


def main():
    root = sys.argv[1]
    bad = [
        "#if WIRESHARK_VERSION_MINOR >= 4\n",
        "#if VERSION_MAJOR == 4\n",
        "#if WS_VERSION_CHECK(4, 4, 0)\n",
        "  # elif SOME_CHECK(4,0)\n",
        "#ifdef TRACESHARK_WS_RELEASE_4_4\n",
    ]
    good = ["#if defined(__linux__)\n", "#include <ws_version.h>\n", "int f(int a, int b) { return g(4, 4); }\n"]
    self_test = all(offences(b) for b in bad) and not any(offences(g) for g in good)
    print(("ok" if self_test else "FAIL") + ": the scanner flags the bad examples and not the good ones")
    failures = 0 if self_test else 1
    scanned = 0
    for d, dirs, files in os.walk(root):
        rel = os.path.relpath(d, root)
        dirs[:] = [x for x in dirs if x not in SKIP_DIRS and not x.startswith("build")]
        if rel == COMPAT_DIR or rel.startswith(COMPAT_DIR + os.sep):
            continue
        for f in files:
            if not SOURCE.search(f):
                continue
            path = os.path.join(d, f)
            scanned += 1
            with open(path, errors="replace") as fh:
                for n, line in offences(fh.read()):
                    print(f"FAIL: {os.path.relpath(path, root)}:{n}: version conditional outside {COMPAT_DIR}: {line}")
                    failures += 1
    print(f"{'ok' if failures == 0 else 'FAIL'}: {scanned} sources scanned; Wireshark version conditionals only "
          f"in {COMPAT_DIR}/")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
