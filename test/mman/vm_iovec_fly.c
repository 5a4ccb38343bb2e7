/*
 * vm_iovec_fly - I/O in flight through the VM-object iovec uio: the data
 * paths of vm_iovec, sent asynchronously.  An asynchronous read or write
 * (sys/sysmsg.h, SMF_ASYNC) that must wait goes in flight, and a worker
 * thread runs the call later, in no user address space: the buffer's
 * pages were held when the call was sent (sys/sysargs.h), and the data
 * lands in (or is taken from) those pages whatever the program does with
 * the mapping meanwhile.  On a pipe the copy waits until the test lets it
 * happen: a read of an empty pipe until the test writes the data (the
 * pattern file's first bytes), a write to a full pipe until the test
 * drains it.  In between, the program forks, unmaps, reprotects or
 * rewrites the buffer.  Only the message header is held while in flight.
 * The worker runs when the sender blocks (a queued call does not preempt
 * it).
 *
 * The cases: fork, munmap, remapping and mprotect while a read waits, a
 * buffer changed or unmapped under a waiting write, an asynchronous
 * pread racing ftruncate, asynchronous pwrite, I/O never waited for, and
 * the errors.  The free page count ends where it started.  The patterns
 * and checks are vm_iovec.h's.
 *
 * Runs under the vm.uio_path in force and changes no sysctl.  Works in
 * /tmp/vm_iovec_fly and removes it.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysasync.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"
#include "vm_iovec.h"

#define TDIR	"/tmp/vm_iovec_fly"
#define HDR_PAGES	1		/* pages a message header holds */
#define PIPE_SIZE	(16 * 1024)	/* sys_pipe.c: the ring */

static int held0;			/* vm.held_pages at the start, or -1 */
static SYSMSG(read) rm __attribute__((aligned(64)));
static SYSMSG(write) wm __attribute__((aligned(64)));
static SYSMSG(pread) prm __attribute__((aligned(64)));
static SYSMSG(pwrite) pwm __attribute__((aligned(64)));
static int fp_[2];			/* the pipe the I/O waits on */
static unsigned char feed[PIPE_SIZE];	/* what goes through it */

/* If the kernel counts held pages, n more than at the start are held. */
#define UT_HELD(n) do {							\
	if (held0 >= 0)							\
		UT_EQ(ut_sysctl_int("vm.held_pages") - held0, (n));	\
} while (0)

/* The address the child functions below touch. */
static volatile unsigned char *target;

static void
do_write(void)
{
	*target = 1;
}

/*
 * A read or write of a pipe sent asynchronously goes in flight with the
 * header's and the buffer's pages held from the send (phase 1) until it
 * is done; the worker that runs it waits for the pipe.  Every in-flight
 * test below starts from "the header and the buffer's pages are held";
 * this checks it (and would wait, were the pages held later).  sent is
 * async_send's answer, passed through; pages never held are an error
 * (-5).
 */
static int
fly_started(int sent, const void *b, size_t len)
{
	struct timespec ms = { 0, 1000000 };
	size_t pages;
	int i;

	if (sent != 1 || held0 < 0)
		return (sent);
	pages = ((uintptr_t)b + len + PGSZ - 1) / PGSZ - (uintptr_t)b / PGSZ;
	for (i = 0; i < 2000; i++) {
		if (ut_sysctl_int("vm.held_pages") - held0 ==
		    (int)(HDR_PAGES + pages))
			return (sent);
		nanosleep(&ms, NULL);
	}
	return (-5);
}

/* Send an asynchronous read of len bytes (<= PIPE_SIZE) from the empty
 * pipe into b: 1 (in flight) or what async_send said. */
static int
fly_read(void *b, size_t len)
{
	sysmsg_init(&rm, read);
	rm.a.fd = fp_[0];
	rm.a.buf = b;
	rm.a.nbyte = len;
	return (fly_started(async_send(0, &rm.h, sizeof(rm), 0), b, len));
}

/* Let the read happen: the pattern file's first len bytes go into the
 * pipe in one write (one copy into the ring); the read's result. */
