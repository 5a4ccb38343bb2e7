/*
 * kern_time.c - clocks and sleeping.
 *
 * The monotonic clock counts clock ticks since boot.  The real-time clock
 * is the CMOS clock read at boot plus the monotonic clock; the clock tick
 * keeps a copy of it as a timespec (time_tick()), so that getnanotime(),
 * which stamps every file read and write, divides nothing.  nanosleep
 * sleeps in ticks (rounded up), interruptibly: a signal ends it with
 * EINTR and the time left.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/time.h>
#include <sys/proc.h>
#include <sys/sysmsg.h>
#include <sys/globaldata.h>
#include <vm/vm_map.h>


static int64_t boottime_sec;		/* [I] real time at boot */

/*
 * The real time as of the last tick, kept by time_tick() so that
 * getnanotime() (sys/time.h, inline: every file read and write stamps a
 * time) is a copy, not a division.  time_tick_in_sec counts the ticks
 * into the current second.
 */
struct timespec time_now;		/* [c] boottime + ticks */
static int time_tick_in_sec;		/* [c] ticks % hz */
static long time_tick_ns;		/* [I] NSEC_PER_SEC / hz */

void	time_init(void);
int	cmos_read_time(int64_t *secp);

static int64_t
nanouptime(void)
{
	return ((int64_t)ticks * (NSEC_PER_SEC / hz));
}

static void
ns_to_timespec(int64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % NSEC_PER_SEC);
}

void
time_init(void)
{
	if (cmos_read_time(&boottime_sec) != 0)
		boottime_sec = 0;
	time_tick_ns = (long)(NSEC_PER_SEC / hz);
	crit_enter();
	ns_to_timespec(nanouptime(), &time_now);
	time_now.tv_sec += (time_t)boottime_sec;
	time_tick_in_sec = (int)(ticks % (uint64_t)hz);
	crit_exit();
}

/*
 * One clock tick (hardclock(), after ticks++): advance time_now by the
 * tick, as boottime + ticks / hz seconds and (ticks % hz) ticks' worth of
 * nanoseconds, the same value nanouptime() gives.
 */
void
time_tick(void)
{
	if (++time_tick_in_sec == hz) {
		time_tick_in_sec = 0;
		time_now.tv_sec++;
	}
	time_now.tv_nsec = time_tick_in_sec * time_tick_ns;
}

int
sys_clock_gettime(struct sysmsg *sysmsg, const struct clock_gettime_args *uap)
{
	struct timespec ts;
	int64_t ns = nanouptime();

	switch (uap->clock_id) {
	case CLOCK_MONOTONIC:
		break;
	case CLOCK_REALTIME:
		ns += boottime_sec * NSEC_PER_SEC;
		break;
	default:
		return (EINVAL);
	}
	ns_to_timespec(ns, &ts);
	return (copyout(&ts, uap->tp, sizeof(ts)));
}

int
sys_gettimeofday(struct sysmsg *sysmsg, const struct gettimeofday_args *uap)
{
	struct timeval tv;
	int64_t ns = nanouptime() + boottime_sec * NSEC_PER_SEC;

	if (uap->tzp != NULL)
		return (EINVAL);	/* time zones are the C library's job */
	if (uap->tp == NULL)
		return (0);
	tv.tv_sec = (time_t)(ns / NSEC_PER_SEC);
	tv.tv_usec = (long)((ns % NSEC_PER_SEC) / 1000);
	return (copyout(&tv, uap->tp, sizeof(tv)));
}

int
timespec_to_duration(const struct timespec *ts, int64_t *nsp)
{
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= NSEC_PER_SEC)
		return (EINVAL);
	if (ts->tv_sec > TIME_DURATION_MAX)
		*nsp = TIME_DURATION_MAX * NSEC_PER_SEC;
	else
		*nsp = ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
	return (0);
}

/* Sleep for ns nanoseconds; on EINTR *left is what remains. */
static int
kern_nanosleep(int64_t ns, struct timespec *left)
{
	int64_t tick_ns = NSEC_PER_SEC / hz;
	uint64_t deadline = ticks + (uint64_t)((ns + tick_ns - 1) / tick_ns);
	int error = 0;

	if (ns == 0) {
		lwkt_yield();
		return (0);
	}
	while (ticks < deadline) {
		uint64_t n = deadline - ticks;

		error = tsleep(&deadline, PCATCH, "nanoslp",
		    n > 0x7fffffff ? 0x7fffffff : (int)n);
		if (error == EWOULDBLOCK)
			error = 0;
		if (error)
			break;
	}
	if (error == EINTR) {
		uint64_t now = ticks;

		ns_to_timespec(now < deadline ?
		    (int64_t)(deadline - now) * tick_ns : 0, left);
	}
	return (error);
}

int
sys_nanosleep(struct sysmsg *sysmsg, const struct nanosleep_args *uap)
{
	struct timespec rq, left;
	int64_t ns;
	int error;

	error = copyin(uap->rqtp, &rq, sizeof(rq));
	if (error)
		return (error);
	if ((error = timespec_to_duration(&rq, &ns)) != 0)
		return (error);
	error = kern_nanosleep(ns, &left);
	if (error == EINTR && uap->rmtp != NULL &&
	    copyout(&left, uap->rmtp, sizeof(left)) != 0)
		return (EFAULT);
	return (error);
}
