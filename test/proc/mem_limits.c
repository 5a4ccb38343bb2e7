/*
 * mem_limits - what one process can make the kernel hold is bounded, and
 * reaching a bound is an error, not a hang.
 *
 * Each scenario runs its offender in a child under a watchdog (a child
 * still running after WATCH_CHECKS short sleeps of the parent is reported
 * and killed: a hang is a failure; the bound only catches hangs, it
 * measures nothing).  Afterwards the parent checks that the system answers:
 * pipe() and fork() work and what the offender held is back (the
 * runner's leak check follows the whole program).
 *
 *   tmpfs_fill    files written until the root tmpfs is full: ENOSPC,
 *                 with an eighth of the free memory still free
 *   tmpfs_opts    a tmpfs mounted with size= and nodes=: ENOSPC at each
 *   truncate      empty files truncated to 64 MB cost no kernel memory
 *                 for their size (kern.kmem_inuse)
 *   pipes         processes making pipes until the system's file table
 *                 is full: EMFILE per process, ENFILE for the system
 *   mappings      one-page mappings until vm.max_map_entries: ENOMEM,
 *                 and an mprotect that would split an entry too
 *   async         sleeping asynchronous messages until the limit: EAGAIN
 *   sysctl        limits may be written only by init: EPERM here
 *
 * Each must hold at any memory size the kernel supports (32 MB up).
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/sysctl.h>
#include <sys/mount.h>
#include <sysasync.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include "utest.h"

#define WATCH_CHECKS	6000	/* 10 ms sleeps: a scenario still running
				 * after a minute of them hangs */
#define DIR		"/tmp/mem_limits"
#define MNT		DIR "/mnt"

/*
 * Run fn in a child and wait for it under the watchdog.  Returns the
 * child's exit status (0..255), or -1 if it died of a signal or had to
 * be killed.
 */
static int
watch(const char *what, int (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		UT_FAIL("%s: fork: errno %d", what, errno);
		return (-1);
	}
	if (pid == 0)
		_exit(fn());
	status = ut_watch(pid, WATCH_CHECKS);
	if (status == -1) {
		UT_FAIL("%s: still running after %d checks: killed", what,
		    WATCH_CHECKS);
		return (-1);
	}
	if (!WIFEXITED(status)) {
		UT_FAIL("%s: died of signal %d", what, WTERMSIG(status));
		return (-1);
	}
	if (WEXITSTATUS(status) != 0)
		UT_FAIL("%s: the child reports failure %d", what,
		    WEXITSTATUS(status));
	return (WEXITSTATUS(status));
}

/* The system still answers: a pipe works, a child can be made. */
static void
check_alive(const char *what)
{
	int p[2], status = -1;
	char c = 0;
	pid_t pid;

	if (pipe(p) != 0) {
		UT_FAIL("%s: pipe() afterwards: errno %d", what, errno);
		return;
	}
	UT_EQ(write(p[1], "a", 1), 1);
	UT_EQ(read(p[0], &c, 1), 1);
	UT_EQ(c, 'a');
	close(p[0]);
	close(p[1]);
	pid = fork();
	if (pid == 0)
		_exit(7);
	UT_TRUE(pid > 0);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 7);
}

/* ---- tmpfs: files filling the root ---------------------------------------- */

static char chunk[65536];

/* Write files of 4 MB until the filesystem is full.  0 if that ended
 * with ENOSPC (a short write first is fine). */
static int
fill_child(void)
{
	char name[64];
	int fd, i, n;
	ssize_t w;

	memset(chunk, 'f', sizeof(chunk));
	for (i = 0; i < 100000; i++) {
		snprintf(name, sizeof(name), DIR "/fill%d", i);
		fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			return (errno == ENOSPC ? 0 : 10);
		for (n = 0; n < 64; n++) {
			w = write(fd, chunk, sizeof(chunk));
			if (w < 0) {
				close(fd);
				return (errno == ENOSPC ? 0 : 11);
			}
		}
		close(fd);
	}
	return (12);			/* never full */
}

