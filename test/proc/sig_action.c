/*
 * sig_action - sigaction's flags and mask: the handled signal is blocked
 * in its handler (no nesting), sa_mask blocks more, SA_NODEFER lets it
 * nest, SA_RESETHAND runs the handler once, SA_SIGINFO's siginfo
 * (si_signo, si_code, si_pid, si_status for SIGCHLD) and context,
 * sigaction reporting flags and mask; abort() dies of SIGABRT even when
 * a handler returns or SIGABRT is blocked; SIGKILL and SIGSTOP cannot
 * be caught.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/sigframe.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "utest.h"

#define NLOG	32
static volatile char logbuf[NLOG + 1];
static volatile int nlog, depth, maxdepth;

static void
logc(char c)
{
	if (nlog < NLOG)
		logbuf[nlog++] = c;
}

static void
log_reset(void)
{
	memset((void *)logbuf, 0, sizeof(logbuf));
	nlog = depth = maxdepth = 0;
}

/* USR1: logs 'a', raises USR2 and USR1 once each (first call only),
 * logs 'b'. */
static volatile int raise_inside;

static void
on_usr1(int sig)
{
	if (++depth > maxdepth)
		maxdepth = depth;
	logc('a');
	if (raise_inside) {
		raise_inside = 0;
		kill(getpid(), SIGUSR2);
		kill(getpid(), SIGUSR1);
	}
	logc('b');
	depth--;
}

static void
on_usr2(int sig)
{
	logc('2');
}

static void
set(int sig, void (*fn)(int), int flags, sigset_t mask)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sa.sa_mask = mask;
	if (sigaction(sig, &sa, NULL) != 0)
		printf("sigaction %d: errno %d\n", sig, errno);
}

static volatile siginfo_t got_info;
static volatile int got_ctxkind, n_info;

static void
on_info(int sig, siginfo_t *si, void *ctx)
{
	n_info++;
	got_info = *si;
	got_ctxkind = ((struct sigcontext *)ctx)->sc_kind;
}

/* wait4 for pid, again after an EINTR (a handler without SA_RESTART). */
static pid_t
waitfor(pid_t pid, int *status)
{
	pid_t r;

	while ((r = wait4(pid, status, 0, NULL)) == -1 && errno == EINTR)
		;
	return (r);
}

static void
child_abort(void)
{
	abort();
}

static void
on_abrt(int sig)
{
	logc('A');
}

static void
child_abort_handled(void)
{
	signal(SIGABRT, on_abrt);
	abort();
}

static void
child_abort_blocked(void)
{
	sigset_t m;

	sigemptyset(&m);
	sigaddset(&m, SIGABRT);
	sigprocmask(SIG_BLOCK, &m, NULL);
	abort();
}

static void
child_resethand(void)
{
	sigset_t none;

	sigemptyset(&none);
	log_reset();
	set(SIGUSR1, on_usr1, SA_RESETHAND, none);
	kill(getpid(), SIGUSR1);	/* the handler */
	if (nlog != 2)
		_exit(1);
	kill(getpid(), SIGUSR1);	/* the default: dies */
	_exit(2);
}

int
main(void)
{
	struct sigaction osa;
	sigset_t none, m;
	pid_t pid;
	int status;

	sigemptyset(&none);
	set(SIGUSR2, on_usr2, 0, none);

	/* No nesting: USR1 raised in its own handler runs after it. */
	set(SIGUSR1, on_usr1, 0, none);
	log_reset();
	raise_inside = 1;
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	/* USR2 is not blocked: it runs inside; USR1 waits. */
	UT_STREQ((const char *)logbuf, "a2bab");
	UT_EQ(maxdepth, 1);

	/* sa_mask: USR2 blocked too while the USR1 handler runs. */
	m = none;
	sigaddset(&m, SIGUSR2);
	set(SIGUSR1, on_usr1, 0, m);
	log_reset();
	raise_inside = 1;
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_STREQ((const char *)logbuf, "abab2");	/* USR1 is lower */
	UT_EQ(maxdepth, 1);
	UT_EQ(sigaction(SIGUSR1, NULL, &osa), 0);
	UT_TRUE(osa.sa_handler == on_usr1);
	UT_EQ(osa.sa_mask, m);
	UT_EQ(osa.sa_flags, 0);

	/* SA_NODEFER: it nests. */
	set(SIGUSR1, on_usr1, SA_NODEFER, none);
	log_reset();
	raise_inside = 1;
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_STREQ((const char *)logbuf, "a2abb");
	UT_EQ(maxdepth, 2);
	UT_EQ(sigaction(SIGUSR1, NULL, &osa), 0);
	UT_EQ(osa.sa_flags, SA_NODEFER);

	/* SA_RESETHAND: once, then the default action (in a child). */
	UT_CHILD(child_resethand, SIGUSR1);
	set(SIGUSR1, on_usr1, SA_RESETHAND, none);
	log_reset();
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_STREQ((const char *)logbuf, "ab");
	UT_EQ(sigaction(SIGUSR1, NULL, &osa), 0);
	UT_TRUE(osa.sa_handler == SIG_DFL);

	/* SA_SIGINFO: signo, code, sender; the context. */
	memset(&osa, 0, sizeof(osa));
	osa.sa_sigaction = on_info;
	osa.sa_flags = SA_SIGINFO;
	UT_EQ(sigaction(SIGUSR1, &osa, NULL), 0);
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_EQ(n_info, 1);
	UT_EQ(got_info.si_signo, SIGUSR1);
	UT_EQ(got_info.si_code, SI_USER);
	UT_EQ(got_info.si_pid, getpid());
	UT_EQ(got_ctxkind, SC_SIGNAL);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	UT_EQ(waitfor(pid, &status), pid);
	UT_EQ(n_info, 2);
	UT_EQ(got_info.si_pid, pid);		/* the sender */
	UT_EQ(got_info.si_code, SI_USER);
	/* SIGCHLD with SA_SIGINFO: the child, how it ended (SA_RESTART:
	 * the wait4 it interrupts goes on). */
	osa.sa_flags = SA_SIGINFO | SA_RESTART;
	UT_EQ(sigaction(SIGCHLD, &osa, NULL), 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(42);
	UT_EQ(wait4(pid, &status, 0, NULL), pid);
	UT_EQ(WEXITSTATUS(status), 42);
	UT_EQ(n_info, 3);
	UT_EQ(got_info.si_signo, SIGCHLD);
	UT_EQ(got_info.si_code, CLD_EXITED);
	UT_EQ(got_info.si_pid, pid);
	UT_EQ(got_info.si_status, 42);
	signal(SIGCHLD, SIG_DFL);

	/* Unknown flags; SIGKILL and SIGSTOP cannot be caught. */
	memset(&osa, 0, sizeof(osa));
	osa.sa_handler = on_usr2;
	osa.sa_flags = 0x10000;
	UT_ERR(sigaction(SIGUSR1, &osa, NULL), EINVAL);
	osa.sa_flags = 0;
	UT_ERR(sigaction(SIGKILL, &osa, NULL), EINVAL);
	UT_ERR(sigaction(SIGSTOP, &osa, NULL), EINVAL);
	UT_EQ(sigaction(SIGKILL, NULL, &osa), 0);	/* may be read */

	/* abort(): dies of SIGABRT, handler or not, blocked or not. */
	UT_CHILD(child_abort, SIGABRT);
	UT_CHILD(child_abort_handled, SIGABRT);
	UT_CHILD(child_abort_blocked, SIGABRT);
	UT_DONE("sig_action");
}
