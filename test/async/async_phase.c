/*
 * async_phase - an asynchronous call in flight runs on the arguments it
 * was sent with (sys/sysargs.h, sys/kern/kern_sysargs.c).
 *
 * A call that goes to a worker takes its user arguments at send time
 * (phase 1: strings and [IN] structs copied, [OUT] structs and buffers
 * held), and the worker runs the call's own sys_<name>() on those, in
 * no user address space.  Each check sends the call in a batch (sendv)
 * whose next message, a call that completes inside the same trap,
 * overwrites or unmaps the argument before any worker can run: the
 * workers run only once the batch's trap is over.  So the order is
 * fixed, not a race:
 *
 *   path     an open(O_CREAT), a mkdir, a rename: their path strings
 *            overwritten (uname writes over them) after the send; the
 *            names sent are the ones made
 *   struct   a utimensat whose times are overwritten (clock_gettime)
 *            after the send: the file gets the times sent
 *   out      a wait4 whose status word's page is unmapped after the
 *            send: the wait succeeds (the page was held at send and is
 *            freed after), where a call reading the address space when
 *            it runs would fail with EFAULT; and with the page kept,
 *            the status lands in it
 *   long     a write of 3 MiB and a bit to a file: the file has every
 *            byte.  write is of class TRY and a regular file's write
 *            needs no interruptible sleep, so it completes inside
 *            sendsys (a write in flight would have its first MiB held
 *            at send and the rest window by window)
 *   errors   a path with no NUL within PATH_MAX is ENAMETOOLONG, a bad
 *            path pointer EFAULT, a bad buffer of a read in flight
 *            EFAULT, a wait4 whose status word is read-only EFAULT
 *            without reaping the child (wait4 checks that it can store
 *            the status first): as the synchronous calls say
 *   counters kern.async_phased counts the calls run by a worker on
 *            their taken arguments (it grows here); kern.async_argfaults
 *            (an access outside every declared argument) does not
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/sysmsg.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <stdlib.h>
#include <errno.h>
#include <time.h>
#include <sysasync.h>
#include "utest.h"

#define D	"/tmp/async_phase"

static SYSMSG(open) op;
static SYSMSG(mkdir) mk;
static SYSMSG(rename) rn;
static SYSMSG(uname) un1, un2, un3, un4;
static SYSMSG(utimensat) ut;
static SYSMSG(clock_gettime) cg1, cg2;
static SYSMSG(wait4) wt __attribute__((aligned(64)));
static SYSMSG(munmap) mu;
static SYSMSG(read) rd;

/* Buffers the batches overwrite: big enough for a struct utsname. */
static struct utsname pathbuf1, pathbuf2, pathbuf3;
static struct timespec times[2];

static void
test_path(void)
{
	struct sysmsg_hdr *v[4];
	struct stat st;
	int fd;

	/* open(O_CREAT), then uname over its path. */
	strcpy((char *)&pathbuf1, D "/sent_open");
	sysmsg_init(&op, open);
	op.h.sm_flags = SMF_ASYNC;
	op.a.path = (const char *)&pathbuf1;
	op.a.flags = O_RDWR | O_CREAT;
	op.a.mode = 0644;
	sysmsg_init(&un1, uname);
	un1.a.name = &pathbuf1;
	v[0] = &op.h;
	v[1] = &un1.h;
	UT_EQ(sendv(0, v, 2), 2);
	UT_TRUE(async_done(&un1.h));
	UT_EQ(un1.h.sm_error, 0);
	fd = (int)ut_async_collect(&op.h);
	UT_TRUE(fd >= 0);
	if (fd >= 0)
		UT_EQ(close(fd), 0);
	UT_EQ(stat(D "/sent_open", &st), 0);
	UT_TRUE(S_ISREG(st.st_mode));
	/* The name uname wrote there (a relative path) was not made. */
	UT_ERR(stat(pathbuf1.sysname, &st), ENOENT);

	/* mkdir and rename in one batch, all three paths overwritten. */
	strcpy((char *)&pathbuf1, D "/sent_dir");
	strcpy((char *)&pathbuf2, D "/sent_open");
	strcpy((char *)&pathbuf3, D "/sent_renamed");
	sysmsg_init(&mk, mkdir);
	mk.h.sm_flags = SMF_ASYNC;
	mk.a.path = (const char *)&pathbuf1;
	mk.a.mode = 0755;
	sysmsg_init(&rn, rename);
	rn.h.sm_flags = SMF_ASYNC;
	rn.a.from = (const char *)&pathbuf2;
	rn.a.to = (const char *)&pathbuf3;
	sysmsg_init(&un2, uname);
	un2.a.name = &pathbuf1;
	sysmsg_init(&un3, uname);
	un3.a.name = &pathbuf2;
	sysmsg_init(&un4, uname);
	un4.a.name = &pathbuf3;
	v[0] = &mk.h;
	v[1] = &rn.h;
	v[2] = &un2.h;
	v[3] = &un3.h;
	UT_EQ(sendv(0, v, 4), 4);
	v[0] = &un4.h;
	UT_EQ(sendv(0, v, 1), 1);
	UT_EQ(ut_async_collect(&mk.h), 0);
	UT_EQ(ut_async_collect(&rn.h), 0);
	UT_EQ(stat(D "/sent_dir", &st), 0);
	UT_TRUE(S_ISDIR(st.st_mode));
	UT_EQ(stat(D "/sent_renamed", &st), 0);
	UT_ERR(stat(D "/sent_open", &st), ENOENT);
	UT_EQ(rmdir(D "/sent_dir"), 0);
	UT_EQ(unlink(D "/sent_renamed"), 0);
}

