/*
 * kern_time.c - clocks, sleeping, and CPU times.
 *
 * THE CLOCKS.  The monotonic clock is the time since boot: the clock
 * ticks (hz a second) plus, within the current tick, the TSC cycles
 * since the tick, converted with the rate measured at boot
 * (i386/clock.c) as a 32.32 fixed-point multiplier (no floating point).
 * So two reads within one tick differ by the time between them, to the
 * nanosecond as far as the TSC goes.  The reading never goes backwards
 * and never repeats: a read that would not be later than the last one
 * returned (a tick late because the host was busy, a rate slightly off)
 * returns the last one plus 1 ns, and the cycles counted past a tick are
 * capped at four ticks' worth.  The real-time clock is the CMOS clock
 * read at boot plus the monotonic clock.  Without a measured TSC rate,
 * the clocks move by ticks (and by 1 ns between reads).
 *
 * The clock tick also keeps a tick-grained copy of the real time as a
 * timespec (time_tick()), so that getnanotime(), which stamps every file
 * read and write, divides nothing.  nanosleep sleeps in ticks (rounded
 * up), interruptibly: a signal ends it with EINTR and the time left.
 *
 * CPU TIMES.  Each tick is charged to the process whose user thread it
 * interrupted: to its user time if the thread was in user mode, to its
 * system time if it was in the kernel (a system call, a fault).  Kernel
 * threads' ticks (the idle thread, the asynchronous-call workers,
 * drivers) are nobody's.  wait4 adds a child's times and its children's
 * to the parent's children's times.  So times, getrusage and
 * CLOCK_PROCESS_CPUTIME_ID count in ticks: a sample, as BSD's statclock,
 * exact over long runs, coarse over short ones.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/time.h>
#include <sys/proc.h>
#include <sys/sysmsg.h>
#include <sys/resource.h>
#include <sys/times.h>
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

/* The interpolation (nanouptime). */
static uint64_t time_tick_tsc;		/* [c] the TSC at the last tick */
static uint64_t time_tsc_mult;		/* [I] ns per cycle, 32.32 */
static uint64_t time_tsc_cap;		/* [I] 4 ticks of cycles */
static int64_t time_last_ns;		/* [c] the last reading returned */

void	time_init(void);
int	cmos_read_time(int64_t *secp);

/*
 * Nanoseconds since boot: the ticks plus the cycles since the last one,
 * always later than the last reading (see the top of the file).
 */
static int64_t
nanouptime(void)
{
	uint64_t cyc;
	int64_t ns;

	crit_enter();
	ns = (int64_t)ticks * time_tick_ns;
	if (time_tsc_mult != 0) {
		cyc = rdtsc() - time_tick_tsc;
		if (cyc > time_tsc_cap)
			cyc = time_tsc_cap;
		ns += (int64_t)((cyc * time_tsc_mult) >> 32);
	}
	if (ns <= time_last_ns)
		ns = time_last_ns + 1;
	time_last_ns = ns;
	crit_exit();
	return (ns);
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
	if (cpu_tsc_freq != 0) {
		time_tsc_mult = ((uint64_t)NSEC_PER_SEC << 32) / cpu_tsc_freq;
		time_tsc_cap = 4 * (cpu_tsc_freq / (uint64_t)hz);
	}
	crit_enter();
	time_tick_tsc = rdtsc();
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
	time_tick_tsc = rdtsc();
	if (++time_tick_in_sec == hz) {
		time_tick_in_sec = 0;
		time_now.tv_sec++;
	}
	time_now.tv_nsec = time_tick_in_sec * time_tick_ns;
}

/* A process's CPU time in ns: its user and system ticks. */
static int64_t
proc_cputime_ns(struct proc *p)
{
	uint64_t t;

	crit_enter();
	t = p->p_uticks + p->p_sticks;
	crit_exit();
	return ((int64_t)t * time_tick_ns);
}

int
sys_clock_gettime(struct sysmsg *sysmsg, const struct clock_gettime_args *uap)
{
	struct timespec ts;
	int64_t ns;

	switch (uap->clock_id) {
	case CLOCK_MONOTONIC:
		ns = nanouptime();
		break;
	case CLOCK_REALTIME:
		ns = nanouptime() + boottime_sec * NSEC_PER_SEC;
		break;
	case CLOCK_PROCESS_CPUTIME_ID:
		ns = proc_cputime_ns(curproc);
		break;
	default:
		return (EINVAL);
	}
	ns_to_timespec(ns, &ts);
	return (copyout(&ts, uap->tp, sizeof(ts)));
}

/* The clocks' resolution: one TSC cycle (rounded up to 1 ns) for the
 * real and monotonic ones, one tick for the CPU-time clock.  A NULL
 * pointer only checks the clock. */
