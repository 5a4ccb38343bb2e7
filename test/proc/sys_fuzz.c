/*
 * sys_fuzz - random bad input for every system call number, through
 * both gates: whatever a program passes, the kernel must not crash,
 * hang or leak (init checks kernel memory, pages, vnodes... after this
 * program).
 *
 * THE SWEEP.  Every number from 0 to NEXTRA past the table, holes
 * included, and a few absurd ones, gets NCALLS calls through int 0x80
 * (eight argument words on the user stack; now and then none that can
 * be read) and as many int 0x81 messages (NCALLS_HOLE each for a number
 * with no call).  The argument words come from a pool of nasty values:
 * 0, -1, the signed extremes, small numbers (the child's descriptors,
 * ports, signals), flag words, kernel addresses, unmapped addresses,
 * and pointers into an arena of our own (below).  A message is mostly
 * well formed (the size of its call's arguments, from the generated
 * SYSCALL_INFO_INIT table in sys/sysproto.h, port 0), but now and then
 * has a wrong size (0 is waitsys), random flags (SMF_ASYNC: it may stay
 * in flight), another port, or an address that is unmapped, unaligned,
 * read-only or cut by the end of a page.
 *
 * THE MIXED RUNS.  Then NMIX runs of MIXLEN calls to numbers drawn from
 * the table, so that calls meet the state earlier ones left: open
 * descriptors, ports, handlers, messages in flight, mappings, jobs,
 * which a sweep in number order mostly cannot.
 *
 * THE ARENA.  The calls get pointers into pages at a fixed address,
 * each part followed by an unmapped page:
 *
 *   ARENA_MSG   read-write: the messages are built here, in NSLOTS places
 *   ARENA_FF    two read-only pages of 0xff bytes
 *   ARENA_RND   a read-only page of random bytes, none of them 0
 *   ARENA_OUT   a read-write page, for the calls to write into
 *
 * A string argument (the table says which words are one) only ever
 * points into ARENA_FF or ARENA_RND, or nowhere: no NUL comes before
 * the unmapped page, so every path or name is too long or faults, and
 * no call can create, remove or rename a file.  That holds only while
 * those pages are what we made them, and the calls munmap, mmap and
 * mprotect at random: so the arena is made again before every call.
 * The child's descriptors (child_fds) are opened by the test itself,
 * by name, before any fuzzed call.
 *
 * CHILDREN.  The calls run in forked children: CHUNK numbers of the
 * sweep, or one mixed run, each.  A child reports its place in a shared
 * page before every call; the parent polls it, and kills a child that
 * made no progress for STALL_MS (a call that blocks for good: nanosleep
 * with a huge time, a read of the empty pipe, waitsys on a message that
 * never comes back).  A child killed by its own calls (a signal handler
 * at a garbage address, its text unmapped, SIGKILL sent to itself) is
 * fine too.  Either way the next child starts at the call after the one
 * it died in.  Each call's arguments come from a generator seeded by
 * the seed and the call's place alone, so a run is the same every time
 * and one child's calls can be replayed and watched (-t).
 *
 * WHAT IS HELD BACK, because it would harm the test rather than the
 * kernel:
 *   exit   is never called: it ends the child at once, nothing to learn
 *          that the children's deaths do not show already.
 *   fork   is called, but the new process leaves at once and the child
 *          reaps it (fuzz_forked): no process outlives the child.
 *   kill   gets the child's own pid, or 0 (the child leads its own
 *          session and process group), never -1 or another process's (the
 *          parent's, init's, another test's); and never a stop signal
 *          (a stopped child would only stall until the watchdog).
 *   sysctl gets newp NULL: no write to a kernel variable (kern.async_max,
 *          debug.value...) may outlive the child.  (Its name is a string,
 *          which could not match anyway.)
 * Nothing else needs it: the calls that exist only as messages, the
 * port and signal calls, execve (its path is a bad string, so it fails
 * before the old image goes) and sigreturn act on the child alone.
 */
#include <sys/types.h>
#include <sys/sysmsg.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <stdarg.h>
#include <sys/devgrant.h>
#include "utest.h"

int	raw81(int eax, int ecx, int edx);
int	raw80v(int num, int *carry, const int *args);
int	raw80_badstack(int num);

