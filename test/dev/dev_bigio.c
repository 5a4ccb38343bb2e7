/*
 * dev_bigio - disk transfers larger than one device message, through
 * /dev/vtbd1 (virtio-blk) and /dev/ada0 (the ATA driver), both
 * make check's test image (test/dev/disk.sh: 16 MiB, every 32-bit word
 * its own byte offset, an MBR in sector 0, the last MiB the only
 * region a test may write).
 *
 * A driver in a user process takes at most its declared largest
 * transfer per message (1 MiB for /bin/drvd: ds_maxio, sys/agent.h;
 * si_iosize_max, sys/device.h); the kernel sends a larger transfer in
 * pieces and the caller sees one call.  In the kernel's build the same
 * calls reach the driver, which cuts them into commands itself.  So,
 * run unchanged against both builds (make check's main boot and
 * tests-udrv):
 *
 *   - a 5 MiB read at an odd sector into a buffer 100 bytes into a
 *     page: 5 MiB, all the pattern, the bytes around it untouched;
 *   - the last MiB set to something else, then one 2 MiB write over
 *     [14 MiB, 16 MiB) of the pattern as it is there and the final
 *     pattern (disk.sh check's: every word its offset XOR 0xa5a5a5a5)
 *     in the last MiB, read back whole; the host checks the image after
 *     the run (disk-oracle-*);
 *   - an asynchronous 3 MiB pread: 3 MiB, the pattern.
 *
 * With the disk served through the port agent (kern.agent_devs names
 * it) each of those crossed the agent as several messages: the count
 * of the disk's messages grows by at least the pieces of 1 MiB.
 */
#include <sys/types.h>
#include <sysasync.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "utest.h"

#define SECT	512
#define MiB	(1024 * 1024)
#define DISK	(16 * MiB)		/* test/dev/disk.sh: DISK_MB */
#define WSTART	(DISK - MiB)		/* the region tests may write */
#define XFINAL	0xa5a5a5a5u		/* what the host expects there */
#define XSCRATCH 0x5a5a0000u		/* what goes there first */
#define SKEW	100			/* the buffer's offset into a page */

static unsigned char big[5 * MiB + 2 * 4096] __attribute__((aligned(4096)));

/* Fill p as the disk's bytes [off, off + n) with pattern x. */
static void
fill(unsigned char *p, uint32_t off, size_t n, uint32_t x)
{
	size_t i;

	for (i = 0; i < n; i += 4) {
		uint32_t w = (off + (uint32_t)i) ^ x;

		memcpy(p + i, &w, 4);
	}
}

/* The byte offset in p of the first word that is not the pattern, or
 * -1. */
static long
mismatch(const unsigned char *p, uint32_t off, size_t n, uint32_t x)
{
	size_t i;
	uint32_t w;

	for (i = 0; i < n; i += 4) {
		memcpy(&w, p + i, 4);
		if (w != ((off + (uint32_t)i) ^ x))
			return ((long)i);
	}
	return (-1);
}

/* The messages dev's driver process received so far, or -1 if the
 * kernel's driver serves it. */
static long
msgs(const char *dev)
{
	return (ut_agent_msgs(dev));
}

/* The agent carried at least n more messages to dev's driver since m0
 * (nothing to check in the kernel's build). */
static void
crossed(const char *dev, long m0, long n)
{
	if (m0 >= 0)
		UT_TRUE(msgs(dev) - m0 >= n);
}

static void
test_disk(const char *dev)
{
	char path[32];
	unsigned char *p = big + SKEW;
	SYSMSG(pread) m;
	long bad, m0;
	int fd;

	snprintf(path, sizeof(path), "/dev/%s", dev);
	fd = open(path, O_RDWR);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		return;

	/* 5 MiB in one read. */
	memset(big, 0xee, sizeof(big));
	m0 = msgs(dev);
	UT_EQ(pread(fd, p, 5 * MiB, 3 * SECT), 5 * MiB);
	crossed(dev, m0, 5);
	bad = mismatch(p, 3 * SECT, 5 * MiB, 0);
	if (bad >= 0)
		UT_FAIL("%s: 5 MiB read: word at +%ld is wrong", dev, bad);
	UT_EQ(big[SKEW - 1], 0xee);
	UT_EQ(p[5 * MiB], 0xee);

	/* Scratch over the last MiB, then 2 MiB in one write: the pattern
	 * as it is, and the final pattern in the last MiB. */
	fill(big, WSTART, MiB, XSCRATCH);
	UT_EQ(pwrite(fd, big, MiB, WSTART), MiB);
	fill(p, WSTART - MiB, MiB, 0);
	fill(p + MiB, WSTART, MiB, XFINAL);
	m0 = msgs(dev);
	UT_EQ(pwrite(fd, p, 2 * MiB, WSTART - MiB), 2 * MiB);
	crossed(dev, m0, 2);
	memset(big, 0, 2 * MiB + 2 * 4096);
	UT_EQ(pread(fd, big + 4096, 2 * MiB, WSTART - MiB), 2 * MiB);
	UT_EQ(mismatch(big + 4096, WSTART - MiB, MiB, 0), -1);
	UT_EQ(mismatch(big + 4096 + MiB, WSTART, MiB, XFINAL), -1);

	/* 3 MiB asynchronously (too large to send directly: the ordinary
	 * path's windows). */
	memset(big, 0xee, 3 * MiB + 4096);
	sysmsg_init(&m, pread);
	m.a.fd = fd;
	m.a.buf = p;
	m.a.nbyte = 3 * MiB;
	m.a.offset = 2 * MiB;
	m0 = msgs(dev);
	UT_TRUE(async_send(0, &m.h, sizeof(m), 0) >= 0);
	UT_EQ(async_wait(0, &m.h), 0);
	UT_EQ(async_result(&m.h), 3 * MiB);
	crossed(dev, m0, 3);
	UT_EQ(mismatch(p, 2 * MiB, 3 * MiB, 0), -1);
	UT_EQ(p[3 * MiB], 0xee);
	UT_EQ(close(fd), 0);
}

int
main(void)
{
	test_disk("vtbd1");
	test_disk("ada0");
	UT_DONE("dev_bigio");
}
