/*
 * vfs_exec - execve finding programs in the VFS: absolute and relative
 * paths, through symlinks, a copy written to tmpfs at run time, the
 * current directory and arguments carried over, and the errors (ENOEXEC,
 * ENOENT, EACCES, ENOTDIR, ELOOP, E2BIG when argv and envp together have
 * more than ARGS_MAX strings).  A running program's file cannot be
 * changed (ETXTBSY): not opened for writing, not written or truncated
 * through a descriptor opened before the exec, not mapped shared and
 * writable; it can be read, and it works again once the program is
 * gone.  Works in /tmp/vfs_exec and removes it.
 *
 * This program is also the one exec'd: "vfs_exec exit N" exits N,
 * "vfs_exec cwd PATH" exits 0 if the current directory is PATH,
 * "vfs_exec args ..." checks the arguments and environment it was given,
 * "vfs_exec count A E ..." exits 0 if it has A arguments and E
 * environment strings, and "vfs_exec hold R W" writes a byte to
 * descriptor W, then waits for one on R and exits 0.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define TDIR	"/tmp/vfs_exec"
#define SELF	"/bin/vfs_exec"
#define ARGS_MAX	1024	/* argv and envp strings (kern_exec.c) */

static char copybuf[4096];

/* Write n bytes to a new file path; 0 or -1. */
static int
put_bytes(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ssize_t w;

	if (fd < 0)
		return (-1);
	w = write(fd, p, n);
	if (close(fd) != 0 || w != (ssize_t)n)
		return (-1);
	return (0);
}

/* Copy at most max bytes of from to a new file to; bytes copied or -1. */
static long
copy_file(const char *from, const char *to, long max)
{
	int in, out, n, want;
	long total = 0;

	if ((in = open(from, O_RDONLY)) < 0)
		return (-1);
	if ((out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755)) < 0) {
		close(in);
		return (-1);
	}
	for (;;) {
		want = sizeof(copybuf);
		if (max - total < want)
			want = max - total;
		if (want == 0 || (n = read(in, copybuf, want)) <= 0)
			break;
		if (write(out, copybuf, n) != n) {
			total = -1;
			break;
		}
		total += n;
	}
	close(in);
	if (close(out) != 0)
		total = -1;
	return (total);
}

/* Fork, exec path with argv and envp in the child; the wait status, or
 * 0x100 * (100 + errno) if the exec failed. */
static int
run(const char *path, char *const argv[], char *const envp[])
{
	int status = -1;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execve(path, argv, envp);
		_exit(100 + errno);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return (-1);
	return (status);
}

#define EXITED(n)	W_EXITCODE(n, 0)

static void
test_paths(void)
{
	char *hello[] = { "hello", NULL };
	char *exit42[] = { "vfs_exec", "exit", "42", NULL };
	char *exit7[] = { "vfs_exec", "exit", "7", NULL };
	char *cwd[] = { "vfs_exec", "cwd", TDIR, NULL };
	char *args[] = { "vfs_exec", "args", "a b", "", "last", NULL };
	char *env[] = { "VFS=exec", "OTHER=1", NULL };
	long n;

	UT_EQ(run("/bin/hello", hello, NULL), EXITED(0));
	UT_EQ(run(SELF, exit42, NULL), EXITED(42));
	UT_EQ(run("//bin/./../bin/vfs_exec", exit7, NULL), EXITED(7));
	UT_EQ(run(SELF, args, env), EXITED(0));
	UT_EQ(run(SELF, cwd, NULL), EXITED(0));	/* the cwd is kept */

	/* Relative to the current directory. */
	UT_EQ(chdir("/bin"), 0);
	UT_EQ(run("hello", hello, NULL), EXITED(0));
	UT_EQ(run("./hello", hello, NULL), EXITED(0));
	UT_EQ(run("../bin/vfs_exec", exit7, NULL), EXITED(7));
	UT_EQ(chdir(TDIR), 0);
	UT_EQ(run("../../bin/vfs_exec", exit42, NULL), EXITED(42));

	/* Through symlinks, absolute and relative, and a chain. */
	UT_EQ(symlink("/bin/hello", "hl"), 0);
	UT_EQ(symlink("hl", "hl2"), 0);
	UT_EQ(symlink("../../bin/vfs_exec", "rel"), 0);
	UT_EQ(symlink("/bin", "bindir"), 0);
	UT_EQ(run(TDIR "/hl", hello, NULL), EXITED(0));
	UT_EQ(run("hl2", hello, NULL), EXITED(0));
	UT_EQ(run("rel", exit42, NULL), EXITED(42));
	UT_EQ(run("bindir/vfs_exec", exit7, NULL), EXITED(7));

	/* A copy written now into tmpfs runs like the original. */
	n = copy_file(SELF, "copy", 1L << 30);
	UT_TRUE(n > 1000);
	UT_EQ(run("copy", exit42, NULL), EXITED(42));
	UT_EQ(run(TDIR "/copy", cwd, NULL), EXITED(0));
	UT_EQ(unlink("copy"), 0);

	UT_EQ(unlink("hl"), 0);
	UT_EQ(unlink("hl2"), 0);
	UT_EQ(unlink("rel"), 0);
	UT_EQ(unlink("bindir"), 0);
}

