/*
 * sys/proc.h - processes and their threads.
 *
 * A process (struct proc) is an address space (vmspace), a descriptor
 * table, a system port and one or more LWPs.  Each LWP is a user thread
 * backed by one LWKT thread (lwp_thread); the LWKT thread runs the LWP's
 * kernel side (system calls, faults) on its own kernel stack, at whose top
 * sits the LWP's user register frame (below its floating-point save
 * area).
 *
 * Life: proc_create() (for init) or fork1() makes a process; exit1() tears
 * down everything but the struct proc and makes it a zombie; the parent's
 * wait4() frees it.  Children of an exiting process go to init.
 *
 * Protection: [T] proc_token, [I] immutable, [p] the process's own
 * threads, [a] atomic or set by one side and read by the other.
 */
#ifndef _SYS_PROC_H_
#define _SYS_PROC_H_

#include <sys/types.h>
#include <sys/param.h>
#include <sys/queue.h>
#include <sys/thread.h>
#include <sys/msgport.h>
#include <sys/signal.h>
#include <sys/wait.h>
#include <sys/sysmsg.h>
#include <sys/agent.h>
#include <sys/devgrant.h>
#include <sys/resource.h>
#include <sys/globaldata.h>
#include <sys/pgrp.h>
#include <vm/vm_map.h>

struct filedesc;
struct agent_svc;
struct devgrant;
struct trapframe;

#define ASYNC_HASH	64		/* buckets of p_async */

struct lwp {
	LIST_ENTRY(lwp)	lwp_list;	/* [p] on p_lwps */
	struct proc	*lwp_proc;	/* [I] */
	thread_t	lwp_thread;	/* [I] the LWKT thread */
	int		lwp_tid;	/* [I] thread id within the process */
	struct trapframe *lwp_frame;	/* [p] user registers (kernel stack) */
	int		lwp_inupcall;	/* [p] an upcall runs (until sigreturn) */
	/* signals (kern_sig.c) */
	volatile uint32_t lwp_sigmask;	/* [p] blocked (never SIG_CANTMASK) */
	uint32_t	lwp_oldmask;	/* [p] sigsuspend: the mask to restore */
	int		lwp_sigsuspend;	/* [p] lwp_oldmask is to be restored */
};

/* What a process does with a signal (sigaction). */
struct sigact {
	vm_offset_t	sa_handler;	/* SIG_DFL, SIG_IGN or a user function */
	vm_offset_t	sa_restorer;	/* the trampoline that calls sigreturn */
	uint32_t	sa_flags;	/* SA_* */
	uint32_t	sa_mask;	/* blocked while the handler runs */
};

/* A user port (sys/sysmsg.h): handle n is p_ports[n]. */
struct sysport {
	int		sp_open;	/* [p] handle in use (0 always is) */
	int		sp_mode;	/* [p] SYSPORT_* */
	vm_offset_t	sp_fn;		/* [p] upcall function */
	vm_offset_t	sp_stack;	/* [p] upcall stack top */
	vm_offset_t	sp_tramp;	/* [p] upcall return trampoline */
	int		sp_inflight;	/* [c] messages in flight to it */
	int		sp_returned;	/* [c] returned since waitsys(port, 0) */
};

