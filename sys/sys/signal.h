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

#define SIG_REDZONE	32	/* bytes below esp a handler frame spares */

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

/*
 * The floating-point registers, x87 and SSE together, as FXSAVE stores
 * them (Intel SDM vol. 1, 10.5.1).  sigreturn loads them back as they
 * are, except fp_mxcsr, whose bits outside fp_mxcsr_mask (the bits this
 * CPU implements; the kernel's value, not the saved one) are cleared.
 */
struct fpstate {
	uint16_t	fp_fcw;		/* x87 control word */
	uint16_t	fp_fsw;		/* x87 status word */
	uint8_t		fp_ftw;		/* abridged tags: bit n set, register n
					 * (not st(n)) holds a value */
	uint8_t		fp_pad0;
	uint16_t	fp_fop;		/* last x87 opcode */
	uint32_t	fp_fip;		/* its address */
	uint16_t	fp_fcs, fp_pad1;
	uint32_t	fp_fdp;		/* its operand's address */
	uint16_t	fp_fds, fp_pad2;
	uint32_t	fp_mxcsr;	/* SSE control and status */
	uint32_t	fp_mxcsr_mask;	/* MXCSR bits the CPU implements */
	uint8_t		fp_st[8][16];	/* st(0)..st(7) (mm0..mm7), 10 bytes
					 * used of each */
	uint8_t		fp_xmm[8][16];	/* xmm0..xmm7 */
	uint8_t		fp_rsvd[224];
};

/*
 * The interrupted context: the user part of the trap frame, then the
 * floating-point registers.  In a frame the kernel builds, sc_fpstate is
 * 16-byte aligned (FXRSTOR can load it in place).  A handler starts with
 * the floating-point state of a new program (control word 0x37f, MXCSR
 * 0x1f80, every register empty), whatever the interrupted code had.
 */
struct sigcontext {
	uint32_t	sc_kind;	/* SC_SIGNAL or SC_UPCALL */
	uint32_t	sc_edi, sc_esi, sc_ebp, sc_isp, sc_ebx, sc_edx, sc_ecx,
			sc_eax;
	uint32_t	sc_gs, sc_fs, sc_es, sc_ds;
	uint32_t	sc_trapno, sc_err;
	uint32_t	sc_eip, sc_cs, sc_eflags, sc_esp, sc_ss;
	uint32_t	sc_fpformat;	/* SC_FP_FXSAVE: what sc_fpstate holds */
	uint32_t	sc_pad;
	struct fpstate	sc_fpstate;	/* the floating-point registers */
};
#define SC_SIGNAL	1
#define SC_UPCALL	2

#define SC_FP_FXSAVE	1	/* sc_fpstate is an FXSAVE image */

_Static_assert(sizeof(struct fpstate) == 512, "fpstate is FXSAVE's image");
_Static_assert(__builtin_offsetof(struct sigcontext, sc_fpstate) == 88,
    "sigcontext layout");

#endif
