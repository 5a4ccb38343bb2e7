#!/bin/sh
# build-newlib.sh OUT INCLUDE - build newlib 3.3.0 (Debian's newlib-source
# package: /usr/src/newlib/newlib-3.3.0.tar.xz) for Damselfly's user
# programs, into OUT/sysroot/i386-elf/{include,lib}.
#
# newlib is configured as a cross C library for i386-elf, compiled by the
# host gcc with -m32 and the user programs' code-generation flags.  It
# supplies no system calls of its own (--disable-newlib-supplied-syscalls)
# and calls them by their POSIX names (-DMISSING_SYSCALL_NAMES: its
# _read_r calls read(), ...), which lib/libc/sys provides: the generated
# message stubs and the C wrappers around them.  INCLUDE (lib/libc/include)
# comes before newlib's headers, so newlib is compiled with our ABI
# headers (struct stat, errno values, open flags, type sizes).
#
# Only libc.a and libm.a are built (make all-target-newlib); libgloss, the
# board-support layer, is not: our system-call layer is the OS interface.
# Called by the Makefile when OUT/stamp is missing or older than this
# script or the ABI headers; the result stays in obj/ (make clean removes
# it).
set -e
out=$1
inc=$2
tarball=${NEWLIB_TARBALL:-/usr/src/newlib/newlib-3.3.0.tar.xz}
jobs=${NEWLIB_JOBS:-$(nproc 2>/dev/null || echo 2)}

if [ ! -f "$tarball" ]; then
	echo "build-newlib: $tarball is missing (Debian package newlib-source:" >&2
	echo "build-newlib: make deps installs it)" >&2
	exit 1
fi
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
case $inc in /*) ;; *) inc=$(pwd)/$inc ;; esac

rm -rf "$out/src" "$out/build" "$out/sysroot"
mkdir -p "$out/src" "$out/build"
tar -xf "$tarball" -C "$out/src" --strip-components=1

gccinc=$(gcc -m32 -print-file-name=include)
# The host gcc targets Linux: newlib must not see __linux__ (it would
# pick Linux-only paths); -nostdinc keeps the host's /usr/include out.
cflags="-O2 -g -march=i686 -fno-pic -fno-pie -fno-stack-protector"
cflags="$cflags -fno-omit-frame-pointer -nostdinc -I$inc"
cflags="$cflags -DMISSING_SYSCALL_NAMES -U__linux__ -U__linux -Ulinux -U__gnu_linux__"

cd "$out/build"
echo "  NEWLIB  configure (log: $out/build/configure.log)"
../src/configure --target=i386-elf --prefix="$out/sysroot" \
	--disable-multilib --disable-libgloss \
	--disable-newlib-supplied-syscalls \
	--enable-newlib-io-long-long --enable-newlib-io-c99-formats \
	--enable-newlib-io-long-double \
	CC_FOR_TARGET="gcc -m32" AS_FOR_TARGET="as --32" \
	LD_FOR_TARGET="ld -m elf_i386" AR_FOR_TARGET=ar \
	RANLIB_FOR_TARGET=ranlib NM_FOR_TARGET=nm \
	OBJDUMP_FOR_TARGET=objdump CFLAGS_FOR_TARGET="$cflags -isystem $gccinc" \
	> configure.log 2>&1 || { tail -20 configure.log; exit 1; }
echo "  NEWLIB  build, $jobs jobs (log: $out/build/build.log)"
# Our make's flags and variables are not newlib's.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -j"$jobs" all-target-newlib \
	> build.log 2>&1 || { grep -B2 -A8 -m3 'error:' build.log | head -60; exit 1; }
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make install-target-newlib \
	> install.log 2>&1 || { tail -20 install.log; exit 1; }
test -f "$out/sysroot/i386-elf/lib/libc.a"
test -f "$out/sysroot/i386-elf/lib/libm.a"

# newlib builds its POSIX parts (libc/posix, libc/unix) only for the
# systems it knows; these are the ones that need nothing but our calls:
# the exec family with PATH search, popen, sleep, regex, fnmatch, glob,
# basename/dirname.  Compiled as newlib compiles itself, and added to
# newlib's libc.a.
echo "  NEWLIB  posix extras"
posix="execl execle execlp execv execvp popen sleep usleep regcomp regerror
	regexec regfree fnmatch glob collate collcmp"
unix="basename dirname"
root=$out/sysroot/i386-elf
mkdir -p "$out/extra"
objs=
for f in $posix $unix; do
	case " $unix " in *" $f "*) dir=unix ;; *) dir=posix ;; esac
	gcc -m32 $cflags -isystem "$root/include" -isystem "$gccinc" \
		-I"$out/src/newlib/libc/$dir" -fno-builtin -D_COMPILING_NEWLIB -D_GNU_SOURCE -D_execve=execve \
		-c -o "$out/extra/$f.o" "$out/src/newlib/libc/$dir/$f.c"
	objs="$objs $out/extra/$f.o"
done
ar rs "$root/lib/libc.a" $objs
