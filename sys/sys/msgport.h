/*
 * sys/msgport.h - LWKT messages and message ports.
 *
 * A message is a request a sender hands to a port; a port is a small
 * vector of functions that decides what "handing over" means.  Everything
 * that crosses a boundary in Damselfly, system calls included, is a
 * message sent to a port and replied to a reply port.
 *
 * MESSAGE LIFE AND OWNERSHIP
 *
 * At every moment exactly one party owns a message, and only the owner may
 * touch it (ms_flags is the exception: it is also read and changed under
 * the lock of the port the message sits on).
 *
 *   1. The sender fills it in (lwkt_initmsg) and owns it.
 *   2. lwkt_sendmsg / lwkt_domsg / lwkt_forwardmsg call the target port's
 *      mp_putport.  From then on the target owns it: either it sits on the
 *      target's queue (MSGF_QUEUED) or the port's code is working on it.
 *      A port may instead finish the request inside mp_putport and return
 *      its error (anything but EASYNC): then ownership never left the
 *      sender.  This is the fast path: a synchronous message to such a port
 *      costs a function call, no queueing, no thread switch.
 *   3. A thread takes a queued message off the port (lwkt_getport,
 *      lwkt_waitport) and owns it until it calls lwkt_replymsg (or forwards
 *      it, handing ownership to another port).
 *   4. lwkt_replymsg sets ms_error, marks the message MSGF_DONE|MSGF_REPLY
 *      and gives it to the reply port's mp_replyport.  If the sender is
 *      waiting synchronously (MSGF_SYNC) it is woken and owns the message
 *      again; otherwise the message is queued on the reply port and the
 *      sender owns it once it has taken it off (lwkt_waitmsg or getport).
 *
 * A sender that gave a message away may ask for it back with
 * lwkt_abortmsg.  If the message is still queued on the target it is
 * removed and replied with ECANCELED at once; if the target is working on
 * it, its abort hook (ms_abortfn, for MSGF_ABORTABLE messages) is called
 * and the target replies when it reaches a safe point, with ECANCELED or
 * with its result if it had already finished.  Either way the sender
 * receives exactly one reply: the decision "still queued?" and the removal
 * are made under the port lock, the same lock under which a receiver
 * dequeues.  Aborting a message that is already done does nothing.
 *
 * lwkt_dropmsg removes a MSGF_DROPABLE message from its target's queue
 * with no reply at all (for requests that are re-queued over and over,
 * such as periodic timers).  It fails with ENOENT if a receiver already
 * took the message.
 *
 * PORT TYPES (the rules every mp_* implementation obeys are below)
 *
 *   thread port   owned by one thread (td_msgport).  Only the owner waits
 *                 on it; senders and repliers wake the owner directly.
 *   spin port     any number of threads may wait; a spinlock protects the
 *                 queue, waiters sleep on the port.  New work wakes one
 *                 waiter unless one is already on its way, and a waiter
 *                 that takes a message and leaves more wakes the next.
 *   reply-only    cannot be sent to or waited on; replying calls a
 *                 function (or just marks the message done for pollers).
 *   dispatch port mp_putport calls a handler in the sender's context; the
 *                 handler finishes the request (returns an error) or keeps
 *                 it (returns EASYNC) and replies later.  System call
 *                 ports are dispatch ports.
 *
 * Field protection: [o] the message's current owner, [p] the lock of the
 * port it is queued on (a critical section on one CPU plus mp_spin).
 */
#ifndef _SYS_MSGPORT_H_
#define _SYS_MSGPORT_H_

#include <sys/types.h>
#include <sys/errno.h>
#include <sys/queue.h>
#include <sys/spinlock.h>

struct lwkt_msg;
struct lwkt_port;
struct thread;
typedef struct lwkt_msg *lwkt_msg_t;
typedef struct lwkt_port *lwkt_port_t;