static long long
fly_read_done(size_t len)
{
	if (pread(rfd, feed, len, 0) != (ssize_t)len ||
	    write(fp_[1], feed, len) != (ssize_t)len)
		return (-2);
	if (async_wait(0, &rm.h) != 0)
		return (-3);
	return (async_result(&rm.h));
}

/* Fill the pipe with 'j's and send an asynchronous write of len bytes
 * (PIPE_BUF < len <= PIPE_SIZE) from b: it waits for room. */
static int
fly_write(const void *b, size_t len)
{
	memset(feed, 'j', sizeof(feed));
	if (write(fp_[1], feed, PIPE_SIZE) != PIPE_SIZE)
		return (-2);
	sysmsg_init(&wm, write);
	wm.a.fd = fp_[1];
	wm.a.buf = b;
	wm.a.nbyte = len;
	return (fly_started(async_send(0, &wm.h, sizeof(wm), 0), b, len));
}

/* Let the write happen: drain the 'j's (none of its bytes may be among
 * them), collect its len bytes into feed; the write's result. */
static long long
fly_write_done(size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < PIPE_SIZE) {
		n = read(fp_[0], feed, PIPE_SIZE - got);
		if (n <= 0)
			return (-2);
		if (byte_diff(feed, 'j', n) != (size_t)-1)
			return (-4);
		got += n;
	}
	if (async_wait(0, &wm.h) != 0)
		return (-3);
	for (got = 0; got < len; got += n) {
		n = read(fp_[0], feed + got, len - got);
		if (n <= 0)
			return (-2);
	}
	return (async_result(&wm.h));
}

/*
 * Fork with a read pending: the child's buffer is a copy made at fork
 * and never receives the data, and the message is not the child's; the
 * parent's buffer receives it.  With late 0 the child checks and exits
 * before the data comes; with late 1 the child writes to its copy and
 * looks again after the read is done.
 */
static void
fly_fork(int late)
{
	const size_t len = 4 * PGSZ;
	unsigned char *b;
	int go[2];
	pid_t pid;
	int st = -1;

	b = mmap(NULL, len, RW, ANON, -1, 0);
	UT_TRUE(b != MAP_FAILED);
	if (b == MAP_FAILED)
		return;
	memset(b, 'A', len);
	UT_EQ(pipe(go), 0);
	UT_EQ(fly_read(b, len), 1);
	UT_HELD(HDR_PAGES + len / PGSZ);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char c;

		ut_failures = 0;
		close(go[1]);
		UT_BYTES(b, 'A', len);
		UT_EQ(async_done(&rm.h), 0);
		UT_ERR(async_wait(0, &rm.h), EINVAL);	/* not the child's */
		if (late) {
			memset(b, 'C', PGSZ);
			/* The parent says the read is done. */
			UT_EQ(read(go[0], &c, 1), 1);
			UT_BYTES(b, 'C', PGSZ);
			UT_BYTES(b + PGSZ, 'A', len - PGSZ);
			UT_EQ(async_done(&rm.h), 0);
		}
		fflush(stdout);
		_exit(ut_failures != 0);
	}
	UT_TRUE(pid > 0);
	close(go[0]);
	if (!late && pid > 0) {
		UT_EQ(waitpid(pid, &st, 0), pid);
		UT_EQ(st, 0);
	}
	UT_EQ(fly_read_done(len), len);
	UT_PAT(b, 0, len);
	UT_HELD(0);
	if (late) {
		UT_EQ(write(go[1], "d", 1), 1);
		if (pid > 0) {
			UT_EQ(waitpid(pid, &st, 0), pid);
			UT_EQ(st, 0);
		}
	}
	close(go[1]);
	UT_PAT(b, 0, len);
	UT_EQ(munmap(b, len), 0);
}

static void
test_fly_fork(void)
{
	fly_fork(0);
	fly_fork(1);
}

