/*
 * sys/resource.h - resource limits (getrlimit, setrlimit).
 *
 * Each limit has a soft value (rlim_cur, what is enforced) and a hard one
 * (rlim_max, the ceiling for rlim_cur).  A process sets its soft limit
 * anywhere from 0 to its hard limit, and its hard limit anywhere up to
 * the limit's global bound (never above it: EINVAL; there are no users
 * yet, so no privilege is needed to raise a hard limit).  getrlimit
 * reports each value bounded by the global bound as it is now (the bound
 * may have been lowered since).  Children inherit every limit; execve
 * keeps them.
 *
 *   RLIMIT_NPROC   processes.  There are no user ids yet: every process
 *                  belongs to the one user, so this bounds the number of
 *                  processes in the whole system, zombies not yet reaped
 *                  included (kern.nprocs), as seen by a process that
 *                  forks: fork fails with EAGAIN when kern.nprocs is at
 *                  the caller's soft limit.  Bound: kern.maxproc, which
 *                  also stops every fork (EAGAIN) when reached.
 *   RLIMIT_NOFILE  descriptors (the highest descriptor number + 1).
 *                  Bound: NOFILE, the size of the descriptor table.
 *   RLIMIT_ASYNC   asynchronous messages in flight (sys/sysmsg.h); a new
 *                  process's soft limit is ASYNC_LIMIT_DEFAULT.  Bound:
 *                  kern.async_max.
 *
 * Any other resource is EINVAL.
 */
#ifndef _SYS_RESOURCE_H_
#define _SYS_RESOURCE_H_

#include <sys/types.h>

typedef uint32_t rlim_t;

struct rlimit {
	rlim_t	rlim_cur;	/* soft limit: what is enforced */
	rlim_t	rlim_max;	/* hard limit: the ceiling for rlim_cur */
};

#define RLIMIT_NPROC	7	/* processes (the whole system: no users) */
#define RLIMIT_NOFILE	8	/* descriptors */
#define RLIMIT_ASYNC	16	/* asynchronous messages in flight */
#define RLIM_NLIMITS	17	/* resource numbers are below this */

#define RLIM_INFINITY	((rlim_t)0xffffffff) /* no bound but the global one */

#define ASYNC_LIMIT_DEFAULT	256	/* a new process's soft limit */

#ifdef _KERNEL
struct proc;
void	rlimit_proc_init(struct proc *p, struct proc *parent);
rlim_t	rlimit_get(struct proc *p, int resource);
#else
int	getrlimit(int resource, struct rlimit *rlp);
int	setrlimit(int resource, const struct rlimit *rlp);
#endif

#endif
