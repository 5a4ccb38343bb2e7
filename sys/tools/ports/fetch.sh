#!/bin/sh
# fetch.sh OUT PACKAGE - fetch and unpack the Debian source package
# PACKAGE into OUT/src/PACKAGE (the unpacked tree, Debian's patches
# applied by dpkg-source), with apt-get through a private configuration:
# OUT/sources.list names deb-src lines for the mirror and suites of the
# machine's own sources (/etc/apt/sources.list.d/debian.sources), and the
# package lists and cache live in OUT/lists and OUT/cache, so the
# machine's apt configuration and state are not changed.  The command is
#
#   apt-get -o Dir::Etc::SourceList=OUT/sources.list \
#	-o Dir::Etc::SourceParts=/nonexistent -o Dir::State::Lists=OUT/lists \
#	-o Dir::Cache=OUT/cache update        (once, for the lists)
#   apt-get (same options) source PACKAGE  (in OUT/dl: .dsc, tarballs,
#					    then dpkg-source -x)
#
# fetch.sh OUT PACKAGE PATH... fetches the source package without
# unpacking it and takes only the files PATH... (relative to the source
# tree) from its upstream tarball into OUT/src/PACKAGE: make profile
# needs one header of QEMU's, not QEMU.
#
# A failure (no network, no such package) stops the build with a clear
# message.  Called by the Makefile when OUT/src/PACKAGE/.fetched is missing.
set -e
out=$1
pkg=$2
shift 2
mirror=${PORTS_MIRROR:-http://deb.debian.org/debian}
suite=${PORTS_SUITE:-bookworm}
case $out in /*) ;; *) out=$(pwd)/$out ;; esac

mkdir -p "$out/lists/partial" "$out/cache/archives/partial" "$out/dl" "$out/src"
if [ ! -f "$out/sources.list" ]; then
	printf 'deb-src %s %s main\ndeb-src %s %s-updates main\n' \
		"$mirror" "$suite" "$mirror" "$suite" > "$out/sources.list"
fi
apt="apt-get -q -o Dir::Etc::SourceList=$out/sources.list
	-o Dir::Etc::SourceParts=/nonexistent -o Dir::State::Lists=$out/lists
	-o Dir::Cache=$out/cache -o APT::Sandbox::User=root"
if ! ls "$out/lists/"*Sources* > /dev/null 2>&1; then
	echo "  FETCH   apt-get update (deb-src, $out/sources.list)"
	$apt update > "$out/update.log" 2>&1 || {
		cat "$out/update.log" >&2
		echo "ports: apt-get update failed (network? mirror $mirror)" >&2
		exit 1
	}
fi
echo "  FETCH   apt-get source $pkg"
rm -rf "$out/dl/$pkg" "$out/src/$pkg"
mkdir -p "$out/dl/$pkg"
only=${1:+--download-only}
(cd "$out/dl/$pkg" && $apt source $only "$pkg") > "$out/dl/$pkg.log" 2>&1 || {
	cat "$out/dl/$pkg.log" >&2
	echo "ports: apt-get source $pkg failed (dpkg-dev installed? network?)" >&2
	exit 1
}
if [ -n "$only" ]; then
	tarball=$(ls "$out/dl/$pkg/"*.orig.tar.* | head -1)
	mkdir -p "$out/src/$pkg"
	for path in "$@"; do
		tar -xf "$tarball" -C "$out/src/$pkg" --strip-components=1 \
			--wildcards "*/$path"
	done
	touch "$out/src/$pkg/.fetched"
	exit 0
fi
dir=$(find "$out/dl/$pkg" -mindepth 1 -maxdepth 1 -type d | head -1)
[ -n "$dir" ] || { echo "ports: apt-get source $pkg unpacked nothing" >&2; exit 1; }
mv "$dir" "$out/src/$pkg"
touch "$out/src/$pkg/.fetched"
