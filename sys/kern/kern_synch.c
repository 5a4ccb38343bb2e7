/*
 * kern_synch.c - tsleep() and wakeup().
 *
 * A thread sleeps on an identifier (any address).  Sleepers are kept in
 * a hash of queues keyed by the identifier; wakeup(ident) makes
 * every sleeper on ident runnable, wakeup_one() only the first, and
 * wakeup_thread(td, ident) td alone, found without the walk (for a
 * channel whose one sleeper the waker knows).  A sleeper whose wakers
 * all know it may sleep on no queue at all (tsleep_known): only
 * wakeup_thread ends its sleep then, or a signal, or its timeout.  A
 * timeout, in ticks, arms the thread's own callout, which wakes it with
 * EWOULDBLOCK.
 *
 * The timeout is not stopped when the sleep ends otherwise: each sleep
 * is numbered (td_sleepseq), the callout remembers the sleep it was
 * armed for (td_timoseq) and one that fires for an older sleep does
 * nothing.  A thread that sleeps again with a timeout due at the same
 * tick (most do: a driver's receive with its next timer's deadline, a
 * loop that waits in the same tick) finds the callout armed for that
 * tick and only renumbers it: no callout_stop() at the wakeup and no
 * callout_reset() at the next sleep, about 70 guest instructions a sleep
 * of the driver processes (kern_agentgate.c's receive).
 *
 * The sleep queues are shared by all CPUs; on one CPU a critical section
 * protects them (a spinlock per bucket would be added with SMP, and a
 * wakeup of a thread owned by another CPU would be forwarded to it).
 *
 * Use: test a condition and sleep inside one critical section, so a
 * wakeup cannot slip between the test and the sleep:
 *
 *	crit_enter();
 *	while (!cond)
 *		tsleep(&cond, 0, "wait", 0);
 *	crit_exit();
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/globaldata.h>
#include <sys/queue.h>
#include <sys/proc.h>

/*
 * The sleep queues: 512 of them, hashed by multiplying (Knuth's golden
 * ratio) so that the high bits of an address count too.  The identifiers
 * are mostly structures of one size (services, processes, ports), whose
 * addresses differ by multiples of a power of two; the low bits alone
 * put them in few queues, and each wakeup walked the other sleepers of
 * its queue (about 20 instructions a read's wakeup with 64 queues).
 */
#define SLPQ_SHIFT	9
#define SLPQ_SIZE	(1 << SLPQ_SHIFT)
#define SLPQ_HASH(id)	((uint32_t)((uintptr_t)(id) * 0x9e3779b1u) >> \
			    (32 - SLPQ_SHIFT))

TAILQ_HEAD(slpquehead, thread);
static struct slpquehead slpque[SLPQ_SIZE];	/* [c] */

/* td_threadq links a thread into a run queue or a sleep queue, never
 * both: a sleeping thread is off its run queue. */

void
sleep_init(void)
{
	int i;

	for (i = 0; i < SLPQ_SIZE; i++)
		TAILQ_INIT(&slpque[i]);
}

/* Take td, asleep on a queue, off it: for sleep_end() (sys/thread2.h),
 * which ends every sleep.  [c] */
void
sleep_dequeue(thread_t td)
{
	TAILQ_REMOVE(&slpque[SLPQ_HASH(td->td_wchan)], td, td_threadq);
}

/* Callout: the sleep of thread arg timed out, if it is still the sleep
 * the callout was armed for. */
static void
endtsleep(void *arg)
{
	thread_t td = arg;

	if ((td->td_flags & TDF_SLEEPING) &&
	    td->td_timoseq == td->td_sleepseq) {
		sleep_end(td);
		td->td_flags |= TDF_TIMEOUT;
		lwkt_schedule(td);
	}
}

/* tsleep() and tsleep_known(): the sleep on a queue (known false) or
 * on none.  Inline in each, where known is a constant. */
