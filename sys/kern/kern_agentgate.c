/*
 * kern_agentgate.c - the port agent's gate: what a driver process
 * calls to receive its devices' messages and to reply to them (sys/agent.h
 * has the operations, their registers and errors; kern_agent.c the
 * agent port they take messages from, the held slots and their
 * deadlines).
 *
 * THE OPERATIONS.  recvsys, recvsys_nb and recvsys_wait (agent_recv),
 * replysys (agent_reply), replyrecvsys (agent_replyrecv, inline in
 * agent_gate) and recvsys_intr (agent_recvi) come from the sysenter
 * entry straight to kern_svcgate_lean (exception.S; kern_svcgate from
 * int 0x81), which sends recvsys_intr to agent_recvi and everything
 * else to agent_gate: each of a disk read's two calls has a function,
 * and a frame, of its own.  Every receive is agent_recv_um, inline in
 * each caller: the heartbeat's ping first, then a pending interrupt,
 * then the devices' queues (agent_peek); a message takes a held slot,
 * is described (agent_describe) and its data or pieces copied to the
 * driver (kern_agentdata.c).  Every reply is agent_reply_one: the id
 * against its slot's generation, the rest in kern_agentdata.c.
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
 * recvsys_intr is the second of those calls when the driver has
 * nothing to give (lib/libdrv: whenever none of its drivers replied
 * since the last call): no batch to read or check, and an interrupt
 * that did not fire again while masked is the call's answer, the line
 * in eax (agent_recv_line), with nothing copied out.
 *
 * THE COPIES.  A driver's struct udevmsg has its in fields last, so a
 * receive copies in those three words (agent_um_in) and out the ten
 * out fields (agent_um_out), inline word copies with exception-table
 * entries (machine/extable.h).  The copies may fault and block: they
 * are made outside the critical sections, a held slot busy meanwhile.
 *
 * Concurrency: one CPU, as kern_agent.c.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/callout.h>
#include <sys/uio.h>
#include <sys/proc.h>
#include <sys/thread2.h>
#include <sys/sysmsg.h>
#include <sys/msgport2.h>
#include <sys/device.h>
#include <sys/agentvar.h>
#include <sys/globaldata.h>
#include <machine/extable.h>

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
