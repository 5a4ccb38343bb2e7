/*
 * testrun - the user test runner that init starts in test mode.
 *
 * It runs every program of the runlist (test/runlist, compiled in) in a
 * forked child, one at a time, and judges each on three counts, all of
 * which it reports (a test that fails and also leaks says both):
 *
 *   status  the program must exit with status 0 (test/include/utest.h:
 *           a failed test exits with UT_EXIT_FAILED, never its count);
 *   strays  once it has exited, every process it started must be gone
 *           too.  An orphan is reparented to init, which reaps it; the
 *           runner waits (a bounded number of short sleeps) until the
 *           process count is back to its value before the test;
 *   leaks   the kernel's free page count, kernel memory in use, vnodes,
 *           namecache entries, open files, VM objects, map entries and
 *           held pages, read through sysctl (after purging unused
 *           namecache entries), must return to their values before.
 *           Free pages are counted with the pages the kernel allocator's
 *           small-block slabs hold (kern.kmem_slabpages): the same bytes
 *           in use may sit on more or fewer slab pages after a test that
 *           made long-lived kernel objects (a user driver restarted: its
 *           process, its service) while short-lived ones came and went;
 *           that spread is not a leak, and a leak of kernel memory still
 *           shows in kernel memory in use.
 *
 * Each test prints one "PASS user:NAME" or "FAIL user:NAME - why" line;
 * the host harness (test/qemu-check.sh) checks that every name of the
 * runlist has its PASS line, so a shortened list cannot pass.  The last
 * line is "user: N passed, M failed"; the exit status is 0 if every test
 * passed, else 1.  With an argument, a comma-separated list of names, it
 * runs those programs instead of the runlist (the harness checks the runner itself that way,
 * with test/proc/ut_selftest.c).
 */
#include <sys/types.h>
#include <stdbool.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "runlist.h"
#include "utest.h"

#define STRAY_WAITS	500	/* 10 ms sleeps for orphans to be reaped */

/* Run /bin/name; returns its wait status, or -1 if it could not start. */
static int
run(const char *name)
{
	char path[64];
	char *argv[2];
	int status;
	pid_t pid;

	snprintf(path, sizeof(path), "/bin/%s", name);
	argv[0] = (char *)name;
	argv[1] = NULL;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return (-1);
	if (pid == 0) {
		execve(path, argv, environ);	/* init's default */
		printf("testrun: cannot exec %s: error %d\n", path, errno);
		_exit(127);
	}
	if (wait4(pid, &status, 0, NULL) != pid)
		return (-1);
	return (status);
}

/*
 * Wait until no more than nprocs processes exist (init reaps orphans as
 * they exit); returns how many are left over.
 */
static int
strays(int nprocs)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int i, n = 0;

	for (i = 0; i < STRAY_WAITS; i++) {
		n = ut_sysctl_int("kern.nprocs");
		if (n <= nprocs)
			return (0);
		nanosleep(&ts, NULL);
	}
	return (n - nprocs);
}

/* What must come back after each test. */
struct snapshot {
	int	pages, kmem, vnodes, ncentries, files;
	int	objects, entries, held;	/* VM objects, map entries, held pages */
};

static void
snapshot(struct snapshot *ss)
{
	int one = 1;

	/* Drop the names a test created and removed from the namecache. */
	sysctl("vfs.cache.purge", NULL, NULL, &one, sizeof(one));
	ss->pages = ut_sysctl_int("vm.free_pages") +
	    ut_sysctl_int("kern.kmem_slabpages");
	ss->kmem = ut_sysctl_int("kern.kmem_inuse");
	ss->vnodes = ut_sysctl_int("vfs.numvnodes");
	ss->ncentries = ut_sysctl_int("vfs.cache.numentries");
	ss->files = ut_sysctl_int("kern.openfiles");
	ss->objects = ut_sysctl_int("vm.objects");
	ss->entries = ut_sysctl_int("vm.map_entries");
	ss->held = ut_sysctl_int("vm.held_pages");
}

static void
print_leak(const struct snapshot *s0, const struct snapshot *s1)
{
	printf(" leak: free pages (with slab pages) %d -> %d, "
	    "kernel memory %d -> %d, vnodes %d -> %d, namecache entries %d -> %d, files %d -> %d, "
	    "VM objects %d -> %d, map entries %d -> %d, held pages %d -> %d;",
	    s0->pages, s1->pages, s0->kmem, s1->kmem, s0->vnodes, s1->vnodes,
	    s0->ncentries, s1->ncentries, s0->files, s1->files,
	    s0->objects, s1->objects, s0->entries, s1->entries,
	    s0->held, s1->held);
}

/* The names of a comma-separated list, as a NULL-terminated array. */
static const char *const *
split_list(char *s)
{
	static const char *names[33];
	int n = 0;

	while (s != NULL && *s != '\0' && n < 32) {
		names[n++] = s;
		if ((s = strchr(s, ',')) != NULL)
			*s++ = '\0';
	}
	names[n] = NULL;
	return (names);
}

int
main(int argc, char **argv)
{
	const char *const *list = argc > 1 ? split_list(argv[1]) : runlist;
	struct snapshot s0, s1;
	int i, passed = 0, failed = 0, status, nprocs, left;
	bool leaked;

	for (i = 0; list[i] != NULL; i++) {
		nprocs = ut_sysctl_int("kern.nprocs");
		snapshot(&s0);
		status = run(list[i]);
		left = strays(nprocs);
		snapshot(&s1);
		leaked = memcmp(&s0, &s1, sizeof(s0)) != 0;
		if (status == 0 && left == 0 && !leaked) {
			printf("PASS user:%s\n", list[i]);
			passed++;
			continue;
		}
		printf("FAIL user:%s -", list[i]);
		if (status != 0)
			printf(" exit status 0x%x;", status);
		if (left != 0)
			printf(" %d process(es) left behind;", left);
		if (leaked)
			print_leak(&s0, &s1);
		printf("\n");
		failed++;
	}
	printf("user: %d passed, %d failed\n", passed, failed);
	return (failed != 0 ? 1 : 0);
}
