/*
 * vm_mmap - file mappings.  MAP_SHARED mappings use the file's own
 * pages: stores are seen by pread() and by a second mapping at once, and
 * pwrite() is seen by the mappings.  A MAP_PRIVATE mapping sees the
 * file until it stores to a page, which then stays its own.  Bytes past
 * the end of the file in its last page read as zero; touching a page
 * wholly past the end kills the program with SIGBUS, until ftruncate()
 * grows the file (and again after it shrinks it).  Mappings outlive
 * close() and unlink().  Offsets map the right page.  Errors: EINVAL,
 * EBADF, EACCES for the access a descriptor does not allow (mmap and
 * mprotect), ENODEV for what cannot be mapped.  Works in /tmp/vm_mmap
 * and removes it.
 *
 * Faults are provoked in forked children, which the parent waits for.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define TDIR	"/tmp/vm_mmap"
#define PGSZ	4096
#define RW	(PROT_READ | PROT_WRITE)
#define FSIZE	(3 * PGSZ + 100)	/* the test file: 3 pages and a bit */

/* The mmap call must fail with MAP_FAILED and errno e1 or e2. */
#define UT_MAPERR2(call, e1, e2) do {					\
	void *_p;							\
	int _e;								\
	errno = 0;							\
	_p = (call);							\
	_e = errno;							\
	if (_p != MAP_FAILED || (_e != (e1) && _e != (e2))) {		\
		printf("FAIL: %s:%d: %s: got %p errno %d, "		\
		    "want MAP_FAILED errno %d or %d\n", __FILE__,	\
		    __LINE__, #call, _p, _e, (e1), (e2));		\
		ut_failures++;						\
	}								\
} while (0)
#define UT_MAPERR(call, err)	UT_MAPERR2(call, err, err)

/*
 * len bytes at p are the file's pattern for file offsets [off, off +
 * len); on a mismatch print the first differing byte.
 */
#define UT_PAT(p, off, len, seed) do {					\
	size_t _i = pat_diff(p, off, len, seed);			\
	if (_i != (size_t)-1) {						\
		printf("FAIL: %s:%d: %s: byte %zu of %zu (file offset "	\
		    "%zu) is %#x, want %#x\n", __FILE__, __LINE__, #p,	\
		    _i, (size_t)(len), (size_t)(off) + _i,		\
		    ((const unsigned char *)(p))[_i],			\
		    pat((size_t)(off) + _i, seed));			\
		ut_failures++;						\
	}								\
} while (0)

/* len bytes at p equal those at q. */
#define UT_SAME(p, q, len) do {						\
	size_t _i = mem_diff(p, q, len);				\
	if (_i != (size_t)-1) {						\
		printf("FAIL: %s:%d: %s vs %s: byte %zu of %zu: "	\
		    "%#x vs %#x\n", __FILE__, __LINE__, #p, #q, _i,	\
		    (size_t)(len), ((const unsigned char *)(p))[_i],	\
		    ((const unsigned char *)(q))[_i]);			\
		ut_failures++;						\
	}								\
} while (0)

static unsigned char iobuf[8 * PGSZ];
static unsigned char shadow[8 * PGSZ];	/* what the test file holds */

/* The address the child functions below touch. */
static volatile unsigned char *target;
static volatile unsigned char sink;

static void
do_read(void)
{
	sink = *target;
}

static void
do_write(void)
{
	*target = 1;
}

/* Exits 1 unless target reads as zero and takes a store. */
static void
read_zero(void)
{
	if (*target != 0)
		_exit(1);
	*target = 'k';
	if (*target != 'k')
		_exit(1);
}

/* The byte at file offset off of a file made with seed. */
static unsigned char
pat(size_t off, int seed)
{
	return ((unsigned char)(off * 7 + (off >> 9) * 13 + seed * 37 + 1));
}

