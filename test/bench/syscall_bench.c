/*
 * syscall_bench - the cost of a system call, in guest instructions when
 * QEMU runs with -icount shift=0 (the TSC counts instructions).
 *
 *   null_int80      getpid through the classic int 0x80 gate
 *   null_sendsys    getpid as a message through int 0x81
 *   null_sysenter   the same message through sysenter (libc's gate)
 *   trap_floor      an int 0x81 refused before any dispatch (bad port)
 *   trap_floor_sysenter  the same through sysenter
 *   invalid_int80   int 0x80 with a call number that does not exist
 *   invalid_sendsys a getpid-sized message whose command does not exist
 *   pipe_pingpong_rt  one byte to a child through a pipe and back through
 *                   another (per round trip: two writes, two reads, two
 *                   switches), as Linux's peer benchmark does it
 *   pipe_pingpong_fpu  the same, both processes touching the x87 and SSE
 *                   registers every round (sys/i386/fpu.c compares the
 *                   ways of switching their state)
 *   fork_exit_wait  fork a child that exits at once, and reap it
 *   stat_depthN     stat of a cached path of N components (1, 4, 8)
 *   stat_missing    stat of a name known not to exist (a negative entry)
 *   stat_depth5, stat_missing5   the same at 5 components (Linux's peer
 *                   benchmark's stat_5comp and stat_5comp_enoent)
 *   open_close      open and close of a cached 4-component path
 *   readNk_old      pread of N KiB from a cached file with vm.uio_path 0:
 *                   the file pages are mapped into the kernel, copied out
 *                   to the user address and unmapped
 *   readNk_iovec    the same with vm.uio_path 1: the buffer becomes a
 *                   VM-object iovec and pages are copied page to page
 *                   (vm.uio_iovec_min lowered to 1 so that 1K qualifies)
 *   read1k_copyout  1K with the defaults: below vm.uio_iovec_min, a plain
 *                   copyout from the file page
 *   copy8k_floor    the kernel copying 8K between two buffers (vm.copy_floor)
 *   write8k_old, write8k_iovec   pwrite of 8K into the cached file
 *   async_noop_batchN  N asynchronous no-op messages, then one waitsys
 *                   for the last (per message; N = 1, 8, 32).  The no-op
 *                   never blocks, so each completes inside its sendsys.
 *   async_pread_batchN N asynchronous 64-byte preads of a cached file,
 *                   then a waitsys for each one still in flight, and
 *                   every result checked (per message); a read of
 *                   cached data completes inside its sendsys (class TRY,
 *                   sys/sysmsg.h), which says so (async_send returns 0),
 *                   so a program waits for none of them, as io_uring's
 *                   reaps completions without a call each;
 *                   pread64_sync is the same read made synchronously.
 *   async_noop_vec32, async_pread_vec32  the same 32 messages sent by one
 *                   sendv (one trap for the batch); then one waitsys
 *                   for the last no-op, or a waitsys for each pread
 *                   whose header is not SMF_DONE (per message)
 *
 *   devmsg_null     a 64-byte read of /dev/null: the system call, the
 *                   VFS, devfs's bounce buffer and a DEV_READ message
 *                   through the device's direct port (and back)
 *   devmsg_zero512, devmsg_zero1k  reads of /dev/zero: 512 bytes go
 *                   through devfs's bounce buffer, 1K as held pages
 *                   (the two ways a user buffer reaches a driver)
 *   devmsg_md4k     a 4K pread of /dev/md0, the RAM disk: a strategy
 *                   message queued to the md thread and replied from
 *                   there (two thread switches)
 *   devmsg_null_user  devmsg_null's read, of /dev/uecho0 served by a
 *                   user process (sys/agent.h): the port agent queues
 *                   it, the driver's recvsys takes it, its replysys
 *                   answers 0 bytes (two process switches, two gate
 *                   calls of the driver's)
 *   devmsg_udisk4k  devmsg_md4k's pread, of /dev/udisk0: a RAM disk
 *                   served by a user process, whose reply's 4K are
 *                   copied by the agent into the reader's held page
 *
 *   readNk, write8k  the same transfers with the default settings (the
 *                   path a program gets: iovecs from vm.uio_iovec_min,
 *                   4K, up; a plain copyout below): the figures to
 *                   compare with another kernel
 *
 * The data is checked, not only timed: the file holds a pattern that
 * depends on the offset and on how many times it was rewritten, every
 * read's buffer is compared with it and every write's result read back
 * (outside the counted instructions); the async reads are checked too.
 * A wrong byte, a short transfer or a failed call prints "bench: error:"
 * and `make bench` fails.
 *
 * With the argument "async" only the asynchronous figures run (make
 * bench-async, a quick measure while working on the batch path).
 *
 * With the argument "wall" (make bench boots a second time, without
 * -icount, for this) only the I/O table runs, and only its ratios are
 * printed, as wall_*: the TSC then counts host time, which sees what
 * instruction counts cannot (TLB invalidations and refills).  Each figure
 * is the best of five alternating rounds.  Run without -icount (by
 * hand, under make run) the figures are TSC cycles, and say so
 * (bench.h).
 */
