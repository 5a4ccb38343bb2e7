/*
 * dev_md - the RAM disk /dev/md0 through read, write, pread, pwrite,
 * lseek and ioctl: whole sectors move (through a bounce buffer at 512
 * bytes, held pages above), anything else is EINVAL, the end of the disk
 * gives short counts, 0 and ENOSPC, and ioctl copies its argument by
 * size and direction (EFAULT, ENOTTY).  Asynchronous preads of the disk
 * go in flight and come back with the right bytes.
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
#define MDSIZE	(256 * 1024)

static unsigned char wbuf[65536], rbuf[65536 + SECT];

/* A pattern that differs per byte and per pass. */
static void
fill(unsigned char *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)((i * 13 + seed * 101 + (i >> 9)) & 0xff);
}

static void
test_ioctl(int fd)
{
	uint32_t ssz = 0;
	off_t size = 0;
	int type = -1, pfd[2];

	UT_EQ(ioctl(fd, DIOCGSECTORSIZE, &ssz), 0);
	UT_EQ(ssz, SECT);
	UT_EQ(ioctl(fd, DIOCGMEDIASIZE, &size), 0);
	UT_EQ(size, MDSIZE);
	UT_EQ(ioctl(fd, FIODTYPE, &type), 0);
	UT_EQ(type, D_DISK);
	UT_EQ(isatty(fd), 0);
	UT_EQ(errno, ENOTTY);
	/* A bad pointer: EFAULT, no crash. */
	UT_ERR(ioctl(fd, DIOCGMEDIASIZE, (void *)1), EFAULT);
	UT_ERR(ioctl(fd, DIOCGMEDIASIZE, (void *)0xc0000000), EFAULT);
	UT_ERR(ioctl(fd, _IOW('d', 201, int), (void *)1), EFAULT);
	/* Unknown or malformed commands: ENOTTY. */
	UT_ERR(ioctl(fd, _IOR('d', 200, int), &type), ENOTTY);
	UT_ERR(ioctl(fd, 0x1234, &type), ENOTTY);	/* no direction */
	UT_ERR(ioctl(fd, IOC_VOID | 0x40000, &type), ENOTTY); /* void+size */
	/* Not a device: ENOTTY; not a descriptor: EBADF. */
	UT_EQ(pipe(pfd), 0);
	UT_ERR(ioctl(pfd[0], FIODTYPE, &type), ENOTTY);
	close(pfd[0]);
	close(pfd[1]);
	UT_ERR(ioctl(-1, FIODTYPE, &type), EBADF);
	UT_ERR(ioctl(99, FIODTYPE, &type), EBADF);
}

static void
test_rw(int fd)
{
	static const size_t sizes[] = { SECT, 4096, 3 * SECT, 65536 };
	size_t i;
	off_t off;

	/* Write then read back, each size, at several offsets: 512 bytes go
	 * through the bounce buffer, the rest as held pages. */
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		off = (off_t)(i + 1) * 8 * SECT;
		fill(wbuf, sizes[i], (unsigned)i + 1);
		UT_EQ(pwrite(fd, wbuf, sizes[i], off), (ssize_t)sizes[i]);
		memset(rbuf, 0, sizes[i]);
		UT_EQ(pread(fd, rbuf, sizes[i], off), (ssize_t)sizes[i]);
		UT_EQ(memcmp(rbuf, wbuf, sizes[i]), 0);
	}
	/* A buffer that does not start on a page (misaligned in memory is
	 * fine: only the disk offset and length must be whole sectors). */
	fill(wbuf, 4096, 9);
	UT_EQ(pwrite(fd, wbuf, 4096, 0), 4096);
	UT_EQ(pread(fd, rbuf + 3, 4096, 0), 4096);
	UT_EQ(memcmp(rbuf + 3, wbuf, 4096), 0);

	/* The file offset: read and write move it, lseek sets it, SEEK_END
	 * is the disk's size. */
	UT_EQ(lseek(fd, SECT, SEEK_SET), SECT);
	UT_EQ(read(fd, rbuf, SECT), SECT);
	UT_EQ(memcmp(rbuf, wbuf + SECT, SECT), 0);
	UT_EQ(lseek(fd, 0, SEEK_CUR), 2 * SECT);
	UT_EQ(write(fd, wbuf, SECT), SECT);
	UT_EQ(lseek(fd, 0, SEEK_CUR), 3 * SECT);
	UT_EQ(lseek(fd, 0, SEEK_END), MDSIZE);
	UT_EQ(read(fd, rbuf, SECT), 0);			/* at the end */
}

