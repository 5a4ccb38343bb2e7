/*
 * kern_resource.c - resource limits: getrlimit and setrlimit.
 *
 * What each limit means, and the rules for setting it, are in
 * sys/resource.h.  Each resource has a global bound, read when it is
 * used (the bound may change while a process holds a limit above it):
 *
 *   RLIMIT_NPROC   kern.maxproc          enforced by fork (kern_proc.c)
 *   RLIMIT_NOFILE  NOFILE                the descriptor table's size
 *   RLIMIT_ASYNC   kern.async_max        kept and enforced by kern_async.c
 *   RLIMIT_STACK   USTACK_MAX            the VM's vm_stacklim, set at
 *                                        execve and by setrlimit; the
 *                                        fault handler grows the stack
 *   RLIMIT_DATA    MAXDSIZ (the room     enforced by brk (vm_map.c)
 *                  below the mmap area)
 *
 * A new process inherits its parent's limits; process 1 starts with
 * every hard limit at RLIM_INFINITY, which reads as the bound, and every
 * soft one too but RLIMIT_STACK (STACK_LIMIT_DEFAULT, 8 MiB) and
 * RLIMIT_DATA (7/8 of the memory free at boot, so that a program may
 * use most of the machine's memory and a larger heap fails brk rather
 * than run memory out).
 *
 * setrlimit: a soft limit above the hard one is EINVAL; a hard limit
 * above the global bound is EPERM.  Every process runs as root (there
 * are no users yet), so a hard limit may be raised again up to the
 * bound, as root may raise it elsewhere.
 * The limits live in the struct proc and are only touched by the
 * process's own thread (and by fork, which copies them in the parent's).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/sysmsg.h>
#include <vm/vm_page.h>
#include <vm/vm_map.h>

/* The global bound of resource (one kept here), or 0 if there is none. */
static rlim_t
rlimit_bound(int resource)
{
	switch (resource) {
	case RLIMIT_NPROC:
		return ((rlim_t)maxproc);
	case RLIMIT_NOFILE:
		return ((rlim_t)NOFILE);
	case RLIMIT_STACK:
		return ((rlim_t)USTACK_MAX);
	case RLIMIT_DATA:
		return ((rlim_t)MAXDSIZ);
	default:
		return (0);
	}
}

/* Give p its limits: its parent's, or (process 1) no bound but the
 * global ones. */
void
rlimit_proc_init(struct proc *p, struct proc *parent)
{
	int r;

	if (parent != NULL) {
		memcpy(p->p_rlimit, parent->p_rlimit, sizeof(p->p_rlimit));
		return;
	}
	for (r = 0; r < RLIM_NLIMITS; r++) {
		p->p_rlimit[r].rlim_cur = RLIM_INFINITY;
		p->p_rlimit[r].rlim_max = RLIM_INFINITY;
	}
	p->p_rlimit[RLIMIT_STACK].rlim_cur = STACK_LIMIT_DEFAULT;
	p->p_rlimit[RLIMIT_DATA].rlim_cur = (rlim_t)MIN(
	    (uint64_t)vm_page_free_count() * PAGE_SIZE / 8 * 7, MAXDSIZ);
}

/* p's soft limit of resource (one kept here) as it is enforced now:
 * never above the global bound. */
rlim_t
rlimit_get(struct proc *p, int resource)
{
	KASSERT(rlimit_bound(resource) != 0,
	    ("rlimit_get: resource %d is not kept here", resource));
	return (MIN(p->p_rlimit[resource].rlim_cur, rlimit_bound(resource)));
}

int
sys_getrlimit(struct sysmsg *sysmsg, const struct getrlimit_args *uap)
{
	struct proc *p = curproc;
	struct rlimit rl;
	rlim_t bound;

	if (uap->resource == RLIMIT_ASYNC) {
		async_getrlimit(p, &rl);
	} else {
		if (uap->resource < 0 || uap->resource >= RLIM_NLIMITS ||
		    (bound = rlimit_bound(uap->resource)) == 0)
			return (EINVAL);
		rl.rlim_cur = MIN(p->p_rlimit[uap->resource].rlim_cur, bound);
		rl.rlim_max = MIN(p->p_rlimit[uap->resource].rlim_max, bound);
	}
	return (copyout(&rl, uap->rlp, sizeof(rl)));
}

int
sys_setrlimit(struct sysmsg *sysmsg, const struct setrlimit_args *uap)
{
	struct proc *p = curproc;
	struct rlimit rl;
	rlim_t bound = 0;
	int error;

	if (uap->resource != RLIMIT_ASYNC &&
	    (uap->resource < 0 || uap->resource >= RLIM_NLIMITS ||
	    (bound = rlimit_bound(uap->resource)) == 0))
		return (EINVAL);
	error = copyin(uap->rlp, &rl, sizeof(rl));
	if (error)
		return (error);
	if (uap->resource == RLIMIT_ASYNC)
		return (async_setrlimit(p, &rl));
	if (rl.rlim_cur > rl.rlim_max)
		return (EINVAL);
	if (rl.rlim_max > bound)
		return (EPERM);
	p->p_rlimit[uap->resource] = rl;
	if (uap->resource == RLIMIT_STACK && p->p_vmspace != NULL)
		p->p_vmspace->vm_stacklim = MIN(rl.rlim_cur, bound);
	return (0);
}