#include <sys/types.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <string.h>
#include <stdlib.h>
#include <sys/sysctl.h>
#include <sysasync.h>
#include <sys/sysmsg.h>
#include <sys/agent.h>
#include <signal.h>
#include <time.h>
#include <errno.h>
#include "bench.h"

pid_t	__msg_getpid(void), __int80_getpid(void);
int	raw81(int eax, int ecx, int edx);
int	rawenter(int eax, int ecx, int edx);

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

static int errors;		/* "bench: error:" lines printed */

static void
bench_error(const char *what, long long a, long long b)
{
	printf("bench: error: %s (%lld, %lld)\n", what, a, b);
	errors++;
}

static void
report(const char *name, uint64_t total, int n)
{
	printf("BENCH %s %llu %s\n", name,
	    (unsigned long long)(total / (uint64_t)n), bench_unit());
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
		bench_error(path, bad, expect);
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
	close(open("/bd/d2/d3/d4/f", O_CREAT | O_WRONLY, 0644));
	close(open("/bd/d2/d3/d4/d5/d6/d7/f", O_CREAT | O_WRONLY, 0644));
	bench_stat("stat_depth1", "/bf", 0);
	bench_stat("stat_depth4", "/bd/d2/d3/f", 0);
	bench_stat("stat_depth8", "/bd/d2/d3/d4/d5/d6/d7/f", 0);
	bench_stat("stat_missing", "/bd/missing", -1);
	/* Linux's peer figures: stat_5comp and stat_5comp_enoent. */
	bench_stat("stat_depth5", "/bd/d2/d3/d4/f", 0);
	bench_stat("stat_missing5", "/bd/d2/d3/d4/nofile", -1);
	t0 = rdtsc();
	for (i = 0; i < VITERS; i++) {
		fd = open("/bd/d2/d3/f", O_RDONLY);
		close(fd);
	}
	t1 = rdtsc();
	report("open_close", t1 - t0, VITERS);
}

#define IOCHUNKS	1000
#define IOFILE		(64 * 1024)

static void
set_sysctl(const char *name, int val)
{
	if (sysctl(name, NULL, NULL, &val, sizeof(val)) != 0)
		bench_error(name, val, errno);
}

static int
get_sysctl(const char *name)
{
	size_t len = sizeof(int);
	int val = -1;

	if (sysctl(name, &val, &len, NULL, 0) != 0)
		bench_error(name, -1, errno);
	return (val);
}

/*
 * The I/O file's contents: byte off after the file was written with
 * seed.  Every write pass uses a new seed, so a write that did not land
 * leaves bytes that no longer match.
 */
static unsigned io_seed;

static inline unsigned char
io_byte(off_t off, unsigned seed)
{
	return ((unsigned char)(off * 7 + (off >> 9) + seed * 13));
}

static void
io_fill(unsigned char *p, off_t off, size_t len, unsigned seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = io_byte(off + i, seed);
}

