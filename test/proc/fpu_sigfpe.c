/*
 * fpu_sigfpe - floating-point exceptions become SIGFPE, and sigreturn
 * restores the floating-point registers a handler's context holds.
 *
 * Each case runs in a child, which ends with a known exit status or is
 * killed by a known signal.  QEMU's emulator (TCG) never raises #XM:
 * there the SSE cases find the exception flag set instead, and say so;
 * on a real CPU (or KVM) they take the SIGFPE path.
 *
 *   - an x87 divide by zero with the exception unmasked in the control
 *     word (#MF at the next waiting instruction), an SSE one unmasked in
 *     MXCSR (#XM), an integer divide by zero (#DE): a SIGFPE handler
 *     runs, sees the clean state a handler starts with, and exits;
 *   - the same x87 fault without a handler: killed by SIGFPE;
 *   - a handler that masks the exception in the saved context and
 *     returns: the interrupted code goes on with the state it restored;
 *   - a handler that writes MXCSR bits no CPU has (which would make
 *     FXRSTOR fault in the kernel) and garbage registers into its
 *     context: sigreturn clears the bad bits and loads the rest;
 *   - sigreturn of a context with an unknown FP format: EINVAL.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <signal.h>
#include <sys/sigframe.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

int	raw80(int num, int *carry, int a1, int a2, int a3);

#define FCW_DEFAULT	0x037f
#define MXCSR_DEFAULT	0x1f80
#define FCW_ZM		0x0004		/* x87 zero-divide mask */
#define MXCSR_ZM	0x0200		/* SSE zero-divide mask */
#define MXCSR_ZE	0x0004		/* SSE zero-divide flag */
#define FSW_ES		0x0080		/* x87 error summary */

static struct fpstate img __attribute__((aligned(16)));

static void
fxsave(struct fpstate *f)
{
	__asm__ __volatile__("fxsave %0" : "=m"(*f));
}

static uint16_t
get_fcw(void)
{
	uint16_t cw;

	__asm__ __volatile__("fnstcw %0" : "=m"(cw));
	return (cw);
}

static uint32_t
get_mxcsr(void)
{
	uint32_t v;

	__asm__ __volatile__("stmxcsr %0" : "=m"(v));
	return (v);
}

/* The handler's context: the word above its argument (sys/signal.h),
 * above the saved ebp, the return address and the argument (the
 * programs are built with frame pointers). */
#define HANDLER_CTX()							\
	(*(struct sigcontext **)((char *)__builtin_frame_address(0) + 12))

/* Exit 42 if the handler started with a clean FPU state, else 43. */
static void
exit_if_clean(int sig)
{
	if (sig == SIGFPE && get_fcw() == FCW_DEFAULT &&
	    get_mxcsr() == MXCSR_DEFAULT)
		_exit(42);
	_exit(43);
}

static const double one = 1.0, zero = 0.0;
static volatile double result;
static volatile int divisor;

/* x87 1/0 with the zero-divide exception unmasked; the fault comes at
 * the next waiting instruction: the fstpl on a real CPU, the fwait in
 * QEMU's emulator. */
static void
x87_div0(void)
{
	uint16_t cw = FCW_DEFAULT & ~FCW_ZM;
	double r;

	__asm__ __volatile__(
	    "fldcw %1\n\t"
	    "fld1\n\t"
	    "fdivl %2\n\t"
	    "fstpl %0\n\t"
	    "fwait"
	    : "=m"(r) : "m"(cw), "m"(zero) : "memory");
	result = r;
}

/* SSE 1.0/0.0 with zero-divide unmasked in MXCSR (#XM at the divsd). */
static void
sse_div0(void)
{
	uint32_t mx = MXCSR_DEFAULT & ~MXCSR_ZM;
	double r;

	__asm__ __volatile__(
	    "ldmxcsr %1\n\t"
	    "movsd %2, %%xmm0\n\t"
	    "divsd %3, %%xmm0\n\t"
	    "movsd %%xmm0, %0"
	    : "=m"(r) : "m"(mx), "m"(one), "m"(zero) : "xmm0", "memory");
	result = r;
}

