/*
 * kern_clock.c - the clock tick.
 *
 * hardclock() runs hz times a second from the timer interrupt (or later,
 * replayed, if the tick arrived inside a critical section).  It advances
 * `ticks` and runs due callouts; everything time-based (tsleep timeouts,
 * later periodic timer messages) hangs off callouts.  It also charges
 * the tick to the running user thread's process, as user or system time
 * by the mode it interrupted (gd_intr_user; kern_time.c), counts its
 * quantum (userret() yields once it is used up: td_ast, sys/proc.h), and
 * checks, when it finds the thread in user mode, that td_ast is set if
 * userret() has any other work for it.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/time.h>
#include <sys/thread.h>
#include <sys/proc.h>
#include <sys/globaldata.h>

int hz = HZ;
volatile uint64_t ticks;


void
hardclock(void *arg __unused)
{
	globaldata_t gd = mycpu;
	thread_t td = gd->gd_curthread;

	ticks++;
	time_tick();			/* getnanotime()'s copy of the time */
	if (td->td_lwp != NULL) {
		/* A place that made work for userret() and did not say so
		 * (sys/proc.h): a signal that would wait for the quantum. */
		KASSERT(!gd->gd_intr_user || userret_pending(td) ||
		    !userret_owed(td), ("%s: pid %d has work for userret() "
		    "and td_ast clear", __func__, td->td_proc->p_pid));
		if (++td->td_quantum >= USER_QUANTUM)
			userret_post(td);	/* time to yield */
		time_charge_tick(td, gd->gd_intr_user);
	}
	callout_tick(gd);
}
