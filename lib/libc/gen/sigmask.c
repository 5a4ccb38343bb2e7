/*
 * sigmask.c - sigprocmask and sigsuspend without a signal mask.
 *
 * KNOWN LIMIT: the kernel has no per-thread signal mask yet.  These
 * exist so that programs written for POSIX (dash) link and run:
 * sigprocmask accepts any request, changes nothing and reports an empty
 * old mask (a blocked signal is delivered at once, not held);
 * sigsuspend cannot wait for "a signal arrives", so it sleeps one clock
 * tick and returns -1 with EINTR, as if one had: a caller that loops on
 * a flag its handler sets (dash's wait) polls it each tick.
 */
#include <sys/types.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>

int
sigprocmask(int how, const sigset_t *set, sigset_t *oset)
{
	if (set != NULL && how != SIG_BLOCK && how != SIG_UNBLOCK &&
	    how != SIG_SETMASK) {
		errno = EINVAL;
		return (-1);
	}
	if (oset != NULL)
		memset(oset, 0, sizeof(*oset));
	return (0);
}

int
sigsuspend(const sigset_t *mask)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	(void)mask;
	nanosleep(&ts, NULL);
	errno = EINTR;
	return (-1);
}
