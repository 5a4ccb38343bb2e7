/*
 * fpu.c - each user thread's floating-point state (x87, MMX and SSE).
 *
 * The state is FXSAVE's 512-byte image (struct fpstate, sys/signal.h).
 * Every thread has a save area at the top of its kernel stack
 * (fpu_area(), machine/fpu.h); only user threads use it, since the
 * kernel never computes with floating point (-mgeneral-regs-only).
 *
 * Ownership.  gd_fpthread is the user thread whose state the FPU holds.
 * Invariant: while a user thread runs (in user mode or in the kernel),
 * it is gd_fpthread and the FPU holds its state; while a kernel thread
 * runs, the FPU still holds gd_fpthread's (kernel threads never touch
 * it).  So switching to a user thread other than gd_fpthread saves the
 * FPU into gd_fpthread's area and loads the new thread's (fpu_switch(),
 * inline in machine/fpu.h, from cpu_switch_prepare()); switching to a kernel thread, or back to
 * the owner from one (a worker ran a call, an interrupt thread ran),
 * costs nothing.  An exiting owner gives the FPU up (cpu_thread_exit())
 * so that nothing is saved into its freed stack; its registers stay in
 * the FPU only until the next user thread's are loaded over all of them.
 *
 * Eager, not lazy.  The lazy alternative sets CR0.TS when a user thread
 * other than the owner is switched in and moves the state in the
 * device-not-available trap (#NM) at its first floating-point
 * instruction, so threads that never compute with floating point never
 * pay for a save.  Both were built and measured with make bench (guest
 * instructions under -icount, same tree and benchmark program): a round
 * trip between two processes through two pipes, which is two switches
 * between user threads, cost
 *
 *                                     eager    lazy   neither (no FPU
 *                                                      state kept)
 *   neither process uses the FPU      3,027   3,017   2,973
 *     (pipe_pingpong_rt)
 *   both do, every round              3,035   3,211     -
 *     (pipe_pingpong_fpu)
 *
 * Eager costs 27 instructions a switch (FXSAVE and FXRSTOR count one
 * each; 20 since fpu_switch() is inline, the rest being its tests and
 * the two save areas' addresses); lazy 22 when nobody uses the FPU (the test and the CR0.TS
 * write), but about 120 when both processes do (the #NM trap, then the
 * same save and load).  On real hardware the 512-byte save and load
 * take more time than two instructions; still, eager is what current
 * kernels chose (Linux since 4.6, OpenBSD since 2018), because lazy
 * switching leaves the previous owner's registers in the FPU while
 * another process runs, where speculative execution can read them
 * (CVE-2018-3665 "LazyFP"), and because programs use SSE for ordinary
 * work (compilers emit it for copies and arithmetic), so "never touches
 * the FPU" is rare.  Eager also keeps every path simple: the running
 * user thread's state is always in the FPU, so a signal frame, fork and
 * exec act on the registers directly, with no trap handler and no
 * "where is the state now" question.  fork_exit_wait grew by about 400
 * instructions (copying the fresh state, then the parent's, into the
 * child's area).
 *
 * Exceptions.  CR0.NE makes an unmasked x87 exception raise #MF (at the
 * next waiting x87 instruction), CR4.OSXMMEXCPT an unmasked SSE one #XM;
 * trap.c turns both, and the integer divide error, into SIGFPE.
 *
 * Requires FXSAVE (Pentium II and later; QEMU's default CPU has it):
 * fpu_init() panics without it.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <sys/proc.h>
#include <machine/cpufunc.h>
#include <machine/fpu.h>

/* The state of a new program (after FNINIT, MXCSR at its default, every
 * register zero), loaded at exec and for signal handlers. */
static struct fpstate fpu_initial __aligned(16);

/* The MXCSR bits this CPU implements: sigreturn clears the others, which
 * would make FXRSTOR fault in the kernel. */
static uint32_t fpu_mxcsr_mask;

/* Enable the FPU and SSE, learn the MXCSR mask, build the fresh state. */
void
fpu_init(void)
{
	static struct fpstate probe __aligned(16);
	uint32_t a, b, c, d, cr4;

	cpuid(1, &a, &b, &c, &d);
	if ((d & CPUID_FXSR) == 0)
		panic("fpu_init: the CPU has no FXSAVE/FXRSTOR (Pentium II "
		    "or later needed)");
	lcr0((rcr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
	cr4 = CR4_OSFXSR;
	if (d & CPUID_SSE)
		cr4 |= CR4_OSXMMEXCPT;
	lcr4(rcr4() | cr4);
	fninit();

	/* FXSAVE stores the mask; 0 means the original 0xffbf (no DAZ). */
	memset(&probe, 0, sizeof(probe));
	fxsave(&probe);
	fpu_mxcsr_mask = probe.fp_mxcsr_mask != 0 ? probe.fp_mxcsr_mask :
	    0xffbf;
	if ((d & CPUID_SSE) == 0)
		fpu_mxcsr_mask = 0;

	memset(&fpu_initial, 0, sizeof(fpu_initial));
	fpu_initial.fp_fcw = FPU_CW_DEFAULT;
	fpu_initial.fp_mxcsr = FPU_MXCSR_DEFAULT & fpu_mxcsr_mask;
	fpu_initial.fp_mxcsr_mask = fpu_mxcsr_mask;
}

/* The current user thread's FPU state, as the FPU holds it now. */
static struct fpstate *
fpu_current(void)
{
	thread_t td = curthread;

	KASSERT(td->td_lwp != NULL && mycpu->gd_fpthread == td,
	    ("fpu: %s does not own the FPU", td->td_comm));
	return (fpu_area(td));
}

/* A new user thread: the state of a new program. */
void
cpu_fpu_new(thread_t td)
{
	memcpy(fpu_area(td), &fpu_initial, sizeof(fpu_initial));
}

/* fork: the child's new thread td2 starts with the caller's state. */
void
cpu_fpu_fork(thread_t td2)
{
	struct fpstate *fp = fpu_current();

	fxsave(fp);
	memcpy(fpu_area(td2), fp, sizeof(*fp));
}

/* execve: the caller's state becomes a new program's. */
void
cpu_fpu_exec(void)
{
	(void)fpu_current();
	fxrstor(&fpu_initial);
}

/* A thread ends: if it owns the FPU, nothing is to be saved for it. */
void
cpu_thread_exit(thread_t td)
{
	globaldata_t gd = mycpu;

	if (gd->gd_fpthread == td)
		gd->gd_fpthread = NULL;
}

/* A handler or upcall frame: copy the current user thread's state to fp
 * (kernel memory, any alignment). */
void
fpu_save_context(struct fpstate *fp)
{
	struct fpstate *area = fpu_current();

	fxsave(area);
	memcpy(fp, area, sizeof(*fp));
}

/* The frame is on the user stack: the handler starts with a new
 * program's state, so an exception pending in the interrupted code (the
 * cause of a SIGFPE) or its rounding mode does not follow it in. */
void
fpu_handler_state(void)
{
	(void)fpu_current();
	fxrstor(&fpu_initial);
}

/* sigreturn: load the state of a context, with MXCSR bits the CPU does
 * not implement cleared; every other value loads without a fault. */
void
fpu_load_context(const struct fpstate *fp)
{
	struct fpstate *area = fpu_current();

	memcpy(area, fp, sizeof(*area));
	area->fp_mxcsr &= fpu_mxcsr_mask;
	fxrstor(area);
}
