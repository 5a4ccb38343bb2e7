/*
 * vfs_at - the *at calls (openat, fstatat, mkdirat, unlinkat, renameat,
 * readlinkat, fchmodat, utimensat) from AT_FDCWD, from a directory
 * descriptor, and refused from a descriptor that is not a directory
 * (ENOTDIR) or not open (EBADF); an absolute path ignores the
 * descriptor.  Then the attribute calls: umask at creation, chmod,
 * fchmod, utimensat/futimens with UTIME_NOW and UTIME_OMIT and a time
 * past 2038 (64-bit time_t), fsync; bad flags (EINVAL), bad pointers
 * (EFAULT); the asynchronous forms of openat, fstatat, fsync and mkdirat.
 * Works in /tmp/vfs_at and removes it.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <sysasync.h>
#include "utest.h"

#define TDIR	"/tmp/vfs_at"
static volatile uintptr_t badaddr = 0x10;	/* unmapped */
#define BADPTR	((void *)badaddr)

/* The mode bits of path (lstat), or -1. */
static int
modeof(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return (-1);
	return ((int)(st.st_mode & 07777));
}

static void
test_from_dirfd(void)
{
	struct stat st, st2;
	char buf[64];
	int d, f, n;

	UT_EQ(mkdir(TDIR "/d", 0755), 0);
	d = open(TDIR "/d", O_RDONLY | O_DIRECTORY);
	UT_TRUE(d >= 0);

	/* openat: relative to d, not to the current directory (/). */
	f = openat(d, "f", O_RDWR | O_CREAT | O_EXCL, 0644);
	UT_TRUE(f >= 0);
	UT_EQ(write(f, "hello", 5), 5);
	UT_EQ(close(f), 0);
	UT_EQ(access("f", F_OK), -1);
	UT_CONTENT(TDIR "/d/f", "hello");
	f = openat(AT_FDCWD, TDIR "/d/f", O_RDONLY);	/* AT_FDCWD: cwd */
	UT_TRUE(f >= 0);
	UT_EQ(close(f), 0);

	/* fstatat: the same file three ways. */
	UT_EQ(fstatat(d, "f", &st, 0), 0);
	UT_EQ(st.st_size, 5);
	UT_EQ(stat(TDIR "/d/f", &st2), 0);
	UT_EQ(st.st_ino, st2.st_ino);
	UT_EQ(fstatat(AT_FDCWD, TDIR "/d/f", &st2, 0), 0);
	UT_EQ(st.st_ino, st2.st_ino);
	/* An absolute path ignores the descriptor, even a bad one. */
	UT_EQ(fstatat(9999, TDIR "/d/f", &st2, 0), 0);
	UT_EQ(st.st_ino, st2.st_ino);

	/* mkdirat, symlink + readlinkat, AT_SYMLINK_NOFOLLOW. */
	UT_EQ(mkdirat(d, "sub", 0700), 0);
	UT_EQ(modeof(TDIR "/d/sub"), 0700);
	UT_EQ(symlink("f", TDIR "/d/ln"), 0);
	n = (int)readlinkat(d, "ln", buf, sizeof(buf));
	UT_EQ(n, 1);
	UT_EQ(buf[0], 'f');
	UT_EQ(fstatat(d, "ln", &st2, AT_SYMLINK_NOFOLLOW), 0);
	UT_TRUE(S_ISLNK(st2.st_mode));
	UT_EQ(fstatat(d, "ln", &st2, 0), 0);
	UT_EQ(st2.st_ino, st.st_ino);

	/* renameat across two directory descriptors. */
	f = open(TDIR, O_RDONLY);
	UT_TRUE(f >= 0);
	UT_EQ(renameat(d, "f", f, "moved"), 0);
	UT_CONTENT(TDIR "/moved", "hello");
	UT_ERR(fstatat(d, "f", &st2, 0), ENOENT);
	UT_EQ(renameat(f, "moved", d, "f"), 0);
	UT_EQ(close(f), 0);

	/* fchmodat. */
	UT_EQ(fchmodat(d, "f", 0600, 0), 0);
	UT_EQ(modeof(TDIR "/d/f"), 0600);
	UT_ERR(fchmodat(d, "ln", 0600, AT_SYMLINK_NOFOLLOW), EOPNOTSUPP);

	/* unlinkat: files without, directories with AT_REMOVEDIR. */
	UT_ERR(unlinkat(d, "sub", 0), EISDIR);
	UT_ERR(unlinkat(d, "f", AT_REMOVEDIR), ENOTDIR);
	UT_EQ(unlinkat(d, "sub", AT_REMOVEDIR), 0);
	UT_EQ(unlinkat(d, "ln", 0), 0);
	UT_EQ(unlinkat(d, "f", 0), 0);
	UT_ERR(fstatat(d, "f", &st2, 0), ENOENT);

	/* Still d after the directory it names is renamed. */
	UT_EQ(rename(TDIR "/d", TDIR "/d2"), 0);
	f = openat(d, "g", O_WRONLY | O_CREAT, 0644);
	UT_TRUE(f >= 0);
	UT_EQ(close(f), 0);
	UT_EQ(access(TDIR "/d2/g", F_OK), 0);
	UT_EQ(unlinkat(d, "g", 0), 0);
	UT_EQ(rename(TDIR "/d2", TDIR "/d"), 0);
	UT_EQ(close(d), 0);
}

