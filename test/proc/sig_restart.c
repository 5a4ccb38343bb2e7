/*
 * sig_restart - SA_RESTART against EINTR: a read of an empty pipe that
 * a handler interrupts ends with EINTR without SA_RESTART and goes on
 * (returning the data written later) with it, through both gates
 * (int 0x81 messages and int 0x80); wait4 restarts likewise; nanosleep
 * and sigsuspend never restart.
 *
 * A pestering child sends SIGUSR1 every few milliseconds until told to
 * stop, so that some signal lands while the parent is blocked (no
 * assertion on timing: the parent simply blocks until one does).
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

ssize_t	__int80_read(int fd, void *buf, size_t n);

static volatile int n_usr1;

static void
on_usr1(int sig)
{
	n_usr1++;
}

static void
nap_ms(int ms)
{
	struct timespec ts = { 0, ms * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

/* A child that signals us count times (0: until killed), a few ms
 * apart, then writes one byte to fd (if >= 0) and exits. */
static pid_t
pester(int count, int fd)
{
	pid_t parent = getpid(), pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int i;

		for (i = 0; count == 0 || i < count; i++) {
			nap_ms(3);
			kill(parent, SIGUSR1);
		}
		nap_ms(3);
		if (fd >= 0)
			write(fd, "x", 1);
		_exit(7);
	}
	return (pid);
}

static void
handle(int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = flags;
	sigaction(SIGUSR1, &sa, NULL);
}

/* Reap pid, which may be killed; EINTR retried. */
static int
reap(pid_t pid)
{
	int status = -1;

	while (wait4(pid, &status, 0, NULL) == -1 && errno == EINTR)
		;
	return (status);
}

int
main(void)
{
	struct timespec ts = { 60, 0 };
	sigset_t none;
	char c;
	int p[2], status;
	pid_t pid;

	UT_EQ(pipe(p), 0);
	sigemptyset(&none);

	/* Without SA_RESTART: EINTR, through both gates. */
	handle(0);
	pid = pester(0, -1);
	n_usr1 = 0;
	UT_ERR(read(p[0], &c, 1), EINTR);
	UT_TRUE(n_usr1 >= 1);
	n_usr1 = 0;
	UT_ERR(__int80_read(p[0], &c, 1), EINTR);
	UT_TRUE(n_usr1 >= 1);
	/* wait4 too (the pesterer never exits by itself). */
	UT_ERR(wait4(pid, &status, 0, NULL), EINTR);
	kill(pid, SIGKILL);
	status = reap(pid);
	UT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

	/* With SA_RESTART: the read goes on through 20 signals and returns
	 * the byte written after them. */
	handle(SA_RESTART);
	n_usr1 = 0;
	c = 0;
	pid = pester(20, p[1]);
	UT_EQ(read(p[0], &c, 1), 1);
	UT_EQ(c, 'x');
	UT_TRUE(n_usr1 >= 1);	/* (signals close together merge) */
	UT_EQ(reap(pid), W_EXITCODE(7, 0));
	n_usr1 = 0;
	c = 0;
	pid = pester(20, p[1]);
	UT_EQ(__int80_read(p[0], &c, 1), 1);
	UT_EQ(c, 'x');
	UT_TRUE(n_usr1 >= 1);	/* (signals close together merge) */
	UT_EQ(reap(pid), W_EXITCODE(7, 0));
	/* wait4 restarts: it returns the child's exit, after its 20
	 * signals. */
	n_usr1 = 0;
	pid = pester(20, -1);
	UT_EQ(wait4(pid, &status, 0, NULL), pid);
	UT_EQ(status, W_EXITCODE(7, 0));
	UT_TRUE(n_usr1 >= 1);	/* (signals close together merge) */

	/* nanosleep and sigsuspend are never restarted. */
	pid = pester(0, -1);
	UT_ERR(nanosleep(&ts, NULL), EINTR);
	UT_ERR(sigsuspend(&none), EINTR);
	kill(pid, SIGKILL);
	reap(pid);

	close(p[0]);
	close(p[1]);
	signal(SIGUSR1, SIG_DFL);
	UT_DONE("sig_restart");
}
