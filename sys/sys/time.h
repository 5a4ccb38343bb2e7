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
#include <machine/cpufunc.h>

#define NSEC_PER_SEC	1000000000LL

extern volatile uint64_t ticks;		/* kern_clock.c */
extern struct timespec time_now;	/* kern_time.c: as of the last tick */

/*
 * The real time, to the tick: a copy of time_now, taken again if a tick
 * changed it meanwhile (the tick runs whole between two instructions of
 * this one CPU, so an unchanged `ticks` means an untorn copy).  Inline:
 * every file read and write stamps a time.
 */
static inline void
getnanotime(struct timespec *ts)
{
	uint32_t t;

	do {
		t = (uint32_t)ticks;
		cpu_ccfence();
		*ts = time_now;
		cpu_ccfence();
	} while (t != (uint32_t)ticks);
}
#endif

#endif
