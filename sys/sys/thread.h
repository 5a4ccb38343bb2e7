/*
 * sys/thread.h - LWKT: light-weight kernel threads, critical sections and
 * serializing tokens.
 *
 * A thread is a kernel stack plus a little state.  Each thread belongs to
 * one CPU (td_gd) for its whole life and is scheduled only by that CPU, so
 * no scheduler state is shared between CPUs and no global scheduler lock
 * exists.  A thread runs until it blocks, yields or exits, or until a
 * thread of strictly higher priority becomes runnable on its CPU outside a
 * critical section (preemption).  Threads of equal priority share the CPU
 * cooperatively, round-robin at each lwkt_yield() or block.
 *
 * Critical sections.  crit_enter()/crit_exit() nest per thread
 * (td_critcount).  Inside one, the thread cannot be preempted and hardware
 * interrupts are not serviced: an interrupt that arrives is acknowledged,
 * its line masked and its work recorded in gd_ipending; the last
 * crit_exit() replays it (and any deferred reschedule).  Interrupts stay
 * enabled in the CPU, so a critical section costs one increment.
 *
 * Tokens.  An LWKT token serializes threads only while they run: a thread
 * holding tokens that blocks (or yields) releases all of them and
 * reacquires all of them before it runs again.  Preemption keeps them: a
 * preempting thread that wants one waits until the holder blocks.  Code
 * between two blocking points is atomic with respect to every other holder
 * of the same token.  Tokens never deadlock, and a thread may take a token
 * it already holds.
 *
 * Field protection legend:
 *   [I] immutable after creation
 *   [c] owning CPU, inside a critical section
 *   [t] the thread itself
 */
#ifndef _SYS_THREAD_H_
#define _SYS_THREAD_H_

#include <sys/types.h>
#include <sys/param.h>
#include <sys/queue.h>
#include <sys/callout.h>
#include <sys/msgport.h>

struct globaldata;
struct thread;
struct lwp;
struct sysargs;
typedef struct thread *thread_t;

/* ---- tokens --------------------------------------------------------- */
typedef struct lwkt_tokref *lwkt_tokref_t;

struct lwkt_token {
	lwkt_tokref_t	t_ref;		/* [c] holder's reference or NULL */
	const char	*t_desc;	/* [I] name for debugging */
	uint32_t	t_collisions;	/* [c] times a thread had to wait */
};
typedef struct lwkt_token *lwkt_token_t;

#define LWKT_TOKEN_INITIALIZER(name)	{ NULL, #name, 0 }

/* One entry of a thread's token stack. */
struct lwkt_tokref {
	lwkt_token_t	tr_tok;		/* [t] the token */
	thread_t	tr_owner;	/* [t] the holding thread */
};

/* ---- threads -------------------------------------------------------- */
TAILQ_HEAD(lwkt_queue, thread);

struct thread {
	vm_offset_t	td_sp;		/* [c] saved esp while switched out
					 *     (swtch.S: TD_SP) */
	TAILQ_ENTRY(thread) td_threadq;	/* [c] run queue or sleep queue */
	TAILQ_ENTRY(thread) td_allq;	/* [c] gd_tdallq */
	struct globaldata *td_gd;	/* [I] the CPU that runs it */
	int		td_pri;		/* [c] TDPRI_* */
	int		td_flags;	/* [c] TDF_* */
	int		td_critcount;	/* [t] critical section nesting */
	const volatile void *td_wchan;	/* [c] what tsleep() waits for */
	const char	*td_wmesg;	/* [c] why, for debugging */
	int		td_wakeerr;	/* [c] tsleep result set by waker */
	struct callout	td_sleepcallout; /* [c] tsleep timeout: may stay armed
					 *     after the sleep it was for */
	uint32_t	td_sleepseq;	/* [c] tsleep()s begun */
	uint32_t	td_timoseq;	/* [c] the sleep td_sleepcallout ends */
	vm_offset_t	td_kstack;	/* [I] lowest stack address */
	int		td_kstack_size;	/* [I] bytes */
	int		td_kstack_slot;	/* [I] slot in the KSTACK region */
	struct lwkt_port td_msgport;	/* [c] the thread's own port */
	lwkt_tokref_t	td_toks_stop;	/* [t] next free slot in td_toks */
	struct lwkt_tokref td_toks[LWKT_MAXTOKENS]; /* [t] held tokens */
	uint64_t	td_switchin;	/* [c] times switched to */
	void		(*td_func)(void *); /* [I] start function */
	void		*td_arg;	/* [I] its argument */
	struct lwp	*td_lwp;	/* [I] the user thread it runs, or NULL */
	struct proc	*td_proc;	/* [t] the process it works for: its
					 * LWP's, or the one whose asynchronous
					 * call a worker runs (curproc) */
	vm_paddr_t	td_cr3;		/* [t] address space to load, 0: any */
	struct sysargs	*td_sysargs;	/* [t] a worker running a message's
					 * call: the user arguments it took at
					 * send, which every copyin and
					 * copyout of the call reaches
					 * instead of user memory
					 * (sys/sysargs.h); else NULL */
	int		td_quantum;	/* [c] ticks run since last yield */
	volatile int	td_ast;		/* [c] userret() has work: set by each
					 * place that makes some, cleared by
					 * userret_slow() (sys/proc.h) */
	char		td_comm[MAXCOMLEN + 1]; /* [I] name */
};

