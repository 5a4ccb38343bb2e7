/*
 * async_signal - classic signals (handlers, SIG_IGN, SIG_DFL, EINTR,
 * the handler frame, interrupted code going on intact) and the repeating
 * signal and timer messages (returns, precedence over handlers, abort,
 * refusals).
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/sysctl.h>
#include <sys/syscall.h>
#include <sysasync.h>
#include <signal.h>
#include <sys/sigframe.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

/* The kernel's struct sigaction (sys/sys/signal.h), which libc's
 * sigaction() fills from newlib's (lib/libc/sys/signal.c). */
struct ksigaction {
	void		(*ksa_handler)(int);
	uint32_t	ksa_flags;
	void		(*ksa_restorer)(void);
	uint32_t	ksa_mask;
};
int	__sys_sigaction(int sig, const struct ksigaction *act,
	    struct ksigaction *oact);

#define NREC	16

/* What the handler saw, in order. */
static volatile int sig_rec[NREC];
static volatile uint32_t sig_esp[NREC], sig_efl[NREC], sig_ret[NREC];
static volatile uint32_t sig_ctxkind[NREC];
static volatile int nsig;
static volatile int nest_usr2;		/* on_sig: raise SIGUSR2 once */

volatile uint32_t h_esp, h_efl;

static void
sig_reset(void)
{
	int i;

	for (i = 0; i < NREC; i++) {
		sig_rec[i] = 0;
		sig_esp[i] = sig_efl[i] = sig_ret[i] = sig_ctxkind[i] = 0;
	}
	nsig = 0;
	spin_flag = 0;
	nest_usr2 = 0;
}

void on_sig(int sig);
void
on_sig(int sig)
{
	int i = nsig;
	uint32_t esp = h_esp, efl = h_efl;

	nsig = i + 1;
	if (i < NREC) {
		sig_rec[i] = sig;
		sig_esp[i] = esp;
		sig_efl[i] = efl;
		sig_ret[i] = ((volatile uint32_t *)esp)[0];
		/* esp[2] is the context sigreturn will get. */
		sig_ctxkind[i] = *(volatile uint32_t *)
		    ((volatile uint32_t *)esp)[2];
	}
	if (sig == SIGUSR1 && nest_usr2) {
		nest_usr2 = 0;
		kill(getpid(), SIGUSR2);	/* nests: runs before we go on */
		if (nsig < i + 2 || sig_rec[i + 1] != SIGUSR2)
			sig_rec[i] = -1;
	}
	spin_flag = 1;
}

/* The handler: note esp and eflags, wreck the registers, become on_sig. */
void on_sig_asm(int sig);
__asm__(
	".text\n"
	".globl on_sig_asm\n"
	"on_sig_asm:\n"
	"	movl %esp, h_esp\n"
	"	pushfl\n"
	"	popl h_efl\n"
	"	movl $0xdead0001, %eax\n"
	"	movl $0xdead0002, %ebx\n"
	"	movl $0xdead0003, %ecx\n"
	"	movl $0xdead0004, %edx\n"
	"	movl $0xdead0005, %esi\n"
	"	movl $0xdead0006, %edi\n"
	"	movl $0xdead0007, %ebp\n"
	"	jmp on_sig\n");

/*
 * redzone_kill(pid, sig): fill the red zone (the SIG_REDZONE bytes below
 * esp, sys/signal.h) with a pattern, kill(pid, sig) through int 0x80
 * without moving esp (the arguments are this function's own), and
 * return how many of the 8 words changed: a handler frame must leave
 * them alone.
 */
