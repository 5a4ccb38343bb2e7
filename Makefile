# Damselfly - build, boot and test.
#
#   make            build the kernel (obj/kernel.elf) and the ISO
#   make run        boot the ISO in QEMU, serial console on this terminal
#   make check      build, boot the test kernels headless, report
#   make bench      boot with -icount shift=0, print BENCH lines and
#                   rewrite README.md's tables from them
#   make bench-vd   only the virtio-blk reads, in-kernel and user driver
#                   (-icount, about a minute; README untouched)
#   make bench-async  only the asynchronous figures, printed (README
#                   untouched): a quick measure of the batch path
#   make profile    where one disk read's instructions go, per
#                   function, user driver vs in-kernel driver
#                   (PROFILE_SIZE=4k or 64k, PROFILE_DISK=vd or ide;
#                   sys/tools/insnprof)
#   make debug      boot with QEMU's gdb stub waiting on :1234
#   make faults     a fault-injection campaign against the user disk
#                   drivers: FAULTS=1000000 faults (FAULT_SEED=1,
#                   FAULT_RATE=20: one per 20 injection points) in
#                   boots of FAULT_CHUNK=50000, FAULT_JOBS=1 at once
#   make ports      build the Debian ports (lua, dash) into the archive
#   make deps       install the Debian packages the others need
#   make clean      remove obj/
#   make help       this list
#
# Every target that builds or boots installs what it needs first (make
# deps, then the work in a second make: the compiler's paths are read
# when the Makefile is, so they must exist by then).
# Everything built goes under obj/.  The kernel is linked twice: the
# second link adds the symbol table used by backtraces.

OBJ	:= obj
CC	:= gcc
LD	:= ld
OBJDUMP	:= objdump
NM	:= nm
QEMU	:= qemu-system-i386
QEMU_MEM ?= 256
CHECK_TIMEOUT ?= 300

KERNEL_DEFS ?=
CFLAGS_COMMON := -m32 -march=i686 -ffreestanding -fno-builtin -nostdinc \
	-fno-pic -fno-pie -fno-stack-protector -fno-omit-frame-pointer \
	-fno-strict-aliasing -mgeneral-regs-only -fno-asynchronous-unwind-tables \
	-std=gnu11 -O2 -g -Wall -Werror -Wextra -Wno-unused-parameter \
	-Wno-sign-compare -Wstrict-prototypes -Wmissing-prototypes
GEN	:= $(OBJ)/gen
KINCLUDES := -Isys -I$(OBJ)/include -I$(GEN) -Isys/libkern
KCFLAGS	:= $(CFLAGS_COMMON) -D_KERNEL $(KINCLUDES) $(KERNEL_DEFS)
KASFLAGS := -m32 -D_KERNEL -D__ASSEMBLER__ $(KINCLUDES)
LIBGCC	:= $(shell $(CC) -m32 -print-libgcc-file-name 2>/dev/null)

