/*
 * pci_grant - what a granted driver may write in its PCI function's
 * configuration space (pciconf, sys/devgrant.h; the rule at the top of
 * sys/kern/kern_devgrant.c): only the command and status registers,
 * and of the command register only bus mastering, INTx disable, and
 * I/O and memory decoding off, or on where the grant covers every
 * decoder of that kind.  Every refused write is EPERM and leaves the
 * register as it was.
 *
 * On make check's machine (the Makefile's QEMU_COMMON): the PIIX4
 * power-management function (8086:7113) keeps its decoders in its own
 * registers (its I/O base at 0x40, their enable at 0x80, the SMBus base
 * at 0x90) and has no BAR, so its grant covers no decoding: the
 * decoders cannot be moved, nor its decoding turned back on once its
 * driver turned it off (the test leaves its I/O and memory decoding
 * off: QEMU switches that function's ports with 0x80 and 0xd2 alone,
 * and nothing here uses them), and a second grant does not turn it on
 * either.  The e1000 (8086:100e: a memory BAR0,
 * an I/O BAR1, its ROM off) is covered: its driver turns decoding off
 * and on again, and leaves it as it found it.  Each check has its own
 * exit status (a child's), so a failure names itself.
 */
#include <sys/types.h>
#include <sys/devgrant.h>
#include <sys/wait.h>
#include <stdio.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define PIIX4_PM	"pci:8086:7113"
#define E1000		"pci:8086:100e"

#define CMD		0x04		/* the command register */
#define STATUS		0x06
#define C_IO		0x0001		/* its bits */
#define C_MEM		0x0002
#define C_BM		0x0004
#define C_INTXDIS	0x0400

/* An exit status that names the failed check (a child's). */
#define CHILD_CHECK(e, code) do { if (!(e)) { printf("pci_grant: " \
	"%s:%d: %s (errno %d)\n", __FILE__, __LINE__, #e, errno); \
	_exit(code); } } while (0)

static uint32_t
rd(int reg, int width)
{
	uint32_t v = 0xdeadbeef;

	CHILD_CHECK(pciconf(reg, width, &v, 0) == 0, 2);
	return (v);
}

/* Whether writing v (width bytes at reg) succeeds. */
static int
wr(int reg, int width, uint32_t v)
{
	errno = 0;
	return (pciconf(reg, width, &v, 1));
}

/* A write of v that must be refused and leave the register as it was. */
#define REFUSED(reg, width, v, code) do {				\
	uint32_t _was = rd(reg, width);					\
	CHILD_CHECK(wr(reg, width, v) == -1 && errno == EPERM, code);	\
	CHILD_CHECK(rd(reg, width) == _was, code);			\
} while (0)

/* A write that must succeed and read back (in mask) as written. */
#define TAKEN(reg, width, v, mask, code) do {				\
	CHILD_CHECK(wr(reg, width, v) == 0, code);			\
	CHILD_CHECK((rd(reg, width) & (mask)) == ((v) & (mask)), code);	\
} while (0)

/* The command register's other bits: each refused, whichever bytes
 * the write covers; the driver's own bits taken. */
static void
command_bits(void)
{
	static const uint16_t forbidden[] = { 0x0008, 0x0010, 0x0020,
	    0x0040, 0x0080, 0x0100, 0x0200 };	/* special cycles, MWI,
						 * VGA snoop, parity, wait,
						 * SERR#, fast back-to-back */
	uint32_t cmd = rd(CMD, 2);
	size_t i;

	for (i = 0; i < nitems(forbidden); i++) {
		REFUSED(CMD, 2, cmd ^ forbidden[i], 10 + (int)i);
		REFUSED(CMD, 4, cmd ^ forbidden[i], 20 + (int)i);
		if (forbidden[i] & 0xff00)
			REFUSED(CMD + 1, 1, (cmd ^ forbidden[i]) >> 8, 30);
		else
			REFUSED(CMD, 1, (cmd ^ forbidden[i]) & 0xff, 31);
	}
	TAKEN(CMD, 2, cmd, 0xffff, 32);			/* unchanged */
	TAKEN(CMD, 2, cmd & ~C_BM, 0xffff, 33);
	TAKEN(CMD, 1, (cmd | C_BM) & 0xff, 0xff, 34);
	TAKEN(CMD, 2, cmd | C_INTXDIS, 0xffff, 35);
	TAKEN(CMD + 1, 1, (cmd & ~C_INTXDIS) >> 8, 0xff, 36);
	CHILD_CHECK(rd(CMD, 2) == (cmd | C_BM), 37);
	/* Status: write-one-to-clear; 0 clears nothing. */
	CHILD_CHECK(wr(STATUS, 2, 0) == 0 && wr(STATUS + 1, 1, 0) == 0, 38);
	CHILD_CHECK(wr(CMD, 4, rd(CMD, 2)) == 0, 39);
}

