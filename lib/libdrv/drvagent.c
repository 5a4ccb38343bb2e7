/*
 * lib/libdrv/drvagent.c - a driver process's messages from the port
 * agent (sys/sys/agent.h): the receive, the device message made of
 * each, the reply made of the driver's, and the process's loop.  The
 * records they are received into are drvrec.c's; the devices themselves
 * (devserve), the grant's interrupt lines, the messages this library
 * answers itself and DMA memory are drvdev.c's; what they share,
 * drvagentvar.h.
 *
 * A MESSAGE FROM OUTSIDE.  drv_register(dev) (drvdev.c) serves dev's
 * name through the agent, ds_unit the index of the device in drv_devs.
 * drv_serve() is the process's
 * loop: its own ports first (drvif.c's drv_runonce), then the agent.
 * A received struct udevmsg becomes the very device message an
 * in-kernel driver gets (union dev_anymsg, its uio UIO_SYSSPACE over
 * the record's buffer, where the agent already put a write's data), and
 * is sent to dev->si_port with drv_send: a call.  Its reply comes back
 * to this file's reply port, which turns it into a struct udevreply
 * (ur_count from the uio or a_resid, ur_data the buffer for a read or
 * an IOC_OUT argument) and gives it to the agent (replysys).  So a
 * partition served by this process that forwards to a disk of this
 * process goes agent -> partition -> disk -> agent, the middle a plain
 * call.
 *
 * Records: one more than the agent holds for a service (AGENT_NHELD),
 * so the interrupt's DEV_INTR can always be received while every other
 * record waits for it (the agent gives it a slot of its own and puts it
 * before what is queued): DRV_NREC with a DRV_RECBUF buffer, the rest
 * with DRV_SMALLBUF, and one of DRV_BIGBUF for a transfer larger than
 * DRV_RECBUF (one such at a time).  The devices are served with the
 * largest transfer that record holds, DRV_IOMAX (or the driver's
 * si_iosize_max if smaller: ds_maxio), so the kernel sends nothing
 * larger (sys/device.h).  A read larger than its record
 * (nothing was copied in) moves to a free record large enough, or, if
 * none is free, waits in this process (drv_waitbuf) until a reply frees
 * one; a write too large for every free record stays queued in the
 * agent (EMSGSIZE) and the loop looks again a tick later (or at once,
 * if a message of its own came).  Only a read or write of a non-disk
 * larger than DRV_BIGBUF could fail (EIO), and the kernel cuts those
 * to ds_maxio.  Buffers are DMA memory when
 * the process holds a grant (so a DMA driver can give the device its
 * physical address: drv_uio_physnext), else of the heap, made on first
 * use.
 *
 * THE GATE CALLS.  Every receive is a replyrecvsys (sys/agent.h): the
 * replies the process's drivers made since the last one (a driver's
 * reply only notes its struct udevreply in drv_pend, its record kept
 * busy, since a read's data is in the record's buffer until the agent
 * has copied it) and the lines whose interrupt was handled (the agent
 * gives an interrupt received so without holding it: ud_id 0, the line
 * masked until named in rr_intrdone), then the receive, in one call;
 * or, with nothing to give, a recvsys_intr, whose interrupt is the
 * call's answer (the line), the record's message made here
 * (drv_agent_recv_intr).  A read costs the process two gate calls, not
 * four: the recvsys_intr that waits for its interrupt, and the
 * replyrecvsys that gives its reply.  A refused reply
 * (never, unless this library is wrong) is logged and the rest given
 * again.  Under fault injection drvfault.c's drv_fault_reply says which
 * replies go into the batch (a corrupted one, one twice, none), so the
 * faults meet replyrecvsys's batches.
 *
 * THE HOT PATH.  A disk read costs the process two rounds of its loop
 * (the read, then its interrupt) and the driver's work between, so what
 * this file does per message is one straight path, inlined into the
 * loop (drv_agent_once, drv_agent_recv, drv_agent_take,
 * drv_rec_dispatch), with nothing copied, scanned or divided:
 *
 *   the round's own questions (drvagentvar.h's drv_round): a TSC read
 *       compared with one TSC value, the lower of the first timer's and
 *       the end of the wait last computed, and a counter of queued
 *       messages; the wait given to the receive is the TSC distance to
 *       that timer over the TSC's kHz, kept until it changes (once a
 *       ms);
 *   a free record: the top of a stack per size (drv_rec_get), put back
 *       by drv_rec_put;
 *   the receive: each record keeps its own struct udevrr (dr_rr:
 *       rr_reply is drv_pend; the kernel writes back only rr_msg and,
 *       on an error, rr_nreplied), whose rr_msg is the record's message
 *       (dr_um), so the kernel writes the message where it is kept;
 *   the replies given with it: nothing to do when all were taken and
 *       none of them needed its record (drv_pend_taken): a reply with
 *       no data for the agent to copy (a DSF_PHYSIO transfer's, a
 *       write's) puts its record back as it is made, when no read
 *       waits for a record; the others' records are put back after
 *       the call, nothing moved (the rest is out of line);
 *   a strategy message: set field by field in the record's own message
 *       and uio (drv_rec_strategy), as the kernel's dev_dstrategy_send
 *       sets one, with no clearing of the rest;
 *   its driver: the last message of a batch (no ud_more) goes with
 *       drv_send_run, which runs the driver's function at once when its
 *       port is idle, instead of leaving it for the loop's next round;
 *   the reply: the agent's reply port calls drv_agent_replied, which
 *       writes the struct udevreply into its drv_pend slot (and frees
 *       the record if the reply carries no data); the
 *       interrupt's (not held) only notes its line and puts the record
 *       back.
 *
 * Only what is unusual leaves the path, each behind one test: a message
 * this library answers itself (drv_agent_own_may: a heartbeat, an
 * ioctl, a transfer once DIOCDRVHANG is armed), a read larger than its
 * record, a buffer not at its sender's alignment, a sysctl, an
 * interrupt nobody asked for yet, a refused reply (drv_agent_refused),
 * fault injection (drv_agent_replied_faults, drv_fault_recv).
 *
 * A DMA DRIVER'S DISK (SI_DMAIO) is served with DSF_PHYSIO when the
 * grant allows it: a strategy message then arrives as the physical
 * pieces of the sender's pages (a UIO_PHYSSEG uio over the record's
 * copy of them), drv_uio_physnext hands them to the driver as it hands
 * an in-kernel driver the held pages' addresses, and the device moves
 * the data with no copy on either side; the reply is the count alone.
 * A buffer not at the device's si_dmaalign (ds_dmaalign) still comes
 * as a copy, where the driver falls back as it would in the kernel
 * (the ATA driver: PIO for an odd buffer), and drv_dmaio serves the
 * device again, with or without DSF_PHYSIO, when the driver stops or
 * starts using DMA (hw.ata.dma).  drv_uiomove refuses a UIO_PHYSSEG
 * uio (EFAULT): a driver that meets one all the same (hw.ata.dma set
 * to 0 while such a transfer waited in it) fails it.
 *
 * ALIGNMENT.  A disk transfer's data sits in the record at the sender's
 * buffer's address mod 4 (ud_align), not at its start, so a driver that
 * decides by the buffer's address (the ATA driver: its DMA engine moves
 * words, an odd buffer goes by PIO) takes the path it would take in the
 * kernel.  A transfer that no longer fits its record so moves to a
 * larger one (the largest, DMA_MAXALLOC, holds a 1 MiB transfer at any
 * alignment).
 *
 * A DRIVER THAT SLEEPS (drv_sleep: a terminal read with nothing to read)
 * runs the process's loop inside the sleep, and that loop takes agent
 * messages too (drvif.c's waits through drv_agent_poll): the interrupt
 * that brings the bytes arrives through the agent.
 *
 * FAULTS.  Booted with udrv_faults=SEED:RATE, the loop, the reply path
 * and port I/O misbehave on purpose (drvfault.c): drv_serve starts the
 * injection, drv_register serves with a shorter deadline, every message
 * received is numbered by drv_fault_recv (its faults are keyed by that
 * number), one that comes before the loop runs waits for it (drv_early)
 * and every reply goes through drv_fault_reply.
 *
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/uio.h>
#include <sys/msgport.h>
#include <sys/device.h>
#include <sys/drvif.h>
#include <sys/agent.h>
#include <sys/devgrant.h>
#include <sys/sysctl.h>
#include <dev/pci/pcivar.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "libdrv.h"
#include "drvagentvar.h"

static struct lwkt_port drv_agent_rport;	/* a record's dr_msg's */
static struct lwkt_port drv_agent_irport;	/* its dr_imsg's */
static bool drv_agent_ready;
static volatile sig_atomic_t drv_crash_armed; /* drv_crash_arm */
/* Reads received into a record too small, waiting for a larger one. */
static TAILQ_HEAD(, drv_rec) drv_waitbuf = TAILQ_HEAD_INITIALIZER(drv_waitbuf);
/* Under faults, messages received before the loop runs (while the
 * partition layer reads a table at the start), taken when it does. */