static void
test_struct(void)
{
	struct sysmsg_hdr *v[3];
	struct stat st;
	int fd;

	fd = open(D "/times", O_RDWR | O_CREAT, 0644);
	UT_TRUE(fd >= 0);
	if (fd >= 0)
		UT_EQ(close(fd), 0);
	times[0].tv_sec = 1000000;
	times[0].tv_nsec = 0;
	times[1].tv_sec = 2000000;
	times[1].tv_nsec = 0;
	sysmsg_init(&ut, utimensat);
	ut.h.sm_flags = SMF_ASYNC;
	ut.a.fd = AT_FDCWD;
	ut.a.path = D "/times";
	ut.a.times = times;
	sysmsg_init(&cg1, clock_gettime);
	cg1.a.clock_id = CLOCK_REALTIME;
	cg1.a.tp = &times[0];
	sysmsg_init(&cg2, clock_gettime);
	cg2.a.clock_id = CLOCK_REALTIME;
	cg2.a.tp = &times[1];
	v[0] = &ut.h;
	v[1] = &cg1.h;
	v[2] = &cg2.h;
	UT_EQ(sendv(0, v, 3), 3);
	UT_EQ(cg1.h.sm_error, 0);
	UT_TRUE(times[0].tv_sec != 1000000);	/* overwritten in time */
	UT_EQ(ut_async_collect(&ut.h), 0);
	UT_EQ(stat(D "/times", &st), 0);
	UT_EQ(st.st_atime, 1000000);
	UT_EQ(st.st_mtime, 2000000);
	UT_EQ(unlink(D "/times"), 0);
}

/* A child that exits with 7 once a byte comes on fd. */
static pid_t
child_waiting(int *wfd)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe(p) != 0)
		return (-1);
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		read(p[0], &c, 1);
		_exit(7);
	}
	close(p[0]);
	*wfd = p[1];
	return (pid);
}

static void
test_out(void)
{
	struct sysmsg_hdr *v[2];
	int held0 = ut_sysctl_int("vm.held_pages");
	int *page, wfd = -1;
	pid_t pid;

	/* The status word's page unmapped after the send. */
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_ANON | MAP_PRIVATE, -1, 0);
	UT_TRUE(page != MAP_FAILED);
	pid = child_waiting(&wfd);
	UT_TRUE(pid > 0);
	if (page == MAP_FAILED || pid <= 0)
		return;
	*page = -1;
	sysmsg_init(&wt, wait4);
	wt.h.sm_flags = SMF_ASYNC;
	wt.a.pid = pid;
	wt.a.status = page;
	sysmsg_init(&mu, munmap);
	mu.a.addr = page;
	mu.a.len = 4096;
	v[0] = &wt.h;
	v[1] = &mu.h;
	UT_EQ(sendv(0, v, 2), 2);
	UT_TRUE(!async_done(&wt.h));		/* the child is alive */
	UT_EQ(mu.h.sm_error, 0);
	/* The header's page and the status page are held. */
	UT_EQ(ut_sysctl_int("vm.held_pages") - held0, 2);
	UT_EQ(write(wfd, "x", 1), 1);
	UT_EQ(ut_async_collect(&wt.h), pid);
	UT_EQ(ut_sysctl_int("vm.held_pages") - held0, 0);
	close(wfd);

	/* Kept: the status lands in it. */
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_ANON | MAP_PRIVATE, -1, 0);
	pid = child_waiting(&wfd);
	UT_TRUE(page != MAP_FAILED && pid > 0);
	if (page == MAP_FAILED || pid <= 0)
		return;
	*page = -1;
	wt.a.pid = pid;
	wt.a.status = page;
	wt.h.sm_flags = SMF_ASYNC;
	UT_EQ(sendv(0, v, 1), 1);
	UT_TRUE(!async_done(&wt.h));
	UT_EQ(write(wfd, "x", 1), 1);
	UT_EQ(ut_async_collect(&wt.h), pid);
	UT_TRUE(WIFEXITED(*page) && WEXITSTATUS(*page) == 7);
	close(wfd);
	UT_EQ(munmap(page, 4096), 0);
}

static SYSMSG(write) wr;

