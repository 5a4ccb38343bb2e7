/*
 * blk_bench - the disks' figures for make bench, in guest instructions
 * per operation (QEMU -icount shift=0), measured as the Linux peer
 * measures them (../shared/peers/linux: README "Block devices",
 * bench.c's blk_bench):
 *
 *   blk_DISK_read4k       pread of 4 KiB at a random 4 KiB-aligned offset
 *   blk_DISK_read64k_seq  pread of 64 KiB at the next offset
 *   blk_DISK_write4k      pwrite of 4 KiB at a random aligned offset of
 *                         the last MiB (the only region written: the data
 *                         is what test/dev/disk.sh's check expects there,
 *                         every word its offset XOR 0xa5a5a5a5)
 *   blk_vd_async_read4k_qd32  32 asynchronous 4 KiB preads sent at once,
 *                         then collected; per read (io_uring's qd32)
 *
 * for DISK ide (/dev/ada0, the ATA driver) and vd (/dev/vtbd1,
 * virtio-blk).  The disk's offsets skip the first 64 KiB (sector 0 is
 * the partition table).
 *
 * `blk_bench user` (init's benchudrv: make bench's third boot, with
 * drivers=user) measures the same operations through the drivers in
 * processes (/bin/drvd behind the port agent), named blk_DISK_..._user:
 * only the disks whose driver hw.pci.user names (vtblk, atapci), the
 * others are skipped with a line saying so.  The reads are measured
 * twice: as the agent gives them to a DMA driver (the
 * sender's physical pieces: DSF_PHYSIO, sys/agent.h), then with
 * kern.agent_physio 0 (the data copied through the driver's buffer),
 * named ..._user_copy.  The asynchronous batch is
 * left out there: with more reads in flight than the driver process's
 * large records, the user driver fails some (README, Known limits).
 *
 * `blk_bench kernel:quick` and `blk_bench user:quick` (make bench-vd,
 * through init's benchblk=) measure only the virtio-blk reads, 4 KiB
 * random and 64 KiB sequential (`kernel:quick:ide`, `user:quick:ide`:
 * the IDE disk's instead), fewer of them, without the disks'
 * checks before and after: a minute's loop for work on the user
 * driver's path.  The figures are printed, not put in README.
 * `blk_bench MODE:p4k=N` and `MODE:p64k=N` (make profile) do only N
 * reads of one size after the warm-up: two boots that differ only in N
 * give, by difference, what N reads cost in every function
 * (sys/tools/insnprof).  They time nothing (no kern.idle_spins reads
 * around each call to blur the profile) and print no BENCH line.  With
 * `:ide` after N they read the IDE disk instead of the virtio-blk one.
 *
 * THE WAIT.  A read leaves the guest nothing to run, and a halted
 * guest's clock (the TSC) runs on in host time until the interrupt: the
 * emulated disk's latency would be counted and would change from run to
 * run.  So the kernel's idle loop is set to spin, counting its
 * iterations (kern.idle_spin, kern.idle_spins: sys/kern/lwkt_thread.c),
 * and the instructions of those iterations are taken out of each
 * operation's TSC delta.  The cost of an iteration is measured once
 * (a 20 ms sleep: TSC delta over iterations, in thousandths), as the
 * peer calibrates its SCHED_IDLE spinner.  Each operation is timed
 * alone, around its system call (around the sends and waits for the
 * asynchronous batch); making the write data and checking the read
 * data are outside.  The figure is the median over the operations in
 * which the idle loop spun (the caller slept until the interrupt: the
 * peer's "slept" basis); if fewer than 5 did, the median of all.  The
 * line's other fields: spun= and early= (operations that never waited),
 * all= (median of all), cpi= (TSC per iteration, thousandths).
 *
 * Every read is checked word by word, and both disks are read whole and
 * checked before and after (the last MiB is then written whole with its
 * pattern, so that make bench can run disk.sh's check on the images);
 * a wrong word or a failed call prints "bench: error:" and fails make
 * bench.  A disk that is not there is skipped with a line saying so.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <sysasync.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include "bench.h"

#define DISK_SIZE	(16 * 1024 * 1024)	/* test/dev/disk.sh */
#define WRITE_START	(15 * 1024 * 1024)	/* the last MiB */
#define WRITE_XOR	0xa5a5a5a5u
#define FIRST		(64 * 1024)		/* past the table */
#define QD		32
#define MAXOPS		2048
#define BUFSZ		(1024 * 1024)

