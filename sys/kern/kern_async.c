/*
 * kern_async.c - the life of an asynchronous system-call message (sys/
 * sysmsg.h has the user's view; sys/asyncmsg.h lists the files that share
 * the work).
 *
 * ONE IMPLEMENTATION OF EACH CALL.  An asynchronous call runs the very
 * sys_<name>() a synchronous one runs: there is no second version of any
 * call here.  What differs is only where and when it runs, which each
 * call declares once, as its class in syscalls.master (sysent[].sy_async,
 * SYSASYNC_* in sys/sysmsg.h):
 *
 *   NOBLOCK  run at once in the sender, as a synchronous call: it
 *            completes inside sendsys (SMF_DONE set, its error returned).
 *   TRY      run at once in the sender with sleeping refused
 *            (TDF_NOSLEEP: an interruptible sleep fails at once with
 *            EWOULDBLOCK; syscall_try() in kern_syscall.c, which also
 *            makes the attempt itself when nothing of the process is in
 *            flight).  A call of this class stops at a refused sleep
 *            only before it changes anything (a read of an empty pipe, a
 *            wait4 with no child to reap yet, a pipe write that does not
 *            fit: sys_pipe.c asks tsleep_refused() and writes nothing,
 *            a disk transfer: dofileio refuses it before it starts), and
 *            then returns an error: its result is dropped and the
 *            message goes in flight as BLOCK, where it runs again from
 *            the start, once.  A stream that took some bytes before a
 *            refused sleep (a terminal write) returns that short count
 *            as a success (uio_partial_error, as after a signal), and
 *            that is its result: it is never run twice.  A call that did
 *            not need to sleep (a read or write of cached file data, a
 *            pipe with data or room, a stat) completes inside sendsys.
 *            What is NOT refused: uninterruptible waits, which a call
 *            cannot give up halfway: a token or a vnode's lock held by
 *            another thread between its own blocking points; the buffer
 *            cache's wait for a block of a regular file on a disk (a
 *            cache miss of read, pread, write, stat, open: the
 *            filesystem waits for its disk in the sender); and a
 *            transfer to a device other than a disk, which waits for
 *            its driver's reply (lwkt_domsg): an in-kernel driver, or a
 *            driver process through the port agent, bounded by the
 *            agent's deadline and watchdog (kern_agent.c).  A TRY call
 *            never waits in sendsys for a pipe, a terminal's input or a
 *            child: those sleeps are interruptible and refused.
 *   BLOCK    in flight: a worker thread (kern_asyncwork.c) runs the call
 *            for the process, with no user address space at all.  That
 *            is this kernel's answer to the question of running a call
 *            "from" a kernel thread: phase 1 runs in the sender at send
 *            time (sendsys copies the header and the argument words;
 *            sysargs_take(), kern_sysargs.c, copies the strings and [IN]
 *            structs the words point to and holds the [OUT] structs and
 *            data buffers, as syscalls.master describes each argument),
 *            and phase 2, the call's own sys_<name>(), runs in the
 *            worker on that kernel copy: its copyin, copyout and
 *            uio_hold_user are answered from the message's argument
 *            space (td_sysargs).  Changing a path or a struct after
 *            sending changes nothing for the call, and neither does
 *            closing or reusing a descriptor it was sent on, or a
 *            chdir: their files and the current directory are taken at
 *            send too.  The process's other state is read when the
 *            call runs; exit and exec wait for every message
 *            (async_rundown) before letting the process go.
 *   WAIT     in flight as a continuation, no thread held
 *            (kern_asyncwait.c): nanosleep, sigmsg, timermsg.  pread and
 *            pwrite of a disk are sent to the driver the same way.
 *   NOASYNC  EOPNOTSUPP (the reasons are in the table).
 *
 * A message in flight is a struct asyncmsg (sys/asyncmsg.h): a kernel
 * copy of the header and arguments, whose LWKT message is what travels,
 * and the user's header, held (uio_hold_user) so that the result can be
 * written from any thread.
 *
 * HOW RESULTS COME BACK.  Every message in flight ends in
 * async_complete(), the one completion of this file: it is called from
 * async_replied(), async_replyport's function, in whatever thread replied
 * (a worker, a disk driver), or by sendsys for a call that failed while
 * starting.  It lets a continuation store its outputs, writes sm_error
 * and sm_result and then SMF_DONE into the held header
 * (async_writeback), lets go of the held pages, and notifies the user
 * port: waitsys sleepers wake, and an upcall is queued on p_upcalls for
 * SYSPORT_UPCALL* ports (delivered by userret()).  Repeating messages
 * (sigmsg, timermsg) are returned by async_repeat_return() without being
 * replied, until aborted.  A call completed inside sendsys writes its
 * result with the same function, sysmsg_result_write (sys/sysmsg.h),
 * by direct stores in the sender instead of through the held pages.
 *
 * IN FLIGHT UNTIL DONE.  A message is in the process's in-flight table
 * (p_async, AMF_INFLIGHT) from sendsys's EASYNC until its header shows
 * SMF_DONE, with no moment where it is neither or both: waitsys (which
 * answers EINVAL for a message neither in flight nor done), abortmsg
 * (ENOENT), sendsys's EBUSY for its header, portclose's EBUSY and the
 * port's count of messages in flight all read that table.  So
 * async_complete() first does everything that may block: dropping a
 * disk transfer's file, or the files the call's arguments took at send,
 * may drop a file's last reference, which closes it (a device's close
 * waits for its driver, a process behind the port agent).  Then, in
 * one critical section, it writes the header (held pages: no fault, no
 * sleep), takes the message out of the table and notifies the port.
 * A waitsys before that finds the message and sleeps until the
 * notification; an abortmsg finds it already replied and changes
 * nothing (MSGF_DONE).  Only its entry on p_sigmsgs goes first, so
 * that no signal is taken by a message that is ending.
 *
 * ABORT.  abortmsg() is lwkt_abortmsg(), which never blocks: a message
 * still queued for a worker is taken off the queue and replied at once,
 * in the aborter's thread; otherwise async_abortfn() runs: a worker
 * running the call gets TDF_ABORT and its interruptible sleep is ended
 * (an aborted call's EINTR is ECANCELED); an armed continuation is
 * stopped and fired with ECANCELED; a disk transfer's strategy message
 * is aborted in turn.  A call that finished first replies with its
 * result.  The completion of a message taken off the queue may sleep
 * (its files' last references), so it is not run in the aborter's
 * thread: async_replied() hands the message to a finisher (a pool of
 * threads that only complete such messages, never run a call, so that
 * no call another process keeps blocked can hold them up), which
 * completes it, ECANCELED if its call never ran, or with its result if
 * it had finished (a fired continuation, a disk transfer whose
 * completion was handed to a worker).  It stays in flight until then:
 * exit waits for it like for any other.
 *
 * EXIT AND EXEC.  async_rundown() aborts every message of the process,
 * marks it never to write a header again, drops undelivered upcalls,
 * and sleeps until every slot is back: the callouts are stopped at once
 * and the workers reach their next safe point promptly.  Nothing
 * completes into a dead or replaced address space.  No abort completes
 * or sleeps in the exiting thread (ABORT); the walk of the table keeps
 * its place in p_async_next anyway, which async_unlink moves on, never
 * in a pointer of its own.  A message that leaves the table has its
 * link point to async_gone, whose abort panics: a walk that broke this
 * rule stops there.  test/async/async_rundown.c exits while a finisher
 * holds an aborted message whose close waits for the test.
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
#include <sys/globaldata.h>
#include <sys/workpool.h>
#include <sys/asyncmsg.h>
#include <machine/pmap.h>
#include <vm/vm_map.h>

MALLOC_DEFINE(M_ASYNC, "async", "asynchronous system-call messages");

#define ASYNC_NWORKERS	8		/* kernel threads running calls */
#define ASYNC_MAXWORKERS 128		/* more while calls block */
/* Threads that complete aborted messages (async_replied): two, so that
 * one close held by its driver does not start a spare for the next.  A
 * close waits for a driver process at most about three of its deadlines
 * (its reply deadline, or the watchdog's kill and the successor or the
 * grace period after it, or the watchdog failing the queue of a driver
 * that waits for it itself: kern_agentping.c), so sixteen held at once
 * delay the completions queued behind them, never for good. */