#define FUZZ_SEED	0x5eedf00du
#define NCALLS		32	/* sweep: per gate, a number with a call */
#define NCALLS_HOLE	2	/* sweep: per gate, a number without */
#define NEXTRA		8	/* sweep: numbers past the table */
#define CHUNK		32	/* sweep: numbers per child */
#define NMIX		64	/* mixed runs, a child each */
#define MIXLEN		256	/* calls in a mixed run */
#define STALL_MS	200	/* the watchdog: no progress for this long */
#define KILL_MS		5000	/* a killed child must be gone by then */
#define NWORDS		8	/* argument words built for every call */
#define NSLOTS		4	/* message places, 64 bytes apart: few, so
				 * that a message meets the ones in flight */

#define SCRATCH		"/tmp/sys_fuzz.tmp"	/* the calls' file */
#define PG		4096
#define ARENA		0x60000000u
#define ARENA_MSG	(ARENA)			/* 1 page, then a hole */
#define ARENA_FF	(ARENA + 2 * PG)	/* 2 pages, then a hole */
#define ARENA_RND	(ARENA + 5 * PG)	/* 1 page, then a hole */
#define ARENA_OUT	(ARENA + 7 * PG)	/* 1 page, then a hole */
#define ARENA_SIZE	(9 * PG)
/* The shared page, at an address no argument is ever made of (mmap's
 * first choice, 0x40000000, is one of the powers of two). */
#define SHARE_ADDR	0x5f000000u

/*
 * The run is a list of steps, each a list of calls.  The sweep's steps
 * are numbers: every number from 0 to NEXTRA past the table, then the
 * absurd ones (the largest a 16-bit sm_cmd holds, and more than it
 * holds: int 0x80 takes any eax).  Then NMIX mixed steps, each a run
 * of calls to numbers drawn from the table, so that calls meet the
 * state earlier ones left (descriptors, ports, handlers, messages in
 * flight), which a sweep in number order mostly cannot.  Even calls
 * go through int 0x80, odd ones through int 0x81.
 */
static const uint32_t absurd[] = { 0xffff, 0x10000, 0x7fffffff, 0xffffffff };
#define NSWEEP		(SYS_MAXSYSCALL + NEXTRA + (int)nitems(absurd))
#define NSTEPS		(NSWEEP + NMIX)

struct callinfo {
	uint8_t	ci_exists;
	uint8_t	ci_argsize;	/* bytes of arguments */
	uint8_t	ci_strings;	/* bit w: argument word w is a string */
};

static const struct callinfo callinfo[SYS_MAXSYSCALL] = { SYSCALL_INFO_INIT };

/*
 * What a child tells the parent, in a page they share.  fs_seq moves
 * before every call; fs_step and fs_idx say which call that is.
 */
struct fuzzshare {
	volatile uint32_t fs_seq;
	volatile int	fs_step;
	volatile int	fs_idx;		/* the call's index in its step */
	volatile uint32_t fs_calls[2];	/* made through int 0x80, 0x81 */
	/* What came back, per number (a sweep step) and gate, for -v:
	 * bit 0 success, bit e errno e, the last bit anything else. */
	volatile uint32_t fs_seen[NSWEEP][2][3];
};
#define SHARE_SIZE	((sizeof(struct fuzzshare) + PG - 1) & ~(PG - 1))

static struct fuzzshare *share;
static pid_t mypid;
static uint32_t seed = FUZZ_SEED;
static uint32_t rng;
static uint8_t rndpage[PG];		/* ARENA_RND's contents */
static uint16_t mixable[SYS_MAXSYSCALL]; /* what mixed steps call */
static int nmixable;
static int tracefd = -1;		/* -t: the console, in the child */
static bool verbose;			/* -v */

/* -t: one line about the call being made, before it is made. */
static void __attribute__((__format__(__printf__, 1, 2)))
trace(const char *fmt, ...)
{
	char line[160];
	va_list ap;
	int len;

	if (tracefd < 0)
		return;
	va_start(ap, fmt);
	len = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	(void)write(tracefd, line, MIN(len, (int)sizeof(line) - 1));
}

static uint32_t
rnd(void)
{
	return (ut_xorshift(&rng));
}

/* The generator for call idx of step n: the same every run. */
static void
rnd_seed(int n, int idx)
{
	int i;

	rng = seed ^ ((uint32_t)n * 0x9e3779b9u) ^
	    ((uint32_t)idx * 0x85ebca6bu);
	if (rng == 0)
		rng = 1;
	for (i = 0; i < 4; i++)
		rnd();
}

