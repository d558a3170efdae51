#!/bin/bash
# Installs everything Traceshark needs to build, test and benchmark, from Debian packages only: Debian 12
# (bookworm, Wireshark 4.0) or Debian 13 (trixie, Wireshark 4.4). Idempotent: does nothing when every package is
# already installed. Needs root (or sudo).
set -euo pipefail
# The release decides the few names that carry a version (the compiler runtime of Debian's default clang, the
# Wireshark GUI package).
. /etc/os-release
case "${VERSION_ID:-}" in
  12) CLANG_RT=libclang-rt-14-dev; WIRESHARK_GUI=wireshark-qt ;;
  13) CLANG_RT=libclang-rt-19-dev; WIRESHARK_GUI=wireshark ;;
  *) echo "install-deps.sh: Debian 12 or 13 expected, this is ${PRETTY_NAME:-unknown}" >&2; exit 1 ;;
esac
PACKAGES=(
  meson ninja-build pkg-config g++ clang "$CLANG_RT" python3
  libglib2.0-dev wireshark-dev libwireshark-dev libwiretap-dev tshark
  libtraceevent-dev libtraceevent1-plugin libtracefs-dev libtracecmd-dev trace-cmd
  libzstd-dev zlib1g-dev libboost-test-dev time
  "$WIRESHARK_GUI" xvfb imagemagick  # the wireshark-gui test: the real GUI under Xvfb, screenshots
  tesseract-ocr xdotool              # the extcap-gui test: reads the GUI's words and clicks them
  debootstrap                        # run-tests.sh's Wireshark 4.4 stage: a Debian 13 root
  libexpat1-dev                      # libs/etl: instrumentation manifests
  libevtx-utils                      # the etl-manifest corpus check: evtxexport
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; the answer does not matter here.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
