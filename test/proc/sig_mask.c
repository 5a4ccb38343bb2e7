/*
 * sig_mask - signal masks: a blocked signal stays pending (sigpending)
 * and is delivered as it is unblocked, before sigprocmask returns;
 * how/oset; SIGKILL and SIGSTOP cannot be blocked; fork inherits the
 * mask, not the pending set; sigsuspend is atomic (a signal pending
 * before it ends it at once), waits for one that comes later, runs the
 * handler with its mask, and puts the old mask back; bad pointers are
 * EFAULT (nothing changed), bad signals and how are EINVAL.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

#define BAD	((void *)0xc0001000)	/* kernel space */

struct __ksigaction;
int	__sys_sigaction(int sig, const struct __ksigaction *act,
	    struct __ksigaction *oact);

static volatile int n_usr1, n_usr2;
static volatile sigset_t mask_in_handler;

static void
on_usr1(int sig)
{
	n_usr1++;
	sigprocmask(SIG_BLOCK, NULL, (sigset_t *)&mask_in_handler);
}

static void
on_usr2(int sig)
{
	n_usr2++;
}

static sigset_t
cur_mask(void)
{
	sigset_t m;

	sigemptyset(&m);
	if (sigprocmask(SIG_BLOCK, NULL, &m) != 0)
		return ((sigset_t)-1);
	return (m);
}

static sigset_t
one(int sig)
{
	sigset_t m;

	sigemptyset(&m);
	sigaddset(&m, sig);
	return (m);
}

/* In a child: the mask came with fork, the pending signal did not. */
static void
child_inherit(void)
{
	sigset_t p;

	if (!sigismember(&(sigset_t){ cur_mask() }, SIGUSR2))
		_exit(1);
	if (sigpending(&p) != 0 || sigismember(&p, SIGUSR1))
		_exit(2);
	_exit(0);
}

/* A child that sends sig to its parent after a few naps. */
static pid_t
kill_later(int sig)
{
	pid_t parent = getpid(), pid = fork();

	if (pid == 0) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		kill(parent, sig);
		_exit(0);
	}
	return (pid);
}