static bool
fuzz_exists(uint32_t num)
{
	return (num < SYS_MAXSYSCALL && callinfo[num].ci_exists);
}

static bool
fuzz_skipped(uint32_t num)
{
	return (num == SYS_exit);
}

/*
 * After a fork call: the new process (whichever call made it) leaves at
 * once, and the child reaps it before anything else, so that no process
 * outlives the child to run calls of its own or to be left to init.
 */
static void
fuzz_forked(void)
{
	if (getpid() != mypid)
		_exit(0);
	while (wait4(-1, NULL, 0, NULL) > 0)
		;
}

/* The calls mixed steps draw from: every call but the skipped ones. */
static void
fuzz_init_mixable(void)
{
	uint32_t num;

	for (num = 0; num < SYS_MAXSYSCALL; num++) {
		if (fuzz_exists(num) && !fuzz_skipped(num))
			mixable[nmixable++] = (uint16_t)num;
	}
}

/*
 * The number call idx of step n makes (the generator seeded for it);
 * for a sweep step, the step's number.
 */
static uint32_t
fuzz_number(int n)
{
	if (n < SYS_MAXSYSCALL + NEXTRA)
		return ((uint32_t)n);
	if (n < NSWEEP)
		return (absurd[n - SYS_MAXSYSCALL - NEXTRA]);
	return (mixable[rnd() % nmixable]);
}

/* Calls in step n, both gates together. */
static int
fuzz_ncalls(int n)
{
	uint32_t num;

	if (n >= NSWEEP)
		return (MIXLEN);
	num = fuzz_number(n);
	if (fuzz_skipped(num))
		return (0);
	return (2 * (fuzz_exists(num) ? NCALLS : NCALLS_HOLE));
}

/* The first step after step n's child. */
static int
fuzz_chunk_end(int n)
{
	if (n >= NSWEEP)
		return (n + 1);
	return (MIN((n / CHUNK + 1) * CHUNK, NSWEEP));
}

/*
 * Make the arena again, whatever the last call did to it: unmap it all
 * (the holes too: a call may have mapped one, which would end a string),
 * map each part afresh, fill the string pages and make them read-only.
 * ARENA_OUT gets words a structure in memory might hold (mostly 0, some
 * small numbers, the two sigcontext kinds among them, and noise), so
 * that a call reading it as input (sigreturn's context, a timespec, a
 * struct sigaction) sees more than zeros.  On failure the child cannot
 * go on: it dies, and the parent starts the next child at the next
 * call.
 */
static void
arena_reset(void)
{
	static const struct {
		uint32_t	addr;
		size_t		len;
	} part[] = {
		{ ARENA_MSG, PG }, { ARENA_FF, 2 * PG }, { ARENA_RND, PG },
		{ ARENA_OUT, PG },
	};
	size_t i;

	munmap((void *)ARENA, ARENA_SIZE);
	for (i = 0; i < nitems(part); i++) {
		if (mmap((void *)part[i].addr, part[i].len,
		    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON | MAP_FIXED,
		    -1, 0) != (void *)part[i].addr)
			_exit(98);
	}
	memset((void *)ARENA_FF, 0xff, 2 * PG);
	memcpy((void *)ARENA_RND, rndpage, PG);
	for (i = 0; i < PG / 4; i++) {
		uint32_t r = rnd() % 8, *wp = (uint32_t *)ARENA_OUT + i;

		*wp = r < 4 ? 0 : r < 6 ? rnd() % 4 : r == 6 ? rnd() : ~0u;
	}
	if (mprotect((void *)ARENA_FF, 2 * PG, PROT_READ) != 0 ||
	    mprotect((void *)ARENA_RND, PG, PROT_READ) != 0)
		_exit(98);
}

/* Addresses no call may use: the kernel's, and user pages never mapped. */
static const uint32_t kaddr[] = {
	0xc0000000, 0xc0100000, 0xe0000000, 0xfffffff0, 0xfffffffc
};
static const uint32_t uaddr[] = {
	0x1000, 0x3ff000, 0xbffff000, 0xbffffffc, ARENA_FF + 2 * PG,
	ARENA_OUT + PG
};
/* Flag words small numbers do not make: mmap's, open's. */
static const uint32_t flagvals[] = {
	MAP_PRIVATE | MAP_ANON, MAP_SHARED | MAP_ANON,
	MAP_PRIVATE | MAP_ANON | MAP_FIXED, MAP_SHARED | MAP_FIXED,
	MAP_PRIVATE | MAP_FIXED, O_CREAT | O_RDWR, O_CREAT | O_EXCL,
	O_DIRECTORY, O_APPEND | O_WRONLY, O_TRUNC | O_RDWR, O_CLOEXEC
};

