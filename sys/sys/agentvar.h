/*
 * sys/agentvar.h - the port agent's tables, shared by its files (kernel
 * only; the ABI is sys/agent.h).
 *
 * kern_agent.c owns the agent port, the services and the held
 * messages; kern_agentgate.c is the gate a driver process receives and
 * replies through; kern_agentreg.c registers devices and services
 * (devserve) and reports them (kern.agent_devs).  They (and the
 * agent's heartbeat, data and fault files) see the structures below;
 * nothing else does.  Locking: [I] set once, [c] inside a critical
 * section (one CPU), [p] the port's own.
 */

#ifndef _SYS_AGENTVAR_H_
#define _SYS_AGENTVAR_H_

#include <sys/callout.h>
#include <sys/device.h>
#include <sys/agent.h>
#include <sys/malloc.h>
#include <sys/uio.h>
#include <sys/msgport.h>
#include <sys/thread2.h>
#include <machine/extable.h>

MALLOC_DECLARE(M_AGENT);

/*
 * agent_reply_data of a DSF_PHYSIO transfer (msg a DEV_STRATEGY given
 * to the driver as the physical pieces that walk walked, len bytes):
 * the reply ur only checked and the uio advanced, nothing copied, never
 * blocks.  The same checks as every reply (sender's error and
 * replysys's in *rerrp: agent_reply_data's contract); inline in the
 * agent's reply, which every disk read through a DMA driver makes, and
 * in agent_reply_data, so there is one of it.  [c]
 */
static __always_inline int
agent_reply_phys(struct lwkt_msg *msg, uint32_t len,
    const struct uio_physiter *walk, const struct udevreply *ur, int *rerrp)
{
	struct dev_strategy_msg *sm = (struct dev_strategy_msg *)msg;
	int error = ur->ur_error;

	if (__predict_false(error < 0 || error >= EASYNC || ur->ur_count > len ||
	    (error == 0 && ur->ur_count != sm->a_bcount)))
		return (agent_reply_bad(rerrp, EINVAL));
	*rerrp = 0;
	if (ur->ur_count == sm->a_bcount) {	/* all of it: where it ended */
		KASSERT(walk->upi_uio == sm->a_uio && walk->upi_left == 0 &&
		    ur->ur_count <= sm->a_uio->uio_resid,
		    ("%s: walk of %u, %zu left, resid %zu", __func__,
		    ur->ur_count, walk->upi_left, sm->a_uio->uio_resid));
		uio_physiter_advance(sm->a_uio, walk, ur->ur_count);
	} else
		uio_advance(sm->a_uio, ur->ur_count);
	return (error);
}

extern int agent_physio;		/* kern.agent_physio: DSF_PHYSIO honoured */
extern int agent_physio_msgs;		/* transfers given as pieces */

/*
 * The physical pieces of the next len bytes of uio (not moved), as
 * struct udevseg records (a struct uio_physseg has their layout):
 * written to the current process at ubuf, or only counted if ubuf is
 * 0; the first AGENT_SEGKEEP of them kept in keep[] too if keep is not
 * NULL (so a receive walks the pages once, not twice: agent_recv_data
 * copies those out), and the walk, ended, in *walk (the reply advances
 * the uio from there: uio_physiter_advance).  The walk is
 * uio_physnextv's, many pieces a call.  The count, or -1 for a piece
 * that has no physical address (a kernel buffer not mapped) or a bad
 * ubuf (EFAULT).  May block (the copies) when ubuf is given.
 */
static inline int
agent_segs(const struct uio *uio, size_t len, vm_offset_t ubuf,
    struct uio_physseg *keep, struct uio_physiter *walk)
{
	struct uio_physseg seg[16], *p = seg;
	struct uio_physiter it0, *it = walk != NULL ? walk : &it0;
	int k, max = 16, total = 0;

	uio_physiter_init(it, uio, len);
	if (keep != NULL)
		p = keep, max = AGENT_SEGKEEP;
	while (it->upi_left != 0 && (k = uio_physnextv(it, p, max)) > 0) {
		total += k;
		if (ubuf != 0) {
			if (copyout(p, (void *)ubuf,
			    (size_t)k * sizeof(p[0])) != 0)
				return (-1);
			ubuf += (vm_offset_t)k * sizeof(p[0]);
		}
		p = seg, max = 16;
	}
	return (it->upi_left == 0 ? total : -1);
}

/* The out fields of *um for a message of command cmd to the device
 * the driver tags unit, with flags and len, and no offset, ioctl,
 * pieces or alignment (what every description but a disk transfer's
 * starts from).  [o] */
