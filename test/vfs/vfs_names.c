/*
 * vfs_names - the namespace operations: rename in all its cases (names
 * that change length, getcwd below a renamed directory), link,
 * unlink, symlink/readlink/lstat, an open file outliving its name, and
 * the namecache staying coherent through each of them (checked with the
 * vfs.cache.* counters: a name the cache knows is answered without asking
 * the filesystem), and the bound on negative entries holding.  Works in /tmp/vfs_names and removes it.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define TDIR	"/tmp/vfs_names"

/* Directory dir must list exactly the names in want (a NULL-ended list). */
#define UT_LIST(dir, ...) do {						\
	const char *_w[] = { __VA_ARGS__, NULL };			\
	if (!lists(__FILE__, __LINE__, (dir), _w))			\
		ut_failures++;						\
} while (0)

static int
is_dir(const char *path)
{
	struct stat st;

	return (lstat(path, &st) == 0 && S_ISDIR(st.st_mode));
}

/*
 * Whether readdir of dir gives exactly the names in want (besides "." and
 * ".."), each once; prints what differs.
 */
static int
lists(const char *file, int line, const char *dir, const char **want)
{
	int seen[16], nwant, i, ok = 1;
	struct dirent *de;
	DIR *d;

	for (nwant = 0; want[nwant] != NULL && nwant < 16; nwant++)
		seen[nwant] = 0;
	if ((d = opendir(dir)) == NULL) {
		printf("FAIL: %s:%d: opendir %s: errno %d\n", file, line,
		    dir, errno);
		return (0);
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		for (i = 0; i < nwant; i++)
			if (strcmp(de->d_name, want[i]) == 0)
				break;
		if (i < nwant && seen[i]++ == 0)
			continue;
		printf("FAIL: %s:%d: %s lists \"%s\" (%d bytes)%s\n", file,
		    line, dir, de->d_name, (int)strlen(de->d_name),
		    i < nwant ? " twice" : ", not expected");
		ok = 0;
	}
	closedir(d);
	for (i = 0; i < nwant; i++)
		if (!seen[i]) {
			printf("FAIL: %s:%d: %s does not list \"%s\"\n",
			    file, line, dir, want[i]);
			ok = 0;
		}
	return (ok);
}

static void
test_rename_files(void)
{
	struct stat st;
	char buf[16];
	long ino;
	int fd;

	UT_EQ(ut_put("a", "A"), 0);
	ino = ut_inode("a");
	UT_EQ(rename("a", "b"), 0);
	UT_ERR(stat("a", &st), ENOENT);
	UT_EQ(ut_inode("b"), ino);
	UT_CONTENT("b", "A");
	UT_EQ(ut_nlinks("b"), 1);

	/* Over an existing file: the old one lives on while open. */
	UT_EQ(ut_put("c", "C"), 0);
	fd = open("c", O_RDONLY);
	UT_TRUE(fd >= 0);
	UT_EQ(rename("b", "c"), 0);
	UT_ERR(stat("b", &st), ENOENT);
	UT_CONTENT("c", "A");
	UT_EQ(ut_inode("c"), ino);
	memset(buf, 0, sizeof(buf));
	UT_EQ(read(fd, buf, sizeof(buf)), 1);
	UT_EQ(buf[0], 'C');
	UT_EQ(fstat(fd, &st), 0);
	UT_EQ(st.st_nlink, 0);
	UT_EQ(close(fd), 0);

	/* Onto itself, or onto another link of itself: nothing happens. */
	UT_EQ(rename("c", "c"), 0);
	UT_CONTENT("c", "A");
	UT_EQ(link("c", "c2"), 0);
	UT_EQ(rename("c", "c2"), 0);
	UT_EQ(ut_inode("c"), ino);
	UT_EQ(ut_inode("c2"), ino);
	UT_EQ(ut_nlinks("c"), 2);
	UT_EQ(unlink("c2"), 0);

	/* Into another directory and back. */
	UT_EQ(mkdir("dir", 0755), 0);
	UT_EQ(rename("c", "dir/c"), 0);
	UT_ERR(stat("c", &st), ENOENT);
	UT_CONTENT("dir/c", "A");
	UT_EQ(ut_nlinks("dir"), 2);		/* files add no links */
	UT_EQ(rename("dir/c", "c"), 0);
	UT_CONTENT("c", "A");

	/* Errors. */
	UT_ERR(rename("missing", "x"), ENOENT);
	UT_ERR(rename("c", "missing/x"), ENOENT);
	UT_ERR(rename("c", "c/x"), ENOTDIR);
	UT_ERR(rename("c/x", "y"), ENOTDIR);
	UT_ERR(rename("c", "dir"), EISDIR);	/* file over directory */
	UT_ERR(rename("dir", "c"), ENOTDIR);	/* directory over file */
	UT_ERR(rename("", "x"), ENOENT);
	UT_ERR2(rename(".", "x"), EINVAL, EBUSY);
	UT_ERR2(rename("dir", "."), EINVAL, EBUSY);
	UT_ERR2(rename("dir/.", "x"), EINVAL, EBUSY);
	UT_CONTENT("c", "A");
	UT_TRUE(is_dir("dir"));
	UT_EQ(rmdir("dir"), 0);
	UT_EQ(unlink("c"), 0);
}

