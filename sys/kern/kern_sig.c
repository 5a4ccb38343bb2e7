/*
 * kern_sig.c - signals: posting, actions, handlers and sigreturn; and the
 * return to user mode, where signals and upcalls are delivered.
 *
 * kill() posts a signal (sys/signal.h has the rules and the handler
 * frame).  A fault (trap.c) is not posted: sig_trap() runs its handler
 * at once, or the process is killed.  A signal that an armed signal message watches is handed to
 * the message (kern_async.c) and never posted; an ignored one is
 * dropped; anything else is marked pending on the process and ends any
 * interruptible sleep (PCATCH) of its threads, which return EINTR and
 * unwind to userret().  userret(), on every return to user mode, acts
 * on pending signals (default action, or a handler frame on the user
 * stack), then starts a queued upcall if none is running.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/sysmsg.h>
#include <sys/globaldata.h>
#include <machine/frame.h>


bool
lwp_signal_pending(thread_t td)
{
	struct lwp *lp = td->td_lwp;

	return (lp != NULL && lp->lwp_proc->p_siglist != 0);
}

/* Does sig, posted now, do nothing at all? */
static bool
sig_ignored(struct proc *p, int sig)
{
	vm_offset_t h = p->p_sigact[sig].sa_handler;

	return (h == (vm_offset_t)SIG_IGN ||
	    (h == (vm_offset_t)SIG_DFL && sig == SIGCHLD));
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
	if (sig != SIGKILL) {
		if (async_signal(p, sig))
			return (0);	/* a signal message took it */
		if (sig_ignored(p, sig))
			return (0);
	}
	crit_enter();
	p->p_siglist |= sigmask(sig);
	crit_exit();
	LIST_FOREACH(lp, &p->p_lwps, lwp_list)
		tsleep_interrupt(lp->lwp_thread);
	return (0);
}

/*
 * Post SIGKILL to p from a context that cannot take proc_token (a
 * callout: kern_agent.c's watchdog kills a driver that stopped taking
 * its messages).  p must not be freed meanwhile (the caller knows it
 * has not exited).  Never blocks.
 */
void
sig_kill_nowait(struct proc *p)
{
	struct lwp *lp;

	crit_enter();
	if ((p->p_flags & (P_WEXIT | P_ZOMBIE)) == 0) {
		p->p_siglist |= sigmask(SIGKILL);
		LIST_FOREACH(lp, &p->p_lwps, lwp_list)
			tsleep_interrupt(lp->lwp_thread);
	}
	crit_exit();
}

/* exec: caught signals go back to SIG_DFL; ignored ones stay ignored. */
void
sig_exec(struct proc *p)
{
	int sig;

	for (sig = 1; sig < NSIG; sig++) {
		if (p->p_sigact[sig].sa_handler != (vm_offset_t)SIG_IGN) {
			p->p_sigact[sig].sa_handler = (vm_offset_t)SIG_DFL;
			p->p_sigact[sig].sa_restorer = 0;
		}
	}
}

int
sys_sigaction(struct sysmsg *sysmsg, const struct sigaction_args *uap)
{
	struct proc *p = curproc;
	struct sigaction sa, osa;
	struct sigact *act;
	int error;

	if (uap->sig <= 0 || uap->sig >= NSIG)
		return (EINVAL);
	act = &p->p_sigact[uap->sig];
	if (uap->act != NULL) {
		error = copyin(uap->act, &sa, sizeof(sa));
		if (error)
			return (error);
		if (uap->sig == SIGKILL || sa.sa_flags != 0)
			return (EINVAL);
		if (sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN &&
		    ((vm_offset_t)sa.sa_handler >= VM_MAX_USER_ADDRESS ||
		    sa.sa_restorer == NULL ||
		    (vm_offset_t)sa.sa_restorer >= VM_MAX_USER_ADDRESS))
			return (EINVAL);
	}
	osa.sa_handler = (sig_t)act->sa_handler;
	osa.sa_flags = 0;
	osa.sa_restorer = (void (*)(void))act->sa_restorer;
	if (uap->oact != NULL &&
	    (error = copyout(&osa, uap->oact, sizeof(osa))) != 0)
		return (error);
	if (uap->act != NULL) {
		act->sa_handler = (vm_offset_t)sa.sa_handler;
		act->sa_restorer = (vm_offset_t)sa.sa_restorer;
		/* Ignoring a pending signal discards it. */
		if (sig_ignored(p, uap->sig)) {
			crit_enter();
			p->p_siglist &= ~sigmask(uap->sig);
			crit_exit();
		}
	}
	return (0);
}

