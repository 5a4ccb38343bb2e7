/*
 * utest.h - the one assertion header of the user test programs.
 *
 * A failed check prints "FAIL: file:line: expression" with both values
 * and counts a failure; a test goes on after a failure, so one run shows
 * every broken check.  UT_DONE() prints "name: ok (0 failures)" or
 * "name: FAILED (N failures)" and returns from main with 0 or with
 * UT_EXIT_FAILED: never with the count itself, which the exit status
 * would truncate to 8 bits (256 failures would read as success).
 *
 * The harness (test/init.c) runs each program of test/runlist and
 * calls any non-zero status a failure.
 *
 *	UT_EQ(a, b)	integers (compared as long long)
 *	UT_TRUE(e)	a condition
 *	UT_STREQ(a, b)	strings (NULL equals only NULL)
 *	UT_FAIL(fmt, ...)	a failure the test describes itself
 *	UT_ERR(call, e)	call returns -1 with errno e (UT_ERR2: e1 or e2)
 *	UT_PEQ(a, b)	pointers
 *	UT_RANGE(v, lo, hi)	lo <= v <= hi
 *	UT_CHILD(fn, sig)	fn run in a child exits 0 (sig 0) or dies of sig
 *	UT_CWD(path)	getcwd() returns path
 *	UT_CONTENT(path, s)	the file at path holds exactly the string s
 *
 * The helpers below the macros are in test/lib/ (linked into every
 * program): ut_sysctl_int, ut_sysctl_set, ut_watch, ut_all_are,
 * ut_in_child, ut_status_of, ut_put, ut_get, ut_inode, ut_nlinks,
 * ut_rmtree, ut_workdir_enter, ut_workdir_leave, ut_fill_words,
 * ut_bad_words, ut_read_wait, ut_fork_piped, ut_watchdog_start,
 * ut_watchdog_stop, ut_driver_pid, ut_cmos_read, ut_cmos_write,
 * ut_xorshift, ut_warm_stack, ut_nap, ut_sleep_ms, ut_serve, ut_svc_poll,
 * ut_svc_take, ut_svc_reply, ut_svc_answer, and
 * regs_spin for the tests that a handler gives back every register.
 */
#ifndef _UTEST_H_
#define _UTEST_H_

#include <sys/types.h>
#include <sys/param.h>
#include <sys/wait.h>
#include <stdbool.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef nitems
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define UT_EXIT_FAILED	1	/* the exit status of a failed test */

/* The program's failures: one count, which test/lib's helpers that
 * check (ut_svc_take) add to as well (defined in test/lib/utlib.c). */
extern int ut_failures;

#define UT_EQ(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a != _b) {							\
		printf("FAIL: %s:%d: %s == %s: %lld vs %lld\n",	\
		    __FILE__, __LINE__, #a, #b, _a, _b);		\
		ut_failures++;						\
	}								\
} while (0)

#define UT_TRUE(e) do {							\
	if (!(e)) {							\
		printf("FAIL: %s:%d: %s\n", __FILE__, __LINE__, #e);	\
		ut_failures++;						\
	}								\
} while (0)

#define UT_STREQ(a, b) do {						\
	const char *_a = (a), *_b = (b);				\
	if (_a == NULL || _b == NULL ? _a != _b : strcmp(_a, _b) != 0) {\
		printf("FAIL: %s:%d: %s == %s: \"%s\" vs \"%s\"\n",	\
		    __FILE__, __LINE__, #a, #b,				\
		    _a != NULL ? _a : "(null)", _b != NULL ? _b : "(null)");\
		ut_failures++;						\
	}								\
} while (0)

#define UT_FAIL(...) do {						\
	printf("FAIL: %s:%d: ", __FILE__, __LINE__);			\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	ut_failures++;							\
} while (0)

#define UT_ERR(call, err)	UT_ERR2(call, err, err)

#define UT_ERR2(call, e1, e2) do {					\
	long long _r;							\
	int _e;								\
	errno = 0;							\
	_r = (long long)(call);						\
	_e = errno;							\
	if (_r != -1 || (_e != (e1) && _e != (e2))) {			\
		printf("FAIL: %s:%d: %s: got %lld errno %d, "		\
		    "want -1 errno %d", __FILE__, __LINE__, #call,	\
		    _r, _e, (e1));					\
		if ((e2) != (e1))					\
			printf(" or %d", (e2));				\
		printf("\n");						\
		ut_failures++;						\
	}								\
} while (0)

