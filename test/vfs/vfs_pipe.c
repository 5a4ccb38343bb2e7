/*
 * vfs_pipe - pipes: the ends and their errors, 1 MiB from a forked
 * writer to a reader in varied chunk sizes, blocking reads woken by data
 * and by EOF, SIGPIPE killing a writer with no reader (also one
 * blocked on a full pipe), and small writes and reads that wrap around
 * the end of the pipe's ring at every offset.  A watchdog process kills the test if it
 * hangs.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define TOTAL	(1024 * 1024)

static unsigned char buf[65536];

static int
count_open(void)
{
	int fd, n = 0;

	for (fd = 0; fd < 64; fd++)
		if (fcntl(fd, F_GETFD) != -1)
			n++;
	return (n);
}

/* The byte at offset i of the stream. */
static unsigned char
pat(unsigned int i)
{
	return ((unsigned char)((i * 131) ^ (i >> 8) ^ (i >> 16)));
}

static void
test_ends(void)
{
	struct stat st;
	char b[16];
	int p[2], n0;

	n0 = count_open();
	p[0] = p[1] = -1;
	UT_EQ(pipe(p), 0);
	UT_TRUE(p[0] >= 3 && p[1] >= 3 && p[0] != p[1]);
	UT_EQ(count_open(), n0 + 2);
	UT_EQ(fstat(p[0], &st), 0);
	UT_TRUE(S_ISFIFO(st.st_mode));
	UT_EQ(fstat(p[1], &st), 0);
	UT_TRUE(S_ISFIFO(st.st_mode));
	UT_EQ(fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY);
	UT_EQ(fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY);
	UT_EQ(fcntl(p[0], F_GETFD), 0);

	UT_EQ(write(p[1], "abc", 3), 3);
	UT_ERR(read(p[1], b, sizeof(b)), EBADF);
	UT_ERR(write(p[0], "x", 1), EBADF);
	UT_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
	UT_ERR(lseek(p[1], 0, SEEK_CUR), ESPIPE);
	UT_ERR(pread(p[0], b, 1, 0), ESPIPE);
	UT_ERR(pwrite(p[1], b, 1, 0), ESPIPE);
	UT_EQ(read(p[0], b, sizeof(b)), 3);	/* what is there, no more */
	UT_EQ(memcmp(b, "abc", 3), 0);
	UT_EQ(write(p[1], b, 0), 0);
	/* Two writes, one read. */
	UT_EQ(write(p[1], "12", 2), 2);
	UT_EQ(write(p[1], "345", 3), 3);
	UT_EQ(read(p[0], b, 4), 4);
	UT_EQ(memcmp(b, "1234", 4), 0);
	UT_EQ(read(p[0], b, 4), 1);
	UT_EQ(b[0], '5');

	/* EOF once every write end is closed, and after the data. */
	UT_EQ(write(p[1], "xy", 2), 2);
	UT_EQ(close(p[1]), 0);
	UT_EQ(read(p[0], b, sizeof(b)), 2);
	UT_EQ(read(p[0], b, sizeof(b)), 0);
	UT_EQ(read(p[0], b, sizeof(b)), 0);
	UT_EQ(close(p[0]), 0);

	UT_EQ(pipe(p), 0);
	{
		int w2 = dup(p[1]);

		UT_TRUE(w2 >= 0);
		UT_EQ(close(p[1]), 0);
		UT_EQ(write(w2, "z", 1), 1);
		UT_EQ(read(p[0], b, sizeof(b)), 1);
		UT_EQ(close(w2), 0);
		UT_EQ(read(p[0], b, sizeof(b)), 0);
	}
	UT_EQ(close(p[0]), 0);

	/* Bad buffers (with data there, so the read cannot block). */
	UT_EQ(pipe(p), 0);
	UT_EQ(write(p[1], "q", 1), 1);
	UT_ERR(read(p[0], (void *)0xC0001000, 4), EFAULT);
	UT_ERR(write(p[1], (void *)0xC0001000, 4), EFAULT);
	UT_EQ(close(p[0]), 0);
	UT_EQ(close(p[1]), 0);
	UT_ERR(pipe((int *)0xC0001000), EFAULT);
	UT_EQ(count_open(), n0);		/* none left behind */
}

static void
test_wakeups(void)
{
	char b[16];
	int p[2], status;
	pid_t pid;

	/* A reader blocked on an empty pipe wakes when data comes. */
	UT_EQ(pipe(p), 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		ut_sleep_ms(50);
		_exit(write(p[1], "late", 4) == 4 ? 0 : 1);
	}
	UT_EQ(close(p[1]), 0);
	memset(b, 0, sizeof(b));
	UT_EQ(read(p[0], b, sizeof(b)), 4);
	UT_EQ(strcmp(b, "late"), 0);
	UT_EQ(read(p[0], b, sizeof(b)), 0);	/* the child exited */
	UT_EQ(close(p[0]), 0);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_EQ(status, 0);

	/* A reader blocked on an empty pipe wakes at EOF. */
	UT_EQ(pipe(p), 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		_exit(read(p[0], b, sizeof(b)) == 0 ? 0 : 1);
	}
	UT_EQ(close(p[0]), 0);
	ut_sleep_ms(50);
	UT_EQ(close(p[1]), 0);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_EQ(status, 0);
}