static TAILQ_HEAD(, drv_rec) drv_early = TAILQ_HEAD_INITIALIZER(drv_early);
static bool drv_serving;		/* drv_serve runs */
/* The uncommon states, as they are before anything runs: faults not yet
 * known to be off, no service, the loop not running. */
union drv_unc drv_unc = { .du_why = { .du_state = DRV_UNC_FAULT |
    DRV_UNC_IDLE | DRV_UNC_NOSVC } };
#define drv_agent_more	drv_unc.du_why.du_more /* the last receive's
					 * ud_more */

/* Replies not yet given to the agent (see THE GATE CALLS), and the
 * records they came from (busy until the agent has the reply: a read's
 * data is in the record's buffer). */
static struct udevreply drv_pend[AGENT_RRMAX];
static struct drv_rec *drv_pendrec[AGENT_RRMAX]; /* NULL: none to free */
static int drv_npend;
static int drv_npendrec;		/* drv_pendrec's not NULL */
/* replyrecvsys's argument for a call that receives nothing (a record's
 * own, dr_rr, for one that does).  Each is kept between calls: rr_reply
 * is drv_pend, and the kernel writes only rr_msg (and rr_nreplied on an
 * error), so a call sets the few words that change.  The message
 * received is in its record at once (a reply made while records are
 * freed may call again). */
