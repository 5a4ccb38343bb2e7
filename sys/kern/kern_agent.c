/*
 * kern_agent.c - port agents: devices served by user processes.
 *
 * "If I want to transition a core message across a protection layer I
 * do it via the port agent when the message is sent.  That way the
 * same device driver could operate in kernelland or in userland."
 * (seed 001.)  This file is that agent.  The ABI, the gate operations
 * and their errors are in sys/sys/agent.h; read that first.
 *
 * THE PIECES (their structures are in sys/sys/agentvar.h; devserve(2),
 * which makes a device and a service, is kern_agentreg.c's)
 *
 *   agent device   (struct agent_dev, AGENT_NDEV of them, static: a
 *                  device is registered once and kept, like every
 *                  struct cdev) a cdev whose port is an agent port: a
 *                  queueing (spin) port whose putport, agent_putport(),
 *                  queues the message, wakes the service that serves
 *                  the device, and never blocks (interrupt messages
 *                  arrive from the interrupt handler, and are not
 *                  queued: THE INTERRUPT AS A BIT).  The senders are
 *                  the ordinary builders of kern_device.c: a device
 *                  looks the same to them whichever side its driver
 *                  runs on.  A queued message sits on the port's own
 *                  queue (MSGF_QUEUED), so lwkt_abortmsg() takes it back
 *                  as from any driver's queue.
 *   service        (struct agent_svc, kmalloc'd, per process, handle
 *                  1..SVC_MAX in p_svc) what a driver process receives
 *                  from: up to AGENT_SVCDEV devices, and the table of
 *                  the messages it holds (AGENT_NHELD slots for device
 *                  messages, and one for each of its interrupt lines).
 *   held slot      (struct agent_held) one received, unreplied message:
 *                  its id is (generation << 8 | slot); the generation
 *                  moves on when the message is completed, so a second
 *                  or late reply finds an older generation (EALREADY),
 *                  and an id never given finds a newer one or none
 *                  (ENOENT).  The slot notes its deadline (the
 *                  receive's time plus the service's as_timo), and the
 *                  service's one timer (agent_deadlines) fails the
 *                  message with EIO when it passes.
 *
 * A READ TRAVELLING TO A USER DRIVER AND BACK (a disk served by
 * process D; process C reads it):
 *
 *   C: read(fd, buf, 4096)
 *      -> devfs -> dev_dread -> dev_dstrategy: a struct
 *         dev_strategy_msg on C's kernel stack, a_uio = C's buf held
 *         as VM-object pages (UIO_VMOBJECT)
 *      -> lwkt_domsg(agent port) -> agent_putport: queued, D woken;
 *         C sleeps for the reply
 *   D: recvsys(svc, &m)  (asleep in the gate until now)
 *      -> a free held slot; the message's fields into m (ud_cmd
 *         DEV_STRATEGY, BIO_READ, offset, length); a write's data
 *         would be copied into D's ud_data here
 *      <- returns to D with m.ud_id
 *   D: does the transfer (its device's I/O ports, DMA memory, its
 *      interrupt received as a DEV_INTR on the same service)
 *   D: replysys(svc, {id, 0, 4096, data})
 *      -> the id checked; D's data pages held and copied, page by
 *         page, into C's held pages (uiomove_page: one copy, no
 *         mapping); a_resid = 0; the slot freed
 *      -> lwkt_replymsg: C wakes
 *   C: dev_dstrategy returns 0; read returns 4096.
 *
 * THE DATA.  What a receive gives the driver of a message's data (a
 * copy, or with DSF_PHYSIO the physical pieces of the sender's pages),
 * and the check of a reply and what it carries back, are
 * kern_agentdata.c's (its essay says why copy and not map).
 *
 * TRUST.  Nothing the driver says is believed: a reply's id is checked
 * against its slot's generation here, the rest of it in
 * kern_agentdata.c, and a bad one fails the message with EIO, never the
 * kernel.  A driver that does not reply in time loses the message (EIO
 * to the sender; with DSF_PHYSIO it is killed instead), and one that
 * lets AGENT_LOSTMAX deadlines pass in a row is killed (it takes
 * messages but answers none: hung, or its device wedged); one that
 * exits has its messages sorted (agent_svc_release: disk transfers queued
 * again for its successor, anything else EIO), and its devices wait a
 * grace period for a
 * successor before failing what is queued.
 *
 * HEARTBEAT.  Each service that asked for it (DSF_PING) has a struct
 * agent_ping (kern_agentping.c): every gate call on the service tells
 * it the driver spoke, recvsys gives a queued ping before anything
 * else, replysys of the ping's slot answers it, and a driver that
 * leaves one unanswered is killed there, as the watchdog kills here.
 *
 * THE INTERRUPT AS A BIT.  A line granted to the driver (devgrant_intr,
 * DSF_INTR) sends its repeating interrupt message (sys/i386/intr.c) to
 * the device's agent port, but agent_putport does not queue it: the
 * line is masked already, so at most one message per line is ever out,
 * and the message only has to be found again.  Its line's bit is set in
 * the service's as_ipend (the message kept in as_imsg) and the
 * service's sleeper woken: no queue, no ready mask, no watchdog (a
 * driver that never takes its interrupt leaves only its own line masked;
 * its held messages meet their deadlines, and lib/libdrv's drivers
 * answer the heartbeat).  The receive looks at as_ipend before any
 * queue, and replyrecvsys's gives the line without holding it
 * (agent_recv_intr: the bit moves to as_iout) until rr_intrdone names
 * it (agent_intr_done: the message made done as its reply would make
 * it, intr_msg_done, which is what unmasks the line).
 * recvsys and its variants hold a pending interrupt in a slot as any
 * message, and its reply unmasks.  Only an orphaned device (no service:
 * its driver died, the grant not yet taken back) queues an interrupt
 * message, which devgrant_stop aborts.
 *
 * THE INTERRUPT GOES FIRST.  A driver that does its transfers with an
 * interrupt (drvd: virtio-blk) holds each message until the interrupt
 * says the device finished it; the interrupt is what lets every held
 * message be replied.  So it is never kept behind them: its bit is
 * looked at before any queue, a held one (recvsys's) has a slot of its
 * line's beyond the AGENT_NHELD, and a service that holds AGENT_NHELD
 * device messages and has an interrupt still receives (it sleeps for
 * the interrupt) instead of answering ENOBUFS.  Without that a driver
 * holding AGENT_NHELD reads (32 asynchronous preads) could never learn
 * that any of them finished, and all failed at their deadline with EIO.
 *
 * ONE CALL, NOT FOUR.  A disk read through drvd used four gate calls
 * (receive the strategy message, receive the interrupt, reply to each).
 * replyrecvsys (agent_replyrecv) gives any number of replies and then
 * receives, as L4's reply-and-wait: a driver that answers what it
 * finished on its way back to waiting pays one call.  And the interrupt
 * a replyrecvsys receives is not held (agent_recv_intr): no slot, no
 * deadline, no id; its line waits in as_iout, masked, until a later
 * call names it in rr_intrdone (agent_intr_done), which is all its
 * reply did.  A read is then two calls: the one that receives
 * it, and the one that receives its interrupt, whose successor gives
 * the read's reply and the interrupt's acknowledgement before it sleeps.
 * Each reply in the batch is checked exactly as replysys checks it (the
 * same agent_reply_one), so batching trusts the driver no more.
 *
 * Concurrency: one CPU.  The tables change inside critical sections;
 * a slot that a copy is using (ah_busy, between the two critical
 * sections of a receive or a reply, when a fault may block) is left
 * alone by the deadline timer, which marks it expired for the copy
 * to finish.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/callout.h>
#include <sys/uio.h>
#include <sys/proc.h>
#include <sys/thread2.h>
#include <sys/sysctl.h>
#include <sys/sysmsg.h>
#include <sys/msgport2.h>
#include <sys/device.h>
#include <sys/agentvar.h>
#include <sys/devgrant.h>
#include <sys/globaldata.h>
#include <vm/vm_map.h>
#include <machine/segments.h>	/* NIRQ */
#include <machine/extable.h>

