/*
 * proc_clock - the clocks and the CPU times.
 *
 * Clocks: the monotonic and real-time clocks move between clock ticks
 * (two reads in a row differ, by more than the 1 ns a read that found no
 * progress is given, and gettimeofday shows microseconds that are not
 * whole ticks), never go backwards over many reads, and say their
 * resolution is finer than a tick.  All by order and counts, not speed.
 *
 * CPU times: a child that spins in user mode is charged user time, one
 * that makes system calls is charged system time (each spins until its
 * own getrusage shows 20 ticks of the kind, bounded by a count of
 * rounds); their parent sees each child's times in wait4's rusage, and
 * their sum in RUSAGE_CHILDREN and times().  Then uname and the ids.
 */
#include <sys/types.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define NREADS		2000
#define TICK_NS		10000000LL	/* 1 / kern.hz */
#define WANT_TICKS	20		/* CPU time each child earns */
#define MAX_ROUNDS	5000		/* rounds before a child gives up */

static volatile uintptr_t badaddr = 0x10;	/* unmapped */
#define BADPTR	((void *)badaddr)

static long long
ts_ns(const struct timespec *ts)
{
	return ((long long)ts->tv_sec * 1000000000LL + ts->tv_nsec);
}

static long long
tv_us(const struct timeval *tv)
{
	return ((long long)tv->tv_sec * 1000000LL + tv->tv_usec);
}

/*
 * One run of NREADS reads of a clock: every read differs from the one
 * before and none goes back (asserted); returns 1 if the run also shows
 * the counter moving between ticks (fewer than half the steps are the
 * 1 ns of a reading that found no progress, more than half the values
 * are not whole ticks).  A run can miss that through no fault of the
 * clock: when the host delays the clock interrupt, the interpolation
 * stops at the next tick's value and every later read gets last + 1.
 */
static int
clock_run(int clock)
{
	static long long v[NREADS];
	struct timespec ts;
	int i, back = 0, same = 0, tiny = 0, subtick = 0;

	for (i = 0; i < NREADS; i++) {
		if (clock_gettime(clock, &ts) != 0)
			break;
		v[i] = ts_ns(&ts);
	}
	UT_EQ(i, NREADS);
	for (i = 1; i < NREADS; i++) {
		long long d = v[i] - v[i - 1];

		if (d < 0)
			back++;
		else if (d == 0)
			same++;
		else if (d == 1)
			tiny++;		/* no progress found: last + 1 */
		if (v[i] % TICK_NS != 0)
			subtick++;
	}
	/* Never backwards, never the same twice: every read differs from
	 * the one before, though thousands fall within one tick. */
	UT_EQ(back, 0);
	UT_EQ(same, 0);
	printf("proc_clock: clock %d: %d reads, %d 1-ns steps, "
	    "%lld ns in all\n", clock, NREADS, tiny, v[NREADS - 1] - v[0]);
	return (tiny < NREADS / 2 && subtick > NREADS / 2);
}

/* The clock moves between ticks: at least one of CLOCK_RUNS runs shows
 * it (a tick-driven clock shows it in none). */
#define CLOCK_RUNS	20

static void
test_clock_order(int clock)
{
	int run, moved = 0;

	for (run = 0; run < CLOCK_RUNS && !moved; run++)
		moved = clock_run(clock);
	UT_TRUE(moved);
}