static __always_inline void
agent_um_head(struct udevmsg *um, uint32_t cmd, uint32_t unit,
    int32_t flags, uint32_t len)
{
	um->ud_cmd = (uint16_t)cmd;
	um->ud_unit = (uint16_t)unit;
	um->ud_flags = flags;
	um->ud_len = len;
	um->ud_offset = 0;
	um->ud_ioctl = 0;
	um->ud_nseg = 0;
	um->ud_more = 0;
	um->ud_align = 0;
}

/* agent_describe of interrupt message msg, which needs none of its
 * other arguments (replyrecvsys gives an interrupt so).  [o] */
static __always_inline void
agent_describe_intr(struct lwkt_msg *msg, uint32_t unit, struct udevmsg *um)
{
	struct intr_msg *im = (struct intr_msg *)msg;

	agent_um_head(um, DEV_INTR, unit, im->im_irq, im->im_missed);
	im->im_missed = 0;
}

/* The driver never got agent_describe_intr's description of msg, which
 * counted missed firings (its ud_len): they are msg's again, with any
 * counted since.  [c] */
static __always_inline void
agent_undescribe_intr(struct lwkt_msg *msg, uint32_t missed)
{
	((struct intr_msg *)msg)->im_missed += missed;
}

/*
 * Describe msg (for the device the driver tags unit, served with
 * DSF_PHYSIO if physalign, which is then the alignment the pieces'
 * buffer must have, else it is copied) in um for the driver: the
 * command's fields, and
 * the bytes to copy into ud_data now (*copyp) and the room that needs
 * (*needp; a write of a character device is cut to ud_datamax
 * instead; a DSF_PHYSIO transfer's pieces, ud_nseg of them, copy
 * nothing: the first AGENT_SEGKEEP are kept in segs[] for
 * agent_recv_data, and the walk over them, ended, in *walk for
 * agent_reply_data).  A disk transfer, which nearly every message is,
 * is inline in the receive and writes each field once; everything else
 * is kern_agentdata.c's agent_describe_cmd.  [o]
 */
static __always_inline void
agent_describe(struct lwkt_msg *msg, uint32_t unit, uint32_t physalign,
    struct udevmsg *um, size_t *copyp, size_t *needp,
    struct uio_physseg *segs, struct uio_physiter *walk)
{
	struct dev_strategy_msg *sm = (struct dev_strategy_msg *)msg;
	size_t n;

	if (__predict_false(msg->ms_cmd != DEV_STRATEGY)) {
		*needp = agent_describe_cmd(msg, unit, um, copyp);
		return;
	}
	um->ud_cmd = DEV_STRATEGY;
	um->ud_unit = (uint16_t)unit;
	um->ud_flags = sm->a_bio_cmd;
	um->ud_offset = sm->a_offset;
	um->ud_len = (uint32_t)sm->a_bcount;
	um->ud_ioctl = 0;
	um->ud_more = 0;
	um->ud_align = uio_align(sm->a_uio, 4);
	*copyp = 0;
	if (physalign != 0 && agent_physio && segs != NULL &&
	    (um->ud_align & (physalign - 1)) == 0 &&	/* 1, 2, 4 */
	    (n = (size_t)agent_segs(sm->a_uio, sm->a_bcount, 0, segs,
	    walk)) != (size_t)-1) {
		um->ud_nseg = (uint32_t)n;	/* pieces, no data */
		*needp = n * sizeof(struct udevseg);
		agent_physio_msgs++;
		return;
	}
	um->ud_nseg = 0;
	*needp = 0;
	if (sm->a_bio_cmd == BIO_WRITE)
		*copyp = *needp = sm->a_bcount;
}

/*
 * A receive's copies into the driver of msg, described in um (the
 * driver's struct, ud_data its buffer) by agent_describe: ncopy bytes
 * of data, or DSF_PHYSIO's ud_nseg pieces (from segs, where
 * agent_describe kept them, if they all fit).  0 or EFAULT.  May block.
 * Inline: the pieces a DMA disk read brings are one copy, done here;
 * the rest is kern_agentdata.c's agent_recv_copy.
 */
static __always_inline int
agent_recv_data(struct lwkt_msg *msg, const struct udevmsg *um,
    size_t ncopy, const struct uio_physseg *segs)
{
	if (__predict_true(um->ud_nseg - 1u < AGENT_SEGKEEP))
		return (copyout_words(segs, (vm_offset_t)um->ud_data,
		    um->ud_nseg * sizeof(segs[0])));	/* a few words */
	return (agent_recv_copy(msg, um, ncopy));
}

/* Agent device states. */
#define AD_FREE		0	/* not in use */
#define AD_SERVED	1	/* a live service serves it */
#define AD_ORPHAN	2	/* its driver died: queueing, grace running */
#define AD_GONE		3	/* registered, no driver: ENXIO */

