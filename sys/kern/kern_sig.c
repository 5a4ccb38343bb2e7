/*
 * kern_sig.c - signals: posting, masks, actions, handlers and sigreturn,
 * stopping and continuing; and the return to user mode, where signals
 * and upcalls are delivered.
 *
 * POSTING.  kill() (or the kernel: a pipe, a terminal, a child's exit)
 * posts a signal to a process with kern_kill_info().  In this order:
 *   - SIGCONT continues a stopped process (whatever its action or mask)
 *     and discards pending stop signals; a stop signal discards a
 *     pending SIGCONT.  SIGKILL ends a stop too.
 *   - A signal that an armed signal message watches is handed to the
 *     message (kern_async.c) and not posted, whatever the mask
 *     (sys/signal.h: masks and messages).  SIGKILL and SIGSTOP never are.
 *   - An ignored signal (SIG_IGN, or SIG_DFL for one whose default is
 *     to do nothing) is dropped, blocked or not.
 *   - Anything else is marked pending on the process (p_siglist, with
 *     the sender in p_sigpid/p_sigcode), and, unless every thread blocks
 *     it, ends the interruptible sleeps (PCATCH) of the threads that do
 *     not, which return EINTR and unwind to userret().
 *
 * DELIVERY.  userret(), on every return to user mode, takes the pending
 * signals the thread does not block (lwp_sigmask), SIGKILL first, then
 * lowest number first, and acts: the default action (terminate, stop,
 * nothing) or a handler frame on the user stack, with the mask widened
 * by sa_mask and the signal itself (unless SA_NODEFER) until sigreturn.
 * A fault (trap.c) is not posted: sig_trap() runs its handler at once,
 * or the process is killed.
 *
 * RESTART.  A synchronous call that a signal interrupted (EINTR) is run
 * again after the handler if syscall_restartable() says POSIX allows it
 * and every signal about to be delivered has SA_RESTART or stops the
 * process (sig_restart_ok()); kern_syscall.c asks, the gate backs up.
 *
 * STOP.  A stop signal whose action is the default stops the process
 * where it is delivered, on its way to user mode: P_STOPPED, the parent
 * woken (wait4 WUNTRACED) and sent SIGCHLD (unless SA_NOCLDSTOP), and
 * the thread sleeps until SIGCONT or SIGKILL clears P_STOPPED.  A call
 * the stop interrupted restarts.  A tty stop signal (SIGTSTP, SIGTTIN,
 * SIGTTOU) to a process of an orphaned group is discarded (POSIX).
 * Other threads of the process stop on their next return to user mode.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/pgrp.h>
#include <sys/sysmsg.h>
#include <sys/syscall.h>
#include <sys/globaldata.h>
#include <machine/frame.h>

/* Does sig, posted now, do nothing at all? */
static bool
sig_ignored(struct proc *p, int sig)
{
	vm_offset_t h = p->p_sigact[sig].sa_handler;

	return (h == (vm_offset_t)SIG_IGN ||
	    (h == (vm_offset_t)SIG_DFL && (sigmask(sig) & SIG_DFLIGNORE)));
}

/* Tell p's parent that p stopped or continued (code CLD_*): wake its
 * wait4, and SIGCHLD unless it asked for none.  Caller holds
 * proc_token. */
static void
sig_notify_parent(struct proc *p, int code)
{
	struct proc *pp = p->p_pptr;

	if (pp == NULL)
		return;
	wakeup(pp);
	if ((pp->p_sigact[SIGCHLD].sa_flags & SA_NOCLDSTOP) == 0)
		kern_kill_info(pp, SIGCHLD, code, p->p_pid, p->p_stopsig);
}

/* Post sig to p from the kernel.  Caller holds proc_token. */
int
kern_kill(struct proc *p, int sig)
{
	return (kern_kill_info(p, sig, SI_KERNEL, 0, 0));
}

/*
 * Post sig to p (the rules above); code, pid and status are what an
 * SA_SIGINFO handler will see (si_code, si_pid, si_status).  EINVAL for
 * a signal that does not exist; 0 otherwise (also when p is exiting).
 * Caller holds proc_token.  Never blocks.
 */