struct proc {
	LIST_ENTRY(proc) p_list;	/* [T] allproc */
	LIST_ENTRY(proc) p_sibling;	/* [T] parent's p_children */
	LIST_HEAD(, proc) p_children;	/* [T] */
	struct proc	*p_pptr;	/* [T] parent */
	LIST_HEAD(, lwp) p_lwps;	/* [p] */
	int		p_nlwps;	/* [p] */
	pid_t		p_pid;		/* [I] */
	volatile int	p_flags;	/* [T] P_* */
	int		p_xstat;	/* [T] wait status once P_ZOMBIE */
	volatile uint32_t p_siglist;	/* [a] pending signals, bit n-1 */
	int32_t		p_sigpid[NSIG];	/* [T] pending signal's sender pid */
	int		p_sigcode[NSIG]; /* [T] ... its si_code */
	int		p_sigstatus[NSIG]; /* [T] ... its si_status (SIGCHLD) */
	struct vmspace	*p_vmspace;	/* [p] address space */
	struct filedesc	*p_fd;		/* [p] descriptor table */
	struct vnode	*p_textvp;	/* [p] the program's file (vn_text_hold),
					 * or NULL */
	struct lwkt_port p_sysport;	/* [I] system port, user handle 0 */
	/* signals (kern_sig.c) */
	struct sigact	p_sigact[NSIG];	/* [p] actions */
	int		p_stopsig;	/* [T] the signal that stopped it */
	/* process group (kern_pgrp.c, sys/pgrp.h) */
	struct pgrp	*p_pgrp;	/* [T] its group; NULL once exited */
	LIST_ENTRY(proc) p_pglist;	/* [T] on p_pgrp's pg_members */
	/* asynchronous calls (kern_async.c); [c]: inside a critical section */
	LIST_HEAD(, asyncmsg) p_async[ASYNC_HASH]; /* [c] messages in flight,
					 * by user address */
	TAILQ_HEAD(, asyncmsg) p_upcalls; /* [c] upcalls to deliver, in order */
	TAILQ_HEAD(, asyncmsg) p_sigmsgs; /* [c] armed signal messages */
	struct asyncmsg	*p_async_next;	/* [c] async_rundown's next message:
					 * async_unlink moves it on */
	int		p_async_count;	/* [c] slots held (in flight + upcalls) */
	int		p_async_limit;	/* [p] RLIMIT_ASYNC soft limit */
	int		p_async_hard;	/* [p] RLIMIT_ASYNC hard limit */
	vm_offset_t	p_ucrit;	/* [p] struct ucrit, or 0 */
	struct sysport	p_ports[SYSPORT_MAX + 1]; /* user ports */
	/* devices served (kern_agent.c): service handle n is p_svc[n] */
	struct agent_svc *p_svc[SVC_MAX + 1]; /* [p] */
	/* hardware granted to a user driver (kern_devgrant.c) */
	struct devgrant	*p_grant;	/* [p] its grant, or NULL */
	struct proc_io	p_io;		/* [c] its ports (iomap.c) */
	/* resource limits (kern_resource.c; RLIMIT_ASYNC's are above) */
	struct rlimit	p_rlimit[RLIM_NLIMITS]; /* [p] */
	char		p_comm[MAXCOMLEN + 1]; /* [p] name (program) */
	mode_t		p_umask;	/* [p] bits cleared from new files' modes */
	/* CPU time, in clock ticks (kern_clock.c): the tick charges the
	 * running user thread's process, by the mode it interrupted */
	uint64_t	p_uticks;	/* [c] ticks that found it in user mode */
	uint64_t	p_sticks;	/* [c] ... in the kernel, for it */
	uint64_t	p_cuticks;	/* [T] waited-for children's, and theirs */
	uint64_t	p_csticks;	/* [T] */
};

/*
 * Process flags:
 *   P_WEXIT    exiting: no new signals, the teardown is under way
 *   P_ZOMBIE   exited; only the struct proc remains for wait4()
 *   P_NOGRANT  may not grant devices to user drivers (sys/devgrant.h);
 *              inherited by fork
 *   P_OOMKILL  killed because memory ran out (vm_oom.c): while it still
 *              has its address space, no other process is chosen
 *   P_EXEC     has run execve since fork (setpgid: EACCES from its parent)
 *   P_STOPPED  stopped by a stop signal (p_stopsig) until SIGCONT/SIGKILL
 *   P_WAITSTOP stopped and not yet reported by wait4(WUNTRACED)
 *   P_CONTINUED continued and not yet reported by wait4(WCONTINUED)
 */
#define P_WEXIT		0x0001
#define P_ZOMBIE	0x0002
#define P_OOMKILL	0x0004
#define P_NOGRANT	0x0080	/* gave up granting devices (devgrant) */
#define P_EXEC		0x0008
#define P_STOPPED	0x0010
#define P_WAITSTOP	0x0020
#define P_CONTINUED	0x0040

#define PID_MAX		30000

#ifdef _KERNEL
extern struct lwkt_token proc_token;
extern struct proc *initproc;
LIST_HEAD(proclist, proc);
extern struct proclist allproc;		/* [T] every process, zombies too */
extern int maxproc;			/* kern.maxproc */

/* kern_async.c */
void	async_init(void);
void	async_proc_init(struct proc *p, struct proc *parent);
void	async_rundown(struct proc *p);
void	async_upcall(struct trapframe *tf);
bool	async_signal(struct proc *p, int sig);
void	async_getrlimit(struct proc *p, struct rlimit *rl);
int	async_setrlimit(struct proc *p, const struct rlimit *rl);
struct sigcontext;
int	cpu_sigreturn(struct trapframe *tf, const struct sigcontext *sc);
int	cpu_sendupcall(struct trapframe *tf, vm_offset_t fn, vm_offset_t sp,
	    vm_offset_t ret, uint32_t arg, int kind);
struct __siginfo;
int	cpu_sendsig(struct trapframe *tf, vm_offset_t fn, vm_offset_t sp,
	    vm_offset_t ret, const struct __siginfo *info, bool use_info,
	    uint32_t mask);
void	cpu_syscall_restart(struct trapframe *tf);
/* The user thread's floating-point state (i386/fpu.c): a new thread's
 * is a new program's; fork copies the caller's; exec resets it. */
void	cpu_fpu_new(thread_t td);
void	cpu_fpu_fork(thread_t td2);
void	cpu_fpu_exec(void);

