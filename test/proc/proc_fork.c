/*
 * proc_fork - fork, execve and wait4/waitpid: a tree of processes, exit
 * statuses, WNOHANG, ECHILD, and exec's errors.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"



static int shared = 1;
static char *const *volatile bad_argv = (void *)0x10;

static void
test_fork_copy(void)
{
	int status = -1;
	pid_t pid;

	shared = 1;
	pid = fork();
	if (pid == 0) {
		/* The child has its own copy of memory. */
		shared = 2;
		_exit(shared == 2 && getppid() > 1 ? 7 : 1);
	}
	UT_TRUE(pid > 1);
	UT_EQ(wait4(pid, &status, 0, NULL), pid);
	UT_EQ(WEXITSTATUS(status), 7);
	UT_EQ(WTERMSIG(status), 0);
	UT_EQ(shared, 1);
	UT_EQ(wait4(-1, &status, 0, NULL), -1);
	UT_EQ(errno, ECHILD);
}

static void
test_tree(void)
{
	pid_t kids[4];
	int i, status, sum = 0;

	for (i = 0; i < 4; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			/* Each child has a grandchild and reports its status. */
			pid_t g = fork();

			if (g == 0)
				_exit(10 + i);
			if (wait4(g, &status, 0, NULL) != g)
				_exit(99);
			_exit(WEXITSTATUS(status) + 1);
		}
		UT_TRUE(kids[i] > 0);
	}
	/* Reap in reverse order, by pid. */
	for (i = 3; i >= 0; i--) {
		UT_EQ(wait4(kids[i], &status, 0, NULL), kids[i]);
		UT_EQ(WEXITSTATUS(status), 11 + i);
		sum += WEXITSTATUS(status);
	}
	UT_EQ(sum, 11 + 12 + 13 + 14);
}

static void
test_wnohang(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		nanosleep(&ts, NULL);
		_exit(3);
	}
	UT_EQ(wait4(pid, &status, WNOHANG, NULL), 0);
	UT_EQ(wait4(pid, &status, 0, NULL), pid);
	UT_EQ(WEXITSTATUS(status), 3);
	UT_EQ(wait4(pid, &status, 0x100, NULL), -1);	/* bad options */
	UT_EQ(errno, EINVAL);
}

/* waitpid, libc's form of wait4: any child, a given child, no status. */
static void
test_waitpid(void)
{
	pid_t a, b, got;
	int status, seen = 0;

	a = fork();
	if (a == 0)
		_exit(11);
	b = fork();
	if (b == 0)
		_exit(12);
	got = waitpid(-1, &status, 0);
	UT_TRUE(got == a || got == b);
	UT_TRUE(WIFEXITED(status));
	UT_EQ(WEXITSTATUS(status), got == a ? 11 : 12);
	seen |= got == a ? 1 : 2;
	got = (seen & 1) ? b : a;
	UT_EQ(waitpid(got, NULL, 0), got);	/* status not wanted */
	UT_EQ(waitpid(-1, &status, 0), -1);	/* no children left */
	UT_EQ(errno, ECHILD);
	UT_EQ(waitpid(-1, &status, WNOHANG), -1);
	UT_EQ(errno, ECHILD);
	status = 12345;
	UT_EQ(waitpid(1, &status, 0), -1);	/* init is not our child */
	UT_EQ(errno, ECHILD);
	UT_EQ(status, 12345);			/* left alone */
	a = fork();
	if (a == 0)
		_exit(0);
	UT_EQ(waitpid(a, (int *)0xc0000000, 0), -1);	/* kernel address */
	UT_EQ(errno, EFAULT);
	UT_EQ(waitpid(a, &status, 0), a);	/* still there to reap */
	UT_EQ(status, 0);
}

static void
test_exec(void)
{
	char *argv[] = { "hello", "one", "two", NULL };
	char *envp[] = { "A=1", NULL };
	int status;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		execve("/bin/hello", argv, envp);
		_exit(100 + errno);
	}
	UT_EQ(wait4(pid, &status, 0, NULL), pid);
	UT_EQ(status, 0);
	/* exec's errors leave the caller running. */
	UT_EQ(execve("/bin/no-such-program", argv, NULL), -1);
	UT_EQ(errno, ENOENT);
	UT_EQ(execve("/etc/motd", argv, NULL), -1);
	UT_EQ(errno, ENOEXEC);
	UT_EQ(execve((void *)0xc0000000, argv, NULL), -1);
	UT_EQ(errno, EFAULT);
	UT_EQ(execve("/bin/hello", bad_argv, NULL), -1);
	UT_EQ(errno, EFAULT);
	argv[1] = (void *)0xc0000000;
	UT_EQ(execve("/bin/hello", argv, NULL), -1);
	UT_EQ(errno, EFAULT);
}

int
main(int argc, char **argv)
{
	test_fork_copy();
	test_tree();
	test_wnohang();
	test_waitpid();
	test_exec();
	UT_DONE("proc_fork");
}
