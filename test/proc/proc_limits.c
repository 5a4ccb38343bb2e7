/*
 * proc_limits - the process limits: RLIMIT_NPROC (exactly at the limit,
 * inherited, the rules of setrlimit), kern.maxproc, and fork bombs that
 * must meet EAGAIN, not a hang, a panic or the out-of-memory killer.
 *
 * RLIMIT_NPROC counts every process in the system, zombies included
 * (there are no user ids yet: sys/resource.h), so each check reads
 * kern.nprocs first and sets the limit relative to it; nothing else
 * forks while a test runs.
 *
 * Each offender runs in a child under a watchdog: the parent checks it
 * a bounded number of times (WATCH_CHECKS sleeps of 10 ms) and kills it
 * if it is still running, which fails the test instead of hanging it.
 *
 * The bomb: every process forks until a fork fails, and each child does
 * the same; the first failure sets a flag in a shared page, after which
 * nobody forks again, and every process then reaps its children and
 * exits.  It runs twice: bounded by an RLIMIT_NPROC the test sets (a
 * few hundred processes), and bounded by kern.maxproc alone, which is
 * scaled to memory at boot (a few hundred at 32 MB, a few thousand at
 * 256 MB).  Either way the first failure must be EAGAIN with exactly
 * the limit's number of processes alive, no other error may happen, and
 * afterwards every process is gone and fork works again.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/sysctl.h>
#include <sys/resource.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <stdbool.h>
#include "utest.h"

#define WATCH_CHECKS	6000	/* 10 ms sleeps: a minute before the kill */
#define BOMB_RLIMIT	300	/* processes above the start for bomb 1 */

/* ---- getrlimit, setrlimit --------------------------------------------- */

static void
test_rlimit_rules(void)
{
	struct rlimit rl, orl;
	int maxproc = ut_sysctl_int("kern.maxproc");
	int status = -1;
	pid_t pid;

	UT_TRUE(maxproc >= 16);
	UT_EQ(getrlimit(RLIMIT_NPROC, &orl), 0);
	UT_EQ(orl.rlim_cur, maxproc);
	UT_EQ(orl.rlim_max, maxproc);
	UT_EQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
	UT_EQ(rl.rlim_cur, 64);
	UT_EQ(rl.rlim_max, 64);
	/* Above the global bound (EPERM); soft above hard (EINVAL). */
	rl.rlim_cur = 10;
	rl.rlim_max = (rlim_t)maxproc + 1;
	UT_EQ(setrlimit(RLIMIT_NPROC, &rl), -1);
	UT_EQ(errno, EPERM);
	rl.rlim_cur = 20;
	rl.rlim_max = 10;
	UT_EQ(setrlimit(RLIMIT_NPROC, &rl), -1);
	UT_EQ(errno, EINVAL);
	rl.rlim_cur = 65;
	rl.rlim_max = 65;
	UT_EQ(setrlimit(RLIMIT_NOFILE, &rl), -1);
	UT_EQ(errno, EPERM);
	UT_EQ(setrlimit(RLIMIT_NPROC, (struct rlimit *)0x10), -1);
	UT_EQ(errno, EFAULT);
	UT_EQ(getrlimit(RLIMIT_NPROC, &rl), 0);
	UT_EQ(rl.rlim_cur, orl.rlim_cur);
	UT_EQ(rl.rlim_max, orl.rlim_max);

	/* Set in a child; its own child inherits them (values within
	 * kern.maxproc, which scales with memory: 193 at 32 MB). */
	pid = fork();
	if (pid == 0) {
		struct rlimit r = { maxproc / 2, maxproc - 1 };
		pid_t g;
		int st = -1;

		if (setrlimit(RLIMIT_NPROC, &r) != 0)
			_exit(1);
		r.rlim_cur = 30;
		r.rlim_max = 40;
		if (setrlimit(RLIMIT_NOFILE, &r) != 0)
			_exit(2);
		g = fork();
		if (g == 0) {
			struct rlimit a, b;

			if (getrlimit(RLIMIT_NPROC, &a) != 0 ||
			    getrlimit(RLIMIT_NOFILE, &b) != 0)
				_exit(3);
			_exit(a.rlim_cur == (rlim_t)maxproc / 2 &&
			    a.rlim_max == (rlim_t)maxproc - 1 &&
			    b.rlim_cur == 30 && b.rlim_max == 40 ? 0 : 4);
		}
		if (g < 0 || wait4(g, &st, 0, NULL) != g)
			_exit(5);
		_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 6);
	}
	UT_TRUE(pid > 0);
	UT_EQ(ut_watch(pid, WATCH_CHECKS), 0);
	/* The parent's limits did not change. */
	UT_EQ(getrlimit(RLIMIT_NPROC, &rl), 0);
	UT_EQ(rl.rlim_cur, orl.rlim_cur);
	(void)status;
}

