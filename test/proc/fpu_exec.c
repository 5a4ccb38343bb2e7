/*
 * fpu_exec - the floating-point state a process starts with.
 *
 *   - fork: the child has the parent's control word, MXCSR and
 *     registers at the moment of the call;
 *   - execve: the new program starts with the state after FNINIT
 *     (control word 0x37f, status 0, every register empty and zero),
 *     MXCSR 0x1f80 and zeroed xmm registers, whatever the old program
 *     left (it sets odd modes, raises flags and fills every register,
 *     then calls execve directly from assembly).
 *
 * Run as "fpu_exec fresh" it is the exec'd program: it records its
 * state before any other code runs and exits with a bit per field that
 * is not the fresh value.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <signal.h>
#include <sys/sigframe.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "utest.h"

#define FCW_DEFAULT	0x037f
#define MXCSR_DEFAULT	0x1f80

static struct fpstate img __attribute__((aligned(16)));

/* ---- fork ----------------------------------------------------------- */

/* What fork_hold() loads before the call and reads back after it. */
struct forkhold {
	uint8_t		fh_xmm7[16];	/* 0 */
	uint8_t		fh_xmm7out[16];	/* 16 */
	double		fh_st;		/* 32: pushed on the x87 stack */
	double		fh_stout;	/* 40 */
	uint16_t	fh_cw, fh_cwout;	/* 48, 50 */
	uint32_t	fh_mxcsr, fh_mxcsrout;	/* 52, 56 */
};
_Static_assert(__builtin_offsetof(struct forkhold, fh_mxcsrout) == 56,
    "fork_hold's offsets");

/* Load the state from *h, fork by int 0x80, store it back; returns what
 * fork returned (0 in the child). */
int fork_hold(struct forkhold *h);
__asm__(
	".text\n"
	".globl fork_hold\n"
	"fork_hold:\n"
	"	pushl %ebx\n"
	"	movl 8(%esp), %ebx\n"
	"	fldcw 48(%ebx)\n"
	"	ldmxcsr 52(%ebx)\n"
	"	movdqu 0(%ebx), %xmm7\n"
	"	fldl 32(%ebx)\n"
	"	movl $2, %eax\n"		/* SYS_fork */
	"	int $0x80\n"
	"	fstpl 40(%ebx)\n"
	"	movdqu %xmm7, 16(%ebx)\n"
	"	fnstcw 50(%ebx)\n"
	"	stmxcsr 56(%ebx)\n"
	"	popl %ebx\n"
	"	ret\n");
_Static_assert(SYS_fork == 2, "fork_hold's call number");

static void
test_fork(void)
{
	static struct forkhold h;
	pid_t pid;
	int i, status = -1, bad;

	for (i = 0; i < 16; i++)
		h.fh_xmm7[i] = (uint8_t)(0xa0 + i);
	h.fh_st = 12345.625;
	h.fh_cw = 0x0f7f;		/* round toward zero */
	h.fh_mxcsr = 0x7f80;		/* round toward zero */
	pid = fork_hold(&h);
	bad = 0;
	if (memcmp(h.fh_xmm7out, h.fh_xmm7, 16) != 0)
		bad |= 1;
	if (h.fh_stout != 12345.625)
		bad |= 2;
	if (h.fh_cwout != 0x0f7f)
		bad |= 4;
	if (h.fh_mxcsrout != 0x7f80)
		bad |= 8;
	/* Back to the defaults for the rest of the program. */
	__asm__ __volatile__("fninit; ldmxcsr %0"
	    : : "m"(*(const uint32_t[]){ MXCSR_DEFAULT }));
	if (pid == 0)
		_exit(bad);
	UT_EQ(bad, 0);			/* the parent's own state */
	UT_TRUE(pid > 0);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_TRUE(WIFEXITED(status));
	UT_EQ(WEXITSTATUS(status), 0);	/* the child's */
}

