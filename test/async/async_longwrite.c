/*
 * async_longwrite - asynchronous writes longer than the part of their
 * buffer held at send (SYSARG_HOLD_MAX, 1 MiB; sys/sysargs.h): the rest
 * is held from the process's map when the call reaches it, window by
 * window (sys_generic.c's dofileio).  Each write goes into a pipe that a
 * child drains slowly (4 KiB reads, a short sleep every 64), so the writer
 * sleeps many times and the message stays in flight for the whole
 * transfer; the child checks every byte against the pattern and reports
 * how many arrived.
 *
 *   whole   5 MiB and a bit from an unaligned buffer: the message goes
 *           in flight, every byte arrives in order, sm_result is the
 *           whole count, as the synchronous write of the same buffer
 *           says (a blocking write into a pipe writes everything)
 *   hole    the same buffer with its tail unmapped after the send, while
 *           the message is in flight and before anything was read: the
 *           bytes before the hole arrive and the message says what the
 *           synchronous write of a buffer with that hole says, a short
 *           count and no error (a fault after some bytes moved is a
 *           short count, sys/uio.h's uio_partial_error); the hole once
 *           in the first window past the held part, once in a later one
 *   efault  a buffer unmapped before the send: EFAULT in the message, as
 *           the synchronous write says, nothing written
 * The runner's leak checks see every held page and message go back.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sysasync.h>
#include <time.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define MIB		(1024 * 1024)
#define SKEW		100		/* the buffer starts this far in */
#define LONG		(5 * MIB + 777)	/* the write's length */
#define MAPLEN		(6 * MIB)

/* Byte i of the pattern: not periodic at any window size. */
static unsigned char
pat(size_t i)
{
	return ((unsigned char)(i * 7 + (i >> 12) * 13 + (i >> 20) * 31));
}

static int inflight;	/* drain_write's async_send went in flight */

/* What the draining child saw. */
struct drained {
	long	dr_count;	/* bytes read before EOF */
	long	dr_bad;		/* first byte not the pattern's, or -1 */
};

/*
 * Fork a child that waits for a byte on go, then reads rfd to EOF
 * slowly, checking the pattern, and writes its struct drained into
 * report.  The parent's ends of the pipes are its business.
 */
static pid_t
drainer(int rfd, int go, int report, int wfd)
{
	pid_t pid = fork();

	if (pid == 0) {
		static char buf[4096];
		struct drained d = { 0, -1 };
		struct timespec pause = { 0, 1000000 };
		ssize_t n, i;
		char c;

		close(wfd);
		if (read(go, &c, 1) != 1)
			_exit(2);
		for (;;) {
			n = read(rfd, buf, sizeof(buf));
			if (n <= 0)
				break;
			for (i = 0; i < n; i++)
				if (d.dr_bad < 0 &&
				    (unsigned char)buf[i] != pat(d.dr_count + i))
					d.dr_bad = d.dr_count + i;
			d.dr_count += n;
			if ((d.dr_count / sizeof(buf)) % 64 == 0)
				nanosleep(&pause, NULL);
		}
		if (write(report, &d, sizeof(d)) != sizeof(d))
			_exit(3);
		_exit(n < 0 ? 4 : 0);
	}
	return (pid);
}

/*
 * Write len bytes from buf into a pipe drained by a child, async or
 * not; before the child starts reading, unmap [hole, hole + holelen) if
 * holelen.  Returns the write's result (-1 with errno for an error, as
 * write says), *arrived what the child read, *bad its first wrong byte.
 */