#define ASYNC_NFINISHERS 2
#define ASYNC_MAXFINISHERS 16		/* more while their closes wait */

struct lwkt_port async_replyport;	/* replies: async_replied() */
static struct workpool async_pool;	/* the workers */
static struct workpool async_finishers;	/* aborted messages: async_finish() */

SYSCTL_INT(kern_async_workers, "kern.async_workers", &async_pool.wp_workers,
    CTLFLAG_RD, "threads running asynchronous calls");

static int async_phased;		/* [c] calls run by a worker */
SYSCTL_INT(kern_async_phased, "kern.async_phased", &async_phased,
    CTLFLAG_RD, "asynchronous calls run by a worker on the arguments taken "
    "at send, in no user address space, since boot");

/*
 * Where the link of a message that left the in-flight table leads
 * (async_unlink): a message that is never in flight and whose abort
 * panics.  A walk of p_async that kept a pointer to a message across a
 * sleep, while that message completed, left the table and was freed,
 * reaches it at its next step, at once and by name, instead of going on
 * quietly through freed memory.
 */
static struct asyncmsg async_gone;

static void
async_gone_abortfn(lwkt_msg_t msg __unused)
{
	panic("async_gone: a walk of a process's messages went on from one "
	    "that had left the table (a pointer kept across a sleep)");
}