#define XSTR(x)	STR(x)
#define STR(x)	#x
int redzone_kill(int pid, int sig);
__asm__(
	".text\n"
	".globl redzone_kill\n"
	"redzone_kill:\n"
	"	movl $0x7a7a0000, %ecx\n"
	"	movl $-" XSTR(SIG_REDZONE) ", %edx\n"
	"1:	movl %ecx, (%esp,%edx)\n"
	"	incl %ecx\n"
	"	addl $4, %edx\n"
	"	jnz 1b\n"
	"	movl $" XSTR(SYS_kill) ", %eax\n"
	"	int $0x80\n"
	"	xorl %eax, %eax\n"
	"	movl $0x7a7a0000, %ecx\n"
	"	movl $-" XSTR(SIG_REDZONE) ", %edx\n"
	"2:	cmpl %ecx, (%esp,%edx)\n"
	"	je 3f\n"
	"	incl %eax\n"
	"3:	incl %ecx\n"
	"	addl $4, %edx\n"
	"	jnz 2b\n"
	"	ret\n");

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static int
wait_status(pid_t pid)
{
	int status = -1;

	if (wait4(pid, &status, 0, NULL) != pid)
		return (-1);
	return (status);
}

/* Fork a child that sends sig to us after ms, ntimes times (every ms). */
static pid_t
kill_later(int sig, int ms, int ntimes)
{
	pid_t parent = getpid(), pid;
	int i;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		for (i = 0; i < ntimes; i++) {
			ut_sleep_ms(ms);
			if (kill(parent, sig) != 0)
				_exit(1);
		}
		_exit(0);
	}
	return (pid);
}

/* ---- classic signals ---------------------------------------------------- */

