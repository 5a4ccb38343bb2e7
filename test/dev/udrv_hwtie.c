/*
 * udrv_hwtie - a device a granted driver made is tied to its hardware
 * (sys/kern/kern_agentreg.c, devgrant_hw): only a holder of a grant of
 * the same PCI function may serve it again once its driver died.  Here
 * on a real one: vtbd0, which the user virtio-blk driver (drvd, vtblk0,
 * the 1 MiB null disk behind the bridge; booted with vtblk=user) made
 * holding its function's grant.
 *
 * The test kills that driver and takes the function's grant for a child
 * of its own before init's next instance does: an instance that finds
 * the grant taken exits (init starts another); one that came first is
 * killed in turn, and the grant taken when it is gone.  While the child
 * holds the grant, vtbd0 waits orphaned, and
 *
 *   - a process with no grant may not serve it (EPERM);
 *   - nor one granted another device (the e1000: EPERM);
 *   - the child, granted the same function, may (as a successor).
 *
 * Then the child exits, init's next instance takes the grant and serves
 * vtbd0 again, and a read of its first sector gives zeros.
 *
 * Only meaningful in the user-driver boot (test/qemu-check.sh,
 * tests-udrv); booted otherwise it finds no user driver and fails.
 */
#include <sys/types.h>
#include <sys/agent.h>
#include <sys/devgrant.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

#define VTBLK		"pci:1af4:1001"
#define E1000		"pci:8086:100e"
#define DRV		"vtblk0"
#define DEV		"vtbd0"
#define DEVSIZE		(1024 * 1024)
#define WAITS		1000	/* 10 ms sleeps: ten seconds at most */
#define ROUNDS		8	/* instances of init's killed for the grant */
#define SPINS		1000000	/* asks for the grant in a round */

static const struct timespec tick = { 0, 10 * 1000 * 1000 };

/* What kern.agent_devs says of DEV: its state word into state, the
 * pid serving it (0: none); -1 if it is not there. */
static int
dev_state(char *state, size_t n)
{
	static char buf[4096];
	size_t len = sizeof(buf) - 1;
	char name[32], st[16];
	char *line;
	int pid;

	memset(buf, 0, sizeof(buf));
	if (sysctl("kern.agent_devs", buf, &len, NULL, 0) != 0)
		return (-1);
	for (line = buf; line != NULL && *line != '\0'; ) {
		if (sscanf(line, "%31s %15s %d", name, st, &pid) == 3 &&
		    strcmp(name, DEV) == 0) {
			strlcpy(state, st, n);
			return (pid);
		}
		line = strchr(line, '\n');
		if (line != NULL)
			line++;
	}
	return (-1);
}

/*
 * In a child: wait for a byte on rfd, then serve DEV as its driver
 * does (a disk whose partitions the driver's process serves); exit 0 if
 * that gives expect (0: served; else the errno), else the step.
 */
static void
serve_child(int rfd, int expect)
{
	struct devserve ds;
	char ch, state[16];
	int r;

	if (read(rfd, &ch, 1) != 1)
		_exit(10);
	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, DEV);
	ds.ds_flags = DSF_DISK | DSF_PARTS;
	ds.ds_secsize = 512;
	ds.ds_mediasize = DEVSIZE;
	r = devserve(&ds);
	if (expect != 0)
		_exit(r == -1 && errno == expect ? 0 : 11);
	if (r <= 0) {
		printf("udrv_hwtie: the grant's holder: devserve: error %d\n",
		    errno);
		_exit(12);
	}
	_exit(dev_state(state, sizeof(state)) == getpid() &&
	    strcmp(state, "served") == 0 ? 0 : 13);
}

/* A child that serves DEV when told (serve_child, through *gop, the
 * write end of its own pipe), granted grant (NULL: nothing; given here,
 * before it is told). */
static pid_t
server(const char *grant, int expect, int *gop)
{
	int go[2];
	pid_t c;

	if (pipe(go) != 0)
		return (-1);
	c = fork();
	if (c == 0) {
		close(go[1]);
		serve_child(go[0], expect);
	}
	close(go[0]);
	*gop = go[1];
	if (c > 0 && grant != NULL)
		UT_EQ(devgrant(c, grant), 0);
	return (c);
}

/* Tell c to serve (through go, which is closed); its exit status. */
static int
serve_now(pid_t c, int go)
{
	int st;

	UT_EQ(write(go, "g", 1), 1);
	close(go);
	if (waitpid(c, &st, 0) != c)
		return (-1);
	return (st);
}

/*
 * Kill DRV's driver and give its function's grant to c, asking without
 * a pause (init's next instance asks too), and killing an instance that
 * took it first.  The round it was got in (0: the first), or -1 if
 * ROUNDS instances in a row took it first.
 */
static int
steal_grant(pid_t drv, pid_t c)
{
	pid_t holder;
	int round, i;

	for (round = 0; round < ROUNDS; round++) {
		UT_EQ(kill(drv, SIGKILL), 0);
		for (i = 0; i < SPINS; i++) {
			if (devgrant(c, VTBLK) == 0)
				return (round);
			holder = ut_driver_pid(DRV);
			if (holder > 0 && holder != drv)
				break;		/* init's next took it */
		}
		if (i == SPINS)
			return (-1);
		drv = holder;
	}
	return (-1);
}

int
main(void)
{
	static char sector[512];
	int go, cgo, i, fd, round;
	char state[16];
	pid_t drv, c, other, newdrv = -1;

	drv = ut_driver_pid(DRV);
	UT_TRUE(drv > 0);
	if (drv <= 0)
		UT_DONE("udrv_hwtie");
	UT_EQ(dev_state(state, sizeof(state)), drv);
	UT_STREQ(state, "served");

	/* The would-be successor, then the grant for it. */
	c = server(NULL, 0, &cgo);
	UT_TRUE(c > 0);
	round = steal_grant(drv, c);
	printf("udrv_hwtie: the grant got in round %d\n", round);
	UT_TRUE(round >= 0);
	UT_EQ(ut_driver_pid(DRV), c);
	UT_EQ(dev_state(state, sizeof(state)), 0);
	UT_STREQ(state, "orphan");

	/* No grant, or another device's: EPERM. */
	other = server(NULL, EPERM, &go);
	UT_EQ(serve_now(other, go), 0);
	other = server(E1000, EPERM, &go);
	UT_EQ(serve_now(other, go), 0);
	UT_EQ(dev_state(state, sizeof(state)), 0);
	UT_STREQ(state, "orphan");

	/* The holder of the function's grant may. */
	UT_EQ(serve_now(c, cgo), 0);

	/* init's next instance takes the grant and serves it again. */
	for (i = 0; i < WAITS; i++) {
		newdrv = ut_driver_pid(DRV);
		if (newdrv > 0 && newdrv != c &&
		    dev_state(state, sizeof(state)) == newdrv &&
		    strcmp(state, "served") == 0)
			break;
		nanosleep(&tick, NULL);
	}
	UT_TRUE(i < WAITS);
	fd = open("/dev/" DEV, O_RDONLY);
	UT_TRUE(fd >= 0);
	memset(sector, 0xa5, sizeof(sector));
	UT_EQ(pread(fd, sector, sizeof(sector), 0), sizeof(sector));
	UT_TRUE(ut_all_are(sector, sizeof(sector), 0));
	UT_EQ(close(fd), 0);
	printf("udrv_hwtie: %s's driver %d killed; without a grant and with "
	    "the e1000's: EPERM; %d granted its function served it; %d "
	    "serves it now\n", DEV, (int)drv, (int)c, (int)newdrv);
	UT_DONE("udrv_hwtie");
}