static void
test_rename_dirs(void)
{
	struct stat st;
	int top = ut_nlinks(".");
	long ino;

	/* A directory with contents. */
	UT_EQ(mkdir("d1", 0755), 0);
	UT_EQ(ut_put("d1/f", "in d1"), 0);
	ino = ut_inode("d1");
	UT_EQ(rename("d1", "d2"), 0);
	UT_ERR(stat("d1", &st), ENOENT);
	UT_ERR(stat("d1/f", &st), ENOENT);
	UT_EQ(ut_inode("d2"), ino);
	UT_CONTENT("d2/f", "in d1");
	UT_EQ(ut_nlinks("."), top + 1);

	/* Into another directory: ".." and the link counts follow. */
	UT_EQ(mkdir("p", 0755), 0);
	UT_EQ(ut_nlinks("."), top + 2);
	UT_EQ(rename("d2", "p/d3"), 0);
	UT_EQ(ut_nlinks("."), top + 1);
	UT_EQ(ut_nlinks("p"), 3);
	UT_EQ(ut_inode("p/d3/.."), ut_inode("p"));
	UT_EQ(ut_inode("p/d3"), ino);
	UT_CONTENT("p/d3/f", "in d1");
	UT_EQ(rename("p/d3", "d2"), 0);		/* and back up */
	UT_EQ(ut_inode("d2/.."), ut_inode("."));
	UT_EQ(ut_nlinks("p"), 2);
	UT_EQ(ut_nlinks("."), top + 2);

	/* Over an empty directory. */
	UT_EQ(mkdir("e1", 0755), 0);
	UT_EQ(mkdir("e2", 0755), 0);
	ino = ut_inode("e1");
	UT_EQ(rename("e1", "e2"), 0);
	UT_ERR(stat("e1", &st), ENOENT);
	UT_TRUE(is_dir("e2"));
	UT_EQ(ut_inode("e2"), ino);
	UT_EQ(ut_nlinks("."), top + 3);		/* d2, p, e2 */
	/* With a trailing slash on either name. */
	UT_EQ(rename("e2/", "e3"), 0);
	UT_EQ(rename("e3", "e4/"), 0);
	UT_TRUE(is_dir("e4"));

	/* Over a non-empty directory; file/directory mismatches. */
	UT_ERR2(rename("e4", "d2"), ENOTEMPTY, EEXIST);
	UT_EQ(ut_put("file", "F"), 0);
	UT_ERR(rename("file", "e4"), EISDIR);
	UT_ERR(rename("e4", "file"), ENOTDIR);
	UT_ERR2(rename("file", "e4/"), EISDIR, ENOTDIR);
	UT_ERR(rename("file/", "x"), ENOTDIR);
	UT_CONTENT("file", "F");
	UT_TRUE(is_dir("e4"));

	/* Into its own subdirectory. */
	UT_EQ(mkdir("d2/sub", 0755), 0);
	UT_ERR(rename("d2", "d2/sub/x"), EINVAL);
	UT_ERR(rename("d2", "d2/x"), EINVAL);
	UT_ERR(rename("p", "p/x"), EINVAL);
	UT_ERR(rename("d2", "d2/sub"), EINVAL);
	UT_TRUE(is_dir("d2/sub"));
	UT_CONTENT("d2/f", "in d1");
	/* A child may move up over nothing, though. */
	UT_EQ(rename("d2/sub", "sub"), 0);
	UT_EQ(ut_inode("sub/.."), ut_inode("."));

	UT_EQ(rmdir("sub"), 0);
	UT_EQ(unlink("d2/f"), 0);
	UT_EQ(rmdir("d2"), 0);
	UT_EQ(rmdir("p"), 0);
	UT_EQ(rmdir("e4"), 0);
	UT_EQ(unlink("file"), 0);
	UT_EQ(ut_nlinks("."), top);
}

