/*
 * vfs_mount - a tmpfs mounted on /tmp/vfs_mount/m: its own st_dev, ".."
 * from its root back into the parent filesystem, getcwd inside it,
 * EXDEV across it, EBUSY while in use, unmount, and the covered
 * directory showing again.  Works in /tmp/vfs_mount and removes it.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/mount.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define TDIR	"/tmp/vfs_mount"
#define MNT	TDIR "/m"

/* call must fail with -1 and errno err. */
#define UT_ERR(call, err) do {						\
	long long _r;							\
	int _e;								\
	errno = 0;							\
	_r = (long long)(call);						\
	_e = errno;							\
	if (_r != -1 || _e != (err)) {					\
		printf("FAIL: %s:%d: %s: got %lld errno %d, "		\
		    "want -1 errno %d\n", __FILE__, __LINE__, #call,	\
		    _r, _e, (err));					\
		ut_failures++;						\
	}								\
} while (0)

/* getcwd must succeed and give want. */
#define UT_CWD(want) do {						\
	char _b[1024];							\
	if (getcwd(_b, sizeof(_b)) == NULL) {				\
		printf("FAIL: %s:%d: getcwd: errno %d\n",		\
		    __FILE__, __LINE__, errno);				\
		ut_failures++;						\
	} else if (strcmp(_b, (want)) != 0) {				\
		printf("FAIL: %s:%d: getcwd: \"%s\", want \"%s\"\n",	\
		    __FILE__, __LINE__, _b, (want));			\
		ut_failures++;						\
	}								\
} while (0)

/* The file at path must hold exactly the string want. */
#define UT_CONTENT(path, want) do {					\
	char _b[256];							\
	int _n = get((path), _b, sizeof(_b));				\
	if (_n < 0 || strcmp(_b, (want)) != 0) {			\
		printf("FAIL: %s:%d: %s holds \"%s\" (%d), want \"%s\"\n",\
		    __FILE__, __LINE__, (path), _n < 0 ? "" : _b, _n,	\
		    (want));						\
		ut_failures++;						\
	}								\
} while (0)

static char rmpath[1024];

/*
 * Remove rmpath and everything under it (a safety net after a failed
 * check; the tests remove what they create themselves).  Bounded.
 */
static void
rmtree_at(int depth)
{
	struct dirent *de;
	struct stat st;
	size_t len = strlen(rmpath);
	int pass, found;
	DIR *d;

	if (lstat(rmpath, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode) || depth > 100) {
		unlink(rmpath);
		return;
	}
	for (pass = 0; pass < 5000; pass++) {
		if ((d = opendir(rmpath)) == NULL)
			break;
		found = 0;
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			if (len + 1 + strlen(de->d_name) < sizeof(rmpath)) {
				rmpath[len] = '/';
				strcpy(rmpath + len + 1, de->d_name);
				found = 1;
			}
			break;
		}
		closedir(d);
		if (!found)
			break;
		rmtree_at(depth + 1);
		rmpath[len] = '\0';
	}
	rmdir(rmpath);
}

static void
rmtree(const char *path)
{
	strlcpy(rmpath, path, sizeof(rmpath));
	rmtree_at(0);
}

/* Create or truncate path and write s to it; 0 or -1. */
static int
put(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return (-1);
	n = write(fd, s, strlen(s));
	if (close(fd) != 0 || n != (ssize_t)strlen(s))
		return (-1);
	return (0);
}

/* Read the file at path into buf (NUL-terminated); bytes or -1. */
static int
get(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY), n;

	if (fd < 0)
		return (-1);
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return (-1);
	buf[n] = '\0';
	return (n);
}

/* Entries of a directory other than "." and "..", or -1. */
static int
count_entries(const char *path)
{
	struct dirent *de;
	int n = 0, i = 0;
	DIR *d;

	if ((d = opendir(path)) == NULL)
		return (-1);
	while ((de = readdir(d)) != NULL && i++ < 1000)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return (n);
}

/* Unmount MNT if something is still mounted there (after a failure). */
static void
cleanup_mount(void)
{
	struct stat a, b;

	if (stat(TDIR, &a) == 0 && stat(MNT, &b) == 0 && a.st_dev != b.st_dev) {
		chdir("/");
		rmtree(MNT);		/* empties it; the rmdir fails */
		unmount(MNT, 0);
	}
}

