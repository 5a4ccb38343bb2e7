/*
 * kern_time.c - clocks and sleeping.
 *
 * The monotonic clock counts clock ticks since boot.  The real-time clock
 * is the CMOS clock read at boot plus the monotonic clock.  nanosleep
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

void	time_init(void);
int	cmos_read_time(int64_t *secp);

void
time_init(void)
{
	if (cmos_read_time(&boottime_sec) != 0)
		boottime_sec = 0;
}

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

/*
 * The real time: the RTC's time at boot plus the ticks since.  Divides
 * the tick count in 32 bits (filesystems call this on every read and
 * write; a 64-bit division is a libgcc call).
 */
void
getnanotime(struct timespec *ts)
{
	uint64_t t64 = ticks;
	unsigned t = (unsigned)t64;

	if ((t64 >> 32) != 0) {			/* after 497 days at 100 Hz */
		ns_to_timespec(nanouptime(), ts);
		ts->tv_sec += (time_t)boottime_sec;
		return;
	}
	ts->tv_sec = (time_t)(t / (unsigned)hz) + (time_t)boottime_sec;
	ts->tv_nsec = (long)((t % (unsigned)hz) * (NSEC_PER_SEC / hz));
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

/* Sleep for the time in *rq; on EINTR *left is what remains. */
static int
kern_nanosleep(const struct timespec *rq, struct timespec *left)
{
	int64_t ns = (int64_t)rq->tv_sec * NSEC_PER_SEC + rq->tv_nsec;
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
	int error;

	error = copyin(uap->rqtp, &rq, sizeof(rq));
	if (error)
		return (error);
	if (rq.tv_sec < 0 || rq.tv_nsec < 0 || rq.tv_nsec >= NSEC_PER_SEC)
		return (EINVAL);
	error = kern_nanosleep(&rq, &left);
	if (error == EINTR && uap->rmtp != NULL &&
	    copyout(&left, uap->rmtp, sizeof(left)) != 0)
		return (EFAULT);
	return (error);
}
