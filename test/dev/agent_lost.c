/*
 * agent_lost - the agent's rule for a driver that takes messages but
 * answers none (README, "Nothing a driver says is believed"; kern_agent.c,
 * agent_expire): "one that lets three deadlines pass in a row answering
 * nothing between" is killed (kern.agent_hung), as the watchdog kills
 * one that takes nothing.  agent_gate checks one deadline and the
 * watchdog; nothing checked the rule itself, nor that an answer in
 * between forgives.
 *
 *   forgiven  a driver of /dev/uecho1 (deadline 200 ms) answers every
 *             open and close and holds every read for good; four
 *             clients, one after another, each open, read (EIO: the
 *             deadline) and close.  Four deadlines pass, but each
 *             close's answer comes between two of them: the driver
 *             lives (it then answers an ioctl and exits 0), and
 *             kern.agent_hung does not move.
 *   killed    a driver that answers nothing: three clients, one after
 *             another, each see their open fail (EIO, its deadline);
 *             the third deadline in a row kills the driver (SIGKILL,
 *             kern.agent_hung + 1).
 *
 * Nothing here depends on how long anything takes: each client waits
 * for its own deadline, and the order of the deadlines is the order of
 * the clients.  The runner checks for leaks and stray processes.
 */
#include <sys/types.h>
#include <sys/agent.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define TIMEO_MS	200
#define QUIT		_IO('u', 1)
#define CHECKS		3000		/* 10 ms naps: a watchdog */

static char dbuf[256];

/* The forgiving case's driver: answers opens, closes and ioctls, holds
 * reads; after QUIT, exits 0 at the next close it answered. */
static void
answering_driver(int readyfd)
{
	struct udevmsg m;
	struct udevreply r;
	int svc, error, quitting = 0;

	if ((svc = ut_serve("uecho1", TIMEO_MS)) <= 0)
		_exit(20);
	(void)write(readyfd, "r", 1);
	for (;;) {
		memset(&m, 0, sizeof(m));
		m.ud_data = dbuf;
		m.ud_datamax = sizeof(dbuf);
		if ((error = __recvsys(svc, &m)) != 0)
			_exit(21);
		if (m.ud_cmd == UDEV_READ)
			continue;			/* held for good */
		memset(&r, 0, sizeof(r));
		r.ur_id = m.ud_id;
		if (m.ud_cmd == UDEV_IOCTL && m.ud_ioctl != QUIT)
			r.ur_error = ENOTTY;
		else if (m.ud_cmd == UDEV_IOCTL)
			quitting = 1;
		if (__replysys(svc, &r) != 0)
			_exit(22);
		if (m.ud_cmd == UDEV_CLOSE && quitting)
			_exit(0);
	}
}

/* The killed case's driver: takes everything, answers nothing. */
static void
silent_taker(int readyfd)
{
	struct udevmsg m;
	int svc;

	if ((svc = ut_serve("uecho1", TIMEO_MS)) <= 0)
		_exit(20);
	(void)write(readyfd, "r", 1);
	for (;;) {
		memset(&m, 0, sizeof(m));
		m.ud_data = dbuf;
		m.ud_datamax = sizeof(dbuf);
		if (__recvsys(svc, &m) != 0)
			_exit(21);
	}
}

/* Clients: exit 0 if the read (or the open) failed with EIO. */
static void
client_read(void)
{
	char c;
	int fd = open("/dev/uecho1", O_RDONLY);

	if (fd < 0)
		_exit(2);
	if (read(fd, &c, 1) != -1 || errno != EIO)
		_exit(3);
	if (close(fd) != 0)
		_exit(4);
	_exit(0);
}

static void
client_open(void)
{
	int fd = open("/dev/uecho1", O_RDONLY);

	if (fd >= 0)
		_exit(2);
	_exit(errno == EIO ? 0 : 3);
}

static pid_t
start_driver(void (*fn)(int))
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe(p) != 0)
		return (-1);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		fn(p[1]);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1)
		pid = -1;		/* it died before serving */
	close(p[0]);
	return (pid);
}

static int
run_client(void (*fn)(void))
{
	pid_t pid = fork();

	if (pid == 0)
		fn();
	return (ut_watch(pid, CHECKS));
}

int
main(void)
{
	pid_t drv;
	int hung0, to0, i, st, fd;

	/* Forgiven: four deadlines, an answer between each two. */
	hung0 = ut_sysctl_int("kern.agent_hung");
	to0 = ut_sysctl_int("kern.agent_timeouts");
	drv = start_driver(answering_driver);
	UT_TRUE(drv > 0);
	for (i = 0; i < 4; i++)
		UT_EQ(run_client(client_read), 0);
	UT_EQ(ut_sysctl_int("kern.agent_timeouts") - to0, 4);
	UT_EQ(waitpid(drv, &st, WNOHANG), 0);	/* alive */
	fd = open("/dev/uecho1", O_RDONLY);
	UT_TRUE(fd >= 0);
	if (fd >= 0) {
		UT_EQ(ioctl(fd, QUIT, NULL), 0);
		UT_EQ(close(fd), 0);
	}
	st = ut_watch(drv, CHECKS);
	UT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	UT_EQ(ut_sysctl_int("kern.agent_hung") - hung0, 0);

	/* Killed: three deadlines in a row, nothing answered. */
	to0 = ut_sysctl_int("kern.agent_timeouts");
	drv = start_driver(silent_taker);
	UT_TRUE(drv > 0);
	for (i = 0; i < 3; i++)
		UT_EQ(run_client(client_open), 0);
	st = ut_watch(drv, CHECKS);
	UT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	UT_EQ(ut_sysctl_int("kern.agent_hung") - hung0, 1);
	UT_EQ(ut_sysctl_int("kern.agent_timeouts") - to0, 3);
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
	UT_DONE("agent_lost");
}
