/*
 * vm_oom - when memory runs out, the kernel kills the largest process
 * (by resident pages), not the one whose page fault happened to find no
 * page, and bystanders live on (the rule: sys/vm/vm_oom.c).
 *
 *   hog alone    a child touches anonymous memory without end: it is the
 *                largest, so its own fault kills it (SIGKILL); a small
 *                sibling blocked in a pipe read survives and answers.
 *   the largest  child A touches memory until a quarter of the free
 *                pages is left and then blocks; child B (smaller) then
 *                touches more than is left.  B's fault finds no page, A
 *                is killed for it, and B gets A's pages and finishes
 *                (exit 0); the small sibling survives again.
 *
 *   fork at the edge  a child takes every page user memory may have,
 *                then gives them back one by one until a kernel stack's
 *                are free: at each count of free pages below that, its
 *                forks fail with ENOMEM (no stack) and leave nothing
 *                behind, no process, page or byte of kernel memory; the
 *                child lives on (nobody is killed for a fork).  Near the
 *                edge the child never touches a page itself: a touch
 *                may take more than its page (a page table, an object's
 *                slot array, from the same pool), and a fault from user
 *                mode that finds none would get it killed by the rule
 *                above.  The kernel writes those pages for it
 *                (touch_gently), and a fault inside the kernel that
 *                finds no page fails the call (EFAULT) instead: so the
 *                edge is reached exactly, whatever the boot's memory
 *                size and layout.
 *
 * Every child runs under a watchdog: the parent checks it a bounded
 * number of times and kills it if it is still running, so a wedge fails
 * the test instead of hanging it.  Memory is touched in chunks of
 * CHUNK_PAGES pages, each followed by an inaccessible page so that the
 * chunks stay separate map entries (no one object grows without end).
 * The runner's leak check then finds every page back.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/sysctl.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define PAGE		4096
#define CHUNK_PAGES	1024	/* 4 MB */
#define WATCH_CHECKS	6000	/* 10 ms sleeps: a minute before the kill */

/*
 * Touch up to npages new pages (npages < 0: without end), stopping early
 * once vm.free_pages is below stop_free (if stop_free > 0).  Returns the
 * pages touched; -1 if mmap refused memory before the goal.
 */
static int
touch(int npages, int stop_free)
{
	int done = 0, i;

	while (npages < 0 || done < npages) {
		char *p = mmap(NULL, (CHUNK_PAGES + 1) * PAGE,
		    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);

		if (p == MAP_FAILED)
			return (-1);
		if (mprotect(p + CHUNK_PAGES * PAGE, PAGE, PROT_NONE) != 0)
			return (-1);
		for (i = 0; i < CHUNK_PAGES && (npages < 0 || done < npages);
		    i++, done++) {
			p[i * PAGE] = 1;
			if (stop_free > 0 && (done & 255) == 0 &&
			    ut_sysctl_int("vm.free_pages") < stop_free)
				return (done + 1);
		}
	}
	return (done);
}

/* A small process blocked reading fds[0]; it answers on back[1]. */
static pid_t
sibling(int fds[2], int back[2])
{
	pid_t pid;
	char c;

	if (pipe(fds) != 0 || pipe(back) != 0)
		return (-1);
	pid = fork();
	if (pid == 0) {
		close(fds[1]);
		close(back[0]);
		if (read(fds[0], &c, 1) != 1)
			_exit(1);
		c++;
		_exit(write(back[1], &c, 1) == 1 ? 0 : 2);
	}
	close(fds[0]);
	close(back[1]);
	return (pid);
}

/* The sibling still answers, and exits 0. */
static void
sibling_check(pid_t pid, int fds[2], int back[2])
{
	char c = 'a';

	UT_EQ(write(fds[1], &c, 1), 1);
	UT_EQ(read(back[0], &c, 1), 1);
	UT_EQ(c, 'b');
	UT_EQ(ut_watch(pid, WATCH_CHECKS), 0);
	close(fds[1]);
	close(back[0]);
}

static void
test_hog_alone(void)
{
	int fds[2], back[2], status;
	pid_t sib, hog;

	sib = sibling(fds, back);
	UT_TRUE(sib > 0);
	fflush(stdout);
	hog = fork();
	if (hog == 0) {
		touch(-1, 0);
		_exit(3);		/* mmap refused first */
	}
	UT_TRUE(hog > 0);
	status = ut_watch(hog, WATCH_CHECKS);
	printf("vm_oom: hog alone: status 0x%x\n", status);
	/* Either the kernel killed it, or it ran out of address space
	 * first (exit 3): then memory never ran out, which the sizes here
	 * rule out (3 GB of address space, at most 512 MB of memory). */
	UT_TRUE(status != -1 && WIFSIGNALED(status));
	UT_EQ(WTERMSIG(status), SIGKILL);
	sibling_check(sib, fds, back);
}

