#!/bin/bash
# PML decoding speed: bench/run-pml-bench.sh [PML]  (default: the largest corpus log, decompressed)
#  (1) full decode (stacks + details) in events/s and MB/s; procmon-parser (Python) in the same run when it is
#      importable (PROCMON_PARSER=/path/to/procmon-parser checkout; Debian's python3-construct and python3-six,
#      run with the system python, PYTHON=/usr/bin/python3 by default);
#  (2) traceshark-dump --csv vs the same;
#  (3) tshark -r on the PML vs on the same events converted to pcapng (time per event).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
WORK=${WORK:-/tmp/traceshark-bench}
mkdir -p "$WORK"
PML=${1:-}
if [ -z "$PML" ]; then
  PML=$WORK/LogfileTests64bitUTC.PML
  [ -f "$PML" ] || python3 -c "import zlib,sys;sys.stdout.buffer.write(zlib.decompress(open(sys.argv[1],'rb').read()))" \
    "$ROOT/../shared/corpus/pml/zlib/CompressedLogfileTests64bitUTCPML" > "$PML"
fi
[ -d "$BUILD" ] || meson setup "$BUILD" "$ROOT" -Dbench=true -Dwireshark=enabled -Dbuildtype=release >/dev/null
ninja -C "$BUILD" >/dev/null
best() { sort -n | head -1; }
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }

echo "== (1) full decode of $(basename "$PML")"
for i in 1 2 3; do "$BUILD/bench/bench_decode_procmon" "$PML"; done
PYTHON=${PYTHON:-/usr/bin/python3}
if [ -n "${PROCMON_PARSER:-}" ] && PYTHONPATH="$PROCMON_PARSER" "$PYTHON" -c "import procmon_parser" 2>/dev/null; then
  py=$(for i in 1 2; do t "$PYTHON" -c "
import sys; sys.path.insert(0, '$PROCMON_PARSER')
from procmon_parser import ProcmonLogsReader
n = sum(1 for _ in ProcmonLogsReader(open('$PML', 'rb'), should_get_stacktrace=True, should_get_details=True))
"; done | best)
  ours=$(for i in 1 2 3; do t "$BUILD/bench/bench_decode_procmon" "$PML"; done | best)
  echo "procmon-parser ${py}s, traceshark ${ours}s: $(echo "scale=1; $py / $ours" | bc)x faster"
else
  echo "(procmon-parser not importable: set PROCMON_PARSER to a checkout, with python3-construct installed)"
fi
echo "== (2) traceshark-dump --csv"
echo "$(for i in 1 2 3; do t "$BUILD/tools/traceshark-dump/traceshark-dump" --csv "$PML"; done | best)s"
echo "== (3) tshark -r: PML vs pcapng of the same events"
H=$WORK/pml-home
WS_RELEASE=$(tshark --version | sed -n '1s/^TShark (Wireshark) \([0-9]*\.[0-9]*\)\..*/\1/p')  # 4.0, 4.4: plugin dir name
mkdir -p "$H/.local/lib/wireshark/plugins/$WS_RELEASE/wiretap" "$H/.local/lib/wireshark/plugins/$WS_RELEASE/epan" "$H/none"
cp "$BUILD/wireshark-integration/traceshark-tracedat.so" "$H/.local/lib/wireshark/plugins/$WS_RELEASE/wiretap/"
cp "$BUILD/wireshark-integration/traceshark.so" "$H/.local/lib/wireshark/plugins/$WS_RELEASE/epan/"
chmod -R a+rwX "$H" "$WORK"
# Wireshark ignores personal plugins when run as root: run the tools as nobody then.
SU=(); [ "$(id -u)" = 0 ] && SU=(setpriv --reuid=65534 --regid=65534 --clear-groups)
ts() { "${SU[@]}" env -i PATH=/usr/bin:/bin HOME="$H" WIRESHARK_PLUGIN_DIR="$H/none" "$@"; }
rm -f "$WORK/pml.pcapng"; chmod a+r "$PML"
ts editcap -F pcapng "$PML" "$WORK/pml.pcapng"
n=$(ts capinfos -c -M "$PML" | awk '/Number of packets/ {print $NF}')
a=$(for i in 1 2 3; do t ts tshark -r "$PML"; done | best)
b=$(for i in 1 2 3; do t ts tshark -r "$WORK/pml.pcapng"; done | best)
echo "$n events: PML ${a}s ($(echo "scale=2; $a * 1000000 / $n" | bc) us/event), pcapng ${b}s ($(echo "scale=2; $b * 1000000 / $n" | bc) us/event), ratio $(echo "scale=2; $a / $b" | bc)"
c=$(for i in 1 2 3; do t ts tshark -o traceshark.tracking:FALSE -r "$PML"; done | best)
echo "tracking (process, file, registry, network): PML ${a}s with, ${c}s without: $(echo "scale=2; $a / $c" | bc)x"
