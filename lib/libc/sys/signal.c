/*
 * signal.c - sigaction, signal and raise over the sigaction system call.
 * libc supplies the return trampoline (__sigtramp) the kernel needs.
 */
#include <sys/types.h>
#include <signal.h>
#include <unistd.h>
#include <errno.h>

int	__sys_sigaction(int sig, const struct sigaction *act,
	    struct sigaction *oact);

int
sigaction(int sig, const struct sigaction *act, struct sigaction *oact)
{
	struct sigaction sa;

	if (act != NULL && act->sa_restorer == NULL) {
		sa = *act;
		sa.sa_restorer = __sigtramp;
		act = &sa;
	}
	return (__sys_sigaction(sig, act, oact));
}

sig_t
signal(int sig, sig_t handler)
{
	struct sigaction sa, osa;

	sa.sa_handler = handler;
	sa.sa_flags = 0;
	sa.sa_restorer = __sigtramp;
	if (sigaction(sig, &sa, &osa) != 0)
		return (SIG_ERR);
	return (osa.sa_handler);
}

int
raise(int sig)
{
	return (kill(getpid(), sig));
}
