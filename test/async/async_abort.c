/*
 * async_abort - abortmsg never blocks, and never turns a finished call
 * into ECANCELED (kern_async.c, ABORT).
 *
 * Part 1: an abort whose completion would sleep.  A message still
 * queued for a worker is taken off the queue by abortmsg; its
 * completion lets go of the files its call took at send, and if that
 * is a device's last reference the device is closed, which waits for
 * its driver.  The device is /dev/uecho1 (reserved for tests), served
 * here through the port agent, and this program holds the close's
 * reply.  The child sends, in one batch (a worker may not run before
 * the batch is over: sends do not preempt the sender):
 *
 *   B  close(fd) asynchronously: queued for a worker, holding fd's file
 *      close(fd) synchronously: B now holds the file's last reference
 *      abortmsg(0, B)
 *
 * and tells the parent what abortmsg said and whether B was done, then
 * waits for B.  The parent receives UDEV_CLOSE, and while it holds the
 * reply it must get the child's report: abortmsg returned 0, and B is
 * still in flight (kern.async_inflight one up: the close is B's
 * completion's, run by a finisher thread).  Without the fix, the child's abortmsg itself closes the
 * device and waits for this reply: no report comes (the watchdog says
 * so).  Then the parent replies, and B completes ECANCELED (its call
 * never ran: kern.async_phased unchanged; a round where a clock tick let
 * a worker run B before the abort ends with close's 0 instead and only
 * does not exercise the case: the count of rounds that did is printed).
 *
 * Part 2: an abort of a call that had finished.  A nanosleep whose time
 * is up is fired to the workers to be returned; if every worker is
 * busy (kern.async_workers at its bound, ASYNC_MAXWORKERS in
 * kern_async.c, each blocked reading an empty pipe) it waits on their
 * queue, not done.  abortmsg then takes it off the queue: it must still
 * come back with the sleep's result, 0, not ECANCELED, and at once
 * (a finisher completes it: no worker needs to be free).  The order is
 * fixed by ticks, not speed: a synchronous sleep longer than the
 * asynchronous one ends after the latter's callout fired.
 */
#include <sys/types.h>
#include <sys/agent.h>
#include <sys/wait.h>
#include <sysasync.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define DEV	"/dev/uecho1"
#define ROUNDS	4
#define POLLS	1000		/* 10 ms naps: a watchdog, never a result */
#define MAXW	128		/* ASYNC_MAXWORKERS (kern_async.c) */
#define NREAD	(MAXW + 8)	/* reads that block every worker */

/* What the child saw, part 1. */
struct seen {
	int	sn_batch;	/* sendv's count */
	int	sn_sync;	/* the synchronous close's error */
	int	sn_abort;	/* abortmsg's error */
	int	sn_done;	/* B done right after the abort */
	int	sn_wait;	/* async_wait(B): 0 or errno */
	int	sn_error;	/* B's sm_error */
};

static SYSMSG(close) bmsg;

static int
err_of(int rv)
{
	return (rv == 0 ? 0 : errno);
}

/* ---- part 1 ------------------------------------------------------------- */

static void
child(int c2p)
{
	SYSMSG(close) sync;
	SYSMSG(abortmsg) ab;
	struct sysmsg_hdr *v[3];
	struct seen s;

	memset(&s, 0, sizeof(s));
	sysmsg_init(&bmsg, close);
	bmsg.h.sm_flags = SMF_ASYNC;
	bmsg.a.fd = open(DEV, O_RDWR);
	if (bmsg.a.fd < 0)
		_exit(2);
	sysmsg_init(&sync, close);
	sync.a.fd = bmsg.a.fd;
	sysmsg_init(&ab, abortmsg);
	ab.a.port = 0;
	ab.a.msg = &bmsg.h;
	v[0] = &bmsg.h;
	v[1] = &sync.h;
	v[2] = &ab.h;
	s.sn_batch = sendv(0, v, 3);
	s.sn_sync = sync.h.sm_error;
	s.sn_abort = ab.h.sm_error;
	s.sn_done = async_done(&bmsg.h);
	if (write(c2p, &s, sizeof(s)) != sizeof(s))
		_exit(3);
	s.sn_wait = err_of(async_wait(0, &bmsg.h));
	s.sn_error = bmsg.h.sm_error;
	if (write(c2p, &s, sizeof(s)) != sizeof(s))
		_exit(4);
	_exit(0);
}

/* Read a report from r (non-blocking, bounded): true if one came. */
static bool
report(int r, struct seen *s)
{
	return (ut_read_wait(r, s, sizeof(*s), POLLS) == (ssize_t)sizeof(*s));
}

