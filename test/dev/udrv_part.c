/*
 * udrv_part - the partition layer in the driver process: /bin/drvd
 * (booted with vtblk=user) runs sys/kern/subr_diskmbr.c beside the
 * virtio-blk driver, so the process serves vtbd1 and its partitions
 * itself, and a partition's reads go on to the disk's driver by a plain
 * call inside the process, never through the agent again.
 *
 * Checked (kern.agent_devs: name, state, pid, device messages and
 * interrupts received): vtbd1, vtbd1s1, vtbd1s2 and vtbd1s4 are served
 * by the driver's process and vtbd1s3 (an empty slot) is served gone;
 * reads through vtbd1s1 are right (test/dev/disk.sh: every word holds
 * its own absolute offset) and each crossed the agent as vtbd1s1's
 * message while vtbd1's count of device messages did not move (its
 * interrupts did: the disk did the work); a read of vtbd1 itself moves
 * vtbd1's count (the counter counts); DIOCRESCAN of the disk is
 * answered in its process by the partition layer: EBUSY while a
 * partition is open, else the table read again (the partitions as
 * they were, still the process's).
 *
 * Only meaningful in the user-driver boot (test/qemu-check.sh,
 * tests-udrv), like udrv_crash; booted otherwise it fails.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "utest.h"

#define SECT	512
#define NREADS	16
#define S1START	(2048 * SECT)		/* disk.sh's partition 1 */

/* Device name's line in kern.agent_devs: its state into state (16
 * bytes), its pid, its device messages and interrupts received; 0, or
 * -1 if it is not there. */
static int
agent_dev(const char *name, char *state, int *pid, unsigned *nrecv,
    unsigned *nintr)
{
	static char buf[2048];
	size_t len = sizeof(buf) - 1;
	char n[32], st[16], *line;

	memset(buf, 0, sizeof(buf));
	if (sysctl("kern.agent_devs", buf, &len, NULL, 0) != 0)
		return (-1);
	for (line = buf; line != NULL && *line != '\0'; ) {
		if (sscanf(line, "%31s %15s %d %u %u", n, st, pid, nrecv,
		    nintr) == 5 &&
		    strcmp(n, name) == 0) {
			strcpy(state, st);
			return (0);
		}
		line = strchr(line, '\n');
		if (line != NULL)
			line++;
	}
	return (-1);
}

/* name is served by pid, in state want. */
static void
check_served(const char *name, pid_t drv, const char *want)
{
	char state[16] = "";
	unsigned n, ni;
	int pid = -1;

	UT_EQ(agent_dev(name, state, &pid, &n, &ni), 0);
	UT_STREQ(state, want);
	UT_EQ(pid, drv);
}

int
main(void)
{
	static uint32_t buf[4096 / 4];
	char state[16];
	unsigned disk0, disk1, part0, part1, intr0, intr1, ni;
	pid_t drv;
	int fd, pfd, i, pid, bad = 0;

	drv = ut_driver_pid("vtblk1");
	UT_TRUE(drv > 0);
	if (drv <= 0)
		UT_DONE("udrv_part");
	check_served("vtbd1", drv, "served");
	check_served("vtbd1s1", drv, "served");
	check_served("vtbd1s2", drv, "served");
	check_served("vtbd1s4", drv, "served");
	check_served("vtbd1s3", drv, "gone");
	UT_ERR(open("/dev/vtbd1s3", O_RDONLY), ENXIO);

	/* Reads of the partition: vtbd1s1's messages only. */
	UT_EQ(agent_dev("vtbd1", state, &pid, &disk0, &intr0), 0);
	UT_EQ(agent_dev("vtbd1s1", state, &pid, &part0, &ni), 0);
	fd = open("/dev/vtbd1s1", O_RDONLY);
	UT_TRUE(fd >= 0);
	for (i = 0; i < NREADS; i++) {
		UT_EQ(pread(fd, buf, sizeof(buf), (off_t)i * 65536),
		    (ssize_t)sizeof(buf));
		bad += ut_bad_words(buf, S1START + (off_t)i * 65536,
		    sizeof(buf));
	}
	UT_EQ(bad, 0);
	UT_EQ(close(fd), 0);
	UT_EQ(agent_dev("vtbd1", state, &pid, &disk1, &intr1), 0);
	UT_EQ(agent_dev("vtbd1s1", state, &pid, &part1, &ni), 0);
	printf("udrv_part: %d reads of vtbd1s1: vtbd1s1 received %u "
	    "messages, vtbd1 %u (and %u interrupts)\n", NREADS,
	    part1 - part0, disk1 - disk0, intr1 - intr0);
	UT_EQ(disk1 - disk0, 0);
	UT_TRUE(intr1 - intr0 >= 1);
	UT_EQ(part1 - part0, NREADS + 2);	/* and the open, the close */

	/* The disk itself: its own messages. */
	fd = open("/dev/vtbd1", O_RDONLY);
	UT_TRUE(fd >= 0);
	UT_EQ(pread(fd, buf, sizeof(buf), S1START), (ssize_t)sizeof(buf));
	UT_EQ(ut_bad_words(buf, S1START, sizeof(buf)), 0);
	UT_EQ(agent_dev("vtbd1", state, &pid, &disk0, &ni), 0);
	UT_TRUE(disk0 - disk1 >= 2);		/* open, read */

	/* A rescan, in the process: EBUSY with a partition open. */
	pfd = open("/dev/vtbd1s2", O_RDONLY);
	UT_TRUE(pfd >= 0);
	UT_ERR(ioctl(fd, DIOCRESCAN, NULL), EBUSY);
	UT_EQ(close(pfd), 0);
	UT_EQ(ioctl(fd, DIOCRESCAN, NULL), 0);
	UT_EQ(close(fd), 0);
	check_served("vtbd1s1", drv, "served");
	check_served("vtbd1s3", drv, "gone");
	fd = open("/dev/vtbd1s4", O_RDONLY);
	UT_TRUE(fd >= 0);
	UT_EQ(pread(fd, buf, sizeof(buf), 0), (ssize_t)sizeof(buf));
	UT_EQ(ut_bad_words(buf, 16384 * SECT, sizeof(buf)), 0);
	UT_EQ(close(fd), 0);
	UT_DONE("udrv_part");
}
