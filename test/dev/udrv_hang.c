/*
 * udrv_hang - the heartbeat (sys/agent.h): a user driver that stops
 * answering is found out by the port agent's ping, killed and started
 * again by its supervisor (init), and a client's read in progress
 * completes with the right data, only later.
 *
 * The deadlines are shortened for the test (kern.agent_ping_ms,
 * kern.agent_ping_wait_ms; restored at the end), and nothing here
 * depends on how long anything takes: what is asserted is counts and
 * order (the read returned after the kill, which alone could free it).
 *
 *   1. A driver blocked in its loop holding a read: DIOCDRVHANG on
 *      /dev/vtbd1s1 (lib/libdrv's test hook: the loop hangs on the next
 *      transfer it receives), then a 64 KiB read of vtbd1s1.  The read
 *      returns the right words; by then kern.agent_unanswered and
 *      kern.agent_resent have grown (the held read was queued again for
 *      the successor), the watchdog (kern.agent_hung) killed nobody, and
 *      another process serves vtblk1.
 *   2. A stopped driver (SIGSTOP) with a read queued: the open and read
 *      of vtbd1s2 complete, right, from the next instance, after the
 *      heartbeat killed the stopped one.
 *   3. DIOCDRVHANG needs the device open for writing (EPERM), and a
 *      driver that answers is pinged and lives (kern.agent_pings grows
 *      while it stays the same process).
 *   4. The ATA driver (DSF_PHYSIO) hung holding a read with the
 *      heartbeat off: the read's deadline kills the driver rather than
 *      failing the read, and the successor answers it right.
 *
 * Only meaningful in the user-driver boot (tests-udrv), like udrv_crash.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/agent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

#define SECT		512
#define S1START		(2048 * SECT)	/* test/dev/disk.sh's partitions */
#define S2START		(6144 * SECT)
#define CHUNK		(64 * 1024)
#define PING_MS		200
#define PING_WAIT_MS	2000
#define WAITS		3000		/* 10 ms sleeps for a new instance */

static uint32_t buf[CHUNK / 4];

/* Wait (at most WAITS sleeps) for driver drv to be served by a process
 * other than old; its pid, or -1. */
static pid_t
next_driver_of(const char *drv, pid_t old)
{
	pid_t pid;
	int i;

	for (i = 0; i < WAITS; i++) {
		pid = ut_driver_pid(drv);
		if (pid > 0 && pid != old)
			return (pid);
		ut_nap();
	}
	return (-1);
}

static pid_t
next_driver(pid_t old)
{
	return (next_driver_of("vtblk1", old));
}

/* 1: blocked in its loop, holding a read. */
static pid_t
hang_holding(pid_t drv)
{
	int un0 = ut_sysctl_int("kern.agent_unanswered");
	int rs0 = ut_sysctl_int("kern.agent_resent");
	int hung0 = ut_sysctl_int("kern.agent_hung");
	pid_t next;
	int fd;

	fd = open("/dev/vtbd1s1", O_RDWR);
	UT_TRUE(fd >= 0);
	UT_EQ(ioctl(fd, DIOCDRVHANG, NULL), 0);
	memset(buf, 0, sizeof(buf));
	UT_EQ(pread(fd, buf, CHUNK, 0), CHUNK);
	UT_EQ(ut_bad_words(buf, S1START, CHUNK), 0);
	UT_TRUE(ut_sysctl_int("kern.agent_unanswered") - un0 >= 1);
	UT_TRUE(ut_sysctl_int("kern.agent_resent") - rs0 >= 1);
	UT_EQ(ut_sysctl_int("kern.agent_hung"), hung0);
	next = next_driver(drv);
	UT_TRUE(next > 0);
	UT_EQ(close(fd), 0);		/* to the successor: fine */
	printf("udrv_hang: pid %d hung holding a read: killed (%d), the "
	    "read re-sent (%d) to pid %d\n", (int)drv,
	    ut_sysctl_int("kern.agent_unanswered") - un0,
	    ut_sysctl_int("kern.agent_resent") - rs0, (int)next);
	return (next);
}

