/*
 * udrv_fault - a fault-injection campaign against the disk drivers that
 * run as processes: while the drivers crash, hang, corrupt their
 * replies, reply twice, never reply and write garbage to their ports
 * (lib/libdrv/drvfault.c, booted with udrv_faults=SEED:RATE:GOAL and
 * NAME=user), readers read the disks and check every word.  Every read
 * must be either correct or an explicit error (counted by errno); none
 * may return wrong data.  The kernel must not panic or hang (the
 * harness judges that) and nothing may leak (the runner's checks, after
 * this program exits).
 *
 * REPLAY MODE (kern.agent_fault_replay, a boot word): one reader per
 * disk, so each driver receives its messages in an order fixed by the
 * seed and its own faults (lib/libdrv/drvfault.c: REPLAY), and the goal
 * is per device: the campaign ends when every disk's driver has made
 * GOAL faults (the kernel refuses more), and the digest line
 * (kern.agent_faultdigest) is what two runs of one seed must print
 * alike (test/qemu-check.sh, faults-replay).
 *
 * Only meaningful in the fault boot (test/qemu-check.sh, faults-udrv;
 * make faults); booted otherwise it finds no campaign and fails.
 *
 * The disks: every disk a user driver serves (kern.devgrants: vtblkN
 * serves /dev/vtbdN, atapciN the /dev/adaN there are): a test disk (test/dev/disk.sh,
 * 16 MiB), whose words each hold their own byte offset, read over
 * [1 MiB, 14 MiB); or the harness's small null disk (QEMU_PCI in the
 * Makefile: 1 MiB of zeros), read whole.  READERS
 * processes per disk read sector-aligned pieces of 512 bytes to 64 KiB
 * at offsets from a PRNG seeded with the campaign's seed, the disk's
 * name and the reader's number, from when this
 * program arms the campaign (kern.agent_fault_armed: the drivers boot
 * and the runner takes its first snapshot with nothing injected) until the
 * drivers have made GOAL faults (kern.agent_faults); the drivers stop
 * injecting there.  Then each disk must read correctly again (the last
 * instance serves: a wedged one is killed by the agent's watchdog and
 * restarted) and the agent must hold nothing.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

#define MiB		(1024 * 1024)
#define AREA_LO		(1 * MiB)
#define AREA_HI		(14 * MiB)
#define MAXREAD		(64 * 1024)
#define READERS		5	/* per disk */
#define MAXDISKS	4
#define SETTLE_TRIES	400	/* 20 ms apart: the last driver serves */

struct counts {
	uint32_t	c_ok;		/* read whole, every word right */
	uint32_t	c_wrong;	/* a word wrong: the failure */
	uint32_t	c_short;	/* fewer bytes than asked (all right) */
	uint32_t	c_eio;
	uint32_t	c_enxio;
	uint32_t	c_other;	/* another errno */
	int32_t		c_lasterr;	/* the last other errno */
};

static char disks[MAXDISKS][32];
static char drivers[MAXDISKS][32];	/* the grant serving each */
static int ndisks;

/* What a disk holds: its region read, and whether each word is its
 * offset (else zero). */
struct area {
	off_t		a_lo, a_hi;
	bool		a_pattern;
};
static struct area areas[MAXDISKS];

/* The disk's size (DIOCGMEDIASIZE, retried: the driver's reply may be
 * a fault) decides what it holds; false if it cannot be had or fits
 * neither kind. */
static bool
disk_area(const char *disk, struct area *a)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	off_t size = 0;
	int i, fd;

	for (i = 0; i < 200; i++) {
		if ((fd = open(disk, O_RDONLY)) >= 0) {
			int error = ioctl(fd, DIOCGMEDIASIZE, &size);

			close(fd);
			if (error == 0)
				break;
		}
		nanosleep(&ts, NULL);
	}
	if (size >= 16 * MiB) {
		a->a_lo = AREA_LO, a->a_hi = AREA_HI, a->a_pattern = true;
		return (true);
	}
	if (size >= MAXREAD + 512 && size <= 4 * MiB) {
		a->a_lo = 0, a->a_hi = size, a->a_pattern = false;
		return (true);
	}
	printf("udrv_fault: %s: size %lld: not a test disk\n", disk,
	    (long long)size);
	return (false);
}

