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
 *              benchwall: /bin/syscall_bench wall; benchasync:
 *              /bin/syscall_bench async (its asynchronous figures)
 *              (its wall-clock I/O ratios); benchudrv: /bin/blk_bench
 *              user (the disks' figures with their drivers in
 *              processes, named _user); benchblk=ARG: /bin/blk_bench
 *              ARG (make bench-vd's kernel:quick and user:quick)
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
 *
 * USER DRIVERS.  First, in every mode, init starts the PCI drivers the
 * kernel left to processes (vtblk=user, ata=user or drivers=user on the
 * command line: hw.pci.user names them, hw.pci.devices says which
 * functions are theirs) and the ISA devices it left (uart=user:
 * hw.isa.user gives their grant names, isa:com2): one /bin/drvd per
 * function or device, which takes the grant
 * itself (a child of init is a launcher: sys/devgrant.h) and serves its
 * devices.  init waits until each has registered its devices (a byte on
 * a pipe) and the kernel has read their partition tables
 * (kern.mbr_pending 0), so the programs after it find /dev as an
 * in-kernel driver would have left it.  init is their supervisor: a
 * driver that dies is started again, with the same grant name (the
 * function its predecessor held is free again, the first one found),
 * and the port agent gives the new instance the reads the old one held
 * (sys/kern/kern_agent.c).  At most DRV_RESTARTS restarts per driver,
 * except under fault injection (kern.agent_fault_rate, the boot word
 * udrv_faults=: lib/libdrv/drvfault.c), where the deaths are the test's.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <sys/sysctl.h>
#include <sys/pciio.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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

/* ---- user drivers -------------------------------------------------- */

#define DRV_MAX		8	/* driver processes init supervises */
#define DRV_RESTARTS	64	/* restarts of one before init gives up */

static struct udrv {
	char	ud_grant[16];		/* "pci:VVVV:DDDD", "isa:com2" */
	pid_t	ud_pid;			/* running instance, or -1 */
	int	ud_restarts;
} udrvs[DRV_MAX];
static int nudrvs;
static bool drv_faulty;		/* booted with udrv_faults=: they die on
				 * purpose, restarted without limit */

/* Start /bin/drvd for ud; with readyfd >= 0 (the pipe's write end
 * given to it) it reports there once its devices exist. */
static pid_t
drv_start(struct udrv *ud, int readyfd, int closefd)
{
	char fdarg[12];
	char *argv[4];
	pid_t pid;

	snprintf(fdarg, sizeof(fdarg), "%d", readyfd);
	argv[0] = "drvd";
	argv[1] = ud->ud_grant;
	argv[2] = readyfd >= 0 ? fdarg : NULL;
	argv[3] = NULL;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (closefd >= 0)
			close(closefd);
		execve("/bin/drvd", argv, default_env);
		printf("init: cannot exec /bin/drvd: error %d\n", errno);
		_exit(127);
	}
	ud->ud_pid = pid;
	return (pid);
}

/* Whether word is one of the space-separated words of list. */
static bool
word_in(const char *list, const char *word)
{
	size_t n = strlen(word);

	while (*list != '\0') {
		if (strncmp(list, word, n) == 0 &&
		    (list[n] == ' ' || list[n] == '\0'))
			return (true);
		list = strchr(list, ' ');
		if (list == NULL)
			break;
		list++;
	}
	return (false);
}

/*
 * Start a driver for grant (what: how the console names it) and wait
 * until it says its devices exist.  false if no more can be started.
 */
static bool
drv_launch(const char *grant, const char *what)
{
	struct udrv *ud = &udrvs[nudrvs];
	int fds[2];
	char c;

	if (nudrvs == DRV_MAX)
		return (false);
	strlcpy(ud->ud_grant, grant, sizeof(ud->ud_grant));
	if (pipe(fds) != 0) {
		printf("init: pipe: error %d\n", errno);
		return (false);
	}
	nudrvs++;
	drv_start(ud, fds[1], fds[0]);
	close(fds[1]);
	if (read(fds[0], &c, 1) != 1)
		printf("init: %s (%s) did not start\n", what, grant);
	else
		printf("init: %s runs in process %d\n", what, (int)ud->ud_pid);
	close(fds[0]);
	return (true);
}

