/*
 * vfs_dir - directories: mkdir/rmdir and their errors, listing with
 * opendir/readdir and raw getdents, 1,100 files in one directory, link
 * counts, chdir/fchdir/getcwd (also through a symlink), and a removed
 * current directory (it stays removed; getcwd is ENOENT).  Works in
 * /tmp/vfs_dir and removes it.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define TDIR	"/tmp/vfs_dir"


/* Create an empty file; 0 or -1. */
static int
touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);

	if (fd < 0)
		return (-1);
	return (close(fd));
}

/*
 * List the directory and check it holds exactly the names in want
 * (NULL-terminated; "." and ".." implied), each once.
 */
static void
check_listing(const char *path, const char *const *want, int line)
{
	int seen[32], nwant, i, dots = 0, extra = 0, n = 0;
	struct dirent *de;
	DIR *d;

	for (nwant = 0; want[nwant] != NULL; nwant++)
		seen[nwant] = 0;
	if ((d = opendir(path)) == NULL) {
		printf("FAIL: %s:%d: opendir %s: errno %d\n", __FILE__, line,
		    path, errno);
		ut_failures++;
		return;
	}
	while ((de = readdir(d)) != NULL && n++ < 1000) {
		if (de->d_namlen != strlen(de->d_name)) {
			printf("FAIL: %s:%d: %s: d_namlen %d for \"%s\"\n",
			    __FILE__, line, path, de->d_namlen, de->d_name);
			ut_failures++;
		}
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0) {
			dots++;
			continue;
		}
		for (i = 0; i < nwant; i++)
			if (strcmp(de->d_name, want[i]) == 0)
				break;
		if (i == nwant) {
			printf("FAIL: %s:%d: %s: unexpected entry \"%s\"\n",
			    __FILE__, line, path, de->d_name);
			extra++;
		} else
			seen[i]++;
	}
	closedir(d);
	if (dots != 2) {
		printf("FAIL: %s:%d: %s: %d of \".\" and \"..\"\n", __FILE__,
		    line, path, dots);
		ut_failures++;
	}
	for (i = 0; i < nwant; i++)
		if (seen[i] != 1) {
			printf("FAIL: %s:%d: %s: \"%s\" listed %d times\n",
			    __FILE__, line, path, want[i], seen[i]);
			ut_failures++;
		}
	ut_failures += extra;
}

static void
test_mkdir_rmdir(void)
{
	struct stat st;
	int top;

	top = ut_nlinks(".");
	UT_EQ(top, 2);
	UT_EQ(mkdir("d", 0755), 0);
	UT_ERR(mkdir("d", 0755), EEXIST);
	UT_EQ(stat("d", &st), 0);
	UT_TRUE(S_ISDIR(st.st_mode));
	UT_EQ(st.st_nlink, 2);			/* "d" and "d/." */
	UT_EQ(ut_nlinks("."), top + 1);		/* "d/.." */
	UT_EQ(ut_inode("d/.."), ut_inode("."));
	UT_EQ(ut_inode("d/."), ut_inode("d"));

	UT_EQ(mkdir("d/e", 0755), 0);
	UT_EQ(ut_nlinks("d"), 3);
	UT_EQ(mkdir("d/e2", 0755), 0);
	UT_EQ(ut_nlinks("d"), 4);
	UT_EQ(touch("d/f"), 0);
	UT_EQ(ut_nlinks("d"), 4);			/* files add none */
	UT_ERR(rmdir("d"), ENOTEMPTY);
	UT_ERR(rmdir("d/f"), ENOTDIR);
	UT_ERR(mkdir("d/f", 0755), EEXIST);
	UT_ERR(mkdir("d/f/x", 0755), ENOTDIR);
	UT_ERR(mkdir("missing/x", 0755), ENOENT);
	UT_ERR(rmdir("missing"), ENOENT);
	UT_ERR(rmdir("d/f/x"), ENOTDIR);
	UT_ERR(rmdir("."), EINVAL);
	UT_ERR(rmdir("d/."), EINVAL);
	UT_ERR(rmdir("d/e/."), EINVAL);
	/* ".." names d, which is not empty. */
	errno = 0;
	UT_EQ(rmdir("d/e/.."), -1);
	UT_TRUE(errno == ENOTEMPTY || errno == EINVAL || errno == EEXIST ||
	    errno == EBUSY);
	UT_EQ(stat("d", &st), 0);
	errno = 0;
	UT_EQ(rmdir("/"), -1);			/* never the root */
	UT_TRUE(errno != 0);
	UT_EQ(stat("/", &st), 0);

	UT_EQ(rmdir("d/e"), 0);
	UT_EQ(ut_nlinks("d"), 3);
	UT_ERR(stat("d/e", &st), ENOENT);
	UT_ERR(rmdir("d/e"), ENOENT);
	UT_EQ(rmdir("d/e2/"), 0);		/* a trailing slash is fine */
	UT_EQ(ut_nlinks("d"), 2);
	UT_EQ(unlink("d/f"), 0);
	UT_EQ(rmdir("d"), 0);
	UT_EQ(ut_nlinks("."), top);
	UT_ERR(stat("d", &st), ENOENT);
	/* The name can be made again, as either kind. */
	UT_EQ(touch("d"), 0);
	UT_ERR(mkdir("d", 0755), EEXIST);
	UT_EQ(unlink("d"), 0);
	UT_EQ(mkdir("d/", 0755), 0);
	UT_EQ(rmdir("d"), 0);
}

