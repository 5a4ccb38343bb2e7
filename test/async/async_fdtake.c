/*
 * async_fdtake - an asynchronous call in flight works on the open files
 * and the current directory it was sent with, not on what the numbers
 * and the directory are when it runs (sys/sysargs.h: phase 1 takes each
 * [FD] argument's file and a path call's current directory at send).
 *
 * Each check sends the call in a batch (sendv) whose next messages,
 * ordinary synchronous calls that do not sleep, close the descriptor and
 * open another file that gets the same number, or chdir, before any
 * worker runs (the workers run only once the batch's trap is over).  So
 * the order is fixed, not a race:
 *
 *   reuse    a read of an empty pipe goes in flight; its descriptor is
 *            closed and a file opened on the same number; data then
 *            written to the pipe (through a dup of its write end) is
 *            what the read returns, and the new file's offset is
 *            untouched.  An ftruncate (BLOCK: always a worker's) sent on
 *            a file whose number is then given to another truncates the
 *            one it was sent for
 *   badfd    a call on a number with no file is EBADF, in the message,
 *            as the synchronous call says, even when a file is opened on
 *            that number before the call runs; a read on a write-only
 *            descriptor is EBADF; a close in flight whose number was
 *            closed and reused meanwhile is EBADF and leaves the new file
 *            open
 *   cwd      an open(O_CREAT) of a relative path, then chdir: the file is
 *            made in the directory of the send; a mkdirat on a directory
 *            descriptor that is then closed and reused: made in the
 *            directory sent
 *   kill     a child with reads in flight on pipes it closed and reused,
 *            and path calls after a chdir, is killed: every file and
 *            directory it held is let go (kern.openfiles returns, and the
 *            runner's leak checks of files and vnodes pass)
 *   counters kern.async_argfaults (an undeclared access) stays as it was
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/sysmsg.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <stdlib.h>
#include <signal.h>
#include <errno.h>
#include <time.h>
#include <sysasync.h>
#include "utest.h"

#define D	"/tmp/async_fdtake"

static SYSMSG(read) rd;
static SYSMSG(ftruncate) ft;
static SYSMSG(close) cl, cl2;
static SYSMSG(open) op, op2;
static SYSMSG(chdir) cd;
static SYSMSG(mkdirat) mk;

/* A file of D holding text. */
static void
mkfile(const char *path, const char *text)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	UT_TRUE(fd >= 0);
	if (fd < 0)
		return;
	UT_EQ(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	UT_EQ(close(fd), 0);
}

static off_t
size_of(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return (-1);
	return (st.st_size);
}

/*
 * One batch: x made asynchronous, close(fd), then open(path, flags), which
 * takes the lowest free number: fd's, while x may still use it.  The
 * close and the open are cl and op; sendv's count (3: all sent).
 */
static int
send_reuse(struct sysmsg_hdr *x, int fd, const char *path, int flags)
{
	struct sysmsg_hdr *v[3] = { x, &cl.h, &op.h };

	x->sm_flags = SMF_ASYNC;
	sysmsg_init(&cl, close);
	cl.a.fd = fd;
	sysmsg_init(&op, open);
	op.a.path = path;
	op.a.flags = flags;
	return (sendv(0, v, 3));
}

static void
test_reuse(void)
{
	char buf[32], got[32];
	int p[2], w2, fd;

	mkfile(D "/other", "other");
	UT_EQ(pipe(p), 0);
	w2 = dup(p[1]);
	UT_TRUE(w2 >= 0);
	memset(buf, 0, sizeof(buf));
	/* read(p[0]) in flight, close(p[0]), open(other) gets p[0]. */
	sysmsg_init(&rd, read);
	rd.a.fd = p[0];
	rd.a.buf = buf;
	rd.a.nbyte = sizeof(buf) - 1;
	UT_EQ(send_reuse(&rd.h, p[0], D "/other", O_RDONLY), 3);
	UT_TRUE(!async_done(&rd.h));		/* the pipe is empty */
	UT_EQ(cl.h.sm_error, 0);
	UT_EQ(op.h.sm_error, 0);
	fd = (int)op.h.sm_result;
	UT_EQ(fd, p[0]);			/* the number reused */
	/* The original pipe, through the dup of its write end. */
	UT_EQ(close(p[1]), 0);
	UT_EQ(write(w2, "original", 8), 8);
	UT_EQ(ut_async_collect(&rd.h), 8);
	UT_STREQ(buf, "original");
	/* The file now on the number was not read by the call. */
	memset(got, 0, sizeof(got));
	UT_EQ(read(fd, got, sizeof(got) - 1), 5);
	UT_STREQ(got, "other");
	UT_EQ(close(fd), 0);
	UT_EQ(close(w2), 0);

	/* ftruncate (BLOCK) of A, then A's number given to B. */
	mkfile(D "/a", "aaaa");
	mkfile(D "/b", "bbbb");
	fd = open(D "/a", O_RDWR);
	UT_TRUE(fd >= 0);
	sysmsg_init(&ft, ftruncate);
	ft.a.fd = fd;
	ft.a.length = 1;
	UT_EQ(send_reuse(&ft.h, fd, D "/b", O_RDWR), 3);
	UT_TRUE(!async_done(&ft.h));		/* BLOCK: a worker's */
	UT_EQ((int)op.h.sm_result, fd);
	UT_EQ(ut_async_collect(&ft.h), 0);
	UT_EQ(size_of(D "/a"), 1);
	UT_EQ(size_of(D "/b"), 4);
	UT_EQ(close(fd), 0);
}