/* Start a driver process for every function hw.pci.user gives one, and
 * every ISA device hw.isa.user names. */
static void
drv_launch_all(void)
{
	char names[64], grant[16], what[32], *w;
	struct pci_conf *tab;
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	size_t len = sizeof(names) - 1, n, i;
	int pending = 1, waits, rate = 0;

	len = sizeof(rate);
	drv_faulty = sysctl("kern.agent_fault_rate", &rate, &len, NULL,
	    0) == 0 && rate > 0;
	len = sizeof(names) - 1;
	memset(names, 0, sizeof(names));
	if (sysctl("hw.isa.user", names, &len, NULL, 0) == 0) {
		for (w = strtok(names, " "); w != NULL; w = strtok(NULL, " "))
			(void)drv_launch(w, w);
	}
	len = sizeof(names) - 1;
	memset(names, 0, sizeof(names));
	if (sysctl("hw.pci.user", names, &len, NULL, 0) != 0 ||
	    names[0] == '\0')
		return;
	len = 0;
	if (sysctl("hw.pci.devices", NULL, &len, NULL, 0) != 0 || len == 0 ||
	    (tab = malloc(len)) == NULL)
		return;
	if (sysctl("hw.pci.devices", tab, &len, NULL, 0) != 0)
		len = 0;
	n = len / sizeof(*tab);
	for (i = 0; i < n; i++) {
		if (tab[i].pc_driver[0] == '\0' ||
		    !word_in(names, tab[i].pc_driver))
			continue;
		snprintf(grant, sizeof(grant), "pci:%04x:%04x",
		    tab[i].pc_vendor, tab[i].pc_device);
		snprintf(what, sizeof(what), "%s%d", tab[i].pc_driver,
		    tab[i].pc_unit);
		if (!drv_launch(grant, what))
			break;
	}
	free(tab);
	/* The partition tables of the disks they serve (subr_diskmbr.c). */
	for (waits = 0; waits < 1000; waits++) {
		len = sizeof(pending);
		if (sysctl("kern.mbr_pending", &pending, &len, NULL, 0) != 0 ||
		    pending == 0)
			break;
		nanosleep(&ts, NULL);
	}
}

/*
 * Touch 32 KiB of stack below main once, before any test runs: the
 * first restart of a driver (drv_reaped, deep inside reap_until) would
 * otherwise grow init's stack by a page in the middle of a test, which
 * the runner's leak check counts against that test.
 */
static void __attribute__((__noinline__))
stack_prefault(void)
{
	volatile char pad[32 * 1024];
	size_t i;

	for (i = 0; i < sizeof(pad); i += 256)
		pad[i] = 0;
}

/* A child died: if it was a driver, start it again. */
static void
drv_reaped(pid_t pid)
{
	int i;

	for (i = 0; i < nudrvs; i++) {
		if (udrvs[i].ud_pid != pid)
			continue;
		udrvs[i].ud_pid = -1;
		if (udrvs[i].ud_restarts++ < DRV_RESTARTS || drv_faulty)
			drv_start(&udrvs[i], -1, -1);
		else
			printf("init: %s keeps dying: not restarted\n",
			    udrvs[i].ud_grant);
	}
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
		if (p > 0)
			drv_reaped(p);
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
	stack_prefault();
	drv_launch_all();
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
	if (strcmp(mode, "benchasync") == 0)
		return (run("syscall_bench", "async") ? 0 : 1);
	if (strcmp(mode, "benchudrv") == 0)
		return (run("blk_bench", "user") ? 0 : 1);
	if (strncmp(mode, "benchblk=", 9) == 0)	/* make bench-vd */
		return (run("blk_bench", mode + 9) ? 0 : 1);
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
		while ((pid = wait4(-1, &status, WNOHANG, NULL)) > 0)
			drv_reaped(pid);
	}
}