static void
test_handler(void)
{
	struct sigaction sa, osa;
	struct ksigaction ksa;
	int i;

	sig_reset();
	UT_TRUE(signal(SIGUSR1, on_sig_asm) == SIG_DFL);
	UT_TRUE(signal(SIGUSR1, on_sig_asm) == on_sig_asm);
	UT_EQ(kill(getpid(), SIGUSR1), 0);	/* eax survives the handler */
	UT_EQ(nsig, 1);
	UT_EQ(sig_rec[0], SIGUSR1);
	UT_EQ(raise(SIGUSR1), 0);
	UT_EQ(nsig, 2);
	UT_EQ(sig_rec[1], SIGUSR1);
	UT_TRUE(signal(SIGUSR2, on_sig_asm) == SIG_DFL);
	UT_EQ(kill(getpid(), SIGUSR2), 0);
	UT_EQ(nsig, 3);
	UT_EQ(sig_rec[2], SIGUSR2);
	/* The frame: return address, signo, context; called like C. */
	for (i = 0; i < 3; i++) {
		UT_EQ(sig_ret[i], (uint32_t)__sigtramp);
		UT_EQ(sig_ctxkind[i], SC_SIGNAL);
		UT_EQ((sig_esp[i] + 4) & 15, 0);
		UT_EQ(sig_efl[i] & 0x400, 0);
	}
	/* The handler frame spares the red zone below the interrupted esp
	 * (libc's message stubs keep their header there). */
	sig_reset();
	UT_EQ(redzone_kill(getpid(), SIGUSR1), 0);
	UT_EQ(nsig, 1);
	/* Nesting: a signal raised in a handler runs at once. */
	sig_reset();
	nest_usr2 = 1;
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_EQ(nsig, 2);
	UT_EQ(sig_rec[0], SIGUSR1);	/* -1 if SIGUSR2 had not run inside */
	UT_EQ(sig_rec[1], SIGUSR2);

	/* sigaction reports what is installed; the kernel's own record
	 * (its struct sigaction, behind libc's) holds the trampoline. */
	memset(&osa, 0x55, sizeof(osa));
	UT_EQ(sigaction(SIGUSR1, NULL, &osa), 0);
	UT_TRUE(osa.sa_handler == on_sig_asm);
	UT_EQ(osa.sa_flags, 0);
	memset(&ksa, 0x55, sizeof(ksa));
	UT_EQ(__sys_sigaction(SIGUSR1, NULL, &ksa), 0);
	UT_TRUE(ksa.ksa_handler == on_sig_asm);
	UT_EQ(ksa.ksa_flags, 0);
	UT_TRUE(ksa.ksa_restorer == __sigtramp);
	/* Refusals. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig_asm;
	UT_EQ(sigaction(SIGKILL, &sa, NULL), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(sigaction(0, &sa, NULL), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(sigaction(NSIG, &sa, NULL), -1);
	UT_EQ(errno, EINVAL);
	ksa.ksa_handler = on_sig_asm;
	ksa.ksa_flags = 1;			/* the kernel knows no flags */
	ksa.ksa_restorer = __sigtramp;
	UT_EQ(__sys_sigaction(SIGUSR1, &ksa, NULL), -1);
	UT_EQ(errno, EINVAL);
	sa.sa_flags = 0x1000;			/* libc refuses what it lacks */
	UT_EQ(sigaction(SIGUSR1, &sa, NULL), -1);
	UT_EQ(errno, EINVAL);
	sa.sa_flags = 0;
	sa.sa_handler = (sig_t)0xc0100000;
	UT_EQ(sigaction(SIGUSR1, &sa, NULL), -1);
	UT_EQ(errno, EINVAL);
	UT_TRUE(signal(SIGKILL, SIG_IGN) == SIG_ERR);
	UT_EQ(kill(getpid(), NSIG), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(kill(getpid(), -1), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(kill(1, SIGUSR1), -1);
	UT_EQ(errno, EPERM);
	UT_EQ(kill(30000, SIGUSR1), -1);
	UT_EQ(errno, ESRCH);
	sig_reset();
	UT_EQ(kill(getpid(), 0), 0);		/* existence check only */
	UT_EQ(nsig, 0);
	/* Still installed after the refusals. */
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_EQ(nsig, 1);
}

static void
test_ignore(void)
{
	sig_reset();
	UT_TRUE(signal(SIGUSR1, SIG_IGN) == on_sig_asm);
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_EQ(ut_sleep_ms(10), 0);
	UT_EQ(nsig, 0);
	/* Dropped, not kept pending for a later handler. */
	UT_TRUE(signal(SIGUSR1, on_sig_asm) == SIG_IGN);
	UT_EQ(ut_sleep_ms(10), 0);
	UT_EQ(nsig, 0);
	/* SIGCHLD's default is to do nothing. */
	UT_TRUE(signal(SIGCHLD, SIG_DFL) == SIG_DFL);
	UT_EQ(kill(getpid(), SIGCHLD), 0);
	UT_EQ(nsig, 0);
}

static void
child_sigterm(void)
{
	signal(SIGTERM, on_sig_asm);
	signal(SIGTERM, SIG_DFL);
	kill(getpid(), SIGTERM);
	_exit(3);
}

static void
child_usr2_default(void)
{
	struct timespec ts = { 5, 0 };

	nanosleep(&ts, NULL);		/* killed by the parent in here */
	_exit(4);
}

static void
test_default(void)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		child_sigterm();
	status = wait_status(pid);
	UT_TRUE(WIFSIGNALED(status));
	UT_EQ(WTERMSIG(status), SIGTERM);

	/* A sleeping child, SIGUSR2 by default: killed, not EINTR. */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		signal(SIGUSR2, SIG_DFL);
		child_usr2_default();
	}
	ut_sleep_ms(20);
	UT_EQ(kill(pid, SIGUSR2), 0);
	status = wait_status(pid);
	UT_TRUE(WIFSIGNALED(status));
	UT_EQ(WTERMSIG(status), SIGUSR2);
}

