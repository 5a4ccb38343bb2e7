/*
 * sys/msgport2.h - a queueing port's queue, inline: lwkt_msgport.c's
 * own enqueue and dequeue, and the two an owner with its own putport
 * makes on a spin port nobody waits on (kern_agent.c's agent port, on
 * every disk transfer through a user driver: its putport queues and
 * wakes the driver's service itself; its receive takes the message it
 * looked at).  Kernel only; the rules are sys/msgport.h's.
 */
#ifndef _SYS_MSGPORT2_H_
#define _SYS_MSGPORT2_H_

#ifndef _KERNEL
#error "sys/msgport2.h is for the kernel only"
#endif

#include <sys/msgport.h>
#include <sys/spinlock2.h>

/* Queue msg on port; caller holds the port lock. */
static inline void
port_enqueue_locked(lwkt_port_t port, lwkt_msg_t msg)
{
	KASSERT((msg->ms_flags & MSGF_QUEUED) == 0,
	    ("port_enqueue: message %p already queued", msg));
	msg->ms_flags |= MSGF_QUEUED;
	TAILQ_INSERT_TAIL(&port->mp_msgq, msg, ms_node);
}

/* Take queued msg off port; caller holds the port lock. */
static inline void
port_dequeue_locked(lwkt_port_t port, lwkt_msg_t msg)
{
	TAILQ_REMOVE(&port->mp_msgq, msg, ms_node);
	msg->ms_flags &= ~MSGF_QUEUED;
}

/*
 * Queue msg on spin port port, counted as a put (mp_nput), and wake
 * nobody: the spin port's putport without its wakeup, for a port no
 * thread waits on (lwkt_waitport), whose owner wakes its own receivers.
 * EASYNC, as that putport.  Caller in a critical section (its owner's
 * putport is: the lock is taken in it, not in one of its own).  Never
 * blocks; callable from an interrupt.  [c]
 */
static inline int
lwkt_port_append(lwkt_port_t port, lwkt_msg_t msg)
{
	spin_lock_crit(&port->mp_spin);
	KASSERT(port->mp_td == NULL && port->mp_waiters == 0,
	    ("lwkt_port_append: port %p has a waiter", port));
	port_enqueue_locked(port, msg);
	port->mp_nput++;
	spin_unlock_crit(&port->mp_spin);
	return (EASYNC);
}

/*
 * Take msg, which the caller found first on port's queue in the same
 * critical section, off it: lwkt_getport() without the look (nor a
 * critical section of its own: the caller's holds the lock).  [c]
 */
static inline void
lwkt_port_take(lwkt_port_t port, lwkt_msg_t msg)
{
	spin_lock_crit(&port->mp_spin);
	KASSERT(TAILQ_FIRST(&port->mp_msgq) == msg,
	    ("lwkt_port_take: %p is not first on port %p", msg, port));
	port_dequeue_locked(port, msg);
	spin_unlock_crit(&port->mp_spin);
}

#endif /* !_SYS_MSGPORT2_H_ */
