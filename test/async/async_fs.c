/*
 * async_fs - the file-system calls asynchronously, inline completion, the
 * 5 MiB read, and batches (sendv).
 *
 *   fs      mkdir, symlink, readlink, link, access, rename, getdents,
 *           ftruncate, unlink, rmdir, close sent with SMF_ASYNC: each
 *           works, its effect seen by the synchronous calls after
 *   big     a 5 MiB asynchronous pread returns 5 MiB, the right bytes
 *   inline  a pread of cached (tmpfs) data completes inside sendsys
 *           (returns 0 with SMF_DONE already set); a read of an empty
 *           pipe goes in flight and completes when a write comes
 *   batch   one sendv with good, bad and blocking messages mixed: each
 *           reports its own outcome as if sent alone; one waitsys
 *           collects the one in flight; abort inside a batch; a
 *           process killed with a batch in flight (the leak checks of
 *           the test runner see that everything went back)
 *   run     a run of calls that never block (sendv's own loop for
 *           them, kern_syscall.c) written back exactly as if each was
 *           sent alone: the flags sent (SMF_ASYNC or none) with
 *           SMF_DONE, an error with result 0 right after a call with a
 *           result, a message whose arguments lie on an unmapped page
 *           left untouched (as a lone message that cannot be read:
 *           EFAULT from the gate, header untouched), the run going on
 *           after each; cached preads (class TRY) between no-ops; a
 *           vector whose second pointer is unmapped (the first
 *           message sent, then EFAULT); a no-op on a read-only page
 *           (runs, hears nothing, as alone: EFAULT, header untouched)
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/sysmsg.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <stdlib.h>
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <sysasync.h>
#include "utest.h"

#define D	"/tmp/async_fs"

/* Send m asynchronously and wait for it; its result (-1, errno). */
#define ASYNC(m) async_do(&(m).h, sizeof(m))
static long long
async_do(struct sysmsg_hdr *h, size_t size)
{
	int r = async_send(0, h, size, 0);

	if (r < 0)
		return (-2);
	if (r == 1 && async_wait(0, h) != 0)
		return (-3);
	return (async_result(h));
}

static void
test_fs(void)
{
	SYSMSG(mkdir) mk;
	SYSMSG(symlink) sl;
	SYSMSG(readlink) rl;
	SYSMSG(link) ln;
	SYSMSG(access) ac;
	SYSMSG(rename) rn;
	SYSMSG(getdents) gd;
	SYSMSG(ftruncate) ft;
	SYSMSG(unlink) ul;
	SYSMSG(rmdir) rd;
	SYSMSG(close) cl;
	SYSMSG(open) op;
	struct stat st;
	char buf[512];
	int fd;

	sysmsg_init(&mk, mkdir);
	mk.a.path = D;
	mk.a.mode = 0755;
	UT_EQ(ASYNC(mk), 0);
	UT_EQ(stat(D, &st), 0);
	UT_TRUE(S_ISDIR(st.st_mode));
	UT_EQ(ASYNC(mk), -1);
	UT_EQ(errno, EEXIST);

	sysmsg_init(&op, open);
	op.a.path = D "/f";
	op.a.flags = O_RDWR | O_CREAT;
	op.a.mode = 0644;
	fd = (int)ASYNC(op);
	UT_TRUE(fd >= 0);
	UT_EQ(write(fd, "hello world", 11), 11);

	sysmsg_init(&ft, ftruncate);
	ft.a.fd = fd;
	ft.a.length = 5;
	UT_EQ(ASYNC(ft), 0);
	UT_EQ(fstat(fd, &st), 0);
	UT_EQ(st.st_size, 5);

	sysmsg_init(&sl, symlink);
	sl.a.path = "f";
	sl.a.link = D "/s";
	UT_EQ(ASYNC(sl), 0);
	sysmsg_init(&rl, readlink);
	rl.a.path = D "/s";
	rl.a.buf = buf;
	rl.a.bufsize = sizeof(buf);
	UT_EQ(ASYNC(rl), 1);
	UT_TRUE(buf[0] == 'f');

	sysmsg_init(&ln, link);
	ln.a.path = D "/f";
	ln.a.link = D "/g";
	UT_EQ(ASYNC(ln), 0);
	UT_EQ(stat(D "/g", &st), 0);
	UT_EQ(st.st_size, 5);

	sysmsg_init(&ac, access);
	ac.a.path = D "/g";
	ac.a.amode = F_OK;
	UT_EQ(ASYNC(ac), 0);
	ac.a.path = D "/nothing";
	UT_EQ(ASYNC(ac), -1);
	UT_EQ(errno, ENOENT);

	sysmsg_init(&rn, rename);
	rn.a.from = D "/g";
	rn.a.to = D "/h";
	UT_EQ(ASYNC(rn), 0);
	UT_ERR(access(D "/g", F_OK), ENOENT);
	UT_EQ(access(D "/h", F_OK), 0);

	sysmsg_init(&gd, getdents);
	gd.a.fd = open(D, O_RDONLY);
	UT_TRUE(gd.a.fd >= 0);
	gd.a.buf = buf;
	gd.a.count = sizeof(buf);
	UT_TRUE(ASYNC(gd) > 0);
	UT_EQ(close(gd.a.fd), 0);

	sysmsg_init(&ul, unlink);
	ul.a.path = D "/h";
	UT_EQ(ASYNC(ul), 0);
	ul.a.path = D "/s";
	UT_EQ(ASYNC(ul), 0);
	ul.a.path = D "/f";
	UT_EQ(ASYNC(ul), 0);
	UT_ERR(access(D "/f", F_OK), ENOENT);

	sysmsg_init(&cl, close);
	cl.a.fd = fd;
	UT_EQ(ASYNC(cl), 0);
	UT_ERR(close(fd), EBADF);

	sysmsg_init(&rd, rmdir);
	rd.a.path = D;
	UT_EQ(ASYNC(rd), 0);
	UT_ERR(access(D, F_OK), ENOENT);
}

