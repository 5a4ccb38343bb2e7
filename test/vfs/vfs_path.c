/*
 * vfs_path - path resolution: 64-deep paths, "." and "..", repeated and
 * trailing slashes, ENOTDIR in the middle, symlink chains and loops,
 * failed symlink expansions leaving no kernel memory behind,
 * ENAMETOOLONG, EFAULT for bad pointers, and the empty path.  Works in
 * /tmp/vfs_path and removes it.
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

#define TDIR	"/tmp/vfs_path"

#define BADK	((char *)0xC0001000)	/* a kernel address */
#define BADU	((char *)1)		/* unmapped user page 0 */

static char path[2100], path2[2100];

#define DEPTH	64

/* path = "d00/d01/.../d(n-1)" */
static void
deep_path(char *buf, int n)
{
	int i;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(buf + strlen(buf), 8, "%sd%02d", i ? "/" : "", i);
}

static void
test_deep(void)
{
	char full[512], *p;
	int i, bad, fd;

	for (i = 1, bad = 0; i <= DEPTH; i++) {
		deep_path(path, i);
		if (mkdir(path, 0755) != 0)
			bad++;
	}
	UT_EQ(bad, 0);
	/* By its absolute path. */
	deep_path(path, DEPTH);
	snprintf(full, sizeof(full), "%s/%s/f", TDIR, path);
	UT_EQ(strlen(full), strlen(TDIR) + 4 * DEPTH + 2);
	UT_EQ(ut_put(full, "deep"), 0);
	UT_CONTENT(full, "deep");
	/* Relatively, from half way down. */
	deep_path(path, DEPTH / 2);
	UT_EQ(chdir(path), 0);
	strcpy(path2, full + strlen(TDIR) + 1 + strlen(path) + 1);
	UT_EQ(strncmp(path2, "d32/", 4), 0);
	UT_CONTENT(path2, "deep");
	fd = open(path2, O_RDWR | O_APPEND);
	UT_TRUE(fd >= 0);
	UT_EQ(write(fd, "er", 2), 2);
	UT_EQ(close(fd), 0);
	UT_CONTENT(full, "deeper");
	/* At the bottom: getcwd, and back up by 64 "..". */
	UT_EQ(chdir(TDIR), 0);
	*strrchr(full, '/') = '\0';
	UT_EQ(chdir(full), 0);
	UT_CWD(full);
	for (i = 0, p = path2; i < DEPTH; i++, p += 3)
		memcpy(p, "../", 3);
	*p = '\0';
	UT_EQ(ut_inode(path2), ut_inode(TDIR));
	UT_CONTENT("../../d62/d63/f", "deeper");
	UT_EQ(chdir(path2), 0);
	UT_CWD(TDIR);

	/* Remove it all, deepest first. */
	deep_path(path, DEPTH);
	strcat(path, "/f");
	UT_EQ(unlink(path), 0);
	for (i = DEPTH, bad = 0; i >= 1; i--) {
		deep_path(path, i);
		if (rmdir(path) != 0)
			bad++;
	}
	UT_EQ(bad, 0);
	UT_ERR(ut_inode("d00"), ENOENT);
}