static void
test_badfd(void)
{
	struct sysmsg_hdr *v[3];
	char buf[8];
	int fd, wfd;

	/* A number with no file: EBADF like the synchronous call, even
	 * with a file opened on it before the call runs. */
	mkfile(D "/c", "cccc");
	fd = open(D "/c", O_RDWR);
	UT_TRUE(fd >= 0);
	UT_EQ(close(fd), 0);			/* fd is now free */
	UT_ERR(ftruncate(fd, 0), EBADF);
	sysmsg_init(&ft, ftruncate);
	ft.h.sm_flags = SMF_ASYNC;
	ft.a.fd = fd;
	ft.a.length = 0;
	sysmsg_init(&op, open);
	op.a.path = D "/c";
	op.a.flags = O_RDWR;
	v[0] = &ft.h;
	v[1] = &op.h;
	UT_EQ(sendv(0, v, 2), 2);
	UT_EQ((int)op.h.sm_result, fd);
	UT_EQ(ut_async_collect(&ft.h), -1);
	UT_EQ(errno, EBADF);
	UT_EQ(size_of(D "/c"), 4);		/* not truncated */
	UT_EQ(close(fd), 0);

	/* A number out of range, and a read of a write-only file. */
	UT_ERR(read(1000, buf, 1), EBADF);
	sysmsg_init(&rd, read);
	rd.a.fd = 1000;
	rd.a.buf = buf;
	rd.a.nbyte = 1;
	UT_EQ(async_send(0, &rd.h, sizeof(rd), 0), 0);	/* TRY: at once */
	UT_EQ(ut_async_collect(&rd.h), -1);
	UT_EQ(errno, EBADF);
	wfd = open(D "/c", O_WRONLY);
	UT_TRUE(wfd >= 0);
	UT_ERR(read(wfd, buf, 1), EBADF);
	rd.a.fd = wfd;
	UT_EQ(async_send(0, &rd.h, sizeof(rd), 0), 0);
	UT_EQ(ut_async_collect(&rd.h), -1);
	UT_EQ(errno, EBADF);

	/* close in flight; the number closed and reused meanwhile: the
	 * new file stays open. */
	sysmsg_init(&cl, close);
	cl.h.sm_flags = SMF_ASYNC;
	cl.a.fd = wfd;
	sysmsg_init(&cl2, close);
	cl2.a.fd = wfd;
	sysmsg_init(&op, open);
	op.a.path = D "/other";
	op.a.flags = O_RDONLY;
	v[0] = &cl.h;
	v[1] = &cl2.h;
	v[2] = &op.h;
	UT_EQ(sendv(0, v, 3), 3);
	UT_EQ(cl2.h.sm_error, 0);
	UT_EQ((int)op.h.sm_result, wfd);
	UT_EQ(ut_async_collect(&cl.h), -1);
	UT_EQ(errno, EBADF);
	memset(buf, 0, sizeof(buf));
	UT_EQ(read(wfd, buf, 5), 5);		/* still open */
	UT_STREQ(buf, "other");
	/* And a close in flight of a number that keeps its file closes. */
	cl.h.sm_flags = SMF_ASYNC;
	UT_EQ(sendv(0, v, 1), 1);
	UT_EQ(ut_async_collect(&cl.h), 0);
	UT_ERR(read(wfd, buf, 1), EBADF);
}

