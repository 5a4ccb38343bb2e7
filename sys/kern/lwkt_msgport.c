/*
 * lwkt_msgport.c - LWKT messages and ports.
 *
 * The rules (who owns a message when, what each port operation must do)
 * are in sys/msgport.h; read that first.  This file has the generic
 * operations (send, domsg, forward, reply, wait, abort, drop) and four
 * port types:
 *
 *   thread ports   queue; only the owning thread waits, and it is woken
 *                  by lwkt_schedule() directly (no sleep queue);
 *   spin ports     queue; any thread waits, sleeping on the port;
 *   reply-only     replies call a function or just mark the message done;
 *   dispatch ports putport runs a handler in the sender's thread: the
 *                  synchronous fast path.
 *
 * Locking: a port's queue and the flags of messages on it are changed
 * under the port's spinlock, which also enters a critical section.  A
 * thread about to wait takes itself off the run queue before it drops the
 * lock, inside an outer critical section, so a reply that arrives in
 * between is not lost: it puts the thread back on the run queue and the
 * following lwkt_switch() simply picks it again.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/msgport.h>
#include <sys/msgport2.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/spinlock2.h>
#include <sys/globaldata.h>

/* ---- helpers ------------------------------------------------------- */

static void
port_init_common(lwkt_port_t port)
{
	memset(port, 0, sizeof(*port));
	TAILQ_INIT(&port->mp_msgq);
	spin_init(&port->mp_spin);
}

/*
 * Wake whoever waits on port; caller holds the port lock.  On a spin
 * port a reply wakes every waiter (each waits for its own message), so a
 * spin port serves as a work queue or as a reply port, not as both at
 * once.  New work wakes one waiter, and only if none is already on its
 * way (mp_wakeups): a receiver that has not come to look yet will find
 * every message queued meanwhile, and one that takes a message and
 * leaves more behind wakes the next (queue_waitport), so a batch of
 * messages that never block is run by one receiver, one switch, and a
 * receiver that blocks in the middle of one still hands the rest on.
 */
static void
port_wake_locked(lwkt_port_t port, bool one)
{
	if (port->mp_td != NULL) {
		if (port->mp_flags & MSGPORTF_WAITING) {
			port->mp_flags &= ~MSGPORTF_WAITING;
			lwkt_schedule_crit(port->mp_td);	/* [c]: locked */
		}
	} else if (port->mp_waiters > port->mp_wakeups) {
		if (!one) {
			wakeup(port);
		} else if (port->mp_wakeups == 0 && wakeup_one(port)) {
			/* Counted only if one was asleep: mp_waiters also
			 * counts interrupted waiters not yet back. */
			port->mp_wakeups++;
		}
	}
}

/*
 * Block the current thread until port_wake_locked(); called with the port
 * lock held inside an outer critical section, returns with the lock
 * released (the critical section still held).  On a spin port, flags may
 * hold PCATCH: the sleep is then interruptible like tsleep's, and EINTR
 * is returned.  An interrupted waiter was never the one woken for new
 * work (tsleep_interrupt finds a woken thread no longer asleep), so it
 * does not count as back in mp_wakeups.
 */
static int
port_sleep_locked(lwkt_port_t port, int flags, const char *wmesg)
{
	thread_t td = curthread;
	int error = 0;

	if (port->mp_td != NULL) {
		KASSERT(port->mp_td == td,
		    ("%s: thread %s waits on %s's port", wmesg, td->td_comm,
		    port->mp_td->td_comm));
		KASSERT((flags & PCATCH) == 0,
		    ("%s: PCATCH on %s's thread port", wmesg, td->td_comm));
		port->mp_flags |= MSGPORTF_WAITING;
		lwkt_deschedule_self(td);
		spin_unlock_quick(&port->mp_spin);
		lwkt_switch();
	} else {
		port->mp_waiters++;
		spin_unlock_quick(&port->mp_spin);
		error = tsleep(port, flags & PCATCH, wmesg, 0);
		spin_lock_quick(&port->mp_spin);
		port->mp_waiters--;
		if (error == 0 && port->mp_wakeups > 0)
			port->mp_wakeups--;
		spin_unlock_quick(&port->mp_spin);
	}
	return (error);
}

