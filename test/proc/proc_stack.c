/*
 * proc_stack - the stack and data limits, and execve's E2BIG.
 *
 * RLIMIT_STACK: the stack grows on demand to near its limit (8 MiB by
 * default: 7.5 MiB of frames, every byte checked on the way back up),
 * and a child that goes past it dies of SIGSEGV (the console names it:
 * test/qemu-check.sh looks for the line).  A lowered limit stops growth
 * earlier, a raised one (up to the bound) lets it go further.
 * RLIMIT_DATA: brk fails with ENOMEM past it, and by default a program
 * may take far more than the old 64 MiB: half of the free memory, as
 * one heap, every page touched.  setrlimit: soft above hard is EINVAL,
 * hard above the bound EPERM; bad pointers EFAULT.  execve with an
 * environment too large is E2BIG and leaves the caller running.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define KIB		1024
#define MIB		(1024 * 1024)
#define FRAME		(4 * KIB)	/* stack used per recursion level */

static volatile uintptr_t badaddr = 0x10;	/* unmapped */
#define BADPTR	((void *)badaddr)

/* Use depth frames of FRAME bytes each; 0 if every byte came back. */
static int
recurse(int depth)
{
	volatile char buf[FRAME - 64];
	size_t i;
	int bad;

	for (i = 0; i < sizeof(buf); i += 64)
		buf[i] = (char)(depth + i);
	bad = depth > 0 ? recurse(depth - 1) : 0;
	for (i = 0; i < sizeof(buf); i += 64)
		if (buf[i] != (char)(depth + i))
			bad = 1;
	return (bad);
}

/* In a child: set RLIMIT_STACK's soft limit to lim (0: leave it), use
 * `use` bytes of stack; its wait status. */
static int
stack_child(rlim_t lim, size_t use)
{
	int status = -1;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct rlimit rl;

		if (lim != 0) {
			if (getrlimit(RLIMIT_STACK, &rl) != 0)
				_exit(10);
			rl.rlim_cur = lim;
			if (setrlimit(RLIMIT_STACK, &rl) != 0)
				_exit(11);
		}
		_exit(recurse((int)(use / FRAME)) != 0 ? 12 : 0);
	}
	if (pid < 0)
		return (-1);
	if (waitpid(pid, &status, 0) != pid)
		return (-1);
	return (status);
}

static void
test_stack(void)
{
	struct rlimit rl, orl;

	long long freeb = (long long)ut_sysctl_int("vm.free_pages") * 4096;

	UT_EQ(getrlimit(RLIMIT_STACK, &orl), 0);
	UT_EQ(orl.rlim_cur, 8 * MIB);
	UT_EQ(orl.rlim_max, 256 * MIB);		/* the bound: USTACK_MAX */
	/* Lowered to 1 MiB: 768 KiB still fits (more than the 128 KiB
	 * mapped at exec), 2 MiB does not. */
	UT_EQ(stack_child(1 * MIB, 768 * KIB), 0);
	UT_EQ(stack_child(1 * MIB, 2 * MIB), SIGSEGV);
	if (freeb >= 64LL * MIB) {
		/* Near the default limit: grows, every frame intact. */
		UT_EQ(stack_child(0, 7 * MIB + 512 * KIB), 0);
		/* Past it: SIGSEGV. */
		UT_EQ(stack_child(0, 9 * MIB), SIGSEGV);
		/* Raised to 16 MiB: 12 MiB fits. */
		UT_EQ(stack_child(16 * MIB, 12 * MIB), 0);
	} else {
		printf("proc_stack: %lld MiB free: the 8 MiB stacks are "
		    "left out\n", freeb / MIB);
	}
	/* And here, after the children, our own stack still works. */
	UT_EQ(recurse(64), 0);

	/* The rules of setrlimit. */
	rl.rlim_cur = 1 * MIB;
	rl.rlim_max = 256 * MIB + 1;		/* hard above the bound */
	UT_ERR(setrlimit(RLIMIT_STACK, &rl), EPERM);
	rl.rlim_max = RLIM_INFINITY;
	UT_ERR(setrlimit(RLIMIT_STACK, &rl), EPERM);
	rl.rlim_cur = 16 * MIB;			/* soft above hard */
	rl.rlim_max = 8 * MIB;
	UT_ERR(setrlimit(RLIMIT_STACK, &rl), EINVAL);
	UT_ERR(setrlimit(RLIMIT_STACK, BADPTR), EFAULT);
	UT_ERR(getrlimit(RLIMIT_STACK, BADPTR), EFAULT);
	UT_EQ(getrlimit(RLIMIT_STACK, &rl), 0);	/* nothing changed */
	UT_EQ(rl.rlim_cur, orl.rlim_cur);
	UT_EQ(rl.rlim_max, orl.rlim_max);
}

