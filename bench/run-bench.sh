#!/bin/bash
# Traceshark benchmarks: libs/tracecmd against the reference tools, measured in the same run.
#
# usage: bench/run-bench.sh
# environment:
#   BENCH_DATA   where the recorded captures are kept and reused (default /tmp/traceshark-bench)
#   BUILD_DIR    build directory (default <repo>/build-bench, configured -Dbench=true, release)
#   RUNS         repetitions per measurement, the best (shortest) wall time counts (default 3)
#   SMALL_MB, LARGE_MB   sizes of the two captures (default 100 and 200; see make-large-trace.sh)
#
# (a) iterate every event in time order decoding type and pid: bench_iterate_traceshark (libs/tracecmd)
#     vs bench_iterate_libtracecmd (tracecmd_iterate_events); targets ours >= 3x faster on v6, >= 2x on
#     v7-zstd. Both programs also digest the (timestamp, type, pid) sequence once, which must be equal.
# (b) `traceshark-dump FILE > /dev/null` vs `trace-cmd report FILE > /dev/null` on the SMALL_MB captures
#     (target >= 3x faster) and a MID_MB one (default 10: a v6 file of ~15 MB; target >= 2.5x); peak RSS (ru_maxrss) must not
#     exceed report's; the CPU-time ratio is shown (target >= 2x). The two outputs are compared byte for byte.
#     B_FILES="a.dat b.dat" measures those files instead (e.g. when no capture can be recorded).
# SECTIONS   which of a, b, c to run (default abc); e.g. SECTIONS=b records only the captures (b) uses.
# (c) peak anonymous memory (RssAnon, sampled every 65536 events) while iterating, for both capture
#     sizes: must stay flat. The file is mmapped, so its pages count as RssFile, not RssAnon.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build-bench}
DATA=${BENCH_DATA:-/tmp/traceshark-bench}
RUNS=${RUNS:-3}
SMALL_MB=${SMALL_MB:-100}
LARGE_MB=${LARGE_MB:-200}
MID_MB=${MID_MB:-10}
SECTIONS=${SECTIONS:-abc}
has() { [[ $SECTIONS == *$1* ]]; }
MIN_EVENTS=2000000

say() { printf '%s\n' "$*" >&2; }

# ---- build ----------------------------------------------------------------------------------------------
if [ ! -f "$BUILD/build.ninja" ]; then
    meson setup "$BUILD" "$ROOT" -Dbench=true -Dtests=disabled --buildtype=release >/dev/null
else
    meson configure "$BUILD" -Dbench=true --buildtype=release >/dev/null
fi
ninja -C "$BUILD" bench/bench_iterate_traceshark bench/bench_iterate_libtracecmd \
    tools/traceshark-dump/traceshark-dump >/dev/null
OURS=$BUILD/bench/bench_iterate_traceshark
REF=$BUILD/bench/bench_iterate_libtracecmd
DUMP=$BUILD/tools/traceshark-dump/traceshark-dump

# ---- captures -------------------------------------------------------------------------------------------
S6=$DATA/cap${SMALL_MB}io-v6.dat S7=$DATA/cap${SMALL_MB}io-v7-zstd.dat
L6=$DATA/cap${LARGE_MB}io-v6.dat L7=$DATA/cap${LARGE_MB}io-v7-zstd.dat
M6=$DATA/cap${MID_MB}io-v6.dat
sizes=()
if has a || has c; then sizes+=("$SMALL_MB" "$LARGE_MB"); fi
if has b && [ -z "${B_FILES:-}" ]; then sizes+=("$SMALL_MB" "$MID_MB"); fi
for mb in $(printf '%s\n' "${sizes[@]}" | sort -un); do "$ROOT/bench/make-large-trace.sh" "$DATA" "$mb" >&2; done
read -r -a B_LIST <<<"${B_FILES:-$S6 $S7 $M6}"
CAPS=()
if has a || has c; then CAPS+=("$S6" "$S7" "$L6" "$L7"); fi
if has b; then CAPS+=("${B_LIST[@]}"); fi
[ ! -f "$S6" ] || [ "$(stat -c %s "$S6")" -ge 100000000 ] || say "note: $(basename "$S6") is smaller than 100 MB"
for f in "${CAPS[@]}"; do cat "$f" >/dev/null; done  # warm the page cache: measure CPU, not disk

# ---- helpers --------------------------------------------------------------------------------------------
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }          # kv KEY LINE
min() { printf '%s\n' "$@" | sort -g | head -1; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.1f", n / t / 1e6 }'; }  # millions per second
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r >= t ? "PASS" : "MISS") }'; }
FAIL=0

