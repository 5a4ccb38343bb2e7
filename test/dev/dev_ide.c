/*
 * dev_ide - the ATA driver (sys/dev/ata) through /dev/ada0, the test
 * disk of `make check` (test/dev/disk.sh: 16 MiB, every 32-bit word its
 * own byte offset, an MBR in sector 0), attached as the IDE primary
 * master.
 *
 * Reads of 512 B, 4 KiB, 64 KiB and 1 MiB at several offsets, into
 * page-aligned buffers, buffers that start 100 bytes into a page (the
 * held pages are partial: more PRD entries) and buffers at an odd
 * address (the engine cannot: PIO instead), each with hw.ata.dma 1 and
 * 0; the counters hw.ata.cmds_dma and hw.ata.cmds_pio say which path
 * each took.  Odd shapes (test_shapes): buffers 2 bytes into a page or
 * 2 bytes before its end, and odd ones, which a user build of the
 * driver must be given as the sender's physical pieces (even) or as a
 * copy (odd, or DMA off), taking the kernel build's path.  Then writes
 * and read-backs in the last MiB (the only region a guest test may
 * write), by both paths, ending with the
 * pattern the host checks after the run (disk.sh check: every word of
 * the last MiB its offset XOR 0xa5a5a5a5).  And the bad inputs:
 * unaligned offsets and lengths (EINVAL), the end of the disk (short
 * count, 0, ENOSPC), bad buffers (EFAULT) and a buffer cut by an
 * unmapped page (a short count).
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sysctl.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define SECT	512
#define KB	1024
#define MB	(1024 * 1024)
#define DISK	(16 * MB)		/* test/dev/disk.sh: DISK_MB */
#define WSTART	(DISK - MB)		/* the region tests may write */
#define XFINAL	0xa5a5a5a5u		/* what the host expects there */
#define XSCRATCH 0x3c3c0000u		/* what we write there first */

static unsigned char big[MB + 2 * 4096] __attribute__((__aligned__(4096)));

static void
set_dma(int v)
{
	UT_EQ(sysctl("hw.ata.dma", NULL, NULL, &v, sizeof(v)), 0);
	UT_EQ(ut_sysctl_int("hw.ata.dma"), v);
}

/* Fill buf as the disk's bytes [off, off + n) with pattern x. */
static void
fill(unsigned char *buf, off_t off, size_t n, uint32_t x)
{
	size_t i;

	for (i = 0; i < n; i += 4) {
		uint32_t w = (uint32_t)(off + (off_t)i) ^ x;

		memcpy(buf + i, &w, 4);
	}
}

/* The byte offset in buf of the first word that is not the pattern, or
 * -1. */
static long
mismatch(const unsigned char *buf, off_t off, size_t n, uint32_t x)
{
	size_t i;

	for (i = 0; i < n; i += 4) {
		uint32_t w;

		memcpy(&w, buf + i, 4);
		if (w != ((uint32_t)(off + (off_t)i) ^ x))
			return ((long)i);
	}
	return (-1);
}

struct counts {
	int	dma, pio;
};

static struct counts
counts(void)
{
	struct counts c = { ut_sysctl_int("hw.ata.cmds_dma"),
	    ut_sysctl_int("hw.ata.cmds_pio") };

	return (c);
}

/*
 * Did the transfer just done take the path expected?  dma: hw.ata.dma;
 * odd: the buffer's address is odd and the transfer is held (above 512
 * bytes), so the engine cannot take it.
 */
static void
check_path(struct counts b, int dma, bool odd, size_t n)
{
	struct counts a = counts();

	if (dma && !(odd && n > SECT)) {
		UT_TRUE(a.dma > b.dma);
		UT_EQ(a.pio, b.pio);
	} else {
		UT_EQ(a.dma, b.dma);
		UT_TRUE(a.pio > b.pio);
	}
}

static void
read_case(int fd, int dma, size_t n, off_t off, size_t skew)
{
	unsigned char *buf = big + skew;
	struct counts b = counts();
	ssize_t r;
	long bad;

	memset(buf, 0xee, n);
	r = pread(fd, buf, n, off);
	UT_EQ(r, (ssize_t)n);
	bad = mismatch(buf, off, n, 0);
	if (bad >= 0)
		UT_FAIL("read %zu at %lld (dma %d, skew %zu): word at +%ld is "
		    "wrong", n, (long long)off, dma, skew, bad);
	check_path(b, dma, skew & 1, n);
}

