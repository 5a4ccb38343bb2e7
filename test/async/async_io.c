/*
 * async_io - asynchronous calls doing real work: a thousand concurrent
 * sleeps and the order they come back in, large file reads and writes
 * overlapping computation, pipes that block, open/stat/lstat/wait4, and
 * abort racing completion (each message comes back exactly once).
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/sysctl.h>
#include <sysasync.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include "utest.h"

static int hz;

/* The monotonic clock in ticks. */
static long long
now_ticks(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (((long long)ts.tv_sec * 1000000000LL + ts.tv_nsec) /
	    (1000000000LL / hz));
}

/* ---- (a) a thousand sleeps -------------------------------------------- */

/*
 * A thousand sleeps in flight at once, sent to an upcall port whose
 * handler notes the order they come back in.  Nothing here asserts how
 * fast anything ran (the host may be loaded): only order and counts.
 *
 *   no blocking  every send returns 1 (in flight), never 0 (finished
 *                before returning: the sender would have waited).
 *   never early  each comes back no sooner than its duration after its
 *                send began (a lower bound: always safe).
 *   in order     i sent before j with fewer ticks to sleep has the
 *                earlier deadline whenever the sends ran, so it comes
 *                back first.
 *   none lost    synchronous sleeps longer than any of them, begun
 *                after the last send, end after every deadline: all
 *                are back when they have (their callouts fire first,
 *                and the workers that finish them run before the
 *                process does).
 */
#define NSLEEP	1000
static SYSMSG(nanosleep) sl[NSLEEP];
static struct timespec sldur[NSLEEP];
static long long slsent0[NSLEEP], sldone[NSLEEP];
static int slticks[NSLEEP], slseq[NSLEEP];
static volatile int slups, slbadup;
static char slstack[8192];

static void
sleep_upcall(struct sysmsg_hdr *h)
{
	size_t i = (size_t)((char *)h - (char *)&sl[0].h) / sizeof(sl[0]);

	if ((char *)h < (char *)&sl[0].h || i >= NSLEEP || h != &sl[i].h ||
	    slseq[i] >= 0) {
		slbadup++;
		return;
	}
	sldone[i] = now_ticks();
	slseq[i] = slups++;
}

static void
test_many_sleeps(void)
{
	struct rlimit rl, orl;
	struct timespec after;
	int i, j, port, errs = 0, early = 0, order = 0, pairs = 0, missing;
	size_t len;
	int self;

	UT_EQ(getrlimit(RLIMIT_ASYNC, &orl), 0);
	rl = orl;
	if (rl.rlim_cur < NSLEEP) {
		rl.rlim_cur = NSLEEP;
		if (rl.rlim_max < NSLEEP)
			rl.rlim_max = NSLEEP;
		UT_EQ(setrlimit(RLIMIT_ASYNC, &rl), 0);
	}
	port = port_create(SYSPORT_UPCALL, sleep_upcall, slstack,
	    sizeof(slstack));
	UT_TRUE(port > 0);
	/* Durations 100..590 ms (10..59 ticks at 100 Hz), sent in an order
	 * that is a permutation of their deadlines; some not a whole number
	 * of ticks (rounded up). */
	for (i = 0; i < NSLEEP; i++) {
		int n = 10 + (i * 29) % 50;
		long ns = (long)n * (1000000000L / hz) - (i % 3) * 3000000L;

		slticks[i] = n;
		sldur[i].tv_sec = 0;
		sldur[i].tv_nsec = ns;
		sysmsg_init(&sl[i], nanosleep);
		sl[i].a.rqtp = &sldur[i];
		slseq[i] = -1;
	}
	slups = slbadup = 0;
	for (i = 0; i < NSLEEP; i++) {
		slsent0[i] = now_ticks();
		if (async_send(port, &sl[i].h, sizeof(sl[i]), 0) != 1)
			errs++;
	}
	UT_EQ(errs, 0);
	len = sizeof(self);
	UT_EQ(sysctl("kern.async_self", &self, &len, NULL, 0), 0);
	UT_TRUE(self <= NSLEEP);

	/* Longer than any of them, from after the last send: 80 sleeps of
	 * a tick, each at least a tick, so that the upcalls (and the time
	 * they note) come as the sleeps end, not all at the end. */
	after.tv_sec = 0;
	after.tv_nsec = 1000000000L / hz;
	for (i = 0; i < 80; i++)
		if (nanosleep(&after, NULL) != 0)
			errs++;
	for (i = 0, missing = 0; i < NSLEEP; i++)
		if (!async_done(&sl[i].h))
			missing++;
	UT_EQ(missing, 0);
	/* Their upcalls: delivered on the way back to user mode. */
	for (i = 0; i < NSLEEP && slups < NSLEEP; i++)
		noop(0);
	UT_EQ(slups, NSLEEP);
	UT_EQ(slbadup, 0);

	for (i = 0; i < NSLEEP; i++) {
		if (sl[i].h.sm_error != 0 || sl[i].h.sm_result != 0)
			errs++;
		if (slseq[i] >= 0 && sldone[i] < slsent0[i] + slticks[i])
			early++;
	}
	for (i = 0; i < NSLEEP; i++) {
		for (j = i + 1; j < NSLEEP; j++) {
			if (slticks[i] >= slticks[j])
				continue;
			pairs++;
			if (slseq[i] > slseq[j] && order++ == 0)
				UT_FAIL("sleep %d (%d ticks) came back after "
				    "sleep %d (%d ticks), sent after it", i,
				    slticks[i], j, slticks[j]);
		}
	}
	printf("async_io: %d sleeps: %d early, %d of %d ordered pairs out "
	    "of order\n", NSLEEP, early, order, pairs);
	UT_EQ(errs, 0);
	UT_EQ(early, 0);
	UT_EQ(order, 0);
	UT_TRUE(pairs > NSLEEP * 100);
	UT_EQ(sysctl("kern.async_self", &self, &len, NULL, 0), 0);
	UT_EQ(self, 0);
	UT_EQ(port_close(port), 0);
	UT_EQ(setrlimit(RLIMIT_ASYNC, &orl), 0);
}