static unsigned char *buf;		/* BUFSZ */
static uint32_t rec[MAXOPS];		/* instructions of each operation */
static int spun[MAXOPS];		/* the idle loop spun in it */
static uint32_t cpi_milli;		/* TSC per idle iteration, x1000 */
static int errors;
static const char *suffix = "";		/* "_user": drivers in processes */
static int quick;			/* the virtio-blk reads only */
static int quick4k = 200, quick64k = 100;	/* how many of each */
static int profiling;			/* p4k=, p64k=: nothing timed */
static int onlyide;			/* ...:ide: the IDE disk's reads */

static inline uint64_t
rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return (((uint64_t)hi << 32) | lo);
}

static uint32_t
idle_spins(void)
{
	int v = 0;
	size_t len = sizeof(v);

	if (sysctl("kern.idle_spins", &v, &len, NULL, 0) != 0)
		return (0);
	return ((uint32_t)v);
}

static int
idle_spin_set(int on)
{
	return (sysctl("kern.idle_spin", NULL, NULL, &on, sizeof(on)));
}

/* The port agent's DSF_PHYSIO on or off (kern.agent_physio). */
static int
physio_set(int on)
{
	return (sysctl("kern.agent_physio", NULL, NULL, &on, sizeof(on)));
}

/* Words of the disk at [off, off + len): off ^ x each. */
static int
check(const char *what, const unsigned char *p, off_t off, size_t len,
    uint32_t x)
{
	uint32_t w;
	size_t i;

	for (i = 0; i < len; i += 4) {
		memcpy(&w, p + i, 4);
		if (w != ((uint32_t)(off + i) ^ x)) {
			printf("bench: error: %s: offset %#llx holds %#x\n",
			    what, (long long)(off + i), w);
			errors++;
			return (-1);
		}
	}
	return (0);
}

static void
fill(unsigned char *p, off_t off, size_t len, uint32_t x)
{
	uint32_t w;
	size_t i;

	for (i = 0; i < len; i += 4) {
		w = (uint32_t)(off + i) ^ x;
		memcpy(p + i, &w, 4);
	}
}

/* The record of one timed operation: its TSC delta less the idle
 * loop's counted iterations. */
static void
record(int i, uint64_t dt, uint32_t spins)
{
	uint64_t idle = (uint64_t)spins * cpi_milli / 1000;

	rec[i] = dt > idle ? (uint32_t)(dt - idle) : 0;
	spun[i] = spins != 0;
}

static int
cmpu(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x < y ? -1 : x > y);
}

/* Median of rec[0, n) whose spun is want (or all when want < 0). */
static uint32_t
median(int n, int want, int *count)
{
	static uint32_t v[MAXOPS];
	int i, k = 0;

	for (i = 0; i < n; i++) {
		if (want < 0 || spun[i] == want)
			v[k++] = rec[i];
	}
	*count = k;
	if (k == 0)
		return (0);
	qsort(v, (size_t)k, sizeof(v[0]), cmpu);
	return ((k & 1) ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2);
}

static void
report(const char *name, int n, int per)
{
	uint32_t s, e, a;
	int ns, ne, na;

	s = median(n, 1, &ns);
	e = median(n, 0, &ne);
	a = median(n, -1, &na);
	printf("BENCH %s %u %s (basis %s, spun=%d early=%d "
	    "spun_med=%u early_med=%u all=%u cpi=%u.%03u)\n", name,
	    (ns >= 5 ? s : a) / per, bench_unit(), ns >= 5 ? "spun" : "all",
	    ns, ne,
	    s / per, e / per, a / per, cpi_milli / 1000, cpi_milli % 1000);
}

static uint32_t rng;

static off_t
next_random(off_t lo, off_t hi, size_t len)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return (lo + (off_t)(rng % (uint32_t)((hi - lo) / len)) * len);
}

/* n preads or pwrites of len bytes; random, or sequential from FIRST;
 * the figure printed unless warmup. */
static void
run_sync(const char *name, int fd, int write, size_t len, int seq, int n,
    int warmup)
{
	off_t off = FIRST, lo = write ? WRITE_START : FIRST;
	off_t hi = write ? DISK_SIZE : WRITE_START;
	uint32_t c0, c1;
	uint64_t t0, t1;
	ssize_t r;
	int i;

	rng = 0x9e3779b9u ^ (uint32_t)(len * 7919 + write * 104729 + fd);
	for (i = 0; i < n; i++) {
		if (seq) {
			if (off + (off_t)len > hi)
				off = FIRST;
		} else {
			off = next_random(lo, hi, len);
		}
		if (write)
			fill(buf, off, len, WRITE_XOR);
		c0 = profiling ? 0 : idle_spins();
		t0 = rdtsc();
		r = write ? pwrite(fd, buf, len, off) : pread(fd, buf, len, off);
		t1 = rdtsc();
		c1 = profiling ? 0 : idle_spins();
		record(i, t1 - t0, c1 - c0);
		if (r != (ssize_t)len) {
			printf("bench: error: %s: %s at %lld: %d (errno %d)\n",
			    name, write ? "pwrite" : "pread", (long long)off,
			    (int)r, errno);
			errors++;
			return;
		}
		if (!write && check(name, buf, off, len, 0) != 0)
			return;
		off += (off_t)len;
	}
	if (profiling && !warmup)
		printf("bench: %s: %d reads profiled\n", name, n);
	else if (!warmup)
		report(name, n, 1);
}

