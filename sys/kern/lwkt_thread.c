/*
 * lwkt_thread.c - light-weight kernel threads and the per-CPU scheduler.
 *
 * Each CPU schedules only its own threads, from its own globaldata:
 * gd_tdrunq[] holds one FIFO per priority and gd_runqmask says which are
 * non-empty.  A runnable thread, including the running one, is on its
 * queue (TDF_RUNQ); blocking means taking yourself off the queue
 * (lwkt_deschedule_self) and calling lwkt_switch().
 *
 * lwkt_switch() releases the current thread's tokens (unless the thread is
 * being preempted: see lwkt_switch_int), then picks the first
 * thread of the highest non-empty priority whose tokens can all be
 * acquired (falling back to the idle thread), and switches to it.  So the
 * running thread keeps the CPU until it blocks or yields (lwkt_yield moves
 * it to the back of its queue) unless a higher-priority thread becomes
 * runnable: lwkt_schedule() then sets RQF_AST_LWKT_RESCHED, and the next
 * crit_exit() to level 0, or the return path of the interrupt that woke
 * it, switches.
 *
 * A thread's life: lwkt_create() (or lwkt_create_nowait(), which fails
 * instead of waiting for memory) allocates the struct and a guarded
 * kernel stack, prepares the stack so that the first switch "returns"
 * into lwkt_thread_start(), and schedules it.  lwkt_exit() takes it off
 * every queue and switches away for good; the next thread to run on the
 * CPU frees the stack (a thread cannot free the stack it runs on).
 *
 * The boot context becomes the CPU's idle thread: it runs boot-time
 * initialisation inside a critical section and then lwkt_idle_loop().
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/sysctl.h>
#include <sys/globaldata.h>
#include <machine/cpufunc.h>
#include <machine/segments.h>
#include <machine/md_var.h>
#include <machine/cpu_switch.h>
#include <machine/vmparam.h>
#include <vm/vm_page.h>

MALLOC_DEFINE(M_THREAD, "thread", "LWKT thread structures");

static int lwkt_nthreads;		/* [c] threads alive, idle included */

/*
 * Set up a CPU's globaldata.  Called first thing at boot, before the
 * console works: curthread is the idle thread from here on, in a critical
 * section until lwkt_idle_loop() is entered.
 */
void
globaldata_init(struct globaldata *gd, int cpuid)
{
	thread_t td = &gd->gd_idlethread;
	int i;

	gd->gd_self = gd;
	gd->gd_cpuid = cpuid;
	for (i = 0; i < TDPRI_COUNT; i++)
		TAILQ_INIT(&gd->gd_tdrunq[i]);
	TAILQ_INIT(&gd->gd_tdallq);
	callout_init_cpu(gd);

	td->td_gd = gd;
	td->td_pri = TDPRI_IDLE;
	td->td_flags = TDF_IDLE;
	td->td_critcount = 1;
	td->td_kstack = (vm_offset_t)boot_stack;
	td->td_kstack_size = (int)(boot_stack_top - boot_stack);
	td->td_kstack_slot = -1;
	td->td_toks_stop = &td->td_toks[0];
	strlcpy(td->td_comm, "idle", sizeof(td->td_comm));
	gd->gd_curthread = td;
}

/* Finish the idle thread once the allocator and ports exist. */
void
lwkt_init(void)
{
	globaldata_t gd = mycpu;
	thread_t td = &gd->gd_idlethread;

	lwkt_initport_thread(&td->td_msgport, td);
	callout_init(&td->td_sleepcallout);
	TAILQ_INSERT_TAIL(&gd->gd_tdallq, td, td_allq);
	lwkt_nthreads = 1;
}

/* Put td on its CPU's run queue (if it is not there) and request a
 * reschedule if it should preempt the current thread. */
void
lwkt_schedule(thread_t td)
{
	crit_enter();
	lwkt_schedule_crit(td);		/* sys/thread2.h */
	crit_exit();
}


