/*
 * kern_proc.c - process and LWP creation, lookup and the first process.
 *
 * allproc lists every process, zombies included, under proc_token, which
 * also protects the parent/child links.  Process ids count up from 1 and
 * wrap at PID_MAX, skipping ids in use.
 *
 * How many processes may exist: kern.maxproc, set at boot from memory
 * (proc_maxproc_init), and each process's RLIMIT_NPROC (sys/resource.h).
 * A fork at either limit fails with EAGAIN before anything is
 * allocated; the allocations of a fork never wait for memory, and each
 * one that fails undoes the ones before (ENOMEM): see kern_fork.c.
 *
 * An LWP's thread is created inside a critical section so that its
 * td_lwp and address space are set before it can first run.  A user
 * thread's register frame is near the top of its kernel stack
 * (cpu_thread_frame()): where the CPU pushes it on every trap from ring 3.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/pgrp.h>
#include <sys/mount.h>
#include <sys/file.h>
#include <sys/sysmsg.h>
#include <sys/sysctl.h>
#include <sys/resource.h>
#include <sys/globaldata.h>
#include <sys/kinfo_proc.h>
#include <vm/vm_page.h>
#include <vm/vm_map.h>
#include <machine/vmparam.h>
#include <machine/frame.h>
#include <machine/md_var.h>

MALLOC_DEFINE(M_PROC, "proc", "processes and LWPs");

struct lwkt_token proc_token = LWKT_TOKEN_INITIALIZER(proc_token);
struct proclist allproc = LIST_HEAD_INITIALIZER(allproc);
static pid_t pid_next = 1;
static int nprocs;			/* [T] processes, zombies included */
struct proc *initproc;
int maxproc;				/* [T] kern.maxproc */
static int maxproc_boot;		/* [I] its value at boot, its ceiling */

/*
 * Set kern.maxproc from what this machine has, once at boot (before
 * init starts).  A process costs at least PROC_MIN_PAGES pages, of which
 * PROC_MIN_DMAP_PAGES are direct-mapped kernel memory (sys/param.h), and
 * one kernel stack slot.  The bound lets processes at their minimal cost
 * take at most half of the free pages and half of the free direct-mapped
 * pages, and leaves KSTACK_KERNEL_RESERVE stack slots to kernel threads;
 * the rest is for what the processes do.  So a fork bomb meets EAGAIN
 * long before memory runs out, and never meets a full stack table.
 */
void
proc_maxproc_init(void)
{
	int bymem = (int)(vm_page_free_count() / (2 * PROC_MIN_PAGES));
	int bydmap = (int)(vm_page_free_count_dmap() /
	    (2 * PROC_MIN_DMAP_PAGES));
	int byslot = kstack_slots() - KSTACK_KERNEL_RESERVE;

	maxproc = MAX(MIN(MIN(bymem, bydmap), MIN(byslot, PID_MAX / 2)),
	    MAXPROC_MIN);
	maxproc_boot = maxproc;
	kprintf("proc: kern.maxproc %d (memory %d, direct map %d, "
	    "stack slots %d)\n", maxproc, bymem, bydmap, byslot);
}

/* kern.maxproc: writable from MAXPROC_MIN up to its boot value. */
static int
sysctl_maxproc(int *val, bool write)
{
	if (!write) {
		*val = maxproc;
		return (0);
	}
	if (*val < MAXPROC_MIN || *val > maxproc_boot)
		return (EINVAL);
	lwkt_gettoken(&proc_token);
	maxproc = *val;
	lwkt_reltoken(&proc_token);
	return (0);
}
SYSCTL_PROC(kern_maxproc, "kern.maxproc", sysctl_maxproc,
    CTLFLAG_RW | CTLFLAG_LIMIT, "most processes at once, zombies included");

struct proc *
pfind(pid_t pid)
{
	struct proc *p;

	LIST_FOREACH(p, &allproc, p_list) {
		if (p->p_pid == pid)
			return (p);
	}
	return (NULL);
}

/*
 * A new empty process, child of parent (NULL for init), in *pp: on
 * allproc with a pid, holding nothing yet.  EAGAIN when kern.maxproc
 * processes exist, or as many as parent's RLIMIT_NPROC allows; ENOMEM if
 * the structure cannot be had.  Never blocks.  Undo with proc_free()
 * (under proc_token).
 */
