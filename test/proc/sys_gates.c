/*
 * sys_gates - the int 0x80 and int 0x81 gates reach the same handlers:
 * the same calls give the same results and the same errors both ways.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <signal.h>
#include <stdio.h>
#include <fcntl.h>
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
int	__msg_kill(pid_t, int), __int80_kill(pid_t, int);
int	__msg_nanosleep(const struct timespec *, struct timespec *);
int	__int80_nanosleep(const struct timespec *, struct timespec *);
int	__msg_pipe(int *), __int80_pipe(int *);
ssize_t	__msg_read(int, void *, size_t), __int80_read(int, void *, size_t);
pid_t	__msg_fork(void), __int80_fork(void);
pid_t	__msg_wait4(pid_t, int *, int, void *);
pid_t	__int80_wait4(pid_t, int *, int, void *);
off_t	__msg_lseek(int, off_t, int), __int80_lseek(int, off_t, int);

/* Call f through both gates: the same result and the same errno. */
#define BOTH(f, ...) do {						\
	long long r1_, r2_;						\
	int e1_, e2_;							\
									\
	errno = 0;							\
	r1_ = __msg_##f(__VA_ARGS__);					\
	e1_ = errno;							\
	errno = 0;							\
	r2_ = __int80_##f(__VA_ARGS__);					\
	e2_ = errno;							\
	UT_EQ(r1_, r2_);						\
	UT_EQ(e1_, e2_);						\
} while (0)

/* Calls whose effects are compared step by step, one gate each way. */
static void
test_more(void)
{
	struct timespec zero = { 0, 0 }, bad = { 0, -1 };
	int fds[2], status, fd;
	char buf[8];
	pid_t pid;

	BOTH(kill, getpid(), 0);
	BOTH(kill, 99999, SIGTERM);		/* ESRCH */
	BOTH(kill, getpid(), 99);		/* EINVAL */
	BOTH(nanosleep, &zero, NULL);
	BOTH(nanosleep, &bad, NULL);		/* EINVAL */
	BOTH(nanosleep, (void *)0xc0000000, NULL);	/* EFAULT */
	BOTH(read, 42, buf, 1);			/* EBADF */
	BOTH(write, 1, (void *)0xc0000000, 1);	/* EFAULT */
	BOTH(pipe, (int *)0xc0000000);		/* EFAULT */
	BOTH(wait4, -1, &status, 0x100, NULL);	/* EINVAL */

	/* A pipe made by one gate, written by the other, read by both. */
	UT_EQ(__msg_pipe(fds), 0);
	UT_EQ(__int80_write(fds[1], "ab", 2), 2);
	UT_EQ(__msg_read(fds[0], buf, 1), 1);
	UT_EQ(buf[0], 'a');
	UT_EQ(__int80_read(fds[0], buf, 1), 1);
	UT_EQ(buf[0], 'b');
	BOTH(lseek, fds[0], 0, SEEK_SET);	/* ESPIPE */
	close(fds[0]);
	close(fds[1]);

	/* A 64-bit result: eax and edx from int 0x80, sm_result from the
	 * message. */
	fd = open("/sys_gates.tmp", O_CREAT | O_RDWR, 0644);
	UT_TRUE(fd >= 0);
	BOTH(lseek, fd, 5000000000LL, SEEK_SET);
	UT_EQ(__int80_lseek(fd, 0, SEEK_CUR), 5000000000LL);
	BOTH(lseek, fd, -1, SEEK_SET);		/* EINVAL */
	close(fd);
	unlink("/sys_gates.tmp");

	/* fork through one gate, reaped through the other, both ways. */
	pid = __int80_fork();
	if (pid == 0)
		_exit(7);
	UT_TRUE(pid > 0);
	UT_EQ(__msg_wait4(pid, &status, 0, NULL), pid);
	UT_EQ(WEXITSTATUS(status), 7);
	pid = __msg_fork();
	if (pid == 0)
		_exit(8);
	UT_TRUE(pid > 0);
	UT_EQ(__int80_wait4(pid, &status, 0, NULL), pid);
	UT_EQ(WEXITSTATUS(status), 8);
	BOTH(wait4, -1, &status, 0, NULL);	/* ECHILD */
}

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
	test_more();
	UT_DONE("sys_gates");
}
