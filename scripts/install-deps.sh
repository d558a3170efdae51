#!/bin/bash
# Installs everything Traceshark needs to build, test and benchmark, from Debian 12 packages only.
# Idempotent: does nothing when every package is already installed. Needs root (or sudo).
set -euo pipefail
PACKAGES=(
  meson ninja-build pkg-config g++ clang libclang-rt-14-dev python3
  libglib2.0-dev wireshark-dev libwireshark-dev libwiretap-dev tshark
  libtraceevent-dev libtraceevent1-plugin libtracefs-dev libtracecmd-dev trace-cmd
  libzstd-dev zlib1g-dev libboost-test-dev time
  libexpat1-dev  # libs/etl: instrumentation manifests
  libevtx-utils  # the etl-manifest corpus check: evtxexport
  wireshark-qt xvfb imagemagick  # the wireshark-gui test: the real GUI under Xvfb, screenshots
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
