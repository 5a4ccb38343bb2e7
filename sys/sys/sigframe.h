/*
 * sys/sigframe.h - what a signal handler or an upcall finds on its stack
 * (the frame is described in sys/signal.h): the interrupted registers,
 * the floating-point ones included, and the red zone.  Separate from
 * sys/signal.h so that user programs, whose <signal.h> is newlib's,
 * include the kernel's definition of the frame and nothing else.
 */
#ifndef _SYS_SIGFRAME_H_
#define _SYS_SIGFRAME_H_

#include <sys/types.h>

#define SIG_REDZONE	32	/* bytes below esp a handler frame spares */

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
	uint32_t	sc_mask;	/* the signal mask to restore */
	struct fpstate	sc_fpstate;	/* the floating-point registers */
};
#define SC_SIGNAL	1
#define SC_UPCALL	2

#define SC_FP_FXSAVE	1	/* sc_fpstate is an FXSAVE image */

_Static_assert(sizeof(struct fpstate) == 512, "fpstate is FXSAVE's image");
_Static_assert(__builtin_offsetof(struct sigcontext, sc_fpstate) == 88,
    "sigcontext layout");

#endif /* !_SYS_SIGFRAME_H_ */
