/*
 * vm_cow - copy-on-write fork.  Forking a process with a 4 MiB private
 * buffer costs far fewer pages than the buffer; parent and child then
 * each see only their own stores, in both directions and in either
 * order.  A chain of four generations, each writing its own part of a
 * buffer before and after forking, sees exactly the writes made before
 * each fork above it.  MAP_SHARED|MAP_ANON memory is shared across fork
 * (also with a grandchild); private and shared memory stay valid in a
 * child after the parent unmaps its copy.  At the end the free page
 * count is back where it started.
 *
 * Children check with the same assertions, print their own failures
 * and exit 1 if they had any; the parent checks their exit status.
 * Pipes order parent and child; every wait for a byte ends at EOF if
 * the other side dies.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define PGSZ	4096
#define MB	(1024 * 1024)
#define RW	(PROT_READ | PROT_WRITE)

#define BUFSZ	(4 * MB)
#define NWORDS	(BUFSZ / 4)

/*
 * Words [from, to) of w hold the pattern fill() wrote with seed; on a
 * mismatch print the first differing word and how many differ.
 */
#define UT_FILL(w, from, to, seed) do {					\
	size_t _bad, _first;						\
	_bad = check(w, from, to, seed, &_first);			\
	if (_bad != 0) {						\
		printf("FAIL: %s:%d: pid %d: %s[%zu..%zu) seed %#x: "	\
		    "%zu words differ, first [%zu] = %#x want %#x\n",	\
		    __FILE__, __LINE__, getpid(), #w, (size_t)(from),	\
		    (size_t)(to), (unsigned)(seed), _bad, _first,	\
		    (unsigned)(w)[_first],				\
		    (unsigned)word(_first, seed));			\
		ut_failures++;						\
	}								\
} while (0)

/* The pattern: different in every word and for every seed. */
static uint32_t
word(size_t i, uint32_t seed)
{
	return ((uint32_t)i * 2654435761u ^ seed);
}

static void
fill(uint32_t *w, size_t from, size_t to, uint32_t seed)
{
	size_t i;

	for (i = from; i < to; i++)
		w[i] = word(i, seed);
}

/* How many words of [from, to) differ from the pattern; *first: the first. */
static size_t
check(const uint32_t *w, size_t from, size_t to, uint32_t seed,
    size_t *first)
{
	size_t i, bad = 0;

	*first = from;
	for (i = from; i < to; i++)
		if (w[i] != word(i, seed) && bad++ == 0)
			*first = i;
	return (bad);
}

/* How many of the n words at w are not zero. */
static size_t
nonzero_words(const uint32_t *w, size_t n)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++)
		if (w[i] != 0)
			bad++;
	return (bad);
}

/* fork, with stdout flushed so nothing buffered is printed twice. */
static pid_t
xfork(void)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		ut_failures = 0;	/* the child counts its own */
	return (pid);
}

/* End a child: exit 1 if any of its checks failed. */
static void __dead2
child_exit(void)
{
	fflush(stdout);
	_exit(ut_failures != 0);
}

/* Wait for one byte from fd; 1 if it came, 0 at EOF or on error. */
static int
wait_byte(int fd)
{
	char c;

	return (read(fd, &c, 1) == 1);
}

/* Reap pid and check that it exited 0. */
#define UT_REAP(pid) do {						\
	int _st = -1;							\
	pid_t _p = (pid);						\
	if (waitpid(_p, &_st, 0) != _p || _st != 0) {			\
		printf("FAIL: %s:%d: child %d: wait status 0x%x\n",	\
		    __FILE__, __LINE__, _p, _st);			\
		ut_failures++;						\
	}								\
} while (0)

/*
 * The basic exchange.  After the fork the child writes the first half,
 * then the parent (once the child has said it is done) the second
 * half; each must keep seeing only its own stores.
 */
