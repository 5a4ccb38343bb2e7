#!/bin/sh
# lua5.4.sh SRC OUT - build Lua 5.4 (Debian's lua5.4 source, unmodified)
# into OUT/lua.
#
# Lua's own makefile builds liblua.a from CORE_O and LIB_O and links lua.o
# against it; this recipe compiles the same list (read from src/Makefile,
# so a new Lua version with another list still builds) plus lua.c, with
# our compiler and flags ($PORT_CC $PORT_CFLAGS) and links with our link
# line ($PORT_LINK ... $PORT_LIBS).  Lua's "generic" configuration
# (ISO C only, as "make generic"): LUA_USE_POSIX would want _setjmp,
# flockfile and getc_unlocked, which our library does not have yet (a
# known limit: io.popen says it is unsupported, os.tmpname uses tmpnam);
# no LUA_USE_DLOPEN: the system has no dynamic loading, so require of a
# C module says so.
set -e
src=$1/src
out=$2
mkdir -p "$out/obj" "$out/include"
# Debian's luaconf.h includes a header its debian/rules generates (the
# multiarch triple, for the C module path): we generate it the same way.
echo '#define DEB_HOST_MULTIARCH "i386-damselfly"' > "$out/include/lua5.4-deb-multiarch.h"
objs=$(sed -n -e 's/^CORE_O=//p' -e 's/^LIB_O=//p' "$src/Makefile")
[ -n "$objs" ] || { echo "lua5.4: no CORE_O/LIB_O in $src/Makefile" >&2; exit 1; }
list=
for o in $objs lua.o; do
	c=$src/${o%.o}.c
	$PORT_CC $PORT_CFLAGS -I"$out/include" -c -o "$out/obj/$o" "$c"
	list="$list $out/obj/$o"
done
$PORT_LINK -o "$out/lua" $list $PORT_LIBS
