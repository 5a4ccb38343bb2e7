/*
 * kern_spinlock.c - spin locks (see sys/spinlock.h).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/spinlock.h>
#include <sys/globaldata.h>

void
spin_init(struct spinlock *sl)
{
	sl->sl_lock = 0;
}

/* Enter a critical section and take sl.  Never blocks. */
void
spin_lock(struct spinlock *sl)
{
	crit_enter();
	while (atomic_swap_int(&sl->sl_lock, 1) != 0)
		cpu_pause();
}

void
spin_unlock(struct spinlock *sl)
{
	KASSERT(sl->sl_lock != 0, ("spin_unlock: not held"));
	cpu_ccfence();
	sl->sl_lock = 0;
	crit_exit();
}