#define UT_PEQ(a, b)	UT_EQ((uintptr_t)(a), (uintptr_t)(b))

#define UT_RANGE(v, lo, hi) do {					\
	long long _v = (long long)(v);					\
	if (_v < (long long)(lo) || _v > (long long)(hi)) {		\
		printf("FAIL: %s:%d: %s = %lld, want %lld..%lld\n",	\
		    __FILE__, __LINE__, #v, _v, (long long)(lo),	\
		    (long long)(hi));					\
		ut_failures++;						\
	}								\
} while (0)

#define UT_CHILD(fn, sig) do {						\
	int _s = ut_in_child(fn);					\
	if ((sig) == 0 ? _s != 0 :					\
	    !(WIFSIGNALED(_s) && WTERMSIG(_s) == (sig))) {		\
		printf("FAIL: %s:%d: %s in a child: wait status 0x%x, "	\
		    "want %s %d\n", __FILE__, __LINE__, #fn, _s,	\
		    (sig) == 0 ? "exit" : "signal", (sig));		\
		ut_failures++;						\
	}								\
} while (0)

#define UT_CWD(want) do {						\
	char _b[1024];							\
	if (getcwd(_b, sizeof(_b)) == NULL) {				\
		printf("FAIL: %s:%d: getcwd: errno %d, want %s\n",	\
		    __FILE__, __LINE__, errno, (want));			\
		ut_failures++;						\
	} else if (strcmp(_b, (want)) != 0) {				\
		printf("FAIL: %s:%d: getcwd: \"%s\", want \"%s\"\n",	\
		    __FILE__, __LINE__, _b, (want));			\
		ut_failures++;						\
	}								\
} while (0)

#define UT_CONTENT(path, want) do {					\
	char _b[1024];							\
	int _n = ut_get((path), _b, sizeof(_b));			\
	if (_n < 0 || strcmp(_b, (want)) != 0) {			\
		printf("FAIL: %s:%d: %.60s holds \"%.100s\" (%d), "	\
		    "want \"%.100s\"\n", __FILE__, __LINE__, (path),	\
		    _n < 0 ? "" : _b, _n, (want));			\
		ut_failures++;						\
	}								\
} while (0)

#define UT_DONE(name) do {						\
	printf("%s: %s (%d failures)\n", name,				\
	    ut_failures ? "FAILED" : "ok", ut_failures);		\
	return (ut_failures ? UT_EXIT_FAILED : 0);			\
} while (0)

/* Helpers (test/lib/utlib.c). */
int	ut_sysctl_int(const char *name);	/* the value, or -1 */
int	ut_sysctl_set(const char *name, int v);	/* 0 or -1 (errno) */
/* Wait for child pid, checking at most checks times (10 ms sleeps: a
 * watchdog counted in checks, not read from a clock); then SIGKILL it.
 * Its wait status, or -1 if it had to be killed. */
int	ut_watch(pid_t pid, int checks);
int	ut_all_are(const void *p, size_t n, int c); /* n bytes all c? */
int	ut_in_child(void (*fn)(void));	/* fn in a child: its wait status */
int	ut_status_of(pid_t pid);	/* waitpid: its wait status, or -1 */
/* The fuzzers' generator: the next xorshift32 word of *state (never 0
 * unless *state is), so a seed replays a run. */
uint32_t ut_xorshift(uint32_t *state);
int	ut_put(const char *path, const char *s); /* write a file: 0 or -1 */
int	ut_get(const char *path, char *buf, size_t size); /* bytes or -1 */
void	ut_rmtree(const char *path);	/* remove path and all under it */
long	ut_inode(const char *path);	/* stat's inode number, or -1 */
int	ut_nlinks(const char *path);	/* lstat's link count, or -1 */
/* A test's working directory: ut_workdir_enter makes path afresh (what
 * an earlier run left there removed) and changes into it;
 * ut_workdir_leave changes to "/", then path must be empty (rmdir) and
 * gone.  Each step is a check counted in ut_failures. */
void	ut_workdir_enter(const char *path);
void	ut_workdir_leave(const char *path);
/* Disk data that names itself: ut_fill_words writes at p the 32-bit
 * words of absolute offset off (each word its own offset, len bytes);
 * ut_bad_words counts the words of p that are not so. */
