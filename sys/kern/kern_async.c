/*
 * kern_async.c - asynchronous system-call messages (sys/sysmsg.h has the
 * user's view: ports, EASYNC, waitsys, abort, limits, upcalls).
 *
 * THE MODEL.  A user message sent with SMF_ASYNC becomes a struct
 * asyncmsg: a kernel copy of the header and arguments (a struct sysmsg,
 * whose LWKT message is what travels), plus everything the call will need
 * once the caller has gone back to user mode.  sendsys builds it in the
 * caller's context (phase 1) and calls the call's start function, which
 * copies in what the call reads (a path, a timespec) and resolves and
 * holds, as a UIO_VMOBJECT uio, every user page the call will write (the
 * read buffer, the stat buffer) or read (the write buffer).  The user's
 * header is held the same way.  From then on nothing touches the
 * caller's address space: results reach user memory through the held
 * pages and the per-CPU temporary mappings, from whatever thread finishes
 * the call.
 *
 * WHERE CALLS RUN.  Two ways, chosen per call (async_calls[] below):
 *
 *   workers      a call that must block in the middle of kernel code
 *                (read, write, open, stat, wait4) is sent to
 *                async_workport, a spin port served by ASYNC_NWORKERS
 *                kernel threads started at boot.  A worker runs the call
 *                on kernel data for the process (td_proc = the caller's
 *                process, but the kernel's page directory: a stray
 *                copyin would fault and fail, never read another
 *                address space), then replies.  ASYNC_NWORKERS always
 *                exist; while calls block, spares are started (up to
 *                ASYNC_MAXWORKERS) so that queued calls still run.
 *   continuations a call that only waits (nanosleep, timermsg, sigmsg)
 *                arms a callout or joins the process's signal-message
 *                list and holds no thread: a thousand sleeping messages
 *                cost a thousand callouts.  When it fires, the message
 *                is forwarded to async_workport, and a worker completes
 *                it (callouts run in the clock interrupt, which must not
 *                use the temporary mappings).
 *
 *   device messages  a pread or pwrite of a disk (an SI_DISK device or
 *                a partition) holds no thread at all: async_disk_start()
 *                sends the disk a strategy message (am_bio, whose data is
 *                the held buffer) in the caller's context, with
 *                async_bioport as its reply port; the driver starts the
 *                transfer and replies from its interrupt message's
 *                handler, and async_bio_done(), the reply port's
 *                function, completes the call right there, in the
 *                driver's thread (below).  Between the send and the
 *                reply nothing runs for the call but the hardware.
 *                kern.async_direct counts these transfers.  (A read or
 *                write of a disk at the file offset still goes to a
 *                worker: it moves f_offset, which the worker's VFS call
 *                does under the file's rules.)
 *
 * Calls that never block (getpid, lseek, fstat, uname, getrusage, umask,
 * fchmod, ...) are run at once in the caller and complete
 * synchronously; calls that make no sense asynchronously (fork, execve,
 * brk, ...) are EOPNOTSUPP, and so, for now, are the calls that change
 * names or attributes by path (mkdir, unlink, rename, chmod and their
 * *at forms, utimensat): the lookups that only read (open, stat and
 * their *at forms) have asynchronous forms.
 *
 * HOW RESULTS COME BACK.  A finished call is replied with
 * lwkt_replymsg() to async_replyport, a reply-only port whose function,
 * async_replied(), runs in the replier's thread: it lets the call store
 * its outputs (async_calls[].ac_finish), writes sm_error and sm_result and
 * then SMF_DONE into the user's header, lets go of the held pages, and
 * notifies the user port: waitsys sleepers wake, and an upcall is queued
 * on p_upcalls for SYSPORT_UPCALL* ports (delivered by userret()).
 * A disk transfer's reply comes to async_bioport first: async_bio_done()
 * turns the strategy message's a_resid into the call's result and
 * replies the call's own message, so the same async_replied() does the
 * rest, in the driver's thread.  One exception: if the call holds the
 * last reference to the file (the program closed its descriptor while
 * the transfer was out), letting go of it closes the device, which
 * sends the driver a message, and the driver's own thread must not wait
 * for itself: then the message is forwarded to a worker, which replies.
 * Repeating messages (sigmsg, timermsg) are returned by
 * async_repeat_return() instead, without being replied, until aborted.
 *
 * ABORT.  abortmsg() is lwkt_abortmsg(): a message still queued for a
 * worker is taken off the queue and replied ECANCELED at once; otherwise
 * async_abortfn() runs: a worker running the call gets TDF_ABORT and its
 * interruptible sleep is ended (every blocking point of an asynchronous
 * call sleeps with PCATCH); an armed continuation is stopped and fired
 * with ECANCELED; a disk transfer's strategy message is aborted in turn
 * (lwkt_abortmsg): still queued at the driver, it is taken back and
 * replied ECANCELED; already started, it finishes and the call replies
 * with its result.  A call that finished first replies with its result.
 *
 * EXIT AND EXEC.  async_rundown() aborts every message of the process,
 * marks it never to write to user memory again, drops undelivered
 * upcalls, and sleeps until every slot is back: the callouts are stopped
 * at once and the workers reach their next safe point promptly.  Nothing
 * completes into a dead or replaced address space.
 *
 * LOCKING: one CPU; the lists and counters ([c]) are changed inside
 * critical sections, because callouts (in the clock interrupt) fire
 * messages too.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/file.h>
#include <sys/uio.h>
#include <sys/proc.h>
#include <sys/msgport.h>
#include <sys/thread.h>
#include <sys/callout.h>
#include <sys/sysmsg.h>
#include <sys/sysent.h>
#include <sys/sysctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/vnode.h>
#include <sys/nlookup.h>
#include <sys/fcntl.h>
#include <sys/globaldata.h>
#include <sys/device.h>
#include <machine/pmap.h>
#include <machine/frame.h>
#include <vm/vm_page.h>
#include <vm/vm_map.h>

MALLOC_DEFINE(M_ASYNC, "async", "asynchronous system-call messages");

#define ASYNC_NWORKERS	8		/* kernel threads running calls */
#define ASYNC_MAXWORKERS 128		/* more while calls block */
#define ASYNC_IO_MAX	(4 * 1024 * 1024) /* bytes one read/write holds */

int async_max = 4096;			/* kern.async_max */
static int async_kmem_max;		/* kern.async_kmem_max (async_init) */
static int async_inflight;		/* [c] slots held, all processes */
static int async_kmem;			/* [c] kernel bytes they pin */
static int async_workers;		/* [c] workers alive */
static int async_idle;			/* [c] workers waiting for work */
static struct lwkt_port async_workport;	/* work for the workers */
static struct lwkt_port async_replyport; /* replies: async_replied() */
static struct lwkt_port async_bioport;	/* disk transfers: async_bio_done() */
static int async_direct;		/* [c] disk transfers sent, no worker */

/* Message states (am_state). */
enum {
	AM_NEW,		/* being started by sendsys */
	AM_QUEUED,	/* on async_workport, or just taken by a worker */
	AM_RUNNING,	/* a worker runs the call */
	AM_ARMED,	/* a continuation waits: callout or signal */
	AM_FIRED,	/* forwarded to the workers to be returned */
	AM_DEVICE,	/* its strategy message (am_bio) is at a disk */
};

/* Message flags (am_flags). */
#define AMF_INFLIGHT	0x01	/* on p_async */
#define AMF_UPCALL	0x02	/* on p_upcalls */
#define AMF_REPEAT	0x04	/* sigmsg, timermsg: returned many times */
#define AMF_SIGMSG	0x08	/* on p_sigmsgs */
#define AMF_NOWRITE	0x10	/* rundown: never write user memory again */
#define AMF_ABORT	0x20	/* abortmsg was called */

struct asyncmsg;

/* How one call runs asynchronously. */
struct async_call {
	int	ac_cmd;
	/* In the caller: check and copy in the arguments, hold what the
	 * call writes.  Returns EASYNC once the call is queued or armed, or
	 * the call's error if it finished (or failed) at once. */
	int	(*ac_start)(struct asyncmsg *);
	/* In a worker: the call itself, on kernel data. */
	int	(*ac_run)(struct asyncmsg *);
	/* In the replier: store outputs in the held pages (unless
	 * AMF_NOWRITE) and let go of what start took. */
	void	(*ac_finish)(struct asyncmsg *, int error);
};

