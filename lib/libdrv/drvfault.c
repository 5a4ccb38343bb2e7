/*
 * lib/libdrv/drvfault.c - fault injection into a user driver: the
 * driver misbehaves on purpose, at random, so that the kernel's claim
 * never to trust it (sys/kern/kern_agent.c: TRUST) is tested the way
 * MINIX 3's drivers were (Herder et al., DSN 2009).
 *
 * WHERE.  The faults are made here, in the library every user driver
 * is built against, at its injection points, so no driver source
 * changes:
 *
 *   the message loop  (drvagent.c, a message received from the agent,
 *                     before the driver gets it)  a crash or hang
 *   the reply path    (drvagent.c: drv_fault_reply says which replies
 *                     go into the next replyrecvsys batch)  a crash or
 *                     hang before the reply, a reply with corrupted
 *                     fields, a reply given twice (twice in one batch,
 *                     or again later with the stale id), a reply never
 *                     given
 *   port I/O          (drvif.c, every drv_in* and drv_out*)  a crash or
 *                     hang in the middle of talking to the device, or
 *                     garbage written to one of its ports
 *
 * Each point draws from its PRNG (REPLAY, below); one draw in RATE is a
 * fault, whose kind is a second draw among those the point allows.  A crash is a
 * null-pointer write, an invalid instruction, _exit with a random
 * status, SIGKILL sent to itself, or a hang (sleeping for good: the
 * agent's watchdog and reply deadline must notice).  Before a fault
 * takes effect it is counted in the kernel (kern.agent_faults,
 * sys/kern/kern_agentfault.c), which outlives the driver; the total
 * returned tells the driver when the campaign's goal is reached (then
 * it stops injecting) and seeds the next instance.  A fault drawn
 * before the campaign's client armed it (kern.agent_fault_armed) is
 * refused there (EAGAIN) and not made: the drivers boot clean.
 *
 * WHAT IS NOT INJECTED, AND WHY.  A corruption the kernel cannot tell
 * from the truth is left out, because no kernel can catch it and a
 * test of it proves nothing: a reply's data bytes (the driver is the
 * only source of the disk's content), a reply's error changed to 0 or
 * its data pointed at another of the driver's own buffers (wrong data
 * that looks right), an id that names another message the driver holds
 * (that message would get this one's answer).  Corrupted ids here are
 * ids never given or already used; corrupted errors are never 0;
 * corrupted data addresses are never the driver's memory.  And a
 * random port write never goes to a register the driver has programmed
 * with a physical address of its DMA memory (a ring's address: a
 * 32-bit write whose value, or value << 12, lies in that memory): with
 * no IOMMU such a write makes the device read and write anywhere in
 * memory, the one hole the grant documents (sys/devgrant.h), so it is
 * excluded and said so, not tested.  Random writes go to the ports the
 * driver has itself used (all inside its grant), with the width it
 * used there: at a port it writes, one of the values it wrote there
 * (garbage in time: a command, a reset, a notification, a DMA start at
 * a moment the driver did not choose); at a port it only reads, a
 * random value.  Not random values at a port it writes, because that
 * may be a disk's command register: a random WRITE command makes the drive
 * write whatever its buffers hold, and a driver that does that destroys
 * its own disk's data, which the kernel, granting the port, cannot tell
 * from a good command (found by this campaign: README).  And none at
 * all into an IDE controller (PCI class 1.1): its sector address and
 * command are port registers, so even a value the driver wrote there,
 * at the wrong moment, makes the drive read another sector than the
 * one asked, and the driver returns wrong data as right (found by this
 * campaign too); a virtio device takes its requests from memory, where
 * port writes cannot reach them.
 *
 * REPLAY, BY DESIGN.  A decision is not a draw from one stream but a
 * function of what it is about: a PRNG (xorshift32) seeded, at each
 * point, with a hash of the boot's seed, the device (its PCI ids and
 * selector: two functions of one model decide apart), the instance
 * (the faults its device had when it started, kern.agent_fault_mine),
 * the message (the instance's count of the messages it received from
 * the agent; an interrupt is numbered from the message before it and
 * its count since, heartbeats not at all), the point (RECV, REPLY, IO)
 * and the point's place (for port I/O: which I/O since the driver took
 * the message or interrupt it is handling, drv_fault_handle; a poll,
 * the same port read again and again, is one point, decided at its
 * first read, so a device that answers sooner or later moves nothing;
 * I/O at no agent message, a timer's or the start's own reads, is no
 * point).  Every draw a fault makes after (its kind, how it crashes,
 * which field it corrupts, which port) comes from that point's stream.
 * So the same message at the same point gets the same fault whenever
 * interrupts land and whatever the other devices do, and a stray
 * interrupt or a longer poll moves no decision beyond its own message.
 * One device's faults are then a function of the seed and of the order
 * of the messages it receives, which a client that keeps one request
 * in flight per device fixes (test/dev/udrv_fault.c in replay mode),
 * with one more rule, in drvagent.c: under faults a message that comes
 * while a new instance starts (the partition layer reading its table)
 * waits for the loop, so it never queues behind that read in one run
 * and not in another.  Each fault is counted with its kind, its point
 * and its message's number (AGENT_FAULT_VALUE), which the kernel folds
 * into a digest per device (kern.agent_faultdigest): two runs compare
 * in one line.  With kern.agent_fault_replay set, the campaign's goal
 * is per device (the kernel refuses a device's faults past it), so
 * each device's digest covers the same faults in every run.  What it
 * does not fix: README, Fault injection, Replay.
 *
 * Off (the default: no udrv_faults boot word), every point costs one
 * test of a flag (drv_fault_on; drv_fault_track for port I/O, cleared
 * at the first I/O once the settings are read).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/msgport.h>
#include <sys/device.h>
#include <sys/drvif.h>
#include <sys/agent.h>
#include <sys/devgrant.h>
#include <sys/pciio.h>
#include <machine/cpufunc.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "libdrv.h"
#include "drvagentvar.h"

#define DRV_FAULT_TIMEOUT_MIN	10	/* reply deadline and restart grace
					 * under faults (ds_timeout), ms:
					 * kern.agent_fault_timeout_ms within
					 * these */