# Kernel sources: the kernel proper, its own string functions
# (sys/libkern: the kernel never links the user C library), and the
# in-kernel tests (run when booted with "tests").
KSRCS_C := $(wildcard sys/kern/*.c sys/vm/*.c sys/dev/*/*.c sys/vfs/*/*.c) \
	$(filter-out sys/i386/genassym.c, $(wildcard sys/i386/*.c)) \
	$(wildcard sys/libkern/*.c) \
	$(wildcard test/kern/*.c test/msgport/*.c test/vm/*.c)
KSRCS_S := $(wildcard sys/i386/*.S sys/libkern/*.S)
KOBJS	:= $(patsubst %.c,$(OBJ)/%.o,$(KSRCS_C)) \
	$(patsubst %.S,$(OBJ)/%.o,$(KSRCS_S)) $(OBJ)/sys/i386/vectors.o \
	$(GEN)/init_sysent.o

# Interrupt vectors with generated stubs: exceptions 0-31, IRQs 32-47.
# The system call gates (0x80, 0x81) have none: they enter at
# Xsyscall80/81 (exception.S).
VECTORS := $(shell seq 0 47)

# ---- user space: the C library and the programs in the boot archive ---------
# The C library is newlib 3.3.0 (stdio, printf, strtod, math, time, setjmp,
# locale, regex, getopt, qsort, malloc, ...), built from Debian's
# newlib-source by sys/tools/build-newlib.sh into $(NEWLIB), beneath our
# system-call layer, lib/libc/sys and lib/libc/gen (crt0, the generated
# message stubs, sendsys/waitsys/flushsys, sysasync.h, signal trampoline,
# brk, directories).  lib/libc/include comes before newlib's headers, for
# newlib's own compilation too: it holds the headers whose definitions are
# the kernel's ABI (lib/libc/abi/abicheck.c checks them against sys/sys at
# compile time) and ours.  Kernel headers a program may include
# (sys/sysctl.h, sys/sysmsg.h, ...) come last (-idirafter sys).
UOBJ	:= $(OBJ)/user
NEWLIB	:= $(OBJ)/newlib
NEWLIB_ROOT := $(NEWLIB)/sysroot/i386-elf
NEWLIB_STAMP := $(NEWLIB)/stamp
NEWLIB_ABI_HDRS := $(wildcard lib/libc/include/sys/*.h lib/libc/include/machine/*.h)
GCC_INC	:= $(shell $(CC) -m32 -print-file-name=include 2>/dev/null)
UINCLUDES := -nostdinc -Ilib/libc/include -isystem $(NEWLIB_ROOT)/include \
	-isystem $(GCC_INC) -idirafter sys -idirafter $(GEN) -I$(UOBJ)/include
# User code uses the FPU (the kernel keeps each thread's state): no
# -mgeneral-regs-only, no -ffreestanding (newlib is a hosted library).
UCFLAGS	:= -m32 -march=i686 -fno-pic -fno-pie -fno-stack-protector \
	-fno-omit-frame-pointer -fno-strict-aliasing \
	-fno-asynchronous-unwind-tables -std=gnu11 -O2 -g -Wall -Werror \
	-Wextra -Wno-unused-parameter -Wno-sign-compare -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-format-truncation -Wno-stringop-truncation \
	$(UINCLUDES)
# The user tests share one assertion header, test/include/utest.h.
$(UOBJ)/test/%.o: UCFLAGS += -Itest/include
# The tests granted hardware (test/dev) and their helpers (test/lib) do
# port I/O with machine/cpufunc.h's inlines, the one place inline
# assembly is written (after every other directory: libc's machine/
# headers come first).
$(UOBJ)/test/dev/%.o $(UOBJ)/test/lib/%.o: UCFLAGS += -idirafter $(OBJ)/include
# The floating-point tests (test/proc/fpu_*.c) compute with the x87
# (long double) and SSE2 (double).
$(UOBJ)/test/proc/fpu_%.o: UCFLAGS += -msse2 -mfpmath=sse
# malloc_test asks for impossible sizes on purpose.
$(UOBJ)/test/libc/malloc_test.o: UCFLAGS += -Wno-alloc-size-larger-than
UASFLAGS := -m32 -D__ASSEMBLER__ $(UINCLUDES)
LIBC_SRCS := $(wildcard lib/libc/sys/*.c lib/libc/gen/*.c) lib/libc/abi/abicheck.c \
	lib/libc/sys/sendsys.S lib/libc/sys/sigtramp.S $(GEN)/libc_msg.S $(GEN)/libc_int80.S
LIBC_OBJS := $(patsubst %,$(UOBJ)/%.o,$(basename $(LIBC_SRCS)))
# libc.a is newlib's with our layer added and the members it replaces
# removed (newlib's in-process signal() and raise(), and its rename(),
# link and unlink: the kernel has rename; its calloc, see
# lib/libc/gen/calloc.c; and its abort, see lib/libc/gen/abort.c).
NEWLIB_REPLACED := lib_a-signal.o lib_a-rename.o lib_a-calloc.o lib_a-abort.o
# newlib's malloc objects, whose entry points are renamed to __nl_* (in
# these objects only) so that lib/libc/gen/mmalloc.c, which serves large
# blocks from mmap, stands in front of them.
NEWLIB_MALLOC := lib_a-mallocr.o lib_a-freer.o lib_a-reallocr.o \
	lib_a-malignr.o lib_a-msizer.o lib_a-callocr.o
NEWLIB_MALLOC_RENAME := $(foreach f,_malloc_r _free_r _realloc_r _memalign_r \
	_malloc_usable_size_r _calloc_r,--redefine-sym $(f)=__nl$(f))
LIBC	:= $(UOBJ)/lib/libc.a
LIBM	:= $(UOBJ)/lib/libm.a
CRT0	:= $(UOBJ)/lib/crt0.o
# Every .c file under these folders is one program in /bin: the tests,
# and in test/bin the shell and utilities a user of the system explores
# it with.
UPROG_SRCS := test/init.c test/testrun.c $(wildcard test/proc/*.c test/libc/*.c \
	test/vfs/*.c test/mman/*.c test/async/*.c test/dev/*.c test/bench/*.c \
	test/bin/*.c)
# A folder test/bin/NAME/ is one program, /bin/NAME, made of every .c
# file in it (the shell, test/bin/sh/).
UMULTI	:= $(notdir $(patsubst %/,%,$(wildcard test/bin/*/)))
UMULTI_SRCS := $(foreach m,$(UMULTI),$(wildcard test/bin/$(m)/*.c))
UPROGS	:= $(patsubst %.c,$(UOBJ)/root/bin/%,$(notdir $(UPROG_SRCS))) \
	$(patsubst %,$(UOBJ)/root/bin/%,$(UMULTI))
# The helpers every test program may use (test/include/utest.h), as a
# library: a program links only what it calls.
UTLIB_SRCS := $(wildcard test/lib/*.c test/lib/*.S)
UTLIB	:= $(UOBJ)/libut.a
BOOTFS	:= $(OBJ)/bootfs.tar

KERNEL	:= $(OBJ)/kernel.elf
ISO	:= $(OBJ)/damselfly.iso
TEST_ISO := $(OBJ)/damselfly-test.iso
BOOTMOD	:= $(OBJ)/bootcheck.txt

.PHONY: all build deps run check bench bench-vd bench-async debug iso clean help drvif-user faults profile
all: deps
	@$(MAKE) --no-print-directory build
build: $(KERNEL) $(BOOTFS) $(ISO)

deps:
	@sh sys/tools/install-deps.sh

help:
	@sed -n '3,/^$$/s/^#   //p' Makefile

# ---- kernel ------------------------------------------------------------
# Relative, so that a copy of obj/ in another clone uses that clone's
# headers, not the ones it was copied from.
$(OBJ)/include/machine:
	@mkdir -p $(OBJ)/include
	ln -sfn $$(realpath --relative-to=$(OBJ)/include $(CURDIR)/sys/i386/include) $@

# The system call glue, generated from the one table (rule below).
# assym.h waits for it: genassym.c may include any kernel header, and
# sys/sysmsg.h includes the generated sys/syscall.h.
SYSCALL_GEN := $(GEN)/sys/syscall.h $(GEN)/sys/sysproto.h $(GEN)/init_sysent.c \
	$(GEN)/libc_msg.S $(GEN)/libc_int80.S

$(OBJ)/include/assym.h: sys/i386/genassym.c | $(OBJ)/include/machine $(SYSCALL_GEN)
	@echo "  GEN     assym.h"
	@$(CC) $(KCFLAGS) -MMD -MP -MF $(OBJ)/genassym.d -MT $@ -S -o $(OBJ)/genassym.s $<
	( echo "/* GENERATED from sys/i386/genassym.c: do not edit. */"; \
	  sed -n 's/^->\([A-Z_0-9]*\) \(.*\)$$/#define \1 \2/p' $(OBJ)/genassym.s ) > $@.tmp
	mv $@.tmp $@

$(SYSCALL_GEN) &: sys/kern/syscalls.master sys/tools/gen_syscalls.sh
	@echo "  GEN     syscall glue from sys/kern/syscalls.master"
	@sh sys/tools/gen_syscalls.sh sys/kern/syscalls.master $(GEN)

$(GEN)/init_sysent.o: $(GEN)/init_sysent.c | $(OBJ)/include/machine
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -c -o $@ $<

$(OBJ)/sys/i386/vectors.S: sys/tools/gen_vectors.sh Makefile
	@mkdir -p $(dir $@)
	sh $< $(VECTORS) > $@

# Tests run in the order they are written in each file.
$(OBJ)/test/%.o: KCFLAGS += -fno-toplevel-reorder

$(OBJ)/%.o: %.c | $(OBJ)/include/machine $(OBJ)/include/assym.h $(SYSCALL_GEN)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -MMD -MP -c -o $@ $<

$(OBJ)/%.o: %.S | $(OBJ)/include/machine $(OBJ)/include/assym.h $(SYSCALL_GEN)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(KASFLAGS) -MMD -MP -c -o $@ $<

$(OBJ)/sys/i386/vectors.o: $(OBJ)/sys/i386/vectors.S
	$(CC) $(KASFLAGS) -c -o $@ $<

$(OBJ)/ksyms0.o: sys/tools/gen_ksyms.sh
	@mkdir -p $(OBJ)
	sh $< < /dev/null > $(OBJ)/ksyms0.S
	$(CC) $(KASFLAGS) -c -o $@ $(OBJ)/ksyms0.S

$(KERNEL): $(KOBJS) $(OBJ)/ksyms0.o sys/conf/kernel.ld sys/tools/gen_ksyms.sh
	@echo "  LD      $@"
	@$(LD) -m elf_i386 -nostdlib -T sys/conf/kernel.ld -o $(OBJ)/kernel.pass1 \
		$(KOBJS) $(OBJ)/ksyms0.o $(LIBGCC)
	@$(NM) -n $(OBJ)/kernel.pass1 | sh sys/tools/gen_ksyms.sh > $(OBJ)/ksyms.S
	@$(CC) $(KASFLAGS) -c -o $(OBJ)/ksyms.o $(OBJ)/ksyms.S
	@$(LD) -m elf_i386 -nostdlib -T sys/conf/kernel.ld -o $@ \
		$(KOBJS) $(OBJ)/ksyms.o $(LIBGCC)
	@$(NM) -n $@ > $(OBJ)/kernel.sym
	@$(OBJDUMP) -d $@ > $(OBJ)/kernel.asm
	@# The second link must not move any function.
	@$(NM) -n $(OBJ)/kernel.pass1 | awk '$$2 ~ /^[tT]$$/' > $(OBJ)/text.pass1
	@awk '$$2 ~ /^[tT]$$/' $(OBJ)/kernel.sym > $(OBJ)/text.pass2
	@cmp -s $(OBJ)/text.pass1 $(OBJ)/text.pass2 || \
		{ echo "kernel: symbols moved between link passes"; exit 1; }
	@if command -v grub-file >/dev/null; then \
		grub-file --is-x86-multiboot $@ || \
		{ echo "kernel: not a Multiboot image"; exit 1; }; fi

-include $(shell find $(OBJ) -name '*.d' -type f 2>/dev/null)

# ---- user space ------------------------------------------------------------
# User objects list every header they read (-MD, not -MMD): the kernel's
# headers come by -idirafter, a system directory, and -MMD would leave
# out sys/sys/agent.h and the rest of the ABI, so a changed struct would
# link objects of two layouts.
$(UOBJ)/%.o: %.c $(SYSCALL_GEN) $(UOBJ)/include/runlist.h | $(OBJ)/include/machine
	@mkdir -p $(dir $@)
	@echo "  CC      $< (user)"
	@$(CC) $(UCFLAGS) -MD -MP -c -o $@ $<

$(UOBJ)/%.o: %.S $(SYSCALL_GEN)
	@mkdir -p $(dir $@)
	@echo "  AS      $< (user)"
	@$(CC) $(UASFLAGS) -c -o $@ $<

# init's list of test programs, from test/runlist.
$(UOBJ)/include/runlist.h: test/runlist
	@mkdir -p $(dir $@)
	@( echo "/* GENERATED from test/runlist: do not edit. */"; \
	  echo "static const char *const runlist[] = {"; \
	  sed -e 's/#.*//' -e '/^[[:space:]]*$$/d' -e 's/^[[:space:]]*\([^[:space:]]*\).*/\t"\1",/' $<; \
	  echo "\tNULL"; echo "};" ) > $@

$(NEWLIB_STAMP): sys/tools/build-newlib.sh $(NEWLIB_ABI_HDRS)
	@sh sys/tools/build-newlib.sh $(NEWLIB) lib/libc/include
	@touch $@


$(LIBC): $(LIBC_OBJS) $(NEWLIB_STAMP) $(UOBJ)/lib/libc/abi/abicheck.o
	@echo "  AR      $@ (newlib + lib/libc)"
	@mkdir -p $(dir $@)
	@rm -f $@.tmp && cp $(NEWLIB_ROOT)/lib/libc.a $@.tmp
	@ar d $@.tmp $(NEWLIB_REPLACED)
	@rm -rf $@.mm && mkdir $@.mm && cd $@.mm && ar x ../$(notdir $@).tmp $(NEWLIB_MALLOC) && \
	  for o in $(NEWLIB_MALLOC); do objcopy $(NEWLIB_MALLOC_RENAME) $$o || exit 1; done && \
	  ar r ../$(notdir $@).tmp $(NEWLIB_MALLOC)
	@rm -rf $@.mm
	@ar rs $@.tmp $(LIBC_OBJS)
	@mv $@.tmp $@

$(LIBM): $(NEWLIB_STAMP)
	@mkdir -p $(dir $@)
	@cp $(NEWLIB_ROOT)/lib/libm.a $@

$(CRT0): $(UOBJ)/lib/libc/sys/crt0.o
	@mkdir -p $(dir $@)
	@cp $< $@

# The ABI check: the kernel's values (lib/libc/abi/kabi.c, compiled as
# the kernel is) as a header of constants, against which abicheck.c,
# compiled as a user program, asserts newlib's view.  Compiling is the test.
$(UOBJ)/include/kabi.h: lib/libc/abi/kabi.c | $(OBJ)/include/machine $(SYSCALL_GEN)
	@mkdir -p $(dir $@)
	@echo "  GEN     kabi.h"
	@$(CC) $(KCFLAGS) -S -o $(UOBJ)/kabi.s $<
	@( echo "/* GENERATED from lib/libc/abi/kabi.c: do not edit. */"; \
	  sed -n 's/^->\([A-Za-z_0-9]*\) \$$\{0,1\}\(.*\)$$/#define KABI_\1 (\2)/p' $(UOBJ)/kabi.s ) > $@.tmp
	@mv $@.tmp $@
$(UOBJ)/lib/libc/abi/abicheck.o: $(UOBJ)/include/kabi.h

UTLIB_OBJS := $(patsubst %,$(UOBJ)/%.o,$(basename $(UTLIB_SRCS)))
$(UTLIB): $(UTLIB_OBJS)
	@echo "  AR      $@"
	@rm -f $@ && ar rcs $@ $^

# A program in /bin: crt0, its object (the rule after this one names it),
# the test helpers, libc, libm and libgcc.  Linked without debugging
# information (-S: newlib's would make the boot archive 28 MB, more than
# a 32 MB machine can load); the objects keep it.
$(UOBJ)/root/bin/%: $(LIBC) $(LIBM) $(CRT0) $(UTLIB)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(LD) -m elf_i386 -nostdlib -S -z noexecstack -e _start \
		-Ttext-segment=0x08048000 -o $@ \
		$(CRT0) $(call uprog_objs,$*) $(PROG_LIBS) $(UTLIB) \
		--start-group $(LIBC) $(LIBM) $(LIBGCC) --end-group

UPROG_OBJS := $(patsubst %.c,$(UOBJ)/%.o,$(UPROG_SRCS) $(UMULTI_SRCS))
# uprog_objs NAME: the objects of /bin/NAME (its folder's, or its one file's).
uprog_objs = $(if $(filter $(1),$(UMULTI)),$(patsubst %.c,$(UOBJ)/%.o,$(wildcard test/bin/$(1)/*.c)),$(filter %/$(1).o,$(patsubst %.c,$(UOBJ)/%.o,$(UPROG_SRCS))))

# ---- drivers built a second time, as user code (sys/sys/drvif.h) -------
# The UART, ATA and virtio-blk drivers and the partition layer call only
# the driver interface, so their .c files compile again without _KERNEL
# against lib/libdrv (DRV_USER; lib/libdrv/include shadows sys/systm.h,
# sys/malloc.h and sys/sysctl.h for them).  drvif-user links them together and checks
# that what they need from outside is drv_* and the C library: a driver
# that calls the kernel by name fails make check here.
DRV_USRCS := sys/dev/serial/ns16550.c $(wildcard sys/dev/ata/*.c sys/dev/virtio/*.c) \
	sys/kern/subr_diskmbr.c
DRV_UOBJS := $(patsubst %.c,$(UOBJ)/drv/%.o,$(DRV_USRCS))
DRV_UCFLAGS = -DDRV_USER -Ilib/libdrv/include -Ilib/libdrv $(UCFLAGS) -idirafter $(OBJ)/include
DRV_ALLOWED := strlcpy memset memcpy memcmp __divdi3 __moddi3 __udivdi3 __umoddi3
LIBDRV	:= $(UOBJ)/lib/libdrv.a
$(UOBJ)/drv/%.o: %.c $(NEWLIB_STAMP) $(SYSCALL_GEN)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (user driver)"
	@$(CC) $(DRV_UCFLAGS) -MD -MP -c -o $@ $<
$(UOBJ)/lib/libdrv/%.o: lib/libdrv/%.c $(NEWLIB_STAMP) $(SYSCALL_GEN)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (user)"
	@$(CC) $(DRV_UCFLAGS) -MD -MP -c -o $@ $<
$(LIBDRV): $(UOBJ)/lib/libdrv/drvif.o $(UOBJ)/lib/libdrv/drvagent.o \
	$(UOBJ)/lib/libdrv/drvdev.o $(UOBJ)/lib/libdrv/drvfault.o \
	$(UOBJ)/lib/libdrv/drvmem.o $(UOBJ)/lib/libdrv/drvrec.o \
	$(UOBJ)/lib/libdrv/drvpci.o
	@echo "  AR      $@"
	@rm -f $@ && ar rcs $@ $^
$(UOBJ)/drv/drivers.o: $(DRV_UOBJS)
	@$(LD) -m elf_i386 -r -o $@ $^
drvif-user: $(UOBJ)/drv/drivers.o $(LIBDRV)
	@bad=$$($(NM) -u $(UOBJ)/drv/drivers.o | awk '{print $$2}' | \
	  grep -v '^drv_' | grep -vxF "$$(printf '%s\n' $(DRV_ALLOWED))"); \
	if [ -n "$$bad" ]; then echo "drvif-user: the drivers call outside sys/sys/drvif.h:" $$bad; exit 1; fi
	@missing=$$($(NM) -u $(UOBJ)/drv/drivers.o | awk '{print $$2}' | grep '^drv_' | \
	  while read s; do $(NM) $(LIBDRV) | grep -q " [TBD] $$s$$" || echo $$s; done); \
	if [ -n "$$missing" ]; then echo "drvif-user: lib/libdrv lacks:" $$missing; exit 1; fi
	@echo "drvif-user: $(words $(DRV_USRCS)) driver files build as user code, calling only drv_* (lib/libdrv) and libc"
# The test programs of lib/libdrv: drivers of their own, as user code.
DRV_TESTS := drvif_local drvif_agent
$(patsubst %,$(UOBJ)/test/dev/%.o,$(DRV_TESTS)): $(UOBJ)/test/dev/%.o: test/dev/%.c $(NEWLIB_STAMP) $(SYSCALL_GEN)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (user, libdrv)"
	@$(CC) $(DRV_UCFLAGS) -Itest/include -MD -MP -c -o $@ $<
$(patsubst %,$(UOBJ)/root/bin/%,$(DRV_TESTS)): PROG_LIBS = $(LIBDRV)
$(patsubst %,$(UOBJ)/root/bin/%,$(DRV_TESTS)): $(LIBDRV)
# /bin/drvd (test/bin/drvd.c): the drivers themselves in a process, run
# on a granted PCI function (NAME=user on the kernel command line).
$(UOBJ)/test/bin/drvd.o: test/bin/drvd.c $(NEWLIB_STAMP) $(SYSCALL_GEN)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (user, libdrv)"
	@$(CC) $(DRV_UCFLAGS) -MD -MP -c -o $@ $<
$(UOBJ)/root/bin/drvd: PROG_LIBS = $(UOBJ)/drv/drivers.o $(LIBDRV)
$(UOBJ)/root/bin/drvd: $(UOBJ)/drv/drivers.o $(LIBDRV)

# Every user object waits for newlib's headers.
$(LIBC_OBJS) $(UPROG_OBJS) $(UTLIB_OBJS) $(UOBJ)/lib/libc/abi/abicheck.o: $(NEWLIB_STAMP)
$(foreach src,$(UPROG_SRCS),$(eval $(UOBJ)/root/bin/$(basename $(notdir $(src))): $(UOBJ)/$(basename $(src)).o))
$(foreach m,$(UMULTI),$(eval $(UOBJ)/root/bin/$(m): $(call uprog_objs,$(m))))

# ---- ports: third-party programs from Debian source packages ----------
# make ports fetches each port's Debian source package (sys/tools/ports/
# fetch.sh: apt-get source through a private deb-src list in $(PORTS)) and
# builds it, unmodified, with its recipe sys/tools/ports/PACKAGE.sh,
# called as "PACKAGE.sh SOURCE-TREE BUILD-DIR" with our compiler, flags
# and link line in PORT_CC, PORT_CFLAGS, PORT_LINK and PORT_LIBS; the
# recipe leaves the program in BUILD-DIR/PROGRAM, installed as
# /bin/PROGRAM.  The smoke scripts test/ports/* go to /etc/ports/.
# To add a port: write its recipe and add "PACKAGE:PROGRAM" to PORTS_LIST.
PORTS	:= $(OBJ)/ports
PORTS_LIST := lua5.4:lua dash:dash
PORT_CFLAGS := -m32 -march=i686 -fno-pic -fno-pie -fno-stack-protector \
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables -O2 \
	-nostdinc -I$(CURDIR)/lib/libc/include -isystem $(CURDIR)/$(NEWLIB_ROOT)/include \
	-isystem $(GCC_INC) -idirafter $(CURDIR)/sys -idirafter $(CURDIR)/$(GEN)
PORT_LINK := $(LD) -m elf_i386 -nostdlib -S -z noexecstack -e _start \
	-Ttext-segment=0x08048000 $(CURDIR)/$(CRT0)
PORT_LIBS := --start-group $(CURDIR)/$(LIBC) $(CURDIR)/$(LIBM) $(LIBGCC) --end-group
PORT_ENV := PORT_CC="$(CC)" PORT_CFLAGS="$(PORT_CFLAGS)" \
	PORT_LINK="$(PORT_LINK)" PORT_LIBS="$(PORT_LIBS)"
PORT_PROGS := $(foreach p,$(PORTS_LIST),$(UOBJ)/root/bin/$(word 2,$(subst :, ,$(p))))
PORT_SCRIPTS := $(wildcard test/ports/*)

.PHONY: ports
ports: $(PORT_PROGS)

# port-rule PACKAGE PROGRAM.  The fetch is in the recipe, not a rule of
# its own: every target here is .SECONDARY, and a missing secondary file
# does not make its user out of date.
define port-rule
$(UOBJ)/root/bin/$(2): sys/tools/ports/fetch.sh sys/tools/ports/$(1).sh $(LIBC) $(LIBM) $(CRT0)
	@test -f $(PORTS)/src/$(1)/.fetched || sh sys/tools/ports/fetch.sh $(PORTS) $(1)
	@echo "  PORT    $(1) -> /bin/$(2)"
	@rm -rf $(PORTS)/build/$(1) && mkdir -p $(PORTS)/build/$(1) $$(dir $$@)
	@$(PORT_ENV) sh sys/tools/ports/$(1).sh $(CURDIR)/$(PORTS)/src/$(1) \
		$(CURDIR)/$(PORTS)/build/$(1) > $(PORTS)/build/$(1).log 2>&1 || \
		{ tail -30 $(PORTS)/build/$(1).log; echo "ports: $(1) failed (log: $(PORTS)/build/$(1).log)"; exit 1; }
	@cp $(PORTS)/build/$(1)/$(2) $$@
endef
$(foreach p,$(PORTS_LIST),$(eval $(call port-rule,$(word 1,$(subst :, ,$(p))),$(word 2,$(subst :, ,$(p))))))

$(BOOTFS): $(UPROGS) $(PORT_PROGS) $(PORT_SCRIPTS) test/runlist
	@mkdir -p $(UOBJ)/root/etc
	@printf 'This is not a program.\n' > $(UOBJ)/root/etc/motd
	@cp test/runlist $(UOBJ)/root/etc/runlist
	@rm -rf $(UOBJ)/root/etc/ports && mkdir -p $(UOBJ)/root/etc/ports
	@cp $(PORT_SCRIPTS) $(UOBJ)/root/etc/ports/
	@echo "  TAR     $@"
	@tar --format=ustar --owner=0 --group=0 -cf $@ -C $(UOBJ)/root bin etc

# ---- boot images ---------------------------------------------------------
$(BOOTMOD):
	@mkdir -p $(OBJ)
	printf 'Damselfly boot module check\n' > $@

# iso-image OUTPUT, KERNEL-COMMAND-LINE
define iso-image
	rm -rf $(1).dir && mkdir -p $(1).dir/boot/grub
	cp $(KERNEL) $(1).dir/boot/damselfly.elf
	cp $(BOOTMOD) $(1).dir/boot/bootcheck.txt
	cp $(BOOTFS) $(1).dir/boot/bootfs.tar
	printf '%s\n' 'set timeout=0' 'set timeout_style=hidden' 'set default=0' \
	  'serial --unit=0 --speed=115200' \
	  'terminal_input serial' 'terminal_output serial' 'terminfo serial dumb' \
	  'menuentry "Damselfly" {' \
	  '  multiboot /boot/damselfly.elf $(2)' \
	  '  module /boot/bootcheck.txt bootcheck.txt' \
	  '  module /boot/bootfs.tar bootfs.tar' \
	  '  boot' '}' > $(1).dir/boot/grub/grub.cfg
	grub-mkrescue -o $(1) $(1).dir 2> $(1).log || { cat $(1).log; exit 1; }
endef

# BOOTARGS: the kernel command line of make run's ISO (for example
# BOOTARGS=drivers=user: the disk drivers as processes).  The ISO is
# made again when it changes (obj/bootargs.txt remembers the last).
BOOTARGS ?=
$(OBJ)/bootargs.txt: FORCE
	@mkdir -p $(OBJ)
	@printf '%s\n' '$(BOOTARGS)' | cmp -s - $@ || printf '%s\n' '$(BOOTARGS)' > $@
FORCE:
.PHONY: FORCE

iso: deps $(ISO)
$(ISO): $(KERNEL) $(BOOTMOD) $(BOOTFS) $(OBJ)/bootargs.txt
	$(call iso-image,$@,$(BOOTARGS))

$(TEST_ISO): $(KERNEL) $(BOOTMOD) $(BOOTFS)
	$(call iso-image,$@,tests)

# ---- running -----------------------------------------------------------
# The machine every boot gets: QEMU's pc (i440FX), and for the PCI tests
# (test/kern/test_pci.c, test/dev/pci_list.c) a PCI-to-PCI bridge with a
# virtio-blk function behind it, so enumeration must follow a bridge and
# BAR decoding meets a 64-bit BAR.  The disk is QEMU's null block driver
# (1 MB of zeros, read-only): no image file, nothing on the host changes.
QEMU_PCI := -device pci-bridge,id=pcib1,chassis_nr=1 \
	-blockdev driver=null-co,node-name=pcinull,size=1048576,read-zeroes=on,read-only=on \
	-device virtio-blk-pci,drive=pcinull,bus=pcib1,addr=3
QEMU_COMMON := -m $(QEMU_MEM) -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	$(QEMU_PCI)

# The test disks (test/dev/disk.sh: a pattern and a partition table),
# attached as the IDE primary master and as a virtio-blk on bus 0.
# make check boots copies of them made fresh for each run (obj/check/);
# make run boots these, which keep what a user writes.
DISK_IDE := $(OBJ)/disk-ide.img
DISK_VD	:= $(OBJ)/disk-vd.img
$(DISK_IDE) $(DISK_VD): test/dev/disk.sh
	@mkdir -p $(OBJ)
	@echo "  DISK    $@"
	@sh test/dev/disk.sh make $@
# qemu-disks IDE-IMAGE VIRTIO-IMAGE
qemu-disks = -drive file=$(1),format=raw,if=ide,index=0,media=disk \
	-drive file=$(2),format=raw,if=none,id=vd0 -device virtio-blk-pci,drive=vd0

# What make run and make debug boot: the CD first and nothing else
# (SeaBIOS would try the test disks first and say "Boot failed" for
# each), no network card (its boot ROM prints a banner; no driver uses
# it), the console on this terminal.
QEMU_RUN := -boot order=d,strict=on,menu=off -nic none -cdrom $(ISO) -nographic

run: deps
	@$(MAKE) --no-print-directory $(ISO) $(DISK_IDE) $(DISK_VD)
	@echo "Booting Damselfly: leave QEMU with Ctrl-A x"
	$(QEMU) $(QEMU_COMMON) $(call qemu-disks,$(DISK_IDE),$(DISK_VD)) $(QEMU_RUN)

debug: deps
	@sh sys/tools/install-deps.sh debug
	@$(MAKE) --no-print-directory $(ISO) $(DISK_IDE) $(DISK_VD)
	@echo "QEMU waits for gdb. In another terminal, in this folder:"
	@echo "  gdb $(KERNEL) -ex 'target remote localhost:1234'"
	@echo "(then 'continue'; leave QEMU with Ctrl-A x)"
	$(QEMU) $(QEMU_COMMON) $(call qemu-disks,$(DISK_IDE),$(DISK_VD)) $(QEMU_RUN) -s -S

check: deps
	$(MAKE) $(KERNEL) $(TEST_ISO) $(BOOTMOD) $(BOOTFS) $(DISK_IDE) $(DISK_VD)
	$(MAKE) drvif-user
	QEMU="$(QEMU) $(QEMU_COMMON)" KERNEL=$(KERNEL) TEST_ISO=$(TEST_ISO) \
		QEMU_DISKS="$(call qemu-disks,$(OBJ)/check/disk-ide.img,$(OBJ)/check/disk-vd.img)" \
		BOOTMOD=$(BOOTMOD) BOOTFS=$(BOOTFS) TIMEOUT=$(CHECK_TIMEOUT) OBJ=$(OBJ) \
		sh test/qemu-check.sh

bench-async: deps
	$(MAKE) $(KERNEL) $(BOOTMOD) $(BOOTFS)
	@timeout 600 $(QEMU) $(QEMU_COMMON) -icount shift=0 -display none \
		-serial stdio -monitor none -kernel $(KERNEL) -append bench=async \
		-initrd "$(BOOTMOD) bootcheck.txt,$(BOOTFS) bootfs.tar" > $(OBJ)/benchasync.log 2>&1 || true
	@grep '^BENCH ' $(OBJ)/benchasync.log | tr -d '\r' || \
		{ cat $(OBJ)/benchasync.log; exit 1; }
	@! grep 'bench: error' $(OBJ)/benchasync.log || \
		{ echo "bench: an asynchronous call went wrong"; exit 1; }

# The bench boot has the test disks attached (fresh copies in obj/bench/:
# test/bench/blk_bench.c writes their last MiB), checked by disk.sh after.
# A second -icount boot measures the disks again with their drivers in
# processes (bench=udrv drivers=user: the blk_*_user figures) on fresh
# copies; a third, without -icount, the wall-clock I/O ratios.
bench: deps
	$(MAKE) $(KERNEL) $(BOOTMOD) $(BOOTFS) $(DISK_IDE) $(DISK_VD)
	@mkdir -p $(OBJ)/bench && cp $(DISK_IDE) $(DISK_VD) $(OBJ)/bench/
	@timeout 600 $(QEMU) $(QEMU_COMMON) -icount shift=0 -display none \
		-serial stdio -monitor none -kernel $(KERNEL) -append bench \
		$(call qemu-disks,$(OBJ)/bench/disk-ide.img,$(OBJ)/bench/disk-vd.img) \
		-initrd "$(BOOTMOD) bootcheck.txt,$(BOOTFS) bootfs.tar" > $(OBJ)/bench.log 2>&1 || true
	@grep '^BENCH ' $(OBJ)/bench.log | tr -d '\r' || \
		{ cat $(OBJ)/bench.log; exit 1; }
	@grep -q 'bench: done' $(OBJ)/bench.log || \
		{ echo "bench: did not finish"; cat $(OBJ)/bench.log; exit 1; }
	@! grep 'bench: error' $(OBJ)/bench.log || \
		{ echo "bench: the data was wrong or a call failed"; exit 1; }
	@sh test/dev/disk.sh check $(OBJ)/bench/disk-ide.img && \
		sh test/dev/disk.sh check $(OBJ)/bench/disk-vd.img || \
		{ echo "bench: a disk image is not as the writes left it"; exit 1; }
	@cp $(DISK_IDE) $(DISK_VD) $(OBJ)/bench/
	@timeout 600 $(QEMU) $(QEMU_COMMON) -icount shift=0 -display none \
		-serial stdio -monitor none -kernel $(KERNEL) \
		-append "bench=udrv drivers=user" \
		$(call qemu-disks,$(OBJ)/bench/disk-ide.img,$(OBJ)/bench/disk-vd.img) \
		-initrd "$(BOOTMOD) bootcheck.txt,$(BOOTFS) bootfs.tar" > $(OBJ)/benchudrv.log 2>&1 || true
	@grep '^BENCH ' $(OBJ)/benchudrv.log | tr -d '\r' || \
		{ cat $(OBJ)/benchudrv.log; exit 1; }
	@grep -q 'bench: done' $(OBJ)/benchudrv.log || \
		{ echo "bench: the drivers-in-processes boot did not finish"; cat $(OBJ)/benchudrv.log; exit 1; }
	@! grep 'bench: error' $(OBJ)/benchudrv.log || \
		{ echo "bench: the data was wrong or a call failed (drivers in processes)"; exit 1; }
	@sh test/dev/disk.sh check $(OBJ)/bench/disk-ide.img && \
		sh test/dev/disk.sh check $(OBJ)/bench/disk-vd.img || \
		{ echo "bench: a disk image is not as the user drivers' writes left it"; exit 1; }
	@timeout 600 $(QEMU) $(QEMU_COMMON) -display none \
		-serial stdio -monitor none -kernel $(KERNEL) -append bench=wall \
		-initrd "$(BOOTMOD) bootcheck.txt,$(BOOTFS) bootfs.tar" > $(OBJ)/benchwall.log 2>&1 || true
	@grep '^BENCH ' $(OBJ)/benchwall.log | tr -d '\r' || \
		{ cat $(OBJ)/benchwall.log; exit 1; }
	@! grep 'bench: error' $(OBJ)/benchwall.log || \
		{ echo "bench: the data was wrong or a call failed"; exit 1; }
	@sh sys/tools/bench_tables.sh $(OBJ)/bench.log $(OBJ)/benchudrv.log $(OBJ)/benchwall.log
	@echo "bench: README.md's tables rewritten from these figures"

# make bench-vd: only the virtio-blk reads (4 KiB random, 64 KiB
# sequential) through the in-kernel driver and through /bin/drvd, under
# -icount, in about a minute: for iterating on the user driver's path
# (blk_bench's quick mode: fewer reads, no checks of the whole disks).
# Prints the figures; README is not touched.  BENCH_VD=quick:ide
# measures the IDE disk's reads instead.
BENCH_VD ?= quick
bench-vd: deps
	$(MAKE) $(KERNEL) $(BOOTMOD) $(BOOTFS) $(DISK_IDE) $(DISK_VD)
	@mkdir -p $(OBJ)/bench && cp $(DISK_IDE) $(DISK_VD) $(OBJ)/bench/
	@for m in kernel user; do \
		d=; [ $$m = user ] && d=drivers=user; \
		timeout 300 $(QEMU) $(QEMU_COMMON) -icount shift=0 -display none \
		-serial stdio -monitor none -kernel $(KERNEL) \
		-append "bench=blk:$$m:$(BENCH_VD) $$d" \
		$(call qemu-disks,$(OBJ)/bench/disk-ide.img,$(OBJ)/bench/disk-vd.img) \
		-initrd "$(BOOTMOD) bootcheck.txt,$(BOOTFS) bootfs.tar" \
		> $(OBJ)/benchvd-$$m.log 2>&1; \
		grep -a '^BENCH \|bench: error' $(OBJ)/benchvd-$$m.log | tr -d '\r'; \
	done

# make profile: a QEMU plugin (sys/tools/insnprof/insnprof.c, built for
# the host against the installed QEMU's plugin header, taken from the
# Debian source package qemu) counts every guest instruction per
# function in four boots (sys/tools/insnprof/profile.sh): exact, as
# -icount's figures are.  The table goes to obj/profile/.
PROFILE_SIZE ?= 4k
PROFILE_DISK ?= vd
QEMU_PLUGIN_H := $(PORTS)/src/qemu/include/qemu/qemu-plugin.h
$(OBJ)/insnprof.so: sys/tools/insnprof/insnprof.c sys/tools/ports/fetch.sh
	@test -f $(PORTS)/src/qemu/.fetched || \
		sh sys/tools/ports/fetch.sh $(PORTS) qemu include/qemu/qemu-plugin.h
	@echo "  HOSTCC  $@"
	@gcc -O2 -Wall -shared -fPIC -I$(dir $(QEMU_PLUGIN_H)) -o $@ $<
profile: deps
	@sh sys/tools/install-deps.sh profile
	$(MAKE) $(KERNEL) $(BOOTMOD) $(BOOTFS) $(DISK_IDE) $(DISK_VD) $(OBJ)/insnprof.so
	@QEMU="$(QEMU)" QEMU_COMMON="$(QEMU_COMMON)" KERNEL=$(KERNEL) \
		BOOTMOD=$(BOOTMOD) BOOTFS=$(BOOTFS) OBJ=$(OBJ) UOBJ=$(UOBJ) \
		DISK_IDE=$(DISK_IDE) DISK_VD=$(DISK_VD) PLUGIN=$(OBJ)/insnprof.so \
		QEMU_DISKS="$(call qemu-disks,@IDE@,@VD@)" \
		PROFILE_SIZE=$(PROFILE_SIZE) PROFILE_DISK=$(PROFILE_DISK) \
		sh sys/tools/insnprof/profile.sh

# A fault-injection campaign (lib/libdrv/drvfault.c, test/dev/udrv_fault.c)
# of any length, one command (test/dev/faults.sh): the disk drivers in
# processes (drivers=user) misbehave FAULTS times in all while readers
# check what they read, in boots of FAULT_CHUNK faults, FAULT_JOBS at
# once, boot i with seed FAULT_SEED+i; each boot must pass with no panic
# and leave its fresh disk copies unchanged.  Logs and each boot's
# result in obj/faults/.  FAULT_BOOTARGS: the drivers' deadline under
# faults (most of a fault's time is waiting for a reply that never
# comes; 50 ms is ample for a read: README, Fault injection).
FAULTS ?= 1000000
FAULT_SEED ?= 1
FAULT_RATE ?= 20
FAULT_CHUNK ?= 50000
FAULT_JOBS ?= 1
FAULT_TIMEOUT ?= 86400
FAULT_BOOTARGS ?= kern.agent_fault_timeout_ms=50
faults: deps
	$(MAKE) $(KERNEL) $(BOOTMOD) $(BOOTFS) $(DISK_IDE) $(DISK_VD)
	@QEMU="$(QEMU)" QEMU_COMMON="$(QEMU_COMMON)" KERNEL=$(KERNEL) \
		BOOTMOD=$(BOOTMOD) BOOTFS=$(BOOTFS) OBJ=$(OBJ) \
		DISK_IDE=$(DISK_IDE) DISK_VD=$(DISK_VD) \
		QEMU_DISKS="$(call qemu-disks,@IDE@,@VD@)" \
		FAULTS=$(FAULTS) FAULT_SEED=$(FAULT_SEED) FAULT_RATE=$(FAULT_RATE) \
		FAULT_CHUNK=$(FAULT_CHUNK) FAULT_JOBS=$(FAULT_JOBS) \
		FAULT_TIMEOUT=$(FAULT_TIMEOUT) FAULT_BOOTARGS="$(FAULT_BOOTARGS)" \
		sh test/dev/faults.sh

clean:
	rm -rf $(OBJ)

# Keep intermediate objects (crt0.o, the test helpers) between builds.
.SECONDARY:
