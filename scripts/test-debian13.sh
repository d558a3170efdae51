#!/bin/bash
# The Wireshark 4.4 test configuration, runnable on the Debian 12 machine: a Debian 13 (trixie) root made with
# debootstrap from Debian's own packages, the project's dependencies installed in it by scripts/install-deps.sh,
# the source bind-mounted read-only, built there with -Dwireshark=enabled -Dtests=enabled (build directory inside
# the root), and the test suites run there: the whole wireshark suite and the library suites (every suite but
# 'install', which installs into the root's system directories, and 'repo', which does not depend on the release).
# Then the cross-version check: pcapngs written by Wireshark 4.0 (this host) and 4.4 (the root) must dissect
# identically in both (tests/wireshark/cross_version.py, after its three documented normalisations).
#
#   scripts/test-debian13.sh            (root; run-tests.sh runs it as its "Wireshark 4.4" stage)
#
# The root is cached in $TRACESHARK_DEBIAN13_CACHE (default /var/cache/traceshark) as debian13-root, keyed by the
# stamp below: a root made by another version of this recipe is made again. Its build directory stays in the root,
# so a second run rebuilds only what changed. Delete the directory to start from scratch.
# Needs: root, debootstrap, Debian's archive (deb.debian.org) reachable on first use.
# The host's Wireshark 4.0 build for the cross-version check: $TRACESHARK_HOST_BUILD (default build-test/, built
# with the Wireshark plugins when missing).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${TRACESHARK_DEBIAN13_CACHE:-/var/cache/traceshark}
RFS=$CACHE/debian13-root
MIRROR=${TRACESHARK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# Change the stamp when the recipe of the root changes (not when install-deps.sh does: that runs every time).
STAMP="debootstrap trixie minbase recipe 1"
HOST_BUILD=${TRACESHARK_HOST_BUILD:-$ROOT/build-test}
START=$(date +%s)

die() { echo "test-debian13.sh: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot, mounts)"
command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
mkdir -p "$CACHE"

# One run at a time per cache (the machine may be shared).
exec 9>"$CACHE/debian13.lock"
flock 9

# Mounts made by this run, unmounted (last first) on every way out.
MOUNTS=()
cleanup() {
  local i
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
    umount "${MOUNTS[$i]}" 2>/dev/null || umount -l "${MOUNTS[$i]}" 2>/dev/null ||
      echo "test-debian13.sh: could not unmount ${MOUNTS[$i]}" >&2
  done
  MOUNTS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
mnt() {  # mnt TARGET MOUNT-ARGS...: mount and remember
  local target=$1; shift
  mkdir -p "$target"
  mount "$@" "$target"
  MOUNTS+=("$target")
}
bind_ro() {  # bind_ro SOURCE TARGET
  mnt "$2" --bind "$1"
  mount -o remount,bind,ro "$2"
}

# ---- the root -----------------------------------------------------------------------------------------------
if [ ! -f "$RFS/.traceshark-stamp" ] || [ "$(cat "$RFS/.traceshark-stamp")" != "$STAMP" ]; then
  # Nothing may still be mounted inside a root about to be deleted.
  if [ -d "$RFS" ] && grep -q " $RFS/" /proc/mounts; then die "something is mounted under $RFS"; fi
  echo "== making the Debian 13 root in $RFS (debootstrap trixie)"
  rm -rf "$RFS.tmp" "$RFS"
  debootstrap --variant=minbase trixie "$RFS.tmp" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 ||
    { tail -n 20 "$CACHE/debootstrap.log" >&2; die "debootstrap failed (log: $CACHE/debootstrap.log)"; }
  echo "$STAMP" >"$RFS.tmp/.traceshark-stamp"
  mv "$RFS.tmp" "$RFS"
else
  echo "== reusing the Debian 13 root in $RFS"
fi
cp /etc/resolv.conf "$RFS/etc/resolv.conf"

mnt "$RFS/proc" -t proc proc
mnt "$RFS/sys" -t sysfs sysfs
mnt "$RFS/dev" --bind /dev
mnt "$RFS/dev/pts" -t devpts devpts -o newinstance,ptmxmode=0666
# The source (read-only) and the shared corpus at the same relative place as here (../shared).
SRC=/work/traceshark
bind_ro "$ROOT" "$RFS$SRC"
SHARED_HOST=$(cd "$ROOT/.." && pwd)/shared
if [ -d "$SHARED_HOST" ]; then bind_ro "$SHARED_HOST" "$RFS/work/shared"; fi
# Scratch shared by the host and the root: the cross-version check's pcapngs and outputs.
XV=/var/tmp/traceshark-xversion
rm -rf "$RFS$XV"; mkdir -p "$RFS$XV"; chmod 1777 "$RFS$XV"

in_root() {  # in_root COMMAND...: run in the root with a clean environment
  chroot "$RFS" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LC_ALL=C.UTF-8 TERM=dumb "$@"
}

echo "== dependencies (scripts/install-deps.sh in the root)"
in_root "$SRC/scripts/install-deps.sh"
in_root tshark --version | head -n 1

echo "== build in the root (Wireshark 4.4)"
BUILD=/var/tmp/traceshark-build
# The reader plugin needs wtap-int.h and file_util.h from the Debian source package of exactly the installed
# Wireshark. When that source cannot be downloaded (a mirror without trixie's sources), build and test the
# dissector plugin alone and say so: the reader is then NOT tested on 4.4.
READER=enabled
if ! in_root "$SRC/scripts/build.sh" "$BUILD" -Dtests=enabled -Dwireshark=enabled -Dwireshark_reader=enabled; then
  [ -f "$RFS$BUILD/wireshark-integration/private-headers/apt/source.log" ] &&
    tail -n 3 "$RFS$BUILD/wireshark-integration/private-headers/apt/source.log"
  echo "!! Wireshark 4.4's private headers cannot be fetched in the root: building the dissector plugin only;"
  echo "!! the 4.4 READER (traceshark-tracedat.so) and the tshark suites that need it are NOT tested in this run"
  READER=disabled
  # The failed setup left no build.dat to reconfigure (a fresh machine): set the directory up again without it.
  in_root rm -rf "$BUILD"
  in_root "$SRC/scripts/build.sh" "$BUILD" -Dtests=enabled -Dwireshark=enabled -Dwireshark_reader=disabled
fi

echo "== tests in the root: wireshark suite and library suites"
# Every test but the 'install' suite (it installs into the root's system directories) and the four that compare
# traceshark-dump with the system's `trace-cmd report`: Debian 13's trace-cmd 3.3 prints the latency columns
# (".....") by default, Debian 12's 3.1 (the oracle traceshark-dump matches) does not; that oracle runs on the host.
ORACLE_TESTS="tracecmd-report-fixtures tracecmd-variants tracecmd-report-corpus tracecmd-guest-pairs"
# (The list is taken first, so that a failing `meson test --list` says why instead of ending the script silently.)
LIST=$(in_root meson test -C "$BUILD" --list --no-rebuild 2>&1) || die "meson test --list failed in the root: $LIST"
TESTS=$(printf '%s\n' "$LIST" | grep -v -e ':install / ' -e '^traceshark:install' |
        sed -n 's|^[^ ]* / \(.*\)$|\1|p' | grep -v -x -F "$(echo "$ORACLE_TESTS" | tr ' ' '\n')" | tr '\n' ' ' || true)
[ -n "$TESTS" ] || die "meson test --list found no tests in the root's build"
echo "tests: $TESTS"
echo "(not run in the root: the install suite; $ORACLE_TESTS, whose oracle is trace-cmd 3.1's report format)"
# shellcheck disable=SC2086
in_root meson test -C "$BUILD" --print-errorlogs --num-processes 2 $TESTS
if [ "$READER" = disabled ]; then
  echo "wireshark-gui skipped in the root: it opens trace.dat/PML files, which needs the reader plugin"
elif in_root sh -c 'command -v wireshark && command -v Xvfb && command -v import' >/dev/null; then
  echo "wireshark-gui ran in the root (wireshark, Xvfb and ImageMagick are installed there)"
else
  echo "wireshark-gui skipped in the root: wireshark, Xvfb or ImageMagick did not install there"
fi

echo "== cross-version check: pcapngs written by 4.0 (host) and 4.4 (root), dissected by both"
if [ ! -f "$HOST_BUILD/wireshark-integration/traceshark.so" ]; then
  "$ROOT/scripts/build.sh" "$HOST_BUILD" -Dtests=enabled -Dwireshark=enabled
else
  ninja -C "$HOST_BUILD" wireshark-integration/traceshark.so wireshark-integration/traceshark-tracedat.so \
    tests/procmon/session64.PML >/dev/null
fi
XVT="$ROOT/tests/wireshark/cross_version.py"
host_args=(--reader "$HOST_BUILD/wireshark-integration/traceshark-tracedat.so"
  --dissector "$HOST_BUILD/wireshark-integration/traceshark.so")
root_args=(--reader "$BUILD/wireshark-integration/traceshark-tracedat.so"
  --dissector "$BUILD/wireshark-integration/traceshark.so")
FIX=tests/fixtures/tracecmd/v7-zstd.dat
python3 "$XVT" write "${host_args[@]}" --out "$RFS$XV/ws40" \
  "tracedat=$ROOT/$FIX" "pml=$HOST_BUILD/tests/procmon/session64.PML"
if [ "$READER" = enabled ]; then
  # 4.4 converts the same inputs with its own reader plugin.
  in_root python3 "$SRC/tests/wireshark/cross_version.py" write "${root_args[@]}" --out "$XV/ws44" \
    "tracedat=$SRC/$FIX" "pml=$BUILD/tests/procmon/session64.PML"
else
  # No 4.4 reader: 4.4's pcapng writer rewrites the pcapngs 4.0 wrote (editcap -F pcapng).
  in_root python3 "$SRC/tests/wireshark/cross_version.py" write --dissector "$BUILD/wireshark-integration/traceshark.so" \
    --out "$XV/ws44" "tracedat=$XV/ws40/tracedat.pcapng" "pml=$XV/ws40/pml.pcapng"
fi
in_root python3 "$SRC/tests/wireshark/cross_version.py" read --dissector "$BUILD/wireshark-integration/traceshark.so" \
  --out "$XV/ws44" --from "$XV/ws40"
python3 "$XVT" read --dissector "$HOST_BUILD/wireshark-integration/traceshark.so" --out "$RFS$XV/ws40" \
  --from "$RFS$XV/ws44"
# Equal after the three documented normalisations (cross_version.py's docstring: tshark's -T fields escaping,
# the truncated-label marker, libtraceevent 1.7 vs 1.8 sched_switch state letters); anything else fails.
python3 "$XVT" compare "$RFS$XV/ws40" "$RFS$XV/ws44"
[ "$READER" = enabled ] || echo "!! reminder: the 4.4 reader plugin was not built (no Debian source of the root's Wireshark)"

echo "== Debian 13 stage done in $(($(date +%s) - START)) s"