/*
 * munmap with a read waiting: the message holds the buffer's pages from
 * its send, so they outlive the mapping; the read completes
 * into them (the data leaves the pipe) and they go back to the free
 * list when it is done.  A mapping made at the same address meanwhile
 * is new memory and never sees the data.  (A buffer must stay mapped
 * until its read completes, as with any asynchronous I/O.)
 */
static void
test_fly_munmap(void)
{
	const size_t len = 4 * PGSZ;
	unsigned char *b;
	int f0, f2;

	f0 = ut_sysctl_int("vm.free_pages");
	b = mmap(NULL, len, RW, ANON, -1, 0);
	UT_TRUE(b != MAP_FAILED);
	if (b == MAP_FAILED)
		return;
	memset(b, 'O', len);
	UT_EQ(fly_read(b, len), 1);
	UT_EQ(munmap(b, len), 0);
	UT_HELD(HDR_PAGES + len / PGSZ);	/* still held, not freed */
	UT_EQ(fly_read_done(len), len);
	UT_HELD(0);
	f2 = ut_sysctl_int("vm.free_pages");
	UT_RANGE(f0 - f2, -4, 4);		/* and now freed */

	/* Mapped again before the read is done. */
	b = mmap(NULL, len, RW, ANON, -1, 0);
	UT_TRUE(b != MAP_FAILED);
	if (b == MAP_FAILED)
		return;
	memset(b, 'O', len);
	UT_EQ(fly_read(b, len), 1);
	UT_PEQ(mmap(b, len, RW, ANON | MAP_FIXED, -1, 0), b);
	memset(b, 'N', len);
	UT_EQ(fly_read_done(len), len);
	UT_BYTES(b, 'N', len);
	UT_HELD(0);
	UT_EQ(munmap(b, len), 0);
	f2 = ut_sysctl_int("vm.free_pages");
	UT_RANGE(f0 - f2, -4, 4);
}

/*
 * mprotect with a read waiting: the permission was checked when the
 * message took the pages at send, so the read completes into them; the mapping
 * is read-only from then on for the process's own stores.
 */
static void
test_fly_mprotect(void)
{
	const size_t len = 4 * PGSZ;
	unsigned char *b;

	b = mmap(NULL, len, RW, ANON, -1, 0);
	UT_TRUE(b != MAP_FAILED);
	if (b == MAP_FAILED)
		return;
	memset(b, 'c', len);
	UT_EQ(fly_read(b, len), 1);
	UT_EQ(mprotect(b, len, PROT_READ), 0);
	UT_EQ(fly_read_done(len), len);
	UT_PAT(b, 0, len);
	UT_HELD(0);
	/* Read-only. */
	target = b + PGSZ;
	UT_CHILD(do_write, SIGSEGV);
	UT_EQ(munmap(b, len), 0);
}

/*
 * ftruncate with an asynchronous pread of a file under way: the read
 * sees the file as it is when the copy happens (before or after the
 * truncation: a file read does not wait, so either may come first), and
 * the rest of the buffer keeps its bytes.
 */
static void
test_fly_truncate(void)
{
	const size_t len = 4 * PGSZ;
	unsigned char *b;
	long long r;
	int tfd, s;

	tfd = make_pattern_file("t", len);
	UT_TRUE(tfd >= 0);
	b = mmap(NULL, len, RW, ANON, -1, 0);
	UT_TRUE(b != MAP_FAILED);
	if (tfd < 0 || b == MAP_FAILED)
		return;
	memset(b, 'Z', len);
	sysmsg_init(&prm, pread);
	prm.a.fd = tfd;
	prm.a.buf = b;
	prm.a.nbyte = len;
	prm.a.offset = 0;
	s = async_send(0, &prm.h, sizeof(prm), 0);
	UT_TRUE(s == 0 || s == 1);
	UT_EQ(ftruncate(tfd, 6000), 0);
	UT_EQ(async_wait(0, &prm.h), 0);
	r = async_result(&prm.h);
	UT_TRUE(r == 6000 || r == (long long)len);
	if (r == 6000) {
		UT_PAT(b, 0, 6000);
		UT_BYTES(b + 6000, 'Z', len - 6000);
	} else {
		UT_PAT(b, 0, len);
	}
	UT_HELD(0);
	UT_EQ(munmap(b, len), 0);
	UT_EQ(close(tfd), 0);
	UT_EQ(unlink("t"), 0);
}