static struct udevrr drv_rr = { .rr_reply = drv_pend, .rr_nreplied = ~0u };
static uint32_t drv_intrack;		/* lines whose interrupt (not held:
					 * ud_id 0) is handled: unmasked by
					 * the next replyrecvsys */

static void drv_agent_replied(lwkt_port_t port, lwkt_msg_t msg);
static void drv_agent_ireplied(lwkt_port_t port, lwkt_msg_t msg);
static int drv_agent_recv(struct drv_rec *r, int waitms);
static int drv_agent_refused(struct drv_rec *r, int waitms, int error,
	    int taken);
static int drv_agent_once(int waitms, bool clear);
static void drv_agent_take(struct drv_rec *r);
static void drv_rec_dispatch(struct drv_rec *r);

/* The records and the reply port, once (drv_register's first). */
void
drv_agent_init(void)
{
	if (drv_agent_ready)
		return;
	drv_initreplyport(&drv_agent_rport, NULL);
	drv_initreplyport(&drv_agent_irport, NULL);
	/* Their replies come to drv_agent_replied and drv_agent_ireplied
	 * themselves, not through drv_initreplyport's function of a
	 * message: the port says which of a record's two messages it is. */
	drv_agent_rport.mp_replyport = drv_agent_replied;
	drv_agent_irport.mp_replyport = drv_agent_ireplied;
	drv_agent_ready = true;
	drv_rec_prealloc(&drv_agent_rport, &drv_agent_irport, drv_pend);
	(void)drv_ticks();	/* the clock's rate read now, not while serving */
}

static void
drv_uio_over(struct uio *uio, void *buf, size_t len, off_t off,
    enum uio_rw rw)
{
	memset(uio, 0, sizeof(*uio));
	uio->uio_buf = buf;
	uio->uio_resid = len;
	uio->uio_offset = off;
	uio->uio_segflg = UIO_SYSSPACE;
	uio->uio_rw = rw;
}

/*
 * A disk transfer received in r as the strategy message the kernel's
 * dev_dstrategy_send builds (a_resid the whole length until the driver
 * says otherwise), field by field: the record's message and uio are
 * reused, and this is every read's and write's path.  Its port, or NULL
 * if it is malformed.
 */
static inline __attribute__((__always_inline__)) lwkt_port_t
drv_rec_strategy(struct drv_rec *r, struct cdev *dev)
{
	const struct udevmsg *um = &r->dr_um;
	struct dev_strategy_msg *sm = &r->dr_msg.strategy;
	lwkt_msg_t msg = &sm->a_head.dm_msg;
	struct uio *uio = &r->dr_uio;

	if (um->ud_len == 0 || (um->ud_nseg == 0 ? um->ud_len > r->dr_size :
	    um->ud_nseg > r->dr_size / sizeof(struct udevseg)))
		return (NULL);
	drv_rec_msgagain(msg);		/* (port, abort function: kept) */
	sm->a_head.dm_dev = dev;
	sm->a_bio_cmd = um->ud_flags;
	sm->a_offset = um->ud_offset;
	sm->a_bcount = um->ud_len;
	sm->a_resid = um->ud_len;
	sm->a_driver = NULL;
	uio->uio_resid = um->ud_len;
	uio->uio_offset = 0;
	uio->uio_rw = um->ud_flags == UBIO_READ ? UIO_READ : UIO_WRITE;
	uio->uio_vmidx = 0;
	uio->uio_vmskip = 0;
	if (um->ud_nseg != 0) {		/* the sender's own pages */
		uio->uio_vmcnt = (int)um->ud_nseg;
		if (r->dr_physio)
			return (dev->si_port);	/* the rest as it was */
		r->dr_physio = true;
		uio->uio_buf = r->dr_buf;	/* the pieces */
		uio->uio_segflg = UIO_PHYSSEG;
	} else {
		r->dr_physio = false;
		uio->uio_buf = r->dr_data;
		uio->uio_segflg = UIO_SYSSPACE;
		uio->uio_vmcnt = 0;
	}
	msg->ms_cmd = DEV_STRATEGY;
	sm->a_uio = uio;
	uio->uio_vmiov = NULL;
	return (dev->si_port);
}

/* r's interrupt message for line di (its message received). */
static inline __attribute__((__always_inline__)) void
drv_rec_intr(struct drv_rec *r, const struct drv_irq *di)
{
	drv_rec_msgagain(&r->dr_imsg.im_msg);	/* (the rest: kept) */
	r->dr_imsg.im_irq = r->dr_um.ud_flags;
	r->dr_imsg.im_arg = di->di_arg;
	r->dr_imsg.im_missed = r->dr_um.ud_len;
}