/* Back from a signal handler or an upcall: the saved registers. */
int
sys_sigreturn(struct sysmsg *sysmsg, const struct sigreturn_args *uap)
{
	struct sigcontext sc;
	struct lwp *lp = curthread->td_lwp;
	int error;

	error = copyin(uap->ctx, &sc, sizeof(sc));
	if (error)
		return (error);
	if (sc.sc_kind != SC_SIGNAL && sc.sc_kind != SC_UPCALL)
		return (EINVAL);
	error = cpu_sigreturn(sysmsg->sm_frame, &sc);
	if (error)
		return (error);
	if (sc.sc_kind == SC_UPCALL)
		lp->lwp_inupcall = 0;
	return (EJUSTRETURN);
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

/* Make the current thread (registers *tf) run sig's handler; a stack
 * that cannot take the frame kills the process. */
static void
sig_sendhandler(struct trapframe *tf, struct proc *p, int sig)
{
	struct sigact *act = &p->p_sigact[sig];

	if (cpu_sendupcall(tf, act->sa_handler, tf->tf_esp - SIG_REDZONE,
	    act->sa_restorer, (uint32_t)sig, SC_SIGNAL) != 0) {
		kprintf("pid %d (%s): cannot deliver signal %d, stack 0x%08x "
		    "unusable: killed\n", p->p_pid, p->p_comm, sig, tf->tf_esp);
		exit1(W_EXITCODE(0, SIGSEGV));
	}
}

/* Act on one pending signal: default action or a handler frame. */
static void
sig_deliver(struct trapframe *tf, struct proc *p, int sig)
{
	struct sigact *act = &p->p_sigact[sig];

	if (sig == SIGKILL || act->sa_handler == (vm_offset_t)SIG_DFL) {
		if (sig == SIGCHLD)
			return;
		exit1(W_EXITCODE(0, sig));
	}
	if (act->sa_handler == (vm_offset_t)SIG_IGN)
		return;
	sig_sendhandler(tf, p, sig);
}

/*
 * A fault of the current thread's own making (tf: its registers at the
 * faulting instruction) that the process catches: the handler frame is
 * built now, before any pending signal's, and no signal message takes
 * it.  Returns false if sig is not caught (SIG_DFL or SIG_IGN): the
 * caller kills the process, since the instruction would only fault
 * again.  A handler that returns runs the instruction again with the
 * context it returns (it may fix it there).
 */
bool
sig_trap(struct trapframe *tf, int sig)
{
	struct proc *p = curproc;
	vm_offset_t h = p->p_sigact[sig].sa_handler;

	if (h == (vm_offset_t)SIG_DFL || h == (vm_offset_t)SIG_IGN)
		return (false);
	sig_sendhandler(tf, p, sig);
	return (true);
}

/*
 * userret()'s work, when there is some (sys/proc.h has the test): let
 * other user threads run once this one has had its quantum, act on
 * pending signals, and start a queued upcall if none is running.
 */
void
userret_slow(struct trapframe *tf, thread_t td, struct proc *p)
{
	if (td->td_quantum >= USER_QUANTUM) {
		td->td_quantum = 0;
		lwkt_yield();
	}
	while (p->p_siglist != 0) {
		int sig;

		crit_enter();
		sig = __builtin_ctz(p->p_siglist) + 1;
		p->p_siglist &= ~sigmask(sig);
		crit_exit();
		sig_deliver(tf, p, sig);
	}
	if (!TAILQ_EMPTY(&p->p_upcalls) && !td->td_lwp->lwp_inupcall)
		async_upcall(tf);
}