static void
test_clocks(void)
{
	struct timespec res, m, r;
	struct timeval tv[64];
	int i, subtick = 0, back = 0;

	UT_TRUE(sizeof(time_t) == 8);
	UT_TRUE(sizeof(struct timespec) == 12);
	test_clock_order(CLOCK_MONOTONIC);
	test_clock_order(CLOCK_REALTIME);
	/* gettimeofday: microseconds inside ticks, in order. */
	for (i = 0; i < 64; i++)
		UT_EQ(gettimeofday(&tv[i], NULL), 0);
	for (i = 0; i < 64; i++) {
		if (tv[i].tv_usec % 10000 != 0)
			subtick++;
		if (i > 0 && tv_us(&tv[i]) < tv_us(&tv[i - 1]))
			back++;
		UT_RANGE(tv[i].tv_usec, 0, 999999);
	}
	UT_TRUE(subtick > 32);
	UT_EQ(back, 0);
	/* The real-time clock agrees with gettimeofday (to a second). */
	UT_EQ(clock_gettime(CLOCK_REALTIME, &r), 0);
	UT_EQ(gettimeofday(&tv[0], NULL), 0);
	UT_RANGE(tv[0].tv_sec - r.tv_sec, 0, 1);
	UT_TRUE(r.tv_sec > 1577836800);		/* after 2020 */
	/* Resolutions: finer than a tick; the CPU clock counts ticks. */
	UT_EQ(clock_getres(CLOCK_MONOTONIC, &res), 0);
	UT_EQ(res.tv_sec, 0);
	UT_RANGE(res.tv_nsec, 1, TICK_NS - 1);
	UT_EQ(clock_getres(CLOCK_REALTIME, &res), 0);
	UT_RANGE(res.tv_nsec, 1, TICK_NS - 1);
	UT_EQ(clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res), 0);
	UT_EQ(res.tv_nsec, TICK_NS);
	UT_EQ(clock_getres(CLOCK_MONOTONIC, NULL), 0);
	UT_ERR(clock_getres(99, &res), EINVAL);
	UT_ERR(clock_getres(CLOCK_MONOTONIC, BADPTR), EFAULT);
	UT_ERR(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, BADPTR), EFAULT);
	UT_EQ(clock_gettime(CLOCK_MONOTONIC, &m), 0);
	UT_TRUE(m.tv_nsec >= 0 && m.tv_nsec < 1000000000);
}

/* ---- CPU times ---------------------------------------------------------- */

static long long
ru_ticks(const struct timeval *tv)
{
	return (tv_us(tv) / (TICK_NS / 1000));
}

/* Spin in user mode until 20 ticks of user time are ours. */
static void
spin_user(void)
{
	struct rusage ru;
	volatile unsigned x = 0;
	int round, i;

	for (round = 0; round < MAX_ROUNDS; round++) {
		for (i = 0; i < 100000; i++)
			x += (unsigned)i;
		if (getrusage(RUSAGE_SELF, &ru) != 0)
			_exit(2);
		if (ru_ticks(&ru.ru_utime) >= WANT_TICKS)
			_exit(0);
	}
	_exit(1);
}

/* Make system calls until 20 ticks of system time are ours. */
static void
spin_sys(void)
{
	struct rusage ru;
	int round, i;

	for (round = 0; round < MAX_ROUNDS; round++) {
		for (i = 0; i < 200; i++) {
			struct stat st;

			(void)stat("/bin", &st);
		}
		if (getrusage(RUSAGE_SELF, &ru) != 0)
			_exit(2);
		if (ru_ticks(&ru.ru_stime) >= WANT_TICKS)
			_exit(0);
	}
	_exit(1);
}

static void
run_child(void (*fn)(void), struct rusage *ru)
{
	int status = -1;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		fn();
	UT_TRUE(pid > 0);
	memset(ru, 0xff, sizeof(*ru));
	UT_EQ(wait4(pid, &status, 0, ru), pid);
	UT_EQ(status, 0);
}