/* A blocking read is ended by a signal: EINTR, and the handler ran. */
static void
test_eintr(void)
{
	int fds[2], status, i;
	pid_t pid;
	char c;

	UT_EQ(pipe(fds), 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		ssize_t n;

		sig_reset();
		signal(SIGUSR1, on_sig_asm);
		close(fds[1]);
		n = read(fds[0], &c, 1);
		if (n != -1)
			_exit(1);
		if (errno != EINTR)
			_exit(2);
		if (nsig < 1 || sig_rec[0] != SIGUSR1)
			_exit(3);
		_exit(0);
	}
	close(fds[0]);
	/* Keep signalling until the child is out of its read (a signal
	 * that arrives before the read blocks just runs the handler). */
	status = -1;
	for (i = 0; i < 100; i++) {
		ut_sleep_ms(20);
		if (wait4(pid, &status, WNOHANG, NULL) == pid)
			break;
		kill(pid, SIGUSR1);
	}
	if (i == 100)
		status = wait_status(pid);
	UT_TRUE(WIFEXITED(status));
	UT_EQ(WEXITSTATUS(status), 0);
	close(fds[1]);

	/* waitsys is ended by a signal too. */
	{
		SYSMSG(nanosleep) m;
		struct timespec ts = { 10, 0 };

		sig_reset();
		sysmsg_init(&m, nanosleep);
		m.a.rqtp = &ts;
		UT_EQ(async_send(0, &m.h, sizeof(m), 0), 1);
		pid = kill_later(SIGUSR1, 20, 1);
		UT_EQ(async_wait(0, &m.h), -1);
		UT_EQ(errno, EINTR);
		UT_EQ(nsig, 1);
		UT_TRUE(!async_done(&m.h));
		UT_EQ(wait_status(pid), 0);
		UT_EQ(async_abort(0, &m.h), 0);
		UT_EQ(async_wait(0, &m.h), 0);
		UT_EQ(m.h.sm_error, ECANCELED);
	}

	/* The same for our own nanosleep. */
	sig_reset();
	pid = kill_later(SIGUSR1, 20, 1);
	UT_EQ(ut_sleep_ms(2000), -1);
	UT_EQ(errno, EINTR);
	UT_EQ(nsig, 1);
	UT_EQ(wait_status(pid), 0);
}

/* The handler interrupts user code that makes no system call, and the
 * code goes on with its registers and flags. */
static void
test_interrupted(void)
{
	pid_t pid;

	sig_reset();
	pid = kill_later(SIGUSR1, 20, 1);
	spin_left = 0x7fffffff;
	regs_spin();
	UT_TRUE(spin_left != 0);
	UT_EQ(spin_bad, 0);
	UT_EQ(nsig, 1);
	UT_EQ(sig_efl[0] & 0x400, 0);	/* DF cleared for the handler */
	UT_EQ(wait_status(pid), 0);
}

/* ---- signal messages ---------------------------------------------------- */