struct lwkt_msg {
	TAILQ_ENTRY(lwkt_msg) ms_node;	/* [p] link while MSGF_QUEUED */
	lwkt_port_t	ms_target_port;	/* [o] where it was sent */
	lwkt_port_t	ms_reply_port;	/* [o] where the reply goes */
	void		(*ms_abortfn)(lwkt_msg_t); /* [o] abort hook, set by
					 * whoever can interrupt the work */
	int		ms_cmd;		/* [o] command, the port's business */
	volatile int	ms_flags;	/* [p] MSGF_* */
	int		ms_error;	/* [o] 0 or an errno, set at reply */
	union {
		int	 msu_result;	/* [o] a result, set at reply */
		int64_t	 msu_result64;
		void	*msu_resultp;
	} ms_u;
};
#define ms_result	ms_u.msu_result
#define ms_result64	ms_u.msu_result64
#define ms_resultp	ms_u.msu_resultp

/*
 * Message flags (ms_flags):
 *
 *   MSGF_DONE       the sender owns the message again: it was replied,
 *                   finished synchronously, dropped, or never sent.
 *   MSGF_REPLY      it came back through lwkt_replymsg.
 *   MSGF_QUEUED     it sits on a port's queue (the target's before a
 *                   receiver takes it, the reply port's after a reply).
 *   MSGF_SYNC       the sender waits for it (lwkt_domsg/lwkt_waitmsg): the
 *                   reply wakes the sender instead of queueing.
 *   MSGF_ABORTABLE  the target supports aborting it in progress through
 *                   ms_abortfn.
 *   MSGF_ABORTED    lwkt_abortmsg was called.  A target reaching a safe
 *                   point checks this and replies ECANCELED.
 *   MSGF_DROPABLE   lwkt_dropmsg may take it back while it is queued.
 */
#define MSGF_DONE	0x0001
#define MSGF_REPLY	0x0002
#define MSGF_QUEUED	0x0004
#define MSGF_SYNC	0x0008
#define MSGF_ABORTABLE	0x0010
#define MSGF_ABORTED	0x0020
#define MSGF_DROPABLE	0x0040
#define MSGF_USERFLAGS	(MSGF_ABORTABLE | MSGF_DROPABLE)

/*
 * Port operations.  Every implementation obeys:
 *
 *   mp_putport(port, msg)   Accept msg.  Return EASYNC if msg was queued
 *                           or kept (it will be replied later), or an
 *                           error (0 for success) if the request was
 *                           completed at once; the caller then owns msg
 *                           again.  Never blocks for a thread port or
 *                           spin port; a dispatch port's handler may
 *                           block only if the sender can (it runs in the
 *                           sender's thread).
 *   mp_waitport(port, flags) Block until a message is queued, dequeue and
 *                           return it.  Returns NULL only if flags allow
 *                           an interruption: PCATCH, on a spin port,
 *                           makes the sleep interruptible as tsleep's
 *                           (a signal, TDF_ABORT) and the call then
 *                           returns NULL.
 *   mp_waitmsg(msg, flags)  Block until msg (whose reply port this is) is
 *                           done; take it off the queue if it was queued
 *                           there.  Returns msg's ms_error.
 *   mp_replyport(port, msg) Return msg to its sender: set MSGF_DONE and
 *                           wake or queue.  Never blocks; callable from
 *                           interrupts and callouts.
 *   mp_dropmsg(port, msg)   Remove msg from this port's queue without a
 *                           reply.  Returns 0 or ENOENT (not queued).
 */
struct lwkt_port {
	TAILQ_HEAD(, lwkt_msg) mp_msgq;	/* [p] queued messages */
	struct spinlock	mp_spin;	/* the port lock (with crit) */
	int		mp_flags;	/* [p] MSGPORTF_* */
	int		mp_waiters;	/* [p] threads sleeping on the port */
	int		mp_wakeups;	/* [p] of them woken for new work and
					 * not yet back to look (spin ports) */
	struct thread	*mp_td;		/* [I] owner of a thread port */
	int		(*mp_putport)(lwkt_port_t, lwkt_msg_t);
	lwkt_msg_t	(*mp_waitport)(lwkt_port_t, int);
	int		(*mp_waitmsg)(lwkt_msg_t, int);
	void		(*mp_replyport)(lwkt_port_t, lwkt_msg_t);
	int		(*mp_dropmsg)(lwkt_port_t, lwkt_msg_t);
	int		(*mp_dispatch)(lwkt_port_t, lwkt_msg_t); /* [I] dispatch
					 * port handler; reply-only hook */
	void		*mp_data;	/* [I] owner's private data */
	uint64_t	mp_nput;	/* [p] messages accepted */
};