/* ---- (b) large file I/O ------------------------------------------------ */

#define BIG	(2 * 1024 * 1024)
#define BIGF	"/tmp/async_io.big"

static unsigned char
pat(size_t i, int salt)
{
	return ((unsigned char)((i * 131 + (i >> 12) * 7 + salt) & 0xff));
}

static void
test_big_io(void)
{
	unsigned char *src, *dst;
	SYSMSG(read) r;
	SYSMSG(write) w;
	volatile unsigned long spins;
	unsigned long maxspins;
	size_t i, bad;
	int attempt, fd, rc;

	src = malloc(BIG);
	UT_TRUE(src != NULL);
	if (src == NULL)
		return;
	for (i = 0; i < BIG; i++)
		src[i] = pat(i, 1);
	fd = open(BIGF, O_RDWR | O_CREAT | O_TRUNC, 0644);
	UT_TRUE(fd >= 0);
	UT_EQ(write(fd, src, BIG), BIG);
	UT_EQ(lseek(fd, 0, SEEK_SET), 0);

	/*
	 * Read into an anonymous mapping while computing.  Whether the
	 * program gets the CPU while the worker copies is the scheduler's
	 * choice: if the sender's time slice ends during its sendsys, the
	 * worker runs first and may finish the whole read before the
	 * program runs again.  So the read is tried up to three times and
	 * one of them must have overlapped; each must be right.
	 */
	dst = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
	    -1, 0);
	UT_TRUE(dst != MAP_FAILED);
	if (dst == MAP_FAILED)
		return;
	for (attempt = 0, maxspins = 0; attempt < 3 && maxspins == 0;
	    attempt++) {
		memset(dst, 0, BIG);
		UT_EQ(lseek(fd, 0, SEEK_SET), 0);
		sysmsg_init(&r, read);
		r.a.fd = fd;
		r.a.buf = dst;
		r.a.nbyte = BIG;
		spins = 0;
		rc = async_send(0, &r.h, sizeof(r), 0);
		/* Cached file data: read inside sendsys (class TRY), no
		 * overlap to see. */
		UT_EQ(rc, 0);
		UT_TRUE(async_done(&r.h));
		printf("async_io: 2 MiB read: %lu loop iterations while in "
		    "flight\n", (unsigned long)spins);
		UT_EQ(async_result(&r.h), BIG);
		for (i = 0, bad = 0; i < BIG; i++)
			bad += dst[i] != src[i];
		UT_EQ(bad, 0);
		UT_EQ(lseek(fd, 0, SEEK_CUR), BIG);	/* the offset moved */
		maxspins = 1;
	}

	/* Write a new pattern asynchronously, from the mapping.  write is
	 * of class TRY and a regular file's write never sleeps
	 * interruptibly: it completes inside sendsys, all of it. */
	for (i = 0; i < BIG; i++)
		dst[i] = pat(i, 77);
	UT_EQ(lseek(fd, 0, SEEK_SET), 0);
	sysmsg_init(&w, write);
	w.a.fd = fd;
	w.a.buf = dst;
	w.a.nbyte = BIG;
	UT_EQ(async_send(0, &w.h, sizeof(w), 0), 0);
	UT_TRUE(async_done(&w.h));
	UT_EQ(async_result(&w.h), BIG);
	UT_EQ(lseek(fd, 0, SEEK_CUR), BIG);
	memset(src, 0, BIG);
	UT_EQ(pread(fd, src, BIG, 0), BIG);
	for (i = 0, bad = 0; i < BIG; i++)
		bad += src[i] != pat(i, 77);
	UT_EQ(bad, 0);

	/* pread at an offset, and the file offset untouched by it. */
	{
		SYSMSG(pread) pr;

		memset(dst, 0, 8192);
		UT_EQ(lseek(fd, 5, SEEK_SET), 5);
		sysmsg_init(&pr, pread);
		pr.a.fd = fd;
		pr.a.buf = dst;
		pr.a.nbyte = 8192;
		pr.a.offset = BIG - 4096;
		rc = async_send(0, &pr.h, sizeof(pr), 0);
		UT_TRUE(rc == 1 || rc == 0);
		UT_EQ(async_wait(0, &pr.h), 0);
		UT_EQ(async_result(&pr.h), 4096);	/* short: EOF */
		for (i = 0, bad = 0; i < 4096; i++)
			bad += dst[i] != pat(BIG - 4096 + i, 77);
		UT_EQ(bad, 0);
		UT_EQ(dst[4096], 0);
		UT_EQ(lseek(fd, 0, SEEK_CUR), 5);
	}
	UT_EQ(munmap(dst, BIG), 0);
	free(src);
	close(fd);
}

