#!/bin/sh
# dash.sh SRC OUT - build dash (Debian's dash source, unmodified) into
# OUT/dash with its own build system: configure, then make.
#
# configure runs as a cross build (--build: the host, --host=i386-elf),
# so it runs no program it compiles.  CC is a small driver in OUT/bin:
# compiling adds our flags ($PORT_CFLAGS), linking is our link line
# ($PORT_LINK ... $PORT_LIBS), so configure's link tests see our library
# as it is.  The helpers dash runs at build time (mkinit, mknodes,
# mksyntax, mksignames) are compiled for the host by CC_FOR_BUILD (gcc),
# with one build-configuration detail: mksignames writes the table of
# signal names and numbers from <signal.h>, and the host's are Linux's,
# so it is compiled with OUT/include/target-signals.h forced in first,
# which replaces every SIG* number with our system's (taken from our
# headers with the preprocessor).  dash keeps its job control (JOBS,
# its default): the kernel has process groups, sessions, tcsetpgrp and
# stop signals (sh_test checks Ctrl-Z, fg and Ctrl-C under dash -i).
set -e
src=$1
out=$2
mkdir -p "$out/bin" "$out/include" "$out/build"

cat > "$out/bin/port-cc" <<EOT
#!/bin/sh
# The compiler driver for the port: compile with our flags, link with
# our link line.
for a in "\$@"; do
	case \$a in -c|-E|-S|-M|-MM) exec $PORT_CC $PORT_CFLAGS "\$@" ;; esac
done
objs=
while [ \$# -gt 0 ]; do
	case \$1 in
	-o) objs="\$objs -o \$2"; shift ;;
	-l*|-L*|-g|-O*|-W*|-f*|-m*|-D*|-I*|-std=*|-static) ;;
	*.c) o=\${1%.c}.port\$\$.o
	     $PORT_CC $PORT_CFLAGS -c -o "\$o" "\$1" || exit 1
	     objs="\$objs \$o" ;;
	*) objs="\$objs \$1" ;;
	esac
	shift
done
exec $PORT_LINK \$objs $PORT_LIBS
EOT
chmod +x "$out/bin/port-cc"

# Our signal numbers, for the host-built mksignames.
{
	echo '#include <signal.h>'
	echo '#include <stdio.h>' | gcc -E -dM -include signal.h - |
		sed -n 's/^#define \(N\{0,1\}SIG[A-Z0-9_]*\) .*/#undef \1/p'
	echo '#include <signal.h>' | $PORT_CC $PORT_CFLAGS -E -dM - |
		sed -n 's/^#define \(N\{0,1\}SIG[A-Z0-9]*\)[ 	]\{1,\}\([0-9]\{1,\}\)\b.*/#define \1 \2/p'
} > "$out/include/target-signals.h"

# Debian's patches touch configure.ac and Makefile.am (which Debian's
# rules follow with autoreconf); the shipped configure and Makefile.in
# are what we build with (the changes are large-file support and
# hardening flags for the helpers), so they are marked newer than their
# sources and make does not try to run automake.
(cd "$src" && touch aclocal.m4 && sleep 1 && touch configure config.h.in &&
	sleep 1 && touch Makefile.in src/Makefile.in)

cd "$out/build"
"$src/configure" --build="$(gcc -dumpmachine)" --host=i386-elf \
	CC="$out/bin/port-cc" CC_FOR_BUILD=gcc CFLAGS="-O2" \
	--disable-dependency-tracking
# Debian's privmode patch adds priv.c to src/Makefile.am; the shipped
# Makefile.in predates it, so its object is named here (dash_LDADD is
# the list of extra objects the link takes, dash_DEPENDENCIES what it
# waits for).
extra="builtins.o init.o nodes.o signames.o syntax.o priv.o"
make CFLAGS_FOR_BUILD="-O2 -include $out/include/target-signals.h" \
	dash_LDADD="$extra" dash_DEPENDENCIES="$extra"
cp src/dash "$out/dash"
