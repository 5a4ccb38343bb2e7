/*
 * dev_vtblk - how the virtio-blk driver (sys/dev/virtio/virtio_blk.c)
 * does its work, seen from outside: through /dev/vtbd0 and the driver's
 * counters (hw.vtblk.units), so that it runs unchanged against both
 * builds of the driver, the kernel's (make check's main boot) and the
 * process's (tests-udrv, vtblk=user: hw.vtblk.units is then the
 * process's own answer, asked of it by the kernel, and every read
 * crosses the port agent).  What needs the driver's inside (the features
 * negotiated, the ring where the device was told it is, the interrupt
 * established, a device that never answers) stays in the kernel's
 * test/kern/test_vtblk.c.  The data of every size and alignment, the
 * pattern disk's writes and bad buffers are test/dev/dev_vd.c's.
 *
 * vtbd0 is QEMU_PCI's null read-only 1 MiB disk (it reads zeros); in
 * the user build it has a process of its own, as vtbd1 has, and
 * hw.vtblk.units is both processes' answers joined by the kernel.
 *
 *   - the disk: 1 MiB of 512-byte sectors, read-only, as the driver and
 *     the device (DIOCGMEDIASIZE, DIOCGSECTORSIZE) say;
 *   - 32 asynchronous 4 KiB preads sent in one batch (sendv), straight
 *     to the driver (kern.async_direct): one device request each, all
 *     published at once with at most one notification, every one
 *     finished by the interrupt message's handler, all zeros;
 *   - 1 MiB in one read from a buffer 12 bytes into a page: one message
 *     cut into ceil(1 MiB / request size) device requests, the bytes
 *     around the buffer untouched;
 *   - four 256 KiB reads in one batch need more descriptors than the
 *     ring has: one waits for room (counted), all four come back right;
 *   - a write is EROFS: the driver sees it and sends the device nothing;
 *     reads at or past the end (0, a short count) and at an unaligned
 *     offset (EINVAL) are the kernel's answer and never reach the driver;
 *   - when a process serves vtbd0 (kern.agent_devs names it), each
 *     message the driver took above crossed the agent, counted: the
 *     checks were the user driver's;
 *   - hw.vtblk.units has a line for every virtio-blk disk /dev has, in
 *     unit order, with the size the disk reports, in both builds: in
 *     the user build each disk has a process of its own (vtbd0's and
 *     vtbd1's) and the kernel asks every one of them.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sysasync.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "utest.h"

#define SECT	512
#define MiB	(1024 * 1024)
#define NULLSZ	MiB		/* QEMU_PCI's null disk */
#define NQ	32
#define PAGE	4096

static unsigned char buf[2 * MiB] __attribute__((aligned(4096)));

/* vtbd0's line of hw.vtblk.units. */
struct vt {
	long long	size;
	unsigned	secsize;
	char		ro[4];
	int		segs;
	unsigned long long strategy, devreq, queued, publish, notify, intr,
			done_intr, done_other, reset;
	int		inflight;
};

static struct vt
vt(void)
{
	static char units[2048];
	size_t len = sizeof(units) - 1;
	struct vt v;
	char *line;

	memset(&v, 0, sizeof(v));
	v.size = -1;
	memset(units, 0, sizeof(units));
	if (sysctl("hw.vtblk.units", units, &len, NULL, 0) != 0)
		return (v);
	line = strstr(units, "vtbd0 ");
	if (line == NULL || sscanf(line, "vtbd0 %lld %u %3s segs=%d "
	    "strategy=%llu devreq=%llu queued=%llu publish=%llu notify=%llu "
	    "intr=%llu done_intr=%llu done_other=%llu reset=%llu "
	    "inflight=%d", &v.size, &v.secsize, v.ro, &v.segs, &v.strategy,
	    &v.devreq, &v.queued, &v.publish, &v.notify, &v.intr,
	    &v.done_intr, &v.done_other, &v.reset, &v.inflight) != 14)
		v.size = -1;
	return (v);
}

/* Bytes of p[0, n) not zero. */
static size_t
nonzero(const unsigned char *p, size_t n)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++)
		bad += p[i] != 0;
	return (bad);
}

static void
test_disk(int fd, const struct vt *v)
{
	off_t size = 0;
	uint32_t secsize = 0;

	UT_EQ(v->size, NULLSZ);
	UT_EQ(v->secsize, SECT);
	UT_STREQ(v->ro, "ro");
	UT_TRUE(v->segs >= 2);
	UT_EQ(v->inflight, 0);
	UT_EQ(ioctl(fd, DIOCGMEDIASIZE, &size), 0);
	UT_EQ(size, NULLSZ);
	UT_EQ(ioctl(fd, DIOCGSECTORSIZE, &secsize), 0);
	UT_EQ(secsize, SECT);
}

