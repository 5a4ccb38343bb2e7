/*
 * init - process 1.
 *
 * With the argument "tests", run every program of the runlist
 * (test/runlist, compiled in) in a forked child, one at a time, and turn
 * each exit status into PASS or FAIL.  Around each test it reads the
 * kernel's free page count, kernel memory in use, vnodes, namecache
 * entries, open files, VM objects, map entries and held pages through
 * sysctl (after purging unused namecache
 * entries): if they do not return to their values before the test, the
 * test leaked and fails.  It ends with "user: N passed, M failed" and exits with the
 * number of failures.
 *
 * With "bench", run /bin/syscall_bench; with "benchwall", run it with
 * the argument "wall" (its wall-clock I/O ratios).  With no argument, run /bin/hello
 * and then a shell on the console, again each time it exits.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <time.h>
#include <sys/wait.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "runlist.h"


static int
sysctl_int(const char *name)
{
	int v = -1;
	size_t len = sizeof(v);

	if (sysctl(name, &v, &len, NULL, 0) != 0)
		return (-1);
	return (v);
}

/* Run /bin/name; returns its wait status, or -1 if it could not start. */
static int
run_arg(const char *name, const char *arg)
{
	char path[64];
	char *argv[3];
	int status;
	pid_t pid;

	snprintf(path, sizeof(path), "/bin/%s", name);
	argv[0] = (char *)name;
	argv[1] = (char *)arg;
	argv[2] = NULL;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return (-1);
	if (pid == 0) {
		execve(path, argv, NULL);
		printf("init: cannot exec %s: error %d\n", path, errno);
		_exit(127);
	}
	if (wait4(pid, &status, 0, NULL) != pid)
		return (-1);
	return (status);
}

static int
run(const char *name)
{
	return (run_arg(name, NULL));
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
	ss->pages = sysctl_int("vm.free_pages");
	ss->kmem = sysctl_int("kern.kmem_inuse");
	ss->vnodes = sysctl_int("vfs.numvnodes");
	ss->ncentries = sysctl_int("vfs.cache.numentries");
	ss->files = sysctl_int("kern.openfiles");
	ss->objects = sysctl_int("vm.objects");
	ss->entries = sysctl_int("vm.map_entries");
	ss->held = sysctl_int("vm.held_pages");
}

static int
run_tests(void)
{
	struct snapshot s0, s1;
	int i, passed = 0, failed = 0, status;

	for (i = 0; runlist[i] != NULL; i++) {
		snapshot(&s0);
		status = run(runlist[i]);
		snapshot(&s1);
		if (status != 0) {
			printf("FAIL user:%s - exit status 0x%x\n", runlist[i],
			    status);
			failed++;
		} else if (memcmp(&s0, &s1, sizeof(s0)) != 0) {
			printf("FAIL user:%s - leak: free pages %d -> %d, "
			    "kernel memory %d -> %d, vnodes %d -> %d, "
			    "namecache entries %d -> %d, files %d -> %d, "
			    "VM objects %d -> %d, map entries %d -> %d, "
			    "held pages %d -> %d\n",
			    runlist[i], s0.pages, s1.pages, s0.kmem, s1.kmem,
			    s0.vnodes, s1.vnodes, s0.ncentries, s1.ncentries,
			    s0.files, s1.files, s0.objects, s1.objects,
			    s0.entries, s1.entries, s0.held, s1.held);
			failed++;
		} else {
			printf("PASS user:%s\n", runlist[i]);
			passed++;
		}
	}
	printf("user: %d passed, %d failed\n", passed, failed);
	return (failed);
}

/* Interactive: a shell on the console, started again when it exits. */
static void
run_shell(void)
{
	char *argv[] = { "sh", NULL };
	int status;
	pid_t pid;

	for (;;) {
		fflush(stdout);
		pid = fork();
		if (pid < 0)
			return;
		if (pid == 0) {
			execve("/bin/sh", argv, NULL);
			printf("init: cannot exec /bin/sh: error %d\n", errno);
			_exit(127);
		}
		while (wait4(-1, &status, 0, NULL) != pid)
			;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			return;
	}
}

int
main(int argc, char **argv)
{
	if (getpid() != 1) {
		printf("init: must be process 1\n");
		return (1);
	}
	if (argc > 1 && strcmp(argv[1], "tests") == 0)
		return (run_tests());
	if (argc > 1 && strcmp(argv[1], "bench") == 0)
		return (run("syscall_bench") == 0 ? 0 : 1);
	if (argc > 1 && strcmp(argv[1], "benchwall") == 0)
		return (run_arg("syscall_bench", "wall") == 0 ? 0 : 1);
	run("hello");
	run_shell();
	for (;;) {
		struct timespec ts = { 3600, 0 };

		nanosleep(&ts, NULL);
	}
}
