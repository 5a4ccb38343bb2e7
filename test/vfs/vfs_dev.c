/*
 * vfs_dev - devfs on /dev: /dev/null and /dev/zero behave, the devices
 * are character devices, the directory lists console, null and zero,
 * and nothing new can be made there.
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

static char buf[20000];

static void
test_null(void)
{
	struct stat st;
	int fd, i;

	fd = open("/dev/null", O_RDWR);
	UT_TRUE(fd >= 0);
	UT_EQ(fstat(fd, &st), 0);
	UT_TRUE(S_ISCHR(st.st_mode));
	memset(buf, 'n', sizeof(buf));
	UT_EQ(read(fd, buf, 100), 0);		/* always at EOF */
	UT_EQ(buf[0], 'n');
	UT_EQ(write(fd, buf, 1), 1);
	UT_EQ(write(fd, buf, sizeof(buf)), sizeof(buf));
	for (i = 0; i < 20; i++)		/* never fills */
		if (write(fd, buf, sizeof(buf)) != sizeof(buf))
			break;
	UT_EQ(i, 20);
	UT_EQ(read(fd, buf, sizeof(buf)), 0);
	UT_EQ(close(fd), 0);

	fd = open("/dev/null", O_WRONLY);
	UT_TRUE(fd >= 0);
	UT_EQ(write(fd, "gone\n", 5), 5);
	UT_ERR(read(fd, buf, 1), EBADF);
	UT_EQ(close(fd), 0);
}

static void
test_zero(void)
{
	struct stat st;
	int fd;

	fd = open("/dev/zero", O_RDONLY);
	UT_TRUE(fd >= 0);
	UT_EQ(fstat(fd, &st), 0);
	UT_TRUE(S_ISCHR(st.st_mode));
	memset(buf, 'z', sizeof(buf));
	UT_EQ(read(fd, buf, 1), 1);
	UT_EQ(buf[0], 0);
	UT_EQ(buf[1], 'z');
	memset(buf, 'z', sizeof(buf));
	UT_EQ(read(fd, buf, 4096), 4096);
	UT_TRUE(ut_all_are(buf, 4096, 0));
	UT_EQ(buf[4096], 'z');
	memset(buf, 'z', sizeof(buf));
	UT_EQ(read(fd, buf, sizeof(buf)), sizeof(buf));
	UT_TRUE(ut_all_are(buf, sizeof(buf), 0));
	UT_ERR(read(fd, (void *)0xC0001000, 10), EFAULT);
	UT_EQ(close(fd), 0);
}

static void
test_console(void)
{
	static const char msg[] = "vfs_dev: a line written to /dev/console\n";
	struct stat st, st1;
	int fd;

	UT_EQ(stat("/dev/console", &st), 0);
	UT_TRUE(S_ISCHR(st.st_mode));
	fd = open("/dev/console", O_WRONLY);
	UT_TRUE(fd >= 0);
	fflush(stdout);
	UT_EQ(write(fd, msg, sizeof(msg) - 1), sizeof(msg) - 1);
	UT_EQ(fstat(fd, &st1), 0);
	UT_TRUE(S_ISCHR(st1.st_mode));
	UT_EQ(st1.st_ino, st.st_ino);
	UT_EQ(st1.st_rdev, st.st_rdev);
	UT_EQ(close(fd), 0);
}

static void
test_dir(void)
{
	int console = 0, null = 0, zero = 0, dots = 0, n = 0, fd;
	struct stat root, dev, st, a, b;
	struct dirent *de;
	DIR *d;

	UT_EQ(stat("/", &root), 0);
	UT_EQ(stat("/dev", &dev), 0);
	UT_TRUE(S_ISDIR(dev.st_mode));
	UT_TRUE(dev.st_dev != root.st_dev);	/* a filesystem of its own */
	UT_EQ(stat("/dev/..", &st), 0);
	UT_EQ(st.st_ino, root.st_ino);
	UT_EQ(st.st_dev, root.st_dev);
	UT_EQ(stat("/dev/null", &st), 0);
	UT_EQ(st.st_dev, dev.st_dev);
	/* Distinct devices. */
	UT_EQ(stat("/dev/null", &a), 0);
	UT_EQ(stat("/dev/zero", &b), 0);
	UT_TRUE(a.st_ino != b.st_ino);

	d = opendir("/dev");
	UT_TRUE(d != NULL);
	while (d != NULL && (de = readdir(d)) != NULL && n++ < 200) {
		if (strcmp(de->d_name, "console") == 0)
			console++;
		else if (strcmp(de->d_name, "null") == 0)
			null++;
		else if (strcmp(de->d_name, "zero") == 0)
			zero++;
		else if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			dots++;
		if (de->d_type != DT_UNKNOWN &&
		    strcmp(de->d_name, "null") == 0)
			UT_EQ(de->d_type, DT_CHR);
	}
	if (d != NULL)
		UT_EQ(closedir(d), 0);
	UT_EQ(console, 1);
	UT_EQ(null, 1);
	UT_EQ(zero, 1);
	UT_EQ(dots, 2);

	/* Nothing new in /dev (any error, but an error). */
	errno = 0;
	fd = open("/dev/newfile", O_WRONLY | O_CREAT, 0644);
	UT_EQ(fd, -1);
	UT_TRUE(errno != 0);
	if (fd >= 0)
		close(fd);
	errno = 0;
	UT_EQ(mkdir("/dev/newdir", 0755), -1);
	UT_TRUE(errno != 0);
	errno = 0;
	UT_EQ(symlink("null", "/dev/newlink"), -1);
	UT_TRUE(errno != 0);
	UT_ERR(stat("/dev/newfile", &st), ENOENT);
	UT_ERR(stat("/dev/newdir", &st), ENOENT);
	UT_ERR(lstat("/dev/newlink", &st), ENOENT);
	UT_ERR(stat("/dev/missing", &st), ENOENT);
	UT_ERR(open("/dev/null/x", O_RDONLY), ENOTDIR);
	UT_ERR(open("/dev", O_WRONLY), EISDIR);
	/* The devices are still there and still work. */
	fd = open("/dev/null", O_WRONLY);
	UT_TRUE(fd >= 0);
	UT_EQ(write(fd, "x", 1), 1);
	UT_EQ(close(fd), 0);
}

int
main(int argc, char **argv)
{
	test_null();
	test_zero();
	test_console();
	test_dir();
	UT_DONE("vfs_dev");
}
