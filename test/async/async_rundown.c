/*
 * async_rundown - exit with messages in flight on several lists of the
 * in-flight table, one of which, aborted by the exit while queued for a
 * worker, has a completion that sleeps: it drops the last reference to
 * a file of /dev/uecho1, which this program serves through the port
 * agent, and a device's close waits for its driver's reply, which this
 * program holds (kern_async.c, ABORT and EXIT AND EXEC).  That
 * completion must not run in the exiting thread: the exit's walk of the
 * table goes on and aborts everything else at once (the long sleeps
 * too), while a finisher thread closes the device; and the exit must still wait
 * for it: the process does not end while the close is held.
 *
 * The order is fixed by priorities, not by timing.  The child opens
 * the device, then sends in one batch (a worker may not run before the
 * batch is over: sends do not preempt the sender):
 *
 *   list A   S  nanosleep(LONG_S), armed            oldest
 *            N  close(w): the only writer of a pipe the parent reads
 *            B  close(fd): fd on /dev/uecho1         newest: walked first
 *   list C   nanosleep(LONG_S); close(n), n on /dev/null
 *   list D   nanosleep(LONG_S)
 *   and, synchronously, close(fd): B now holds the file's last reference
 *
 * and calls _exit.  The exit aborts B first (the head of list A: the
 * newest), still queued for a worker: a finisher thread completes it
 * ECANCELED, and its completion closes the device: the parent receives UDEV_CLOSE
 * and holds the reply.  Meanwhile the exit has aborted everything else
 * (N and close(n) queued, the sleeps armed), which completes: the
 * parent sees only B's slot left in kern.async_inflight (a sleep not
 * aborted would hold its slot LONG_S seconds, past the watchdog), and
 * the child not ended, and no end of file on the pipe (the child's
 * descriptors close after the exit's wait).  Then it replies, and the
 * child ends.  Before the fix the exiting thread itself slept in B's
 * close, in the middle of its walk.
 *
 * And a driver that waits for a message queued on its own device
 * (test_self): in its exit, for an asynchronous open of it, and in a
 * synchronous open; the watchdog fails the queue (kern_agentping.c's
 * agent_watch) and the driver ends.
 *
 * kern.async_phased counts the calls workers ran: 0 when the rounds
 * went as above; more if a worker ran before the exit (a clock tick in
 * the batch), which only makes a round not exercise the case (the
 * count of rounds that did is printed).
 */
#include <sys/types.h>
#include <sys/agent.h>
#include <sys/time.h>
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

#define DEV	"/dev/uecho1"
#define ROUNDS	4
#define POLLS	1000		/* 10 ms naps: a watchdog, never a result */
#define SPAN	2048		/* 64 lists x 32 bytes: the same list */
#define SLOT	128		/* a message's room in a span */
#define LONG_S	30		/* the sleeps: past the watchdog */

/* Three spans: a message at the same slot of each is on the same list
 * of the in-flight table (AHASH: the address's bits 5..10); slots
 * 0, 1 and 2 are lists A, C and D. */
static char area[3][SPAN] __attribute__((aligned(SPAN)));

typedef SYSMSG(nanosleep) sleep_msg;
typedef SYSMSG(close) close_msg;

/* The message at span s, slot l. */
static void *
at(int s, int l)
{
	return (&area[s][l * SLOT]);
}

static struct sysmsg_hdr *
mk_sleep(int s, int l, const struct timespec *ts)
{
	sleep_msg *m = at(s, l);

	_Static_assert(sizeof(sleep_msg) <= SLOT, "a message fits its slot");
	sysmsg_init(m, nanosleep);
	m->h.sm_flags = SMF_ASYNC;
	m->a.rqtp = ts;
	return (&m->h);
}

static struct sysmsg_hdr *
mk_close(close_msg *m, int fd, int async)
{
	_Static_assert(sizeof(close_msg) <= SLOT, "a message fits its slot");
	sysmsg_init(m, close);
	m->h.sm_flags = async ? SMF_ASYNC : 0;
	m->a.fd = fd;
	return (&m->h);
}

/* The child: open the device, send the batch, exit (see the top). */
static void
child(int w)
{
	static const struct timespec longer = { LONG_S, 0 };
	struct sysmsg_hdr *v[8];
	close_msg sync;
	int fd, n, i = 0;

	fd = open(DEV, O_RDWR);
	n = open("/dev/null", O_RDWR);
	if (fd < 0 || n < 0)
		_exit(2);
	v[i++] = mk_sleep(0, 0, &longer);			/* S */
	v[i++] = mk_close(at(1, 0), w, 1);		/* N */
	v[i++] = mk_close(at(2, 0), fd, 1);		/* B */
	v[i++] = mk_sleep(0, 1, &longer);			/* list C */
	v[i++] = mk_close(at(1, 1), n, 1);
	v[i++] = mk_sleep(0, 2, &longer);			/* list D */
	v[i++] = mk_close(&sync, fd, 0);
	if (sendv(0, v, i) != i || sync.h.sm_error != 0)
		_exit(3);
	_exit(0);
}

