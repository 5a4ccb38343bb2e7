/*
 * init - process 1.
 *
 * It starts one program and then reaps every process that ends up its
 * child: orphans are reparented to init, and init waiting for them is
 * what lets them go.  Which program depends on its argument (the
 * kernel command line passes it on):
 *
 *   tests      /bin/testrun, the user test runner (test/testrun.c);
 *              init exits with its status when it ends
 *   utest=NAME[,NAME...]  /bin/testrun NAME,...: the runner runs those
 *              programs alone
 *   bench      /bin/syscall_bench, then /bin/blk_bench (the disks);
 *              benchwall: /bin/syscall_bench wall
 *              (its wall-clock I/O ratios)
 *   (nothing)  /bin/hello, then a shell on the console, started again
 *              each time it exits
 *
 * Each program gets the default environment below.  The shell on the
 * console leads a session of its own whose controlling terminal is the
 * console (setsid, then TIOCSCTTY on its standard input), so the
 * console's Ctrl-C, Ctrl-\ and Ctrl-Z go to its foreground group
 * (sys/kern/tty_jobc.c), never to init or the tests.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * Every program's environment starts here: the kernel starts init with
 * none, and each program passes its own on (the shell adds what the user
 * exports).  TERM names what the console driver understands.
 */
static char *const default_env[] = {
	"PATH=/bin",
	"HOME=/",
	"TERM=vt100",
	"SHELL=/bin/sh",
	NULL
};

/* Start /bin/name with one optional argument, in a session of its own
 * on the console if session; returns its pid or -1. */
static pid_t
start(const char *name, const char *arg, bool session)
{
	char path[64];
	char *argv[3];
	pid_t pid;

	snprintf(path, sizeof(path), "/bin/%s", name);
	argv[0] = (char *)name;
	argv[1] = (char *)arg;
	argv[2] = NULL;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (session && (setsid() < 0 || ioctl(0, TIOCSCTTY, NULL) < 0))
			printf("init: no controlling terminal for %s: error %d\n",
			    name, errno);
		execve(path, argv, default_env);
		printf("init: cannot exec %s: error %d\n", path, errno);
		_exit(127);
	}
	return (pid);
}

/*
 * Reap children (any of them: orphans too) until pid exits; returns its
 * wait status, or -1 if it was never started.
 */
static int
reap_until(pid_t pid)
{
	int status;
	pid_t p;

	if (pid < 0)
		return (-1);
	for (;;) {
		p = wait4(-1, &status, 0, NULL);
		if (p == pid)
			return (status);
		if (p < 0 && errno != EINTR)
			return (-1);
	}
}

/* Run one program to its end; true if it exited with status 0. */
static bool
run(const char *name, const char *arg)
{
	return (reap_until(start(name, arg, false)) == 0);
}

int
main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (getpid() != 1) {
		printf("init: must be process 1\n");
		return (1);
	}
	if (strcmp(mode, "tests") == 0)
		return (run("testrun", NULL) ? 0 : 1);
	if (strncmp(mode, "utest=", 6) == 0)
		return (run("testrun", mode + 6) ? 0 : 1);
	if (strcmp(mode, "bench") == 0) {
		bool ok = run("syscall_bench", NULL);

		return (run("blk_bench", NULL) && ok ? 0 : 1);
	}
	if (strcmp(mode, "benchwall") == 0)
		return (run("syscall_bench", "wall") ? 0 : 1);
	run("hello", NULL);
	/* The shell exits 127 only if it cannot start at all. */
	for (;;) {
		int status = reap_until(start("sh", NULL, true));

		if (status == -1 || (WIFEXITED(status) &&
		    WEXITSTATUS(status) == 127))
			break;
	}
	/* No shell: go on reaping orphans, or sleep when there are none. */
	for (;;) {
		struct timespec ts = { 3600, 0 };
		int status;

		if (wait4(-1, &status, 0, NULL) < 0)
			nanosleep(&ts, NULL);
	}
}