/* ---- queueing ports (thread and spin) ------------------------------ */

static int
queue_putport(lwkt_port_t port, lwkt_msg_t msg)
{
	spin_lock_quick(&port->mp_spin);
	port_enqueue_locked(port, msg);
	port->mp_nput++;
	port_wake_locked(port, true);
	spin_unlock_quick(&port->mp_spin);
	return (EASYNC);
}

static lwkt_msg_t
queue_waitport(lwkt_port_t port, int flags)
{
	lwkt_msg_t msg;

	crit_enter();
	for (;;) {
		spin_lock_quick(&port->mp_spin);
		msg = TAILQ_FIRST(&port->mp_msgq);
		if (msg != NULL) {
			port_dequeue_locked(port, msg);
			if (!TAILQ_EMPTY(&port->mp_msgq))
				port_wake_locked(port, true);	/* the next */
			spin_unlock_quick(&port->mp_spin);
			break;
		}
		if (port_sleep_locked(port, flags, "waitport") != 0)
			break;			/* interrupted: msg is NULL */
	}
	crit_exit();
	return (msg);
}

static int
queue_waitmsg(lwkt_msg_t msg, int flags __unused)
{
	lwkt_port_t port = msg->ms_reply_port;

	crit_enter();
	for (;;) {
		spin_lock_quick(&port->mp_spin);
		if (msg->ms_flags & MSGF_DONE) {
			if (msg->ms_flags & MSGF_QUEUED)
				port_dequeue_locked(port, msg);
			spin_unlock_quick(&port->mp_spin);
			break;
		}
		port_sleep_locked(port, 0, "waitmsg");
	}
	crit_exit();
	return (msg->ms_error);
}

static void
queue_replyport(lwkt_port_t port, lwkt_msg_t msg)
{
	spin_lock_quick(&port->mp_spin);
	if (msg->ms_flags & MSGF_SYNC) {
		/* The sender waits for this very message: no queueing. */
		msg->ms_flags |= MSGF_REPLY | MSGF_DONE;
	} else {
		msg->ms_flags |= MSGF_REPLY | MSGF_DONE;
		port_enqueue_locked(port, msg);
	}
	port_wake_locked(port, false);
	spin_unlock_quick(&port->mp_spin);
}

static int
queue_dropmsg(lwkt_port_t port, lwkt_msg_t msg)
{
	int error = ENOENT;

	spin_lock_quick(&port->mp_spin);
	if ((msg->ms_flags & (MSGF_QUEUED | MSGF_DONE)) == MSGF_QUEUED) {
		port_dequeue_locked(port, msg);
		msg->ms_flags |= MSGF_DONE;
		error = 0;
	}
	spin_unlock_quick(&port->mp_spin);
	return (error);
}

/* A port owned by thread td: only td may wait on it. */
void
lwkt_initport_thread(lwkt_port_t port, thread_t td)
{
	port_init_common(port);
	port->mp_td = td;
	port->mp_putport = queue_putport;
	port->mp_waitport = queue_waitport;
	port->mp_waitmsg = queue_waitmsg;
	port->mp_replyport = queue_replyport;
	port->mp_dropmsg = queue_dropmsg;
}

/* A port any number of threads may wait on. */
void
lwkt_initport_spin(lwkt_port_t port)
{
	lwkt_initport_thread(port, NULL);
}

/* ---- reply-only ports --------------------------------------------- */

static int
replyonly_putport(lwkt_port_t port __unused, lwkt_msg_t msg)
{
	panic("lwkt_sendmsg: message %p sent to a reply-only port", msg);
}

static lwkt_msg_t
replyonly_waitport(lwkt_port_t port, int flags __unused)
{
	panic("lwkt_waitport: port %p is reply-only", port);
}

static int
replyonly_waitmsg(lwkt_msg_t msg, int flags __unused)
{
	/* Nothing to sleep on: the owner polls or gets the callback. */
	KASSERT(msg->ms_flags & MSGF_DONE,
	    ("lwkt_waitmsg: message %p on a reply-only port is not done", msg));
	return (msg->ms_error);
}