int
proc_alloc(struct proc *parent, struct proc **pp)
{
	struct proc *p;

	lwkt_gettoken(&proc_token);
	if (parent != NULL && (nprocs >= maxproc ||
	    (rlim_t)nprocs >= rlimit_get(parent, RLIMIT_NPROC))) {
		lwkt_reltoken(&proc_token);
		return (EAGAIN);
	}
	p = kmalloc(sizeof(*p), M_PROC, M_NOWAIT | M_ZERO);
	if (p == NULL) {
		lwkt_reltoken(&proc_token);
		return (ENOMEM);
	}
	LIST_INIT(&p->p_children);
	LIST_INIT(&p->p_lwps);
	lwkt_initport_direct(&p->p_sysport, syscall_dispatch, p);
	async_proc_init(p, parent);
	rlimit_proc_init(p, parent);
	if (parent != NULL)
		memcpy(p->p_sigact, parent->p_sigact, sizeof(p->p_sigact));
	p->p_umask = parent != NULL ? parent->p_umask : UMASK_DEFAULT;
	do {
		p->p_pid = pid_next++;
		if (pid_next >= PID_MAX)
			pid_next = 2;
	} while (pfind(p->p_pid) != NULL || pgrp_id_in_use(p->p_pid));
	p->p_pptr = parent;
	if (parent != NULL) {
		LIST_INSERT_HEAD(&parent->p_children, p, p_sibling);
		pgrp_fork(parent, p);
	} else if (pgrp_init_proc(p) != 0) {
		kfree(p, M_PROC);	/* only init: it panics */
		lwkt_reltoken(&proc_token);
		return (ENOMEM);
	}
	LIST_INSERT_HEAD(&allproc, p, p_list);
	nprocs++;
	lwkt_reltoken(&proc_token);
	*pp = p;
	return (0);
}

/* Free a reaped zombie (its LWPs, address space and files are gone). */
void
proc_free(struct proc *p)
{
	KASSERT(lwkt_token_is_held(&proc_token), ("proc_free: no token"));
	KASSERT(p->p_nlwps == 0 && p->p_vmspace == NULL && p->p_fd == NULL,
	    ("proc_free: pid %d still has resources", p->p_pid));
	pgrp_leave(p);
	LIST_REMOVE(p, p_list);
	if (p->p_pptr != NULL)
		LIST_REMOVE(p, p_sibling);
	nprocs--;
	kfree(p, M_PROC);
}

int
proc_count(void)
{
	return (nprocs);
}

/* p's state as ps shows it (sys/kinfo_proc.h).  Under proc_token. */
static char
proc_stat_char(struct proc *p)
{
	struct lwp *lp;

	if (p->p_flags & P_ZOMBIE)
		return ('Z');
	if (p->p_flags & P_STOPPED)
		return ('T');
	LIST_FOREACH(lp, &p->p_lwps, lwp_list) {
		if (lp->lwp_thread == curthread ||
		    (lp->lwp_thread->td_flags & TDF_RUNQ))
			return ('R');
	}
	return ('S');
}

/*
 * kern.proc: a struct kinfo_proc for every process, zombies included,
 * built under proc_token into a new buffer (the list cannot change
 * while it is copied: nothing here blocks).  ENOMEM if the buffer
 * cannot be had.
 */
static int
sysctl_kern_proc(void **datap, size_t *lenp)
{
	struct kinfo_proc *kp, *buf;
	struct proc *p;
	int n = 0;

	lwkt_gettoken(&proc_token);
	buf = kmalloc(MAX(nprocs, 1) * sizeof(*buf), M_TEMP,
	    M_NOWAIT | M_ZERO);
	if (buf == NULL) {
		lwkt_reltoken(&proc_token);
		return (ENOMEM);
	}
	LIST_FOREACH(p, &allproc, p_list) {
		KASSERT(n < nprocs, ("%s: allproc longer than nprocs",
		    __func__));
		kp = &buf[n++];
		kp->kp_pid = p->p_pid;
		kp->kp_ppid = p->p_pptr != NULL ? p->p_pptr->p_pid : 0;
		if (p->p_pgrp != NULL) {
			kp->kp_pgid = p->p_pgrp->pg_id;
			kp->kp_sid = p->p_pgrp->pg_session->s_sid;
		} else {
			kp->kp_pgid = p->p_pid;
			kp->kp_sid = p->p_pid;
		}
		kp->kp_nlwps = p->p_nlwps;
		kp->kp_stat = proc_stat_char(p);
		strlcpy(kp->kp_comm, p->p_comm, sizeof(kp->kp_comm));
	}
	lwkt_reltoken(&proc_token);
	*datap = buf;
	*lenp = n * sizeof(*buf);
	return (0);
}
_Static_assert(KI_COMMLEN == MAXCOMLEN + 1, "kp_comm holds p_comm");
SYSCTL_TABLE(kern_proc, "kern.proc", sysctl_kern_proc,
    "every process: struct kinfo_proc records (sys/kinfo_proc.h)");