int
kern_kill_info(struct proc *p, int sig, int code, pid_t pid, int status)
{
	struct lwp *lp;
	uint32_t mask;

	if (sig < 0 || sig >= NSIG)
		return (EINVAL);
	if (p->p_flags & (P_WEXIT | P_ZOMBIE))
		return (0);
	if (sig == 0)
		return (0);
	mask = sigmask(sig);
	crit_enter();
	if (sig == SIGCONT)
		p->p_siglist &= ~SIG_STOPSIGS;
	else if (mask & SIG_STOPSIGS)
		p->p_siglist &= ~sigmask(SIGCONT);
	crit_exit();
	if ((sig == SIGCONT || sig == SIGKILL) && (p->p_flags & P_STOPPED)) {
		p->p_flags &= ~(P_STOPPED | P_WAITSTOP);
		wakeup(&p->p_stopsig);
		if (sig == SIGCONT) {
			p->p_flags |= P_CONTINUED;
			sig_notify_parent(p, CLD_CONTINUED);
		}
	}
	if ((mask & SIG_CANTMASK) == 0) {
		if (async_signal(p, sig))
			return (0);	/* a signal message took it */
		if (sig_ignored(p, sig))
			return (0);
	}
	crit_enter();
	p->p_siglist |= mask;
	userret_post_proc(p);
	crit_exit();
	p->p_sigpid[sig] = pid;
	p->p_sigcode[sig] = code;
	p->p_sigstatus[sig] = status;
	LIST_FOREACH(lp, &p->p_lwps, lwp_list) {
		if ((lp->lwp_sigmask & mask) == 0)
			tsleep_interrupt(lp->lwp_thread);
	}
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
		userret_post_proc(p);
		LIST_FOREACH(lp, &p->p_lwps, lwp_list)
			tsleep_interrupt(lp->lwp_thread);
		wakeup(&p->p_stopsig);		/* a stopped process too */
	}
	crit_exit();
}

/* exec: caught signals go back to SIG_DFL; ignored ones stay ignored;
 * the mask and pending signals stay (POSIX). */
void
sig_exec(struct proc *p)
{
	int sig;

	for (sig = 1; sig < NSIG; sig++) {
		if (p->p_sigact[sig].sa_handler != (vm_offset_t)SIG_IGN) {
			p->p_sigact[sig].sa_handler = (vm_offset_t)SIG_DFL;
			p->p_sigact[sig].sa_restorer = 0;
			p->p_sigact[sig].sa_flags = 0;
			p->p_sigact[sig].sa_mask = 0;
		}
	}
}

/*
 * sigaction(sig, act, oact): EINVAL for a signal that does not exist,
 * SIGKILL or SIGSTOP (any act, even SIG_DFL), a flag outside
 * SA_ALLFLAGS, or a handler or trampoline outside user space (or no
 * trampoline); EFAULT for unreadable act or unwritable oact (then
 * nothing changes).  SIGKILL and SIGSTOP in sa_mask are ignored.
 */
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
		if ((sigmask(uap->sig) & SIG_CANTMASK) ||
		    (sa.sa_flags & ~SA_ALLFLAGS) != 0)
			return (EINVAL);
		if (sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN &&
		    ((vm_offset_t)sa.sa_handler >= VM_MAX_USER_ADDRESS ||
		    sa.sa_restorer == NULL ||
		    (vm_offset_t)sa.sa_restorer >= VM_MAX_USER_ADDRESS))
			return (EINVAL);
	}
	memset(&osa, 0, sizeof(osa));
	osa.sa_handler = (sig_t)act->sa_handler;
	osa.sa_flags = act->sa_flags;
	osa.sa_restorer = (void (*)(void))act->sa_restorer;
	osa.sa_mask = act->sa_mask;
	if (uap->oact != NULL &&
	    (error = copyout(&osa, uap->oact, sizeof(osa))) != 0)
		return (error);
	if (uap->act != NULL) {
		act->sa_handler = (vm_offset_t)sa.sa_handler;
		act->sa_restorer = (vm_offset_t)sa.sa_restorer;
		act->sa_flags = sa.sa_flags;
		act->sa_mask = sa.sa_mask & ~SIG_CANTMASK;
		/* Ignoring a pending signal discards it. */
		if (sig_ignored(p, uap->sig)) {
			crit_enter();
			p->p_siglist &= ~sigmask(uap->sig);
			crit_exit();
		}
	}
	return (0);
}

/* Apply how (SIG_*) and set to lp's mask; SIGKILL and SIGSTOP stay
 * unblocked. */
static void
sig_setmask(struct lwp *lp, int how, uint32_t set)
{
	uint32_t m = lp->lwp_sigmask;

	if (how == SIG_BLOCK)
		m |= set;
	else if (how == SIG_UNBLOCK)
		m &= ~set;
	else
		m = set;
	lp->lwp_sigmask = m & ~SIG_CANTMASK;
	if (lp->lwp_proc->p_siglist & ~lp->lwp_sigmask)
		userret_post(lp->lwp_thread);	/* unblocked and pending */
}