static void
test_dots_slashes(void)
{
	struct stat st;
	long xino;

	UT_EQ(mkdir("x", 0755), 0);
	UT_EQ(ut_put("x/f", "F"), 0);
	xino = ut_inode("x");

	/* "." and "..". */
	UT_EQ(ut_inode("./x/./."), xino);
	UT_EQ(ut_inode("x/.."), ut_inode("."));
	UT_EQ(ut_inode("x/../x/../x"), xino);
	UT_EQ(ut_inode("/.."), ut_inode("/"));
	UT_EQ(ut_inode("/../../.."), ut_inode("/"));
	UT_EQ(ut_inode("/../tmp"), ut_inode("/tmp"));
	UT_EQ(ut_inode(".."), ut_inode("/tmp"));
	UT_CONTENT("/tmp/../tmp/vfs_path/./x/f", "F");
	UT_CONTENT("x/../x/./f", "F");
	UT_ERR(stat("x/f/..", &st), ENOTDIR);
	UT_ERR(stat("x/f/.", &st), ENOTDIR);
	UT_ERR(stat("missing/..", &st), ENOENT);

	/* Repeated slashes. */
	UT_EQ(ut_inode("//tmp///vfs_path//x"), xino);
	UT_CONTENT("x//f", "F");
	UT_CONTENT(".//x//.//f", "F");
	UT_EQ(ut_inode("x///"), xino);

	/* A trailing slash wants a directory. */
	UT_EQ(ut_inode("x/"), xino);
	UT_ERR(stat("x/f/", &st), ENOTDIR);
	UT_ERR(lstat("x/f/", &st), ENOTDIR);
	UT_ERR(open("x/f/", O_RDONLY), ENOTDIR);
	UT_ERR(unlink("x/f/"), ENOTDIR);
	UT_ERR(access("x/f/", F_OK), ENOTDIR);
	UT_EQ(mkdir("y/", 0755), 0);
	UT_EQ(stat("y", &st), 0);
	UT_TRUE(S_ISDIR(st.st_mode));
	UT_EQ(rmdir("y/"), 0);
	UT_EQ(mkdir("y//", 0755), 0);
	UT_EQ(rmdir("y"), 0);
	/* ... and follows a final symlink to get it (POSIX). */
	UT_EQ(symlink("x", "sx"), 0);
	UT_EQ(lstat("sx", &st), 0);
	UT_TRUE(S_ISLNK(st.st_mode));
	UT_EQ(lstat("sx/", &st), 0);
	UT_TRUE(S_ISDIR(st.st_mode));
	UT_EQ(symlink("x/f", "sf"), 0);
	UT_ERR(stat("sf/", &st), ENOTDIR);

	/* ENOTDIR in the middle, directly or through a symlink. */
	UT_ERR(stat("x/f/y", &st), ENOTDIR);
	UT_ERR(open("x/f/y", O_WRONLY | O_CREAT, 0644), ENOTDIR);
	UT_ERR(mkdir("x/f/y", 0755), ENOTDIR);
	UT_ERR(chdir("x/f/y"), ENOTDIR);
	UT_ERR(stat("sf/y", &st), ENOTDIR);
	UT_ERR(stat("x/f/../f", &st), ENOTDIR);
	/* ENOENT in the middle. */
	UT_ERR(stat("missing/y", &st), ENOENT);
	UT_ERR(open("missing/y", O_WRONLY | O_CREAT, 0644), ENOENT);

	/* access, with no permissions modelled. */
	UT_EQ(access("x/f", F_OK), 0);
	UT_EQ(access("x/f", R_OK | W_OK), 0);
	UT_EQ(access("x", F_OK), 0);
	UT_ERR(access("x/missing", F_OK), ENOENT);

	UT_EQ(unlink("sx"), 0);
	UT_EQ(unlink("sf"), 0);
	UT_EQ(unlink("x/f"), 0);
	UT_EQ(rmdir("x"), 0);
}