static void
test_errors(void)
{
	static const char elfmagic[16] = "\177ELF\1\1\1";
	char *argv[] = { "x", NULL };
	long n;

	/* Not programs. */
	UT_ERR(execve("/etc/motd", argv, NULL), ENOEXEC);
	UT_EQ(put_bytes("text", "just some text\n", 15), 0);
	UT_ERR(execve("text", argv, NULL), ENOEXEC);
	UT_EQ(put_bytes("empty", "", 0), 0);
	UT_ERR(execve("empty", argv, NULL), ENOEXEC);
	UT_EQ(put_bytes("magic", elfmagic, sizeof(elfmagic)), 0);
	UT_ERR(execve(TDIR "/magic", argv, NULL), ENOEXEC);
	n = copy_file(SELF, "short", 200);	/* headers, no segments */
	UT_EQ(n, 200);
	UT_ERR(execve("short", argv, NULL), ENOEXEC);
	UT_EQ(symlink("text", "totext"), 0);
	UT_ERR(execve("totext", argv, NULL), ENOEXEC);

	/* Not there, not a file, not a directory on the way. */
	UT_ERR(execve("missing", argv, NULL), ENOENT);
	UT_ERR(execve(TDIR "/missing/x", argv, NULL), ENOENT);
	UT_ERR(execve("", argv, NULL), ENOENT);
	UT_EQ(symlink("nowhere", "dangling"), 0);
	UT_ERR(execve("dangling", argv, NULL), ENOENT);
	UT_EQ(mkdir("dir", 0755), 0);
	UT_ERR(execve("dir", argv, NULL), EACCES);
	UT_ERR(execve(TDIR, argv, NULL), EACCES);
	UT_ERR(execve("/bin", argv, NULL), EACCES);
	UT_ERR(execve("/dev/null", argv, NULL), EACCES);
	UT_ERR(execve("/etc/motd/x", argv, NULL), ENOTDIR);
	UT_ERR(execve("text/x", argv, NULL), ENOTDIR);
	UT_ERR(execve("/bin/hello/", argv, NULL), ENOTDIR);
	UT_EQ(symlink("loop", "loop"), 0);
	UT_ERR(execve("loop", argv, NULL), ELOOP);
	UT_ERR(execve((char *)0xC0001000, argv, NULL), EFAULT);

	/* Still this program, in the same place, with its files. */
	{
		char buf[64];

		UT_TRUE(getcwd(buf, sizeof(buf)) != NULL &&
		    strcmp(buf, TDIR) == 0);
	}
	UT_EQ(fcntl(1, F_GETFD), 0);

	UT_EQ(unlink("text"), 0);
	UT_EQ(unlink("empty"), 0);
	UT_EQ(unlink("magic"), 0);
	UT_EQ(unlink("short"), 0);
	UT_EQ(unlink("totext"), 0);
	UT_EQ(unlink("dangling"), 0);
	UT_EQ(unlink("loop"), 0);
	UT_EQ(rmdir("dir"), 0);
}

/* argv and envp count together against ARGS_MAX. */
static char *bigv[ARGS_MAX + 2], *bige[ARGS_MAX + 2];