/* The disks user drivers serve, from kern.devgrants ("pid name drvN"). */
static void
find_disks(void)
{
	char buf[512], *line;
	size_t len = sizeof(buf) - 1;

	memset(buf, 0, sizeof(buf));
	if (sysctl("kern.devgrants", buf, &len, NULL, 0) != 0)
		return;
	for (line = buf; line != NULL && *line != '\0'; ) {
		char name[32], drv[32];
		int pid, unit;

		if (sscanf(line, "%d %31s %31s", &pid, name, drv) == 3 &&
		    ndisks < MAXDISKS) {
			if (sscanf(drv, "vtblk%d", &unit) == 1) {
				snprintf(drivers[ndisks], sizeof(drivers[0]),
				    "%s", drv);
				snprintf(disks[ndisks++], sizeof(disks[0]),
				    "/dev/vtbd%d", unit);
			} else if (strncmp(drv, "atapci", 6) == 0) {
				/* The IDE controller: the disks it has. */
				for (unit = 0; unit < 4 &&
				    ndisks < MAXDISKS; unit++) {
					snprintf(drivers[ndisks],
					    sizeof(drivers[0]), "%s", drv);
					snprintf(disks[ndisks], sizeof(disks[0]),
					    "/dev/ada%d", unit);
					if (access(disks[ndisks], F_OK) == 0)
						ndisks++;
				}
			}
		}
		line = strchr(line, '\n');
		if (line != NULL)
			line++;
	}
}

static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return (*s);
}

/* Read n bytes of disk fd (holding a) at off and check them; counts
 * the outcome. */
static void
read_one(int fd, off_t off, size_t n, struct counts *c, const char *disk,
    const struct area *a)
{
	static uint32_t buf[MAXREAD / 4];
	ssize_t got;
	size_t i;

	memset(buf, 0xee, n);
	got = pread(fd, buf, n, off);
	if (got < 0) {
		if (errno == EIO)
			c->c_eio++;
		else if (errno == ENXIO)
			c->c_enxio++;
		else {
			c->c_other++;
			c->c_lasterr = errno;
		}
		return;
	}
	for (i = 0; i < (size_t)got / 4; i++) {
		if (buf[i] != (a->a_pattern ? (uint32_t)(off + 4 * i) : 0)) {
			if (c->c_wrong++ < 4)
				printf("udrv_fault: %s: word at %lld is %#x "
				    "(read of %zu at %lld)\n", disk,
				    (long long)(off + 4 * i), buf[i], n,
				    (long long)off);
			return;
		}
	}
	if ((size_t)got == n)
		c->c_ok++;
	else
		c->c_short++;
}

/* A reader of disk: until stopfd reads end of file; its counts to
 * outfd. */
static int
reader(const char *disk, const struct area *a, uint32_t seed, int stopfd,
    int outfd)
{
	static const size_t sizes[] = { 512, 4096, 16384, 65536 };
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	struct counts c;
	uint32_t s = seed != 0 ? seed : 1;
	int fd = -1;
	char ch;

	memset(&c, 0, sizeof(c));
	fcntl(stopfd, F_SETFL, O_NONBLOCK);
	while (read(stopfd, &ch, 1) != 0) {
		size_t n = sizes[rnd(&s) % 4];
		off_t off = a->a_lo + (off_t)(rnd(&s) %
		    ((a->a_hi - a->a_lo - MAXREAD) / 512)) * 512;
		uint32_t errs = c.c_eio + c.c_enxio + c.c_other;

		if (fd < 0 && (fd = open(disk, O_RDONLY)) < 0) {
			c.c_enxio += errno == ENXIO;
			c.c_other += errno != ENXIO;
			c.c_lasterr = errno;
			nanosleep(&pause, NULL);
			continue;
		}
		read_one(fd, off, n, &c, disk, a);
		if (c.c_eio + c.c_enxio + c.c_other != errs)
			nanosleep(&pause, NULL);	/* let it recover */
	}
	if (fd >= 0)
		close(fd);
	return (write(outfd, &c, sizeof(c)) == sizeof(c) ? 0 : 1);
}