/* Whether [p, p + len) holds the file's bytes from off; reports if not. */
static bool
io_check(const unsigned char *p, off_t off, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != io_byte(off + i, io_seed)) {
			bench_error("wrong byte at file offset",
			    (long long)(off + i), p[i]);
			return (false);
		}
	return (true);
}

/*
 * Instructions per pread or pwrite of chunk bytes, cycling over the
 * file; only the calls are counted, not the checks.  Reads are compared
 * with the pattern one by one; writes store a new generation of it,
 * which is read back (default path) and compared at the end.
 */
static uint64_t
bench_rw(int fd, char *buf, size_t chunk, int write)
{
	uint64_t t0, sum = 0;
	off_t off = 0;
	int i;
	ssize_t r;

	for (i = 0; i < 2; i++)			/* warm up */
		(void)pread(fd, buf, chunk, 0);
	if (write)
		io_seed++;
	for (i = 0; i < IOCHUNKS; i++) {
		if (write)
			io_fill((unsigned char *)buf, off, chunk, io_seed);
		t0 = rdtsc();
		r = write ? pwrite(fd, buf, chunk, off) :
		    pread(fd, buf, chunk, off);
		sum += rdtsc() - t0;
		if (r != (ssize_t)chunk) {
			bench_error(write ? "short pwrite" : "short pread",
			    (long long)r, (long long)chunk);
			break;
		}
		if (!write && !io_check((unsigned char *)buf, off, chunk))
			break;
		off += chunk;
		if (off >= IOFILE)
			off = 0;
	}
	if (write) {
		for (off = 0; off < IOFILE; off += chunk)
			if (pread(fd, buf, chunk, off) != (ssize_t)chunk ||
			    !io_check((unsigned char *)buf, off, chunk))
				break;
	}
	return (sum / IOCHUNKS);
}

static int wall;			/* wall-clock mode */

static void
report_ratio(const char *name, uint64_t a, uint64_t b)
{
	unsigned r = b ? (unsigned)((a * 100 + b / 2) / b) : 0;	/* rounded */

	printf("BENCH %s%s %u.%02u x\n", wall ? "wall_" : "", name, r / 100,
	    r % 100);
}

/* Instructions (or ticks) per transfer on one path; in wall-clock mode,
 * the best of five rounds. */
static uint64_t
bench_path(int fd, char *buf, size_t chunk, int write, int path)
{
	uint64_t best = 0, t;
	int i;

	set_sysctl("vm.uio_path", path);
	for (i = 0; i < (wall ? 5 : 1); i++) {
		t = bench_rw(fd, buf, chunk, write);
		if (i == 0 || t < best)
			best = t;
	}
	return (best);
}

/* The Hurd table: old path against VM-object iovecs, and the copy floor. */
static void
bench_io(void)
{
	static const size_t sizes[] = { 8192, 4096, 1024 };
	char name[32], *buf;
	uint64_t old, iov, floor8k = 0;
	int fd, i, path0 = get_sysctl("vm.uio_path");
	int min0 = get_sysctl("vm.uio_iovec_min");

	buf = malloc(IOFILE + 4096);
	buf = (char *)(((uintptr_t)buf + 4095) & ~(uintptr_t)4095);
	io_fill((unsigned char *)buf, 0, IOFILE, io_seed);
	fd = open("/tmp/bench_io", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, IOFILE) != IOFILE) {
		bench_error("cannot make /tmp/bench_io", fd, errno);
		return;
	}
	if (!wall) {
		/* What a program gets: the default settings. */
		for (i = 0; i < 3; i++) {
			snprintf(name, sizeof(name), "read%uk",
			    (unsigned)(sizes[i] / 1024));
			report(name, bench_rw(fd, buf, sizes[i], 0), 1);
		}
		report("write8k", bench_rw(fd, buf, 8192, 1), 1);
	}
	set_sysctl("vm.uio_iovec_min", 1);
	for (i = 0; i < 3; i++) {
		unsigned k = (unsigned)(sizes[i] / 1024);

		old = bench_path(fd, buf, sizes[i], 0, 0);
		iov = bench_path(fd, buf, sizes[i], 0, 1);
		snprintf(name, sizeof(name), "read%uk_old/iovec", k);
		report_ratio(name, old, iov);
		if (wall)
			continue;
		snprintf(name, sizeof(name), "read%uk_old", k);
		report(name, old, 1);
		snprintf(name, sizeof(name), "read%uk_iovec", k);
		report(name, iov, 1);
		if (i == 0) {
			set_sysctl("vm.copy_floor", 8192);
			floor8k = (uint64_t)get_sysctl("vm.copy_floor");
			report("copy8k_floor", floor8k, 1);
			report_ratio("read8k_iovec/floor", iov, floor8k);
		}
	}
	set_sysctl("vm.uio_iovec_min", min0);
	if (!wall)
		report("read1k_copyout", bench_rw(fd, buf, 1024, 0), 1);
	old = bench_path(fd, buf, 8192, 1, 0);
	iov = bench_path(fd, buf, 8192, 1, 1);
	report_ratio("write8k_old/iovec", old, iov);
	if (!wall) {
		report("write8k_old", old, 1);
		report("write8k_iovec", iov, 1);
		report_ratio("write8k_iovec/floor", iov, floor8k);
	}
	set_sysctl("vm.uio_path", path0);
	close(fd);
	unlink("/tmp/bench_io");
}