static void
test_fork(void)
{
	const uint32_t s1 = 0x11111111, s2 = 0x22222222, s3 = 0x33333333;
	int c2p[2], p2c[2], f0, fc, fa, fb;
	uint32_t *buf;
	pid_t pid;

	buf = mmap(NULL, BUFSZ, RW, MAP_PRIVATE | MAP_ANON, -1, 0);
	UT_TRUE(buf != MAP_FAILED);
	if (buf == MAP_FAILED)
		return;
	fill(buf, 0, NWORDS, s1);
	UT_EQ(pipe(c2p), 0);
	UT_EQ(pipe(p2c), 0);
	fflush(stdout);
	f0 = ut_sysctl_int("vm.free_pages");
	pid = xfork();
	if (pid == 0) {
		/* First thing: what did the fork cost? */
		fc = ut_sysctl_int("vm.free_pages");
		close(c2p[0]);
		close(p2c[1]);
		UT_RANGE(f0 - fc, -16, 255);
		UT_FILL(buf, 0, NWORDS, s1);
		/* Each page written is copied: one new page each. */
		fa = ut_sysctl_int("vm.free_pages");
		fill(buf, 0, NWORDS / 2, s2);
		fb = ut_sysctl_int("vm.free_pages");
		UT_RANGE(fa - fb, BUFSZ / PGSZ / 2 - 16, BUFSZ / PGSZ / 2 + 48);
		UT_FILL(buf, 0, NWORDS / 2, s2);
		UT_FILL(buf, NWORDS / 2, NWORDS, s1);
		UT_EQ(write(c2p[1], "1", 1), 1);
		/* The parent now writes its second half. */
		UT_TRUE(wait_byte(p2c[0]));
		UT_FILL(buf, 0, NWORDS / 2, s2);
		UT_FILL(buf, NWORDS / 2, NWORDS, s1);
		child_exit();
	}
	UT_TRUE(pid > 0);
	close(c2p[1]);
	close(p2c[0]);
	if (pid > 0) {
		UT_TRUE(wait_byte(c2p[0]));
		/* The child's stores are not here. */
		UT_FILL(buf, 0, NWORDS, s1);
		/* The child still has these: copied too. */
		fa = ut_sysctl_int("vm.free_pages");
		fill(buf, NWORDS / 2, NWORDS, s3);
		fb = ut_sysctl_int("vm.free_pages");
		UT_RANGE(fa - fb, BUFSZ / PGSZ / 2 - 16, BUFSZ / PGSZ / 2 + 48);
		UT_FILL(buf, 0, NWORDS / 2, s1);
		UT_FILL(buf, NWORDS / 2, NWORDS, s3);
		UT_EQ(write(p2c[1], "2", 1), 1);
	}
	close(p2c[1]);
	close(c2p[0]);
	if (pid > 0)
		UT_REAP(pid);
	UT_FILL(buf, 0, NWORDS / 2, s1);
	UT_FILL(buf, NWORDS / 2, NWORDS, s3);
	UT_EQ(munmap(buf, BUFSZ), 0);
}

/*
 * The chain: generation g (0 is this process) finds regions r < g as
 * generation r wrote them before forking (PRE), the others untouched
 * (INIT); it writes PRE(g) into region g and forks g + 1.  After the
 * fork, before letting the child look, it writes POST(g) into region
 * g and SCRIB(g) into every later region.  Once the child has exited
 * it must still see exactly its own writes.
 */
#define NGEN		4
#define RWORDS		(8 * PGSZ / 4)	/* 8 pages a region */
#define T_INIT		0x49490000u
#define T_PRE(g)	(0x50500000u + (g))
#define T_POST(g)	(0x60600000u + (g))
#define T_SCRIB(g)	(0x70700000u + (g))

static uint32_t *chain;

static void
fill_region(int r, uint32_t tag)
{
	fill(chain, r * RWORDS, (r + 1) * RWORDS, tag);
}

#define UT_REGION(r, tag) do {						\
	int _r = (r);							\
	UT_FILL(chain, _r * RWORDS, (_r + 1) * RWORDS, (tag));		\
} while (0)

static void
chain_gen(int g)
{
	int fds[2], r;
	pid_t pid;

	for (r = 0; r < NGEN; r++)
		UT_REGION(r, r < g ? T_PRE(r) : T_INIT);
	fill_region(g, T_PRE(g));
	UT_REGION(g, T_PRE(g));
	if (g == NGEN - 1)
		return;

	if (pipe(fds) != 0) {
		printf("FAIL: %s:%d: pipe: errno %d\n", __FILE__, __LINE__,
		    errno);
		ut_failures++;
		return;
	}
	pid = xfork();
	if (pid == 0) {
		close(fds[1]);
		UT_TRUE(wait_byte(fds[0]));
		close(fds[0]);
		chain_gen(g + 1);
		child_exit();
	}
	UT_TRUE(pid > 0);
	close(fds[0]);
	fill_region(g, T_POST(g));
	for (r = g + 1; r < NGEN; r++)
		fill_region(r, T_SCRIB(g));
	UT_EQ(write(fds[1], "g", 1), 1);
	close(fds[1]);
	if (pid > 0)
		UT_REAP(pid);

	/* None of the descendants' writes, and our own intact. */
	for (r = 0; r < g; r++)
		UT_REGION(r, T_PRE(r));
	UT_REGION(g, T_POST(g));
	for (r = g + 1; r < NGEN; r++)
		UT_REGION(r, T_SCRIB(g));
}

static void
test_chain(void)
{
	chain = mmap(NULL, NGEN * RWORDS * 4, RW, MAP_PRIVATE | MAP_ANON,
	    -1, 0);
	UT_TRUE(chain != MAP_FAILED);
	if (chain == MAP_FAILED)
		return;
	fill(chain, 0, NGEN * RWORDS, T_INIT);
	chain_gen(0);
	UT_EQ(munmap(chain, NGEN * RWORDS * 4), 0);
}