struct asyncmsg {
	struct sysmsg	am_sm;		/* first: its lwkt_msg is the message */
	LIST_ENTRY(asyncmsg) am_link;	/* [c] p_async hash chain */
	TAILQ_ENTRY(asyncmsg) am_upq;	/* [c] p_upcalls */
	TAILQ_ENTRY(asyncmsg) am_sigq;	/* [c] p_sigmsgs */
	const struct async_call *am_call; /* [I] */
	struct proc	*am_proc;	/* [I] the sender */
	int		am_port;	/* [I] the reply port's handle */
	int		am_state;	/* [c] AM_* */
	int		am_flags;	/* [c] AMF_* */
	thread_t	am_worker;	/* [c] while AM_RUNNING */
	int		am_error;	/* [c] a fired continuation's error */
	int		am_upcalls;	/* [c] upcalls owed */
	int		am_returned;	/* [c] returns not seen by waitsys */
	uint32_t	am_nreturns;	/* [c] returns so far (repeating) */
	uint32_t	am_sigset;	/* [I] sigmsg: the signals watched */
	uint32_t	am_sigpending;	/* [c] sigmsg: caught, not returned */
	uint64_t	am_expired;	/* [c] timermsg: periods elapsed */
	uint64_t	am_deadline;	/* [I] nanosleep: the tick it ends */
	int		am_period;	/* [I] timermsg: ticks */
	int		am_kmem;	/* [I] bytes counted in async_kmem */
	struct callout	am_callout;	/* [c] nanosleep, timermsg */
	struct uio	am_hdr;		/* [I] the user's header, held */
	struct uio	am_out;		/* [I] the buffer the call uses, held */
	struct file	*am_fp;		/* [I] read/write: referenced */
	size_t		am_len;		/* [I] read/write: bytes held */
	size_t		am_nbyte;	/* [I] read/write: bytes asked for */
	char		*am_path;	/* [I] open/stat: copied in */
	struct dev_strategy_msg am_bio;	/* [o] disk pread/pwrite: the
					 * transfer (async_disk_start) */
};
_Static_assert(offsetof(struct asyncmsg, am_sm) == 0 &&
    offsetof(struct sysmsg, sm_lmsg) == 0, "the message comes first");

#define AM_ARGS(am, name)	(&(am)->am_sm.sm_args.name)

static void	async_fire(struct asyncmsg *am);
static void	async_free(struct asyncmsg *am);

/* ---- sysctls ----------------------------------------------------------- */

static int
sysctl_async_max(int *val, bool write)
{
	if (!write) {
		*val = async_max;
		return (0);
	}
	if (*val < 1 || *val > 1000000)
		return (EINVAL);
	async_max = *val;
	wakeup(&async_inflight);	/* slot waiters look again */
	return (0);
}
SYSCTL_PROC(kern_async_max, "kern.async_max", sysctl_async_max,
    CTLFLAG_RW | CTLFLAG_LIMIT,
    "asynchronous messages in flight, whole system (set by init or at boot)");

/*
 * kern.async_kmem_max: the kernel memory all messages in flight may pin
 * (the async_kmem count: messages, page lists, path buffers).  Default an
 * eighth of what kmalloc can ever have; at most half of it, whatever init
 * says, so that no setting lets messages take the kernel's memory.
 */
static int
sysctl_async_kmem_max(int *val, bool write)
{
	if (!write) {
		*val = async_kmem_max;
		return (0);
	}
	if (*val < 4096 || (size_t)*val > kmalloc_capacity() / 2)
		return (EINVAL);
	async_kmem_max = *val;
	wakeup(&async_inflight);
	return (0);
}
SYSCTL_PROC(kern_async_kmem_max, "kern.async_kmem_max", sysctl_async_kmem_max,
    CTLFLAG_RW | CTLFLAG_LIMIT,
    "kernel memory (bytes) messages in flight may pin (set by init or at boot)");
SYSCTL_INT(kern_async_inflight, "kern.async_inflight", &async_inflight,
    CTLFLAG_RD, "asynchronous messages in flight now");
SYSCTL_INT(kern_async_kmem, "kern.async_kmem", &async_kmem, CTLFLAG_RD,
    "kernel memory (bytes) pinned by messages in flight");
SYSCTL_INT(kern_async_workers, "kern.async_workers", &async_workers,
    CTLFLAG_RD, "threads running asynchronous calls");
SYSCTL_INT(kern_async_direct, "kern.async_direct", &async_direct,
    CTLFLAG_RD, "asynchronous disk transfers sent to the driver directly "
    "(no worker thread), since boot");

static int
sysctl_async_self(int *val, bool write)
{
	if (write)
		return (EPERM);
	*val = curproc != NULL ? curproc->p_async_count : 0;
	return (0);
}
SYSCTL_PROC(kern_async_self, "kern.async_self", sysctl_async_self,
    CTLFLAG_RD, "the caller's asynchronous messages in flight");

/* ---- small pieces ------------------------------------------------------ */

#define AHASH(umsg)	(((umsg) >> 5) & (ASYNC_HASH - 1))

/* The in-flight message of p at user address umsg, or NULL.  [c] */
static struct asyncmsg *
async_find(struct proc *p, vm_offset_t umsg)
{
	struct asyncmsg *am;

	LIST_FOREACH(am, &p->p_async[AHASH(umsg)], am_link) {
		if (am->am_sm.sm_umsg == umsg)
			return (am);
	}
	return (NULL);
}

/* Is handle port open in p? */
static inline bool
sysport_ok(struct proc *p, int port)
{
	return ((unsigned)port <= SYSPORT_MAX && p->p_ports[port].sp_open);
}

/*
 * Write n bytes at byte off of a held UIO_VMOBJECT buffer, through the
 * temporary mapping.  Any thread; never blocks.
 */
static void
held_write(struct uio *uio, size_t off, const void *src, size_t n)
{
	const char *s = src;
	int i;

	for (i = 0; i < uio->uio_vmcnt && n > 0; i++) {
		struct vm_iovec *vi = &uio->uio_vmiov[i];
		size_t chunk;
		char *d;

		if (off >= vi->vi_len) {
			off -= vi->vi_len;
			continue;
		}
		chunk = MIN(n, vi->vi_len - off);
		crit_enter();
		d = (char *)pmap_tmpmap(1, VM_PAGE_TO_PHYS(vi->vi_page)) +
		    vi->vi_pgoff + off;
		memcpy(d, s, chunk);
		crit_exit();
		s += chunk;
		n -= chunk;
		off = 0;
	}
}

/* Hold [uaddr, uaddr + len) of the sender for the call to fill; EFAULT
 * unless all of it could be. */
static int
async_hold_out(struct asyncmsg *am, const void *uaddr, size_t len)
{
	int error;

	error = uio_hold_user(&am->am_out, am->am_proc->p_vmspace,
	    (void *)uaddr, len, 0, UIO_READ);
	if (error == 0 && am->am_out.uio_resid != len)
		error = EFAULT;
	return (error);
}

/* Phase 3 for an asynchronous message: result, then the flags. */
static void
async_writeback(struct asyncmsg *am, int error, int64_t result)
{
	uint16_t flags = (am->am_sm.sm_hdr.sm_flags & SMF_INMASK) | SMF_DONE;
	/* sm_error and sm_result are adjacent: one write through the
	 * temporary mapping for both. */
	char out[sizeof(int32_t) + sizeof(int64_t)];
	int32_t err = error;

	_Static_assert(offsetof(struct sysmsg_hdr, sm_result) ==
	    offsetof(struct sysmsg_hdr, sm_error) + sizeof(int32_t),
	    "sm_result follows sm_error");
	struct uio *uio = &am->am_hdr;

	if (am->am_flags & AMF_NOWRITE)
		return;
	memcpy(out, &err, sizeof(err));
	memcpy(out + sizeof(err), &result, sizeof(result));
	if (uio->uio_vmcnt == 1 && uio->uio_vmiov[0].vi_pgoff +
	    sizeof(struct sysmsg_hdr) <= PAGE_SIZE) {
		/* The header in one page (nearly always): map it once. */
		struct vm_iovec *vi = &uio->uio_vmiov[0];
		char *h;

		crit_enter();
		h = (char *)pmap_tmpmap(1, VM_PAGE_TO_PHYS(vi->vi_page)) +
		    vi->vi_pgoff;
		memcpy(h + offsetof(struct sysmsg_hdr, sm_error), out,
		    sizeof(out));
		__asm__ __volatile__("" ::: "memory");	/* x86 stores stay in
							 * order */
		memcpy(h + offsetof(struct sysmsg_hdr, sm_flags), &flags,
		    sizeof(flags));
		crit_exit();
		return;
	}
	held_write(uio, offsetof(struct sysmsg_hdr, sm_error), out,
	    sizeof(out));
	__asm__ __volatile__("" ::: "memory");	/* x86 stores stay in order */
	held_write(uio, offsetof(struct sysmsg_hdr, sm_flags), &flags,
	    sizeof(flags));
}

