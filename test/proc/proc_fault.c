/*
 * proc_fault - faulting children are killed with the right signal and
 * reported while the parent runs on; kill ends sleeping and spinning
 * processes, and SIGKILL ends a process asleep in a system call (a
 * console, pipe, wait4, nanosleep or asynchronous-message wait); kill's
 * errors.  System calls 330 and 331 (once the test hooks
 * uioworker_start/uioworker_wait) do not exist.  LDT selectors name
 * nothing: there is no LDT, so verr/lar/lsl on one say "invalid"
 * without reading memory, and loading one into a segment register is a
 * protection fault (SIGSEGV).
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <sysasync.h>
#include <fcntl.h>
#include <string.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

static volatile int zero;

static void
null_write(void)
{
	*(volatile int *)(zero) = 1;
}

static void
kernel_read(void)
{
	zero = *(volatile int *)0xc0100000;
}

static void
bad_opcode(void)
{
	__builtin_trap();
}

static void
divide(void)
{
	zero = 10 / zero;
}

static void
text_write(void)
{
	*(volatile char *)(void *)&text_write = 0;
}

static void
test_faults(void)
{
	UT_EQ(WTERMSIG(ut_in_child(null_write)), SIGSEGV);
	UT_EQ(WTERMSIG(ut_in_child(kernel_read)), SIGSEGV);
	UT_EQ(WTERMSIG(ut_in_child(bad_opcode)), SIGILL);
	UT_EQ(WTERMSIG(ut_in_child(divide)), SIGFPE);
	UT_EQ(WTERMSIG(ut_in_child(text_write)), SIGSEGV);
}

/*
 * Selector 0x07: LDT entry 0 at privilege 3.  The LDT register holds
 * the null selector, so the processor never reads a descriptor: verr,
 * lar and lsl clear ZF (without it, they would read a descriptor from
 * the LDT's base, the program's own address 0, and fault), and a
 * segment load is a general protection fault.
 */
#define LDT_SEL	0x07

static void
ldt_probe(void)
{
	unsigned char rd, ar, sl;
	unsigned int v = 0;

	__asm__ __volatile__("verr %w1; setz %0" : "=q"(rd) : "r"(LDT_SEL)
	    : "cc");
	__asm__ __volatile__("lar %2, %1; setz %0" : "=q"(ar), "+r"(v)
	    : "r"(LDT_SEL) : "cc");
	__asm__ __volatile__("lsl %2, %1; setz %0" : "=q"(sl), "+r"(v)
	    : "r"(LDT_SEL) : "cc");
	_exit(rd || ar || sl ? 3 : 0);
}

static void
ldt_load_fs(void)
{
	__asm__ __volatile__("movw %w0, %%fs" : : "r"(LDT_SEL));
}

static void
ldt_load_gs(void)
{
	__asm__ __volatile__("movw %w0, %%gs" : : "r"(LDT_SEL | 0x18));
}

/*
 * SIGKILL ends every sleep a system call makes for a user: a child
 * blocks in one (it says so through a pipe first), the parent kills it
 * and waits for it with wait4.  An uninterruptible sleep would hang the
 * wait (the harness's timeout is the failure).  The short sleep before
 * the kill only makes it likely that the child is asleep by then; the
 * result must be the same either way.
 */
static int killfd[2];			/* a pipe nobody writes to */
static int fullfd[2];			/* a full pipe nobody reads */

static void
block_console(void)
{
	char c;
	int fd = open("/dev/console", O_RDONLY);

	if (fd >= 0)
		read(fd, &c, 1);
}

static void
block_pipe_read(void)
{
	char c;

	read(killfd[0], &c, 1);
}

static void
block_pipe_write(void)
{
	static char big[4096];

	/* Fills the pipe, then sleeps for room that never comes. */
	for (;;)
		if (write(fullfd[1], big, sizeof(big)) < 0)
			return;
}

static void
block_wait4(void)
{
	int q[2], status;
	pid_t pid;

	if (pipe(q) != 0)
		return;
	pid = fork();
	if (pid == 0) {
		char c;

		/* Ends when its parent dies: the write end closes. */
		close(q[1]);
		read(q[0], &c, 1);
		_exit(0);
	}
	close(q[0]);
	wait4(pid, &status, 0, NULL);
}

static void
block_nanosleep(void)
{
	struct timespec ts = { 1000000, 0 };

	nanosleep(&ts, NULL);
}

static void
block_async_wait(void)
{
	static SYSMSG(read) m;
	static char buf[16];

	sysmsg_init(&m, read);
	m.a.fd = killfd[0];
	m.a.buf = buf;
	m.a.nbyte = sizeof(buf);
	if (async_send(0, &m.h, sizeof(m), 0) == 1)
		async_wait(0, &m.h);
}

static void
block_async_waitany(void)
{
	static SYSMSG(nanosleep) m;
	static struct timespec ts = { 1000000, 0 };

	sysmsg_init(&m, nanosleep);
	m.a.rqtp = &ts;
	if (async_send(0, &m.h, sizeof(m), 0) == 1)
		async_waitany(0);
}