/*
 * Writes in flight take the buffer's contents when the copy happens
 * (from the pages held at send): stores made after the send land; a
 * buffer unmapped while the write waits is still written from, its
 * pages held.  Then an asynchronous pwrite to a file, whose bytes are the
 * buffer's.
 */
static void
test_fly_write(void)
{
	const size_t len = 2 * PGSZ;
	unsigned char *b;
	struct stat st;
	size_t i;
	int s;

	b = mmap(NULL, len, RW, ANON, -1, 0);
	UT_TRUE(b != MAP_FAILED);
	if (b == MAP_FAILED)
		return;
	memset(b, 'x', len);
	UT_EQ(fly_write(b, len), 1);
	UT_HELD(HDR_PAGES + len / PGSZ);
	memset(b, 'y', PGSZ);
	for (i = PGSZ; i < len; i++)
		b[i] = wpat(i, 5);
	/* Nothing is written before the pipe has room. */
	UT_EQ(fly_write_done(len), len);
	UT_EQ(memcmp(feed, b, len), 0);
	UT_BYTES(b, 'y', PGSZ);
	UT_HELD(0);

	/* The source unmapped while the write waits: its pages stay held
	 * and are written from. */
	memset(b, 'k', len);
	UT_EQ(fly_write(b, len), 1);
	UT_EQ(munmap(b, len), 0);
	UT_HELD(HDR_PAGES + len / PGSZ);
	UT_EQ(fly_write_done(len), len);
	UT_BYTES(feed, 'k', len);
	UT_HELD(0);

	/* pwrite to a file, at an offset. */
	b = mmap(NULL, len, RW, ANON, -1, 0);
	UT_TRUE(b != MAP_FAILED);
	if (b == MAP_FAILED)
		return;
	for (i = 0; i < len; i++)
		b[i] = wpat(i, 9);
	UT_EQ(ftruncate(sfd, 0), 0);
	sysmsg_init(&pwm, pwrite);
	pwm.a.fd = sfd;
	pwm.a.buf = b;
	pwm.a.nbyte = len;
	pwm.a.offset = PGSZ;
	s = async_send(0, &pwm.h, sizeof(pwm), 0);
	UT_TRUE(s == 0 || s == 1);
	UT_EQ(async_wait(0, &pwm.h), 0);
	UT_EQ(async_result(&pwm.h), len);
	UT_EQ(fstat(sfd, &st), 0);
	UT_EQ(st.st_size, PGSZ + len);
	UT_FILE(sfd, PGSZ, b, sizeof(expect));
	UT_FILE(sfd, PGSZ + len - sizeof(expect), b + len - sizeof(expect),
	    sizeof(expect));
	memset(expect, 0, sizeof(expect));
	UT_FILE(sfd, 0, expect, sizeof(expect));
	UT_EQ(munmap(b, len), 0);
	UT_HELD(0);
}

/* An asynchronous pread (wr 0) or pwrite (wr 1) of fd must fail at once
 * with err, holding nothing. */
static void
fly_err(int line, int fd, void *b, size_t len, int wr, int err)
{
	struct sysmsg_hdr *h;
	int s;

	if (wr) {
		sysmsg_init(&pwm, pwrite);
		pwm.a.fd = fd;
		pwm.a.buf = b;
		pwm.a.nbyte = len;
		h = &pwm.h;
		s = async_send(0, h, sizeof(pwm), 0);
	} else {
		sysmsg_init(&prm, pread);
		prm.a.fd = fd;
		prm.a.buf = b;
		prm.a.nbyte = len;
		h = &prm.h;
		s = async_send(0, h, sizeof(prm), 0);
	}
	if (s != 0 || !async_done(h) || h->sm_error != err) {
		printf("FAIL: %s:%d: async %s fd %d: send %d error %d, "
		    "want 0 error %d\n", __FILE__, line,
		    wr ? "pwrite" : "pread", fd, s, (int)h->sm_error, err);
		ut_failures++;
	}
	if (s == 1)
		async_wait(0, h);
}