/* 2: stopped, a read queued. */
static pid_t
stopped(pid_t drv)
{
	int un0 = ut_sysctl_int("kern.agent_unanswered");
	pid_t next;
	int fd;

	UT_EQ(kill(drv, SIGSTOP), 0);
	fd = open("/dev/vtbd1s2", O_RDONLY);	/* waits for the next one */
	UT_TRUE(fd >= 0);
	memset(buf, 0, sizeof(buf));
	UT_EQ(pread(fd, buf, 4096, 0), 4096);
	UT_EQ(ut_bad_words(buf, S2START, 4096), 0);
	UT_TRUE(ut_sysctl_int("kern.agent_unanswered") - un0 >= 1);
	next = next_driver(drv);
	UT_TRUE(next > 0);
	UT_EQ(close(fd), 0);
	printf("udrv_hang: pid %d stopped: killed, the open and read "
	    "answered by pid %d\n", (int)drv, (int)next);
	return (next);
}

/* 3: the hook's permission; a live driver answers its pings. */
static void
answering(pid_t drv)
{
	int p0 = ut_sysctl_int("kern.agent_pings");
	int un0 = ut_sysctl_int("kern.agent_unanswered");
	int fd, i;

	fd = open("/dev/vtbd1s1", O_RDONLY);
	UT_TRUE(fd >= 0);
	UT_ERR(ioctl(fd, DIOCDRVHANG, NULL), EPERM);
	UT_EQ(close(fd), 0);
	for (i = 0; i < WAITS && ut_sysctl_int("kern.agent_pings") - p0 < 3;
	    i++)
		ut_nap();
	UT_TRUE(ut_sysctl_int("kern.agent_pings") - p0 >= 3);
	UT_EQ(ut_sysctl_int("kern.agent_unanswered"), un0);
	UT_EQ(ut_driver_pid("vtblk1"), drv);
}

/*
 * 4: the ATA driver, a DMA driver given the sender's physical pieces
 * (DSF_PHYSIO), blocked holding a read with the heartbeat off: at the
 * read's deadline the agent kills the driver instead of failing the
 * read (its device might still write into the sender's pages), the
 * grant's end stops its bus master (ata_quiesce, then bus mastering
 * off), and the read, queued again, is answered right by the successor.
 * A deadline that failed the read would return EIO.
 */
static void
deadline_physio(void)
{
	int to0 = ut_sysctl_int("kern.agent_timeouts");
	int rs0 = ut_sysctl_int("kern.agent_resent");
	int ph0 = ut_sysctl_int("kern.agent_physio_msgs");
	pid_t drv = ut_driver_pid("atapci0"), next;
	int fd;

	UT_TRUE(drv > 0);
	if (drv <= 0)
		return;
	UT_EQ(ut_sysctl_set("kern.agent_ping_ms", 0), 0);
	fd = open("/dev/ada0", O_RDWR);
	UT_TRUE(fd >= 0);
	UT_EQ(ioctl(fd, DIOCDRVHANG, NULL), 0);
	memset(buf, 0, sizeof(buf));
	UT_EQ(pread(fd, buf, CHUNK, S2START), CHUNK);
	UT_EQ(ut_bad_words(buf, S2START, CHUNK), 0);
	UT_TRUE(ut_sysctl_int("kern.agent_timeouts") - to0 >= 1);
	UT_TRUE(ut_sysctl_int("kern.agent_resent") - rs0 >= 1);
	UT_TRUE(ut_sysctl_int("kern.agent_physio_msgs") - ph0 >= 2);
	next = next_driver_of("atapci0", drv);
	UT_TRUE(next > 0);
	UT_EQ(close(fd), 0);
	printf("udrv_hang: ATA pid %d held a DMA read past its deadline: "
	    "killed, the read answered by pid %d\n", (int)drv, (int)next);
}

int
main(void)
{
	int ping0 = ut_sysctl_int("kern.agent_ping_ms");
	int wait0 = ut_sysctl_int("kern.agent_ping_wait_ms");
	pid_t drv;

	drv = ut_driver_pid("vtblk1");
	UT_TRUE(drv > 0);
	if (drv <= 0)
		UT_DONE("udrv_hang");
	UT_EQ(ut_sysctl_set("kern.agent_ping_ms", PING_MS), 0);
	UT_EQ(ut_sysctl_set("kern.agent_ping_wait_ms", PING_WAIT_MS), 0);
	drv = hang_holding(drv);
	if (drv > 0)
		drv = stopped(drv);
	if (drv > 0)
		answering(drv);
	deadline_physio();
	UT_EQ(ut_sysctl_set("kern.agent_ping_ms", ping0), 0);
	UT_EQ(ut_sysctl_set("kern.agent_ping_wait_ms", wait0), 0);
	UT_DONE("udrv_hang");
}