static void
replyonly_replyport(lwkt_port_t port, lwkt_msg_t msg)
{
	void (*fn)(lwkt_msg_t) = port->mp_data;

	spin_lock_quick(&port->mp_spin);
	msg->ms_flags |= MSGF_REPLY | MSGF_DONE;
	spin_unlock_quick(&port->mp_spin);
	if (fn != NULL)
		fn(msg);
}

static int
noqueue_dropmsg(lwkt_port_t port __unused, lwkt_msg_t msg __unused)
{
	return (ENOENT);
}

/*
 * A port that only receives replies: each reply marks the message done
 * and calls rfn(msg) (in the replier's context: it must not block).
 */
void
lwkt_initport_replyonly(lwkt_port_t port, void (*rfn)(lwkt_msg_t))
{
	port_init_common(port);
	port->mp_data = (void *)rfn;
	port->mp_putport = replyonly_putport;
	port->mp_waitport = replyonly_waitport;
	port->mp_waitmsg = replyonly_waitmsg;
	port->mp_replyport = replyonly_replyport;
	port->mp_dropmsg = noqueue_dropmsg;
}

/* A reply-only port whose owner polls lwkt_checkmsg(). */
void
lwkt_initport_replyonly_null(lwkt_port_t port)
{
	lwkt_initport_replyonly(port, NULL);
}

/* ---- dispatch ports ------------------------------------------------ */

static int
dispatch_putport(lwkt_port_t port, lwkt_msg_t msg)
{
	port->mp_nput++;
	return (port->mp_dispatch(port, msg));
}

static void
dispatch_replyport(lwkt_port_t port, lwkt_msg_t msg)
{
	panic("lwkt_replymsg: message %p replied to dispatch port %p",
	    msg, port);
}

/*
 * A port whose putport calls fn(port, msg) in the sender's thread.  fn
 * returns an error (0 for success) when it completed the request, or
 * EASYNC when it kept the message (queued it elsewhere, or will reply
 * from another context).
 */
void
lwkt_initport_dispatch(lwkt_port_t port, int (*fn)(lwkt_port_t, lwkt_msg_t),
    void *data)
{
	port_init_common(port);
	port->mp_dispatch = fn;
	port->mp_data = data;
	port->mp_putport = dispatch_putport;
	port->mp_waitport = replyonly_waitport;
	port->mp_waitmsg = replyonly_waitmsg;
	port->mp_replyport = dispatch_replyport;
	port->mp_dropmsg = noqueue_dropmsg;
}

/*
 * A dispatch port without the count (mp_nput stays 0): putport is fn
 * itself, so sending costs one indirect call.  The system port of every
 * process is one (kern_proc.c): this is the call every system call makes.
 */
void
lwkt_initport_direct(lwkt_port_t port, int (*fn)(lwkt_port_t, lwkt_msg_t),
    void *data)
{
	lwkt_initport_dispatch(port, fn, data);
	port->mp_putport = fn;
}

/* ---- generic operations ------------------------------------------- */

/* Prepare msg for sending; replies go to rport.  flags: MSGF_USERFLAGS. */
void
lwkt_initmsg(lwkt_msg_t msg, lwkt_port_t rport, int flags)
{
	KASSERT((flags & ~MSGF_USERFLAGS) == 0,
	    ("lwkt_initmsg: flags 0x%x", flags));
	memset(msg, 0, sizeof(*msg));
	msg->ms_reply_port = rport;
	msg->ms_flags = MSGF_DONE | flags;
}

/* Same, for a message whose work can be interrupted by abortfn. */
void
lwkt_initmsg_abortable(lwkt_msg_t msg, lwkt_port_t rport, int flags,
    void (*abortfn)(lwkt_msg_t))
{
	lwkt_initmsg(msg, rport, flags | MSGF_ABORTABLE);
	msg->ms_abortfn = abortfn;
}

/*
 * Send msg to port asynchronously.  The reply always arrives at the reply
 * port, even when the target completed the request at once.  Never blocks
 * (unless a dispatch port's handler does).
 */