/*
 * sigprocmask(how, set, oset): the calling thread's mask.  With set
 * NULL, how is not looked at and nothing changes.  EINVAL for another
 * how; EFAULT for unreadable set or unwritable oset (nothing changes
 * then).  A signal unblocked here and pending is delivered before the
 * call returns to its caller.
 */
int
sys_sigprocmask(struct sysmsg *sysmsg, const struct sigprocmask_args *uap)
{
	struct lwp *lp = curthread->td_lwp;
	uint32_t set = 0, oset = lp->lwp_sigmask;
	int error;

	if (uap->set != NULL) {
		if ((error = copyin(uap->set, &set, sizeof(set))) != 0)
			return (error);
		if (uap->how != SIG_BLOCK && uap->how != SIG_UNBLOCK &&
		    uap->how != SIG_SETMASK)
			return (EINVAL);
	}
	if (uap->oset != NULL &&
	    (error = copyout(&oset, uap->oset, sizeof(oset))) != 0)
		return (error);
	if (uap->set != NULL)
		sig_setmask(lp, uap->how, set);
	return (0);
}

/* sigpending(set): the signals pending and blocked by the caller. */
int
sys_sigpending(struct sysmsg *sysmsg, const struct sigpending_args *uap)
{
	struct lwp *lp = curthread->td_lwp;
	uint32_t set = lp->lwp_proc->p_siglist & lp->lwp_sigmask;

	return (copyout(&set, uap->set, sizeof(set)));
}

/*
 * sigsuspend(mask): with mask as the thread's mask, sleep until a
 * signal it does not block is pending; always EINTR (EFAULT for an
 * unreadable mask).  Atomic: a signal pending (and unblocked by mask)
 * before the call ends it at once.  The handler runs with mask's
 * widening; sigreturn, or the return from the call when no handler
 * runs, puts the old mask back.
 */
int
sys_sigsuspend(struct sysmsg *sysmsg, const struct sigsuspend_args *uap)
{
	struct lwp *lp = curthread->td_lwp;
	uint32_t set;
	int error;

	if ((error = copyin(uap->mask, &set, sizeof(set))) != 0)
		return (error);
	lp->lwp_oldmask = lp->lwp_sigmask;
	lp->lwp_sigsuspend = 1;
	userret_post(curthread);	/* the old mask to put back */
	sig_setmask(lp, SIG_SETMASK, set);
	while (tsleep(&lp->lwp_oldmask, PCATCH, "pause", 0) == 0)
		;
	return (EINTR);
}

/* Back from a signal handler or an upcall: the saved registers and
 * signal mask. */
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
	lp->lwp_sigmask = sc.sc_mask & ~SIG_CANTMASK;
	userret_post(curthread);	/* the next upcall, an unblocked signal */
	return (EJUSTRETURN);
}

/*
 * The calls POSIX lets SA_RESTART restart: those that wait for a pipe,
 * a terminal, a device or a child (read, write and their positioned
 * forms, ioctl, wait4).  The rest (nanosleep, sigsuspend, waitsys, ...)
 * end with EINTR.
 */
bool
syscall_restartable(uint32_t cmd)
{
	switch (cmd) {
	case SYS_read:
	case SYS_write:
	case SYS_pread:
	case SYS_pwrite:
	case SYS_ioctl:
	case SYS_wait4:
		return (true);
	default:
		return (false);
	}
}

/* Is a call lp's signals interrupted to run again?  Yes if some signal
 * is about to be delivered and each one is caught with SA_RESTART or
 * stops the process. */
bool
sig_restart_ok(struct lwp *lp)
{
	struct proc *p = lp->lwp_proc;
	uint32_t set = sig_deliverable(p, lp);
	int sig;

	if (set == 0)
		return (false);
	for (sig = 1; sig < NSIG; sig++) {
		struct sigact *act = &p->p_sigact[sig];

		if ((set & sigmask(sig)) == 0)
			continue;
		if (act->sa_handler == (vm_offset_t)SIG_DFL) {
			if ((sigmask(sig) & SIG_STOPSIGS) == 0)
				return (false);
		} else if ((act->sa_flags & SA_RESTART) == 0)
			return (false);
	}
	return (true);
}

/* May cp send sig to p?  Everyone is root (there are no credentials
 * yet): only init is protected, and takes no signal but 0. */
