#!/bin/sh
# install-deps.sh - install the Debian packages the build and QEMU runs
# need, if any is missing.  Called by `make` (all), `make run`,
# `make check`, `make bench`, `make iso` and `make debug`; does nothing
# when all are present.  `install-deps.sh debug` also installs gdb,
# `install-deps.sh profile` python3.
set -e
pkgs=""
need() {	# need PACKAGE FILE: install PACKAGE unless FILE exists
	[ -e "$2" ] || pkgs="$pkgs $1"
}
need gcc		/usr/bin/gcc
need make		/usr/bin/make
need binutils		/usr/bin/ld
need gcc-multilib	"$(dirname "$(gcc -print-libgcc-file-name 2>/dev/null || echo /nonexistent/x)")/32/libgcc.a"
need qemu-system-x86	/usr/bin/qemu-system-i386
need grub-pc-bin	/usr/lib/grub/i386-pc/multiboot.mod
need grub-common	/usr/bin/grub-file
need xorriso		/usr/bin/xorriso
need mtools		/usr/bin/mtools
need gawk		/usr/bin/awk
need coreutils		/usr/bin/timeout
need newlib-source	/usr/src/newlib/newlib-3.3.0.tar.xz
need dpkg-dev		/usr/bin/dpkg-source
if [ "${1:-}" = debug ]; then
	need gdb	/usr/bin/gdb
fi
if [ "${1:-}" = profile ]; then	# make profile's table
	need python3	/usr/bin/python3
fi
[ -z "$pkgs" ] && exit 0
echo "install-deps: installing$pkgs"
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends $pkgs
