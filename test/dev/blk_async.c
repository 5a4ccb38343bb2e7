/*
 * blk_async - asynchronous block I/O all the way: an asynchronous pread
 * or pwrite of a disk is a strategy message sent from the system call to
 * the driver and replied from there (the md thread, a disk's interrupt)
 * straight into the call's completion, with no worker thread.
 *
 *   - 32 reads in flight at once on md0 and on each test disk present,
 *     collected in whatever order they finish, every byte checked;
 *     kern.async_direct grows by exactly 32 each time and no worker is
 *     started (kern.async_workers unchanged);
 *   - asynchronous writes then asynchronous reads of md0;
 *   - abort: 32 reads sent and aborted at once: each comes back exactly
 *     once, ECANCELED or its (correct) result, and nothing stays in
 *     flight;
 *   - the descriptor closed while reads are out: they complete, and the
 *     last one lets the file go;
 *   - a child that exits with 32 reads in flight: its exit waits for
 *     them and leaves nothing behind (the runner checks the leaks).
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysasync.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define NQ	32
#define BLK	4096
#define MDSIZE	(256 * 1024)

typedef SYSMSG(pread) pread_msg;
static pread_msg m[NQ];
static unsigned char bufs[NQ][BLK];
static off_t offs[NQ];

/* Send NQ reads of BLK bytes at scattered aligned offsets of a disk of
 * size bytes (below limit). */
static void
send_reads(int fd, off_t limit)
{
	uint32_t x = 0x9e3779b9;
	int i;

	for (i = 0; i < NQ; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		offs[i] = (off_t)(1 + x % (uint32_t)(limit / BLK - 1)) * BLK;
		memset(bufs[i], 0, BLK);
		sysmsg_init(&m[i], pread);
		m[i].a.fd = fd;
		m[i].a.buf = bufs[i];
		m[i].a.nbyte = BLK;
		m[i].a.offset = offs[i];
		UT_TRUE(async_send(0, &m[i].h, sizeof(m[i]), 0) >= 0);
	}
}

/* NQ reads in flight on path, collected as they come; the data checked. */
static void
test_qd(const char *path, off_t limit)
{
	int fd, i, left, done[NQ], w0, d0, bad = 0, order = 0;

	fd = open(path, O_RDONLY);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		return;
	w0 = ut_sysctl_int("kern.async_workers");
	d0 = ut_sysctl_int("kern.async_direct");
	send_reads(fd, limit);
	memset(done, 0, sizeof(done));
	for (left = NQ; left > 0; ) {
		UT_EQ(async_waitany(0), 0);
		for (i = 0; i < NQ; i++) {
			if (done[i] || !async_done(&m[i].h))
				continue;
			done[i] = 1;
			left--;
			order += i != NQ - left - 1;	/* out of order */
			UT_EQ(async_result(&m[i].h), BLK);
			bad += ut_bad_words(bufs[i], offs[i], BLK);
		}
	}
	UT_EQ(bad, 0);
	UT_EQ(ut_sysctl_int("kern.async_direct") - d0, NQ);
	UT_EQ(ut_sysctl_int("kern.async_workers"), w0);
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
	printf("blk_async: %s: %d reads in flight, %d out of order\n", path,
	    NQ, order);
	UT_EQ(close(fd), 0);
}

/* Abort NQ reads at once: exactly one reply each. */
static void
test_abort(const char *path, off_t limit)
{
	int fd, i, canceled = 0, bad = 0;
	long long r;

	fd = open(path, O_RDONLY);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		return;
	send_reads(fd, limit);
	for (i = 0; i < NQ; i++) {
		if (async_abort(0, &m[i].h) != 0)
			UT_EQ(errno, ENOENT);	/* it came back already */
	}
	for (i = 0; i < NQ; i++) {
		UT_EQ(async_wait(0, &m[i].h), 0);
		r = async_result(&m[i].h);
		if (r < 0) {
			UT_EQ(errno, ECANCELED);
			canceled++;
		} else {
			UT_EQ(r, BLK);
			bad += ut_bad_words(bufs[i], offs[i], BLK);
		}
	}
	UT_EQ(bad, 0);
	/* Nothing more will come back. */
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
	UT_EQ(async_waitany(0), 0);	/* the returns counted above */
	UT_ERR(async_waitany(0), EINVAL);	/* none in flight */
	printf("blk_async: %s: %d of %d aborted reads canceled\n", path,
	    canceled, NQ);
	UT_EQ(close(fd), 0);
}

