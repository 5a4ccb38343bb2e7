/*
 * kern_exit.c - exit and wait.
 *
 * exit1() runs in the exiting LWP's own thread.  It frees everything the
 * process holds except its struct proc: descriptors, address space (after
 * switching to the kernel's page directory), the LWP.  Children go to
 * init.  The process becomes a zombie carrying its wait status, the
 * parent is woken, and the thread ends; the parent's wait4() frees the
 * struct proc.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/vnode.h>
#include <sys/file.h>
#include <sys/sysmsg.h>
#include <sys/time.h>
#include <sys/resource.h>
#include <sys/globaldata.h>
#include <vm/vm_map.h>

MALLOC_DECLARE(M_PROC);

void
exit1(int status)
{
	thread_t td = curthread;
	struct lwp *lp = td->td_lwp;
	struct proc *p = lp->lwp_proc, *q, *nq;

	lwkt_gettoken(&proc_token);
	p->p_flags |= P_WEXIT;
	lwkt_reltoken(&proc_token);

	async_rundown(p);
	agent_proc_exit(p);		/* devices it served: sorted */
	devgrant_proc_exit(p);		/* its hardware: free again */
	if (p->p_fd != NULL) {
		fdfree(p->p_fd);
		p->p_fd = NULL;
	}
	td->td_cr3 = 0;
	if (p->p_vmspace != NULL) {
		vmspace_free(p->p_vmspace);	/* loads the kernel's CR3 */
		p->p_vmspace = NULL;
	}
	if (p->p_textvp != NULL) {
		vn_text_drop(p->p_textvp);
		p->p_textvp = NULL;
	}

	lwkt_gettoken(&proc_token);
	pgrp_exit_begin(p);
	LIST_FOREACH_SAFE(q, &p->p_children, p_sibling, nq) {
		LIST_REMOVE(q, p_sibling);
		q->p_pptr = initproc;
		LIST_INSERT_HEAD(&initproc->p_children, q, p_sibling);
		if (q->p_flags & P_ZOMBIE)
			wakeup(initproc);
	}
	pgrp_exit(p);
	LIST_REMOVE(lp, lwp_list);
	p->p_nlwps--;
	td->td_lwp = NULL;
	td->td_proc = NULL;
	kfree(lp, M_PROC);
	p->p_xstat = status;
	p->p_flags |= P_ZOMBIE;
	if (p == initproc)
		initproc_exited(status);
	else {
		wakeup(p->p_pptr);
		kern_kill_info(p->p_pptr, SIGCHLD, WTERMSIG(status) != 0 ?
		    CLD_KILLED : CLD_EXITED, p->p_pid, WTERMSIG(status) != 0 ?
		    WTERMSIG(status) : WEXITSTATUS(status));
	}
	lwkt_reltoken(&proc_token);
	lwkt_exit();
}

int
sys_exit(struct sysmsg *sysmsg, const struct exit_args *uap)
{
	exit1(W_EXITCODE(uap->rval & 0xff, 0));
}

/* Does child q match wait4's pid (> 0 that one, -1 any, 0 the caller's
 * group, < -1 that group)? */
static bool
wait_matches(struct proc *p, struct proc *q, pid_t pid)
{
	if (pid > 0)
		return (q->p_pid == pid);
	if (pid == -1)
		return (true);
	if (q->p_pgrp == NULL)
		return (false);
	if (pid == 0)
		return (q->p_pgrp == p->p_pgrp);
	return (q->p_pgrp->pg_id == -pid);
}

/*
 * wait4(pid, status, options, rusage): reap a zombie child (pid: above),
 * or, with WUNTRACED, report a child that stopped (W_STOPCODE), with
 * WCONTINUED one that continued (W_CONTINUED), once each.  Blocks until
 * one of these happens unless WNOHANG; EINTR if a signal arrives;
 * ECHILD if there is no such child.  A reaped child's CPU times (its
 * own and its waited-for children's) are added to the caller's
 * children's times; *rup (if not NULL) gets the child's own.
 */
int
kern_wait4(pid_t pid, int options, int *xstatp, pid_t *pidp,
    struct rusage *rup)
{
	struct proc *p = curproc, *q;
	int error;
	bool found;

	lwkt_gettoken(&proc_token);
	for (;;) {
		found = false;
		LIST_FOREACH(q, &p->p_children, p_sibling) {
			if (!wait_matches(p, q, pid))
				continue;
			found = true;
			if (q->p_flags & P_ZOMBIE)
				break;
			if ((options & WUNTRACED) &&
			    (q->p_flags & (P_STOPPED | P_WAITSTOP)) ==
			    (P_STOPPED | P_WAITSTOP))
				break;
			if ((options & WCONTINUED) &&
			    (q->p_flags & P_CONTINUED))
				break;
		}
		if (!found) {
			error = ECHILD;
			break;
		}
		if (q != NULL) {
			*pidp = q->p_pid;
			error = 0;
			if (rup != NULL)
				time_rusage(q->p_uticks, q->p_sticks, rup);
			if (q->p_flags & P_ZOMBIE) {
				*xstatp = q->p_xstat;
				time_add_child(p, q);
				proc_free(q);
			} else if ((options & WUNTRACED) &&
			    (q->p_flags & P_WAITSTOP)) {
				*xstatp = W_STOPCODE(q->p_stopsig);
				q->p_flags &= ~P_WAITSTOP;
			} else {
				*xstatp = W_CONTINUED;
				q->p_flags &= ~P_CONTINUED;
			}
			break;
		}
		if (options & WNOHANG) {
			*pidp = 0;
			error = 0;
			break;
		}
		error = tsleep(p, PCATCH, "wait", 0);
		if (error)
			break;
	}
	lwkt_reltoken(&proc_token);
	return (error);
}

int
sys_wait4(struct sysmsg *sysmsg, const struct wait4_args *uap)
{
	struct rusage ru;
	pid_t pid;
	int error, xstat;

	if ((uap->options & ~(WNOHANG | WUNTRACED | WCONTINUED)) != 0)
		return (EINVAL);
	/* A status the caller cannot have is refused before a child is
	 * reaped, not after (its exit status would be lost): read it and
	 * write it back, so that it is unchanged when no child is. */
	if (uap->status != NULL &&
	    ((error = copyin(uap->status, &xstat, sizeof(xstat))) != 0 ||
	    (error = copyout(&xstat, uap->status, sizeof(xstat))) != 0))
		return (error);
	if (uap->rusage != NULL &&
	    ((error = copyin(uap->rusage, &ru, sizeof(ru))) != 0 ||
	    (error = copyout(&ru, uap->rusage, sizeof(ru))) != 0))
		return (error);
	error = kern_wait4(uap->pid, uap->options, &xstat, &pid,
	    uap->rusage != NULL ? &ru : NULL);
	if (error == 0) {
		sysmsg->sm_retval = pid;
		if (pid != 0 && uap->status != NULL)
			error = copyout(&xstat, uap->status, sizeof(xstat));
		if (error == 0 && pid != 0 && uap->rusage != NULL)
			error = copyout(&ru, uap->rusage, sizeof(ru));
	}
	return (error);
}