#define DRV_FAULT_TIMEOUT_MAX	10000
#define DRV_FAULT_NPORTS	32	/* ports remembered */
#define DRV_FAULT_NVAL		4	/* values remembered per port */
#define DRV_FAULT_NIDS		(2 * AGENT_NHELD) /* held ids remembered */

bool drv_fault_on;			/* injecting now */
static bool drv_fault_begun;		/* drv_fault_on set once */
bool drv_fault_track = true;		/* port I/O and receives call here
					 * (until the settings say faults are
					 * off) */
static bool drv_fault_conf;		/* settings read */

/* Faults are off (the settings say so): no more calls here, and the
 * loop's round and a read's straight path no longer ask (drv_unc). */
static void
drv_fault_off(void)
{
	drv_fault_track = false;
	drv_unc.du_why.du_state &= ~DRV_UNC_FAULT;
}

static uint32_t drv_fault_rate;		/* one fault per this many points */
static int drv_fault_goal;		/* 0: no end */
static bool drv_fault_replay;		/* the goal is per device */
static uint32_t drv_fault_timeout;	/* ms */
static uint32_t drv_fault_base;		/* seed, device and instance hashed */
static uint32_t drv_fault_rng;		/* xorshift32 state, never 0: the
					 * current point's stream */
static struct udevreply drv_fault_stale; /* a reply to give again */
static bool drv_fault_hasstale;
static bool drv_fault_noports;		/* no garbage port writes here */

/* Where the instance is (REPLAY): the messages it received, the
 * interrupts since the last, the one its driver handles now (its
 * number: a message's, or DRV_FAULT_INTR | the last message's << 8 |
 * the interrupt's since; 0: none of the agent's), port I/O points
 * since the driver took it, and the last I/O (a poll's reads after its
 * first are no points).  An interrupt is numbered from the message
 * before it, not from the instance's start, so one that a garbage
 * write made the device raise moves no decision after the next
 * message. */
#define DRV_FAULT_INTR	0x80000000u
static uint32_t drv_fault_msgno;
static uint32_t drv_fault_nintr;
static uint32_t drv_fault_ctx;
static uint32_t drv_fault_ioseq;
static int32_t drv_fault_lastport = -1;
static bool drv_fault_lastout;

/* The number of each message held (by ud_id) or interrupt (by its
 * record's udevmsg), for its reply and its handling. */
static struct {
	const struct udevmsg *fi_um;	/* an interrupt's record */
	uint32_t	fi_id;		/* a message's id */
	uint32_t	fi_no;
} drv_fault_ids[DRV_FAULT_NIDS];
static int drv_fault_nextid;