static void
test_reads(int fd)
{
	static const size_t sizes[] = { SECT, 4 * KB, 64 * KB, MB };
	static const off_t offs[] = { SECT, 3 * 4 * KB, 3 * 64 * KB + KB,
	    7 * MB + SECT };
	static const size_t skews[] = { 0, 100, 1 };
	size_t s, o, k;
	int dma;

	for (dma = 1; dma >= 0; dma--) {
		set_dma(dma);
		for (s = 0; s < nitems(sizes); s++)
			for (o = 0; o < nitems(offs); o++)
				for (k = 0; k < nitems(skews); k++)
					read_case(fd, dma, sizes[s], offs[o],
					    skews[k]);
	}
	set_dma(1);
	/* Sector 0: the MBR (partition 1 starts at sector 2048). */
	memset(big, 0, SECT);
	UT_EQ(pread(fd, big, SECT, 0), SECT);
	UT_EQ(big[510], 0x55);
	UT_EQ(big[511], 0xaa);
	UT_EQ(big[446 + 4], 0x83);
	UT_EQ(big[446 + 8] | big[446 + 9] << 8, 2048);
	/* read(2) at the offset lseek set. */
	UT_EQ(lseek(fd, 5 * MB, SEEK_SET), 5 * MB);
	UT_EQ(read(fd, big, 8 * KB), 8 * KB);
	UT_EQ(mismatch(big, 5 * MB, 8 * KB, 0), -1);
	UT_EQ(lseek(fd, 0, SEEK_CUR), 5 * MB + 8 * KB);
}

/* Write n bytes of pattern x at off from big + skew with hw.ata.dma
 * dma; then read them back by the other path and compare. */
static void
write_case(int fd, int dma, size_t n, off_t off, size_t skew, uint32_t x)
{
	unsigned char *buf = big + skew;
	struct counts b;
	long bad;

	set_dma(dma);
	fill(buf, off, n, x);
	b = counts();
	UT_EQ(pwrite(fd, buf, n, off), (ssize_t)n);
	check_path(b, dma, skew & 1, n);
	set_dma(!dma);
	memset(buf, 0xee, n);
	UT_EQ(pread(fd, buf, n, off), (ssize_t)n);
	bad = mismatch(buf, off, n, x);
	if (bad >= 0)
		UT_FAIL("write %zu at %lld (dma %d, skew %zu) read back: word "
		    "at +%ld is wrong", n, (long long)off, dma, skew, bad);
}

/* Transfers the port agent gave a user driver as physical pieces. */
static int
physio_msgs(void)
{
	return (ut_sysctl_int("kern.agent_physio_msgs"));
}

/*
 * Odd-shaped buffers, in both builds: even but not word aligned (2), a
 * first piece of 2 bytes before a page boundary (4094), and odd ones
 * (3, 4095: PIO).  With the driver in a process (tests-udrv: atapci0
 * has a grant), every even buffer goes to it as the sender's physical
 * pieces while hw.ata.dma is 1 (kern.agent_physio_msgs grows: no copy)
 * and every odd one, or any with hw.ata.dma 0, as a copy at the
 * sender's alignment, so it takes the kernel build's path (check_path).
 * (A transfer of one sector goes through devfs's own aligned buffer.)
 */
static void
test_shapes(int fd)
{
	static const size_t sizes[] = { SECT, 4 * KB, 64 * KB, MB };
	static const size_t skews[] = { 2, 4094, 3, 4095 };
	bool user = ut_driver_pid("atapci0") > 0;
	size_t s, k;
	int dma, p0;

	for (dma = 1; dma >= 0; dma--) {
		set_dma(dma);
		for (s = 0; s < nitems(sizes); s++) {
			for (k = 0; k < nitems(skews); k++) {
				p0 = physio_msgs();
				read_case(fd, dma, sizes[s], 5 * MB + KB,
				    skews[k]);
				/* (one sector: devfs's own buffer) */
				if (user && dma && (!(skews[k] & 1) ||
				    sizes[s] <= SECT))
					UT_TRUE(physio_msgs() > p0);
				else
					UT_EQ(physio_msgs(), p0);
			}
		}
	}
	/* A write from pieces (user build), read back by PIO. */
	p0 = physio_msgs();
	write_case(fd, 1, 64 * KB, WSTART + 320 * KB, 4094, XSCRATCH + 9);
	UT_TRUE(physio_msgs() >= p0 + (user ? 1 : 0));
	set_dma(1);
}

