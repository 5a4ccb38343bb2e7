/*
 * time.h - clocks and sleeping.
 */
#ifndef _TIME_H_
#define _TIME_H_

#include <sys/types.h>
#include <sys/time.h>

int	clock_gettime(int clock_id, struct timespec *tp);
int	nanosleep(const struct timespec *rqtp, struct timespec *rmtp);
int	clock_getres(int clock_id, struct timespec *res);
int	gettimeofday(struct timeval *tp, void *tzp);

#endif