static void
test_cwd(void)
{
	struct sysmsg_hdr *v[3];
	struct stat st;
	int dfd, fd;

	UT_EQ(mkdir(D "/d1", 0755), 0);
	UT_EQ(mkdir(D "/d2", 0755), 0);
	UT_EQ(chdir(D "/d1"), 0);
	/* open(O_CREAT) of a relative path, then chdir(d2). */
	sysmsg_init(&op, open);
	op.h.sm_flags = SMF_ASYNC;
	op.a.path = "made";
	op.a.flags = O_RDWR | O_CREAT;
	op.a.mode = 0644;
	sysmsg_init(&cd, chdir);
	cd.a.path = D "/d2";
	v[0] = &op.h;
	v[1] = &cd.h;
	UT_EQ(sendv(0, v, 2), 2);
	UT_TRUE(!async_done(&op.h));		/* BLOCK */
	UT_EQ(cd.h.sm_error, 0);
	fd = (int)ut_async_collect(&op.h);
	UT_TRUE(fd >= 0);
	if (fd >= 0)
		UT_EQ(close(fd), 0);
	UT_EQ(stat(D "/d1/made", &st), 0);
	UT_ERR(stat(D "/d2/made", &st), ENOENT);
	UT_ERR(stat("made", &st), ENOENT);	/* the cwd is d2 now */

	/* mkdirat(dfd = d1), then dfd closed and d2 opened on it. */
	dfd = open(D "/d1", O_RDONLY);
	UT_TRUE(dfd >= 0);
	sysmsg_init(&mk, mkdirat);
	mk.a.fd = dfd;
	mk.a.path = "sub";
	mk.a.mode = 0755;
	UT_EQ(send_reuse(&mk.h, dfd, D "/d2", O_RDONLY), 3);
	UT_EQ((int)op.h.sm_result, dfd);
	UT_EQ(ut_async_collect(&mk.h), 0);
	UT_EQ(stat(D "/d1/sub", &st), 0);
	UT_ERR(stat(D "/d2/sub", &st), ENOENT);
	UT_EQ(close(dfd), 0);
	UT_EQ(chdir("/"), 0);
	UT_EQ(rmdir(D "/d1/sub"), 0);
	UT_EQ(unlink(D "/d1/made"), 0);
	UT_EQ(rmdir(D "/d1"), 0);
	UT_EQ(rmdir(D "/d2"), 0);
}

/* The child of test_kill: reads in flight on pipes whose read ends it
 * closed and reused, a path call after a chdir; then it tells the
 * parent and waits to be killed. */
static SYSMSG(read) krd[8];
static char kbuf[8][4];

static void
kill_child(int tell)
{
	struct sysmsg_hdr *v[3];
	int i, p[2];

	for (i = 0; i < 8; i++) {
		if (pipe(p) != 0)
			_exit(2);
		sysmsg_init(&krd[i], read);
		krd[i].a.fd = p[0];
		krd[i].a.buf = kbuf[i];
		krd[i].a.nbyte = sizeof(kbuf[i]);
		if (send_reuse(&krd[i].h, p[0], D "/other", O_RDONLY) != 3 ||
		    async_done(&krd[i].h))
			_exit(3);
		/* p[1] stays open: the reads never get data. */
	}
	/* A relative open in flight (the cwd taken), then chdir. */
	if (chdir(D) != 0)
		_exit(4);
	sysmsg_init(&op2, open);
	op2.h.sm_flags = SMF_ASYNC;
	op2.a.path = "other";
	op2.a.flags = O_RDONLY;
	sysmsg_init(&cd, chdir);
	cd.a.path = "/";
	v[0] = &op2.h;
	v[1] = &cd.h;
	if (sendv(0, v, 2) != 2)
		_exit(5);
	(void)write(tell, "r", 1);
	for (;;) {
		struct timespec ts = { 100, 0 };

		nanosleep(&ts, NULL);
	}
}

static void
test_kill(void)
{
	int files0 = ut_sysctl_int("kern.openfiles");
	int t[2], status;
	pid_t pid;
	char c;

	UT_EQ(pipe(t), 0);
	pid = fork();
	if (pid == 0) {
		close(t[0]);
		kill_child(t[1]);
	}
	UT_TRUE(pid > 0);
	if (pid <= 0)
		return;
	close(t[1]);
	UT_EQ(read(t[0], &c, 1), 1);		/* its calls are in flight */
	close(t[0]);
	UT_EQ(kill(pid, SIGKILL), 0);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	UT_EQ(ut_sysctl_int("kern.openfiles"), files0);
	UT_EQ(ut_sysctl_int("kern.async_inflight"), 0);
}

int
main(void)
{
	int faults0 = ut_sysctl_int("kern.async_argfaults");
	int files0;

	ut_rmtree(D);
	UT_EQ(mkdir(D, 0755), 0);
	files0 = ut_sysctl_int("kern.openfiles");
	test_reuse();
	test_badfd();
	test_cwd();
	test_kill();
	UT_EQ(ut_sysctl_int("kern.openfiles"), files0);
	UT_EQ(ut_sysctl_int("kern.async_argfaults"), faults0);
	UT_EQ(unlink(D "/other"), 0);
	UT_EQ(unlink(D "/a"), 0);
	UT_EQ(unlink(D "/b"), 0);
	UT_EQ(unlink(D "/c"), 0);
	UT_EQ(rmdir(D), 0);
	UT_DONE("async_fdtake");
}