static void
test_args_max(void)
{
	char na[16], ne[16];
	int i;

	/* argv: "vfs_exec count A E" then "x"s; envp: "E=1"s. */
	bigv[0] = "vfs_exec";
	bigv[1] = "count";
	bigv[2] = na;
	bigv[3] = ne;
	for (i = 4; i < ARGS_MAX + 1; i++)
		bigv[i] = "x";
	for (i = 0; i < ARGS_MAX + 1; i++)
		bige[i] = "E=1";
#define ARGS(a, e) do {							\
	snprintf(na, sizeof(na), "%d", (a));				\
	snprintf(ne, sizeof(ne), "%d", (e));				\
	bigv[(a)] = NULL;						\
	bige[(e)] = NULL;						\
} while (0)
#define UNARGS(a, e) do {						\
	bigv[(a)] = "x";						\
	bige[(e)] = "E=1";						\
} while (0)
	/* Each fits, and together exactly ARGS_MAX: runs. */
	ARGS(ARGS_MAX / 2, ARGS_MAX / 2);
	UT_EQ(run(SELF, bigv, bige), EXITED(0));
	UNARGS(ARGS_MAX / 2, ARGS_MAX / 2);
	ARGS(ARGS_MAX - 4, 4);
	UT_EQ(run(SELF, bigv, bige), EXITED(0));
	UNARGS(ARGS_MAX - 4, 4);
	/* Each fits, together one too many. */
	ARGS(ARGS_MAX / 2, ARGS_MAX / 2 + 1);
	UT_EQ(run(SELF, bigv, bige), EXITED(100 + E2BIG));
	UNARGS(ARGS_MAX / 2, ARGS_MAX / 2 + 1);
	ARGS(4, ARGS_MAX - 3);
	UT_EQ(run(SELF, bigv, bige), EXITED(100 + E2BIG));
	UNARGS(4, ARGS_MAX - 3);
	/* One vector alone. */
	ARGS(ARGS_MAX + 1, 0);
	UT_EQ(run(SELF, bigv, bige), EXITED(100 + E2BIG));
	UNARGS(ARGS_MAX + 1, 0);
	ARGS(ARGS_MAX, 0);
	UT_EQ(run(SELF, bigv, bige), EXITED(0));
	UNARGS(ARGS_MAX, 0);
#undef ARGS
#undef UNARGS
}

/*
 * A running program's file: start "copy hold" in a child and wait until
 * it runs; then every way of changing the file is ETXTBSY, reading it is
 * fine, and the program still runs to its end.  Afterwards the file is
 * an ordinary file again.
 */
