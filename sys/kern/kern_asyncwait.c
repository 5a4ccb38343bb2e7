/*
 * kern_asyncwait.c - asynchronous calls that wait with no thread:
 * continuations and device transfers (sys/asyncmsg.h).
 *
 * A call of class SYSASYNC_WAIT (nanosleep, sigmsg, timermsg) only waits
 * for an event, so it holds no thread while it does: async_wait_start()
 * runs the call's phase 1 in the sender (nanosleep's is kern_time.c's
 * own, nanosleep_in), then parks the message with lwkt_holdmsg() (in
 * flight, on no queue, so abortmsg reaches async_abortfn) and arms a
 * callout or joins the process's signal-message list.  A thousand
 * sleeping messages cost a thousand callouts.  When the event comes,
 * async_fire() forwards the message to the worker pool (callouts run in
 * the clock interrupt, which must not complete a message), and a worker
 * returns it: replied (nanosleep, or an aborted repeating message), or
 * returned once more and parked again (async_repeat_return).
 *
 * What a continuation writes into user memory besides the header
 * (nanosleep's time left, after an abort) goes through pages held at
 * send (am_out), since it completes outside the sender's address space.
 *
 * DISK TRANSFERS.  A pread or pwrite of a disk (an SI_DISK device or a
 * partition) whose whole buffer can be held holds no thread at all:
 * async_disk_try() sends the disk a strategy message (am_bio, whose data
 * is the held buffer) in the caller's context, with async_bioport as its
 * reply port; the driver starts the transfer and replies from its
 * interrupt message's handler, and async_bio_done() completes the call
 * right there, in the driver's thread.  The request is checked and
 * clipped by dev_strategy_clip(), the synchronous path's own check.  A
 * transfer this path does not take (not a disk, a bad descriptor, a
 * buffer with a hole, more than ASYNC_DISK_MAX bytes or than the
 * device's si_iosize_max, which the ordinary path sends in pieces) is
 * left to the call's ordinary path, which gives the synchronous call's
 * results and errors.  kern.async_direct counts these transfers.
 *
 * One exception in the driver's thread: if the call holds the last
 * reference to the file (the program closed its descriptor while the
 * transfer was out), letting go of it closes the device, which sends the
 * driver a message, and the driver must not wait for itself: then the
 * message goes to a worker, which replies.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/file.h>
#include <sys/uio.h>
#include <sys/proc.h>
#include <sys/signal.h>
#include <sys/time.h>
#include <sys/sysctl.h>
#include <sys/vnode.h>
#include <sys/fcntl.h>
#include <sys/device.h>
#include <sys/asyncmsg.h>

/* The largest disk transfer sent without a worker: a longer one would pin
 * that much memory at once; it takes the ordinary path instead. */
#define ASYNC_DISK_MAX	(1024 * 1024)

static struct lwkt_port async_bioport;	/* disk transfers: async_bio_done() */
static int async_direct;		/* [c] disk transfers sent, no worker */

SYSCTL_INT(kern_async_direct, "kern.async_direct", &async_direct,
    CTLFLAG_RD, "asynchronous disk transfers sent to the driver directly "
    "(no worker thread), since boot");

static void	async_bio_done(lwkt_msg_t msg);

void
async_wait_init(void)
{
	lwkt_initport_replyonly(&async_bioport, async_bio_done);
}

/* Hold [uaddr, uaddr + len) of the sender for a continuation to fill;
 * EFAULT unless all of it could be. */
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

/* ---- nanosleep ----------------------------------------------------------- */

static void
async_sleep_done(void *arg)
{
	async_fire(arg);
}

static int
async_nanosleep_start(struct asyncmsg *am)
{
	const struct nanosleep_args *uap = AM_ARGS(am, nanosleep);
	int64_t ns;
	uint64_t n;
	int error;

	if ((error = nanosleep_in(uap, &ns)) != 0)
		return (error);
	if (uap->rmtp != NULL && (error = async_hold_out(am, uap->rmtp,
	    sizeof(struct timespec))) != 0)
		return (error);
	if (ns == 0)
		return (0);
	crit_enter();
	am->am_ns = ns;
	am->am_deadline = time_deadline(ns);
	n = am->am_deadline > ticks ? am->am_deadline - ticks : 1;
	if (n > 0x7fffffff)
		n = 0x7fffffff;
	am->am_error = 0;
	async_arm(am);
	callout_reset(&am->am_callout, (int)n, async_sleep_done, am);
	crit_exit();
	return (EASYNC);
}

/* An aborted sleep writes the time left, as an interrupted one does. */
static void
async_nanosleep_finish(struct asyncmsg *am, int error)
{
	struct timespec left;

	if (error != ECANCELED || am->am_out.uio_vmcnt == 0 ||
	    (am->am_flags & AMF_NOWRITE))
		return;
	nanosleep_left(am->am_deadline, am->am_ns, &left);
	uio_held_write(&am->am_out, 0, &left, sizeof(left));
}

/* ---- sigmsg ------------------------------------------------------------- */