static void
test_mount(void)
{
	struct stat parent, mp, root, st;
	DIR *d;
	int fd;

	UT_EQ(mkdir("m", 0755), 0);
	UT_EQ(put("file", "outside"), 0);
	UT_EQ(stat(".", &parent), 0);
	UT_EQ(stat("m", &mp), 0);
	UT_EQ(mp.st_dev, parent.st_dev);

	/* Errors first. */
	UT_ERR(mount("tmpfs", TDIR "/missing", 0), ENOENT);
	UT_ERR(mount("tmpfs", TDIR "/file", 0), ENOTDIR);
	UT_TRUE(mount("no-such-fs", MNT, 0) == -1);
	UT_ERR(mount("tmpfs", (char *)0xC0001000, 0), EFAULT);
	UT_ERR(unmount(MNT, 0), EINVAL);	/* not a mount point */
	UT_ERR(unmount(TDIR "/missing", 0), ENOENT);

	UT_EQ(mount("tmpfs", MNT, 0), 0);
	UT_EQ(stat("m", &root), 0);
	UT_TRUE(S_ISDIR(root.st_mode));
	UT_TRUE(root.st_dev != parent.st_dev);
	UT_EQ(root.st_nlink, 2);
	UT_EQ(count_entries("m"), 0);

	/* ".." from its root is the covered directory's parent. */
	UT_EQ(stat("m/..", &st), 0);
	UT_EQ(st.st_dev, parent.st_dev);
	UT_EQ(st.st_ino, parent.st_ino);
	UT_EQ(stat(MNT "/../file", &st), 0);
	UT_EQ(st.st_dev, parent.st_dev);

	/* Files inside live on the new filesystem. */
	UT_EQ(put("m/f", "inside"), 0);
	UT_EQ(mkdir("m/sub", 0755), 0);
	UT_EQ(put("m/sub/g", "deeper"), 0);
	UT_CONTENT("m/f", "inside");
	UT_CONTENT(MNT "/sub/g", "deeper");
	UT_EQ(stat("m/f", &st), 0);
	UT_EQ(st.st_dev, root.st_dev);
	UT_EQ(stat("m/sub/..", &st), 0);
	UT_EQ(st.st_ino, root.st_ino);
	UT_EQ(st.st_dev, root.st_dev);
	UT_EQ(count_entries("m"), 2);
	UT_EQ(count_entries("."), 2);		/* "m" and "file" */
	UT_ERR(stat("f", &st), ENOENT);		/* not in the parent */

	/* Nothing crosses filesystems by name. */
	UT_ERR(link("m/f", "flink"), EXDEV);
	UT_ERR(link("file", "m/flink"), EXDEV);
	UT_ERR(rename("m/f", "moved"), EXDEV);
	UT_ERR(rename("file", "m/moved"), EXDEV);
	UT_CONTENT("m/f", "inside");
	UT_CONTENT("file", "outside");
	/* But symlinks point anywhere. */
	UT_EQ(symlink("../file", "m/out"), 0);
	UT_CONTENT("m/out", "outside");
	UT_EQ(unlink("m/out"), 0);

	/* The current directory inside, and back out with "..". */
	UT_EQ(chdir("m/sub"), 0);
	UT_CWD(MNT "/sub");
	UT_CONTENT("g", "deeper");
	UT_EQ(chdir(".."), 0);
	UT_CWD(MNT);
	UT_EQ(stat(".", &st), 0);
	UT_EQ(st.st_ino, root.st_ino);
	UT_EQ(st.st_dev, root.st_dev);
	UT_EQ(chdir(".."), 0);
	UT_CWD(TDIR);
	UT_EQ(stat(".", &st), 0);
	UT_EQ(st.st_ino, parent.st_ino);
	UT_EQ(st.st_dev, parent.st_dev);

	/* Busy: an open file, the current directory, an open directory. */
	fd = open("m/sub/g", O_RDONLY);
	UT_TRUE(fd >= 0);
	UT_ERR(unmount(MNT, 0), EBUSY);
	UT_EQ(close(fd), 0);
	UT_EQ(chdir("m/sub"), 0);
	UT_ERR(unmount(MNT, 0), EBUSY);
	UT_EQ(chdir(TDIR), 0);
	d = opendir("m");
	UT_TRUE(d != NULL);
	UT_ERR(unmount(MNT, 0), EBUSY);
	if (d != NULL)
		UT_EQ(closedir(d), 0);
	UT_ERR(rmdir("m"), EBUSY);		/* a mount point */
	UT_CONTENT("m/f", "inside");		/* still mounted */

	/* Clean up inside, then unmount. */
	UT_EQ(unlink("m/sub/g"), 0);
	UT_EQ(rmdir("m/sub"), 0);
	UT_EQ(unlink("m/f"), 0);
	UT_EQ(unmount(MNT, 0), 0);
	UT_EQ(stat("m", &st), 0);
	UT_EQ(st.st_dev, mp.st_dev);
	UT_EQ(st.st_ino, mp.st_ino);
	UT_EQ(count_entries("m"), 0);
	UT_ERR(stat("m/f", &st), ENOENT);
	UT_ERR(unmount(MNT, 0), EINVAL);

	/* A mount unmounted with files still in it frees them. */
	UT_EQ(mount("tmpfs", MNT, 0), 0);
	UT_EQ(put("m/left", "behind"), 0);
	UT_EQ(mkdir("m/dir", 0755), 0);
	UT_EQ(put("m/dir/x", "x"), 0);
	UT_EQ(symlink("left", "m/sl"), 0);
	UT_CONTENT("m/sl", "behind");
	UT_EQ(unmount(MNT, 0), 0);
	UT_EQ(count_entries("m"), 0);
	UT_ERR(stat("m/left", &st), ENOENT);
	/* And a fresh mount starts empty. */
	UT_EQ(mount("tmpfs", MNT, 0), 0);
	UT_EQ(count_entries("m"), 0);
	UT_ERR(stat("m/left", &st), ENOENT);
	UT_EQ(unmount(MNT, 0), 0);

	UT_EQ(rmdir("m"), 0);
	UT_EQ(unlink("file"), 0);
}

int
main(int argc, char **argv)
{
	struct stat st;

	cleanup_mount();
	rmtree(TDIR);
	UT_EQ(mkdir(TDIR, 0755), 0);
	UT_EQ(chdir(TDIR), 0);
	test_mount();
	UT_EQ(chdir("/"), 0);
	cleanup_mount();
	UT_EQ(rmdir(TDIR), 0);
	rmtree(TDIR);
	UT_ERR(stat(TDIR, &st), ENOENT);
	if (ut_failures > 255)
		ut_failures = 255;
	UT_DONE("vfs_mount");
}
