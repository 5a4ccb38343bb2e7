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
 *   (nothing)  a shell on the console (/bin/sh), started again each
 *              time it exits, whatever its status: the console always
 *              comes back to a prompt
 *
 * Each program gets the default environment below.  Whether a program
 * could be started at all is told apart from how it ended: the child
 * reports a failed execve through a close-on-exec pipe (the pipe
 * closes with nothing in it when the exec succeeds), so a shell that
 * exits 127 after a command that was not found is started again like
 * any other, while a shell that cannot be executed is reported on the
 * console with the reason, and tried again every SHELL_RETRY seconds.
 * The shell on the console leads a session of its own whose controlling
 * terminal is the console (setsid, then TIOCSCTTY on its standard
 * input), so the console's Ctrl-C, Ctrl-\ and Ctrl-Z go to its
 * foreground group (sys/kern/tty_jobc.c), never to init or the tests.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
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

#define SHELL_RETRY	5	/* seconds between tries to start a shell */

/*
 * Start /bin/name with one optional argument; returns its pid, or -1
 * with the reason in errno: fork failed, or (if shell) the child's
 * execve did, and the child has been reaped.  A shell also gets a
 * session of its own with the console as its controlling terminal.
 * For other programs init opens nothing (the test runner counts open files from its first
 * moment) and a failed execve is the child's exit status 127.
 */
static pid_t
start(const char *name, const char *arg, bool shell)
{
	char path[64];
	char *argv[3];
	int fds[2], err = 0, status;
	pid_t pid;

	snprintf(path, sizeof(path), "/bin/%s", name);
	argv[0] = (char *)name;
	argv[1] = (char *)arg;
	argv[2] = NULL;
	if (!shell) {
		fflush(stdout);
		if ((pid = fork()) == 0) {
			execve(path, argv, default_env);
			printf("init: cannot start %s: %s\n", path,
			    strerror(errno));
			_exit(127);
		}
		return (pid);
	}
	if (pipe(fds) != 0)
		return (-1);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		if (setsid() < 0 || ioctl(0, TIOCSCTTY, NULL) < 0)
			printf("init: no controlling terminal for %s: %s\n",
			    name, strerror(errno));
		execve(path, argv, default_env);
		err = errno;
		write(fds[1], &err, sizeof(err));
		_exit(127);
	}
	err = errno;
	close(fds[1]);
	if (pid > 0) {
		/* Nothing (end of file) means the exec succeeded. */
		while (read(fds[0], &err, sizeof(err)) < 0 && errno == EINTR)
			;
		if (err != 0)
			waitpid(pid, &status, 0);
	}
	close(fds[0]);
	if (pid < 0 || err != 0) {
		errno = err;
		return (-1);
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
	pid_t pid = start(name, arg, false);

	if (pid < 0) {
		printf("init: cannot start /bin/%s: %s\n", name,
		    strerror(errno));
		return (false);
	}
	return (reap_until(pid) == 0);
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
	for (;;) {
		struct timespec ts = { SHELL_RETRY, 0 };
		pid_t pid = start("sh", NULL, true);
		int status;

		if (pid > 0) {
			status = reap_until(pid);
			if (WIFSIGNALED(status))
				printf("init: /bin/sh was killed by signal "
				    "%d; starting a new one\n",
				    WTERMSIG(status));
			continue;
		}
		printf("init: cannot start /bin/sh: %s; trying again in %d "
		    "seconds\n", strerror(errno), SHELL_RETRY);
		nanosleep(&ts, NULL);
		/* Reap the orphans that ended meanwhile. */
		while (wait4(-1, &status, WNOHANG, NULL) > 0)
			;
	}
}
