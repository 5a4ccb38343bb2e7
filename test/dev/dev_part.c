/*
 * dev_part - MBR partitions as devices (sys/kern/subr_diskmbr.c).
 *
 * On md0: a partition table written from here and read again with
 * DIOCRESCAN; each partition reads and writes its own bytes of the disk
 * (first and last sector at the right absolute offsets), reports its
 * own size, is clipped at its end (never reaching the next partition),
 * takes asynchronous reads; an empty slot, a removed entry and a disk
 * without a signature are ENXIO; rescans are EBUSY while a partition is
 * open and EINVAL on a partition.  The disk is left with no table.
 *
 * On the test disks (test/dev/disk.sh: partitions 1, 2 and 4 of a
 * 16 MiB image whose every word holds its own offset), read only: the
 * first and last sector of each partition, the sizes, the clip at the
 * end, slot 3 absent.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <sysasync.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define SECT	512
#define MDSECTS	512		/* md0: 256 KiB */

static unsigned char buf[8192], sect0[SECT];

/* An MBR entry (slot 0-3) in sect0. */
static void
mbr_entry(int slot, int type, uint32_t start, uint32_t size)
{
	unsigned char *e = sect0 + 446 + 16 * slot;

	memset(e, 0, 16);
	e[4] = (unsigned char)type;
	memcpy(e + 8, &start, 4);
	memcpy(e + 12, &size, 4);
}

/* Partition path (e.g. "/dev/md0s1") has size bytes, its first byte at
 * absolute offset start of the disk: the first and last sector read
 * back, the read across its end is clipped, at the end 0. */
static void
check_part(const char *path, off_t start, off_t size)
{
	off_t got = -1;
	uint32_t ssz = 0;
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY);
	UT_TRUE(fd >= 0);
	if (fd < 0) {
		printf("dev_part: %s: errno %d\n", path, errno);
		return;
	}
	UT_EQ(ioctl(fd, DIOCGMEDIASIZE, &got), 0);
	UT_EQ(got, size);
	UT_EQ(ioctl(fd, DIOCGSECTORSIZE, &ssz), 0);
	UT_EQ(ssz, SECT);
	UT_EQ(fstat(fd, &st), 0);
	UT_EQ(st.st_size, size);
	UT_EQ(lseek(fd, 0, SEEK_END), size);
	memset(buf, 0, sizeof(buf));
	UT_EQ(pread(fd, buf, SECT, 0), SECT);
	UT_EQ(ut_bad_words(buf, start, SECT), 0);
	UT_EQ(pread(fd, buf, 4096, size - 4096), 4096);
	UT_EQ(ut_bad_words(buf, start + size - 4096, 4096), 0);
	/* Across the end: only the last sector, the rest of the buffer
	 * untouched (the next partition's bytes never come). */
	memset(buf, 0xee, sizeof(buf));
	UT_EQ(pread(fd, buf, 8192, size - SECT), SECT);
	UT_EQ(ut_bad_words(buf, start + size - SECT, SECT), 0);
	UT_EQ(buf[SECT], 0xee);
	UT_EQ(buf[8191], 0xee);
	UT_EQ(pread(fd, buf, SECT, size), 0);
	UT_EQ(pread(fd, buf, SECT, size + 64 * SECT), 0);
	UT_ERR(pread(fd, buf, SECT, 3), EINVAL);
	UT_EQ(close(fd), 0);
}

