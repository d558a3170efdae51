#!/bin/bash
# Traceshark in Wireshark: tshark reading trace.dat through the plugins, measured in the same run against
# tshark reading the same events as pcapng, and against tshark on plain small UDP packets.
#
# usage: bench/run-wireshark-bench.sh
# environment:
#   BENCH_DATA   where the recorded captures are kept and reused (default /tmp/traceshark-bench)
#   BUILD_DIR    build directory (default <repo>/build-wsbench, configured -Dwireshark=enabled, release)
#   RUNS         repetitions per measurement, the best (shortest) wall time counts (default 3)
#   SIZE_MB      which capture: cap${SIZE_MB}io-v6.dat / cap${SIZE_MB}io-v7-zstd.dat (default 100, ~2.1 M events with
#                file and network events; make-large-trace.sh)
#   FRAMES       frames read in (1), passed to tshark as -c (default 0 = the whole capture)
#   VFRAMES      frames dissected in full (-V) in (2) (default 300000; -V costs ~45 us/frame here)
#   PARTS        which measurements to run (default "1 2 3 4"; PARTS=3: process tracking alone; PARTS=4: ETL alone)
#   ETL_FILES    the .etl traces of (4) (default: the corpus's net.4.5.2.x64.etl, net.4.5.2.x86.etl,
#                ShutdownPerfDiagLogger.etl, Process.etl in ../shared/corpus/etl; (4) is skipped when none exists)
#
# (1) `tshark -r capN-v6.dat` and `tshark -r capN-v7-zstd.dat` vs `tshark -r capN.pcapng`, where capN.pcapng =
#     `editcap -F pcapng capN-v6.dat` (the same events as Exported PDU records). Default one-line summary
#     output, written to a file; the outputs must be byte-identical (cmp). Wall time (best of RUNS) and peak
#     RSS (/usr/bin/time %M). Targets: .dat wall <= 1.10x pcapng wall, .dat peak RSS <= 1.2x pcapng's.
# (2) `tshark -r capN-v6.dat -c VFRAMES -V > /dev/null` vs `tshark -r udp.pcap -V > /dev/null`, udp.pcap = VFRAMES
#     small Ethernet/IPv4/UDP packets written by this script. Per-frame cost, with and without start-up.
# (3) `tshark -r capN-v6.dat` with process tracking (the default) vs `-o traceshark.tracking:FALSE`, RUNS
#     alternating pairs: wall, CPU (user+system) and peak RSS, on/off ratios, target <= 1.10x (issue #14).
# (4) ETL (issue #12), per trace: `tshark -r F.etl` vs `tshark -r F.pcapng` (editcap -F pcapng: the same records),
#     outputs compared, targets wall <= 1.10x, peak RSS <= 1.2x; and tracking on vs off on the .etl (RUNS
#     alternating pairs), target <= 1.10x. Start-up (-c 1) is shown too: on these 1-5 MB traces it is a tenth of
#     the run.
#
# The plugins are loaded the way tests/wireshark/test_tshark.py loads them: a throw-away HOME with
# ~/.local/lib/wireshark/plugins/$WS_RELEASE/{epan,wiretap}, WIRESHARK_PLUGIN_DIR pointing at an empty directory,
# and, when run as root (tshark ignores personal plugins as root), the tools run as nobody via setpriv.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build-wsbench}
DATA=${BENCH_DATA:-/tmp/traceshark-bench}
RUNS=${RUNS:-3}
SIZE_MB=${SIZE_MB:-100}
FRAMES=${FRAMES:-0}
VFRAMES=${VFRAMES:-300000}
PARTS=${PARTS:-1 2 3 4}
part() { [[ " $PARTS " == *" $1 "* ]]; }
NOBODY=65534

say() { printf '%s\n' "$*" >&2; }

# ---- build ----------------------------------------------------------------------------------------------
if [ ! -f "$BUILD/build.ninja" ]; then
    meson setup "$BUILD" "$ROOT" -Dwireshark=enabled -Dtests=disabled --buildtype=release >/dev/null
fi
ninja -C "$BUILD" wireshark-integration/traceshark.so wireshark-integration/traceshark-tracedat.so >/dev/null
DISSECTOR=$BUILD/wireshark-integration/traceshark.so
READER=$BUILD/wireshark-integration/traceshark-tracedat.so

