/*
 * kern_proc.c - process and LWP creation, lookup and the first process.
 *
 * allproc lists every process, zombies included, under proc_token, which
 * also protects the parent/child links.  Process ids count up from 1 and
 * wrap at PID_MAX, skipping ids in use.
 *
 * An LWP's thread is created inside a critical section so that its
 * td_lwp and address space are set before it can first run.  A user
 * thread's register frame is the top sizeof(struct trapframe) bytes of
 * its kernel stack: where the CPU pushes it on every trap from ring 3.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/mount.h>
#include <sys/file.h>
#include <sys/sysmsg.h>
#include <sys/globaldata.h>
#include <vm/vm_map.h>
#include <machine/frame.h>
#include <machine/md_var.h>

MALLOC_DEFINE(M_PROC, "proc", "processes and LWPs");

struct lwkt_token proc_token = LWKT_TOKEN_INITIALIZER(proc_token);
static LIST_HEAD(, proc) allproc = LIST_HEAD_INITIALIZER(allproc);
static pid_t pid_next = 1;
static int nprocs;
struct proc *initproc;

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

/* A new empty process, child of parent (NULL for init). */
struct proc *
proc_alloc(struct proc *parent)
{
	struct proc *p = kmalloc(sizeof(*p), M_PROC, M_WAITOK | M_ZERO);

	LIST_INIT(&p->p_children);
	LIST_INIT(&p->p_lwps);
	lwkt_initport_direct(&p->p_sysport, syscall_dispatch, p);
	async_proc_init(p, parent);
	if (parent != NULL)
		memcpy(p->p_sigact, parent->p_sigact, sizeof(p->p_sigact));
	lwkt_gettoken(&proc_token);
	do {
		p->p_pid = pid_next++;
		if (pid_next >= PID_MAX)
			pid_next = 2;
	} while (pfind(p->p_pid) != NULL);
	p->p_pptr = parent;
	if (parent != NULL)
		LIST_INSERT_HEAD(&parent->p_children, p, p_sibling);
	LIST_INSERT_HEAD(&allproc, p, p_list);
	nprocs++;
	lwkt_reltoken(&proc_token);
	return (p);
}

/* Free a reaped zombie (its LWPs, address space and files are gone). */
void
proc_free(struct proc *p)
{
	KASSERT(lwkt_token_is_held(&proc_token), ("proc_free: no token"));
	KASSERT(p->p_nlwps == 0 && p->p_vmspace == NULL && p->p_fd == NULL,
	    ("proc_free: pid %d still has resources", p->p_pid));
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

/*
 * Give p a new LWP whose thread starts in start(arg) with p's address
 * space (which must be set already).  The thread is runnable on return.
 */
struct lwp *
lwp_alloc(struct proc *p, void (*start)(void *), void *arg)
{
	struct lwp *lp = kmalloc(sizeof(*lp), M_PROC, M_WAITOK | M_ZERO);
	thread_t td;

	lp->lwp_proc = p;
	lp->lwp_tid = ++p->p_nlwps;
	LIST_INSERT_HEAD(&p->p_lwps, lp, lwp_list);
	crit_enter();
	td = lwkt_create(start, arg, TDPRI_USER, p->p_comm);
	td->td_lwp = lp;
	td->td_proc = p;
	td->td_cr3 = p->p_vmspace->vm_pmap.pm_pdphys;
	lp->lwp_thread = td;
	lp->lwp_frame = (struct trapframe *)(td->td_kstack +
	    td->td_kstack_size - sizeof(struct trapframe));
	crit_exit();
	return (lp);
}

/* ---- the first process --------------------------------------------- */

static char init_path[64];
static char init_arg[64];
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
	struct proc *p = proc_alloc(NULL);

	KASSERT(p->p_pid == 1, ("proc_start_init: pid %d", p->p_pid));
	strlcpy(init_path, path, sizeof(init_path));
	strlcpy(init_arg, arg != NULL ? arg : "", sizeof(init_arg));
	strlcpy(p->p_comm, "init", sizeof(p->p_comm));
	p->p_vmspace = vmspace_alloc();
	if (p->p_vmspace == NULL)
		panic("proc_start_init: no memory for init's address space");
	p->p_fd = fdinit();
	initproc = p;
	lwp_alloc(p, init_start, NULL);
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
