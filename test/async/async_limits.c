/*
 * async_limits - RLIMIT_ASYNC and kern.async_max, the accounting sysctls,
 * and messages in flight when their process is killed, exits or execs,
 * or unmaps the message or its buffer.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/sysctl.h>
#include <sysasync.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include "utest.h"

typedef SYSMSG(nanosleep) sleepmsg_t;

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static struct timespec ts_long = { 100, 0 };

/*
 * "Promptly" without reading a clock: a child that sleeps ms and exits
 * is the yardstick.  yardstick_end() says whether it was still asleep
 * (so whatever happened since yardstick_start() happened in less than
 * ms), and kills and reaps it.  An order of events, not a speed.
 */
static pid_t
yardstick_start(int ms)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		ut_sleep_ms(ms);
		_exit(0);
	}
	return (pid);
}

static int
yardstick_end(pid_t pid)
{
	int status, running;

	if (pid <= 0)
		return (0);
	running = waitpid(pid, &status, WNOHANG) == 0;
	if (running) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	return (running);
}

static int
send_sleep(sleepmsg_t *m, const struct timespec *ts, int flags)
{
	sysmsg_init(m, nanosleep);
	m->a.rqtp = ts;
	return (async_send(0, &m->h, sizeof(*m), flags));
}

/* Abort and collect messages [0, n). */
static void
reap(sleepmsg_t *m, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (!async_done(&m[i].h))
			async_abort(0, &m[i].h);
	}
	for (i = 0; i < n; i++)
		async_wait(0, &m[i].h);
}

/* ---- (a) getrlimit, setrlimit -------------------------------------------- */

