/*
 * vfs_fd - the descriptor table: dup, dup2, fcntl (F_DUPFD, F_GETFD,
 * F_SETFD, F_GETFL), O_CLOEXEC, offsets shared by dup and fork, EMFILE,
 * and close-on-exec across execve.  Works in /tmp/vfs_fd and removes it.
 *
 * "vfs_fd child A B C" is the exec'd half of the close-on-exec test: it
 * exits 0 if A and C (close-on-exec) are closed and B is open and reads
 * "0123456789" from its start.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define TDIR	"/tmp/vfs_fd"
#define NFD	64		/* the descriptor table's size */


static int
is_open(int fd)
{
	return (fcntl(fd, F_GETFD) != -1);
}

/* The lowest closed descriptor, or -1. */
static int
lowest_free(void)
{
	int fd;

	for (fd = 0; fd < NFD; fd++)
		if (!is_open(fd))
			return (fd);
	return (-1);
}

static int
count_open(void)
{
	int fd, n = 0;

	for (fd = 0; fd < NFD; fd++)
		if (is_open(fd))
			n++;
	return (n);
}

static void
test_dup(void)
{
	char buf[16];
	int a, b, c, d, lf;

	UT_EQ(ut_put("one", "0123456789"), 0);
	UT_EQ(ut_put("two", "abcdefghij"), 0);
	UT_TRUE(is_open(0) && is_open(1) && is_open(2));

	/* New descriptors are the lowest free. */
	lf = lowest_free();
	UT_EQ(lf, 3);
	a = open("one", O_RDONLY);
	UT_EQ(a, lf);
	lf = lowest_free();
	b = open("two", O_RDONLY);
	UT_EQ(b, lf);
	UT_TRUE(a != b);
	UT_EQ(close(a), 0);
	c = dup(b);
	UT_EQ(c, a);				/* the hole a left */
	/* dup shares the offset. */
	UT_EQ(read(b, buf, 3), 3);
	UT_EQ(lseek(c, 0, SEEK_CUR), 3);
	UT_EQ(read(c, buf, 2), 2);
	UT_EQ(memcmp(buf, "de", 2), 0);
	UT_EQ(lseek(b, 0, SEEK_CUR), 5);
	/* Closing one leaves the other working. */
	UT_EQ(close(b), 0);
	UT_EQ(read(c, buf, 1), 1);
	UT_EQ(buf[0], 'f');
	UT_EQ(close(c), 0);
	UT_ERR(dup(c), EBADF);
	UT_ERR(dup(-1), EBADF);
	UT_ERR(dup(NFD), EBADF);

	/* dup2 onto an open descriptor closes it first. */
	a = open("one", O_RDONLY);
	b = open("two", O_RDONLY);
	UT_TRUE(a >= 0 && b >= 0);
	UT_EQ(dup2(a, b), b);
	memset(buf, 0, sizeof(buf));
	UT_EQ(read(b, buf, 4), 4);
	UT_EQ(memcmp(buf, "0123", 4), 0);	/* now "one" */
	UT_EQ(lseek(a, 0, SEEK_CUR), 4);
	/* dup2(fd, fd) does nothing and returns fd. */
	UT_EQ(dup2(a, a), a);
	UT_EQ(lseek(a, 0, SEEK_CUR), 4);
	UT_TRUE(is_open(a));
	/* Onto a closed descriptor far up. */
	UT_EQ(dup2(a, 40), 40);
	UT_EQ(read(40, buf, 1), 1);
	UT_EQ(buf[0], '4');
	UT_EQ(close(40), 0);
	UT_ERR(dup2(a, NFD), EBADF);
	UT_ERR(dup2(a, -1), EBADF);
	UT_ERR(dup2(50, a), EBADF);		/* closed source */
	UT_TRUE(is_open(a));			/* ... leaves the target */
	UT_ERR(dup2(50, 50), EBADF);
	UT_EQ(close(a), 0);
	UT_EQ(close(b), 0);

	/* F_DUPFD: the lowest free at or above the argument. */
	a = open("one", O_RDONLY);
	UT_EQ(fcntl(a, F_DUPFD, 10), 10);
	UT_EQ(fcntl(a, F_DUPFD, 10), 11);
	UT_EQ(close(10), 0);
	UT_EQ(fcntl(a, F_DUPFD, 9), 9);
	UT_EQ(fcntl(a, F_DUPFD, 10), 10);
	lf = lowest_free();
	d = fcntl(a, F_DUPFD, 0);
	UT_EQ(d, lf);
	UT_TRUE(d > a);
	UT_EQ(fcntl(a, F_DUPFD, NFD - 1), NFD - 1);
	UT_ERR(fcntl(a, F_DUPFD, NFD - 1), EMFILE);
	UT_ERR(fcntl(a, F_DUPFD, NFD), EINVAL);
	UT_ERR(fcntl(a, F_DUPFD, -1), EINVAL);
	UT_ERR(fcntl(55, F_DUPFD, 0), EBADF);
	UT_EQ(close(9), 0);
	UT_EQ(close(10), 0);
	UT_EQ(close(11), 0);
	UT_EQ(close(d), 0);
	UT_EQ(close(NFD - 1), 0);
	UT_EQ(close(a), 0);
}