# run_iter PROGRAM FILE -> "best_total best_iter best_cpu_total best_cpu_iter events"
run_iter() {
    local prog=$1 f=$2 tot=() it=() ct=() ci=() line ev=
    for ((i = 0; i < RUNS; ++i)); do
        line=$("$prog" "$f")
        tot+=("$(kv total_s "$line")"); it+=("$(kv iter_s "$line")")
        ct+=("$(kv cpu_total_s "$line")"); ci+=("$(kv cpu_iter_s "$line")")
        ev=$(kv events "$line")
    done
    echo "$(min "${tot[@]}") $(min "${it[@]}") $(min "${ct[@]}") $(min "${ci[@]}") $ev"
}

echo "Traceshark benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(uname -r), best of $RUNS runs"
echo "captures (recorded on this machine by bench/make-large-trace.sh, cached in $DATA):"
for f in $(printf '%s\n' "${CAPS[@]}" | awk '!seen[$0]++'); do printf '  %-28s %8s MiB\n' "$(basename "$f")" "$(mb "$f")"; done
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine inflates wall times)"

# ---- (a) iterate ----------------------------------------------------------------------------------------
if has a; then
echo
echo "(a) iterate every event in time order, decoding type and pid (wall = open + iterate)"
printf '%-20s %7s %9s %-12s %8s %8s %9s %8s %7s %7s %7s %6s %s\n' file MiB events tool wall_s iter_s Mevents/s MiB/s cpu_s \
    ratio iter_r cpu_r target
for f in "$S6" "$S7" "$L6" "$L7"; do
    case $f in *-v6.dat) target=3 ;; *) target=2 ;; esac
    # equal event sequences? (one --verify run each: count, sums, digest of (ts, type, pid) in order)
    vo=$("$OURS" --verify "$f"); vr=$("$REF" --verify "$f")
    for k in events type_sum pid_sum digest; do
        if [ "$(kv $k "$vo")" != "$(kv $k "$vr")" ]; then
            say "MISMATCH on $(basename "$f"): $k traceshark=$(kv $k "$vo") libtracecmd=$(kv $k "$vr")"
            FAIL=1
        fi
    done
    read -r o_t o_i o_ct o_ci o_ev <<<"$(run_iter "$OURS" "$f")"
    read -r r_t r_i r_ct r_ci r_ev <<<"$(run_iter "$REF" "$f")"
    size=$(mb "$f")
    printf '%-20s %7s %9s %-12s %8.3f %8.3f %9s %8s %7.3f\n' "$(basename "$f" .dat)" "$size" "$r_ev" libtracecmd \
        "$r_t" "$r_i" "$(rate "$r_ev" "$r_t")" "$(div "$size" "$r_t")" "$r_ct"
    ratio=$(div "$r_t" "$o_t")
    printf '%-20s %7s %9s %-12s %8.3f %8.3f %9s %8s %7.3f %6sx %6sx %6sx %4sx %s\n' "" "" "$o_ev" traceshark \
        "$o_t" "$o_i" "$(rate "$o_ev" "$o_t")" "$(div "$size" "$o_t")" "$o_ct" "$ratio" "$(div "$r_i" "$o_i")" \
        "$(div "$r_ct" "$o_ct")" "$target" "$(verdict "$ratio" "$target")"
    if [ "$o_ev" != "$r_ev" ]; then say "event counts differ: $o_ev vs $r_ev"; FAIL=1; fi
    if [ "$o_ev" -lt "$MIN_EVENTS" ]; then say "note: $(basename "$f") has fewer than $MIN_EVENTS events"; fi
done
echo "events counted by both readers are equal, and so are their (timestamp, type, pid) sequences: $([ $FAIL = 0 ] && echo yes || echo NO)"
echo "ratio = libtracecmd wall / traceshark wall (open + iterate); iter_r = the same for the iteration alone;"
echo "cpu_r = the same for user+system CPU time (less sensitive to other load on the machine);"
echo "MiB/s = file size on disk / wall time (for v7-zstd that is compressed bytes; same events as v6)"
fi

