/*
 * sys/signal.h - signal numbers, actions, masks and the context a
 * handler (or an upcall) interrupts; shared by the kernel and libc
 * (kern_sig.c has the rules in full).
 *
 * A signal is posted to a process (kill, a fault, the kernel).  Each
 * thread has a mask of blocked signals (sigprocmask); a blocked signal
 * stays pending (sigpending) until unblocked.  On a thread's return to
 * user mode the pending signals it does not block are acted on, lowest
 * number first: SIG_IGN drops it (an ignored signal is not even
 * posted), SIG_DFL terminates the process, stops it (SIGSTOP, SIGTSTP,
 * SIGTTIN, SIGTTOU) or does nothing (SIGCHLD, SIGCONT, SIGURG,
 * SIGWINCH, SIGIO); a handler runs on the current user stack.  SIGKILL
 * and SIGSTOP cannot be caught, ignored or blocked.  SIGCONT continues a
 * stopped process whatever its action or mask.
 *
 * MASKS AND SIGNAL MESSAGES.  A signal that an armed signal message
 * watches (sys/sysmsg.h: precedence) goes to the message whatever the
 * thread's mask: masks govern only what interrupts a thread (handlers,
 * default actions, EINTR), and a message interrupts nothing; it is
 * never posted, so sigpending does not show it.  A blocked signal that
 * no message watches stays pending, and a message armed later does not
 * take it.  Upcalls are held by user critical sections (upcall_crit),
 * not by the signal mask; an upcall's frame saves the mask and
 * sigreturn restores it.
 *
 * Delivery to a handler: the kernel saves the interrupted registers and
 * the thread's mask in a struct sigcontext below the user's stack
 * pointer, leaving the SIG_REDZONE bytes just below it alone, widens
 * the mask by sa_mask and the signal itself (unless SA_NODEFER; with
 * SA_RESETHAND the action goes back to SIG_DFL), and calls
 * handler(signo, arg2, ctx) with the return address sa_restorer, a
 * trampoline that calls sigreturn(ctx):
 *
 *	esp ->	sa_restorer	(return address)
 *		signo		(the handler's argument)
 *		arg2		(ctx; with SA_SIGINFO, &info)
 *		ctx		(the third argument: the context, which the
 *				 trampoline passes to sigreturn)
 *		struct __siginfo info
 *		struct sigcontext
 *
 * The red zone is the i386 counterpart of amd64's: code may keep data
 * in the SIG_REDZONE bytes below esp without moving esp.  libc's message
 * stubs build their system call header there (sys/sysmsg.h), which is
 * also what lets SA_RESTART run an interrupted call again: the gate's
 * instruction is simply executed again after the handler.
 *
 * Upcalls use the same frame with msg in place of signo (arg2 = ctx).
 * sigreturn restores the registers from ctx, the floating-point ones
 * included (the segment registers and the privileged eflags bits are
 * the kernel's, whatever ctx says; EINVAL for an unknown sc_fpformat),
 * and the mask (sc_mask, less SIGKILL and SIGSTOP).
 */
#ifndef _SYS_SIGNAL_H_
#define _SYS_SIGNAL_H_

#include <sys/types.h>
#include <sys/sigframe.h>

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGEMT		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGBUS		10
#define SIGSEGV		11
#define SIGSYS		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGURG		16
#define SIGSTOP		17
#define SIGTSTP		18
#define SIGCONT		19
#define SIGCHLD		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGIO		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGUSR1		30
#define SIGUSR2		31
#define NSIG		32

#define sigmask(sig)	(1u << ((sig) - 1))

/* Signals no mask blocks and no handler catches. */
#define SIG_CANTMASK	(sigmask(SIGKILL) | sigmask(SIGSTOP))
/* Whose default action is to stop the process. */
#define SIG_STOPSIGS	(sigmask(SIGSTOP) | sigmask(SIGTSTP) | \
			 sigmask(SIGTTIN) | sigmask(SIGTTOU))
/* Whose default action is nothing. */
#define SIG_DFLIGNORE	(sigmask(SIGCHLD) | sigmask(SIGCONT) | \
			 sigmask(SIGURG) | sigmask(SIGWINCH) | sigmask(SIGIO))

typedef void (*sig_t)(int);
#define SIG_DFL		((sig_t)0)
#define SIG_IGN		((sig_t)1)
#define SIG_ERR		((sig_t)-1)

/* sigprocmask's how. */
#define SIG_SETMASK	0	/* the mask becomes *set */
#define SIG_BLOCK	1	/* ... gains *set */
#define SIG_UNBLOCK	2	/* ... loses *set */

/*
 * sa_flags:
 *   SA_RESTART    a call the handler interrupts restarts (where POSIX
 *                 allows: read, write, pread, pwrite, wait4, ioctl on
 *                 pipes, terminals and devices that wait) instead of EINTR
 *   SA_NOCLDSTOP  SIGCHLD: not when a child stops or continues
 *   SA_NODEFER    the signal is not blocked while its handler runs
 *   SA_RESETHAND  the action goes back to SIG_DFL as the handler starts
 *   SA_SIGINFO    handler(signo, siginfo_t *, ucontext) (sa_sigaction)
 */
#define SA_RESTART	0x0002
#define SA_RESETHAND	0x0004
#define SA_NOCLDSTOP	0x0008
#define SA_NODEFER	0x0010
#define SA_SIGINFO	0x0040
#define SA_ALLFLAGS	(SA_RESTART | SA_RESETHAND | SA_NOCLDSTOP | \
			 SA_NODEFER | SA_SIGINFO)

struct sigaction {
	sig_t		sa_handler;	/* SIG_DFL, SIG_IGN or a function */
	uint32_t	sa_flags;	/* SA_* */
	void		(*sa_restorer)(void); /* calls sigreturn (libc sets it) */
	uint32_t	sa_mask;	/* blocked while the handler runs */
};

/* si_code: who sent the signal. */
#define SI_USER		0x10001	/* kill(), raise(), abort() */
#define SI_KERNEL	0x10006	/* the kernel (a fault, a terminal, a child) */
#define CLD_EXITED	1	/* SIGCHLD: the child exited */
#define CLD_KILLED	2	/* ... was killed by a signal */
#define CLD_STOPPED	5	/* ... stopped */
#define CLD_CONTINUED	6	/* ... continued */

/* What an SA_SIGINFO handler's second argument points at. */
struct __siginfo {
	int		si_signo;	/* the signal */
	int		si_errno;	/* 0 */
	int		si_code;	/* SI_* or CLD_* */
	int32_t		si_pid;		/* the sender (SI_USER), the child */
	uint32_t	si_uid;		/* the sender's user: 0 */
	int		si_status;	/* SIGCHLD: exit code or signal */
	uint32_t	si_addr;	/* a fault's address, or 0 */
	uint32_t	si_value;	/* 0 */
};
_Static_assert(sizeof(struct __siginfo) == 32, "siginfo layout");

#endif