_Static_assert(UDEV_OPEN == DEV_OPEN && UDEV_CLOSE == DEV_CLOSE &&
    UDEV_READ == DEV_READ && UDEV_WRITE == DEV_WRITE &&
    UDEV_IOCTL == DEV_IOCTL && UDEV_STRATEGY == DEV_STRATEGY &&
    UDEV_INTR == DEV_INTR && UBIO_READ == BIO_READ &&
    UBIO_WRITE == BIO_WRITE, "sys/agent.h's commands are sys/device.h's");

/* The entries (exception.S) refuse eax above SYSPORT_MAX with EBADF
 * before any dispatch, service operations included. */
_Static_assert(SVC_MAX <= SYSPORT_MAX, "service handles pass the entries");
_Static_assert(NIRQ <= AGENT_NLINE && AGENT_NLINE <= 32,
    "a line is a bit of as_ipend, as_iout and rr_intrdone");

MALLOC_DEFINE(M_AGENT, "agent", "user-driver services");

struct agent_dev agent_devs[AGENT_NDEV];

#define AGENT_LOSTMAX	3	/* deadlines in a row: the driver is hung */

static int agent_timeouts;		/* messages failed by a deadline */
static int agent_resent;		/* held when a driver died, resent */
static int agent_held_now;		/* messages held by drivers now */
SYSCTL_INT(kern_agent_timeouts, "kern.agent_timeouts", &agent_timeouts,
    CTLFLAG_RD, "user-driver messages failed because no reply came");
SYSCTL_INT(kern_agent_resent, "kern.agent_resent", &agent_resent,
    CTLFLAG_RD, "messages queued again after their driver died");
SYSCTL_INT(kern_agent_held, "kern.agent_held", &agent_held_now,
    CTLFLAG_RD, "messages held by user drivers now");

static void	agent_complete(struct agent_held *ah, int error);

/* Arm ad's watchdog if messages wait and it is not armed (mostly it
 * is: the one test of a queueing, then).  [c] */
static inline void
agent_watch_arm_inline(struct agent_dev *ad)
{
	if (!callout_pending(&ad->ad_watch) && ad->ad_state == AD_SERVED &&
	    !TAILQ_EMPTY(&ad->ad_port.mp_msgq)) {
		ad->ad_watched = ad->ad_nrecv;
		callout_reset(&ad->ad_watch, ad->ad_timo, agent_watch, ad);
	}
}

void
agent_watch_arm(struct agent_dev *ad)
{
	agent_watch_arm_inline(ad);
}

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

/* agent_svc_wake for the heartbeat's ping (kern_agentping.c).  [c] */
void
agent_svc_wakeup(struct agent_svc *as)
{
	agent_svc_wake(as);
}

/* ---- the agent port ------------------------------------------------- */

/*
 * An interrupt message of as's came (intr_post, the line masked): it is
 * not queued but marked pending, a bit the receive looks at before any
 * queue (THE INTERRUPT AS A BIT), and the service's receive woken.  [c]
 */