static void
test_listing(void)
{
	static const char *const none[] = { NULL };
	static const char *const names[] = { "a", "bb", "ccc", "sub", "lnk",
	    NULL };
	static const char *const less[] = { "a", "ccc", "sub", "lnk", NULL };
	char buf[512];
	struct dirent *de;
	struct stat st;
	int fd, n, got, calls, total, dots;
	DIR *d;

	UT_EQ(mkdir("ls", 0755), 0);
	check_listing("ls", none, __LINE__);
	UT_EQ(touch("ls/a"), 0);
	UT_EQ(touch("ls/bb"), 0);
	UT_EQ(touch("ls/ccc"), 0);
	UT_EQ(mkdir("ls/sub", 0755), 0);
	UT_EQ(symlink("a", "ls/lnk"), 0);
	check_listing("ls", names, __LINE__);
	UT_EQ(unlink("ls/bb"), 0);
	check_listing("ls", less, __LINE__);
	check_listing("ls/sub", none, __LINE__);

	/* Types and inode numbers agree with lstat. */
	d = opendir("ls");
	UT_TRUE(d != NULL);
	n = 0;
	while (d != NULL && (de = readdir(d)) != NULL && n++ < 100) {
		char path[300];

		snprintf(path, sizeof(path), "ls/%s", de->d_name);
		UT_EQ(lstat(path, &st), 0);
		if (strcmp(de->d_name, "..") != 0)
			UT_EQ(de->d_ino, st.st_ino);
		UT_TRUE((de->d_reclen & 3) == 0);
		if (de->d_type == DT_UNKNOWN)
			continue;
		if (S_ISDIR(st.st_mode))
			UT_EQ(de->d_type, DT_DIR);
		else if (S_ISLNK(st.st_mode))
			UT_EQ(de->d_type, DT_LNK);
		else
			UT_EQ(de->d_type, DT_REG);
	}
	/* rewinddir starts over. */
	if (d != NULL) {
		rewinddir(d);
		for (n = 0; readdir(d) != NULL && n < 100; n++)
			;
		UT_EQ(n, 6);
		UT_EQ(closedir(d), 0);
	}

	/* Raw getdents with a buffer for about one record at a time. */
	fd = open("ls", O_RDONLY | O_DIRECTORY);
	UT_TRUE(fd >= 0);
	UT_ERR(getdents(fd, buf, 8), EINVAL);	/* not even one fits */
	total = dots = 0;
	for (calls = 0; calls < 100; calls++) {
		int off;

		got = getdents(fd, buf, DIRENT_RECLEN(4));
		if (got <= 0)
			break;
		for (off = 0; off < got; off += de->d_reclen) {
			de = (struct dirent *)(buf + off);
			if (de->d_reclen == 0 || off + de->d_reclen > got)
				break;
			total++;
			if (de->d_name[0] == '.')
				dots++;
		}
	}
	UT_EQ(got, 0);
	UT_EQ(total, 6);
	UT_EQ(dots, 2);
	UT_EQ(getdents(fd, buf, sizeof(buf)), 0);	/* stays at the end */
	UT_EQ(lseek(fd, 0, SEEK_SET), 0);
	got = getdents(fd, buf, sizeof(buf));
	UT_TRUE(got > 0);
	UT_EQ(close(fd), 0);
	UT_ERR(getdents(fd, buf, sizeof(buf)), EBADF);
	fd = open("ls/a", O_RDONLY);
	UT_TRUE(fd >= 0);
	UT_ERR2(getdents(fd, buf, sizeof(buf)), ENOTDIR, EINVAL);
	UT_EQ(close(fd), 0);
	UT_TRUE(opendir("ls/a") == NULL);
	UT_EQ(errno, ENOTDIR);
	UT_TRUE(opendir("ls/none") == NULL);
	UT_EQ(errno, ENOENT);

	/* This directory is listed in /tmp. */
	d = opendir("/tmp");
	UT_TRUE(d != NULL);
	n = 0;
	while (d != NULL && (de = readdir(d)) != NULL)
		if (strcmp(de->d_name, "vfs_dir") == 0)
			n++;
	if (d != NULL)
		closedir(d);
	UT_EQ(n, 1);

	UT_EQ(unlink("ls/a"), 0);
	UT_EQ(unlink("ls/ccc"), 0);
	UT_EQ(unlink("ls/lnk"), 0);
	UT_EQ(rmdir("ls/sub"), 0);
	UT_EQ(rmdir("ls"), 0);
}

