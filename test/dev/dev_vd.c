/*
 * dev_vd - the virtio-blk disks through /dev/vtbd0 and /dev/vtbd1.
 *
 * vtbd1 is make check's test image (test/dev/disk.sh: 16 MiB, every
 * 32-bit word its own byte offset, an MBR in sector 0); vtbd0 is QEMU's
 * null read-only 1 MB disk behind the PCI bridge, enumerated first.
 *
 *   - reads of the pattern of 512 B, 4 KiB, 64 KiB and 1 MiB at several
 *     offsets into page-aligned and misaligned buffers (the request's
 *     page pieces are partial pages), and the MBR's signature;
 *   - writes in the last MiB (the only region a test may write): other
 *     data first, read back, then the XOR pattern over the whole last MiB
 *     in pieces of every size and alignment, read back; the host checks
 *     the image after the run (disk-oracle-vd in test/qemu-check.sh);
 *   - the read-only disk reads zeros and refuses writes (EROFS);
 *   - bad inputs: unaligned offset or size (EINVAL), at and across the
 *     end (0, a short count, ENOSPC), bad buffers (EFAULT);
 *   - 32 asynchronous preads in flight at once, each landing in its own
 *     buffer with the right data, whatever order they complete in.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <sysasync.h>
#include <fcntl.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define SECT		512
#define MiB		(1024 * 1024)
#define DISK_SIZE	(16 * MiB)	/* test/dev/disk.sh: DISK_MB */
#define WSTART		(DISK_SIZE - MiB) /* the region tests may write */
#define XOR		0xa5a5a5a5u	/* what disk.sh check expects there */
#define NULL_SIZE	MiB		/* QEMU_PCI's null disk */
#define NASYNC		32

/* Room for 1 MiB at any offset into a page, and then some. */
static unsigned char buf[2 * MiB + 16384] __attribute__((aligned(4096)));

/* The byte at disk offset o of the pattern (each little-endian word
 * holds its offset, XORed with x). */
static unsigned char
pat(uint32_t o, uint32_t x)
{
	uint32_t w = (o & ~3u) ^ x;

	return ((unsigned char)(w >> (8 * (o & 3))));
}

/* Bytes of p (n of them) that are not the pattern from offset o. */
static size_t
pat_bad(const unsigned char *p, size_t n, uint32_t o, uint32_t x)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++)
		bad += p[i] != pat(o + (uint32_t)i, x);
	return (bad);
}

static void
pat_fill(unsigned char *p, size_t n, uint32_t o, uint32_t x)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = pat(o + (uint32_t)i, x);
}

static void
test_info(int fd)
{
	struct stat st;
	uint32_t ssz = 0;
	off_t size = 0;

	UT_EQ(fstat(fd, &st), 0);
	UT_TRUE(S_ISCHR(st.st_mode));
	UT_EQ(st.st_size, DISK_SIZE);
	UT_EQ(ioctl(fd, DIOCGSECTORSIZE, &ssz), 0);
	UT_EQ(ssz, SECT);
	UT_EQ(ioctl(fd, DIOCGMEDIASIZE, &size), 0);
	UT_EQ(size, DISK_SIZE);
	UT_ERR(ioctl(fd, _IOR('x', 1, int), &ssz), ENOTTY);
}

/* One read of n bytes at disk offset off into buf + mis: all of it,
 * the pattern, and the bytes around it untouched. */
static void
read_one(int fd, size_t n, uint32_t off, size_t mis)
{
	unsigned char *p = buf + mis;
	size_t bad;

	memset(buf, 0xee, mis + n + 64);
	UT_EQ(pread(fd, p, n, off), (ssize_t)n);
	bad = pat_bad(p, n, off, 0);
	if (bad != 0)
		printf("dev_vd: read %zu at %u into +%zu: %zu bad bytes\n",
		    n, off, mis, bad);
	UT_EQ(bad, 0);
	UT_TRUE(mis == 0 || buf[mis - 1] == 0xee);
	UT_EQ(p[n], 0xee);
}

