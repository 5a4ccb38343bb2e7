/*
 * async_basic - asynchronous messages on the default port: calls that
 * complete at once, calls in flight, waitsys, polling, abort, and the
 * gate's refusals.
 */
#include <sys/types.h>
#include <sysasync.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include "utest.h"

/* waitsys on messages not in flight: the header answers (done: 0; not
 * done: EINVAL; unreadable: EFAULT), whether or not something else of
 * the process is in flight. */
static void
waitsys_header_checks(struct sysmsg_hdr *done)
{
	SYSMSG(noop) idle;

	sysmsg_init(&idle, noop);		/* never sent: not done */
	UT_EQ(async_wait(0, done), 0);
	UT_ERR(async_wait(0, &idle.h), EINVAL);
	UT_ERR(async_wait(0, (struct sysmsg_hdr *)16), EFAULT);
}

static void
test_noop(void)
{
	SYSMSG(noop) m;

	sysmsg_init(&m, noop);
	m.a.value = 42;
	UT_EQ(async_send(0, &m.h, sizeof(m), 0), 0);	/* never blocks */
	UT_TRUE(async_done(&m.h));
	UT_EQ(async_result(&m.h), 42);
	UT_EQ(async_wait(0, &m.h), 0);		/* done: at once */
	waitsys_header_checks(&m.h);
}

static void
test_sleep(void)
{
	SYSMSG(nanosleep) m;
	SYSMSG(noop) done;
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int spins = 0;

	sysmsg_init(&done, noop);
	UT_EQ(async_send(0, &done.h, sizeof(done), 0), 0);

	sysmsg_init(&m, nanosleep);
	m.a.rqtp = &ts;
	UT_EQ(async_send(0, &m.h, sizeof(m), 0), 1);
	UT_TRUE(!async_done(&m.h));
	waitsys_header_checks(&done.h);
	/* The same message again while in flight. */
	UT_EQ(async_send(0, &m.h, sizeof(m), 0), -1);
	UT_EQ(errno, EBUSY);
	UT_EQ(async_wait(0, &m.h), 0);
	UT_TRUE(async_done(&m.h));
	UT_EQ(async_result(&m.h), 0);
	/* Polling. */
	UT_EQ(async_send(0, &m.h, sizeof(m), 0), 1);
	while (!async_done(&m.h))
		spins++;
	UT_TRUE(spins > 0);
	UT_EQ(async_result(&m.h), 0);
	UT_EQ(async_waitany(0), 0);	/* it came back since */
	UT_EQ(async_waitany(0), -1);	/* nothing in flight */
	UT_EQ(errno, EINVAL);
}

static void
test_abort(void)
{
	SYSMSG(nanosleep) m;
	struct timespec ts = { 100, 0 }, left;

	sysmsg_init(&m, nanosleep);
	m.a.rqtp = &ts;
	m.a.rmtp = &left;
	UT_EQ(async_send(0, &m.h, sizeof(m), 0), 1);
	UT_EQ(async_abort(0, &m.h), 0);
	UT_EQ(async_wait(0, &m.h), 0);
	UT_EQ(m.h.sm_error, ECANCELED);
	UT_TRUE(left.tv_sec > 90 && left.tv_sec <= 100);
	UT_EQ(async_abort(0, &m.h), -1);
	UT_EQ(errno, ENOENT);
}

static void
test_read(void)
{
	static char buf[65536], out[65536];
	SYSMSG(read) m;
	int fd, i;

	for (i = 0; i < (int)sizeof(buf); i++)
		buf[i] = (char)(i * 7 + 3);
	fd = open("/tmp/async_basic", O_RDWR | O_CREAT | O_TRUNC, 0644);
	UT_TRUE(fd >= 0);
	UT_EQ(write(fd, buf, sizeof(buf)), sizeof(buf));
	UT_EQ(lseek(fd, 0, SEEK_SET), 0);
	sysmsg_init(&m, read);
	m.a.fd = fd;
	m.a.buf = out;
	m.a.nbyte = sizeof(out);
	/* Cached data: completes inside sendsys (class TRY). */
	UT_EQ(async_send(0, &m.h, sizeof(m), 0), 0);
	UT_EQ(async_wait(0, &m.h), 0);
	UT_EQ(async_result(&m.h), sizeof(out));
	UT_TRUE(memcmp(buf, out, sizeof(buf)) == 0);
	m.a.fd = 99;
	UT_EQ(async_send(0, &m.h, sizeof(m), 0), 0);	/* failed at once */
	UT_EQ(m.h.sm_error, EBADF);
	close(fd);
	unlink("/tmp/async_basic");
}

static void
test_refused(void)
{
	SYSMSG(fork) f;
	SYSMSG(noop) m;

	sysmsg_init(&f, fork);
	UT_EQ(async_send(0, &f.h, sizeof(f), 0), -1);
	UT_EQ(errno, EOPNOTSUPP);
	sysmsg_init(&m, noop);
	UT_EQ(async_send(7, &m.h, sizeof(m), 0), -1);
	UT_EQ(errno, EBADF);
}

int
main(void)
{
	test_noop();
	test_sleep();
	test_abort();
	test_read();
	test_refused();
	UT_DONE("async_basic");
}
