/*
 * fpu_procs - each process has its own floating-point state, and a
 * signal handler or an upcall cannot disturb the code it interrupts.
 *
 * The ring: NRING children pass a token around a ring of pipes.  Each
 * fills all eight x87 and all eight xmm registers with its own values
 * and sets its own rounding mode (x87 and SSE), hands the token on and
 * blocks until it comes back: meanwhile every other child has loaded
 * its registers and modes.  Then it reads everything back and divides
 * 1 by 3 in both units, which must give its own mode's quotient (the
 * parent computed the four before forking).  The order of events is
 * fixed by the pipes, not by timing.
 *
 * The workers: NWORK children sum series in double (SSE) and long
 * double (x87), each in its own rounding mode, and compare every sum
 * with the parent's value for that mode, while a sibling keeps sending
 * them SIGUSR1 and a timer message delivers upcalls every 5 ms; the
 * handler and the upcall compute too, in yet another rounding mode,
 * and check their own results and that they started with the default
 * state.  A worker stops once it has run NSIGS handlers and NTICKS
 * upcalls (counts, not time).
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <sysasync.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define NRING	4
#define ROUNDS	30
#define NWORK	3
#define NSIGS	8
#define NTICKS	8

/* Rounding modes: nearest, down, up, toward zero. */
static const uint16_t mode_cw[4] = { 0x037f, 0x077f, 0x0b7f, 0x0f7f };
static const uint32_t mode_mxcsr[4] = { 0x1f80, 0x3f80, 0x5f80, 0x7f80 };

/* ---- the ring ------------------------------------------------------- */

/* What hold_regs() loads, and what it finds after the token's round. */
struct hold {
	uint32_t	h_xmm[8][4];	/* 0: into xmm0..xmm7 */
	uint32_t	h_xmmout[8][4];	/* 128 */
	double		h_st[8];	/* 256: pushed, h_st[7] ends as st(0) */
	double		h_stout[8];	/* 320 */
	uint16_t	h_cw, h_cwout;	/* 384, 386 */
	uint32_t	h_mxcsr, h_mxcsrout; /* 388, 392 */
	int		h_wfd, h_rfd;	/* 396, 400: token out and in; -1: none */
	int		h_err;		/* 404: a pipe call failed */
	double		h_x87q, h_sseq;	/* 408, 416: 1/3 after the round */
};
_Static_assert(__builtin_offsetof(struct hold, h_rfd) == 400 &&
    __builtin_offsetof(struct hold, h_sseq) == 416, "hold_regs' offsets");
_Static_assert(SYS_read == 3 && SYS_write == 4, "hold_regs' call numbers");

static const double __attribute__((used)) c_one = 1.0, c_three = 3.0;

void hold_regs(struct hold *h);
__asm__(
	".text\n"
	".globl hold_regs\n"
	"hold_regs:\n"
	"	pushl %ebx\n"
	"	movl 8(%esp), %ebx\n"
	"	fldcw 384(%ebx)\n"
	"	ldmxcsr 388(%ebx)\n"
	"	movdqu 0(%ebx), %xmm0\n"
	"	movdqu 16(%ebx), %xmm1\n"
	"	movdqu 32(%ebx), %xmm2\n"
	"	movdqu 48(%ebx), %xmm3\n"
	"	movdqu 64(%ebx), %xmm4\n"
	"	movdqu 80(%ebx), %xmm5\n"
	"	movdqu 96(%ebx), %xmm6\n"
	"	movdqu 112(%ebx), %xmm7\n"
	"	fldl 256(%ebx)\n"
	"	fldl 264(%ebx)\n"
	"	fldl 272(%ebx)\n"
	"	fldl 280(%ebx)\n"
	"	fldl 288(%ebx)\n"
	"	fldl 296(%ebx)\n"
	"	fldl 304(%ebx)\n"
	"	fldl 312(%ebx)\n"
	"	cmpl $0, 396(%ebx)\n"
	"	jl 2f\n"
	"	subl $4, %esp\n"		/* the token byte */
	"	movl %esp, %ecx\n"
	"	pushl $1\n"
	"	pushl %ecx\n"
	"	pushl 396(%ebx)\n"
	"	pushl $0\n"			/* a return address */
	"	movl $4, %eax\n"		/* write(wfd, &tok, 1) */
	"	int $0x80\n"
	"	jc 1f\n"
	"	addl $16, %esp\n"
	"	movl %esp, %ecx\n"
	"	pushl $1\n"
	"	pushl %ecx\n"
	"	pushl 400(%ebx)\n"
	"	pushl $0\n"
	"	movl $3, %eax\n"		/* read(rfd, &tok, 1) */
	"	int $0x80\n"
	"	jc 1f\n"
	"	cmpl $1, %eax\n"
	"	jne 1f\n"
	"	addl $20, %esp\n"
	"	jmp 2f\n"
	"1:	addl $20, %esp\n"
	"	movl $1, 404(%ebx)\n"
	"2:	fstpl 376(%ebx)\n"
	"	fstpl 368(%ebx)\n"
	"	fstpl 360(%ebx)\n"
	"	fstpl 352(%ebx)\n"
	"	fstpl 344(%ebx)\n"
	"	fstpl 336(%ebx)\n"
	"	fstpl 328(%ebx)\n"
	"	fstpl 320(%ebx)\n"
	"	movdqu %xmm0, 128(%ebx)\n"
	"	movdqu %xmm1, 144(%ebx)\n"
	"	movdqu %xmm2, 160(%ebx)\n"
	"	movdqu %xmm3, 176(%ebx)\n"
	"	movdqu %xmm4, 192(%ebx)\n"
	"	movdqu %xmm5, 208(%ebx)\n"
	"	movdqu %xmm6, 224(%ebx)\n"
	"	movdqu %xmm7, 240(%ebx)\n"
	"	fnstcw 386(%ebx)\n"
	"	stmxcsr 392(%ebx)\n"
	"	fld1\n"
	"	fdivl c_three\n"
	"	fstpl 408(%ebx)\n"
	"	movsd c_one, %xmm0\n"
	"	divsd c_three, %xmm0\n"
	"	movsd %xmm0, 416(%ebx)\n"
	"	popl %ebx\n"
	"	ret\n");

