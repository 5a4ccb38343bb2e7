/*
 * abort.c - abort() (POSIX): SIGABRT, unblocked, is raised; if a handler
 * catches it and returns, the action goes back to SIG_DFL and SIGABRT is
 * raised again, so that the process dies of it (its parent sees
 * WIFSIGNALED, WTERMSIG == SIGABRT) whatever the handler did.  Replaces
 * newlib's, which exits with status 1 when the handler returns.
 *
 * KNOWN LIMIT: a signal message that watches SIGABRT (sys/sysmsg.h)
 * takes the signal instead; then the process exits with status 127
 * after the second raise.
 */
#include <sys/types.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

void
abort(void)
{
	struct sigaction sa;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGABRT);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(SIGABRT);
	/* A handler returned: the default action, again. */
	sa.sa_handler = SIG_DFL;
	sa.sa_flags = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGABRT, &sa, NULL);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(SIGABRT);
	_exit(127);
}