static void
test_fcntl_flags(void)
{
	int a, b, fl;

	/* FD_CLOEXEC is per descriptor. */
	a = open("one", O_RDONLY);
	UT_TRUE(a >= 0);
	UT_EQ(fcntl(a, F_GETFD), 0);
	UT_EQ(fcntl(a, F_SETFD, FD_CLOEXEC), 0);
	UT_EQ(fcntl(a, F_GETFD), FD_CLOEXEC);
	b = dup(a);
	UT_EQ(fcntl(b, F_GETFD), 0);		/* dup clears it */
	UT_EQ(close(b), 0);
	UT_EQ(dup2(a, 20), 20);
	UT_EQ(fcntl(20, F_GETFD), 0);
	UT_EQ(close(20), 0);
	b = fcntl(a, F_DUPFD, 0);
	UT_EQ(fcntl(b, F_GETFD), 0);
	UT_EQ(close(b), 0);
	UT_EQ(fcntl(a, F_SETFD, 0), 0);
	UT_EQ(fcntl(a, F_GETFD), 0);
	UT_EQ(close(a), 0);
	a = open("one", O_RDONLY | O_CLOEXEC);
	UT_TRUE(a >= 0);
	UT_EQ(fcntl(a, F_GETFD), FD_CLOEXEC);
	UT_EQ(close(a), 0);
	UT_ERR(fcntl(a, F_GETFD), EBADF);
	UT_ERR(fcntl(a, F_SETFD, FD_CLOEXEC), EBADF);
	UT_ERR(fcntl(-1, F_GETFL), EBADF);

	/* F_GETFL: the access mode and O_APPEND. */
	a = open("one", O_RDONLY);
	fl = fcntl(a, F_GETFL);
	UT_EQ(fl & O_ACCMODE, O_RDONLY);
	UT_EQ(fl & O_APPEND, 0);
	UT_EQ(close(a), 0);
	a = open("one", O_WRONLY);
	fl = fcntl(a, F_GETFL);
	UT_EQ(fl & O_ACCMODE, O_WRONLY);
	UT_EQ(close(a), 0);
	a = open("one", O_RDWR | O_APPEND | O_CLOEXEC);
	fl = fcntl(a, F_GETFL);
	UT_EQ(fl & O_ACCMODE, O_RDWR);
	UT_EQ(fl & O_APPEND, O_APPEND);
	UT_EQ(fl & O_CLOEXEC, 0);		/* that one is F_GETFD's */
	b = dup(a);				/* the open file's flags */
	UT_EQ(fcntl(b, F_GETFL), fl);
	UT_EQ(close(b), 0);
	UT_EQ(close(a), 0);
	UT_ERR(fcntl(0, 9999, 0), EINVAL);
}

static void
test_fork_offset(void)
{
	char buf[16];
	int fd, status;
	pid_t pid;

	fd = open("shared", O_RDWR | O_CREAT | O_TRUNC, 0644);
	UT_TRUE(fd >= 0);
	UT_EQ(write(fd, "ab", 2), 2);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		/* The child's descriptor is the same open file. */
		if (lseek(fd, 0, SEEK_CUR) != 2)
			_exit(1);
		if (write(fd, "0123456789", 10) != 10)
			_exit(2);
		if (close(fd) != 0)
			_exit(3);
		_exit(0);
	}
	UT_TRUE(pid > 0);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_EQ(status, 0);
	UT_EQ(lseek(fd, 0, SEEK_CUR), 12);	/* the child moved it */
	UT_EQ(write(fd, "Z", 1), 1);
	UT_EQ(pread(fd, buf, sizeof(buf), 0), 13);
	UT_EQ(memcmp(buf, "ab0123456789Z", 13), 0);

	/* The parent moving it shows in the child too. */
	UT_EQ(lseek(fd, 5, SEEK_SET), 5);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(lseek(fd, 0, SEEK_CUR) == 5 ? 0 : 1);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_EQ(status, 0);
	UT_EQ(close(fd), 0);
	UT_EQ(unlink("shared"), 0);
}

