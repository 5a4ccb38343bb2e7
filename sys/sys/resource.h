/*
 * sys/resource.h - resource limits (getrlimit, setrlimit).
 *
 * Only RLIMIT_ASYNC exists: the number of asynchronous messages a process
 * may have in flight (sys/sysmsg.h).  A process sets its soft limit
 * anywhere from 0 to its hard limit, and the hard limit anywhere up to
 * the global bound kern.async_max (never above it: EINVAL).  Children
 * inherit both.
 */
#ifndef _SYS_RESOURCE_H_
#define _SYS_RESOURCE_H_

#include <sys/types.h>

typedef uint32_t rlim_t;

struct rlimit {
	rlim_t	rlim_cur;	/* soft limit: what is enforced */
	rlim_t	rlim_max;	/* hard limit: the ceiling for rlim_cur */
};

#define RLIMIT_ASYNC	16	/* asynchronous messages in flight */

#define ASYNC_LIMIT_DEFAULT	256	/* a new process's soft limit */

#ifndef _KERNEL
int	getrlimit(int resource, struct rlimit *rlp);
int	setrlimit(int resource, const struct rlimit *rlp);
#endif

#endif
