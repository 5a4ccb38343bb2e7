/*
 * kern_spinlock.c - spin locks (see sys/spinlock.h): the inlines of
 * sys/spinlock2.h behind a call, for code off the message paths.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/spinlock.h>
#include <sys/spinlock2.h>
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
	spin_lock_quick(sl);
}

void
spin_unlock(struct spinlock *sl)
{
	spin_unlock_quick(sl);
}