/*
 * A string argument (a path, a name): a pointer at the read-only pages
 * with no NUL, or nowhere (never writable memory, never our own).
 */
static uint32_t
fuzz_string(void)
{
	switch (rnd() % 8) {
	case 0:
		return (0);
	case 1:
		return (kaddr[rnd() % nitems(kaddr)]);
	case 2:
		return (uaddr[rnd() % nitems(uaddr)]);
	case 3:
	case 4:
		return (ARENA_FF + rnd() % (2 * PG));
	case 5:
		return (ARENA_FF + 2 * PG - 1 - rnd() % 32);	/* near the end */
	case 6:
		return (ARENA_RND + rnd() % PG);
	default:
		return (rnd() | 0xc0000000);
	}
}

/* One nasty argument word of any other kind. */
static uint32_t
fuzz_word(void)
{
	switch (rnd() % 32) {
	case 0: case 1: case 2: case 3: case 4: case 5:
		return (rnd() % 8);	/* descriptors, ports, modes */
	case 6:
		return (0);
	case 7:
		return (0xffffffff);
	case 8:
		return (0x7fffffff);
	case 9:
		return (0x80000000);
	case 10:
		return (rnd() % 64);	/* signals, flags */
	case 11:
		return (-(rnd() % 64));
	case 12:
		return (kaddr[rnd() % nitems(kaddr)]);
	case 13:
		return (uaddr[rnd() % nitems(uaddr)]);
	case 14: case 15: case 16:
		return (ARENA_FF + rnd() % (2 * PG));
	case 17:
		return (ARENA_FF + 2 * PG - 1 - rnd() % 32);	/* near the end */
	case 18: case 19:
		return (ARENA_RND + (rnd() % PG & ~3u));
	case 20: case 21: case 22: case 23:
		return (ARENA_OUT + (rnd() % PG & ~3u));
	case 24:
		return (ARENA_OUT + PG - 1 - rnd() % 32);
	case 25:
		return (ARENA_MSG + PG - 4 * (rnd() % 4));
	case 26:
		return (PG * (rnd() % 64));	/* a length, or a low page */
	case 27:
		return (1u << (rnd() % 32));
	case 28:
		return (rnd() % 256);		/* a short length */
	case 29:
		return (flagvals[rnd() % nitems(flagvals)]);
	case 30:
		return (ARENA_MSG + 64 * (rnd() % NSLOTS));	/* a message */
	default:
		return (rnd());
	}
}

/*
 * The argument words of a call, with the pins the opening comment
 * lists.
 */
static void
fuzz_args(uint32_t num, int *w)
{
	uint8_t strings = fuzz_exists(num) ? callinfo[num].ci_strings : 0;
	int i;

	for (i = 0; i < NWORDS; i++)
		w[i] = (int)((strings >> i) & 1 ? fuzz_string() : fuzz_word());
	if (num == SYS_kill) {
		uint32_t r = rnd() % 8;

		w[0] = r == 0 ? 0 : mypid;
		if (w[1] == SIGSTOP || w[1] == SIGTSTP || w[1] == SIGTTIN ||
		    w[1] == SIGTTOU)
			w[1] = 0;
	}
	if (num == SYS_sysctl)
		w[3] = 0;		/* newp */
}

/* Note what number n returned through gate g (-1: unknown). */
static void
fuzz_seen(int n, int g, int error)
{
	if (error == -1)
		return;
	if (error < 0 || error >= 95)
		error = 95;
	share->fs_seen[n][g][error / 32] |= 1u << (error % 32);
}

static int
call80(uint32_t num, const int *w)
{
	int carry = 1, r;

	if (rnd() % 16 == 0) {
		/* No carry flag comes back: only EFAULT is sure to be one. */
		trace("int 0x80 %u, arguments in the kernel\n", num);
		r = raw80_badstack((int)num);
		return (r == EFAULT ? r : -1);
	} else {
		trace("int 0x80 %u (%x %x %x %x %x %x %x)\n", num, w[0],
		    w[1], w[2], w[3], w[4], w[5], w[6]);
		r = raw80v((int)num, &carry, w);
	}
	return (carry ? r : 0);
}