/*
 * n asynchronous preads of len bytes each in one batch: read i at disk
 * offset off(i) into buf + at(i).  Each result checked, then the
 * counters' and the agent's growth compared.
 */
typedef SYSMSG(pread) pread_msg;
static pread_msg m[NQ];

static void
batch(int fd, int n, size_t len, off_t (*off)(int), size_t (*at)(int))
{
	struct sysmsg_hdr *v[NQ];
	int i;

	for (i = 0; i < n; i++) {
		sysmsg_init(&m[i], pread);
		m[i].h.sm_flags |= SMF_ASYNC;
		m[i].a.fd = fd;
		m[i].a.buf = buf + at(i);
		m[i].a.nbyte = len;
		m[i].a.offset = off(i);
		v[i] = &m[i].h;
	}
	UT_EQ(sendv(0, v, n), n);
	for (i = n - 1; i >= 0; i--) {
		if (!async_done(&m[i].h))
			UT_EQ(async_wait(0, &m[i].h), 0);
		UT_EQ(async_result(&m[i].h), (long long)len);
		UT_EQ(nonzero(buf + at(i), len), 0);
	}
}

static off_t
off32(int i)
{
	return ((off_t)(NQ - i) * 8192 + SECT);
}

static size_t
at32(int i)
{
	return ((size_t)i * 8192 + (size_t)(i & 1) * 100);
}

/* 32 reads in flight: one batch, each replied from the interrupt. */
static void
test_batch(int fd)
{
	struct vt a, b;
	long m0, m1;
	int direct, workers;

	memset(buf, 0xee, NQ * 8192);
	b = vt();
	direct = ut_sysctl_int("kern.async_direct");
	workers = ut_sysctl_int("kern.async_workers");
	m0 = ut_agent_msgs("vtbd0");
	batch(fd, NQ, PAGE, off32, at32);
	m1 = ut_agent_msgs("vtbd0");
	a = vt();
	if (m0 >= 0)
		UT_EQ(m1 - m0, NQ);	/* each crossed the agent */
	UT_EQ(ut_sysctl_int("kern.async_direct") - direct, NQ);
	UT_EQ(ut_sysctl_int("kern.async_workers"), workers);
	UT_EQ(a.strategy - b.strategy, NQ);
	UT_EQ(a.devreq - b.devreq, NQ);
	printf("dev_vtblk: %d reads: %llu publish, %llu notify, %llu "
	    "interrupts\n", NQ, a.publish - b.publish, a.notify - b.notify,
	    a.intr - b.intr);
	UT_EQ(a.publish - b.publish, 1);
	UT_TRUE(a.notify - b.notify <= 1);
	UT_EQ(a.done_intr - b.done_intr, NQ);
	UT_EQ(a.done_other, b.done_other);
	UT_TRUE(a.intr > b.intr);
	UT_EQ(a.inflight, 0);
}

static off_t
off256(int i)
{
	return ((off_t)(3 - i) * 256 * 1024);
}

static size_t
at256(int i)
{
	return (100 + (size_t)i * 256 * 1024);
}

/* 1 MiB in one message cut into requests; four 256 KiB reads, one of
 * which waits for room in the ring. */
static void
test_split(int fd)
{
	struct vt a, b;
	long m0, m1;
	size_t xfer;

	memset(buf, 0xee, MiB + 2 * PAGE);
	b = vt();
	xfer = (size_t)(b.segs - 1) * PAGE;
	m0 = ut_agent_msgs("vtbd0");
	UT_EQ(pread(fd, buf + 12, MiB, 0), MiB);
	m1 = ut_agent_msgs("vtbd0");
	a = vt();
	if (m0 >= 0)
		UT_EQ(m1 - m0, 1);
	UT_EQ(nonzero(buf + 12, MiB), 0);
	UT_EQ(buf[11], 0xee);
	UT_EQ(buf[12 + MiB], 0xee);
	UT_EQ(a.strategy - b.strategy, 1);
	UT_EQ(a.devreq - b.devreq, (MiB + xfer - 1) / xfer);
	UT_TRUE(a.devreq - b.devreq >= 2);

	memset(buf, 0xee, MiB + 2 * PAGE);
	b = vt();
	m0 = ut_agent_msgs("vtbd0");
	batch(fd, 4, 256 * 1024, off256, at256);
	m1 = ut_agent_msgs("vtbd0");
	a = vt();
	if (m0 >= 0)
		UT_EQ(m1 - m0, 4);
	UT_EQ(buf[99], 0xee);
	UT_EQ(buf[100 + MiB], 0xee);
	UT_EQ(a.strategy - b.strategy, 4);
	UT_EQ(a.devreq - b.devreq, 4);
	printf("dev_vtblk: 4 x 256 KiB: %llu waited for room\n",
	    a.queued - b.queued);
	UT_TRUE(a.queued - b.queued >= 1);
	UT_EQ(a.inflight, 0);
}