static inline void
agent_intr_pend(struct agent_svc *as, lwkt_msg_t msg)
{
	uint32_t line = (uint32_t)((struct intr_msg *)msg)->im_irq;

	KASSERT(line < AGENT_NLINE && !((as->as_ipend | as->as_iout) &
	    (1u << line)), ("%s: line %u twice", __func__, line));
	as->as_imsg[line] = msg;
	as->as_ipend |= 1u << line;
	agent_svc_wake(as);
}

/*
 * The agent port's putport: queue msg for the serving process (or for
 * its successor, while orphaned) and wake it; an interrupt message of
 * a served device is only marked pending (agent_intr_pend).  ENXIO if
 * nobody serves the device.  Never blocks; callable from an interrupt.
 */
int
agent_putport(lwkt_port_t port, lwkt_msg_t msg)
{
	struct agent_dev *ad = port->mp_data;
	int error;

	crit_enter();
	if (msg->ms_cmd == DEV_INTR && ad->ad_svc != NULL) {
		agent_intr_pend(ad->ad_svc, msg);
		crit_exit();
		return (EASYNC);
	}
	if (ad->ad_state != AD_SERVED && ad->ad_state != AD_ORPHAN) {
		crit_exit();
		return (ENXIO);
	}
	if (msg->ms_cmd == DEV_STRATEGY && ((struct dev_strategy_msg *)
	    msg)->a_bcount > ad->ad_cdev.si_iosize_max) {
		crit_exit();
		return (EINVAL);	/* its driver cannot take it: the
					 * senders cut (kern_device.c) */
	}
	error = lwkt_port_append(port, msg);	/* the service woken below
					 * (an orphan's interrupt too:
					 * devgrant_stop aborts it) */
	if (ad->ad_svc != NULL) {
		ad->ad_svc->as_ready |= 1u << ad->ad_idx;
		agent_svc_wake(ad->ad_svc);
	}
	agent_watch_arm_inline(ad);
	crit_exit();
	return (error);
}

/*
 * Reply msg, which the agent owns, with error: a disk transfer's
 * a_resid is what its uio did not move (all of it unless a reply moved
 * some), and a short one is never a success.  [c]
 */
static void
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

/* Fail every message queued on ad with error.  [c] */
void
agent_drain(struct agent_dev *ad, int error)
{
	lwkt_msg_t msg;

	while ((msg = lwkt_getport(&ad->ad_port)) != NULL)
		agent_fail(msg, error);
}

/* ---- services ------------------------------------------------------- */

/*
 * The next queued message of as (round robin over its devices that are
 * not gone: sys/agent.h, DSF_GONE), left queued, and its device; NULL
 * if none.  Only the devices marked in as_ready are looked at (a set
 * bit found empty, its message taken back by its sender, is cleared),
 * so a receive costs the same for one device or AGENT_SVCDEV.  [c]
 */
static __always_inline lwkt_msg_t
agent_peek(struct agent_svc *as, struct agent_dev **adp)
{
	struct agent_dev *ad;
	lwkt_msg_t msg;
	uint32_t cand = as->as_ready, later;
	int k;

	while (cand != 0) {
		if ((cand & (cand - 1)) == 0) {
			k = __builtin_ctz(cand);	/* one: nobody's turn */
		} else {
			later = cand & ~((1u << as->as_next) - 1);
			k = __builtin_ctz(later != 0 ? later : cand);
		}
		cand &= ~(1u << k);
		ad = as->as_dev[k];
		if ((msg = TAILQ_FIRST(&ad->ad_port.mp_msgq)) == NULL) {
			as->as_ready &= ~(1u << k);
			continue;
		}
		if (ad->ad_cdev.si_flags & SI_GONE)
			continue;		/* it waits for DSF_GONE's end */
		*adp = ad;
		as->as_next = k + 1 < as->as_ndev ? k + 1 : 0;
		return (msg);
	}
	return (NULL);
}

/* ad's message was taken: its bit in its service's as_ready goes if
 * nothing else waits there.  Whether any device of the service still
 * has messages waiting (ud_more's hint).  [c] */
static inline bool
agent_taken(struct agent_svc *as, struct agent_dev *ad)
{
	if (TAILQ_EMPTY(&ad->ad_port.mp_msgq))
		as->as_ready &= ~(1u << ad->ad_idx);
	return (as->as_ready != 0);
}

/*
 * ad's queue has messages (queued, or waiting since before its service
 * took it or while it was gone): mark it for its service's receive and
 * wake the service.  [c]
 */
void
agent_ready(struct agent_dev *ad)
{
	if (ad->ad_svc != NULL && !TAILQ_EMPTY(&ad->ad_port.mp_msgq)) {
		ad->ad_svc->as_ready |= 1u << ad->ad_idx;
		agent_svc_wake(ad->ad_svc);
	}
}

/* Does as hold all the device messages it may (not counting its
 * interrupt's)?  [c] */
static inline bool
agent_svc_full(const struct agent_svc *as)
{
	return (as->as_nheld - as->as_nintr >= AGENT_NHELD);
}

#define AGENT_NEVER	(~(uint64_t)0)	/* a deadline already dealt with */

/* Held slot ah's deadline passed.  A driver that lets AGENT_LOSTMAX
 * deadlines pass in a row, answering nothing between, takes messages
 * but has stopped answering (its device wedged, or it hangs holding
 * them): it is killed as the watchdog kills one that takes none, so its
 * supervisor starts one that answers.  A slot this leaves held has its
 * deadline at AGENT_NEVER (dealt with).  [c] */