static void
test_emfile(void)
{
	int fds[NFD], n, i, fd, open0, p[2];

	open0 = count_open();
	UT_EQ(open0, 3);			/* stdin, stdout, stderr */
	for (n = 0; n < NFD + 4; n++) {
		fds[n % NFD] = open("one", O_RDONLY);
		if (fds[n % NFD] < 0)
			break;
	}
	UT_EQ(n, NFD - open0);
	UT_EQ(errno, EMFILE);
	UT_EQ(count_open(), NFD);
	UT_ERR(open("one", O_RDONLY), EMFILE);
	UT_ERR(open("new", O_RDWR | O_CREAT, 0644), EMFILE);
	UT_ERR(dup(0), EMFILE);
	UT_ERR(fcntl(0, F_DUPFD, 0), EMFILE);
	UT_ERR(pipe(p), EMFILE);
	UT_EQ(dup2(0, fds[0]), fds[0]);		/* replaces: no new slot */
	/* One freed is one usable. */
	UT_EQ(close(fds[5]), 0);
	fd = open("one", O_RDONLY);
	UT_EQ(fd, fds[5]);
	UT_ERR(open("one", O_RDONLY), EMFILE);
	for (i = 0; i < n && i < NFD; i++)
		if (close(fds[i]) != 0)
			break;
	UT_EQ(i, n);
	UT_EQ(count_open(), open0);
	UT_ERR(access("new", F_OK), ENOENT);	/* the failed create made none */
}

/* The exec'd half: argv = "child", A, B, C. */
static int
child_main(int argc, char **argv)
{
	char buf[16];
	int a, b, c;

	if (argc != 5)
		return (10);
	a = atoi(argv[2]);
	b = atoi(argv[3]);
	c = atoi(argv[4]);
	if (fcntl(a, F_GETFD) != -1 || errno != EBADF)
		return (11);
	if (fcntl(c, F_GETFD) != -1 || errno != EBADF)
		return (12);
	if (fcntl(b, F_GETFD) != 0)
		return (13);
	if (lseek(b, 0, SEEK_SET) != 0)
		return (14);
	memset(buf, 0, sizeof(buf));
	if (read(b, buf, sizeof(buf)) != 10 || strcmp(buf, "0123456789") != 0)
		return (15);
	if (!is_open(0) || !is_open(1) || !is_open(2))
		return (16);
	if (count_open() != 4)
		return (17);
	return (0);
}

static void
test_cloexec_exec(void)
{
	char sa[12], sb[12], sc[12];
	char *args[] = { "vfs_fd", "child", sa, sb, sc, NULL };
	int a, b, c, status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		a = open("one", O_RDONLY);
		b = open("one", O_RDONLY);
		c = open("one", O_RDONLY | O_CLOEXEC);
		if (a < 0 || b < 0 || c < 0)
			_exit(20);
		if (fcntl(a, F_SETFD, FD_CLOEXEC) != 0)
			_exit(21);
		snprintf(sa, sizeof(sa), "%d", a);
		snprintf(sb, sizeof(sb), "%d", b);
		snprintf(sc, sizeof(sc), "%d", c);
		execve("/bin/vfs_fd", args, NULL);
		_exit(22);
	}
	UT_TRUE(pid > 0);
	UT_EQ(waitpid(pid, &status, 0), pid);
	if (status != 0)
		printf("FAIL: close-on-exec child status 0x%x (exit codes: "
		    "11/12 cloexec fd still open, 13-15 plain fd lost, "
		    "16/17 others)\n", status);
	UT_EQ(status, 0);
	/* The parent's own descriptors are untouched. */
	UT_EQ(count_open(), 3);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return (child_main(argc, argv));
	ut_workdir_enter(TDIR);
	test_dup();
	test_fcntl_flags();
	test_fork_offset();
	test_emfile();
	test_cloexec_exec();
	UT_EQ(unlink("one"), 0);
	UT_EQ(unlink("two"), 0);
	ut_workdir_leave(TDIR);
	UT_DONE("vfs_fd");
}
