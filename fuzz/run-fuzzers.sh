#!/bin/bash
# Runs each libFuzzer target from the project's own seeds: run-fuzzers.sh BUILDDIR [SCALE]
# CI runs use a fixed seed and a fixed number of inputs per target, each target capped at LIMIT seconds
# ($FUZZ_MAX_SECONDS, default 25; SCALE multiplies both): uncapped, the slow targets took up to 270 s each and the
# stage 18 min of CI's 90 on the 2-core machines. For open-ended fuzzing run the targets yourself with
# -max_total_time.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:?build dir}
SCALE=${2:-1}
LIMIT=$(( ${FUZZ_MAX_SECONDS:-25} * SCALE ))
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/file" "$WORK/page" "$WORK/pml" "$WORK/etl" "$WORK/lz77" "$WORK/tl" "$WORK/kernel" "$WORK/man" "$WORK/tmpl" \
  "$WORK/ktc"
cp "$ROOT"/tests/fixtures/tracecmd/minimal-*.dat "$WORK/file/"
# Host + guest seeds: minimal-v6.dat with GUEST options / a TIME_SHIFT option (interpolated, stepwise, one sample).
MIN="$ROOT/tests/fixtures/tracecmd/minimal-v6.dat"
"$BUILD/fuzz/make_guest_pair_seed" --samples 3 "$MIN" "$WORK/file/host.dat" vm "$MIN" "$WORK/file/guest.dat"
"$BUILD/fuzz/make_guest_pair_seed" --no-interpolate "$MIN" /dev/null vm "$MIN" "$WORK/file/guest-step.dat"
"$BUILD/fuzz/make_guest_pair_seed" --samples 1 --no-fraction "$MIN" /dev/null vm "$MIN" "$WORK/file/guest-one.dat"
python3 "$ROOT/tests/tools/make_pml.py" "$WORK/pml/session64.PML" --truth /dev/null
python3 "$ROOT/tests/tools/make_pml.py" "$WORK/pml/session32.PML" --bits 32 --truth /dev/null
# ETL seeds: the project's test writer (64/32-bit, compressed and plain); LZ77 seeds: the same bytes.
"$BUILD/fuzz/make_etl_seed" "$WORK/etl/f64.etl" /dev/null --bits 64
"$BUILD/fuzz/make_etl_seed" "$WORK/etl/f32.etl" /dev/null --bits 32 --plain
head -c 4096 "$WORK/etl/f64.etl" > "$WORK/lz77/head"
# Payload decoder seeds: a TraceLogging schema (u16 length, blob: size, tag, "Ev", fields a:UInt32 and
# s:UnicodeString, v:UInt16 variable array) with its payload; a Process V4 Start payload (64-bit).
printf '\x16\x00\x16\x00\x00Ev\x00a\x00\x08s\x00\x01v\x00\x46st\x00\x98\x01\x07\x00\x00\x00x\x00\x00\x00\x01\x00\x05\x00' > "$WORK/tl/seed"
{ printf '\x01\x03\x04\x00'; head -c 40 /dev/zero; printf 'a.exe\x00\x00\x00\x00\x00\x00\x00'; } > "$WORK/kernel/seed"
# A FULL32 Image V0 record with an 8-byte-pointer payload (the sawbuck *_64_* shape: readings are tried), a
# PnP V5 (ClassGuid, counts, strings, filter list) and a StackWalk key definition.
{ printf '\x03\x14\x00\x03'; printf '\x00\x00\x16\x01\x00\x00\x00\x00\x00\xe0\x19\x00'; printf 'C\0:\0\\\0a\0\0\0'; } > "$WORK/kernel/seed-full32-image64"
{ printf '\x16\x0b\x05\x00'; head -c 32 /dev/zero; printf 'P\0\0\0\0\0\0\0\0\0s\0\0\0f\0\0\0'; } > "$WORK/kernel/seed-pnp-v5"
{ printf '\x24\x18\x02\x00'; head -c 8 /dev/zero; printf '\x01\x00\x00\x00\x00\x00\x00\x00'; } > "$WORK/kernel/seed-stackkey"
# Manifest seeds: the project's own sample manifest; template seeds: small payloads for both events.
cp "$ROOT/fuzz/seeds/etl-manifest-sample.man" "$WORK/man/"
printf '\x00h\x00\x00\x00ansi\x00\x01\x02' > "$WORK/tmpl/scalars"
printf '\x01\x02\x00\x00\x00\x02\x00\x01\x00\x02\x00a\x00b\x00xyzw\x01\x02\x01\x07' > "$WORK/tmpl/counted"
# KernelTraceControl seed: a TRACE_EVENT_INFO with counts, a map and a struct, its map and an event payload.
python3 "$ROOT/fuzz/make_trace_metadata_seed.py" "$WORK/ktc/seed"
# Page seeds: the first pages of a recorded v6 capture's CPU data.
python3 "$ROOT/fuzz/extract_pages.py" "$ROOT/tests/fixtures/tracecmd/v6.dat" "$WORK/page" 32
# Metadata seeds: what the plugins' encoders write (one directory per fuzz_wsmeta_* target).
"$BUILD/fuzz/make_wsmeta_seeds" "$WORK/wsmeta"
# libtraceevent leaks on some malformed formats; leaks are not what these runs look for.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# Inputs that once crashed (named after what they found) must not crash again.
"$BUILD/fuzz/fuzz_tracecmd_file" "$ROOT"/fuzz/regressions/tracecmd-file-* 2>&1 | tail -n 1
"$BUILD/fuzz/fuzz_etl_manifest" "$ROOT"/fuzz/regressions/etl-manifest-* 2>&1 | tail -n 1
# One bounded, reproducible run of a target: fuzz TARGET RUNS MAX_LEN CORPUS_DIR (RUNS before SCALE).
fuzz() {
  "$BUILD/fuzz/fuzz_$1" -seed=1 -runs=$(($2 * SCALE)) -max_len="$3" -timeout=20 -rss_limit_mb=2048 \
    -max_total_time="$LIMIT" -print_final_stats=1 "$4" 2>&1 | tail -n 12
}
fuzz tracecmd_file 50000 131072 "$WORK/file"
fuzz tracecmd_render 40000 131072 "$WORK/file"
fuzz page_decoder 3000000 8192 "$WORK/page"
fuzz procmon_file 100000 65536 "$WORK/pml"
fuzz etl_file 100000 65536 "$WORK/etl"
fuzz tracking_etl 50000 65536 "$WORK/etl"
fuzz etl_manifest 100000 16384 "$WORK/man"
fuzz etl_manifest_template 300000 4096 "$WORK/tmpl"
fuzz xca_lz77 200000 16384 "$WORK/lz77"
fuzz tracelogging 100000 4096 "$WORK/tl"
fuzz etl_trace_metadata 200000 8192 "$WORK/ktc"
fuzz kernel_decoder 300000 1024 "$WORK/kernel"
# Packet seeds: an NDIS Ethernet fragment of a UDP/IPv4 frame, and a PktMon packet of a bare IPv4/TCP header.
mkdir -p "$WORK/packet"
printf '\x00\x01\x07\x00\x00\x00\x00\x00\x00\x00\x1c\x00\x00\x00\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00\x45\x00\x00\x1c\x00\x01\x00\x00\x40\x11\x00\x00\x0a\x00' > "$WORK/packet/ndis"
printf '\x01\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01\x00\x01\x00\x00\x00\x03\x00\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x18\x00\x18\x00\x45\x00\x00\x18\x00\x02\x40\x00\x40\x06\x00\x00\x0a\x00\x00\x02\x0a\x00\x00\x01\x00\x50\xc2\xec' > "$WORK/packet/pktmon"
fuzz etl_packet_capture 300000 2048 "$WORK/packet"
for target in event_header record_interface chunks formats pml_tables etl_machine guest_link; do
  fuzz "wsmeta_$target" 200000 65536 "$WORK/wsmeta/$target"
done
# Control-pipe seeds: a status bar message and a logger line as the extcap writes them (the first byte picks the
# read size).
mkdir -p "$WORK/control"
printf '\x05T\x00\x00\x04\x00\x06okT\x00\x00\x03\x00\x02x' > "$WORK/control/seed"
fuzz extcap_control 300000 40000 "$WORK/control"
mkdir -p "$WORK/preset"
printf '# block I/O\ndescription: Block I/O\nblock:block_rq_issue, irq/*\n' > "$WORK/preset/seed"
fuzz extcap_preset 200000 70000 "$WORK/preset"
echo "fuzzing: no crash (seed 1, scale $SCALE, at most $LIMIT s per target)"