/* Every *at call from a file, a pipe, a closed and a negative fd. */
static void
test_bad_dirfd(void)
{
	struct stat st;
	char buf[8];
	int f, p[2];

	f = open(TDIR "/file", O_RDWR | O_CREAT, 0644);
	UT_TRUE(f >= 0);
	UT_EQ(pipe(p), 0);
	UT_ERR(openat(f, "x", O_RDONLY), ENOTDIR);
	UT_ERR(openat(p[0], "x", O_RDONLY), ENOTDIR);
	UT_ERR(openat(99, "x", O_RDONLY), EBADF);
	UT_ERR(openat(-5, "x", O_RDONLY), EBADF);
	UT_ERR(fstatat(f, "x", &st, 0), ENOTDIR);
	UT_ERR(fstatat(99, "x", &st, 0), EBADF);
	UT_ERR(mkdirat(f, "x", 0755), ENOTDIR);
	UT_ERR(mkdirat(99, "x", 0755), EBADF);
	UT_ERR(unlinkat(f, "x", 0), ENOTDIR);
	UT_ERR(unlinkat(99, "x", 0), EBADF);
	UT_ERR(renameat(f, "x", AT_FDCWD, TDIR "/y"), ENOTDIR);
	UT_ERR(renameat(AT_FDCWD, TDIR "/file", 99, "y"), EBADF);
	UT_ERR(readlinkat(p[1], "x", buf, sizeof(buf)), ENOTDIR);
	UT_ERR(readlinkat(99, "x", buf, sizeof(buf)), EBADF);
	UT_ERR(fchmodat(f, "x", 0644, 0), ENOTDIR);
	UT_ERR(fchmodat(99, "x", 0644, 0), EBADF);
	UT_ERR(utimensat(f, "x", NULL, 0), ENOTDIR);
	UT_ERR(utimensat(99, "x", NULL, 0), EBADF);
	/* Nothing was made anywhere. */
	UT_ERR(access("x", F_OK), ENOENT);
	UT_ERR(access(TDIR "/y", F_OK), ENOENT);
	UT_EQ(close(p[0]), 0);
	UT_EQ(close(p[1]), 0);
	UT_EQ(close(f), 0);
	UT_EQ(unlink(TDIR "/file"), 0);
}