/* A record's message msg built for port, sent: the last of a batch
 * runs its driver now (drv_send_run); one that has more behind it waits
 * in the port, so the driver takes them together (vtblk: one
 * notification for all). */
static inline __attribute__((__always_inline__)) void
drv_rec_send(lwkt_port_t port, lwkt_msg_t msg)
{
	if (drv_agent_more)
		drv_send(port, msg);
	else
		drv_send_run(port, msg);
}

/* The agent's message in r (received) as a device message; its port,
 * or NULL if it is malformed (then replied EIO here). */
static inline __attribute__((__always_inline__)) lwkt_port_t
drv_rec_build(struct drv_rec *r)
{
	struct udevmsg *um = &r->dr_um;
	union dev_anymsg *m = &r->dr_msg;
	struct cdev *dev;

	if (um->ud_cmd == UDEV_INTR) {
		struct drv_irq *di = drv_irq_of(um->ud_flags, true);

		if (di == NULL)
			return (NULL);
		drv_rec_intr(r, di);
		if (di->di_port == NULL)
			di->di_parked = r;	/* kept until asked for */
		return (di->di_port);
	}
	if (um->ud_unit >= drv_ndevs)
		return (NULL);
	dev = drv_devs[um->ud_unit];
	if (um->ud_cmd == UDEV_STRATEGY)
		return (drv_rec_strategy(r, dev));
	memset(m, 0, sizeof(*m));
	r->dr_physio = false;
	drv_rec_msginit(&m->lmsg, &drv_agent_rport, um->ud_cmd);
	m->head.dm_dev = dev;
	switch (um->ud_cmd) {
	case UDEV_OPEN:
		m->open.a_oflags = um->ud_flags;
		break;
	case UDEV_CLOSE:
		m->close.a_fflag = um->ud_flags;
		break;
	case UDEV_READ:
	case UDEV_WRITE:
		if (um->ud_len > drv_recsize(r))
			return (NULL);
		drv_uio_over(&r->dr_uio, r->dr_buf, um->ud_len, um->ud_offset,
		    um->ud_cmd == UDEV_READ ? UIO_READ : UIO_WRITE);
		m->rw.a_uio = &r->dr_uio;
		m->rw.a_ioflag = um->ud_flags;
		break;
	case UDEV_IOCTL:
		m->ioctl.a_cmd = um->ud_ioctl;
		m->ioctl.a_data = r->dr_buf;
		m->ioctl.a_fflag = um->ud_flags;
		break;
	default:
		return (NULL);
	}
	return (dev->si_port);
}

/* ur: the reply to r's message (its driver's, msg). */
static inline void
drv_rec_reply(struct udevreply *ur, struct drv_rec *r, lwkt_msg_t msg)
{
	const struct udevmsg *um = &r->dr_um;

	ur->ur_id = um->ud_id;
	ur->ur_error = msg->ms_error;
	if (um->ud_cmd == UDEV_STRATEGY) {	/* (first: every read's) */
		ur->ur_count = um->ud_len -
		    (uint32_t)r->dr_msg.strategy.a_resid;
		ur->ur_data = um->ud_flags == UBIO_READ && um->ud_nseg == 0 ?
		    r->dr_data : NULL;
		return;
	}
	ur->ur_count = 0;
	ur->ur_data = NULL;
	switch (um->ud_cmd) {
	case UDEV_READ:
		ur->ur_count = um->ud_len - (uint32_t)r->dr_uio.uio_resid;
		ur->ur_data = r->dr_buf;
		break;
	case UDEV_WRITE:
		ur->ur_count = um->ud_len - (uint32_t)r->dr_uio.uio_resid;
		break;
	case UDEV_IOCTL:
		ur->ur_data = r->dr_buf;
		break;
	}
}

/* drv_agent_replied under fault injection: the replies
 * drv_fault_reply makes of r's (none, one, corrupted, twice). */
static void __attribute__((__noinline__))
drv_agent_replied_faults(struct drv_rec *r, lwkt_msg_t msg)
{
	struct udevreply ur, out[DRV_FAULT_NREPLY];
	int k, n;

	drv_rec_reply(&ur, r, msg);
	n = drv_fault_reply(out, &ur, &r->dr_um);
	if (n == 0)
		drv_rec_free(r);
	if (drv_npend + n > AGENT_RRMAX)
		(void)drv_agent_recv(NULL, -1);
	for (k = 0; k < n; k++) {
		drv_pend[drv_npend] = out[k];
		drv_pendrec[drv_npend++] = k == n - 1 ? r : NULL;
	}
	if (n > 0)
		drv_npendrec++;
}

/*
 * The busy record whose message (DRV_REC_MSG) or interrupt message
 * (DRV_REC_IMSG) msg is, from the reply port it came to: no division and
 * no search.  A message replied to this file's ports has one of them as
 * its reply port, which only a record's two messages are given
 * (drv_rec_msginit), so msg is that field of a record if it is in
 * drv_recs at all; what a driver's bug can do is reply a message twice
 * (its record free, or busy again with a later message: as the
 * kernel's agent, this cannot tell that one) or reply a copy made
 * elsewhere, and the check catches both of those it can: within
 * drv_recs, and busy.
 */
