#!/bin/bash
# Runs each libFuzzer target for a while from the project's own seeds: run-fuzzers.sh BUILDDIR SECONDS
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:?build dir}
SECONDS_EACH=${2:-60}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/file" "$WORK/page"
cp "$ROOT"/tests/fixtures/tracecmd/minimal-*.dat "$WORK/file/"
# Page seeds: the first pages of a recorded v6 capture's CPU data.
python3 "$ROOT/fuzz/extract_pages.py" "$ROOT/tests/fixtures/tracecmd/v6.dat" "$WORK/page" 32
# libtraceevent leaks on some malformed formats; leaks are not what these runs look for.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# Inputs that once crashed (named after what they found) must not crash again.
"$BUILD/fuzz/fuzz_tracecmd_file" "$ROOT"/fuzz/regressions/tracecmd-file-* 2>&1 | tail -n 1
"$BUILD/fuzz/fuzz_tracecmd_file" -max_total_time="$SECONDS_EACH" -max_len=131072 -timeout=20 -rss_limit_mb=2048 \
  -print_final_stats=1 "$WORK/file" 2>&1 | tail -n 12
"$BUILD/fuzz/fuzz_tracecmd_render" -max_total_time="$SECONDS_EACH" -max_len=131072 -timeout=20 -rss_limit_mb=2048 \
  -print_final_stats=1 "$WORK/file" 2>&1 | tail -n 12
"$BUILD/fuzz/fuzz_page_decoder" -max_total_time="$SECONDS_EACH" -max_len=8192 -print_final_stats=1 "$WORK/page" 2>&1 | tail -n 12
echo "fuzzing: no crash in ${SECONDS_EACH}s per target"
