/*
 * kern_timeout.c - callouts (see sys/callout.h).
 *
 * Each CPU keeps its pending callouts on a wheel: CALLWHEEL_SIZE lists
 * (gd_callwheel), a callout due at tick t on list t modulo the size, in
 * the order it was armed.  Arming is an insertion at a list's tail and
 * stopping a removal, whatever else is pending: a sleep with a timeout
 * (tsleep) and every deadline of a user driver's held message
 * (kern_agent.c) arm and stop one, several times a disk read.  (A list
 * sorted by time, as this was, costs a walk at each arming: about 120
 * instructions with the dozen callouts a user driver's system keeps.)
 *
 * The clock interrupt calls callout_tick() once a tick (ticks moves
 * only there), which takes the tick's list, moves the callouts due now
 * to gd_calldue (those of a later turn of the wheel stay) and runs them
 * one at a time from there, inside the interrupt's critical section.
 * A callout's function may stop or re-arm any callout, itself or
 * another due at the same tick: each callout knows its list (c_list),
 * so a stop takes it off whichever it is on, and a re-armed one is due
 * at a later tick.  So callouts run in the tick they are due, those of
 * one tick in the order they were armed, as the sorted list ran them.
 *
 * gd_callticks is the last tick run; a tick is never skipped (the loop
 * catches up should ticks ever move by more than one).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/callout.h>
#include <sys/globaldata.h>

/* Boot: an empty wheel for gd.  From globaldata_init, before anything
 * can be armed. */
void
callout_init_cpu(struct globaldata *gd)
{
	int i;

	for (i = 0; i < CALLWHEEL_SIZE; i++)
		TAILQ_INIT(&gd->gd_callwheel[i]);
	TAILQ_INIT(&gd->gd_calldue);
	gd->gd_callticks = ticks;
}

void
callout_init(struct callout *c)
{
	c->c_flags = 0;
	c->c_list = NULL;
	c->c_func = NULL;
	c->c_arg = NULL;
	c->c_gd = NULL;
}

/* Take pending c off its list.  [c] */
static inline void
callout_unlink(struct callout *c)
{
	TAILQ_REMOVE(c->c_list, c, c_link);
	c->c_list = NULL;
	c->c_flags &= ~CALLOUT_PENDING;
}

/* Cancel c if pending; returns whether it was.  Never blocks. */
bool
callout_stop(struct callout *c)
{
	bool was;

	crit_enter();
	was = (c->c_flags & CALLOUT_PENDING) != 0;
	if (was)
		callout_unlink(c);
	crit_exit();
	return (was);
}

/* (Re)arm c to call fn(arg) after nticks ticks (at least one).  Never
 * blocks; callable from an interrupt or a callout. */
void
callout_reset(struct callout *c, int nticks, void (*fn)(void *), void *arg)
{
	globaldata_t gd = mycpu;
	struct callout_list *l;

	if (nticks < 1)
		nticks = 1;
	crit_enter();
	if (c->c_flags & CALLOUT_PENDING)
		callout_unlink(c);
	c->c_func = fn;
	c->c_arg = arg;
	c->c_gd = gd;
	c->c_time = ticks + (uint64_t)nticks;
	l = &gd->gd_callwheel[c->c_time & CALLWHEEL_MASK];
	TAILQ_INSERT_TAIL(l, c, c_link);
	c->c_list = l;
	c->c_flags |= CALLOUT_PENDING;
	crit_exit();
}

/* Run every callout due by the current tick.  From the clock interrupt,
 * in its critical section. */
void
callout_tick(globaldata_t gd)
{
	struct callout_list *l;
	struct callout *c, *next;

	while (gd->gd_callticks < ticks) {
		uint64_t now = ++gd->gd_callticks;

		l = &gd->gd_callwheel[now & CALLWHEEL_MASK];
		for (c = TAILQ_FIRST(l); c != NULL; c = next) {
			next = TAILQ_NEXT(c, c_link);
			if (c->c_time > now)
				continue;	/* a later turn of the wheel */
			TAILQ_REMOVE(l, c, c_link);
			TAILQ_INSERT_TAIL(&gd->gd_calldue, c, c_link);
			c->c_list = &gd->gd_calldue;
		}
		while ((c = TAILQ_FIRST(&gd->gd_calldue)) != NULL) {
			callout_unlink(c);
			c->c_func(c->c_arg);
		}
	}
}