/* Change the current thread's priority. */
void
lwkt_setpri_self(int pri)
{
	thread_t td = curthread;

	KASSERT(pri >= 0 && pri <= TDPRI_MAX, ("lwkt_setpri_self: %d", pri));
	crit_enter();
	if (td->td_flags & TDF_RUNQ) {
		lwkt_runq_remove(td->td_gd, td);
		td->td_pri = pri;
		lwkt_schedule(td);
	} else {
		td->td_pri = pri;
	}
	if (td->td_gd->gd_runqmask >> (pri + 1))
		atomic_set_int(&td->td_gd->gd_reqflags, RQF_AST_LWKT_RESCHED);
	crit_exit();
}

/*
 * Forget that a thread made runnable since the last switch should preempt
 * the current one: it runs when the current thread blocks, yields or uses
 * up its quantum.  For a thread that wakes many others in a row and
 * wants one switch at the end (lwkt_sendmsg_nopreempt).  Caller in a
 * critical section.
 */
void
lwkt_resched_cancel(void)
{
	atomic_clear_int(&mycpu->gd_reqflags, RQF_AST_LWKT_RESCHED);
}

/* Whether td holds (or, switched out, will take back) any token: most
 * threads switch with none, and skip the two calls into lwkt_token.c. */
static inline bool
lwkt_has_tokens(thread_t td)
{
	return (td->td_toks_stop != &td->td_toks[0]);
}

/* Choose the next thread: highest priority first, skipping threads whose
 * tokens are held by someone else. */
static thread_t
lwkt_pick(globaldata_t gd)
{
	uint32_t mask = gd->gd_runqmask;
	thread_t td;

	while (mask != 0) {
		int pri = 31 - __builtin_clz(mask);

		TAILQ_FOREACH(td, &gd->gd_tdrunq[pri], td_threadq) {
			if (!lwkt_has_tokens(td) || lwkt_getalltokens(td)) {
				td->td_flags &= ~TDF_TOKWAIT;
				return (td);
			}
			td->td_flags |= TDF_TOKWAIT;
		}
		mask &= ~(1u << pri);
	}
	return (&gd->gd_idlethread);
}

/* Free an exited thread's stack and structure.  Runs on another thread. */
static void
lwkt_reap(globaldata_t gd)
{
	thread_t td = gd->gd_freetd;

	if (td != NULL && td != gd->gd_curthread) {
		gd->gd_freetd = NULL;
		kstack_free(td->td_kstack, td->td_kstack_slot);
		kfree(td, M_THREAD);
	}
}

/*
 * The switch itself.  A voluntary switch (the thread blocks or yields)
 * releases the thread's tokens; an involuntary one (preemption) keeps
 * them, so a preempting thread that wants one of them is simply not run
 * until the preempted thread blocks.
 */
static void
lwkt_switch_int(bool voluntary)
{
	globaldata_t gd = mycpu;
	thread_t td = gd->gd_curthread;
	thread_t ntd;

	crit_enter_quick(td);
	if (voluntary && lwkt_has_tokens(td))
		lwkt_relalltokens(td);
	atomic_clear_int(&gd->gd_reqflags, RQF_AST_LWKT_RESCHED);
	ntd = lwkt_pick(gd);
	if (ntd != td) {
		gd->gd_cnt_switch++;
		ntd->td_switchin++;
		cpu_switch_prepare(ntd);
		cpu_lwkt_switch(ntd);
		/* We run again: another thread switched back to us. */
		lwkt_reap(gd);
	}
	crit_exit_quick(td);
}

/*
 * Give the CPU to the best runnable thread (possibly the caller again).
 * The caller is off the run queue if it wants to block.  Its tokens are
 * released now and reacquired before it runs again.  May be called in a
 * critical section (the section stays held across the switch); not from
 * the idle thread while it is still doing boot initialisation.
 */
void
lwkt_switch(void)
{
	lwkt_switch_int(true);
}

/* Let other runnable threads of the same priority run first. */
void
lwkt_yield(void)
{
	thread_t td = curthread;
	globaldata_t gd = td->td_gd;

	crit_enter_quick(td);
	if (td->td_flags & TDF_RUNQ) {
		TAILQ_REMOVE(&gd->gd_tdrunq[td->td_pri], td, td_threadq);
		TAILQ_INSERT_TAIL(&gd->gd_tdrunq[td->td_pri], td, td_threadq);
	}
	lwkt_switch();
	crit_exit_quick(td);
}