#define NMANY	1100

static unsigned char manyseen[NMANY];

static void
test_many(void)
{
	int i, bad, fd, dots, other, total;
	char name[32], buf[32];
	struct dirent *de;
	struct stat st;
	DIR *d;

	UT_EQ(mkdir("many", 0755), 0);
	UT_EQ(chdir("many"), 0);
	for (i = 0, bad = 0; i < NMANY; i++) {
		snprintf(name, sizeof(name), "file%04d", i);
		fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0) {
			bad++;
			continue;
		}
		if (write(fd, name, strlen(name) + i % 7) !=
		    (ssize_t)(strlen(name) + i % 7))
			bad++;
		if (close(fd) != 0)
			bad++;
	}
	UT_EQ(bad, 0);
	UT_EQ(ut_nlinks("."), 2);

	/* A few by name. */
	for (i = 0; i < NMANY; i += 137) {
		snprintf(name, sizeof(name), "file%04d", i);
		UT_EQ(stat(name, &st), 0);
		UT_EQ(st.st_size, strlen(name) + i % 7);
		fd = open(name, O_RDONLY);
		UT_TRUE(fd >= 0);
		memset(buf, 0, sizeof(buf));
		UT_EQ(read(fd, buf, 8), 8);
		UT_EQ(strcmp(buf, name), 0);
		UT_EQ(close(fd), 0);
	}
	UT_ERR(stat("file1100", &st), ENOENT);

	/* Every name exactly once. */
	memset(manyseen, 0, sizeof(manyseen));
	dots = other = total = 0;
	d = opendir(".");
	UT_TRUE(d != NULL);
	while (d != NULL && (de = readdir(d)) != NULL && total < 3 * NMANY) {
		total++;
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0) {
			dots++;
			continue;
		}
		i = -1;
		if (strncmp(de->d_name, "file", 4) == 0 &&
		    strlen(de->d_name) == 8)
			i = atoi(de->d_name + 4);
		if (i >= 0 && i < NMANY)
			manyseen[i]++;
		else
			other++;
	}
	if (d != NULL)
		UT_EQ(closedir(d), 0);
	UT_EQ(total, NMANY + 2);
	UT_EQ(dots, 2);
	UT_EQ(other, 0);
	for (i = 0, bad = 0; i < NMANY; i++)
		if (manyseen[i] != 1)
			bad++;
	UT_EQ(bad, 0);

	/* Remove them all, in a different order. */
	for (i = 0, bad = 0; i < NMANY; i++) {
		snprintf(name, sizeof(name), "file%04d",
		    (i * 7 + 3) % NMANY);
		if (unlink(name) != 0)
			bad++;
	}
	UT_EQ(bad, 0);
	d = opendir(".");
	UT_TRUE(d != NULL);
	for (total = 0; d != NULL && readdir(d) != NULL && total < 10;)
		total++;
	if (d != NULL)
		closedir(d);
	UT_EQ(total, 2);
	UT_EQ(chdir(".."), 0);
	UT_EQ(rmdir("many"), 0);
}