void	ut_fill_words(void *p, off_t off, size_t len);
int	ut_bad_words(const void *p, off_t off, size_t len);
/* read(2) of a non-blocking fd, tried again while it finds nothing
 * (EAGAIN) at most checks times, 10 ms apart (a watchdog, not a clock):
 * read's result, or -1 with errno EAGAIN. */
ssize_t	ut_read_wait(int fd, void *buf, size_t size, int checks);
/* Fork a child that runs fn(w), w the write end of a pipe (then exits
 * 0 if fn returns); the read end, non-blocking, in *r.  The child's pid
 * (pipe, fcntl and fork checked, counted in ut_failures). */
pid_t	ut_fork_piped(void (*fn)(int w), int *r);
/* A process that kills this one (SIGKILL, "FAIL: name: still running")
 * if it still runs after seconds, so a hang fails the test instead of
 * the run; ut_watchdog_stop ends it (pid <= 0: none). */
pid_t	ut_watchdog_start(const char *name, int seconds);
void	ut_watchdog_stop(pid_t pid);
/* The pid of the user driver process serving driver drv ("vtblk1",
 * kern.devgrants), or -1. */
pid_t	ut_driver_pid(const char *drv);
/* A CMOS clock register, read or written by a process granted the RTC
 * ("isa:rtc"; test/lib/uthw.c). */
uint8_t	ut_cmos_read(uint8_t reg);
void	ut_cmos_write(uint8_t reg, uint8_t v);
/* The device messages (interrupts not counted) that device dev
 * ("vtbd1") received through the port agent so far (kern.agent_devs),
 * or -1 if no process ever served it. */
long	ut_agent_msgs(const char *dev);
/* Touch 16 KiB of stack below the caller, deeper than a test goes, so
 * that free page counts taken later do not see stack pages faulted in
 * on the way (call it from main before the first count). */
void	ut_warm_stack(void);
/* Sleep 10 ms: the step of a test's bounded waits (a watchdog's count
 * of naps, never a measure of time). */
void	ut_nap(void);
/* Sleep ms milliseconds: nanosleep's result (-1 with EINTR when a
 * signal's handler ran).  For giving other threads a chance, never for
 * deciding a result. */
int	ut_sleep_ms(int ms);
/* A test serving a device itself: the next message of service svc
 * into *m (cleared), its data room buf of size bytes (recvsys_nb tried
 * at most checks times, 10 ms apart: a watchdog, not a clock; checks 1:
 * one try, no nap): 0, or the last error (EAGAIN: none came).
 * ut_svc_reply: message id answered with error 0, count bytes moved and
 * data (NULL: none; replysys), its error. */
struct udevmsg;
int	ut_svc_poll(int svc, struct udevmsg *m, void *buf, size_t size,
	    int checks);
int	ut_svc_reply(int svc, uint32_t id, uint32_t count,
	    const void *data);
/* The next message of service svc (ut_svc_poll, checks tries, its data
 * dropped), which must be of command cmd (UDEV_OPEN...): its id, or 0
 * after a failure counted in ut_failures (none came, or another
 * command). */
uint32_t ut_svc_take(int svc, int cmd, int checks);
/* The next message of service svc, of command cmd (ut_svc_take), answered
 * with error 0 and no data (the reply checked). */
void	ut_svc_answer(int svc, int cmd, int checks);
/* Serve device name ("uecho1") from this process with reply deadline
 * timeout_ms (0: the default) and no other option: devserve()'s result,
 * the service's number or -1 with errno. */
int	ut_serve(const char *name, int timeout_ms);
/* An asynchronous message's result once done (waited for if it is not):
 * async_result()'s value, or -3 if the wait failed. */
struct sysmsg_hdr;
long long ut_async_collect(struct sysmsg_hdr *h);

/* test/lib/rawsys.S: the sysenter entry without libc */
int	rawenter(int eax, int ecx, int edx);
int	rawenter_regs(int eax, int ecx, int edx, uint32_t *out);
void	rawenter_garbage(int eax, int eip, int esp);
int	rawenter_tf(int eax, int ecx, int edx);

/* test/lib/regspin.S */
void	regs_spin(void);
extern volatile int spin_flag;
extern volatile uint32_t spin_left, spin_bad;

#endif
