/*
 * kern_timeout.c - callouts (see sys/callout.h).
 *
 * Each CPU keeps its pending callouts on gd_callouts sorted by the tick
 * they fire at; the clock interrupt calls callout_tick(), which runs every
 * callout whose time has come, in order, inside the interrupt's critical
 * section.  Arming walks the list from the tail (most timeouts are
 * similar, so the walk is short).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/callout.h>
#include <sys/globaldata.h>

void
callout_init(struct callout *c)
{
	c->c_flags = 0;
	c->c_func = NULL;
	c->c_arg = NULL;
	c->c_gd = NULL;
}

/* Cancel c if pending; returns whether it was. */
bool
callout_stop(struct callout *c)
{
	bool was;

	crit_enter();
	was = (c->c_flags & CALLOUT_PENDING) != 0;
	if (was) {
		TAILQ_REMOVE(&c->c_gd->gd_callouts, c, c_link);
		c->c_flags &= ~CALLOUT_PENDING;
	}
	crit_exit();
	return (was);
}

/* (Re)arm c to call fn(arg) after nticks ticks (at least one). */
void
callout_reset(struct callout *c, int nticks, void (*fn)(void *), void *arg)
{
	globaldata_t gd = mycpu;
	struct callout *p;

	if (nticks < 1)
		nticks = 1;
	crit_enter();
	callout_stop(c);
	c->c_func = fn;
	c->c_arg = arg;
	c->c_gd = gd;
	c->c_time = ticks + (uint64_t)nticks;
	c->c_flags |= CALLOUT_PENDING;
	for (p = TAILQ_LAST(&gd->gd_callouts, callout_list); p != NULL;
	    p = TAILQ_PREV(p, callout_list, c_link)) {
		if (p->c_time <= c->c_time)
			break;
	}
	if (p == NULL)
		TAILQ_INSERT_HEAD(&gd->gd_callouts, c, c_link);
	else
		TAILQ_INSERT_AFTER(&gd->gd_callouts, p, c, c_link);
	crit_exit();
}

bool
callout_pending(struct callout *c)
{
	return ((c->c_flags & CALLOUT_PENDING) != 0);
}

/* Run every callout due at the current tick.  From the clock interrupt. */
void
callout_tick(globaldata_t gd)
{
	struct callout *c;

	while ((c = TAILQ_FIRST(&gd->gd_callouts)) != NULL &&
	    c->c_time <= ticks) {
		TAILQ_REMOVE(&gd->gd_callouts, c, c_link);
		c->c_flags &= ~CALLOUT_PENDING;
		c->c_func(c->c_arg);
	}
}
