/*
 * proc_pgrp - process groups and sessions: getpgrp/getpgid/getsid,
 * setpgid's rules and errors (ESRCH, EPERM, EACCES, EINVAL), setsid's
 * (EPERM for a group leader), fork inheriting the group, kill to a
 * group (kill(-pgid), kill(0)), kill(-1, 0), and ESRCH for a group that
 * is gone.
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

#define WATCH	1000		/* watchdog checks (10 ms each) */

/* A child that sleeps until killed. */
static pid_t
sleeper(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			ut_nap();
	}
	return (pid);
}

/* In a child: setsid's and setpgid's rules for a session leader. */
static void
child_setsid(void)
{
	pid_t me = getpid();

	if (setsid() != me || getsid(0) != me || getpgrp() != me ||
	    getpgid(0) != me)
		_exit(1);
	errno = 0;
	if (setsid() != -1 || errno != EPERM)	/* leads a group */
		_exit(2);
	errno = 0;
	if (setpgid(0, 0) != -1 || errno != EPERM) /* leads the session */
		_exit(3);
	_exit(0);
}

/* In a child: a group leader (not a session leader) may not setsid. */
static void
child_leader_setsid(void)
{
	if (setpgid(0, 0) != 0 || getpgrp() != getpid())
		_exit(1);
	errno = 0;
	if (setsid() != -1 || errno != EPERM)
		_exit(2);
	_exit(0);
}

static volatile int got_usr1;

static void
on_usr1(int sig)
{
	got_usr1++;
}

/* In a child: kill(0, sig) reaches the caller and its group's other
 * members, nobody else. */
static void
child_kill0(void)
{
	pid_t gc;
	int status;

	if (setpgid(0, 0) != 0)
		_exit(1);
	signal(SIGUSR1, SIG_DFL);
	gc = fork();
	if (gc == 0) {
		for (;;)
			ut_nap();
	}
	signal(SIGUSR1, on_usr1);	/* ours only: gc keeps SIG_DFL */
	if (kill(0, SIGUSR1) != 0 || got_usr1 != 1)
		_exit(2);
	if (wait4(gc, &status, 0, NULL) != gc || !WIFSIGNALED(status) ||
	    WTERMSIG(status) != SIGUSR1)
		_exit(3);
	_exit(0);
}

int
main(void)
{
	pid_t a, b, me = getpid();
	int status, i, p[2];

	/* What every process has. */
	UT_EQ(getpgrp(), getpgid(0));
	UT_EQ(getpgid(me), getpgrp());
	UT_TRUE(getsid(0) > 0);
	UT_EQ(getsid(me), getsid(0));
	UT_EQ(getpgid(getppid()), getpgrp());	/* fork kept the group */
	UT_ERR(getpgid(29999), ESRCH);
	UT_ERR(getsid(29999), ESRCH);
	UT_ERR(getpgid(-5), ESRCH);

	/* setpgid's errors. */
	UT_ERR(setpgid(0, -1), EINVAL);
	UT_ERR(setpgid(29999, 0), ESRCH);	/* no such process */
	UT_ERR(setpgid(1, 0), ESRCH);		/* not a child */
	UT_ERR(setpgid(getppid(), 0), ESRCH);

	/* The test leads its own group from here (so kill(0) tests cannot
	 * reach the runner). */
	UT_EQ(setpgid(0, 0), 0);
	UT_EQ(getpgrp(), me);
	UT_EQ(setpgid(0, 0), 0);		/* again: no change */
	UT_ERR(setsid(), EPERM);		/* a group leader */

	/* A child inherits the group; its parent may move it. */
	a = sleeper();
	UT_TRUE(a > 0);
	UT_EQ(getpgid(a), me);
	UT_EQ(getsid(a), getsid(0));
	UT_EQ(setpgid(a, a), 0);
	UT_EQ(getpgid(a), a);
	UT_EQ(setpgid(a, me), 0);		/* back to an existing group */
	UT_EQ(getpgid(a), me);
	UT_ERR(setpgid(a, 29998), EPERM);	/* no such group, not a's id */
	UT_EQ(setpgid(a, 0), 0);		/* 0: its own id */
	UT_EQ(getpgid(a), a);
	b = sleeper();
	UT_TRUE(b > 0);
	UT_EQ(setpgid(b, a), 0);		/* joins a's group */
	UT_EQ(getpgid(b), a);

	/* kill to a group: both die of it; then the group is gone. */
	UT_EQ(kill(-a, SIGTERM), 0);
	status = ut_watch(a, WATCH);
	UT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	status = ut_watch(b, WATCH);
	UT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	UT_ERR(kill(-a, SIGTERM), ESRCH);
	UT_ERR(kill(-a, 0), ESRCH);
	UT_ERR(kill(-29997, 0), ESRCH);
	UT_ERR(setpgid(a, 0), ESRCH);		/* reaped */

	/* kill(0, 0) and kill(-1, 0): someone is there. */
	UT_EQ(kill(0, 0), 0);
	UT_EQ(kill(-1, 0), 0);
	UT_EQ(kill(-me, 0), 0);
	UT_ERR(kill(0, NSIG), EINVAL);
	UT_ERR(kill(-1, -3), EINVAL);

	/* kill(0, sig) from a child in its own group. */
	UT_CHILD(child_kill0, 0);

	/* setsid in a child, and its rules. */
	UT_CHILD(child_setsid, 0);
	UT_CHILD(child_leader_setsid, 0);

	/* A child in another session: its parent may not move it. */
	UT_EQ(pipe(p), 0);
	a = fork();
	if (a == 0) {
		char c = 'x';

		setsid();
		write(p[1], &c, 1);
		for (;;)
			ut_nap();
	}
	UT_EQ(read(p[0], &i, 1), 1);
	UT_TRUE(getsid(a) == a);
	UT_ERR(setpgid(a, a), EPERM);
	UT_ERR(setpgid(a, me), EPERM);
	UT_EQ(kill(a, SIGKILL), 0);
	status = ut_watch(a, WATCH);
	UT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

	/* A child that has run execve: EACCES.  cat waits on the pipe. */
	a = fork();
	if (a == 0) {
		dup2(p[0], 0);
		close(p[0]);
		close(p[1]);
		execl("/bin/cat", "cat", (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < WATCH; i++) {
		errno = 0;
		if (setpgid(a, a) == -1 && errno == EACCES)
			break;
		if (setpgid(a, me) != 0)	/* not yet: undo */
			break;
		ut_nap();
	}
	UT_EQ(errno, EACCES);
	close(p[0]);
	close(p[1]);				/* cat sees EOF */
	status = ut_watch(a, WATCH);
	UT_EQ(status, 0);

	UT_DONE("proc_pgrp");
}