static void
test_symlinks(void)
{
	struct stat st;
	char name[16], target[16];
	int i, bad;

	UT_EQ(mkdir("x", 0755), 0);
	UT_EQ(ut_put("x/f", "F"), 0);

	/* a -> b -> c -> x/f */
	UT_EQ(symlink("x/f", "c"), 0);
	UT_EQ(symlink("c", "b"), 0);
	UT_EQ(symlink("b", "a"), 0);
	UT_CONTENT("a", "F");
	UT_EQ(ut_inode("a"), ut_inode("x/f"));
	UT_EQ(symlink(TDIR "/a", "abs"), 0);
	UT_CONTENT("abs", "F");
	/* A relative target is relative to the link's directory. */
	UT_EQ(symlink("f", "x/rel"), 0);
	UT_CONTENT("x/rel", "F");
	UT_EQ(symlink("../x/f", "x/up"), 0);
	UT_CONTENT("x/up", "F");
	/* A symlink to a directory in the middle; ".." after it is the
	 * directory's real parent. */
	UT_EQ(symlink("x", "dx"), 0);
	UT_CONTENT("dx/f", "F");
	UT_CONTENT("dx/rel", "F");
	UT_EQ(ut_inode("dx/.."), ut_inode("."));
	UT_EQ(symlink(TDIR "/x/", "dxs"), 0);	/* trailing slash in target */
	UT_CONTENT("dxs/f", "F");
	/* Creating through a link to a directory. */
	UT_EQ(ut_put("dx/new", "N"), 0);
	UT_CONTENT("x/new", "N");
	UT_EQ(unlink("dx/new"), 0);

	/* Eight links in a row are followed. */
	for (i = 0, bad = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "k%d", i);
		if (i < 7)
			snprintf(target, sizeof(target), "k%d", i + 1);
		else
			strcpy(target, "x/f");
		if (symlink(target, name) != 0)
			bad++;
	}
	UT_EQ(bad, 0);
	UT_CONTENT("k0", "F");
	/* Fifty are too many. */
	for (i = 0, bad = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "l%d", i);
		if (i < 49)
			snprintf(target, sizeof(target), "l%d", i + 1);
		else
			strcpy(target, "x/f");
		if (symlink(target, name) != 0)
			bad++;
	}
	UT_EQ(bad, 0);
	UT_CONTENT("l45", "F");
	UT_ERR(stat("l0", &st), ELOOP);
	UT_ERR(open("l0", O_RDONLY), ELOOP);
	UT_EQ(lstat("l0", &st), 0);

	/* Loops. */
	UT_EQ(symlink("lb", "la"), 0);
	UT_EQ(symlink("la", "lb"), 0);
	UT_EQ(symlink("self", "self"), 0);
	UT_ERR(stat("la", &st), ELOOP);
	UT_ERR(stat("lb", &st), ELOOP);
	UT_ERR(stat("self", &st), ELOOP);
	UT_ERR(open("la", O_RDONLY), ELOOP);
	UT_ERR(open("la", O_WRONLY | O_CREAT, 0644), ELOOP);
	UT_ERR(stat("la/x", &st), ELOOP);
	UT_ERR(chdir("la"), ELOOP);
	UT_ERR(mkdir("la/x", 0755), ELOOP);
	UT_EQ(lstat("la", &st), 0);
	UT_TRUE(S_ISLNK(st.st_mode));
	UT_CWD(TDIR);

	UT_EQ(unlink("a"), 0);
	UT_EQ(unlink("b"), 0);
	UT_EQ(unlink("c"), 0);
	UT_EQ(unlink("abs"), 0);
	UT_EQ(unlink("x/rel"), 0);
	UT_EQ(unlink("x/up"), 0);
	UT_EQ(unlink("dx"), 0);
	UT_EQ(unlink("dxs"), 0);
	UT_EQ(unlink("la"), 0);
	UT_EQ(unlink("lb"), 0);
	UT_EQ(unlink("self"), 0);
	for (i = 0, bad = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "k%d", i);
		if (unlink(name) != 0)
			bad++;
	}
	for (i = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "l%d", i);
		if (unlink(name) != 0)
			bad++;
	}
	UT_EQ(bad, 0);
	UT_EQ(unlink("x/f"), 0);
	UT_EQ(rmdir("x"), 0);
}

/*
 * Each way a symlink's expansion (or its creation, or reading it) can
 * fail, done once to fill the caches, then ROUNDS times more: the
 * kernel's memory in use must come back to where it was, or each failure
 * leaked (a path buffer is PATH_MAX bytes; even 16 bytes a round shows).
 * The failures: a loop (ELOOP) with and without a rest of path, a
 * dangling target, a target through a file (ENOTDIR), a target too long
 * for the rest of the path (ENAMETOOLONG), on the first expansion and on
 * a later one, a target too long to create, and readlink's errors.
 */
#define ROUNDS	100

static int
symlink_failures(void)
{
	struct stat st;
	char b[64];
	int bad = 0;

#define FAILS(call, err) do {						\
	errno = 0;							\
	if ((call) != -1 || errno != (err)) {				\
		if (bad++ == 0)						\
			printf("FAIL: %s:%d: %s: errno %d, want %d\n",	\
			    __FILE__, __LINE__, #call, errno, (err));	\
	}								\
} while (0)
	FAILS(stat("self", &st), ELOOP);
	FAILS(stat("la/x/y", &st), ELOOP);
	FAILS(open("self", O_RDONLY), ELOOP);
	FAILS(chdir("la"), ELOOP);
	FAILS(stat("dang", &st), ENOENT);
	FAILS(stat("dang/x", &st), ENOENT);
	FAILS(open("dang/x", O_WRONLY | O_CREAT, 0644), ENOENT);
	FAILS(stat("thru", &st), ENOTDIR);
	FAILS(stat(path, &st), ENAMETOOLONG);		/* big/<rest> */
	FAILS(open(path, O_WRONLY | O_CREAT, 0644), ENAMETOOLONG);
	FAILS(stat("m1", &st), ENAMETOOLONG);		/* m1 -> big/<rest> */
	FAILS(symlink(path2, "t"), ENAMETOOLONG);	/* 1024 bytes */
	FAILS(symlink("x", "self"), EEXIST);
	FAILS(readlink("x/f", b, sizeof(b)), EINVAL);
	FAILS(readlink("dang/x", b, sizeof(b)), ENOENT);
	FAILS(readlink("self/x", b, sizeof(b)), ELOOP);
#undef FAILS
	return (bad);
}

