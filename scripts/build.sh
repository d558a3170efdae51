#!/bin/bash
# Configures (once) and builds a Meson build directory: scripts/build.sh [BUILDDIR] [meson options...]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-$ROOT/build}
shift || true
if [ ! -f "$DIR/build.ninja" ]; then
  meson setup "$DIR" "$ROOT" "$@"
elif [ $# -gt 0 ]; then
  meson configure "$DIR" "$@"
fi
ninja -C "$DIR"
