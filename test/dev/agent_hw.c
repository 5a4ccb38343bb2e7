/*
 * agent_hw - what a user driver may touch (sys/devgrant.h), on the
 * e1000 NIC QEMU gives make check's machine (8086:100e, no kernel
 * driver) and on the CMOS clock: a launcher grants the NIC to a child,
 * which may use the card's I/O BAR, maps its memory BAR (a register
 * written and read back; not inherited by fork) and allocates DMA memory
 * (physically contiguous, its address given), and the clock to
 * another, which writes and reads back CMOS RAM and gets the clock's
 * periodic interrupt as DEV_INTR messages on a device it serves (a new
 * name served with the line taken is refused, EBUSY, and not made; the
 * line stays masked until the reply; through replyrecvsys it is not
 * held and the line stays masked until rr_intrdone names it; one held
 * at exit is replied by the kernel and the line taken back, and so is
 * one pending at exit, or given and not acknowledged: the next driver
 * of the clock serves the line again).  Any other port is
 * SIGSEGV for it, every port is SIGSEGV for its own child (grants are
 * not inherited) and for a process without the grant, and its own
 * ports still work after such a process ran (sys/i386/iomap.c turns
 * the bitmap off and on again at the switches); a device is
 * granted once (EBUSY), a process that gave up the right cannot grant
 * (EPERM); the grant ends with the process, and the DMA memory is
 * freed with its address space.
 */
#include <sys/types.h>
#include <sys/agent.h>
#include <sys/devgrant.h>
#include <sys/pciio.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include <machine/cpufunc.h>	/* inb, inl, outl */
#include "utest.h"

#define E1000		"pci:8086:100e"
#define E_STATUS	0x0008
#define E_RDBAL		0x2800		/* a plain read-write register */

static uint16_t iobase;			/* the e1000's I/O BAR */
static int irq = -1;

/* An e1000 register through IOADDR (base) and IODATA (base + 4). */
static uint32_t
reg_read(uint32_t reg)
{
	outl(iobase, reg);
	return (inl(iobase + 4));
}


/* The e1000's I/O BAR and line from hw.pci.devices; 0 if none. */
static int
find_e1000(void)
{
	static struct pci_conf tab[64];
	size_t len = sizeof(tab);
	int i, b;

	if (sysctl("hw.pci.devices", tab, &len, NULL, 0) != 0)
		return (0);
	for (i = 0; i < (int)(len / sizeof(tab[0])); i++) {
		if (tab[i].pc_vendor != 0x8086 || tab[i].pc_device != 0x100e)
			continue;
		for (b = 0; b < PCI_CONF_NBARS; b++) {
			if (tab[i].pc_bar[b].pcb_type == PCI_BAR_IO)
				iobase = (uint16_t)tab[i].pc_bar[b].pcb_base;
		}
		irq = tab[i].pc_intline;
		return (iobase != 0);
	}
	return (0);
}

static void touch_e1000(void) { (void)reg_read(E_STATUS); _exit(0); }
static void touch_com2(void) { (void)inb(0x2f8); _exit(0); }