/*
 * A message for num with the words w: usually well formed, sometimes
 * not, in any of the ways the opening comment lists.
 */
static unsigned nsent;		/* messages sent: the entry alternates */

static int
call81(uint32_t num, const int *w)
{
	uint32_t buf[(sizeof(struct sysmsg_hdr) + 4 * NWORDS) / 4];
	struct sysmsg_hdr *h = (struct sysmsg_hdr *)buf;
	size_t right, size, n;
	uint32_t msg, flags, r;
	int port;

	right = sizeof(*h) + (fuzz_exists(num) ? callinfo[num].ci_argsize : 0);
	r = rnd() % 64;
	if (r < 54)
		size = right;
	else if (r == 54)
		size = 0;			/* waitsys */
	else if (r == 55)
		size = sizeof(*h) - 4;
	else if (r == 56)
		size = right + 4;
	else if (r == 57)
		size = right - 4;
	else if (r == 58)
		size = right + 1;
	else if (r == 59)
		size = SYSMSG_MAXSIZE + 4;
	else if (r == 60)
		size = 0x7fffffff;
	else if (r == 61)
		size = 0xffffffff;
	else
		size = rnd() % 96;

	r = rnd() % 16;
	flags = r < 11 ? 0 : r < 13 ? SMF_ASYNC : r == 13 ?
	    SMF_ASYNC | SMF_NOBLOCK : r == 14 ? SMF_DONE : rnd() & 0xffff;
	r = rnd() % 32;
	port = r < 28 ? 0 : r < 30 ? 1 + rnd() % 3 : r == 30 ?
	    SYSPORT_MAX + 1 : (int)rnd();

	r = rnd() % 32;
	if (r < 28)
		msg = ARENA_MSG + 64 * (rnd() % NSLOTS);
	else if (r == 28)
		msg = ARENA_MSG + PG - sizeof(*h) - 4 * (rnd() % 4);
	else if (r == 29)
		msg = ARENA_MSG + 1 + 64 * (rnd() % NSLOTS);	/* unaligned */
	else if (r == 30)
		msg = fuzz_string();	/* bad, or read-only and no command */
	else
		msg = ARENA_MSG + PG - 4 * (rnd() % 8);	/* cut by the hole */

	memset(buf, 0, sizeof(buf));
	buf[0] = num + (flags << 16);	/* sm_cmd, sm_flags */
	h->sm_cookie = ((uint64_t)rnd() << 32) | rnd();
	memcpy(h + 1, w, 4 * NWORDS);
	if (msg >= ARENA_MSG && msg < ARENA_MSG + PG) {
		n = MIN(sizeof(buf), ARENA_MSG + PG - msg);
		memcpy((void *)msg, buf, n);
	}
	/* Every other message through sysenter: the same kernel path past
	 * the entries' first instructions, fuzzed from both. */
	nsent++;
	trace("%s %u, flags %x, port %d, msg %x, size %u (%x %x %x "
	    "%x %x %x %x)\n", nsent & 1 ? "sysenter" : "int 0x81", num, flags,
	    port, msg, size, w[0], w[1], w[2], w[3], w[4], w[5], w[6]);
	return ((nsent & 1 ? rawenter : raw81)(port, (int)msg, (int)size));
}

/*
 * The child's descriptors, one of each kind for the small numbers the
 * calls pass to find: 0 /dev/null, 1 /dev/zero, 2 the devfs directory,
 * 3 the scratch file (read-write), 4 a file read-only, 5 the root
 * directory, 6 and 7 the ends of a pipe.  Opened here, not by a call
 * the fuzz makes: no fuzzed string is ever a name.  Nothing is on the
 * console: the calls write nothing there and never wait for its input.
 */
static void
child_fds(void)
{
	int fd, p[2];

	for (fd = 0; fd < 8; fd++)
		close(fd);
	if (open("/dev/null", O_RDWR) != 0 || open("/dev/zero", O_RDWR) != 1 ||
	    open("/dev", O_RDONLY) != 2 || open(SCRATCH, O_RDWR) != 3 ||
	    open("/etc/motd", O_RDONLY) != 4 || open("/", O_RDONLY) != 5 ||
	    pipe(p) != 0 || p[0] != 6 || p[1] != 7)
		_exit(99);
}

