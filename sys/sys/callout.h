/*
 * sys/callout.h - timed calls.
 *
 * callout_reset(c, n, fn, arg) arranges for fn(arg) to run n clock ticks
 * from now, from the clock interrupt of the CPU that armed it, inside a
 * critical section: fn must not block.  callout_stop() cancels a pending
 * call; after it returns fn will not run (on one CPU a callout cannot be
 * running while another thread calls callout_stop()).
 *
 * Each CPU keeps its pending callouts on a wheel of CALLWHEEL_SIZE
 * lists, one per tick modulo the size (kern_timeout.c): arming and
 * stopping cost a list insertion or removal whatever else is pending,
 * and the clock interrupt looks at one list a tick.
 */
#ifndef _SYS_CALLOUT_H_
#define _SYS_CALLOUT_H_

#include <sys/types.h>
#include <sys/queue.h>

struct globaldata;

TAILQ_HEAD(callout_list, callout);

struct callout {
	TAILQ_ENTRY(callout) c_link;	/* [c] on c_list while pending */
	struct callout_list *c_list;	/* [c] the wheel's list (or the tick's
					 *     due list) holding it */
	uint64_t	c_time;		/* [c] tick at which to fire */
	void		(*c_func)(void *); /* [c] what to call */
	void		*c_arg;		/* [c] its argument */
	int		c_flags;	/* [c] CALLOUT_* */
	struct globaldata *c_gd;	/* [c] CPU whose wheel holds it */
};

#define CALLOUT_PENDING	0x0001		/* on a CPU's wheel */

/* The wheel's lists: a power of two.  A callout more than this many
 * ticks away is passed over by the clock (CALLWHEEL_SIZE / hz seconds
 * a turn) until its turn comes. */
#define CALLWHEEL_SIZE	256
#define CALLWHEEL_MASK	(CALLWHEEL_SIZE - 1)

void	callout_init(struct callout *c);
void	callout_reset(struct callout *c, int nticks, void (*fn)(void *),
	    void *arg);
bool	callout_stop(struct callout *c);
void	callout_tick(struct globaldata *gd);
void	callout_init_cpu(struct globaldata *gd);

/* Is c armed (on a wheel, not yet run or stopped)?  Inline: the agent
 * asks it on every message put and every timed receive. */
static inline bool
callout_pending(const struct callout *c)
{
	return ((c->c_flags & CALLOUT_PENDING) != 0);
}

#endif
