/*
 * kern_asyncwork.c - worker pools: kernel threads that run messages
 * (sys/workpool.h has the interface).
 *
 * A pool's threads wait on its spin port.  A worker takes a message,
 * calls the pool's run function, and waits again.  The run function may
 * block for as long as the work needs (an asynchronous read of an empty
 * pipe blocks until someone writes), so a worker that starts a message
 * when no other worker of the pool is idle first starts a spare thread
 * (up to wp_max): blocked work never holds up the work queued behind it
 * (another process's, or the write that would unblock it).
 *
 * SPARES.  The wp_min threads started at boot run for ever.  A spare ends
 * after one message.  One that never gets any (it was started for the
 * worst case) is retired by the next boot worker that goes idle, which
 * makes it surplus.  So once the work is over, the threads left are the
 * boot workers themselves, not whichever threads happened to finish
 * last: the thread structures and stacks of the spares all go back, and
 * kmalloc's slabs are as they were (the leak checks of the tests compare
 * them).
 *
 * A retired spare is told to end with TDF_ABORT and an interrupted wait;
 * if a message woke it first, it runs that one and ends after it (its
 * TDF_ABORT is cleared first, so that it does not reach the message).
 *
 * LOCKING: one CPU; the counters and the spare list ([c]) are changed in
 * critical sections.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/msgport.h>
#include <sys/workpool.h>
#include <machine/pmap.h>

/* A spare worker waiting for work: on its stack, on wp_spares. */
struct workpool_spare {
	LIST_ENTRY(workpool_spare) ws_link; /* [c] wp_spares */
	thread_t	ws_td;		/* [I] the spare */
	bool		ws_retired;	/* [c] off the list, told to end */
};

static void	workpool_worker(void *arg);

/* Start one more worker of wp, a spare unless at boot.  Thread context;
 * the caller counted it in wp_workers. */
static void
workpool_spawn(struct workpool *wp, bool spare)
{
	thread_t td;

	/* The argument: the pool, its low bit set for a spare (pools are
	 * word aligned). */
	td = lwkt_create(workpool_worker, (void *)((uintptr_t)wp | spare),
	    TDPRI_KERN, wp->wp_name);
	td->td_cr3 = kernel_pd_phys;	/* no user space at all */
}

/* End an idle spare (see SPARES).  [c] */
static void
workpool_retire(struct workpool *wp, struct workpool_spare *ws)
{
	LIST_REMOVE(ws, ws_link);
	ws->ws_retired = true;
	wp->wp_idle--;
	wp->wp_workers--;
	ws->ws_td->td_flags |= TDF_ABORT;
	tsleep_interrupt(ws->ws_td);
}

static void
workpool_worker(void *arg)
{
	struct workpool *wp = (struct workpool *)((uintptr_t)arg & ~1u);
	bool spare = ((uintptr_t)arg & 1) != 0;
	thread_t td = curthread;
	struct workpool_spare ws = { .ws_td = td };

	for (;;) {
		struct workpool_spare *idle;
		lwkt_msg_t msg;
		bool spawn;

		crit_enter();
		wp->wp_idle++;
		if (spare)
			LIST_INSERT_HEAD(&wp->wp_spares, &ws, ws_link);
		else if ((idle = LIST_FIRST(&wp->wp_spares)) != NULL)
			workpool_retire(wp, idle);
		crit_exit();
		msg = lwkt_waitport(&wp->wp_port, spare ? PCATCH : 0);
		crit_enter();
		if (ws.ws_retired) {
			/* Counted out already. */
			td->td_flags &= ~TDF_ABORT;
			if (msg == NULL) {
				crit_exit();
				lwkt_exit();
			}
		} else {
			if (spare)
				LIST_REMOVE(&ws, ws_link);
			wp->wp_idle--;
		}
		KASSERT(msg != NULL, ("workpool_worker: interrupted wait"));
		spawn = wp->wp_idle == 0 && wp->wp_workers < wp->wp_max;
		if (spawn)
			wp->wp_workers++;
		crit_exit();
		if (spawn)
			workpool_spawn(wp, true);
		wp->wp_run(msg);
		KASSERT(td->td_cr3 == kernel_pd_phys,
		    ("workpool_worker: %s kept an address space", wp->wp_name));
		if (spare)
			break;
	}
	crit_enter();
	if (!ws.ws_retired)
		wp->wp_workers--;
	crit_exit();
	lwkt_exit();
}

void
workpool_init(struct workpool *wp, const char *name, void (*run)(lwkt_msg_t),
    int min, int max)
{
	int i;

	KASSERT(min >= 1 && max >= min, ("%s: %d..%d workers", __func__,
	    min, max));
	lwkt_initport_spin(&wp->wp_port);
	wp->wp_run = run;
	wp->wp_name = name;
	wp->wp_min = min;
	wp->wp_max = max;
	LIST_INIT(&wp->wp_spares);
	for (i = 0; i < min; i++) {
		wp->wp_workers++;
		workpool_spawn(wp, false);
	}
}

void
workpool_send(struct workpool *wp, lwkt_msg_t msg)
{
	lwkt_sendmsg_nopreempt(&wp->wp_port, msg);
}