void	proc_maxproc_init(void);
int	proc_alloc(struct proc *parent, struct proc **pp);
int	lwp_alloc(struct proc *p, void (*start)(void *), void *arg,
	    struct lwp **lpp);
struct proc *pfind(pid_t pid);
void	proc_free(struct proc *p);
int	proc_count(void);
void	exit1(int status) __dead2;
void	userret_slow(struct trapframe *tf, thread_t td, struct proc *p);
bool	sig_trap(struct trapframe *tf, int sig);
int	kern_execve(const char *path, const char *args, int argc, int envc,
	    size_t argbytes, struct trapframe *tf);
int	kern_kill(struct proc *p, int sig);
void	sig_kill_nowait(struct proc *p);
int	kern_kill_info(struct proc *p, int sig, int code, pid_t pid,
	    int status);
bool	sig_restart_ok(struct lwp *lp);
bool	syscall_restartable(uint32_t cmd);
void	sig_exec(struct proc *p);
struct rusage;
int	kern_wait4(pid_t pid, int options, int *xstatp, pid_t *pidp,
	    struct rusage *rup);
void	proc_start_init(const char *path, const char *arg);
int	initproc_wait(void);

/* vm_oom.c */
int	vm_oom_fault(struct proc *p, int error);
void	initproc_exited(int status);

static inline struct proc *
curproc_of(thread_t td)
{
	return (td->td_proc);
}
#define curproc		curproc_of(curthread)

#define USER_QUANTUM	2	/* ticks before a user thread yields */

/*
 * On every return to user mode: is there anything to do (the quantum
 * used up, a signal pending that the thread does not block, the
 * process stopped, a sigsuspend mask to put back, an upcall to start)?
 * One word says so, td_ast, so that the test is one compare: the
 * sysenter entry's lean path makes it alone (in assembly), and builds a
 * trap frame only when it is set.  Every place that makes such work
 * sets the word after the work is visible, inside the same critical
 * section where another thread or an interrupt makes it (userret_post,
 * userret_post_proc): the clock when the quantum is used up, signal
 * posting, a mask that unblocks a pending signal, sigsuspend, sigreturn
 * (an upcall ended), a stop, an upcall queued, flushsys.
 * userret_slow() clears it first and then looks at each kind of work,
 * so work made meanwhile is either seen or sets the word again; it sets
 * the word again itself for work it leaves (userret_owed() still true:
 * upcalls held by the process's critical section, a signal the restored
 * sigsuspend mask unblocks).  A place that made work and forgot the word
 * would be a lost signal: hardclock() checks, on every tick that finds
 * a user thread in user mode, that userret_owed() implies the word
 * (kern_clock.c).  userret_slow() does the work.
 * userret() returns true if there was (the thread may have slept and
 * *tf may have changed: a signal handler or an upcall), false if
 * nothing was done, in which case *tf is as it was (the sysenter
 * entry's sysexit test).
 */
/* The pending signals lp may take now (SIGKILL and SIGSTOP always). */
static inline uint32_t
sig_deliverable(struct proc *p, struct lwp *lp)
{
	return (p->p_siglist & ~(lp->lwp_sigmask & ~SIG_CANTMASK));
}

/* Has td (a kernel thread: never) a signal to take now?  Inline: every
 * interruptible sleep asks (tsleep's PCATCH). */
static inline bool
lwp_signal_pending(thread_t td)
{
	struct lwp *lp = td->td_lwp;

	return (lp != NULL && sig_deliverable(lp->lwp_proc, lp) != 0);
}

static inline bool
userret_pending(thread_t td)
{
	return (td->td_ast != 0);
}

/* There is work for userret(): the next return to user mode looks. */
static inline void
userret_post(thread_t td)
{
	td->td_ast = 1;
}

/* The same for every thread of p (signals and stops are the process's). */
static inline void
userret_post_proc(struct proc *p)
{
	struct lwp *lp;

	LIST_FOREACH(lp, &p->p_lwps, lwp_list)
		userret_post(lp->lwp_thread);
}

/*
 * The work itself, field by field, but the quantum (the clock posts it
 * as it counts): what td_ast must say whenever the thread is in user
 * mode.  For userret_slow's last look and hardclock's check.
 */
static inline bool
userret_owed(thread_t td)
{
	struct proc *p = td->td_proc;
	struct lwp *lp = td->td_lwp;

	return ((p->p_siglist & ~lp->lwp_sigmask) != 0 || lp->lwp_sigsuspend ||
	    (p->p_flags & P_STOPPED) ||
	    (!TAILQ_EMPTY(&p->p_upcalls) && !lp->lwp_inupcall));
}

static inline bool
userret(struct trapframe *tf)
{
	thread_t td = curthread;

	if (__predict_false(userret_pending(td))) {
		userret_slow(tf, td, td->td_proc);
		return (true);
	}
	return (false);
}
#endif /* _KERNEL */

#endif /* !_SYS_PROC_H_ */
