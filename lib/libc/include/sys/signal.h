/*
 * sys/signal.h - newlib's, with what the kernel has and newlib's generic
 * header lacks: struct sigaction with sa_sigaction and the flags
 * SA_RESTART, SA_SIGINFO, SA_NODEFER, SA_RESETHAND (the kernel's values,
 * sys/sys/signal.h, checked by lib/libc/abi/abicheck.c), and a
 * siginfo_t with si_pid, si_status and si_addr; and the sigset_t
 * macros with the kernel's bit numbering.
 *
 * newlib's own struct sigaction and siginfo_t are renamed out of the
 * way while its header is read.  The layout of struct sigaction is
 * newlib's (handler, mask, flags), so newlib's own objects agree.
 *
 * An SA_SIGINFO handler is called as handler(signo, &info, ctx), ctx
 * pointing at the interrupted context (struct sigcontext,
 * <sys/sigframe.h>), which sigreturn restores, the signal mask with it.
 */
#ifndef _DAMSELFLY_SYS_SIGNAL_H_
#define _DAMSELFLY_SYS_SIGNAL_H_

#define sigaction	__newlib_sigaction
#define siginfo_t	__newlib_siginfo_t
#include_next <sys/signal.h>
#undef sigaction
#undef siginfo_t

#undef SA_NOCLDSTOP
#undef SA_SIGINFO
#define SA_RESTART	0x0002	/* restart calls the handler interrupts */
#define SA_RESETHAND	0x0004	/* back to SIG_DFL as the handler starts */
#define SA_NOCLDSTOP	0x0008	/* no SIGCHLD when a child stops/continues */
#define SA_NODEFER	0x0010	/* the signal is not blocked in its handler */
#define SA_SIGINFO	0x0040	/* sa_sigaction(signo, siginfo_t *, ctx) */

/* si_code values beside newlib's SI_* (which the kernel does not send). */
#undef SI_USER
#define SI_USER		0x10001	/* kill(), raise(), abort() */
#define SI_KERNEL	0x10006	/* the kernel: a fault, a terminal, a child */
#define CLD_EXITED	1	/* SIGCHLD: the child exited */
#define CLD_KILLED	2	/* ... was killed by a signal */
#define CLD_STOPPED	5	/* ... stopped */
#define CLD_CONTINUED	6	/* ... continued */

typedef struct {
	int		si_signo;	/* the signal */
	int		si_errno;	/* 0 */
	int		si_code;	/* SI_USER, SI_KERNEL or CLD_* */
	pid_t		si_pid;		/* the sender (SI_USER), the child */
	uid_t		si_uid;		/* the sender's user: 0 */
	int		si_status;	/* SIGCHLD: exit code or signal */
	void		*si_addr;	/* a fault's address, or 0 */
	union {
		int	sival_int;
		void	*sival_ptr;
	}		si_value;	/* 0 */
} siginfo_t;

struct sigaction {
	union {
		void	(*__sa_handler)(int);
		void	(*__sa_sigaction)(int, siginfo_t *, void *);
	}		__sa_u;
	sigset_t	sa_mask;	/* blocked while the handler runs */
	int		sa_flags;	/* SA_* */
};
#define sa_handler	__sa_u.__sa_handler
#define sa_sigaction	__sa_u.__sa_sigaction

int	sigaction(int sig, const struct sigaction *act, struct sigaction *oact);

/* A sigset_t is the kernel's mask: bit n-1 for signal n (newlib's
 * macros use bit n, which the kernel would read as signal n+1). */
#undef sigaddset
#undef sigdelset
#undef sigemptyset
#undef sigfillset
#undef sigismember
#define sigaddset(what, sig)	(*(what) |= (1ul << ((sig) - 1)), 0)
#define sigdelset(what, sig)	(*(what) &= ~(1ul << ((sig) - 1)), 0)
#define sigemptyset(what)	(*(what) = 0, 0)
#define sigfillset(what)	(*(what) = ~0ul, 0)
#define sigismember(what, sig)	((*(what) & (1ul << ((sig) - 1))) != 0)

#endif