/* Tell the reply port that am came back: waitsys, upcalls.  [c] */
static void
async_notify(struct asyncmsg *am)
{
	struct proc *p = am->am_proc;
	struct sysport *sp = &p->p_ports[am->am_port];

	if (am->am_flags & AMF_NOWRITE)
		return;
	sp->sp_returned++;
	am->am_returned++;
	wakeup(sp);
	wakeup(am);
	if (sp->sp_mode != SYSPORT_QUEUE) {
		am->am_upcalls++;
		if (!(am->am_flags & AMF_UPCALL)) {
			am->am_flags |= AMF_UPCALL;
			TAILQ_INSERT_TAIL(&p->p_upcalls, am, am_upq);
		}
	}
}

/*
 * Take a slot for p: wait at a limit (or EAGAIN with SMF_NOBLOCK).  The
 * limits are the process's RLIMIT_ASYNC, kern.async_max and
 * kern.async_kmem_max (a message is let in while the memory pinned is
 * below the bound, so the total passes it by one message at most).
 */
static int
async_slot(struct proc *p, uint32_t flags)
{
	int error = 0;

	crit_enter();
	while (p->p_async_count >= p->p_async_limit ||
	    async_inflight >= async_max || async_kmem >= async_kmem_max) {
		/* Nothing of ours in flight to free a slot: never wait. */
		if ((flags & SMF_NOBLOCK) || (p->p_async_count == 0 &&
		    p->p_async_count >= p->p_async_limit)) {
			error = EAGAIN;
			break;
		}
		error = tsleep(&async_inflight, PCATCH, "asyncmax", 0);
		if (error)
			break;
	}
	if (error == 0) {
		p->p_async_count++;
		async_inflight++;
	}
	crit_exit();
	return (error);
}

/* Give back a slot async_slot() took, for a message never made. */
static void
async_slot_free(struct proc *p)
{
	crit_enter();
	p->p_async_count--;
	async_inflight--;
	wakeup(&async_inflight);
	if (p->p_async_count == 0)
		wakeup(&p->p_async_count);	/* async_rundown() */
	crit_exit();
}

/* Let go of a message that is neither in flight nor owed an upcall. */
static void
async_free(struct asyncmsg *am)
{
	struct proc *p = am->am_proc;

	KASSERT(!(am->am_flags & (AMF_INFLIGHT | AMF_UPCALL | AMF_SIGMSG)),
	    ("async_free: message still linked (0x%x)", am->am_flags));
	uio_release(&am->am_out);
	uio_release(&am->am_hdr);
	if (am->am_path != NULL)
		kfree(am->am_path, M_ASYNC);
	crit_enter();
	async_kmem -= am->am_kmem;
	crit_exit();
	async_slot_free(p);
	kfree(am, M_ASYNC);
}

/* Unlink am from the in-flight table.  [c] */
static void
async_unlink(struct asyncmsg *am)
{
	if (am->am_flags & AMF_INFLIGHT) {
		LIST_REMOVE(am, am_link);
		am->am_flags &= ~AMF_INFLIGHT;
		am->am_proc->p_ports[am->am_port].sp_inflight--;
	}
	if (am->am_flags & AMF_SIGMSG) {
		TAILQ_REMOVE(&am->am_proc->p_sigmsgs, am, am_sigq);
		am->am_flags &= ~AMF_SIGMSG;
	}
}

/*
 * The end of a message: outputs, phase 3, notification, and freeing
 * (unless an upcall is owed).  notify is false for a call that finished
 * inside sendsys: its caller learns the result from sendsys itself.
 */
static void
async_complete(struct asyncmsg *am, int error, bool notify)
{
	crit_enter();
	async_unlink(am);
	crit_exit();
	if (am->am_call->ac_finish != NULL)
		am->am_call->ac_finish(am, error);
	async_writeback(am, error, am->am_sm.sm_retval);
	crit_enter();
	wakeup(am);
	if (notify)
		async_notify(am);
	if (!(am->am_flags & AMF_UPCALL)) {
		crit_exit();
		async_free(am);
		return;
	}
	/* Freed once the upcall is delivered; the pages can go now. */
	crit_exit();
	uio_release(&am->am_out);
	uio_release(&am->am_hdr);
}

/* async_replyport's function: a message came back. */
static void
async_replied(lwkt_msg_t msg)
{
	async_complete((struct asyncmsg *)msg, msg->ms_error, true);
}

/* A continuation's event: hand am to a worker to return it.  [c], any
 * context (the clock interrupt included). */
static void
async_fire(struct asyncmsg *am)
{
	if (am->am_state == AM_FIRED)
		return;			/* already on its way */
	am->am_state = AM_FIRED;
	lwkt_forwardmsg(&async_workport, &am->am_sm.sm_lmsg);
}

/* Park am as an armed continuation: in flight, on no queue.  [c] */
static void
async_arm(struct asyncmsg *am)
{
	lwkt_msg_t msg = &am->am_sm.sm_lmsg;

	msg->ms_flags &= ~(MSGF_DONE | MSGF_REPLY);
	msg->ms_target_port = &async_workport;
	am->am_state = AM_ARMED;
}

/*
 * Queue am for a worker.  The worker is made runnable but does not
 * preempt the sender: it runs when the sender blocks (waitsys) or uses
 * up its quantum, so a batch of sends costs one switch, not one each.
 */
static int
async_queue(struct asyncmsg *am)
{
	crit_enter();
	am->am_state = AM_QUEUED;
	lwkt_sendmsg(&async_workport, &am->am_sm.sm_lmsg);
	atomic_clear_int(&mycpu->gd_reqflags, RQF_AST_LWKT_RESCHED);
	crit_exit();
	return (EASYNC);
}

/* lwkt_abortmsg() hook: am is not queued anywhere and not done.  [c] */
static void
async_abortfn(lwkt_msg_t msg)
{
	struct asyncmsg *am = (struct asyncmsg *)msg;

	am->am_flags |= AMF_ABORT;
	switch (am->am_state) {
	case AM_RUNNING:
		/* am_worker is cleared, in a critical section, only after
		 * the call returned; then the reply is near: nothing to do. */
		if (am->am_worker != NULL) {
			am->am_worker->td_flags |= TDF_ABORT;
			tsleep_interrupt(am->am_worker);
		}
		break;
	case AM_DEVICE:
		/* Queued at the driver: replied ECANCELED now (through
		 * async_bio_done, which may free am).  Started: it ends with
		 * its result. */
		lwkt_abortmsg(&am->am_bio.a_head.dm_msg);
		break;
	case AM_ARMED:
		callout_stop(&am->am_callout);
		if (am->am_flags & AMF_SIGMSG) {
			TAILQ_REMOVE(&am->am_proc->p_sigmsgs, am, am_sigq);
			am->am_flags &= ~AMF_SIGMSG;
		}
		am->am_error = ECANCELED;
		async_fire(am);
		break;
	default:
		break;		/* a worker took it: it sees AMF_ABORT */
	}
}

/* Return a repeating message once more (a worker, [c]). */
static void
async_repeat_return(struct asyncmsg *am)
{
	int64_t result;

	am->am_nreturns++;
	if (am->am_flags & AMF_SIGMSG) {
		int sig = __builtin_ctz(am->am_sigpending) + 1;

		am->am_sigpending &= ~sigmask(sig);
		result = (int64_t)sig | ((int64_t)am->am_nreturns << 32);
	} else {
		result = (int64_t)am->am_expired;
	}
	am->am_sm.sm_retval = result;
	async_writeback(am, 0, result);
	async_notify(am);
	am->am_state = AM_ARMED;
	if ((am->am_flags & AMF_SIGMSG) && am->am_sigpending != 0)
		async_fire(am);		/* more caught meanwhile */
}