/* Wait for end of file on r (non-blocking): true if seen. */
static bool
eof_seen(int r)
{
	char c;

	return (ut_read_wait(r, &c, 1, POLLS) == 0);
}

/* One round: returns whether it went as the top says. */
static bool
round_run(int svc)
{
	int r, phased, inflight, status, i;
	uint32_t id;
	char c;
	pid_t pid;

	inflight = ut_sysctl_int("kern.async_inflight");
	phased = ut_sysctl_int("kern.async_phased");
	pid = ut_fork_piped(child, &r);
	ut_svc_answer(svc, UDEV_OPEN, POLLS);
	/* B's completion, in a finisher, waits for this reply. */
	id = ut_svc_take(svc, UDEV_CLOSE, POLLS);
	/* Everything else was aborted and let go: only B is left. */
	for (i = 0; i < POLLS &&
	    ut_sysctl_int("kern.async_inflight") > inflight + 1; i++)
		ut_nap();
	UT_EQ(ut_sysctl_int("kern.async_inflight"), inflight + 1);
	/* And the exit waits for B: the child has not ended. */
	UT_EQ(waitpid(pid, &status, WNOHANG), 0);
	UT_EQ(read(r, &c, 1), -1);
	UT_EQ(errno, EAGAIN);
	if (id != 0)
		UT_EQ(ut_svc_reply(svc, id, 0, NULL), 0);
	UT_TRUE(eof_seen(r));
	status = ut_watch(pid, POLLS);
	UT_TRUE(WIFEXITED(status));
	UT_EQ(WEXITSTATUS(status), 0);
	close(r);
	UT_EQ(ut_sysctl_int("kern.async_inflight"), inflight);
	phased = ut_sysctl_int("kern.async_phased") - phased;
	return (phased == 0);
}

/* ---- a driver that waits for itself ---------------------------------- */

#define SELFDEV		"/dev/uecho0"
#define SELF_MS		100	/* its deadline: the watchdog's period */

/* Serve uecho0 (reserved at boot: no growth), with a short deadline. */
static int
self_serve(void)
{
	return (ut_serve("uecho0", SELF_MS));
}

/* The driver sends an open of its own device and exits while a worker
 * waits in it for the driver's reply: the exit waits for the open. */
static void
self_async(void)
{
	static const struct timespec ts = { 0, 20 * 1000 * 1000 };
	static SYSMSG(open) m;

	if (self_serve() < 1)
		_exit(2);
	sysmsg_init(&m, open);
	m.a.path = SELFDEV;
	m.a.flags = O_RDWR;
	if (async_send(0, &m.h, sizeof(m), 0) != 1)
		_exit(3);
	nanosleep(&ts, NULL);	/* the worker runs: the open is queued */
	_exit(0);
}

/* The driver opens its own device: it waits for itself in the call. */
static void
self_sync(void)
{
	if (self_serve() < 1)
		_exit(2);
	(void)open(SELFDEV, O_RDWR);
	_exit(4);		/* killed at the call's end: never here */
}

/*
 * A driver waiting, uninterruptibly, for a message queued on its own
 * device, which only it could take: in its exit (an asynchronous open
 * of it that a worker runs: the exit waits for the call, the call for
 * the driver), or in the call itself (a synchronous open, where the
 * watchdog's kill cannot end the wait).  The watchdog fails the queue a
 * deadline after it finds the driver exiting or killed
 * (kern.agent_drained), and the driver ends.  Without that both waited
 * forever.
 */
static void
test_self(void)
{
	int d0 = ut_sysctl_int("kern.agent_drained");
	int ph0 = ut_sysctl_int("kern.async_phased");
	int status, i;
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == 0)
		self_async();
	for (i = 0; i < POLLS && waitpid(pid, &status, WNOHANG) == 0; i++)
		ut_nap();
	UT_TRUE(i < POLLS);
	if (i == POLLS)
		return;		/* it cannot be killed: left for the runner */
	UT_TRUE(WIFEXITED(status));
	UT_EQ(WEXITSTATUS(status), 0);
	UT_TRUE(ut_sysctl_int("kern.async_phased") > ph0); /* the open ran */
	UT_EQ(ut_sysctl_int("kern.agent_drained"), d0 + 1);

	fflush(stdout);
	if ((pid = fork()) == 0)
		self_sync();
	for (i = 0; i < POLLS && waitpid(pid, &status, WNOHANG) == 0; i++)
		ut_nap();
	UT_TRUE(i < POLLS);
	if (i == POLLS)
		return;
	UT_TRUE(WIFSIGNALED(status));
	UT_EQ(WTERMSIG(status), SIGKILL);
	UT_EQ(ut_sysctl_int("kern.agent_drained"), d0 + 2);
}

int
main(void)
{
	int svc, r, hits = 0;

	test_self();

	/* uecho1 is reserved at boot (no growth); the held close is not
	 * late. */
	svc = ut_serve("uecho1", 60000);
	UT_TRUE(svc >= 1 && svc <= SVC_MAX);
	for (r = 0; r < ROUNDS; r++)
		hits += round_run(svc);
	printf("async_rundown: %d of %d rounds aborted every call in the exit\n",
	    hits, ROUNDS);
	UT_DONE("async_rundown");
}
