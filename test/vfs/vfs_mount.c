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
		ut_rmtree(MNT);		/* empties it; the rmdir fails */
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
	UT_EQ(ut_put("file", "outside"), 0);
	UT_EQ(stat(".", &parent), 0);
	UT_EQ(stat("m", &mp), 0);
	UT_EQ(mp.st_dev, parent.st_dev);

	/* Errors first. */
	UT_ERR(mount("tmpfs", TDIR "/missing", 0, NULL), ENOENT);
	UT_ERR(mount("tmpfs", TDIR "/file", 0, NULL), ENOTDIR);
	UT_TRUE(mount("no-such-fs", MNT, 0, NULL) == -1);
	UT_ERR(mount("tmpfs", (char *)0xC0001000, 0, NULL), EFAULT);
	UT_ERR(unmount(MNT, 0), EINVAL);	/* not a mount point */
	UT_ERR(unmount(TDIR "/missing", 0), ENOENT);

	UT_EQ(mount("tmpfs", MNT, 0, NULL), 0);
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
	UT_EQ(ut_put("m/f", "inside"), 0);
	UT_EQ(mkdir("m/sub", 0755), 0);
	UT_EQ(ut_put("m/sub/g", "deeper"), 0);
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
	UT_EQ(mount("tmpfs", MNT, 0, NULL), 0);
	UT_EQ(ut_put("m/left", "behind"), 0);
	UT_EQ(mkdir("m/dir", 0755), 0);
	UT_EQ(ut_put("m/dir/x", "x"), 0);
	UT_EQ(symlink("left", "m/sl"), 0);
	UT_CONTENT("m/sl", "behind");
	UT_EQ(unmount(MNT, 0), 0);
	UT_EQ(count_entries("m"), 0);
	UT_ERR(stat("m/left", &st), ENOENT);
	/* And a fresh mount starts empty. */
	UT_EQ(mount("tmpfs", MNT, 0, NULL), 0);
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
	ut_workdir_enter(TDIR);
	test_mount();
	UT_EQ(chdir("/"), 0);
	cleanup_mount();
	UT_EQ(rmdir(TDIR), 0);
	ut_rmtree(TDIR);
	UT_ERR(stat(TDIR, &st), ENOENT);
	UT_DONE("vfs_mount");
}
