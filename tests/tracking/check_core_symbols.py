#!/usr/bin/env python3
"""check_core_symbols.py NM LIBRARY.a: fails when the tracking core refers to anything but itself, the C++
standard library and libc (a format library, libtraceevent, a compression library...)."""
import re
import subprocess
import sys

FOREIGN = re.compile(r"tracecmd|procmon|tep_|traceevent|kbuffer|tracefs|zstd|inflate|deflate|wireshark|wtap|"
                     r"boost|traceshark::(?!tracking::)")


def main():
    nm, library = sys.argv[1], sys.argv[2]
    out = subprocess.run([nm, "--undefined-only", "--demangle", library], check=True, capture_output=True,
                         text=True).stdout
    # Undefined symbols are listed as "                 U name" under each member's "file.o:" line.
    symbols = sorted({line.split(" U ", 1)[1].strip() for line in out.splitlines() if " U " in line})
    foreign = [s for s in symbols if FOREIGN.search(s)]
    for s in foreign:
        print("foreign symbol:", s)
    print(f"{len(symbols)} undefined symbols, {len(foreign)} outside std/libc")
    return 1 if foreign or not symbols else 0


if __name__ == "__main__":
    sys.exit(main())
