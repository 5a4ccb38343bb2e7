/*
 * sys_sysenter - the sysenter entry (sys/sysmsg.h): libc uses it when the
 * kernel has it; registers come back as its protocol says, both when the
 * kernel leaves by sysexit and when it leaves by iret (a signal handler,
 * an upcall on the way out); a bad message pointer is EFAULT; garbage
 * return registers, a kernel address among them, and a single-stepping
 * caller only hurt the caller.  A thread that does nothing but calls
 * through sysenter's lean path (whose way out looks at one word, td_ast,
 * sys/proc.h) still gives up the CPU when its quantum ends, still gets
 * another process's signal, and still runs an upcall that completes
 * meanwhile.  (sys_badmsg and sys_gates run their calls through every
 * entry and compare.)
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/sysmsg.h>
#include <sys/sysctl.h>
#include <sys/mman.h>
#include <sysasync.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

struct getpid_msg {
	struct sysmsg_hdr	h;
	struct getpid_args	a;
};

struct kill_msg {
	struct sysmsg_hdr	h;
	struct kill_args	a;
};

struct nanosleep_msg {
	struct sysmsg_hdr	h;
	struct nanosleep_args	a;
};

pid_t	__int80_getpid(void);

enum { R_EBX, R_EBP, R_ESI, R_ESI_IN, R_EDI, R_EDI_IN, R_EFLAGS };

/* The registers rawenter_regs() found: as its protocol says. */
static void
check_regs(const uint32_t *out)
{
	UT_EQ(out[R_EBX], 0x5a5a0002);
	UT_EQ(out[R_EBP], 0x5a5a0007);
	UT_EQ(out[R_ESI], out[R_ESI_IN]);
	UT_EQ(out[R_EDI], out[R_EDI_IN]);
	UT_TRUE(out[R_EFLAGS] & 0x400);		/* DF kept */
	UT_TRUE(out[R_EFLAGS] & 0x200);		/* interrupts on */
	UT_TRUE(!(out[R_EFLAGS] & 0x100));	/* no TF appeared */
}

static volatile int nsig;

static void
on_usr1(int sig)
{
	(void)sig;
	nsig++;
	UT_EQ(getpid(), getpid());	/* a call from the handler too */
}

static void
test_libc_gate(void)
{
	int on = -1;
	size_t len = sizeof(on);

	UT_EQ(sysctl("hw.sysenter", &on, &len, NULL, 0), 0);
	UT_EQ(on, 1);			/* QEMU's CPUs have SEP */
	UT_TRUE(__sysmsg_gate == __sysmsg_sysenter);
	UT_EQ(getpid(), __int80_getpid());
}

static void
test_regs(void)
{
	struct getpid_msg gm;
	struct kill_msg km;
	uint32_t out[7];

	/* The fast way out: sysexit. */
	memset(&gm, 0, sizeof(gm));
	gm.h.sm_cmd = SYS_getpid;
	memset(out, 0, sizeof(out));
	UT_EQ(rawenter_regs(0, (int)&gm, sizeof(gm), out), 0);
	UT_EQ(gm.h.sm_result, getpid());
	check_regs(out);
	/* A refusal in the entry's first instructions (bad port). */
	memset(out, 0, sizeof(out));
	UT_EQ(rawenter_regs(-1, (int)&gm, sizeof(gm), out), EBADF);
	check_regs(out);
	/* An error of the call. */
	memset(out, 0, sizeof(out));
	UT_EQ(rawenter_regs(0, 0x10, sizeof(gm), out), EFAULT);
	check_regs(out);
	/* A signal to itself: the handler runs on the way out (iret),
	 * then the registers are back. */
	UT_TRUE(signal(SIGUSR1, on_usr1) != SIG_ERR);
	memset(&km, 0, sizeof(km));
	km.h.sm_cmd = SYS_kill;
	km.a.pid = getpid();
	km.a.signum = SIGUSR1;
	nsig = 0;
	memset(out, 0, sizeof(out));
	UT_EQ(rawenter_regs(0, (int)&km, sizeof(km), out), 0);
	UT_EQ(nsig, 1);
	UT_EQ(km.h.sm_error, 0);
	UT_TRUE(km.h.sm_flags & SMF_DONE);
	check_regs(out);
	signal(SIGUSR1, SIG_DFL);
}

/* Upcalls: an asynchronous sleep sent through sysenter to an upcall
 * port; its upcall runs on the way out of a later sysenter call. */
static char ustack[8192] __attribute__((aligned(16)));
static volatile int nup;
static struct sysmsg_hdr *volatile upmsg;

static void
upfn(struct sysmsg_hdr *m)
{
	upmsg = m;
	nup++;
}

/* An upcall port for upfn and, sent on it through sysenter, the
 * asynchronous sleep nm of ts (nup cleared first): the port, or <= 0
 * (counted as a failure) with nothing sent. */
static int
sleep_upcall(struct nanosleep_msg *nm, const struct timespec *ts)
{
	int port;

	port = port_create(SYSPORT_UPCALL, upfn, ustack, sizeof(ustack));
	UT_TRUE(port > 0);
	if (port <= 0)
		return (port);
	memset(nm, 0, sizeof(*nm));
	nm->h.sm_cmd = SYS_nanosleep;
	nm->h.sm_flags = SMF_ASYNC;
	nm->a.rqtp = ts;
	nup = 0;
	UT_EQ(rawenter(port, (int)nm, sizeof(*nm)), EASYNC);
	return (port);
}