/* ---- the workers ------------------------------------------------------- */

/* A spare worker waiting for work: on its stack, on async_spares. */
struct async_spare {
	LIST_ENTRY(async_spare) as_link; /* [c] async_spares */
	thread_t	as_td;		/* [I] the spare */
	bool		as_retired;	/* [c] off the list, told to end */
};

static LIST_HEAD(, async_spare) async_spares =	/* [c] idle spares */
    LIST_HEAD_INITIALIZER(async_spares);

static void	async_worker(void *arg);
static void	async_index_init(void);
static void	async_bio_done(lwkt_msg_t msg);

/* Start one more worker, a spare unless at boot.  Thread context. */
static void
async_spawn(bool spare)
{
	thread_t td = lwkt_create(async_worker, spare ? (void *)1 : NULL,
	    TDPRI_KERN, "asyncw");

	td->td_cr3 = kernel_pd_phys;	/* no user space at all */
}

/*
 * End an idle spare: it no longer counts as a worker, and its wait for
 * work is interrupted (it may have been woken for a message first: then
 * it runs that one and ends after it).  [c]
 */
static void
async_retire(struct async_spare *as)
{
	LIST_REMOVE(as, as_link);
	as->as_retired = true;
	async_idle--;
	async_workers--;
	as->as_td->td_flags |= TDF_ABORT;
	tsleep_interrupt(as->as_td);
}

/*
 * The ASYNC_NWORKERS workers started at boot run for ever.  A call may
 * block for ever (a pipe nobody writes), so a worker that starts a call
 * when no other worker is idle first starts a spare (up to
 * ASYNC_MAXWORKERS): blocked calls never hold up the calls queued behind
 * them (another process's, or the write that would unblock them).
 *
 * A spare ends after one message.  One that never gets any (it was
 * started for the worst case) is retired by the next boot worker that
 * goes idle, which makes it surplus.  So once the calls are over, the
 * workers left are the boot workers themselves, not whichever threads
 * happened to finish last: the thread structures and stacks of the
 * spares all go back, and kmalloc's slabs are as they were.  (When any
 * worker could end, a burst left spares' structures alive in new slab
 * pages and freed boot workers' from old ones: the same bytes, 1-3 more
 * pages.)
 */
static void
async_worker(void *arg)
{
	thread_t td = curthread;
	bool spare = arg != NULL;
	struct async_spare as = { .as_td = td };

	for (;;) {
		struct async_spare *idle;
		lwkt_msg_t msg;
		struct asyncmsg *am;
		bool spawn;
		int error;

		crit_enter();
		async_idle++;
		if (spare)
			LIST_INSERT_HEAD(&async_spares, &as, as_link);
		else if ((idle = LIST_FIRST(&async_spares)) != NULL)
			async_retire(idle);
		crit_exit();
		msg = lwkt_waitport(&async_workport, spare ? PCATCH : 0);
		crit_enter();
		if (as.as_retired) {
			/* Counted out already.  Its TDF_ABORT must not reach
			 * the call it may have taken. */
			td->td_flags &= ~TDF_ABORT;
			if (msg == NULL) {
				crit_exit();
				lwkt_exit();
			}
		} else {
			if (spare)
				LIST_REMOVE(&as, as_link);
			async_idle--;
		}
		KASSERT(msg != NULL, ("async_worker: interrupted wait"));
		am = (struct asyncmsg *)msg;
		if (am->am_state == AM_FIRED) {
			if ((am->am_flags & (AMF_REPEAT | AMF_ABORT)) ==
			    AMF_REPEAT && am->am_error == 0) {
				async_repeat_return(am);
				crit_exit();
			} else {
				crit_exit();
				lwkt_replymsg(msg, am->am_error);
			}
			if (spare)
				break;
			continue;
		}
		am->am_state = AM_RUNNING;
		am->am_worker = td;
		td->td_proc = am->am_proc;
		spawn = async_idle == 0 && async_workers < ASYNC_MAXWORKERS;
		if (spawn)
			async_workers++;
		crit_exit();
		if (spawn)
			async_spawn(true);
		if (am->am_flags & AMF_ABORT)
			error = ECANCELED;
		else
			error = am->am_call->ac_run(am);
		crit_enter();
		if (error == EINTR && (am->am_flags & AMF_ABORT))
			error = ECANCELED;
		td->td_flags &= ~TDF_ABORT;
		td->td_proc = NULL;
		am->am_worker = NULL;
		crit_exit();
		lwkt_replymsg(msg, error);
		if (spare)
			break;
	}
	crit_enter();
	if (!as.as_retired)
		async_workers--;
	crit_exit();
	lwkt_exit();
}

/* At boot: the ports and the worker threads. */
void
async_init(void)
{
	int i;

	async_index_init();
	async_kmem_max = (int)(kmalloc_capacity() / 8);
	lwkt_initport_spin(&async_workport);
	lwkt_initport_replyonly(&async_replyport, async_replied);
	lwkt_initport_replyonly(&async_bioport, async_bio_done);
	for (i = 0; i < ASYNC_NWORKERS; i++) {
		async_spawn(false);
		async_workers++;
	}
}

/* ---- the calls --------------------------------------------------------- */

/* nanosleep: a callout. */
static void
async_sleep_done(void *arg)
{
	async_fire(arg);
}

static int
async_nanosleep_start(struct asyncmsg *am)
{
	const struct nanosleep_args *uap = AM_ARGS(am, nanosleep);
	struct timespec rq;
	int64_t ns;
	uint64_t deadline, n;
	int error;

	error = copyin(uap->rqtp, &rq, sizeof(rq));
	if (error)
		return (error);
	if ((error = timespec_to_duration(&rq, &ns)) != 0)
		return (error);
	if (uap->rmtp != NULL && (error = async_hold_out(am, uap->rmtp,
	    sizeof(struct timespec))) != 0)
		return (error);
	if (ns == 0)
		return (0);
	crit_enter();
	deadline = time_deadline(ns);
	n = deadline > ticks ? deadline - ticks : 1;
	if (n > 0x7fffffff)
		n = 0x7fffffff;
	am->am_deadline = ticks + n;
	am->am_error = 0;
	async_arm(am);
	callout_reset(&am->am_callout, (int)n, async_sleep_done, am);
	crit_exit();
	return (EASYNC);
}

static void
async_nanosleep_finish(struct asyncmsg *am, int error)
{
	struct timespec left;
	uint64_t now = ticks;
	int64_t ns;

	callout_stop(&am->am_callout);
	if (error != ECANCELED || am->am_out.uio_vmcnt == 0)
		return;
	ns = now < am->am_deadline ?
	    (int64_t)(am->am_deadline - now) * (NSEC_PER_SEC / hz) : 0;
	left.tv_sec = (time_t)(ns / NSEC_PER_SEC);
	left.tv_nsec = (long)(ns % NSEC_PER_SEC);
	if (!(am->am_flags & AMF_NOWRITE))
		held_write(&am->am_out, 0, &left, sizeof(left));
}

/*
 * A pread or pwrite of disk dev at off, its buffer held whole in
 * am_out: the request is checked and clipped as a synchronous one is
 * (dev_strategy_clip: EINVAL, 0 at the end, ENOSPC), then am_bio goes
 * to the disk's port with async_bioport to reply to, and no thread
 * waits for it.  The call's own message is in flight meanwhile (not
 * done, aimed at async_bioport, so lwkt_abortmsg() reaches
 * async_abortfn).  Returns EASYNC once sent (the reply may already have
 * completed and freed am: it is not touched after the send), or the
 * call's result (0 bytes, or an error).
 */