static void
agent_expire(struct agent_held *ah)
{
	struct agent_svc *as = ah->ah_svc;

	agent_timeouts++;
	ah->ah_deadline = AGENT_NEVER;
	if (ah->ah_physio) {
		/* Its device may still write into the sender's pages: the
		 * driver goes, and the message with its other held ones
		 * (agent_svc_release) once the grant's DMA is off. */
		kprintf("agent: %s: pid %d held a DMA request past its "
		    "deadline: killed\n", ah->ah_dev->ad_name,
		    as->as_proc->p_pid);
		sig_kill_nowait(as->as_proc);
		return;
	}
	if (++as->as_lost == AGENT_LOSTMAX) {
		agent_hung++;
		kprintf("agent: %s: pid %d answered none of %d messages in "
		    "time: killed\n", ah->ah_dev->ad_name, as->as_proc->p_pid,
		    AGENT_LOSTMAX);
		sig_kill_nowait(as->as_proc);
	}
	if (ah->ah_busy)
		ah->ah_expired = true;	/* the copy finishes, then fails it */
	else
		agent_complete(ah, EIO);
}

/*
 * Service as's deadline timer (as_timer): every held message whose
 * deadline has come is expired, in slot order, and the timer is armed
 * again for the earliest deadline left.  One timer a service, not a
 * callout a message: a receive only notes its message's deadline and
 * arms the timer if it is idle (every deadline is the receive's time
 * plus as_timo, so a pending timer is never later than a new one), a
 * reply touches nothing, and the timer that finds nothing held stops.
 */