static void
test_bad_args(void)
{
	struct stat st;
	struct timespec ts[2];
	int d = open(TDIR, O_RDONLY);

	UT_TRUE(d >= 0);
	UT_EQ(ut_put(TDIR "/f", "x"), 0);
	/* Flags a call does not take. */
	UT_ERR(fstatat(d, "f", &st, AT_REMOVEDIR), EINVAL);
	UT_ERR(fstatat(d, "f", &st, 0x40000000), EINVAL);
	UT_ERR(unlinkat(d, "f", AT_SYMLINK_NOFOLLOW), EINVAL);
	UT_ERR(fchmodat(d, "f", 0644, AT_REMOVEDIR), EINVAL);
	UT_ERR(utimensat(d, "f", NULL, AT_REMOVEDIR), EINVAL);
	UT_ERR(fchmodat(d, "f", 010000, 0), EINVAL);
	UT_ERR(chmod(TDIR "/f", 0170644), EINVAL);
	UT_EQ(access(TDIR "/f", F_OK), 0);	/* unlinkat refused it */
	/* Bad pointers. */
	UT_ERR(openat(d, BADPTR, O_RDONLY), EFAULT);
	UT_ERR(fstatat(d, "f", BADPTR, 0), EFAULT);
	UT_ERR(fstatat(d, BADPTR, &st, 0), EFAULT);
	UT_ERR(mkdirat(d, BADPTR, 0755), EFAULT);
	UT_ERR(unlinkat(d, BADPTR, 0), EFAULT);
	UT_ERR(renameat(d, "f", d, BADPTR), EFAULT);
	UT_ERR(readlinkat(d, BADPTR, (char *)&st, 8), EFAULT);
	UT_ERR(fchmodat(d, BADPTR, 0644, 0), EFAULT);
	UT_ERR(utimensat(d, "f", BADPTR, 0), EFAULT);
	UT_ERR(futimens(d, BADPTR), EFAULT);
	UT_ERR(uname(BADPTR), EFAULT);
	/* Bad times. */
	ts[0].tv_sec = ts[1].tv_sec = 0;
	ts[0].tv_nsec = 1000000000;
	ts[1].tv_nsec = 0;
	UT_ERR(utimensat(d, "f", ts, 0), EINVAL);
	ts[0].tv_nsec = -3;
	UT_ERR(utimensat(d, "f", ts, 0), EINVAL);
	/* Empty paths. */
	UT_ERR(fstatat(d, "", &st, 0), ENOENT);
	UT_ERR(unlinkat(d, "", 0), ENOENT);
	UT_EQ(unlink(TDIR "/f"), 0);
	UT_EQ(close(d), 0);
}

static void
test_modes(void)
{
	struct stat st;
	mode_t old;
	int f, status;
	pid_t pid;

	/* The umask clears bits at creation, for open and mkdir. */
	old = umask(027);
	UT_EQ(old, 022);		/* init's, inherited */
	UT_EQ(umask(027), 027);
	f = open(TDIR "/m", O_RDWR | O_CREAT, 0777);
	UT_TRUE(f >= 0);
	UT_EQ(modeof(TDIR "/m"), 0750);
	UT_EQ(mkdir(TDIR "/md", 0777), 0);
	UT_EQ(modeof(TDIR "/md"), 0750);
	/* A child inherits the umask; its own change stays its own. */
	pid = fork();
	if (pid == 0)
		_exit(umask(0) == 027 && umask(0) == 0 ? 0 : 1);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_EQ(status, 0);
	UT_EQ(umask(old), 027);
	UT_EQ(umask(old), 022);
	UT_EQ(umask(0777 | 070000), 022);	/* only permission bits */
	UT_EQ(umask(old), 0777);

	/* chmod and fchmod, and what they change in ctime. */
	UT_EQ(chmod(TDIR "/m", 04711), 0);
	UT_EQ(modeof(TDIR "/m"), 04711);
	UT_EQ(fchmod(f, 0604), 0);
	UT_EQ(fstat(f, &st), 0);
	UT_EQ(st.st_mode & 07777, 0604);
	UT_TRUE(S_ISREG(st.st_mode));
	UT_EQ(chmod(TDIR "/md", 0755), 0);
	UT_EQ(modeof(TDIR "/md"), 0755);
	/* chmod follows a symlink; lchmod-style is refused. */
	UT_EQ(symlink("m", TDIR "/ml"), 0);
	UT_EQ(chmod(TDIR "/ml", 0640), 0);
	UT_EQ(modeof(TDIR "/m"), 0640);
	UT_ERR(chmod(TDIR "/nothing", 0644), ENOENT);
	UT_ERR(fchmod(99, 0644), EBADF);
	UT_ERR(fchmod(-1, 0644), EBADF);
	/* Devices' attributes are fixed. */
	UT_ERR(chmod("/dev/null", 0600), EPERM);
	UT_EQ(close(f), 0);
	UT_EQ(unlink(TDIR "/ml"), 0);
	UT_EQ(unlink(TDIR "/m"), 0);
	UT_EQ(rmdir(TDIR "/md"), 0);
}

