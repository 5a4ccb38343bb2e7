/*
 * kern_agentfault.c - the kernel's half of fault injection into user
 * drivers: the campaign's settings, and its count.
 *
 * A user driver is not trusted (kern_agent.c: TRUST); fault injection
 * is how that claim is tested.  The faults themselves are made by the
 * driver's own library (lib/libdrv/drvfault.c), at its message loop,
 * its reply path and its port I/O, so every driver built against libdrv
 * gets them unchanged: it crashes or hangs at a random point, corrupts
 * a reply's fields, replies twice, never replies, or writes garbage to
 * one of its own ports.  What the kernel keeps here is only what must
 * outlive one driver instance (a crash ends it; its successor goes on):
 *
 *   the settings   the boot word udrv_faults=SEED:RATE[:GOAL] (read
 *                  here once, on first use; there is no other way to
 *                  set them, so no process can turn faults on in a
 *                  running system): kern.agent_fault_seed, the PRNG's
 *                  seed; kern.agent_fault_rate, one fault per RATE
 *                  injection points on average (0: off); and
 *                  kern.agent_fault_goal, how many faults the campaign
 *                  makes in all (0: no end).  And
 *                  kern.agent_fault_timeout_ms, the reply deadline a
 *                  driver serves with under faults (200 ms; lower for a
 *                  fast campaign: most of a fault's time is waiting for
 *                  the deadline of a reply that never comes), a plain
 *                  variable the boot word kern.agent_fault_timeout_ms=
 *                  sets.  kern.agent_fault_replay (a boot word, for
 *                  a run to be compared with another of its seed): the
 *                  goal is per device, each device's faults past it
 *                  refused, so every device's digest covers the same
 *                  number of faults in every run.  kern.agent_fault_log
 *                  (a boot word): each fault counted is printed on the
 *                  console (device, its count, message, point, kind),
 *                  to find where two runs part.
 *   the count      kern.agent_faults: each fault is counted by the
 *                  driver before it takes effect, by writing its value
 *                  (AGENT_FAULT_VALUE, sys/agent.h: its kind, where it
 *                  was made, the number of the message it was made at)
 *                  to this variable; the same call reads
 *                  the total so far, which tells the driver when the
 *                  goal is reached.  kern.agent_faultkinds gives the
 *                  count of each kind.
 *   by device      the faults are counted by device as well (the
 *                  caller's grant: devgrant_label, "vtblk1"), which is
 *                  what a driver instance's successor is seeded with
 *                  (kern.agent_fault_mine: the caller's device's count),
 *                  so that one device's faults do not depend on when
 *                  another's were made.
 *   the digest     a running hash of the values counted, in order, for
 *                  each device, and for all a hash of the devices'
 *                  names, counts and digests in name order
 *                  (kern.agent_faultdigest: "all N HASH, vtblk0 N HASH,
 *                  ..."): a device made the same faults at the same
 *                  messages and points in two runs if and only if
 *                  (barring a collision) its digests are equal, and
 *                  "all" does not depend on how the devices' faults
 *                  interleaved, so two runs are compared in one line
 *                  (udrv_fault prints it).
 *
 * The campaign runs while kern.agent_fault_armed is 1: its client (the
 * test that reads and checks, test/dev/udrv_fault.c) sets it when it
 * starts and clears it when the goal is reached, so the drivers boot,
 * and the test runner takes its leak snapshots, with nothing injected.
 * A fault is counted, and so made, only while armed (EAGAIN before:
 * the driver skips it).  Only a process holding a device grant may
 * count, and only in a system booted with faults (EPERM otherwise); a
 * kind or point out of range is EINVAL; in replay mode a device's
 * fault past the goal is EAGAIN.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/sysctl.h>
#include <sys/agent.h>
#include <sys/devgrant.h>
#include <sys/globaldata.h>

#define AGENT_FAULTDEVS	8		/* devices counted apart */
#define AGENT_FAULTNAME	16

static bool agent_fault_parsed;		/* [c] the boot word read */
static int agent_fault_seed;		/* [I] after parsing */
static int agent_fault_rate;		/* [I] 0: off */
static int agent_fault_goal;		/* [I] 0: no end */
static int agent_fault_armed;		/* [c] the campaign runs */
static int agent_fault_timeout_ms = 200; /* [c] drivers' deadline */
static int agent_fault_replay;		/* [c] the goal is per device */
static int agent_fault_log;		/* [c] print each fault */
static int agent_fault_total;		/* [c] faults counted */
static int agent_fault_kind[AGENT_NFAULT + 1]; /* [c] by kind */

