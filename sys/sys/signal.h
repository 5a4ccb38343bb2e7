/*
 * sys/signal.h - signal numbers, actions and the context a handler (or
 * an upcall) interrupts; shared by the kernel and libc.
 *
 * A signal is posted to a process (kill, a fault).  On the process's next
 * return to user mode it is acted on, lowest number first: SIG_IGN drops
 * it (an ignored signal is not even posted), SIG_DFL terminates the
 * process (SIGCHLD: nothing), a handler runs on the current user stack.
 * A signal that an armed signal message watches goes to the message
 * instead (sys/sysmsg.h: precedence).  SIGKILL always terminates.
 *
 * Delivery to a handler: the kernel saves the interrupted registers in a
 * struct sigcontext below the user's stack pointer, leaving the
 * SIG_REDZONE bytes just below it alone, and calls
 * handler(signo) with the return address sa_restorer, a trampoline that
 * calls sigreturn(ctx) with ctx the word above signo:
 *
 *	esp ->	sa_restorer	(return address)
 *		signo		(the handler's argument)
 *		ctx		(sigreturn's argument, for the trampoline)
 *		struct sigcontext
 *
 * The red zone is the i386 counterpart of amd64's: code may keep data
 * in the SIG_REDZONE bytes below esp without moving esp.  libc's message
 * stubs build their system call header there (sys/sysmsg.h).
 *
 * Upcalls use the same frame with msg in place of signo.  sigreturn
 * restores the registers from ctx, the floating-point ones included
 * (the segment registers and the privileged eflags bits are the
 * kernel's, whatever ctx says; EINVAL for an unknown sc_fpformat).  Signals
 * are not blocked while their handler runs: a second one nests.
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
#define SIGFPE		8
#define SIGKILL		9
#define SIGBUS		10
#define SIGSEGV		11
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGCHLD		20
#define SIGUSR1		30
#define SIGUSR2		31
#define NSIG		32

#define sigmask(sig)	(1u << ((sig) - 1))

typedef void (*sig_t)(int);
#define SIG_DFL		((sig_t)0)
#define SIG_IGN		((sig_t)1)
#define SIG_ERR		((sig_t)-1)

struct sigaction {
	sig_t		sa_handler;	/* SIG_DFL, SIG_IGN or a function */
	uint32_t	sa_flags;	/* must be 0 */
	void		(*sa_restorer)(void); /* calls sigreturn (libc sets it) */
};

#endif