/* sigmsg: joins p_sigmsgs; kern_kill() fires it (async_signal). */
static int
async_sigmsg_start(struct asyncmsg *am)
{
	uint32_t set = AM_ARGS(am, sigmsg)->sigset;

	if (set == 0 || (set & SIG_CANTMASK) || (set >> (NSIG - 1)) != 0)
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

/* ---- timermsg ----------------------------------------------------------- */

/* A callout that re-arms itself. */
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

/* ---- the class ------------------------------------------------------------ */

/*
 * Start a SYSASYNC_WAIT call in the sender: EASYNC once armed, or the
 * call's result (bad arguments, a zero sleep).
 */
int
async_wait_start(struct asyncmsg *am)
{
	switch (am->am_sm.sm_hdr.sm_cmd) {
	case SYS_nanosleep:
		return (async_nanosleep_start(am));
	case SYS_sigmsg:
		return (async_sigmsg_start(am));
	case SYS_timermsg:
		return (async_timermsg_start(am));
	default:
		panic("%s: call %d is not a continuation", __func__,
		    am->am_sm.sm_hdr.sm_cmd);
	}
}

/* At completion: stop the callout, store what the call returns besides
 * its header. */
void
async_wait_finish(struct asyncmsg *am, int error)
{
	callout_stop(&am->am_callout);
	switch (am->am_sm.sm_hdr.sm_cmd) {
	case SYS_nanosleep:
		async_nanosleep_finish(am, error);
		break;
	case SYS_sigmsg:
		/* Not AMF_SIGMSG: abort and async_complete() cleared it. */
		am->am_sm.sm_retval = (int64_t)am->am_nreturns << 32;
		break;
	case SYS_timermsg:
		am->am_sm.sm_retval = (int64_t)am->am_expired;
		break;
	}
}

/* Return a repeating message once more (a worker, [c]). */
void
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

/* ---- disk transfers ------------------------------------------------------- */

/* Is sm a pread or pwrite of a disk (async_disk_try's to take)?  In the
 * sender. */
bool
async_disk_call(const struct sysmsg *sm)
{
	struct file *fp;

	if (sm->sm_hdr.sm_cmd != SYS_pread && sm->sm_hdr.sm_cmd != SYS_pwrite)
		return (false);
	fp = fget(curproc, sm->sm_args.pread.fd, 0);
	return (fp != NULL && vn_disk(fp) != NULL);
}

/*
 * A pread or pwrite: send it to the disk directly if it is one (see DISK
 * TRANSFERS).  Returns -1 if this path does not take it (the caller runs
 * the call's ordinary path), else EASYNC once sent (the reply may
 * already have completed and freed am), or the call's result (0 bytes at
 * the end, or an error of the clip).
 */
int
async_disk_try(struct asyncmsg *am)
{
	lwkt_msg_t msg = &am->am_sm.sm_lmsg;
	bool rd = am->am_sm.sm_hdr.sm_cmd == SYS_pread;
	/* pread_args and pwrite_args have the same layout. */
	const struct pread_args *uap = AM_ARGS(am, pread);
	int bio_cmd = rd ? BIO_READ : BIO_WRITE;
	struct file *fp;
	struct cdev *dev;
	size_t len = uap->nbyte;
	int error;

	_Static_assert(offsetof(struct pread_args, offset) ==
	    offsetof(struct pwrite_args, offset) &&
	    sizeof(struct pread_args) == sizeof(struct pwrite_args),
	    "pread and pwrite are laid out alike");
	fp = fget(am->am_proc, uap->fd, rd ? FREAD : FWRITE);
	if (fp == NULL || uap->offset < 0 || len == 0 ||
	    len > ASYNC_DISK_MAX || (dev = vn_disk(fp)) == NULL ||
	    (dev->si_iosize_max != 0 && len > dev->si_iosize_max))
		return (-1);
	error = uio_hold_user(&am->am_out, am->am_proc->p_vmspace, uap->buf,
	    len, uap->offset, rd ? UIO_READ : UIO_WRITE);
	if (error != 0 || am->am_out.uio_resid != len) {
		uio_release(&am->am_out);
		return (-1);		/* a hole: the ordinary path's EFAULT */
	}
	error = dev_strategy_clip(dev, bio_cmd, uap->offset, &len);
	if (error != 0 || len == 0)
		return (error);		/* sm_retval is 0 */
	if (am->am_out.uio_vmiov != am->am_out.uio_vmiov_inline)
		async_kmem_add(am, am->am_out.uio_vmcnt *
		    (int)sizeof(struct vm_iovec));
	am->am_out.uio_resid = len;	/* across the end: what fits */
	fhold(fp);
	am->am_fp = fp;
	crit_enter();
	lwkt_holdmsg(&async_bioport, msg);
	am->am_state = AM_DEVICE;
	async_direct++;
	error = dev_dstrategy_send(dev, &am->am_bio, bio_cmd, uap->offset,
	    &am->am_out, &async_bioport);
	if (error != 0) {
		/* The device is gone: nothing was sent. */
		async_direct--;
		am->am_state = AM_NEW;
		lwkt_unholdmsg(msg);
		crit_exit();
		return (error);
	}
	/* A driver thread made runnable does not preempt the sender, so a
	 * batch of sends costs one switch. */
	lwkt_resched_cancel();
	crit_exit();
	return (EASYNC);
}

/*
 * async_bioport's function: a disk transfer came back, in the driver's
 * thread (or in the sender's, from a port that finished it at once).
 * The bytes moved are the call's result; the call's message is replied
 * to async_replyport, which completes it.
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
		async_fire(am);
	} else {
		lwkt_replymsg(&am->am_sm.sm_lmsg, error);
	}
	crit_exit();
}
