/*
 * vm_iovec.h - what the two VM-object iovec tests share: vm_iovec.c (the
 * byte-exact data paths under vm.uio_path 0 and 1) and vm_iovec_fly.c
 * (asynchronous I/O in flight).  Included by those two programs only
 * (every .c file under test/mman is a program of its own, so the shared
 * part is a header of static functions).
 *
 * Both work in a directory of their own under /tmp holding the pattern
 * file "r" (FSZ bytes of fpat(), opened as rfd) and the scratch file "s"
 * (sfd), with a page-aligned buffer buf of BUFSZ bytes; iov_begin()
 * makes all that and notes the free page count, iov_end() removes it
 * and checks that the count came back.  Between the two, UT_PAT,
 * UT_BYTES and UT_FILE check bytes in memory and in files against the
 * patterns fpat() (what the file "r" holds at an offset) and wpat()
 * (what write case seed writes), naming the first byte that differs.
 */
#ifndef _TEST_MMAN_VM_IOVEC_H_
#define _TEST_MMAN_VM_IOVEC_H_

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define PGSZ	4096
#define RW	(PROT_READ | PROT_WRITE)
#define ANON	(MAP_PRIVATE | MAP_ANON)
#define FSZ	(64 * 1024)		/* the pattern file "r" */
#define BUFSZ	(FSZ + 2 * PGSZ)	/* room for FSZ at offset 4095 */

/*
 * len bytes at p are the pattern file's bytes from offset off; on a
 * mismatch print the first differing byte.
 */
#define UT_PAT(p, off, len) do {					\
	size_t _i = pat_diff(p, off, len);				\
	if (_i != (size_t)-1) {						\
		printf("FAIL: %s:%d: path %d: %s: byte %zu of %zu "	\
		    "(file offset %zu) is %#x, want %#x\n", __FILE__,	\
		    __LINE__, cur_path, #p, _i, (size_t)(len),		\
		    (size_t)(off) + _i, ((const unsigned char *)(p))[_i], \
		    fpat((size_t)(off) + _i));				\
		ut_failures++;						\
	}								\
} while (0)

/* len bytes at p are all c. */
#define UT_BYTES(p, c, len) do {					\
	size_t _i = byte_diff(p, c, len);				\
	if (_i != (size_t)-1) {						\
		printf("FAIL: %s:%d: path %d: %s: byte %zu of %zu is "	\
		    "%#x, want %#x\n", __FILE__, __LINE__, cur_path,	\
		    #p, _i, (size_t)(len),				\
		    ((const unsigned char *)(p))[_i],			\
		    (unsigned)(unsigned char)(c));			\
		ut_failures++;						\
	}								\
} while (0)

/* The file's bytes [off, off + len) equal those at p. */
#define UT_FILE(fd, off, p, len) do {					\
	off_t _d = file_diff(fd, off, p, len);				\
	if (_d != -1) {							\
		printf("FAIL: %s:%d: path %d: file %s [%lld, +%zu) vs "	\
		    "%s: first difference at file offset %lld\n",	\
		    __FILE__, __LINE__, cur_path, #fd,			\
		    (long long)(off), (size_t)(len), #p, (long long)_d); \
		ut_failures++;						\
	}								\
} while (0)

static int cur_path;			/* vm.uio_path in force (printed) */
static int iovec_min;			/* vm.uio_iovec_min */
static int rfd;				/* "r": FSZ bytes of fpat */
static int sfd;				/* "s": scratch */
static unsigned char *buf;		/* BUFSZ, page aligned */
static unsigned char small[2048];	/* for reading files back */
static unsigned char expect[2048];	/* what a piece of a file holds */

/* The pattern file's byte at off: differs from page to page. */
static unsigned char
fpat(size_t off)
{
	return ((unsigned char)(off * 7 + (off >> 9) * 13 + (off >> 16) + 1));
}

/* What write case seed writes as byte i. */
static unsigned char
wpat(size_t i, int seed)
{
	return ((unsigned char)(i * 13 + (i >> 10) * 3 + seed * 101 + 5));
}