static void
test_sigmsg_basic(void)
{
	sigmsg_t m;
	int i, spins;
	pid_t pid;

	sig_reset();
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
	UT_EQ(sigmsg_start(&m, 0, sigmask(SIGUSR1) | sigmask(SIGUSR2)), 1);
	UT_TRUE(!async_done(&m.h));
	UT_EQ(ut_sysctl_int("kern.async_self"), 1);
	/* In flight: the same message again is EBUSY. */
	UT_EQ(async_send(0, &m.h, sizeof(m), 0), -1);
	UT_EQ(errno, EBUSY);
	/* Each signal returns it (SIG_DFL would have killed us). */
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_EQ(async_wait(0, &m.h), 0);
	UT_TRUE(async_done(&m.h));
	UT_EQ(m.h.sm_error, 0);
	UT_EQ(m.h.sm_result & 0xffffffff, SIGUSR1);
	UT_EQ(m.h.sm_result >> 32, 1);
	m.h.sm_flags &= ~SMF_DONE;
	UT_EQ(kill(getpid(), SIGUSR2), 0);
	UT_EQ(async_wait(0, &m.h), 0);
	UT_TRUE(async_done(&m.h));
	UT_EQ(m.h.sm_result & 0xffffffff, SIGUSR2);
	UT_EQ(m.h.sm_result >> 32, 2);
	/* Polling SMF_DONE works too. */
	m.h.sm_flags &= ~SMF_DONE;
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	for (spins = 0; !async_done(&m.h) && spins < 100; spins++)
		ut_sleep_ms(1);
	UT_TRUE(async_done(&m.h));
	UT_EQ(m.h.sm_result & 0xffffffff, SIGUSR1);
	UT_EQ(m.h.sm_result >> 32, 3);
	UT_EQ(async_wait(0, &m.h), 0);	/* the return not yet waited for */
	/* Not returned since: waitsys sleeps; a signal from another
	 * process ends the wait (the message, not EINTR). */
	m.h.sm_flags &= ~SMF_DONE;
	pid = kill_later(SIGUSR2, 20, 1);
	UT_EQ(async_wait(0, &m.h), 0);
	UT_EQ(wait_status(pid), 0);
	UT_EQ(m.h.sm_result & 0xffffffff, SIGUSR2);
	UT_EQ(m.h.sm_result >> 32, 4);
	/* A signal the message does not watch takes the classic path. */
	signal(SIGHUP, on_sig_asm);
	UT_EQ(kill(getpid(), SIGHUP), 0);
	UT_EQ(nsig, 1);
	UT_EQ(sig_rec[0], SIGHUP);
	signal(SIGHUP, SIG_DFL);
	/* Several signals: each one is returned, in the end. */
	for (i = 0; i < 3; i++) {
		m.h.sm_flags &= ~SMF_DONE;
		UT_EQ(kill(getpid(), i & 1 ? SIGUSR2 : SIGUSR1), 0);
		UT_EQ(async_wait(0, &m.h), 0);
		UT_EQ(m.h.sm_result & 0xffffffff, i & 1 ? SIGUSR2 : SIGUSR1);
		UT_EQ(m.h.sm_result >> 32, 5 + i);
	}
	/* Two in a row: both returned (in an order the scheduling
	 * decides: the lower first if both were caught before a return). */
	m.h.sm_flags &= ~SMF_DONE;
	UT_EQ(kill(getpid(), SIGUSR2), 0);
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	for (spins = 0; (m.h.sm_result >> 32) < 9 && spins < 200; spins++)
		ut_sleep_ms(1);
	UT_EQ(m.h.sm_result >> 32, 9);
	UT_TRUE((m.h.sm_result & 0xffffffff) == SIGUSR1 ||
	    (m.h.sm_result & 0xffffffff) == SIGUSR2);
	UT_EQ(async_wait(0, &m.h), 0);		/* returned since */
	/* Abort: back once more, with ECANCELED, then gone. */
	m.h.sm_flags &= ~SMF_DONE;
	UT_EQ(async_abort(0, &m.h), 0);
	UT_EQ(async_wait(0, &m.h), 0);
	UT_TRUE(async_done(&m.h));
	UT_EQ(m.h.sm_error, ECANCELED);
	UT_EQ(async_abort(0, &m.h), -1);
	UT_EQ(errno, ENOENT);
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
	UT_EQ(m.h.sm_result >> 32, 9);		/* no return added */
	/* A signal caught just before the abort: still exactly one more
	 * return, ECANCELED, and nothing after it. */
	UT_EQ(sigmsg_start(&m, 0, sigmask(SIGUSR1)), 1);
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_EQ(async_abort(0, &m.h), 0);
	/* (The signal's own return may come first: wait past it.) */
	for (i = 0; i < 3; i++) {
		UT_EQ(async_wait(0, &m.h), 0);
		if (m.h.sm_error == ECANCELED)
			break;
		m.h.sm_flags &= ~SMF_DONE;
	}
	UT_EQ(m.h.sm_error, ECANCELED);
	UT_TRUE(i <= 1);
	UT_TRUE((m.h.sm_result >> 32) <= 1);
	m.h.sm_flags &= ~SMF_DONE;
	ut_sleep_ms(20);
	UT_TRUE(!async_done(&m.h));
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
	UT_EQ(async_waitany(0), 0);	/* port 0 had returns */
	UT_EQ(async_waitany(0), -1);
	UT_EQ(errno, EINVAL);
}

/* An armed signal message takes the signal: the handler does not run;
 * after the abort the handler gets it again. */
