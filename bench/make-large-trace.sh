#!/bin/bash
# Record a large, real trace-cmd capture on this machine for the benchmarks (needs root and tracefs).
#
# usage: make-large-trace.sh OUTDIR SIZE_MB
#   writes OUTDIR/capSIZE_MBio-v7-zstd.dat (what `trace-cmd extract` writes: v7, zstd) and
#          OUTDIR/capSIZE_MBio-v6.dat     (`trace-cmd convert --file-version 6`, uncompressed, >= SIZE_MB MB)
#   and reuses them when they already exist ("io": recorded with the file and network events below; captures
#   recorded before they were added are named capSIZE_MB-*.dat and are not reused).
#
# How: the top ftrace buffer gets SIZE_MB/ncpus MB per CPU in non-overwrite mode, the scheduler, syscall,
# IRQ, timer, task, signal, workqueue, block and some kmem events are enabled, plus what process tracking's file
# and network activity reads: every syscall (open/read/write/close..., socket/connect/sendto/recvfrom...),
# sock:inet_sock_set_state, net:net_dev_queue/netif_receive_skb and, as the path source (this kernel's syscall
# events carry no strings), the uprobes on libc's path functions that tools/traceshark-record --files sets (its
# LIBC_PATHS list). A real load runs on every CPU (find over the root file system, tar of /usr into a pipe,
# fork/exec of small commands, files written and removed, TCP and UDP exchanges on loopback) until
# every CPU's ring buffer is full (its "dropped events" counter moves). Then `trace-cmd extract` reads the
# buffer. `trace-cmd record` cannot be used on these machines (it crashes: ftrace_enabled is read-only),
# see /work/shared/docs/recording-on-these-machines.md. Nothing is synthesized: every page of the files is
# a page the kernel wrote. The tracefs settings that were changed are restored at the end.
set -euo pipefail
OUT=${1:?usage: make-large-trace.sh OUTDIR SIZE_MB}
SIZE_MB=${2:?usage: make-large-trace.sh OUTDIR SIZE_MB}
MAX_SECONDS=${MAX_SECONDS:-600}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
V7="$OUT/cap${SIZE_MB}io-v7-zstd.dat"
V6="$OUT/cap${SIZE_MB}io-v6.dat"
if [ -s "$V7" ] && [ -s "$V6" ]; then
    echo "make-large-trace: reusing $V7 and $V6"
    exit 0
fi
[ "$(id -u)" = 0 ] || { echo "make-large-trace: needs root (ftrace)" >&2; exit 1; }
command -v trace-cmd >/dev/null || { echo "make-large-trace: trace-cmd not installed" >&2; exit 1; }

T=/sys/kernel/tracing
[ -e $T/trace ] || mount -t tracefs nodev $T
if [ -n "$(cat $T/set_event)" ] || [ "$(cat $T/current_tracer)" != nop ] || grep -q '^p:libc/' $T/uprobe_events; then
    echo "make-large-trace: the top ftrace buffer is in use (events enabled or a tracer set); not touching it" >&2
    exit 1
fi

NCPU=$(nproc)
KB_PER_CPU=$(( SIZE_MB * 1024 / NCPU ))
old_on=$(cat $T/tracing_on)
old_kb=$(cat $T/buffer_size_kb | sed 's/ .*//')
old_overwrite=$(cat $T/options/overwrite)
LOAD_PIDS=()
PROBES=()
SCRATCH=$(mktemp -d)

restore() {
    set +e
    echo 0 > $T/tracing_on
    for p in "${LOAD_PIDS[@]}"; do kill -- -"$p" 2>/dev/null; done
    wait 2>/dev/null
    echo > $T/set_event
    for p in "${PROBES[@]}"; do echo "-:libc/$p" >> $T/uprobe_events; done
    echo "$old_overwrite" > $T/options/overwrite
    echo > $T/trace
    echo "$old_kb" > $T/buffer_size_kb
    echo "$old_on" > $T/tracing_on
    rm -rf "$SCRATCH"
}
trap restore EXIT

echo "make-large-trace: recording ~${SIZE_MB} MB (${KB_PER_CPU} KB per CPU x ${NCPU} CPUs) under load"
echo 0 > $T/tracing_on
echo > $T/trace
echo 0 > $T/options/overwrite
echo "$KB_PER_CPU" > $T/buffer_size_kb
for e in 'sched:*' 'syscalls:*' 'irq:*' 'timer:*' 'task:*' 'signal:*' 'workqueue:*' 'block:*' \
         kmem:kmalloc kmem:kfree kmem:kmem_cache_alloc kmem:kmem_cache_free kmem:mm_page_alloc kmem:mm_page_free; do
    echo "$e" >> $T/set_event