static void
test_symlink_leaks(void)
{
	int i, bad, k0, k1;
	char rest[120];

	UT_EQ(mkdir("x", 0755), 0);
	UT_EQ(ut_put("x/f", "F"), 0);
	UT_EQ(symlink("self", "self"), 0);
	UT_EQ(symlink("lb", "la"), 0);
	UT_EQ(symlink("la", "lb"), 0);
	UT_EQ(symlink("nowhere/f", "dang"), 0);
	UT_EQ(symlink("x/f/g", "thru"), 0);
	/* big: a target of 1001 bytes ("./" 500 times and "x"), which
	 * resolves alone but not with 100 more bytes after it. */
	for (i = 0; i < 500; i++)
		memcpy(path + 2 * i, "./", 2);
	strcpy(path + 1000, "x");
	UT_EQ(symlink(path, "big"), 0);
	UT_EQ(ut_inode("big"), ut_inode("x"));
	memset(rest, 'r', 100);
	rest[100] = '\0';
	snprintf(path, sizeof(path), "big/%s", rest);
	UT_EQ(symlink(path, "m1"), 0);
	memset(path2, 't', 1024);
	path2[1024] = '\0';

	UT_EQ(symlink_failures(), 0);		/* once, to fill caches */
	k0 = ut_sysctl_int("kern.kmem_inuse");
	for (i = 0, bad = 0; i < ROUNDS; i++)
		bad += symlink_failures();
	k1 = ut_sysctl_int("kern.kmem_inuse");
	UT_EQ(bad, 0);
	UT_CWD(TDIR);
	if (k1 != k0)
		UT_FAIL("kern.kmem_inuse %d before %d rounds of failed "
		    "symlink expansions, %d after (%d a round)", k0, ROUNDS,
		    k1, (k1 - k0) / ROUNDS);

	UT_EQ(unlink("self"), 0);
	UT_EQ(unlink("la"), 0);
	UT_EQ(unlink("lb"), 0);
	UT_EQ(unlink("dang"), 0);
	UT_EQ(unlink("thru"), 0);
	UT_EQ(unlink("big"), 0);
	UT_EQ(unlink("m1"), 0);
	UT_EQ(unlink("x/f"), 0);
	UT_EQ(rmdir("x"), 0);
}

static void
test_too_long(void)
{
	char name[300];
	struct dirent *de;
	struct stat st;
	int i, n, fd;
	DIR *d;

	/* A component of 255 bytes is fine; 256 is not. */
	memset(name, 'n', 255);
	name[255] = '\0';
	fd = open(name, O_WRONLY | O_CREAT, 0644);
	UT_TRUE(fd >= 0);
	UT_EQ(close(fd), 0);
	UT_EQ(stat(name, &st), 0);
	d = opendir(".");
	UT_TRUE(d != NULL);
	n = 0;
	while (d != NULL && (de = readdir(d)) != NULL)
		if (de->d_namlen == 255 && strcmp(de->d_name, name) == 0)
			n++;
	if (d != NULL)
		closedir(d);
	UT_EQ(n, 1);
	UT_EQ(unlink(name), 0);
	memset(name, 'n', 256);
	name[256] = '\0';
	UT_ERR(stat(name, &st), ENAMETOOLONG);
	UT_ERR(open(name, O_WRONLY | O_CREAT, 0644), ENAMETOOLONG);
	UT_ERR(mkdir(name, 0755), ENAMETOOLONG);
	UT_ERR(symlink("x", name), ENAMETOOLONG);
	snprintf(path, sizeof(path), "%s/x", name);
	UT_ERR(stat(path, &st), ENAMETOOLONG);	/* in the middle too */

	/* A path of 1023 bytes is fine; 1024 is not. */
	UT_EQ(ut_put("f", "F"), 0);
	for (i = 0; i < 511; i++)
		memcpy(path + 2 * i, "./", 2);
	strcpy(path + 2 * 511, "f");
	UT_EQ(strlen(path), 1023);
	UT_EQ(stat(path, &st), 0);
	strcpy(path + 2 * 511, "/f");
	UT_EQ(strlen(path), 1024);
	UT_ERR(stat(path, &st), ENAMETOOLONG);
	UT_ERR(open(path, O_RDONLY), ENAMETOOLONG);
	UT_ERR(chdir(path), ENAMETOOLONG);
	for (i = 0; i < 1000; i++)
		memcpy(path + 2 * i, "./", 2);
	strcpy(path + 2000, "f");
	UT_ERR(stat(path, &st), ENAMETOOLONG);
	UT_ERR(unlink(path), ENAMETOOLONG);
	UT_EQ(unlink("f"), 0);
}