static void
test_fly_errors(void)
{
	unsigned char *b;
	int wfd, rofd;

	fly_err(__LINE__, 99, buf, PGSZ, 0, EBADF);
	fly_err(__LINE__, -1, buf, PGSZ, 1, EBADF);
	/* The descriptor must allow the direction. */
	wfd = open("r", O_WRONLY);
	rofd = open("r", O_RDONLY);
	UT_TRUE(wfd >= 0 && rofd >= 0);
	fly_err(__LINE__, wfd, buf, PGSZ, 0, EBADF);
	fly_err(__LINE__, rofd, buf, PGSZ, 1, EBADF);
	UT_EQ(close(wfd), 0);
	UT_EQ(close(rofd), 0);
	/* A pipe has no offsets. */
	fly_err(__LINE__, fp_[0], buf, PGSZ, 0, ESPIPE);

	fly_err(__LINE__, rfd, (void *)0xC0000000, PGSZ, 0, EFAULT);
	fly_err(__LINE__, rfd, NULL, PGSZ, 0, EFAULT);
	b = mmap(NULL, 2 * PGSZ, RW, ANON, -1, 0);
	UT_TRUE(b != MAP_FAILED);
	if (b == MAP_FAILED)
		return;
	UT_EQ(munmap(b, 2 * PGSZ), 0);
	fly_err(__LINE__, rfd, b, 2 * PGSZ, 0, EFAULT);
	fly_err(__LINE__, sfd, b, 2 * PGSZ, 1, EFAULT);
	/* Read-only memory: no read into it, but a write from it. */
	b = mmap(NULL, PGSZ, PROT_READ, ANON, -1, 0);
	UT_TRUE(b != MAP_FAILED);
	if (b == MAP_FAILED)
		return;
	fly_err(__LINE__, rfd, b, PGSZ, 0, EFAULT);
	sysmsg_init(&pwm, pwrite);
	pwm.a.fd = sfd;
	pwm.a.buf = b;
	pwm.a.nbyte = PGSZ;
	UT_TRUE(async_send(0, &pwm.h, sizeof(pwm), 0) >= 0);
	UT_EQ(async_wait(0, &pwm.h), 0);
	UT_EQ(async_result(&pwm.h), PGSZ);
	UT_EQ(munmap(b, PGSZ), 0);
	UT_HELD(0);
}

/* A read never done goes away with its process, and lets go of its
 * pages (the pipe stays empty). */
static void
test_fly_abandon(void)
{
	int st = -1;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		unsigned char *b = mmap(NULL, 4 * PGSZ, RW, ANON, -1, 0);

		held0 = -1;	/* the worker may or may not have started */
		if (b == MAP_FAILED || fly_read(b, 4 * PGSZ) != 1)
			_exit(1);
		munmap(b, 4 * PGSZ);
		_exit(0);
	}
	UT_TRUE(pid > 0);
	if (pid > 0) {
		UT_EQ(waitpid(pid, &st, 0), pid);
		UT_EQ(st, 0);
	}
	UT_HELD(0);
}

int
main(int argc, char **argv)
{
	int f0;

	if (iov_begin(TDIR, &f0) != 0)
		UT_DONE("vm_iovec_fly");
	held0 = ut_sysctl_int("vm.held_pages");

	UT_EQ(pipe(fp_), 0);
	test_fly_fork();
	test_fly_munmap();
	test_fly_mprotect();
	test_fly_truncate();
	test_fly_write();
	test_fly_errors();
	test_fly_abandon();
	UT_EQ(close(fp_[0]), 0);
	UT_EQ(close(fp_[1]), 0);

	iov_end(TDIR, f0);
	UT_DONE("vm_iovec_fly");
}