static void
test_cpu_times(void)
{
	struct rusage self0, c0, u, s, c1, bad;
	struct tms t0, t1;
	clock_t up0, up1;
	struct timespec cpu;
	pid_t pid;

	UT_EQ(getrusage(RUSAGE_SELF, &self0), 0);
	UT_EQ(getrusage(RUSAGE_CHILDREN, &c0), 0);
	UT_EQ(self0.ru_maxrss, 0);		/* not counted: 0 */
	up0 = times(&t0);
	UT_TRUE(up0 != (clock_t)-1);

	run_child(spin_user, &u);
	run_child(spin_sys, &s);
	printf("proc_clock: user spinner %lld/%lld ticks (user/system), "
	    "system caller %lld/%lld\n", ru_ticks(&u.ru_utime),
	    ru_ticks(&u.ru_stime), ru_ticks(&s.ru_utime),
	    ru_ticks(&s.ru_stime));
	/* Each child earned what it spun for, and more of that kind. */
	UT_TRUE(ru_ticks(&u.ru_utime) >= WANT_TICKS);
	UT_TRUE(ru_ticks(&u.ru_utime) > ru_ticks(&u.ru_stime));
	UT_TRUE(ru_ticks(&s.ru_stime) >= WANT_TICKS);
	UT_TRUE(ru_ticks(&s.ru_stime) > ru_ticks(&s.ru_utime));
	UT_RANGE(u.ru_utime.tv_usec, 0, 999999);
	UT_EQ(u.ru_nvcsw, 0);

	/* The parent's children's times grew by both. */
	UT_EQ(getrusage(RUSAGE_CHILDREN, &c1), 0);
	UT_EQ(tv_us(&c1.ru_utime) - tv_us(&c0.ru_utime),
	    tv_us(&u.ru_utime) + tv_us(&s.ru_utime));
	UT_EQ(tv_us(&c1.ru_stime) - tv_us(&c0.ru_stime),
	    tv_us(&u.ru_stime) + tv_us(&s.ru_stime));
	up1 = times(&t1);
	UT_TRUE(up1 >= up0);
	UT_EQ((long long)(t1.tms_cutime - t0.tms_cutime),
	    (tv_us(&u.ru_utime) + tv_us(&s.ru_utime)) / 1000);
	UT_EQ((long long)(t1.tms_cstime - t0.tms_cstime),
	    (tv_us(&u.ru_stime) + tv_us(&s.ru_stime)) / 1000);
	/* Our own times only grow; the CPU clock is their sum. */
	UT_TRUE(t1.tms_utime >= t0.tms_utime && t1.tms_stime >= t0.tms_stime);
	UT_EQ(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu), 0);
	UT_TRUE(ts_ns(&cpu) >= ((long long)t1.tms_utime + t1.tms_stime) *
	    1000000LL);

	/* A grandchild's times reach its grandparent through the child. */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct rusage gc;
		int st = -1;
		pid_t g = fork();

		if (g == 0)
			spin_user();
		if (g < 0 || wait4(g, &st, 0, NULL) != g || st != 0)
			_exit(1);
		if (getrusage(RUSAGE_CHILDREN, &gc) != 0 ||
		    ru_ticks(&gc.ru_utime) < WANT_TICKS)
			_exit(2);
		_exit(0);
	}
	UT_EQ(wait4(pid, NULL, 0, NULL), pid);
	UT_EQ(getrusage(RUSAGE_CHILDREN, &c0), 0);
	UT_TRUE(ru_ticks(&c0.ru_utime) - ru_ticks(&c1.ru_utime) >= WANT_TICKS);

	/* Bad input. */
	UT_ERR(getrusage(5, &bad), EINVAL);
	UT_ERR(getrusage(RUSAGE_SELF, BADPTR), EFAULT);
	errno = 0;
	UT_EQ(times(BADPTR), (clock_t)-1);	/* clock_t is unsigned */
	UT_EQ(errno, EFAULT);
	/* A rusage pointer that cannot be written reaps nothing. */
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(7);
	UT_ERR(wait4(pid, NULL, 0, BADPTR), EFAULT);
	UT_EQ(wait4(pid, NULL, 0, &bad), pid);
}

static void
test_ids(void)
{
	struct utsname un;

	memset(&un, 'x', sizeof(un));
	UT_EQ(uname(&un), 0);
	UT_STREQ(un.sysname, "Damselfly");
	UT_STREQ(un.machine, "i386");
	UT_TRUE(un.release[0] != '\0' && strlen(un.release) < SYS_NMLN);
	UT_TRUE(un.version[0] != '\0' && strlen(un.version) < SYS_NMLN);
	UT_TRUE(un.nodename[0] != '\0' && strlen(un.nodename) < SYS_NMLN);
	UT_ERR(uname(BADPTR), EFAULT);
	UT_EQ(getuid(), 0);
	UT_EQ(geteuid(), 0);
	UT_EQ(getgid(), 0);
	UT_EQ(getegid(), 0);
}

int
main(void)
{
	test_clocks();
	test_cpu_times();
	test_ids();
	UT_DONE("proc_clock");
}
