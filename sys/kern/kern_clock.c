/*
 * kern_clock.c - the clock tick.
 *
 * hardclock() runs hz times a second from the timer interrupt (or later,
 * replayed, if the tick arrived inside a critical section).  It advances
 * `ticks` and runs due callouts; everything time-based (tsleep timeouts,
 * later periodic timer messages) hangs off callouts.  It also charges
 * the tick to the running user thread's process, as user or system time
 * by the mode it interrupted (gd_intr_user; kern_time.c).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/time.h>
#include <sys/thread.h>
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
		td->td_quantum++;
		time_charge_tick(td, gd->gd_intr_user);
	}
	callout_tick(gd);
}