static __always_inline int
tsleep_common(const volatile void *ident, int flags, const char *wmesg,
    int timo, bool known)
{
	thread_t td = curthread;
	globaldata_t gd = td->td_gd;
	int error;

	KASSERT((td->td_flags & TDF_IDLE) == 0 && gd->gd_intr_nesting == 0,
	    ("tsleep: %s cannot sleep here", td->td_comm));
	KASSERT(ident != NULL, ("tsleep: NULL ident"));
	crit_enter_quick(td);
	if ((flags & PCATCH) && ((td->td_flags & TDF_ABORT) ||
	    lwp_signal_pending(td))) {
		crit_exit_quick(td);
		return (EINTR);
	}
	if ((flags & PCATCH) && (td->td_flags & TDF_NOSLEEP)) {
		td->td_flags |= TDF_WOULDSLEEP;
		crit_exit_quick(td);
		return (EWOULDBLOCK);
	}
	td->td_sleepseq++;
	td->td_wchan = ident;
	td->td_wmesg = wmesg;
	td->td_flags = (td->td_flags & ~(TDF_TIMEOUT | TDF_SIGWAKE)) |
	    TDF_SLEEPING | ((flags & PCATCH) ? TDF_SINTR : 0) |
	    (known ? TDF_SLPKNOWN : 0);
	lwkt_deschedule_self(td);
	if (!known)
		TAILQ_INSERT_TAIL(&slpque[SLPQ_HASH(ident)], td, td_threadq);
	if (timo > 0) {
		struct callout *c = &td->td_sleepcallout;

		td->td_timoseq = td->td_sleepseq;
		if (!callout_pending(c) || c->c_time != ticks + (uint64_t)timo)
			callout_reset(c, timo, endtsleep, td);
	}
	lwkt_switch();
	error = 0;
	if (td->td_flags & TDF_SIGWAKE)
		error = EINTR;
	else if (td->td_flags & TDF_TIMEOUT)
		error = EWOULDBLOCK;
	td->td_flags &= ~(TDF_SINTR | TDF_SIGWAKE | TDF_TIMEOUT);
	crit_exit_quick(td);
	return (error);
}

/*
 * Sleep until wakeup(ident) or, if timo > 0, for at most timo ticks.
 * Returns 0 when woken, EWOULDBLOCK on timeout.  With PCATCH, a pending
 * signal (now or while asleep) ends the sleep with EINTR, and a thread
 * with TDF_NOSLEEP (trying a call without sleeping, kern_async.c) gets
 * EWOULDBLOCK at once and TDF_WOULDSLEEP set.  Tokens are released
 * while asleep and held again on return.  Not from the idle thread or an
 * interrupt.
 */
int
tsleep(const volatile void *ident, int flags, const char *wmesg, int timo)
{
	return (tsleep_common(ident, flags, wmesg, timo, false));
}

/*
 * tsleep(), on no sleep queue: only wakeup_thread(curthread, ident)
 * ends the sleep (or a signal with PCATCH, or the timeout); wakeup(ident)
 * does not see it.  For a channel whose wakers all know the one thread
 * that sleeps there (a driver process's service: kern_agentgate.c), which
 * then pays no queue at the sleep or at the wakeup.  As tsleep()
 * otherwise.
 */
int
tsleep_known(const volatile void *ident, int flags, const char *wmesg,
    int timo)
{
	return (tsleep_common(ident, flags, wmesg, timo, true));
}

/* A signal arrived for td: end its sleep if it sleeps interruptibly. */
void
tsleep_interrupt(thread_t td)
{
	crit_enter();
	if ((td->td_flags & (TDF_SLEEPING | TDF_SINTR)) ==
	    (TDF_SLEEPING | TDF_SINTR)) {
		sleep_end(td);
		td->td_flags |= TDF_SIGWAKE;
		lwkt_schedule(td);
	}
	crit_exit();
}

/* Wake the sleepers on ident (one: the first only); did it wake any? */
static bool
wakeup_common(const volatile void *ident, bool one)
{
	struct slpquehead *q = &slpque[SLPQ_HASH(ident)];
	thread_t td, ntd;
	bool woke = false;

	crit_enter();
	TAILQ_FOREACH_SAFE(td, q, td_threadq, ntd) {
		if (td->td_wchan != ident)
			continue;
		TAILQ_REMOVE(q, td, td_threadq);	/* sleep_end() */
		td->td_flags &= ~TDF_SLEEPING;
		td->td_wchan = NULL;
		lwkt_schedule_crit(td);
		woke = true;
		if (one)
			break;
	}
	crit_exit();
	return (woke);
}

/* Make every thread sleeping on ident runnable.  Never blocks; callable
 * from interrupts. */
void
wakeup(const volatile void *ident)
{
	wakeup_common(ident, false);
}

/* Make the longest sleeper on ident runnable: false if there was none
 * (a sleeper already woken or interrupted is no longer one). */
bool
wakeup_one(const volatile void *ident)
{
	return (wakeup_common(ident, true));
}