/*
 * Port flags (mp_flags):
 *   MSGPORTF_WAITING  the owner of a thread port is blocked on it and
 *                     must be scheduled when a message or reply arrives.
 */
#define MSGPORTF_WAITING	0x0001

#ifdef _KERNEL
void	lwkt_initport_thread(lwkt_port_t port, struct thread *td);
void	lwkt_initport_spin(lwkt_port_t port);
void	lwkt_initport_replyonly(lwkt_port_t port,
	    void (*rfn)(lwkt_msg_t));
void	lwkt_initport_replyonly_null(lwkt_port_t port);
void	lwkt_initport_dispatch(lwkt_port_t port,
	    int (*fn)(lwkt_port_t, lwkt_msg_t), void *data);
void	lwkt_initport_direct(lwkt_port_t port,
	    int (*fn)(lwkt_port_t, lwkt_msg_t), void *data);

void	lwkt_initmsg(lwkt_msg_t msg, lwkt_port_t rport, int flags);
void	lwkt_initmsg_abortable(lwkt_msg_t msg, lwkt_port_t rport, int flags,
	    void (*abortfn)(lwkt_msg_t));
void	lwkt_sendmsg(lwkt_port_t port, lwkt_msg_t msg);
void	lwkt_sendmsg_nopreempt(lwkt_port_t port, lwkt_msg_t msg);
void	lwkt_holdmsg(lwkt_port_t port, lwkt_msg_t msg);
void	lwkt_unholdmsg(lwkt_msg_t msg);
int	lwkt_domsg(lwkt_port_t port, lwkt_msg_t msg, int flags);
int	lwkt_forwardmsg(lwkt_port_t port, lwkt_msg_t msg);
void	lwkt_replymsg(lwkt_msg_t msg, int error);
int	lwkt_waitmsg(lwkt_msg_t msg, int flags);
bool	lwkt_checkmsg(lwkt_msg_t msg);
lwkt_msg_t lwkt_getport(lwkt_port_t port);
void	lwkt_port_first(lwkt_port_t port, lwkt_msg_t msg);
lwkt_msg_t lwkt_waitport(lwkt_port_t port, int flags);
void	lwkt_abortmsg(lwkt_msg_t msg);
int	lwkt_dropmsg(lwkt_msg_t msg);

/*
 * The body of lwkt_domsg() (which also checks that msg is not in flight),
 * inline for the system-call path: a request that putport completes at
 * once then costs no function call of its own.  lwkt_sendsync_inline()
 * is the part after the flags, for a message that already has exactly
 * MSGF_SYNC (a fresh one: the system-call path sets it in one store).
 */
static inline int
lwkt_sendsync_inline(lwkt_port_t port, lwkt_msg_t msg, int flags)
{
	int error;

	msg->ms_target_port = port;
	error = port->mp_putport(port, msg);
	if (__builtin_expect(error == EASYNC, 0))
		return (lwkt_waitmsg(msg, flags));
	msg->ms_error = error;
	msg->ms_flags |= MSGF_DONE;
	return (error);
}

static inline int
lwkt_domsg_inline(lwkt_port_t port, lwkt_msg_t msg, int flags)
{
	msg->ms_flags = (msg->ms_flags &
	    ~(MSGF_DONE | MSGF_REPLY | MSGF_ABORTED)) | MSGF_SYNC;
	return (lwkt_sendsync_inline(port, msg, flags));
}
#endif

#endif /* !_SYS_MSGPORT_H_ */