/* A write: EROFS from the driver, nothing sent to the device.  Reads
 * at and past the end, and unaligned: the kernel's answers, the same in
 * both builds, and the driver never asked. */
static void
test_errors(int fd)
{
	struct vt a, b;
	long m0, m1;

	b = vt();
	m0 = ut_agent_msgs("vtbd0");
	UT_ERR(pwrite(fd, buf, SECT, 0), EROFS);
	m1 = ut_agent_msgs("vtbd0");
	a = vt();
	if (m0 >= 0)
		UT_EQ(m1 - m0, 1);
	UT_EQ(a.strategy - b.strategy, 1);
	UT_EQ(a.devreq, b.devreq);

	b = vt();
	m0 = ut_agent_msgs("vtbd0");
	UT_EQ(pread(fd, buf, SECT, NULLSZ), 0);
	UT_EQ(pread(fd, buf, SECT, NULLSZ + 4096), 0);
	UT_ERR(pread(fd, buf, SECT, 100), EINVAL);
	UT_ERR(pread(fd, buf, 100, 0), EINVAL);
	UT_ERR(pread(fd, buf, SECT, -SECT), EINVAL);
	m1 = ut_agent_msgs("vtbd0");
	a = vt();
	if (m0 >= 0)
		UT_EQ(m1, m0);
	UT_EQ(a.strategy, b.strategy);
	/* Across the end: the part before it, one message. */
	memset(buf, 0xee, 4096);
	UT_EQ(pread(fd, buf, 4096, NULLSZ - SECT), SECT);
	UT_EQ(nonzero(buf, SECT), 0);
	a = vt();
	UT_EQ(a.strategy - b.strategy, 1);
	UT_EQ(a.devreq - b.devreq, 1);
}

/*
 * Every disk /dev/vtbdN (N = 0, 1, ... while they exist) has its line
 * in hw.vtblk.units, the lines in unit order, its size that of the
 * disk, and no other line.
 */
static void
test_units(void)
{
	static char units[2048];
	size_t len = sizeof(units) - 1;
	char name[32], *line;
	long long size;
	off_t dsize;
	int fd, n, lines = 0;

	memset(units, 0, sizeof(units));
	UT_EQ(sysctl("hw.vtblk.units", units, &len, NULL, 0), 0);
	UT_EQ(len, strlen(units) + 1);
	for (line = units; (line = strchr(line, '\n')) != NULL; line++)
		lines++;
	line = units;
	for (n = 0; n < 8; n++) {
		snprintf(name, sizeof(name), "/dev/vtbd%d", n);
		if ((fd = open(name, O_RDONLY)) < 0)
			break;
		dsize = -1;
		UT_EQ(ioctl(fd, DIOCGMEDIASIZE, &dsize), 0);
		UT_EQ(close(fd), 0);
		snprintf(name, sizeof(name), "vtbd%d %%lld ", n);
		size = -1;
		/* Its line is the next one. */
		UT_EQ(sscanf(line, name, &size), 1);
		UT_EQ(size, (long long)dsize);
		line = strchr(line, '\n') != NULL ? strchr(line, '\n') + 1 :
		    line + strlen(line);
	}
	printf("dev_vtblk: hw.vtblk.units lists %d disks (%d in /dev)\n",
	    lines, n);
	UT_TRUE(n >= 1);
	UT_EQ(lines, n);
}

int
main(void)
{
	long m0 = ut_agent_msgs("vtbd0");
	struct vt v = vt();
	int fd;

	fd = open("/dev/vtbd0", O_RDWR);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		UT_DONE("dev_vtblk");
	test_disk(fd, &v);
	test_batch(fd);
	test_split(fd);
	test_errors(fd);
	test_units();
	UT_EQ(vt().reset, v.reset);
	UT_EQ(close(fd), 0);
	printf("dev_vtblk: vtbd0 served by %s\n", m0 >= 0 ?
	    "a user driver (port agent)" : "the kernel's driver");
	UT_DONE("dev_vtblk");
}