struct agent_svc;

struct agent_dev {
	struct cdev	ad_cdev;	/* [I] the device (si_drv1 = this) */
	struct lwkt_port ad_port;	/* the agent port (its queue: [p]) */
	char		ad_name[AGENT_NAMELEN]; /* [I] */
	int		ad_state;	/* [c] AD_* */
	struct agent_svc *ad_svc;	/* [c] serving it, when AD_SERVED */
	int		ad_idx;		/* [c] its index in ad_svc's as_dev
					 * (its bit in as_ready) */
	uint32_t	ad_unit;	/* [c] the driver's tag */
	const void	*ad_hw;		/* [I] the hardware its maker's grant
					 * named (devgrant_hw), or NULL: then
					 * only a holder of a grant of it may
					 * serve it again */
	int		ad_timo;	/* [c] grace, ticks */
	struct callout	ad_grace;	/* [c] AD_ORPHAN's end */
	struct callout	ad_watch;	/* [c] the watchdog (agent_watch) */
	uint32_t	ad_nrecv;	/* [c] messages received so far */
	uint8_t		ad_physio;	/* [c] DSF_PHYSIO: the alignment
					 * its pieces need (1, 2, 4), 0:
					 * not served so */
	uint32_t	ad_nintr;	/* [c] of which DEV_INTR
					 * (kern.agent_devs) */
	uint32_t	ad_watched;	/* [c] ad_nrecv at the last look */
};

#define AGENT_NLINE	16			/* interrupt lines (NIRQ) */
/* Held slots: the AGENT_NHELD device messages, and a room for each
 * line's interrupt, which recvsys holds as a message (one a line at
 * most: the line stays masked until its reply).  A service may have
 * several lines (an IDE grant's pair: test/dev/agent_lines holds both),
 * and none of them may take a device message's room.  A room for every
 * line, not for the two a grant gives today (kern_devgrant.c), so that
 * nothing here rests on how many lines a grant may have. */
#define AGENT_NSLOT	(AGENT_NHELD + AGENT_NLINE)

struct agent_held {
	lwkt_msg_t	ah_msg;		/* [c] held message, or NULL */
	struct agent_dev *ah_dev;	/* [c] its device */
	struct agent_svc *ah_svc;	/* [I] the service */
	uint32_t	ah_gen;		/* [c] generation of the id */
	uint32_t	ah_len;		/* [c] ud_len given with it */
	bool		ah_busy;	/* [c] a copy is using it */
	bool		ah_expired;	/* [c] the deadline passed while busy */
	bool		ah_physio;	/* [c] given as physical pieces */
	struct uio_physiter ah_walk;	/* [c] when ah_physio: the walk
					 * over them, ended */
	uint64_t	ah_deadline;	/* [c] the reply deadline (ticks):
					 * as_timer looks at it */
};

struct agent_svc {
	struct proc	*as_proc;	/* [I] the serving process */
	struct agent_dev *as_dev[AGENT_SVCDEV]; /* [c] its devices */
	int		as_ndev;	/* [c] */
	int		as_next;	/* [c] where recvsys starts looking */
	uint32_t	as_ready;	/* [c] bit i: as_dev[i]'s queue may
					 * hold messages (set by every
					 * queueing; cleared when seen
					 * empty; never clear while one
					 * waits) */
	int		as_timo;	/* [I] reply deadline, ticks */
	int		as_nheld;	/* [c] held slots in use */
	int		as_nintr;	/* [c] of which interrupt messages */
	bool		as_intr;	/* [c] serves a DSF_INTR device */
	int		as_lost;	/* [c] deadlines passed in a row */
	struct callout	as_timer;	/* [c] the held messages' deadlines:
					 * pending while any is held, due
					 * at or before the earliest */
	struct callout	as_wait;	/* [c] wakes timed receives: due at
					 * or before the earliest one's end
					 * (agent_wait_arm) */
	uint64_t	as_waitat;	/* [c] when, while pending */
	thread_t	as_sleeper;	/* [c] the receive asleep on no queue
					 * (tsleep_known), until it runs
					 * again: agent_svc_wake wakes it */
	int		as_nsleep;	/* [c] other receives asleep, on as's
					 * sleep queue (the driver's own
					 * is mostly the only one) */
	uint32_t	as_waitms;	/* [c] the last ud_wait a receive
					 * slept for (0: none yet) */
	int		as_waitticks;	/* [c] as_waitms in ticks */
	uint32_t	as_ipend;	/* [c] lines (bit n: line n) whose
					 * interrupt came and no receive has
					 * taken: set by agent_putport, looked
					 * at before any queue */
	uint32_t	as_iout;	/* [c] lines whose interrupt
					 * replyrecvsys gave (not held), not
					 * acknowledged: masked until
					 * rr_intrdone names them */
	lwkt_msg_t	as_imsg[AGENT_NLINE]; /* [c] line n's interrupt
					 * message while its bit is in
					 * as_ipend or as_iout (on no queue;
					 * its target port is its device's) */
	struct agent_held as_held[AGENT_NSLOT];
	struct agent_ping as_ping;	/* the heartbeat (kern_agentping.c) */
};

