/*
 * sys/globaldata.h - per-CPU data.
 *
 * Everything the scheduler touches lives here, one copy per CPU: the
 * current thread, the run queues, deferred interrupt work, the callout
 * wheel.  A CPU only ever modifies its own globaldata (inside a critical
 * section); other CPUs would ask it to by message.  mycpu is one load
 * through %fs; curthread is mycpu->gd_curthread, read in one %fs load.
 *
 * Protection: [I] immutable, [c] owning CPU in a critical section,
 * [i] owning CPU with interrupts disabled.
 */
#ifndef _SYS_GLOBALDATA_H_
#define _SYS_GLOBALDATA_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/thread.h>
#include <sys/callout.h>
#include <machine/cpufunc.h>
#include <machine/segments.h>

struct globaldata {
	struct globaldata *gd_self;	/* [I] must stay first: %fs:0 */
	thread_t	gd_curthread;	/* [c] the running thread */
	int		gd_cpuid;	/* [I] */
	volatile uint32_t gd_reqflags;	/* [i] RQF_*: work deferred by
					 *     critical sections */
	volatile uint32_t gd_ipending;	/* [i] IRQs deferred, bit per line */
	uint32_t	gd_runqmask;	/* [c] bit n: gd_tdrunq[n] not empty */
	struct lwkt_queue gd_tdrunq[TDPRI_COUNT]; /* [c] runnable threads */
	struct lwkt_queue gd_tdallq;	/* [c] every thread of this CPU */
	thread_t	gd_freetd;	/* [c] exited thread to reap */
	thread_t	gd_fpthread;	/* [c] the user thread whose state the
					 *     FPU holds, or NULL (i386/fpu.c) */
	struct thread	gd_idlethread;	/* [c] runs when nothing else can */
	uint64_t	gd_cnt_switch;	/* [c] thread switches */
	uint64_t	gd_cnt_intr;	/* [c] interrupts taken */
	uint64_t	gd_cnt_intr_deferred; /* [c] of which deferred */
	int		gd_intr_nesting; /* [i] hardware interrupt depth */
	volatile uint32_t gd_idlespins;	/* [c] idle spin iterations
					 *     (kern.idle_spin: lwkt_thread.c) */
	bool		gd_intr_user;	/* [i] the interrupt being handled came
					 * from user mode (the clock tick asks) */
	struct i386tss	gd_tss;		/* [c] esp0 for ring 3 entry */
	uint8_t		gd_iomap[IOPB_BYTES + 1]; /* [c] the TSS's I/O
					 * permission bitmap (iomap.c) */
	struct i386tss	gd_dftss;	/* [I] double fault task */
	uint32_t	gd_sysenter_stack[8]; /* [i] the stack sysenter
					 * switches to, for a step trap
					 * (exception.S: Xdebug) only; no
					 * NMI is ever raised to land here */
	uint32_t	gd_sysenter_esp0; /* [c] gd_tss.tss_esp0 again, at the
					 * top of that stack: the sysenter
					 * entry's first load (MSR_SYSENTER_ESP
					 * points here) */
	uint64_t	gd_callticks;	/* [c] the last tick whose callouts
					 *     ran (kern_timeout.c) */
	struct callout_list gd_calldue;	/* [c] the tick's due callouts, while
					 *     callout_tick() runs them */
	struct callout_list gd_callwheel[CALLWHEEL_SIZE]; /* [c] pending
					 *     callouts, by c_time modulo the
					 *     size, each list in arming order */
};
typedef struct globaldata *globaldata_t;

/*
 * Deferred work (gd_reqflags), examined when the last critical section is
 * left and on return from an interrupt:
 *
 *   RQF_INTPEND          gd_ipending holds interrupts to replay
 *   RQF_AST_LWKT_RESCHED a higher-priority thread became runnable
 */
#define RQF_INTPEND		0x0001
#define RQF_AST_LWKT_RESCHED	0x0002

extern struct globaldata cpu_globaldata[MAXCPU];
extern int ncpus;

#define mycpu		_get_mycpu()
/* One load through %fs, not two through gd_self. */
#define curthread	((thread_t)_get_gdword(offsetof(struct globaldata, gd_curthread)))

void	globaldata_init(struct globaldata *gd, int cpuid);

/*
 * crit_enter()/crit_exit(): see sys/thread.h.  crit_exit() on the
 * outermost level runs deferred work if any is flagged.  It is always
 * inline: left to itself GCC made it a call in its largest users (the
 * agent's gate, then kern_svcgate_lean: ten sites, on every user driver's
 * read), a call and return about its four instructions.
 */
static inline void
crit_enter(void)
{
	++curthread->td_critcount;
	cpu_ccfence();
}

static __always_inline void
crit_exit(void)
{
	thread_t td = curthread;

	cpu_ccfence();
	if (--td->td_critcount == 0 && td->td_gd->gd_reqflags != 0)
		lwkt_crit_pending();
}

static inline void
crit_enter_quick(thread_t td)
{
	++td->td_critcount;
	cpu_ccfence();
}

static inline void
crit_exit_quick(thread_t td)
{
	cpu_ccfence();
	if (--td->td_critcount == 0 && td->td_gd->gd_reqflags != 0)
		lwkt_crit_pending();
}

#endif /* !_SYS_GLOBALDATA_H_ */