static void
test_cwd(void)
{
	char buf[1024];
	struct stat st;
	int fd, fd2;

	UT_CWD(TDIR);
	UT_EQ(mkdir("sub", 0755), 0);
	UT_EQ(mkdir("sub/deeper", 0755), 0);
	UT_EQ(touch("sub/deeper/mark"), 0);
	UT_EQ(touch("file"), 0);

	UT_EQ(chdir("sub/deeper"), 0);
	UT_CWD(TDIR "/sub/deeper");
	UT_EQ(stat("mark", &st), 0);
	UT_EQ(chdir(".."), 0);
	UT_CWD(TDIR "/sub");
	UT_EQ(chdir("../.."), 0);
	UT_CWD("/tmp");
	UT_EQ(chdir("vfs_dir/./sub/../sub/deeper/."), 0);
	UT_CWD(TDIR "/sub/deeper");
	UT_EQ(chdir("/"), 0);
	UT_CWD("/");
	UT_EQ(chdir(".."), 0);			/* ".." of the root is itself */
	UT_CWD("/");
	UT_EQ(chdir(TDIR), 0);
	UT_CWD(TDIR);

	/* Errors leave the current directory alone. */
	UT_ERR(chdir("file"), ENOTDIR);
	UT_ERR(chdir("missing"), ENOENT);
	UT_ERR(chdir("file/x"), ENOTDIR);
	UT_CWD(TDIR);

	/* getcwd's buffer size. */
	UT_TRUE(getcwd(buf, strlen(TDIR) + 1) != NULL);
	UT_TRUE(getcwd(buf, strlen(TDIR)) == NULL);
	UT_EQ(errno, ERANGE);
	UT_TRUE(getcwd(buf, 1) == NULL);
	UT_EQ(errno, ERANGE);
	UT_TRUE(getcwd(buf, 0) == NULL);
	UT_EQ(errno, EINVAL);
	UT_TRUE(getcwd((char *)0xC0001000, 100) == NULL);
	UT_EQ(errno, EFAULT);

	/* fchdir. */
	fd = open("sub/deeper", O_RDONLY | O_DIRECTORY);
	UT_TRUE(fd >= 0);
	UT_EQ(chdir("/"), 0);
	UT_EQ(fchdir(fd), 0);
	UT_CWD(TDIR "/sub/deeper");
	UT_EQ(stat("mark", &st), 0);
	UT_EQ(close(fd), 0);
	UT_CWD(TDIR "/sub/deeper");		/* closing does not move it */
	fd2 = open("mark", O_RDONLY);
	UT_TRUE(fd2 >= 0);
	UT_ERR(fchdir(fd2), ENOTDIR);
	UT_EQ(close(fd2), 0);
	UT_ERR(fchdir(fd2), EBADF);
	UT_ERR(fchdir(-1), EBADF);
	UT_CWD(TDIR "/sub/deeper");

	/* Through symlinks: getcwd gives the physical path. */
	UT_EQ(chdir(TDIR), 0);
	UT_EQ(symlink("sub/deeper", "rel"), 0);
	UT_EQ(symlink(TDIR "/sub", "abs"), 0);
	UT_EQ(chdir("rel"), 0);
	UT_CWD(TDIR "/sub/deeper");
	UT_EQ(chdir(".."), 0);			/* the physical parent */
	UT_CWD(TDIR "/sub");
	UT_EQ(chdir(TDIR "/abs/deeper"), 0);
	UT_CWD(TDIR "/sub/deeper");
	UT_EQ(chdir(TDIR "/abs"), 0);
	UT_CWD(TDIR "/sub");
	UT_EQ(chdir(TDIR), 0);

	UT_EQ(unlink("rel"), 0);
	UT_EQ(unlink("abs"), 0);
	UT_EQ(unlink("sub/deeper/mark"), 0);
	UT_EQ(rmdir("sub/deeper"), 0);
	UT_EQ(rmdir("sub"), 0);
	UT_EQ(unlink("file"), 0);
}

/* getcwd must fail with ENOENT (the current directory was removed). */
#define UT_NOCWD() do {							\
	char _b[1024];							\
	errno = 0;							\
	if (getcwd(_b, sizeof(_b)) != NULL || errno != ENOENT) {	\
		printf("FAIL: %s:%d: getcwd: \"%s\" errno %d, "	\
		    "want ENOENT\n", __FILE__, __LINE__,		\
		    errno ? "" : _b, errno);				\
		ut_failures++;						\
	}								\
} while (0)

/*
 * A removed current directory stays removed: the process holds that
 * directory, not its name.  getcwd() is ENOENT; every relative path from
 * it fails with ENOENT, "." and ".." included (the directory has no
 * entries left, POSIX rmdir); nothing can be created in it; a directory
 * made later under the same name is a different one, which neither the
 * current directory nor fchdir() to a descriptor of the removed one
 * reaches.  Absolute paths and chdir() out of it work as ever.
 */