/*
 * Renames that change a name's length, both ways: the directory lists the
 * new name, lookups find the new name and not the old one (nor a prefix
 * or an extension of either), and getcwd below a renamed ancestor gives
 * the new path, at every length.
 */
static void
test_rename_lengths(void)
{
	static const char *names[] = { "longername", "s", "a_much_longer_name",
	    "mid", "b" };
	char old[64], new[64], cwd[256];
	struct stat st;
	long ino, dino;
	int i;

	UT_EQ(mkdir("a", 0755), 0);
	UT_EQ(ut_put("a/b", "B"), 0);
	ino = ut_inode("a/b");
	strcpy(old, "a/b");
	for (i = 0; i < (int)(sizeof(names) / sizeof(names[0])); i++) {
		snprintf(new, sizeof(new), "a/%s", names[i]);
		UT_EQ(stat(old, &st), 0);		/* both names cached */
		UT_ERR(stat(new, &st), ENOENT);
		UT_EQ(rename(old, new), 0);
		UT_LIST("a", names[i]);
		UT_EQ(ut_inode(new), ino);
		UT_CONTENT(new, "B");
		UT_ERR(stat(old, &st), ENOENT);
		/* One byte short and one byte long: neither exists. */
		if (strlen(names[i]) > 1) {
			new[strlen(new) - 1] = '\0';
			UT_ERR(stat(new, &st), ENOENT);
		}
		snprintf(new, sizeof(new), "a/%sx", names[i]);
		UT_ERR(stat(new, &st), ENOENT);
		snprintf(old, sizeof(old), "a/%s", names[i]);
	}
	UT_EQ(unlink("a/b"), 0);

	/* getcwd below a directory renamed longer, shorter, and moved. */
	UT_EQ(mkdir("a/d", 0755), 0);
	UT_EQ(mkdir("a/d/e", 0755), 0);
	dino = ut_inode("a/d");
	UT_EQ(chdir("a/d/e"), 0);
	UT_CWD(TDIR "/a/d/e");
	UT_EQ(rename(TDIR "/a/d", TDIR "/a/the_longer_one"), 0);
	UT_CWD(TDIR "/a/the_longer_one/e");
	UT_EQ(ut_inode(".."), dino);
	UT_LIST(TDIR "/a", "the_longer_one");
	UT_EQ(rename(TDIR "/a/the_longer_one", TDIR "/a/x"), 0);
	UT_CWD(TDIR "/a/x/e");
	UT_LIST(TDIR "/a", "x");
	/* The top of it, two levels up, longer and back. */
	UT_EQ(rename(TDIR "/a", TDIR "/alpha_beta_gamma"), 0);
	UT_CWD(TDIR "/alpha_beta_gamma/x/e");
	UT_EQ(stat("../../../alpha_beta_gamma/x/e", &st), 0);
	UT_ERR(stat(TDIR "/a", &st), ENOENT);
	UT_EQ(rename(TDIR "/alpha_beta_gamma", TDIR "/a"), 0);
	UT_CWD(TDIR "/a/x/e");
	/* Moved up a level under a new name. */
	UT_EQ(rename(TDIR "/a/x", TDIR "/xyzzy_moved"), 0);
	UT_CWD(TDIR "/xyzzy_moved/e");
	UT_EQ(ut_inode(".."), dino);
	UT_EQ(rename(TDIR "/xyzzy_moved", TDIR "/a/d"), 0);
	UT_CWD(TDIR "/a/d/e");
	if (getcwd(cwd, sizeof(cwd)) != NULL)
		UT_EQ(ut_inode(cwd), ut_inode("."));
	UT_EQ(chdir(TDIR), 0);
	UT_EQ(rmdir("a/d/e"), 0);
	UT_EQ(rmdir("a/d"), 0);
	UT_EQ(rmdir("a"), 0);
}