#define ABATCH_MAX	32
#define AROUNDS		200

static void
bench_async(void)
{
	static SYSMSG(noop) nm[ABATCH_MAX];
	static SYSMSG(pread) pm[ABATCH_MAX];
	static char buf[ABATCH_MAX][64];
	static const int batches[] = { 1, 8, 32 };
	static struct sysmsg_hdr *vec[ABATCH_MAX];
	static int st[ABATCH_MAX];	/* async_send: 1 in flight, 0 done */
	char name[48];
	uint64_t t0, t1;
	int b, i, r, n, fd, bad = 0;
	long inl = 0;		/* preads that completed inside the trap */

	for (b = 0; b < 3; b++) {
		n = batches[b];
		for (i = 0; i < n; i++)
			sysmsg_init(&nm[i], noop);
		t0 = rdtsc();
		for (r = 0; r < AROUNDS; r++) {
			for (i = 0; i < n; i++)
				bad += async_send(0, &nm[i].h, sizeof(nm[i]), 0);
			bad += async_wait(0, &nm[n - 1].h);
		}
		t1 = rdtsc();
		snprintf(name, sizeof(name), "async_noop_batch%d", n);
		report(name, t1 - t0, AROUNDS * n);
	}
	io_fill((unsigned char *)buf, 0, sizeof(buf), 0);
	fd = open("/tmp/bench_async", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
		bench_error("cannot make /tmp/bench_async", fd, errno);
		return;
	}
	io_seed = 0;
	t0 = rdtsc();
	for (r = 0; r < AROUNDS; r++)
		bad += pread(fd, buf[0], 64, 0) != 64;
	t1 = rdtsc();
	report("pread64_sync", t1 - t0, AROUNDS);
	io_check((unsigned char *)buf[0], 0, 64);
	for (b = 0; b < 3; b++) {
		n = batches[b];
		for (i = 0; i < n; i++) {
			sysmsg_init(&pm[i], pread);
			pm[i].a.fd = fd;
			pm[i].a.buf = buf[i];
			pm[i].a.nbyte = 64;
			pm[i].a.offset = 64 * i;
		}
		t0 = rdtsc();
		for (r = 0; r < AROUNDS; r++) {
			for (i = 0; i < n; i++) {
				st[i] = async_send(0, &pm[i].h, sizeof(pm[i]),
				    0);
				bad += st[i] < 0;
			}
			for (i = 0; i < n; i++) {
				if (st[i] == 1)
					bad += async_wait(0, &pm[i].h) != 0;
				else
					inl++;
				bad += pm[i].h.sm_error != 0 ||
				    pm[i].h.sm_result != 64;
			}
		}
		t1 = rdtsc();
		snprintf(name, sizeof(name), "async_pread_batch%d", n);
		report(name, t1 - t0, AROUNDS * n);
		for (i = 0; i < n; i++)
			if (!io_check((unsigned char *)buf[i], 64 * i, 64))
				break;
	}
	/* One trap per batch of 32. */
	n = ABATCH_MAX;
	for (i = 0; i < n; i++) {
		sysmsg_init(&nm[i], noop);
		nm[i].h.sm_flags = SMF_ASYNC;
		vec[i] = &nm[i].h;
	}
	t0 = rdtsc();
	for (r = 0; r < AROUNDS; r++) {
		bad += sendv(0, vec, n) != n;
		bad += async_wait(0, &nm[n - 1].h);
	}
	t1 = rdtsc();
	for (i = 0; i < n; i++)
		bad += nm[i].h.sm_error != 0;
	report("async_noop_vec32", t1 - t0, AROUNDS * n);
	for (i = 0; i < n; i++) {
		pm[i].h.sm_flags = SMF_ASYNC;
		vec[i] = &pm[i].h;
	}
	t0 = rdtsc();
	for (r = 0; r < AROUNDS; r++) {
		bad += sendv(0, vec, n) != n;
		for (i = 0; i < n; i++) {
			if (!async_done(&pm[i].h))
				bad += async_wait(0, &pm[i].h) != 0;
			else
				inl++;
			bad += pm[i].h.sm_error != 0 ||
			    pm[i].h.sm_result != 64;
		}
	}
	t1 = rdtsc();
	report("async_pread_vec32", t1 - t0, AROUNDS * n);
	for (i = 0; i < n; i++)
		if (!io_check((unsigned char *)buf[i], 64 * i, 64))
			break;
	if (bad)
		bench_error("asynchronous calls went wrong", bad, 0);
	printf("bench: %ld of %d cached async preads completed inside the "
	    "trap\n", inl, AROUNDS * (1 + 8 + 32 + 32));
	close(fd);
	unlink("/tmp/bench_async");
}