static int
sig_of(int st)
{
	return (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

#define CHECK(e) do { if (!(e)) { printf("agent_hw driver: %s:%d: %s\n", \
	__FILE__, __LINE__, #e); fails++; } } while (0)

/* Granted the e1000: its I/O BAR, DMA memory, and nothing else. */
static int
driver_pci(void)
{
	volatile uint32_t *regs;
	uint32_t pa1 = 0, pa2 = 0;
	uint8_t *d1, *d2;
	pid_t pid;
	int fails = 0;

	/* Its ports (QEMU's e1000 ignores its I/O BAR: no fault is the
	 * point), a port not granted, a child without the grant. */
	(void)reg_read(E_STATUS);
	pid = fork();
	if (pid == 0)
		touch_com2();
	CHECK(sig_of(ut_status_of(pid)) == SIGSEGV);
	pid = fork();
	if (pid == 0)
		touch_e1000();
	CHECK(sig_of(ut_status_of(pid)) == SIGSEGV);
	/* Its ports again, now that a process without them ran (the
	 * switch turned the bitmap off, and on again for us: iomap.c). */
	(void)reg_read(E_STATUS);
	/* Only one grant per process. */
	CHECK(devgrant(0, "isa:lpt0") == -1 && errno == EBUSY);

	/* Its registers through its memory BAR (BAR0), uncached. */
	regs = barmap(0);
	CHECK(regs != (void *)-1);
	if (regs != (void *)-1) {
		regs[E_RDBAL / 4] = 0x12345670;
		CHECK(regs[E_RDBAL / 4] == 0x12345670);
		regs[E_RDBAL / 4] = 0;
		CHECK(regs[E_RDBAL / 4] == 0);
		CHECK(regs[E_STATUS / 4] != 0xffffffff);
		pid = fork();		/* not inherited */
		if (pid == 0)
			_exit(regs[E_STATUS / 4] == 0 ? 7 : 8);
		CHECK(sig_of(ut_status_of(pid)) == SIGSEGV);
		CHECK(munmap((void *)regs, 128 * 1024) == 0);
	}
	CHECK(barmap(1) == (void *)-1 && errno == EINVAL);	/* I/O */
	CHECK(barmap(6) == (void *)-1 && errno == EINVAL);
	CHECK(barmap(-1) == (void *)-1 && errno == EINVAL);
	regs = barmap(0);			/* left for exit to remove */
	CHECK(regs != (void *)-1);

	/* DMA memory. */
	d1 = dmaalloc(8192, &pa1);
	d2 = dmaalloc(DMA_MAXALLOC, &pa2);
	CHECK(d1 != (void *)-1 && d2 != (void *)-1);
	CHECK(pa1 != 0 && (pa1 & 4095) == 0 && pa2 != 0 && pa1 != pa2);
	CHECK(pa2 + DMA_MAXALLOC <= pa1 || pa1 + 8192 <= pa2);
	CHECK(ut_all_are(d2, DMA_MAXALLOC, 0));
	memset(d1, 0xa5, 8192);
	CHECK(ut_all_are(d1, 8192, 0xa5));
	CHECK(dmaalloc(0, &pa1) == (void *)-1 && errno == EINVAL);
	CHECK(dmaalloc(DMA_MAXALLOC + 1, &pa1) == (void *)-1 &&
	    errno == EINVAL);
	CHECK(dmaalloc(4096, (uint32_t *)0xc0000000) == (void *)-1 &&
	    errno == EFAULT);
	CHECK(dmaalloc(DMA_MAXALLOC, &pa1) != (void *)-1);
	CHECK(dmaalloc(DMA_MAXALLOC, &pa1) != (void *)-1);
	CHECK(dmaalloc(DMA_MAXALLOC, &pa1) == (void *)-1 && errno == ENOMEM);
	return (fails ? 1 : 0);
}

/* Granted the CMOS clock: its registers, and its interrupt (IRQ 8) as
 * DEV_INTR messages, from the periodic interrupt it is told to raise. */
static int
driver_rtc(void)
{
	struct devserve ds;
	struct udevmsg m;
	struct udevreply r;
	struct udevrr rr;
	uint8_t old, b;
	int svc, rounds, fails = 0;

	CHECK(barmap(0) == (void *)-1 && errno == EPERM);	/* not PCI */
	old = ut_cmos_read(0x3e);			/* spare CMOS RAM */
	ut_cmos_write(0x3e, 0x5a);
	CHECK(ut_cmos_read(0x3e) == 0x5a);
	ut_cmos_write(0x3e, (uint8_t)~0x5a);
	CHECK(ut_cmos_read(0x3e) == (uint8_t)~0x5a);
	ut_cmos_write(0x3e, old);

	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "uecho1");
	ds.ds_flags = DSF_INTR;
	svc = devserve(&ds);
	CHECK(svc > 0);
	if (svc <= 0)
		return (1);
	/* Its line is taken now (by uecho1): a new name served with it is
	 * refused, and made neither (nor by a second try). */
	strcpy(ds.ds_name, "agent_busy0");
	CHECK(devserve(&ds) == -1 && errno == EBUSY);
	CHECK(devserve(&ds) == -1 && errno == EBUSY);
	CHECK(access("/dev/agent_busy0", F_OK) == -1 && errno == ENOENT);
	(void)ut_cmos_read(0x0c);			/* no cause pending */
	b = ut_cmos_read(0x0b);
	ut_cmos_write(0x0b, b | 0x40);		/* periodic interrupt on */
	for (rounds = 0; rounds < 3; rounds++) {
		m.ud_data = NULL;
		m.ud_datamax = 0;
		CHECK(__recvsys(svc, &m) == 0);
		CHECK(m.ud_cmd == UDEV_INTR);
		CHECK(m.ud_flags == 8);
		CHECK(ut_cmos_read(0x0c) & 0x40); /* PF: and acknowledged */
		r.ur_id = m.ud_id;
		r.ur_error = 0;
		r.ur_count = 0;
		r.ur_data = NULL;
		CHECK(__replysys(svc, &r) == 0);	/* unmasks */
		CHECK(__replysys(svc, &r) == EALREADY);
	}
	/* Through replyrecvsys the interrupt is not held (id 0): its line
	 * stays masked (nothing more can come) until rr_intrdone names it;
	 * named again, or a line not out, nothing happens. */
	memset(&rr, 0, sizeof(rr));
	CHECK(__replyrecvsys(svc, &rr) == 0);
	CHECK(rr.rr_msg.ud_cmd == UDEV_INTR && rr.rr_msg.ud_id == 0 &&
	    rr.rr_msg.ud_flags == 8);
	CHECK(ut_cmos_read(0x0c) & 0x40);
	rr.rr_flags = RR_NB;
	CHECK(__replyrecvsys(svc, &rr) == EAGAIN);	/* masked */
	rr.rr_flags = 0;
	rr.rr_intrdone = 1u << 8;
	CHECK(__replyrecvsys(svc, &rr) == 0);		/* unmasked: the next */
	CHECK(rr.rr_msg.ud_cmd == UDEV_INTR && rr.rr_msg.ud_id == 0);
	CHECK(ut_cmos_read(0x0c) & 0x40);
	rr.rr_flags = RR_NORECV;
	rr.rr_intrdone = 1u << 8 | 1u << 3;
	CHECK(__replyrecvsys(svc, &rr) == 0);
	CHECK(__replyrecvsys(svc, &rr) == 0);		/* twice: nothing */
	/* recvsys_intr: the interrupt is the answer, the line's, and the
	 * struct is not written; it is given as replyrecvsys gives it
	 * (masked until rr_intrdone names it: nothing comes meanwhile). */
	for (rounds = 0; rounds < 2; rounds++) {
		memset(&m, 0xa5, sizeof(m));
		m.ud_data = NULL;
		m.ud_datamax = 0;
		m.ud_wait = 0;
		CHECK(__recvsys_intr(svc, &m) == AGENT_LINE_GIVEN + 8);
		CHECK(m.ud_id == 0xa5a5a5a5 && m.ud_cmd == 0xa5a5 &&
		    m.ud_len == 0xa5a5a5a5 && m.ud_more == 0xa5a5a5a5);
		CHECK(ut_cmos_read(0x0c) & 0x40);
		m.ud_wait = 30;
		CHECK(__recvsys_intr(svc, &m) == EAGAIN);	/* masked */
		CHECK(m.ud_id == 0xa5a5a5a5 && m.ud_spare == 0xa5a5a5a5);
		rr.rr_flags = RR_NORECV;
		rr.rr_intrdone = 1u << 8;
		CHECK(__replyrecvsys(svc, &rr) == 0);	/* unmasked */
	}
	CHECK(__recvsys_intr(svc, (struct udevmsg *)0xc0000000) == EFAULT);
	CHECK(__recvsys_intr(svc + 1, &m) == EBADF);
	/* One more, held at exit: the kernel replies it and takes the
	 * line back. */
	m.ud_datamax = 0;
	CHECK(__recvsys(svc, &m) == 0 && m.ud_cmd == UDEV_INTR);
	ut_cmos_write(0x0b, b & ~0x40);
	(void)ut_cmos_read(0x0c);
	return (fails ? 1 : 0);
}

/* Times IRQ 8 fired (hw.intrcnt's "irq8 NAME COUNT" line), -1 if none. */
static long
irq8_count(void)
{
	static char buf[2048];
	size_t len = sizeof(buf) - 1;
	char *l;

	if (sysctl("hw.intrcnt", buf, &len, NULL, 0) != 0)
		return (-1);
	buf[len] = '\0';
	if (strncmp(buf, "irq8 ", 5) == 0)
		l = buf;
	else if ((l = strstr(buf, "\nirq8 ")) != NULL)
		l++;
	if (l == NULL || (l = strchr(l + 5, ' ')) == NULL)
		return (-1);
	return (strtol(l + 1, NULL, 10));
}

/*
 * Granted the clock, a driver that dies with its interrupt not
 * acknowledged: pending (it fired, nothing received it) unless given,
 * else given by replyrecvsys (ud_id 0) and never named in rr_intrdone.
 * Its exit unmasks the line either way and the grant's end takes the
 * line back, so the next driver of the clock serves it again (a line
 * left out would stay claimed: EBUSY) and gets its interrupt.
 */
static int
driver_rtc_dies(bool given)
{
	struct devserve ds;
	struct udevrr rr;
	long n0;
	int svc, i, fails = 0;

	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "uecho1");
	ds.ds_flags = DSF_INTR;
	svc = devserve(&ds);
	CHECK(svc > 0);
	n0 = irq8_count();
	(void)ut_cmos_read(0x0c);
	ut_cmos_write(0x0b, ut_cmos_read(0x0b) | 0x40);	/* periodic on */
	if (given) {
		memset(&rr, 0, sizeof(rr));
		CHECK(__replyrecvsys(svc, &rr) == 0);
		CHECK(rr.rr_msg.ud_cmd == UDEV_INTR && rr.rr_msg.ud_id == 0);
	} else {
		/* A whole period with the interrupt on: it fired. */
		(void)ut_cmos_read(0x0c);
		for (i = 0; i < 1000000 && !(ut_cmos_read(0x0c) & 0x40); i++)
			;
		CHECK(i < 1000000 && irq8_count() > n0);
	}
	ut_cmos_write(0x0b, ut_cmos_read(0x0b) & ~0x40);
	(void)ut_cmos_read(0x0c);
	return (fails ? 1 : 0);
}