/* Run fn in a child that says when it starts; SIGKILL it; wait4. */
static int
killed_in(void (*fn)(void))
{
	int status = -1, ready[2];
	pid_t pid;
	char c;

	if (pipe(ready) != 0)
		return (-1);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(ready[0]);
		write(ready[1], "s", 1);
		fn();
		_exit(0);
	}
	close(ready[1]);
	if (pid < 0 || read(ready[0], &c, 1) != 1) {
		close(ready[0]);
		return (-1);
	}
	close(ready[0]);
	ut_nap();
	if (kill(pid, SIGKILL) != 0 || wait4(pid, &status, 0, NULL) != pid)
		return (-1);
	return (status);
}

static void
test_kill_asleep(void)
{
	struct sysmsg_hdr *h;
	int body[8];

	UT_EQ(pipe(killfd), 0);
	UT_EQ(pipe(fullfd), 0);
	UT_EQ(killed_in(block_console), W_EXITCODE(0, SIGKILL));
	UT_EQ(killed_in(block_pipe_read), W_EXITCODE(0, SIGKILL));
	UT_EQ(killed_in(block_pipe_write), W_EXITCODE(0, SIGKILL));
	UT_EQ(killed_in(block_wait4), W_EXITCODE(0, SIGKILL));
	UT_EQ(killed_in(block_nanosleep), W_EXITCODE(0, SIGKILL));
	UT_EQ(killed_in(block_async_wait), W_EXITCODE(0, SIGKILL));
	UT_EQ(killed_in(block_async_waitany), W_EXITCODE(0, SIGKILL));
	/* Nothing was read from or written to the pipes meanwhile. */
	close(killfd[0]);
	close(killfd[1]);
	close(fullfd[0]);
	close(fullfd[1]);

	/* The test hooks 330 and 331 are no system calls. */
	memset(body, 0, sizeof(body));
	h = (struct sysmsg_hdr *)body;
	h->sm_cmd = 330;
	UT_EQ(__sendsys(0, h, sizeof(body)), ENOSYS);
	h->sm_cmd = 331;
	UT_EQ(__sendsys(0, h, sizeof(body)), ENOSYS);
}

static void
test_ldt(void)
{
	UT_EQ(ut_in_child(ldt_probe), W_EXITCODE(0, 0));
	UT_EQ(WTERMSIG(ut_in_child(ldt_load_fs)), SIGSEGV);
	UT_EQ(WTERMSIG(ut_in_child(ldt_load_gs)), SIGSEGV);
}

static void
test_kill(void)
{
	struct timespec ts = { 20, 0 };
	int status, ystatus;
	pid_t pid, y;

	/* A child in a long nanosleep dies promptly on SIGTERM. */
	pid = fork();
	if (pid == 0) {
		nanosleep(&ts, NULL);
		_exit(0);
	}
	ts.tv_sec = 0;
	ts.tv_nsec = 20 * 1000 * 1000;
	nanosleep(&ts, NULL);		/* let it fall asleep */
	/* "Promptly" without a clock: a second child asleep for 10 s (a
	 * yardstick) must still be asleep when the first is reaped. */
	fflush(stdout);
	y = fork();
	if (y == 0) {
		ts.tv_sec = 10;
		ts.tv_nsec = 0;
		nanosleep(&ts, NULL);
		_exit(0);
	}
	UT_EQ(kill(pid, SIGTERM), 0);
	UT_EQ(wait4(pid, &status, 0, NULL), pid);
	UT_TRUE(WIFSIGNALED(status));
	UT_EQ(WTERMSIG(status), SIGTERM);
	UT_EQ(wait4(y, &ystatus, WNOHANG, NULL), 0);	/* still asleep */
	UT_EQ(kill(y, SIGKILL), 0);
	UT_EQ(wait4(y, &ystatus, 0, NULL), y);

	/* A child spinning in user mode is preempted and killed. */
	pid = fork();
	if (pid == 0)
		for (;;)
			zero++;
	nanosleep(&ts, NULL);
	UT_EQ(kill(pid, SIGKILL), 0);
	UT_EQ(wait4(pid, &status, 0, NULL), pid);
	UT_EQ(WTERMSIG(status), SIGKILL);

	/* Errors. */
	UT_EQ(kill(pid, SIGKILL), -1);		/* reaped: gone */
	UT_EQ(errno, ESRCH);
	UT_EQ(kill(29999, 0), -1);
	UT_EQ(errno, ESRCH);
	UT_EQ(kill(getpid(), 99), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(kill(1, SIGKILL), -1);
	UT_EQ(errno, EPERM);
	UT_EQ(kill(getpid(), 0), 0);		/* probe only */
}

int
main(int argc, char **argv)
{
	test_faults();
	test_ldt();
	test_kill();
	test_kill_asleep();
	UT_DONE("proc_fault");
}