static bool
sig_may_send(struct proc *cp, struct proc *p, int sig)
{
	return (p != initproc || sig == 0);
}

/*
 * kill(pid, sig): pid > 0 that process; 0 the caller's group; -1 every
 * process but init and the caller; < -1 the group -pid.  Processes
 * exiting are skipped.  To a group or to all: 0 if at least one process
 * was signalled, else EPERM if some could not be, else ESRCH.
 */
int
sys_kill(struct sysmsg *sysmsg, const struct kill_args *uap)
{
	struct proc *cp = curproc, *p;
	struct pgrp *pg;
	int error, sig = uap->signum, found = 0, sent = 0;

	if (sig < 0 || sig >= NSIG)
		return (EINVAL);
	lwkt_gettoken(&proc_token);
	if (uap->pid > 0) {
		p = pfind(uap->pid);
		if (p == NULL || (p->p_flags & P_ZOMBIE))
			error = ESRCH;
		else if (!sig_may_send(cp, p, sig))
			error = EPERM;
		else
			error = kern_kill_info(p, sig, SI_USER, cp->p_pid, 0);
		goto out;
	}
	if (uap->pid == -1) {
		LIST_FOREACH(p, &allproc, p_list) {
			if (p == cp || p == initproc ||
			    (p->p_flags & (P_ZOMBIE | P_WEXIT)))
				continue;
			found++;
			if (kern_kill_info(p, sig, SI_USER, cp->p_pid, 0) == 0)
				sent++;
		}
	} else {
		pg = uap->pid == 0 ? cp->p_pgrp : pgfind(-uap->pid);
		if (pg != NULL) {
			LIST_FOREACH(p, &pg->pg_members, p_pglist) {
				if (p->p_flags & (P_ZOMBIE | P_WEXIT))
					continue;
				found++;
				if (sig_may_send(cp, p, sig) &&
				    kern_kill_info(p, sig, SI_USER, cp->p_pid,
				    0) == 0)
					sent++;
			}
		}
	}
	error = sent > 0 ? 0 : found > 0 ? EPERM : ESRCH;
out:
	lwkt_reltoken(&proc_token);
	return (error);
}

/*
 * Make the current thread (registers *tf) run sig's handler: the mask
 * to restore (the one before sigsuspend, if that is what returns) is
 * saved in the frame, then widened by sa_mask and sig (unless
 * SA_NODEFER); SA_RESETHAND puts the default action back.  A stack that
 * cannot take the frame kills the process.  code, pid and status fill an
 * SA_SIGINFO handler's siginfo.
 */
static void
sig_sendhandler(struct trapframe *tf, struct proc *p, int sig, int code,
    pid_t pid, int status)
{
	struct lwp *lp = curthread->td_lwp;
	struct sigact *act = &p->p_sigact[sig];
	struct __siginfo si;
	uint32_t mask = lp->lwp_sigmask;

	if (lp->lwp_sigsuspend) {
		mask = lp->lwp_oldmask;
		lp->lwp_sigsuspend = 0;
	}
	memset(&si, 0, sizeof(si));
	si.si_signo = sig;
	si.si_code = code;
	si.si_pid = pid;
	si.si_status = status;
	if (cpu_sendsig(tf, act->sa_handler, tf->tf_esp - SIG_REDZONE,
	    act->sa_restorer, &si, (act->sa_flags & SA_SIGINFO) != 0,
	    mask) != 0) {
		kprintf("pid %d (%s): cannot deliver signal %d, stack 0x%08x "
		    "unusable: killed\n", p->p_pid, p->p_comm, sig, tf->tf_esp);
		exit1(W_EXITCODE(0, SIGSEGV));
	}
	lp->lwp_sigmask = (lp->lwp_sigmask | act->sa_mask |
	    ((act->sa_flags & SA_NODEFER) ? 0 : sigmask(sig))) &
	    ~SIG_CANTMASK;
	if (act->sa_flags & SA_RESETHAND) {
		act->sa_handler = (vm_offset_t)SIG_DFL;
		act->sa_flags &= ~SA_SIGINFO;
	}
}

/*
 * sig's default action is to stop p: stop it (unless a tty stop signal
 * reaches an orphaned group: then nothing), tell the parent, and sleep
 * until SIGCONT or SIGKILL.  Runs in p's thread on its way to user
 * mode.
 */
