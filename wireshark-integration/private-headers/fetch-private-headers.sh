#!/bin/sh
# Obtains the two Wireshark headers a wiretap (file reader) plugin needs but Debian's libwiretap-dev does not
# ship -- wiretap/wtap-int.h and wsutil/file_util.h -- from the Debian source package of EXACTLY the installed
# Wireshark (whichever Debian release and libwiretap soname package), using apt's own source download with a private sources list (nothing under /etc changes).
#
#   fetch-private-headers.sh OUTDIR
#
# Result: OUTDIR/include/wiretap/wtap-int.h, OUTDIR/include/wsutil/file_util.h, OUTDIR/include/VERSION; the
# version is printed on stdout.
# A result for the installed version is reused (cache); any other version is refused. Exit 0 on success, 1 with
# one "fetch-private-headers: ..." line on stderr otherwise.
set -eu

die() { echo "fetch-private-headers: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: $0 OUTDIR"
out=$1
mkdir -p "$out" || die "cannot create $out"
out=$(cd "$out" && pwd)

# The library package carries the soname (libwiretap13 in Debian 12, libwiretap15 in Debian 13): ask dpkg which
# package provides the libwiretap.so the build links (libwiretap-dev's symlink).
libdir=$(pkg-config --variable=libdir wireshark 2>/dev/null) || die "pkg-config cannot find wireshark (apt-get install wireshark-dev)"
so=$(readlink -f "$libdir/libwiretap.so" 2>/dev/null) || so=
[ -n "$so" ] && [ -f "$so" ] || die "$libdir/libwiretap.so is missing (apt-get install libwiretap-dev)"
pkg=$(dpkg-query -S "$so" 2>/dev/null | head -n1 | cut -d: -f1) ||
    die "no Debian package owns $so"
case "$pkg" in libwiretap[0-9]*) ;; *) die "$so belongs to '$pkg', not to a libwiretapN package" ;; esac
installed=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) || die "$pkg is not installed"
[ -n "$installed" ] || die "$pkg is not installed"
upstream=${installed#*:}; upstream=${upstream%%-*}

# The Debian release the sources come from is the installed system's (bookworm, trixie, ...).
codename=$( . /etc/os-release 2>/dev/null; echo "${VERSION_CODENAME:-}")
[ -n "$codename" ] || die "/etc/os-release has no VERSION_CODENAME"

# The public headers installed must be the same Wireshark as the library.
pc=$(pkg-config --modversion wireshark 2>/dev/null) || die "pkg-config cannot find wireshark (apt-get install wireshark-dev)"
[ "$pc" = "$upstream" ] || die "pkg-config wireshark is $pc but $pkg is $installed"

inc=$out/include
if [ -f "$inc/VERSION" ] && [ "$(cat "$inc/VERSION")" = "$installed" ] &&
   [ -f "$inc/wiretap/wtap-int.h" ] && [ -f "$inc/wsutil/file_util.h" ]; then
    echo "wireshark $installed (cached)"
    exit 0
fi
rm -rf "$inc"

work=$out/apt
rm -rf "$work"
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/src"
cat > "$work/sources.list" <<LIST
deb-src http://deb.debian.org/debian $codename main
deb-src http://deb.debian.org/debian $codename-updates main
deb-src http://deb.debian.org/debian-security $codename-security main
LIST
# apt drops privileges to _apt for downloads; it must be able to write the private directories.
if id _apt >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then chown -R _apt "$work"; fi

apt_opts="-o Dir::Etc::SourceList=$work/sources.list -o Dir::Etc::SourceParts=/dev/null
  -o Dir::State::Lists=$work/lists -o Dir::Cache=$work/cache -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
  -o Debug::NoLocking=1 -o APT::Get::List-Cleanup=0"

# shellcheck disable=SC2086
apt-get -q $apt_opts update >"$work/update.log" 2>&1 ||
    die "apt-get update with the private deb-src list failed (see $work/update.log)"
# shellcheck disable=SC2086
(cd "$work/src" && apt-get -q $apt_opts source --download-only "wireshark=$installed") >"$work/source.log" 2>&1 ||
    die "Debian source package wireshark=$installed cannot be obtained (see $work/source.log);" \
        "the headers must come from exactly the installed version"

dsc=$work/src/wireshark_${installed#*:}.dsc
[ -f "$dsc" ] || die "apt-get source did not produce $(basename "$dsc")"
orig=$(ls "$work/src"/wireshark_"$upstream".orig.tar.* 2>/dev/null | head -n1)
[ -n "$orig" ] || die "no wireshark_$upstream.orig.tar.* in the source package"

# Only the two headers, plus what they include that wireshark-dev lacks (checked below).
want="wiretap/wtap-int.h wsutil/file_util.h"
mkdir -p "$work/x"
tar -xf "$orig" -C "$work/x" --wildcards $(for h in $want; do printf '*/%s ' "$h"; done) ||
    die "$(basename "$orig") has no $want"
top=$(ls "$work/x")
[ -f "$work/x/$top/wiretap/wtap-int.h" ] || die "unexpected layout of $(basename "$orig")"

# Debian patches could touch these headers; apply none silently: refuse if any patch does.
deb=$(ls "$work/src"/wireshark_"${installed#*:}".debian.tar.* 2>/dev/null | head -n1)
if [ -n "$deb" ]; then
    for h in $want; do
        if tar -xOf "$deb" --wildcards 'debian/patches/*' 2>/dev/null | grep -q "^+++ .*/$h"; then
            die "a Debian patch of $installed modifies $h; this script does not apply patches"
        fi
    done
fi

# Every quoted include of the headers must be satisfied by the installed public headers.
sys=$(pkg-config --variable=includedir wireshark)/wireshark
for h in $want; do
    for dep in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$work/x/$top/$h"); do
        case " $want " in *" $dep "*) continue ;; esac
        [ -f "$sys/$dep" ] || [ -f "$sys/$(dirname "$h")/$dep" ] ||
            die "$h includes $dep, which the installed wireshark-dev does not provide"
    done
done

mkdir -p "$inc/wiretap" "$inc/wsutil"
for h in $want; do cp "$work/x/$top/$h" "$inc/$h"; done
echo "$installed" > "$inc/VERSION"
rm -rf "$work/x" "$work/src" "$work/cache" "$work/lists"
echo "wireshark $installed"
exit 0
