/*
 * sys/time.h - time values shared with user programs.
 */
#ifndef _SYS_TIME_H_
#define _SYS_TIME_H_

#include <sys/types.h>

typedef long	time_t;

struct timespec {
	time_t	tv_sec;
	long	tv_nsec;
};

struct timeval {
	time_t	tv_sec;
	long	tv_usec;
};

#define CLOCK_REALTIME	0
#define CLOCK_MONOTONIC	4

#ifdef _KERNEL
#define NSEC_PER_SEC	1000000000LL
void	getnanotime(struct timespec *ts);	/* real time, tick precision */
#endif

#endif