/* The in-flight message of p at user address umsg, or NULL.  [c] */
struct asyncmsg *
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
bool
sysport_ok(struct proc *p, int port)
{
	return ((unsigned)port <= SYSPORT_MAX && p->p_ports[port].sp_open);
}

/*
 * Phase 3 of a message in flight, into its held header: the one
 * write-back (sysmsg_result_write, sys/sysmsg.h), through the held
 * pages.  Any thread.
 */
void
async_writeback(struct asyncmsg *am, int error, int64_t result)
{
	if (am->am_flags & AMF_NOWRITE)
		return;
	(void)sysmsg_result_write(am->am_sm.sm_umsg, &am->am_hdr,
	    am->am_sm.sm_hdr.sm_flags & SMF_INMASK, error, result);
}

/* Tell the reply port that am came back: waitsys, upcalls.  [c] */
void
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
		userret_post_proc(p);
	}
}

/* Let go of a message that is neither in flight nor owed an upcall. */
void
async_free(struct asyncmsg *am)
{
	struct proc *p = am->am_proc;

	KASSERT(!(am->am_flags & (AMF_INFLIGHT | AMF_UPCALL | AMF_SIGMSG)),
	    ("async_free: message still linked (0x%x)", am->am_flags));
	uio_release(&am->am_out);
	uio_release(&am->am_hdr);
	sysargs_free(am->am_args);
	async_kmem_sub(am->am_kmem);
	async_slot_free(p);
	kfree(am, M_ASYNC);
}

/* Unlink am from the in-flight table: from now on its header shows
 * SMF_DONE (or nothing is written any more: AMF_NOWRITE).  The one way
 * out of the table: it moves async_rundown's walk on past am.  [c] */
static void
async_unlink(struct asyncmsg *am)
{
	struct proc *p = am->am_proc;

	if (am->am_flags & AMF_INFLIGHT) {
		if (p->p_async_next == am)
			p->p_async_next = LIST_NEXT(am, am_link);
		LIST_REMOVE(am, am_link);
		am->am_link.le_next = &async_gone;
		am->am_flags &= ~AMF_INFLIGHT;
		p->p_ports[am->am_port].sp_inflight--;
	}
}

/*
 * The end of a message in flight: outputs, phase 3, notification, and
 * freeing (unless an upcall is owed).  notify is false for a call that
 * finished inside sendsys: its caller learns the result from sendsys.
 * May block (the files' last references: see IN FLIGHT UNTIL DONE);
 * the message stays in the in-flight table until its header is written.
 */
void
async_complete(struct asyncmsg *am, int error, bool notify)
{
	crit_enter();
	if (am->am_flags & AMF_SIGMSG) {
		/* No signal is given to a message that is ending. */
		TAILQ_REMOVE(&am->am_proc->p_sigmsgs, am, am_sigq);
		am->am_flags &= ~AMF_SIGMSG;
	}
	crit_exit();
	if (sysent[am->am_sm.sm_hdr.sm_cmd].sy_async == SYSASYNC_WAIT)
		async_wait_finish(am, error);
	if (am->am_fp != NULL) {
		fdrop(am->am_fp);	/* a disk transfer's file */
		am->am_fp = NULL;
	}
	/* The arguments taken at send, before the result is written: a
	 * file the call closed is closed when the program sees it done. */
	sysargs_free(am->am_args);
	am->am_args = NULL;
	/* The header, then out of the table, in one critical section:
	 * never seen done and still in flight (a program that polls
	 * SMF_DONE may send the same header again at once), nor neither. */
	crit_enter();
	async_writeback(am, error, am->am_sm.sm_retval);
	async_unlink(am);
	wakeup(am);
	if (notify)
		async_notify(am);
	if (!(am->am_flags & AMF_UPCALL)) {
		crit_exit();
		async_free(am);
		return;
	}
	/* Freed once the upcall is delivered (async_upcall), or dropped
	 * (portclose, async_rundown), by the process's thread: from the end
	 * of this critical section am may be gone.  The pages go now, inside
	 * it (uio_release never sleeps). */
	uio_release(&am->am_out);
	uio_release(&am->am_hdr);
	crit_exit();
}