extern struct agent_dev agent_devs[AGENT_NDEV];

/* The service of handle svc in a process's table (its p_svc), or NULL:
 * every operation's first step.  [p] */
static __always_inline struct agent_svc *
agent_svc_lookup(struct agent_svc *const *svcs, int svc)
{
	if ((unsigned)svc - 1 >= SVC_MAX)
		return (NULL);
	return (svcs[svc]);
}

/* kern_agent.c, for registration. */
int	agent_putport(lwkt_port_t port, lwkt_msg_t msg);
void	agent_drain(struct agent_dev *ad, int error);
void	agent_svc_release(struct agent_svc *as);
void	agent_watch_arm(struct agent_dev *ad);
void	agent_ready(struct agent_dev *ad);
void	agent_svc_wakeup(struct agent_svc *as);
extern int agent_hung;		/* kern.agent_hung (kern_agentping.c) */
void	agent_watch(void *arg);	/* the watchdog's callout */

/*
 * The held slots and the services' receives, shared by the agent port
 * (kern_agent.c) and the gate (kern_agentgate.c): the slots' finish
 * (agent_complete, agent_requeue), their deadlines' timer, and inline,
 * for the gate's every call, the few steps both take.
 */
extern int agent_held_now;	/* kern.agent_held */
void	agent_complete(struct agent_held *ah, int error);
void	agent_requeue(struct agent_held *ah);
void	agent_deadlines(void *arg);	/* a service's as_timer */

/*
 * Wake the receives of as (agent_recv_um).  The driver's one receive
 * sleeps on no sleep queue (tsleep_known): it is woken directly, and a
 * message put while it runs (an interrupt while it works on the read)
 * costs a compare.  Any other receive of the service sleeps on as's
 * queue.  [c]
 */
static inline void
agent_svc_wake(struct agent_svc *as)
{
	if (as->as_sleeper != NULL)
		(void)wakeup_thread(as->as_sleeper, as);
	if (__predict_false(as->as_nsleep != 0))
		wakeup(as);
}

/* Does as hold all the device messages it may (not counting its
 * interrupt's)?  [c] */
static inline bool
agent_svc_full(const struct agent_svc *as)
{
	return (as->as_nheld - as->as_nintr >= AGENT_NHELD);
}

/* Free ah's slot (its id dies) and return its message.  [c] */
static __always_inline lwkt_msg_t
agent_unhold(struct agent_held *ah)
{
	lwkt_msg_t msg = ah->ah_msg;
	struct agent_svc *as = ah->ah_svc;

	if (__predict_false(msg->ms_cmd == DEV_INTR))
		as->as_nintr--;
	else if (agent_svc_full(as))
		agent_svc_wake(as);	/* a receive may take one again */
	ah->ah_msg = NULL;
	ah->ah_dev = NULL;
	ah->ah_busy = ah->ah_expired = ah->ah_physio = false;
	if (++ah->ah_gen >= (1u << 24))
		ah->ah_gen = 1;
	as->as_nheld--;
	agent_held_now--;
	return (msg);
}

/*
 * Reply msg, which the agent owns, with error: a disk transfer's
 * a_resid is what its uio did not move (all of it unless a reply moved
 * some), and a short one is never a success.  [c]
 */
static inline void
agent_fail(lwkt_msg_t msg, int error)
{
	if (msg->ms_cmd == DEV_STRATEGY) {
		struct dev_strategy_msg *sm = (void *)msg;
		sm->a_resid = sm->a_uio->uio_resid;
		if (sm->a_resid != 0 && error == 0)
			error = EIO;
	}
	lwkt_replymsg(msg, error);
}

/* The driver handled the interrupts of the lines in mask (rr_intrdone):
 * the messages of those out are done, as a reply would make them, which
 * unmasks the lines (intr_msg_done); other lines are ignored.  [c] */
static inline void
agent_intr_done(struct agent_svc *as, uint32_t mask)
{
	int line;

	mask &= as->as_iout;
	as->as_iout &= ~mask;
	while (mask != 0) {
		line = __builtin_ctz(mask);
		mask &= mask - 1;
		intr_msg_done((struct intr_msg *)as->as_imsg[line]);
	}
}

#endif /* !_SYS_AGENTVAR_H_ */
