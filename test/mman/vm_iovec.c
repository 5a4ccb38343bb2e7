/*
 * vm_iovec - read and write through the VM-object iovec uio.  A read or
 * write of at least vm.uio_iovec_min bytes turns the user buffer into a
 * list of held (vm_object, offset, extent) pieces (vm.uio_path 1, the
 * default); vm.uio_path 0 is the old path, which maps the file's pages
 * into the kernel and copies to the user address.
 *
 * Under both paths, byte-exact: reads and writes of many sizes at many
 * file offsets from buffers at many misalignments; buffers that span
 * several map entries, untouched (fresh) buffers, buffers in file
 * mappings (also of the file being read or written), buffers shared
 * copy-on-write with a child or only read so far; a buffer with an
 * unmapped hole moves exactly the bytes before the hole, one starting in
 * the hole is EFAULT; reading into a read-only mapping is EFAULT and
 * writes nothing; end of file; kernel and unmapped addresses; calls of
 * more than 1 MiB (several of the kernel's windows) at an unaligned
 * offset, and the file offset they leave.  The free page count ends
 * where it started.  The same I/O in flight (asynchronous, held on a
 * pipe) is vm_iovec_fly's; the patterns and checks both use are in
 * vm_iovec.h.
 *
 * Restores vm.uio_path.  Works in /tmp/vm_iovec and removes it.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"
#include "vm_iovec.h"

#define TDIR	"/tmp/vm_iovec"
#define WMAX	(FSZ + FSZ + PGSZ)	/* the write file can grow to this */
#define MAXFAIL	30			/* failures printed in the loops */

static unsigned char wshadow[WMAX];	/* what "w" should hold */

