/*
 * async_all - every call in syscalls.master, sent with SMF_ASYNC, does
 * what its asynchronous class (sys/sysmsg.h) says, with the result of
 * the synchronous call.
 *
 * The list of calls is generated from the table itself
 * (SYSASYNC_INFO_INIT and SYSCALL_INFO_INIT, sys/sysproto.h), so a call
 * added to syscalls.master is checked here without a line of this file
 * changing.  Each call is sent with every argument word 0xffffffff (a bad
 * descriptor, a bad pointer, a bad flag or length: values every call
 * refuses before it changes anything), once synchronously and once with
 * SMF_ASYNC:
 *
 *   SYSASYNC_NOASYNC  refused with EOPNOTSUPP, header untouched, not run
 *                     (exit and fork among them: this process goes on);
 *                     the table gives a reason
 *   SYSASYNC_NOBLOCK  completes inside sendsys (returns its error,
 *                     SMF_DONE already set)
 *   otherwise         completes at once or goes in flight (EASYNC);
 *                     either way the error and result, once done, are
 *                     the synchronous call's
 *
 * A call that exists only asynchronously (sigmsg, timermsg) is refused
 * synchronously with EINVAL and must complete at once with an error.
 *
 * A call run by a worker reaches only the user memory its row of the
 * table declares (sys/sysargs.h): kern.async_argfaults, its accesses to
 * anything else, must not grow over the whole run.
 */
#include <sys/types.h>
#include <sys/syscall.h>
#include <sys/sysproto.h>
#include <sys/sysmsg.h>
#include <sys/stat.h>
#include <string.h>
#include <stdio.h>
#include <errno.h>
#include <sysasync.h>
#include "utest.h"

static const struct {
	int	ci_exists;
	int	ci_argsize;
	int	ci_strings;
} calls[SYS_MAXSYSCALL] = { SYSCALL_INFO_INIT };

static const struct {
	int		ai_class;
	const char	*ai_why;
} classes[SYS_MAXSYSCALL] = { SYSASYNC_INFO_INIT };

static struct {
	struct sysmsg_hdr h;
	uint32_t	a[16];
} m;

/* Send call cmd with every argument word bad; flags 0 or SMF_ASYNC.
 * Returns sendsys's eax. */
static int
send_bad(int cmd, int flags)
{
	memset(&m, 0, sizeof(m));
	memset(m.a, 0xff, sizeof(m.a));
	m.h.sm_cmd = (uint16_t)cmd;
	m.h.sm_flags = (uint16_t)flags;
	m.h.sm_result = -77;
	return (__sendsys(0, &m.h, sizeof(m.h) + calls[cmd].ci_argsize));
}

int
main(void)
{
	int cmd, n = 0, refused = 0, inline_done = 0, inflight = 0;
	mode_t mask = umask(022);
	int argfaults = ut_sysctl_int("kern.async_argfaults");

	for (cmd = 0; cmd < SYS_MAXSYSCALL; cmd++) {
		int cls = classes[cmd].ai_class, serr, aerr;
		long long sres;
		bool asynconly;

		if (!calls[cmd].ci_exists)
			continue;
		n++;
		UT_TRUE(calls[cmd].ci_argsize <= (int)sizeof(m.a));
		if (cls == SYSASYNC_NOASYNC) {
			UT_TRUE(strlen(classes[cmd].ai_why) > 10);
			UT_EQ(send_bad(cmd, SMF_ASYNC), EOPNOTSUPP);
			UT_EQ(m.h.sm_result, -77);	/* not run */
			UT_TRUE(!(m.h.sm_flags & SMF_DONE));
			refused++;
			continue;
		}
		UT_STREQ(classes[cmd].ai_why, "");
		serr = send_bad(cmd, 0);
		asynconly = serr == EINVAL && !(m.h.sm_flags & SMF_DONE);
		sres = m.h.sm_result;
		umask(022);
		aerr = send_bad(cmd, SMF_ASYNC);
		if (aerr == EASYNC) {
			UT_TRUE(cls != SYSASYNC_NOBLOCK);
			UT_EQ(__waitsys(0, &m.h), 0);
			aerr = m.h.sm_error;
			inflight++;
		} else {
			inline_done++;
		}
		umask(022);
		if (aerr != m.h.sm_error || !(m.h.sm_flags & SMF_DONE))
			printf("async_all: call %d: eax %d, sm_error %d, "
			    "flags 0x%x\n", cmd, aerr, m.h.sm_error,
			    m.h.sm_flags);
		UT_TRUE(m.h.sm_flags & SMF_DONE);
		UT_EQ(m.h.sm_error, aerr);
		if (asynconly) {
			UT_TRUE(aerr != 0);	/* bad arguments: an error */
			continue;
		}
		/* setsid succeeds once: the synchronous call made us a
		 * session leader, so the asynchronous one is EPERM. */
		if (cmd == SYS_setsid && serr == 0 && aerr == EPERM)
			continue;
		if (aerr != serr || (aerr == 0 && m.h.sm_result != sres))
			printf("async_all: call %d: sync %d/%lld, async "
			    "%d/%lld\n", cmd, serr, sres, aerr,
			    (long long)m.h.sm_result);
		UT_EQ(aerr, serr);
		if (aerr == 0 && cmd != SYS_times)
			UT_EQ(m.h.sm_result, sres);
	}
	umask(mask);
	UT_TRUE(argfaults >= 0);
	UT_EQ(ut_sysctl_int("kern.async_argfaults"), argfaults);
	printf("async_all: %d calls: %d refused, %d completed at once, "
	    "%d in flight\n", n, refused, inline_done, inflight);
	UT_TRUE(refused >= 4 && inline_done > 0 && inflight > 0);
	UT_DONE("async_all");
}