#define DRV_REC_MSG	offsetof(struct drv_rec, dr_msg.lmsg)
#define DRV_REC_IMSG	offsetof(struct drv_rec, dr_imsg.im_msg)
static inline struct drv_rec *
drv_rec_replied(lwkt_msg_t msg, size_t field)
{
	uintptr_t off = (uintptr_t)msg - field - (uintptr_t)drv_recs;
	struct drv_rec *r = (struct drv_rec *)(void *)((char *)msg - field);

	if (off >= sizeof(drv_recs) || !r->dr_busy)
		drv_panic("drv_agent_replied: a reply to no message of ours");
	return (r);
}

/*
 * A driver replied an agent message (r's): the reply is noted in
 * drv_pend, given with the next receive (drv_agent_recv), or now if the
 * batch is full; under faults, as drv_fault_reply says (r is freed with
 * the last reply that may carry its data).
 */
static inline __attribute__((__always_inline__)) void
drv_agent_replied_rec(struct drv_rec *r, lwkt_msg_t msg)
{
	if (drv_fault_on) {
		drv_agent_replied_faults(r, msg);
		return;
	}
	if (drv_npend == AGENT_RRMAX)
		(void)drv_agent_recv(NULL, -1);
	drv_rec_reply(&drv_pend[drv_npend], r, msg);	/* in place */
	if (drv_pend[drv_npend].ur_data == NULL && TAILQ_EMPTY(&drv_waitbuf)) {
		/* Nothing of r's for the agent to copy (a DSF_PHYSIO
		 * transfer, a write): r is free now (starting nothing), and
		 * the replies' records are not looked at again. */
		drv_rec_put_busy(r);
		r = NULL;
	} else {
		drv_npendrec++;
	}
	drv_pendrec[drv_npend++] = r;
}

/* A held interrupt's reply (recvsys's, not replyrecvsys's): out of the
 * interrupt's straight path. */
static void __attribute__((__noinline__))
drv_agent_ireplied_held(struct drv_rec *r, lwkt_msg_t msg)
{
	drv_agent_replied_rec(r, msg);
}

/* drv_agent_rport's replies: a record's device message. */
static void
drv_agent_replied(lwkt_port_t port, lwkt_msg_t msg)
{
	(void)port;
	drv_agent_replied_rec(drv_rec_replied(msg, DRV_REC_MSG), msg);
}

/* drv_agent_irport's: a record's interrupt message.  One not held
 * (ud_id 0: every replyrecvsys's) is no reply: its line is unmasked by
 * the next call, and the record free. */
static void
drv_agent_ireplied(lwkt_port_t port, lwkt_msg_t msg)
{
	struct drv_rec *r = drv_rec_replied(msg, DRV_REC_IMSG);

	(void)port;
	if (r->dr_um.ud_id != 0) {
		drv_agent_ireplied_held(r, msg);
		return;
	}
	drv_intrack |= 1u << (r->dr_um.ud_flags & 31);
	if (TAILQ_EMPTY(&drv_waitbuf))
		drv_rec_put_busy(r);	/* starts nothing */
	else
		drv_rec_free(r);
}

/*
 * The first n replies pending are given: their records are free (the
 * rest move up).  The records are freed last: freeing one may start a
 * read that waited for it, whose reply is added here.  The common cases
 * are inline: all taken and no record to free (every reply's record was
 * put back as the reply was made: drv_agent_replied_rec), nothing at
 * all to do; all taken and no read waiting for a record (so freeing one
 * starts nothing), the records put back, nothing moved.
 */
static void drv_pend_taken_some(int n);

static inline void
drv_pend_taken(int n)
{
	int i;

	if (n == drv_npend && drv_npendrec == 0) {
		drv_npend = 0;		/* (a read into its sender's pages) */
		return;
	}
	if (n != drv_npend || !TAILQ_EMPTY(&drv_waitbuf)) {
		drv_pend_taken_some(n);
		return;
	}
	drv_npend = 0;
	drv_npendrec = 0;
	for (i = 0; i < n; i++)
		if (drv_pendrec[i] != NULL)	/* (NULL: freed already) */
			drv_rec_put(drv_pendrec[i]);
}

static void __attribute__((__noinline__))
drv_pend_taken_some(int n)
{
	struct drv_rec *done[AGENT_RRMAX];
	int i;

	for (i = 0; i < n; i++) {
		done[i] = drv_pendrec[i];
		if (done[i] != NULL)
			drv_npendrec--;
	}
	for (i = n; i < drv_npend; i++) {
		drv_pend[i - n] = drv_pend[i];
		drv_pendrec[i - n] = drv_pendrec[i];
	}
	drv_npend -= n;
	for (i = 0; i < n; i++)
		if (done[i] != NULL)	/* (NULL: a fault's extra reply) */
			drv_rec_free(done[i]);
}

/*
 * Nothing to give: a receive into record r alone (waitms as for
 * drv_agent_recv, not -1), by recvsys_intr, which answers with the line
 * of an interrupt instead of writing it (sys/agent.h): r's message is
 * then made here, as the kernel would have written it.  The receive's
 * error, or 0.  Inline: a disk read's second receive.
 */
