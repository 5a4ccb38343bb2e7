/*
 * sys/proc.h - processes and their threads.
 *
 * A process (struct proc) is an address space (vmspace), a descriptor
 * table, a system port and one or more LWPs.  Each LWP is a user thread
 * backed by one LWKT thread (lwp_thread); the LWKT thread runs the LWP's
 * kernel side (system calls, faults) on its own kernel stack, at whose top
 * sits the LWP's user register frame.
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
#include <vm/vm_map.h>

struct filedesc;
struct trapframe;

struct lwp {
	LIST_ENTRY(lwp)	lwp_list;	/* [p] on p_lwps */
	struct proc	*lwp_proc;	/* [I] */
	thread_t	lwp_thread;	/* [I] the LWKT thread */
	int		lwp_tid;	/* [I] thread id within the process */
	struct trapframe *lwp_frame;	/* [p] user registers (kernel stack) */
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
	struct vmspace	*p_vmspace;	/* [p] address space */
	struct filedesc	*p_fd;		/* [p] descriptor table */
	struct lwkt_port p_sysport;	/* [I] system port, user handle 0 */
	LIST_HEAD(, uiojob) p_uiojobs;	/* [p] uioworker jobs not waited for */
	char		p_comm[MAXCOMLEN + 1]; /* [p] name (program) */
};

/*
 * Process flags:
 *   P_WEXIT    exiting: no new signals, the teardown is under way
 *   P_ZOMBIE   exited; only the struct proc remains for wait4()
 */
#define P_WEXIT		0x0001
#define P_ZOMBIE	0x0002

#define PID_MAX		30000

#ifdef _KERNEL
extern struct lwkt_token proc_token;
extern struct proc *initproc;
void	uioworker_init(void);
void	uioworker_exit(struct proc *p);

void	proc_init(void);
struct proc *proc_alloc(struct proc *parent);
struct lwp *lwp_alloc(struct proc *p, void (*start)(void *), void *arg);
struct proc *pfind(pid_t pid);
void	proc_free(struct proc *p);
int	proc_count(void);
void	exit1(int status) __dead2;
void	userret(struct trapframe *tf);
bool	lwp_signal_pending(thread_t td);
int	kern_execve(const char *path, const char *args, int argc, int envc,
	    size_t argbytes, struct trapframe *tf);
int	kern_kill(struct proc *p, int sig);
void	proc_start_init(const char *path, const char *arg);
int	initproc_wait(void);
void	initproc_exited(int status);

static inline struct proc *
curproc_of(thread_t td)
{
	return (td->td_lwp != NULL ? td->td_lwp->lwp_proc : NULL);
}
#define curproc		curproc_of(curthread)
#endif

#endif /* !_SYS_PROC_H_ */