static void
test_rlimit(void)
{
	struct rlimit rl, orl;
	int max = ut_sysctl_int("kern.async_max");

	UT_TRUE(max > 0);
	UT_EQ(getrlimit(RLIMIT_ASYNC, &orl), 0);
	UT_EQ(orl.rlim_cur, ASYNC_LIMIT_DEFAULT);
	UT_EQ(orl.rlim_cur, 256);
	UT_EQ(orl.rlim_max, max);
	/* Above the global bound. */
	rl.rlim_cur = 10;
	rl.rlim_max = (rlim_t)max + 1;
	UT_EQ(setrlimit(RLIMIT_ASYNC, &rl), -1);
	UT_EQ(errno, EPERM);
	rl.rlim_cur = (rlim_t)max + 1;
	rl.rlim_max = (rlim_t)max + 1;
	UT_EQ(setrlimit(RLIMIT_ASYNC, &rl), -1);
	UT_EQ(errno, EPERM);
	/* Soft above hard. */
	rl.rlim_cur = 20;
	rl.rlim_max = 10;
	UT_EQ(setrlimit(RLIMIT_ASYNC, &rl), -1);
	UT_EQ(errno, EINVAL);
	/* Other resources. */
	rl.rlim_cur = 1;
	rl.rlim_max = 1;
	UT_EQ(setrlimit(0, &rl), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(setrlimit(RLIMIT_ASYNC + 1, &rl), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(getrlimit(4, &rl), -1);	/* RLIMIT_CORE: not kept */
	UT_EQ(errno, EINVAL);
	/* Bad pointers. */
	UT_EQ(getrlimit(RLIMIT_ASYNC, (struct rlimit *)0x10), -1);
	UT_EQ(errno, EFAULT);
	UT_EQ(setrlimit(RLIMIT_ASYNC, (struct rlimit *)0x10), -1);
	UT_EQ(errno, EFAULT);
	/* Nothing changed by the refusals. */
	UT_EQ(getrlimit(RLIMIT_ASYNC, &rl), 0);
	UT_EQ(rl.rlim_cur, orl.rlim_cur);
	UT_EQ(rl.rlim_max, orl.rlim_max);
	/* Exactly the bound is fine; lowering and raising the hard limit. */
	rl.rlim_cur = (rlim_t)max;
	rl.rlim_max = (rlim_t)max;
	UT_EQ(setrlimit(RLIMIT_ASYNC, &rl), 0);
	rl.rlim_cur = 5;
	rl.rlim_max = 50;
	UT_EQ(setrlimit(RLIMIT_ASYNC, &rl), 0);
	UT_EQ(getrlimit(RLIMIT_ASYNC, &rl), 0);
	UT_EQ(rl.rlim_cur, 5);
	UT_EQ(rl.rlim_max, 50);
	/* Children inherit both. */
	{
		pid_t pid = fork();
		int status = -1;

		if (pid == 0) {
			struct rlimit c;

			if (getrlimit(RLIMIT_ASYNC, &c) != 0)
				_exit(1);
			_exit(c.rlim_cur == 5 && c.rlim_max == 50 ? 0 : 2);
		}
		UT_EQ(waitpid(pid, &status, 0), pid);
		UT_EQ(status, 0);
	}
	UT_EQ(setrlimit(RLIMIT_ASYNC, &orl), 0);
}

/* ---- (b) the per-process limit -------------------------------------------- */

static void
test_proc_limit(void)
{
	static sleepmsg_t m[6];
	struct timespec ts_short = { 0, 100 * 1000 * 1000 };
	struct rlimit rl, orl;
	long long t0, t1;
	pid_t y;

	UT_EQ(getrlimit(RLIMIT_ASYNC, &orl), 0);
	rl = orl;
	rl.rlim_cur = 4;
	UT_EQ(setrlimit(RLIMIT_ASYNC, &rl), 0);
	t0 = now_ms();
	UT_EQ(send_sleep(&m[0], &ts_short, 0), 1);
	UT_EQ(send_sleep(&m[1], &ts_long, 0), 1);
	UT_EQ(send_sleep(&m[2], &ts_long, 0), 1);
	UT_EQ(send_sleep(&m[3], &ts_long, 0), 1);
	UT_EQ(ut_sysctl_int("kern.async_self"), 4);
	/* At the limit: NOBLOCK is refused, the header untouched. */
	m[4].h.sm_flags = 0;
	UT_EQ(send_sleep(&m[4], &ts_long, SMF_NOBLOCK), -1);
	UT_EQ(errno, EAGAIN);
	UT_EQ(async_done(&m[4].h), 0);
	/* A call that never blocks takes no slot. */
	{
		SYSMSG(noop) n;

		sysmsg_init(&n, noop);
		n.a.value = 5;
		UT_EQ(async_send(0, &n.h, sizeof(n), SMF_NOBLOCK), 0);
		UT_EQ(async_result(&n.h), 5);
	}
	/* Without NOBLOCK it waits for the short sleep to come back (at
	 * least its 100 ms after it was sent), and no longer (before a
	 * yardstick of 5 s). */
	y = yardstick_start(5000);
	UT_EQ(send_sleep(&m[4], &ts_long, 0), 1);
	t1 = now_ms();
	UT_TRUE(yardstick_end(y));
	UT_TRUE(async_done(&m[0].h));
	UT_EQ(m[0].h.sm_error, 0);
	UT_TRUE(t1 - t0 >= 100);
	UT_EQ(ut_sysctl_int("kern.async_self"), 4);
	/* Lowering the limit below what is in flight: still EAGAIN. */
	rl.rlim_cur = 2;
	UT_EQ(setrlimit(RLIMIT_ASYNC, &rl), 0);
	UT_EQ(send_sleep(&m[5], &ts_long, SMF_NOBLOCK), -1);
	UT_EQ(errno, EAGAIN);
	reap(&m[1], 4);
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
	UT_EQ(m[1].h.sm_error, ECANCELED);
	UT_EQ(m[4].h.sm_error, ECANCELED);
	/* Limit 0: refused at once, NOBLOCK or not (nothing could free a
	 * slot). */
	rl.rlim_cur = 0;
	UT_EQ(setrlimit(RLIMIT_ASYNC, &rl), 0);
	UT_EQ(send_sleep(&m[0], &ts_long, SMF_NOBLOCK), -1);
	UT_EQ(errno, EAGAIN);
	y = yardstick_start(5000);
	UT_EQ(send_sleep(&m[0], &ts_long, 0), -1);
	UT_EQ(errno, EAGAIN);
	UT_TRUE(yardstick_end(y));
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
	/* A synchronous call is not limited. */
	UT_EQ(noop(3), 3);
	UT_EQ(setrlimit(RLIMIT_ASYNC, &orl), 0);
}

/* ---- (c) the global limit ------------------------------------------------- */

static void
sigusr_handler(int sig)
{
	(void)sig;
}

static void
test_global_limit(void)
{
	int max = ut_sysctl_int("kern.async_max");
	int kmax = ut_sysctl_int("kern.async_kmem_max");
	int base = ut_sysctl_int("kern.async_inflight");
	sleepmsg_t *m;
	int n, rc = 0;
	struct rlimit rl, orl;

	UT_TRUE(max > 0);
	UT_TRUE(kmax > 0);
	UT_TRUE(base >= 0);
	/* Limits belong to init (pid 1): this process may write none. */
	UT_EQ(ut_sysctl_set("kern.async_max", max + 1), -1);
	UT_EQ(errno, EPERM);
	UT_EQ(ut_sysctl_set("kern.async_max", 1), -1);
	UT_EQ(errno, EPERM);
	UT_EQ(ut_sysctl_set("kern.async_kmem_max", kmax * 2), -1);
	UT_EQ(errno, EPERM);
	UT_EQ(ut_sysctl_set("kern.async_inflight", 3), -1);
	UT_EQ(ut_sysctl_set("kern.async_self", 3), -1);
	UT_EQ(ut_sysctl_int("kern.async_max"), max);
	UT_EQ(ut_sysctl_int("kern.async_kmem_max"), kmax);
	/* Fill the system up to its limit: the count, or the memory bound,
	 * whichever comes first. */
	UT_EQ(getrlimit(RLIMIT_ASYNC, &orl), 0);
	rl.rlim_cur = (rlim_t)max;
	rl.rlim_max = (rlim_t)max;
	UT_EQ(setrlimit(RLIMIT_ASYNC, &rl), 0);
	m = malloc((size_t)(max + 1) * sizeof(*m));
	UT_TRUE(m != NULL);
	if (m == NULL)
		return;
	for (n = 0; n <= max; n++) {
		rc = send_sleep(&m[n], &ts_long, SMF_NOBLOCK);
		if (rc != 1)
			break;
	}
	UT_EQ(rc, -1);
	UT_EQ(errno, EAGAIN);
	UT_TRUE(n > 0);
	UT_TRUE(base + n == max ||
	    ut_sysctl_int("kern.async_kmem") >= kmax);
	UT_EQ(ut_sysctl_int("kern.async_inflight"), base + n);
	{
		sleepmsg_t x;

		UT_EQ(send_sleep(&x, &ts_long, SMF_NOBLOCK), -1);
		UT_EQ(errno, EAGAIN);
		/* Another process with nothing in flight is refused too. */
		pid_t pid = fork();
		int status = -1;

		if (pid == 0) {
			sleepmsg_t y;

			if (send_sleep(&y, &ts_long, SMF_NOBLOCK) != -1 ||
			    errno != EAGAIN)
				_exit(1);
			_exit(0);
		}
		UT_EQ(waitpid(pid, &status, 0), pid);
		UT_EQ(status, 0);
	}
	/* A blocking send at the global limit waits; a signal ends the
	 * wait with EINTR. */
	{
		struct sigaction sa;
		sleepmsg_t x;
		pid_t pid, me = getpid();
		long long t0;
		int status;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = sigusr_handler;
		UT_EQ(sigaction(SIGUSR1, &sa, NULL), 0);
		t0 = now_ms();
		pid = fork();
		if (pid == 0) {
			ut_sleep_ms(60);
			kill(me, SIGUSR1);
			_exit(0);
		}
		rc = send_sleep(&x, &ts_long, 0);
		UT_EQ(rc, -1);
		UT_EQ(errno, EINTR);
		UT_TRUE(now_ms() - t0 >= 60);	/* it waited for the signal */
		UT_EQ(async_done(&x.h), 0);
		UT_EQ(waitpid(pid, &status, 0), pid);
		signal(SIGUSR1, SIG_DFL);
	}
	/* A message coming back frees its slot for the next one. */
	UT_EQ(async_abort(0, &m[n - 1].h), 0);
	UT_EQ(async_wait(0, &m[n - 1].h), 0);
	UT_EQ(m[n - 1].h.sm_error, ECANCELED);
	UT_EQ(send_sleep(&m[n - 1], &ts_long, SMF_NOBLOCK), 1);
	/* A hard limit above kern.async_max is refused. */
	rl.rlim_cur = 4;
	rl.rlim_max = (rlim_t)max + 1;
	UT_EQ(setrlimit(RLIMIT_ASYNC, &rl), -1);
	UT_EQ(errno, EPERM);
	reap(m, n);
	free(m);
	UT_EQ(setrlimit(RLIMIT_ASYNC, &orl), 0);
	UT_EQ(ut_sysctl_int("kern.async_inflight"), base);
}

/* ---- (d) accounting ------------------------------------------------------- */

static void
test_accounting(void)
{
	static sleepmsg_t m[50];
	static char rbuf[3 * 4096];
	SYSMSG(read) r;
	int in0 = ut_sysctl_int("kern.async_inflight");
	int km0 = ut_sysctl_int("kern.async_kmem");
	int self0 = ut_sysctl_int("kern.async_self");
	int km1, km2, i, p[2];

	UT_EQ(self0, 0);
	UT_TRUE(in0 >= 0);
	UT_TRUE(km0 >= 0);
	for (i = 0; i < 50; i++)
		UT_EQ(send_sleep(&m[i], &ts_long, 0), 1);
	UT_EQ(ut_sysctl_int("kern.async_inflight"), in0 + 50);
	UT_EQ(ut_sysctl_int("kern.async_self"), 50);
	km1 = ut_sysctl_int("kern.async_kmem");
	UT_TRUE(km1 > km0);
	/* Each message costs the same: the growth divides by 50. */
	UT_EQ((km1 - km0) % 50, 0);
	/* A read pins more. */
	UT_EQ(pipe(p), 0);
	sysmsg_init(&r, read);
	r.a.fd = p[0];
	r.a.buf = rbuf;
	r.a.nbyte = sizeof(rbuf);
	UT_EQ(async_send(0, &r.h, sizeof(r), 0), 1);
	km2 = ut_sysctl_int("kern.async_kmem");
	UT_TRUE(km2 > km1);
	UT_EQ(ut_sysctl_int("kern.async_self"), 51);
	/* A child sees its own count, not ours. */
	{
		pid_t pid = fork();
		int status = -1;

		if (pid == 0)
			_exit(ut_sysctl_int("kern.async_self"));
		UT_EQ(waitpid(pid, &status, 0), pid);
		UT_EQ(WEXITSTATUS(status), 0);
	}
	reap(m, 25);
	UT_EQ(ut_sysctl_int("kern.async_self"), 26);
	UT_EQ(ut_sysctl_int("kern.async_inflight"), in0 + 26);
	UT_EQ(ut_sysctl_int("kern.async_kmem"), km2 - (km1 - km0) / 2);
	reap(m + 25, 25);
	UT_EQ(write(p[1], "q", 1), 1);
	UT_EQ(async_wait(0, &r.h), 0);
	UT_EQ(async_result(&r.h), 1);
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
	UT_EQ(ut_sysctl_int("kern.async_inflight"), in0);
	UT_EQ(ut_sysctl_int("kern.async_kmem"), km0);
	close(p[0]);
	close(p[1]);
}

/* ---- (e) SIGKILL with thousands in flight ---------------------------------- */

#define NKILL	3000
#define KILLF	"/tmp/async_limits.dat"

static void
kill_child(int ready, int *hold)
{
	static sleepmsg_t m[NKILL];
	static SYSMSG(read) r[5];
	static char rbuf[5][4096];
	static char fbuf[65536];
	struct rlimit rl;
	int i, fd, rc;

	rl.rlim_cur = NKILL + 10;
	rl.rlim_max = NKILL + 10;
	if (setrlimit(RLIMIT_ASYNC, &rl) != 0)
		_exit(10);
	for (i = 0; i < NKILL; i++) {
		if (send_sleep(&m[i], &ts_long, 0) != 1)
			_exit(11);
	}
	/* Blocked pipe reads (workers sleeping for us). */
	for (i = 0; i < 4; i++) {
		sysmsg_init(&r[i], read);
		r[i].a.fd = hold[0];
		r[i].a.buf = rbuf[i];
		r[i].a.nbyte = sizeof(rbuf[i]);
		if (async_send(0, &r[i].h, sizeof(r[i]), 0) != 1)
			_exit(12);
	}
	/* A file read. */
	fd = open(KILLF, O_RDONLY);
	if (fd < 0)
		_exit(13);
	sysmsg_init(&r[4], read);
	r[4].a.fd = fd;
	r[4].a.buf = fbuf;
	r[4].a.nbyte = sizeof(fbuf);
	rc = async_send(0, &r[4].h, sizeof(r[4]), 0);
	if (rc != 1 && rc != 0)
		_exit(14);
	write(ready, "r", 1);
	for (;;)
		ut_sleep_ms(1000);
}

static void
test_kill(void)
{
	static char data[65536];
	int in0, km0, round, fd, status, ready[2], hold[2];
	char c;
	pid_t pid, y;

	memset(data, 'k', sizeof(data));
	fd = open(KILLF, O_RDWR | O_CREAT | O_TRUNC, 0644);
	UT_TRUE(fd >= 0);
	UT_EQ(write(fd, data, sizeof(data)), sizeof(data));
	close(fd);
	in0 = ut_sysctl_int("kern.async_inflight");
	km0 = ut_sysctl_int("kern.async_kmem");
	for (round = 0; round < 5; round++) {
		UT_EQ(pipe(ready), 0);
		UT_EQ(pipe(hold), 0);
		pid = fork();
		if (pid == 0) {
			close(ready[0]);
			kill_child(ready[1], hold);
		}
		UT_TRUE(pid > 0);
		close(ready[1]);
		c = 0;
		UT_EQ(read(ready[0], &c, 1), 1);
		UT_EQ(c, 'r');
		UT_TRUE(ut_sysctl_int("kern.async_inflight") >= in0 + NKILL + 4);
		UT_TRUE(ut_sysctl_int("kern.async_kmem") > km0);
		y = yardstick_start(5000);
		UT_EQ(kill(pid, SIGKILL), 0);
		status = 0;
		UT_EQ(waitpid(pid, &status, 0), pid);
		UT_TRUE(WIFSIGNALED(status));
		UT_EQ(WTERMSIG(status), SIGKILL);
		UT_TRUE(yardstick_end(y));	/* not the sleeps' 100 s */
		UT_EQ(ut_sysctl_int("kern.async_inflight"), in0);
		UT_EQ(ut_sysctl_int("kern.async_kmem"), km0);
		/* The pipe's reads are gone: what we write stays for us. */
		UT_EQ(write(hold[1], "abc", 3), 3);
		UT_EQ(read(hold[0], &c, 1), 1);
		UT_EQ(c, 'a');
		close(ready[0]);
		close(hold[0]);
		close(hold[1]);
	}
	UT_EQ(unlink(KILLF), 0);
}

/* ---- (f) exit with messages in flight ------------------------------------- */

static void
test_exit(void)
{
	int in0 = ut_sysctl_int("kern.async_inflight");
	int km0 = ut_sysctl_int("kern.async_kmem");
	int round, status, p[2];
	pid_t y;
	pid_t pid;

	for (round = 0; round < 3; round++) {
		UT_EQ(pipe(p), 0);
		y = yardstick_start(5000);
		pid = fork();
		if (pid == 0) {
			static sleepmsg_t m[100];
			static SYSMSG(read) r;
			static char buf[100];
			int i;

			for (i = 0; i < 100; i++)
				send_sleep(&m[i], &ts_long, 0);
			sysmsg_init(&r, read);
			r.a.fd = p[0];
			r.a.buf = buf;
			r.a.nbyte = sizeof(buf);
			async_send(0, &r.h, sizeof(r), 0);
			_exit(3);
		}
		status = -1;
		UT_EQ(waitpid(pid, &status, 0), pid);
		UT_TRUE(WIFEXITED(status));
		UT_EQ(WEXITSTATUS(status), 3);
		UT_TRUE(yardstick_end(y));	/* not the sleeps' 100 s */
		UT_EQ(ut_sysctl_int("kern.async_inflight"), in0);
		UT_EQ(ut_sysctl_int("kern.async_kmem"), km0);
		close(p[0]);
		close(p[1]);
	}
}

/* ---- (g) the message or its buffer unmapped while in flight --------------- */

static void
test_unmapped(void)
{
	struct timespec ts = { 0, 60 * 1000 * 1000 };
	sleepmsg_t *m;
	SYSMSG(read) r;
	char *page, *buf;
	int p[2], rc;
	int in0 = ut_sysctl_int("kern.async_inflight");

	/* The message itself. */
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);
	UT_TRUE(page != MAP_FAILED);
	m = (sleepmsg_t *)(page + 64);
	UT_EQ(send_sleep(m, &ts, 0), 1);
	UT_EQ(munmap(page, 4096), 0);
	UT_EQ(ut_sysctl_int("kern.async_self"), 1);
	/* Still in flight: waitsys on it sleeps until it comes back. */
	UT_EQ(async_wait(0, (struct sysmsg_hdr *)m), 0);
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
	/* Now neither in flight nor readable. */
	UT_EQ(async_wait(0, (struct sysmsg_hdr *)m), -1);
	UT_EQ(errno, EFAULT);
	UT_EQ(async_abort(0, (struct sysmsg_hdr *)m), -1);
	UT_EQ(errno, ENOENT);

	/* Again, collected with waitany (the first one's return is still
	 * owed to a waitany). */
	UT_EQ(async_waitany(0), 0);
	UT_EQ(async_waitany(0), -1);
	UT_EQ(errno, EINVAL);
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);
	UT_TRUE(page != MAP_FAILED);
	m = (sleepmsg_t *)(page + 128);
	UT_EQ(send_sleep(m, &ts, 0), 1);
	UT_EQ(munmap(page, 4096), 0);
	UT_EQ(async_waitany(0), 0);
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
	UT_EQ(async_wait(0, (struct sysmsg_hdr *)m), -1);
	UT_EQ(errno, EFAULT);
	UT_EQ(async_waitany(0), -1);
	UT_EQ(errno, EINVAL);

	/* A page mapped again at the same address is a fresh page: the
	 * completion went to the old one. */
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);
	UT_TRUE(page != MAP_FAILED);
	m = (sleepmsg_t *)page;
	UT_EQ(send_sleep(m, &ts, 0), 1);
	UT_EQ(munmap(page, 4096), 0);
	UT_TRUE(mmap(page, 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0) == page);
	/* In flight at that address still: a new message there is busy. */
	{
		sleepmsg_t *m2 = (sleepmsg_t *)page;

		rc = send_sleep(m2, &ts, 0);
		UT_EQ(rc, -1);
		UT_EQ(errno, EBUSY);
	}
	UT_EQ(async_waitany(0), 0);
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
	/* The new page holds what we wrote there (SMF_ASYNC) and no
	 * completion (SMF_DONE, sm_error, sm_result). */
	UT_EQ(((volatile struct sysmsg_hdr *)page)->sm_flags, SMF_ASYNC);
	UT_EQ(((volatile struct sysmsg_hdr *)page)->sm_error, 0);
	UT_EQ(((volatile uint32_t *)page)[4], 0);
	UT_EQ(async_waitany(0), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(munmap(page, 4096), 0);

	/* A read's buffer unmapped while the read is blocked. */
	UT_EQ(pipe(p), 0);
	buf = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);
	UT_TRUE(buf != MAP_FAILED);
	sysmsg_init(&r, read);
	r.a.fd = p[0];
	r.a.buf = buf + 100;
	r.a.nbyte = 5000;
	UT_EQ(async_send(0, &r.h, sizeof(r), 0), 1);
	ut_sleep_ms(20);
	UT_EQ(munmap(buf, 8192), 0);
	UT_EQ(async_done(&r.h), 0);
	UT_EQ(write(p[1], "0123456789", 10), 10);
	UT_EQ(async_wait(0, &r.h), 0);
	UT_EQ(async_result(&r.h), 10);
	close(p[0]);
	close(p[1]);
	UT_EQ(ut_sysctl_int("kern.async_inflight"), in0);
}