static void
test_precedence(void)
{
	sigmsg_t m, m2;
	pid_t pid;

	sig_reset();
	signal(SIGUSR1, on_sig_asm);
	UT_EQ(sigmsg_start(&m, 0, sigmask(SIGUSR1)), 1);
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_EQ(async_wait(0, &m.h), 0);
	UT_EQ(m.h.sm_result & 0xffffffff, SIGUSR1);
	UT_EQ(nsig, 0);
	/* Not EINTR either: a sleep goes on through a watched signal. */
	m.h.sm_flags &= ~SMF_DONE;
	pid = kill_later(SIGUSR1, 20, 1);
	UT_EQ(ut_sleep_ms(80), 0);
	UT_EQ(wait_status(pid), 0);
	UT_TRUE(async_done(&m.h));
	UT_EQ(m.h.sm_result >> 32, 2);
	UT_EQ(nsig, 0);
	/* Even an ignored signal goes to the message that watches it. */
	signal(SIGUSR2, SIG_IGN);
	UT_EQ(sigmsg_start(&m2, 0, sigmask(SIGUSR1) | sigmask(SIGUSR2)), 1);
	UT_EQ(kill(getpid(), SIGUSR2), 0);
	UT_EQ(async_wait(0, &m2.h), 0);
	UT_EQ(m2.h.sm_result & 0xffffffff, SIGUSR2);
	UT_EQ(m2.h.sm_result >> 32, 1);
	/* Two watch SIGUSR1: the oldest gets it. */
	m.h.sm_flags &= ~SMF_DONE;
	m2.h.sm_flags &= ~SMF_DONE;
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_EQ(async_wait(0, &m.h), 0);
	UT_EQ(m.h.sm_result >> 32, 3);
	ut_sleep_ms(20);
	UT_TRUE(!async_done(&m2.h));
	/* m aborted: then m2 is the oldest. */
	UT_EQ(async_abort(0, &m.h), 0);
	UT_EQ(async_wait(0, &m.h), 0);
	UT_EQ(m.h.sm_error, ECANCELED);
	UT_EQ(m.h.sm_result >> 32, 3);		/* returns so far */
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_EQ(async_wait(0, &m2.h), 0);
	UT_EQ(m2.h.sm_result & 0xffffffff, SIGUSR1);
	UT_EQ(m2.h.sm_result >> 32, 2);
	UT_EQ(nsig, 0);
	UT_EQ(async_abort(0, &m2.h), 0);
	UT_EQ(async_wait(0, &m2.h), 0);
	UT_EQ(m2.h.sm_error, ECANCELED);
	/* No message any more: the handler runs again. */
	UT_EQ(kill(getpid(), SIGUSR1), 0);
	UT_EQ(nsig, 1);
	UT_EQ(sig_rec[0], SIGUSR1);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

static char upstack[8192] __attribute__((aligned(16)));
static struct sysmsg_hdr *volatile up_msg;
static volatile long long up_result;
static volatile int nup;

static void
on_upcall(struct sysmsg_hdr *h)
{
	up_msg = h;
	up_result = h->sm_result;
	nup++;
}

/*
 * Sleep a tick at a time until nup reaches want, at most 100 times: the
 * kernel finishes what is due while this process sleeps, and the upcalls
 * run on the way back (a bound on attempts, not on time).
 */
static void
wait_ups(int want)
{
	int i;

	for (i = 0; nup < want && i < 100; i++)
		ut_sleep_ms(10);
}

/* A signal message on an upcall port: each signal is an upcall. */
static void
test_sigmsg_upcall(void)
{
	sigmsg_t m;
	int p;

	nup = 0;
	p = port_create(SYSPORT_UPCALL, on_upcall, upstack, sizeof(upstack));
	UT_TRUE(p >= 1);
	UT_EQ(sigmsg_start(&m, p, sigmask(SIGUSR2)), 1);
	UT_EQ(kill(getpid(), SIGUSR2), 0);
	wait_ups(1);
	UT_EQ(nup, 1);
	UT_TRUE(up_msg == &m.h);
	UT_EQ(up_result, SIGUSR2 | (1LL << 32));
	UT_EQ(kill(getpid(), SIGUSR2), 0);
	wait_ups(2);
	UT_EQ(nup, 2);
	UT_EQ(up_result, SIGUSR2 | (2LL << 32));
	UT_EQ(async_abort(p, &m.h), 0);
	wait_ups(3);
	UT_EQ(nup, 3);
	UT_EQ(m.h.sm_error, ECANCELED);
	UT_EQ(port_close(p), 0);
}

static void
test_sigmsg_refused(void)
{
	sigmsg_t m;
	timermsg_t t;
	int error;

	/* SIGKILL cannot be watched: the call fails at once. */
	UT_EQ(sigmsg_start(&m, 0, sigmask(SIGKILL) | sigmask(SIGUSR1)), 0);
	UT_TRUE(async_done(&m.h));
	UT_EQ(m.h.sm_error, EINVAL);
	UT_EQ(sigmsg_start(&m, 0, 0), 0);		/* nothing to watch */
	UT_TRUE(async_done(&m.h));
	UT_EQ(m.h.sm_error, EINVAL);
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
	/* Synchronously: the gate refuses it (EINVAL, header untouched). */
	sysmsg_init(&m, sigmsg);
	m.a.sigset = sigmask(SIGUSR1);
	error = __sendsys(0, &m.h, sizeof(m));
	UT_EQ(error, EINVAL);
	UT_TRUE(!async_done(&m.h));
	sysmsg_init(&t, timermsg);
	error = __sendsys(0, &t.h, sizeof(t));
	UT_EQ(error, EINVAL);
	UT_TRUE(!async_done(&t.h));
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
	/* Nothing watches SIGUSR1 now: the default action would kill us,
	 * so check in a child. */
	fflush(stdout);
	if (fork() == 0) {
		kill(getpid(), SIGUSR1);
		_exit(0);
	}
	{
		int status = -1;

		UT_TRUE(wait4(-1, &status, 0, NULL) > 0);
		UT_EQ(WTERMSIG(status), SIGUSR1);
	}
}

/* ---- timer messages ----------------------------------------------------- */

static void
test_timermsg(void)
{
	struct timespec pd = { 0, 20 * 1000 * 1000 };
	timermsg_t t;
	long long start, prev = 0, r;
	int n = 0, bad = 0;

	start = now_ms();
	UT_EQ(timermsg_start(&t, 0, &pd), 1);
	UT_TRUE(!async_done(&t.h));
	UT_EQ(async_send(0, &t.h, sizeof(t), 0), -1);
	UT_EQ(errno, EBUSY);
	while (n < 15) {
		if (async_wait(0, &t.h) != 0) {
			bad++;
			break;
		}
		if (!async_done(&t.h) || t.h.sm_error != 0)
			bad++;
		r = t.h.sm_result;
		if (r <= prev)
			bad++;			/* must grow */
		prev = r;
		t.h.sm_flags &= ~SMF_DONE;
		n++;
	}
	UT_EQ(bad, 0);
	/* The count of periods: at least one per return (some may have
	 * passed while we were away), and never ahead of the clock (a
	 * lower bound on the time taken: 20 ms a period, the first
	 * rounded to whole ticks). */
	UT_TRUE(prev >= n);
	UT_TRUE(now_ms() - start >= (prev - 1) * 20);
	UT_EQ(async_abort(0, &t.h), 0);
	UT_EQ(async_wait(0, &t.h), 0);
	UT_TRUE(async_done(&t.h));
	UT_EQ(t.h.sm_error, ECANCELED);
	UT_TRUE(t.h.sm_result >= prev);
	/* Exactly once: no further returns. */
	t.h.sm_flags &= ~SMF_DONE;
	t.h.sm_error = 12345;
	ut_sleep_ms(60);
	UT_TRUE(!async_done(&t.h));
	UT_EQ(t.h.sm_error, 12345);
	UT_EQ(async_wait(0, &t.h), -1);		/* neither in flight nor done */
	UT_EQ(errno, EINVAL);
	UT_EQ(async_abort(0, &t.h), -1);
	UT_EQ(errno, ENOENT);
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
	async_waitany(0);			/* the returns above */
}

static void
test_timermsg_refused(void)
{
	struct timespec pd;
	timermsg_t t;

	pd.tv_sec = 0;
	pd.tv_nsec = 0;
	UT_EQ(timermsg_start(&t, 0, &pd), 0);
	UT_TRUE(async_done(&t.h));
	UT_EQ(t.h.sm_error, EINVAL);
	pd.tv_sec = -1;
	pd.tv_nsec = 0;
	UT_EQ(timermsg_start(&t, 0, &pd), 0);
	UT_EQ(t.h.sm_error, EINVAL);
	pd.tv_sec = 0;
	pd.tv_nsec = -5;
	UT_EQ(timermsg_start(&t, 0, &pd), 0);
	UT_EQ(t.h.sm_error, EINVAL);
	pd.tv_nsec = 1000000000;
	UT_EQ(timermsg_start(&t, 0, &pd), 0);
	UT_EQ(t.h.sm_error, EINVAL);
	UT_EQ(timermsg_start(&t, 0, NULL), 0);
	UT_EQ(t.h.sm_error, EFAULT);
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
}

static void
test_bad_handles(void)
{
	SYSMSG(noop) m;
	sigmsg_t s;

	sysmsg_init(&m, noop);
	UT_EQ(abortmsg(0, &m.h), -1);		/* never sent */
	UT_EQ(errno, ENOENT);
	UT_EQ(abortmsg(0, NULL), -1);
	UT_EQ(errno, ENOENT);
	UT_EQ(abortmsg(99, &m.h), -1);
	UT_EQ(errno, EBADF);
	UT_EQ(abortmsg(-1, &m.h), -1);
	UT_EQ(errno, EBADF);
	UT_EQ(abortmsg(5, &m.h), -1);		/* not open */
	UT_EQ(errno, EBADF);
	UT_EQ(sigmsg_start(&s, 99, sigmask(SIGUSR1)), -1);
	UT_EQ(errno, EBADF);
	/* In flight on port 0, aborted through another port: ENOENT. */
	UT_EQ(sigmsg_start(&s, 0, sigmask(SIGUSR1)), 1);
	{
		int q = port_create(SYSPORT_QUEUE, NULL, NULL, 0);

		UT_TRUE(q >= 1);
		UT_EQ(abortmsg(q, &s.h), -1);
		UT_EQ(errno, ENOENT);
		UT_EQ(port_close(q), 0);
	}
	UT_EQ(abortmsg(0, &s.h), 0);
	UT_EQ(async_wait(0, &s.h), 0);
	UT_EQ(s.h.sm_error, ECANCELED);
}

/* A process that exits with repeating messages armed leaves nothing. */
static void
test_exit_armed(void)
{
	struct timespec pd = { 0, 10 * 1000 * 1000 };
	int inflight0 = ut_sysctl_int("kern.async_inflight");
	int kmem0 = ut_sysctl_int("kern.async_kmem");
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		sigmsg_t s;
		timermsg_t t;

		if (sigmsg_start(&s, 0, sigmask(SIGUSR1)) != 1 ||
		    timermsg_start(&t, 0, &pd) != 1)
			_exit(1);
		if (ut_sysctl_int("kern.async_self") != 2)
			_exit(2);
		kill(getpid(), SIGUSR1);
		ut_sleep_ms(30);
		_exit(0);
	}
	status = wait_status(pid);
	UT_EQ(status, 0);
	UT_EQ(ut_sysctl_int("kern.async_inflight"), inflight0);
	UT_EQ(ut_sysctl_int("kern.async_kmem"), kmem0);

	/* Killed while armed: the same. */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		timermsg_t t;

		timermsg_start(&t, 0, &pd);
		for (;;)
			ut_sleep_ms(1000);
	}
	ut_sleep_ms(30);
	UT_EQ(kill(pid, SIGKILL), 0);
	status = wait_status(pid);
	UT_EQ(WTERMSIG(status), SIGKILL);
	UT_EQ(ut_sysctl_int("kern.async_inflight"), inflight0);
}

int
main(void)
{
	test_handler();
	test_ignore();
	test_default();
	test_eintr();
	test_interrupted();
	test_sigmsg_basic();
	test_precedence();
	test_sigmsg_upcall();
	test_sigmsg_refused();
	test_timermsg();
	test_timermsg_refused();
	test_bad_handles();
	test_exit_armed();
	UT_EQ(ut_sysctl_int("kern.async_self"), 0);
	UT_DONE("async_signal");
}