static int
async_disk_start(struct asyncmsg *am, struct file *fp, struct cdev *dev,
    off_t off, bool rd)
{
	lwkt_msg_t msg = &am->am_sm.sm_lmsg;
	int bio_cmd = rd ? BIO_READ : BIO_WRITE;
	size_t len = am->am_len;
	int error;

	error = dev_strategy_clip(dev, bio_cmd, off, &len);
	if (error != 0 || len == 0)
		return (error);		/* sm_retval is 0 */
	am->am_out.uio_resid = len;	/* across the end: what fits */
	fhold(fp);
	am->am_fp = fp;
	crit_enter();
	msg->ms_flags &= ~(MSGF_DONE | MSGF_REPLY);
	msg->ms_target_port = &async_bioport;
	am->am_state = AM_DEVICE;
	async_direct++;
	error = dev_dstrategy_send(dev, &am->am_bio, bio_cmd, off, &am->am_out,
	    &async_bioport);
	if (error != 0) {
		/* The device is gone: nothing was sent. */
		async_direct--;
		am->am_state = AM_NEW;
		msg->ms_flags |= MSGF_DONE;
		crit_exit();
		return (error);
	}
	/* As async_queue: a driver thread made runnable does not preempt
	 * the sender, so a batch of sends costs one switch. */
	atomic_clear_int(&mycpu->gd_reqflags, RQF_AST_LWKT_RESCHED);
	crit_exit();
	return (EASYNC);
}

/*
 * async_bioport's function: a disk transfer came back, in the driver's
 * thread (or in the sender's, from a port that finished it at once).
 * The bytes moved are the call's result; the call's message is replied
 * to async_replyport, which writes the result into the user's header,
 * lets go of the held pages and the file, and wakes the waiters.  If the
 * call holds the file's last reference, a worker replies instead (see
 * HOW RESULTS COME BACK).
 */
static void
async_bio_done(lwkt_msg_t bmsg)
{
	struct asyncmsg *am = (struct asyncmsg *)((char *)bmsg -
	    offsetof(struct asyncmsg, am_bio));
	struct dev_strategy_msg *sm = &am->am_bio;
	size_t done = sm->a_bcount - sm->a_resid;
	int error;

	_Static_assert(offsetof(struct dev_strategy_msg, a_head) == 0 &&
	    offsetof(struct dev_msg, dm_msg) == 0, "the message comes first");
	KASSERT(am->am_state == AM_DEVICE && sm->a_resid <= sm->a_bcount,
	    ("%s: state %d, resid %zu of %zu", __func__, am->am_state,
	    sm->a_resid, sm->a_bcount));
	error = uio_partial_error(bmsg->ms_error, done);
	am->am_sm.sm_retval = (int64_t)done;
	crit_enter();
	if (am->am_fp->f_count == 1) {
		am->am_error = error;
		am->am_state = AM_FIRED;
		lwkt_forwardmsg(&async_workport, &am->am_sm.sm_lmsg);
	} else {
		lwkt_replymsg(&am->am_sm.sm_lmsg, error);
	}
	crit_exit();
}

/* read, write, pread, pwrite: the buffer is held whole at send. */
static int
async_io_start(struct asyncmsg *am)
{
	struct proc *p = am->am_proc;
	int cmd = am->am_sm.sm_lmsg.ms_cmd, fd, error;
	bool rd = cmd == SYS_read || cmd == SYS_pread;
	bool pos = cmd == SYS_pread || cmd == SYS_pwrite;
	void *buf;
	size_t nbyte;
	off_t off = 0;
	struct file *fp;
	struct cdev *dev;

	switch (cmd) {
	case SYS_read:
		fd = AM_ARGS(am, read)->fd;
		buf = AM_ARGS(am, read)->buf;
		nbyte = AM_ARGS(am, read)->nbyte;
		break;
	case SYS_write:
		fd = AM_ARGS(am, write)->fd;
		buf = (void *)AM_ARGS(am, write)->buf;
		nbyte = AM_ARGS(am, write)->nbyte;
		break;
	case SYS_pread:
		fd = AM_ARGS(am, pread)->fd;
		buf = AM_ARGS(am, pread)->buf;
		nbyte = AM_ARGS(am, pread)->nbyte;
		off = AM_ARGS(am, pread)->offset;
		break;
	default:
		fd = AM_ARGS(am, pwrite)->fd;
		buf = (void *)AM_ARGS(am, pwrite)->buf;
		nbyte = AM_ARGS(am, pwrite)->nbyte;
		off = AM_ARGS(am, pwrite)->offset;
		break;
	}
	fp = fget(p, fd, rd ? FREAD : FWRITE);
	if (fp == NULL)
		return (EBADF);
	if (nbyte > ASYNC_IO_MAX)
		return (EINVAL);
	if (pos && fp->f_type != DTYPE_VNODE)
		return (ESPIPE);
	if (pos && off < 0)
		return (EINVAL);
	if (nbyte == 0)
		return (0);
	error = uio_hold_user(&am->am_out, p->p_vmspace, buf, nbyte, off,
	    rd ? UIO_READ : UIO_WRITE);
	if (error)
		return (error);
	am->am_len = am->am_out.uio_resid;	/* less if the buffer has a hole */
	am->am_nbyte = nbyte;
	if (pos && am->am_len == nbyte && (dev = vn_disk(fp)) != NULL)
		return (async_disk_start(am, fp, dev, off, rd));
	if (am->am_out.uio_vmiov != am->am_out.uio_vmiov_inline) {
		am->am_kmem += am->am_out.uio_vmcnt * sizeof(struct vm_iovec);
		crit_enter();
		async_kmem += am->am_out.uio_vmcnt * sizeof(struct vm_iovec);
		crit_exit();
	}
	fhold(fp);
	am->am_fp = fp;
	return (async_queue(am));
}

static int
async_io_run(struct asyncmsg *am)
{
	struct uio *uio = &am->am_out;
	int cmd = am->am_sm.sm_lmsg.ms_cmd;
	int flags = (cmd == SYS_pread || cmd == SYS_pwrite) ? FOF_OFFSET : 0;
	size_t done;
	int error;

	if (uio->uio_rw == UIO_READ)
		error = am->am_fp->f_ops->fo_read(am->am_fp, uio, flags);
	else
		error = am->am_fp->f_ops->fo_write(am->am_fp, uio, flags);
	done = am->am_len - uio->uio_resid;
	am->am_sm.sm_retval = (int64_t)done;
	if (error == EINTR && done > 0)
		return (0);		/* aborted after some progress */
	if (error == 0 && uio->uio_resid == 0 && am->am_len < am->am_nbyte)
		error = EFAULT;		/* the hole the hold stopped at */
	return (uio_partial_error(error, done));
}

static void
async_io_finish(struct asyncmsg *am, int error __unused)
{
	if (am->am_fp != NULL) {
		fdrop(am->am_fp);
		am->am_fp = NULL;
	}
}

/* open, openat, stat, lstat, fstatat: the path is copied in at send (and
 * fstatat's flags checked); a relative path of the *at calls starts at
 * the descriptor as it is when the call runs. */
static int
async_path_start(struct asyncmsg *am)
{
	int cmd = am->am_sm.sm_lmsg.ms_cmd, error;
	const char *upath;
	void *usb = NULL;
	size_t len;

	switch (cmd) {
	case SYS_open:
		upath = AM_ARGS(am, open)->path;
		break;
	case SYS_openat:
		upath = AM_ARGS(am, openat)->path;
		break;
	case SYS_stat:
		upath = AM_ARGS(am, stat)->path;
		usb = AM_ARGS(am, stat)->sb;
		break;
	case SYS_lstat:
		upath = AM_ARGS(am, lstat)->path;
		usb = AM_ARGS(am, lstat)->sb;
		break;
	default:
		if (AM_ARGS(am, fstatat)->flag & ~AT_SYMLINK_NOFOLLOW)
			return (EINVAL);
		upath = AM_ARGS(am, fstatat)->path;
		usb = AM_ARGS(am, fstatat)->sb;
		break;
	}
	am->am_path = kmalloc(PATH_MAX, M_ASYNC, M_NOWAIT);
	if (am->am_path == NULL)
		return (ENOMEM);
	am->am_kmem += PATH_MAX;
	crit_enter();
	async_kmem += PATH_MAX;
	crit_exit();
	error = copyinstr(upath, am->am_path, PATH_MAX, &len);
	if (error)
		return (error);
	if (usb != NULL &&
	    (error = async_hold_out(am, usb, sizeof(struct stat))) != 0)
		return (error);
	return (async_queue(am));
}

