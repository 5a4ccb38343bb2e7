/*
 * agent_disk - a RAM disk served by a user process through the port
 * agent (/dev/udisk0, 1 MiB of 512-byte sectors), read and written by
 * another process through the devfs node as any disk: pread and pwrite
 * of 4 KiB and 64 KiB with the data checked, the end of the medium, an
 * ioctl answered by the driver (DIOCGMEDIASIZE: IOC_OUT through the
 * reply), 40 asynchronous reads in flight at once (the driver holds
 * 32, its service is full, ENOBUFS, and it answers them last first).
 * The driver takes at most MAXIO bytes a message (ds_maxio, sys/agent.h):
 * a read of the whole disk, a 256 KiB write (twice its receive buffer)
 * and an asynchronous 256 KiB read reach it in pieces of at most that
 * (it dies if one is larger; kern.agent_devs counts the pieces) and
 * move whole; a ds_maxio not whole sectors is EINVAL.
 * Then the driver crashes holding a read: its supervisor
 * starts a new instance, which is sent the same read again (a disk
 * read is safe to repeat), and the reader sees the right data, not an
 * error.
 */
#include <sys/types.h>
#include <sys/agent.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <sysasync.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define SECT		512
#define DISKSIZE	(1024 * 1024)
#define QUIT		_IO('u', 1)
#define HOLD		_IO('u', 2)	/* hold reads until ENOBUFS */
#define STATS		_IOR('u', 3, int) /* did it see ENOBUFS? */
#define NQ		40		/* async reads in flight */
#define MAXIO		(32 * 1024)	/* the driver's largest transfer */
#define MAXLEN		_IOR('u', 4, int) /* the largest it was sent */

static unsigned char disk[DISKSIZE];
static unsigned char dbuf[128 * 1024];
static unsigned char rbuf[64 * 1024];
static unsigned char bigbuf[DISKSIZE];
static int maxlen;		/* the driver: the longest transfer seen */

static unsigned char
pattern(off_t off)
{
	return ((unsigned char)((off * 7 + (off >> 9) * 3) & 0xff));
}

/*
 * The driver: serve udisk0 until told to quit (then exit after the
 * next close).  A crashy one dies on a read of the last sector.
 */
/*
 * Hold mode: receive reads without replying until the service is full
 * (ENOBUFS), then reply them all, the last first (completions out of
 * order).  0 or an exit status.
 */
static int sawnobufs;
static int
hold_reads(int svc, struct udevmsg *first)
{
	static struct udevmsg held[AGENT_NHELD + 1];
	struct udevreply r;
	int n = 0, error = 0;

	held[n++] = *first;
	while (n <= AGENT_NHELD) {
		held[n].ud_data = dbuf;
		held[n].ud_datamax = sizeof(dbuf);
		error = __recvsys(svc, &held[n]);
		if (error != 0)
			break;
		if (held[n].ud_cmd != UDEV_STRATEGY ||
		    held[n].ud_flags != UBIO_READ)
			return (24);
		n++;
	}
	if (error != ENOBUFS || n != AGENT_NHELD)
		return (25);
	/* 40 were sent, 32 are held: some receive saw others queued
	 * behind it (ud_more, the hint a batching driver uses). */
	for (error = 0; error < n && !held[error].ud_more; error++)
		;
	if (error == n)
		return (27);
	sawnobufs = 1;
	while (n-- > 0) {
		r.ur_id = held[n].ud_id;
		r.ur_error = 0;
		r.ur_count = held[n].ud_len;
		r.ur_data = disk + held[n].ud_offset;
		if (__replysys(svc, &r) != 0)
			return (26);
	}
	return (0);
}