/* ---- RLIMIT_NPROC: exactly at the limit ------------------------------- */

#define NPROC_EXTRA	5

/*
 * In a child: with the limit at (processes now) + NPROC_EXTRA, exactly
 * NPROC_EXTRA forks succeed and the next fails with EAGAIN; a zombie
 * still counts; reaping one lets exactly one more fork succeed.
 * Returns an exit status: 0, or the number of the check that failed.
 */
static int
nproc_exact(void)
{
	pid_t kids[NPROC_EXTRA + 1];
	struct rlimit rl;
	int fds[2], n0, i, status;
	char c;

	if (pipe(fds) != 0)
		return (1);
	n0 = ut_sysctl_int("kern.nprocs");
	rl.rlim_cur = rl.rlim_max = (rlim_t)(n0 + NPROC_EXTRA);
	if (setrlimit(RLIMIT_NPROC, &rl) != 0)
		return (2);
	for (i = 0; i < NPROC_EXTRA; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			/* Block until the pipe closes, then exit. */
			close(fds[1]);
			read(fds[0], &c, 1);
			_exit(0);
		}
		if (kids[i] < 0)
			return (3);
	}
	if (ut_sysctl_int("kern.nprocs") != n0 + NPROC_EXTRA)
		return (4);
	errno = 0;
	if (fork() != -1 || errno != EAGAIN)
		return (5);
	/* Once more: a failed fork left nothing behind. */
	errno = 0;
	if (fork() != -1 || errno != EAGAIN)
		return (6);
	if (ut_sysctl_int("kern.nprocs") != n0 + NPROC_EXTRA)
		return (7);
	/* Let one child exit: a zombie still counts. */
	kill(kids[0], SIGKILL);
	errno = 0;
	if (fork() != -1 || errno != EAGAIN)
		return (8);
	if (wait4(kids[0], &status, 0, NULL) != kids[0])
		return (9);
	/* Reaped: exactly one more fork. */
	kids[0] = fork();
	if (kids[0] == 0) {
		close(fds[1]);
		read(fds[0], &c, 1);
		_exit(0);
	}
	if (kids[0] < 0)
		return (10);
	errno = 0;
	if (fork() != -1 || errno != EAGAIN)
		return (11);
	/* Lowering the limit below what exists stops forks at once. */
	rl.rlim_cur = 2;
	if (setrlimit(RLIMIT_NPROC, &rl) != 0)
		return (12);
	errno = 0;
	if (fork() != -1 || errno != EAGAIN)
		return (13);
	close(fds[1]);
	for (i = 0; i < NPROC_EXTRA; i++) {
		if (wait4(kids[i], &status, 0, NULL) != kids[i] ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			return (14);
	}
	return (0);
}

static void
test_nproc_exact(void)
{
	int n0 = ut_sysctl_int("kern.nprocs");
	pid_t pid = fork();

	if (pid == 0)
		_exit(nproc_exact());
	UT_TRUE(pid > 0);
	UT_EQ(ut_watch(pid, WATCH_CHECKS), 0);
	UT_EQ(ut_sysctl_int("kern.nprocs"), n0);
}

/* ---- fork bombs ------------------------------------------------------- */

struct bomb {
	int	b_stop;		/* 0 fork on; 1 a fork failed, stop forking;
				 * 2 the count is taken, exit when done */
	int	b_eagain;	/* forks that failed with EAGAIN */
	int	b_other;	/* ... with anything else */
	int	b_errno;	/* the last such error */
	int	b_nprocs;	/* kern.nprocs at the first failure */
	int	b_free;		/* vm.free_pages then */
	int	b_forks;	/* forks that succeeded */
	int	b_bad;		/* children that did not exit 0 */
};

#define ADD(p)		__atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST)
#define LOAD(p)		__atomic_load_n((p), __ATOMIC_SEQ_CST)