/* The ports the driver used: where random writes go. */
static struct {
	uint16_t	fp_port;
	uint8_t		fp_width;	/* 1, 2, 4 */
	bool		fp_dma;		/* holds a DMA address: never */
	uint8_t		fp_nval;	/* values the driver wrote there */
	uint32_t	fp_val[DRV_FAULT_NVAL];	/* the last few, distinct */
} drv_fault_ports[DRV_FAULT_NPORTS];
static int drv_fault_nports;

static uint32_t
drv_fault_rand(void)
{
	uint32_t x = drv_fault_rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return (drv_fault_rng = x);
}

/* A 32-bit mix (for seeding). */
static uint32_t
drv_fault_mix(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	return (x);
}

/* Seed the PRNG for one decision: at point where, of message msgno, at
 * place sub within it (REPLAY). */
static void
drv_fault_key(int where, uint32_t msgno, uint32_t sub)
{
	uint32_t k;

	k = drv_fault_mix(drv_fault_base ^ (uint32_t)where * 0x9e3779b9U);
	k = drv_fault_mix(k ^ msgno);
	k = drv_fault_mix(k ^ sub * 0x85ebca6bU);
	drv_fault_rng = k != 0 ? k : 1;
}

static int
drv_fault_sysctl(const char *name)
{
	size_t len = sizeof(int);
	int v = 0;

	if (sysctl(name, &v, &len, NULL, 0) != 0)
		return (0);
	return (v);
}

/*
 * Read the settings (kern.agent_fault_*) once, at the first device
 * registered; the reply deadline a device is served with under faults
 * (0: the agent's default).
 */
uint32_t
drv_fault_setup(void)
{
	struct pci_conf pc;
	uint32_t seed;
	int mine, total;

	if (!drv_fault_conf) {
		drv_fault_conf = true;
		drv_fault_rate = (uint32_t)drv_fault_sysctl(
		    "kern.agent_fault_rate");
		drv_fault_goal = drv_fault_sysctl("kern.agent_fault_goal");
		drv_fault_replay = drv_fault_sysctl(
		    "kern.agent_fault_replay") != 0;
		drv_fault_timeout = (uint32_t)drv_fault_sysctl(
		    "kern.agent_fault_timeout_ms");
		drv_fault_timeout = drv_fault_timeout < DRV_FAULT_TIMEOUT_MIN ?
		    DRV_FAULT_TIMEOUT_MIN : drv_fault_timeout >
		    DRV_FAULT_TIMEOUT_MAX ? DRV_FAULT_TIMEOUT_MAX :
		    drv_fault_timeout;
		mine = drv_fault_sysctl("kern.agent_fault_mine");
		total = drv_fault_replay ? mine :
		    drv_fault_sysctl("kern.agent_faults");
		if (drv_fault_goal > 0 && total >= drv_fault_goal)
			drv_fault_rate = 0;
		seed = drv_fault_mix((uint32_t)drv_fault_sysctl(
		    "kern.agent_fault_seed") ^ 0x5bd1e995U);
		if (grantinfo(&pc) == 0) {
			seed = drv_fault_mix(seed ^
			    ((uint32_t)pc.pc_vendor << 16 | pc.pc_device));
			seed = drv_fault_mix(seed ^ ((uint32_t)pc.pc_bus << 16 |
			    (uint32_t)pc.pc_slot << 8 | pc.pc_func));
			/* An IDE controller: see WHAT IS NOT INJECTED. */
			drv_fault_noports = pc.pc_class == 0x01 &&
			    pc.pc_subclass == 0x01;
		}
		drv_fault_base = drv_fault_mix(seed ^ (uint32_t)mine);
	}
	return (drv_fault_rate > 0 ? drv_fault_timeout : 0);
}

/* Faults from now on, if the boot asked for them: from the first
 * message received or the loop's start, whichever comes first (a
 * message's faults do not depend on whether the loop runs or the
 * process waits inside its start, the partition layer reading a
 * table).  Port I/O faults only while a driver handles an agent message
 * or interrupt (drv_fault_handle): never in attach, before the device's
 * DMA registers are known. */
static void
drv_fault_begin(void)
{
	if (drv_fault_begun)
		return;
	drv_fault_begun = true;
	drv_fault_on = drv_fault_setup() > 0;
}

/* The loop starts. */
void
drv_fault_start(void)
{
	drv_fault_begin();
}

/* Whether this process runs under fault injection (its replies may be
 * refused on purpose). */
bool
drv_fault_active(void)
{
	return (drv_fault_conf && drv_fault_rate > 0);
}

