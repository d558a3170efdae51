#!/bin/bash
# The README's first command: install the dependencies, build, install, and show a bundled sample capture.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/build.sh" "$ROOT/build" --buildtype=release
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO meson install -C "$ROOT/build" --quiet
SAMPLE="$ROOT/tests/fixtures/tracecmd/v7-zstd.dat"
echo "== traceshark-dump --summary $SAMPLE"
traceshark-dump --summary "$SAMPLE"
echo "== first events (same text as trace-cmd report):"
traceshark-dump "$SAMPLE" | head -n 15