# ---- (b) report -----------------------------------------------------------------------------------------
if has b; then
echo
echo "(b) traceshark-dump FILE > /dev/null  vs  trace-cmd report FILE > /dev/null"
printf '%-20s %7s %-16s %8s %8s %9s %8s %7s %6s %s\n' file MiB tool wall_s cpu_s Mevents/s maxrss_M ratio target verdict
# best_of CMD... -> "best_wall best_cpu best_maxrss_kB"
best_of() {
    local w=() c=() m=() t tf
    tf=$(mktemp)
    for ((i = 0; i < RUNS; ++i)); do
        /usr/bin/time -o "$tf" -f '%e %U %S %M' "$@" >/dev/null 2>/dev/null || true
        t=$(tail -1 "$tf")
        w+=("$(awk '{print $1}' <<<"$t")"); c+=("$(awk '{print $2 + $3}' <<<"$t")"); m+=("$(awk '{print $4}' <<<"$t")")
    done
    rm -f "$tf"
    echo "$(min "${w[@]}") $(min "${c[@]}") $(min "${m[@]}")"
}
for f in "${B_LIST[@]}"; do
    # >= 3x on the SMALL_MB captures (~100 MB of events), >= 2.5x on the others
    case $(basename "$f") in "cap${SMALL_MB}io-"*) target=3 ;; *) target=2.5 ;; esac
    ev=$("$OURS" "$f" | sed 's/.* events=\([0-9]*\).*/\1/')
    if cmp -s <("$DUMP" "$f" 2>/dev/null) <(trace-cmd report "$f" 2>/dev/null); then same=identical; else same=DIFFERENT; FAIL=1; fi
    # alternate the two tools so that load from other work on the machine hits both alike
    read -r r_w r_c r_m <<<"$(best_of trace-cmd report "$f")"
    read -r o_w o_c o_m <<<"$(best_of "$DUMP" "$f")"
    read -r r_w2 r_c2 r_m2 <<<"$(best_of trace-cmd report "$f")"
    read -r o_w2 o_c2 o_m2 <<<"$(best_of "$DUMP" "$f")"
    r_w=$(min "$r_w" "$r_w2") r_c=$(min "$r_c" "$r_c2") o_w=$(min "$o_w" "$o_w2") o_c=$(min "$o_c" "$o_c2")
    size=$(mb "$f")
    printf '%-20s %7s %-16s %8.2f %8.2f %9s %8.1f\n' "$(basename "$f" .dat)" "$size" "trace-cmd report" "$r_w" "$r_c" \
        "$(rate "$ev" "$r_w")" "$(div "$r_m" 1024)"
    ratio=$(div "$r_w" "$o_w") cratio=$(div "$r_c" "$o_c")
    rss=$(awk -v o="$o_m" -v r="$r_m" 'BEGIN { print (o <= r ? "rss<=report" : "RSS>REPORT") }')
    [ "$rss" = "rss<=report" ] || FAIL=1
    printf '%-20s %7s %-16s %8.2f %8.2f %9s %8.1f %6sx %5sx %s (cpu ratio %sx %s, %s, output %s)\n' "" "" traceshark-dump \
        "$o_w" "$o_c" "$(rate "$ev" "$o_w")" "$(div "$o_m" 1024)" "$ratio" "$target" "$(verdict "$ratio" "$target")" \
        "$cratio" "$(verdict "$cratio" 2)" "$rss" "$same"
done
echo "output = traceshark-dump's output compared with trace-cmd report's by cmp (byte for byte);"
echo "wall and cpu (user+system) are the best of 2x$RUNS runs, the two tools alternating; maxrss = ru_maxrss"
fi

# ---- (c) memory -----------------------------------------------------------------------------------------
if has c; then
echo
echo "(c) memory while iterating (kB): RssAnon peak (sampled every 65536 events), RssAnon and RssFile at the end,"
echo "    ru_maxrss (counts the mmapped file pages too)"
printf '%-20s %7s %9s %-12s %10s %10s %10s %10s\n' file MiB events tool anon_peak anon_end file_end maxrss
declare -A PEAK
for f in "$S6" "$L6" "$S7" "$L7"; do
    for prog in "$OURS" "$REF"; do
        line=$("$prog" --mem "$f")
        tool=$(kv tool "$line")
        PEAK[$tool:$(basename "$f")]=$(kv peak_anon_kb "$line")
        printf '%-20s %7s %9s %-12s %10s %10s %10s %10s\n' "$(basename "$f" .dat)" "$(mb "$f")" "$(kv events "$line")" "$tool" \
            "$(kv peak_anon_kb "$line")" "$(kv end_anon_kb "$line")" "$(kv end_file_kb "$line")" "$(kv maxrss_kb "$line")"
    done
done
for v in v6 v7-zstd; do
    for tool in traceshark libtracecmd; do
        a=${PEAK[$tool:cap${SMALL_MB}io-$v.dat]} b=${PEAK[$tool:cap${LARGE_MB}io-$v.dat]}
        # flat: the larger capture needs at most 1 MB or 5% more anonymous memory
        flat=$(awk -v a="$a" -v b="$b" 'BEGIN { d = b - a; print (d <= 1024 || d <= a * 0.05) ? "flat" : "GROWS" }')
        printf '%-12s %-8s anon peak %8s kB (%s MB) -> %8s kB (%s MB): %s\n' "$tool" "$v" "$a" "$SMALL_MB" "$b" "$LARGE_MB" "$flat"
        if [ "$tool" = traceshark ] && [ "$flat" != flat ]; then FAIL=1; fi
    done
done
fi

echo
[ $FAIL = 0 ] && echo "checks: event counts equal, sequences equal, report output identical, memory flat" \
              || echo "checks: SOME CHECK FAILED (see above)"
exit $FAIL
