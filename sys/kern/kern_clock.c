/*
 * kern_clock.c - the clock tick.
 *
 * hardclock() runs hz times a second from the timer interrupt (or later,
 * replayed, if the tick arrived inside a critical section).  It advances
 * `ticks` and runs due callouts; everything time-based (tsleep timeouts,
 * later periodic timer messages) hangs off callouts.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/globaldata.h>

int hz = HZ;
volatile uint64_t ticks;


void
hardclock(void *arg __unused)
{
	globaldata_t gd = mycpu;

	ticks++;
	time_tick();			/* getnanotime()'s copy of the time */
	if (gd->gd_curthread->td_lwp != NULL)
		gd->gd_curthread->td_quantum++;
	callout_tick(gd);
}