/* The descriptor closed while its reads are out. */
static void
test_close(const char *path, off_t limit)
{
	int fd, i, bad = 0, files;

	files = ut_sysctl_int("kern.openfiles");
	fd = open(path, O_RDONLY);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		return;
	send_reads(fd, limit);
	UT_EQ(close(fd), 0);
	for (i = 0; i < NQ; i++) {
		UT_EQ(async_wait(0, &m[i].h), 0);
		UT_EQ(async_result(&m[i].h), BLK);
		bad += ut_bad_words(bufs[i], offs[i], BLK);
	}
	UT_EQ(bad, 0);
	if (files >= 0)
		UT_EQ(ut_sysctl_int("kern.openfiles"), files);
}

/* A child exits with NQ reads in flight. */
static void
test_exit(const char *path, off_t limit)
{
	int status, fd, inflight;
	pid_t pid;

	inflight = ut_sysctl_int("kern.async_inflight");
	pid = fork();
	UT_TRUE(pid >= 0);
	if (pid == 0) {
		fd = open(path, O_RDONLY);
		if (fd < 0)
			_exit(2);
		send_reads(fd, limit);
		_exit(0);
	}
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_EQ(status, 0);
	UT_EQ(ut_sysctl_int("kern.async_inflight"), inflight);
}

/* md0: the pattern written asynchronously, then the tests. */
static void
test_md(void)
{
	typedef SYSMSG(pwrite) pwrite_msg;
	static pwrite_msg w[MDSIZE / BLK];
	static unsigned char wbuf[MDSIZE];
	int fd, i, d0;

	fd = open("/dev/md0", O_RDWR);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		return;
	ut_fill_words(wbuf, 0, MDSIZE);
	d0 = ut_sysctl_int("kern.async_direct");
	for (i = 0; i < MDSIZE / BLK; i++) {
		sysmsg_init(&w[i], pwrite);
		w[i].a.fd = fd;
		w[i].a.buf = wbuf + i * BLK;
		w[i].a.nbyte = BLK;
		w[i].a.offset = (off_t)i * BLK;
		UT_TRUE(async_send(0, &w[i].h, sizeof(w[i]), 0) >= 0);
	}
	for (i = 0; i < MDSIZE / BLK; i++) {
		UT_EQ(async_wait(0, &w[i].h), 0);
		UT_EQ(async_result(&w[i].h), BLK);
	}
	UT_EQ(ut_sysctl_int("kern.async_direct") - d0, MDSIZE / BLK);
	/* The end of the disk: across it short, at it 0 or ENOSPC. */
	sysmsg_init(&w[0], pwrite);
	w[0].a.fd = fd;
	w[0].a.buf = wbuf;
	w[0].a.nbyte = 2 * BLK;
	w[0].a.offset = MDSIZE - BLK;
	UT_TRUE(async_send(0, &w[0].h, sizeof(w[0]), 0) >= 0);
	UT_EQ(async_wait(0, &w[0].h), 0);
	UT_EQ(async_result(&w[0].h), BLK);
	w[0].a.offset = MDSIZE;
	w[0].h.sm_flags = 0;
	UT_TRUE(async_send(0, &w[0].h, sizeof(w[0]), 0) >= 0);
	UT_EQ(async_wait(0, &w[0].h), 0);
	UT_EQ(async_result(&w[0].h), -1);
	UT_EQ(errno, ENOSPC);
	w[0].a.offset = 100;
	w[0].h.sm_flags = 0;
	UT_TRUE(async_send(0, &w[0].h, sizeof(w[0]), 0) >= 0);
	UT_EQ(async_wait(0, &w[0].h), 0);
	UT_EQ(async_result(&w[0].h), -1);
	UT_EQ(errno, EINVAL);
	ut_fill_words(wbuf, MDSIZE - BLK, BLK);
	UT_EQ(pwrite(fd, wbuf, BLK, MDSIZE - BLK), BLK);

	test_qd("/dev/md0", MDSIZE);
	test_abort("/dev/md0", MDSIZE);
	test_close("/dev/md0", MDSIZE);
	test_exit("/dev/md0", MDSIZE);

	memset(wbuf, 0, sizeof(wbuf));
	UT_EQ(pwrite(fd, wbuf, MDSIZE, 0), MDSIZE);
	UT_EQ(close(fd), 0);
}

/* A test disk: reads only, below the write region (the last MiB). */
static void
test_disk(const char *name)
{
	char path[64];
	struct stat st;
	off_t limit = 15 * 1024 * 1024;

	snprintf(path, sizeof(path), "/dev/%s", name);
	if (stat(path, &st) != 0) {
		/* make check always attaches both test disks. */
		UT_FAIL("no %s: the test disk is missing", path);
		return;
	}
	test_qd(path, limit);
	test_abort(path, limit);
	test_close(path, limit);
	test_exit(path, limit);
}

int
main(void)
{
	test_md();
	test_disk("ada0");
	test_disk("vtbd1");
	UT_DONE("blk_async");
}