/* The first byte of p that differs from the pattern, or -1. */
static size_t
pat_diff(const void *p, size_t off, size_t len, int seed)
{
	const volatile unsigned char *s = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != pat(off + i, seed))
			return (i);
	return ((size_t)-1);
}

/* The first byte where p and q differ, or -1. */
static size_t
mem_diff(const void *p, const void *q, size_t len)
{
	const volatile unsigned char *a = p, *b = q;
	size_t i;

	for (i = 0; i < len; i++)
		if (a[i] != b[i])
			return (i);
	return ((size_t)-1);
}

/* How many bytes of [p, p + len) are not zero. */
static size_t
nonzero(const void *p, size_t len)
{
	const volatile unsigned char *s = p;
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (s[i] != 0)
			n++;
	return (n);
}

/* Create path holding size bytes of pattern seed; an O_RDWR fd or -1. */
static int
make_file(const char *path, size_t size, int seed)
{
	size_t i;
	int fd;

	if (size > sizeof(iobuf))
		return (-1);
	for (i = 0; i < size; i++)
		iobuf[i] = pat(i, seed);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return (-1);
	if (write(fd, iobuf, size) != (ssize_t)size) {
		close(fd);
		return (-1);
	}
	return (fd);
}

/* The file's first len bytes equal the shadow copy. */
#define UT_FILE(fd, len) do {						\
	memset(iobuf, 0xee, sizeof(iobuf));				\
	UT_EQ(pread(fd, iobuf, len, 0), len);				\
	UT_SAME(iobuf, shadow, len);					\
} while (0)

/*
 * MAP_SHARED: the mapping, pread/pwrite and a second mapping all see
 * the same bytes.
 */
static void
test_shared(void)
{
	unsigned char *m, *m2;
	unsigned char c;
	size_t i;
	int fd;

	fd = make_file("f", FSIZE, 1);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		return;
	for (i = 0; i < FSIZE; i++)
		shadow[i] = pat(i, 1);
	m = mmap(NULL, FSIZE, RW, MAP_SHARED, fd, 0);
	UT_TRUE(m != MAP_FAILED);
	if (m == MAP_FAILED) {
		close(fd);
		return;
	}
	UT_EQ((uintptr_t)m & (PGSZ - 1), 0);
	UT_PAT(m, 0, FSIZE, 1);
	/* The rest of the last page is zero. */
	UT_EQ(nonzero(m + FSIZE, 4 * PGSZ - FSIZE), 0);

	/* Stores through the mapping: pread sees them at once. */
	m[0] = shadow[0] = 'S';
	m[5000] = shadow[5000] = 'T';
	m[FSIZE - 1] = shadow[FSIZE - 1] = 'U';
	c = 0;
	UT_EQ(pread(fd, &c, 1, 0), 1);
	UT_EQ(c, 'S');
	UT_EQ(pread(fd, &c, 1, 5000), 1);
	UT_EQ(c, 'T');
	UT_EQ(pread(fd, &c, 1, FSIZE - 1), 1);
	UT_EQ(c, 'U');

	/* pwrite (across a page boundary): the mapping sees it at once. */
	UT_EQ(pwrite(fd, "pw", 2, 2 * PGSZ - 1), 2);
	shadow[2 * PGSZ - 1] = 'p';
	shadow[2 * PGSZ] = 'w';
	UT_EQ(m[2 * PGSZ - 1], 'p');
	UT_EQ(m[2 * PGSZ], 'w');
	UT_SAME(m, shadow, FSIZE);
	UT_FILE(fd, FSIZE);

	/* A second shared mapping: the same pages. */
	m2 = mmap(NULL, FSIZE, RW, MAP_SHARED, fd, 0);
	UT_TRUE(m2 != MAP_FAILED && m2 != m);
	if (m2 != MAP_FAILED) {
		UT_SAME(m2, shadow, FSIZE);
		m[100] = shadow[100] = 'X';
		UT_EQ(m2[100], 'X');
		m2[7000] = shadow[7000] = 'Y';
		UT_EQ(m[7000], 'Y');
		UT_SAME(m, shadow, FSIZE);
		UT_SAME(m2, shadow, FSIZE);
		UT_EQ(munmap(m2, FSIZE), 0);
	}
	/* What is left after the other mapping went is still there. */
	UT_SAME(m, shadow, FSIZE);
	UT_FILE(fd, FSIZE);
	UT_EQ(munmap(m, FSIZE), 0);
	UT_EQ(close(fd), 0);

	/* A new mapping of the reopened file shows all of it. */
	fd = open("f", O_RDONLY);
	UT_TRUE(fd >= 0);
	m = mmap(NULL, FSIZE, PROT_READ, MAP_SHARED, fd, 0);
	UT_TRUE(m != MAP_FAILED);
	if (m != MAP_FAILED) {
		UT_SAME(m, shadow, FSIZE);
		UT_EQ(munmap(m, FSIZE), 0);
	}
	UT_EQ(close(fd), 0);
}

