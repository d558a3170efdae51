#!/usr/bin/env python3
"""The README's "Two commands" are the ones that run, and no script calls sudo when it runs as root.

Checks:
  * the fenced block under "## Two commands" holds exactly two commands (comments aside), neither starting with
    sudo (a fresh Debian 12 run as root has no sudo: issue #16);
  * they are, in order, the commands .ci/fresh-machine runs, and the second is the one .ci/run execs;
  * every command names an executable script of the repository;
  * in every shell script of the repository (scripts/, bench/, tools/, fuzz/, tests/, .ci/), `sudo` appears only
    as the value of a variable set behind a root check on the same line (`[ "$(id -u)" -eq 0 ] || SUDO=sudo`),
    each script using $SUDO first sets it empty, and no Python script runs sudo;
  * the scanner itself flags hand-written bad examples (so this check can fail).
"""
import os
import re
import sys

FAILURES = []


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        FAILURES.append(what)
    return cond


def commands_of(lines):
    """Shell lines without comments and blank lines, trailing comments cut."""
    out = []
    for line in lines:
        line = re.sub(r"\s+#.*$", "", line).strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def readme_commands(root):
    text = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    m = re.search(r"^## Two commands\n(.*?)(?=^## )", text, re.S | re.M)
    if not m:
        return None
    block = re.search(r"^```(?:sh|bash)?\n(.*?)^```", m.group(1), re.S | re.M)
    return commands_of(block.group(1).splitlines()) if block else None


ROOT_CHECK = re.compile(r'^\s*\[\s+"\$\(id -u\)"\s+-(eq|=)\s+0\s+\]\s+\|\|\s+SUDO=sudo\s*$|'
                        r'^\s*\[\s+"\$\(id -u\)"\s+=\s+0\s+\]\s+\|\|\s+SUDO=sudo\s*$')


def sudo_problems(name, text):
    """Problems of one shell script: sudo outside `[ "$(id -u)" -eq 0 ] || SUDO=sudo`, $SUDO never set empty."""
    problems = []
    lines = text.splitlines()
    set_empty = None
    for n, raw in enumerate(lines, 1):
        line = re.sub(r"(^|\s)#.*$", "", raw)  # comments say "sudo" freely
        if re.fullmatch(r"\s*SUDO=\s*", line) and set_empty is None:
            set_empty = n
        if re.search(r"(?<![\w$])sudo\b", line) and not ROOT_CHECK.match(line):
            problems.append(f"{name}:{n}: sudo outside a root check: {raw.strip()}")
        if ROOT_CHECK.match(line) and (set_empty is None or set_empty > n):
            problems.append(f"{name}:{n}: SUDO=sudo without SUDO= (empty for root) before it")
    if re.search(r"\$\{?SUDO\b", text) and set_empty is None:
        problems.append(f"{name}: uses $SUDO but never sets it empty (as it must be for uid 0)")
    return problems


def shell_scripts(root):
    for top in ("scripts", "bench", "tools", "fuzz", "tests", ".ci"):
        for d, dirs, files in os.walk(os.path.join(root, top)):
            dirs[:] = [x for x in dirs if x not in ("__pycache__", "fixtures")]
            for f in files:
                p = os.path.join(d, f)
                try:
                    with open(p, "rb") as fh:
                        head = fh.read(64)
                except OSError:
                    continue
                if f.endswith(".sh") or re.match(rb"#!\s*/\S*(bash|/sh)\b|#!\s*/usr/bin/env\s+(bash|sh)\b", head):
                    yield p, "shell"
                elif f.endswith(".py"):
                    yield p, "python"


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../.."))

    readme = readme_commands(root)
    if not check(readme is not None, "README has a fenced block under '## Two commands'"):
        return 1
    check(len(readme) == 2, f"the block holds two commands: {readme}")
    check(all(not c.split()[0] == "sudo" for c in readme), "no README command starts with sudo")
    for c in readme:
        exe = os.path.join(root, c.split()[0])
        check(os.path.isfile(exe) and os.access(exe, os.X_OK), f"'{c}' names an executable script of the repository")

    fresh = commands_of(open(os.path.join(root, ".ci/fresh-machine")).read().splitlines())
    fresh = [c for c in fresh if not re.match(r"(set |cd )", c)]
    check(fresh == readme, f".ci/fresh-machine runs the README's commands: {fresh}")
    ci = commands_of(open(os.path.join(root, ".ci/run")).read().splitlines())
    ci = [re.sub(r"^exec\s+", "", c) for c in ci if not re.match(r"(set |cd )", c)]
    check(len(readme) == 2 and ci == readme[1:], f".ci/run runs the README's second command: {ci}")

    scanned = 0
    for path, kind in sorted(shell_scripts(root)):
        rel = os.path.relpath(path, root)
        text = open(path, encoding="utf-8", errors="replace").read()
        scanned += 1
        if kind == "shell":
            problems = sudo_problems(rel, text)
            for p in problems:
                check(False, p)
            if not problems and "sudo" in text.lower():
                print(f"ok: {rel}: sudo only behind a root check")
        elif not rel.startswith("tests/repo/"):
            check(not re.search(r"""["']sudo["']""", text), f"{rel} does not run sudo")
    check(scanned >= 8, f"scanned {scanned} scripts")

    # The scanner on hand-written examples: it must catch what issue #16 was about.
    bad = {
        "bare": "#!/bin/bash\nsudo apt-get install -y foo\n",
        "unguarded variable": "#!/bin/bash\nSUDO=sudo\n$SUDO apt-get update\n",
        "never empty": "#!/bin/bash\n[ \"$(id -u)\" -eq 0 ] || SUDO=sudo\n$SUDO apt-get update\n",
        "in a pipeline": "#!/bin/bash\nSUDO=\n[ \"$(id -u)\" -eq 0 ] || SUDO=sudo\necho x | sudo tee /etc/x\n",
    }
    for what, text in bad.items():
        check(sudo_problems(what, text) != [], f"scanner flags a script with sudo {what}")
    good = "#!/bin/bash\n# run with sudo\nSUDO=\n[ \"$(id -u)\" -eq 0 ] || SUDO=sudo\n$SUDO apt-get update\n"
    check(sudo_problems("good", good) == [], "scanner accepts SUDO= then [ \"$(id -u)\" -eq 0 ] || SUDO=sudo")

    print(f"{len(FAILURES)} failure(s)")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