static void
test_times(void)
{
	struct timespec ts[2], now;
	struct stat st, st2;
	int f, p[2];

	f = open(TDIR "/t", O_RDWR | O_CREAT, 0644);
	UT_TRUE(f >= 0);
	/* Explicit times, one after 2038 (a 64-bit time_t). */
	ts[0].tv_sec = 1000000000;		/* 2001 */
	ts[0].tv_nsec = 123456789;
	ts[1].tv_sec = 4102444800LL;		/* 2100-01-01 */
	ts[1].tv_nsec = 5;
	UT_EQ(utimensat(AT_FDCWD, TDIR "/t", ts, 0), 0);
	UT_EQ(stat(TDIR "/t", &st), 0);
	UT_EQ(st.st_atim.tv_sec, 1000000000);
	UT_EQ(st.st_atim.tv_nsec, 123456789);
	UT_EQ(st.st_mtim.tv_sec, 4102444800LL);
	UT_EQ(st.st_mtim.tv_nsec, 5);
	UT_TRUE(sizeof(time_t) == 8 && sizeof(st.st_mtim.tv_sec) == 8);
	/* UTIME_OMIT leaves one alone; UTIME_NOW sets it to now. */
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_nsec = UTIME_NOW;
	UT_EQ(clock_gettime(CLOCK_REALTIME, &now), 0);
	UT_EQ(futimens(f, ts), 0);
	UT_EQ(fstat(f, &st2), 0);
	UT_EQ(st2.st_atim.tv_sec, 1000000000);
	UT_EQ(st2.st_atim.tv_nsec, 123456789);
	UT_RANGE(st2.st_mtim.tv_sec, now.tv_sec - 1, now.tv_sec + 60);
	UT_TRUE(st2.st_ctim.tv_sec >= now.tv_sec - 1);
	/* NULL: both now. */
	UT_EQ(utimensat(AT_FDCWD, TDIR "/t", NULL, 0), 0);
	UT_EQ(stat(TDIR "/t", &st2), 0);
	UT_RANGE(st2.st_atim.tv_sec, now.tv_sec - 1, now.tv_sec + 60);
	/* Both omitted: nothing changes, not even ctime's validity. */
	ts[0].tv_nsec = ts[1].tv_nsec = UTIME_OMIT;
	UT_EQ(utimensat(AT_FDCWD, TDIR "/t", ts, 0), 0);
	/* A symlink's own times with AT_SYMLINK_NOFOLLOW. */
	UT_EQ(symlink("t", TDIR "/tl"), 0);
	ts[0].tv_sec = ts[1].tv_sec = 86400;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	UT_EQ(utimensat(AT_FDCWD, TDIR "/tl", ts, AT_SYMLINK_NOFOLLOW), 0);
	UT_EQ(lstat(TDIR "/tl", &st2), 0);
	UT_EQ(st2.st_mtim.tv_sec, 86400);
	UT_EQ(stat(TDIR "/tl", &st2), 0);
	UT_TRUE(st2.st_mtim.tv_sec != 86400);
	UT_EQ(unlink(TDIR "/tl"), 0);
	/* futimens and fsync on what has no such thing. */
	UT_EQ(pipe(p), 0);
	UT_ERR(futimens(p[0], NULL), EINVAL);
	UT_ERR(fsync(p[1]), EINVAL);
	UT_ERR(futimens(99, NULL), EBADF);
	UT_ERR(fsync(99), EBADF);
	UT_ERR(fsync(-1), EBADF);
	UT_EQ(fsync(f), 0);
	UT_EQ(fsync(0), 0);			/* the console */
	UT_EQ(close(p[0]), 0);
	UT_EQ(close(p[1]), 0);
	UT_EQ(close(f), 0);
	UT_EQ(unlink(TDIR "/t"), 0);
}