static void
test_tmpfs_fill(void)
{
	int total = ut_sysctl_int("vm.free_pages"), i;
	char name[64];

	UT_EQ(watch("tmpfs_fill", fill_child), 0);
	/* Half of memory at most went to file data. */
	UT_TRUE(ut_sysctl_int("vm.free_pages") > total / 8);
	check_alive("tmpfs_fill");
	/* Full: a write of a new file is refused, not left waiting. */
	{
		int fd = open(DIR "/more", O_WRONLY | O_CREAT, 0644);

		if (fd >= 0) {
			UT_EQ(write(fd, chunk, sizeof(chunk)), -1);
			UT_EQ(errno, ENOSPC);
			close(fd);
			unlink(DIR "/more");
		} else {
			UT_EQ(errno, ENOSPC);
		}
	}
	for (i = 0; i < 100000; i++) {
		snprintf(name, sizeof(name), DIR "/fill%d", i);
		if (unlink(name) != 0)
			break;
	}
	UT_TRUE(i > 0);
	check_alive("tmpfs_fill, emptied");
}

/* ---- tmpfs: the size= and nodes= options ----------------------------------- */

static void
test_tmpfs_opts(void)
{
	char name[64];
	int fd, i, n;
	ssize_t w, total = 0;

	UT_EQ(mkdir(MNT, 0755), 0);
	UT_EQ(mount("tmpfs", MNT, 0, "size=bad"), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(mount("tmpfs", MNT, 0, "color=red"), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(mount("tmpfs", MNT, 0, "size=0"), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(mount("devfs", MNT, 0, "size=1m"), -1);
	UT_EQ(errno, EINVAL);
	UT_EQ(mount("tmpfs", MNT, 0, "size=256k,nodes=20"), 0);
	/* The size: 256 KB of everything, so less than 256 KB of data. */
	fd = open(MNT "/big", O_WRONLY | O_CREAT, 0644);
	UT_TRUE(fd >= 0);
	for (i = 0; i < 10; i++) {
		w = write(fd, chunk, sizeof(chunk));
		if (w < 0)
			break;
		total += w;
	}
	UT_EQ(w, -1);
	UT_EQ(errno, ENOSPC);
	UT_TRUE(total > 128 * 1024 && total < 256 * 1024);
	/* Truncating up past the size is a hole: fine, and free. */
	UT_EQ(ftruncate(fd, 64 << 20), 0);
	UT_EQ(ftruncate(fd, 0), 0);
	close(fd);
	UT_EQ(unlink(MNT "/big"), 0);
	/* The nodes: the root is one of them. */
	for (n = 0; n < 40; n++) {
		snprintf(name, sizeof(name), MNT "/n%d", n);
		fd = open(name, O_WRONLY | O_CREAT, 0644);
		if (fd < 0)
			break;
		close(fd);
	}
	UT_EQ(n, 19);
	UT_EQ(errno, ENOSPC);
	UT_EQ(mkdir(MNT "/d", 0755), -1);
	UT_EQ(errno, ENOSPC);
	UT_EQ(symlink("x", MNT "/l"), -1);
	UT_EQ(errno, ENOSPC);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), MNT "/n%d", i);
		UT_EQ(unlink(name), 0);
	}
	/* Freed nodes can be made again. */
	fd = open(MNT "/again", O_WRONLY | O_CREAT, 0644);
	UT_TRUE(fd >= 0);
	close(fd);
	UT_EQ(unlink(MNT "/again"), 0);
	UT_EQ(unmount(MNT, 0), 0);
	UT_EQ(rmdir(MNT), 0);
}

/* ---- tmpfs: files truncated up -------------------------------------------- */

#define NTRUNC	300