static inline __attribute__((__always_inline__)) int
drv_agent_recv_intr(struct drv_rec *r, int waitms)
{
	struct udevmsg *um = &r->dr_um;
	int answer;

	um->ud_wait = (uint32_t)waitms;
	answer = __recvsys_intr(drv_svc, um);
	if (answer < AGENT_LINE_GIVEN)
		return (answer);
	um->ud_id = 0;				/* not held */
	um->ud_cmd = UDEV_INTR;
	um->ud_flags = answer - AGENT_LINE_GIVEN;
	um->ud_len = 0;				/* it fired once */
	um->ud_nseg = 0;
	um->ud_more = 0;
	return (0);
}

/*
 * The replies pending, then (unless r is NULL) a receive into record r
 * (its dr_um, where the kernel writes it): one replyrecvsys (waitms -1
 * does not wait, 0 waits for a message, else at most waitms ms).  The
 * replies' records are free after.  A reply the agent refuses (it never
 * should: this library makes them from the messages it holds) is
 * dropped with a line on the console and the rest given again
 * (drv_agent_refused).  The receive's error, or 0 (on EMSGSIZE r's
 * ud_len is what the message needs).  Inline: every message's path.
 */
static inline __attribute__((__always_inline__)) int
drv_agent_recv(struct drv_rec *r, int waitms)
{
	struct udevrr *rr = r != NULL ? &r->dr_rr : &drv_rr;
	int error, n = drv_npend;

	if (n == 0 && drv_intrack == 0) {
		if (r == NULL)
			return (0);
		if (waitms >= 0)
			return (drv_agent_recv_intr(r, waitms));
	}
	/* (ud_data, ud_datamax: the record's, kept; rr_nreplied: ~0u,
	 * set again after an error, the only time the kernel writes it) */
	rr->rr_msg.ud_wait = waitms > 0 ? (uint32_t)waitms : 0;
	rr->rr_nreply = (uint32_t)n;
	rr->rr_flags = r == NULL ? RR_NORECV : waitms < 0 ? RR_NB : 0;
	rr->rr_intrdone = drv_intrack;
	error = __replyrecvsys(drv_svc, rr);
	if (error != 0) {
		uint32_t taken = rr->rr_nreplied;

		if (taken == ~0u)
			return (error);	/* the call's own: nothing done */
		rr->rr_nreplied = ~0u;
		drv_intrack &= ~rr->rr_intrdone;
		if ((int)taken < n)
			return (drv_agent_refused(r, waitms, error,
			    (int)taken));
		drv_pend_taken(n);	/* every reply taken */
		return (error);
	}
	drv_intrack &= ~rr->rr_intrdone;
	/* Every reply taken: n is drv_npend still (nothing runs in the
	 * call to add one), so with no record to free, none is left. */
	if (drv_npendrec == 0)
		drv_npend = 0;
	else
		drv_pend_taken(n);
	return (0);
}

/* drv_agent_recv's call refused reply taken (so received
 * nothing): that reply is dropped, the ones before it were taken, the
 * rest are given again with the receive. */
static int __attribute__((__noinline__))
drv_agent_refused(struct drv_rec *r, int waitms, int error, int taken)
{
	if (!drv_fault_active())	/* (else on purpose) */
		drv_log("drv: the agent refused reply %#x: error %d\n",
		    drv_pend[taken].ur_id, error);
	drv_pend_taken(taken + 1);
	return (drv_agent_recv(r, waitms));
}

/*
 * r is free again: if a read waits for a buffer of r's size, r takes it
 * over (the read's first record is freed) and it goes to its driver.
 */
void
drv_rec_free(struct drv_rec *r)
{
	struct drv_rec *w;

	TAILQ_FOREACH(w, &drv_waitbuf, dr_wait) {
		if (w->dr_um.ud_len <= drv_recsize(r) && (r != DRV_BIGREC ||
		    w->dr_um.ud_len > DRV_RECBUF))
			break;
	}
	if (w == NULL) {
		drv_rec_put(r);
		return;
	}
	TAILQ_REMOVE(&drv_waitbuf, w, dr_wait);
	r->dr_data = r->dr_buf;		/* (r stays busy) */
	r->dr_um = w->dr_um;
	drv_rec_um_reset(r);
	drv_rec_put(w);
	drv_rec_dispatch(r);
}

/*
 * The message received into r to its driver (EIO to a malformed one):
 * a disk transfer at its sender's alignment, the kernel's question
 * about a sysctl answered here, an interrupt nobody asked for yet kept.
 */