static void
writer(int fd)
{
	static const int sizes[] = { 1, 3, 17, 512, 4095, 4096, 4097, 10000,
	    65536, 333, 8192, 2 };
	unsigned int off = 0, i;
	int k, n, w, done;

	for (k = 0; off < TOTAL; k++) {
		n = sizes[k % (sizeof(sizes) / sizeof(sizes[0]))];
		if (off + n > TOTAL)
			n = TOTAL - off;
		for (i = 0; i < (unsigned int)n; i++)
			buf[i] = pat(off + i);
		for (done = 0; done < n; done += w) {
			w = write(fd, buf + done, n - done);
			if (w <= 0)
				_exit(2);
		}
		off += n;
	}
	if (close(fd) != 0)
		_exit(3);
	_exit(0);
}

static void
test_megabyte(void)
{
	static const int sizes[] = { 7, 4096, 100, 65536, 1, 30000, 4097 };
	unsigned int total = 0, bad = 0, i, a = 1, b = 0, ea = 1, eb = 0;
	int p[2], status, k, n = -1, reads = 0;
	pid_t pid;

	UT_EQ(pipe(p), 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		writer(p[1]);
	}
	UT_TRUE(pid > 0);
	UT_EQ(close(p[1]), 0);
	for (k = 0; reads < 4 * TOTAL; k++, reads++) {
		n = read(p[0], buf, sizes[k % (sizeof(sizes) / sizeof(sizes[0]))]);
		if (n <= 0)
			break;
		for (i = 0; i < (unsigned int)n; i++) {
			if (buf[i] != pat(total + i)) {
				if (bad == 0)
					printf("FAIL: %s:%d: byte %u is %u, "
					    "want %u\n", __FILE__, __LINE__,
					    total + i, buf[i], pat(total + i));
				bad++;
			}
			/* Adler-style sum of what arrived. */
			a = (a + buf[i]) % 65521;
			b = (b + a) % 65521;
		}
		total += n;
	}
	UT_EQ(n, 0);				/* ended at EOF */
	UT_EQ(total, TOTAL);
	UT_EQ(bad, 0);
	for (i = 0; i < TOTAL; i++) {
		ea = (ea + pat(i)) % 65521;
		eb = (eb + ea) % 65521;
	}
	UT_EQ((b << 16) | a, (eb << 16) | ea);
	UT_TRUE(reads > 10);
	UT_EQ(close(p[0]), 0);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_EQ(status, 0);
}

/*
 * Small (atomic) writes that straddle the end of the ring, split at every
 * offset.  One process writes STRIDE bytes and reads them back, over and
 * over: STRIDE is odd, so the ring position advances by STRIDE modulo a
 * power of two and visits every position before it repeats, whatever the
 * ring's size (up to RING_MAX; the kernel's is 16 KiB).  Every byte is
 * checked, and pat() differs between laps, so a byte left over from the
 * lap before (a straddling write that put only its first piece in, or a
 * read that took the second piece from the wrong place) shows.
 */
#define STRIDE		509		/* odd, <= PIPE_BUF */
#define RING_MAX	(16 * 1024)	/* covers rings up to this size */

static void
test_ring_wrap(void)
{
	unsigned int off = 0, bad = 0, i, k;
	unsigned char in[STRIDE];
	int p[2], n;

	UT_EQ(pipe(p), 0);
	for (k = 0; k < RING_MAX; k++) {
		for (i = 0; i < STRIDE; i++)
			buf[i] = pat(off + i);
		if ((n = write(p[1], buf, STRIDE)) != STRIDE) {
			UT_FAIL("write %u of %d bytes returned %d", k,
			    STRIDE, n);
			break;
		}
		memset(in, 0, sizeof(in));
		if ((n = read(p[0], in, sizeof(in))) != STRIDE) {
			UT_FAIL("read %u returned %d, want %d", k, n,
			    STRIDE);
			break;
		}
		for (i = 0; i < STRIDE; i++)
			if (in[i] != buf[i] && bad++ == 0)
				UT_FAIL("stream byte %u (write %u, byte %u):"
				    " %u, want %u", off + i, k, i, in[i],
				    buf[i]);
		off += STRIDE;
	}
	UT_EQ(bad, 0);
	UT_EQ(close(p[0]), 0);
	UT_EQ(close(p[1]), 0);
}

static void
test_sigpipe(void)
{
	char b[100];
	int p[2], status;
	pid_t pid;

	/* Writing with no reader: SIGPIPE's default action kills. */
	UT_EQ(pipe(p), 0);
	UT_EQ(close(p[0]), 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		write(p[1], "x", 1);
		_exit(100 + errno);		/* survived: EPIPE alone? */
	}
	UT_EQ(close(p[1]), 0);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_TRUE(WIFSIGNALED(status));
	UT_EQ(WTERMSIG(status), SIGPIPE);
	UT_TRUE(status != 100 + EPIPE);

	/* A writer blocked on a full pipe dies when the reader leaves. */
	UT_EQ(pipe(p), 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int i;

		close(p[0]);
		memset(buf, 'w', sizeof(buf));
		for (i = 0; i < 64; i++)	/* 4 MiB: more than fits */
			if (write(p[1], buf, sizeof(buf)) < 0)
				_exit(100 + errno);
		_exit(50);
	}
	UT_EQ(close(p[1]), 0);
	UT_EQ(read(p[0], b, sizeof(b)), sizeof(b));
	ut_sleep_ms(50);			/* let it fill and block */
	UT_EQ(close(p[0]), 0);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_TRUE(WIFSIGNALED(status));
	UT_EQ(WTERMSIG(status), SIGPIPE);
}

int
main(int argc, char **argv)
{
	pid_t wd;

	wd = ut_watchdog_start("vfs_pipe", 60);
	test_ends();
	test_wakeups();
	test_megabyte();
	test_ring_wrap();
	test_sigpipe();
	ut_watchdog_stop(wd);
	UT_DONE("vfs_pipe");
}