void
lwkt_sendmsg(lwkt_port_t port, lwkt_msg_t msg)
{
	int error;

	KASSERT(msg->ms_flags & MSGF_DONE,
	    ("lwkt_sendmsg: message %p is still in flight", msg));
	KASSERT(msg->ms_reply_port != NULL, ("lwkt_sendmsg: no reply port"));
	msg->ms_flags &= ~(MSGF_DONE | MSGF_REPLY | MSGF_SYNC | MSGF_ABORTED);
	msg->ms_target_port = port;
	error = port->mp_putport(port, msg);
	if (error != EASYNC)
		lwkt_replymsg(msg, error);
}

/*
 * lwkt_sendmsg(), but a thread the send makes runnable does not preempt
 * the sender: it runs when the sender blocks or uses up its quantum.  For
 * a sender that queues many messages in a row (a batch of asynchronous
 * system calls), so that the batch costs one switch, not one per message.
 */
void
lwkt_sendmsg_nopreempt(lwkt_port_t port, lwkt_msg_t msg)
{
	crit_enter();
	lwkt_sendmsg(port, msg);
	lwkt_resched_cancel();
	crit_exit();
}

/*
 * Mark msg as sent to port and held there by the port's owner, on no
 * queue: an owner that keeps a message while it waits for an event (a
 * callout, a signal, a device's reply) and will reply, forward or
 * unhold it later.  lwkt_abortmsg() reaches its abort hook meanwhile.
 * The message must be owned by the caller (sent to it, not replied).
 */
void
lwkt_holdmsg(lwkt_port_t port, lwkt_msg_t msg)
{
	msg->ms_flags &= ~(MSGF_DONE | MSGF_REPLY);
	msg->ms_target_port = port;
}

/* Undo lwkt_holdmsg() without a reply: the sender owns msg again, as if
 * it had never been sent (an event that could not be armed). */
void
lwkt_unholdmsg(lwkt_msg_t msg)
{
	msg->ms_flags |= MSGF_DONE;
}

/*
 * Send msg to port and wait for the reply; returns its error.  If the
 * port completes the request inside putport, this is a function call: no
 * queueing, no thread switch.  May block, uninterruptibly (a message in
 * flight belongs to its target and cannot be taken back): a system call
 * may wait this way only for a target that replies by itself, never for
 * something another process controls, or SIGKILL could not end it.
 */
int
lwkt_domsg(lwkt_port_t port, lwkt_msg_t msg, int flags)
{
	KASSERT(msg->ms_flags & MSGF_DONE,
	    ("lwkt_domsg: message %p is still in flight", msg));
	return (lwkt_domsg_inline(port, msg, flags));
}

/*
 * Pass a message we own (as its target) on to another port.  If that port
 * completes it at once, it is replied to its sender here.  Returns what
 * putport returned (EASYNC if it was queued or kept).
 */
int
lwkt_forwardmsg(lwkt_port_t port, lwkt_msg_t msg)
{
	int error;

	KASSERT((msg->ms_flags & (MSGF_DONE | MSGF_QUEUED)) == 0,
	    ("lwkt_forwardmsg: message %p not held by a target", msg));
	msg->ms_target_port = port;
	error = port->mp_putport(port, msg);
	if (error != EASYNC)
		lwkt_replymsg(msg, error);
	return (error);
}

/* Return msg to its sender with error.  Never blocks. */
void
lwkt_replymsg(lwkt_msg_t msg, int error)
{
	lwkt_port_t port = msg->ms_reply_port;

	KASSERT((msg->ms_flags & (MSGF_DONE | MSGF_QUEUED)) == 0,
	    ("lwkt_replymsg: message %p replied twice or still queued "
	    "(flags 0x%x)", msg, msg->ms_flags));
	msg->ms_error = error;
	port->mp_replyport(port, msg);
}

/* Wait until msg is replied and take it back; returns its error.  Not
 * interruptible (see lwkt_domsg). */
int
lwkt_waitmsg(lwkt_msg_t msg, int flags)
{
	lwkt_port_t port = msg->ms_reply_port;

	return (port->mp_waitmsg(msg, flags));
}