/* md0: write a table, rescan, use the partitions. */
static void
test_md(void)
{
	SYSMSG(pread) m[8];
	int fd, pfd, i, bad, d0;
	off_t size;

	fd = open("/dev/md0", O_RDWR);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		return;
	/* The whole disk holds its offsets; then the table. */
	for (i = 0; i < MDSECTS * SECT; i += sizeof(buf)) {
		ut_fill_words(buf, i, sizeof(buf));
		UT_EQ(pwrite(fd, buf, sizeof(buf), i), (ssize_t)sizeof(buf));
	}
	memset(sect0, 0, sizeof(sect0));
	mbr_entry(0, 0x83, 8, 64);
	mbr_entry(1, 0x0c, 72, 128);
	mbr_entry(3, 0x83, 300, 400);	/* past the end: cut at 512 */
	sect0[510] = 0x55;
	sect0[511] = 0xaa;
	UT_EQ(pwrite(fd, sect0, SECT, 0), SECT);
	/* Before the rescan the slots are empty (md0 started blank). */
	UT_ERR(open("/dev/md0s1", O_RDONLY), ENXIO);
	UT_EQ(ioctl(fd, DIOCRESCAN, NULL), 0);

	check_part("/dev/md0s1", 8 * SECT, 64 * SECT);
	check_part("/dev/md0s2", 72 * SECT, 128 * SECT);
	check_part("/dev/md0s4", 300 * SECT, 212 * SECT);
	UT_ERR(open("/dev/md0s3", O_RDONLY), ENXIO);
	UT_ERR(open("/dev/md0s5", O_RDONLY), ENOENT);

	/* Writes land at the partition's offset, and stop at its end. */
	pfd = open("/dev/md0s2", O_RDWR);
	UT_TRUE(pfd >= 0);
	memset(buf, 0x5a, 2 * SECT);
	UT_EQ(pwrite(pfd, buf, 2 * SECT, 128 * SECT - SECT), SECT);
	UT_ERR(pwrite(pfd, buf, SECT, 128 * SECT), ENOSPC);
	memset(buf, 0, sizeof(buf));
	UT_EQ(pread(fd, buf, 2 * SECT, 199 * SECT), 2 * SECT);
	UT_EQ(buf[0], 0x5a);
	UT_EQ(buf[SECT - 1], 0x5a);
	UT_EQ(ut_bad_words(buf + SECT, 200 * SECT, SECT), 0); /* next: intact */
	ut_fill_words(buf, 199 * SECT, SECT);
	UT_EQ(pwrite(fd, buf, SECT, 199 * SECT), SECT);	/* as it was */

	/* Eight asynchronous reads through the partition, in flight at
	 * once, sent to the driver with no worker. */
	d0 = ut_sysctl_int("kern.async_direct");
	for (i = 0; i < 8; i++) {
		sysmsg_init(&m[i], pread);
		m[i].a.fd = pfd;
		m[i].a.buf = buf + (7 - i) * SECT;
		m[i].a.nbyte = SECT;
		m[i].a.offset = (off_t)(7 - i) * 16 * SECT;
		UT_TRUE(async_send(0, &m[i].h, sizeof(m[i]), 0) >= 0);
	}
	bad = 0;
	for (i = 0; i < 8; i++) {
		UT_EQ(async_wait(0, &m[i].h), 0);
		UT_EQ(async_result(&m[i].h), SECT);
		bad += ut_bad_words(buf + (7 - i) * SECT,
		    (72 + (7 - i) * 16) * SECT, SECT);
	}
	UT_EQ(bad, 0);
	UT_EQ(ut_sysctl_int("kern.async_direct") - d0, 8);

	/* No rescan while a partition is open; none of a partition. */
	UT_ERR(ioctl(fd, DIOCRESCAN, NULL), EBUSY);
	UT_ERR(ioctl(pfd, DIOCRESCAN, NULL), EINVAL);
	UT_EQ(close(pfd), 0);

	/* A new table: slot 1 emptied, slot 3 filled, slot 2 moved. */
	mbr_entry(0, 0, 0, 0);
	mbr_entry(1, 0x0c, 100, 50);
	mbr_entry(2, 0x83, 40, 16);
	UT_EQ(pwrite(fd, sect0, SECT, 0), SECT);
	UT_EQ(ioctl(fd, DIOCRESCAN, NULL), 0);
	UT_ERR(open("/dev/md0s1", O_RDONLY), ENXIO);
	check_part("/dev/md0s2", 100 * SECT, 50 * SECT);
	check_part("/dev/md0s3", 40 * SECT, 16 * SECT);
	check_part("/dev/md0s4", 300 * SECT, 212 * SECT);

	/* Entries that start at sector 0 or past the end are ignored. */
	mbr_entry(1, 0x0c, 0, 50);
	mbr_entry(2, 0x83, MDSECTS, 16);
	UT_EQ(pwrite(fd, sect0, SECT, 0), SECT);
	UT_EQ(ioctl(fd, DIOCRESCAN, NULL), 0);
	UT_ERR(open("/dev/md0s2", O_RDONLY), ENXIO);
	UT_ERR(open("/dev/md0s3", O_RDONLY), ENXIO);
	check_part("/dev/md0s4", 300 * SECT, 212 * SECT);

	/* No signature: no table. */
	sect0[511] = 0;
	UT_EQ(pwrite(fd, sect0, SECT, 0), SECT);
	UT_EQ(ioctl(fd, DIOCRESCAN, NULL), 0);
	UT_ERR(open("/dev/md0s4", O_RDONLY), ENXIO);
	size = -1;
	UT_EQ(ioctl(fd, DIOCGMEDIASIZE, &size), 0);
	UT_EQ(size, MDSECTS * SECT);

	/* Leave md0 blank, as other tests expect it. */
	memset(buf, 0, sizeof(buf));
	for (i = 0; i < MDSECTS * SECT; i += sizeof(buf))
		UT_EQ(pwrite(fd, buf, sizeof(buf), i), (ssize_t)sizeof(buf));
	UT_EQ(close(fd), 0);
	/* Not a disk: ENOTTY from the driver.  */
	fd = open("/dev/null", O_RDONLY);
	UT_ERR(ioctl(fd, DIOCRESCAN, NULL), ENOTTY);
	close(fd);
}

/* A test disk: partitions 1, 2 and 4 as disk.sh made them; read only. */
static void
test_disk(const char *name)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/dev/%s", name);
	if (stat(path, &st) != 0) {
		/* make check always attaches both test disks. */
		UT_FAIL("no %s: the test disk is missing", path);
		return;
	}
	printf("dev_part: %s\n", path);
	snprintf(path, sizeof(path), "/dev/%ss1", name);
	check_part(path, 2048 * SECT, 4096 * SECT);
	snprintf(path, sizeof(path), "/dev/%ss2", name);
	check_part(path, 6144 * SECT, 8192 * SECT);
	snprintf(path, sizeof(path), "/dev/%ss4", name);
	check_part(path, 16384 * SECT, 12288 * SECT);
	snprintf(path, sizeof(path), "/dev/%ss3", name);
	UT_ERR(open(path, O_RDONLY), ENXIO);
}

int
main(void)
{
	test_md();
	test_disk("ada0");
	test_disk("vtbd1");
	UT_DONE("dev_part");
}