static void
test_upcall(void)
{
	struct nanosleep_msg nm;
	struct timespec ts = { 0, 1000000 };
	uint32_t out[7];
	int port, i;

	if ((port = sleep_upcall(&nm, &ts)) <= 0)
		return;
	/* waitsys through sysenter, until the upcall has run (it runs on
	 * the way out of the waitsys that sees the message back, or of a
	 * clock tick's interrupt: either way before this loop looks). */
	for (i = 0; i < 100 && nup == 0; i++) {
		memset(out, 0, sizeof(out));
		UT_EQ(rawenter_regs(port, (int)&nm, 0, out), 0);
		check_regs(out);
	}
	UT_EQ(nup, 1);
	UT_TRUE(upmsg == &nm.h);
	UT_EQ(nm.h.sm_error, 0);
	UT_EQ(port_close(port), 0);
}

/*
 * Work for the way out made while a thread spins on getpid (libc's gate,
 * the lean path): the quantum (the parent spins until the child has run,
 * which only a preemption allows on one CPU), another process's signal
 * (the child spins until the parent's SIGUSR1 ends it), an upcall (an
 * asynchronous sleep's, run while spinning).  Each spin is bounded by a
 * count far above what one quantum allows, so that a lost word fails
 * instead of hanging.
 */
#define SPIN_MAX	10000000

static volatile int *spin_shared;	/* [0]: the child's rounds */

static void
on_usr1_exit(int sig)
{
	(void)sig;
	_exit(spin_shared[0] > 0 ? 7 : 8);
}

static void
test_spin(void)
{
	struct nanosleep_msg nm;
	struct timespec ts = { 0, 1000000 };
	pid_t pid;
	int i, st, port;

	spin_shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANON, -1, 0);
	UT_TRUE(spin_shared != MAP_FAILED);
	if (spin_shared == MAP_FAILED)
		return;
	spin_shared[0] = 0;
	pid = fork();
	UT_TRUE(pid >= 0);
	if (pid == 0) {
		signal(SIGUSR1, on_usr1_exit);
		for (i = 0; i < SPIN_MAX; i++) {
			(void)getpid();
			spin_shared[0]++;
		}
		_exit(9);		/* the signal never came */
	}
	for (i = 0; i < SPIN_MAX && spin_shared[0] == 0; i++)
		(void)getpid();
	UT_TRUE(spin_shared[0] != 0);	/* the parent was preempted */
	UT_EQ(kill(pid, SIGUSR1), 0);
	UT_EQ(waitpid(pid, &st, 0), pid);
	UT_TRUE(WIFEXITED(st));
	UT_EQ(WEXITSTATUS(st), 7);
	munmap((void *)spin_shared, 4096);

	if ((port = sleep_upcall(&nm, &ts)) <= 0)
		return;
	for (i = 0; i < SPIN_MAX && nup == 0; i++)
		(void)getpid();
	UT_EQ(nup, 1);
	UT_EQ(nm.h.sm_error, 0);
	UT_EQ(port_close(port), 0);
}

/* Garbage where the return registers go: the caller dies, nothing else. */
static int garbage_eip, garbage_esp, garbage_port;

static void
child_garbage(void)
{
	rawenter_garbage(garbage_port, garbage_eip, garbage_esp);
	_exit(99);			/* never */
}

static void
test_garbage(void)
{
	static const struct {
		int eip, esp;
	} cases[] = {
		{ (int)0xc0100000, (int)0xc0000000 },	/* kernel addresses */
		{ (int)0xfffff000, (int)0xfffffff0 },
		{ (int)0xbffffff0, (int)0xc0001000 },	/* esp alone bad */
		{ 0, 0x1000 },				/* nothing mapped */
		{ 0x10, 0 },
	};
	unsigned i;
	int st, port;

	for (port = 0; port < 2; port++) {
		garbage_port = port == 0 ? 0 : -1;	/* run, or refused */
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			garbage_eip = cases[i].eip;
			garbage_esp = cases[i].esp;
			st = ut_in_child(child_garbage);
			UT_TRUE(WIFSIGNALED(st));
			UT_EQ(WTERMSIG(st), SIGSEGV);
		}
	}
}

/* A caller that single-steps into sysenter: the kernel ignores the
 * steps of its own entry; the caller gets its SIGTRAP after the call. */
static void
child_tf(void)
{
	struct getpid_msg gm;

	memset(&gm, 0, sizeof(gm));
	gm.h.sm_cmd = SYS_getpid;
	rawenter_tf(0, (int)&gm, sizeof(gm));
	_exit(gm.h.sm_result == getpid() ? 98 : 97);
}

static void
child_tf_badport(void)
{
	rawenter_tf(-1, 0, 24);
	_exit(98);
}

static void
test_tf(void)
{
	int st;

	st = ut_in_child(child_tf);
	UT_TRUE(WIFSIGNALED(st));
	UT_EQ(WTERMSIG(st), SIGTRAP);
	st = ut_in_child(child_tf_badport);
	UT_TRUE(WIFSIGNALED(st));
	UT_EQ(WTERMSIG(st), SIGTRAP);
}

int
main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	test_libc_gate();
	test_regs();
	test_upcall();
	test_spin();
	test_garbage();
	test_tf();
	UT_DONE("sys_sysenter");
}
