/*
 * sys_gates - the int 0x80 and int 0x81 gates reach the same handlers:
 * the same calls give the same results and the same errors both ways.
 */
#include <sys/types.h>
#include <time.h>
#include <stdio.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

pid_t	__msg_getpid(void), __int80_getpid(void);
pid_t	__msg_getppid(void), __int80_getppid(void);
ssize_t	__msg_write(int, const void *, size_t);
ssize_t	__int80_write(int, const void *, size_t);
int	__msg_sysctl(const char *, void *, size_t *, const void *, size_t);
int	__int80_sysctl(const char *, void *, size_t *, const void *, size_t);
int	__msg_clock_gettime(int, struct timespec *);
int	__int80_clock_gettime(int, struct timespec *);
intptr_t __msg_brk(void *), __int80_brk(void *);

int
main(int argc, char **argv)
{
	struct timespec a, b;
	int v1 = 0, v2 = 0;
	size_t len = sizeof(v1);

	UT_EQ(__msg_getpid(), __int80_getpid());
	UT_EQ(__msg_getpid(), getpid());
	UT_EQ(__msg_getppid(), __int80_getppid());
	UT_EQ(__msg_brk(NULL), __int80_brk(NULL));
	UT_EQ(__msg_write(1, "msg gate\n", 9), 9);
	UT_EQ(__int80_write(1, "int80 gate\n", 11), 11);
	/* Errors come back as errno either way. */
	errno = 0;
	UT_EQ(__msg_write(42, "x", 1), -1);
	UT_EQ(errno, EBADF);
	errno = 0;
	UT_EQ(__int80_write(42, "x", 1), -1);
	UT_EQ(errno, EBADF);
	errno = 0;
	UT_EQ(__int80_write(1, (void *)0xc0000000, 1), -1);
	UT_EQ(errno, EFAULT);
	UT_EQ(__msg_sysctl("kern.hz", &v1, &len, NULL, 0), 0);
	UT_EQ(__int80_sysctl("kern.hz", &v2, &len, NULL, 0), 0);
	UT_EQ(v1, v2);
	UT_EQ(__int80_sysctl("nope", &v2, &len, NULL, 0), -1);
	UT_EQ(errno, ENOENT);
	UT_EQ(__msg_clock_gettime(CLOCK_MONOTONIC, &a), 0);
	UT_EQ(__int80_clock_gettime(CLOCK_MONOTONIC, &b), 0);
	UT_TRUE(b.tv_sec > a.tv_sec ||
	    (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
	UT_DONE("sys_gates");
}