static void
test_removed_cwd(void)
{
	struct stat st;
	pid_t pid;
	int fd, status = -1;

	/* Held only as the current directory. */
	UT_EQ(chdir(TDIR), 0);
	UT_EQ(mkdir("gone", 0755), 0);
	UT_EQ(touch("gone/was"), 0);
	UT_EQ(chdir("gone"), 0);
	UT_CWD(TDIR "/gone");
	UT_EQ(unlink("was"), 0);
	UT_EQ(rmdir(TDIR "/gone"), 0);
	UT_NOCWD();
	UT_ERR(open("new", O_WRONLY | O_CREAT, 0644), ENOENT);
	UT_ERR(mkdir("newdir", 0755), ENOENT);
	UT_ERR(symlink("x", "newlink"), ENOENT);
	UT_ERR(stat("was", &st), ENOENT);
	UT_ERR(stat(".", &st), ENOENT);
	UT_ERR(stat("..", &st), ENOENT);
	UT_ERR(chdir(".."), ENOENT);
	UT_ERR(stat(TDIR "/gone", &st), ENOENT);
	/* The same name made again: a new directory, not this one. */
	UT_EQ(mkdir(TDIR "/gone", 0755), 0);
	UT_EQ(touch(TDIR "/gone/inside"), 0);
	UT_NOCWD();
	UT_ERR(stat("inside", &st), ENOENT);
	UT_ERR(open("new", O_WRONLY | O_CREAT, 0644), ENOENT);
	UT_ERR(stat(TDIR "/gone/new", &st), ENOENT);
	/* A child inherits the removed directory as it is. */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char b[256];

		_exit(getcwd(b, sizeof(b)) == NULL && errno == ENOENT &&
		    stat("inside", &st) < 0 && errno == ENOENT ? 0 : 1);
	}
	UT_TRUE(pid > 0);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_EQ(status, 0);
	/* Leaving by an absolute path. */
	UT_EQ(chdir(TDIR "/gone"), 0);
	UT_CWD(TDIR "/gone");
	UT_EQ(stat("inside", &st), 0);
	UT_EQ(unlink("inside"), 0);

	/* Held by an open descriptor (and the current directory). */
	fd = open(".", O_RDONLY | O_DIRECTORY);
	UT_TRUE(fd >= 0);
	UT_EQ(chdir("/"), 0);
	UT_EQ(rmdir(TDIR "/gone"), 0);
	UT_EQ(fstat(fd, &st), 0);		/* the directory itself */
	UT_TRUE(S_ISDIR(st.st_mode));
	UT_EQ(mkdir(TDIR "/gone", 0755), 0);
	UT_EQ(touch(TDIR "/gone/inside"), 0);
	UT_EQ(fchdir(fd), 0);
	UT_NOCWD();
	UT_ERR(stat("inside", &st), ENOENT);
	UT_ERR(open("new", O_WRONLY | O_CREAT, 0644), ENOENT);
	UT_EQ(close(fd), 0);
	UT_NOCWD();
	UT_EQ(chdir(TDIR), 0);
	UT_CWD(TDIR);
	UT_EQ(stat("gone/inside", &st), 0);
	UT_ERR(stat("gone/new", &st), ENOENT);
	UT_EQ(unlink("gone/inside"), 0);

	/* Replaced by a rename: the same. */
	UT_EQ(mkdir("other", 0755), 0);
	UT_EQ(chdir("gone"), 0);
	UT_EQ(rename(TDIR "/other", TDIR "/gone"), 0);
	UT_NOCWD();
	UT_EQ(touch(TDIR "/gone/inside"), 0);
	UT_ERR(stat("inside", &st), ENOENT);
	UT_EQ(mkdir(TDIR "/other", 0755), 0);
	UT_NOCWD();
	UT_ERR(stat("inside", &st), ENOENT);
	UT_EQ(chdir(TDIR), 0);
	UT_EQ(unlink("gone/inside"), 0);
	UT_EQ(rmdir("other"), 0);
	UT_EQ(rmdir("gone"), 0);
}

int
main(int argc, char **argv)
{
	ut_workdir_enter(TDIR);
	test_mkdir_rmdir();
	test_listing();
	test_many();
	test_cwd();
	test_removed_cwd();
	ut_workdir_leave(TDIR);
	UT_DONE("vfs_dir");
}