/* A child with RLIMIT_DATA at 4 MiB: brk stops there. */
static void
data_limited(void)
{
	struct rlimit rl;
	char *p;

	if (getrlimit(RLIMIT_DATA, &rl) != 0)
		_exit(1);
	rl.rlim_cur = 4 * MIB;
	if (setrlimit(RLIMIT_DATA, &rl) != 0)
		_exit(2);
	errno = 0;
	if (sbrk(8 * MIB) != (void *)-1 || errno != ENOMEM)
		_exit(3);
	p = sbrk(MIB);
	if (p == (void *)-1)
		_exit(4);
	memset(p, 1, MIB);
	/* Raised again (every process is root), the heap grows on. */
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_DATA, &rl) != 0 || sbrk(8 * MIB) == (void *)-1)
		_exit(5);
	_exit(0);
}

static void
test_data(void)
{
	struct rlimit rl;
	long long freeb = (long long)ut_sysctl_int("vm.free_pages") * 4096;
	size_t want, off;
	char *p;

	UT_EQ(getrlimit(RLIMIT_DATA, &rl), 0);
	/* The default: most of memory, above the old fixed 64 MiB when
	 * the machine has the memory for it. */
	UT_TRUE(rl.rlim_cur <= rl.rlim_max);
	UT_TRUE(rl.rlim_max >= 512 * MIB);
	if (freeb > 128LL * MIB)
		UT_TRUE(rl.rlim_cur > 64 * MIB);
	UT_CHILD(data_limited, 0);
	rl.rlim_max = rl.rlim_max + 1;
	UT_ERR(setrlimit(RLIMIT_DATA, &rl), EPERM);

	/* Half of the free memory as one heap, every page touched. */
	want = (size_t)(freeb / 2) & ~(size_t)(MIB - 1);
	p = sbrk((intptr_t)want);
	UT_TRUE(p != (void *)-1);
	if (p == (void *)-1)
		return;
	for (off = 0; off < want; off += 4096)
		p[off] = (char)(off >> 12);
	for (off = 0; off < want; off += 4096)
		if (p[off] != (char)(off >> 12))
			break;
	/* Give it back before anything (printf's buffers) calls malloc:
	 * malloc's next sbrk would land above this heap, and shrinking the
	 * break under it would take its memory away. */
	UT_TRUE(sbrk(-(intptr_t)want) == p + want);
	UT_EQ(off, want);
	printf("proc_stack: a heap of %u MiB (of %lld MiB free)\n",
	    (unsigned)(want / MIB), freeb / MIB);
}

/* execve with an environment of 70 KiB, or of 2000 strings: E2BIG. */
static void
test_e2big(void)
{
	static char big[70 * KIB];
	static char *env[2001];
	char *argv[] = { "hello", NULL };
	int i;

	memset(big, 'a', sizeof(big) - 1);
	memcpy(big, "BIG=", 4);
	env[0] = big;
	env[1] = NULL;
	UT_ERR(execve("/bin/hello", argv, env), E2BIG);
	for (i = 0; i < 2000; i++)
		env[i] = "E=1";
	env[2000] = NULL;
	UT_ERR(execve("/bin/hello", argv, env), E2BIG);
	UT_ERR(execve("/bin/hello", argv, BADPTR), EFAULT);
}

int
main(void)
{
	test_stack();
	test_data();
	test_e2big();
	UT_DONE("proc_stack");
}
