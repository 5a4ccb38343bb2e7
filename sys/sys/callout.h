/*
 * sys/callout.h - timed calls.
 *
 * callout_reset(c, n, fn, arg) arranges for fn(arg) to run n clock ticks
 * from now, from the clock interrupt of the CPU that armed it, inside a
 * critical section: fn must not block.  callout_stop() cancels a pending
 * call; after it returns fn will not run (on one CPU a callout cannot be
 * running while another thread calls callout_stop()).
 *
 * Each CPU keeps its own list sorted by expiry; the clock interrupt only
 * looks at the head.
 */
#ifndef _SYS_CALLOUT_H_
#define _SYS_CALLOUT_H_

#include <sys/types.h>
#include <sys/queue.h>

struct globaldata;

struct callout {
	TAILQ_ENTRY(callout) c_link;	/* [c] on gd_callouts while pending */
	uint64_t	c_time;		/* [c] tick at which to fire */
	void		(*c_func)(void *); /* [c] what to call */
	void		*c_arg;		/* [c] its argument */
	int		c_flags;	/* [c] CALLOUT_* */
	struct globaldata *c_gd;	/* [c] CPU whose list holds it */
};

TAILQ_HEAD(callout_list, callout);

#define CALLOUT_PENDING	0x0001		/* on a CPU's list */

void	callout_init(struct callout *c);
void	callout_reset(struct callout *c, int nticks, void (*fn)(void *),
	    void *arg);
bool	callout_stop(struct callout *c);
bool	callout_pending(struct callout *c);
void	callout_tick(struct globaldata *gd);

#endif
