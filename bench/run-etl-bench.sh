#!/bin/bash
# ETL decoding speed and memory, ratios measured in the same run: bench/run-etl-bench.sh [FILE.etl ...]
# (default: the largest corpus ETLs and the diaghub 4-file set)
#  (1) per file: iterate / full decode / decode + render (bench_iterate_etl) in events/s and MB/s, and
#      traceshark-dump FILE > /dev/null;
#  (2) airbus-cert's etl-parser (Python) on ShutdownPerfDiagLogger.etl: etl2xml, which parses every record and
#      decodes the kernel MOF payloads, against our decode + render and our dump of the same file. Needs a
#      checkout (ETL_PARSER=/path/to/etl-parser, e.g. `git clone https://github.com/airbus-cert/etl-parser`) and
#      Debian's python3-construct, run with the system python (PYTHON=/usr/bin/python3 by default);
#  (3) memory: RssAnon after opening and at its peak while decoding every event, per file, beside the file size.
# Times are the best of RUNS (default 5). Fails only when a run fails.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
RUNS=${RUNS:-5}
CORPUS=${CORPUS:-$ROOT/../shared/corpus/etl}
[ -d "$BUILD" ] || meson setup "$BUILD" "$ROOT" -Dbench=true -Dbuildtype=release >/dev/null
ninja -C "$BUILD" bench/bench_iterate_etl tools/traceshark-dump/traceshark-dump >/dev/null
B=$BUILD/bench/bench_iterate_etl
DUMP=$BUILD/tools/traceshark-dump/traceshark-dump

if [ $# -gt 0 ]; then
  sets=("$@")
else
  sets=()
  for f in net.4.5.2.x64.etl net.4.5.2.x86.etl ShutdownPerfDiagLogger.etl BondEtwSample.etl Process.etl \
           KernelNetwork.etl; do
    [ -f "$CORPUS/$f" ] && sets+=("$CORPUS/$f")
  done
  [ -d "$CORPUS/perfview-diaghub" ] && sets+=("$(ls "$CORPUS"/perfview-diaghub/*.etl | tr '\n' ' ')")
  [ ${#sets[@]} -gt 0 ] || { echo "no corpus at $CORPUS: name ETL files" >&2; exit 2; }
fi

# The fastest of RUNS runs of bench_iterate_etl: its whole output line (field 3 is seconds).
best_line() { for _ in $(seq "$RUNS"); do "$B" "$@"; done | sort -t, -k2 -g | head -1; }
secs() { sed -E 's/^[0-9]+ events, ([0-9.]+) s.*/\1/'; }
evs() { sed -E 's/^.* s, ([0-9]+) events\/s, ([0-9.]+) MB\/s.*/\1 ev\/s, \2 MB\/s/'; }
wall() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
best_wall() { for _ in $(seq "$RUNS"); do wall "$@"; done | sort -g | head -1; }

echo "== (1) throughput (best of $RUNS)"
printf '%-34s %8s %9s | %-28s | %-28s | %-28s | %s\n' file MB events iterate decode "decode+render" dump
for s in "${sets[@]}"; do
  # shellcheck disable=SC2086
  set -- $s
  for f in "$@"; do cat "$f" >/dev/null; done
  it=$(best_line "$@"); de=$(best_line --decode "$@"); re=$(best_line --render "$@")
  n=${it%% events*}
  mb=$(du -cb "$@" | tail -1 | cut -f1)
  name=$(basename "$1"); [ $# -gt 1 ] && name="$name +$(( $# - 1 )) files"
  printf '%-34s %8.1f %9s | %-28s | %-28s | %-28s | %ss\n' "$name" "$(echo "$mb / 1048576" | bc -l)" "$n" \
    "$(echo "$it" | evs)" "$(echo "$de" | evs)" "$(echo "$re" | evs)" "$(best_wall "$DUMP" "$@")"
done

echo "== (2) against airbus-cert etl-parser"
PYTHON=${PYTHON:-/usr/bin/python3}
SPDL=$CORPUS/ShutdownPerfDiagLogger.etl
if [ -n "${ETL_PARSER:-}" ] && [ -f "$SPDL" ] && PYTHONPATH="$ETL_PARSER" "$PYTHON" -c "import etl, construct" 2>/dev/null; then
  out=$(mktemp); trap 'rm -f "$out"' EXIT
  s=$(date +%s.%N); PYTHONPATH="$ETL_PARSER" "$PYTHON" "$ETL_PARSER/bin/etl2xml" -i "$SPDL" -o "$out" >/dev/null 2>&1
  e=$(date +%s.%N); py=$(echo "$e - $s" | bc)
  pyev=$(grep -o '<event' "$out" | wc -l)
  ours=$(best_line --render "$SPDL"); ours_s=$(echo "$ours" | secs)
  dump_s=$(best_wall "$DUMP" "$SPDL")
  echo "etl-parser etl2xml: ${py} s for ${pyev} events ($(echo "$pyev / $py" | bc) ev/s)"
  echo "traceshark decode+render: ${ours_s} s ($(echo "$ours" | evs)): $(echo "scale=0; $py / $ours_s" | bc)x faster"
  echo "traceshark-dump (process start to exit): ${dump_s} s: $(echo "scale=0; $py / $dump_s" | bc)x faster"
else
  echo "(etl-parser not run: set ETL_PARSER to a checkout of airbus-cert/etl-parser; needs python3-construct)"
fi

echo "== (3) memory while decoding every event (RssAnon; the files are mapped, so they count as RssFile)"
for s in "${sets[@]}"; do
  # shellcheck disable=SC2086
  set -- $s
  line=$("$B" --render --mem "$@")
  printf '%-34s %8.1f MB file: %s\n' "$(basename "$1")" "$(echo "$(du -cb "$@" | tail -1 | cut -f1) / 1048576" | bc -l)" \
    "$(echo "$line" | sed -E 's/.*RssAnon //')"
done