/* A reader's seed: the campaign's, the disk's name and the reader's
 * number on it (not the order the disks were found in). */
static uint32_t
reader_seed(int seed, const char *disk, int i)
{
	uint32_t h = (uint32_t)seed * 2654435761u + (uint32_t)i * 40503u;

	for (; *disk != '\0'; disk++)
		h = (h ^ (uint8_t)*disk) * 16777619u;
	return (h != 0 ? h : 1);
}

/* The faults counted for driver (its entry "NAME N HASH" in
 * kern.agent_faultdigest), 0 if none. */
static int
faults_of(const char *driver)
{
	char buf[512], key[40];
	size_t len = sizeof(buf) - 1;
	const char *p;
	int n = 0;

	memset(buf, 0, sizeof(buf));
	if (sysctl("kern.agent_faultdigest", buf, &len, NULL, 0) != 0)
		return (0);
	snprintf(key, sizeof(key), ", %s ", driver);
	if ((p = strstr(buf, key)) != NULL)
		n = atoi(p + strlen(key));
	return (n);
}

/* Whether the campaign reached its goal: in all, or in replay mode on
 * every disk's driver. */
static bool
goal_reached(int goal, bool replay)
{
	int d;

	if (!replay)
		return (ut_sysctl_int("kern.agent_faults") >= goal);
	for (d = 0; d < ndisks; d++)
		if (faults_of(drivers[d]) < goal)
			return (false);
	return (true);
}

static void
add(struct counts *t, const struct counts *c)
{
	t->c_ok += c->c_ok;
	t->c_wrong += c->c_wrong;
	t->c_short += c->c_short;
	t->c_eio += c->c_eio;
	t->c_enxio += c->c_enxio;
	t->c_other += c->c_other;
	if (c->c_other > 0)
		t->c_lasterr = c->c_lasterr;
}

/* After the campaign: disk reads correctly again (the last driver
 * instance serves it); false if it never does. */
static bool
settle(const char *disk, const struct area *a)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	struct counts c;
	int i, fd;

	for (i = 0; i < SETTLE_TRIES; i++) {
		memset(&c, 0, sizeof(c));
		if ((fd = open(disk, O_RDONLY)) >= 0) {
			read_one(fd, a->a_lo, MAXREAD, &c, disk, a);
			close(fd);
			if (c.c_ok == 1)
				return (true);
			if (c.c_wrong != 0)
				return (false);
		}
		nanosleep(&ts, NULL);
	}
	return (false);
}