static void
test_reads(int fd)
{
	static const size_t sizes[] = { SECT, 4096, 65536, MiB };
	static const uint32_t offs[] = { SECT, 4096, 7 * SECT, MiB + 3 * SECT,
	    8 * MiB - 4096, WSTART - MiB };
	static const size_t mis[] = { 0, 4, 100, 2048 + 12, 4095 };
	unsigned i, j, k;

	/* Every size at every offset into every alignment; 1 MiB (whose
	 * check costs the most) at two offsets. */
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (j = 0; j < sizeof(offs) / sizeof(offs[0]); j++)
			for (k = 0; k < sizeof(mis) / sizeof(mis[0]); k++)
				if (sizes[i] < MiB || j % 3 == 0)
					read_one(fd, sizes[i], offs[j],
					    mis[k]);
	/* Sector 0 is the MBR: its signature, partition 1 of type 0x83
	 * starting at sector 2048. */
	memset(buf, 0, SECT);
	UT_EQ(pread(fd, buf, SECT, 0), SECT);
	UT_EQ(buf[510], 0x55);
	UT_EQ(buf[511], 0xaa);
	UT_EQ(buf[446 + 4], 0x83);
	UT_EQ(buf[446 + 8] | buf[446 + 9] << 8, 2048);
	/* read(2) with the file offset: lseek, then two reads in a row. */
	UT_EQ(lseek(fd, 3 * MiB, SEEK_SET), 3 * MiB);
	UT_EQ(read(fd, buf, 8192), 8192);
	UT_EQ(read(fd, buf + 8192, 4096), 4096);
	UT_EQ(pat_bad(buf, 12288, 3 * MiB, 0), 0);
	UT_EQ(lseek(fd, 0, SEEK_CUR), 3 * MiB + 12288);
}

/* Write n bytes of pattern x at off from buf + mis, read them back into
 * another place, compare. */
static void
write_one(int fd, size_t n, uint32_t off, size_t mis, uint32_t x)
{
	unsigned char *p = buf + mis, *q = buf + MiB + 4096 + 8;

	pat_fill(p, n, off, x);
	UT_EQ(pwrite(fd, p, n, off), (ssize_t)n);
	memset(q, 0, n);
	UT_EQ(pread(fd, q, n, off), (ssize_t)n);
	UT_EQ(pat_bad(q, n, off, x), 0);
}

static void
test_writes(int fd)
{
	uint32_t off;
	size_t n, mis;
	int i;

	/* Something else first, in every size: it must be overwritten. */
	write_one(fd, SECT, WSTART, 0, 0x11111111);
	write_one(fd, 4096, WSTART + 4096, 4, 0x22222222);
	write_one(fd, 65536, WSTART + 65536, 100, 0x33333333);
	write_one(fd, MiB, WSTART, 2048 + 12, 0x44444444);
	/* Then the final pattern: the first half in pieces of every size
	 * (512 B to 60 KiB) from buffers at odd places, the second half in
	 * one write from a page-aligned buffer, and it all read back. */
	for (off = WSTART, i = 0; off < WSTART + MiB / 2; off += n, i++) {
		n = (size_t)SECT * (1 + (i * 37) % 120);
		if (off + n > WSTART + MiB / 2)
			n = WSTART + MiB / 2 - off;
		mis = (size_t)(i * 997) % 4096;
		write_one(fd, n, off, mis, XOR);
	}
	write_one(fd, MiB / 2, WSTART + MiB / 2, 0, XOR);
	memset(buf, 0, MiB);
	UT_EQ(pread(fd, buf + 12, MiB, WSTART), MiB);
	UT_EQ(pat_bad(buf + 12, MiB, WSTART, XOR), 0);
}

static void
test_bad(int fd)
{
	/* Not whole sectors: EINVAL, nothing moved. */
	UT_ERR(pread(fd, buf, SECT, 100), EINVAL);
	UT_ERR(pread(fd, buf, 100, SECT), EINVAL);
	UT_ERR(pread(fd, buf, 4096 + 1, 4096), EINVAL);
	UT_ERR(pwrite(fd, buf, SECT, WSTART + 1), EINVAL);
	UT_ERR(pwrite(fd, buf, 1000, WSTART), EINVAL);
	/* At the end: 0 for a read, ENOSPC for a write; across it: the
	 * part that fits (the last sector is in the writable region; the
	 * final pattern pass rewrites it). */
	UT_EQ(pread(fd, buf, 4096, DISK_SIZE), 0);
	UT_EQ(pread(fd, buf, 4096, DISK_SIZE + 4096), 0);
	UT_EQ(pread(fd, buf, 4096, DISK_SIZE - SECT), SECT);
	UT_EQ(pat_bad(buf, SECT, DISK_SIZE - SECT, 0) == 0 ||
	    pat_bad(buf, SECT, DISK_SIZE - SECT, XOR) == 0, 1);
	UT_ERR(pwrite(fd, buf, SECT, DISK_SIZE), ENOSPC);
	pat_fill(buf, 4096, DISK_SIZE - SECT, XOR);
	UT_EQ(pwrite(fd, buf, 4096, DISK_SIZE - SECT), SECT);
	UT_ERR(pread(fd, buf, SECT, -SECT), EINVAL);
	/* Bad buffers: EFAULT (kernel addresses, an unmapped page), both
	 * through the bounce buffer (512) and as held pages. */
	UT_ERR(pread(fd, (void *)0xc0000000, 4096, SECT), EFAULT);
	UT_ERR(pread(fd, (void *)0xc0000000, SECT, SECT), EFAULT);
	UT_ERR(pwrite(fd, (void *)0xc0000000, SECT, WSTART), EFAULT);
	UT_ERR(pwrite(fd, (void *)4096, 8192, WSTART), EFAULT);
	UT_ERR(pread(fd, (void *)4096, 65536, SECT), EFAULT);
}

