/*
 * async_sigmask - signal masks and signal messages (sys/signal.h: masks
 * and messages): a signal an armed signal message watches goes to the
 * message even while blocked, and never shows in sigpending; a signal
 * blocked and pending before the message was armed stays pending and
 * runs its handler when unblocked, the message untouched; SIGSTOP
 * cannot be watched (EINVAL, like SIGKILL).
 */
#include <sys/types.h>
#include <sys/sysmsg.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sysasync.h>
#include "utest.h"

static volatile int n_usr1, n_usr2;

static void
on_usr1(int sig)
{
	n_usr1++;
}

static void
on_usr2(int sig)
{
	n_usr2++;
}

static void
finish(sigmsg_t *m)
{
	int i;

	UT_EQ(async_abort(0, &m->h), 0);
	for (i = 0; i < 3; i++) {
		UT_EQ(async_wait(0, &m->h), 0);
		if (m->h.sm_error == ECANCELED)
			break;
		m->h.sm_flags &= ~SMF_DONE;
	}
	UT_EQ(m->h.sm_error, ECANCELED);
}

int
main(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	sigmsg_t m, m2;
	sigset_t set, p;

	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, on_usr2);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	UT_EQ(sigprocmask(SIG_BLOCK, &set, NULL), 0);

	/* Blocked and watched: the message gets it, not the pending set. */
	UT_EQ(sigmsg_start(&m, 0, sigmask(SIGUSR1)), 1);
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_EQ(async_wait(0, &m.h), 0);
	UT_TRUE(async_done(&m.h));
	UT_EQ(m.h.sm_result & 0xffffffff, SIGUSR1);
	UT_EQ(sigpending(&p), 0);
	UT_TRUE(!sigismember(&p, SIGUSR1));

	/* Pending before the message: stays pending, for the handler. */
	UT_EQ(kill(getpid(), SIGUSR2), 0);
	UT_EQ(sigmsg_start(&m2, 0, sigmask(SIGUSR2)), 1);
	UT_EQ(sigpending(&p), 0);
	UT_TRUE(sigismember(&p, SIGUSR2));
	UT_EQ(n_usr2, 0);
	sigemptyset(&set);
	UT_EQ(sigprocmask(SIG_SETMASK, &set, NULL), 0);
	UT_EQ(n_usr2, 1);
	UT_EQ(n_usr1, 0);			/* the message had that one */
	nanosleep(&ts, NULL);
	UT_TRUE(!async_done(&m2.h));
	/* Unblocked now, and watched: the message again, no handler. */
	UT_EQ(kill(getpid(), SIGUSR2), 0);
	UT_EQ(async_wait(0, &m2.h), 0);
	UT_EQ(m2.h.sm_result & 0xffffffff, SIGUSR2);
	UT_EQ(n_usr2, 1);
	finish(&m);
	finish(&m2);

	/* SIGSTOP cannot be watched. */
	UT_EQ(sigmsg_start(&m, 0, sigmask(SIGSTOP) | sigmask(SIGUSR1)), 0);
	UT_TRUE(async_done(&m.h));
	UT_EQ(m.h.sm_error, EINVAL);

	/* With the messages gone, the classic rules again. */
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_EQ(n_usr1, 1);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
	UT_DONE("async_sigmask");
}
