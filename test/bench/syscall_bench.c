/*
 * syscall_bench - the cost of a system call, in guest instructions when
 * QEMU runs with -icount shift=0 (the TSC counts instructions).
 *
 *   null_int80      getpid through the classic int 0x80 gate
 *   null_sendsys    getpid as a message through int 0x81
 *   trap_floor      an int 0x81 refused before any dispatch (bad port)
 *   fork_exit_wait  fork a child that exits at once, and reap it
 */
#include <sys/types.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

pid_t	__msg_getpid(void), __int80_getpid(void);
int	raw81(int eax, int ecx, int edx);

#define ITERS	20000

static inline uint64_t
rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return (((uint64_t)hi << 32) | lo);
}

static void
report(const char *name, uint64_t total, int n)
{
	printf("BENCH %s %llu instr/op\n", name,
	    (unsigned long long)(total / (uint64_t)n));
}

int
main(int argc, char **argv)
{
	uint64_t t0, t1;
	int i, status;

	__int80_getpid();
	t0 = rdtsc();
	for (i = 0; i < ITERS; i++)
		__int80_getpid();
	t1 = rdtsc();
	report("null_int80", t1 - t0, ITERS);

	__msg_getpid();
	t0 = rdtsc();
	for (i = 0; i < ITERS; i++)
		__msg_getpid();
	t1 = rdtsc();
	report("null_sendsys", t1 - t0, ITERS);

	t0 = rdtsc();
	for (i = 0; i < ITERS; i++)
		raw81(-1, 0, 32);
	t1 = rdtsc();
	report("trap_floor", t1 - t0, ITERS);

	t0 = rdtsc();
	for (i = 0; i < 50; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		wait4(pid, &status, 0, NULL);
	}
	t1 = rdtsc();
	report("fork_exit_wait", t1 - t0, 50);
	return (0);
}
