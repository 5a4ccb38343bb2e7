/*
 * kern_sig.c - signals, as far as their default actions.
 *
 * kill() marks the signal pending on the process and interrupts any
 * interruptible sleep (PCATCH) of its threads, which then return EINTR
 * and unwind to userret().  userret(), on every return to user mode,
 * applies the default action of a pending signal: every signal we know
 * terminates the process.  Handlers and signal messages come later.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/sysmsg.h>
#include <sys/globaldata.h>
#include <machine/frame.h>

#define USER_QUANTUM	2	/* ticks before a user thread yields */

bool
lwp_signal_pending(thread_t td)
{
	struct lwp *lp = td->td_lwp;

	return (lp != NULL && lp->lwp_proc->p_siglist != 0);
}

/* Post sig to p.  Caller holds proc_token. */
int
kern_kill(struct proc *p, int sig)
{
	struct lwp *lp;

	if (sig < 0 || sig >= NSIG)
		return (EINVAL);
	if (p->p_flags & (P_WEXIT | P_ZOMBIE))
		return (0);
	if (sig == 0)
		return (0);
	p->p_siglist |= 1u << (sig - 1);
	LIST_FOREACH(lp, &p->p_lwps, lwp_list)
		tsleep_interrupt(lp->lwp_thread);
	return (0);
}

int
sys_kill(struct sysmsg *sysmsg, const struct kill_args *uap)
{
	struct proc *p;
	int error;

	if (uap->signum < 0 || uap->signum >= NSIG)
		return (EINVAL);
	if (uap->pid <= 0)
		return (EINVAL);	/* process groups: not yet */
	lwkt_gettoken(&proc_token);
	p = pfind(uap->pid);
	if (p == NULL || (p->p_flags & P_ZOMBIE))
		error = ESRCH;
	else if (p == initproc && uap->signum != 0)
		error = EPERM;
	else
		error = kern_kill(p, uap->signum);
	lwkt_reltoken(&proc_token);
	return (error);
}

/*
 * On every return to user mode: act on pending signals, and let other
 * user threads run once this one has had its quantum.
 */
void
userret(struct trapframe *tf)
{
	thread_t td = curthread;
	struct proc *p = td->td_lwp->lwp_proc;

	if (p->p_siglist != 0) {
		int sig = __builtin_ctz(p->p_siglist) + 1;

		exit1(W_EXITCODE(0, sig));
	}
	if (td->td_quantum >= USER_QUANTUM) {
		td->td_quantum = 0;
		lwkt_yield();
	}
}