/* First code of every new thread, reached by its first switch-in. */
static void
lwkt_thread_start(void)
{
	thread_t td = curthread;

	lwkt_reap(td->td_gd);
	crit_exit_quick(td);		/* created with td_critcount = 1 */
	td->td_func(td->td_arg);
	lwkt_exit();
}

/*
 * Create a thread running func(arg) at priority pri on the current CPU,
 * and make it runnable: *tdp.  Never blocks: ENOMEM when its structure
 * or a stack page cannot be had, EAGAIN when every kernel stack slot is
 * in use; nothing is kept then.  For threads made on behalf of a user
 * (a forked process), which fail rather than wait.  The thread ends when
 * func returns or calls lwkt_exit().
 */
int
lwkt_create_nowait(void (*func)(void *), void *arg, int pri, const char *name,
    thread_t *tdp)
{
	globaldata_t gd = mycpu;
	thread_t td;
	int error;

	KASSERT(pri > TDPRI_IDLE && pri <= TDPRI_MAX,
	    ("lwkt_create: priority %d", pri));
	td = kmalloc(sizeof(*td), M_THREAD, M_NOWAIT | M_ZERO);
	if (td == NULL)
		return (ENOMEM);
	error = kstack_alloc(&td->td_kstack, &td->td_kstack_slot);
	if (error) {
		kfree(td, M_THREAD);
		return (error);
	}
	td->td_kstack_size = KSTACK_PAGES * PAGE_SIZE;
	td->td_gd = gd;
	td->td_pri = pri;
	td->td_critcount = 1;
	td->td_func = func;
	td->td_arg = arg;
	td->td_toks_stop = &td->td_toks[0];
	strlcpy(td->td_comm, name, sizeof(td->td_comm));
	lwkt_initport_thread(&td->td_msgport, td);
	callout_init(&td->td_sleepcallout);
	cpu_thread_init_stack(td, lwkt_thread_start);

	crit_enter();
	TAILQ_INSERT_TAIL(&gd->gd_tdallq, td, td_allq);
	lwkt_nthreads++;
	crit_exit();
	lwkt_schedule(td);
	*tdp = td;
	return (0);
}

/*
 * lwkt_create_nowait() for the kernel's own threads: waits until memory
 * and a stack slot are free (a freed stack frees pages, which wakes it).
 * May block; not from the idle thread during boot, where it panics
 * instead.
 */
thread_t
lwkt_create(void (*func)(void *), void *arg, int pri, const char *name)
{
	thread_t td;
	int error;

	while ((error = lwkt_create_nowait(func, arg, pri, name, &td)) != 0) {
		if (curthread->td_flags & TDF_IDLE)
			panic("lwkt_create: %s: error %d during boot", name,
			    error);
		crit_enter();
		vm_page_free_wanted = 1;
		tsleep(&vm_page_free_wanted, 0, "lwktcr", hz);
		crit_exit();
	}
	return (td);
}

/*
 * End the current thread.  It must hold no tokens and no queued messages
 * on its port.  Its memory is freed by the next thread that runs here.
 */
void
lwkt_exit(void)
{
	thread_t td = curthread;
	globaldata_t gd = td->td_gd;

	KASSERT((td->td_flags & TDF_IDLE) == 0, ("lwkt_exit: idle thread"));
	KASSERT(td->td_toks_stop == &td->td_toks[0],
	    ("lwkt_exit: %s holds tokens", td->td_comm));
	crit_enter_quick(td);
	KASSERT(TAILQ_EMPTY(&td->td_msgport.mp_msgq),
	    ("lwkt_exit: %s has queued messages", td->td_comm));
	callout_stop(&td->td_sleepcallout);
	lwkt_reap(gd);			/* at most one body awaits burial */
	lwkt_deschedule_self(td);
	TAILQ_REMOVE(&gd->gd_tdallq, td, td_allq);
	lwkt_nthreads--;
	td->td_flags |= TDF_EXITING;
	cpu_thread_exit(td);		/* e.g. the FPU forgets it */
	gd->gd_freetd = td;
	lwkt_switch();
	panic("lwkt_exit: dead thread %s ran again", td->td_comm);
}

