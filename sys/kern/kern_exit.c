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
	LIST_FOREACH_SAFE(q, &p->p_children, p_sibling, nq) {
		LIST_REMOVE(q, p_sibling);
		q->p_pptr = initproc;
		LIST_INSERT_HEAD(&initproc->p_children, q, p_sibling);
		if (q->p_flags & P_ZOMBIE)
			wakeup(initproc);
	}
	LIST_REMOVE(lp, lwp_list);
	p->p_nlwps--;
	td->td_lwp = NULL;
	td->td_proc = NULL;
	kfree(lp, M_PROC);
	p->p_xstat = status;
	p->p_flags |= P_ZOMBIE;
	if (p == initproc)
		initproc_exited(status);
	else
		wakeup(p->p_pptr);
	lwkt_reltoken(&proc_token);
	lwkt_exit();
}

int
sys_exit(struct sysmsg *sysmsg, const struct exit_args *uap)
{
	exit1(W_EXITCODE(uap->rval & 0xff, 0));
}

/*
 * wait4(pid, status, options, rusage): reap a zombie child (pid -1: any).
 * Blocks until one exits unless WNOHANG; EINTR if a signal arrives;
 * ECHILD if there is no such child.  The child's CPU times (its own and
 * its waited-for children's) are added to the caller's children's
 * times; *rup (if not NULL) gets the child's own.
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
			if (pid != -1 && pid != q->p_pid)
				continue;
			found = true;
			if (q->p_flags & P_ZOMBIE)
				break;
		}
		if (!found) {
			error = ECHILD;
			break;
		}
		if (q != NULL) {
			*pidp = q->p_pid;
			*xstatp = q->p_xstat;
			time_add_child(p, q);
			if (rup != NULL)
				time_rusage(q->p_uticks, q->p_sticks, rup);
			proc_free(q);
			error = 0;
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

	if ((uap->options & ~WNOHANG) != 0)
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