static int
trunc_child(void)
{
	int k0 = ut_sysctl_int("kern.kmem_inuse"), k1, i, fd;
	char name[64], c = 1;

	for (i = 0; i < NTRUNC; i++) {
		snprintf(name, sizeof(name), DIR "/t%d", i);
		fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			return (20);
		if (ftruncate(fd, (off_t)64 << 20) != 0)
			return (21);
		close(fd);
	}
	k1 = ut_sysctl_int("kern.kmem_inuse");
	printf("mem_limits: %d files of 64 MB: %d bytes of kernel memory "
	    "each\n", NTRUNC, (k1 - k0) / NTRUNC);
	/* A node, its vnode, object and names: well under 2 KB a file;
	 * slots for 64 MB would be 64 KB. */
	if (k1 - k0 > NTRUNC * 2048)
		return (22);
	/* Still a file of 64 MB of zeroes. */
	fd = open(DIR "/t0", O_RDONLY);
	if (fd < 0 || pread(fd, &c, 1, ((off_t)64 << 20) - 1) != 1 || c != 0)
		return (23);
	close(fd);
	for (i = 0; i < NTRUNC; i++) {
		snprintf(name, sizeof(name), DIR "/t%d", i);
		if (unlink(name) != 0)
			return (24);
	}
	return (0);
}

static void
test_truncate(void)
{
	UT_EQ(watch("truncate", trunc_child), 0);
	check_alive("truncate");
}

/* ---- pipes ------------------------------------------------------------------ */

#define NPIPEPROC	200

/*
 * Children make pipes until pipe() fails and report why (one byte: 'M'
 * EMFILE, 'N' ENFILE, 'O' ENOMEM, 'x' anything else) on rep, then wait
 * for rel to close.  The leader reports 0 if some child met ENFILE and
 * none met anything but EMFILE or ENFILE (or ENOMEM).
 */
static int
pipes_child(void)
{
	int rep[2], rel[2], i, n, nmf = 0, nnf = 0, nother = 0, p[2];
	pid_t pids[NPIPEPROC];
	char c;

	if (pipe(rep) != 0 || pipe(rel) != 0)
		return (30);
	for (n = 0; n < NPIPEPROC; n++) {
		pids[n] = fork();
		if (pids[n] < 0)
			break;
		if (pids[n] == 0) {
			close(rep[0]);
			close(rel[1]);
			while (pipe(p) == 0)
				;
			c = errno == EMFILE ? 'M' : errno == ENFILE ? 'N' :
			    errno == ENOMEM ? 'O' : 'x';
			write(rep[1], &c, 1);
			read(rel[0], &c, 1);	/* until the leader says */
			_exit(0);
		}
		if (read(rep[0], &c, 1) != 1)
			return (31);
		if (c == 'M')
			nmf++;
		else if (c == 'N' || c == 'O')
			nnf++;
		else
			nother++;
		if (c == 'N')
			break;		/* the system's table is full */
	}
	printf("mem_limits: %d processes with pipes: %d EMFILE, %d "
	    "ENFILE/ENOMEM, %d other\n", n, nmf, nnf, nother);
	close(rel[1]);
	for (i = 0; i < n && i < NPIPEPROC; i++)
		waitpid(pids[i], NULL, 0);
	if (n == NPIPEPROC)
		return (32);		/* never reached the system's limit */
	if (nother > 0)
		return (33);
	if (nnf == 0)
		return (34);
	return (0);
}

static void
test_pipes(void)
{
	int max = ut_sysctl_int("kern.maxfiles");

	UT_TRUE(max > 0);
	UT_EQ(watch("pipes", pipes_child), 0);
	check_alive("pipes");
}

/* ---- map entries ----------------------------------------------------------- */

static int
map_child(void)
{
	int max = ut_sysctl_int("vm.max_map_entries"), n;
	int e0 = ut_sysctl_int("vm.map_entries");
	char *big, *p;

	if (max <= 0)
		max = 1 << 20;		/* no limit said: see what happens */
	/* Three pages: an mprotect of the middle one splits it in three.
	 * Shared, so that it merges with no neighbour. */
	big = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANON, -1, 0);
	if (big == MAP_FAILED)
		return (41);
	/* Alternating protections, so that no two entries merge. */
	for (n = 0; n < max + 10; n++) {
		p = mmap(NULL, 4096, (n & 1) ? PROT_READ | PROT_WRITE :
		    PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0);
		if (p == MAP_FAILED)
			break;
	}
	printf("mem_limits: %d one-page mappings (vm.max_map_entries %d)\n",
	    n, max);
	if (p != MAP_FAILED || errno != ENOMEM)
		return (42);
	/* The limit, not memory, stopped it: this process has max
	 * entries now (its own few before the loop included). */
	if (ut_sysctl_int("vm.map_entries") - e0 != n + 1 || n > max - 1 ||
	    n < max - 64)
		return (43);
	/* A split is refused at the limit; unmapping whole entries is not. */
	if (mprotect(big + 4096, 4096, PROT_READ) != -1 || errno != ENOMEM)
		return (44);
	if (munmap(big + 4096, 4096) != -1 || errno != ENOMEM)
		return (45);
	if (munmap(big, 3 * 4096) != 0)
		return (46);
	/* One entry fewer: room for one mapping again. */
	if (mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0) ==
	    MAP_FAILED)
		return (47);
	return (0);
}