static double q_x87[4], q_sse[4];	/* 1/3 in each mode */

static void
hold_fill(struct hold *h, int who)
{
	int j, w;

	memset(h, 0, sizeof(*h));
	for (j = 0; j < 8; j++) {
		for (w = 0; w < 4; w++)
			h->h_xmm[j][w] = 0x5000000u | (uint32_t)who << 16 |
			    (uint32_t)j << 8 | (uint32_t)w;
		h->h_st[j] = who * 1000.0 + j + 0.125;
	}
	h->h_cw = mode_cw[who % 4];
	h->h_mxcsr = mode_mxcsr[who % 4];
	h->h_wfd = h->h_rfd = -1;
}

/* Errors of one hold: a bit per kind of register that changed. */
static int
hold_check(const struct hold *h, int who)
{
	int bad = 0, j;

	if (h->h_err)
		bad |= 1;
	if (memcmp(h->h_xmm, h->h_xmmout, sizeof(h->h_xmm)) != 0)
		bad |= 2;
	for (j = 0; j < 8; j++)
		if (h->h_st[j] != h->h_stout[j])
			bad |= 4;
	if (h->h_cwout != h->h_cw || h->h_mxcsrout != h->h_mxcsr)
		bad |= 8;
	if (h->h_x87q != q_x87[who % 4] || h->h_sseq != q_sse[who % 4])
		bad |= 16;
	return (bad);
}

static void
ring_child(int who, int rfd, int wfd)
{
	struct hold h;
	int r, bad = 0;
	char tok = 't';

	if (who != 0 && read(rfd, &tok, 1) != 1)
		_exit(100);
	for (r = 0; r < ROUNDS; r++) {
		hold_fill(&h, who);
		h.h_wfd = wfd;
		h.h_rfd = rfd;
		hold_regs(&h);
		bad |= hold_check(&h, who);
		if (h.h_err)
			break;
	}
	/* The next child's last round waits for this (child 0 started
	 * with the token and waits for one less). */
	if (who != NRING - 1 && write(wfd, &tok, 1) != 1)
		bad |= 32;
	_exit(bad);
}

static void
test_ring(void)
{
	int fds[NRING][2], i, j, status, distinct;
	pid_t pid[NRING];
	struct hold h;

	/* Each mode's quotient, with no other process in between. */
	for (i = 0; i < 4; i++) {
		hold_fill(&h, i);
		hold_regs(&h);
		UT_EQ(hold_check(&h, i) & ~16, 0);
		q_x87[i] = h.h_x87q;
		q_sse[i] = h.h_sseq;
	}
	__asm__ __volatile__("fninit; ldmxcsr %0" : : "m"(mode_mxcsr[0]));
	/* Rounding up and down must give different quotients, or the
	 * test could not see a mode leak. */
	distinct = q_x87[1] != q_x87[2] && q_sse[1] != q_sse[2];
	UT_TRUE(distinct);

	for (i = 0; i < NRING; i++)
		UT_EQ(pipe(fds[i]), 0);
	for (i = 0; i < NRING; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			/* Keep only our read end and the next one's write
			 * end: a child that dies ends the ring with EOF. */
			for (j = 0; j < NRING; j++) {
				if (j != i)
					close(fds[j][0]);
				if (j != (i + 1) % NRING)
					close(fds[j][1]);
			}
			ring_child(i, fds[i][0], fds[(i + 1) % NRING][1]);
		}
		UT_TRUE(pid[i] > 0);
	}
	for (i = 0; i < NRING; i++) {
		close(fds[i][0]);
		close(fds[i][1]);
	}
	for (i = 0; i < NRING; i++) {
		status = -1;
		UT_EQ(waitpid(pid[i], &status, 0), pid[i]);
		UT_TRUE(WIFEXITED(status));
		UT_EQ(WEXITSTATUS(status), 0);
	}
}