static void
test_link_unlink(void)
{
	struct stat st, st2;
	char buf[16];
	int fd;

	UT_EQ(ut_put("f", "one"), 0);
	UT_EQ(link("f", "f2"), 0);
	UT_EQ(stat("f", &st), 0);
	UT_EQ(stat("f2", &st2), 0);
	UT_EQ(st.st_ino, st2.st_ino);
	UT_EQ(st.st_nlink, 2);
	UT_EQ(st2.st_nlink, 2);
	/* One file: a write through one name shows through the other. */
	fd = open("f2", O_WRONLY | O_APPEND);
	UT_TRUE(fd >= 0);
	UT_EQ(write(fd, "two", 3), 3);
	UT_EQ(close(fd), 0);
	UT_CONTENT("f", "onetwo");
	UT_EQ(mkdir("sub", 0755), 0);
	UT_EQ(link("f", "sub/f3"), 0);
	UT_EQ(ut_nlinks("f"), 3);

	UT_ERR(link("f", "f2"), EEXIST);
	UT_ERR(link("f", "sub"), EEXIST);
	UT_ERR(link("missing", "x"), ENOENT);
	UT_ERR(link("f", "missing/x"), ENOENT);
	UT_ERR(link("f/x", "y"), ENOTDIR);
	UT_ERR2(link("sub", "sublink"), EPERM, EISDIR);
	UT_ERR(stat("sublink", &st), ENOENT);

	UT_EQ(unlink("f"), 0);
	UT_ERR(stat("f", &st), ENOENT);
	UT_EQ(ut_nlinks("f2"), 2);
	UT_CONTENT("f2", "onetwo");
	UT_EQ(unlink("sub/f3"), 0);
	UT_EQ(ut_nlinks("f2"), 1);

	UT_ERR2(unlink("sub"), EISDIR, EPERM);
	UT_TRUE(is_dir("sub"));
	UT_ERR(unlink("missing"), ENOENT);
	UT_ERR(unlink("f2/x"), ENOTDIR);
	UT_ERR(unlink("f2/"), ENOTDIR);
	UT_ERR(unlink(""), ENOENT);
	UT_EQ(rmdir("sub"), 0);

	/* An open file outlives its last name. */
	fd = open("f2", O_RDWR);
	UT_TRUE(fd >= 0);
	UT_EQ(unlink("f2"), 0);
	UT_ERR(stat("f2", &st), ENOENT);
	UT_EQ(fstat(fd, &st), 0);
	UT_EQ(st.st_nlink, 0);
	UT_EQ(st.st_size, 6);
	memset(buf, 0, sizeof(buf));
	UT_EQ(read(fd, buf, sizeof(buf)), 6);
	UT_EQ(strcmp(buf, "onetwo"), 0);
	UT_EQ(write(fd, "three", 5), 5);
	UT_EQ(pread(fd, buf, sizeof(buf), 3), 8);
	UT_EQ(memcmp(buf, "twothree", 8), 0);
	/* A new file under the old name is a different one. */
	UT_EQ(ut_put("f2", "new"), 0);
	UT_CONTENT("f2", "new");
	UT_EQ(pread(fd, buf, 3, 0), 3);
	UT_EQ(memcmp(buf, "one", 3), 0);
	UT_EQ(close(fd), 0);
	UT_EQ(unlink("f2"), 0);
}