static long long
drain_write(const char *buf, size_t len, bool async, char *hole,
    size_t holelen, long *arrived, long *bad)
{
	SYSMSG(write) m;
	int p[2], go[2], rep[2], st = -1;
	struct drained d = { -1, -1 };
	long long r = -2;
	pid_t pid;

	UT_EQ(pipe(p), 0);
	UT_EQ(pipe(go), 0);
	UT_EQ(pipe(rep), 0);
	pid = drainer(p[0], go[0], rep[1], p[1]);
	UT_TRUE(pid > 0);
	if (pid <= 0)
		return (-2);
	close(p[0]);
	if (async) {
		sysmsg_init(&m, write);
		m.a.fd = p[1];
		m.a.buf = buf;
		m.a.nbyte = len;
		/* The pipe takes 16 KiB: the write goes in flight (or
		 * fails at once, with nothing to write). */
		inflight = async_send(0, &m.h, sizeof(m), 0);
		UT_TRUE(inflight == 0 || inflight == 1);
		if (holelen != 0)
			UT_EQ(munmap(hole, holelen), 0);
		UT_EQ(write(go[1], "g", 1), 1);
		if (inflight == 1)
			UT_EQ(async_wait(0, &m.h), 0);
		UT_TRUE(async_done(&m.h));
		r = async_result(&m.h);
	} else {
		if (holelen != 0)
			UT_EQ(munmap(hole, holelen), 0);
		UT_EQ(write(go[1], "g", 1), 1);
		r = write(p[1], buf, len);
	}
	close(p[1]);
	UT_EQ(read(rep[0], &d, sizeof(d)), (ssize_t)sizeof(d));
	UT_EQ(waitpid(pid, &st, 0), pid);
	UT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(go[0]);
	close(go[1]);
	close(rep[0]);
	close(rep[1]);
	*arrived = d.dr_count;
	*bad = d.dr_bad;
	return (r);
}

/* A fresh mapping with the pattern from SKEW on. */
static char *
patterned(void)
{
	char *map = mmap(NULL, MAPLEN, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);
	size_t i;

	UT_TRUE(map != MAP_FAILED);
	if (map == MAP_FAILED)
		return (NULL);
	for (i = 0; i < LONG; i++)
		map[SKEW + i] = (char)pat(i);
	return (map);
}

static void
test_whole(void)
{
	long arrived, bad;
	char *map;
	int async;

	for (async = 0; async <= 1; async++) {
		if ((map = patterned()) == NULL)
			return;
		UT_EQ(drain_write(map + SKEW, LONG, async, NULL, 0, &arrived,
		    &bad), LONG);
		if (async)
			UT_EQ(inflight, 1);
		UT_EQ(arrived, LONG);
		UT_EQ(bad, -1);
		UT_EQ(munmap(map, MAPLEN), 0);
	}
}

/* The tail from map + at on unmapped: at - SKEW bytes get through. */
static void
test_hole_at(size_t at)
{
	long arrived, bad;
	char *map;
	int async;

	for (async = 0; async <= 1; async++) {
		if ((map = patterned()) == NULL)
			return;
		UT_EQ(drain_write(map + SKEW, LONG, async, map + at,
		    MAPLEN - at, &arrived, &bad), (long long)(at - SKEW));
		if (async)
			UT_EQ(inflight, 1);
		UT_EQ(arrived, (long)(at - SKEW));
		UT_EQ(bad, -1);
		UT_EQ(munmap(map, at), 0);
	}
}

static void
test_hole(void)
{
	test_hole_at(MIB + 3 * 4096);	/* in the window after the held MiB */
	test_hole_at(4 * MIB);		/* in a later window */
}

static void
test_efault(void)
{
	long arrived, bad;
	char *map;
	int async;

	for (async = 0; async <= 1; async++) {
		if ((map = patterned()) == NULL)
			return;
		UT_EQ(munmap(map, MAPLEN), 0);
		UT_EQ(drain_write(map + SKEW, LONG, async, NULL, 0, &arrived,
		    &bad), -1);
		UT_EQ(errno, EFAULT);
		if (async)
			UT_EQ(inflight, 0);	/* tried at once: failed */
		UT_EQ(arrived, 0);
	}
}

int
main(void)
{
	test_whole();
	test_hole();
	test_efault();
	UT_DONE("async_longwrite");
}