static int
async_path_run(struct asyncmsg *am)
{
	struct stat st;
	int cmd = am->am_sm.sm_lmsg.ms_cmd, error, fd;

	if (cmd == SYS_open || cmd == SYS_openat) {
		if (cmd == SYS_open)
			error = kern_open(am->am_path, UIO_SYSSPACE,
			    AM_ARGS(am, open)->flags, AM_ARGS(am, open)->mode,
			    &fd);
		else
			error = kern_openat(AM_ARGS(am, openat)->fd,
			    am->am_path, UIO_SYSSPACE,
			    AM_ARGS(am, openat)->flags,
			    AM_ARGS(am, openat)->mode, &fd);
		if (error == 0)
			am->am_sm.sm_retval = fd;
		return (error);
	}
	if (cmd == SYS_fstatat)
		error = kern_statat(AM_ARGS(am, fstatat)->fd, am->am_path,
		    UIO_SYSSPACE, (AM_ARGS(am, fstatat)->flag &
		    AT_SYMLINK_NOFOLLOW) ? 0 : NLC_FOLLOW, &st);
	else
		error = kern_stat(am->am_path, UIO_SYSSPACE,
		    cmd == SYS_stat ? NLC_FOLLOW : 0, &st);
	if (error == 0 && !(am->am_flags & AMF_NOWRITE))
		held_write(&am->am_out, 0, &st, sizeof(st));
	return (error);
}

/* fsync: the file is held at send; the worker writes it out. */
static int
async_fsync_start(struct asyncmsg *am)
{
	struct file *fp = fget(am->am_proc, AM_ARGS(am, fsync)->fd, 0);

	if (fp == NULL)
		return (EBADF);
	if (fp->f_type != DTYPE_VNODE)
		return (EINVAL);
	fhold(fp);
	am->am_fp = fp;
	return (async_queue(am));
}

static int
async_fsync_run(struct asyncmsg *am)
{
	return (VOP_FSYNC(am->am_fp->f_data));
}

/* wait4: the status word is held at send. */
static int
async_wait4_start(struct asyncmsg *am)
{
	const struct wait4_args *uap = AM_ARGS(am, wait4);
	int error;

	if ((uap->options & ~WNOHANG) != 0 || uap->rusage != NULL)
		return (EINVAL);
	if (uap->status != NULL &&
	    (error = async_hold_out(am, uap->status, sizeof(int))) != 0)
		return (error);
	return (async_queue(am));
}

static int
async_wait4_run(struct asyncmsg *am)
{
	const struct wait4_args *uap = AM_ARGS(am, wait4);
	pid_t pid;
	int error, xstat;

	error = kern_wait4(uap->pid, uap->options, &xstat, &pid, NULL);
	if (error == 0) {
		am->am_sm.sm_retval = pid;
		if (pid != 0 && am->am_out.uio_vmcnt != 0 &&
		    !(am->am_flags & AMF_NOWRITE))
			held_write(&am->am_out, 0, &xstat, sizeof(xstat));
	}
	return (error);
}

/* sigmsg: joins p_sigmsgs; kern_kill() fires it. */
static int
async_sigmsg_start(struct asyncmsg *am)
{
	uint32_t set = AM_ARGS(am, sigmsg)->sigset;

	if (set == 0 || (set & sigmask(SIGKILL)) || (set >> (NSIG - 1)) != 0)
		return (EINVAL);
	crit_enter();
	am->am_sigset = set;
	am->am_flags |= AMF_REPEAT | AMF_SIGMSG;
	TAILQ_INSERT_TAIL(&am->am_proc->p_sigmsgs, am, am_sigq);
	async_arm(am);
	crit_exit();
	return (EASYNC);
}

/*
 * A signal was posted to p: give it to the oldest armed signal message
 * that watches it.  Returns whether one took it.  Thread context.
 */
bool
async_signal(struct proc *p, int sig)
{
	struct asyncmsg *am;

	crit_enter();
	TAILQ_FOREACH(am, &p->p_sigmsgs, am_sigq) {
		if (am->am_sigset & sigmask(sig))
			break;
	}
	if (am != NULL) {
		am->am_sigpending |= sigmask(sig);
		if (am->am_state == AM_ARMED)
			async_fire(am);
	}
	crit_exit();
	return (am != NULL);
}

/* timermsg: a callout that re-arms itself. */
static void
async_timer_tick(void *arg)
{
	struct asyncmsg *am = arg;

	am->am_expired++;
	callout_reset(&am->am_callout, am->am_period, async_timer_tick, am);
	if (am->am_state == AM_ARMED)
		async_fire(am);
}

static int
async_timermsg_start(struct asyncmsg *am)
{
	struct timespec pd;
	int64_t ns, tick_ns = NSEC_PER_SEC / hz;
	int error;

	error = copyin(AM_ARGS(am, timermsg)->period, &pd, sizeof(pd));
	if (error)
		return (error);
	if (pd.tv_sec < 0 || pd.tv_nsec < 0 || pd.tv_nsec >= NSEC_PER_SEC ||
	    (pd.tv_sec == 0 && pd.tv_nsec == 0) || pd.tv_sec > 86400)
		return (EINVAL);
	ns = (int64_t)pd.tv_sec * NSEC_PER_SEC + pd.tv_nsec;
	crit_enter();
	am->am_period = (int)((ns + tick_ns - 1) / tick_ns);
	am->am_flags |= AMF_REPEAT;
	async_arm(am);
	callout_reset(&am->am_callout, am->am_period, async_timer_tick, am);
	crit_exit();
	return (EASYNC);
}

static void
async_repeat_finish(struct asyncmsg *am, int error __unused)
{
	callout_stop(&am->am_callout);
	/* Not AMF_SIGMSG: abort and async_unlink() have cleared it. */
	am->am_sm.sm_retval = am->am_call->ac_cmd == SYS_sigmsg ?
	    (int64_t)am->am_nreturns << 32 : (int64_t)am->am_expired;
}

/*
 * The asynchronous form of each call.  A call with no start function
 * never blocks: it runs at once, in the caller, and completes
 * synchronously.  A call not listed is EOPNOTSUPP with SMF_ASYNC.
 */
static const struct async_call async_calls[] = {
	{ SYS_noop, NULL, NULL, NULL },
	{ SYS_getpid, NULL, NULL, NULL },
	{ SYS_getppid, NULL, NULL, NULL },
	{ SYS_clock_gettime, NULL, NULL, NULL },
	{ SYS_gettimeofday, NULL, NULL, NULL },
	{ SYS_kill, NULL, NULL, NULL },
	{ SYS_close, NULL, NULL, NULL },
	{ SYS_dup, NULL, NULL, NULL },
	{ SYS_dup2, NULL, NULL, NULL },
	{ SYS_lseek, NULL, NULL, NULL },
	{ SYS_fstat, NULL, NULL, NULL },
	{ SYS_abortmsg, NULL, NULL, NULL },
	{ SYS_clock_getres, NULL, NULL, NULL },
	{ SYS_getrusage, NULL, NULL, NULL },
	{ SYS_times, NULL, NULL, NULL },
	{ SYS_uname, NULL, NULL, NULL },
	{ SYS_getuid, NULL, NULL, NULL },
	{ SYS_geteuid, NULL, NULL, NULL },
	{ SYS_getgid, NULL, NULL, NULL },
	{ SYS_getegid, NULL, NULL, NULL },
	{ SYS_umask, NULL, NULL, NULL },
	{ SYS_fchmod, NULL, NULL, NULL },
	{ SYS_futimens, NULL, NULL, NULL },
	{ SYS_getrlimit, NULL, NULL, NULL },
	{ SYS_setrlimit, NULL, NULL, NULL },
	{ SYS_nanosleep, async_nanosleep_start, NULL, async_nanosleep_finish },
	{ SYS_read, async_io_start, async_io_run, async_io_finish },
	{ SYS_write, async_io_start, async_io_run, async_io_finish },
	{ SYS_pread, async_io_start, async_io_run, async_io_finish },
	{ SYS_pwrite, async_io_start, async_io_run, async_io_finish },
	{ SYS_open, async_path_start, async_path_run, NULL },
	{ SYS_stat, async_path_start, async_path_run, NULL },
	{ SYS_lstat, async_path_start, async_path_run, NULL },
	{ SYS_openat, async_path_start, async_path_run, NULL },
	{ SYS_fstatat, async_path_start, async_path_run, NULL },
	{ SYS_fsync, async_fsync_start, async_fsync_run, async_io_finish },
	{ SYS_wait4, async_wait4_start, async_wait4_run, NULL },
	{ SYS_sigmsg, async_sigmsg_start, NULL, async_repeat_finish },
	{ SYS_timermsg, async_timermsg_start, NULL, async_repeat_finish },
};