static void
test_symlinks(void)
{
	struct stat st, lst;
	char buf[64];
	int fd;

	UT_EQ(ut_put("target", "T"), 0);
	UT_EQ(symlink("target", "s"), 0);
	UT_EQ(lstat("s", &lst), 0);
	UT_TRUE(S_ISLNK(lst.st_mode));
	UT_EQ(lst.st_size, 6);			/* strlen("target") */
	UT_EQ(stat("s", &st), 0);
	UT_TRUE(S_ISREG(st.st_mode));
	UT_EQ(st.st_ino, ut_inode("target"));
	UT_TRUE(st.st_ino != lst.st_ino);
	UT_CONTENT("s", "T");

	/* readlink: no NUL added; truncated to the buffer. */
	memset(buf, 'x', sizeof(buf));
	UT_EQ(readlink("s", buf, sizeof(buf)), 6);
	UT_EQ(memcmp(buf, "target", 6), 0);
	UT_EQ(buf[6], 'x');
	memset(buf, 'x', sizeof(buf));
	UT_EQ(readlink("s", buf, 3), 3);
	UT_EQ(memcmp(buf, "tarx", 4), 0);
	UT_ERR(readlink("target", buf, sizeof(buf)), EINVAL);
	UT_ERR(readlink("missing", buf, sizeof(buf)), ENOENT);
	UT_ERR(readlink("s", (char *)0xC0001000, sizeof(buf)), EFAULT);

	/* Writing through the link writes the target. */
	fd = open("s", O_WRONLY | O_APPEND);
	UT_TRUE(fd >= 0);
	UT_EQ(write(fd, "U", 1), 1);
	UT_EQ(close(fd), 0);
	UT_CONTENT("target", "TU");

	/* A symlink to a directory, absolute. */
	UT_EQ(mkdir("dir", 0755), 0);
	UT_EQ(ut_put("dir/inner", "I"), 0);
	UT_EQ(symlink(TDIR "/dir", "sd"), 0);
	UT_CONTENT("sd/inner", "I");
	UT_EQ(lstat("sd", &lst), 0);
	UT_TRUE(S_ISLNK(lst.st_mode));
	UT_EQ(lst.st_size, strlen(TDIR "/dir"));
	UT_EQ(stat("sd", &st), 0);
	UT_TRUE(S_ISDIR(st.st_mode));
	UT_EQ(lstat("sd/inner", &st), 0);	/* middle links are followed */
	UT_TRUE(S_ISREG(st.st_mode));

	/* Dangling: lstat sees it, stat and open do not. */
	UT_EQ(symlink("nowhere", "dang"), 0);
	UT_EQ(lstat("dang", &lst), 0);
	UT_TRUE(S_ISLNK(lst.st_mode));
	UT_ERR(stat("dang", &st), ENOENT);
	UT_ERR(open("dang", O_RDONLY), ENOENT);

	UT_ERR(symlink("target", "s"), EEXIST);
	UT_ERR(symlink("target", "target"), EEXIST);
	UT_ERR(symlink("target", "missing/s"), ENOENT);

	/* unlink and rename act on the link itself. */
	UT_EQ(rename("s", "s2"), 0);
	UT_EQ(lstat("s2", &lst), 0);
	UT_TRUE(S_ISLNK(lst.st_mode));
	UT_CONTENT("s2", "TU");
	UT_EQ(unlink("s2"), 0);
	UT_CONTENT("target", "TU");
	UT_EQ(unlink("sd"), 0);
	UT_TRUE(is_dir("dir"));
	UT_EQ(unlink("dang"), 0);
	UT_EQ(unlink("dir/inner"), 0);
	UT_EQ(rmdir("dir"), 0);
	UT_EQ(unlink("target"), 0);
}

/* ---- namecache coherence ---------------------------------------------- */

struct ncstats {
	int	hits, neghits, misses, resolves, numentries, numneg, numvnodes;
};

static void
snap(struct ncstats *s)
{
	s->hits = ut_sysctl_int("vfs.cache.hits");
	s->neghits = ut_sysctl_int("vfs.cache.neghits");
	s->misses = ut_sysctl_int("vfs.cache.misses");
	s->resolves = ut_sysctl_int("vfs.cache.resolves");
	s->numentries = ut_sysctl_int("vfs.cache.numentries");
	s->numneg = ut_sysctl_int("vfs.cache.numneg");
	s->numvnodes = ut_sysctl_int("vfs.numvnodes");
}