/* The null disk: zeros, read-only. */
static void
test_null(void)
{
	int fd;
	off_t size = 0;
	size_t i, bad = 0;

	fd = open("/dev/vtbd0", O_RDWR);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		return;
	UT_EQ(ioctl(fd, DIOCGMEDIASIZE, &size), 0);
	UT_EQ(size, NULL_SIZE);
	memset(buf, 0xee, 2 * 65536);
	UT_EQ(pread(fd, buf, SECT, 0), SECT);
	UT_EQ(pread(fd, buf + 4096 + 4, 65536, 512 * 1024), 65536);
	UT_EQ(pread(fd, buf + 65536 + 8192, 4096, NULL_SIZE - 4096), 4096);
	for (i = 0; i < SECT; i++)
		bad += buf[i] != 0;
	for (i = 0; i < 65536; i++)
		bad += buf[4096 + 4 + i] != 0;
	for (i = 0; i < 4096; i++)
		bad += buf[65536 + 8192 + i] != 0;
	UT_EQ(bad, 0);
	UT_EQ(pread(fd, buf, SECT, NULL_SIZE), 0);
	/* Writes are refused, through the bounce buffer and held pages. */
	UT_ERR(pwrite(fd, buf, SECT, 0), EROFS);
	UT_ERR(pwrite(fd, buf, 65536, 4096), EROFS);
	UT_ERR(pwrite(fd, buf, SECT, NULL_SIZE - SECT), EROFS);
	UT_EQ(close(fd), 0);
}

/* NASYNC preads in flight at once: 4 KiB each at scattered offsets,
 * buffers alternately page-aligned and not. */
static void
test_async(int fd)
{
	static SYSMSG(pread) m[NASYNC];
	uint32_t off[NASYNC];
	size_t bad = 0;
	int i, rc;

	memset(buf, 0xee, NASYNC * 8192);
	for (i = 0; i < NASYNC; i++) {
		off[i] = (uint32_t)(((i * 7919) % 3000) + 16) * 4096 +
		    (uint32_t)(i % 8) * SECT;
		sysmsg_init(&m[i], pread);
		m[i].a.fd = fd;
		m[i].a.buf = buf + i * 8192 + (i & 1) * 100;
		m[i].a.nbyte = 4096;
		m[i].a.offset = off[i];
		rc = async_send(0, &m[i].h, sizeof(m[i]), 0);
		UT_TRUE(rc == 0 || rc == 1);
	}
	for (i = NASYNC - 1; i >= 0; i--) {
		UT_EQ(async_wait(0, &m[i].h), 0);
		UT_EQ(async_result(&m[i].h), 4096);
	}
	for (i = 0; i < NASYNC; i++)
		bad += pat_bad(buf + i * 8192 + (i & 1) * 100, 4096, off[i],
		    0);
	UT_EQ(bad, 0);
}

/*
 * The asynchronous-call layer starts spare workers while preads block
 * in them (sys/kern/kern_async.c); a spare that got no call is retired
 * when a boot worker next goes idle.  Run cheap worker calls (an
 * asynchronous stat) until the count is back to w0, so the runner's
 * leak check finds their stacks freed.
 */
static void
async_settle(int w0)
{
	static const struct timespec ms10 = { 0, 10 * 1000 * 1000 };
	SYSMSG(stat) s;
	struct stat st;
	int n;

	for (n = 0; ut_sysctl_int("kern.async_workers") > w0 && n < 100;
	    n++) {
		sysmsg_init(&s, stat);
		s.a.path = "/dev/vtbd1";
		s.a.sb = &st;
		if (async_send(0, &s.h, sizeof(s), 0) >= 0)
			UT_EQ(async_wait(0, &s.h), 0);
		nanosleep(&ms10, NULL);
	}
	UT_EQ(ut_sysctl_int("kern.async_workers"), w0);
}

int
main(void)
{
	int fd, w0 = ut_sysctl_int("kern.async_workers");

	fd = open("/dev/vtbd1", O_RDWR);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		UT_DONE("dev_vd");
	test_info(fd);
	test_reads(fd);
	test_bad(fd);
	test_async(fd);
	async_settle(w0);
	test_writes(fd);
	UT_EQ(close(fd), 0);
	test_null();
	UT_DONE("dev_vd");
}
