/*
 * sys/resource.h - resource limits and usage: replaces newlib's generic
 * file (struct rusage only).  The RLIMIT_* numbers and struct rlimit are
 * the kernel's (sys/sys/resource.h), checked by lib/libc/abi/abicheck.c.
 */
#ifndef _SYS_RESOURCE_H_
#define _SYS_RESOURCE_H_

#include <sys/types.h>
#include <sys/time.h>

typedef __uint32_t rlim_t;

struct rlimit {
	rlim_t	rlim_cur;	/* soft limit: what is enforced */
	rlim_t	rlim_max;	/* hard limit: the ceiling for rlim_cur */
};

#define RLIMIT_DATA	2	/* heap (brk) bytes */
#define RLIMIT_STACK	3	/* main stack bytes */
#define RLIMIT_NPROC	7	/* processes */
#define RLIMIT_NOFILE	8	/* descriptors */
#define RLIMIT_ASYNC	16	/* asynchronous messages in flight */
#define RLIM_NLIMITS	17
#define RLIM_INFINITY	((rlim_t)0xffffffff)
#define ASYNC_LIMIT_DEFAULT	256	/* a new process's RLIMIT_ASYNC */
#define STACK_LIMIT_DEFAULT	(8 * 1024 * 1024) /* init's RLIMIT_STACK */

#define RUSAGE_SELF	0		/* calling process */
#define RUSAGE_CHILDREN	-1		/* terminated child processes */

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

int	getrlimit(int resource, struct rlimit *rlp);
int	setrlimit(int resource, const struct rlimit *rlp);
int	getrusage(int who, struct rusage *usage);

#endif