/* A store through the x87 and one through SSE: the process's FPU state
 * is live (this file is built without floating point, hence the asm;
 * the compiler never uses xmm0 here). */
static void
fpu_touch(void)
{
	static double v = 1.0;

	__asm__ __volatile__("fldl %0; fstpl %0; movsd %0, %%xmm0; "
	    "movsd %%xmm0, %0" : "+m"(v) : : "memory");
}

/* One byte to a child and back, through two pipes; with fpu, both sides
 * use the FPU every round. */
static void
bench_pipe(int fpu)
{
	int p1[2], p2[2], i, status, n = VITERS;
	uint64_t t0, t1;
	pid_t pid;
	char ch = 'x';

	if (pipe(p1) != 0 || pipe(p2) != 0) {
		bench_error("pipe failed", -1, errno);
		return;
	}
	pid = fork();
	if (pid == 0) {
		close(p1[1]);
		close(p2[0]);
		while (read(p1[0], &ch, 1) == 1) {
			if (fpu)
				fpu_touch();
			if (write(p2[1], &ch, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	close(p1[0]);
	close(p2[1]);
	/* One round first: the child is running and blocked in read. */
	if (write(p1[1], &ch, 1) != 1 || read(p2[0], &ch, 1) != 1)
		n = 0;
	t0 = rdtsc();
	for (i = 0; i < n; i++) {
		if (fpu)
			fpu_touch();
		if (write(p1[1], &ch, 1) != 1 || read(p2[0], &ch, 1) != 1)
			break;
	}
	t1 = rdtsc();
	close(p1[1]);
	waitpid(pid, &status, 0);
	close(p2[0]);
	if (i != VITERS || n == 0 || status != 0) {
		bench_error("pipe ping-pong failed at", i, status);
		return;
	}
	report(fpu ? "pipe_pingpong_fpu" : "pipe_pingpong_rt", t1 - t0, n);
}

/* A user driver for devmsg_*_user: uecho0 reads give 0 bytes, udisk0 is
 * a RAM disk of 64K repeated; it exits after the first close. */
static void
user_driver(void)
{
	static char disk[65536], buf[4096];
	struct devserve ds;
	struct udevmsg m;
	struct udevreply r;
	int svc, i;

	for (i = 0; i < (int)sizeof(disk); i++)
		disk[i] = (char)(i * 7 + 1);
	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "uecho0");
	svc = devserve(&ds);
	strcpy(ds.ds_name, "udisk0");
	ds.ds_flags = DSF_DISK;
	ds.ds_secsize = 512;
	ds.ds_mediasize = 1024 * 1024;
	ds.ds_svc = svc;
	if (svc <= 0 || devserve(&ds) != svc)
		_exit(1);
	for (;;) {
		m.ud_data = buf;
		m.ud_datamax = sizeof(buf);
		if (__recvsys(svc, &m) != 0)
			_exit(2);
		r.ur_id = m.ud_id;
		r.ur_error = 0;
		r.ur_count = 0;
		r.ur_data = NULL;
		if (m.ud_cmd == UDEV_STRATEGY) {
			r.ur_count = m.ud_len;
			r.ur_data = disk + (m.ud_offset % sizeof(disk));
		}
		if (__replysys(svc, &r) != 0)
			_exit(3);
		if (m.ud_cmd == UDEV_CLOSE)
			_exit(0);
	}
}

/* The same device messages to drivers in a user process. */
static void
bench_dev_user(void)
{
	static char dbuf[4096];
	uint64_t t0, t1;
	pid_t pid;
	int fd = -1, i, bad = 0, status;

	pid = fork();
	if (pid == 0)
		user_driver();
	for (i = 0; i < 1000 && fd < 0; i++) {
		fd = open("/dev/uecho0", O_RDONLY);
		if (fd < 0) {
			struct timespec ts = { 0, 10 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
	if (fd < 0) {
		bench_error("cannot open /dev/uecho0", fd, errno);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return;
	}
	read(fd, dbuf, 64);
	t0 = rdtsc();
	for (i = 0; i < VITERS; i++)
		bad += read(fd, dbuf, 64) != 0;
	t1 = rdtsc();
	report("devmsg_null_user", t1 - t0, VITERS);

	i = open("/dev/udisk0", O_RDONLY);
	if (i >= 0) {
		int dfd = i, j;

		pread(dfd, dbuf, 4096, 0);
		t0 = rdtsc();
		for (j = 0; j < VITERS; j++)
			bad += pread(dfd, dbuf, 4096, 4096 * (j % 16)) != 4096;
		t1 = rdtsc();
		report("devmsg_udisk4k", t1 - t0, VITERS);
		for (j = 0; j < 4096; j++)
			bad += dbuf[j] != (char)((15 * 4096 + j) * 7 + 1);
		close(dfd);			/* the driver exits */
	} else {
		bench_error("cannot open /dev/udisk0", i, errno);
		kill(pid, SIGKILL);
	}
	close(fd);
	waitpid(pid, &status, 0);
	if (bad != 0)
		bench_error("user-driver reads went wrong", bad, 0);
}

/* Device messages (see the list at the top). */
static void
bench_dev(void)
{
	static char dbuf[4096];
	uint64_t t0, t1;
	int fd, i, bad = 0;

	fd = open("/dev/null", O_RDONLY);
	if (fd < 0) {
		bench_error("cannot open /dev/null", fd, errno);
		return;
	}
	read(fd, dbuf, 64);
	t0 = rdtsc();
	for (i = 0; i < ITERS; i++)
		bad += read(fd, dbuf, 64) != 0;
	t1 = rdtsc();
	report("devmsg_null", t1 - t0, ITERS);
	close(fd);

	fd = open("/dev/zero", O_RDONLY);
	if (fd < 0) {
		bench_error("cannot open /dev/zero", fd, errno);
		return;
	}
	dbuf[0] = 1;
	t0 = rdtsc();
	for (i = 0; i < VITERS; i++)
		bad += read(fd, dbuf, 512) != 512;
	t1 = rdtsc();
	report("devmsg_zero512", t1 - t0, VITERS);
	bad += dbuf[0] != 0;
	dbuf[0] = 1;
	t0 = rdtsc();
	for (i = 0; i < VITERS; i++)
		bad += read(fd, dbuf, 1024) != 1024;
	t1 = rdtsc();
	report("devmsg_zero1k", t1 - t0, VITERS);
	bad += dbuf[0] != 0;
	close(fd);

	fd = open("/dev/md0", O_RDONLY);
	if (fd < 0) {
		bench_error("cannot open /dev/md0", fd, errno);
		return;
	}
	pread(fd, dbuf, 4096, 0);
	t0 = rdtsc();
	for (i = 0; i < VITERS; i++)
		bad += pread(fd, dbuf, 4096, 4096 * (i % 16)) != 4096;
	t1 = rdtsc();
	report("devmsg_md4k", t1 - t0, VITERS);
	close(fd);
	if (bad != 0)
		bench_error("device reads went wrong", bad, 0);
}

int
main(int argc, char **argv)
{
	struct sysmsg_hdr bad;	/* getpid's message is the header alone */
	uint64_t t0, t1;
	int i, r = 0, status;

	if (argc > 1 && strcmp(argv[1], "wall") == 0) {
		wall = 1;
		bench_io();
		return (errors != 0 ? 1 : 0);
	}
	if (argc > 1 && strcmp(argv[1], "async") == 0) {
		bench_async();
		return (errors != 0 ? 1 : 0);
	}
	__int80_getpid();
	t0 = rdtsc();
	for (i = 0; i < ITERS; i++)
		__int80_getpid();
	t1 = rdtsc();
	report("null_int80", t1 - t0, ITERS);

	/* libc's stubs through each of its two gates (lib/libc/sys/gate.c). */
	__sysmsg_gate = __sysmsg_int81;
	__msg_getpid();
	t0 = rdtsc();
	for (i = 0; i < ITERS; i++)
		__msg_getpid();
	t1 = rdtsc();
	report("null_sendsys", t1 - t0, ITERS);

	__sysmsg_gate = __sysmsg_sysenter;
	r = __msg_getpid();
	t0 = rdtsc();
	for (i = 0; i < ITERS; i++)
		__msg_getpid();
	t1 = rdtsc();
	if (r != getpid())
		bench_error("null_sysenter returned", r, getpid());
	report("null_sysenter", t1 - t0, ITERS);

	t0 = rdtsc();
	for (i = 0; i < ITERS; i++)
		raw81(-1, 0, sizeof(struct sysmsg_hdr));
	t1 = rdtsc();
	report("trap_floor", t1 - t0, ITERS);

	t0 = rdtsc();
	for (i = 0; i < ITERS; i++)
		rawenter(-1, 0, sizeof(struct sysmsg_hdr));
	t1 = rdtsc();
	r = rawenter(-1, 0, sizeof(struct sysmsg_hdr));
	if (r != EBADF)
		bench_error("trap_floor_sysenter returned", r, EBADF);
	report("trap_floor_sysenter", t1 - t0, ITERS);

	t0 = rdtsc();
	for (i = 0; i < ITERS; i++)
		__asm__ __volatile__("int $0x80" : "=a"(r) : "0"(9999)
		    : "edx", "cc", "memory");
	t1 = rdtsc();
	if (r != ENOSYS)
		bench_error("invalid_int80 returned", r, ENOSYS);
	report("invalid_int80", t1 - t0, ITERS);

	memset(&bad, 0, sizeof(bad));
	t0 = rdtsc();
	for (i = 0; i < ITERS; i++) {
		bad.sm_cmd = 9999;
		r = raw81(0, (int)&bad, sizeof(bad));
	}
	t1 = rdtsc();
	if (r != ENOSYS)
		bench_error("invalid_sendsys returned", r, ENOSYS);
	report("invalid_sendsys", t1 - t0, ITERS);

	bench_pipe(0);
	bench_pipe(1);

	t0 = rdtsc();
	for (i = 0; i < 50; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		wait4(pid, &status, 0, NULL);
	}
	t1 = rdtsc();
	report("fork_exit_wait", t1 - t0, 50);
	bench_async();
	bench_vfs();
	bench_io();
	bench_dev();
	bench_dev_user();
	return (errors != 0 ? 1 : 0);
}