/* The faults of one device (the first AGENT_FAULTDEVS seen). */
static struct agent_faultdev {
	char		fd_name[AGENT_FAULTNAME]; /* [c] "": free */
	int		fd_count;	/* [c] its faults */
	uint32_t	fd_digest;	/* [c] its values, in order */
} agent_faultdevs[AGENT_FAULTDEVS];

static const char *const agent_fault_names[AGENT_NFAULT + 1] = {
	"", "crash", "reply", "twice", "noreply", "ports"
};
static const char *const agent_fault_points[AGENT_NFPOINT + 1] = {
	"", "recv", "reply", "io"
};

/* Parse one decimal field of s into *vp, up to ':' or the end; the
 * rest of s, or NULL if the field is bad. */
static const char *
agent_fault_field(const char *s, int *vp)
{
	unsigned v = 0;
	int n = 0;

	for (; *s >= '0' && *s <= '9'; s++, n++) {
		v = v * 10 + (unsigned)(*s - '0');
		if (v > 0x7fffffff)
			return (NULL);
	}
	if (n == 0 || (*s != '\0' && *s != ':'))
		return (NULL);
	*vp = (int)v;
	return (*s == ':' ? s + 1 : s);
}

/* Read udrv_faults=SEED:RATE[:GOAL] once.  A bad word is reported and
 * leaves faults off; RATE must be at least 2 (1 would fault at every
 * point, and a driver could never start).  [c] */
static void
agent_fault_parse(void)
{
	const char *w, *s;
	int seed = 0, rate = 0, goal = 0;

	if (agent_fault_parsed)
		return;
	agent_fault_parsed = true;
	if ((w = boot_getenv("udrv_faults")) == NULL)
		return;
	s = agent_fault_field(w, &seed);
	if (s != NULL && *s != '\0')
		s = agent_fault_field(s, &rate);
	if (s != NULL && *s != '\0')
		s = agent_fault_field(s, &goal);
	if (s == NULL || *s != '\0' || rate < 2) {
		kprintf("agent: udrv_faults=%s: not SEED:RATE[:GOAL] with "
		    "RATE >= 2: no faults\n", w);
		return;
	}
	agent_fault_seed = seed;
	agent_fault_rate = rate;
	agent_fault_goal = goal;
	kprintf("agent: fault injection into user drivers: seed %d, one "
	    "fault in %d points, goal %d\n", seed, rate, goal);
}

/* Read one of the campaign's settings (parsed on first use); never
 * written but by the boot word. */
static int
fault_setting(int *val, bool write, const int *setting)
{
	if (write)
		return (EPERM);
	crit_enter();
	agent_fault_parse();
	crit_exit();
	*val = *setting;
	return (0);
}

static int
sysctl_fault_seed(int *val, bool write)
{
	return (fault_setting(val, write, &agent_fault_seed));
}
SYSCTL_PROC(kern_agent_fault_seed, "kern.agent_fault_seed",
    sysctl_fault_seed, CTLFLAG_RD,
    "fault injection into user drivers: the seed (udrv_faults=SEED:...)");

static int
sysctl_fault_rate(int *val, bool write)
{
	return (fault_setting(val, write, &agent_fault_rate));
}
SYSCTL_PROC(kern_agent_fault_rate, "kern.agent_fault_rate",
    sysctl_fault_rate, CTLFLAG_RD,
    "fault injection into user drivers: one fault per this many "
    "injection points (0: off; udrv_faults=SEED:RATE)");

static int
sysctl_fault_goal(int *val, bool write)
{
	return (fault_setting(val, write, &agent_fault_goal));
}
SYSCTL_PROC(kern_agent_fault_goal, "kern.agent_fault_goal",
    sysctl_fault_goal, CTLFLAG_RD,
    "fault injection into user drivers: faults in all, then none "
    "(0: no end; udrv_faults=SEED:RATE:GOAL)");