/*
 * MAP_PRIVATE: sees the file; a page it stores to becomes its own
 * (whether its other pages follow later file changes is unspecified
 * and not checked).
 */
static void
test_private(void)
{
	unsigned char *m, *mp;
	unsigned char c;
	int fd;

	fd = open("f", O_RDWR);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		return;
	m = mmap(NULL, FSIZE, RW, MAP_SHARED, fd, 0);
	mp = mmap(NULL, FSIZE, RW, MAP_PRIVATE, fd, 0);
	UT_TRUE(m != MAP_FAILED && mp != MAP_FAILED);
	if (m == MAP_FAILED || mp == MAP_FAILED) {
		close(fd);
		return;
	}
	UT_SAME(mp, shadow, FSIZE);
	UT_EQ(nonzero(mp + FSIZE, 4 * PGSZ - FSIZE), 0);

	/* A private store: the file and the shared mapping keep theirs. */
	mp[4100] = 'P';
	mp[FSIZE - 2] = 'Q';
	UT_EQ(mp[4100], 'P');
	UT_EQ(mp[FSIZE - 2], 'Q');
	UT_SAME(m, shadow, FSIZE);
	UT_FILE(fd, FSIZE);
	/* The rest of the private page is the file's. */
	UT_SAME(mp + PGSZ, shadow + PGSZ, 4);
	UT_SAME(mp + 4101, shadow + 4101, PGSZ - 5);

	/* Later changes to the file do not undo the private copy. */
	UT_EQ(pwrite(fd, "R", 1, 4100), 1);
	shadow[4100] = 'R';
	m[FSIZE - 2] = shadow[FSIZE - 2] = 'V';
	UT_EQ(mp[4100], 'P');
	UT_EQ(mp[FSIZE - 2], 'Q');
	UT_EQ(m[4100], 'R');
	c = 0;
	UT_EQ(pread(fd, &c, 1, FSIZE - 2), 1);
	UT_EQ(c, 'V');
	UT_EQ(munmap(mp, FSIZE), 0);

	/* A new private mapping sees the file, not the old private copy. */
	mp = mmap(NULL, FSIZE, PROT_READ, MAP_PRIVATE, fd, 0);
	UT_TRUE(mp != MAP_FAILED);
	if (mp != MAP_FAILED) {
		UT_SAME(mp, shadow, FSIZE);
		UT_EQ(munmap(mp, FSIZE), 0);
	}
	UT_EQ(munmap(m, FSIZE), 0);
	UT_EQ(close(fd), 0);
}

/*
 * The end of the file: zeroes in the last page, SIGBUS beyond it, and
 * ftruncate moving the boundary under an existing mapping.
 */