/* ---- bad memory at send: refused or short, never a crash ------------------ */

static void
test_faults(void)
{
	char *page, *ro;
	SYSMSG(read) r, *rp;
	int fd, p[2], in0 = ut_sysctl_int("kern.async_inflight");
	int km0 = ut_sysctl_int("kern.async_kmem");
	static char data[8192];
	long long sync_n;

	memset(data, 'f', sizeof(data));
	fd = open("/tmp/async_limits.f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	UT_TRUE(fd >= 0);
	UT_EQ(write(fd, data, sizeof(data)), sizeof(data));
	page = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);
	UT_TRUE(page != MAP_FAILED);
	UT_EQ(munmap(page + 4096, 4096), 0);

	/* A header that runs off the end of the mapping: a gate error. */
	rp = (void *)(page + 4096 - 16);
	UT_EQ(pipe(p), 0);
	UT_EQ(__sendsys(0, (struct sysmsg_hdr *)rp, sizeof(r)), EFAULT);
	/* Header in a read-only page. */
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
	    -1, 0);
	UT_TRUE(ro != MAP_FAILED);
	rp = (void *)ro;
	sysmsg_init(rp, read);
	rp->h.sm_flags = SMF_ASYNC;
	rp->a.fd = p[0];
	rp->a.buf = data;
	rp->a.nbyte = 10;
	UT_EQ(mprotect(ro, 4096, PROT_READ), 0);
	UT_EQ(__sendsys(0, &rp->h, sizeof(*rp)), EFAULT);
	UT_EQ(rp->h.sm_flags, SMF_ASYNC);		/* untouched */
	/* A read into a read-only buffer: EFAULT, nothing in flight. */
	sysmsg_init(&r, read);
	r.a.fd = fd;
	r.a.buf = ro;
	r.a.nbyte = 100;
	UT_EQ(lseek(fd, 0, SEEK_SET), 0);
	UT_EQ(async_send(0, &r.h, sizeof(r), 0), 0);
	UT_EQ(r.h.sm_error, EFAULT);
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
	/* A write from it is fine. */
	{
		SYSMSG(write) w;

		sysmsg_init(&w, write);
		w.a.fd = p[1];
		w.a.buf = ro;
		w.a.nbyte = 100;
		UT_TRUE(async_send(0, &w.h, sizeof(w), 0) >= 0);
		UT_EQ(async_wait(0, &w.h), 0);
		UT_EQ(async_result(&w.h), 100);
		UT_EQ(read(p[0], data, 100), 100);
	}
	UT_EQ(munmap(ro, 4096), 0);
	/* A read whose buffer runs into a hole: as many bytes as the
	 * synchronous read gives. */
	UT_EQ(lseek(fd, 0, SEEK_SET), 0);
	sync_n = read(fd, page + 4096 - 100, 1000);
	UT_EQ(lseek(fd, 0, SEEK_SET), 0);
	sysmsg_init(&r, read);
	r.a.fd = fd;
	r.a.buf = page + 4096 - 100;
	r.a.nbyte = 1000;
	UT_TRUE(async_send(0, &r.h, sizeof(r), 0) >= 0);
	UT_EQ(async_wait(0, &r.h), 0);
	UT_EQ(sync_n, 100);
	UT_EQ(async_result(&r.h), sync_n);
	/* A buffer entirely in the hole. */
	sysmsg_init(&r, read);
	r.a.fd = fd;
	r.a.buf = page + 4096;
	r.a.nbyte = 10;
	UT_EQ(async_send(0, &r.h, sizeof(r), 0), 0);
	UT_EQ(r.h.sm_error, EFAULT);
	UT_EQ(munmap(page, 4096), 0);

	/* The descriptor closed while a read on it is in flight, before
	 * the worker runs it: the read took its file at send
	 * (sys/sysargs.h) and reads the pipe when data comes
	 * (test/async/async_fdtake.c checks the number reused). */
	sysmsg_init(&r, read);
	r.a.fd = p[0];
	r.a.buf = data;
	r.a.nbyte = 10;
	UT_EQ(async_send(0, &r.h, sizeof(r), 0), 1);
	UT_EQ(close(p[0]), 0);
	UT_EQ(write(p[1], "abc", 3), 3);
	UT_EQ(async_wait(0, &r.h), 0);
	UT_EQ(async_result(&r.h), 3);
	close(p[1]);
	close(fd);
	UT_EQ(unlink("/tmp/async_limits.f"), 0);
	UT_EQ(ut_sysctl_int("kern.async_inflight"), in0);
	UT_EQ(ut_sysctl_int("kern.async_kmem"), km0);
}

