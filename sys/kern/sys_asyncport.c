/*
 * sys_asyncport.c - the user's side of asynchronous messages: ports,
 * waitsys, flushsys, upcalls, and the calls that manage them (sys/
 * sysmsg.h describes them to programs).
 *
 * A port is a small per-process handle (p_ports[]): port 0 always, 1..
 * SYSPORT_MAX made by portcreate.  Its counters say what came back
 * (sp_returned) and what is in flight (sp_inflight); async_notify()
 * (kern_async.c) counts a return and wakes waitsys.  An upcall port also
 * queues the message on p_upcalls; userret() calls async_upcall(), which
 * starts the first upcall that may run (those of a SYSPORT_UPCALL_CRIT
 * port wait while the program's registered struct ucrit says it is in a
 * critical section) on the port's stack, through cpu_sendupcall().  A
 * message owed upcalls stays allocated until the last is delivered.
 *
 * LOCKING: one CPU; the ports and lists are changed in critical sections.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/thread.h>
#include <sys/signal.h>
#include <sys/sysmsg.h>
#include <sys/asyncmsg.h>
#include <machine/frame.h>
#include <machine/md_var.h>
#include <machine/extable.h>

/* waitsys on a message that is not in flight: the answer is in its
 * header, which must be readable (sys/sysmsg.h). */
static int
waitsys_header(vm_offset_t umsg)
{
	struct sysmsg_hdr hdr;

	if (copyin_words(umsg, &hdr, sizeof(hdr)) != 0)
		return (EFAULT);
	return ((hdr.sm_flags & SMF_DONE) ? 0 : EINVAL);
}

/* waitsys(port, umsg): see sys/sysmsg.h. */
int
kern_waitsys(int port, vm_offset_t umsg)
{
	struct proc *p = curproc;
	struct sysport *sp;
	struct asyncmsg *am;
	bool waited = false;
	int error;

	if (!sysport_ok(p, port))
		return (EBADF);
	sp = &p->p_ports[port];
	if (umsg == (vm_offset_t)SYSMSG_ANY)
		umsg = 0;
	/* Nothing of the process in flight (every message in the table
	 * holds a slot): umsg is not, whatever the table would say. */
	if (umsg != 0 && p->p_async_count == 0)
		return (waitsys_header(umsg));
	crit_enter();
	for (;;) {
		if (umsg == 0) {
			if (sp->sp_returned > 0) {
				sp->sp_returned = 0;
				error = 0;
				break;
			}
			if (sp->sp_inflight == 0) {
				error = EINVAL;		/* would sleep forever */
				break;
			}
			error = tsleep(sp, PCATCH, "waitsys", 0);
		} else {
			am = async_find(p, umsg);
			if (am == NULL && waited) {
				/* It came back while we slept: done, even if
				 * its header is no longer mapped. */
				error = 0;
				break;
			}
			if (am == NULL) {
				crit_exit();
				return (waitsys_header(umsg));
			}
			if (am->am_port != port) {
				error = EINVAL;
				break;
			}
			if (am->am_returned > 0) {
				am->am_returned = 0;
				error = 0;
				break;
			}
			waited = true;
			error = tsleep(am, PCATCH, "waitsys", 0);
		}
		if (error)
			break;
	}
	crit_exit();
	return (error);
}

/* Is p's user critical section entered?  Sets uc_pending if so. */
static bool
async_crit_held(struct proc *p)
{
	struct ucrit uc;
	int one = 1;

	if (p->p_ucrit == 0 ||
	    copyin((const void *)p->p_ucrit, &uc, sizeof(uc)) != 0)
		return (false);
	if (uc.uc_count <= 0)
		return (false);
	if (uc.uc_pending == 0)
		(void)copyout(&one, (void *)(p->p_ucrit +
		    offsetof(struct ucrit, uc_pending)), sizeof(one));
	return (true);
}

/* flushsys(): see sys/sysmsg.h.  The held upcalls run from userret(). */
int
kern_flushsys(void)
{
	struct proc *p = curproc;
	struct ucrit uc;
	int zero = 0;

	if (p->p_ucrit == 0)
		return (0);
	if (copyin((const void *)p->p_ucrit, &uc, sizeof(uc)) != 0)
		return (EFAULT);
	if (uc.uc_count != 0)
		return (EBUSY);
	if (copyout(&zero, (void *)(p->p_ucrit +
	    offsetof(struct ucrit, uc_pending)), sizeof(zero)) != 0)
		return (EFAULT);
	userret_post(curthread);	/* the held upcalls */
	return (0);
}

/*
 * From userret(), when upcalls are queued and none runs: start the first
 * one that may run now on its port's stack.  The held ones stay queued.
 */
void
async_upcall(struct trapframe *tf)
{
	struct lwp *lp = curthread->td_lwp;
	struct proc *p = lp->lwp_proc;
	struct asyncmsg *am;
	struct sysport *sp = NULL;
	vm_offset_t umsg;
	bool held_checked = false, held = false;

	crit_enter();
	TAILQ_FOREACH(am, &p->p_upcalls, am_upq) {
		sp = &p->p_ports[am->am_port];
		if (sp->sp_mode != SYSPORT_UPCALL_CRIT)
			break;
		if (!held_checked) {
			held = async_crit_held(p);
			held_checked = true;
		}
		if (!held)
			break;
	}
	if (am == NULL) {
		crit_exit();
		return;
	}
	umsg = am->am_sm.sm_umsg;
	if (--am->am_upcalls == 0) {
		TAILQ_REMOVE(&p->p_upcalls, am, am_upq);
		am->am_flags &= ~AMF_UPCALL;
		if (!(am->am_flags & AMF_INFLIGHT)) {
			crit_exit();
			async_free(am);
			crit_enter();
		}
	}
	crit_exit();
	if (cpu_sendupcall(tf, sp->sp_fn, sp->sp_stack, sp->sp_tramp,
	    (uint32_t)umsg, SC_UPCALL) != 0) {
		kprintf("pid %d (%s): upcall stack 0x%08x unusable: killed\n",
		    p->p_pid, p->p_comm, sp->sp_stack);
		exit1(W_EXITCODE(0, SIGSEGV));
	}
	lp->lwp_inupcall = 1;
}