/*
 * Give p a new LWP whose thread starts in start(arg) with p's address
 * space (which must be set already): *lpp, its thread runnable.  ENOMEM
 * or EAGAIN (lwkt_create_nowait) if it cannot be had; nothing is kept
 * then.  Never blocks.
 */
int
lwp_alloc(struct proc *p, void (*start)(void *), void *arg, struct lwp **lpp)
{
	struct lwp *lp = kmalloc(sizeof(*lp), M_PROC, M_NOWAIT | M_ZERO);
	thread_t td;
	int error;

	if (lp == NULL)
		return (ENOMEM);
	lp->lwp_proc = p;
	crit_enter();
	error = lwkt_create_nowait(start, arg, TDPRI_USER, p->p_comm, &td);
	if (error) {
		crit_exit();
		kfree(lp, M_PROC);
		return (error);
	}
	lp->lwp_tid = ++p->p_nlwps;
	LIST_INSERT_HEAD(&p->p_lwps, lp, lwp_list);
	td->td_lwp = lp;
	td->td_proc = p;
	td->td_cr3 = p->p_vmspace->vm_pmap.pm_pdphys;
	lp->lwp_thread = td;
	lp->lwp_frame = cpu_thread_frame(td);
	cpu_fpu_new(td);
	crit_exit();
	*lpp = lp;
	return (0);
}

/* ---- the first process --------------------------------------------- */

static char init_path[64];
static char init_arg[6 + 256];	/* init_main.c's initarg */
static volatile int init_status = -1;

/* First code of init's thread: exec the program, enter user mode. */
static void
init_start(void *arg __unused)
{
	thread_t td = curthread;
	char args[sizeof(init_path) + sizeof(init_arg)];
	size_t n1 = strlen(init_path) + 1, n2 = strlen(init_arg) + 1;
	int error;

	error = fd_open_console();
	if (error)
		kprintf("init: cannot open /dev/console: error %d\n", error);
	memcpy(args, init_path, n1);
	memcpy(args + n1, init_arg, n2);
	error = kern_execve(init_path, args, n2 > 1 ? 2 : 1, 0,
	    n1 + (n2 > 1 ? n2 : 0), td->td_lwp->lwp_frame);
	if (error != EJUSTRETURN) {
		kprintf("init: cannot execute %s: error %d\n", init_path, error);
		exit1(W_EXITCODE(127, 0));
	}
	cpu_enter_user(td->td_lwp->lwp_frame);
}

/* Start process 1 running path (with one optional argument). */
void
proc_start_init(const char *path, const char *arg)
{
	struct proc *p;
	struct lwp *lp;

	if (proc_alloc(NULL, &p) != 0)
		panic("proc_start_init: no memory for process 1");
	KASSERT(p->p_pid == 1, ("proc_start_init: pid %d", p->p_pid));
	strlcpy(init_path, path, sizeof(init_path));
	strlcpy(init_arg, arg != NULL ? arg : "", sizeof(init_arg));
	strlcpy(p->p_comm, "init", sizeof(p->p_comm));
	p->p_vmspace = vmspace_alloc();
	if (p->p_vmspace == NULL)
		panic("proc_start_init: no memory for init's address space");
	p->p_fd = fdinit();
	initproc = p;
	if (p->p_vmspace == NULL || lwp_alloc(p, init_start, NULL, &lp) != 0)
		panic("proc_start_init: no memory for process 1");
}

/* Called by exit1() for init: record the status and wake the waiter. */
void
initproc_exited(int status)
{
	init_status = status;
	wakeup(&init_status);
}

/* Wait for init to exit; returns its wait status. */
int
initproc_wait(void)
{
	crit_enter();
	while (init_status < 0)
		tsleep(&init_status, 0, "initwt", 0);
	crit_exit();
	return (init_status);
}

/* ---- getpid, getppid -------------------------------------------------- */

int
sys_getpid(struct sysmsg *sysmsg, const struct getpid_args *uap)
{
	sysmsg->sm_retval = curproc->p_pid;
	return (0);
}

int
sys_getppid(struct sysmsg *sysmsg, const struct getppid_args *uap)
{
	struct proc *p = curproc;

	sysmsg->sm_retval = p->p_pptr != NULL ? p->p_pptr->p_pid : 0;
	return (0);
}
