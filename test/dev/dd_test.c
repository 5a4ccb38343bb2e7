/*
 * dd_test - /bin/dd (test/bin/dd.c) on md0, the test disks and their
 * partitions, tmpfs files and pipes: the bytes copied are the right
 * ones (md0 and the disks hold every word's own offset), the operands
 * (bs with k and m, count, skip, seek) are obeyed, the summary on
 * standard error is BSD's, a partial record is counted as one, and bad
 * operands or a block size a disk refuses end with status 1.  Works in
 * /tmp/dd_test and removes it; md0 is left blank.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define TDIR	"/tmp/dd_test"
#define ERRF	TDIR "/err"
#define MDSIZE	(256 * 1024)

static unsigned char buf[MDSIZE];
static char err[512];

/* Run argv (argv[0] a program in /bin) with standard error in ERRF (read
 * into err afterwards); its wait status. */
static int
run(char *const argv[])
{
	char path[64];
	char *envp[] = { "PATH=/bin", NULL };
	int status = -1, fd;
	pid_t pid;

	snprintf(path, sizeof(path), "/bin/%s", argv[0]);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fd = open(ERRF, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 2) != 2)
			_exit(126);
		close(fd);
		execve(path, argv, envp);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return (-1);
	memset(err, 0, sizeof(err));
	fd = open(ERRF, O_RDONLY);
	if (fd >= 0) {
		(void)read(fd, err, sizeof(err) - 1);
		close(fd);
	}
	return (status);
}

/* The size of file path, its first len bytes in buf. */
static off_t
file_get(const char *path, size_t len)
{
	struct stat st;
	int fd;

	if (stat(path, &st) != 0)
		return (-1);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return (-1);
	memset(buf, 0, len);
	(void)read(fd, buf, len);
	close(fd);
	return (st.st_size);
}

static void
test_md(void)
{
	char *a1[] = { "dd", "if=/dev/md0", "of=" TDIR "/a", "bs=4k",
	    "count=8", "skip=2", NULL };
	char *a2[] = { "dd", "if=" TDIR "/a", "of=/dev/md0", "bs=1k",
	    "seek=100", "count=3", NULL };
	char *a3[] = { "dd", "if=/dev/md0", "of=" TDIR "/b", "bs=1m", NULL };
	char *a4[] = { "dd", "if=/dev/md0", "of=" TDIR "/b", "bs=100",
	    NULL };
	char *a5[] = { "sh", "-c", "dd if=/dev/md0 bs=512 count=1 skip=3 | "
	    "dd of=" TDIR "/c bs=512", NULL };
	char *a6[] = { "sh", "-c", "dd if=/dev/md0 bs=2k count=4 | cat > "
	    TDIR "/d", NULL };
	int fd;

	fd = open("/dev/md0", O_RDWR);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		return;
	ut_fill_words(buf, 0, MDSIZE);
	UT_EQ(pwrite(fd, buf, MDSIZE, 0), MDSIZE);

	/* A region of the disk into a file. */
	UT_EQ(run(a1), 0);
	UT_STREQ(err, "8+0 records in\n8+0 records out\n"
	    "32768 bytes transferred\n");
	UT_EQ(file_get(TDIR "/a", 32768), 32768);
	UT_EQ(ut_bad_words(buf, 8192, 32768), 0);

	/* The file back onto the disk, seek blocks in. */
	UT_EQ(run(a2), 0);
	UT_STREQ(err, "3+0 records in\n3+0 records out\n"
	    "3072 bytes transferred\n");
	UT_EQ(pread(fd, buf, 4096, 100 * 1024), 4096);
	UT_EQ(ut_bad_words(buf, 8192, 3072), 0);
	UT_EQ(ut_bad_words(buf + 3072, 103 * 1024, 1024), 0);

	/* A block larger than the disk: one partial record. */
	UT_EQ(run(a3), 0);
	UT_STREQ(err, "0+1 records in\n0+1 records out\n"
	    "262144 bytes transferred\n");
	UT_EQ(file_get(TDIR "/b", MDSIZE), MDSIZE);
	UT_EQ(ut_bad_words(buf, 0, 100 * 1024), 0);
	UT_EQ(ut_bad_words(buf + 100 * 1024, 8192, 3072), 0);

	/* Not whole sectors: the disk says EINVAL. */
	UT_EQ(run(a4), 1 << 8);
	UT_TRUE(strstr(err, "Invalid argument") != NULL);
	UT_TRUE(strstr(err, "0+0 records in\n0+0 records out\n") != NULL);

	/* Through pipes. */
	UT_EQ(run(a5), 0);
	UT_EQ(file_get(TDIR "/c", 512), 512);
	UT_EQ(ut_bad_words(buf, 1536, 512), 0);
	UT_EQ(run(a6), 0);
	UT_EQ(file_get(TDIR "/d", 8192), 8192);
	UT_EQ(ut_bad_words(buf, 0, 8192), 0);

	memset(buf, 0, MDSIZE);
	UT_EQ(pwrite(fd, buf, MDSIZE, 0), MDSIZE);
	UT_EQ(close(fd), 0);
}

static void
test_bad(void)
{
	char *b1[] = { "dd", "foo=1", NULL };
	char *b2[] = { "dd", "bs=12q", NULL };
	char *b3[] = { "dd", "if=/nonexistent", NULL };
	char *b4[] = { "dd", "bs=0", NULL };
	char *b5[] = { "dd", "count", NULL };

	UT_EQ(run(b1), 1 << 8);
	UT_EQ(run(b2), 1 << 8);
	UT_TRUE(strstr(err, "bad number") != NULL);
	UT_EQ(run(b3), 1 << 8);
	UT_TRUE(strstr(err, "/nonexistent") != NULL);
	UT_EQ(run(b4), 1 << 8);
	UT_EQ(run(b5), 1 << 8);
}

/* A test disk (read only): a region of the disk and of partition 2. */
static void
test_disk(const char *name)
{
	char dev[64], part[64], ifd[80], ifp[80];
	char *a1[] = { "dd", ifd, "of=" TDIR "/e", "bs=64k", "skip=16",
	    "count=4", NULL };
	char *a2[] = { "dd", ifp, "of=" TDIR "/f", "bs=4k", "skip=1",
	    "count=2", NULL };
	struct stat st;

	snprintf(dev, sizeof(dev), "/dev/%s", name);
	snprintf(part, sizeof(part), "/dev/%ss2", name);
	if (stat(dev, &st) != 0) {
		/* make check always attaches both test disks. */
		UT_FAIL("no %s: the test disk is missing", dev);
		return;
	}
	snprintf(ifd, sizeof(ifd), "if=%s", dev);
	snprintf(ifp, sizeof(ifp), "if=%s", part);
	UT_EQ(run(a1), 0);
	UT_STREQ(err, "4+0 records in\n4+0 records out\n"
	    "262144 bytes transferred\n");
	UT_EQ(file_get(TDIR "/e", 262144), 262144);
	UT_EQ(ut_bad_words(buf, 1024 * 1024, 262144), 0);
	UT_EQ(run(a2), 0);
	UT_EQ(file_get(TDIR "/f", 8192), 8192);
	UT_EQ(ut_bad_words(buf, 6144 * 512 + 4096, 8192), 0);
}

int
main(void)
{
	ut_rmtree(TDIR);
	UT_EQ(mkdir(TDIR, 0755), 0);
	test_md();
	test_bad();
	test_disk("ada0");
	test_disk("vtbd1");
	ut_rmtree(TDIR);
	UT_DONE("dd_test");
}