/* ---- system calls ------------------------------------------------------ */

int
sys_noop(struct sysmsg *sysmsg, const struct noop_args *uap)
{
	sysmsg->sm_retval = uap->value;
	return (0);
}

/* Sent synchronously: they exist only asynchronously. */
int
sys_sigmsg(struct sysmsg *sysmsg, const struct sigmsg_args *uap)
{
	return (EINVAL);
}

int
sys_timermsg(struct sysmsg *sysmsg, const struct timermsg_args *uap)
{
	return (EINVAL);
}

int
sys_abortmsg(struct sysmsg *sysmsg, const struct abortmsg_args *uap)
{
	struct proc *p = curproc;
	struct asyncmsg *am;
	int error = 0;

	if (!sysport_ok(p, uap->port))
		return (EBADF);
	crit_enter();
	am = async_find(p, (vm_offset_t)uap->msg);
	if (am == NULL || am->am_port != uap->port)
		error = ENOENT;
	else
		lwkt_abortmsg(&am->am_sm.sm_lmsg);
	crit_exit();
	return (error);
}

int
sys_portcreate(struct sysmsg *sysmsg, const struct portcreate_args *uap)
{
	struct proc *p = curproc;
	vm_offset_t stack = (vm_offset_t)uap->stack;
	int i;

	if (uap->mode != SYSPORT_QUEUE) {
		if (uap->mode != SYSPORT_UPCALL &&
		    uap->mode != SYSPORT_UPCALL_CRIT)
			return (EINVAL);
		if (uap->fn == NULL || uap->tramp == NULL ||
		    (vm_offset_t)uap->fn >= VM_MAX_USER_ADDRESS ||
		    (vm_offset_t)uap->tramp >= VM_MAX_USER_ADDRESS)
			return (EINVAL);
		if (uap->stacksize < 1024 || stack >= VM_MAX_USER_ADDRESS ||
		    VM_MAX_USER_ADDRESS - stack < uap->stacksize)
			return (EINVAL);
	}
	for (i = 1; i <= SYSPORT_MAX; i++) {
		if (!p->p_ports[i].sp_open)
			break;
	}
	if (i > SYSPORT_MAX)
		return (EMFILE);
	memset(&p->p_ports[i], 0, sizeof(p->p_ports[i]));
	p->p_ports[i].sp_mode = uap->mode;
	p->p_ports[i].sp_fn = (vm_offset_t)uap->fn;
	p->p_ports[i].sp_stack = stack + uap->stacksize;
	p->p_ports[i].sp_tramp = (vm_offset_t)uap->tramp;
	p->p_ports[i].sp_open = 1;
	sysmsg->sm_retval = i;
	return (0);
}

/*
 * Close a port: EBUSY while messages are in flight to it; upcalls not
 * yet delivered are dropped.  Their messages are unlinked onto a list of
 * our own in one critical section, the walk never leaving it, and freed
 * after: async_free may block, and a walk of p_upcalls that kept its
 * next message across that would trust another thread not to take that
 * one off and free it meanwhile.
 */
int
sys_portclose(struct sysmsg *sysmsg, const struct portclose_args *uap)
{
	struct proc *p = curproc;
	struct asyncmsg *am, *next;
	TAILQ_HEAD(, asyncmsg) dropped = TAILQ_HEAD_INITIALIZER(dropped);

	if (uap->port == 0 || !sysport_ok(p, uap->port))
		return (EBADF);
	crit_enter();
	if (p->p_ports[uap->port].sp_inflight > 0) {
		crit_exit();
		return (EBUSY);
	}
	TAILQ_FOREACH_SAFE(am, &p->p_upcalls, am_upq, next) {
		if (am->am_port != uap->port)
			continue;
		TAILQ_REMOVE(&p->p_upcalls, am, am_upq);
		am->am_flags &= ~AMF_UPCALL;
		am->am_upcalls = 0;
		TAILQ_INSERT_TAIL(&dropped, am, am_upq);
	}
	memset(&p->p_ports[uap->port], 0, sizeof(p->p_ports[uap->port]));
	crit_exit();
	while ((am = TAILQ_FIRST(&dropped)) != NULL) {
		TAILQ_REMOVE(&dropped, am, am_upq);
		async_free(am);
	}
	return (0);
}

int
sys_upcall_crit(struct sysmsg *sysmsg, const struct upcall_crit_args *uap)
{
	struct proc *p = curproc;
	struct ucrit uc;

	if (uap->uc == NULL) {
		p->p_ucrit = 0;
		return (0);
	}
	if ((vm_offset_t)uap->uc & 3)
		return (EINVAL);
	if (copyin(uap->uc, &uc, sizeof(uc)) != 0 ||
	    copyout(&uc, uap->uc, sizeof(uc)) != 0)
		return (EFAULT);
	p->p_ucrit = (vm_offset_t)uap->uc;
	return (0);
}