/* A child: the calls from (n, idx) to the end of n's chunk. */
static void __attribute__((__noreturn__))
fuzz_child(int n, int idx)
{
	int end = fuzz_chunk_end(n);
	int i, w[NWORDS];

	mypid = getpid();
	setsid();	/* its own session: kill(0, ...) and setpgid reach
			 * no other process's group */
	if (tracefd >= 0)
		tracefd = dup2(1, 60);
	child_fds();
	rnd_seed(-1, -1);
	for (i = 0; i < PG; i++)
		rndpage[i] = (uint8_t)(1 + rnd() % 255);

	for (; n < end; n++, idx = 0) {
		for (; idx < fuzz_ncalls(n); idx++) {
			uint32_t num;
			int error;

			share->fs_step = n;
			share->fs_idx = idx;
			share->fs_seq++;
			share->fs_calls[idx & 1]++;
			rnd_seed(n, idx);
			num = fuzz_number(n);
			arena_reset();
			fuzz_args(num, w);
			trace("step %d #%d: ", n, idx);
			if ((idx & 1) == 0)
				error = call80(num, w);
			else
				error = call81(num, w);
			if (num == SYS_fork)
				fuzz_forked();
			trace("  -> %d\n", error);
			fuzz_seen(n < NSWEEP ? n : (int)num, idx & 1, error);
		}
	}
	_exit(0);
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static int nchildren, nwatchdog, nsignal;

/*
 * Run one child from call idx of step n and watch it.  Returns its
 * wait status, with *killed set if the watchdog killed it, or -1 if it
 * could not be started or would not die.
 */
static int
fuzz_watch(int n, int idx, bool *killed)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	uint64_t last, killt = 0;
	uint32_t seq;
	int status;
	pid_t pid, r;

	*killed = false;
	share->fs_step = n;
	share->fs_idx = idx;
	seq = share->fs_seq;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("sys_fuzz: fork: error %d\n", errno);
		return (-1);
	}
	if (pid == 0)
		fuzz_child(n, idx);
	nchildren++;
	last = now_ms();
	for (;;) {
		r = wait4(pid, &status, WNOHANG, NULL);
		if (r == pid)
			return (status);
		if (r != 0) {
			printf("sys_fuzz: wait4: %d, error %d\n", r, errno);
			return (-1);
		}
		nanosleep(&tick, NULL);
		if (*killed) {
			if (now_ms() - killt > KILL_MS) {
				printf("sys_fuzz: pid %d survives SIGKILL\n",
				    pid);
				return (-1);
			}
		} else if (share->fs_seq != seq) {
			seq = share->fs_seq;
			last = now_ms();
		} else if (now_ms() - last > STALL_MS) {
			kill(pid, SIGKILL);
			*killed = true;
			killt = now_ms();
		}
	}
}

/*
 * Steps first to last - 1, child after child; returns false if a child
 * could not be started, would not die, or failed to set itself up.
 */
static bool
fuzz_steps(int first, int last)
{
	int n = first, idx = 0, nn, nidx, status;
	uint32_t num;
	bool killed;

	while (n < last) {
		if (idx >= fuzz_ncalls(n)) {
			n++;
			idx = 0;
			continue;
		}
		status = fuzz_watch(n, idx, &killed);
		if (status == -1)
			return (false);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && !killed) {
			n = fuzz_chunk_end(n);
			idx = 0;
			continue;
		}
		/* It died in call nidx of step nn: go on after it. */
		nn = share->fs_step;
		nidx = share->fs_idx;
		if (nn < n || (nn == n && nidx < idx)) {
			/* Its report is stale (a call unmapped or replaced
			 * the shared page): skip the call it started at. */
			nn = n;
			nidx = idx;
		}
		rnd_seed(nn, nidx);
		num = fuzz_number(nn);
		if (killed) {
			nwatchdog++;
			printf("sys_fuzz: call %u (step %d #%d, int 0x8%d) "
			    "blocked: killed\n", num, nn, nidx, nidx & 1);
		} else if (WIFSIGNALED(status)) {
			/* The usual end of a child that harmed itself: only
			 * counted, unless -v. */
			nsignal++;
			if (verbose)
				printf("sys_fuzz: call %u (step %d #%d, int "
				    "0x8%d): signal %d\n", num, nn, nidx,
				    nidx & 1, WTERMSIG(status));
		} else {
			printf("sys_fuzz: call %u (step %d #%d): the child "
			    "exited with %d\n", num, nn, nidx,
			    WEXITSTATUS(status));
			return (false);
		}
		n = nn;
		idx = nidx + 1;
	}
	return (true);
}