int
sys_clock_getres(struct sysmsg *sysmsg, const struct clock_getres_args *uap)
{
	struct timespec ts;

	switch (uap->clock_id) {
	case CLOCK_MONOTONIC:
	case CLOCK_REALTIME:
		ns_to_timespec(time_tsc_mult != 0 ?
		    (int64_t)((time_tsc_mult + 0xffffffffULL) >> 32) :
		    time_tick_ns, &ts);
		break;
	case CLOCK_PROCESS_CPUTIME_ID:
		ns_to_timespec(time_tick_ns, &ts);
		break;
	default:
		return (EINVAL);
	}
	if (uap->tp == NULL)
		return (0);
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

uint64_t
time_deadline(int64_t ns)
{
	int64_t target = nanouptime() + ns;

	return ((uint64_t)((target + time_tick_ns - 1) / time_tick_ns));
}

/* Sleep for ns nanoseconds; on EINTR *left is what remains. */
static int
kern_nanosleep(int64_t ns, struct timespec *left)
{
	uint64_t deadline = time_deadline(ns);
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
	if (error == EINTR)
		nanosleep_left(deadline, ns, left);
	return (error);
}

/* What is left of a sleep of ns nanoseconds that ends at tick deadline,
 * now.  Any context. */
void
nanosleep_left(uint64_t deadline, int64_t ns, struct timespec *left)
{
	int64_t tick_ns = NSEC_PER_SEC / hz;
	uint64_t now = ticks;

	ns_to_timespec(now < deadline ?
	    MIN((int64_t)(deadline - now) * tick_ns, ns) : 0, left);
}

/* nanosleep's phase 1, for both of its forms (this one and the
 * continuation, kern_asyncwait.c): the duration asked for. */
int
nanosleep_in(const struct nanosleep_args *uap, int64_t *nsp)
{
	struct timespec rq;
	int error;

	error = copyin(uap->rqtp, &rq, sizeof(rq));
	if (error)
		return (error);
	return (timespec_to_duration(&rq, nsp));
}

int
sys_nanosleep(struct sysmsg *sysmsg, const struct nanosleep_args *uap)
{
	struct timespec left;
	int64_t ns;
	int error;

	if ((error = nanosleep_in(uap, &ns)) != 0)
		return (error);
	error = kern_nanosleep(ns, &left);
	if (error == EINTR && uap->rmtp != NULL &&
	    copyout(&left, uap->rmtp, sizeof(left)) != 0)
		return (EFAULT);
	return (error);
}

/* ---- CPU times ----------------------------------------------------------- */

/*
 * The clock tick's share (hardclock): one tick to td's process, user or
 * system by the mode the tick interrupted.  Interrupt context.
 */
void
time_charge_tick(thread_t td, bool usermode)
{
	struct proc *p = td->td_proc;

	if (p == NULL)
		return;
	if (usermode)
		p->p_uticks++;
	else
		p->p_sticks++;
}

/* A child's times and its children's, to its parent's children's times
 * (wait4, under proc_token, before the zombie is freed). */
void
time_add_child(struct proc *parent, struct proc *child)
{
	parent->p_cuticks += child->p_uticks + child->p_cuticks;
	parent->p_csticks += child->p_sticks + child->p_csticks;
}

static void
ticks_to_timeval(uint64_t t, struct timeval *tv)
{
	int64_t ns = (int64_t)t * time_tick_ns;

	tv->tv_sec = (time_t)(ns / NSEC_PER_SEC);
	tv->tv_usec = (suseconds_t)((ns % NSEC_PER_SEC) / 1000);
}

/* The rusage of user ticks ut and system ticks st (the rest: 0). */
void
time_rusage(uint64_t ut, uint64_t st, struct rusage *ru)
{
	memset(ru, 0, sizeof(*ru));
	ticks_to_timeval(ut, &ru->ru_utime);
	ticks_to_timeval(st, &ru->ru_stime);
}

int
sys_getrusage(struct sysmsg *sysmsg, const struct getrusage_args *uap)
{
	struct proc *p = curproc;
	struct rusage ru;
	uint64_t ut, st;

	switch (uap->who) {
	case RUSAGE_SELF:
		crit_enter();
		ut = p->p_uticks;
		st = p->p_sticks;
		crit_exit();
		break;
	case RUSAGE_CHILDREN:
		lwkt_gettoken(&proc_token);
		ut = p->p_cuticks;
		st = p->p_csticks;
		lwkt_reltoken(&proc_token);
		break;
	default:
		return (EINVAL);
	}
	time_rusage(ut, st, &ru);
	return (copyout(&ru, uap->rusage, sizeof(ru)));
}

/* ticks in clock_t units (CLK_TCK a second). */
static clock_t
ticks_to_clock(uint64_t t)
{
	return ((clock_t)(t * CLK_TCK / (uint64_t)hz));
}

int
sys_times(struct sysmsg *sysmsg, const struct times_args *uap)
{
	struct proc *p = curproc;
	struct tms tms;
	int error;

	crit_enter();
	tms.tms_utime = ticks_to_clock(p->p_uticks);
	tms.tms_stime = ticks_to_clock(p->p_sticks);
	crit_exit();
	lwkt_gettoken(&proc_token);
	tms.tms_cutime = ticks_to_clock(p->p_cuticks);
	tms.tms_cstime = ticks_to_clock(p->p_csticks);
	lwkt_reltoken(&proc_token);
	error = copyout(&tms, uap->tp, sizeof(tms));
	if (error == 0)
		sysmsg->sm_retval = (clock_t)(nanouptime() /
		    (NSEC_PER_SEC / CLK_TCK));
	return (error);
}