static void
driver(int crashy)
{
	struct devserve ds;
	struct udevmsg m;
	struct udevreply r;
	int svc, quitting = 0, holding = 0, error;
	off_t i, size = DISKSIZE;

	for (i = 0; i < DISKSIZE; i++)
		disk[i] = pattern(i);
	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "udisk0");
	ds.ds_flags = DSF_DISK;
	ds.ds_secsize = SECT;
	ds.ds_mediasize = DISKSIZE;
	ds.ds_timeout = 5000;
	ds.ds_maxio = MAXIO;
	svc = devserve(&ds);
	if (svc <= 0)
		_exit(20);
	for (;;) {
		m.ud_data = dbuf;
		m.ud_datamax = sizeof(dbuf);
		error = __recvsys(svc, &m);
		if (error != 0)
			_exit(21);
		r.ur_id = m.ud_id;
		r.ur_error = 0;
		r.ur_count = 0;
		r.ur_data = NULL;
		switch (m.ud_cmd) {
		case UDEV_STRATEGY:
			if (m.ud_offset < 0 || m.ud_offset + m.ud_len > DISKSIZE)
				_exit(22);	/* the kernel checked it */
			if (m.ud_len > MAXIO)
				_exit(25);	/* and cut it */
			if ((int)m.ud_len > maxlen)
				maxlen = (int)m.ud_len;
			if (m.ud_flags == UBIO_READ) {
				if (crashy && m.ud_offset == DISKSIZE - SECT)
					_exit(3);	/* holding it */
				if (holding) {
					holding = 0;
					if ((error = hold_reads(svc, &m)) != 0)
						_exit(error);
					continue;
				}
				r.ur_data = disk + m.ud_offset;
			} else {
				memcpy(disk + m.ud_offset, dbuf, m.ud_len);
			}
			r.ur_count = m.ud_len;
			break;
		case UDEV_IOCTL:
			if (m.ud_ioctl == DIOCGMEDIASIZE)
				r.ur_data = &size;
			else if (m.ud_ioctl == QUIT)
				quitting = 1;
			else if (m.ud_ioctl == HOLD)
				holding = 1;
			else if (m.ud_ioctl == STATS)
				r.ur_data = &sawnobufs;
			else if (m.ud_ioctl == MAXLEN)
				r.ur_data = &maxlen;
			else
				r.ur_error = ENOTTY;
			break;
		}
		if (__replysys(svc, &r) != 0)
			_exit(23);
		if (m.ud_cmd == UDEV_CLOSE && quitting)
			_exit(0);
	}
}

/* The supervisor: a crashy driver, then a good one when it dies. */
static void
supervisor(void)
{
	pid_t pid;
	int st;

	pid = fork();
	if (pid == 0)
		driver(1);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 3)
		_exit(30);
	pid = fork();
	if (pid == 0)
		driver(0);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0)
		_exit(31);
	_exit(0);
}

static int
check(const unsigned char *p, off_t off, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != pattern(off + (off_t)i))
			return (0);
	return (1);
}

/* NQ asynchronous reads in flight to the user driver, which holds 32
 * (its service is then full: ENOBUFS) and answers them last first. */
typedef SYSMSG(pread) pread_msg;
static pread_msg am[NQ];
static unsigned char abufs[NQ][4096];

static void
test_async(int fd)
{
	int i, left, done[NQ], bad = 0, saw = 0;

	UT_EQ(ioctl(fd, HOLD, NULL), 0);
	for (i = 0; i < NQ; i++) {
		sysmsg_init(&am[i], pread);
		am[i].a.fd = fd;
		am[i].a.buf = abufs[i];
		am[i].a.nbyte = 4096;
		am[i].a.offset = 256 * 1024 + (off_t)i * 8192;
		UT_TRUE(async_send(0, &am[i].h, sizeof(am[i]), 0) >= 0);
	}
	memset(done, 0, sizeof(done));
	for (left = NQ; left > 0; ) {
		UT_EQ(async_waitany(0), 0);
		for (i = 0; i < NQ; i++) {
			if (done[i] || !async_done(&am[i].h))
				continue;
			done[i] = 1;
			left--;
			UT_EQ(async_result(&am[i].h), 4096);
			bad += !check(abufs[i], 256 * 1024 + (off_t)i * 8192, 4096);
		}
	}
	UT_EQ(bad, 0);
	UT_EQ(ioctl(fd, STATS, &saw), 0);
	UT_EQ(saw, 1);
}