/* Count a fault of kind, made at point where (AGENT_FPOINT_*) of the
 * instance's message or interrupt numbered no, in the kernel before making it; false if it
 * cannot be counted (then it is not made: EAGAIN, the campaign is not
 * armed or, in replay mode, this device's goal is reached; another
 * error ends injection).  The fault that reaches the goal is the
 * last. */
static bool
drv_fault_count(int kind, int where, uint32_t no)
{
	size_t len = sizeof(int);
	int total = 0, v;

	/* The number in 16 bits: a message's, or 0x8000 | the message
	 * before an interrupt's (7 bits) << 8 | the interrupt's since. */
	no = (no & DRV_FAULT_INTR) ? 0x8000 | (no >> 8 & 0x7f) << 8 |
	    (no & 0xff) : no & 0x7fff;
	v = AGENT_FAULT_VALUE(kind, where, no);

	if (sysctl("kern.agent_faults", &total, &len, &v,
	    sizeof(v)) != 0) {
		if (errno != EAGAIN)
			drv_fault_on = false;
		return (false);
	}
	if (!drv_fault_replay && drv_fault_goal > 0 &&
	    total + 1 >= drv_fault_goal)
		drv_fault_on = false;
	return (true);
}

/* One draw in drv_fault_rate is a fault. */
static bool
drv_fault_draw(void)
{
	return (drv_fault_on && drv_fault_rand() % drv_fault_rate == 0);
}

/* Die, one way or another (the draw how chooses), or hang. */
static void __attribute__((__noreturn__))
drv_fault_crash(uint32_t how)
{
	struct timespec ts = { 3600, 0 };

	switch (how % 16) {			/* one in 16: a hang */
	case 0: case 1: case 2: case 3:
		*(volatile int *)(uintptr_t)(drv_fault_rand() & 0xfff) = 1;
		break;
	case 4: case 5: case 6: case 7:
		__builtin_trap();
	case 8: case 9: case 10: case 11:
		_exit((int)(drv_fault_rand() & 0xff));
	case 12: case 13: case 14:
		kill(getpid(), SIGKILL);
		break;
	}
	for (;;)			/* hung: the agent must notice */
		nanosleep(&ts, NULL);
}

/* Remember val among a port's last DRV_FAULT_NVAL distinct values (a
 * new one replaces the slot its value names: no draw, so remembering
 * moves no decision). */
static void
drv_fault_remember(uint8_t *np, uint32_t *vals, uint32_t val)
{
	int k;

	for (k = 0; k < *np; k++)
		if (vals[k] == val)
			return;
	if (*np < DRV_FAULT_NVAL)
		vals[(*np)++] = val;
	else
		vals[drv_fault_mix(val) % DRV_FAULT_NVAL] = val;
}
/* Write garbage to one of the ports the driver used (not one that
 * holds a DMA address), the draw v choosing.  Assumes a port is known. */
static void
drv_fault_portwrite(uint32_t v)
{
	int i, n = 0, pick;

	for (i = 0; i < drv_fault_nports; i++)
		n += !drv_fault_ports[i].fp_dma;
	if (n == 0)
		return;
	pick = (int)(drv_fault_rand() % (uint32_t)n);
	for (i = 0; i < drv_fault_nports; i++) {
		if (drv_fault_ports[i].fp_dma || pick-- != 0)
			continue;
		if (drv_fault_ports[i].fp_nval > 0)	/* garbage in time */
			v = drv_fault_ports[i].fp_val[v %
			    drv_fault_ports[i].fp_nval];
		switch (drv_fault_ports[i].fp_width) {
		case 1:
			outb(drv_fault_ports[i].fp_port, (uint8_t)v);
			break;
		case 2:
			outw(drv_fault_ports[i].fp_port, (uint16_t)v);
			break;
		default:
			outl(drv_fault_ports[i].fp_port, v);
			break;
		}
		return;
	}
}

/*
 * Port I/O point: remember the port (and whether the driver wrote a DMA
 * address to it: from the first I/O on, attach's included, so a ring's
 * address register is known before injection starts), then, once the
 * loop runs, perhaps crash, hang or write garbage to a port.  A read of
 * the port read last is no new point (a poll: see REPLAY).
 */