/* async_calls[] by command: its index + 1, or 0 (no asynchronous form). */
static uint8_t async_index[SYS_MAXSYSCALL];
_Static_assert(nitems(async_calls) < 256, "async_index holds every index");

static void
async_index_init(void)
{
	size_t i;

	for (i = 0; i < nitems(async_calls); i++) {
		KASSERT(async_calls[i].ac_cmd < SYS_MAXSYSCALL &&
		    async_index[async_calls[i].ac_cmd] == 0,
		    ("async_calls[%d]: bad or repeated command", (int)i));
		async_index[async_calls[i].ac_cmd] = (uint8_t)(i + 1);
	}
}

static const struct async_call *
async_lookup(uint32_t cmd)
{
	if (cmd >= SYS_MAXSYSCALL || async_index[cmd] == 0)
		return (NULL);
	return (&async_calls[async_index[cmd] - 1]);
}

/* ---- sendsys, waitsys, flushsys ----------------------------------------- */

/*
 * sendsys with SMF_ASYNC (from kern_sendsys, after phase 1 checked the
 * header, the command and the size).  Returns EASYNC, the error of a
 * call that completed at once (its header written back), or a gate error
 * (header untouched).
 */
int
async_send(int port, vm_offset_t umsg, struct sysmsg *sm, size_t size,
    struct trapframe *tf)
{
	struct proc *p = curproc;
	const struct async_call *ac = async_lookup(sm->sm_hdr.sm_cmd);
	struct asyncmsg *am;
	uint16_t flags = sm->sm_hdr.sm_flags & SMF_INMASK;
	int error;

	if (ac == NULL)
		return (EOPNOTSUPP);
	if (ac->ac_start == NULL) {
		/* Never blocks: a synchronous call that says so. */
		error = syscall_run(sm, sm->sm_hdr.sm_cmd, tf, umsg);
		if (sysmsg_writeback(umsg, flags | SMF_DONE, error,
		    sm->sm_retval) != 0)
			return (EFAULT);
		return (error);
	}
	crit_enter();
	am = async_find(p, umsg);
	crit_exit();
	if (am != NULL)
		return (EBUSY);
	error = async_slot(p, flags);
	if (error)
		return (error);
	am = kmalloc(sizeof(*am), M_ASYNC, M_NOWAIT | M_ZERO);
	if (am == NULL) {
		async_slot_free(p);
		return (ENOMEM);
	}
	am->am_kmem = sizeof(*am);
	crit_enter();
	async_kmem += am->am_kmem;
	crit_exit();
	memcpy(&am->am_sm.sm_hdr, &sm->sm_hdr, size);
	am->am_sm.sm_hdr.sm_flags = flags;
	am->am_sm.sm_umsg = umsg;
	am->am_call = ac;
	am->am_proc = p;
	am->am_port = port;
	callout_init(&am->am_callout);
	uio_init(&am->am_out, NULL, 0, 0, UIO_SYSSPACE, UIO_READ);
	error = uio_hold_user(&am->am_hdr, p->p_vmspace, (void *)umsg,
	    sizeof(struct sysmsg_hdr), 0, UIO_READ);
	if (error == 0 && am->am_hdr.uio_resid != sizeof(struct sysmsg_hdr))
		error = EFAULT;
	if (error) {
		async_free(am);
		return (EFAULT);
	}
	/* In flight from here.  SMF_DONE goes first: a worker may finish
	 * the call before sendsys returns. */
	held_write(&am->am_hdr, offsetof(struct sysmsg_hdr, sm_flags), &flags,
	    sizeof(flags));
	lwkt_initmsg_abortable(&am->am_sm.sm_lmsg, &async_replyport, 0,
	    async_abortfn);
	am->am_sm.sm_lmsg.ms_cmd = (int)sm->sm_hdr.sm_cmd;
	crit_enter();
	LIST_INSERT_HEAD(&p->p_async[AHASH(umsg)], am, am_link);
	am->am_flags |= AMF_INFLIGHT;
	p->p_ports[port].sp_inflight++;
	crit_exit();
	error = ac->ac_start(am);
	if (error != EASYNC)
		async_complete(am, error, false);	/* finished at once */
	return (error);
}

/* waitsys(port, umsg): see sys/sysmsg.h. */
int
kern_waitsys(int port, vm_offset_t umsg)
{
	struct proc *p = curproc;
	struct sysport *sp;
	struct sysmsg_hdr hdr;
	struct asyncmsg *am;
	bool waited = false;
	int error;

	if (!sysport_ok(p, port))
		return (EBADF);
	sp = &p->p_ports[port];
	if (umsg == (vm_offset_t)SYSMSG_ANY)
		umsg = 0;
	crit_enter();
	for (;;) {
		if (umsg == 0) {
			if (sp->sp_returned > 0) {
				sp->sp_returned = 0;
				error = 0;
				break;
			}
			if (sp->sp_inflight == 0) {
				error = EINVAL;		/* would sleep forever */
				break;
			}
			error = tsleep(sp, PCATCH, "waitsys", 0);
		} else {
			am = async_find(p, umsg);
			if (am == NULL && waited) {
				/* It came back while we slept: done, even if
				 * its header is no longer mapped. */
				error = 0;
				break;
			}
			if (am == NULL) {
				crit_exit();
				if (copyin((const void *)umsg, &hdr,
				    sizeof(hdr)) != 0)
					return (EFAULT);
				return ((hdr.sm_flags & SMF_DONE) ? 0 : EINVAL);
			}
			if (am->am_port != port) {
				error = EINVAL;
				break;
			}
			if (am->am_returned > 0) {
				am->am_returned = 0;
				error = 0;
				break;
			}
			waited = true;
			error = tsleep(am, PCATCH, "waitsys", 0);
		}
		if (error)
			break;
	}
	crit_exit();
	return (error);
}

/* Is p's user critical section entered?  Sets uc_pending if so. */
static bool
async_crit_held(struct proc *p)
{
	struct ucrit uc;
	int one = 1;

	if (p->p_ucrit == 0 ||
	    copyin((const void *)p->p_ucrit, &uc, sizeof(uc)) != 0)
		return (false);
	if (uc.uc_count <= 0)
		return (false);
	if (uc.uc_pending == 0)
		(void)copyout(&one, (void *)(p->p_ucrit +
		    offsetof(struct ucrit, uc_pending)), sizeof(one));
	return (true);
}

/* flushsys(): see sys/sysmsg.h.  The held upcalls run from userret(). */
int
kern_flushsys(void)
{
	struct proc *p = curproc;
	struct ucrit uc;
	int zero = 0;

	if (p->p_ucrit == 0)
		return (0);
	if (copyin((const void *)p->p_ucrit, &uc, sizeof(uc)) != 0)
		return (EFAULT);
	if (uc.uc_count != 0)
		return (EBUSY);
	if (copyout(&zero, (void *)(p->p_ucrit +
	    offsetof(struct ucrit, uc_pending)), sizeof(zero)) != 0)
		return (EFAULT);
	return (0);
}

/*
 * From userret(), when upcalls are queued and none runs: start the first
 * one that may run now on its port's stack.  The held ones stay queued.
 */
void
async_upcall(struct trapframe *tf)
{
	struct lwp *lp = curthread->td_lwp;
	struct proc *p = lp->lwp_proc;
	struct asyncmsg *am;
	struct sysport *sp = NULL;
	vm_offset_t umsg;
	bool held_checked = false, held = false;

	crit_enter();
	TAILQ_FOREACH(am, &p->p_upcalls, am_upq) {
		sp = &p->p_ports[am->am_port];
		if (sp->sp_mode != SYSPORT_UPCALL_CRIT)
			break;
		if (!held_checked) {
			held = async_crit_held(p);
			held_checked = true;
		}
		if (!held)
			break;
	}
	if (am == NULL) {
		crit_exit();
		return;
	}
	umsg = am->am_sm.sm_umsg;
	if (--am->am_upcalls == 0) {
		TAILQ_REMOVE(&p->p_upcalls, am, am_upq);
		am->am_flags &= ~AMF_UPCALL;
		if (!(am->am_flags & AMF_INFLIGHT)) {
			crit_exit();
			async_free(am);
			crit_enter();
		}
	}
	crit_exit();
	if (cpu_sendupcall(tf, sp->sp_fn, sp->sp_stack, sp->sp_tramp,
	    (uint32_t)umsg, SC_UPCALL) != 0) {
		kprintf("pid %d (%s): upcall stack 0x%08x unusable: killed\n",
		    p->p_pid, p->p_comm, sp->sp_stack);
		exit1(W_EXITCODE(0, SIGSEGV));
	}
	lp->lwp_inupcall = 1;
}