# ---- captures -------------------------------------------------------------------------------------------
LINUX=0
if part 1 || part 2 || part 3; then
LINUX=1
"$ROOT/bench/make-large-trace.sh" "$DATA" "$SIZE_MB" >&2
D6=$DATA/cap${SIZE_MB}io-v6.dat D7=$DATA/cap${SIZE_MB}io-v7-zstd.dat
for f in "$D6" "$D7"; do cat "$f" >/dev/null; done  # warm the page cache: measure CPU, not disk
fi

# ---- a throw-away HOME with the plugins, run as nobody when root ----------------------------------------
WORK=$(mktemp -d /tmp/traceshark-wsbench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
HOMEDIR=$WORK/home
WS_RELEASE=$(tshark --version | sed -n '1s/^TShark (Wireshark) \([0-9]*\.[0-9]*\)\..*/\1/p')  # 4.0, 4.4: plugin dir name
mkdir -p "$HOMEDIR/.local/lib/wireshark/plugins/$WS_RELEASE/epan" "$HOMEDIR/.local/lib/wireshark/plugins/$WS_RELEASE/wiretap" \
    "$HOMEDIR/no-global-plugins" "$WORK/out"
cp "$DISSECTOR" "$HOMEDIR/.local/lib/wireshark/plugins/$WS_RELEASE/epan/"
cp "$READER" "$HOMEDIR/.local/lib/wireshark/plugins/$WS_RELEASE/wiretap/"
chmod -R a+rX "$WORK"
chmod 777 "$HOMEDIR" "$WORK/out"  # the field cache goes to $HOME/.cache; the tools write their outputs in out/
# as_user CMD...: run CMD in the throw-away HOME (as nobody when we are root)
as_user() {
    local prefix=(env -i PATH=/usr/bin:/bin "HOME=$HOMEDIR" LC_ALL=C.UTF-8 "WIRESHARK_PLUGIN_DIR=$HOMEDIR/no-global-plugins")
    if [ "$(id -u)" = 0 ]; then prefix=(setpriv "--reuid=$NOBODY" "--regid=$NOBODY" --clear-groups "${prefix[@]}"); fi
    "${prefix[@]}" "$@"
}
as_user tshark -G plugins | grep -q 'traceshark-tracedat.so.*file type' || { say "the plugins are not loaded"; exit 1; }
as_user tshark -G plugins | grep -q 'traceshark.so.*dissector' || { say "the dissector plugin is not loaded"; exit 1; }

# ---- helpers --------------------------------------------------------------------------------------------
min() { printf '%s\n' "$@" | sort -g | head -1; }
max() { printf '%s\n' "$@" | sort -g | tail -1; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
mib() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", (t > 0 ? n / t / 1e3 : 0) }'; }      # thousands per second
usper() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.2f", (n > 0 ? t / n * 1e6 : 0) }'; }     # microseconds per frame
verdict_le() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t ? "PASS" : "MISS") }'; }
FAIL=0

# best_of OUTFILE CMD... -> "best_wall best_cpu max_rss_kB"; CMD runs RUNS times in the throw-away HOME,
# its standard output going to OUTFILE (a file under $WORK/out, or /dev/null)
best_of() {
    local out=$1 w=() c=() m=() t tf=$WORK/out/time.txt
    shift
    for ((i = 0; i < RUNS; ++i)); do
        as_user /usr/bin/time -o "$tf" -f '%e %U %S %M' "$@" >"$out" 2>/dev/null || { say "failed: $*"; FAIL=1; }
        t=$(tail -1 "$tf")
        w+=("$(awk '{print $1}' <<<"$t")"); c+=("$(awk '{print $2 + $3}' <<<"$t")"); m+=("$(awk '{print $4}' <<<"$t")")
    done
    echo "$(min "${w[@]}") $(min "${c[@]}") $(max "${m[@]}")"
}