/* Registers a driver never writes, whatever it writes there. */
static void
header_refused(void)
{
	static const int regs[] = { 0x00, 0x08, 0x0c, 0x0d, 0x0f, 0x10,
	    0x14, 0x24, 0x2c, 0x30, 0x34, 0x3c, 0x3d, 0x3e };
	size_t i;

	for (i = 0; i < nitems(regs); i++) {
		REFUSED(regs[i], 1, rd(regs[i], 1), 40);  /* even unchanged */
		REFUSED(regs[i], 1, ~rd(regs[i], 1) & 0xff, 41);
	}
	REFUSED(0x10, 4, 0xffffffff, 42);		/* a BAR probed */
	REFUSED(0x10, 4, 0xfd000000, 43);		/* or moved */
	REFUSED(0x30, 4, 0xfe000001, 44);		/* the ROM turned on */
	REFUSED(0x3c, 1, 5, 45);			/* the line */
}

/* The PIIX4's power management, granted: its own decoders stay. */
static void
pm_driver(void)
{
	uint32_t base, cmd;
	int reg;

	CHILD_CHECK(devgrant(0, PIIX4_PM) == 0, 1);
	base = rd(0x40, 4);
	CHILD_CHECK((base & 0xffc0) != 0, 3);		/* firmware set it */
	REFUSED(0x40, 4, (base & ~0xffc0u) | 0x1f0, 50);  /* over the IDE */
	REFUSED(0x40, 2, 0x0171, 51);
	REFUSED(0x41, 1, 0x01, 52);
	REFUSED(0x80, 1, 0, 53);			/* its enable */
	REFUSED(0x90, 4, 0x0171, 54);			/* the SMBus base */
	REFUSED(0xd2, 1, 0, 55);
	for (reg = 0x40; reg < 0x100; reg += 4)
		REFUSED(reg, 4, rd(reg, 4), 56);	/* none, unchanged */
	header_refused();
	command_bits();
	/* No BAR: the grant covers no decoding.  Off, then never on. */
	cmd = rd(CMD, 2) & ~(C_IO | C_MEM);
	TAKEN(CMD, 2, cmd, 0xffff, 60);
	REFUSED(CMD, 2, cmd | C_IO, 61);
	REFUSED(CMD, 2, cmd | C_MEM, 62);
	REFUSED(CMD, 1, (cmd | C_IO) & 0xff, 63);
	REFUSED(CMD, 4, cmd | C_MEM, 64);
	_exit(0);
}

/* Granted again: the kernel did not turn on what the grant does not
 * cover (bus mastering it did). */
static void
pm_again(void)
{
	CHILD_CHECK(devgrant(0, PIIX4_PM) == 0, 1);
	CHILD_CHECK((rd(CMD, 2) & (C_IO | C_MEM | C_BM)) == C_BM, 65);
	_exit(0);
}

/* The e1000, granted: its BARs and ROM stay, its decoding is its
 * driver's to switch (every decoder granted), and is left as found. */
static void
e1000_driver(void)
{
	uint32_t cmd;

	CHILD_CHECK(devgrant(0, E1000) == 0, 1);
	header_refused();
	REFUSED(0x14, 4, rd(0x14, 4) + 0x100, 70);	/* the I/O BAR */
	REFUSED(0x40, 4, 1, 71);
	REFUSED(0xfc, 4, 1, 72);
	command_bits();
	cmd = rd(CMD, 2);
	CHILD_CHECK((cmd & (C_IO | C_MEM | C_BM)) == (C_IO | C_MEM | C_BM),
	    73);
	TAKEN(CMD, 2, cmd & ~(C_IO | C_MEM), 0xffff, 74);
	TAKEN(CMD, 2, cmd & ~C_MEM, 0xffff, 75);	/* I/O on */
	TAKEN(CMD, 1, cmd & 0xff, 0xff, 76);		/* memory on */
	CHILD_CHECK(rd(CMD, 2) == cmd, 77);
	_exit(0);
}

int
main(void)
{
	UT_CHILD(pm_driver, 0);
	UT_CHILD(pm_again, 0);
	UT_CHILD(e1000_driver, 0);
	UT_DONE("pci_grant");
}