static void
test_cache(void)
{
	struct ncstats s0, s1;
	struct stat st;
	char name[16];
	int i, bad;

	snap(&s0);
	UT_TRUE(s0.numentries > 0);
	UT_TRUE(s0.numvnodes > 0);
	UT_TRUE(s0.resolves > 0);

	/* A missing name: the first lookup asks, the second does not. */
	UT_ERR(stat("nx", &st), ENOENT);
	snap(&s0);
	UT_TRUE(s0.numneg >= 1);
	UT_ERR(stat("nx", &st), ENOENT);
	snap(&s1);
	UT_EQ(s1.neghits - s0.neghits, 1);
	UT_EQ(s1.resolves - s0.resolves, 0);
	UT_EQ(s1.misses - s0.misses, 0);
	/* Creating the name turns the negative entry positive. */
	UT_EQ(ut_put("nx", "now"), 0);
	snap(&s0);
	UT_EQ(stat("nx", &st), 0);
	snap(&s1);
	UT_EQ(s1.resolves - s0.resolves, 0);
	UT_TRUE(s1.hits - s0.hits >= 1);
	UT_EQ(s1.neghits - s0.neghits, 0);
	UT_EQ(st.st_size, 3);
	UT_EQ(unlink("nx"), 0);

	/* rename: the old name is gone, the new one known. */
	UT_EQ(ut_put("ca", "x"), 0);
	UT_EQ(stat("ca", &st), 0);
	UT_ERR(stat("cb", &st), ENOENT);	/* cb is cached negative */
	UT_EQ(rename("ca", "cb"), 0);
	UT_ERR(stat("ca", &st), ENOENT);
	snap(&s0);
	UT_EQ(stat("cb", &st), 0);
	snap(&s1);
	UT_EQ(s1.resolves - s0.resolves, 0);
	UT_EQ(S_ISREG(st.st_mode), 1);
	snap(&s0);
	UT_ERR(stat("ca", &st), ENOENT);
	snap(&s1);
	UT_EQ(s1.neghits - s0.neghits, 1);
	UT_EQ(s1.resolves - s0.resolves, 0);

	/* unlink: a negative hit, no resolve. */
	UT_EQ(stat("cb", &st), 0);
	UT_EQ(unlink("cb"), 0);
	snap(&s0);
	UT_ERR(stat("cb", &st), ENOENT);
	snap(&s1);
	UT_EQ(s1.neghits - s0.neghits, 1);
	UT_EQ(s1.resolves - s0.resolves, 0);

	/* rmdir, and the names below the directory. */
	UT_EQ(mkdir("cd", 0755), 0);
	UT_EQ(ut_put("cd/in", "x"), 0);
	UT_EQ(stat("cd/in", &st), 0);
	UT_EQ(unlink("cd/in"), 0);
	UT_EQ(rmdir("cd"), 0);
	snap(&s0);
	UT_ERR(stat("cd", &st), ENOENT);
	snap(&s1);
	UT_EQ(s1.neghits - s0.neghits, 1);
	UT_EQ(s1.resolves - s0.resolves, 0);
	UT_ERR(stat("cd/in", &st), ENOENT);
	UT_EQ(mkdir("cd", 0755), 0);		/* and back again */
	snap(&s0);
	UT_EQ(stat("cd", &st), 0);
	snap(&s1);
	UT_EQ(s1.resolves - s0.resolves, 0);
	UT_TRUE(S_ISDIR(st.st_mode));
	UT_EQ(st.st_nlink, 2);
	UT_ERR(stat("cd/in", &st), ENOENT);
	UT_EQ(rmdir("cd"), 0);

	/* link: the new name is known positive at once. */
	UT_EQ(ut_put("cl", "x"), 0);
	UT_ERR(stat("cl2", &st), ENOENT);
	UT_EQ(link("cl", "cl2"), 0);
	snap(&s0);
	UT_EQ(stat("cl2", &st), 0);
	snap(&s1);
	UT_EQ(s1.resolves - s0.resolves, 0);
	UT_EQ(st.st_nlink, 2);
	UT_EQ(st.st_ino, ut_inode("cl"));
	UT_EQ(unlink("cl"), 0);
	UT_EQ(unlink("cl2"), 0);

	/* symlink: likewise. */
	UT_ERR(lstat("cs", &st), ENOENT);
	UT_EQ(symlink("target", "cs"), 0);
	snap(&s0);
	UT_EQ(lstat("cs", &st), 0);
	snap(&s1);
	UT_EQ(s1.resolves - s0.resolves, 0);
	UT_TRUE(S_ISLNK(st.st_mode));
	UT_EQ(unlink("cs"), 0);

	/* A directory renamed: its old path is gone, its children move. */
	UT_EQ(mkdir("m1", 0755), 0);
	UT_EQ(ut_put("m1/kid", "k"), 0);
	UT_EQ(stat("m1/kid", &st), 0);
	UT_EQ(rename("m1", "m2"), 0);
	UT_ERR(stat("m1/kid", &st), ENOENT);
	UT_ERR(stat("m1", &st), ENOENT);
	snap(&s0);
	UT_EQ(stat("m2/kid", &st), 0);
	snap(&s1);
	UT_EQ(s1.resolves - s0.resolves, 0);
	UT_EQ(unlink("m2/kid"), 0);
	UT_EQ(rmdir("m2"), 0);

	/* Entries and vnodes come and go with files. */
	snap(&s0);
	for (i = 0, bad = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		if (ut_put(name, "v") != 0)
			bad++;
	}
	UT_EQ(bad, 0);
	snap(&s1);
	UT_TRUE(s1.numentries >= s0.numentries + 10);
	UT_TRUE(s1.numvnodes >= s0.numvnodes + 10);
	for (i = 0, bad = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		if (unlink(name) != 0)
			bad++;
	}
	UT_EQ(bad, 0);
	snap(&s0);
	UT_TRUE(s0.numvnodes <= s1.numvnodes - 10);
}