static void
test_text_busy(void)
{
	char rarg[8], warg[8], *hold[] = { "copy", "hold", rarg, warg, NULL };
	int go[2], ready[2], wfd, rwfd, fd, status = -1;
	struct stat st;
	char c = 0;
	long n;
	void *m;
	pid_t pid;

	n = copy_file(SELF, "copy", 1L << 30);
	UT_TRUE(n > 1000);
	/* Descriptors opened before the exec. */
	wfd = open("copy", O_WRONLY);
	rwfd = open("copy", O_RDWR);
	UT_TRUE(wfd >= 0 && rwfd >= 0);
	UT_EQ(pipe(go), 0);
	UT_EQ(pipe(ready), 0);
	snprintf(rarg, sizeof(rarg), "%d", go[0]);
	snprintf(warg, sizeof(warg), "%d", ready[1]);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execve("copy", hold, NULL);
		_exit(100 + errno);
	}
	UT_TRUE(pid > 0);
	close(go[0]);
	close(ready[1]);
	UT_EQ(read(ready[0], &c, 1), 1);	/* it runs */
	UT_EQ(c, 'r');

	UT_ERR(open("copy", O_WRONLY), ETXTBSY);
	UT_ERR(open("copy", O_RDWR), ETXTBSY);
	UT_ERR(open("copy", O_WRONLY | O_TRUNC), ETXTBSY);
	UT_ERR(open(TDIR "/copy", O_WRONLY | O_CREAT, 0755), ETXTBSY);
	UT_ERR(write(wfd, "junk", 4), ETXTBSY);
	UT_ERR(pwrite(rwfd, "junk", 4, 100), ETXTBSY);
	UT_ERR(ftruncate(wfd, 0), ETXTBSY);
	UT_ERR(ftruncate(rwfd, 100), ETXTBSY);
	UT_ERR(ftruncate(rwfd, n + 4096), ETXTBSY);
	UT_EQ((long)mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
	    rwfd, 0), (long)MAP_FAILED);
	UT_EQ(errno, ETXTBSY);
	/* Reading it and private mappings are fine. */
	fd = open("copy", O_RDONLY);
	UT_TRUE(fd >= 0);
	UT_EQ(read(fd, copybuf, 4), 4);
	UT_EQ(memcmp(copybuf, "\177ELF", 4), 0);
	UT_EQ(close(fd), 0);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, rwfd, 0);
	UT_TRUE(m != MAP_FAILED);
	if (m != MAP_FAILED)
		UT_EQ(munmap(m, 4096), 0);
	UT_EQ(pread(rwfd, copybuf, 4, 0), 4);
	UT_EQ(fstat(wfd, &st), 0);
	UT_EQ(st.st_size, n);			/* unchanged */

	/* The program runs on, unharmed. */
	UT_EQ(write(go[1], "g", 1), 1);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_EQ(status, EXITED(0));
	close(go[1]);
	close(ready[0]);

	/* Nobody runs it now: an ordinary file. */
	UT_EQ(pwrite(rwfd, "\177ELF", 4, 0), 4);
	UT_EQ(ftruncate(wfd, n), 0);
	fd = open("copy", O_WRONLY);
	UT_TRUE(fd >= 0);
	UT_EQ(close(fd), 0);
	UT_EQ(close(wfd), 0);
	UT_EQ(close(rwfd), 0);
	/* A program that failed to exec leaves it writable. */
	bigv[ARGS_MAX + 1] = NULL;
	UT_EQ(run("copy", bigv, NULL), EXITED(100 + E2BIG));
	fd = open("copy", O_WRONLY | O_TRUNC);
	UT_TRUE(fd >= 0);
	UT_EQ(close(fd), 0);
	UT_EQ(unlink("copy"), 0);
}

/* The exec'd halves. */
static int
child_main(int argc, char **argv)
{
	char buf[256];
	const char *v;

	if (strcmp(argv[1], "exit") == 0 && argc == 3)
		return (atoi(argv[2]));
	if (strcmp(argv[1], "cwd") == 0 && argc == 3) {
		if (getcwd(buf, sizeof(buf)) == NULL)
			return (2);
		return (strcmp(buf, argv[2]) == 0 ? 0 : 3);
	}
	if (strcmp(argv[1], "args") == 0) {
		if (argc != 5 || strcmp(argv[0], "vfs_exec") != 0 ||
		    strcmp(argv[2], "a b") != 0 || argv[3][0] != '\0' ||
		    strcmp(argv[4], "last") != 0 || argv[5] != NULL)
			return (4);
		v = getenv("VFS");
		if (v == NULL || strcmp(v, "exec") != 0)
			return (5);
		v = getenv("OTHER");
		if (v == NULL || strcmp(v, "1") != 0)
			return (6);
		return (0);
	}
	if (strcmp(argv[1], "count") == 0 && argc >= 4) {
		int e = 0;

		while (environ != NULL && environ[e] != NULL)
			e++;
		return (argc == atoi(argv[2]) && e == atoi(argv[3]) ? 0 : 8);
	}
	if (strcmp(argv[1], "hold") == 0 && argc == 4) {
		char c;

		if (write(atoi(argv[3]), "r", 1) != 1 ||
		    read(atoi(argv[2]), &c, 1) != 1)
			return (9);
		return (0);
	}
	return (99);
}

int
main(int argc, char **argv)
{
	if (argc > 1)
		return (child_main(argc, argv));
	ut_workdir_enter(TDIR);
	test_paths();
	UT_EQ(chdir(TDIR), 0);
	test_errors();
	test_args_max();
	test_text_busy();
	ut_workdir_leave(TDIR);
	UT_DONE("vfs_exec");
}