/*
 * Poll: if msg is done, take it back (off its reply port's queue) and
 * return true.  Never blocks.
 */
bool
lwkt_checkmsg(lwkt_msg_t msg)
{
	lwkt_port_t port = msg->ms_reply_port;
	bool done;

	spin_lock_quick(&port->mp_spin);
	done = (msg->ms_flags & MSGF_DONE) != 0;
	if (done && (msg->ms_flags & MSGF_QUEUED))
		port_dequeue_locked(port, msg);
	spin_unlock_quick(&port->mp_spin);
	return (done);
}

/* Take the first queued message off port, or return NULL.  Never
 * blocks. */
lwkt_msg_t
lwkt_getport(lwkt_port_t port)
{
	lwkt_msg_t msg;

	spin_lock_quick(&port->mp_spin);
	msg = TAILQ_FIRST(&port->mp_msgq);
	if (msg != NULL)
		port_dequeue_locked(port, msg);
	spin_unlock_quick(&port->mp_spin);
	return (msg);
}

/*
 * msg, queued on the queueing port port, goes to the front of its queue:
 * the next lwkt_getport takes it.  For an owner that gives one message
 * precedence over what waits (kern_agent.c: a device's interrupt, which
 * is what lets the messages before it finish).  Never blocks.
 */
void
lwkt_port_first(lwkt_port_t port, lwkt_msg_t msg)
{
	spin_lock_quick(&port->mp_spin);
	if ((msg->ms_flags & MSGF_QUEUED) &&
	    TAILQ_FIRST(&port->mp_msgq) != msg) {
		TAILQ_REMOVE(&port->mp_msgq, msg, ms_node);
		TAILQ_INSERT_HEAD(&port->mp_msgq, msg, ms_node);
	}
	spin_unlock_quick(&port->mp_spin);
}

/*
 * Block until a message is queued on port; take it off and return it.
 * With PCATCH (spin ports only), NULL if the sleep was interrupted.
 */
lwkt_msg_t
lwkt_waitport(lwkt_port_t port, int flags)
{
	return (port->mp_waitport(port, flags));
}

/*
 * Ask for msg back (see sys/msgport.h).  Called by the sender while the
 * message is in flight.  If it is still queued on its target it is taken
 * off and replied with ECANCELED now; if the target holds it, the target's
 * abort hook is called and the target replies in its own time.  Either
 * way exactly one reply follows.  Never blocks.
 */
void
lwkt_abortmsg(lwkt_msg_t msg)
{
	lwkt_port_t port = msg->ms_target_port;
	bool dequeued = false;

	if (port == NULL || (msg->ms_flags & MSGF_DONE))
		return;			/* never sent, or already back */
	crit_enter();
	spin_lock_quick(&port->mp_spin);
	if (msg->ms_flags & (MSGF_DONE | MSGF_ABORTED)) {
		spin_unlock_quick(&port->mp_spin);
		crit_exit();
		return;
	}
	msg->ms_flags |= MSGF_ABORTED;
	if (msg->ms_flags & MSGF_QUEUED) {
		/* Not done, so the queue is the target's. */
		port_dequeue_locked(port, msg);
		dequeued = true;
	}
	spin_unlock_quick(&port->mp_spin);
	if (dequeued)
		lwkt_replymsg(msg, ECANCELED);
	else if ((msg->ms_flags & MSGF_ABORTABLE) && msg->ms_abortfn != NULL)
		msg->ms_abortfn(msg);
	crit_exit();
}

/*
 * Take a MSGF_DROPABLE message back from its target's queue without a
 * reply.  Returns 0 (the sender owns it again) or ENOENT (a receiver
 * already took it; a reply will follow).
 */
int
lwkt_dropmsg(lwkt_msg_t msg)
{
	lwkt_port_t port = msg->ms_target_port;

	KASSERT(msg->ms_flags & MSGF_DROPABLE,
	    ("lwkt_dropmsg: message %p is not dropable", msg));
	if (port == NULL)
		return (ENOENT);	/* never sent */
	return (port->mp_dropmsg(port, msg));
}