/* A failure in a loop: counted always, printed only the first times. */
static void __printflike(2, 3)
fail(int line, const char *fmt, ...)
{
	va_list ap;

	ut_failures++;
	if (ut_failures > MAXFAIL) {
		if (ut_failures == MAXFAIL + 1)
			printf("FAIL: (more failures not printed)\n");
		return;
	}
	printf("FAIL: %s:%d: path %d: ", __FILE__, line, cur_path);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static int
set_path(int path)
{
	cur_path = path;
	if (sysctl("vm.uio_path", NULL, NULL, &path, sizeof(path)) != 0)
		return (-1);
	return (ut_sysctl_int("vm.uio_path") == path ? 0 : -1);
}

/* ---- data: sizes, offsets, misalignments -------------------------------- */

static const off_t offsets[] = { 0, 1, 4095, 4096, 40000, 65535 };
static const size_t aligns[] = { 0, 1, 4095 };
static size_t sizes[9];
static int nsizes;

static void
init_sizes(void)
{
	static const size_t fixed[] = { 1, 100, 4096, 8192, 12345, 65536 };
	int i;

	nsizes = 0;
	for (i = 0; i < (int)nitems(fixed); i++)
		sizes[nsizes++] = fixed[i];
	/* Either side of the switch to the iovec. */
	if (iovec_min > 1 && iovec_min - 1 <= FSZ)
		sizes[nsizes++] = (size_t)iovec_min - 1;
	if (iovec_min > 0 && iovec_min <= FSZ) {
		sizes[nsizes++] = (size_t)iovec_min;
		if (iovec_min < FSZ)
			sizes[nsizes++] = (size_t)iovec_min + 1;
	}
}

/*
 * One read: size bytes of "r" at off into buf + a.  With a == 1 it is
 * lseek and read (and the offset must move), otherwise pread.  Every
 * byte of buf around the target must be untouched.
 */
static void
read_case(size_t size, off_t off, size_t a)
{
	size_t want = off >= FSZ ? 0 : MIN(size, (size_t)(FSZ - off)), i;
	off_t pos = -1;
	ssize_t n;

	memset(buf, 0xee, BUFSZ);
	if (a == 1) {
		lseek(rfd, off, SEEK_SET);
		n = read(rfd, buf + a, size);
		pos = lseek(rfd, 0, SEEK_CUR);
		if (pos != off + (off_t)want)
			fail(__LINE__, "read %zu at %lld: offset then %lld",
			    size, (long long)off, (long long)pos);
	} else {
		n = pread(rfd, buf + a, size, off);
	}
	if (n != (ssize_t)want) {
		fail(__LINE__, "read %zu at %lld into buf+%zu: %d, want %zu "
		    "(errno %d)", size, (long long)off, a, n, want, errno);
		return;
	}
	for (i = 0; i < BUFSZ; i++) {
		unsigned char w = i >= a && i < a + want ? fpat(off + i - a) :
		    0xee;

		if (buf[i] != w) {
			fail(__LINE__, "read %zu at %lld into buf+%zu: "
			    "buf[%zu] = %#x, want %#x", size, (long long)off,
			    a, i, buf[i], w);
			return;
		}
	}
}

static void
test_reads(void)
{
	int s, o, a;

	for (s = 0; s < nsizes; s++)
		for (o = 0; o < (int)nitems(offsets); o++)
			for (a = 0; a < (int)nitems(aligns); a++)
				read_case(sizes[s], offsets[o], aligns[a]);
}

/*
 * After a failed write case, take what the file holds as the truth so
 * that the next cases are judged on their own.
 */
static void
resync(int wfd, size_t *wlen)
{
	struct stat st;
	size_t off, n;

	if (fstat(wfd, &st) != 0 || st.st_size > WMAX) {
		ftruncate(wfd, 0);
		*wlen = 0;
		return;
	}
	*wlen = (size_t)st.st_size;
	for (off = 0; off < *wlen; off += n) {
		n = MIN(sizeof(small), *wlen - off);
		if (pread(wfd, wshadow + off, n, (off_t)off) != (ssize_t)n)
			break;
	}
}

/*
 * One write: size bytes of wpat(seed) from buf + a to "w" at off (with
 * a == 1 by lseek and write); then the whole file must be wshadow.
 */
static void
write_case(int wfd, size_t *wlen, size_t size, off_t off, size_t a,
    int seed)
{
	struct stat st;
	off_t pos;
	ssize_t n;
	size_t i;

	for (i = 0; i < size; i++)
		buf[a + i] = wpat(i, seed);
	if (a == 1) {
		lseek(wfd, off, SEEK_SET);
		n = write(wfd, buf + a, size);
		pos = lseek(wfd, 0, SEEK_CUR);
		if (pos != off + (off_t)size)
			fail(__LINE__, "write %zu at %lld: offset then %lld",
			    size, (long long)off, (long long)pos);
	} else {
		n = pwrite(wfd, buf + a, size, off);
	}
	if (n != (ssize_t)size) {
		fail(__LINE__, "write %zu at %lld from buf+%zu: %d (errno %d)",
		    size, (long long)off, a, n, errno);
		resync(wfd, wlen);
		return;
	}
	memcpy(wshadow + off, buf + a, size);
	*wlen = MAX(*wlen, (size_t)off + size);
	if (fstat(wfd, &st) != 0 || st.st_size != (off_t)*wlen) {
		fail(__LINE__, "write %zu at %lld from buf+%zu: size %lld, "
		    "want %zu", size, (long long)off, a,
		    (long long)st.st_size, *wlen);
		resync(wfd, wlen);
	} else if ((pos = file_diff(wfd, 0, wshadow, *wlen)) != -1) {
		fail(__LINE__, "write %zu at %lld from buf+%zu: the file "
		    "differs first at %lld", size, (long long)off, a,
		    (long long)pos);
		resync(wfd, wlen);
	}
}

static void
test_writes(void)
{
	size_t wlen, i;
	int wfd, s, o, a, seed = 0;

	wfd = open("w", O_RDWR | O_CREAT | O_TRUNC, 0644);
	UT_TRUE(wfd >= 0);
	if (wfd < 0)
		return;
	/* Start from a file of its own pattern, written in small pieces. */
	for (i = 0; i < FSZ; i++)
		wshadow[i] = wpat(i, 999);
	for (i = 0; i < FSZ; i += sizeof(small)) {
		memcpy(small, wshadow + i, sizeof(small));
		UT_EQ(pwrite(wfd, small, sizeof(small), (off_t)i),
		    sizeof(small));
	}
	wlen = FSZ;
	for (s = 0; s < nsizes; s++)
		for (o = 0; o < (int)nitems(offsets); o++)
			for (a = 0; a < (int)nitems(aligns); a++)
				write_case(wfd, &wlen, sizes[s], offsets[o],
				    aligns[a], ++seed);
	UT_EQ(close(wfd), 0);
	UT_EQ(unlink("w"), 0);
}

/* ---- data: where the buffer is ------------------------------------------- */

/*
 * A buffer of three map entries (private anonymous, shared anonymous,
 * private anonymous again, two pages each), untouched before the first
 * read; reads and writes across the entry boundaries.  Also a write
 * from untouched memory (zeroes).
 */
static void
test_span(void)
{
	const size_t len = 6 * PGSZ;
	unsigned char *r, *z;
	size_t i;

	r = mmap(NULL, len, RW, ANON, -1, 0);
	UT_TRUE(r != MAP_FAILED);
	if (r == MAP_FAILED)
		return;
	UT_PEQ(mmap(r + 2 * PGSZ, 2 * PGSZ, RW, MAP_SHARED | MAP_ANON |
	    MAP_FIXED, -1, 0), r + 2 * PGSZ);
	UT_PEQ(mmap(r + 4 * PGSZ, 2 * PGSZ, RW, ANON | MAP_FIXED, -1, 0),
	    r + 4 * PGSZ);

	UT_EQ(pread(rfd, r, len, 1000), len);
	UT_PAT(r, 1000, len);
	memset(r, 0xee, len);
	UT_EQ(pread(rfd, r + 100, len - 200, 777), len - 200);
	UT_BYTES(r, 0xee, 100);
	UT_PAT(r + 100, 777, len - 200);
	UT_BYTES(r + len - 100, 0xee, 100);
	/* 16 KiB across the first two. */
	memset(r, 0xee, len);
	UT_EQ(pread(rfd, r + PGSZ, 4 * PGSZ, 5), 4 * PGSZ);
	UT_BYTES(r, 0xee, PGSZ);
	UT_PAT(r + PGSZ, 5, 4 * PGSZ);
	UT_BYTES(r + 5 * PGSZ, 0xee, PGSZ);

	/* And out again. */
	for (i = 0; i < len; i++)
		r[i] = wpat(i, 77);
	UT_EQ(ftruncate(sfd, 0), 0);
	UT_EQ(pwrite(sfd, r + 50, len - 100, 3), len - 100);
	UT_FILE(sfd, 3, r + 50, len - 100);
	UT_EQ(munmap(r, len), 0);

	/* From memory never touched: zeroes. */
	z = mmap(NULL, 4 * PGSZ, PROT_READ, ANON, -1, 0);
	UT_TRUE(z != MAP_FAILED);
	if (z == MAP_FAILED)
		return;
	UT_EQ(pwrite(sfd, z, 4 * PGSZ, 0), 4 * PGSZ);
	memset(expect, 0, sizeof(expect));
	for (i = 0; i < 4 * PGSZ; i += sizeof(expect))
		UT_FILE(sfd, (off_t)i, expect, sizeof(expect));
	UT_EQ(munmap(z, 4 * PGSZ), 0);
}

/*
 * Buffers in file mappings: a read into a shared mapping of another
 * file lands in that file; a write from one takes the file's bytes;
 * the same with the mapping and the descriptor on the same file
 * (different pages); a read into a private file mapping stays private.
 */
static void
test_filebuf(void)
{
	unsigned char *mm, *mp;
	int mfd;

	mfd = open("m", O_RDWR | O_CREAT | O_TRUNC, 0644);
	UT_TRUE(mfd >= 0);
	if (mfd < 0)
		return;
	UT_EQ(ftruncate(mfd, 4 * PGSZ), 0);
	mm = mmap(NULL, 4 * PGSZ, RW, MAP_SHARED, mfd, 0);
	UT_TRUE(mm != MAP_FAILED);
	if (mm == MAP_FAILED) {
		close(mfd);
		unlink("m");
		return;
	}
	/* Into the mapping, only read so far: the file gets the data. */
	UT_BYTES(mm, 0, 4 * PGSZ);
	UT_EQ(pread(rfd, mm, 4 * PGSZ, 1000), 4 * PGSZ);
	UT_PAT(mm, 1000, 4 * PGSZ);
	UT_FILE(mfd, 0, mm, 4 * PGSZ);

	/* Out of the mapping into another file. */
	UT_EQ(ftruncate(sfd, 0), 0);
	UT_EQ(pwrite(sfd, mm, 4 * PGSZ, 0), 4 * PGSZ);
	UT_FILE(sfd, 0, mm, 4 * PGSZ);

	/* Same file: page 0 (through the mapping) to page 2 (the fd)... */
	UT_EQ(pwrite(mfd, mm, PGSZ, 2 * PGSZ), PGSZ);
	UT_PAT(mm + 2 * PGSZ, 1000, PGSZ);
	/* ...and page 1 (the fd) into page 3 (through the mapping). */
	UT_EQ(pread(mfd, mm + 3 * PGSZ, PGSZ, PGSZ), PGSZ);
	UT_PAT(mm + 3 * PGSZ, 1000 + PGSZ, PGSZ);
	UT_PAT(mm, 1000, 2 * PGSZ);
	UT_FILE(mfd, 0, mm, 4 * PGSZ);

	/*
	 * Into a private mapping of it whose pages were read (mapped, but
	 * not yet copied): the file keeps its bytes.
	 */
	mp = mmap(NULL, 2 * PGSZ, RW, MAP_PRIVATE, mfd, 0);
	UT_TRUE(mp != MAP_FAILED);
	if (mp != MAP_FAILED) {
		UT_PAT(mp, 1000, 2 * PGSZ);
		UT_EQ(pread(rfd, mp, 2 * PGSZ, 0), 2 * PGSZ);
		UT_PAT(mp, 0, 2 * PGSZ);
		UT_PAT(mm, 1000, 2 * PGSZ);
		UT_FILE(mfd, 0, mm, 2 * PGSZ);
		UT_EQ(munmap(mp, 2 * PGSZ), 0);
	}
	UT_EQ(munmap(mm, 4 * PGSZ), 0);
	UT_EQ(close(mfd), 0);
	UT_EQ(unlink("m"), 0);
}

/*
 * Buffers whose pages are mapped but must be copied before they can be
 * written: shared copy-on-write with a child after fork (in both
 * directions: the child reads into b2 while it is still shared, then
 * the parent into b1), and anonymous memory that has only been read.
 * The data must land in the reader's copy alone.
 */
static void
test_cowbuf(void)
{
	const size_t len = 4 * PGSZ;
	unsigned char *b1, *b2, *z, *z2;
	int c2p[2], p2c[2], st = -1;
	pid_t pid;
	char c;

	b1 = mmap(NULL, len, RW, ANON, -1, 0);
	b2 = mmap(NULL, len, RW, ANON, -1, 0);
	UT_TRUE(b1 != MAP_FAILED && b2 != MAP_FAILED);
	if (b1 == MAP_FAILED || b2 == MAP_FAILED)
		return;
	memset(b1, 'A', len);
	memset(b2, 'B', len);
	UT_EQ(pipe(c2p), 0);
	UT_EQ(pipe(p2c), 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		ut_failures = 0;
		close(c2p[0]);
		close(p2c[1]);
		UT_EQ(pread(rfd, b2, len, 5000), len);
		UT_PAT(b2, 5000, len);
		UT_EQ(write(c2p[1], "c", 1), 1);
		/* The parent has read into its b1. */
		UT_EQ(read(p2c[0], &c, 1), 1);
		UT_BYTES(b1, 'A', len);
		UT_PAT(b2, 5000, len);
		fflush(stdout);
		_exit(ut_failures != 0);
	}
	UT_TRUE(pid > 0);
	close(c2p[1]);
	close(p2c[0]);
	if (pid > 0) {
		UT_EQ(read(c2p[0], &c, 1), 1);
		UT_BYTES(b2, 'B', len);
		UT_EQ(pread(rfd, b1, len, 0), len);
		UT_PAT(b1, 0, len);
		UT_EQ(write(p2c[1], "p", 1), 1);
	}
	close(c2p[0]);
	close(p2c[1]);
	if (pid > 0) {
		UT_EQ(waitpid(pid, &st, 0), pid);
		UT_EQ(st, 0);
	}
	UT_PAT(b1, 0, len);
	UT_BYTES(b2, 'B', len);
	UT_EQ(munmap(b1, len), 0);
	UT_EQ(munmap(b2, len), 0);

	/* Read, never written: the data goes to this memory only. */
	z = mmap(NULL, 2 * len, RW, ANON, -1, 0);
	UT_TRUE(z != MAP_FAILED);
	if (z == MAP_FAILED)
		return;
	UT_BYTES(z, 0, 2 * len);
	UT_EQ(pread(rfd, z, len, 0), len);
	UT_PAT(z, 0, len);
	UT_BYTES(z + len, 0, len);
	z2 = mmap(NULL, len, RW, ANON, -1, 0);
	UT_TRUE(z2 != MAP_FAILED);
	if (z2 != MAP_FAILED) {
		UT_BYTES(z2, 0, len);
		UT_EQ(munmap(z2, len), 0);
	}
	UT_EQ(munmap(z, 2 * len), 0);
}

/*
 * A buffer with an unmapped page: exactly the bytes before the hole
 * move; a buffer that starts in it is EFAULT.
 */
static void
test_hole(void)
{
	unsigned char *h;
	struct stat st;
	size_t i;

	h = mmap(NULL, 4 * PGSZ, RW, ANON, -1, 0);
	UT_TRUE(h != MAP_FAILED);
	if (h == MAP_FAILED)
		return;
	UT_EQ(munmap(h + 2 * PGSZ, PGSZ), 0);

	/* Untouched pages before the hole. */
	UT_EQ(pread(rfd, h, 4 * PGSZ, 0), 2 * PGSZ);
	UT_PAT(h, 0, 2 * PGSZ);
	UT_BYTES(h + 3 * PGSZ, 0, PGSZ);
	/* read() moves the offset by what it moved. */
	memset(h, 0xee, 2 * PGSZ);
	UT_EQ(lseek(rfd, 10, SEEK_SET), 10);
	UT_EQ(read(rfd, h, 4 * PGSZ), 2 * PGSZ);
	UT_EQ(lseek(rfd, 0, SEEK_CUR), 10 + 2 * PGSZ);
	UT_PAT(h, 10, 2 * PGSZ);
	/* Starting mid-page: up to the hole. */
	memset(h, 0xee, 2 * PGSZ);
	UT_EQ(pread(rfd, h + PGSZ + 100, 2 * PGSZ, 0), PGSZ - 100);
	UT_BYTES(h, 0xee, PGSZ + 100);
	UT_PAT(h + PGSZ + 100, 0, PGSZ - 100);
	/* Starting in the hole. */
	UT_ERR(pread(rfd, h + 2 * PGSZ, 4 * PGSZ, 0), EFAULT);
	UT_ERR(pread(rfd, h + 2 * PGSZ + 100, 2 * PGSZ, 0), EFAULT);
	UT_EQ(lseek(rfd, 0, SEEK_SET), 0);
	UT_ERR(read(rfd, h + 2 * PGSZ, 2 * PGSZ), EFAULT);
	UT_EQ(lseek(rfd, 0, SEEK_CUR), 0);
	UT_BYTES(h + 3 * PGSZ, 0, PGSZ);

	/* Writes likewise. */
	for (i = 0; i < 2 * PGSZ; i++)
		h[i] = wpat(i, 3);
	UT_EQ(ftruncate(sfd, 0), 0);
	UT_EQ(pwrite(sfd, h, 4 * PGSZ, 0), 2 * PGSZ);
	UT_EQ(fstat(sfd, &st), 0);
	UT_EQ(st.st_size, 2 * PGSZ);
	UT_FILE(sfd, 0, h, 2 * PGSZ);
	UT_EQ(pwrite(sfd, h + PGSZ + 1, 2 * PGSZ, 2 * PGSZ), PGSZ - 1);
	UT_EQ(fstat(sfd, &st), 0);
	UT_EQ(st.st_size, 3 * PGSZ - 1);
	UT_FILE(sfd, 2 * PGSZ, h + PGSZ + 1, PGSZ - 1);
	UT_ERR(pwrite(sfd, h + 2 * PGSZ, 2 * PGSZ, 0), EFAULT);
	UT_ERR(pwrite(sfd, h + 2 * PGSZ + 8, 2 * PGSZ, 3 * PGSZ), EFAULT);
	UT_EQ(fstat(sfd, &st), 0);
	UT_EQ(st.st_size, 3 * PGSZ - 1);
	UT_FILE(sfd, 0, h, 2 * PGSZ);
	UT_EQ(munmap(h, 4 * PGSZ), 0);
}

/* Reading into memory that is not writable is EFAULT; nothing lands. */
static void
test_readonly(void)
{
	unsigned char *ro;

	ro = mmap(NULL, 2 * PGSZ, RW, ANON, -1, 0);
	UT_TRUE(ro != MAP_FAILED);
	if (ro == MAP_FAILED)
		return;
	memset(ro, 'q', 2 * PGSZ);
	UT_EQ(mprotect(ro, 2 * PGSZ, PROT_READ), 0);
	UT_ERR(pread(rfd, ro, 2 * PGSZ, 0), EFAULT);
	UT_ERR(pread(rfd, ro, PGSZ, 0), EFAULT);
	UT_ERR(pread(rfd, ro + 1, PGSZ, 0), EFAULT);
	UT_BYTES(ro, 'q', 2 * PGSZ);
	/* Writing from it is fine. */
	UT_EQ(ftruncate(sfd, 0), 0);
	UT_EQ(pwrite(sfd, ro, 2 * PGSZ, 0), 2 * PGSZ);
	UT_FILE(sfd, 0, ro, 2 * PGSZ);
	/* Not from PROT_NONE. */
	UT_EQ(mprotect(ro, 2 * PGSZ, PROT_NONE), 0);
	UT_ERR(pwrite(sfd, ro, 2 * PGSZ, 0), EFAULT);
	UT_ERR(pread(rfd, ro, 2 * PGSZ, 0), EFAULT);
	UT_EQ(mprotect(ro, 2 * PGSZ, PROT_READ), 0);
	UT_BYTES(ro, 'q', 2 * PGSZ);
	UT_EQ(munmap(ro, 2 * PGSZ), 0);

	/* Never touched and read-only: still EFAULT, still zero. */
	ro = mmap(NULL, 2 * PGSZ, PROT_READ, ANON, -1, 0);
	UT_TRUE(ro != MAP_FAILED);
	if (ro == MAP_FAILED)
		return;
	UT_ERR(pread(rfd, ro, 2 * PGSZ, 0), EFAULT);
	UT_BYTES(ro, 0, 2 * PGSZ);
	UT_EQ(munmap(ro, 2 * PGSZ), 0);
}

/* End of file, empty reads, addresses no user buffer can have. */
static void
test_limits(void)
{
	memset(buf, 0xee, BUFSZ);
	UT_EQ(pread(rfd, buf, 2 * PGSZ, FSZ), 0);
	UT_EQ(pread(rfd, buf, 2 * PGSZ, FSZ + 5000), 0);
	UT_EQ(pread(rfd, buf, 2 * PGSZ, FSZ - 100), 100);
	UT_PAT(buf, FSZ - 100, 100);
	UT_BYTES(buf + 100, 0xee, BUFSZ - 100);
	UT_EQ(lseek(rfd, FSZ, SEEK_SET), FSZ);
	UT_EQ(read(rfd, buf, 2 * PGSZ), 0);
	UT_EQ(read(rfd, NULL, 0), 0);
	UT_EQ(pread(rfd, NULL, 0, 0), 0);
	UT_EQ(lseek(rfd, 0, SEEK_SET), 0);
	UT_EQ(read(rfd, NULL, 0), 0);
	UT_EQ(lseek(rfd, 0, SEEK_CUR), 0);

	UT_ERR(read(rfd, (void *)0xC0000000, 2 * PGSZ), EFAULT);
	UT_ERR(pread(rfd, (void *)0xC0000000, 2 * PGSZ, 0), EFAULT);
	UT_ERR(pread(rfd, (void *)0xFFFFF000, 2 * PGSZ, 0), EFAULT);
	UT_ERR(pread(rfd, NULL, 2 * PGSZ, 0), EFAULT);
	UT_ERR(pwrite(sfd, (void *)0xC0000000, 2 * PGSZ, 0), EFAULT);
	UT_ERR(pwrite(sfd, NULL, 2 * PGSZ, 0), EFAULT);
	UT_EQ(lseek(rfd, 0, SEEK_CUR), 0);
}

/*
 * More than 1 MiB in one call: the kernel holds a buffer a window at a
 * time (1 MiB), so these calls take several windows, each of which must
 * go on from where the one before stopped, both in the buffer and in the
 * file.  At an unaligned file offset from an unaligned buffer, every byte
 * checked against its file position (a window that starts at the wrong
 * file offset puts or finds bytes of another position: fpat differs 1 MiB
 * apart).  pread and pwrite leave the file offset alone; read and write
 * advance it by the whole count.
 */
#define BIG	(2 * 1024 * 1024 + 3 * PGSZ + 77)	/* three windows */
#define BIGOFF	12345

static void
test_big(void)
{
	const size_t blen = BIG + 2 * PGSZ;
	unsigned char *b;
	struct stat st;
	size_t i;
	int fd;

	b = mmap(NULL, blen, RW, ANON, -1, 0);
	fd = open("big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	UT_TRUE(b != MAP_FAILED && fd >= 0);
	if (b == MAP_FAILED || fd < 0)
		return;
	for (i = 0; i < BIG; i++)
		b[i + 1] = fpat(BIGOFF + i);

	/* pwrite: the content, the size, the offset untouched. */
	UT_EQ(lseek(fd, 100, SEEK_SET), 100);
	UT_EQ(pwrite(fd, b + 1, BIG, BIGOFF), BIG);
	UT_EQ(lseek(fd, 0, SEEK_CUR), 100);
	UT_EQ(fstat(fd, &st), 0);
	UT_EQ(st.st_size, BIGOFF + BIG);
	UT_FILE(fd, BIGOFF, b + 1, BIG);
	memset(b, 0, blen);
	UT_FILE(fd, 0, b, BIGOFF);		/* the gap before is zeros */

	/* pread, at two offsets into two alignments. */
	memset(b, 0xee, blen);
	UT_EQ(pread(fd, b + 1, BIG, BIGOFF), BIG);
	UT_PAT(b + 1, BIGOFF, BIG);
	UT_EQ(b[0], 0xee);
	UT_EQ(b[BIG + 1], 0xee);
	UT_EQ(pread(fd, b + PGSZ, BIG - 3000, BIGOFF + 3000), BIG - 3000);
	UT_PAT(b + PGSZ, BIGOFF + 3000, BIG - 3000);
	UT_EQ(lseek(fd, 0, SEEK_CUR), 100);

	/* read and write: the same, from and to the file offset. */
	memset(b, 0xee, blen);
	UT_EQ(lseek(fd, BIGOFF, SEEK_SET), BIGOFF);
	UT_EQ(read(fd, b + 3, BIG), BIG);
	UT_EQ(lseek(fd, 0, SEEK_CUR), BIGOFF + BIG);
	UT_PAT(b + 3, BIGOFF, BIG);
	UT_EQ(ftruncate(fd, 0), 0);
	UT_EQ(lseek(fd, BIGOFF, SEEK_SET), BIGOFF);
	UT_EQ(write(fd, b + 3, BIG), BIG);
	UT_EQ(lseek(fd, 0, SEEK_CUR), BIGOFF + BIG);
	UT_EQ(fstat(fd, &st), 0);
	UT_EQ(st.st_size, BIGOFF + BIG);
	UT_FILE(fd, BIGOFF, b + 3, BIG);

	UT_EQ(close(fd), 0);
	UT_EQ(unlink("big"), 0);
	UT_EQ(munmap(b, blen), 0);
}

static void
data_round(int path)
{
	UT_EQ(set_path(path), 0);
	test_reads();
	test_writes();
	test_span();
	test_filebuf();
	test_cowbuf();
	test_hole();
	test_readonly();
	test_limits();
	test_big();
}

int
main(int argc, char **argv)
{
	int f0, old_path;

	memset(wshadow, 0, sizeof(wshadow));	/* fault it in first */
	if (iov_begin(TDIR, &f0) != 0)
		UT_DONE("vm_iovec");
	old_path = cur_path;
	init_sizes();

	/* The data checks under both paths, then the old path back. */
	data_round(1);
	data_round(0);
	if (old_path == 0 || old_path == 1)
		UT_EQ(set_path(old_path), 0);
	cur_path = old_path;

	iov_end(TDIR, f0);
	UT_DONE("vm_iovec");
}