static void
test_eof(void)
{
	unsigned char *m;
	unsigned char c;
	struct stat st;
	int fd;

	fd = open("f", O_RDWR);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		return;
	/* 6 pages of a file of 3 and a bit. */
	m = mmap(NULL, 6 * PGSZ, RW, MAP_SHARED, fd, 0);
	UT_TRUE(m != MAP_FAILED);
	if (m == MAP_FAILED) {
		close(fd);
		return;
	}
	UT_SAME(m, shadow, FSIZE);
	UT_EQ(nonzero(m + FSIZE, 4 * PGSZ - FSIZE), 0);
	target = m + 5 * PGSZ;
	UT_CHILD(do_read, SIGBUS);
	target = m + 4 * PGSZ + 1;
	UT_CHILD(do_write, SIGBUS);
	/* The child's attempts did not grow the file. */
	UT_EQ(fstat(fd, &st), 0);
	UT_EQ(st.st_size, FSIZE);

	/* Grown to 6 pages: readable (zero) and writable, in a new child. */
	UT_EQ(ftruncate(fd, 6 * PGSZ), 0);
	target = m + 5 * PGSZ;
	UT_CHILD(read_zero, 0);
	/* The child's store is in the file. */
	c = 0;
	UT_EQ(pread(fd, &c, 1, 5 * PGSZ), 1);
	UT_EQ(c, 'k');
	UT_EQ(nonzero(m + FSIZE, 4 * PGSZ - FSIZE), 0);
	UT_EQ(nonzero(m + 4 * PGSZ, PGSZ), 0);
	m[FSIZE + 10] = 'E';
	c = 0;
	UT_EQ(pread(fd, &c, 1, FSIZE + 10), 1);
	UT_EQ(c, 'E');

	/* Shrunk again: the pages past the end go away. */
	UT_EQ(ftruncate(fd, FSIZE), 0);
	target = m + 5 * PGSZ;
	UT_CHILD(do_read, SIGBUS);
	target = m + 4 * PGSZ;
	UT_CHILD(do_read, SIGBUS);
	UT_SAME(m, shadow, FSIZE);

	/* Grown once more: what was stored past the end is gone. */
	UT_EQ(ftruncate(fd, 6 * PGSZ), 0);
	c = 1;
	UT_EQ(pread(fd, &c, 1, FSIZE + 10), 1);
	UT_EQ(c, 0);
	c = 1;
	UT_EQ(pread(fd, &c, 1, 5 * PGSZ), 1);
	UT_EQ(c, 0);
	UT_EQ(nonzero(m + FSIZE, 6 * PGSZ - FSIZE), 0);

	UT_EQ(ftruncate(fd, FSIZE), 0);
	UT_EQ(munmap(m, 6 * PGSZ), 0);
	UT_EQ(close(fd), 0);
}

/* Mappings outlive the descriptor and the file's name. */
static void
test_close_unlink(void)
{
	unsigned char *m, *mp;
	unsigned char c;
	int fd;

	/* close: the mapping still reaches the file. */
	fd = make_file("h", 2 * PGSZ, 2);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		return;
	m = mmap(NULL, 2 * PGSZ, RW, MAP_SHARED, fd, 0);
	UT_TRUE(m != MAP_FAILED);
	UT_EQ(close(fd), 0);
	if (m != MAP_FAILED) {
		UT_PAT(m, 0, 2 * PGSZ, 2);
		m[PGSZ + 1] = 'C';
		fd = open("h", O_RDONLY);
		UT_TRUE(fd >= 0);
		c = 0;
		UT_EQ(pread(fd, &c, 1, PGSZ + 1), 1);
		UT_EQ(c, 'C');
		UT_EQ(close(fd), 0);
		UT_EQ(munmap(m, 2 * PGSZ), 0);
	}
	UT_EQ(unlink("h"), 0);

	/* close and unlink: the data lives on until munmap. */
	fd = make_file("g", 2 * PGSZ, 3);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		return;
	m = mmap(NULL, 2 * PGSZ, RW, MAP_SHARED, fd, 0);
	mp = mmap(NULL, 2 * PGSZ, RW, MAP_PRIVATE, fd, 0);
	UT_TRUE(m != MAP_FAILED && mp != MAP_FAILED);
	UT_EQ(close(fd), 0);
	UT_EQ(unlink("g"), 0);
	if (m != MAP_FAILED) {
		UT_PAT(m, 0, 2 * PGSZ, 3);
		m[10] = 'z';
		UT_EQ(m[10], 'z');
		UT_PAT(m + 11, 11, 2 * PGSZ - 11, 3);
	}
	if (mp != MAP_FAILED) {
		mp[20] = 'y';
		UT_EQ(mp[20], 'y');
		UT_PAT(mp + PGSZ, PGSZ, PGSZ, 3);
	}
	if (m != MAP_FAILED)
		UT_EQ(munmap(m, 2 * PGSZ), 0);
	if (mp != MAP_FAILED)
		UT_EQ(munmap(mp, 2 * PGSZ), 0);
}

