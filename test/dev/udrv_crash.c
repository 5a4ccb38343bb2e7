/*
 * udrv_crash - the virtio-blk driver in a process (drvd, booted with
 * vtblk=user) is killed while a client reads /dev/vtbd1; the client's
 * reads all complete with the right data, none fails: the port agent
 * queues what the dead driver held again (kern.agent_resent) and init,
 * its supervisor, starts a new instance that answers them.
 *
 * Only meaningful in the user-driver boot (test/qemu-check.sh,
 * tests-udrv); booted otherwise it finds no user driver and fails.
 *
 * The driver is killed when the agent holds a message (kern.agent_held
 * > 0), up to KILLS times until kern.agent_resent grows.  Known limit:
 * so far kern.agent_resent has stayed 0 in this test (the held message
 * is answered, or failed and retried by the client side, before the
 * kill lands), so the re-send itself is not asserted here (agent_disk
 * asserts it for the agent); what is asserted is that every read the
 * client makes across the kills completes with the right data and that
 * init restarts the driver.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

#define MiB		(1024 * 1024)
#define CHUNK		(64 * 1024)
#define KILLS		8
#define POLLS		200000	/* agent_held checks before a kill */

/* The pid serving "vtblk1" (kern.devgrants), or -1. */
static pid_t
driver_pid(void)
{
	char buf[512], *line;
	size_t len = sizeof(buf) - 1;
	int pid;

	memset(buf, 0, sizeof(buf));
	if (sysctl("kern.devgrants", buf, &len, NULL, 0) != 0)
		return (-1);
	for (line = buf; line != NULL && *line != '\0'; ) {
		char name[32], drv[32];

		if (sscanf(line, "%d %31s %31s", &pid, name, drv) == 3 &&
		    strcmp(drv, "vtblk1") == 0)
			return (pid);
		line = strchr(line, '\n');
		if (line != NULL)
			line++;
	}
	return (-1);
}

/* The client: reads [1 MiB, 9 MiB) of vtbd1 until told to stop (its
 * stdin pipe closes), every word checked; exits 0, 1 (a read failed:
 * the error printed) or 2 (wrong data). */
static int
client(int stopfd, int startfd)
{
	static uint32_t buf[CHUNK / 4];
	off_t off = MiB;
	int fd, i, rounds = 0;
	char c;

	fd = open("/dev/vtbd1", O_RDONLY);
	if (fd < 0)
		return (1);
	fcntl(stopfd, F_SETFL, O_NONBLOCK);
	for (;;) {
		ssize_t n = pread(fd, buf, CHUNK, off);

		if (n != CHUNK) {
			printf("udrv_crash: read at %lld: %zd, error %d\n",
			    (long long)off, n, errno);
			return (1);
		}
		for (i = 0; i < CHUNK / 4; i++) {
			if (buf[i] != (uint32_t)(off + 4 * i)) {
				printf("udrv_crash: word at %lld is %#x\n",
				    (long long)(off + 4 * i), buf[i]);
				return (2);
			}
		}
		if (rounds++ == 0)
			(void)write(startfd, "s", 1);
		off = off + CHUNK >= 9 * MiB ? MiB : off + CHUNK;
		if (read(stopfd, &c, 1) == 0)
			return (0);
	}
}

int
main(void)
{
	int stop[2], start[2], status, kills = 0, polls, resent0, i;
	pid_t drv, pid, newdrv = -1;
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	char c;

	drv = driver_pid();
	UT_TRUE(drv > 0);
	if (drv <= 0)
		UT_DONE("udrv_crash");
	resent0 = ut_sysctl_int("kern.agent_resent");
	UT_EQ(pipe(stop), 0);
	UT_EQ(pipe(start), 0);
	pid = fork();
	if (pid == 0) {
		close(stop[1]);
		close(start[0]);
		_exit(client(stop[0], start[1]));
	}
	close(stop[0]);
	close(start[1]);
	UT_EQ(read(start[0], &c, 1), 1);	/* the client reads */
	while (kills < KILLS &&
	    ut_sysctl_int("kern.agent_resent") == resent0) {
		for (polls = 0; polls < POLLS &&
		    ut_sysctl_int("kern.agent_held") <= 0; polls++)
			;
		drv = driver_pid();
		if (drv <= 0)
			break;
		UT_EQ(kill(drv, SIGKILL), 0);
		kills++;
		/* Wait for init to start the next instance. */
		for (i = 0; i < 1000 && ((newdrv = driver_pid()) <= 0 ||
		    newdrv == drv); i++)
			nanosleep(&ts, NULL);
	}
	printf("udrv_crash: %d kill(s), %d read(s) re-sent\n", kills,
	    ut_sysctl_int("kern.agent_resent") - resent0);
	UT_TRUE(newdrv > 0 && newdrv != drv);
	/* The client goes on reading from the new instance a while (20
	 * sleeps: not an assertion), then stops. */
	for (i = 0; i < 20; i++)
		nanosleep(&ts, NULL);
	close(stop[1]);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_TRUE(WIFEXITED(status));
	UT_EQ(WEXITSTATUS(status), 0);
	UT_DONE("udrv_crash");
}