/*
 * The bound on negative entries (vfs.cache.maxneg, read, never set here):
 * three times as many missing names as it allows, in two directories,
 * and the count of negative entries never above it; the entries beyond
 * it are freed, not just forgotten.  The names are still missing, and
 * the ones kept still answer without asking the filesystem.
 */
static void
test_neg_bound(void)
{
	int maxneg, n, i, worst = 0, over = 0, e0, e1;
	struct ncstats s0, s1;
	struct stat st;
	char name[32];

	maxneg = ut_sysctl_int("vfs.cache.maxneg");
	UT_TRUE(maxneg >= 1);
	if (maxneg < 1 || maxneg > 20000) {
		printf("vfs_names: vfs.cache.maxneg %d: bound not tested\n",
		    maxneg);
		return;
	}
	UT_EQ(mkdir("ng", 0755), 0);
	e0 = ut_sysctl_int("vfs.cache.numentries");
	for (i = 0; i < 3 * maxneg; i++) {
		snprintf(name, sizeof(name), i % 2 ? "ng/miss%d" : "miss%d", i);
		UT_ERR(stat(name, &st), ENOENT);
		n = ut_sysctl_int("vfs.cache.numneg");
		if (n > worst)
			worst = n;
		if (n > maxneg && over++ == 0)
			UT_FAIL("after %d missing names: vfs.cache.numneg %d,"
			    " vfs.cache.maxneg %d", i + 1, n, maxneg);
	}
	e1 = ut_sysctl_int("vfs.cache.numentries");
	printf("vfs_names: %d missing names: at most %d negative entries "
	    "(bound %d), %d more entries\n", 3 * maxneg, worst, maxneg,
	    e1 - e0);
	UT_EQ(over, 0);
	UT_TRUE(worst >= maxneg / 2);		/* the cache did keep some */
	UT_TRUE(e1 - e0 <= maxneg + 16);	/* the rest were freed */
	/* The newest are kept and answered from the cache. */
	snprintf(name, sizeof(name), "ng/miss%d", 3 * maxneg - 1);
	snap(&s0);
	UT_ERR(stat(name, &st), ENOENT);
	snap(&s1);
	UT_EQ(s1.neghits - s0.neghits, 1);
	UT_EQ(s1.resolves - s0.resolves, 0);
	/* The oldest were dropped (the filesystem is asked again), and
	 * are still missing. */
	snap(&s0);
	UT_ERR(stat("miss0", &st), ENOENT);
	snap(&s1);
	UT_EQ(s1.neghits - s0.neghits, 0);
	UT_EQ(s1.resolves - s0.resolves, 1);
	UT_ERR(stat("ng/miss1", &st), ENOENT);
	UT_TRUE(ut_sysctl_int("vfs.cache.numneg") <= maxneg);
	UT_EQ(rmdir("ng"), 0);
}

int
main(int argc, char **argv)
{
	ut_workdir_enter(TDIR);
	test_rename_files();
	test_rename_dirs();
	test_rename_lengths();
	test_link_unlink();
	test_symlinks();
	test_cache();
	test_neg_bound();
	ut_workdir_leave(TDIR);
	UT_DONE("vfs_names");
}