int
main(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	struct counts total, c;
	pid_t pids[MAXDISKS * READERS];
	int stop[2], out[2], goal, seed, n = 0, i, d, status, faults, step;
	int readers;
	char kinds[256];
	size_t len;
	bool replay;

	goal = ut_sysctl_int("kern.agent_fault_goal");
	seed = ut_sysctl_int("kern.agent_fault_seed");
	replay = ut_sysctl_int("kern.agent_fault_replay") == 1;
	readers = replay ? 1 : READERS;
	UT_TRUE(ut_sysctl_int("kern.agent_fault_rate") > 0 && goal > 0);
	find_disks();
	UT_TRUE(ndisks > 0);
	if (goal <= 0 || ndisks == 0) {
		printf("udrv_fault: no campaign (boot with NAME=user "
		    "udrv_faults=SEED:RATE:GOAL)\n");
		UT_DONE("udrv_fault");
	}
	for (d = 0; d < ndisks; d++)
		UT_TRUE(disk_area(disks[d], &areas[d]));
	UT_EQ(ut_sysctl_set("kern.agent_fault_armed", 1), 0);
	UT_EQ(pipe(stop), 0);
	UT_EQ(pipe(out), 0);
	for (d = 0; d < ndisks; d++) {
		for (i = 0; i < readers; i++) {
			pids[n] = fork();
			if (pids[n] == 0) {
				close(stop[1]);
				close(out[0]);
				_exit(reader(disks[d], &areas[d],
				    reader_seed(seed, disks[d], i), stop[0],
				    out[1]));
			}
			UT_TRUE(pids[n] > 0);
			n++;
		}
	}
	close(stop[0]);
	close(out[1]);
	/* Until the goal; a line at each tenth of it, or each 2,000
	 * (progress, no assertion). */
	step = goal / 10 < 2000 ? (goal + 9) / 10 : 2000;
	for (i = 1; !goal_reached(goal, replay); ) {
		faults = ut_sysctl_int("kern.agent_faults");
		if (faults >= step * i) {
			printf("udrv_fault: %d faults of %d\n", faults, goal);
			i = faults / step + 1;
		}
		nanosleep(&ts, NULL);
	}
	UT_EQ(ut_sysctl_set("kern.agent_fault_armed", 0), 0);
	close(stop[1]);
	memset(&total, 0, sizeof(total));
	for (i = 0; i < n; i++) {
		if (read(out[0], &c, sizeof(c)) == sizeof(c))
			add(&total, &c);
		else
			UT_FAIL("a reader did not report");
	}
	for (i = 0; i < n; i++) {
		UT_EQ(waitpid(pids[i], &status, 0), pids[i]);
		UT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	close(out[0]);
	for (d = 0; d < ndisks; d++)
		UT_TRUE(settle(disks[d], &areas[d]));
	for (i = 0; i < SETTLE_TRIES && ut_sysctl_int("kern.agent_held") != 0;
	    i++)
		nanosleep(&ts, NULL);
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
	faults = ut_sysctl_int("kern.agent_faults");
	memset(kinds, 0, sizeof(kinds));
	len = sizeof(kinds) - 1;
	(void)sysctl("kern.agent_faultkinds", kinds, &len, NULL, 0);
	printf("udrv_fault: %d faults (%s) into", faults, kinds);
	for (d = 0; d < ndisks; d++)
		printf(" %s", disks[d]);
	printf("; %u reads: %u correct, %u short, %u explicit errors "
	    "(EIO %u, ENXIO %u, other %u", total.c_ok + total.c_short +
	    total.c_eio + total.c_enxio + total.c_other + total.c_wrong,
	    total.c_ok, total.c_short,
	    total.c_eio + total.c_enxio + total.c_other, total.c_eio,
	    total.c_enxio, total.c_other);
	if (total.c_other > 0)
		printf(", the last errno %d", total.c_lasterr);
	printf("), %u wrong; agent: %d timeouts, %d bad replies, "
	    "%d re-sent, %d hung drivers killed\n", total.c_wrong,
	    ut_sysctl_int("kern.agent_timeouts"),
	    ut_sysctl_int("kern.agent_badreplies"),
	    ut_sysctl_int("kern.agent_resent"),
	    ut_sysctl_int("kern.agent_hung"));
	memset(kinds, 0, sizeof(kinds));
	len = sizeof(kinds) - 1;
	(void)sysctl("kern.agent_faultdigest", kinds, &len, NULL, 0);
	printf("udrv_fault: digest %s\n", kinds);
	UT_TRUE(faults >= goal);
	for (d = 0; replay && d < ndisks; d++)
		UT_EQ(faults_of(drivers[d]), goal);
	UT_EQ(total.c_wrong, 0);
	UT_TRUE(total.c_ok > 0);
	UT_DONE("udrv_fault");
}