/*
 * async_replyport's function: a message came back.  A worker's reply
 * (state AM_RUNNING), a disk's, or a message that was never queued is
 * completed here, in the replier's thread.  A message still in state
 * AM_QUEUED or AM_FIRED was taken off the workers' queue by
 * lwkt_abortmsg(), in the aborter's thread (abortmsg, an exit), which
 * must not block (see ABORT): it goes to a finisher, which completes
 * it, with ECANCELED if its call never ran, or with the result of a
 * fired continuation or disk transfer, which had finished.  Finishers
 * are a pool of their own, which runs no calls: every worker may be
 * blocked in a call for as long as another process likes, and an exit
 * must not wait for that.
 */
static void
async_replied(lwkt_msg_t msg)
{
	struct asyncmsg *am = (struct asyncmsg *)msg;

	switch (am->am_state) {
	case AM_QUEUED:
		am->am_error = ECANCELED;	/* the call never ran */
		break;
	case AM_FIRED:
		if (am->am_flags & AMF_REPEAT)
			am->am_error = ECANCELED;	/* ends, not returned */
		break;				/* else: its result stands */
	default:
		async_complete(am, msg->ms_error, true);
		return;
	}
	am->am_flags |= AMF_ABORT;
	am->am_state = AM_FIRED;
	workpool_send(&async_finishers, msg);
}

/* The finishers' run function: complete a message async_replied handed
 * over (an abort taken off this queue too sends it back here). */
static void
async_finish(lwkt_msg_t msg)
{
	struct asyncmsg *am = (struct asyncmsg *)msg;

	crit_enter();
	KASSERT(am->am_state == AM_FIRED && (am->am_flags & AMF_ABORT),
	    ("%s: state %d, flags 0x%x", __func__, am->am_state,
	    am->am_flags));
	am->am_state = AM_RUNNING;	/* replied here: async_complete */
	crit_exit();
	lwkt_replymsg(msg, am->am_error);
}

/* A continuation's event: hand am to a worker to return it.  [c], any
 * context (the clock interrupt included). */
void
async_fire(struct asyncmsg *am)
{
	if (am->am_state == AM_FIRED)
		return;			/* already on its way */
	am->am_state = AM_FIRED;
	lwkt_forwardmsg(&async_pool.wp_port, &am->am_sm.sm_lmsg);
}

/* Park am as an armed continuation: in flight, on no queue.  [c] */
void
async_arm(struct asyncmsg *am)
{
	lwkt_holdmsg(&async_pool.wp_port, &am->am_sm.sm_lmsg);
	am->am_state = AM_ARMED;
}

/* Queue am for a worker, without preempting the sender: a batch of
 * sends costs one switch, not one each. */