static void
agent_deadlines(void *arg)
{
	struct agent_svc *as = arg;
	struct agent_held *ah;
	uint64_t now = ticks, next = AGENT_NEVER;
	int i;

	for (i = 0; i < AGENT_NSLOT; i++) {
		ah = &as->as_held[i];
		if (ah->ah_msg != NULL && ah->ah_deadline <= now)
			agent_expire(ah);
		if (ah->ah_msg != NULL && ah->ah_deadline < next)
			next = ah->ah_deadline;
	}
	if (next != AGENT_NEVER)
		callout_reset(&as->as_timer, (int)(next - now), agent_deadlines,
		    as);
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

/* Finish ah's message with error; the slot is free.  [c] */
static void
agent_complete(struct agent_held *ah, int error)
{
	agent_fail(agent_unhold(ah), error);
}

/* Put ah's message back on its device's queue (or fail it if nobody
 * can take it any more); the slot is free.  An interrupt (recvsys's,
 * whose description the driver never got) is pending again, its missed
 * firings (ah_len, what the receive described) with it.  [c] */
static void
agent_requeue(struct agent_held *ah)
{
	struct agent_dev *ad = ah->ah_dev;
	uint32_t len = ah->ah_len;
	lwkt_msg_t msg = agent_unhold(ah);
	int error;

	if (__predict_false(msg->ms_cmd == DEV_INTR))
		agent_undescribe_intr(msg, len);

	error = agent_putport(&ad->ad_port, msg);
	if (error != EASYNC)
		agent_fail(msg, error);
}

/*
 * A driver's struct udevmsg goes in and out by halves (sys/agent.h):
 * its fields from UM_IN on are the receive's in fields, read in and
 * never written (ud_datamax, ud_data, ud_wait; ud_spare is neither);
 * those before, the out fields, every receive writes before the
 * struct goes back (agent_describe, agent_um_head, agent_recv_ping's
 * memset), so only they go back.  Inline word copies, as the system
 * call arguments' (machine/extable.h).
 */
#define UM_IN	offsetof(struct udevmsg, ud_datamax)
#define UM_INEND offsetof(struct udevmsg, ud_spare)
_Static_assert(sizeof(struct udevmsg) % 4 == 0 &&
    sizeof(struct udevrr) % 4 == 0 && sizeof(struct udevreply) % 4 == 0 &&
    UM_IN % 4 == 0 && offsetof(struct udevrr, rr_msg) == 0 &&
    UM_IN == offsetof(struct udevmsg, ud_more) + sizeof(uint32_t) &&
    UM_INEND == offsetof(struct udevmsg, ud_wait) + sizeof(uint32_t),
    "the gate's structs are copied as words, a receive's as udevrr's head");

/* A receive's in fields, of the struct udevmsg at uaddr, to *um (whose
 * out fields the receive writes): 0, or EFAULT if the struct's range
 * does not lie below VM_MAX_USER_ADDRESS (checked for agent_um_out too)
 * or cannot be read.  May block. */
static __always_inline int
agent_um_in(vm_offset_t uaddr, struct udevmsg *um)
{
	if (uaddr > VM_MAX_USER_ADDRESS - sizeof(*um))
		return (EFAULT);
	return (copyin_words_bounded(uaddr + UM_IN, (char *)um + UM_IN,
	    UM_INEND - UM_IN));
}

/*
 * A receive's answer: the out fields of the driver's struct udevmsg um
 * back to uaddr, its range checked when it was read in (agent_um_in,
 * agent_replyrecv), so the copy alone: the gate's every call makes one
 * but recvsys_intr's line.  0, or EFAULT if the page is gone or
 * read-only now.  May block.
 */
static __always_inline int
agent_um_out(const struct udevmsg *um, vm_offset_t uaddr)
{
	return (copyout_words_bounded(um, uaddr, UM_IN));
}

/* recvsys gives the ping of id (taken) to the driver, um read in
 * already, at uaddr: 0, or EFAULT (the ping is queued again). */
static int
agent_recv_ping(struct agent_svc *as, uint32_t id, struct udevmsg *um,
    vm_offset_t uaddr)
{
	memset(um, 0, UM_IN);
	um->ud_id = id;
	um->ud_cmd = UDEV_PING;
	if (agent_um_out(um, uaddr) != 0) {
		crit_enter();
		agent_ping_untake(&as->as_ping);
		crit_exit();
		return (EFAULT);
	}
	return (0);
}

/* How agent_recv_um gives an interrupt: held, in a slot (recvsys and
 * its variants); given, unheld, in the struct (replyrecvsys); given,
 * unheld, as the call's answer when it did not fire again meanwhile,
 * else as replyrecvsys gives it (recvsys_intr). */
enum agent_how { AGENT_HOLD, AGENT_GIVE, AGENT_GIVE_LINE };

static __always_inline int agent_recv_um(struct agent_svc *as,
		    struct udevmsg *um, vm_offset_t uaddr, uint32_t op,
		    enum agent_how how);

/*
 * agent_recv_intr could not give the driver the interrupt of line bit,
 * described in um: everything it took goes back.  The line is pending
 * again (unless the service let it go while the copy blocked:
 * agent_svc_release), with the firings the description counted
 * (agent_undescribe_intr: added to any counted since), and the service's
 * receivers are woken as agent_intr_pend wakes them: a pending bit
 * always has.  Today the wake finds nobody (a process has one thread,
 * lwp_alloc's only callers being fork and init, and it is here, not
 * asleep in a receive), but a bit put back without it would wait, with
 * its line masked, for whatever next woke the service.  ad_nrecv and
 * ad_nintr stay: they count the driver's receives (the watchdog's sign
 * of life), tried or not.  Never blocks.
 */
static void
agent_recv_intr_undo(struct agent_svc *as, uint32_t bit,
    const struct udevmsg *um)
{
	crit_enter();
	if (as->as_iout & bit) {
		as->as_iout &= ~bit;
		as->as_ipend |= bit;
		agent_undescribe_intr(as->as_imsg[__builtin_ctz(bit)],
		    um->ud_len);
		agent_svc_wake(as);
	}
	crit_exit();
}

/*
 * replyrecvsys takes the first pending interrupt of as for the driver
 * without holding it (sys/agent.h: AN INTERRUPT WITHOUT A HELD
 * MESSAGE): its line moves from as_ipend to as_iout, masked until the
 * driver's rr_intrdone.  Called in a critical section, which it leaves.
 * 0, or EFAULT (agent_recv_intr_undo: the line is pending again, as if
 * never taken).
 */
static int
agent_recv_intr(struct agent_svc *as, struct udevmsg *um, vm_offset_t uaddr)
{
	uint32_t bit = as->as_ipend & -as->as_ipend;
	lwkt_msg_t msg = as->as_imsg[__builtin_ctz(bit)];
	struct agent_dev *ad = msg->ms_target_port->mp_data;

	as->as_ipend &= ~bit;
	as->as_iout |= bit;
	ad->ad_nrecv++;
	ad->ad_nintr++;
	agent_describe_intr(msg, ad->ad_unit, um);
	um->ud_id = 0;				/* nothing to reply */
	crit_exit();
	if (agent_um_out(um, uaddr) != 0) {
		agent_recv_intr_undo(as, bit, um);
		return (EFAULT);
	}
	return (0);
}

/*
 * recvsys_intr takes the first pending interrupt of as as agent_recv_intr
 * does, and gives it as the call's answer, AGENT_LINE_GIVEN + its line,
 * the driver's struct not written; -1 if the line fired again since it
 * was masked (the count goes in the struct: agent_recv_intr).  Called in
 * a critical section, which it leaves unless -1.  Never blocks.
 */
static __always_inline int
agent_recv_line(struct agent_svc *as)
{
	uint32_t bit = as->as_ipend & -as->as_ipend;
	struct intr_msg *im =
	    (struct intr_msg *)as->as_imsg[__builtin_ctz(bit)];
	struct agent_dev *ad = im->im_msg.ms_target_port->mp_data;

	if (im->im_missed != 0)
		return (-1);
	as->as_ipend &= ~bit;
	as->as_iout |= bit;
	ad->ad_nrecv++;
	ad->ad_nintr++;
	crit_exit();
	return (AGENT_LINE_GIVEN + (int)im->im_irq);
}

/* The driver handled the interrupts of the lines in mask (rr_intrdone):
 * the messages of those out are done, as a reply would make them, which
 * unmasks the lines (intr_msg_done); other lines are ignored.  [c] */
static void
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

/*
 * recvsys / recvsys_nb / recvsys_wait (op): the next message of service
 * as into the user's struct udevmsg at uaddr (sys/agent.h has the
 * errors).  Sleeps interruptibly unless recvsys_nb; recvsys_wait at
 * most ud_wait ms.
 */
static __noinline int
agent_recv(struct agent_svc *as, vm_offset_t uaddr, uint32_t op)
{
	struct udevmsg um;

	if (agent_um_in(uaddr, &um) != 0)
		return (EFAULT);
	crit_enter();
	return (agent_recv_um(as, &um, uaddr, op, AGENT_HOLD));
}

/* recvsys_wait's ud_wait, ms (not 0), in ticks (rounded up: at least
 * one), in 32-bit arithmetic unless it needs more; the last one asked
 * of as is kept (a driver waits the same time again and again).  [c] */
static inline int
agent_wait_ticks(struct agent_svc *as, uint32_t ms)
{
	if (ms == as->as_waitms)
		return (as->as_waitticks);
	as->as_waitms = ms;
	if (ms <= (0x7fffffffu - 999) / (uint32_t)hz)
		as->as_waitticks = (int)((ms * (uint32_t)hz + 999) / 1000);
	else
		as->as_waitticks = (int)MIN(((uint64_t)ms * hz + 999) / 1000,
		    0x7fffffff);
	return (as->as_waitticks);
}

/* The service's wait timer is due: its receivers look at their time. */
static void
agent_wait_end(void *arg)
{
	agent_svc_wake(arg);
}

/*
 * A receive of as sleeps until the tick wake at the latest: as's wait
 * timer is made due by then.  TIMED RECEIVES.  drvd waits with a limit
 * whenever one of its drivers' timers is armed (the virtio-blk driver's
 * watchdog: a second after every request), so nearly every receive
 * that sleeps is timed; a callout of its own set and stopped around
 * each sleep cost more than the rest of the receive.  Instead the
 * service keeps one timer, due at the earliest time a receiver asked
 * to be woken or before: a later limit leaves it alone, and a receiver
 * it wakes too early (for an earlier wait, long answered) finds its own
 * time not come and sleeps again, arming it anew; at most one such
 * wakeup a timer period.  [c]
 */
static void
agent_wait_arm(struct agent_svc *as, uint64_t wake)
{
	if (!callout_pending(&as->as_wait) || as->as_waitat > wake) {
		as->as_waitat = wake;
		callout_reset(&as->as_wait, (int)(wake - ticks), agent_wait_end,
		    as);
	}
}

/*
 * agent_recv's work on the driver's struct udevmsg, read in already at
 * *um (from uaddr, where it goes back: the caller checked that the
 * struct's range lies below VM_MAX_USER_ADDRESS, agent_um_out's
 * contract): op's receive; for replyrecvsys
 * (rr) an interrupt is given without a held slot.  Called in a
 * critical section, which it leaves.  Inline in both callers: the call
 * and its five arguments cost as much as a tenth of it, twice a disk
 * read.
 */
static __always_inline int
agent_recv_um(struct agent_svc *as, struct udevmsg *um, vm_offset_t uaddr,
    uint32_t op, enum agent_how how)
{
	bool nb = op == SYSMSG_RECV_NB;
	struct uio_physseg segs[AGENT_SEGKEEP];	/* DSF_PHYSIO's, walked once */
	struct agent_dev *ad;
	struct agent_held *ah;
	lwkt_msg_t msg;
	size_t ncopy, need;
	uint32_t pingid, slot, ibit = 0;	/* ibit: a pending interrupt's */
	uint64_t wake = 0;		/* a timed receive's end (tick) */
	int error;

	for (;;) {
		if (as->as_ping.ap_queued &&
		    agent_ping_take(&as->as_ping, &pingid)) {
			crit_exit();
			return (agent_recv_ping(as, pingid, um, uaddr));
		}
		if (as->as_ipend != 0) {	/* before any queue */
			if (how == AGENT_GIVE_LINE &&
			    (error = agent_recv_line(as)) >= 0)
				return (error);
			if (how != AGENT_HOLD)
				return (agent_recv_intr(as, um, uaddr));
			ibit = as->as_ipend & -as->as_ipend;
			msg = as->as_imsg[__builtin_ctz(ibit)];
			ad = msg->ms_target_port->mp_data;
			break;			/* held: recvsys's */
		}
		if (!agent_svc_full(as)) {
			if ((msg = agent_peek(as, &ad)) != NULL)
				break;
		} else if (!as->as_intr) {
			crit_exit();
			return (ENOBUFS);	/* only a reply frees a slot */
		}
		if (nb) {
			crit_exit();
			return (EAGAIN);
		}
		if (op == SYSMSG_RECV_WAIT && um->ud_wait != 0) {
			if (wake == 0)
				wake = ticks + (uint64_t)agent_wait_ticks(as,
				    um->ud_wait);
			else if (ticks >= wake) {
				crit_exit();
				return (EAGAIN);
			}
			agent_wait_arm(as, wake);
		}
		if (as->as_sleeper == NULL) {	/* agent_svc_wake */
			as->as_sleeper = curthread;
			error = tsleep_known(as, PCATCH, "svcrecv", 0);
			as->as_sleeper = NULL;
		} else {
			as->as_nsleep++;
			error = tsleep(as, PCATCH, "svcrecv", 0);
			as->as_nsleep--;
		}
		if (error != 0) {
			crit_exit();
			return (error == EWOULDBLOCK ? EAGAIN : EINTR);
		}
	}
	for (slot = 0; as->as_held[slot].ah_msg != NULL; slot++) {
		if (slot == AGENT_NSLOT - 1) {
			/* Every slot held: never, as AGENT_NSLOT has a
			 * room for every line's interrupt beyond the
			 * AGENT_NHELD messages agent_svc_full allows. */
			crit_exit();
			return (ENOBUFS);
		}
	}
	ah = &as->as_held[slot];
	/* The free slot's walk is where a DSF_PHYSIO walk ends. */
	agent_describe(msg, ad->ad_unit, ad->ad_physio, um, &ncopy, &need,
	    segs, &ah->ah_walk);
	if (need > um->ud_datamax) {
		if (msg->ms_cmd == DEV_WRITE)
			um->ud_len = (uint32_t)MIN(agent_uio(msg)->uio_resid,
			    0x7fffffff);
		crit_exit();
		um->ud_id = 0;
		if (agent_um_out(um, uaddr) != 0)
			return (EFAULT);
		return (EMSGSIZE);
	}
	if (ibit != 0)
		as->as_ipend &= ~ibit;		/* on no queue */
	else
		lwkt_port_take(&ad->ad_port, msg);
	um->ud_more = agent_taken(as, ad);
	ad->ad_nrecv++;
	if (__predict_false(msg->ms_cmd == DEV_INTR)) {
		ad->ad_nintr++;
		as->as_nintr++;
	}
	ah->ah_msg = msg;
	ah->ah_dev = ad;
	ah->ah_len = um->ud_len;
	ah->ah_physio = um->ud_nseg != 0;
	ah->ah_busy = true;
	as->as_nheld++;
	agent_held_now++;
	ah->ah_deadline = ticks + (uint64_t)as->as_timo;
	if (!callout_pending(&as->as_timer))
		callout_reset(&as->as_timer, as->as_timo, agent_deadlines, as);
	um->ud_id = ah->ah_gen << 8 | slot;
	crit_exit();

	/* The copies may fault and block; the slot is busy meanwhile. */
	error = agent_recv_data(msg, um, ncopy, segs);
	if (error == 0 && agent_um_out(um, uaddr) != 0)
		error = EFAULT;

	crit_enter();
	ah->ah_busy = false;
	if (error != 0)
		agent_requeue(ah);	/* the driver's fault: not the sender's */
	else if (ah->ah_expired)
		agent_complete(ah, EIO);
	crit_exit();
	return (error != 0 ? EFAULT : 0);
}

static __always_inline int agent_reply_one(struct agent_svc *as,
		    const struct udevreply *ur);

/* replysys: the reply at uaddr to a message service as holds.  Not
 * inline in kern_svcgate (nor agent_recv): their frames made the gate's
 * every call, replyrecvsys's too, save and spill as much as it does.  */
static __noinline int
agent_reply(struct agent_svc *as, vm_offset_t uaddr)
{
	struct udevreply ur;
	int error;

	if (copyin_words(uaddr, &ur, sizeof(ur)) != 0)
		return (EFAULT);
	crit_enter();
	error = agent_reply_one(as, &ur);
	crit_exit();
	return (error);
}

/*
 * The reply *ur (read in, on the kernel's stack) to a message service
 * as holds: replysys's error.  Called in a critical section, which it
 * leaves only around a copy.  A DSF_PHYSIO transfer's reply copies
 * nothing (agent_reply_phys, inline, only checks it and advances the
 * uio from the walk's end), so it cannot block: it is checked and completed
 * without leaving, the slot never marked busy.  Any other reply may
 * copy and fault: the slot is busy meanwhile.  [c]
 */
static __always_inline int
agent_reply_one(struct agent_svc *as, const struct udevreply *ur)
{
	struct agent_held *ah;
	uint32_t slot, gen;
	int error, rerr;
	bool answered;

	slot = ur->ur_id & 0xff;
	gen = ur->ur_id >> 8;
	if (__predict_false(slot >= AGENT_NSLOT)) {
		if (slot != AGENT_PINGSLOT)
			return (ENOENT);
		return (agent_ping_reply(&as->as_ping, gen));
	}
	if (gen == 0)
		return (ENOENT);
	ah = &as->as_held[slot];
	if (__predict_false(gen != ah->ah_gen || ah->ah_msg == NULL ||
	    ah->ah_busy)) {
		if (gen > ah->ah_gen || (gen == ah->ah_gen &&
		    ah->ah_msg == NULL))
			return (ENOENT);	/* never given */
		return (EALREADY);		/* replied, failed or timed out */
	}
	if (ah->ah_physio) {
		error = agent_reply_phys(ah->ah_msg, ah->ah_len, &ah->ah_walk,
		    ur, &rerr);
		answered = rerr == 0;
	} else {
		ah->ah_busy = true;
		crit_exit();
		error = agent_reply_data(ah->ah_msg, ah->ah_len, NULL, ur,
		    &rerr);
		crit_enter();
		answered = rerr == 0 && !ah->ah_expired;
		if (ah->ah_expired)
			error = EIO;
	}
	if (answered)
		as->as_lost = 0;		/* it answers */
	agent_fail(agent_unhold(ah), error);	/* agent_complete, inline */
	return (rerr);
}

/*
 * replyrecvsys: the replies of the struct udevrr at uaddr, in order, then
 * its receive (sys/agent.h).  A refused reply ends the call with its
 * error, and rr_nreplied tells the driver which one it was.
 */
#define RR_IN	offsetof(struct udevrr, rr_msg.ud_datamax)
#define RR_INEND offsetof(struct udevrr, rr_nreplied)
_Static_assert(RR_IN == UM_IN &&
    RR_INEND + sizeof(uint32_t) == sizeof(struct udevrr),
    "a struct udevrr's in fields are its message's and all but its last");

static __always_inline int
agent_replyrecv(struct agent_svc *as, vm_offset_t uaddr)
{
	struct udevreply ur[AGENT_RRMAX];
	struct udevrr rr;
	uint32_t i, n;
	int error = 0;

	/* What the call reads: the in fields, rr_msg's (agent_um_in) and
	 * the rest but rr_nreplied, in one copy.  The whole struct's range
	 * is checked here, once, for the receive's answer too
	 * (agent_um_out). */
	if (uaddr > VM_MAX_USER_ADDRESS - sizeof(rr) ||
	    copyin_words_bounded(uaddr + RR_IN, (char *)&rr + RR_IN,
	    RR_INEND - RR_IN) != 0)
		return (EFAULT);
	n = rr.rr_nreply;
	if (n > AGENT_RRMAX || (rr.rr_flags & ~(RR_NB | RR_NORECV)) != 0)
		return (EINVAL);
	if (n > 0 && copyin_words((vm_offset_t)rr.rr_reply, ur,
	    n * sizeof(ur[0])) != 0)
		return (EFAULT);
	/* The acknowledgements, the replies and the receive in one
	 * critical section: a sender a reply woke runs when the driver
	 * sleeps in the receive (or leaves the gate), not in between,
	 * so a reply-and-wait with nothing more to take is one switch.
	 * (This order once exposed kern_async.c's completion window, in
	 * which waitsys did not find a read still in flight; that window
	 * is closed there: test/async/async_window.) */
	crit_enter();
	if (rr.rr_intrdone != 0)
		agent_intr_done(as, rr.rr_intrdone);
	for (i = 0; i < n; i++) {
		if ((error = agent_reply_one(as, &ur[i])) != 0)
			break;
	}
	if (error == 0 && (rr.rr_flags & RR_NORECV) == 0) {
		error = agent_recv_um(as, &rr.rr_msg, uaddr,
		    (rr.rr_flags & RR_NB) ? SYSMSG_RECV_NB : SYSMSG_RECV_WAIT,
		    AGENT_GIVE);
	} else
		crit_exit();
	if (error != 0) {
		rr.rr_nreplied = i;
		(void)copyout(&rr.rr_nreplied, (char *)uaddr +
		    offsetof(struct udevrr, rr_nreplied),
		    sizeof(rr.rr_nreplied));
	}
	return (error);
}

/*
 * recvsys_intr: recvsys_wait's receive into the struct udevmsg at uaddr,
 * an interrupt given as replyrecvsys gives it, and as the call's answer
 * if it did not fire again meanwhile (sys/agent.h): the struct's out
 * fields are then not written.  The receive of a disk read's interrupt,
 * where the driver has nothing to give: no replies to read or look at,
 * and no copy out.
 */
_Static_assert(ELAST < AGENT_LINE_GIVEN, "an answer's line is no errno");

static __noinline int __attribute__((__regparm__(3)))
agent_recvi(int svc, vm_offset_t uaddr)
{
	struct agent_svc *as;
	struct udevmsg um;

	if ((as = agent_svc_lookup(curproc->p_svc, svc)) == NULL)
		return (EBADF);
	agent_ping_heard(&as->as_ping);
	if (agent_um_in(uaddr, &um) != 0)
		return (EFAULT);
	crit_enter();
	return (agent_recv_um(as, &um, uaddr, SYSMSG_RECV_WAIT,
	    AGENT_GIVE_LINE));
}

/*
 * Service as ends (its process exits or execs; kern_agentreg.c's
 * agent_proc_exit): its held disk transfers go back to their devices'
 * queues, everything else it held fails with EIO (an interrupt message,
 * held, given or pending, is replied, which unmasks its line: the grant
 * goes with the process), and its timers stop.  The caller orphans its devices in the same
 * critical section.  Never blocks.  [c]
 */
void
agent_svc_release(struct agent_svc *as)
{
	struct agent_held *ah;
	int i;

	crit_enter();
	agent_ping_stop(&as->as_ping);
	as->as_iout |= as->as_ipend;	/* its lines unmasked, taken or not */
	as->as_ipend = 0;
	agent_intr_done(as, ~0u);
	for (i = 0; i < AGENT_NSLOT; i++) {
		ah = &as->as_held[i];
		if (ah->ah_msg == NULL)
			continue;
		KASSERT(!ah->ah_busy, ("%s: slot %d busy", __func__, i));
		if (ah->ah_msg->ms_cmd == DEV_STRATEGY) {
			agent_resent++;
			agent_requeue(ah);
		} else {
			agent_complete(ah, ah->ah_msg->ms_cmd == DEV_INTR ?
			    0 : EIO);
		}
	}
	callout_stop(&as->as_timer);	/* nothing is held */
	callout_stop(&as->as_wait);	/* nobody receives */
	crit_exit();
}

/*
 * The gate's receive and reply operations but recvsys_intr (sys/agent.h)
 * on service svc: kern_svcgate_lean's.  replyrecvsys, a user driver's
 * one call with replies, is inline here: the other operations are calls.
 */
static __noinline int __attribute__((__regparm__(3)))
agent_gate(int svc, uint32_t op, vm_offset_t uaddr)
{
	struct agent_svc *as;

	/* An operation above SYSMSG_OPLAST is EINVAL (as a size, it always
	 * was), before EBADF; it is looked at only off replyrecvsys's
	 * path, which is one of the operations.  */
	if ((as = agent_svc_lookup(curproc->p_svc, svc)) == NULL)
		return (op > SYSMSG_OPLAST ? EINVAL : EBADF);
	if (__predict_true(op == SYSMSG_REPLYRECV)) {
		agent_ping_heard(&as->as_ping);
		return (agent_replyrecv(as, uaddr));
	}
	if (__predict_false(op > SYSMSG_OPLAST))
		return (EINVAL);
	agent_ping_heard(&as->as_ping);
	if (op == SYSMSG_REPLY)
		return (agent_reply(as, uaddr));
	return (agent_recv(as, uaddr, op));
}

/*
 * The gate's receive and reply operations (edx an operation code:
 * sys/agent.h) on service svc, from the sysenter entry (exception.S),
 * its arguments in the registers the entry has them in.  Returns the
 * errno for eax (0..ELAST: the entry sysexits with it as it is), or
 * recvsys_intr's line.  May block.  A user driver's two calls a disk
 * read each have a function of their own, with its own frame:
 * recvsys_intr's (agent_recvi) is small, replyrecvsys's (agent_gate)
 * holds a batch of replies.
 */
int __attribute__((__regparm__(3)))
kern_svcgate_lean(int svc, uint32_t op, vm_offset_t uaddr)
{
	if (op == SYSMSG_RECV_INTR)
		return (agent_recvi(svc, uaddr));
	return (agent_gate(svc, op, uaddr));
}

/* kern_svcgate_lean from int 0x81 (kern_syscall.c's kern_sendsys).  */
int
kern_svcgate(uint32_t op, int svc, vm_offset_t uaddr)
{
	return (kern_svcgate_lean(svc, op, uaddr));
}