static void
test_efault(void)
{
	struct stat st;
	char buf[16];

	UT_EQ(ut_put("f", "F"), 0);
	UT_ERR(open(BADU, O_RDONLY), EFAULT);
	UT_ERR(open(BADK, O_RDONLY), EFAULT);
	UT_ERR(open(NULL, O_RDONLY), EFAULT);
	UT_ERR(open(BADK, O_WRONLY | O_CREAT, 0644), EFAULT);
	UT_ERR(stat(BADU, &st), EFAULT);
	UT_ERR(stat(BADK, &st), EFAULT);
	UT_ERR(stat("f", (struct stat *)BADK), EFAULT);
	UT_ERR(stat("f", (struct stat *)BADU), EFAULT);
	UT_ERR(lstat(BADK, &st), EFAULT);
	UT_ERR(lstat("f", (struct stat *)BADK), EFAULT);
	UT_ERR(fstat(0, (struct stat *)BADK), EFAULT);
	UT_ERR(mkdir(BADU, 0755), EFAULT);
	UT_ERR(mkdir(BADK, 0755), EFAULT);
	UT_ERR(rmdir(BADK), EFAULT);
	UT_ERR(unlink(BADU), EFAULT);
	UT_ERR(unlink(BADK), EFAULT);
	UT_ERR(chdir(BADU), EFAULT);
	UT_ERR(chdir(BADK), EFAULT);
	UT_ERR(access(BADK, F_OK), EFAULT);
	UT_ERR(rename(BADK, "g"), EFAULT);
	UT_ERR(rename("f", BADK), EFAULT);
	UT_ERR(link(BADK, "g"), EFAULT);
	UT_ERR(link("f", BADK), EFAULT);
	UT_ERR(symlink(BADK, "g"), EFAULT);
	UT_ERR(symlink("f", BADK), EFAULT);
	UT_ERR(readlink(BADK, buf, sizeof(buf)), EFAULT);
	UT_ERR(lstat("g", &st), ENOENT);	/* nothing was made */
	UT_CWD(TDIR);
	UT_CONTENT("f", "F");
	UT_EQ(unlink("f"), 0);
}

static void
test_empty(void)
{
	struct stat st;
	char buf[16];

	UT_ERR(stat("", &st), ENOENT);
	UT_ERR(lstat("", &st), ENOENT);
	UT_ERR(open("", O_RDONLY), ENOENT);
	UT_ERR(open("", O_WRONLY | O_CREAT, 0644), ENOENT);
	UT_ERR(mkdir("", 0755), ENOENT);
	UT_ERR(rmdir(""), ENOENT);
	UT_ERR(unlink(""), ENOENT);
	UT_ERR(chdir(""), ENOENT);
	UT_ERR(access("", F_OK), ENOENT);
	UT_ERR(readlink("", buf, sizeof(buf)), ENOENT);
	UT_ERR(symlink("x", ""), ENOENT);
	UT_ERR(link("", "g"), ENOENT);
	UT_CWD(TDIR);
}

int
main(int argc, char **argv)
{
	ut_workdir_enter(TDIR);
	test_deep();
	UT_EQ(chdir(TDIR), 0);
	test_dots_slashes();
	test_symlinks();
	test_symlink_leaks();
	test_too_long();
	test_efault();
	test_empty();
	ut_workdir_leave(TDIR);
	UT_DONE("vfs_path");
}