static void
test_bad(int fd)
{
	/* Not whole sectors: EINVAL, whatever the path. */
	UT_ERR(pread(fd, rbuf, SECT, 100), EINVAL);
	UT_ERR(pread(fd, rbuf, 100, 0), EINVAL);
	UT_ERR(pread(fd, rbuf, 4096 + 1, 0), EINVAL);
	UT_ERR(pwrite(fd, wbuf, SECT, 1), EINVAL);
	UT_ERR(pwrite(fd, wbuf, SECT - 1, 0), EINVAL);
	UT_ERR(pwrite(fd, wbuf, 8192, 4096 + 256), EINVAL);
	UT_EQ(lseek(fd, 7, SEEK_SET), 7);
	UT_ERR(read(fd, rbuf, SECT), EINVAL);
	UT_EQ(lseek(fd, 0, SEEK_CUR), 7);		/* nothing moved */

	/* The end: a read across it is short, at or past it 0; a write
	 * across it is short, at or past it ENOSPC. */
	UT_EQ(pread(fd, rbuf, 4 * SECT, MDSIZE - SECT), SECT);
	UT_EQ(pread(fd, rbuf, SECT, MDSIZE), 0);
	UT_EQ(pread(fd, rbuf, SECT, MDSIZE + 8 * SECT), 0);
	UT_EQ(pwrite(fd, wbuf, 4 * SECT, MDSIZE - 2 * SECT), 2 * SECT);
	UT_ERR(pwrite(fd, wbuf, SECT, MDSIZE), ENOSPC);
	UT_ERR(pwrite(fd, wbuf, 4096, MDSIZE + 4096), ENOSPC);
	UT_EQ(pwrite(fd, wbuf, 0, MDSIZE), 0);
	UT_ERR(pread(fd, rbuf, SECT, -SECT), EINVAL);

	/* Bad buffers: EFAULT, nothing written from them. */
	UT_ERR(pread(fd, (void *)1, SECT, 0), EFAULT);
	UT_ERR(pread(fd, (void *)0xc0000000, 4096, 0), EFAULT);
	UT_ERR(pwrite(fd, (void *)0xc0000000, SECT, 0), EFAULT);
	UT_ERR(pwrite(fd, (void *)4096, 8192, 0), EFAULT);
}

/* Eight asynchronous preads in flight at once, each its own sector. */
static void
test_async(int fd)
{
	SYSMSG(pread) m[8];
	int i, rc, bad = 0;

	fill(wbuf, 8 * SECT, 33);
	UT_EQ(pwrite(fd, wbuf, 8 * SECT, 64 * SECT), 8 * SECT);
	memset(rbuf, 0, 8 * SECT);
	for (i = 0; i < 8; i++) {
		sysmsg_init(&m[i], pread);
		m[i].a.fd = fd;
		m[i].a.buf = rbuf + (7 - i) * SECT;
		m[i].a.nbyte = SECT;
		m[i].a.offset = (64 + 7 - i) * SECT;
		rc = async_send(0, &m[i].h, sizeof(m[i]), 0);
		UT_TRUE(rc == 0 || rc == 1);
	}
	for (i = 0; i < 8; i++) {
		UT_EQ(async_wait(0, &m[i].h), 0);
		UT_EQ(async_result(&m[i].h), SECT);
	}
	for (i = 0; i < 8 * SECT; i++)
		bad += rbuf[i] != wbuf[i];
	UT_EQ(bad, 0);
}

int
main(void)
{
	struct stat st;
	int fd;

	UT_EQ(stat("/dev/md0", &st), 0);
	UT_TRUE(S_ISCHR(st.st_mode));
	UT_EQ(st.st_size, MDSIZE);
	fd = open("/dev/md0", O_RDWR);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		UT_DONE("dev_md");
	test_ioctl(fd);
	test_rw(fd);
	test_bad(fd);
	test_async(fd);
	UT_EQ(close(fd), 0);
	UT_DONE("dev_md");
}
