/*
 * machine/fpu.h - the floating-point unit: control register and CPUID
 * bits, and where a thread keeps its floating-point state
 * (sys/i386/fpu.c has the design).
 */
#ifndef _MACHINE_FPU_H_
#define _MACHINE_FPU_H_

#include <sys/types.h>
#include <sys/signal.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <machine/frame.h>
#include <machine/cpufunc.h>

#define CR0_MP		0x00000002	/* WAIT/FWAIT obey CR0.TS */
#define CR0_EM		0x00000004	/* no FPU: FP instructions trap (#NM) */
#define CR0_TS		0x00000008	/* task switched: FP instructions #NM */
#define CR0_NE		0x00000020	/* x87 errors raise #MF, not IRQ 13 */
#define CR4_OSFXSR	0x00000200	/* FXSAVE covers SSE; SSE enabled */
#define CR4_OSXMMEXCPT	0x00000400	/* unmasked SSE exceptions raise #XM */

#define CPUID_FXSR	0x01000000	/* leaf 1, edx: FXSAVE/FXRSTOR */
#define CPUID_SSE	0x02000000	/* leaf 1, edx: SSE, MXCSR */

#define FPU_CW_DEFAULT		0x037f	/* after FNINIT: all masked, nearest,
					 * 64-bit mantissa */
#define FPU_MXCSR_DEFAULT	0x1f80	/* all masked, nearest */

/*
 * A thread's save area: the top 512 bytes of its kernel stack (16-byte
 * aligned, as FXSAVE requires); the user register frame is just below
 * it, then the stack proper (vm_machdep.c).  Only user threads use it.
 */
static inline struct fpstate *
fpu_area(thread_t td)
{
	return ((struct fpstate *)(td->td_kstack + td->td_kstack_size -
	    sizeof(struct fpstate)));
}

/*
 * Before switching to user thread ntd, which does not own the FPU: save
 * the owner's state, load ntd's.  Called by cpu_switch_prepare() inside
 * the switch's critical section; inline, since it runs at every switch
 * between user threads (a call and its frame were a third of its cost).
 */
static inline void
fpu_switch(thread_t ntd)
{
	globaldata_t gd = mycpu;

	if (gd->gd_fpthread != NULL)
		fxsave(fpu_area(gd->gd_fpthread));
	fxrstor(fpu_area(ntd));
	gd->gd_fpthread = ntd;
}

void	fpu_init(void);
void	fpu_save_context(struct fpstate *fp);
void	fpu_handler_state(void);
void	fpu_load_context(const struct fpstate *fp);

#endif /* !_MACHINE_FPU_H_ */