static void
test_writes(int fd)
{
	off_t o;
	int i;

	/* Scratch first: every size and path, read back by the other. */
	write_case(fd, 1, MB, WSTART, 100, XSCRATCH);	/* 257 PRD entries */
	write_case(fd, 0, MB, WSTART, 0, XSCRATCH + 1);
	write_case(fd, 1, SECT, WSTART + SECT, 0, XSCRATCH + 2);
	write_case(fd, 1, 4 * KB, WSTART + 4 * KB, 100, XSCRATCH + 3);
	write_case(fd, 0, 4 * KB, WSTART + 8 * KB, 0, XSCRATCH + 4);
	write_case(fd, 1, 64 * KB, WSTART + 64 * KB, 0, XSCRATCH + 5);
	write_case(fd, 0, 64 * KB, WSTART + 128 * KB, 100, XSCRATCH + 6);
	write_case(fd, 1, 8 * KB, WSTART + 256 * KB, 1, XSCRATCH + 7);

	/* The final pattern over the whole last MiB, by both paths. */
	for (o = WSTART; o < WSTART + 256 * KB; o += 64 * KB)
		write_case(fd, 0, 64 * KB, o, 100, XFINAL);
	for (i = 0; i < 64; i++)
		write_case(fd, 1, 4 * KB, WSTART + 256 * KB + i * 4 * KB,
		    (i & 1) ? 100 : 0, XFINAL);
	write_case(fd, 1, 512 * KB - SECT, WSTART + 512 * KB, 0, XFINAL);
	/* Across the end: the last sector is written, a short count. */
	set_dma(1);
	fill(big, DISK - SECT, 2 * SECT, XFINAL);
	UT_EQ(pwrite(fd, big, 2 * SECT, DISK - SECT), SECT);
	UT_ERR(pwrite(fd, big, SECT, DISK), ENOSPC);
	UT_ERR(pwrite(fd, big, 4 * KB, DISK + 4 * KB), ENOSPC);
}

/* The last MiB holds the final pattern, read whole by both paths. */
static void
check_final(int fd)
{
	int dma;

	for (dma = 1; dma >= 0; dma--) {
		set_dma(dma);
		memset(big, 0, MB);
		UT_EQ(pread(fd, big, MB, WSTART), MB);
		UT_EQ(mismatch(big, WSTART, MB, XFINAL), -1);
	}
	set_dma(1);
}

static void
test_bad(int fd)
{
	unsigned char *p;

	/* Not whole sectors: EINVAL, nothing moved. */
	UT_ERR(pread(fd, big, 100, SECT), EINVAL);
	UT_ERR(pread(fd, big, SECT, 100), EINVAL);
	UT_ERR(pread(fd, big, 4 * KB + 2, 4 * KB), EINVAL);
	UT_ERR(pwrite(fd, big, SECT, WSTART + 1), EINVAL);
	UT_ERR(pwrite(fd, big, 100, WSTART), EINVAL);
	/* The end: 0 at and past it, a short count across it. */
	UT_EQ(pread(fd, big, SECT, DISK), 0);
	UT_EQ(pread(fd, big, 4 * KB, DISK + MB), 0);
	memset(big, 0, 4 * KB);
	UT_EQ(pread(fd, big, 4 * KB, DISK - 2 * SECT), 2 * SECT);
	UT_EQ(mismatch(big, DISK - 2 * SECT, 2 * SECT, XFINAL), -1);
	/* Bad buffers: EFAULT, and no write reaches the disk. */
	UT_ERR(pread(fd, (void *)1, 4 * KB, SECT), EFAULT);
	UT_ERR(pread(fd, (void *)1, SECT, SECT), EFAULT);
	UT_ERR(pread(fd, (void *)0xc0000000, 64 * KB, SECT), EFAULT);
	UT_ERR(pwrite(fd, (void *)1, 4 * KB, WSTART), EFAULT);
	UT_ERR(pwrite(fd, (void *)0xc0001000, SECT, WSTART), EFAULT);
	UT_ERR(pwrite(fd, (void *)0xc0001000, 64 * KB, WSTART), EFAULT);
	/* A buffer whose second page is gone: the first page's bytes. */
	p = mmap(NULL, 8 * KB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
	    -1, 0);
	UT_TRUE(p != MAP_FAILED);
	UT_EQ(munmap(p + 4 * KB, 4 * KB), 0);
	UT_EQ(pread(fd, p, 8 * KB, 2 * MB), 4 * KB);
	UT_EQ(mismatch(p, 2 * MB, 4 * KB, 0), -1);
	fill(p + 2 * KB, WSTART, 2 * KB, XFINAL);	/* what is there */
	UT_EQ(pwrite(fd, p + 2 * KB, 4 * KB, WSTART), 2 * KB);
	UT_EQ(munmap(p, 4 * KB), 0);
}

int
main(void)
{
	uint32_t ssz = 0;
	off_t size = 0;
	struct stat st;
	int fd;

	fd = open("/dev/ada0", O_RDWR);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		UT_DONE("dev_ide");
	UT_EQ(ioctl(fd, DIOCGSECTORSIZE, &ssz), 0);
	UT_EQ(ssz, SECT);
	UT_EQ(ioctl(fd, DIOCGMEDIASIZE, &size), 0);
	UT_EQ(size, DISK);
	UT_EQ(fstat(fd, &st), 0);
	UT_EQ(st.st_size, DISK);
	UT_EQ(ut_sysctl_int("hw.ata.dma"), 1);

	test_reads(fd);
	test_shapes(fd);
	test_writes(fd);
	check_final(fd);
	test_bad(fd);
	check_final(fd);
	UT_EQ(close(fd), 0);
	UT_DONE("dev_ide");
}
