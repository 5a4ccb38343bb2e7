/*
 * proc_fault - faulting children are killed with the right signal and
 * reported while the parent runs on; kill ends sleeping and spinning
 * processes; kill's errors.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

static volatile int zero;

static void
null_write(void)
{
	*(volatile int *)(zero) = 1;
}

static void
kernel_read(void)
{
	zero = *(volatile int *)0xc0100000;
}

static void
bad_opcode(void)
{
	__builtin_trap();
}

static void
divide(void)
{
	zero = 10 / zero;
}

static void
text_write(void)
{
	*(volatile char *)(void *)&text_write = 0;
}

static void
test_faults(void)
{
	UT_EQ(WTERMSIG(ut_in_child(null_write)), SIGSEGV);
	UT_EQ(WTERMSIG(ut_in_child(kernel_read)), SIGSEGV);
	UT_EQ(WTERMSIG(ut_in_child(bad_opcode)), SIGILL);
	UT_EQ(WTERMSIG(ut_in_child(divide)), SIGFPE);
	UT_EQ(WTERMSIG(ut_in_child(text_write)), SIGSEGV);
}

static void
test_kill(void)
{
	struct timespec a, b, ts = { 20, 0 };
	int status;
	pid_t pid;

	/* A child in a long nanosleep dies promptly on SIGTERM. */
	pid = fork();
	if (pid == 0) {
		nanosleep(&ts, NULL);
		_exit(0);
	}
	ts.tv_sec = 0;
	ts.tv_nsec = 20 * 1000 * 1000;
	nanosleep(&ts, NULL);		/* let it fall asleep */
	clock_gettime(CLOCK_MONOTONIC, &a);
	UT_EQ(kill(pid, SIGTERM), 0);
	UT_EQ(wait4(pid, &status, 0, NULL), pid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	UT_EQ(WTERMSIG(status), SIGTERM);
	UT_TRUE(b.tv_sec - a.tv_sec < 2);

	/* A child spinning in user mode is preempted and killed. */
	pid = fork();
	if (pid == 0)
		for (;;)
			zero++;
	nanosleep(&ts, NULL);
	UT_EQ(kill(pid, SIGKILL), 0);
	UT_EQ(wait4(pid, &status, 0, NULL), pid);
	UT_EQ(WTERMSIG(status), SIGKILL);

	/* Errors. */
	UT_EQ(kill(pid, SIGKILL), -1);		/* reaped: gone */
	UT_EQ(errno, ESRCH);
	UT_EQ(kill(29999, 0), -1);
	UT_EQ(errno, ESRCH);
	UT_EQ(kill(getpid(), 99), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(kill(1, SIGKILL), -1);
	UT_EQ(errno, EPERM);
	UT_EQ(kill(getpid(), 0), 0);		/* probe only */
}

int
main(int argc, char **argv)
{
	test_faults();
	test_kill();
	UT_DONE("proc_fault");
}