#define BIG	(5 * 1024 * 1024)

static void
test_big(void)
{
	SYSMSG(pread) m;
	char *a = malloc(BIG), *b = malloc(BIG);
	int fd, i, r;

	UT_TRUE(a != NULL && b != NULL);
	for (i = 0; i < BIG; i++)
		a[i] = (char)(i * 7 + i / 4096);
	fd = open("/tmp/async_big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	UT_TRUE(fd >= 0);
	UT_EQ(write(fd, a, BIG), BIG);
	memset(b, 0, BIG);
	sysmsg_init(&m, pread);
	m.a.fd = fd;
	m.a.buf = b;
	m.a.nbyte = BIG;
	m.a.offset = 0;
	r = async_send(0, &m.h, sizeof(m), 0);
	UT_TRUE(r >= 0);
	if (r == 1)
		UT_EQ(async_wait(0, &m.h), 0);
	UT_EQ(async_result(&m.h), BIG);
	UT_TRUE(memcmp(a, b, BIG) == 0);
	UT_EQ(close(fd), 0);
	UT_EQ(unlink("/tmp/async_big"), 0);
	free(a);
	free(b);
}

static void
test_inline(void)
{
	SYSMSG(pread) m;
	SYSMSG(read) r;
	char buf[64], rb[8];
	int fd, p[2];

	fd = open("/tmp/async_inline", O_RDWR | O_CREAT | O_TRUNC, 0644);
	UT_TRUE(fd >= 0);
	UT_EQ(write(fd, "0123456789", 10), 10);
	sysmsg_init(&m, pread);
	m.a.fd = fd;
	m.a.buf = buf;
	m.a.nbyte = sizeof(buf);
	m.a.offset = 2;
	/* Cached data: done inside sendsys. */
	UT_EQ(async_send(0, &m.h, sizeof(m), 0), 0);
	UT_TRUE(async_done(&m.h));
	UT_EQ(m.h.sm_result, 8);
	UT_TRUE(memcmp(buf, "23456789", 8) == 0);
	UT_EQ(close(fd), 0);
	UT_EQ(unlink("/tmp/async_inline"), 0);

	/* An empty pipe: in flight until a write comes. */
	UT_EQ(pipe(p), 0);
	sysmsg_init(&r, read);
	r.a.fd = p[0];
	r.a.buf = rb;
	r.a.nbyte = sizeof(rb);
	UT_EQ(async_send(0, &r.h, sizeof(r), 0), 1);
	UT_TRUE(!async_done(&r.h));
	UT_EQ(write(p[1], "abc", 3), 3);
	UT_EQ(async_wait(0, &r.h), 0);
	UT_EQ(async_result(&r.h), 3);
	UT_TRUE(memcmp(rb, "abc", 3) == 0);
	/* A pipe with data: done inside sendsys. */
	UT_EQ(write(p[1], "de", 2), 2);
	UT_EQ(async_send(0, &r.h, sizeof(r), 0), 0);
	UT_EQ(r.h.sm_result, 2);
	UT_EQ(close(p[0]), 0);
	UT_EQ(close(p[1]), 0);
}

static void
test_batch(void)
{
	SYSMSG(noop) n1, n2, nbad;
	SYSMSG(read) rd;
	SYSMSG(fork) fk;
	SYSMSG(getpid) gp;
	struct sysmsg_hdr unknown = { 0 }, *v[8];
	char rb[8];
	int p[2], i;

	UT_EQ(pipe(p), 0);
	sysmsg_init(&n1, noop);
	n1.a.value = 11;
	n1.h.sm_flags = SMF_ASYNC | SMF_DONE;	/* DONE ignored on input */
	sysmsg_init(&rd, read);
	rd.h.sm_flags = SMF_ASYNC;
	rd.a.fd = p[0];
	rd.a.buf = rb;
	rd.a.nbyte = sizeof(rb);
	sysmsg_init(&nbad, noop);
	nbad.h.sm_flags = SMF_ASYNC | 0x100;	/* a reserved flag */
	unknown.sm_cmd = 999;			/* no such call */
	sysmsg_init(&fk, fork);			/* refused in a batch */
	sysmsg_init(&gp, getpid);		/* synchronous in a batch */
	sysmsg_init(&n2, noop);
	n2.a.value = 22;
	n2.h.sm_flags = SMF_ASYNC;
	v[0] = &n1.h;
	v[1] = &rd.h;
	v[2] = &nbad.h;
	v[3] = &unknown;
	v[4] = &fk.h;
	v[5] = (struct sysmsg_hdr *)16;		/* unreadable: skipped */
	v[6] = &gp.h;
	v[7] = &n2.h;
	UT_EQ(sendv(0, v, 8), 8);
	UT_TRUE(async_done(&n1.h));
	UT_EQ(n1.h.sm_error, 0);
	UT_EQ(n1.h.sm_result, 11);
	UT_TRUE(!async_done(&rd.h));		/* in flight */
	UT_TRUE(async_done(&nbad.h));
	UT_EQ(nbad.h.sm_error, EINVAL);
	UT_TRUE(unknown.sm_flags & SMF_DONE);
	UT_EQ(unknown.sm_error, ENOSYS);
	UT_TRUE(async_done(&fk.h));
	UT_EQ(fk.h.sm_error, EOPNOTSUPP);
	UT_TRUE(async_done(&gp.h));
	UT_EQ(gp.h.sm_result, getpid());
	UT_EQ(n2.h.sm_result, 22);
	/* One waitsys for what is in flight. */
	UT_EQ(write(p[1], "xyz", 3), 3);
	/* (A return earlier in this program may end the first waitsys.) */
	for (i = 0; i < 3 && !async_done(&rd.h); i++)
		UT_EQ(async_waitany(0), 0);
	UT_TRUE(async_done(&rd.h));
	UT_EQ(rd.h.sm_error, 0);
	UT_EQ(rd.h.sm_result, 3);

	/* Abort a message a batch put in flight. */
	rd.h.sm_flags = SMF_ASYNC;
	UT_EQ(sendv(0, v + 1, 1), 1);
	UT_TRUE(!async_done(&rd.h));
	UT_EQ(async_abort(0, &rd.h), 0);
	UT_EQ(async_wait(0, &rd.h), 0);
	UT_EQ(rd.h.sm_error, ECANCELED);

	/* The batch's own errors. */
	UT_ERR(sendv(7, v, 1), EBADF);
	UT_ERR(sendv(0, v, -1), EINVAL);
	UT_ERR(sendv(0, (struct sysmsg_hdr **)16, 1), EFAULT);
	UT_EQ(sendv(0, v, 0), 0);
	UT_EQ(close(p[0]), 0);
	UT_EQ(close(p[1]), 0);
}

static void
test_batch_run(void)
{
	static SYSMSG(noop) n[4];
	SYSMSG(getpid) gp;
	SYSMSG(kill) kb;
	SYSMSG(pread) pr[2];
	struct sysmsg_hdr *v[12];
	SYSMSG(noop) *edge, *ro;
	char *pg, rb[2][8];
	int fd, i;

	for (i = 0; i < 4; i++) {
		sysmsg_init(&n[i], noop);
		n[i].a.value = 100 + i;
	}
	n[0].h.sm_flags = SMF_ASYNC;
	n[1].h.sm_flags = 0;			/* synchronous in a batch */
	n[2].h.sm_flags = SMF_ASYNC | SMF_DONE;	/* DONE ignored on input */
	n[3].h.sm_flags = SMF_ASYNC;
	sysmsg_init(&gp, getpid);
	gp.h.sm_flags = SMF_ASYNC;
	sysmsg_init(&kb, kill);			/* an error, result 0 */
	kb.h.sm_flags = SMF_ASYNC;
	kb.a.pid = getpid();
	kb.a.signum = 9999;
	/* A no-op whose header's first 8 bytes end a page, the next page
	 * unmapped: its argument cannot be read. */
	pg = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
	    -1, 0);
	UT_TRUE(pg != MAP_FAILED);
	if (pg == MAP_FAILED)
		return;
	UT_EQ(munmap(pg + 4096, 4096), 0);
	edge = (void *)(pg + 4096 - 8);
	edge->h.sm_cmd = SYS_noop;
	edge->h.sm_flags = SMF_ASYNC;
	/* Cached preads between the no-ops. */
	fd = open(D "_run", O_RDWR | O_CREAT | O_TRUNC, 0644);
	UT_TRUE(fd >= 0);
	UT_EQ(write(fd, "abcdefghijklmnop", 16), 16);
	for (i = 0; i < 2; i++) {
		sysmsg_init(&pr[i], pread);
		pr[i].h.sm_flags = SMF_ASYNC;
		pr[i].a.fd = fd;
		pr[i].a.buf = rb[i];
		pr[i].a.nbyte = 8;
		pr[i].a.offset = 8 * i;
	}
	v[0] = &n[0].h;
	v[1] = &gp.h;
	v[2] = &kb.h;
	v[3] = &n[1].h;
	v[4] = &edge->h;
	v[5] = &n[2].h;
	v[6] = &pr[0].h;
	v[7] = &pr[1].h;
	v[8] = &n[3].h;
	UT_EQ(sendv(0, v, 9), 9);
	UT_EQ(n[0].h.sm_flags, SMF_ASYNC | SMF_DONE);
	UT_EQ(n[0].h.sm_error, 0);
	UT_EQ(n[0].h.sm_result, 100);
	UT_EQ(gp.h.sm_flags, SMF_ASYNC | SMF_DONE);
	UT_EQ(gp.h.sm_result, getpid());
	UT_EQ(kb.h.sm_flags, SMF_ASYNC | SMF_DONE);
	UT_EQ(kb.h.sm_error, EINVAL);
	UT_EQ(kb.h.sm_result, 0);
	UT_EQ(n[1].h.sm_flags, SMF_DONE);
	UT_EQ(n[1].h.sm_result, 101);
	UT_EQ(edge->h.sm_flags, SMF_ASYNC);	/* untouched */
	UT_EQ(edge->h.sm_cmd, SYS_noop);
	UT_EQ(n[2].h.sm_flags, SMF_ASYNC | SMF_DONE);
	UT_EQ(n[2].h.sm_result, 102);
	for (i = 0; i < 2; i++) {
		UT_TRUE(async_done(&pr[i].h));
		UT_EQ(pr[i].h.sm_error, 0);
		UT_EQ(pr[i].h.sm_result, 8);
	}
	UT_TRUE(memcmp(rb[0], "abcdefgh", 8) == 0);
	UT_TRUE(memcmp(rb[1], "ijklmnop", 8) == 0);
	UT_EQ(n[3].h.sm_flags, SMF_ASYNC | SMF_DONE);
	UT_EQ(n[3].h.sm_result, 103);
	/* A vector whose second pointer lies on the unmapped page: the
	 * first message is sent, then the batch ends with EFAULT. */
	n[0].h.sm_flags = SMF_ASYNC;
	n[1].h.sm_flags = SMF_ASYNC;
	n[1].h.sm_result = -1;
	((struct sysmsg_hdr **)(pg + 4096))[-1] = &n[0].h;
	UT_ERR(sendv(0, (struct sysmsg_hdr **)(pg + 4096) - 1, 2), EFAULT);
	UT_EQ(n[0].h.sm_flags, SMF_ASYNC | SMF_DONE);
	UT_EQ(n[1].h.sm_flags, SMF_ASYNC);
	UT_EQ(n[1].h.sm_result, -1);
	/* A no-op on a read-only page: it runs, its write-back fails, and
	 * it hears nothing (as sent alone: EFAULT, header untouched); the
	 * next message is done. */
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
	    -1, 0);
	UT_TRUE(ro != MAP_FAILED);
	if (ro != MAP_FAILED) {
		ro->h.sm_cmd = SYS_noop;
		ro->h.sm_flags = SMF_ASYNC;
		ro->a.value = 7;
		UT_EQ(mprotect(ro, 4096, PROT_READ), 0);
		n[3].h.sm_flags = SMF_ASYNC;
		v[0] = &ro->h;
		v[1] = &n[3].h;
		UT_EQ(sendv(0, v, 2), 2);
		UT_EQ(ro->h.sm_flags, SMF_ASYNC);
		UT_EQ(ro->h.sm_result, 0);
		UT_EQ(n[3].h.sm_flags, SMF_ASYNC | SMF_DONE);
		UT_EQ(__sendsys(0, &ro->h, sizeof(*ro)), EFAULT);
		UT_EQ(ro->h.sm_flags, SMF_ASYNC);
		UT_EQ(munmap(ro, 4096), 0);
	}
	/* The same message sent alone: EFAULT, header untouched. */
	UT_ERR(async_send(0, &edge->h, sizeof(*edge), 0), EFAULT);
	UT_EQ(edge->h.sm_flags, SMF_ASYNC);
	UT_EQ(munmap(pg, 4096), 0);
	UT_EQ(close(fd), 0);
	UT_EQ(unlink(D "_run"), 0);
}