/* A file for the calls to read, write, map and truncate. */
static bool
scratch_make(void)
{
	char buf[PG];
	int fd, i;
	bool ok = true;

	fd = open(SCRATCH, O_CREAT | O_TRUNC | O_RDWR, 0644);
	if (fd < 0)
		return (false);
	for (i = 0; i < 3 && ok; i++) {
		memset(buf, 'a' + i, sizeof(buf));
		ok = write(fd, buf, sizeof(buf)) == sizeof(buf);
	}
	close(fd);
	return (ok);
}

/* -v: what each call returned through each gate (0: success). */
static void
fuzz_report(void)
{
	int n, g, e;

	for (n = 0; n < NSWEEP; n++) {
		if (!fuzz_exists(fuzz_number(n)) ||
		    fuzz_skipped(fuzz_number(n)))
			continue;
		printf("%u:", fuzz_number(n));
		for (g = 0; g < 2; g++) {
			printf(" int 0x8%d", g);
			for (e = 0; e < 96; e++) {
				if (share->fs_seen[n][g][e / 32] & (1u << (e % 32)))
					printf(" %d", e);
			}
		}
		printf("\n");
	}
}

int
main(int argc, char **argv)
{
	static const char alive[] = "sys_fuzz: the kernel is alive\n";
	pid_t pid = getpid();
	uint64_t t0;
	int first, step = -1;

	/* sys_fuzz [-v] [-s seed] [-t step]: -v says what each call
	 * returned and which killed its child, -s changes the seed, -t runs
	 * only the calls of one child, each written on the console before
	 * it is made. */
	while (argc > 1 && argv[1][0] == '-') {
		if (strcmp(argv[1], "-v") == 0)
			verbose = true;
		else if (strcmp(argv[1], "-t") == 0 && argc > 2) {
			step = atoi(argv[2]);
			argc--;
			argv++;
		} else if (strcmp(argv[1], "-s") == 0 && argc > 2) {
			seed = (uint32_t)strtoul(argv[2], NULL, 0);
			argc--;
			argv++;
		} else {
			printf("usage: sys_fuzz [-v] [-s seed] [-t step]\n");
			return (2);
		}
		argc--;
		argv++;
	}

	printf("sys_fuzz: seed 0x%08x; sweep: numbers 0..%d and %d more, %d "
	    "calls per gate (%d for a hole); %d mixed runs of %d calls\n",
	    seed, SYS_MAXSYSCALL + NEXTRA - 1, (int)nitems(absurd),
	    NCALLS, NCALLS_HOLE, NMIX, MIXLEN);
	fuzz_init_mixable();
	/* Give up the launcher's right (sys/devgrant.h): random devserve
	 * arguments must not register devices, which are kept for good. */
	UT_EQ(devgrant(0, NULL), 0);
	share = mmap((void *)SHARE_ADDR, SHARE_SIZE, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANON | MAP_FIXED, -1, 0);
	UT_TRUE(share == (void *)SHARE_ADDR);
	if (share != (void *)SHARE_ADDR)
		UT_DONE("sys_fuzz");
	memset(share, 0, SHARE_SIZE);
	UT_TRUE(scratch_make());
	t0 = now_ms();
	if (step >= 0) {
		/* -t: the child that makes step's calls, on the console. */
		first = step < NSWEEP ? step / CHUNK * CHUNK : step;
		tracefd = 1;
		UT_TRUE(fuzz_steps(first, fuzz_chunk_end(first)));
	} else
		UT_TRUE(fuzz_steps(0, NSTEPS));
	printf("sys_fuzz: %u calls (%u int 0x80, %u int 0x81) in %u ms, "
	    "%d children: %d killed by the watchdog, %d by a signal\n",
	    share->fs_calls[0] + share->fs_calls[1], share->fs_calls[0],
	    share->fs_calls[1], (unsigned)(now_ms() - t0), nchildren,
	    nwatchdog, nsignal);
	if (verbose)
		fuzz_report();
	UT_EQ(unlink(SCRATCH), 0);
	/* Still here, and the kernel still answers. */
	UT_EQ(getpid(), pid);
	fflush(stdout);
	UT_EQ(write(1, alive, sizeof(alive) - 1), sizeof(alive) - 1);
	UT_EQ(munmap(share, SHARE_SIZE), 0);
	UT_DONE("sys_fuzz");
}
