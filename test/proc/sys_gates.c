/*
 * sys_gates - the int 0x80 and int 0x81 gates and the sysenter entry
 * reach the same handlers: the same calls give the same results and the
 * same errors every way.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <sys/times.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <string.h>
#include <time.h>
#include <signal.h>
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <sys/sysmsg.h>
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
/* The calls programs expect (proc_clock, proc_stack, vfs_at test them
 * in depth; here, that both gates give the same answers). */
#define GATES(ret, name, ...) \
	ret __msg_##name(__VA_ARGS__), __int80_##name(__VA_ARGS__)
GATES(int, uname, struct utsname *);
GATES(uid_t, getuid, void);
GATES(uid_t, geteuid, void);
GATES(gid_t, getgid, void);
GATES(gid_t, getegid, void);
GATES(mode_t, umask, mode_t);
GATES(int, chmod, const char *, int);
GATES(int, fchmod, int, int);
GATES(int, fsync, int);
GATES(int, openat, int, const char *, int, int);
GATES(int, fstatat, int, const char *, struct stat *, int);
GATES(int, mkdirat, int, const char *, int);
GATES(int, unlinkat, int, const char *, int);
GATES(int, renameat, int, const char *, int, const char *);
GATES(ssize_t, readlinkat, int, const char *, char *, size_t);
GATES(int, fchmodat, int, const char *, int, int);
GATES(int, utimensat, int, const char *, const struct timespec *, int);
GATES(int, futimens, int, const struct timespec *);
GATES(int, getrusage, int, struct rusage *);
GATES(clock_t, times, struct tms *);
GATES(int, clock_getres, int, struct timespec *);
GATES(int, getrlimit, int, struct rlimit *);
GATES(int, setrlimit, int, const struct rlimit *);

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

/* The newer calls: the same results and errors through both gates. */
static void
test_expected_calls(void)
{
	struct utsname u1, u2;
	struct stat s1, s2;
	struct rusage r1;
	struct rlimit rl;
	struct timespec ts[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
	struct tms t1;
	int d, f;

	UT_EQ(__msg_uname(&u1), 0);
	UT_EQ(__int80_uname(&u2), 0);
	UT_EQ(memcmp(&u1, &u2, sizeof(u1)), 0);
	BOTH(uname, (struct utsname *)0xc0000000);	/* EFAULT */
	BOTH(getuid);
	BOTH(geteuid);
	BOTH(getgid);
	BOTH(getegid);
	UT_EQ(__msg_umask(077), 022);
	UT_EQ(__int80_umask(022), 077);
	BOTH(umask, 022);

	UT_EQ(__msg_mkdirat(AT_FDCWD, "/tmp/sys_gates.d", 0755), 0);
	BOTH(mkdirat, AT_FDCWD, "/tmp/sys_gates.d", 0755);	/* EEXIST */
	d = __int80_openat(AT_FDCWD, "/tmp/sys_gates.d", O_RDONLY, 0);
	UT_TRUE(d >= 0);
	f = __msg_openat(d, "f", O_RDWR | O_CREAT, 0644);
	UT_TRUE(f >= 0);
	UT_EQ(__msg_fstatat(d, "f", &s1, 0), 0);
	UT_EQ(__int80_fstatat(d, "f", &s2, 0), 0);
	UT_EQ(s1.st_ino, s2.st_ino);
	BOTH(fstatat, f, "f", &s1, 0);			/* ENOTDIR */
	BOTH(fstatat, 99, "f", &s1, 0);			/* EBADF */
	BOTH(fstatat, d, "f", &s1, 0x4000);		/* EINVAL */
	BOTH(openat, f, "g", O_RDONLY, 0);		/* ENOTDIR */
	BOTH(unlinkat, d, "f", 0x4000);			/* EINVAL */
	BOTH(unlinkat, d, "f", AT_REMOVEDIR);		/* ENOTDIR */
	BOTH(renameat, d, "none", d, "other");		/* ENOENT */
	BOTH(readlinkat, d, "f", (char *)&s1, 8);	/* EINVAL */
	BOTH(fchmodat, d, "f", 0600, 0);
	BOTH(chmod, "/tmp/sys_gates.d/f", 0640);
	BOTH(chmod, "/tmp/sys_gates.d/f", 0170000);	/* EINVAL */
	BOTH(fchmod, f, 0644);
	BOTH(fchmod, 99, 0644);				/* EBADF */
	BOTH(utimensat, d, "f", ts, 0);
	BOTH(utimensat, d, "f", (void *)0xc0000000, 0);	/* EFAULT */
	BOTH(futimens, f, ts);
	BOTH(fsync, f);
	BOTH(fsync, 99);				/* EBADF */
	UT_EQ(__msg_unlinkat(d, "f", 0), 0);
	BOTH(unlinkat, d, "f", 0);			/* ENOENT */
	close(f);
	close(d);
	UT_EQ(__int80_unlinkat(AT_FDCWD, "/tmp/sys_gates.d", AT_REMOVEDIR), 0);

	UT_EQ(__msg_getrusage(RUSAGE_SELF, &r1), 0);
	UT_EQ(__int80_getrusage(RUSAGE_CHILDREN, &r1), 0);
	BOTH(getrusage, 3, &r1);			/* EINVAL */
	BOTH(getrusage, RUSAGE_SELF, (void *)0xc0000000);	/* EFAULT */
	UT_TRUE(__msg_times(&t1) <= __int80_times(&t1));
	BOTH(times, (void *)0xc0000000);		/* EFAULT */
	BOTH(clock_getres, CLOCK_MONOTONIC, ts);
	BOTH(clock_getres, 99, ts);			/* EINVAL */
	BOTH(getrlimit, RLIMIT_STACK, &rl);
	rl.rlim_max = 0xfffffff0;
	BOTH(setrlimit, RLIMIT_STACK, &rl);		/* EPERM */
	BOTH(getrlimit, RLIMIT_DATA, &rl);
}

static void
run_all(void)
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
	test_expected_calls();
}

/* Everything twice: libc's message gate through int 0x81, then through
 * sysenter (lib/libc/sys/gate.c), each against int 0x80. */
int
main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	__sysmsg_gate = __sysmsg_int81;
	run_all();
	__sysmsg_gate = __sysmsg_sysenter;
	run_all();
	UT_DONE("sys_gates");
}
