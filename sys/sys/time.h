/*
 * sys/time.h - time values shared with user programs.
 *
 * time_t is 64 bits, in every structure that carries a time (timespec,
 * timeval, and through them struct stat, struct rusage, utimensat's
 * times): seconds since 1970 do not wrap in 2038.  The nanosecond and
 * microsecond fields stay `long' (32 bits), and a 64-bit member is
 * aligned to 4 bytes inside an i386 structure, so a timespec and a
 * timeval are 12 bytes with no padding: the layout newlib's headers give
 * for the same declarations (checked below).
 */
#ifndef _SYS_TIME_H_
#define _SYS_TIME_H_

#include <sys/types.h>

typedef int64_t		time_t;		/* seconds since 1970-01-01 UTC */
typedef long		suseconds_t;	/* microseconds, 0..999999 */

struct timespec {
	time_t	tv_sec;		/* seconds */
	long	tv_nsec;	/* nanoseconds, 0..999999999 */
};

struct timeval {
	time_t		tv_sec;		/* seconds */
	suseconds_t	tv_usec;	/* microseconds, 0..999999 */
};

_Static_assert(sizeof(time_t) == 8, "time_t is 64 bits");
_Static_assert(sizeof(struct timespec) == 12 &&
    offsetof(struct timespec, tv_nsec) == 8, "struct timespec layout");
_Static_assert(sizeof(struct timeval) == 12 &&
    offsetof(struct timeval, tv_usec) == 8, "struct timeval layout");

#define CLOCK_REALTIME	0		/* since 1970, from the CMOS clock at boot */
#define CLOCK_MONOTONIC	4		/* since boot */
#define CLOCK_PROCESS_CPUTIME_ID 15	/* the process's CPU time */

#ifdef _KERNEL
#include <machine/cpufunc.h>

#define NSEC_PER_SEC	1000000000LL

extern volatile uint64_t ticks;		/* kern_clock.c */
extern struct timespec time_now;	/* kern_time.c: as of the last tick */

/*
 * A duration from a user program (a nanosleep's request): EINVAL for a
 * negative one or a tv_nsec outside 0..999999999, else 0 with *nsp its
 * length in nanoseconds.  With a 64-bit tv_sec the product could
 * overflow, so a duration longer than TIME_DURATION_MAX seconds (136
 * years) is taken as that long.
 */
#define TIME_DURATION_MAX	0xffffffffLL
int	timespec_to_duration(const struct timespec *ts, int64_t *nsp);
/* The first tick at whose start ns nanoseconds from now have passed on
 * the monotonic clock: a sleep until then lasts at least ns. */
uint64_t time_deadline(int64_t ns);
/* nanosleep's phases shared by its synchronous form and its continuation
 * (kern_asyncwait.c): the duration asked for, and the time left of a
 * sleep of ns ending at tick deadline. */
struct nanosleep_args;
int	nanosleep_in(const struct nanosleep_args *uap, int64_t *nsp);
void	nanosleep_left(uint64_t deadline, int64_t ns, struct timespec *left);

/* CPU times (kern_time.c). */
struct thread;
struct proc;
struct rusage;
void	time_charge_tick(struct thread *td, bool usermode);
void	time_add_child(struct proc *parent, struct proc *child);
void	time_rusage(uint64_t ut, uint64_t st, struct rusage *ru);

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
