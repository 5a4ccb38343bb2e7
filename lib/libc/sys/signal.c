/*
 * signal.c - sigaction, signal and raise over the kernel's sigaction.
 *
 * User programs see newlib's struct sigaction (handler, sa_mask,
 * sa_flags); the kernel's (sys/sys/signal.h) has the handler, flags that
 * must be 0, and sa_restorer, the trampoline that calls sigreturn, which
 * libc supplies (__sigtramp).  sigaction() translates between the two.
 * The kernel blocks no signals, so sa_mask is kept only to be given back;
 * of the flags only SA_NOCLDSTOP (true anyway: nothing stops) is taken,
 * others are EINVAL.
 * newlib's own signal() and raise() (a table inside the process) are
 * replaced: these reach the kernel.
 */
#include <sys/types.h>
#include <signal.h>
#include <unistd.h>
#include <errno.h>
#include <sysasync.h>

/* The kernel's struct sigaction, checked by lib/libc/abi/abicheck.c. */
struct __ksigaction {
	void		(*ksa_handler)(int);
	__uint32_t	ksa_flags;
	void		(*ksa_restorer)(void);
};

int	__sys_sigaction(int sig, const struct __ksigaction *act,
	    struct __ksigaction *oact);

static sigset_t sig_masks[NSIG];	/* what sa_mask said, per signal */

int
sigaction(int sig, const struct sigaction *act, struct sigaction *oact)
{
	struct __ksigaction ka, koa;
	int error;

	if (act != NULL) {
		/* No stopped children: SA_NOCLDSTOP holds by itself. */
		if ((act->sa_flags & ~SA_NOCLDSTOP) != 0) {
			errno = EINVAL;
			return (-1);
		}
		ka.ksa_handler = act->sa_handler;
		ka.ksa_flags = 0;
		ka.ksa_restorer = __sigtramp;
	}
	error = __sys_sigaction(sig, act != NULL ? &ka : NULL, &koa);
	if (error != 0)
		return (error);
	if (oact != NULL) {
		oact->sa_handler = koa.ksa_handler;
		oact->sa_flags = 0;
		oact->sa_mask = sig > 0 && sig < NSIG ? sig_masks[sig] : 0;
	}
	if (act != NULL && sig > 0 && sig < NSIG)
		sig_masks[sig] = act->sa_mask;
	return (0);
}

_sig_func_ptr
signal(int sig, _sig_func_ptr handler)
{
	struct sigaction sa, osa;

	sa.sa_handler = handler;
	sa.sa_flags = 0;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, &osa) != 0)
		return (SIG_ERR);
	return (osa.sa_handler);
}

int
raise(int sig)
{
	return (kill(getpid(), sig));
}
