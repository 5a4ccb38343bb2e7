/*
 * kern_fork.c - fork.
 *
 * The child gets a copy of every page of the parent (copy-on-write:
 * vm_map.c), a descriptor table sharing the parent's files, the
 * parent's process group (kern_pgrp.c), signal actions and mask (no
 * pending signals), and one LWP
 * whose user registers (the floating-point ones too) are the parent's at
 * the time of the call.  The child's thread starts in
 * fork_child_start(), which makes fork return 0 in the child: in eax for
 * the int 0x80 gate, and by writing the reply into the child's copy of
 * the message for the int 0x81 gate (phase 3 done on the child's behalf).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/vnode.h>
#include <sys/file.h>
#include <sys/sysmsg.h>
#include <sys/globaldata.h>
#include <vm/vm_map.h>
#include <machine/frame.h>
#include <machine/md_var.h>

static void
fork_child_start(void *arg)
{
	vm_offset_t umsg = (vm_offset_t)arg;
	struct trapframe *tf = curthread->td_lwp->lwp_frame;

	if (umsg != 0) {
		struct sysmsg_hdr hdr;

		/* Phase 3 of the child's copy of the fork message. */
		if (copyin((void *)umsg, &hdr, sizeof(hdr)) == 0)
			sysmsg_writeback(umsg, hdr.sm_flags | SMF_DONE, 0, 0);
		tf->tf_eax = 0;
	} else {
		cpu_set_syscall_result(tf, 0, 0);
	}
	cpu_enter_user(tf);
}

/*
 * fork(): EAGAIN at kern.maxproc or the caller's RLIMIT_NPROC (checked
 * first, before anything is allocated), ENOMEM when the child's process,
 * address space, descriptor table, thread or kernel stack cannot be had.
 * Nothing here waits for memory: each allocation that fails undoes the
 * ones before it, so a failed fork leaves nothing behind.
 */
int
sys_fork(struct sysmsg *sysmsg, const struct fork_args *uap)
{
	struct proc *p1 = curproc, *p2;
	struct lwp *lp2;
	int error;

	error = proc_alloc(p1, &p2);
	if (error)
		return (error);
	strlcpy(p2->p_comm, p1->p_comm, sizeof(p2->p_comm));
	if (p1->p_flags & P_NOGRANT) {
		lwkt_gettoken(&proc_token);
		p2->p_flags |= P_NOGRANT;	/* sys/devgrant.h */
		lwkt_reltoken(&proc_token);
	}
	p2->p_vmspace = vmspace_fork(p1->p_vmspace);
	if (p2->p_vmspace == NULL) {
		error = ENOMEM;
		goto fail_proc;
	}
	p2->p_fd = fdcopy(p1->p_fd);
	if (p2->p_fd == NULL) {
		error = ENOMEM;
		goto fail_vmspace;
	}
	if ((p2->p_textvp = p1->p_textvp) != NULL)
		vn_text_hold(p2->p_textvp);	/* runs the same program */
	crit_enter();
	error = lwp_alloc(p2, fork_child_start, (void *)sysmsg->sm_umsg, &lp2);
	if (error == 0) {
		*lp2->lwp_frame = *sysmsg->sm_frame;
		cpu_fpu_fork(lp2->lwp_thread);
		/* The signal mask is inherited; pending signals are not. */
		lp2->lwp_sigmask = curthread->td_lwp->lwp_sigmask;
	}
	crit_exit();
	if (error)
		goto fail_fd;
	sysmsg->sm_retval = p2->p_pid;
	return (0);

fail_fd:
	if (p2->p_textvp != NULL) {
		vn_text_drop(p2->p_textvp);
		p2->p_textvp = NULL;
	}
	fdfree(p2->p_fd);
	p2->p_fd = NULL;
fail_vmspace:
	vmspace_free(p2->p_vmspace);
	p2->p_vmspace = NULL;
fail_proc:
	lwkt_gettoken(&proc_token);
	proc_free(p2);
	lwkt_reltoken(&proc_token);
	return (error);
}
