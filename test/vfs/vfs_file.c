/*
 * vfs_file - regular files: open flags, read/write/lseek, holes,
 * pread/pwrite, O_APPEND, O_TRUNC, O_EXCL, ftruncate, fstat sizes, a
 * 100 KB file in odd chunk sizes, and the EBADF/EISDIR/ENOTDIR cases
 * (O_CREAT on a directory is EISDIR, even read-only).
 * Works in /tmp/vfs_file and removes it.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define TDIR	"/tmp/vfs_file"

static char bigbuf[8192];

/* The size of an open file, or -1. */
static long long
fsize(int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return (-1);
	return (st.st_size);
}

/* 1 if n bytes of buf are all c. */
static int
all_are(const char *buf, size_t n, int c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (buf[i] != (char)c)
			return (0);
	return (1);
}

static void
test_open_flags(void)
{
	struct stat st;
	char buf[16];
	int fd, fd2;

	UT_ERR(open("nofile", O_RDONLY), ENOENT);
	UT_ERR(open("nodir/f", O_RDWR | O_CREAT, 0644), ENOENT);

	/* O_CREAT makes an empty regular file with the mode given. */
	fd = open("f", O_RDWR | O_CREAT, 0640);
	UT_TRUE(fd >= 3);
	UT_EQ(fstat(fd, &st), 0);
	UT_TRUE(S_ISREG(st.st_mode));
	UT_EQ(st.st_mode & 07777, 0640);
	UT_EQ(st.st_size, 0);
	UT_EQ(st.st_nlink, 1);
	UT_EQ(stat("f", &st), 0);
	UT_TRUE(S_ISREG(st.st_mode));
	UT_EQ(write(fd, "hello", 5), 5);
	UT_EQ(close(fd), 0);

	/* O_EXCL refuses an existing name; without it O_CREAT opens it. */
	UT_ERR(open("f", O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
	fd = open("f", O_RDWR | O_CREAT, 0644);
	UT_TRUE(fd >= 0);
	UT_EQ(fsize(fd), 5);			/* not truncated */
	UT_EQ(close(fd), 0);
	fd = open("g", O_WRONLY | O_CREAT | O_EXCL, 0644);
	UT_TRUE(fd >= 0);
	UT_EQ(close(fd), 0);
	UT_EQ(stat("g", &st), 0);
	/* A dangling symlink exists: O_EXCL does not follow it. */
	UT_EQ(symlink("nowhere", "dl"), 0);
	UT_ERR(open("dl", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	UT_ERR(stat("nowhere", &st), ENOENT);
	UT_EQ(unlink("dl"), 0);

	/* O_TRUNC empties it. */
	fd = open("f", O_WRONLY | O_TRUNC);
	UT_TRUE(fd >= 0);
	UT_EQ(fsize(fd), 0);
	UT_EQ(write(fd, "abc", 3), 3);
	UT_EQ(close(fd), 0);
	UT_EQ(stat("f", &st), 0);
	UT_EQ(st.st_size, 3);

	/* The access mode is enforced per descriptor. */
	fd = open("f", O_WRONLY);
	UT_TRUE(fd >= 0);
	UT_ERR(read(fd, buf, sizeof(buf)), EBADF);
	UT_EQ(write(fd, "x", 1), 1);
	UT_EQ(close(fd), 0);
	fd = open("f", O_RDONLY);
	UT_TRUE(fd >= 0);
	UT_ERR(write(fd, "x", 1), EBADF);
	UT_EQ(read(fd, buf, sizeof(buf)), 3);
	UT_EQ(memcmp(buf, "xbc", 3), 0);
	UT_ERR2(ftruncate(fd, 0), EBADF, EINVAL);
	UT_EQ(fsize(fd), 3);
	UT_EQ(close(fd), 0);
	/* O_RDONLY | O_CREAT makes a file it can only read. */
	fd = open("h", O_RDONLY | O_CREAT, 0644);
	UT_TRUE(fd >= 0);
	UT_ERR(write(fd, "x", 1), EBADF);
	UT_EQ(read(fd, buf, sizeof(buf)), 0);
	UT_EQ(close(fd), 0);

	/* Directories: readable only, and O_DIRECTORY wants one. */
	UT_EQ(mkdir("d", 0750), 0);
	UT_EQ(stat("d", &st), 0);
	UT_EQ(st.st_mode & 07777, 0750);
	UT_ERR(open("d", O_WRONLY), EISDIR);
	UT_ERR(open("d", O_RDWR), EISDIR);
	UT_ERR(open("d", O_WRONLY | O_CREAT, 0644), EISDIR);
	/* O_CREAT names a file to create or open: never a directory,
	 * even read-only (POSIX, Linux: EISDIR); with O_EXCL, it exists. */
	UT_ERR(open("d", O_RDONLY | O_CREAT, 0644), EISDIR);
	UT_ERR(open("d/", O_RDONLY | O_CREAT, 0644), EISDIR);
	UT_ERR(open(".", O_RDONLY | O_CREAT, 0644), EISDIR);
	UT_ERR(open("d", O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	UT_ERR(open("d", O_RDONLY | O_CREAT | O_DIRECTORY, 0644), EISDIR);
	UT_EQ(stat("d", &st), 0);
	UT_TRUE(S_ISDIR(st.st_mode));
	fd = open("d", O_RDONLY);
	UT_TRUE(fd >= 0);
	UT_ERR2(write(fd, "x", 1), EBADF, EISDIR);
	UT_EQ(fstat(fd, &st), 0);
	UT_TRUE(S_ISDIR(st.st_mode));
	UT_EQ(close(fd), 0);
	fd = open("d", O_RDONLY | O_DIRECTORY);
	UT_TRUE(fd >= 0);
	UT_EQ(close(fd), 0);
	UT_ERR(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	UT_ERR(open("f/", O_RDONLY), ENOTDIR);

	/* Two opens of one file have their own offsets. */
	fd = open("f", O_RDONLY);
	fd2 = open("f", O_RDONLY);
	UT_TRUE(fd >= 0 && fd2 >= 0 && fd != fd2);
	UT_EQ(read(fd, buf, 2), 2);
	UT_EQ(lseek(fd2, 0, SEEK_CUR), 0);
	UT_EQ(read(fd2, buf, 1), 1);
	UT_EQ(buf[0], 'x');
	UT_EQ(close(fd), 0);
	UT_EQ(close(fd2), 0);

	UT_EQ(rmdir("d"), 0);
	UT_EQ(unlink("f"), 0);
	UT_EQ(unlink("g"), 0);
	UT_EQ(unlink("h"), 0);
}

static void
test_rw_seek(void)
{
	char buf[256];
	int fd;

	fd = open("rw", O_RDWR | O_CREAT | O_TRUNC, 0644);
	UT_TRUE(fd >= 0);
	UT_EQ(write(fd, buf, 0), 0);
	UT_EQ(write(fd, "0123456789", 10), 10);
	UT_EQ(lseek(fd, 0, SEEK_CUR), 10);
	UT_EQ(read(fd, buf, sizeof(buf)), 0);	/* at EOF */
	UT_EQ(lseek(fd, 0, SEEK_SET), 0);
	UT_EQ(read(fd, buf, 0), 0);
	UT_EQ(read(fd, buf, 4), 4);
	UT_EQ(memcmp(buf, "0123", 4), 0);
	UT_EQ(lseek(fd, 2, SEEK_CUR), 6);
	UT_EQ(read(fd, buf, sizeof(buf)), 4);	/* short read at EOF */
	UT_EQ(memcmp(buf, "6789", 4), 0);
	UT_EQ(read(fd, buf, sizeof(buf)), 0);
	UT_EQ(lseek(fd, -3, SEEK_END), 7);
	UT_EQ(read(fd, buf, sizeof(buf)), 3);
	UT_EQ(memcmp(buf, "789", 3), 0);
	UT_EQ(lseek(fd, -2, SEEK_CUR), 8);
	UT_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
	UT_ERR(lseek(fd, -11, SEEK_END), EINVAL);
	UT_ERR(lseek(fd, 0, 99), EINVAL);
	UT_EQ(lseek(fd, 0, SEEK_CUR), 8);	/* unchanged by errors */
	/* Offsets past 4 GB: lseek's result is 64 bits (the message stub
	 * returns sm_result's high word in edx). */
	UT_EQ(lseek(fd, 0x123456789LL, SEEK_SET), 0x123456789LL);
	UT_EQ(lseek(fd, 0x100000000LL, SEEK_CUR), 0x223456789LL);
	UT_EQ(lseek(fd, 8, SEEK_SET), 8);

	/* Overwrite in the middle: the size stays. */
	UT_EQ(lseek(fd, 3, SEEK_SET), 3);
	UT_EQ(write(fd, "ab", 2), 2);
	UT_EQ(fsize(fd), 10);
	UT_EQ(pread(fd, buf, 10, 0), 10);
	UT_EQ(memcmp(buf, "012ab56789", 10), 0);

	/* Seek past EOF and write: the gap reads as zeros. */
	UT_EQ(lseek(fd, 100, SEEK_END), 110);
	UT_EQ(fsize(fd), 10);			/* seeking alone: no growth */
	UT_EQ(write(fd, "X", 1), 1);
	UT_EQ(fsize(fd), 111);
	memset(buf, 'z', sizeof(buf));
	UT_EQ(pread(fd, buf, sizeof(buf), 0), 111);
	UT_EQ(memcmp(buf, "012ab56789", 10), 0);
	UT_TRUE(all_are(buf + 10, 100, 0));
	UT_EQ(buf[110], 'X');
	/* A hole spanning pages. */
	UT_EQ(pwrite(fd, "Y", 1, 3 * 4096 + 5), 1);
	UT_EQ(fsize(fd), 3 * 4096 + 6);
	memset(bigbuf, 'z', sizeof(bigbuf));
	UT_EQ(pread(fd, bigbuf, sizeof(bigbuf), 111), sizeof(bigbuf));
	UT_TRUE(all_are(bigbuf, sizeof(bigbuf), 0));
	UT_EQ(pread(fd, buf, 10, 3 * 4096), 6);
	UT_TRUE(all_are(buf, 5, 0));
	UT_EQ(buf[5], 'Y');

	/* pread/pwrite leave the offset alone. */
	UT_EQ(lseek(fd, 4, SEEK_SET), 4);
	UT_EQ(pread(fd, buf, 5, 2), 5);
	UT_EQ(memcmp(buf, "2ab56", 5), 0);
	UT_EQ(lseek(fd, 0, SEEK_CUR), 4);
	UT_EQ(pwrite(fd, "PQ", 2, 0), 2);
	UT_EQ(lseek(fd, 0, SEEK_CUR), 4);
	UT_EQ(read(fd, buf, 3), 3);
	UT_EQ(memcmp(buf, "b56", 3), 0);
	UT_EQ(pread(fd, buf, 4, 0), 4);
	UT_EQ(memcmp(buf, "PQ2a", 4), 0);
	UT_EQ(pread(fd, buf, 4, 1000000), 0);	/* beyond EOF */
	UT_ERR(pread(fd, buf, 4, -1), EINVAL);
	UT_ERR(pwrite(fd, buf, 4, -1), EINVAL);
	UT_EQ(lseek(fd, 0, SEEK_CUR), 7);

	/* Bad user buffers. */
	UT_ERR(read(fd, (void *)0xC0001000, 10), EFAULT);
	UT_ERR(pread(fd, (void *)0xC0001000, 10, 0), EFAULT);
	UT_ERR(write(fd, (void *)0xC0001000, 10), EFAULT);
	UT_ERR(pwrite(fd, (void *)1, 10, 0), EFAULT);
	UT_EQ(pread(fd, buf, 4, 0), 4);
	UT_EQ(memcmp(buf, "PQ2a", 4), 0);

	UT_EQ(close(fd), 0);
	UT_EQ(unlink("rw"), 0);
}

static void
test_append(void)
{
	char buf[32];
	int fd, fd2;

	fd = open("ap", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	UT_TRUE(fd >= 0);
	UT_EQ(write(fd, "start", 5), 5);
	UT_EQ(close(fd), 0);

	fd = open("ap", O_WRONLY | O_APPEND);
	fd2 = open("ap", O_RDWR);
	UT_TRUE(fd >= 0 && fd2 >= 0);
	UT_EQ(lseek(fd, 0, SEEK_SET), 0);
	UT_EQ(write(fd, "-one", 4), 4);		/* to the end, not 0 */
	UT_EQ(lseek(fd, 0, SEEK_CUR), 9);
	UT_EQ(pwrite(fd2, "START", 5, 0), 5);
	UT_EQ(write(fd2, "0123456789ab", 12), 12);	/* grows to 12 */
	UT_EQ(write(fd, "+", 1), 1);		/* after the other's growth */
	UT_EQ(fsize(fd), 13);
	UT_EQ(pread(fd2, buf, sizeof(buf), 0), 13);
	UT_EQ(memcmp(buf, "0123456789ab+", 13), 0);
	UT_EQ(close(fd), 0);
	UT_EQ(close(fd2), 0);

	/* O_APPEND with O_RDWR reads from the offset, writes at the end. */
	fd = open("ap", O_RDWR | O_APPEND);
	UT_TRUE(fd >= 0);
	UT_EQ(read(fd, buf, 3), 3);
	UT_EQ(memcmp(buf, "012", 3), 0);
	UT_EQ(write(fd, "!", 1), 1);
	UT_EQ(fsize(fd), 14);
	UT_EQ(pread(fd, buf, 1, 13), 1);
	UT_EQ(buf[0], '!');
	UT_EQ(close(fd), 0);
	UT_EQ(unlink("ap"), 0);
}

static void
test_ftruncate(void)
{
	char buf[32];
	int fd;

	fd = open("tr", O_RDWR | O_CREAT | O_TRUNC, 0644);
	UT_TRUE(fd >= 0);
	UT_EQ(write(fd, "0123456789", 10), 10);
	UT_EQ(ftruncate(fd, 5), 0);
	UT_EQ(fsize(fd), 5);
	UT_EQ(lseek(fd, 0, SEEK_CUR), 10);	/* the offset stays */
	UT_EQ(read(fd, buf, sizeof(buf)), 0);
	UT_EQ(pread(fd, buf, sizeof(buf), 0), 5);
	UT_EQ(memcmp(buf, "01234", 5), 0);
	/* Growing again: the cut bytes are gone, zeros instead. */
	UT_EQ(ftruncate(fd, 10), 0);
	UT_EQ(fsize(fd), 10);
	memset(buf, 'z', sizeof(buf));
	UT_EQ(pread(fd, buf, sizeof(buf), 0), 10);
	UT_EQ(memcmp(buf, "01234", 5), 0);
	UT_TRUE(all_are(buf + 5, 5, 0));
	/* Across pages. */
	memset(bigbuf, 'A', sizeof(bigbuf));
	UT_EQ(pwrite(fd, bigbuf, sizeof(bigbuf), 0), sizeof(bigbuf));
	UT_EQ(ftruncate(fd, 100), 0);
	UT_EQ(ftruncate(fd, 4096 * 3 + 3), 0);
	UT_EQ(fsize(fd), 4096 * 3 + 3);
	memset(bigbuf, 'z', sizeof(bigbuf));
	UT_EQ(pread(fd, bigbuf, sizeof(bigbuf), 0), sizeof(bigbuf));
	UT_TRUE(all_are(bigbuf, 100, 'A'));
	UT_TRUE(all_are(bigbuf + 100, sizeof(bigbuf) - 100, 0));
	UT_EQ(ftruncate(fd, 0), 0);
	UT_EQ(fsize(fd), 0);
	UT_ERR(ftruncate(fd, -1), EINVAL);
	UT_EQ(close(fd), 0);
	UT_EQ(unlink("tr"), 0);
}

#define BIGSIZE	(100 * 1024)

/* The byte at offset i of the big file. */
static unsigned char
pat(unsigned int i)
{
	return ((unsigned char)(i * 31 + (i >> 9) + 7));
}

static void
test_big(void)
{
	static const int wchunks[] = { 1, 7, 13, 100, 511, 1000, 4093, 4097,
	    8191, 3, 2048 };
	static const int rchunks[] = { 3, 4099, 17, 8000, 1, 555, 6001 };
	unsigned int off, i, bad = 0, iter;
	int fd, n, k;
	struct stat st;

	fd = open("big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	UT_TRUE(fd >= 0);
	for (off = 0, k = 0; off < BIGSIZE; k++) {
		n = wchunks[k % (sizeof(wchunks) / sizeof(wchunks[0]))];
		if (off + n > BIGSIZE)
			n = BIGSIZE - off;
		for (i = 0; i < (unsigned int)n; i++)
			bigbuf[i] = pat(off + i);
		if (write(fd, bigbuf, n) != n) {
			printf("FAIL: %s:%d: write of %d at %u: errno %d\n",
			    __FILE__, __LINE__, n, off, errno);
			ut_failures++;
			break;
		}
		off += n;
	}
	UT_EQ(fsize(fd), BIGSIZE);
	UT_EQ(stat("big", &st), 0);
	UT_EQ(st.st_size, BIGSIZE);

	/* Read it back in other sizes. */
	UT_EQ(lseek(fd, 0, SEEK_SET), 0);
	for (off = 0, k = 0, iter = 0; iter < 100000; k++, iter++) {
		n = rchunks[k % (sizeof(rchunks) / sizeof(rchunks[0]))];
		n = read(fd, bigbuf, n);
		if (n <= 0)
			break;
		for (i = 0; i < (unsigned int)n; i++)
			if ((unsigned char)bigbuf[i] != pat(off + i))
				bad++;
		off += n;
	}
	UT_EQ(n, 0);
	UT_EQ(off, BIGSIZE);
	UT_EQ(bad, 0);

	/* A read from the middle, across page boundaries. */
	UT_EQ(pread(fd, bigbuf, 5000, 50001), 5000);
	for (i = 0, bad = 0; i < 5000; i++)
		if ((unsigned char)bigbuf[i] != pat(50001 + i))
			bad++;
	UT_EQ(bad, 0);
	/* The last bytes. */
	UT_EQ(pread(fd, bigbuf, 100, BIGSIZE - 10), 10);
	UT_EQ((unsigned char)bigbuf[9], pat(BIGSIZE - 1));
	UT_EQ(close(fd), 0);

	/* And again through a fresh descriptor, in one read. */
	fd = open("big", O_RDONLY);
	UT_TRUE(fd >= 0);
	for (off = 0, bad = 0; off < BIGSIZE; off += n) {
		n = read(fd, bigbuf, sizeof(bigbuf));
		if (n <= 0)
			break;
		for (i = 0; i < (unsigned int)n; i++)
			if ((unsigned char)bigbuf[i] != pat(off + i))
				bad++;
	}
	UT_EQ(off, BIGSIZE);
	UT_EQ(bad, 0);
	UT_EQ(close(fd), 0);
	UT_EQ(unlink("big"), 0);
}

static void
test_badf(void)
{
	struct stat st;
	char buf[4];
	int fd;

	fd = open("c", O_RDWR | O_CREAT, 0644);
	UT_TRUE(fd >= 0);
	UT_EQ(close(fd), 0);
	UT_ERR(close(fd), EBADF);
	UT_ERR(read(fd, buf, 1), EBADF);
	UT_ERR(write(fd, "x", 1), EBADF);
	UT_ERR(pread(fd, buf, 1, 0), EBADF);
	UT_ERR(pwrite(fd, "x", 1, 0), EBADF);
	UT_ERR(lseek(fd, 0, SEEK_SET), EBADF);
	UT_ERR(fstat(fd, &st), EBADF);
	UT_ERR(ftruncate(fd, 0), EBADF);
	UT_ERR(close(-1), EBADF);
	UT_ERR(close(64), EBADF);
	UT_ERR(close(100000), EBADF);
	UT_ERR(read(-1, buf, 1), EBADF);
	UT_ERR(write(1000, "x", 1), EBADF);
	UT_ERR(fstat(-5, &st), EBADF);
	UT_EQ(unlink("c"), 0);
}

int
main(int argc, char **argv)
{
	ut_workdir_enter(TDIR);
	test_open_flags();
	test_rw_seek();
	test_append();
	test_ftruncate();
	test_big();
	test_badf();
	ut_workdir_leave(TDIR);
	UT_DONE("vfs_file");
}