/* ---- workers, a signalling sibling, timer upcalls ------------------- */

static volatile int chunk_n = 3000;	/* terms per sum */
static double ref_sse[4];		/* the sums in each mode */
static long double ref_x87[4];
static double ref_h_sse;		/* the handler's sums */
static long double ref_h_x87;

static void
set_mode(int m)
{
	__asm__ __volatile__("fldcw %0; ldmxcsr %1"
	    : : "m"(mode_cw[m]), "m"(mode_mxcsr[m]));
}

static double __attribute__((noinline))
sum_sse(int n)
{
	double s = 0;
	int k;

	for (k = 1; k <= n; k++)
		s += k * 0.1;
	return (s);
}

static long double __attribute__((noinline))
sum_x87(int n)
{
	long double t = 0;
	int k;

	for (k = 1; k <= n; k++)
		t += (long double)k / 3;
	return (t);
}

static volatile int nsig, ntick, hbad;

/* The work of a handler or an upcall: its own mode, its own sums. */
static void
handler_work(void)
{
	uint16_t cw;
	uint32_t mx;

	__asm__ __volatile__("fnstcw %0; stmxcsr %1" : "=m"(cw), "=m"(mx));
	if (cw != mode_cw[0] || mx != mode_mxcsr[0])
		hbad |= 1;		/* did not start clean */
	set_mode(2);
	if (sum_sse(200) != ref_h_sse)
		hbad |= 2;
	if (sum_x87(200) != ref_h_x87)
		hbad |= 4;
}

static void
on_usr1(int sig)
{
	handler_work();
	nsig++;
}

static void
on_tick(struct sysmsg_hdr *m)
{
	handler_work();
	ntick++;
}

static char ustack[16384] __attribute__((aligned(16)));

static void
worker(int who)
{
	static timermsg_t tm;
	struct timespec period = { 0, 5000000 };
	int mode = who % 4, bad = 0, port, chunks = 0;

	signal(SIGUSR1, on_usr1);
	port = port_create(SYSPORT_UPCALL, on_tick, ustack, sizeof(ustack));
	if (port < 0 || timermsg_start(&tm, port, &period) < 0)
		_exit(100);
	set_mode(mode);
	while (nsig < NSIGS || ntick < NTICKS || chunks < 4) {
		if (sum_sse(chunk_n) != ref_sse[mode])
			bad |= 1;
		if (sum_x87(chunk_n) != ref_x87[mode])
			bad |= 2;
		chunks++;
	}
	if (bad | hbad)
		printf("fpu_procs: worker %d: bad 0x%x, handler 0x%x\n", who,
		    bad, hbad);
	_exit(bad | hbad << 4);
}

static void
test_workers(void)
{
	pid_t pid[NWORK], killer;
	int i, m, status;

	for (m = 0; m < 4; m++) {
		set_mode(m);
		ref_sse[m] = sum_sse(chunk_n);
		ref_x87[m] = sum_x87(chunk_n);
	}
	set_mode(2);
	ref_h_sse = sum_sse(200);
	ref_h_x87 = sum_x87(200);
	set_mode(0);
	/* The modes must matter, or a leak would go unseen. */
	UT_TRUE(ref_sse[1] != ref_sse[2] && ref_x87[1] != ref_x87[2]);

	for (i = 0; i < NWORK; i++) {
		pid[i] = fork();
		if (pid[i] == 0)
			worker(i);
		UT_TRUE(pid[i] > 0);
	}
	killer = fork();
	if (killer == 0) {
		/* Signal every worker until none is left alive. */
		int alive;

		do {
			alive = 0;
			for (i = 0; i < NWORK; i++)
				if (kill(pid[i], SIGUSR1) == 0)
					alive++;
		} while (alive > 0);
		_exit(0);
	}
	UT_TRUE(killer > 0);
	for (i = 0; i < NWORK; i++) {
		status = -1;
		UT_EQ(waitpid(pid[i], &status, 0), pid[i]);
		UT_TRUE(WIFEXITED(status));
		UT_EQ(WEXITSTATUS(status), 0);
	}
	status = -1;
	UT_EQ(waitpid(killer, &status, 0), killer);
	UT_EQ(status, 0);
}

int
main(void)
{
	test_ring();
	test_workers();
	UT_DONE("fpu_procs");
}
