/*
 * syscall_bench - the cost of a system call, in guest instructions when
 * QEMU runs with -icount shift=0 (the TSC counts instructions).
 *
 *   null_int80      getpid through the classic int 0x80 gate
 *   null_sendsys    getpid as a message through int 0x81
 *   trap_floor      an int 0x81 refused before any dispatch (bad port)
 *   fork_exit_wait  fork a child that exits at once, and reap it
 *   stat_depthN     stat of a cached path of N components (1, 4, 8)
 *   stat_missing    stat of a name known not to exist (a negative entry)
 *   open_close      open and close of a cached 4-component path
 */
#include <sys/types.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <string.h>

pid_t	__msg_getpid(void), __int80_getpid(void);
int	raw81(int eax, int ecx, int edx);

#define ITERS	20000
#define VITERS	2000

/* The tree the VFS figures use: /bd/d2/.../d8 with a file f in each. */
static const char *const bench_paths[] = {
	"/bd", "/bd/d2", "/bd/d2/d3", "/bd/d2/d3/d4", "/bd/d2/d3/d4/d5",
	"/bd/d2/d3/d4/d5/d6", "/bd/d2/d3/d4/d5/d6/d7",
};

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

/* Instructions per stat() of path, the first (uncached) one excluded. */
static void
bench_stat(const char *name, const char *path, int expect)
{
	struct stat sb;
	uint64_t t0, t1;
	int i, bad = 0;

	(void)stat(path, &sb);
	t0 = rdtsc();
	for (i = 0; i < VITERS; i++)
		bad += (stat(path, &sb) != expect);
	t1 = rdtsc();
	if (bad)
		printf("bench: stat %s gave an unexpected result\n", path);
	report(name, t1 - t0, VITERS);
}

static void
bench_vfs(void)
{
	uint64_t t0, t1;
	size_t i;
	int fd;

	for (i = 0; i < sizeof(bench_paths) / sizeof(bench_paths[0]); i++)
		mkdir(bench_paths[i], 0755);
	close(open("/bf", O_CREAT | O_WRONLY, 0644));
	close(open("/bd/d2/d3/f", O_CREAT | O_WRONLY, 0644));
	close(open("/bd/d2/d3/d4/d5/d6/d7/f", O_CREAT | O_WRONLY, 0644));
	bench_stat("stat_depth1", "/bf", 0);
	bench_stat("stat_depth4", "/bd/d2/d3/f", 0);
	bench_stat("stat_depth8", "/bd/d2/d3/d4/d5/d6/d7/f", 0);
	bench_stat("stat_missing", "/bd/missing", -1);
	t0 = rdtsc();
	for (i = 0; i < VITERS; i++) {
		fd = open("/bd/d2/d3/f", O_RDONLY);
		close(fd);
	}
	t1 = rdtsc();
	report("open_close", t1 - t0, VITERS);
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
	bench_vfs();
	return (0);
}