static size_t
pat_diff(const void *p, size_t off, size_t len)
{
	const volatile unsigned char *s = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != fpat(off + i))
			return (i);
	return ((size_t)-1);
}

static size_t
byte_diff(const void *p, int c, size_t len)
{
	const volatile unsigned char *s = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != (unsigned char)c)
			return (i);
	return ((size_t)-1);
}

/*
 * Compare the file's bytes [off, off + len) with p, read back in pieces
 * below vm.uio_iovec_min (so the ordinary copy does the reading back,
 * unless the minimum is tiny).  -1 if equal, else the file offset of
 * the first difference (or of a short read).
 */
static off_t
file_diff(int fd, off_t off, const void *p, size_t len)
{
	const unsigned char *s = p;
	size_t chunk = sizeof(small), n, i;

	if (iovec_min > 1 && (size_t)iovec_min - 1 < chunk)
		chunk = (size_t)iovec_min - 1;
	while (len > 0) {
		n = MIN(chunk, len);
		if (pread(fd, small, n, off) != (ssize_t)n)
			return (off);
		for (i = 0; i < n; i++)
			if (small[i] != s[i])
				return (off + (off_t)i);
		off += (off_t)n;
		s += n;
		len -= n;
	}
	return (-1);
}

/* Create path with len bytes of fpat from offset 0, in small writes. */
static int
make_pattern_file(const char *path, size_t len)
{
	size_t off, n, i;
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return (-1);
	for (off = 0; off < len; off += n) {
		n = MIN(sizeof(small), len - off);
		for (i = 0; i < n; i++)
			small[i] = fpat(off + i);
		if (pwrite(fd, small, n, (off_t)off) != (ssize_t)n) {
			close(fd);
			return (-1);
		}
	}
	return (fd);
}

/*
 * Start a test: fault in the static buffers above (memory comes in as
 * it is touched, so that the count at the end compares like with like),
 * note the free page count in *f0, make dir (empty) and work in it, read
 * vm.uio_iovec_min and vm.uio_path (into cur_path), map buf and create
 * "r" and "s".  0, or -1 (dir removed again) if the test cannot go on.
 */
static int
iov_begin(const char *dir, int *f0)
{
	memset(small, 0, sizeof(small));
	memset(expect, 0, sizeof(expect));
	ut_rmtree(dir);		/* (and fault in the path buffer it uses) */
	*f0 = ut_sysctl_int("vm.free_pages");
	UT_EQ(mkdir(dir, 0755), 0);
	UT_EQ(chdir(dir), 0);
	iovec_min = ut_sysctl_int("vm.uio_iovec_min");
	UT_TRUE(iovec_min > 0);
	cur_path = ut_sysctl_int("vm.uio_path");
	UT_TRUE(cur_path == 0 || cur_path == 1);
	buf = mmap(NULL, BUFSZ, RW, ANON, -1, 0);
	rfd = make_pattern_file("r", FSZ);
	sfd = open("s", O_RDWR | O_CREAT | O_TRUNC, 0644);
	UT_TRUE(buf != MAP_FAILED && rfd >= 0 && sfd >= 0);
	if (buf == MAP_FAILED || rfd < 0 || sfd < 0) {
		chdir("/");
		ut_rmtree(dir);
		return (-1);
	}
	return (0);
}

/*
 * End a test begun with iov_begin(dir, ...): unmap buf, remove "r", "s"
 * and dir (which must hold nothing else by now), and check that the free
 * page count is back near f0.
 */
static void
iov_end(const char *dir, int f0)
{
	struct stat st;
	int f1;

	UT_EQ(munmap(buf, BUFSZ), 0);
	UT_EQ(close(rfd), 0);
	UT_EQ(close(sfd), 0);
	UT_EQ(unlink("r"), 0);
	UT_EQ(unlink("s"), 0);
	UT_EQ(chdir("/"), 0);
	UT_EQ(rmdir(dir), 0);
	ut_rmtree(dir);
	UT_ERR(stat(dir, &st), ENOENT);
	f1 = ut_sysctl_int("vm.free_pages");
	UT_RANGE(f0 - f1, -8, 8);
}

#endif /* !_TEST_MMAN_VM_IOVEC_H_ */