/* The digest's step: order matters, every bit of v counts. */
static uint32_t
agent_fault_hash(uint32_t d, uint32_t v)
{
	d = (d << 5 | d >> 27) ^ v;
	d *= 0x9e3779b1U;
	return (d ^ d >> 15);
}

/* The record of p's device (made on first use); NULL if p holds no
 * grant or the table is full.  [c] */
static struct agent_faultdev *
agent_fault_dev(const struct proc *p)
{
	char name[AGENT_FAULTNAME];
	int i;

	if (p == NULL || !devgrant_label(p, name, sizeof(name)))
		return (NULL);
	for (i = 0; i < AGENT_FAULTDEVS; i++) {
		if (agent_faultdevs[i].fd_name[0] == '\0') {
			strlcpy(agent_faultdevs[i].fd_name, name,
			    sizeof(agent_faultdevs[i].fd_name));
			return (&agent_faultdevs[i]);
		}
		if (strcmp(agent_faultdevs[i].fd_name, name) == 0)
			return (&agent_faultdevs[i]);
	}
	return (NULL);
}

/* Read: the faults counted.  Write a value (AGENT_FAULT_VALUE): count
 * one (a driver, before the fault takes effect). */
static int
sysctl_faults(int *val, bool write)
{
	struct proc *p = curproc;
	struct agent_faultdev *fd;
	uint32_t v = (uint32_t)*val;
	int n;

	if (!write) {
		*val = agent_fault_total;
		return (0);
	}
	crit_enter();
	agent_fault_parse();
	crit_exit();
	if (agent_fault_rate == 0 || p == NULL || p->p_grant == NULL)
		return (EPERM);
	if (AGENT_FAULT_KIND(v) < 1 || AGENT_FAULT_KIND(v) > AGENT_NFAULT ||
	    AGENT_FAULT_WHERE(v) < 1 || AGENT_FAULT_WHERE(v) > AGENT_NFPOINT)
		return (EINVAL);
	if (!agent_fault_armed)
		return (EAGAIN);
	crit_enter();
	fd = agent_fault_dev(p);
	if (agent_fault_replay && agent_fault_goal > 0 && fd != NULL &&
	    fd->fd_count >= agent_fault_goal) {
		crit_exit();
		return (EAGAIN);	/* this device's goal is reached */
	}
	agent_fault_total++;
	agent_fault_kind[AGENT_FAULT_KIND(v)]++;
	if (fd != NULL) {
		fd->fd_count++;
		fd->fd_digest = agent_fault_hash(fd->fd_digest, v);
	}
	n = fd != NULL ? fd->fd_count : agent_fault_total;
	crit_exit();
	if (agent_fault_log)
		kprintf("fault: %s %d: message %u %s %s\n", fd != NULL ?
		    fd->fd_name : "all", n,
		    AGENT_FAULT_MSGNO(v),
		    agent_fault_points[AGENT_FAULT_WHERE(v)],
		    agent_fault_names[AGENT_FAULT_KIND(v)]);
	return (0);
}
SYSCTL_PROC(kern_agent_faults, "kern.agent_faults", sysctl_faults,
    CTLFLAG_RW, "faults injected into user drivers (a driver with a "
    "grant counts one by writing its value, sys/agent.h)");

SYSCTL_INT(kern_agent_fault_replay, "kern.agent_fault_replay",
    &agent_fault_replay, CTLFLAG_RW | CTLFLAG_DRV, "fault injection into "
    "user drivers: 1: the goal is per device, its faults past it refused "
    "(a boot word, for runs compared by their digests)");

SYSCTL_INT(kern_agent_fault_log, "kern.agent_fault_log", &agent_fault_log,
    CTLFLAG_RW | CTLFLAG_DRV, "fault injection into user drivers: 1: "
    "print each fault on the console (a boot word)");

SYSCTL_INT(kern_agent_fault_timeout_ms, "kern.agent_fault_timeout_ms",
    &agent_fault_timeout_ms, CTLFLAG_RW | CTLFLAG_DRV, "fault injection into user "
    "drivers: the reply deadline and restart grace a driver serves with "
    "under faults, ms (read at its start; a boot word for a campaign)");

/* Read: the faults counted for the caller's device (0: none, or no
 * grant). */