static inline __attribute__((__always_inline__)) void
drv_rec_dispatch(struct drv_rec *r)
{
	lwkt_port_t port;
	lwkt_msg_t msg;

	if (r->dr_um.ud_cmd == UDEV_STRATEGY && r->dr_um.ud_nseg == 0 &&
	    (r->dr_um.ud_align & 3) != 0)
		r = drv_rec_align(r);	/* (a DSF_PHYSIO one carries no data) */
	if (r->dr_um.ud_cmd == UDEV_IOCTL &&
	    r->dr_um.ud_ioctl == (uint32_t)DRVIOC_SYSCTL) {
		drv_sysctl_answer(r);
		return;
	}
	port = drv_rec_build(r);
	if (port == NULL && r->dr_um.ud_cmd == UDEV_INTR &&
	    drv_irq_of(r->dr_um.ud_flags, false) != NULL &&
	    drv_irq_of(r->dr_um.ud_flags, false)->di_parked == r)
		return;				/* parked: masked till asked */
	if (port == NULL && r->dr_um.ud_cmd == UDEV_INTR &&
	    r->dr_um.ud_id == 0) {
		drv_intrack |= 1u << (r->dr_um.ud_flags & 31);	/* unmask */
		drv_rec_free(r);
		return;
	}
	if (port == NULL) {
		struct udevreply ur = { r->dr_um.ud_id, EIO, 0, NULL };

		(void)__replysys(drv_svc, &ur);
		drv_rec_free(r);
		return;
	}
	msg = r->dr_um.ud_cmd == UDEV_INTR ? &r->dr_imsg.im_msg :
	    &r->dr_msg.lmsg;
	drv_rec_send(port, msg);
}

/*
 * The straight path of drv_agent_once for a read's two messages, with
 * no fault injection (drv_fault_track clear), the loop running and no
 * hang armed (drv_unc's du_state clear: one test): a disk transfer into its sender's own pages (DSF_PHYSIO:
 * no data here, so no record size or alignment to look at) and an
 * interrupt whose line a driver asked for.  Each goes to its driver as
 * drv_agent_take would send it, with none of the tests for what it is
 * not; true if r went.  False: r is for drv_agent_take (the same
 * message, nothing of it changed).  clear: the caller tested du_state
 * clear already (the round head's drv_unc.du_any: nothing between that
 * test and here sets it), so no second test.
 */
static inline __attribute__((__always_inline__)) bool
drv_agent_straight(struct drv_rec *r, bool clear)
{
	const struct udevmsg *um = &r->dr_um;
	struct drv_irq *di;
	lwkt_port_t port;

	if (!clear && drv_unc.du_why.du_state != 0)
		return (false);		/* faults, hang, loop not running */
	if (um->ud_cmd == UDEV_STRATEGY) {
		if (um->ud_nseg == 0 || um->ud_unit >= drv_ndevs ||
		    (port = drv_rec_strategy(r, drv_devs[um->ud_unit])) ==
		    NULL)
			return (false);
		drv_rec_send(port, &r->dr_msg.lmsg);
		return (true);
	}
	if (um->ud_cmd != UDEV_INTR ||
	    (di = drv_irq_of(um->ud_flags, false)) == NULL ||
	    di->di_port == NULL)
		return (false);
	drv_rec_intr(r, di);
	drv_rec_send(di->di_port, &r->dr_imsg.im_msg);
	return (true);
}

/* ---- the loop ------------------------------------------------------------ */

/*
 * Take one message from the agent and send it to its driver: waitms -1
 * does not wait, 0 waits for one, else at most waitms ms.  0, EAGAIN
 * (none came), ENOBUFS (every record held), or the receive's error.
 * clear: drv_unc's du_state known clear (drv_agent_straight's).
 */
static inline __attribute__((__always_inline__)) int
drv_agent_once(int waitms, bool clear)
{
	struct drv_rec *r;
	int error;

	if ((r = drv_rec_get(1)) == NULL && drv_npend > 0) {
		(void)drv_agent_recv(NULL, -1);	/* the replies free some */
		r = drv_rec_get(1);
	}
	if (r == NULL)
		return (ENOBUFS);
	error = drv_agent_recv(r, waitms);
	if (error == EMSGSIZE && r->dr_um.ud_len <= DRV_BIGBUF) {
		/* Larger than this record: a large enough one, if one is
		 * free (else the message waits, first in the queue). */
		size_t need = r->dr_um.ud_len;

		drv_rec_put(r);
		if ((r = drv_rec_get(need)) == NULL)
			return (ENOBUFS);
		memset(&r->dr_um, 0, sizeof(r->dr_um));
		drv_rec_um_reset(r);
		error = __recvsys_nb(drv_svc, &r->dr_um);
	}
	if (error != 0) {
		drv_rec_put(r);
		return (error);
	}
	drv_agent_more = r->dr_um.ud_more != 0;
	if (drv_agent_straight(r, clear))
		return (0);		/* a read's two messages */
	if (drv_agent_own_may(&r->dr_um) && drv_agent_own(r))
		return (0);
	if (!drv_serving && r->dr_um.ud_cmd != UDEV_INTR && drv_fault_active()) {
		/* Under faults, a message that comes while the process
		 * starts waits for the loop, so that it meets the driver at
		 * rest in every run, not sometimes behind the start's own
		 * reads (drvfault.c: REPLAY). */
		TAILQ_INSERT_TAIL(&drv_early, r, dr_wait);
		return (0);
	}
	drv_agent_take(r);
	return (0);
}