void
async_queue(struct asyncmsg *am)
{
	crit_enter();
	am->am_state = AM_QUEUED;
	workpool_send(&async_pool, &am->am_sm.sm_lmsg);
	crit_exit();
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
		/* Queued at the driver: replied ECANCELED now.  Started: it
		 * ends with its result. */
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

/*
 * The worker pool's run function: a fired continuation is returned; a
 * call is run for its process, on the arguments its message took at
 * send (td_sysargs; the worker has no user address space), and replied.
 */
static void
async_run(lwkt_msg_t msg)
{
	struct asyncmsg *am = (struct asyncmsg *)msg;
	struct proc *p = am->am_proc;
	thread_t td = curthread;
	uint32_t cmd = am->am_sm.sm_hdr.sm_cmd;
	int error;

	crit_enter();
	if (am->am_state == AM_FIRED) {
		/* Taken: from here an abort finds it replying (AM_RUNNING,
		 * no worker), and async_replied completes it here. */
		am->am_state = AM_RUNNING;
		if ((am->am_flags & (AMF_REPEAT | AMF_ABORT)) == AMF_REPEAT &&
		    am->am_error == 0) {
			async_repeat_return(am);
			crit_exit();
		} else {
			crit_exit();
			lwkt_replymsg(msg, am->am_error);
		}
		return;
	}
	am->am_state = AM_RUNNING;
	am->am_worker = td;
	td->td_proc = p;
	crit_exit();
	if (am->am_flags & AMF_ABORT) {
		error = ECANCELED;
	} else {
		KASSERT(td->td_cr3 == kernel_pd_phys && td->td_lwp == NULL &&
		    am->am_args != NULL, ("%s: a worker in a user address "
		    "space, or a call without its arguments", __func__));
		td->td_sysargs = am->am_args;
		error = sysent[cmd].sy_call(&am->am_sm, &am->am_sm.sm_args);
		td->td_sysargs = NULL;
		crit_enter();
		async_phased++;
		crit_exit();
	}
	crit_enter();
	if (error == EINTR && (am->am_flags & AMF_ABORT))
		error = ECANCELED;
	td->td_flags &= ~TDF_ABORT;
	td->td_proc = NULL;
	am->am_worker = NULL;
	crit_exit();
	lwkt_replymsg(msg, error);
}

/* At boot: the ports and the worker threads. */
void
async_init(void)
{
	vm_offset_t va;

	/* Workers reach a call's arguments only through its message
	 * (kern_sysargs.c): their page directory, the kernel's, must map
	 * no user address, so that every access to one faults. */
	for (va = 0; va < VM_MAX_USER_ADDRESS; va += NBPDR)
		KASSERT(kernel_pd[va >> PDRSHIFT] == 0,
		    ("%s: the kernel maps user address 0x%x", __func__, va));
	async_limit_init();
	async_wait_init();
	lwkt_initport_replyonly(&async_replyport, async_replied);
	lwkt_initmsg_abortable(&async_gone.am_sm.sm_lmsg, &async_replyport, 0,
	    async_gone_abortfn);
	lwkt_holdmsg(&async_replyport, &async_gone.am_sm.sm_lmsg);
	workpool_init(&async_pool, "asyncw", async_run, ASYNC_NWORKERS,
	    ASYNC_MAXWORKERS);
	workpool_init(&async_finishers, "asyncf", async_finish,
	    ASYNC_NFINISHERS, ASYNC_MAXFINISHERS);
}

/*
 * A call that runs in the sender: NOBLOCK, or TRY with sleeping refused.
 * Returns whether it completed (*errorp its error, the header written
 * back as a synchronous call's); false for a TRY call stopped by a
 * refused sleep with an error (nothing happened: it must go in flight).
 */
static bool
async_inline(struct sysmsg *sm, vm_offset_t umsg, struct trapframe *tf,
    bool try, int *errorp)
{
	uint16_t flags = sm->sm_hdr.sm_flags & SMF_INMASK;
	int error;

	if (!try)
		error = syscall_run(sm, sm->sm_hdr.sm_cmd, tf, umsg);
	else if (!syscall_try(sm, sm->sm_hdr.sm_cmd, tf, umsg, &error))
		return (false);
	*errorp = sysmsg_complete(umsg, flags, error, sm->sm_retval);
	return (true);
}

/*
 * Make the in-flight message for sm (the sender's copy of header and
 * arguments, size bytes): a slot, the kernel copy, the user's header
 * held and its SMF_DONE cleared.  Returns 0 with *amp, or a gate error.
 */
static int
async_make(int port, vm_offset_t umsg, struct sysmsg *sm, size_t size,
    struct asyncmsg **amp)
{
	struct proc *p = curproc;
	uint16_t flags = sm->sm_hdr.sm_flags & SMF_INMASK;
	struct asyncmsg *am;
	int error;

	error = async_slot(p, flags);
	if (error)
		return (error);
	am = kmalloc(sizeof(*am), M_ASYNC, M_NOWAIT | M_ZERO);
	if (am == NULL) {
		async_slot_free(p);
		return (ENOMEM);
	}
	am->am_proc = p;
	async_kmem_add(am, sizeof(*am));
	memcpy(&am->am_sm.sm_hdr, &sm->sm_hdr, size);
	am->am_sm.sm_hdr.sm_flags = flags;
	am->am_sm.sm_umsg = umsg;
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
	uio_held_write(&am->am_hdr, offsetof(struct sysmsg_hdr, sm_flags),
	    &flags, sizeof(flags));
	lwkt_initmsg_abortable(&am->am_sm.sm_lmsg, &async_replyport, 0,
	    async_abortfn);
	am->am_sm.sm_lmsg.ms_cmd = (int)sm->sm_hdr.sm_cmd;
	crit_enter();
	LIST_INSERT_HEAD(&p->p_async[AHASH(umsg)], am, am_link);
	am->am_flags |= AMF_INFLIGHT;
	p->p_ports[port].sp_inflight++;
	crit_exit();
	*amp = am;
	return (0);
}

/*
 * sendsys with SMF_ASYNC (from kern_sendsys or a batch, after phase 1
 * checked the header, the command and the size).  Returns EASYNC, the
 * error of a call that completed at once (its header written back), or a
 * gate error (header untouched, *gatep set).
 */
int
async_send(int port, vm_offset_t umsg, struct sysmsg *sm, size_t size,
    struct trapframe *tf, bool *gatep)
{
	struct proc *p = curproc;
	uint32_t cmd = sm->sm_hdr.sm_cmd;
	int class = sysent[cmd].sy_async;
	struct asyncmsg *am;
	bool disk;
	int error;

	*gatep = false;
	if (class == SYSASYNC_NOBLOCK) {
		(void)async_inline(sm, umsg, tf, false, &error);
		return (error);
	}
	*gatep = true;
	if (class == SYSASYNC_NOASYNC)
		return (EOPNOTSUPP);
	if (p->p_async_count > 0) {
		crit_enter();
		am = async_find(p, umsg);
		crit_exit();
		if (am != NULL)
			return (EBUSY);
	}
	disk = async_disk_call(sm);
	if (class == SYSASYNC_TRY && !disk &&
	    async_inline(sm, umsg, tf, true, &error)) {
		*gatep = false;
		return (error);
	}
	error = async_make(port, umsg, sm, size, &am);
	if (error)
		return (error);
	*gatep = false;
	if (class == SYSASYNC_WAIT) {
		error = async_wait_start(am);
	} else if (!disk || (error = async_disk_try(am)) < 0) {
		/* Phase 1 for the worker: the arguments, now. */
		error = sysargs_take(cmd, &am->am_sm.sm_args, &am->am_args);
		if (error == 0) {
			async_kmem_add(am, am->am_args->sa_kmem);
			async_queue(am);
			error = EASYNC;
		}
	}
	if (error != EASYNC)
		async_complete(am, error, false);	/* finished at once */
	return (error);
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
	async_limit_proc_init(p, parent);
	if (parent != NULL)
		p->p_ucrit = parent->p_ucrit;
}

/*
 * Exit or exec: abort every message of p, never write into its memory
 * again, and wait until all of them have let go.  Then close the ports.
 * The wait is not interruptible (it runs for a dying process too), and
 * need not be: every call of class TRY or BLOCK sleeps for another
 * process only interruptibly (PCATCH), so the abort ends it, and the
 * rest of each call never waits for another process.
 */
void
async_rundown(struct proc *p)
{
	struct asyncmsg *am;
	int i;

	crit_enter();
	if (p->p_async_count == 0)
		goto ports;		/* the common case: nothing to run down */
	/* First: from now on nothing completes into a header or queues an
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
	/*
	 * Abort each message.  An abort never blocks and completes nothing
	 * in this thread (a message taken off the workers' queue is
	 * completed by a finisher: ABORT).  Still the walk keeps no pointer
	 * of its own across an abort, so that an abort hook that completes
	 * a message (which then leaves the table and is freed) cannot lead
	 * it into freed memory: its next message is p_async_next, which
	 * async_unlink, the only way out of the table, moves on past a
	 * message it takes out.  Nothing joins the table meanwhile: the
	 * process's only thread is here.
	 */
	for (i = 0; i < ASYNC_HASH; i++) {
		am = LIST_FIRST(&p->p_async[i]);
		while (am != NULL) {
			p->p_async_next = LIST_NEXT(am, am_link);
			lwkt_abortmsg(&am->am_sm.sm_lmsg);
			am = p->p_async_next;
		}
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