/* ---- execve --------------------------------------------------------- */

/*
 * dirty_execve(path, argv, envp): odd rounding and precision, exception
 * flags raised (masked: inexact, invalid), all eight x87 registers and
 * all eight xmm registers full of non-zero values, then execve through
 * int 0x80 with nothing in between.  Returns only on failure (eax).
 */
int dirty_execve(const char *path, char *const *argv, char *const *envp);
static const uint16_t __attribute__((used)) dirty_cw = 0x0e3f;	/* toward zero, double precision */
static const uint32_t __attribute__((used)) dirty_mxcsr = 0x5fa0 | 0x0041; /* up, DAZ; PE, IE */
static const double __attribute__((used)) dirty_vals[8] = {
	1.5, -2.25, 3.0e10, -4.0e-10, 5.5, 6.75, 7.125, 8.0625
};
__asm__(
	".text\n"
	".globl dirty_execve\n"
	"dirty_execve:\n"
	"	fldcw dirty_cw\n"
	"	ldmxcsr dirty_mxcsr\n"
	"	fldl dirty_vals\n"
	"	fchs\n"
	"	fsqrt\n"			/* sqrt(-1.5): invalid, NaN */
	"	fldl dirty_vals+8\n"
	"	fldl dirty_vals+16\n"
	"	fldl dirty_vals+24\n"
	"	fldl dirty_vals+32\n"
	"	fldl dirty_vals+40\n"
	"	fldl dirty_vals+48\n"
	"	fldl dirty_vals+56\n"
	"	movdqu dirty_vals, %xmm0\n"
	"	movdqu dirty_vals+16, %xmm1\n"
	"	movdqu dirty_vals+32, %xmm2\n"
	"	movdqu dirty_vals+48, %xmm3\n"
	"	movdqu dirty_vals+8, %xmm4\n"
	"	movdqu dirty_vals+24, %xmm5\n"
	"	movdqu dirty_vals+40, %xmm6\n"
	"	movdqu dirty_vals, %xmm7\n"
	"	movl $11, %eax\n"		/* SYS_execve */
	"	int $0x80\n"
	"	ret\n");
_Static_assert(SYS_execve == 11, "dirty_execve's call number");

static void
test_exec(void)
{
	static char *const argv[] = { "fpu_exec", "fresh", NULL };
	static char *const envp[] = { NULL };
	pid_t pid;
	int status = -1;

	pid = fork();
	if (pid == 0) {
		dirty_execve("/bin/fpu_exec", argv, envp);
		_exit(99);
	}
	UT_TRUE(pid > 0);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_TRUE(WIFEXITED(status));
	UT_EQ(WEXITSTATUS(status), 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		printf("fpu_exec: fresh program saw bits 0x%x\n",
		    WEXITSTATUS(status));
}

/* The exec'd program: each field not fresh sets a bit of the status. */
static int
check_fresh(void)
{
	static const uint8_t zero[16];
	int bad = 0, i;

	if (img.fp_fcw != FCW_DEFAULT)
		bad |= 1;
	if (img.fp_fsw != 0)
		bad |= 2;
	if (img.fp_ftw != 0)		/* every register empty */
		bad |= 4;
	if (img.fp_mxcsr != MXCSR_DEFAULT)
		bad |= 8;
	for (i = 0; i < 8; i++) {
		if (memcmp(img.fp_st[i], zero, 10) != 0)
			bad |= 16;
		if (memcmp(img.fp_xmm[i], zero, 16) != 0)
			bad |= 32;
	}
	return (bad);
}

int
main(int argc, char **argv)
{
	/* First, before any code could touch the registers. */
	__asm__ __volatile__("fxsave %0" : "=m"(img));
	if (argc > 1 && strcmp(argv[1], "fresh") == 0)
		return (check_fresh());

	test_fork();
	test_exec();
	UT_DONE("fpu_exec");
}