/* A page-aligned offset maps that page of the file. */
static void
test_offset(void)
{
	unsigned char *m;
	int fd;

	fd = make_file("o", FSIZE, 4);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		return;
	m = mmap(NULL, PGSZ, PROT_READ, MAP_SHARED, fd, 2 * PGSZ);
	UT_TRUE(m != MAP_FAILED);
	if (m != MAP_FAILED) {
		UT_PAT(m, 2 * PGSZ, PGSZ, 4);
		UT_EQ(munmap(m, PGSZ), 0);
	}

	/* The last, partial page, and one wholly past the end. */
	m = mmap(NULL, 2 * PGSZ, RW, MAP_PRIVATE, fd, 3 * PGSZ);
	UT_TRUE(m != MAP_FAILED);
	if (m != MAP_FAILED) {
		UT_PAT(m, 3 * PGSZ, FSIZE - 3 * PGSZ, 4);
		UT_EQ(nonzero(m + FSIZE - 3 * PGSZ, 4 * PGSZ - FSIZE), 0);
		target = m + PGSZ;
		UT_CHILD(do_read, SIGBUS);
		UT_EQ(munmap(m, 2 * PGSZ), 0);
	}

	/* Mapping wholly past the end is allowed; touching it is not. */
	m = mmap(NULL, PGSZ, PROT_READ, MAP_SHARED, fd, 8 * PGSZ);
	UT_TRUE(m != MAP_FAILED);
	if (m != MAP_FAILED) {
		target = m;
		UT_CHILD(do_read, SIGBUS);
		UT_EQ(munmap(m, PGSZ), 0);
	}

	/* MAP_FIXED of a file page over anonymous memory. */
	m = mmap(NULL, 3 * PGSZ, RW, MAP_PRIVATE | MAP_ANON, -1, 0);
	UT_TRUE(m != MAP_FAILED);
	if (m != MAP_FAILED) {
		memset(m, 'a', 3 * PGSZ);
		UT_PEQ(mmap(m + PGSZ, PGSZ, PROT_READ, MAP_SHARED | MAP_FIXED,
		    fd, PGSZ), m + PGSZ);
		UT_EQ(m[0], 'a');
		UT_PAT(m + PGSZ, PGSZ, PGSZ, 4);
		UT_EQ(m[2 * PGSZ], 'a');
		UT_EQ(munmap(m, 3 * PGSZ), 0);
	}
	UT_EQ(close(fd), 0);
	UT_EQ(unlink("o"), 0);
}

