/*
 * sys/resource.h - resource limits (getrlimit, setrlimit).
 *
 * Each limit has a soft value (rlim_cur, what is enforced) and a hard one
 * (rlim_max, the ceiling for rlim_cur).  A process sets its soft limit
 * anywhere from 0 to its hard limit (above it: EINVAL), and its hard
 * limit anywhere up to the limit's global bound (above it: EPERM, as
 * Linux refuses even root a descriptor limit above nr_open; every
 * process runs as root, so a hard limit may be raised up to the bound).  getrlimit
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
 *   RLIMIT_STACK   bytes of the main user stack, which grows down on
 *                  demand from the top of user space; a fault below it
 *                  (and a guard gap under it) is SIGSEGV with a message
 *                  on the console.  Default soft limit STACK_LIMIT_DEFAULT
 *                  (8 MiB), hard RLIM_INFINITY.  Bound: USTACK_MAX (the
 *                  room reserved for the stack, 256 MiB).  Read at execve
 *                  and at each fault: lowering it below what the stack
 *                  already uses stops further growth only.
 *   RLIMIT_DATA    bytes of the heap (brk): brk beyond data start + limit
 *                  fails with ENOMEM.  Default: no bound but the global
 *                  one, which is the room between the program and the
 *                  mmap area (most of memory).
 *
 * Any other resource is EINVAL.
 *
 * getrusage(RUSAGE_SELF) gives the process's own user and system time,
 * RUSAGE_CHILDREN that of its children waited for (and theirs); wait4
 * with a rusage pointer gives the child's.  The other fields are 0.
 */
#ifndef _SYS_RESOURCE_H_
#define _SYS_RESOURCE_H_

#include <sys/types.h>
#include <sys/time.h>

typedef uint32_t rlim_t;

struct rlimit {
	rlim_t	rlim_cur;	/* soft limit: what is enforced */
	rlim_t	rlim_max;	/* hard limit: the ceiling for rlim_cur */
};

#define RLIMIT_DATA	2	/* heap (brk) bytes */
#define RLIMIT_STACK	3	/* main stack bytes */
#define RLIMIT_NPROC	7	/* processes (the whole system: no users) */
#define RLIMIT_NOFILE	8	/* descriptors */
#define RLIMIT_ASYNC	16	/* asynchronous messages in flight */
#define RLIM_NLIMITS	17	/* resource numbers are below this */

#define RLIM_INFINITY	((rlim_t)0xffffffff) /* no bound but the global one */

#define ASYNC_LIMIT_DEFAULT	256	/* a new process's soft limit */
#define STACK_LIMIT_DEFAULT	(8 * 1024 * 1024) /* init's RLIMIT_STACK */

struct rusage {
	struct timeval	ru_utime;	/* user time */
	struct timeval	ru_stime;	/* system time */
	long		ru_maxrss;	/* the rest: 0, not counted yet */
	long		ru_ixrss;
	long		ru_idrss;
	long		ru_isrss;
	long		ru_minflt;
	long		ru_majflt;
	long		ru_nswap;
	long		ru_inblock;
	long		ru_oublock;
	long		ru_msgsnd;
	long		ru_msgrcv;
	long		ru_nsignals;
	long		ru_nvcsw;
	long		ru_nivcsw;
};

_Static_assert(sizeof(struct rusage) == 80, "rusage layout");

#define RUSAGE_SELF	0	/* the calling process */
#define RUSAGE_CHILDREN	-1	/* its children that have been waited for */

#ifdef _KERNEL
struct proc;
void	rlimit_proc_init(struct proc *p, struct proc *parent);
rlim_t	rlimit_get(struct proc *p, int resource);
#else
int	getrlimit(int resource, struct rlimit *rlp);
int	setrlimit(int resource, const struct rlimit *rlp);
int	getrusage(int who, struct rusage *ru);
#endif

#endif
