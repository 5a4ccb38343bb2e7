/*
 * vfs_shell - /bin/sh -c over the VFS: pipelines, redirections (<, >,
 * >>), ';', and the cd and exit builtins, each checked through the files
 * it leaves.  Works in /tmp/vfs_shell and removes it.  A watchdog
 * process kills the test if the shell hangs.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define TDIR	"/tmp/vfs_shell"

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

/* The file at path must hold exactly the string want. */
#define UT_CONTENT(path, want) do {					\
	int _n = get((path), filebuf, sizeof(filebuf));		\
	if (_n < 0 || strcmp(filebuf, (want)) != 0) {			\
		printf("FAIL: %s:%d: %s holds \"%.100s\" (%d), "	\
		    "want \"%.100s\"\n", __FILE__, __LINE__, (path),	\
		    _n < 0 ? "" : filebuf, _n, (want));			\
		ut_failures++;						\
	}								\
} while (0)

/* sh -c line must exit with status want (a wait status). */
#define UT_SH(line, want) do {						\
	int _s = sh(line);						\
	if (_s != (want)) {						\
		printf("FAIL: %s:%d: sh -c \"%s\": status 0x%x, "	\
		    "want 0x%x\n", __FILE__, __LINE__, (line), _s,	\
		    (want));						\
		ut_failures++;						\
	}								\
} while (0)

#define BIGSIZE	20000

static char rmpath[1024];
static char filebuf[BIGSIZE + 100];
static char bigbuf[BIGSIZE + 1];

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
	int fd = open(path, O_RDONLY), n, total = 0;

	if (fd < 0)
		return (-1);
	while (total < (int)size - 1 &&
	    (n = read(fd, buf + total, size - 1 - total)) > 0)
		total += n;
	close(fd);
	buf[total] = '\0';
	return (total);
}

/*
 * Fork a process that kills this one with SIGKILL if it still runs
 * after the given seconds, so a hung shell fails the test instead of
 * hanging the run.
 */
static pid_t
watchdog_start(int seconds)
{
	pid_t parent = getpid(), pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct timespec ts = { seconds, 0 };

		nanosleep(&ts, NULL);
		if (getppid() == parent) {
			printf("FAIL: vfs_shell: still running after %d s: "
			    "killed by the watchdog\n", seconds);
			kill(parent, SIGKILL);
		}
		_exit(0);
	}
	return (pid);
}

static void
watchdog_stop(pid_t pid)
{
	int status;

	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
}

/* Run /bin/sh -c line; its wait status, or -1. */
static int
sh(const char *line)
{
	char *argv[] = { "sh", "-c", (char *)line, NULL };
	char *envp[] = { "PATH=/bin", NULL };
	int status = -1;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execve("/bin/sh", argv, envp);
		printf("FAIL: vfs_shell: cannot exec /bin/sh: errno %d\n",
		    errno);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return (-1);
	return (status);
}

/* 1 if word appears in s as a whole whitespace-separated word. */
static int
has_word(const char *s, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = s; (p = strstr(p, word)) != NULL; p++) {
		if ((p == s || p[-1] == ' ' || p[-1] == '\n' ||
		    p[-1] == '\t') && (p[n] == '\0' || p[n] == ' ' ||
		    p[n] == '\n' || p[n] == '\t'))
			return (1);
	}
	return (0);
}

static void
test_shell(void)
{
	struct stat st;
	int i;

	/* A pipeline into a file. */
	UT_SH("echo hello world | cat > " TDIR "/out", 0);
	UT_CONTENT(TDIR "/out", "hello world\n");

	/* Both redirections on one command; >> appends; > truncates. */
	UT_EQ(put(TDIR "/in", "line one\nline two\n"), 0);
	UT_SH("cat < " TDIR "/in > " TDIR "/out2", 0);
	UT_CONTENT(TDIR "/out2", "line one\nline two\n");
	UT_SH("echo more >> " TDIR "/out2", 0);
	UT_CONTENT(TDIR "/out2", "line one\nline two\nmore\n");
	UT_SH("echo x > " TDIR "/out2", 0);
	UT_CONTENT(TDIR "/out2", "x\n");

	/* ';' and a directory listing. */
	UT_SH("mkdir " TDIR "/d; ls " TDIR " > " TDIR "/ls.out", 0);
	UT_EQ(stat(TDIR "/d", &st), 0);
	UT_TRUE(S_ISDIR(st.st_mode));
	UT_TRUE(get(TDIR "/ls.out", filebuf, sizeof(filebuf)) > 0);
	UT_TRUE(has_word(filebuf, "d"));
	UT_TRUE(has_word(filebuf, "in"));
	UT_TRUE(has_word(filebuf, "out"));
	UT_TRUE(has_word(filebuf, "out2"));
	UT_TRUE(!has_word(filebuf, "missing"));

	/* The cd builtin, then a relative redirection. */
	UT_SH("cd " TDIR "/d; echo rel > relfile", 0);
	UT_CONTENT(TDIR "/d/relfile", "rel\n");
	UT_SH("cd " TDIR "; cat < d/relfile | cat > d/relcopy", 0);
	UT_CONTENT(TDIR "/d/relcopy", "rel\n");

	/* exit. */
	UT_SH("exit 3", W_EXITCODE(3, 0));
	UT_SH("exit 0", 0);
	UT_SH("echo a > " TDIR "/ex; exit 5; echo b > " TDIR "/ex",
	    W_EXITCODE(5, 0));
	UT_CONTENT(TDIR "/ex", "a\n");

	/* A longer pipeline, and more data than a pipe buffer holds. */
	UT_SH("echo abc | cat | cat | cat > " TDIR "/p3", 0);
	UT_CONTENT(TDIR "/p3", "abc\n");
	for (i = 0; i < BIGSIZE; i++)
		bigbuf[i] = (i % 50 == 49) ? '\n' : 'a' + i % 26;
	bigbuf[BIGSIZE] = '\0';
	UT_EQ(put(TDIR "/big", bigbuf), 0);
	UT_SH("cat < " TDIR "/big | cat | cat > " TDIR "/big2", 0);
	UT_EQ(get(TDIR "/big2", filebuf, sizeof(filebuf)), BIGSIZE);
	UT_EQ(memcmp(filebuf, bigbuf, BIGSIZE), 0);

	/* Failures are reported in the status. */
	UT_TRUE(sh(TDIR "/nonexistent") != 0);
	UT_TRUE(sh("cat < " TDIR "/missing") != 0);
	UT_ERR(stat(TDIR "/missing", &st), ENOENT);
}

int
main(int argc, char **argv)
{
	struct stat st;
	pid_t wd;

	wd = watchdog_start(60);
	rmtree(TDIR);
	UT_EQ(mkdir(TDIR, 0755), 0);
	test_shell();
	rmtree(TDIR);
	UT_ERR(stat(TDIR, &st), ENOENT);
	watchdog_stop(wd);
	if (ut_failures > 255)
		ut_failures = 255;
	UT_DONE("vfs_shell");
}