static void
test_mappings(void)
{
	UT_EQ(watch("mappings", map_child), 0);
	check_alive("mappings");
}

/* ---- asynchronous messages -------------------------------------------------- */

typedef SYSMSG(nanosleep) sleepmsg_t;

static struct timespec ts_long = { 100, 0 };

static int
async_child(void)
{
	int max = ut_sysctl_int("kern.async_max");
	int kmax = ut_sysctl_int("kern.async_kmem_max");
	int base = ut_sysctl_int("kern.async_inflight");
	struct rlimit rl;
	sleepmsg_t *m;
	int n;

	if (max <= 0)
		return (50);
	if (kmax <= 0)
		kmax = 0x7fffffff;	/* no memory bound said */
	/* The global limit is not ours to raise. */
	if (ut_sysctl_set("kern.async_max", max * 2) != -1 || errno != EPERM)
		return (51);
	if (ut_sysctl_int("kern.async_max") != max)
		return (52);
	rl.rlim_cur = (rlim_t)max;
	rl.rlim_max = (rlim_t)max;
	if (setrlimit(RLIMIT_ASYNC, &rl) != 0)
		return (53);
	m = malloc((size_t)(max + 1) * sizeof(*m));
	if (m == NULL)
		return (54);
	for (n = 0; n <= max; n++) {
		sysmsg_init(&m[n], nanosleep);
		m[n].a.rqtp = &ts_long;
		if (async_send(0, &m[n].h, sizeof(m[n]), SMF_NOBLOCK) != 1)
			break;
	}
	printf("mem_limits: %d sleeping messages (kern.async_max %d, "
	    "kmem %d of %d)\n", n, max, ut_sysctl_int("kern.async_kmem"), kmax);
	if (n > max || errno != EAGAIN)
		return (55);
	if (base + n != max && ut_sysctl_int("kern.async_kmem") < kmax)
		return (56);
	return (0);			/* exit takes them all back */
}

static void
test_async(void)
{
	int base = ut_sysctl_int("kern.async_inflight");

	UT_EQ(watch("async", async_child), 0);
	UT_EQ(ut_sysctl_int("kern.async_inflight"), base);
	check_alive("async");
}

/* ---- who may write limits --------------------------------------------------- */

static void
test_sysctl(void)
{
	static const char *limits[] = {
		"kern.async_max", "kern.async_kmem_max", "kern.maxfiles",
		"vm.max_map_entries", "vfs.cache.maxneg",
	};
	size_t i;
	int v, one = 1;

	UT_TRUE(getpid() != 1);
	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		v = ut_sysctl_int(limits[i]);
		UT_TRUE(v > 0);
		UT_EQ(ut_sysctl_set(limits[i], v + 1), -1);
		UT_EQ(errno, EPERM);
		UT_EQ(ut_sysctl_set(limits[i], v - 1), -1);	/* lowering too */
		UT_EQ(errno, EPERM);
		UT_EQ(ut_sysctl_int(limits[i]), v);
	}
	/* An action and a test knob are not limits. */
	UT_EQ(sysctl("vfs.cache.purge", NULL, NULL, &one, sizeof(one)), 0);
	v = ut_sysctl_int("debug.value");
	UT_EQ(ut_sysctl_set("debug.value", v), 0);
}

int
main(void)
{
	mkdir(DIR, 0755);
	test_sysctl();
	test_tmpfs_opts();
	test_truncate();
	test_mappings();
	test_async();
	test_pipes();
	test_tmpfs_fill();
	UT_EQ(rmdir(DIR), 0);
	UT_DONE("mem_limits");
}