/* n / QD batches of QD asynchronous 4K preads; per read. */
static void
run_async(const char *name, int fd, int n)
{
	static SYSMSG(pread) m[QD];
	off_t offs[QD];
	uint32_t c0, c1;
	uint64_t t0, t1;
	int b, k;

	rng = 0x85ebca6bu ^ (uint32_t)fd;
	for (b = 0; b < n / QD; b++) {
		for (k = 0; k < QD; k++) {
			offs[k] = next_random(FIRST, WRITE_START, 4096);
			sysmsg_init(&m[k], pread);
			m[k].a.fd = fd;
			m[k].a.buf = buf + k * 4096;
			m[k].a.nbyte = 4096;
			m[k].a.offset = offs[k];
		}
		c0 = idle_spins();
		t0 = rdtsc();
		for (k = 0; k < QD; k++) {
			if (async_send(0, &m[k].h, sizeof(m[k]), 0) < 0)
				break;
		}
		for (k = 0; k < QD; k++)
			async_wait(0, &m[k].h);
		t1 = rdtsc();
		c1 = idle_spins();
		record(b, t1 - t0, c1 - c0);
		for (k = 0; k < QD; k++) {
			if (async_result(&m[k].h) != 4096) {
				printf("bench: error: %s: read %d: %lld "
				    "(errno %d)\n", name, k,
				    async_result(&m[k].h), errno);
				errors++;
				return;
			}
			if (check(name, buf + k * 4096, offs[k], 4096, 0) != 0)
				return;
		}
	}
	report(name, n / QD, QD);
}

/* The whole disk, 1 MiB at a time: the table, the pattern, and the
 * last MiB as made (before) or written whole with the XOR pattern
 * (after), as test/dev/disk.sh's check wants it. */
static void
verify(const char *dev, int fd, int after)
{
	off_t off;
	char what[64];

	snprintf(what, sizeof(what), "%s %s", dev, after ? "after" : "before");
	for (off = 0; off < DISK_SIZE; off += BUFSZ) {
		if (pread(fd, buf, BUFSZ, off) != BUFSZ) {
			printf("bench: error: %s: pread at %lld: errno %d\n",
			    what, (long long)off, errno);
			errors++;
			return;
		}
		if (off == 0 && (buf[510] != 0x55 || buf[511] != 0xaa)) {
			printf("bench: error: %s: no partition table\n", what);
			errors++;
			return;
		}
		if (off == 0 ? check(what, buf + 512, 512, BUFSZ - 512, 0) :
		    check(what, buf, off, BUFSZ, off == WRITE_START && after ?
		    WRITE_XOR : 0))
			return;
	}
	printf("bench: %s: %d MiB checked\n", what, DISK_SIZE >> 20);
}

