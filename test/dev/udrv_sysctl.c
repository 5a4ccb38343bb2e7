/*
 * udrv_sysctl - a driver's sysctl when the driver runs in several
 * processes (sys/sys/sysctl.h, sys/kern/kern_sysctl.c): the kernel asks
 * every process that serves the driver, one after another in unit
 * order, and one that does not answer delays the caller for a bounded
 * time but cannot hang it.  The two virtio-blk functions each have a
 * process of their own (vtblk0: the null disk vtbd0; vtblk1: the test
 * disk vtbd1).
 *
 *   1. hw.vtblk.units: exactly two lines, vtbd0's (the first process's
 *      answer) then vtbd1's (the second's), as the kernel build lists
 *      its units; asked again with the disks idle, the same answer
 *      (asking does not trouble the driver: its counters stay put).
 *   2. vtblk1's process stopped (SIGSTOP), the heartbeat shortened as
 *      udrv_hang shortens it: the read returns, either answered by the
 *      successor init starts once the heartbeat has killed the stopped
 *      one (both lines again) or, if the stopped one had taken the
 *      question before it stopped, EIO (what a dead driver held and
 *      that is not a disk transfer fails); the kill is counted
 *      (kern.agent_unanswered) and another process serves vtblk1, and
 *      a read after that lists both disks.  Nothing asserted depends
 *      on how long that takes.
 *
 * Only meaningful in the user-driver boot (tests-udrv): elsewhere it
 * says so and passes.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

#define PING_MS		200
#define PING_WAIT_MS	2000
#define WAITS		3000		/* 10 ms sleeps for a new instance */

static char units[2048], again[2048];

/* hw.vtblk.units into buf (NUL-ended): sysctl's result. */
static int
read_units(char *buf)
{
	size_t len = 2048 - 1;

	memset(buf, 0, 2048);
	return (sysctl("hw.vtblk.units", buf, &len, NULL, 0));
}

/* Whether buf is two lines, vtbd0's then vtbd1's. */
static int
both_disks(const char *buf)
{
	const char *nl = strchr(buf, '\n');

	return (strncmp(buf, "vtbd0 ", 6) == 0 && nl != NULL &&
	    strncmp(nl + 1, "vtbd1 ", 6) == 0 &&
	    (nl = strchr(nl + 1, '\n')) != NULL && nl[1] == '\0');
}

static void
test_order(void)
{
	UT_EQ(read_units(units), 0);
	UT_TRUE(both_disks(units));
	UT_EQ(read_units(again), 0);
	UT_STREQ(again, units);
}

static void
test_stopped(pid_t drv)
{
	int un0 = ut_sysctl_int("kern.agent_unanswered");
	int ping0 = ut_sysctl_int("kern.agent_ping_ms");
	int wait0 = ut_sysctl_int("kern.agent_ping_wait_ms");
	pid_t next = -1;
	int r, err, i;

	UT_EQ(ut_sysctl_set("kern.agent_ping_ms", PING_MS), 0);
	UT_EQ(ut_sysctl_set("kern.agent_ping_wait_ms", PING_WAIT_MS), 0);
	UT_EQ(kill(drv, SIGSTOP), 0);
	r = read_units(units);
	err = r != 0 ? errno : 0;
	if (r == 0)
		UT_TRUE(both_disks(units));
	else
		UT_EQ(err, EIO);
	UT_TRUE(ut_sysctl_int("kern.agent_unanswered") - un0 >= 1);
	for (i = 0; i < WAITS; i++) {
		next = ut_driver_pid("vtblk1");
		if (next > 0 && next != drv)
			break;
		ut_nap();
	}
	UT_TRUE(next > 0 && next != drv);
	UT_EQ(read_units(again), 0);
	UT_TRUE(both_disks(again));
	UT_EQ(ut_sysctl_set("kern.agent_ping_ms", ping0), 0);
	UT_EQ(ut_sysctl_set("kern.agent_ping_wait_ms", wait0), 0);
	printf("udrv_sysctl: vtblk1's pid %d stopped: hw.vtblk.units %s, "
	    "pid %d serves it now\n", (int)drv, r == 0 ?
	    "answered by its successor" : "EIO (it held the question)",
	    (int)next);
}

int
main(void)
{
	pid_t drv0 = ut_driver_pid("vtblk0"), drv1 = ut_driver_pid("vtblk1");

	if (drv0 <= 0 || drv1 <= 0) {
		printf("udrv_sysctl: the virtio-blk drivers are not in "
		    "processes: nothing to test\n");
		UT_DONE("udrv_sysctl");
	}
	UT_TRUE(drv0 != drv1);
	test_order();
	test_stopped(drv1);
	UT_DONE("udrv_sysctl");
}
