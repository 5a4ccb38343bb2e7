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
 *
 * A new process inherits its parent's limits; process 1 starts with
 * every soft and hard limit at RLIM_INFINITY, which reads as the bound.
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

/* The global bound of resource (one kept here), or 0 if there is none. */
static rlim_t
rlimit_bound(int resource)
{
	switch (resource) {
	case RLIMIT_NPROC:
		return ((rlim_t)maxproc);
	case RLIMIT_NOFILE:
		return ((rlim_t)NOFILE);
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
}

/* p's soft limit of resource (RLIMIT_NPROC or RLIMIT_NOFILE) as it is
 * enforced now: never above the global bound. */
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
	if (rl.rlim_cur > rl.rlim_max || rl.rlim_max > bound)
		return (EINVAL);
	p->p_rlimit[uap->resource] = rl;
	return (0);
}