/* ---- blocked calls do not hold up others ---------------------------------- */

static void
test_starvation(void)
{
	static SYSMSG(read) r[12];
	static char buf[12][16];
	SYSMSG(stat) s;
	SYSMSG(write) w;
	struct stat st;
	int p[12][2], i;
	int w0 = ut_sysctl_int("kern.async_workers");
	int n;

	for (i = 0; i < 12; i++) {
		UT_EQ(pipe(p[i]), 0);
		sysmsg_init(&r[i], read);
		r[i].a.fd = p[i][0];
		r[i].a.buf = buf[i];
		r[i].a.nbyte = sizeof(buf[i]);
		UT_EQ(async_send(0, &r[i].h, sizeof(r[i]), 0), 1);
	}
	/* More blocked reads than workers: a stat must still run. */
	sysmsg_init(&s, stat);
	s.a.path = "/bin/async_limits";
	s.a.sb = &st;
	UT_TRUE(async_send(0, &s.h, sizeof(s), 0) >= 0);
	for (n = 0; !async_done(&s.h) && n < 100; n++)
		ut_sleep_ms(10);		/* the workers run meanwhile */
	UT_TRUE(async_done(&s.h));
	/* And an asynchronous write can feed an asynchronous read. */
	sysmsg_init(&w, write);
	w.a.fd = p[11][1];
	w.a.buf = "w";
	w.a.nbyte = 1;
	UT_TRUE(async_send(0, &w.h, sizeof(w), 0) >= 0);
	for (n = 0; !async_done(&r[11].h) && n < 100; n++)
		ut_sleep_ms(10);
	UT_TRUE(async_done(&r[11].h));
	for (i = 0; i < 12; i++)
		UT_EQ(write(p[i][1], "x", 1), 1);
	for (i = 0; i < 12; i++) {
		UT_EQ(async_wait(0, &r[i].h), 0);
		UT_EQ(async_result(&r[i].h), 1);
	}
	UT_EQ(async_wait(0, &s.h), 0);
	UT_EQ(async_result(&s.h), 0);
	UT_EQ(async_wait(0, &w.h), 0);
	UT_EQ(async_result(&w.h), 1);
	for (i = 0; i < 12; i++) {
		close(p[i][0]);
		close(p[i][1]);
	}
	/* The spares are gone again (init checks that their memory is). */
	for (n = 0; ut_sysctl_int("kern.async_workers") != w0 && n < 100; n++)
		ut_sleep_ms(10);
	UT_EQ(ut_sysctl_int("kern.async_workers"), w0);
}