/*
 * Every process of the bomb: fork until the flag is up, then reap and
 * exit.  The first process whose fork fails raises the flag, counts the
 * processes, and only then lets the others exit: so the count is the
 * number alive when the limit was met.
 */
static void __attribute__((noreturn))
bomb_run(struct bomb *b)
{
	struct timespec ts = { 0, 1000 * 1000 };
	int status, zero = 0;
	pid_t pid;

	while (LOAD(&b->b_stop) == 0) {
		pid = fork();
		if (pid == 0)
			continue;		/* the child forks too */
		if (pid < 0) {
			int error = errno;

			if (error == EAGAIN) {
				ADD(&b->b_eagain);
			} else {
				ADD(&b->b_other);
				b->b_errno = error;
			}
			if (__atomic_compare_exchange_n(&b->b_stop, &zero, 1,
			    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
				b->b_nprocs = ut_sysctl_int("kern.nprocs");
				b->b_free = ut_sysctl_int("vm.free_pages");
				__atomic_store_n(&b->b_stop, 2,
				    __ATOMIC_SEQ_CST);
			}
			break;
		}
		ADD(&b->b_forks);
	}
	while (LOAD(&b->b_stop) != 2)
		nanosleep(&ts, NULL);
	while ((pid = wait4(-1, &status, 0, NULL)) > 0) {
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			ADD(&b->b_bad);
	}
	_exit(0);
}

/*
 * A bomb in a child under the watchdog, bounded by limit processes in
 * all (RLIMIT_NPROC; 0: kern.maxproc alone).
 */
static void
bomb(const char *what, int limit)
{
	struct bomb *b = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANON, -1, 0);
	int n0 = ut_sysctl_int("kern.nprocs"), status;
	int free0 = ut_sysctl_int("vm.free_pages");
	int expect = limit != 0 ? limit : ut_sysctl_int("kern.maxproc");
	pid_t pid;

	UT_TRUE(b != MAP_FAILED);
	if (b == MAP_FAILED)
		return;
	memset(b, 0, sizeof(*b));
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (limit != 0) {
			struct rlimit rl = { (rlim_t)limit, (rlim_t)limit };

			if (setrlimit(RLIMIT_NPROC, &rl) != 0)
				_exit(2);
		}
		bomb_run(b);
	}
	UT_TRUE(pid > 0);
	status = ut_watch(pid, WATCH_CHECKS);
	printf("proc_limits: %s: limit %d, %d forks, %d EAGAIN, %d other "
	    "(error %d), %d processes at the first failure\n", what, expect,
	    b->b_forks, b->b_eagain, b->b_other, b->b_errno, b->b_nprocs);
	if (b->b_nprocs > n0)
		printf("proc_limits: %d free pages of %d left, %d pages a "
		    "process\n", b->b_free, free0,
		    (free0 - b->b_free) / (b->b_nprocs - n0));
	UT_EQ(status, 0);
	UT_TRUE(b->b_eagain >= 1);
	UT_EQ(b->b_other, 0);
	UT_EQ(b->b_nprocs, expect);
	/* Every process but this one and the bomb's first was forked by
	 * the bomb, and none of the bomb's exited before the count.  A
	 * process of an earlier test that init reaps meanwhile (an orphan
	 * that was still a zombie at n0) frees a slot the bomb then takes:
	 * at most a few. */
	UT_RANGE(b->b_forks, expect - n0 - 1, expect - n0 + 2);
	UT_EQ(b->b_bad, 0);
	/* Every process of the bomb is gone; the system still forks. */
	UT_EQ(ut_sysctl_int("kern.nprocs"), n0);
	pid = fork();
	if (pid == 0)
		_exit(42);
	UT_TRUE(pid > 0);
	UT_EQ(ut_watch(pid, WATCH_CHECKS), 42 << 8);
	munmap(b, 4096);
}

int
main(void)
{
	int n0 = ut_sysctl_int("kern.nprocs"), maxproc = ut_sysctl_int("kern.maxproc");

	test_rlimit_rules();
	test_nproc_exact();
	bomb("bomb under RLIMIT_NPROC", n0 + BOMB_RLIMIT < maxproc ?
	    n0 + BOMB_RLIMIT : maxproc - 1);
	bomb("bomb under kern.maxproc", 0);
	UT_DONE("proc_limits");
}
