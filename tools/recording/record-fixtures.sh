#!/bin/bash
# Records the project's trace-cmd fixtures on this machine (needs root and ftrace):
#   v7-zstd.dat           top buffer, the events libs/tracking uses, recorded with `trace-cmd extract`
#   v7-none.dat, v6.dat   the same capture converted by `trace-cmd convert` (uncompressed v7, v6)
#   v7-zstd-multibuf.dat  top buffer plus instances "alpha" and "second" with their own event sets
#   other-host.dat        a second capture made in a new UTS namespace, hostname "traceshark-peer"
#   *.truth.json          what the workload did; *.report.txt  `trace-cmd report` of each file
# usage: tools/recording/record-fixtures.sh OUTDIR
# `trace-cmd record` cannot be used on these VMs (it needs ftrace_enabled); events are enabled via tracefs.
set -euo pipefail
OUT=$(realpath -m "${1:?usage: $0 OUTDIR}")
HERE=$(cd "$(dirname "$0")" && pwd)
T=/sys/kernel/tracing
mkdir -p "$OUT"
[ -e $T/trace ] || mount -t tracefs nodev $T

EVENTS="sched/sched_process_fork sched/sched_process_exec sched/sched_process_exit sched/sched_process_free
 sched/sched_process_wait sched/sched_switch sched/sched_wakeup task/task_newtask task/task_rename
 syscalls/sys_enter_openat syscalls/sys_exit_openat syscalls/sys_enter_close syscalls/sys_exit_close
 syscalls/sys_enter_read syscalls/sys_exit_read syscalls/sys_enter_write syscalls/sys_exit_write
 syscalls/sys_enter_renameat2 syscalls/sys_enter_unlinkat syscalls/sys_enter_exit_group
 syscalls/sys_enter_connect syscalls/sys_exit_connect syscalls/sys_enter_sendto syscalls/sys_exit_sendto
 sock/inet_sock_set_state"

reset() {
  echo 0 > $T/tracing_on
  for e in $EVENTS; do [ -e $T/events/$e/enable ] && echo 0 > $T/events/$e/enable; done
  for i in alpha second; do
    if [ -d $T/instances/$i ]; then echo > $T/instances/$i/set_event; rmdir $T/instances/$i; fi
  done
  echo > $T/trace
}
trap reset EXIT

run_traced() {  # truth-file
  # trace-cmd extract disables the events it found enabled, so enable them for every run.
  for e in $EVENTS; do echo 1 > $T/events/$e/enable; done
  echo > $T/trace
  echo 1 > $T/tracing_on
  python3 "$HERE/workload.py" "$1"
  echo 0 > $T/tracing_on
}

reset
echo 1024 > $T/buffer_size_kb

cd "$OUT"
run_traced v7-zstd.truth.json
trace-cmd extract -o v7-zstd.dat >/dev/null 2>&1
trace-cmd convert --compression none -i v7-zstd.dat -o v7-none.dat >/dev/null 2>&1
trace-cmd convert --file-version 6 -i v7-zstd.dat -o v6.dat >/dev/null 2>&1

for i in alpha second; do mkdir -p $T/instances/$i; echo 256 > $T/instances/$i/buffer_size_kb; done
printf 'sched:sched_process_fork\nsched:sched_process_exec\nsched:sched_process_exit\ntask:task_rename\n' > $T/instances/alpha/set_event
echo sched:sched_process_exec > $T/instances/second/set_event
for i in alpha second; do echo 1 > $T/instances/$i/tracing_on; done
run_traced v7-zstd-multibuf.truth.json
for i in alpha second; do echo 0 > $T/instances/$i/tracing_on; done
trace-cmd extract -t -a -o v7-zstd-multibuf.dat >/dev/null 2>&1

# A second "machine": same kernel, another hostname (UNAME option) in its own UTS namespace.
for e in $EVENTS; do echo 1 > $T/events/$e/enable; done
unshare --uts sh -c "hostname traceshark-peer && echo > $T/trace && echo 1 > $T/tracing_on &&
  python3 '$HERE/workload.py' other-host.truth.json && echo 0 > $T/tracing_on &&
  trace-cmd extract -o other-host.dat >/dev/null 2>&1"

for f in *.dat; do trace-cmd report "$f" > "${f%.dat}.report.txt" 2>/dev/null || true; done
ls -la "$OUT"