/* openat, fstatat and fsync sent asynchronously; mkdirat on a worker. */
static void
test_async(void)
{
	SYSMSG(openat) o;
	SYSMSG(fstatat) s;
	SYSMSG(fsync) y;
	SYSMSG(mkdirat) m;
	struct stat st;
	int d = open(TDIR, O_RDONLY), fd;

	UT_TRUE(d >= 0);
	sysmsg_init(&o, openat);
	o.a.fd = d;
	o.a.path = "af";
	o.a.flags = O_RDWR | O_CREAT;
	o.a.mode = 0644;
	UT_TRUE(async_send(0, &o.h, sizeof(o), 0) >= 0);
	UT_EQ(async_wait(0, &o.h), 0);
	fd = (int)async_result(&o.h);
	UT_TRUE(fd >= 0);
	UT_EQ(access(TDIR "/af", F_OK), 0);

	sysmsg_init(&s, fstatat);
	s.a.fd = d;
	s.a.path = "af";
	s.a.sb = &st;
	s.a.flag = 0;
	memset(&st, 0, sizeof(st));
	UT_TRUE(async_send(0, &s.h, sizeof(s), 0) >= 0);
	UT_EQ(async_wait(0, &s.h), 0);
	UT_EQ(async_result(&s.h), 0);
	UT_TRUE(S_ISREG(st.st_mode));
	/* A bad flag is refused at send: the message completes at once. */
	sysmsg_init(&s, fstatat);
	s.a.fd = d;
	s.a.path = "af";
	s.a.sb = &st;
	s.a.flag = AT_REMOVEDIR;
	UT_EQ(async_send(0, &s.h, sizeof(s), 0), 0);	/* done at once */
	UT_EQ(async_result(&s.h), -1);
	UT_EQ(errno, EINVAL);
	/* From a file: ENOTDIR comes back in the message. */
	sysmsg_init(&s, fstatat);
	s.a.fd = fd;
	s.a.path = "af";
	s.a.sb = &st;
	UT_TRUE(async_send(0, &s.h, sizeof(s), 0) >= 0);
	UT_EQ(async_wait(0, &s.h), 0);
	UT_EQ(async_result(&s.h), -1);
	UT_EQ(errno, ENOTDIR);

	sysmsg_init(&y, fsync);
	y.a.fd = fd;
	UT_TRUE(async_send(0, &y.h, sizeof(y), 0) >= 0);
	UT_EQ(async_wait(0, &y.h), 0);
	UT_EQ(async_result(&y.h), 0);
	sysmsg_init(&y, fsync);
	y.a.fd = 99;
	UT_TRUE(async_send(0, &y.h, sizeof(y), 0) >= 0);
	UT_EQ(async_wait(0, &y.h), 0);
	UT_EQ(async_result(&y.h), -1);
	UT_EQ(errno, EBADF);

	sysmsg_init(&m, mkdirat);
	m.a.fd = d;
	m.a.path = "am";
	m.a.mode = 0755;
	/* A call that changes names runs on a worker. */
	UT_EQ(async_send(0, &m.h, sizeof(m), 0), 1);
	UT_EQ(async_wait(0, &m.h), 0);
	UT_EQ(async_result(&m.h), 0);
	UT_EQ(access(TDIR "/am", F_OK), 0);
	UT_EQ(rmdir(TDIR "/am"), 0);
	UT_EQ(close(fd), 0);
	UT_EQ(unlink(TDIR "/af"), 0);
	UT_EQ(close(d), 0);
}

int
main(void)
{
	ut_rmtree(TDIR);
	UT_EQ(mkdir(TDIR, 0755), 0);
	UT_EQ(chdir("/"), 0);
	test_from_dirfd();
	test_bad_dirfd();
	test_bad_args();
	test_modes();
	test_times();
	test_async();
	ut_rmtree(TDIR);
	UT_DONE("vfs_at");
}