static void
test_largest(void)
{
	int fds[2], back[2], ready[2], status, free0, got;
	pid_t sib, a, b;
	char c;

	sib = sibling(fds, back);
	UT_TRUE(sib > 0);
	UT_EQ(pipe(ready), 0);
	free0 = ut_sysctl_int("vm.free_pages");
	fflush(stdout);
	a = fork();
	if (a == 0) {
		/* The large one: three quarters of the free pages, then it
		 * waits (for ever: it is meant to be killed). */
		close(ready[0]);
		if (touch(-1, free0 / 4) < 0)
			_exit(3);
		c = 'r';
		write(ready[1], &c, 1);
		for (;;) {
			struct timespec ts = { 1, 0 };

			nanosleep(&ts, NULL);
		}
	}
	UT_TRUE(a > 0);
	close(ready[1]);
	UT_EQ(read(ready[0], &c, 1), 1);
	close(ready[0]);
	got = ut_sysctl_int("vm.free_pages");
	printf("vm_oom: A (pid %d) holds about %d pages, %d free\n", (int)a,
	    free0 - got, got);
	b = fork();
	if (b == 0) {
		/* The smaller one wants more than is left. */
		_exit(touch(got + 1024, 0) == got + 1024 ? 0 : 4);
	}
	UT_TRUE(b > 0);
	status = ut_watch(b, WATCH_CHECKS);
	printf("vm_oom: B (pid %d) status 0x%x\n", (int)b, status);
	UT_EQ(status, 0);		/* B was not the one killed */
	status = ut_watch(a, WATCH_CHECKS);
	printf("vm_oom: A status 0x%x\n", status);
	UT_TRUE(status != -1 && WIFSIGNALED(status));
	UT_EQ(WTERMSIG(status), SIGKILL);
	sibling_check(sib, fds, back);
}

/*
 * A fork needs a kernel stack of KSTACK_PAGES pages (sys/sys/param.h)
 * that are not direct-mapped: with fewer user pages free it must fail.
 */
#define KSTACK_PAGES	4
#define EDGE_SLACK	64	/* pages mapped beyond those free */

/*
 * Make the page at p resident without a fault from user mode: the
 * kernel writes it (clock_gettime's copyout).  False (EFAULT) when no
 * page could be had for it: memory is out and nobody was killed.
 */
static bool
touch_gently(char *p)
{
	return (clock_gettime(CLOCK_MONOTONIC, (struct timespec *)p) == 0);
}

/*
 * Take every user page.  Returns the first page-by-page region (at
 * least EDGE_SLACK pages, the first of them resident) and its size in
 * *np; NULL if memory could not be taken.
 */
static char *
take_all(int *np)
{
	char *p, *first = NULL;
	int n, i, tries;

	/* A page still shared with our parent is copied when we first
	 * write it, a fault from user mode: at the edge, that would kill
	 * us.  So fail a call now, while pages are free: the pages a
	 * failed call writes (libc's errno words) are then ours. */
	if (touch_gently(NULL))
		return (NULL);
	/* Nearly there in big steps, from user mode: a chunk's page
	 * tables and slot array are far below the margin. */
	while (ut_sysctl_int("vm.free_pages_user") > 2 * CHUNK_PAGES)
		if (touch(CHUNK_PAGES, 0) != CHUNK_PAGES)
			return (NULL);
	/* The rest page by page through the kernel, until a page cannot
	 * be had and none is free. */
	for (tries = 0; tries < 100; tries++) {
		n = ut_sysctl_int("vm.free_pages_user") + EDGE_SLACK;
		p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANON, -1, 0);
		if (p == MAP_FAILED)
			return (NULL);
		if (first == NULL) {
			first = p;
			*np = n;
		}
		for (i = 0; i < n && touch_gently(p + i * PAGE); i++)
			;
		if (i < n && ut_sysctl_int("vm.free_pages_user") == 0)
			return (first);
	}
	return (NULL);
}

/*
 * In a child: take every user page, then give them back one by one
 * until a kernel stack's are free; at each count of free pages on the
 * way (a page given back may bring a page of kernel memory with it:
 * some counts are skipped), fork must fail with ENOMEM and change
 * nothing.  Returns an exit status: 0, or the failed check.
 */
static int
fork_edge(void)
{
	int left, pages, kmem, nprocs, n, given = 0, i;
	int status = 0, after[3], seen = 0;
	char *first;
	pid_t pid;

	if ((first = take_all(&n)) == NULL)
		return (1);
	while (status == 0 &&
	    (left = ut_sysctl_int("vm.free_pages_user")) < KSTACK_PAGES) {
		seen |= 1 << left;
		for (i = 0; i < 2 && status == 0; i++) {
			pages = ut_sysctl_int("vm.free_pages");
			kmem = ut_sysctl_int("kern.kmem_inuse");
			nprocs = ut_sysctl_int("kern.nprocs");
			errno = 0;
			pid = fork();
			if (pid == 0)
				_exit(0);
			after[0] = ut_sysctl_int("vm.free_pages");
			after[1] = ut_sysctl_int("kern.kmem_inuse");
			after[2] = ut_sysctl_int("kern.nprocs");
			if (pid != -1 || errno != ENOMEM)
				status = 10 + left;
			else if (after[0] != pages || after[1] != kmem ||
			    after[2] != nprocs)
				status = 20 + left;
		}
		if (given == EDGE_SLACK)
			status = 2;
		else if (munmap(first + given++ * PAGE, PAGE) != 0)
			status = 3;
	}
	/* Give the region back before printing: stdout's buffer is not
	 * allocated yet. */
	munmap(first, n * PAGE);
	if (status >= 20)
		printf("vm_oom: a failed fork at %d free pages changed free "
		    "pages %d -> %d, kernel memory %d -> %d, processes %d -> "
		    "%d\n", left, pages, after[0], kmem, after[1], nprocs,
		    after[2]);
	else if (status == 0)
		printf("vm_oom: fork at the edge: ENOMEM, nothing changed, at "
		    "free page counts 0x%x (bit n: n pages)\n", seen);
	return (status);
}

static void
test_fork_edge(void)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(fork_edge());
	UT_TRUE(pid > 0);
	UT_EQ(ut_watch(pid, WATCH_CHECKS), 0);
}

int
main(void)
{
	test_fork_edge();
	test_hog_alone();
	test_largest();
	UT_DONE("vm_oom");
}
