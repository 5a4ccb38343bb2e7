/*
 * sys/thread2.h - kernel-only inlines of the LWKT scheduler, for the
 * paths that wake a thread on every message: wakeup() and a thread
 * port's reply, and the sleeps that wait for them (kern_synch.c,
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

#endif