echo "Traceshark in Wireshark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(uname -r), $(tshark -v 2>/dev/null | head -1 | sed "s/ (Git.*//"), best of $RUNS runs"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine inflates wall times)"
if [ $LINUX = 1 ]; then
PCAPNG=$WORK/out/cap$SIZE_MB.pcapng
as_user editcap -F pcapng "$D6" "$PCAPNG"
LIMIT=()
[ "$FRAMES" -gt 0 ] && LIMIT=(-c "$FRAMES")
# One untimed run first: it fills the dissector's field cache ($HOME/.cache/traceshark/linux-fields.txt), read at
# start-up by every later run (both sides load the dissector; only the .dat side loads the file reader).
as_user tshark -r "$D6" -c 1000 >/dev/null 2>&1
EV=$(as_user capinfos -c -M "$PCAPNG" | sed -n 's/^Number of packets: *//p')
[ "$FRAMES" -gt 0 ] && [ "$FRAMES" -lt "$EV" ] && EV=$FRAMES
# What process tracking maps in the capture (for (3)): file and network syscalls, sock:inet_sock_set_state, the
# libc path uprobes, the task events.
TRACKED=$(as_user tshark -r "$D6" "${LIMIT[@]}" -T fields -e traceshark.event.system -e traceshark.event.name 2>/dev/null | awk '
    $1 == "libc" { u++ } $1 == "sock" { s++ } $1 == "task" || $2 ~ /^sched_process_/ { t++ }
    $2 ~ /^sys_(enter|exit)_(open|openat|openat2|creat|close|close_range|dup|dup2|dup3|fcntl|pipe|pipe2|read|write|pread64|pwrite64|readv|writev|rename|renameat|renameat2|unlink|unlinkat|mkdir|mkdirat|rmdir)$/ { f++ }
    $2 ~ /^sys_(enter|exit)_(socket|connect|accept|accept4|bind|listen|sendto|recvfrom|sendmsg|recvmsg)$/ { n++ }
    END { printf "file syscalls %d\nnetwork syscalls %d\nsock:inet_sock_set_state %d\nlibc path uprobes %d\ntask/process %d\n", f, n, s, u, t }')

echo "captures (recorded on this machine by bench/make-large-trace.sh, cached in $DATA; the pcapng made by editcap):"
for f in "$D6" "$D7" "$PCAPNG"; do printf '  %-28s %8s MiB\n' "$(basename "$f")" "$(mib "$f")"; done
fi

if part 1; then
# ---- (1) trace.dat vs pcapng ----------------------------------------------------------------------------
echo
echo "(1) tshark -r FILE ${LIMIT[*]:+${LIMIT[*]} }> out (default one-line summaries), $EV frames, trace.dat vs the same events as pcapng"
printf '%-22s %9s %8s %8s %9s %10s %10s %7s %7s %s\n' file frames wall_s cpu_s kframes/s startup_s peakRSS_kB wall_r rss_r \
    "target (<= 1.10x wall, <= 1.2x RSS), output"
read -r p_w p_c p_m <<<"$(best_of "$WORK/out/pcapng.txt" tshark -r "$PCAPNG" "${LIMIT[@]}")"
read -r p_s _ _ <<<"$(best_of /dev/null tshark -r "$PCAPNG" -c 1)"
printf '%-22s %9s %8.2f %8.2f %9s %10.2f %10s\n' "$(basename "$PCAPNG")" "$EV" "$p_w" "$p_c" "$(rate "$EV" "$p_w")" "$p_s" "$p_m"
for f in "$D6" "$D7"; do
    read -r d_w d_c d_m <<<"$(best_of "$WORK/out/dat.txt" tshark -r "$f" "${LIMIT[@]}")"
    read -r d_s _ _ <<<"$(best_of /dev/null tshark -r "$f" -c 1)"
    if cmp -s "$WORK/out/dat.txt" "$WORK/out/pcapng.txt"; then same=identical; else same=DIFFERENT; FAIL=1; fi
    wr=$(div "$d_w" "$p_w") mr=$(div "$d_m" "$p_m")
    printf '%-22s %9s %8.2f %8.2f %9s %10.2f %10s %6sx %6sx wall %s, RSS %s, output %s (cpu ratio %sx)\n' "$(basename "$f")" \
        "$EV" "$d_w" "$d_c" "$(rate "$EV" "$d_w")" "$d_s" "$d_m" "$wr" "$mr" "$(verdict_le "$wr" 1.10)" \
        "$(verdict_le "$mr" 1.2)" "$same" "$(div "$d_c" "$p_c")"
done
echo "wall_r, rss_r = trace.dat / pcapng (lower is better); startup_s = best wall time of the same command with -c 1"
echo "(open the file, read one frame); output = the summary lines compared with the pcapng's by cmp"
rm -f "$WORK/out/dat.txt" "$WORK/out/pcapng.txt"

fi

if part 2; then
# ---- (2) full dissection vs small UDP packets -----------------------------------------------------------
UDP=$WORK/out/udp.pcap
python3 - "$UDP" "$VFRAMES" <<'EOF'
import struct, sys
path, n = sys.argv[1], int(sys.argv[2])
def csum(b):
    s = sum(struct.unpack(f"!{len(b) // 2}H", b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
eth = bytes.fromhex("020000000002" "020000000001") + struct.pack("!H", 0x0800)
with open(path, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))  # pcap, microseconds, Ethernet
    for i in range(n):
        payload = struct.pack("!I", i) + b"traceshark-bench"[: 12 + i % 5]  # 16..20 bytes
        udp = struct.pack("!HHHH", 40000 + i % 8, 40100, 8 + len(payload), 0) + payload
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i & 0xffff, 0x4000, 64, 17, 0,
                         bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
        ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
        pkt = eth + ip + udp
        f.write(struct.pack("<IIII", 1700000000 + i // 1000000, i % 1000000, len(pkt), len(pkt)) + pkt)
EOF
chmod 644 "$UDP"
echo
echo "(2) full dissection: tshark -r FILE -V > /dev/null, $VFRAMES frames: the first $VFRAMES events of $(basename "$D6") (-c $VFRAMES)"
echo "    vs a pcap of $VFRAMES small Ethernet/IPv4/UDP packets (16..20-byte payloads, shown as data)"
printf '%-26s %9s %8s %8s %9s %10s %9s %9s %10s\n' file frames wall_s cpu_s kframes/s startup_s us/frame net_us/fr peakRSS_kB
declare -A NET
row2() {  # row2 LABEL KEY FILE ARGS...
    local label=$1 key=$2 f=$3 w c m s
    shift 3
    read -r w c m <<<"$(best_of /dev/null tshark -r "$f" "$@")"
    read -r s _ _ <<<"$(best_of /dev/null tshark -r "$f" -c 1)"
    NET[$key]=$(awk -v w="$w" -v s="$s" -v n="$VFRAMES" 'BEGIN { printf "%.2f", (w - s) / n * 1e6 }')
    NET[$key:all]=$(usper "$VFRAMES" "$w")
    printf '%-26s %9s %8.2f %8.2f %9s %10.2f %9s %9s %10s\n' "$label" "$VFRAMES" "$w" "$c" "$(rate "$VFRAMES" "$w")" "$s" \
        "${NET[$key:all]}" "${NET[$key]}" "$m"
}
row2 "udp.pcap -V" udpV "$UDP" -V
row2 "$(basename "$D6") -V" datV "$D6" -c "$VFRAMES" -V
row2 "udp.pcap (summary)" udpS "$UDP"
row2 "$(basename "$D6") (summary)" datS "$D6" -c "$VFRAMES"
echo "us/frame = wall / frames; net_us/fr = (wall - startup_s) / frames, startup_s = the same file with -c 1"
echo "per-event cost of -V, trace.dat event / UDP packet: $(div "${NET[datV:all]}" "${NET[udpV:all]}")x (with start-up)," \
    "$(div "${NET[datV]}" "${NET[udpV]}")x (start-up removed)"
echo "same for the one-line summary: $(div "${NET[datS:all]}" "${NET[udpS:all]}")x (with start-up)," \
    "$(div "${NET[datS]}" "${NET[udpS]}")x (start-up removed)"

fi

if part 3; then
echo
echo "(3) process tracking: tshark -r $(basename "$D6") > /dev/null with tracking (default) vs -o traceshark.tracking:FALSE," \
    "${LIMIT[*]:-whole capture}, alternating, best of $RUNS each"
echo "    $EV events, of which: $(echo "$TRACKED" | paste -sd, | sed 's/,/, /g')"
on_w=() on_c=() on_m=() off_w=() off_c=() off_m=()
for ((r = 0; r < RUNS; ++r)); do  # alternating: both sides see the same drift of this shared machine
    read -r w c m <<<"$(RUNS=1 best_of /dev/null tshark -r "$D6" "${LIMIT[@]}")"; on_w+=("$w") on_c+=("$c") on_m+=("$m")
    read -r w c m <<<"$(RUNS=1 best_of /dev/null tshark -r "$D6" "${LIMIT[@]}" -o traceshark.tracking:FALSE)"
    off_w+=("$w") off_c+=("$c") off_m+=("$m")
done
t_w=$(min "${on_w[@]}") t_c=$(min "${on_c[@]}") t_m=$(max "${on_m[@]}")
f_w=$(min "${off_w[@]}") f_c=$(min "${off_c[@]}") f_m=$(max "${off_m[@]}")
printf '%-14s %8s %8s %11s\n' tracking wall_s cpu_s peakRSS_kB
printf '%-14s %8.2f %8.2f %11s\n' on "$t_w" "$t_c" "$t_m"
printf '%-14s %8.2f %8.2f %11s\n' off "$f_w" "$f_c" "$f_m"
t_r=$(div "$t_w" "$f_w") c_r=$(div "$t_c" "$f_c") m_r=$(div "$t_m" "$f_m")
echo "on/off: wall ${t_r}x, CPU ${c_r}x (target <= 1.10x: wall $(verdict_le "$t_r" 1.10), CPU $(verdict_le "$c_r" 1.10))," \
    "peak RSS ${m_r}x (+$(( (t_m - f_m) / 1024 )) MiB, $(awk -v d="$((t_m - f_m))" -v n="$EV" 'BEGIN { printf "%.0f", (n > 0 ? d * 1024 / n : 0) }') bytes per event)"

fi

if part 4; then
# ---- (4) ETL: .etl vs the same records as pcapng, tracking on vs off -------------------------------------
CORPUS_ETL=$ROOT/../shared/corpus/etl
if [ -z "${ETL_FILES:-}" ]; then
    ETL_FILES=""
    for n in net.4.5.2.x64.etl net.4.5.2.x86.etl ShutdownPerfDiagLogger.etl Process.etl; do
        [ -f "$CORPUS_ETL/$n" ] && ETL_FILES="$ETL_FILES $CORPUS_ETL/$n"
    done
fi
echo
if [ -z "$ETL_FILES" ]; then
    echo "(4) ETL: skipped (no ETL_FILES and no corpus at $CORPUS_ETL)"
else
echo "(4) ETL: tshark -r F.etl > out vs tshark -r F.pcapng > out (editcap -F pcapng), then tracking on vs off on F.etl"
printf '%-27s %8s %7s %7s %7s %10s %7s %7s %7s %7s %7s %s\n' file frames etl_s pcapng_s start_s etl_RSS_kB wall_r rss_r \
    on_s off_s track_r "targets (wall <= 1.10x, RSS <= 1.2x, tracking <= 1.10x), output"
for src in $ETL_FILES; do
    f=$WORK/out/$(basename "$src")
    cp "$src" "$f"
    chmod 644 "$f"
    p=$WORK/out/$(basename "$src" .etl).pcapng
    as_user editcap -F pcapng "$f" "$p"
    as_user tshark -r "$f" -c 100 >/dev/null 2>&1  # untimed: the field cache
    n=$(as_user capinfos -c -M "$p" | sed -n 's/^Number of packets: *//p')
    read -r e_w _ e_m <<<"$(best_of "$WORK/out/etl.txt" tshark -r "$f")"
    read -r p_w _ p_m <<<"$(best_of "$WORK/out/pcapng.txt" tshark -r "$p")"
    read -r s_w _ _ <<<"$(best_of /dev/null tshark -r "$f" -c 1)"
    if cmp -s "$WORK/out/etl.txt" "$WORK/out/pcapng.txt"; then same=identical; else same=DIFFERENT; FAIL=1; fi
    on_w=() off_w=()
    for ((r = 0; r < RUNS; ++r)); do
        read -r w _ _ <<<"$(RUNS=1 best_of /dev/null tshark -r "$f")"; on_w+=("$w")
        read -r w _ _ <<<"$(RUNS=1 best_of /dev/null tshark -r "$f" -o traceshark.tracking:FALSE)"; off_w+=("$w")
    done
    t_w=$(min "${on_w[@]}") f_w=$(min "${off_w[@]}")
    wr=$(div "$e_w" "$p_w") mr=$(div "$e_m" "$p_m") tr=$(div "$t_w" "$f_w")
    printf '%-27s %8s %7.2f %7.2f %7.2f %10s %6sx %6sx %7.2f %7.2f %6sx wall %s, RSS %s, tracking %s, output %s\n' \
        "$(basename "$src")" "$n" "$e_w" "$p_w" "$s_w" "$e_m" "$wr" "$mr" "$t_w" "$f_w" "$tr" "$(verdict_le "$wr" 1.10)" \
        "$(verdict_le "$mr" 1.2)" "$(verdict_le "$tr" 1.10)" "$same"
    rm -f "$f" "$p" "$WORK/out/etl.txt" "$WORK/out/pcapng.txt"
done
echo "wall_r, rss_r = .etl / pcapng; track_r = tracking on / off (both on the .etl); start_s = tshark -r F.etl -c 1"
fi

fi
echo
[ $FAIL = 0 ] && echo "checks: tshark outputs of trace.dat/.etl and pcapng identical (where compared)" || echo "checks: SOME CHECK FAILED (see above)"
exit $FAIL