/*
 * Thread flags (td_flags):
 *
 *   TDF_RUNQ      on its CPU's run queue
 *   TDF_SLEEPING  on a tsleep() queue (or, TDF_SLPKNOWN too, on none:
 *                 tsleep_known(), which only wakeup_thread() ends)
 *   TDF_TIMEOUT   the tsleep() timed out (set by the callout)
 *   TDF_EXITING   lwkt_exit() called; the stack is freed after the switch
 *   TDF_IDLE      the CPU's idle thread (never on the run queue)
 *   TDF_TOKWAIT   skipped by the scheduler because a token was held
 *   TDF_WAITPORT  blocked waiting on its own thread port
 *   TDF_SINTR     its tsleep() may be interrupted by a signal (PCATCH)
 *   TDF_SIGWAKE   a signal ended its sleep
 *   TDF_ABORT     (workers) the call it runs was aborted, or an idle
 *                 spare is retired: interruptible sleeps end as if a
 *                 signal had come
 *   TDF_NOSLEEP   the thread tries a call that must not sleep: an
 *                 interruptible sleep (PCATCH) fails with EWOULDBLOCK
 *                 at once and sets TDF_WOULDSLEEP; uninterruptible ones
 *                 (short waits for a lock or a device) still sleep
 */
#define TDF_RUNQ	0x0001
#define TDF_SLEEPING	0x0002
#define TDF_TIMEOUT	0x0004
#define TDF_EXITING	0x0008
#define TDF_IDLE	0x0010
#define TDF_TOKWAIT	0x0020
#define TDF_WAITPORT	0x0040
#define TDF_SINTR	0x0080	/* sleeping interruptibly (PCATCH) */
#define TDF_SIGWAKE	0x0100	/* woken by a signal: tsleep returns EINTR */
#define TDF_ABORT	0x0200	/* the asynchronous call it runs was aborted:
				 * PCATCH sleeps end with EINTR */
#define TDF_NOSLEEP	0x0400	/* trying a call without sleeping: a PCATCH
				 * tsleep returns EWOULDBLOCK at once and sets
				 * TDF_WOULDSLEEP (kern_async.c, SYSASYNC_TRY) */
#define TDF_WOULDSLEEP	0x0800	/* a PCATCH sleep was refused (TDF_NOSLEEP) */
#define TDF_SLPKNOWN	0x1000	/* asleep on no sleep queue (tsleep_known) */

/*
 * Priorities: higher runs first.  A thread made runnable with a priority
 * above the current thread's preempts it (outside critical sections).
 */
#define TDPRI_IDLE	0
#define TDPRI_USER	4	/* threads running user code */
#define TDPRI_KERN	8	/* ordinary kernel threads */
#define TDPRI_DAEMON	12	/* kernel service threads */
#define TDPRI_SOFT	20	/* software interrupts */
#define TDPRI_INT	28	/* interrupt threads */
#define TDPRI_MAX	31
#define TDPRI_COUNT	32

/* ---- interface ------------------------------------------------------ */
void	lwkt_init(void);
thread_t lwkt_create(void (*func)(void *), void *arg, int pri,
	    const char *name);
int	lwkt_create_nowait(void (*func)(void *), void *arg, int pri,
	    const char *name, thread_t *tdp);
void	lwkt_exit(void) __attribute__((__noreturn__));
void	lwkt_switch(void);
void	lwkt_yield(void);
void	lwkt_schedule(thread_t td);
void	lwkt_setpri_self(int pri);
void	lwkt_resched_cancel(void);
void	lwkt_crit_pending(void);
void	lwkt_idle_loop(void) __attribute__((__noreturn__));
int	lwkt_thread_count(void);

void	lwkt_token_init(lwkt_token_t tok, const char *desc);
void	lwkt_gettoken(lwkt_token_t tok);
bool	lwkt_trytoken(lwkt_token_t tok);
void	lwkt_reltoken(lwkt_token_t tok);
bool	lwkt_token_is_held(lwkt_token_t tok);
void	lwkt_relalltokens(thread_t td);
bool	lwkt_getalltokens(thread_t td);

/* kern_synch.c: sleep and wakeup on an identifier */
#define PCATCH	0x0100		/* a signal interrupts the sleep: EINTR */
int	tsleep(const volatile void *ident, int flags, const char *wmesg,
	    int timo);
int	tsleep_known(const volatile void *ident, int flags, const char *wmesg,
	    int timo);
void	wakeup(const volatile void *ident);
bool	wakeup_one(const volatile void *ident);
void	tsleep_interrupt(thread_t td);
void	sleep_init(void);

/*
 * Would td's next interruptible sleep (PCATCH) be refused, td trying a
 * call without sleeping (TDF_NOSLEEP: an asynchronous call of class TRY,
 * kern_async.c)?  Code that would sleep only after it changed something
 * (a pipe write of more than fits) asks first, and then sleeps before
 * changing anything, so that the refusal leaves everything as it was.
 */
static inline bool
tsleep_refused(thread_t td)
{
	return ((td->td_flags & TDF_NOSLEEP) != 0);
}

/* machine dependent (swtch.S, vm_machdep.c) */
void	cpu_lwkt_switch(thread_t ntd);
void	cpu_thread_init_stack(thread_t td, void (*tramp)(void));
void	cpu_thread_exit(thread_t td);	/* td ends: drop its machine state */
struct trapframe *cpu_thread_frame(thread_t td); /* its user registers */

#endif /* !_SYS_THREAD_H_ */
