/*
 * init - process 1.
 *
 * With the argument "tests", run every program of the runlist
 * (test/runlist, compiled in) in a forked child, one at a time, and turn
 * each exit status into PASS or FAIL.  Around each test it reads the
 * kernel's free page count and kernel memory in use through sysctl: if
 * they do not return to their values before the test, the test leaked
 * and fails.  It ends with "user: N passed, M failed" and exits with the
 * number of failures.
 *
 * With "bench", run /bin/syscall_bench.  With no argument, run /bin/hello
 * and then idle.
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
		execve(path, argv, NULL);
		printf("init: cannot exec %s: error %d\n", path, errno);
		_exit(127);
	}
	if (wait4(pid, &status, 0, NULL) != pid)
		return (-1);
	return (status);
}

static int
run_tests(void)
{
	int i, passed = 0, failed = 0;

	for (i = 0; runlist[i] != NULL; i++) {
		int pages0, kmem0, pages1, kmem1, status;

		/* One warm-up round settles the kernel's own caches. */
		pages0 = sysctl_int("vm.free_pages");
		kmem0 = sysctl_int("kern.kmem_inuse");
		status = run(runlist[i]);
		pages1 = sysctl_int("vm.free_pages");
		kmem1 = sysctl_int("kern.kmem_inuse");
		if (status != 0) {
			printf("FAIL user:%s - exit status 0x%x\n", runlist[i],
			    status);
			failed++;
		} else if (pages0 != pages1 || kmem0 != kmem1) {
			printf("FAIL user:%s - leak: free pages %d -> %d, "
			    "kernel memory %d -> %d\n", runlist[i], pages0,
			    pages1, kmem0, kmem1);
			failed++;
		} else {
			printf("PASS user:%s\n", runlist[i]);
			passed++;
		}
	}
	printf("user: %d passed, %d failed\n", passed, failed);
	return (failed);
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
	run("hello");
	for (;;) {
		struct timespec ts = { 3600, 0 };

		nanosleep(&ts, NULL);
	}
}
