/*
 * sys/asyncmsg.h - the kernel's asynchronous system-call message, shared
 * by the files that carry one through its life (kernel only):
 *
 *   kern_async.c      the life of a message: send (by the call's class
 *                     in the system-call table), completion, abort,
 *                     exit and exec rundown
 *   kern_asynclimit.c the limits on messages in flight (slots, kernel
 *                     memory, RLIMIT_ASYNC) and their sysctls
 *   kern_asyncwork.c  worker pools: kernel threads that run messages
 *   kern_asyncwait.c  continuations: messages that wait with no thread
 *                     (nanosleep, sigmsg, timermsg, disk transfers)
 *   sys_asyncport.c   the user's side: ports, waitsys, flushsys,
 *                     upcalls, abortmsg
 *
 * sys/sysmsg.h is the user's view.  OWNERSHIP: an asyncmsg belongs to
 * whoever holds its LWKT message (am_sm.sm_lmsg): sendsys while it starts
 * the call, then a worker, a continuation (callout, signal list, disk
 * driver), and finally the reply port's function, which completes it.
 * Fields marked [c] are changed in critical sections (one CPU; callouts
 * fire messages from the clock interrupt); [I] are set before the message
 * is in flight and never change.
 */
#ifndef _SYS_ASYNCMSG_H_
#define _SYS_ASYNCMSG_H_

#ifndef _KERNEL
#error "sys/asyncmsg.h is kernel only"
#endif

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/msgport.h>
#include <sys/callout.h>
#include <sys/uio.h>
#include <sys/sysmsg.h>
#include <sys/device.h>
#include <sys/sysargs.h>

struct proc;
struct file;
struct thread;

/* Message states (am_state). */
enum {
	AM_NEW,		/* being started by sendsys */
	AM_QUEUED,	/* queued for a worker, or just taken by one */
	AM_RUNNING,	/* a worker runs the call or returns it (fired), or
			 * a finisher completes it */
	AM_ARMED,	/* a continuation waits: callout or signal */
	AM_FIRED,	/* forwarded to the workers to be returned; or an
			 * abort took it off their queue: queued for a
			 * finisher (kern_async.c, ABORT) */
	AM_DEVICE,	/* its strategy message (am_bio) is at a disk */
};

/*
 * Message flags (am_flags):
 *   AMF_INFLIGHT  on p_async (abortmsg and waitsys find it), until its
 *                 header shows SMF_DONE (kern_async.c: IN FLIGHT UNTIL
 *                 DONE)
 *   AMF_UPCALL    on p_upcalls: upcalls owed
 *   AMF_REPEAT    sigmsg, timermsg: returned many times
 *   AMF_SIGMSG    on p_sigmsgs
 *   AMF_NOWRITE   rundown: never write user memory again
 *   AMF_ABORT     abortmsg was called
 */
#define AMF_INFLIGHT	0x01
#define AMF_UPCALL	0x02
#define AMF_REPEAT	0x04
#define AMF_SIGMSG	0x08
#define AMF_NOWRITE	0x10
#define AMF_ABORT	0x20

struct asyncmsg {
	struct sysmsg	am_sm;		/* first: its lwkt_msg is the message */
	LIST_ENTRY(asyncmsg) am_link;	/* [c] p_async hash chain */
	TAILQ_ENTRY(asyncmsg) am_upq;	/* [c] p_upcalls */
	TAILQ_ENTRY(asyncmsg) am_sigq;	/* [c] p_sigmsgs */
	struct proc	*am_proc;	/* [I] the sender */
	int		am_port;	/* [I] the reply port's handle */
	int		am_state;	/* [c] AM_* */
	int		am_flags;	/* [c] AMF_* */
	struct thread	*am_worker;	/* [c] while AM_RUNNING */
	int		am_error;	/* [c] a fired continuation's error */
	int		am_upcalls;	/* [c] upcalls owed */
	int		am_returned;	/* [c] returns not seen by waitsys */
	uint32_t	am_nreturns;	/* [c] returns so far (repeating) */
	uint32_t	am_sigset;	/* [I] sigmsg: the signals watched */
	uint32_t	am_sigpending;	/* [c] sigmsg: caught, not returned */
	uint64_t	am_expired;	/* [c] timermsg: periods elapsed */
	uint64_t	am_deadline;	/* [I] nanosleep: the tick it ends */
	int64_t		am_ns;		/* [I] nanosleep: the duration */
	int		am_period;	/* [I] timermsg: ticks */
	int		am_kmem;	/* [I] bytes counted in async_kmem */
	struct callout	am_callout;	/* [c] nanosleep, timermsg */
	struct uio	am_hdr;		/* [I] the user's header, held */
	struct uio	am_out;		/* [I] continuations: the user memory
					 * they write (rmtp; a disk transfer's
					 * buffer), held */
	struct file	*am_fp;		/* [I] disk transfer: referenced */
	struct dev_strategy_msg am_bio;	/* [o] disk pread/pwrite: the
					 * transfer (kern_asyncwait.c) */
	struct sysargs	*am_args;	/* [I] a call for a worker: its user
					 * arguments, taken at send
					 * (sys/sysargs.h); else NULL */
};
_Static_assert(offsetof(struct asyncmsg, am_sm) == 0 &&
    offsetof(struct sysmsg, sm_lmsg) == 0, "the message comes first");

#define AM_ARGS(am, name)	(&(am)->am_sm.sm_args.name)
#define AHASH(umsg)		(((umsg) >> 5) & (ASYNC_HASH - 1))

extern struct lwkt_port async_replyport;	/* kern_async.c */

/* kern_async.c */
struct asyncmsg *async_find(struct proc *p, vm_offset_t umsg);
void	async_complete(struct asyncmsg *am, int error, bool notify);
void	async_writeback(struct asyncmsg *am, int error, int64_t result);
void	async_notify(struct asyncmsg *am);
void	async_free(struct asyncmsg *am);
void	async_queue(struct asyncmsg *am);
void	async_fire(struct asyncmsg *am);
void	async_arm(struct asyncmsg *am);
bool	sysport_ok(struct proc *p, int port);

/* kern_asynclimit.c */
extern int async_max;
void	async_limit_init(void);
void	async_limit_proc_init(struct proc *p, struct proc *parent);
int	async_slot(struct proc *p, uint32_t flags);
void	async_slot_free(struct proc *p);
void	async_kmem_add(struct asyncmsg *am, int bytes);
void	async_kmem_sub(int bytes);

/* kern_asyncwait.c: start a call of class SYSASYNC_WAIT (EASYNC once
 * armed, or the call's result), return a repeating message once more,
 * let go of what a continuation held; a disk transfer for pread/pwrite. */
int	async_wait_start(struct asyncmsg *am);
void	async_repeat_return(struct asyncmsg *am);
void	async_wait_finish(struct asyncmsg *am, int error);
bool	async_disk_call(const struct sysmsg *sm);
int	async_disk_try(struct asyncmsg *am);
void	async_wait_init(void);

#endif /* !_SYS_ASYNCMSG_H_ */