/* Received message r (not one the library answers) to its driver: a
 * fault point, then a record large enough, then the driver. */
static inline __attribute__((__always_inline__)) void
drv_agent_take(struct drv_rec *r)
{
	if (drv_fault_track)
		drv_fault_recv(&r->dr_um);	/* numbered; perhaps a crash */
	if (r->dr_um.ud_len > drv_recsize(r) && r->dr_um.ud_nseg == 0 &&
	    r->dr_um.ud_len <= DRV_BIGBUF &&
	    (r->dr_um.ud_cmd == UDEV_READ || (r->dr_um.ud_cmd == UDEV_STRATEGY &&
	    r->dr_um.ud_flags == UBIO_READ))) {
		/* A read larger than this record (nothing was copied in):
		 * a large enough one answers it if one is free, else it
		 * waits for one (drv_rec_free). */
		struct drv_rec *big = drv_rec_get(r->dr_um.ud_len);

		if (big == NULL) {
			TAILQ_INSERT_TAIL(&drv_waitbuf, r, dr_wait);
			return;
		}
		big->dr_um = r->dr_um;
		drv_rec_um_reset(big);
		drv_rec_put(r);
		r = big;
	}
	drv_rec_dispatch(r);
}

/* drvif.c's waits' poll (drv_agent_poll): one message, waiting if wait. */
int
drv_agent_poll_once(bool wait)
{
	return (drv_agent_once(wait ? 0 : -1, false));
}

/*
 * A test's crash point (udrv_crash, through drvd's SIGUSR1): the process
 * kills itself (SIGKILL) at the first round of its loop in which it
 * holds a disk read that its driver has taken, so that the read is in
 * the device when the driver dies and the agent must give it to the
 * successor.  Callable from a signal handler.
 */
void
drv_crash_arm(void)
{
	drv_crash_armed = 1;
	drv_unc.du_why.du_crash = 1;
}

/* Does a driver of this process hold a disk read from the agent? */
static bool
drv_holds_read(void)
{
	struct drv_rec *r, *w;
	int i;

	for (i = 0; i < DRV_NALL; i++) {
		r = &drv_recs[i];
		if (!r->dr_busy || r->dr_um.ud_cmd != UDEV_STRATEGY ||
		    r->dr_um.ud_flags != UBIO_READ)
			continue;
		TAILQ_FOREACH(w, &drv_waitbuf, dr_wait)
			if (w == r)
				break;
		if (w == NULL)
			return (true);
	}
	return (false);
}

/*
 * The process's loop: its own ports, then the agent, until *stop is set
 * (by a driver) or the agent fails.  Returns 0 when stopped, else the
 * error.  Waits in the kernel only when nothing of its own is pending.
 */
int
drv_serve(volatile bool *stop)
{
	struct drv_rec *r;
	int error, n, waitms;

	drv_stack_prefault();
	drv_fault_start();
	drv_serving = true;
	drv_unc.du_why.du_state &= ~DRV_UNC_IDLE;
	while ((r = TAILQ_FIRST(&drv_early)) != NULL) {
		TAILQ_REMOVE(&drv_early, r, dr_wait);
		drv_agent_take(r);
	}
	while (!*stop) {
		/* The common round (drv_unc clear): nothing more queued in
		 * the agent, on a thread port or armed, and no timer due or
		 * wait to recompute (drv_round's test, the rest of it
		 * known).  Anything else is the round in full.  Then,
		 * nothing of its own to do: sleep in the receive until a
		 * message comes or the first timer is due.  Each way makes
		 * its own receive (drv_agent_once is inline), so the common
		 * round's is compiled for it alone: its wait straight from
		 * drv_wait_ms, nothing merged from the other way's. */
		if (__builtin_expect(drv_unc.du_any == 0, 1) &&
		    __builtin_expect(rdtsc() < drv_round_tsc, 1)) {
			int w = drv_wait_ms;

			/* (drv_round_wait's wait is never "no wait": so the
			 * receive's wait and flags are w and none, no test) */
			if (w < 0)
				__builtin_unreachable();
			n = -1;
			error = drv_agent_once(w, true);
		} else {
			waitms = -1;	/* more is queued: no wait */
			n = drv_agent_more ? -1 : drv_round(&waitms);
			if (drv_crash_armed && drv_holds_read())
				(void)kill(getpid(), SIGKILL);
			if (n >= 0 && *stop)
				break;		/* a driver said so: no wait
					 * (-1: none ran since the test) */
			if (drv_svc == 0)
				return (n > 0 || drv_timers_armed() ? 0 :
				    EDEADLK);
			error = drv_agent_once(waitms, false);
		}
		if (error != 0)
			drv_agent_more = false;
		if (error == ENOBUFS && n <= 0)
			drv_idle();	/* a large write waits for a record */
		if (error == EAGAIN || error == ENOBUFS || error == EINTR)
			continue;
		if (error != 0)
			return (error);
	}
	(void)drv_agent_recv(NULL, -1);		/* the replies it owes */
	return (0);
}