/* ---- process life ------------------------------------------------------ */

/* A new process: port 0, the parent's limits and critical section. */
void
async_proc_init(struct proc *p, struct proc *parent)
{
	/* p was zeroed: p_async's lists are empty already. */
	TAILQ_INIT(&p->p_upcalls);
	TAILQ_INIT(&p->p_sigmsgs);
	p->p_ports[0].sp_open = 1;
	p->p_ports[0].sp_mode = SYSPORT_QUEUE;
	if (parent != NULL) {
		p->p_async_limit = parent->p_async_limit;
		p->p_async_hard = parent->p_async_hard;
		p->p_ucrit = parent->p_ucrit;
	} else {
		p->p_async_limit = ASYNC_LIMIT_DEFAULT;
		p->p_async_hard = async_max;
	}
}

/*
 * Exit or exec: abort every message of p, never write into its memory
 * again, and wait until all of them have let go.  Then close the ports.
 * The wait is not interruptible (it runs for a dying process too), and
 * need not be: every blocking point of an asynchronous call sleeps with
 * PCATCH, so the abort ends it, and the rest of each call never waits
 * for another process.
 */
void
async_rundown(struct proc *p)
{
	struct asyncmsg *am, *next;
	int i;

	crit_enter();
	if (p->p_async_count == 0)
		goto ports;		/* the common case: nothing to run down */
	/* First: from now on nothing completes into memory or queues an
	 * upcall. */
	for (i = 0; i < ASYNC_HASH; i++) {
		LIST_FOREACH(am, &p->p_async[i], am_link)
			am->am_flags |= AMF_NOWRITE;
	}
	while ((am = TAILQ_FIRST(&p->p_upcalls)) != NULL) {
		TAILQ_REMOVE(&p->p_upcalls, am, am_upq);
		am->am_flags &= ~AMF_UPCALL;
		am->am_upcalls = 0;
		if (!(am->am_flags & AMF_INFLIGHT)) {
			crit_exit();
			async_free(am);
			crit_enter();
		}
	}
	for (i = 0; i < ASYNC_HASH; i++) {
		/* lwkt_abortmsg frees at most the message itself. */
		LIST_FOREACH_SAFE(am, &p->p_async[i], am_link, next)
			lwkt_abortmsg(&am->am_sm.sm_lmsg);
	}
	while (p->p_async_count > 0)
		tsleep(&p->p_async_count, 0, "asyncrd", 0);
ports:
	crit_exit();
	for (i = 1; i <= SYSPORT_MAX; i++) {
		if (p->p_ports[i].sp_open)
			memset(&p->p_ports[i], 0, sizeof(p->p_ports[i]));
	}
	p->p_ports[0].sp_returned = 0;
	p->p_ucrit = 0;
}

/* ---- system calls ------------------------------------------------------ */

int
sys_noop(struct sysmsg *sysmsg, const struct noop_args *uap)
{
	sysmsg->sm_retval = uap->value;
	return (0);
}

/* Sent synchronously: they exist only asynchronously. */
int
sys_sigmsg(struct sysmsg *sysmsg, const struct sigmsg_args *uap)
{
	return (EINVAL);
}

int
sys_timermsg(struct sysmsg *sysmsg, const struct timermsg_args *uap)
{
	return (EINVAL);
}

int
sys_abortmsg(struct sysmsg *sysmsg, const struct abortmsg_args *uap)
{
	struct proc *p = curproc;
	struct asyncmsg *am;
	int error = 0;

	if (!sysport_ok(p, uap->port))
		return (EBADF);
	crit_enter();
	am = async_find(p, (vm_offset_t)uap->msg);
	if (am == NULL || am->am_port != uap->port)
		error = ENOENT;
	else
		lwkt_abortmsg(&am->am_sm.sm_lmsg);
	crit_exit();
	return (error);
}

int
sys_portcreate(struct sysmsg *sysmsg, const struct portcreate_args *uap)
{
	struct proc *p = curproc;
	vm_offset_t stack = (vm_offset_t)uap->stack;
	int i;

	if (uap->mode != SYSPORT_QUEUE) {
		if (uap->mode != SYSPORT_UPCALL &&
		    uap->mode != SYSPORT_UPCALL_CRIT)
			return (EINVAL);
		if (uap->fn == NULL || uap->tramp == NULL ||
		    (vm_offset_t)uap->fn >= VM_MAX_USER_ADDRESS ||
		    (vm_offset_t)uap->tramp >= VM_MAX_USER_ADDRESS)
			return (EINVAL);
		if (uap->stacksize < 1024 || stack >= VM_MAX_USER_ADDRESS ||
		    VM_MAX_USER_ADDRESS - stack < uap->stacksize)
			return (EINVAL);
	}
	for (i = 1; i <= SYSPORT_MAX; i++) {
		if (!p->p_ports[i].sp_open)
			break;
	}
	if (i > SYSPORT_MAX)
		return (EMFILE);
	memset(&p->p_ports[i], 0, sizeof(p->p_ports[i]));
	p->p_ports[i].sp_mode = uap->mode;
	p->p_ports[i].sp_fn = (vm_offset_t)uap->fn;
	p->p_ports[i].sp_stack = stack + uap->stacksize;
	p->p_ports[i].sp_tramp = (vm_offset_t)uap->tramp;
	p->p_ports[i].sp_open = 1;
	sysmsg->sm_retval = i;
	return (0);
}

/* Close a port: EBUSY while messages are in flight to it; upcalls not
 * yet delivered are dropped. */
int
sys_portclose(struct sysmsg *sysmsg, const struct portclose_args *uap)
{
	struct proc *p = curproc;
	struct asyncmsg *am, *next;

	if (uap->port == 0 || !sysport_ok(p, uap->port))
		return (EBADF);
	crit_enter();
	if (p->p_ports[uap->port].sp_inflight > 0) {
		crit_exit();
		return (EBUSY);
	}
	TAILQ_FOREACH_SAFE(am, &p->p_upcalls, am_upq, next) {
		if (am->am_port != uap->port)
			continue;
		TAILQ_REMOVE(&p->p_upcalls, am, am_upq);
		am->am_flags &= ~AMF_UPCALL;
		am->am_upcalls = 0;
		crit_exit();
		async_free(am);
		crit_enter();
	}
	memset(&p->p_ports[uap->port], 0, sizeof(p->p_ports[uap->port]));
	crit_exit();
	return (0);
}

int
sys_upcall_crit(struct sysmsg *sysmsg, const struct upcall_crit_args *uap)
{
	struct proc *p = curproc;
	struct ucrit uc;

	if (uap->uc == NULL) {
		p->p_ucrit = 0;
		return (0);
	}
	if ((vm_offset_t)uap->uc & 3)
		return (EINVAL);
	if (copyin(uap->uc, &uc, sizeof(uc)) != 0 ||
	    copyout(&uc, uap->uc, sizeof(uc)) != 0)
		return (EFAULT);
	p->p_ucrit = (vm_offset_t)uap->uc;
	return (0);
}

/* RLIMIT_ASYNC for getrlimit (kern_resource.c). */
void
async_getrlimit(struct proc *p, struct rlimit *rl)
{
	/* kern.async_max may have been lowered since: it bounds both. */
	rl->rlim_cur = (rlim_t)MIN(p->p_async_limit, async_max);
	rl->rlim_max = (rlim_t)MIN(p->p_async_hard, async_max);
}

/* RLIMIT_ASYNC for setrlimit (kern_resource.c): EINVAL for a soft limit
 * above the hard one, EPERM for a hard limit above kern.async_max. */
int
async_setrlimit(struct proc *p, const struct rlimit *rl)
{
	if (rl->rlim_cur > rl->rlim_max)
		return (EINVAL);
	if (rl->rlim_max > (rlim_t)async_max)
		return (EPERM);
	crit_enter();
	p->p_async_limit = (int)rl->rlim_cur;
	p->p_async_hard = (int)rl->rlim_max;
	wakeup(&async_inflight);
	crit_exit();
	return (0);
}