static void
test_long(void)
{
	const size_t len = 3 * 1024 * 1024 + 1234;
	int held0 = ut_sysctl_int("vm.held_pages");
	unsigned char *b, *back;
	size_t i;
	int fd;

	b = malloc(len + 3);
	back = malloc(len);
	fd = open(D "/long", O_RDWR | O_CREAT | O_TRUNC, 0644);
	UT_TRUE(b != NULL && back != NULL && fd >= 0);
	if (b == NULL || back == NULL || fd < 0)
		return;
	for (i = 0; i < len; i++)
		b[i + 3] = (unsigned char)(i * 7 + i / 4096);
	sysmsg_init(&wr, write);
	wr.a.fd = fd;
	wr.a.buf = b + 3;		/* not page aligned */
	wr.a.nbyte = len;
	UT_EQ(async_send(0, &wr.h, sizeof(wr), 0), 0);	/* TRY: done */
	UT_EQ(ut_async_collect(&wr.h), (long long)len);
	UT_EQ(ut_sysctl_int("vm.held_pages") - held0, 0);
	UT_EQ(pread(fd, back, len, 0), (ssize_t)len);
	UT_TRUE(memcmp(back, b + 3, len) == 0);
	UT_EQ(close(fd), 0);
	UT_EQ(unlink(D "/long"), 0);
	free(b);
	free(back);
}

static void
test_errors(void)
{
	char *longp = malloc(2000);
	struct sysmsg_hdr *v[1];
	void *hole = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_ANON | MAP_PRIVATE, -1, 0);
	int *ro;
	int p[2], i, wfd = -1;
	pid_t pid;

	/* An address with nothing mapped. */
	UT_TRUE(hole != MAP_FAILED);
	UT_EQ(munmap(hole, 4096), 0);

	UT_TRUE(longp != NULL);
	if (longp == NULL)
		return;
	memset(longp, 'a', 1999);
	longp[1999] = '\0';
	UT_ERR(mkdir(longp, 0755), ENAMETOOLONG);
	sysmsg_init(&mk, mkdir);
	mk.h.sm_flags = SMF_ASYNC;
	mk.a.path = longp;
	mk.a.mode = 0755;
	v[0] = &mk.h;
	UT_EQ(sendv(0, v, 1), 1);
	UT_EQ(ut_async_collect(&mk.h), -1);
	UT_EQ(errno, ENAMETOOLONG);
	free(longp);

	mk.a.path = hole;
	mk.h.sm_flags = SMF_ASYNC;
	UT_EQ(sendv(0, v, 1), 1);
	UT_EQ(ut_async_collect(&mk.h), -1);
	UT_EQ(errno, EFAULT);

	/* A read in flight into a bad buffer: EFAULT once data comes. */
	UT_EQ(pipe(p), 0);
	sysmsg_init(&rd, read);
	rd.h.sm_flags = SMF_ASYNC;
	rd.a.fd = p[0];
	rd.a.buf = hole;
	rd.a.nbyte = 16;
	v[0] = &rd.h;
	UT_EQ(sendv(0, v, 1), 1);
	UT_TRUE(!async_done(&rd.h));
	UT_EQ(write(p[1], "0123456789", 10), 10);
	UT_EQ(ut_async_collect(&rd.h), -1);
	UT_EQ(errno, EFAULT);
	/* The synchronous call says the same. */
	UT_EQ(write(p[1], "0123456789", 10), 10);
	UT_ERR(read(p[0], hole, 16), EFAULT);
	close(p[0]);
	close(p[1]);

	/* wait4 into a read-only status word: EFAULT before it reaps, in
	 * both forms (the asynchronous one completes inside sendsys). */
	ro = mmap(NULL, 4096, PROT_READ, MAP_ANON | MAP_PRIVATE, -1, 0);
	UT_TRUE(ro != MAP_FAILED);
	for (i = 0; i < 2 && ro != MAP_FAILED; i++) {
		pid = child_waiting(&wfd);
		UT_TRUE(pid > 0);
		if (pid <= 0)
			break;
		if (i == 0) {
			UT_EQ(write(wfd, "x", 1), 1);
			UT_ERR(wait4(pid, ro, 0, NULL), EFAULT);
		} else {
			sysmsg_init(&wt, wait4);
			wt.h.sm_flags = SMF_ASYNC;
			wt.a.pid = pid;
			wt.a.status = ro;
			v[0] = &wt.h;
			UT_EQ(sendv(0, v, 1), 1);
			UT_EQ(write(wfd, "x", 1), 1);
			UT_EQ(ut_async_collect(&wt.h), -1);
			UT_EQ(errno, EFAULT);
		}
		UT_EQ(waitpid(pid, NULL, 0), pid);	/* not reaped before */
		close(wfd);
	}
	if (ro != MAP_FAILED)
		UT_EQ(munmap(ro, 4096), 0);
}

int
main(void)
{
	int phased0 = ut_sysctl_int("kern.async_phased");
	int faults0 = ut_sysctl_int("kern.async_argfaults");

	ut_rmtree(D);
	UT_EQ(mkdir(D, 0755), 0);
	test_path();
	test_struct();
	test_out();
	test_long();
	test_errors();
	/* open, mkdir, rename, utimensat, two wait4, three errors. */
	UT_TRUE(ut_sysctl_int("kern.async_phased") - phased0 >= 9);
	UT_EQ(ut_sysctl_int("kern.async_argfaults"), faults0);
	UT_EQ(rmdir(D), 0);
	UT_DONE("async_phase");
}