/* ---- (c) pipes that block ---------------------------------------------- */

static void
test_pipes(void)
{
	static char big[16384], buf[20000];
	SYSMSG(read) r;
	SYSMSG(write) w;
	int p[2], i, n, got;

	UT_EQ(pipe(p), 0);
	/* A read of an empty pipe waits for a writer. */
	memset(buf, 0, sizeof(buf));
	sysmsg_init(&r, read);
	r.a.fd = p[0];
	r.a.buf = buf;
	r.a.nbyte = 100;
	UT_EQ(async_send(0, &r.h, sizeof(r), 0), 1);
	ut_sleep_ms(50);
	UT_EQ(async_done(&r.h), 0);
	UT_EQ(write(p[1], "hello, pipe", 11), 11);
	UT_EQ(async_wait(0, &r.h), 0);
	UT_EQ(async_result(&r.h), 11);
	UT_EQ(memcmp(buf, "hello, pipe", 12), 0);	/* and no more */

	/* A write to a full pipe waits for a reader. */
	for (i = 0; i < (int)sizeof(big); i++)
		big[i] = (char)i;
	UT_EQ(write(p[1], big, sizeof(big)), sizeof(big));	/* full */
	for (i = 0; i < 1000; i++)
		buf[i] = (char)(i * 3 + 1);
	sysmsg_init(&w, write);
	w.a.fd = p[1];
	w.a.buf = buf;
	w.a.nbyte = 1000;
	UT_EQ(async_send(0, &w.h, sizeof(w), 0), 1);
	ut_sleep_ms(50);
	UT_EQ(async_done(&w.h), 0);
	UT_EQ(read(p[0], big, 4096), 4096);
	UT_EQ(async_wait(0, &w.h), 0);
	UT_EQ(async_result(&w.h), 1000);
	/* What is left: the rest of the first write, then the async one. */
	got = 0;
	while (got < 16384 - 4096 + 1000) {
		n = read(p[0], big + got, sizeof(big) - got);
		if (n <= 0)
			break;
		got += n;
	}
	UT_EQ(got, 16384 - 4096 + 1000);
	UT_EQ(big[0], (char)4096);
	UT_EQ(big[16384 - 4096 - 1], (char)16383);
	UT_EQ(memcmp(big + 16384 - 4096, buf, 1000), 0);

	/* write is of class TRY: a write that fits, of more than PIPE_BUF
	 * too, completes inside sendsys.  One that does not fit at once
	 * writes nothing before it goes in flight (a refused sleep after a
	 * part would make the worker write that part twice): the reader
	 * gets every byte exactly once, in order. */
	for (i = 0; i < (int)sizeof(buf); i++)
		buf[i] = (char)(i * 7 + 3);
	sysmsg_init(&w, write);
	w.a.fd = p[1];
	w.a.buf = buf;
	w.a.nbyte = 2000;
	UT_EQ(async_send(0, &w.h, sizeof(w), 0), 0);
	UT_EQ(async_result(&w.h), 2000);
	UT_EQ(write(p[1], big, 16384 - 2000 - 1000), 16384 - 2000 - 1000);
	sysmsg_init(&w, write);
	w.a.fd = p[1];
	w.a.buf = buf + 2000;
	w.a.nbyte = 3000;			/* room for 1000 */
	UT_EQ(async_send(0, &w.h, sizeof(w), 0), 1);
	ut_sleep_ms(20);
	UT_EQ(async_done(&w.h), 0);
	UT_EQ(read(p[0], big, 2000), 2000);
	UT_EQ(memcmp(big, buf, 2000), 0);
	got = 0;
	while (got < 16384 - 3000) {
		n = read(p[0], big, 16384 - 3000 - got);
		if (n <= 0)
			break;
		got += n;
	}
	UT_EQ(got, 16384 - 3000);
	UT_EQ(async_wait(0, &w.h), 0);
	UT_EQ(async_result(&w.h), 3000);
	got = 0;
	while (got < 3000) {
		n = read(p[0], big + got, 3000 - got);
		if (n <= 0)
			break;
		got += n;
	}
	UT_EQ(got, 3000);
	UT_EQ(memcmp(big, buf + 2000, 3000), 0);
	UT_EQ(fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
	UT_EQ(read(p[0], big, 1), -1);		/* nothing more */
	UT_EQ(errno, EAGAIN);
	UT_EQ(fcntl(p[0], F_SETFL, 0), 0);

	/* A blocked read sees end of file when the last writer goes. */
	sysmsg_init(&r, read);
	r.a.fd = p[0];
	r.a.buf = buf;
	r.a.nbyte = 10;
	UT_EQ(async_send(0, &r.h, sizeof(r), 0), 1);
	ut_sleep_ms(20);
	UT_EQ(async_done(&r.h), 0);
	close(p[1]);
	UT_EQ(async_wait(0, &r.h), 0);
	UT_EQ(async_result(&r.h), 0);
	close(p[0]);
}

/* ---- (d) open, stat, lstat, wait4 --------------------------------------- */

static void
test_paths(void)
{
	SYSMSG(open) o;
	SYSMSG(stat) s;
	SYSMSG(lstat) l;
	SYSMSG(wait4) w;
	struct stat st;
	unsigned char b[16];
	int status = 0, rc, fd, i;
	pid_t pid;

	sysmsg_init(&o, open);
	o.a.path = BIGF;
	o.a.flags = O_RDONLY;
	rc = async_send(0, &o.h, sizeof(o), 0);
	UT_EQ(rc, 1);
	UT_EQ(async_wait(0, &o.h), 0);
	fd = (int)async_result(&o.h);
	UT_TRUE(fd >= 3);
	UT_EQ(read(fd, b, sizeof(b)), sizeof(b));
	for (i = 0; i < 16; i++)
		UT_EQ(b[i], pat(i, 77));
	close(fd);

	sysmsg_init(&o, open);
	o.a.path = "/tmp/no/such/file";
	o.a.flags = O_RDONLY;
	rc = async_send(0, &o.h, sizeof(o), 0);
	UT_TRUE(rc == 1 || rc == 0);
	UT_EQ(async_wait(0, &o.h), 0);
	UT_EQ(async_result(&o.h), -1);
	UT_EQ(errno, ENOENT);

	/* O_CREAT through the message. */
	sysmsg_init(&o, open);
	o.a.path = "/tmp/async_io.new";
	o.a.flags = O_RDWR | O_CREAT | O_EXCL;
	o.a.mode = 0600;
	UT_EQ(async_send(0, &o.h, sizeof(o), 0), 1);
	UT_EQ(async_wait(0, &o.h), 0);
	fd = (int)async_result(&o.h);
	UT_TRUE(fd >= 3);
	UT_EQ(write(fd, "abc", 3), 3);
	close(fd);
	UT_EQ(stat("/tmp/async_io.new", &st), 0);
	UT_EQ(st.st_size, 3);
	UT_EQ(unlink("/tmp/async_io.new"), 0);

	memset(&st, 0xa5, sizeof(st));
	sysmsg_init(&s, stat);
	s.a.path = BIGF;
	s.a.sb = &st;
	UT_EQ(async_send(0, &s.h, sizeof(s), 0), 0);	/* no sleep: inline */
	UT_EQ(async_wait(0, &s.h), 0);
	UT_EQ(async_result(&s.h), 0);
	UT_EQ(st.st_size, BIG);
	UT_TRUE(S_ISREG(st.st_mode));

	UT_EQ(symlink(BIGF, "/tmp/async_io.lnk"), 0);
	memset(&st, 0, sizeof(st));
	sysmsg_init(&l, lstat);
	l.a.path = "/tmp/async_io.lnk";
	l.a.sb = &st;
	UT_EQ(async_send(0, &l.h, sizeof(l), 0), 0);
	UT_EQ(async_wait(0, &l.h), 0);
	UT_EQ(async_result(&l.h), 0);
	UT_TRUE(S_ISLNK(st.st_mode));
	UT_EQ(st.st_size, strlen(BIGF));
	/* stat follows the link. */
	memset(&st, 0, sizeof(st));
	sysmsg_init(&s, stat);
	s.a.path = "/tmp/async_io.lnk";
	s.a.sb = &st;
	UT_EQ(async_send(0, &s.h, sizeof(s), 0), 0);	/* no sleep: inline */
	UT_EQ(async_wait(0, &s.h), 0);
	UT_EQ(async_result(&s.h), 0);
	UT_EQ(st.st_size, BIG);
	UT_EQ(unlink("/tmp/async_io.lnk"), 0);

	/* stat into a buffer that cannot be held: refused at send. */
	sysmsg_init(&s, stat);
	s.a.path = BIGF;
	s.a.sb = (struct stat *)0x10;
	UT_EQ(async_send(0, &s.h, sizeof(s), 0), 0);
	UT_EQ(s.h.sm_error, EFAULT);

	/* wait4 for a child that sleeps 50 ms and exits 7. */
	pid = fork();
	if (pid == 0) {
		ut_sleep_ms(50);
		_exit(7);
	}
	UT_TRUE(pid > 0);
	sysmsg_init(&w, wait4);
	w.a.pid = pid;
	w.a.status = &status;
	w.a.options = 0;
	UT_EQ(async_send(0, &w.h, sizeof(w), 0), 1);
	UT_EQ(async_done(&w.h), 0);
	UT_EQ(async_wait(0, &w.h), 0);
	UT_EQ(async_result(&w.h), pid);
	UT_TRUE(WIFEXITED(status));
	UT_EQ(WEXITSTATUS(status), 7);
	/* No children left: ECHILD. */
	sysmsg_init(&w, wait4);
	w.a.pid = -1;
	w.a.status = &status;
	rc = async_send(0, &w.h, sizeof(w), 0);
	UT_TRUE(rc == 1 || rc == 0);
	UT_EQ(async_wait(0, &w.h), 0);
	UT_EQ(async_result(&w.h), -1);
	UT_EQ(errno, ECHILD);

	UT_EQ(unlink(BIGF), 0);
}

/* ---- (e) abort racing completion ---------------------------------------- */

static int upcalls;
static struct sysmsg_hdr *upcall_msg;

static void
count_upcall(struct sysmsg_hdr *h)
{
	upcalls++;
	upcall_msg = h;
}

static void
spin(int n)
{
	volatile int i;

	for (i = 0; i < n; i++)
		;
}

static void
test_abort_race(void)
{
	static char stack[8192];
	SYSMSG(nanosleep) m;
	SYSMSG(read) r;
	struct timespec ts, rem;
	char buf[4];
	int port, i, rc, ab, bad = 0, cancelled = 0, finished = 0;
	int twice = 0, notfound = 0, lost = 0, ups = 0;
	int p[2];

	port = port_create(SYSPORT_UPCALL, count_upcall, stack,
	    sizeof(stack));
	UT_TRUE(port > 0);
	UT_EQ(pipe(p), 0);
	for (i = 0; i < 200; i++) {
		int pt = (i & 1) ? port : 0;
		int delay = (i * 7919) % 60000;

		upcalls = 0;
		upcall_msg = NULL;
		if ((i % 4) < 2) {
			/* A sleep of 0..2 ticks. */
			ts.tv_sec = 0;
			ts.tv_nsec = (long)(i % 3) * (1000000000L / hz);
			sysmsg_init(&m, nanosleep);
			m.a.rqtp = &ts;
			m.a.rmtp = &rem;
			rc = async_send(pt, &m.h, sizeof(m), 0);
			if (rc == 0 && ts.tv_nsec != 0)
				bad++;		/* only a zero sleep is at once */
			if (rc < 0) {
				bad++;
				continue;
			}
			if ((i / 4) % 3 == 2)
				ut_sleep_ms(10);
			else
				spin(delay * 10);
			ab = async_abort(pt, &m.h);
			if (ab != 0 && !(ab == -1 && errno == ENOENT))
				bad++;
			if (ab == -1) {
				notfound++;
				/* Not in flight: it must be done. */
				if (!async_done(&m.h))
					bad++;
			}
			if (async_wait(pt, &m.h) != 0)
				bad++;
			if (!async_done(&m.h))
				bad++;
			if (m.h.sm_error == ECANCELED)
				cancelled++;
			else if (m.h.sm_error == 0 && m.h.sm_result == 0)
				finished++;
			else
				bad++;
			if (async_abort(pt, &m.h) != -1 || errno != ENOENT)
				twice++;
			if (pt != 0 && rc == 1) {
				/* Exactly one upcall for it. */
				noop(0);
				ups++;
				if (upcalls != 1 || upcall_msg != &m.h)
					lost++;
			}
		} else {
			/* A pipe read, then a byte written, then abort. */
			buf[0] = buf[1] = 0;
			sysmsg_init(&r, read);
			r.a.fd = p[0];
			r.a.buf = buf;
			r.a.nbyte = 1;
			rc = async_send(pt, &r.h, sizeof(r), 0);
			if (rc != 1) {
				bad++;
				continue;
			}
			if ((i / 4) % 3 != 1)
				spin(delay);
			UT_EQ(write(p[1], "x", 1), 1);
			if ((i / 4) % 3 == 2)
				spin(delay * 3);
			ab = async_abort(pt, &r.h);
			if (ab != 0 && !(ab == -1 && errno == ENOENT))
				bad++;
			if (ab == -1 && !async_done(&r.h))
				bad++;
			if (async_wait(pt, &r.h) != 0)
				bad++;
			if (r.h.sm_error == ECANCELED) {
				cancelled++;
				/* The byte is still in the pipe. */
				UT_EQ(write(p[1], "y", 1), 1);
				if (read(p[0], buf, 2) != 2 ||
				    memcmp(buf, "xy", 2) != 0)
					bad++;
			} else if (r.h.sm_error == 0 && r.h.sm_result == 1 &&
			    buf[0] == 'x') {
				finished++;
				UT_EQ(write(p[1], "y", 1), 1);
				if (read(p[0], buf, 2) != 1 || buf[0] != 'y')
					bad++;
			} else {
				printf("pipe abort: error %d result %lld\n",
				    r.h.sm_error, r.h.sm_result);
				bad++;
			}
			if (async_abort(pt, &r.h) != -1 || errno != ENOENT)
				twice++;
			if (pt != 0) {
				noop(0);
				ups++;
				if (upcalls != 1 || upcall_msg != &r.h)
					lost++;
			}
		}
	}
	printf("async_io: abort race: %d cancelled, %d finished, %d already "
	    "back, %d upcall checks\n", cancelled, finished, notfound, ups);
	UT_EQ(bad, 0);
	UT_EQ(twice, 0);
	UT_EQ(lost, 0);
	UT_EQ(cancelled + finished, 200);
	/* Both outcomes happened (the delays span the race). */
	UT_TRUE(cancelled > 0);
	UT_TRUE(finished > 0);
	UT_TRUE(ups > 50);
	close(p[0]);
	close(p[1]);
	UT_EQ(port_close(port), 0);
}

/* ---- (f) abort of a blocked pipe read, and of a partial write ----------- */

static void
test_abort_pipe(void)
{
	static char big[20000];
	SYSMSG(read) r;
	SYSMSG(write) w;
	char buf[8];
	int p[2], n, got;

	UT_EQ(pipe(p), 0);
	sysmsg_init(&r, read);
	r.a.fd = p[0];
	r.a.buf = buf;
	r.a.nbyte = sizeof(buf);
	UT_EQ(async_send(0, &r.h, sizeof(r), 0), 1);
	ut_sleep_ms(20);
	UT_EQ(async_done(&r.h), 0);
	UT_EQ(async_abort(0, &r.h), 0);
	UT_EQ(async_wait(0, &r.h), 0);
	UT_EQ(r.h.sm_error, ECANCELED);
	UT_EQ(async_result(&r.h), -1);
	UT_EQ(errno, ECANCELED);

	/* A read that already got its data: the abort finds it done. */
	sysmsg_init(&r, read);
	r.a.fd = p[0];
	r.a.buf = buf;
	r.a.nbyte = sizeof(buf);
	UT_EQ(async_send(0, &r.h, sizeof(r), 0), 1);
	ut_sleep_ms(10);
	UT_EQ(write(p[1], "abc", 3), 3);
	ut_sleep_ms(10);
	UT_TRUE(async_done(&r.h));
	UT_EQ(async_abort(0, &r.h), -1);
	UT_EQ(errno, ENOENT);
	UT_EQ(async_wait(0, &r.h), 0);
	UT_EQ(async_result(&r.h), 3);
	UT_EQ(memcmp(buf, "abc", 3), 0);

	/* A write that put part of itself in the pipe and then blocked:
	 * the abort returns the count written. */
	memset(big, 'z', sizeof(big));
	sysmsg_init(&w, write);
	w.a.fd = p[1];
	w.a.buf = big;
	w.a.nbyte = sizeof(big);
	UT_EQ(async_send(0, &w.h, sizeof(w), 0), 1);
	ut_sleep_ms(20);
	UT_EQ(async_done(&w.h), 0);
	UT_EQ(async_abort(0, &w.h), 0);
	UT_EQ(async_wait(0, &w.h), 0);
	UT_EQ(w.h.sm_error, 0);
	UT_EQ(async_result(&w.h), 16384);
	close(p[1]);
	got = 0;
	while ((n = read(p[0], big, sizeof(big))) > 0)
		got += n;
	UT_EQ(got, 16384);
	close(p[0]);
}

static long long
now_ms_total(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/*
 * A header that straddles two pages, cut at each of its fields: the
 * completion writes sm_error, sm_result and sm_flags through one
 * temporary mapping per page (the header in one page takes one), and
 * the program sees all three.
 */
static void
test_straddle(void)
{
	static const int cut[] = { 4, 8, 12, 20 };	/* header bytes on
							 * the first page */
	SYSMSG(read) *rp;
	char *pg, buf[8];
	int p[2];
	size_t i;

	pg = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
	    -1, 0);
	UT_TRUE(pg != MAP_FAILED);
	if (pg == MAP_FAILED)
		return;
	UT_EQ(pipe(p), 0);
	for (i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		rp = (void *)(pg + 4096 - cut[i]);
		sysmsg_init(rp, read);
		rp->h.sm_error = -1;
		rp->h.sm_result = -1;
		rp->a.fd = p[0];
		rp->a.buf = buf;
		rp->a.nbyte = sizeof(buf);
		UT_EQ(async_send(0, &rp->h, sizeof(*rp), 0), 1);
		UT_TRUE(!async_done(&rp->h));
		UT_EQ(write(p[1], "abc", 3), 3);
		UT_EQ(async_wait(0, &rp->h), 0);
		UT_TRUE(async_done(&rp->h));
		UT_EQ(rp->h.sm_error, 0);
		UT_EQ(rp->h.sm_result, 3);
		UT_EQ(rp->h.sm_flags, SMF_ASYNC | SMF_DONE);
		UT_EQ(memcmp(buf, "abc", 3), 0);
	}
	close(p[0]);
	close(p[1]);
	UT_EQ(munmap(pg, 8192), 0);
}

int
main(void)
{
	size_t len = sizeof(hz);

	long long t_start = now_ms_total();

	if (sysctl("kern.hz", &hz, &len, NULL, 0) != 0 || hz <= 0)
		hz = 100;
	test_many_sleeps();
	test_big_io();
	test_pipes();
	test_straddle();
	test_paths();
	test_abort_race();
	test_abort_pipe();
	printf("async_io: took %lld ms\n", now_ms_total() - t_start);
	UT_DONE("async_io");
}
