/*
 * sys/workpool.h - pools of kernel threads that run messages
 * (kern_asyncwork.c).  Kernel only.
 *
 * A pool is a spin port and the threads that serve it.  A client sends
 * LWKT messages to the pool (workpool_send, or lwkt_forwardmsg to
 * &wp->wp_port from any context); a worker takes each one and calls the
 * pool's run function, which does the work (it may block) and then
 * replies to the message or passes it on.  The pool keeps wp_min threads
 * for ever and starts spares, up to wp_max, whenever a worker starts a
 * message with no other worker idle: a message that blocks for ever never
 * holds up the ones queued behind it.  The asynchronous system calls use
 * one pool (kern_async.c); a driver that needs threads to block in can
 * make its own.
 *
 * Workers run in the kernel's address space, with no process, and never
 * take on a process's: the asynchronous calls' run function reaches a
 * call's user arguments through what its message took at send
 * (sys/sysargs.h).
 */
#ifndef _SYS_WORKPOOL_H_
#define _SYS_WORKPOOL_H_

#ifndef _KERNEL
#error "sys/workpool.h is kernel only"
#endif

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/msgport.h>

struct workpool_spare;

struct workpool {
	struct lwkt_port wp_port;	/* [I] the work queue (a spin port) */
	void		(*wp_run)(lwkt_msg_t msg); /* [I] runs one message
					 * in a worker; replies or passes it
					 * on; may block */
	const char	*wp_name;	/* [I] the threads' name */
	int		wp_min;		/* [I] threads kept for ever */
	int		wp_max;		/* [I] threads at most */
	int		wp_workers;	/* [c] threads alive */
	int		wp_idle;	/* [c] of them waiting for work */
	LIST_HEAD(, workpool_spare) wp_spares; /* [c] idle spares */
};

/* Start pool wp's wp_min threads.  Thread context, at boot. */
void	workpool_init(struct workpool *wp, const char *name,
	    void (*run)(lwkt_msg_t), int min, int max);
/* Queue msg (owned by the caller, MSGF_DONE) for wp: a worker made
 * runnable does not preempt the caller.  Never blocks. */
void	workpool_send(struct workpool *wp, lwkt_msg_t msg);

#endif /* !_SYS_WORKPOOL_H_ */