static int
sysctl_fault_mine(int *val, bool write)
{
	struct agent_faultdev *fd;

	if (write)
		return (EPERM);
	crit_enter();
	fd = agent_fault_dev(curproc);
	*val = fd != NULL ? fd->fd_count : 0;
	crit_exit();
	return (0);
}
SYSCTL_PROC(kern_agent_fault_mine, "kern.agent_fault_mine",
    sysctl_fault_mine, CTLFLAG_RD, "fault injection into user drivers: "
    "the faults counted for the caller's device (a driver seeds its "
    "PRNG with it)");

/* Read: whether the campaign runs.  Write 1 or 0: start or stop it (a
 * booted-with-faults system only). */
static int
sysctl_fault_armed(int *val, bool write)
{
	if (!write) {
		*val = agent_fault_armed;
		return (0);
	}
	crit_enter();
	agent_fault_parse();
	crit_exit();
	if (agent_fault_rate == 0)
		return (EPERM);
	if (*val != 0 && *val != 1)
		return (EINVAL);
	agent_fault_armed = *val;
	return (0);
}
SYSCTL_PROC(kern_agent_fault_armed, "kern.agent_fault_armed",
    sysctl_fault_armed, CTLFLAG_RW | CTLFLAG_DRV,
    "fault injection into user drivers: 1 while the campaign runs (set "
    "by its client; faults are refused, EAGAIN, while 0)");

static int
sysctl_faultkinds(char *buf, size_t size, size_t *lenp)
{
	size_t len = 0;
	int k;

	buf[0] = '\0';
	crit_enter();
	for (k = 1; k <= AGENT_NFAULT && len < size; k++)
		len += ksnprintf(buf + len, size - len, "%s%s %d",
		    k > 1 ? " " : "", agent_fault_names[k],
		    agent_fault_kind[k]);
	crit_exit();
	*lenp = MIN(len, size - 1);
	return (0);
}
SYSCTL_STRPROC(kern_agent_faultkinds, "kern.agent_faultkinds",
    sysctl_faultkinds, "faults injected into user drivers, by kind");

/* The devices' records in name order (at most AGENT_FAULTDEVS); how
 * many.  [c] */
static int
agent_fault_sorted(const struct agent_faultdev **out)
{
	const struct agent_faultdev *fd, *prev = NULL, *next;
	int i, n = 0;

	for (;;) {
		next = NULL;
		for (i = 0; i < AGENT_FAULTDEVS; i++) {
			fd = &agent_faultdevs[i];
			if (fd->fd_name[0] == '\0' || (prev != NULL &&
			    strcmp(fd->fd_name, prev->fd_name) <= 0))
				continue;
			if (next == NULL || strcmp(fd->fd_name,
			    next->fd_name) < 0)
				next = fd;
		}
		if (next == NULL)
			return (n);
		out[n++] = prev = next;
	}
}

/* "all N HASH, DEV N HASH, ...": the devices in name order, and all a
 * hash of theirs in that order, so that two runs print alike however
 * the devices' faults interleaved. */
static int
sysctl_faultdigest(char *buf, size_t size, size_t *lenp)
{
	const struct agent_faultdev *devs[AGENT_FAULTDEVS];
	uint32_t all = 0;
	const char *c;
	size_t len;
	int i, n;

	crit_enter();
	n = agent_fault_sorted(devs);
	for (i = 0; i < n; i++) {
		for (c = devs[i]->fd_name; *c != '\0'; c++)
			all = agent_fault_hash(all, (uint8_t)*c);
		all = agent_fault_hash(all, (uint32_t)devs[i]->fd_count);
		all = agent_fault_hash(all, devs[i]->fd_digest);
	}
	len = (size_t)ksnprintf(buf, size, "all %d %08x", agent_fault_total,
	    all);
	for (i = 0; i < n && len < size; i++)
		len += ksnprintf(buf + len, size - len, ", %s %d %08x",
		    devs[i]->fd_name, devs[i]->fd_count, devs[i]->fd_digest);
	crit_exit();
	*lenp = MIN(len, size - 1);
	return (0);
}
SYSCTL_STRPROC(kern_agent_faultdigest, "kern.agent_faultdigest",
    sysctl_faultdigest, "faults injected into user drivers: a digest of "
    "each device's faults (message, point, kind) in order, and of all "
    "(two runs that made the same faults print the same)");
