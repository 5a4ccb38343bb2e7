/*
 * sys/spinlock2.h - spin locks inline, for the paths that take one on
 * every message: a port's queue and its waiter (lwkt_msgport.c).
 * spin_lock() and spin_unlock() (sys/spinlock.h, kern_spinlock.c) are
 * these same few instructions behind a call.
 */
#ifndef _SYS_SPINLOCK2_H_
#define _SYS_SPINLOCK2_H_

#ifndef _KERNEL
#error "sys/spinlock2.h is for the kernel only"
#endif

#include <sys/types.h>
#include <sys/systm.h>
#include <sys/spinlock.h>
#include <sys/globaldata.h>

/*
 * Take sl in the critical section the caller is in already (and stays
 * in until after spin_unlock_crit()): spin_lock_quick() (below) without a
 * second, nested one, whose entry and exit (the exit's look for work
 * it held off) cost as much as the lock, for a path that takes a lock
 * on every message inside its own section (sys/msgport2.h's agent port).
 * Never blocks.  [c]
 */
static inline void
spin_lock_crit(struct spinlock *sl)
{
	while (atomic_swap_int(&sl->sl_lock, 1) != 0)
		cpu_pause();
}

/* Let sl, taken by spin_lock_crit(), go; the caller's critical section
 * goes on.  [c] */
static inline void
spin_unlock_crit(struct spinlock *sl)
{
	KASSERT(sl->sl_lock != 0, ("spin_unlock: not held"));
	cpu_ccfence();
	sl->sl_lock = 0;
}

/* Enter a critical section and take sl.  Never blocks. */
static inline void
spin_lock_quick(struct spinlock *sl)
{
	crit_enter();
	spin_lock_crit(sl);
}

/* Let sl go and leave the critical section spin_lock_quick() entered. */
static inline void
spin_unlock_quick(struct spinlock *sl)
{
	spin_unlock_crit(sl);
	crit_exit();
}

#endif