int
main(void)
{
	sigset_t m, old, p;
	pid_t pid;
	int status;

	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, on_usr2);
	UT_EQ(cur_mask(), 0);

	/* Blocked: pending, not delivered; delivered on unblock. */
	m = one(SIGUSR1);
	UT_EQ(sigprocmask(SIG_BLOCK, &m, &old), 0);
	UT_EQ(old, 0);
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_EQ(kill(getpid(), SIGUSR1), 0);	/* merged with the first */
	UT_EQ(n_usr1, 0);
	UT_EQ(sigpending(&p), 0);
	UT_TRUE(sigismember(&p, SIGUSR1));
	UT_TRUE(!sigismember(&p, SIGUSR2));
	UT_EQ(kill(getpid(), SIGUSR2), 0);	/* not blocked: at once */
	UT_EQ(n_usr2, 1);
	UT_EQ(sigprocmask(SIG_UNBLOCK, &m, &old), 0);
	UT_EQ(n_usr1, 1);			/* before sigprocmask returned */
	UT_EQ(old, one(SIGUSR1));
	UT_EQ(sigpending(&p), 0);
	UT_EQ(p, 0);
	/* The handler ran with its own signal blocked. */
	UT_TRUE(sigismember((sigset_t *)&mask_in_handler, SIGUSR1));
	UT_EQ(cur_mask(), 0);			/* sigreturn restored it */

	/* SIG_SETMASK; SIGKILL and SIGSTOP are never blocked. */
	sigfillset(&m);
	UT_EQ(sigprocmask(SIG_SETMASK, &m, NULL), 0);
	m = cur_mask();
	UT_TRUE(!sigismember(&m, SIGKILL));
	UT_TRUE(!sigismember(&m, SIGSTOP));
	UT_TRUE(sigismember(&m, SIGUSR1));
	UT_TRUE(sigismember(&m, SIGTERM));
	sigemptyset(&m);
	UT_EQ(sigprocmask(SIG_SETMASK, &m, &old), 0);
	UT_TRUE(!sigismember(&old, SIGKILL));
	UT_EQ(cur_mask(), 0);

	/* how: EINVAL with a set, ignored without. */
	m = one(SIGUSR1);
	UT_ERR(sigprocmask(7, &m, NULL), EINVAL);
	UT_ERR(sigprocmask(-1, &m, NULL), EINVAL);
	UT_EQ(sigprocmask(7, NULL, &old), 0);
	UT_EQ(cur_mask(), 0);

	/* Bad pointers: EFAULT, and the mask is unchanged. */
	UT_ERR(sigprocmask(SIG_BLOCK, BAD, NULL), EFAULT);
	UT_ERR(sigprocmask(SIG_BLOCK, (sigset_t *)8, NULL), EFAULT);
	UT_ERR(sigprocmask(SIG_BLOCK, &m, BAD), EFAULT);
	UT_EQ(cur_mask(), 0);
	UT_ERR(sigpending(BAD), EFAULT);
	UT_ERR(sigsuspend(BAD), EFAULT);
	UT_ERR(__sys_sigaction(SIGUSR1, BAD, NULL), EFAULT);
	UT_ERR(__sys_sigaction(SIGUSR1, NULL, BAD), EFAULT);
	UT_ERR(__sys_sigaction(SIGUSR1, (void *)4, NULL), EFAULT);
	/* Bad signals. */
	UT_ERR(signal(0, on_usr1) == SIG_ERR ? -1 : 0, EINVAL);
	UT_ERR(signal(NSIG, on_usr1) == SIG_ERR ? -1 : 0, EINVAL);
	UT_ERR(signal(-2, on_usr1) == SIG_ERR ? -1 : 0, EINVAL);
	UT_ERR(signal(SIGKILL, on_usr1) == SIG_ERR ? -1 : 0, EINVAL);
	UT_ERR(signal(SIGSTOP, SIG_IGN) == SIG_ERR ? -1 : 0, EINVAL);
	UT_ERR(signal(SIGSTOP, SIG_DFL) == SIG_ERR ? -1 : 0, EINVAL);
	UT_ERR(kill(getpid(), NSIG), EINVAL);
	UT_ERR(kill(getpid(), -1), EINVAL);
	UT_ERR(kill(getpid(), 1000), EINVAL);

	/* fork: the mask is inherited, pending signals are not. */
	m = one(SIGUSR1);
	sigaddset(&m, SIGUSR2);
	UT_EQ(sigprocmask(SIG_BLOCK, &m, NULL), 0);
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_CHILD(child_inherit, 0);
	n_usr1 = n_usr2 = 0;
	sigemptyset(&m);
	UT_EQ(sigprocmask(SIG_SETMASK, &m, NULL), 0);
	UT_EQ(n_usr1, 1);

	/* sigsuspend is atomic: a signal blocked and pending before it
	 * ends it at once, its handler having run with the suspend mask
	 * plus itself; then the old mask is back. */
	n_usr1 = 0;
	m = one(SIGUSR1);
	sigaddset(&m, SIGUSR2);
	UT_EQ(sigprocmask(SIG_SETMASK, &m, NULL), 0);
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_EQ(n_usr1, 0);
	m = one(SIGTERM);			/* USR1 and USR2 unblocked */
	UT_ERR(sigsuspend(&m), EINTR);
	UT_EQ(n_usr1, 1);
	UT_TRUE(sigismember((sigset_t *)&mask_in_handler, SIGTERM));
	UT_TRUE(sigismember((sigset_t *)&mask_in_handler, SIGUSR1));
	UT_TRUE(!sigismember((sigset_t *)&mask_in_handler, SIGUSR2));
	m = cur_mask();
	UT_TRUE(sigismember(&m, SIGUSR1));
	UT_TRUE(sigismember(&m, SIGUSR2));
	UT_TRUE(!sigismember(&m, SIGTERM));

	/* sigsuspend waits for a signal that comes later. */
	n_usr1 = 0;
	pid = kill_later(SIGUSR1);
	m = one(SIGUSR2);
	UT_ERR(sigsuspend(&m), EINTR);
	UT_EQ(n_usr1, 1);
	UT_EQ(wait4(pid, &status, 0, NULL), pid);
	UT_EQ(status, 0);
	m = cur_mask();
	UT_TRUE(sigismember(&m, SIGUSR1));	/* the old mask again */

	/* A signal sigsuspend's mask blocks does not end it: SIGUSR2
	 * comes first and stays pending; SIGUSR1 then ends it. */
	n_usr1 = n_usr2 = 0;
	UT_EQ(kill(getpid(), SIGUSR2), 0);
	pid = kill_later(SIGUSR1);
	m = one(SIGUSR2);
	UT_ERR(sigsuspend(&m), EINTR);
	UT_EQ(n_usr1, 1);
	UT_EQ(n_usr2, 0);
	UT_EQ(wait4(pid, &status, 0, NULL), pid);
	UT_EQ(sigpending(&p), 0);
	UT_TRUE(sigismember(&p, SIGUSR2));
	sigemptyset(&m);
	UT_EQ(sigprocmask(SIG_SETMASK, &m, NULL), 0);
	UT_EQ(n_usr2, 1);

	/* An ignored signal is discarded even while blocked. */
	m = one(SIGUSR2);
	UT_EQ(sigprocmask(SIG_BLOCK, &m, NULL), 0);
	UT_EQ(kill(getpid(), SIGUSR2), 0);
	signal(SIGUSR2, SIG_IGN);
	UT_EQ(sigpending(&p), 0);
	UT_TRUE(!sigismember(&p, SIGUSR2));
	UT_EQ(kill(getpid(), SIGUSR2), 0);
	UT_EQ(sigpending(&p), 0);
	UT_EQ(p, 0);
	sigemptyset(&m);
	UT_EQ(sigprocmask(SIG_SETMASK, &m, NULL), 0);
	UT_DONE("sig_mask");
}