/* ---- (h) exec with messages in flight ------------------------------------- */

static void
test_exec(void)
{
	int in0 = ut_sysctl_int("kern.async_inflight");
	int km0 = ut_sysctl_int("kern.async_kmem");
	int status, p[2];
	pid_t pid;

	UT_EQ(pipe(p), 0);
	pid = fork();
	if (pid == 0) {
		static sleepmsg_t m[20];
		static SYSMSG(read) r;
		static char buf[100];
		char *argv[] = { "async_limits", "exec", NULL };
		int i;

		for (i = 0; i < 20; i++)
			send_sleep(&m[i], &ts_long, 0);
		sysmsg_init(&r, read);
		r.a.fd = p[0];
		r.a.buf = buf;
		r.a.nbyte = sizeof(buf);
		async_send(0, &r.h, sizeof(r), 0);
		execve("/bin/async_limits", argv, NULL);
		_exit(99);
	}
	status = -1;
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_TRUE(WIFEXITED(status));
	UT_EQ(WEXITSTATUS(status), 0);
	UT_EQ(ut_sysctl_int("kern.async_inflight"), in0);
	UT_EQ(ut_sysctl_int("kern.async_kmem"), km0);
	/* The pipe read went with the old image: our byte is still there. */
	UT_EQ(write(p[1], "z", 1), 1);
	{
		char c = 0;

		UT_EQ(read(p[0], &c, 1), 1);
		UT_EQ(c, 'z');
	}
	close(p[0]);
	close(p[1]);
}

/* The new image after exec: nothing of the old one is in flight. */
static int
exec_child(void)
{
	if (ut_sysctl_int("kern.async_self") != 0)
		return (1);
	if (async_waitany(0) != -1 || errno != EINVAL)
		return (2);
	return (0);
}

static long long
now_ms_total(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

int
main(int argc, char **argv)
{
	long long t_start = now_ms_total();

	if (argc > 1 && strcmp(argv[1], "exec") == 0)
		return (exec_child());
	test_rlimit();
	test_proc_limit();
	test_global_limit();
	test_accounting();
	test_kill();
	test_exit();
	test_unmapped();
	test_exec();
	test_faults();
	test_starvation();
	printf("async_limits: took %lld ms\n", now_ms_total() - t_start);
	UT_DONE("async_limits");
}