/* One round: returns whether the abort found B queued. */
static bool
round_run(int svc)
{
	int r, inflight, phased, status;
	struct seen s;
	uint32_t id;
	bool got;
	pid_t pid;

	inflight = ut_sysctl_int("kern.async_inflight");
	phased = ut_sysctl_int("kern.async_phased");
	pid = ut_fork_piped(child, &r);
	ut_svc_answer(svc, UDEV_OPEN, POLLS);
	/* B's completion, in a finisher, closes the device: held here. */
	id = ut_svc_take(svc, UDEV_CLOSE, POLLS);
	got = report(r, &s);
	UT_TRUE(got);		/* abortmsg returned while the close waits */
	if (got) {
		UT_EQ(s.sn_batch, 3);
		UT_EQ(s.sn_sync, 0);
		UT_EQ(s.sn_abort, 0);
		UT_EQ(s.sn_done, 0);	/* in flight until its file is let go */
	}
	UT_EQ(ut_sysctl_int("kern.async_inflight"), inflight + 1);
	if (id != 0)
		UT_EQ(ut_svc_reply(svc, id, 0, NULL), 0);
	got = report(r, &s);
	UT_TRUE(got);
	phased = ut_sysctl_int("kern.async_phased") - phased;
	if (got) {
		UT_EQ(s.sn_wait, 0);
		/* Aborted while queued: ECANCELED; run first: close's 0. */
		UT_EQ(s.sn_error, phased == 0 ? ECANCELED : 0);
	}
	status = ut_watch(pid, POLLS);
	UT_TRUE(WIFEXITED(status));
	UT_EQ(WEXITSTATUS(status), 0);
	close(r);
	UT_EQ(ut_sysctl_int("kern.async_inflight"), inflight);
	return (phased == 0);
}

static void
test_held_close(void)
{
	int svc, r, hits = 0;

	/* uecho1 is reserved at boot (no growth); the held close is not
	 * late. */
	svc = ut_serve("uecho1", 60000);
	UT_TRUE(svc >= 1 && svc <= SVC_MAX);
	for (r = 0; r < ROUNDS; r++)
		hits += round_run(svc);
	printf("async_abort: %d of %d rounds aborted the close while queued\n",
	    hits, ROUNDS);
}

/* ---- part 2 ------------------------------------------------------------- */

static void
test_fired(void)
{
	static SYSMSG(read) rd[NREAD];
	static char buf[NREAD];
	static char bytes[NREAD];
	static const struct timespec shortest = { 0, 1000 * 1000 };
	static const struct timespec longer = { 0, 50 * 1000 * 1000 };
	SYSMSG(nanosleep) sl;
	int in0 = ut_sysctl_int("kern.async_inflight");
	int w0 = ut_sysctl_int("kern.async_workers");
	int p[2], i, n;

	UT_EQ(pipe(p), 0);
	for (i = 0; i < NREAD; i++) {
		sysmsg_init(&rd[i], read);
		rd[i].a.fd = p[0];
		rd[i].a.buf = &buf[i];
		rd[i].a.nbyte = 1;
		UT_EQ(async_send(0, &rd[i].h, sizeof(rd[i]), 0), 1);
	}
	/* Every worker blocked in a read (the rest queued behind them). */
	for (n = 0; ut_sysctl_int("kern.async_workers") < MAXW && n < POLLS;
	    n++)
		ut_nap();
	UT_EQ(ut_sysctl_int("kern.async_workers"), MAXW);
	sysmsg_init(&sl, nanosleep);
	sl.a.rqtp = &shortest;
	UT_EQ(async_send(0, &sl.h, sizeof(sl), 0), 1);
	UT_EQ(nanosleep(&longer, NULL), 0);
	/* Its time is up: fired, queued for a worker, none free. */
	UT_EQ(async_done(&sl.h), 0);
	UT_EQ(abortmsg(0, &sl.h), 0);
	UT_EQ(abortmsg(0, &sl.h), 0);	/* twice: still one return */
	/* Completed by a finisher, while every worker is still blocked. */
	UT_EQ(async_wait(0, &sl.h), 0);
	UT_EQ(sl.h.sm_error, 0);	/* the sleep had finished */
	UT_EQ(async_result(&sl.h), 0);
	UT_EQ(ut_sysctl_int("kern.async_workers"), MAXW);
	memset(bytes, 'x', sizeof(bytes));
	UT_EQ(write(p[1], bytes, sizeof(bytes)), NREAD);
	for (i = 0; i < NREAD; i++) {
		UT_EQ(async_wait(0, &rd[i].h), 0);
		UT_EQ(async_result(&rd[i].h), 1);
	}
	close(p[0]);
	close(p[1]);
	UT_EQ(ut_sysctl_int("kern.async_inflight"), in0);
	/* The spares are gone again (the harness checks their memory). */
	for (n = 0; ut_sysctl_int("kern.async_workers") != w0 && n < POLLS;
	    n++)
		ut_nap();
	UT_EQ(ut_sysctl_int("kern.async_workers"), w0);
}

int
main(void)
{
	test_held_close();
	test_fired();
	UT_DONE("async_abort");
}
