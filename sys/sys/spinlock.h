/*
 * sys/spinlock.h - short-held spin locks.
 *
 * A spinlock is held across a few instructions only and never across a
 * block.  Taking one enters a critical section first, so the holder cannot
 * be preempted or interrupted by deferred work on its own CPU; the atomic
 * exchange then excludes other CPUs.  On one CPU the exchange always
 * succeeds at once, but the code is the same as it would be on many.
 * The message paths take theirs inline (sys/spinlock2.h).
 */
#ifndef _SYS_SPINLOCK_H_
#define _SYS_SPINLOCK_H_

#include <sys/types.h>

struct spinlock {
	volatile uint32_t sl_lock;	/* [a] 0 free, 1 held */
};

#define SPINLOCK_INITIALIZER	{ 0 }

#ifdef _KERNEL
void	spin_init(struct spinlock *sl);
void	spin_lock(struct spinlock *sl);
void	spin_unlock(struct spinlock *sl);
#endif

#endif