static void
no_grant(void)
{
	uint32_t pa;

	/* Without a grant: no DMA memory, no ports. */
	if (dmaalloc(4096, &pa) != (void *)-1 || errno != EPERM)
		_exit(1);
	if (barmap(0) != (void *)-1 || errno != EPERM)
		_exit(1);
	touch_e1000();
}

static void
gave_up(void)
{
	struct devserve ds;
	pid_t pid;

	if (devgrant(0, NULL) != 0)
		_exit(1);

	if (devgrant(0, E1000) != -1 || errno != EPERM)
		_exit(2);
	memset(&ds, 0, sizeof(ds));		/* nor make a device */
	strcpy(ds.ds_name, "agent_new");
	if (devserve(&ds) != -1 || errno != EPERM)
		_exit(5);
	pid = fork();			/* its children cannot either */
	if (pid == 0)
		_exit(devgrant(0, E1000) == -1 && errno == EPERM ? 0 : 3);
	_exit(WEXITSTATUS(ut_status_of(pid)) != 0 ? 4 : 0);
}

static void
wait_for(int fd)
{
	char c;

	if (read(fd, &c, 1) != 1)
		_exit(40);
}

/* fn(arg) in a child granted the clock, told to go by pfd: it must
 * exit 0. */
static void
run_rtc(int pfd[2], int (*fn)(bool), bool arg)
{
	pid_t c;
	int st;

	c = fork();
	if (c == 0) {
		wait_for(pfd[0]);
		_exit(fn(arg));
	}
	UT_EQ(devgrant(c, "isa:rtc"), 0);
	UT_EQ(write(pfd[1], "g", 1), 1);
	st = ut_status_of(c);
	UT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static int driver_rtc_once(bool unused) { (void)unused; return (driver_rtc()); }

int
main(void)
{
	int pfd[2], free0, st;
	pid_t c, d;

	UT_TRUE(find_e1000());
	UT_CHILD(no_grant, SIGSEGV);
	UT_CHILD(gave_up, 0);
	UT_ERR(devgrant(0, "pci:zzzz:0000"), EINVAL);
	UT_ERR(devgrant(0, "pci:1234:5678"), ENOENT);
	UT_ERR(devgrant(0, "nothing"), ENOENT);
	UT_ERR(devgrant(0, (const char *)0xc0000000), EFAULT);
	UT_ERR(devgrant(1, E1000), ESRCH);	/* not our child */
	UT_ERR(devgrant(5, NULL), EINVAL);
	/* The IDE controller, its legacy ports and lines: the kernel's ATA
	 * driver has it in this boot (with ata=user, drvd holds it). */
	UT_ERR(devgrant(0, "pci:8086:7010"), EBUSY);

	UT_EQ(pipe(pfd), 0);
	free0 = ut_sysctl_int("vm.free_pages");
	c = fork();
	if (c == 0) {
		wait_for(pfd[0]);
		_exit(driver_pci());
	}
	d = fork();
	if (d == 0) {
		wait_for(pfd[0]);
		_exit(0);
	}
	UT_EQ(devgrant(c, E1000), 0);
	UT_ERR(devgrant(c, "isa:lpt0"), EBUSY);	/* it holds one */
	UT_ERR(devgrant(d, E1000), EBUSY);	/* the card is taken */
	UT_EQ(write(pfd[1], "go", 2), 2);
	st = ut_status_of(c);
	UT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	UT_EQ(ut_status_of(d), 0);
	/* The grant ended with it, and its 3 MiB of DMA memory are free. */
	UT_EQ(ut_sysctl_int("vm.free_pages"), free0);
	run_rtc(pfd, driver_rtc_once, false);
	run_rtc(pfd, driver_rtc_dies, false);	/* pending at its exit */
	run_rtc(pfd, driver_rtc_dies, true);	/* given, not acknowledged */
	run_rtc(pfd, driver_rtc_once, false);	/* the line serves again */
	UT_EQ(devgrant(0, E1000), 0);		/* free again */
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
	close(pfd[0]);
	close(pfd[1]);
	UT_DONE("agent_hw");
}