static void
int_div0(void)
{
	result = 1000 / divisor;
}

/* Set when the CPU ran an unmasked SSE divide by zero through (QEMU). */
static int no_xm;

/* Run fn in a child with handler h (or none) for SIGFPE; its status.
 * A child whose fn did not fault exits 50 if the SSE zero-divide flag
 * is set (the CPU did not trap), else 51. */
static int
in_child(void (*fn)(void), void (*h)(int))
{
	pid_t pid;
	int status = -1;

	pid = fork();
	if (pid == 0) {
		if (h != NULL)
			signal(SIGFPE, h);
		fn();
		_exit((get_mxcsr() & MXCSR_ZE) ? 50 : 51);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return (-1);
	return (status);
}

/* ---- recovering through the context -------------------------------- */

static volatile int nfpe;

/* Mask the zero-divide exception in the interrupted context and clear
 * what it raised: the faulting instruction runs again, masked. */
static void
mask_in_context(int sig)
{
	struct sigcontext *sc = HANDLER_CTX();

	nfpe++;
	if (sc->sc_fpformat != SC_FP_FXSAVE)
		_exit(44);
	sc->sc_fpstate.fp_fcw |= FCW_ZM;
	sc->sc_fpstate.fp_fsw &= ~0x80ff;	/* ES, B, exception flags */
	sc->sc_fpstate.fp_mxcsr |= MXCSR_ZM;
}

static void
test_recover(void)
{
	pid_t pid;
	int status = -1;

	pid = fork();
	if (pid == 0) {
		union { double d; uint64_t u; } r;
		int bad = 0;

		signal(SIGFPE, mask_in_context);
		x87_div0();
		if (nfpe != 1)
			bad |= 1;
		if (get_fcw() != FCW_DEFAULT)	/* as the handler left it */
			bad |= 2;
		fxsave(&img);
		if (img.fp_fsw & FSW_ES)
			bad |= 4;
		sse_div0();
		r.d = result;
		if (r.u != 0x7ff0000000000000ull)	/* +inf, masked */
			bad |= 8;
		if ((get_mxcsr() & MXCSR_ZE) == 0)
			bad |= 16;
		if (!no_xm && (nfpe != 2 || (get_mxcsr() & MXCSR_ZM) == 0))
			bad |= 32;
		_exit(bad);
	}
	UT_TRUE(pid > 0);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_TRUE(WIFEXITED(status));
	UT_EQ(WEXITSTATUS(status), 0);
}

/* ---- a corrupt context --------------------------------------------- */

static volatile int nusr;
static const uint8_t xpat[16] = {
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01
};

/* Garbage in every register, MXCSR with every bit set. */
static void
corrupt_context(int sig)
{
	struct sigcontext *sc = HANDLER_CTX();

	nusr++;
	memset(&sc->sc_fpstate, 0xff, sizeof(sc->sc_fpstate));
	sc->sc_fpstate.fp_fcw = FCW_DEFAULT;	/* no pending x87 fault */
	sc->sc_fpstate.fp_fsw = 0;
	memcpy(sc->sc_fpstate.fp_xmm[1], xpat, sizeof(xpat));
	sc->sc_fpstate.fp_mxcsr = 0xffffffff;
}

struct after {
	uint32_t	a_mxcsr;
	uint8_t		a_xmm1[16];
};

/* kill(getpid(), SIGUSR1) by int 0x80; the handler runs on the way
 * back, and its sigreturn resumes here: then read MXCSR and xmm1. */
void sig_then_read(pid_t pid, struct after *a);
__asm__(
	".text\n"
	".globl sig_then_read\n"
	"sig_then_read:\n"
	"	pushl $30\n"		/* SIGUSR1 */
	"	pushl 8(%esp)\n"	/* pid */
	"	pushl $0\n"		/* a return address, as for a stub */
	"	movl $37, %eax\n"	/* SYS_kill: checked below */
	"	int $0x80\n"
	"	addl $12, %esp\n"
	"	movl 8(%esp), %ecx\n"
	"	stmxcsr (%ecx)\n"
	"	movdqu %xmm1, 4(%ecx)\n"
	"	fninit\n"
	"	ret\n");
_Static_assert(SYS_kill == 37, "sig_then_read's call number");
_Static_assert(SIGUSR1 == 30, "sig_then_read's signal");

static void
test_corrupt(void)
{
	pid_t pid;
	int status = -1;

	pid = fork();
	if (pid == 0) {
		struct after a;
		uint32_t mask, want;
		int bad = 0;

		fxsave(&img);
		mask = img.fp_mxcsr_mask != 0 ? img.fp_mxcsr_mask : 0xffbf;
		signal(SIGUSR1, corrupt_context);
		memset(&a, 0, sizeof(a));
		sig_then_read(getpid(), &a);
		want = a.a_mxcsr;
		__asm__ __volatile__("ldmxcsr %0" : : "m"(*(uint32_t[]){
		    MXCSR_DEFAULT }));
		if (nusr != 1)
			bad |= 1;
		if (want != (0xffffffff & mask))
			bad |= 2;
		if (memcmp(a.a_xmm1, xpat, sizeof(xpat)) != 0)
			bad |= 4;
		_exit(bad);
	}
	UT_TRUE(pid > 0);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_TRUE(WIFEXITED(status));
	UT_EQ(WEXITSTATUS(status), 0);
}

/* sigreturn of a context whose FP format the kernel does not know (in a
 * child: a kernel that took it would resume at eip 0). */
static void
test_bad_format(void)
{
	static struct sigcontext sc;
	pid_t pid;
	int status = -1;

	pid = fork();
	if (pid == 0) {
		int carry = 0, r;

		memset(&sc, 0, sizeof(sc));
		sc.sc_kind = SC_SIGNAL;
		sc.sc_fpformat = 7;
		r = raw80(SYS_sigreturn, &carry, (int)&sc, 0, 0);
		_exit(carry == 1 && r == EINVAL ? 0 : 1);
	}
	UT_TRUE(pid > 0);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_TRUE(WIFEXITED(status));
	UT_EQ(WEXITSTATUS(status), 0);
}

int
main(void)
{
	int st;

	/* A handler runs for each kind of fault, with a clean state. */
	st = in_child(x87_div0, exit_if_clean);
	UT_TRUE(WIFEXITED(st));
	UT_EQ(WEXITSTATUS(st), 42);
	st = in_child(sse_div0, exit_if_clean);
	UT_TRUE(WIFEXITED(st));
	if (WIFEXITED(st) && WEXITSTATUS(st) == 50) {
		no_xm = 1;
		printf("fpu_sigfpe: this CPU does not raise #XM (QEMU's "
		    "emulator): the SSE cases check the flag instead\n");
	} else {
		UT_EQ(WEXITSTATUS(st), 42);
	}
	st = in_child(int_div0, exit_if_clean);
	UT_TRUE(WIFEXITED(st));
	UT_EQ(WEXITSTATUS(st), 42);

	/* Without a handler the process is killed by SIGFPE. */
	st = in_child(x87_div0, NULL);
	UT_TRUE(WIFSIGNALED(st));
	UT_EQ(WTERMSIG(st), SIGFPE);
	st = in_child(sse_div0, NULL);
	if (no_xm) {
		UT_TRUE(WIFEXITED(st));
		UT_EQ(WEXITSTATUS(st), 50);
	} else {
		UT_TRUE(WIFSIGNALED(st));
		UT_EQ(WTERMSIG(st), SIGFPE);
	}

	test_recover();
	test_corrupt();
	test_bad_format();
	UT_DONE("fpu_sigfpe");
}