void
drv_fault_io(uint16_t port, int width, uint32_t val, bool out)
{
	uint32_t how;
	int i;

	if (drv_fault_setup() == 0) {
		drv_fault_off();		/* off: no more calls */
		return;
	}
	for (i = 0; i < drv_fault_nports; i++)
		if (drv_fault_ports[i].fp_port == port)
			break;
	if (i == drv_fault_nports && i < DRV_FAULT_NPORTS) {
		drv_fault_ports[i].fp_port = port;
		drv_fault_ports[i].fp_width = (uint8_t)width;
		drv_fault_nports++;
	}
	if (out && width == 4 && i < DRV_FAULT_NPORTS &&
	    (drv_dma_owns_pa(val) || (val < (1u << 20) &&
	    drv_dma_owns_pa(val << 12))))
		drv_fault_ports[i].fp_dma = true;
	if (out && i < DRV_FAULT_NPORTS)
		drv_fault_remember(&drv_fault_ports[i].fp_nval,
		    drv_fault_ports[i].fp_val, val);
	if (!out && !drv_fault_lastout && drv_fault_lastport == port)
		return;				/* a poll's next read */
	drv_fault_lastport = port;
	drv_fault_lastout = out;
	drv_fault_ioseq++;
	if (!drv_fault_on || drv_fault_ctx == 0)
		return;			/* not at an agent message's handling */
	drv_fault_key(AGENT_FPOINT_IO, drv_fault_ctx, drv_fault_ioseq);
	if (!drv_fault_draw() || (drv_fault_rand() & 1))
		return;			/* half as often: they are many */
	how = drv_fault_rand();
	if (drv_fault_rand() % 16 == 0) {
		if (drv_fault_count(AGENT_FAULT_CRASH, AGENT_FPOINT_IO,
		    drv_fault_ctx))
			drv_fault_crash(how);
	} else if (!drv_fault_noports && drv_fault_count(AGENT_FAULT_PORTS,
	    AGENT_FPOINT_IO, drv_fault_ctx)) {
		drv_fault_portwrite(how);
	}
}

/* Remember number no for um (a message by its id, an interrupt by its
 * record). */
static void
drv_fault_number(const struct udevmsg *um, uint32_t no)
{
	int i = drv_fault_nextid;

	drv_fault_ids[i].fi_um = um;
	drv_fault_ids[i].fi_id = um->ud_id;
	drv_fault_ids[i].fi_no = no;
	drv_fault_nextid = (i + 1) % DRV_FAULT_NIDS;
}

/* The number drv_fault_recv gave um (0: none). */
static uint32_t
drv_fault_number_of(const struct udevmsg *um)
{
	int i, k;

	for (k = 1; k <= DRV_FAULT_NIDS; k++) {	/* the newest first */
		i = (drv_fault_nextid + DRV_FAULT_NIDS - k) % DRV_FAULT_NIDS;
		if (um->ud_id != 0 ? drv_fault_ids[i].fi_id == um->ud_id :
		    drv_fault_ids[i].fi_um == um && drv_fault_ids[i].fi_id == 0)
			return (drv_fault_ids[i].fi_no);
	}
	return (0);
}

/*
 * Message loop point: um was received from the agent (not a heartbeat
 * or a message the library answers itself).  Numbers it (a message
 * from 1, an interrupt from the message before it: REPLAY), then
 * perhaps crashes holding it.
 */
void
drv_fault_recv(const struct udevmsg *um)
{
	uint32_t how, no;

	if (drv_fault_setup() == 0) {
		drv_fault_off();
		return;
	}
	if (um->ud_cmd == UDEV_INTR) {
		no = DRV_FAULT_INTR | (drv_fault_msgno & 0x7fffff) << 8 |
		    MIN(++drv_fault_nintr, 0xff);
	} else {
		no = ++drv_fault_msgno;
		drv_fault_nintr = 0;
	}
	drv_fault_number(um, no);
	drv_fault_begin();
	if (!drv_fault_on)
		return;
	drv_fault_key(AGENT_FPOINT_RECV, no, 0);
	if (drv_fault_draw() && drv_fault_rand() % 4 == 0 &&
	    drv_fault_count(AGENT_FAULT_CRASH, AGENT_FPOINT_RECV, no)) {
		how = drv_fault_rand();
		drv_fault_crash(how);
	}
}

/* The driver takes msg (drvif.c, at the call of its port's function):
 * its port I/O from now on is keyed by msg's number, if msg is an agent
 * message or interrupt (drv_rec_msg), else made without faults. */
void
drv_fault_handle(lwkt_msg_t msg)
{
	const struct udevmsg *um = drv_rec_msg(msg);

	drv_fault_ctx = um != NULL ? drv_fault_number_of(um) : 0;
	drv_fault_ioseq = 0;
	drv_fault_lastport = -1;
}

