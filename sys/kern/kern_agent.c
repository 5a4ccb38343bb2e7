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
 * THE GATE.  What a driver process calls (recvsys and its variants,
 * replysys, replyrecvsys, recvsys_intr: the receive, the held slot it
 * takes, the reply's check and the interrupt's hand-over) is
 * kern_agentgate.c's; this file is the agent port, the held slots'
 * bookkeeping and deadlines, and a service's end.
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
#include <sys/msgport2.h>
#include <sys/device.h>
#include <sys/agentvar.h>
#include <sys/devgrant.h>
#include <sys/globaldata.h>
#include <machine/segments.h>	/* NIRQ */

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
int agent_held_now;			/* messages held by drivers now */
SYSCTL_INT(kern_agent_timeouts, "kern.agent_timeouts", &agent_timeouts,
    CTLFLAG_RD, "user-driver messages failed because no reply came");
SYSCTL_INT(kern_agent_resent, "kern.agent_resent", &agent_resent,
    CTLFLAG_RD, "messages queued again after their driver died");
SYSCTL_INT(kern_agent_held, "kern.agent_held", &agent_held_now,
    CTLFLAG_RD, "messages held by user drivers now");


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
void
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

/* Finish ah's message with error; the slot is free.  [c] */
void
agent_complete(struct agent_held *ah, int error)
{
	agent_fail(agent_unhold(ah), error);
}

/* Put ah's message back on its device's queue (or fail it if nobody
 * can take it any more); the slot is free.  An interrupt (recvsys's,
 * whose description the driver never got) is pending again, its missed
 * firings (ah_len, what the receive described) with it.  [c] */
void
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