/*
 * MAP_SHARED|MAP_ANON: one copy for everybody.  Page 3 is first
 * touched in the child, page 2 in a grandchild.
 */
static void
test_shared(void)
{
	const uint32_t a = 0xaaaa0000, b = 0xbbbb0000, c = 0xcccc0000;
	const uint32_t d = 0xdddd0000;
	const size_t pw = PGSZ / 4;	/* words a page */
	uint32_t *s;
	pid_t pid, gpid;

	s = mmap(NULL, 4 * PGSZ, RW, MAP_SHARED | MAP_ANON, -1, 0);
	UT_TRUE(s != MAP_FAILED);
	if (s == MAP_FAILED)
		return;
	fill(s, 0, 2 * pw, a);

	pid = xfork();
	if (pid == 0) {
		UT_FILL(s, 0, 2 * pw, a);
		UT_EQ(nonzero_words(s + 2 * pw, 2 * pw), 0);
		fill(s, 0, pw, b);
		fill(s, 3 * pw, 4 * pw, b);
		gpid = xfork();
		if (gpid == 0) {
			UT_FILL(s, 0, pw, b);
			UT_FILL(s, 3 * pw, 4 * pw, b);
			fill(s, 2 * pw, 3 * pw, c);
			child_exit();
		}
		UT_TRUE(gpid > 0);
		if (gpid > 0)
			UT_REAP(gpid);
		UT_FILL(s, 2 * pw, 3 * pw, c);
		child_exit();
	}
	UT_TRUE(pid > 0);
	if (pid > 0)
		UT_REAP(pid);
	UT_FILL(s, 0, pw, b);
	UT_FILL(s, pw, 2 * pw, a);
	UT_FILL(s, 2 * pw, 3 * pw, c);
	UT_FILL(s, 3 * pw, 4 * pw, b);

	/* And the other way: the parent's later stores reach a new child. */
	fill(s, pw, 2 * pw, d);
	pid = xfork();
	if (pid == 0) {
		UT_FILL(s, pw, 2 * pw, d);
		UT_FILL(s, 2 * pw, 3 * pw, c);
		child_exit();
	}
	UT_TRUE(pid > 0);
	if (pid > 0)
		UT_REAP(pid);
	UT_EQ(munmap(s, 4 * PGSZ), 0);
}

/*
 * The parent unmaps its private (copy-on-write) and shared memory
 * while the child still has them: the child's copies are unaffected.
 */
static void
test_unmap_parent(void)
{
	const uint32_t sp = 0x5e5e0000, ss = 0x5a5a0000, sc = 0xc0c00000;
	const size_t nw = 16 * PGSZ / 4;
	uint32_t *p, *s;
	int fds[2];
	pid_t pid;

	p = mmap(NULL, 16 * PGSZ, RW, MAP_PRIVATE | MAP_ANON, -1, 0);
	s = mmap(NULL, 16 * PGSZ, RW, MAP_SHARED | MAP_ANON, -1, 0);
	UT_TRUE(p != MAP_FAILED && s != MAP_FAILED);
	if (p == MAP_FAILED || s == MAP_FAILED)
		return;
	fill(p, 0, nw, sp);
	fill(s, 0, nw, ss);
	UT_EQ(pipe(fds), 0);
	pid = xfork();
	if (pid == 0) {
		close(fds[1]);
		UT_TRUE(wait_byte(fds[0]));
		close(fds[0]);
		UT_FILL(p, 0, nw, sp);
		UT_FILL(s, 0, nw, ss);
		fill(p, 0, nw, sc);
		fill(s, 0, nw, sc);
		UT_FILL(p, 0, nw, sc);
		UT_FILL(s, 0, nw, sc);
		child_exit();
	}
	UT_TRUE(pid > 0);
	close(fds[0]);
	UT_EQ(munmap(p, 16 * PGSZ), 0);
	UT_EQ(munmap(s, 16 * PGSZ), 0);
	UT_EQ(write(fds[1], "u", 1), 1);
	close(fds[1]);
	if (pid > 0)
		UT_REAP(pid);
}

int
main(int argc, char **argv)
{
	int f0, f1;

	ut_warm_stack();
	f0 = ut_sysctl_int("vm.free_pages");
	UT_TRUE(f0 > 0);
	test_fork();
	test_chain();
	test_shared();
	test_unmap_parent();
	/* All children are gone and every buffer unmapped. */
	f1 = ut_sysctl_int("vm.free_pages");
	UT_RANGE(f0 - f1, -8, 8);
	UT_DONE("vm_cow");
}
