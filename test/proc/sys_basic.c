/*
 * sys_basic - each simple system call through libc: identity, time,
 * sleeping, sysctl, brk/sbrk, and console read/write, with their errors.
 */
#include <sys/types.h>
#include <time.h>
#include <sys/time.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"


static long long
ts_ns(const struct timespec *ts)
{
	return ((long long)ts->tv_sec * 1000000000LL + ts->tv_nsec);
}

static void
test_identity(void)
{
	pid_t me = getpid(), child;
	int status;

	UT_TRUE(me > 1);
	UT_TRUE(getppid() >= 1 && getppid() != me);	/* the runner forked us */
	child = fork();
	if (child == 0)
		_exit(getppid() == me ? 0 : 1);
	UT_TRUE(child > 1);
	UT_EQ(wait4(child, &status, 0, NULL), child);
	UT_EQ(status, 0);		/* the child's parent is us */
}

static void
test_time(void)
{
	struct timespec a, b, rq;
	struct timeval tv;
	int ystatus;
	pid_t y;

	/* At least its 30 ms (a lower bound), and not far longer: a child
	 * asleep for 2 s from before is still asleep after (an order of
	 * events, not a speed). */
	fflush(stdout);
	y = fork();
	if (y == 0) {
		rq.tv_sec = 2;
		rq.tv_nsec = 0;
		nanosleep(&rq, NULL);
		_exit(0);
	}
	UT_TRUE(y > 0);
	UT_EQ(clock_gettime(CLOCK_MONOTONIC, &a), 0);
	rq.tv_sec = 0;
	rq.tv_nsec = 30 * 1000 * 1000;		/* 30 ms */
	UT_EQ(nanosleep(&rq, NULL), 0);
	UT_EQ(clock_gettime(CLOCK_MONOTONIC, &b), 0);
	UT_TRUE(ts_ns(&b) - ts_ns(&a) >= 30 * 1000 * 1000);
	UT_EQ(waitpid(y, &ystatus, WNOHANG), 0);
	UT_EQ(kill(y, SIGKILL), 0);
	UT_EQ(waitpid(y, &ystatus, 0), y);
	rq.tv_nsec = 0;
	UT_EQ(nanosleep(&rq, NULL), 0);		/* zero: returns at once */
	/* The real-time clock is after 2020 (the CMOS clock was read). */
	UT_EQ(clock_gettime(CLOCK_REALTIME, &a), 0);
	UT_TRUE(a.tv_sec > 1577836800);
	UT_EQ(gettimeofday(&tv, NULL), 0);
	UT_TRUE(tv.tv_sec >= a.tv_sec && tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	/* Errors. */
	rq.tv_sec = 0;
	rq.tv_nsec = 1000000000;
	UT_EQ(nanosleep(&rq, NULL), -1);
	UT_EQ(errno, EINVAL);
	rq.tv_sec = -1;
	rq.tv_nsec = 0;
	UT_EQ(nanosleep(&rq, NULL), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(nanosleep((void *)0x10, NULL), -1);
	UT_EQ(errno, EFAULT);
	UT_EQ(clock_gettime(99, &a), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(clock_gettime(CLOCK_MONOTONIC, (void *)0xc0001000), -1);
	UT_EQ(errno, EFAULT);
}

static void
test_sysctl(void)
{
	char buf[32];
	size_t len = sizeof(buf);
	int v, hz;

	UT_EQ(sysctl("kern.ostype", buf, &len, NULL, 0), 0);
	UT_EQ(strcmp(buf, "Damselfly"), 0);
	UT_EQ(len, 10);
	len = sizeof(hz);
	UT_EQ(sysctl("kern.hz", &hz, &len, NULL, 0), 0);
	UT_TRUE(hz >= 100);
	/* Write, read back, and the checks on writes. */
	v = 123;
	UT_EQ(sysctl("debug.value", NULL, NULL, &v, sizeof(v)), 0);
	v = 0;
	len = sizeof(v);
	UT_EQ(sysctl("debug.value", &v, &len, NULL, 0), 0);
	UT_EQ(v, 123);
	v = 5000;
	UT_EQ(sysctl("debug.value", NULL, NULL, &v, sizeof(v)), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(sysctl("debug.value", NULL, NULL, &v, 2), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(sysctl("kern.hz", NULL, NULL, &v, sizeof(v)), -1);
	UT_EQ(errno, EPERM);
	UT_EQ(sysctl("no.such.name", &v, &len, NULL, 0), -1);
	UT_EQ(errno, ENOENT);
	len = 2;
	UT_EQ(sysctl("kern.hz", &v, &len, NULL, 0), -1);
	UT_EQ(errno, ENOMEM);
	UT_EQ(sysctl((void *)0xc0000000, &v, &len, NULL, 0), -1);
	UT_EQ(errno, EFAULT);
	len = sizeof(v);
	UT_EQ(sysctl("kern.hz", (void *)0x10, &len, NULL, 0), -1);
	UT_EQ(errno, EFAULT);
}

static void
test_brk(void)
{
	char *p0 = sbrk(0), *p;
	int i;

	UT_TRUE(p0 != (char *)-1);
	p = sbrk(3 * 4096 + 5);
	UT_TRUE(p == p0);
	for (i = 0; i < 3 * 4096 + 5; i++)
		p[i] = (char)i;
	for (i = 0; i < 3 * 4096 + 5; i += 1000)
		UT_EQ(p[i], (char)i);
	UT_TRUE(sbrk(0) == p0 + 3 * 4096 + 5);
	UT_EQ(brk(p0), 0);		/* give it back */
	UT_TRUE(sbrk(0) == p0);
	UT_EQ(brk((void *)0x1000), -1);	/* below the heap */
	UT_EQ(errno, ENOMEM);
	UT_TRUE(sbrk(0x7fffffff) == (void *)-1);
	UT_EQ(errno, ENOMEM);
}

static void
test_console(void)
{
	static const char msg[] = "sys_basic: console write\n";
	char c;

	UT_EQ(write(1, msg, sizeof(msg) - 1), (long)sizeof(msg) - 1);
	UT_EQ(write(2, msg, 0), 0);
	UT_EQ(write(1, (void *)0xc0000000, 10), -1);
	UT_EQ(errno, EFAULT);
	UT_EQ(write(1, (void *)0x100, 10), -1);
	UT_EQ(errno, EFAULT);
	UT_EQ(write(7, msg, 1), -1);
	UT_EQ(errno, EBADF);
	UT_EQ(write(-1, msg, 1), -1);
	UT_EQ(errno, EBADF);
	UT_EQ(read(0, &c, 0), 0);
	UT_EQ(read(99, &c, 1), -1);
	UT_EQ(errno, EBADF);
}

int
main(int argc, char **argv)
{
	test_identity();
	test_time();
	test_sysctl();
	test_brk();
	test_console();
	UT_DONE("sys_basic");
}