static void
sig_stop(struct proc *p, int sig)
{
	lwkt_gettoken(&proc_token);
	if (sig != SIGSTOP && pgrp_orphaned(p->p_pgrp)) {
		lwkt_reltoken(&proc_token);
		return;
	}
	p->p_flags = (p->p_flags & ~P_CONTINUED) | P_STOPPED | P_WAITSTOP;
	userret_post_proc(p);		/* its other threads stop too */
	p->p_stopsig = sig;
	sig_notify_parent(p, CLD_STOPPED);
	while ((p->p_flags & P_STOPPED) &&
	    !(p->p_siglist & sigmask(SIGKILL)))
		tsleep(&p->p_stopsig, 0, "stop", 0);
	lwkt_reltoken(&proc_token);
}

/* Act on one pending signal: default action or a handler frame. */
static void
sig_deliver(struct trapframe *tf, struct proc *p, int sig, int code,
    pid_t pid, int status)
{
	struct sigact *act = &p->p_sigact[sig];

	if (sig == SIGKILL || act->sa_handler == (vm_offset_t)SIG_DFL) {
		if (sigmask(sig) & SIG_DFLIGNORE)
			return;
		if (sigmask(sig) & SIG_STOPSIGS) {
			sig_stop(p, sig);
			return;
		}
		exit1(W_EXITCODE(0, sig));
	}
	if (act->sa_handler == (vm_offset_t)SIG_IGN)
		return;
	sig_sendhandler(tf, p, sig, code, pid, status);
}

/*
 * A fault of the current thread's own making (tf: its registers at the
 * faulting instruction) that the process catches: the handler frame is
 * built now, before any pending signal's, and no signal message takes
 * it.  Returns false if sig is not caught (SIG_DFL or SIG_IGN) or is
 * blocked: the caller kills the process, since the instruction would
 * only fault again.  A handler that returns runs the instruction again
 * with the context it returns (it may fix it there).
 */
bool
sig_trap(struct trapframe *tf, int sig)
{
	struct proc *p = curproc;
	vm_offset_t h = p->p_sigact[sig].sa_handler;

	if (h == (vm_offset_t)SIG_DFL || h == (vm_offset_t)SIG_IGN ||
	    (curthread->td_lwp->lwp_sigmask & sigmask(sig)))
		return (false);
	sig_sendhandler(tf, p, sig, SI_KERNEL, 0, 0);
	return (true);
}

/*
 * userret()'s work, when td_ast says there is some (sys/proc.h): let
 * other user threads run once this one has had its quantum, act on the
 * pending signals it does not block, stop while the process is stopped,
 * put back the mask sigsuspend replaced if no handler took it, and
 * start a queued upcall if none is running.  The word is cleared before
 * anything is looked at, and set again at the end for what is left.
 */
void
userret_slow(struct trapframe *tf, thread_t td, struct proc *p)
{
	struct lwp *lp = td->td_lwp;
	uint32_t set;
	int sig, code, status;
	pid_t pid;

	td->td_ast = 0;
	cpu_ccfence();			/* cleared before anything is read */
	if (td->td_quantum >= USER_QUANTUM) {
		td->td_quantum = 0;
		lwkt_yield();
	}
	for (;;) {
		crit_enter();
		set = sig_deliverable(p, lp);
		if (set == 0) {
			crit_exit();
			break;
		}
		sig = (set & sigmask(SIGKILL)) ? SIGKILL :
		    __builtin_ctz(set) + 1;
		p->p_siglist &= ~sigmask(sig);
		crit_exit();
		code = p->p_sigcode[sig];
		pid = p->p_sigpid[sig];
		status = p->p_sigstatus[sig];
		sig_deliver(tf, p, sig, code, pid, status);
	}
	if (p->p_flags & P_STOPPED) {
		lwkt_gettoken(&proc_token);
		while ((p->p_flags & P_STOPPED) &&
		    !(p->p_siglist & sigmask(SIGKILL)))
			tsleep(&p->p_stopsig, 0, "stop", 0);
		lwkt_reltoken(&proc_token);
		if (p->p_siglist & sigmask(SIGKILL))
			exit1(W_EXITCODE(0, SIGKILL));
	}
	if (lp->lwp_sigsuspend) {
		lp->lwp_sigmask = lp->lwp_oldmask;
		lp->lwp_sigsuspend = 0;
	}
	if (!TAILQ_EMPTY(&p->p_upcalls) && !lp->lwp_inupcall)
		async_upcall(tf);
	/* Left for the next return: upcalls the process's critical section
	 * holds (as often as it returns), signals the mask put back above
	 * unblocks. */
	crit_enter();
	if (userret_owed(td))
		userret_post(td);
	crit_exit();
}