/* Transfers larger than the driver's MAXIO: sent to it in pieces. */
static void
test_maxio(int fd)
{
	struct devserve ds;
	pread_msg m;
	long n0;
	int i, len = 0;

	/* The whole disk in one read: DISKSIZE / MAXIO messages at least
	 * (the kernel's own reads may add one). */
	n0 = ut_agent_msgs("udisk0");
	UT_TRUE(n0 >= 0);
	memset(bigbuf, 0, sizeof(bigbuf));
	UT_EQ(pread(fd, bigbuf, DISKSIZE, 0), DISKSIZE);
	UT_TRUE(check(bigbuf, 0, DISKSIZE));
	UT_TRUE(ut_agent_msgs("udisk0") - n0 >= DISKSIZE / MAXIO);
	UT_EQ(ioctl(fd, MAXLEN, &len), 0);
	UT_EQ(len, MAXIO);
	/* Asynchronously: not sent directly (the driver's limit), the
	 * ordinary path's pieces. */
	memset(bigbuf, 0, 256 * 1024);
	sysmsg_init(&m, pread);
	m.a.fd = fd;
	m.a.buf = bigbuf;
	m.a.nbyte = 256 * 1024;
	m.a.offset = 256 * 1024;
	UT_TRUE(async_send(0, &m.h, sizeof(m), 0) >= 0);
	UT_EQ(async_wait(0, &m.h), 0);
	UT_EQ(async_result(&m.h), 256 * 1024);
	UT_TRUE(check(bigbuf, 256 * 1024, 256 * 1024));
	/* A write twice the driver's receive buffer, read back, in the
	 * last quarter (nothing after reads it but through a successor,
	 * which starts from the pattern). */
	for (i = 0; i < 256 * 1024; i++)
		bigbuf[i] = (unsigned char)(i * 3 + 7);
	n0 = ut_agent_msgs("udisk0");
	UT_EQ(pwrite(fd, bigbuf, 256 * 1024, 768 * 1024), 256 * 1024);
	UT_TRUE(ut_agent_msgs("udisk0") - n0 >= 256 * 1024 / MAXIO);
	memset(bigbuf, 0, 256 * 1024);
	UT_EQ(pread(fd, bigbuf + 512, 256 * 1024, 768 * 1024), 256 * 1024);
	for (i = 0; i < 256 * 1024; i++)
		if (bigbuf[512 + i] != (unsigned char)(i * 3 + 7))
			break;
	UT_EQ(i, 256 * 1024);
	UT_EQ(ioctl(fd, MAXLEN, &len), 0);
	UT_EQ(len, MAXIO);
	/* Not whole sectors: refused before anything is looked up. */
	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "udisk0");
	ds.ds_flags = DSF_DISK;
	ds.ds_secsize = SECT;
	ds.ds_mediasize = DISKSIZE;
	ds.ds_maxio = MAXIO + 100;
	UT_ERR(devserve(&ds), EINVAL);
}

int
main(void)
{
	off_t size = 0;
	pid_t sup;
	int fd = -1, i, resent, st;

	sup = fork();
	if (sup == 0)
		supervisor();
	for (i = 0; i < 1000; i++) {
		fd = open("/dev/udisk0", O_RDWR);
		if (fd >= 0 || errno != ENXIO)
			break;
		ut_nap();
	}
	UT_TRUE(fd >= 0);

	UT_EQ(ioctl(fd, DIOCGMEDIASIZE, &size), 0);
	UT_EQ(size, DISKSIZE);
	UT_ERR(ioctl(fd, _IOR('u', 9, int), &i), ENOTTY);
	UT_EQ(pread(fd, rbuf, 4096, 8192), 4096);
	UT_TRUE(check(rbuf, 8192, 4096));
	UT_EQ(pread(fd, rbuf, 64 * 1024, 3 * SECT), 64 * 1024);
	UT_TRUE(check(rbuf, 3 * SECT, 64 * 1024));
	test_maxio(fd);
	/* Write 64 KiB of something else, read it back. */
	for (i = 0; i < 64 * 1024; i++)
		rbuf[i] = (unsigned char)(i * 5 + 1);
	UT_EQ(pwrite(fd, rbuf, 64 * 1024, 128 * 1024), 64 * 1024);
	memset(rbuf, 0, sizeof(rbuf));
	UT_EQ(pread(fd, rbuf, 64 * 1024, 128 * 1024), 64 * 1024);
	for (i = 0; i < 64 * 1024; i++)
		if (rbuf[i] != (unsigned char)(i * 5 + 1))
			break;
	UT_EQ(i, 64 * 1024);
	/* The end of the medium: the kernel answers, not the driver. */
	UT_EQ(pread(fd, rbuf, SECT, DISKSIZE), 0);
	UT_ERR(pwrite(fd, rbuf, SECT, DISKSIZE), ENOSPC);
	UT_ERR(pread(fd, rbuf, 100, 0), EINVAL);

	test_async(fd);

	/* The driver dies holding this read; its successor answers it. */
	resent = ut_sysctl_int("kern.agent_resent");
	memset(rbuf, 0, SECT);
	UT_EQ(pread(fd, rbuf, SECT, DISKSIZE - SECT), SECT);
	UT_TRUE(check(rbuf, DISKSIZE - SECT, SECT));
	UT_EQ(ut_sysctl_int("kern.agent_resent") - resent, 1);
	/* The new one has the medium as it started (a RAM disk). */
	UT_EQ(pread(fd, rbuf, 4096, 128 * 1024), 4096);
	UT_TRUE(check(rbuf, 128 * 1024, 4096));

	UT_EQ(ioctl(fd, QUIT, NULL), 0);
	UT_EQ(close(fd), 0);
	UT_EQ(waitpid(sup, &st, 0), sup);
	UT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
	UT_DONE("agent_disk");
}