/* A child with a batch of reads in flight on a pipe nobody writes is
 * killed: its messages are aborted and reclaimed. */
static void
test_batch_kill(void)
{
	static SYSMSG(read) r[8];
	struct sysmsg_hdr *v[8];
	int p[2], go[2], i, st = -1;
	char c;
	pid_t pid;

	UT_EQ(pipe(p), 0);
	UT_EQ(pipe(go), 0);
	pid = fork();
	if (pid == 0) {
		static char b[8][4];

		for (i = 0; i < 8; i++) {
			sysmsg_init(&r[i], read);
			r[i].h.sm_flags = SMF_ASYNC;
			r[i].a.fd = p[0];
			r[i].a.buf = b[i];
			r[i].a.nbyte = sizeof(b[i]);
			v[i] = &r[i].h;
		}
		if (sendv(0, v, 8) != 8)
			_exit(2);
		for (i = 0; i < 8; i++)
			if (async_done(&r[i].h))
				_exit(3);
		(void)write(go[1], "k", 1);
		for (;;) {
			struct timespec ts = { 1, 0 };

			nanosleep(&ts, NULL);
		}
	}
	UT_TRUE(pid > 0);
	if (pid <= 0)
		return;
	UT_EQ(read(go[0], &c, 1), 1);
	UT_EQ(kill(pid, SIGKILL), 0);
	UT_EQ(waitpid(pid, &st, 0), pid);
	UT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	UT_EQ(close(p[0]), 0);
	UT_EQ(close(p[1]), 0);
	UT_EQ(close(go[0]), 0);
	UT_EQ(close(go[1]), 0);
}

int
main(void)
{
	test_fs();
	test_big();
	test_inline();
	test_batch();
	test_batch_run();
	test_batch_kill();
	UT_DONE("async_fs");
}