static void
test_errors(void)
{
	int fd, rfd, wfd, dfd, nfd, cfd, pfd[2];
	unsigned char *m;
	unsigned char c;

	fd = open("f", O_RDWR);
	rfd = open("f", O_RDONLY);
	wfd = open("f", O_WRONLY);
	UT_TRUE(fd >= 0 && rfd >= 0 && wfd >= 0);

	/* Offset not a multiple of the page size; empty. */
	UT_MAPERR(mmap(NULL, PGSZ, PROT_READ, MAP_SHARED, fd, 100), EINVAL);
	UT_MAPERR(mmap(NULL, PGSZ, PROT_READ, MAP_PRIVATE, fd, PGSZ + 1),
	    EINVAL);
	UT_MAPERR(mmap(NULL, 0, PROT_READ, MAP_SHARED, fd, 0), EINVAL);

	/* Bad descriptors. */
	cfd = dup(fd);
	UT_TRUE(cfd >= 0);
	UT_EQ(close(cfd), 0);
	UT_MAPERR(mmap(NULL, PGSZ, PROT_READ, MAP_SHARED, cfd, 0), EBADF);
	UT_MAPERR(mmap(NULL, PGSZ, PROT_READ, MAP_SHARED, 999, 0), EBADF);
	UT_MAPERR(mmap(NULL, PGSZ, PROT_READ, MAP_PRIVATE, -1, 0), EBADF);

	/* Read-only descriptor: no shared writable mapping. */
	UT_MAPERR(mmap(NULL, PGSZ, RW, MAP_SHARED, rfd, 0), EACCES);
	UT_MAPERR(mmap(NULL, PGSZ, PROT_WRITE, MAP_SHARED, rfd, 0), EACCES);
	/* ...but a private one is fine, and keeps its stores to itself. */
	m = mmap(NULL, PGSZ, RW, MAP_PRIVATE, rfd, 0);
	UT_TRUE(m != MAP_FAILED);
	if (m != MAP_FAILED) {
		UT_EQ(m[1], shadow[1]);
		m[1] = (unsigned char)~shadow[1];
		UT_EQ(m[1], (unsigned char)~shadow[1]);
		c = 0;
		UT_EQ(pread(rfd, &c, 1, 1), 1);
		UT_EQ(c, shadow[1]);
		UT_EQ(munmap(m, PGSZ), 0);
	}
	/* A shared read-only mapping cannot be made writable later. */
	m = mmap(NULL, PGSZ, PROT_READ, MAP_SHARED, rfd, 0);
	UT_TRUE(m != MAP_FAILED);
	if (m != MAP_FAILED) {
		UT_EQ(m[2], shadow[2]);
		UT_ERR(mprotect(m, PGSZ, RW), EACCES);
		UT_ERR(mprotect(m, PGSZ, PROT_WRITE), EACCES);
		/* Nor after the descriptor is closed. */
		UT_EQ(close(rfd), 0);
		rfd = -1;
		UT_ERR(mprotect(m, PGSZ, RW), EACCES);
		UT_EQ(mprotect(m, PGSZ, PROT_READ), 0);
		target = m + 2;
		UT_CHILD(do_write, SIGSEGV);
		UT_EQ(m[2], shadow[2]);
		UT_EQ(munmap(m, PGSZ), 0);
	}
	/* A private read-only mapping of it can. */
	rfd = open("f", O_RDONLY);
	m = mmap(NULL, PGSZ, PROT_READ, MAP_PRIVATE, rfd, 0);
	UT_TRUE(m != MAP_FAILED);
	if (m != MAP_FAILED) {
		UT_EQ(mprotect(m, PGSZ, RW), 0);
		m[3] = 'w';
		UT_EQ(m[3], 'w');
		UT_EQ(munmap(m, PGSZ), 0);
	}

	/* Write-only descriptor: nothing to read the pages with. */
	UT_MAPERR(mmap(NULL, PGSZ, PROT_READ, MAP_SHARED, wfd, 0), EACCES);
	UT_MAPERR(mmap(NULL, PGSZ, RW, MAP_SHARED, wfd, 0), EACCES);
	UT_MAPERR(mmap(NULL, PGSZ, PROT_READ, MAP_PRIVATE, wfd, 0), EACCES);

	/* Things that are not regular files. */
	dfd = open(TDIR, O_RDONLY);
	UT_TRUE(dfd >= 0);
	UT_MAPERR2(mmap(NULL, PGSZ, PROT_READ, MAP_PRIVATE, dfd, 0), ENODEV,
	    EACCES);
	UT_MAPERR2(mmap(NULL, PGSZ, PROT_READ, MAP_SHARED, dfd, 0), ENODEV,
	    EACCES);
	nfd = open("/dev/null", O_RDWR);
	UT_TRUE(nfd >= 0);
	UT_MAPERR(mmap(NULL, PGSZ, PROT_READ, MAP_SHARED, nfd, 0), ENODEV);
	UT_MAPERR(mmap(NULL, PGSZ, RW, MAP_PRIVATE, nfd, 0), ENODEV);
	UT_EQ(pipe(pfd), 0);
	UT_MAPERR(mmap(NULL, PGSZ, PROT_READ, MAP_SHARED, pfd[0], 0), ENODEV);
	UT_EQ(close(pfd[0]), 0);
	UT_EQ(close(pfd[1]), 0);

	UT_EQ(close(fd), 0);
	UT_EQ(close(rfd), 0);
	UT_EQ(close(wfd), 0);
	UT_EQ(close(dfd), 0);
	UT_EQ(close(nfd), 0);
}