done
for e in sock:inet_sock_set_state net:net_dev_queue net:netif_receive_skb; do echo "$e" >> $T/set_event; done
# Paths: the libc uprobes of traceshark-record --files (one list, LIBC_PATHS, kept there).
eval "$(sed -n '/^LIBC_PATHS="/,/"$/p' "$(dirname "$0")/../tools/traceshark-record")"
LIBC=$({ ldconfig -p 2>/dev/null || true; } | awk '/libc\.so\.6 .*x86-64/ {print $NF; exit}')
if [ -n "$LIBC" ] && [ -w $T/uprobe_events ] && [ "$(uname -m)" = x86_64 ]; then
    for spec in $LIBC_PATHS; do
        fn=${spec%%:*} args=${spec#*:} fetch=""
        off=$({ readelf -sW --dyn-syms "$LIBC" || true; } | awk -v s="$fn" '{n=$8; sub(/@.*/,"",n)} n==s {print "0x"$2; exit}')
        [ -n "$off" ] || continue
        for a in ${args//,/ }; do
            name=${a%%=*} reg=${a#*=}
            if [ "$name" = dfd ]; then fetch="$fetch dfd=$reg:s32"; else fetch="$fetch $name=+0($reg):ustring"; fi
        done
        if echo "p:libc/$fn $LIBC:$off$fetch" >> $T/uprobe_events 2>/dev/null; then
            PROBES+=("$fn"); echo "libc:$fn" >> $T/set_event
        fi
    done
fi
echo "make-large-trace: path uprobes on ${LIBC:-no libc}: ${PROBES[*]:-none}"

# The load: each in its own process group so that restore() can stop it.
start_load() { setsid bash -c "$1" >/dev/null 2>&1 & LOAD_PIDS+=($!); }
echo 1 > $T/tracing_on
start_load 'while :; do find / -xdev -printf "%s %p\n" >/dev/null 2>&1; done'
start_load 'while :; do tar -cf - /usr 2>/dev/null | cat >/dev/null; done'
start_load "while :; do ls -l /usr/bin >/dev/null; cat /etc/passwd >/dev/null; sh -c 'exit 3'; date >/dev/null; \
            dd if=/dev/zero of=$SCRATCH/f bs=64k count=16 conv=fsync status=none; mv $SCRATCH/f $SCRATCH/g; \
            mkdir $SCRATCH/d; rmdir $SCRATCH/d; rm -f $SCRATCH/g; done"
# network: a TCP connection per round (connect, send, receive, close) and a UDP datagram, on loopback
start_load "exec python3 -c '
import socket, threading
srv = socket.socket(); srv.bind((\"127.0.0.1\", 0)); srv.listen(64)
port = srv.getsockname()[1]
def serve():
    while True:
        c, _ = srv.accept()
        while (d := c.recv(65536)): c.sendall(d)
        c.close()
threading.Thread(target=serve, daemon=True).start()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind((\"127.0.0.1\", 0))
while True:
    s = socket.create_connection((\"127.0.0.1\", port)); s.sendall(b\"x\" * 4000); s.recv(65536); s.close()
    u.sendto(b\"y\" * 100, u.getsockname()); u.recv(200)
'"

full() {
    for c in $T/per_cpu/cpu*; do
        [ "$(awk '/^dropped events:/ {print $3}' "$c/stats")" -gt 0 ] || return 1
    done
}
start=$SECONDS
until full; do
    if [ "$(cat $T/tracing_on)" != 1 ] || [ -z "$(cat $T/set_event)" ]; then
        echo "make-large-trace: someone else changed the top ftrace buffer while recording; giving up" >&2
        exit 1
    fi
    if (( SECONDS - start > MAX_SECONDS )); then
        echo "make-large-trace: buffers not full after ${MAX_SECONDS}s; extracting what there is" >&2
        break
    fi
    sleep 1
done
echo 0 > $T/tracing_on
for p in "${LOAD_PIDS[@]}"; do kill -- -"$p" 2>/dev/null || true; done
wait 2>/dev/null || true
LOAD_PIDS=()
echo "make-large-trace: load ran $(( SECONDS - start ))s; per-CPU entries:" \
    $(for c in $T/per_cpu/cpu*; do awk '/^entries:/ {print $2}' "$c/stats"; done)

total=0
for c in $T/per_cpu/cpu*; do total=$(( total + $(awk '/^entries:/ {print $2}' "$c/stats") )); done
[ "$total" -gt 0 ] || { echo "make-large-trace: nothing was recorded" >&2; exit 1; }

# extract writes trace.dat-style temp files next to the output; write under temporary names first.
(cd "$SCRATCH" && trace-cmd extract -o "$V7.tmp" >/dev/null 2>&1)
trace-cmd convert --file-version 6 -i "$V7.tmp" -o "$V6.tmp" >/dev/null 2>&1
mv "$V7.tmp" "$V7"
mv "$V6.tmp" "$V6"
ls -l "$V7" "$V6"
