#!/bin/bash
# tools/traceshark-record on this machine, then the tracking engine on what it recorded (traceshark-dump
# --processes): a child that runs `sh -c 'exit 5'` must show up under the recorder with its exec and exit code 5,
# and a forked child renamed with prctl must keep its new name and exit code. Skipped (77) without root, tracefs
# or trace-cmd.
set -u
RECORD=$1 DUMP=$2
[ "$(id -u)" -eq 0 ] && command -v trace-cmd >/dev/null || { echo "needs root and trace-cmd: skipped"; exit 77; }
[ -e /sys/kernel/tracing/trace ] || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || { echo "no tracefs: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$RECORD" -o "$work/rec.dat" -- python3 -c '
import ctypes, os, subprocess
subprocess.run(["/bin/sh", "-c", "exit 5"])
pid = os.fork()
if pid == 0:
    ctypes.CDLL(None).prctl(15, b"ts-renamed", 0, 0, 0)
    os._exit(9)
os.waitpid(pid, 0)
' 2>"$work/err" || { cat "$work/err"; echo "FAIL: traceshark-record"; exit 1; }
"$DUMP" --processes "$work/rec.dat" > "$work/tree" || { echo "FAIL: traceshark-dump --processes"; exit 1; }
cat "$work/tree"
failed=0
grep -Eq '^ +[0-9]+ sh .*exec /(usr/)?bin/sh exit 5 ' "$work/tree" || { echo "FAIL: no sh child with exec /bin/sh and exit 5"; failed=1; }
grep -Eq '^ +[0-9]+ ts-renamed .*exit 9 ' "$work/tree" || { echo "FAIL: no forked child named ts-renamed with exit 9"; failed=1; }
# both are children (deeper indentation) of the python3 process
parent=$(grep -E '^ +[0-9]+ python3' "$work/tree" | head -1 | sed -E 's/^( *).*/\1/' | wc -c)
child=$(grep -E 'ts-renamed' "$work/tree" | head -1 | sed -E 's/^( *).*/\1/' | wc -c)
[ "$parent" -gt 0 ] && [ "$child" -eq $((parent + 2)) ] || { echo "FAIL: ts-renamed is not a child of python3"; failed=1; }
[ $failed = 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $failed