/*
 * Bytes a shared mapping stored past the end of file, in its last page,
 * read as zero once the file grows over them (by ftruncate or by a write
 * beyond them).
 */
static void
test_tail(void)
{
	char *m, c = 'x';
	int fd = open("t", O_RDWR | O_CREAT | O_TRUNC, 0644);

	UT_TRUE(fd >= 0);
	UT_EQ(pwrite(fd, "0123456789", 10, 0), 10);
	m = mmap(NULL, PGSZ, RW, MAP_SHARED, fd, 0);
	UT_TRUE(m != MAP_FAILED);
	if (m == MAP_FAILED)
		return;
	m[100] = 'E';
	m[3000] = 'F';
	UT_EQ(ftruncate(fd, 2 * PGSZ), 0);
	UT_EQ(pread(fd, &c, 1, 100), 1);
	UT_EQ(c, 0);
	UT_EQ(m[100], 0);
	UT_EQ(ftruncate(fd, 10), 0);
	m[200] = 'G';
	UT_EQ(pwrite(fd, "z", 1, 300), 1);	/* grows the file over 200 */
	UT_EQ(pread(fd, &c, 1, 200), 1);
	UT_EQ(c, 0);
	UT_EQ(munmap(m, PGSZ), 0);
	UT_EQ(close(fd), 0);
	UT_EQ(unlink("t"), 0);
}

/*
 * Small transfers (below vm.uio_iovec_min) that run into an unmapped page
 * count exactly the bytes before it; huge ones with a bad buffer fail at
 * once (init's leak check sees that nothing stays allocated).
 */
static void
test_partial_small(void)
{
	char *m;
	int fd = open("f", O_RDWR);

	UT_TRUE(fd >= 0);
	m = mmap(NULL, 2 * PGSZ, RW, MAP_PRIVATE | MAP_ANON, -1, 0);
	UT_TRUE(m != MAP_FAILED);
	if (m == MAP_FAILED || fd < 0)
		return;
	UT_EQ(munmap(m + PGSZ, PGSZ), 0);
	UT_EQ(pread(fd, m + PGSZ - 50, 100, 0), 50);
	UT_EQ(pwrite(fd, m + PGSZ - 30, 100, 0), 30);
	UT_ERR(pread(fd, m + PGSZ, 100, 0), EFAULT);
	UT_ERR(read(fd, (void *)0x1000, 0x7fffffff), EFAULT);
	UT_ERR(write(fd, (void *)0x1000, 0x7fffffff), EFAULT);
	UT_EQ(munmap(m, PGSZ), 0);
	UT_EQ(close(fd), 0);
}

int
main(int argc, char **argv)
{
	ut_workdir_enter(TDIR);
	test_shared();
	test_private();
	test_eof();
	test_close_unlink();
	test_offset();
	test_errors();
	test_tail();
	test_partial_small();
	UT_EQ(unlink("f"), 0);
	ut_workdir_leave(TDIR);
	UT_DONE("vm_mmap");
}