/* Threads alive, the idle thread included. */
int
lwkt_thread_count(void)
{
	return (lwkt_nthreads);
}

/*
 * Deferred work after the last crit_exit() (gd_reqflags was set):
 * replay interrupts that arrived inside the critical section, then switch
 * if a higher-priority thread is waiting.
 */
void
lwkt_crit_pending(void)
{
	globaldata_t gd = mycpu;
	thread_t td = gd->gd_curthread;

	while (gd->gd_reqflags & RQF_INTPEND) {
		uint32_t ef;

		crit_enter_quick(td);
		intr_replay_pending();
		/* Leave the section with interrupts off, so an interrupt
		 * deferred after the replay is seen by the loop test. */
		ef = intr_disable();
		--td->td_critcount;
		intr_restore(ef);
	}
	if ((gd->gd_reqflags & RQF_AST_LWKT_RESCHED) &&
	    td->td_critcount == 0 && gd->gd_intr_nesting == 0 &&
	    (td->td_flags & TDF_IDLE) == 0)
		lwkt_switch_int(false);		/* preemption */
}

/*
 * kern.idle_spin: 1 makes the idle loop spin, counting, instead of
 * halting (cpu_sti_spin: CPU_IDLE_SPIN_INSNS instructions an iteration),
 * and kern.idle_spins reads the count (32 bits, wrapping).  For
 * benchmarks of devices under QEMU's -icount: a halted guest's clock
 * runs on in host time until the device's interrupt, so a wait for a
 * disk would count the emulator's latency and never repeat; a spinning
 * guest's clock counts instructions, and the benchmark takes the
 * counted ones out (test/bench/blk_bench.c).  The Linux peer does the
 * same with a SCHED_IDLE thread.
 */
static int idle_spin;

static int
sysctl_idle_spin(int *val, bool write)
{
	if (!write) {
		*val = idle_spin;
		return (0);
	}
	if (*val != 0 && *val != 1)
		return (EINVAL);
	idle_spin = *val;
	return (0);
}
SYSCTL_PROC(kern_idle_spin, "kern.idle_spin", sysctl_idle_spin, CTLFLAG_RW,
    "1: the idle loop spins counting instead of halting (benchmarks)");

static int
sysctl_idle_spins(int *val, bool write)
{
	if (write)
		return (EPERM);
	*val = (int)mycpu->gd_idlespins;
	return (0);
}
SYSCTL_PROC(kern_idle_spins, "kern.idle_spins", sysctl_idle_spins,
    CTLFLAG_RD, "iterations of the idle loop's spin (kern.idle_spin)");
static int idle_spin_insns = CPU_IDLE_SPIN_INSNS;
SYSCTL_INT(kern_idle_spin_insns, "kern.idle_spin_insns", &idle_spin_insns,
    CTLFLAG_RD,
    "instructions per iteration of the idle spin");

/*
 * The idle thread's loop: switch whenever something is runnable,
 * otherwise halt until an interrupt.  Interrupts are disabled between the
 * check and the halt (sti;hlt is atomic) so no wakeup is slept through;
 * with kern.idle_spin the spin starts with sti and looks at the same
 * words, so neither is missed either.
 */
void
lwkt_idle_loop(void)
{
	globaldata_t gd = mycpu;
	thread_t td = gd->gd_curthread;

	KASSERT(td->td_flags & TDF_IDLE, ("lwkt_idle_loop: not idle"));
	td->td_critcount = 0;
	cpu_enable_intr();
	for (;;) {
		if (gd->gd_runqmask != 0) {
			lwkt_switch();
			continue;
		}
		cpu_disable_intr();
		if (gd->gd_runqmask == 0 && gd->gd_reqflags == 0) {
			if (idle_spin)
				cpu_sti_spin(&gd->gd_idlespins,
				    &gd->gd_reqflags, &gd->gd_runqmask);
			else
				cpu_sti_hlt();
		} else
			cpu_enable_intr();
		if (gd->gd_reqflags & RQF_INTPEND) {
			crit_enter_quick(td);
			crit_exit_quick(td);
		}
	}
}
