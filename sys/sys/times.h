/*
 * sys/times.h - process CPU times (times), shared by the kernel and libc.
 *
 * Counted in clock_t units of 1/CLK_TCK seconds (1 ms: the unit
 * newlib's clock() assumes, CLOCKS_PER_SEC 1000).  The process's own
 * user and system time, and those of its children that have been
 * waited for (their own and their waited-for children's, as wait4
 * added them).  times() returns the time since boot in the same units.
 */
#ifndef _SYS_TIMES_H_
#define _SYS_TIMES_H_

#include <sys/types.h>

#define CLK_TCK		1000		/* clock_t units per second */

struct tms {
	clock_t	tms_utime;	/* user time */
	clock_t	tms_stime;	/* system time */
	clock_t	tms_cutime;	/* user time of waited-for children */
	clock_t	tms_cstime;	/* system time of waited-for children */
};

_Static_assert(sizeof(struct tms) == 16, "tms layout");

#ifndef _KERNEL
clock_t	times(struct tms *tp);
#endif

#endif /* !_SYS_TIMES_H_ */
