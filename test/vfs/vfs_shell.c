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

static char filebuf[BIGSIZE + 100];
static char bigbuf[BIGSIZE + 1];

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
	UT_EQ(ut_put(TDIR "/in", "line one\nline two\n"), 0);
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
	UT_TRUE(ut_get(TDIR "/ls.out", filebuf, sizeof(filebuf)) > 0);
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
	UT_EQ(ut_put(TDIR "/big", bigbuf), 0);
	UT_SH("cat < " TDIR "/big | cat | cat > " TDIR "/big2", 0);
	UT_EQ(ut_get(TDIR "/big2", filebuf, sizeof(filebuf)), BIGSIZE);
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

	wd = ut_watchdog_start("vfs_shell", 60);
	ut_rmtree(TDIR);
	UT_EQ(mkdir(TDIR, 0755), 0);
	test_shell();
	ut_rmtree(TDIR);
	UT_ERR(stat(TDIR, &st), ENOENT);
	ut_watchdog_stop(wd);
	UT_DONE("vfs_shell");
}