static void
bench_disk(const char *tag, const char *dev, int async)
{
	char name[64];
	int fd;

	if (*suffix != '\0')
		async = 0;
	fd = open(dev, O_RDWR);
	if (fd < 0) {
		printf("bench: %s: not there (errno %d): blk_%s skipped\n", dev,
		    errno, tag);
		return;
	}
	if (quick) {
		snprintf(name, sizeof(name), "blk_%s_read4k%s", tag, suffix);
		run_sync(name, fd, 0, 4096, 0, 50, 1);	/* warm-up */
		if (quick4k > 0)
			run_sync(name, fd, 0, 4096, 0, quick4k, 0);
		snprintf(name, sizeof(name), "blk_%s_read64k_seq%s", tag, suffix);
		if (quick64k > 0)
			run_sync(name, fd, 0, 65536, 1, quick64k, 0);
		close(fd);
		return;
	}
	verify(dev, fd, 0);
	snprintf(name, sizeof(name), "blk_%s_read4k%s", tag, suffix);
	run_sync(name, fd, 0, 4096, 0, 50, 1);	/* warm-up */
	run_sync(name, fd, 0, 4096, 0, 500, 0);
	snprintf(name, sizeof(name), "blk_%s_read64k_seq%s", tag, suffix);
	run_sync(name, fd, 0, 65536, 1, 256, 0);
	snprintf(name, sizeof(name), "blk_%s_write4k%s", tag, suffix);
	run_sync(name, fd, 1, 4096, 0, 500, 0);
	if (*suffix != '\0' && physio_set(0) == 0) {
		/* The same reads with the data copied through the driver's
		 * buffer, as before DSF_PHYSIO (sys/agent.h). */
		snprintf(name, sizeof(name), "blk_%s_read4k%s_copy", tag,
		    suffix);
		run_sync(name, fd, 0, 4096, 0, 500, 0);
		snprintf(name, sizeof(name), "blk_%s_read64k_seq%s_copy", tag,
		    suffix);
		run_sync(name, fd, 0, 65536, 1, 256, 0);
		physio_set(1);
	}
	if (async) {
		snprintf(name, sizeof(name), "blk_%s_async_read4k_qd%d", tag,
		    QD);
		run_async(name, fd, 512);
	}
	/* The write region whole, as the host's check wants it. */
	fill(buf, WRITE_START, BUFSZ, WRITE_XOR);
	if (pwrite(fd, buf, BUFSZ, WRITE_START) != BUFSZ) {
		printf("bench: error: %s: pwrite of the last MiB: errno %d\n",
		    dev, errno);
		errors++;
	}
	verify(dev, fd, 1);
	close(fd);
}

/* The cost of an idle iteration: a sleep spent spinning. */
static void
calibrate(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	uint32_t c0, c1;
	uint64_t t0, t1;

	c0 = idle_spins();
	t0 = rdtsc();
	nanosleep(&ts, NULL);
	t1 = rdtsc();
	c1 = idle_spins();
	if (c1 == c0) {
		printf("bench: error: the idle loop did not spin\n");
		errors++;
		cpi_milli = 5000;
		return;
	}
	cpi_milli = (uint32_t)((t1 - t0) * 1000 / (c1 - c0));
	printf("bench: idle spin: %u iterations in %llu, %u.%03u a "
	    "iteration\n", c1 - c0, (unsigned long long)(t1 - t0),
	    cpi_milli / 1000, cpi_milli % 1000);
}

/* Whether driver (a PCI driver's name) runs in a process: hw.pci.user
 * names it. */
static int
in_process(const char *driver)
{
	char names[128], *w, *save;
	size_t len = sizeof(names) - 1;

	memset(names, 0, sizeof(names));
	if (sysctl("hw.pci.user", names, &len, NULL, 0) != 0)
		return (0);
	for (w = strtok_r(names, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save))
		if (strcmp(w, driver) == 0)
			return (1);
	return (0);
}

int
main(int argc, char **argv)
{
	const char *opt = argc > 1 ? strchr(argv[1], ':') : NULL;
	int ide = 1, vd = 1;

	if (opt != NULL) {
		quick = 1;		/* "kernel:quick", "user:quick" */
		if (strncmp(opt, ":p4k=", 5) == 0) {	/* make profile */
			quick4k = atoi(opt + 5);
			quick64k = 0;
			profiling = 1;
		} else if (strncmp(opt, ":p64k=", 6) == 0) {
			quick4k = 0;
			quick64k = atoi(opt + 6);
			profiling = 1;
		}
		onlyide = strstr(opt, ":ide") != NULL;
		if (quick4k > MAXOPS || quick64k > MAXOPS) {
			printf("bench: error: at most %d reads\n", MAXOPS);
			return (1);
		}
	}
	if (argc > 1 && strncmp(argv[1], "user", 4) == 0) {
		suffix = "_user";
		ide = in_process("atapci");
		vd = in_process("vtblk");
		if (!ide)
			printf("bench: the ATA driver runs in the kernel: "
			    "blk_ide_*_user skipped\n");
		if (!vd)
			printf("bench: the virtio-blk driver runs in the "
			    "kernel: blk_vd_*_user skipped\n");
	}
	buf = malloc(BUFSZ);
	if (buf == NULL) {
		printf("bench: error: no memory\n");
		return (1);
	}
	if (idle_spin_set(1) != 0) {
		printf("bench: error: kern.idle_spin: errno %d\n", errno);
		return (1);
	}
	calibrate();
	if (ide && (!quick || onlyide))
		bench_disk("ide", "/dev/ada0", 0);
	if (vd && !onlyide)
		bench_disk("vd", "/dev/vtbd1", 1);
	idle_spin_set(0);
	free(buf);
	return (errors != 0 ? 1 : 0);
}