/* An address that is none of the driver's memory. */
static const void *
drv_fault_badaddr(void)
{
	switch (drv_fault_rand() % 4) {
	case 0:
		return (NULL);
	case 1:
		return ((const void *)(uintptr_t)(0xc0000000u +
		    (drv_fault_rand() & 0x0ffffffcu)));	/* the kernel's */
	case 2:
		return ((const void *)(uintptr_t)(0x100 +
		    (drv_fault_rand() & 0xefff)));	/* below every mapping */
	default:
		return ((const void *)(uintptr_t)(0xfffff000u +
		    (drv_fault_rand() & 0xfff)));	/* the top page */
	}
}

/* Corrupt one field of ur (the reply to um), the draw r choosing, so
 * that the kernel can tell; see WHAT IS NOT INJECTED. */
static void
drv_fault_corrupt(struct udevreply *ur, const struct udevmsg *um,
    uint32_t r)
{

	switch (r % 4) {
	case 0:				/* an id never given, or used */
		switch ((r >> 8) % 3) {
		case 0:
			ur->ur_id |= AGENT_NHELD + (r >> 16) % 200;
			break;
		case 1:
			ur->ur_id &= 0xff;		/* generation 0 */
			break;
		default:
			ur->ur_id += 0x400000u << 8;	/* a future one */
			break;
		}
		break;
	case 1:				/* an error that is none, or another */
		switch ((r >> 8) % 3) {
		case 0:
			ur->ur_error = -(int32_t)((r >> 16) + 1);
			break;
		case 1:
			ur->ur_error = EASYNC + (int32_t)(r >> 16);
			break;
		default:
			ur->ur_error = 1 + (int32_t)((r >> 16) % 90);
			break;
		}
		break;
	case 2:				/* more than asked, or a short disk
					 * transfer */
		if (um->ud_cmd == UDEV_STRATEGY && ur->ur_count > 0 &&
		    (r & 0x100))
			ur->ur_count -= 1 + (r >> 16) % ur->ur_count;
		else
			ur->ur_count = um->ud_len + 1 + (r >> 16);
		break;
	default:			/* data from nowhere */
		ur->ur_data = drv_fault_badaddr();
		if (ur->ur_count == 0)
			ur->ur_count = um->ud_len;
		break;
	}
}

/*
 * The reply path: ur is the reply to message um.  Fills out with the
 * replies to give for it, in order, in the process's next replyrecvsys
 * batch, and returns how many (at most DRV_FAULT_NREPLY): ur itself,
 * unless a fault is injected: a crash or hang first (no return), ur
 * with a corrupted field, ur twice, or nothing (a reply never given);
 * and first, perhaps, the stale second reply of an earlier message
 * given twice.
 */
int
drv_fault_reply(struct udevreply *out, const struct udevreply *ur,
    const struct udevmsg *um)
{
	uint32_t k, r, msgno = drv_fault_number_of(um);
	int n = 0;

	if (drv_fault_hasstale && drv_fault_on) {
		drv_fault_key(AGENT_FPOINT_REPLY, msgno, 1);
		if (drv_fault_rand() % 4 == 0) {
			/* The second reply of an earlier twice-given one. */
			drv_fault_hasstale = false;
			out[n++] = drv_fault_stale;
		}
	}
	drv_fault_key(AGENT_FPOINT_REPLY, msgno, 0);
	out[n] = *ur;
	if (!drv_fault_draw())
		return (n + 1);		/* a refused reply: EIO to its
					 * sender, nothing for us */
	k = drv_fault_rand() % 16;
	r = drv_fault_rand();
	if (k < 1) {
		if (drv_fault_count(AGENT_FAULT_CRASH, AGENT_FPOINT_REPLY,
		    msgno))
			drv_fault_crash(r);
	} else if (k < 7) {
		if (drv_fault_count(AGENT_FAULT_REPLY, AGENT_FPOINT_REPLY,
		    msgno))
			drv_fault_corrupt(&out[n], um, r);
	} else if (k < 13) {
		if (drv_fault_count(AGENT_FAULT_TWICE, AGENT_FPOINT_REPLY,
		    msgno)) {
			out[++n] = *ur;
			if (drv_fault_rand() & 1) {
				drv_fault_stale = *ur;
				drv_fault_hasstale = true;
			}
		}
	} else {
		if (drv_fault_count(AGENT_FAULT_NOREPLY, AGENT_FPOINT_REPLY,
		    msgno))
			return (n);
	}
	return (n + 1);
}
