/*
 * sys/thread2.h - kernel-only inlines of the LWKT scheduler, for the
 * paths that wake a thread on every message: wakeup() and a thread
 * port's reply, a driver service's wakeup_thread(), and the sleeps that
 * wait for them (kern_synch.c,
 * lwkt_msgport.c): a few instructions each, not a call.  lwkt_schedule()
 * is lwkt_schedule_crit() in a critical section of its own.
 */
#ifndef _SYS_THREAD2_H_
#define _SYS_THREAD2_H_

#ifndef _KERNEL
#error "sys/thread2.h is for the kernel only"
#endif

#include <sys/types.h>
#include <sys/systm.h>
#include <sys/thread.h>
#include <sys/globaldata.h>

/*
 * Put td on its CPU's run queue (if it is not there) and request a
 * reschedule if it should preempt the current thread.  Caller is in a
 * critical section on td's CPU; td is neither exiting nor an idle
 * thread.  Never blocks.
 */
static inline void
lwkt_schedule_crit(thread_t td)
{
	globaldata_t gd = td->td_gd;

	KASSERT(gd == mycpu && curthread->td_critcount > 0,
	    ("lwkt_schedule: %s: other CPU or no critical section",
	    td->td_comm));
	KASSERT((td->td_flags & (TDF_EXITING | TDF_IDLE)) == 0,
	    ("lwkt_schedule: %s cannot be scheduled", td->td_comm));
	if ((td->td_flags & TDF_RUNQ) == 0) {
		int pri = td->td_pri;

		td->td_flags |= TDF_RUNQ;
		TAILQ_INSERT_TAIL(&gd->gd_tdrunq[pri], td, td_threadq);
		gd->gd_runqmask |= 1u << pri;
		if (pri > gd->gd_curthread->td_pri)
			atomic_set_int(&gd->gd_reqflags,
			    RQF_AST_LWKT_RESCHED);
	}
}

/* Take td off its run queue.  [c] */
static inline void
lwkt_runq_remove(globaldata_t gd, thread_t td)
{
	int pri = td->td_pri;

	TAILQ_REMOVE(&gd->gd_tdrunq[pri], td, td_threadq);
	if (TAILQ_EMPTY(&gd->gd_tdrunq[pri]))
		gd->gd_runqmask &= ~(1u << pri);
	td->td_flags &= ~TDF_RUNQ;
}

/* Take the current thread off the run queue: the next lwkt_switch()
 * blocks it until somebody calls lwkt_schedule().  Caller is in a
 * critical section, so no wakeup can be lost in between. */
static inline void
lwkt_deschedule_self(thread_t td)
{
	KASSERT(td == curthread && td->td_critcount > 0,
	    ("lwkt_deschedule_self: not curthread or not in crit"));
	if (td->td_flags & TDF_RUNQ)
		lwkt_runq_remove(td->td_gd, td);
}

void	sleep_dequeue(thread_t td);		/* kern_synch.c */

/* End td's sleep: off its sleep queue (tsleep_known's is on none), no
 * longer asleep; the caller makes it runnable.  [c] */
static inline void
sleep_end(thread_t td)
{
	if ((td->td_flags & TDF_SLPKNOWN) == 0)
		sleep_dequeue(td);
	td->td_flags &= ~(TDF_SLEEPING | TDF_SLPKNOWN);
	td->td_wchan = NULL;
}

/*
 * Make td runnable if it sleeps on ident; did it?  For a waker that
 * knows the one thread that can be asleep there (a driver process's
 * service: agent_svc_wake): no walk of ident's queue, and for a
 * tsleep_known() sleeper no queue at all.  td must exist (the caller
 * knows it sleeps, or is on its way to or from the sleep); it may run,
 * or sleep on something else, and is then left alone.  Caller in a
 * critical section (the wakers are putports, callouts and replies, in
 * theirs already); never blocks.
 */
static inline bool
wakeup_thread(thread_t td, const volatile void *ident)
{
	KASSERT(curthread->td_critcount > 0,
	    ("wakeup_thread: not in a critical section"));
	if ((td->td_flags & TDF_SLEEPING) == 0 || td->td_wchan != ident)
		return (false);
	sleep_end(td);
	lwkt_schedule_crit(td);
	return (true);
}

#endif
