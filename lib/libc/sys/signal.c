/*
 * signal.c - sigaction, signal and raise over the kernel's sigaction.
 *
 * User programs see struct sigaction as lib/libc/include/sys/signal.h
 * has it (handler or sa_sigaction, sa_mask, sa_flags); the kernel's
 * (sys/sys/signal.h) has the handler, the flags, sa_restorer, the
 * trampoline that calls sigreturn, which libc supplies (__sigtramp),
 * and the mask.  sigaction() translates between the two; the flags and
 * the mask are the kernel's as they are (the kernel refuses flags it
 * does not know).  sigprocmask, sigpending and sigsuspend are system
 * calls (their stubs are generated).  newlib's own signal() and raise()
 * (a table inside the process) are replaced: these reach the kernel.
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
	__uint32_t	ksa_mask;
};

int	__sys_sigaction(int sig, const struct __ksigaction *act,
	    struct __ksigaction *oact);

int
sigaction(int sig, const struct sigaction *act, struct sigaction *oact)
{
	struct __ksigaction ka, koa;
	int error;

	if (act != NULL) {
		ka.ksa_handler = act->sa_handler;
		ka.ksa_flags = (__uint32_t)act->sa_flags;
		ka.ksa_restorer = __sigtramp;
		ka.ksa_mask = act->sa_mask;
	}
	error = __sys_sigaction(sig, act != NULL ? &ka : NULL,
	    oact != NULL ? &koa : NULL);
	if (error != 0)
		return (error);
	if (oact != NULL) {
		oact->sa_handler = koa.ksa_handler;
		oact->sa_flags = (int)koa.ksa_flags;
		oact->sa_mask = koa.ksa_mask;
	}
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
