#!/bin/bash
# The README's first command: install the dependencies, build, install traceshark-dump, the Wireshark plugins,
# the ftrace extcap (as root) and the Traceshark profile, then open the bundled sample capture in tshark with
# that profile.
# Run as root (or with sudo) the plugins go into Wireshark's global plugin directory, because tshark run as root
# ignores personal plugins; run as a user they go into that user's personal Wireshark directories.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO "$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/build.sh" "$ROOT/build" --buildtype=release -Dwireshark=enabled
SAMPLE="$ROOT/tests/fixtures/tracecmd/v7-zstd.dat"
if [ "$(id -u)" -eq 0 ]; then
  meson install -C "$ROOT/build" --quiet
  DUMP=traceshark-dump
else
  # The personal plugin directory is named after the Wireshark release (4.0 on Debian 12, 4.4 on Debian 13).
  WS_RELEASE=$(tshark --version | sed -n '1s/^TShark (Wireshark) \([0-9]*\.[0-9]*\)\..*/\1/p')
  [ -n "$WS_RELEASE" ] || { echo "setup.sh: cannot read the Wireshark version from tshark --version" >&2; exit 1; }
  PLUGINS=$HOME/.local/lib/wireshark/plugins/$WS_RELEASE
  mkdir -p "$PLUGINS/epan" "$PLUGINS/wiretap" "$HOME/.config/wireshark/profiles" "$HOME/.local/bin"
  cp "$ROOT/build/wireshark-integration/traceshark.so" "$PLUGINS/epan/"
  cp "$ROOT/build/wireshark-integration/traceshark-tracedat.so" "$PLUGINS/wiretap/"
  cp -r "$ROOT/wireshark-integration/profile/Traceshark" "$HOME/.config/wireshark/profiles/"
  cp "$ROOT/build/tools/traceshark-dump/traceshark-dump" "$HOME/.local/bin/"
  DUMP=$HOME/.local/bin/traceshark-dump
  # The live ftrace extcap records only as root, and Wireshark 4.0 has no personal extcap directory: it goes
  # into the global one with `meson install` when setup.sh runs as root (docs/extcap.md).
  if [ -x "$ROOT/build/extcap/traceshark-ftrace/traceshark-ftrace" ]; then
    echo "setup.sh: the ftrace extcap (live capture) is installed only by a run as root (meson install -C $ROOT/build)"
  fi
fi
echo "== $DUMP --summary $SAMPLE"
"$DUMP" --summary "$SAMPLE" | head -n 12
echo "== tshark -C Traceshark -r $SAMPLE (first 20 events)"
tshark -C Traceshark -r "$SAMPLE" -c 20
