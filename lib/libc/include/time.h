/*
 * time.h - newlib's, with the kernel's clock numbers (sys/sys/time.h:
 * CLOCK_REALTIME is 0 there, 1 in newlib's generic header) and the clock
 * calls declared (newlib declares them only for systems it knows).
 * Checked by lib/libc/abi/abicheck.c.
 */
#ifndef _DAMSELFLY_TIME_H_
#define _DAMSELFLY_TIME_H_

#include_next <time.h>

#undef CLOCK_REALTIME
#undef CLOCK_MONOTONIC
#undef CLOCK_PROCESS_CPUTIME_ID
#define CLOCK_REALTIME		((clockid_t)0)	/* since 1970 */
#define CLOCK_MONOTONIC		((clockid_t)4)	/* since boot */
#define CLOCK_PROCESS_CPUTIME_ID ((clockid_t)15) /* the process's CPU time */

int	clock_gettime(clockid_t clock_id, struct timespec *tp);
int	clock_getres(clockid_t clock_id, struct timespec *res);
int	nanosleep(const struct timespec *rqtp, struct timespec *rmtp);

#endif
