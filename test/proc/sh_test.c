/*
 * sh_test - the shell's language and its line editor, through
 * /bin/sh -c and sh --lineedit-test, checked by what they print.
 *
 * Each script runs with standard output and error in one file, which is
 * compared whole with what it must hold: expansions ($VAR, ${VAR}, $?,
 * $$, quoting, splitting), && and ||, globbing, "not found" with status
 * 127, 2> and 2>&1, cd with no argument and cd -, export, help covering
 * every program in /bin, a background job with $! and wait, and the
 * line editor's keys fed as bytes, then the interactive shell on a
 * pseudo-terminal (raw-mode editing, canonical mode restored for the
 * commands it runs).  Works in /tmp/sh_test and removes it.  Every shell is watched (ut_watch): a hang fails the test.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/kinfo_proc.h>
#include <sys/sysctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

#define TDIR	"/tmp/sh_test"
#define OUT	TDIR "/out"
#define WATCH	3000		/* 10 ms checks: a shell may take 30 s */

static char outbuf[16384];

/*
 * Start /bin/sh with argv, standard input from infd (-1: /dev/null),
 * output and errors into OUT; the child closes closefd (the write end
 * of infd's pipe, or -1).  Its pid.
 */
static pid_t
sh_start(char **argv, int infd, int closefd)
{
	char *envp[] = { "PATH=/bin", "HOME=/", NULL };
	pid_t pid;
	int fd;

	fflush(stdout);
	if ((pid = fork()) != 0)
		return (pid);
	if (closefd >= 0)
		close(closefd);
	fd = infd >= 0 ? infd : open("/dev/null", O_RDONLY);
	dup2(fd, 0);
	close(fd);
	if ((fd = open(OUT, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
		_exit(126);
	dup2(fd, 1);
	dup2(fd, 2);
	close(fd);
	execve("/bin/sh", argv, envp);
	_exit(126);
}

/* Run sh -c script; its wait status (-1: hung), output in outbuf. */
static int
sh(const char *script)
{
	char *argv[] = { "sh", "-c", (char *)script, NULL };
	int st = ut_watch(sh_start(argv, -1, -1), WATCH);

	if (ut_get(OUT, outbuf, sizeof(outbuf)) < 0)
		outbuf[0] = '\0';
	return (st);
}

/* sh -c script must exit with status code and print exactly want. */
#define UT_SH(script, code, want) do {					\
	int _s = sh(script);						\
	if (_s != W_EXITCODE((code), 0) || strcmp(outbuf, (want)) != 0) { \
		printf("FAIL: %s:%d: sh -c '%s': status 0x%x, output "	\
		    "\"%s\"; want status %d, \"%s\"\n", __FILE__,	\
		    __LINE__, (script), _s, outbuf, (code), (want));	\
		ut_failures++;						\
	}								\
} while (0)

static void
test_expand(void)
{
	char want[64];
	pid_t pid;
	int st;

	UT_SH("A=hello; echo $A ${A}x \"$A\" '$A' \\$A", 0,
	    "hello hellox hello $A $A\n");
	UT_SH("B='x  y'; echo [$B] \"[$B]\"; echo $UNSET. \"\"x", 0,
	    "[x y] [x  y]\n. x\n");
	UT_SH("false; echo $?; true; echo $?; exit 3", 3, "1\n0\n");
	UT_SH("echo ${A", 2, "sh: syntax error: unterminated ${\n");
	UT_SH("export X=1; Y=2; sh -c 'echo [$X$Y]'; Y=3 sh -c 'echo $Y'; "
	    "echo $Y", 0, "[1]\n3\n2\n");
	UT_SH("export Z=1; Z=2; sh -c 'echo $Z'; unset Z; sh -c 'echo [$Z]'",
	    0, "2\n[]\n");
	UT_SH("sh -c 'echo $0 $1 $2 $#' zero one two", 0, "zero one two 2\n");
	/* $$ is the shell's own pid. */
	{
		char *argv[] = { "sh", "-c", "echo $$", NULL };

		pid = sh_start(argv, -1, -1);
		st = ut_watch(pid, WATCH);
		UT_EQ(st, 0);
		snprintf(want, sizeof(want), "%d\n", (int)pid);
		UT_CONTENT(OUT, want);
	}
}

static void
test_andor(void)
{
	UT_SH("true && echo a; false && echo b; false || echo c; "
	    "true || echo d", 0, "a\nc\n");
	UT_SH("false && echo e || echo f; true && false || echo g", 0,
	    "f\ng\n");
	UT_SH("false || false && echo h; echo $?", 0, "1\n");
	UT_SH("echo a &&", 2, "sh: syntax error: missing command\n");
	UT_SH("|| echo a", 2,
	    "sh: syntax error: missing command before an operator\n");
}

static void
test_glob(void)
{
	UT_EQ(mkdir(TDIR "/g", 0755), 0);
	UT_EQ(mkdir(TDIR "/g/d", 0755), 0);
	UT_EQ(ut_put(TDIR "/g/a1", ""), 0);
	UT_EQ(ut_put(TDIR "/g/a2", ""), 0);
	UT_EQ(ut_put(TDIR "/g/b1", ""), 0);
	UT_EQ(ut_put(TDIR "/g/.h", ""), 0);
	UT_EQ(ut_put(TDIR "/g/d/f", ""), 0);
	UT_SH("cd " TDIR "/g; echo *; echo a?; echo [b-c]*; echo *1", 0,
	    "a1 a2 b1 d\na1 a2\nb1\na1 b1\n");
	UT_SH("cd " TDIR "/g; echo \"*\" '*' \\* z* .*; echo */; echo */*", 0,
	    "* * * z* .h\nd/\nd/f\n");
	UT_SH("echo " TDIR "/g/?1; P='" TDIR "/g/a*'; echo $P \"$P\"", 0,
	    TDIR "/g/a1 " TDIR "/g/b1\n" TDIR "/g/a1 " TDIR "/g/a2 "
	    TDIR "/g/a*\n");
}

static void
test_exec(void)
{
	UT_SH("nosuchcmd", 127, "sh: nosuchcmd: not found\n");
	UT_SH("nosuchcmd a b; echo $?", 0, "sh: nosuchcmd: not found\n127\n");
	UT_SH("/bin/nosuchcmd", 127, "sh: /bin/nosuchcmd: not found\n");
	UT_SH("/tmp", 126, "sh: /tmp: Permission denied\n");
	/* 2> and 2>&1, in order. */
	UT_SH("nosuchcmd 2> " TDIR "/err; echo $?", 0, "127\n");
	UT_CONTENT(TDIR "/err", "sh: nosuchcmd: not found\n");
	UT_SH("nosuchcmd 2>&1 | cat > " TDIR "/err2", 0, "");
	UT_CONTENT(TDIR "/err2", "sh: nosuchcmd: not found\n");
	UT_SH("echo x >&2 2>/dev/null; echo y > /dev/null 2>&1", 0, "x\n");
	UT_SH("help > " TDIR "/h 2>&1; echo $?", 0, "0\n");
}

static void
test_cd(void)
{
	UT_EQ(mkdir(TDIR "/c", 0755), 0);
	UT_SH("cd " TDIR "/c; pwd; cd /; pwd; cd -; pwd; cd -", 0,
	    TDIR "/c\n/\n" TDIR "/c\n" TDIR "/c\n/\n");
	UT_SH("cd; pwd; HOME=" TDIR "; cd; pwd", 0, "/\n" TDIR "\n");
	UT_SH("cd -", 1, "sh: cd: OLDPWD not set\n");
	UT_SH("cd /nonexistent", 1,
	    "sh: cd: /nonexistent: No such file or directory\n");
}

/* help lists the builtins and gives every program in /bin a line. */
static void
test_help(void)
{
	static const char *const builtins[] = { "cd", "exit", "export",
	    "unset", "jobs", "fg", "bg", "wait", "help" };
	char pat[300];
	struct dirent *de;
	int n = 0;
	size_t i;
	DIR *d;

	UT_EQ(sh("help"), 0);
	UT_TRUE(strstr(outbuf, "Builtins") != NULL);
	UT_TRUE(strstr(outbuf, "(no description)") == NULL);
	for (i = 0; i < nitems(builtins); i++) {
		snprintf(pat, sizeof(pat), "\n  %s ", builtins[i]);
		if (strstr(outbuf, pat) == NULL)
			UT_FAIL("help: no line for the builtin %s\n",
			    builtins[i]);
	}
	UT_TRUE((d = opendir("/bin")) != NULL);
	while (d != NULL && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		n++;
		snprintf(pat, sizeof(pat), "\n  %s ", de->d_name);
		if (strstr(outbuf, pat) == NULL)
			UT_FAIL("help: no line for /bin/%s\n", de->d_name);
	}
	if (d != NULL)
		closedir(d);
	UT_TRUE(n > 20);
	UT_EQ(sh("help cd"), 0);
	UT_TRUE(strncmp(outbuf, "  cd [DIR|-] ", 13) == 0);
	UT_EQ(sh("help nosuchthing"), W_EXITCODE(1, 0));
}

/*
 * A background job: the shell goes on while it runs ($! written), and
 * wait waits for it and returns its status.  The job is cat reading a
 * pipe this test holds: it cannot end before the test closes it.
 */
static void
test_background(void)
{
	char *argv[] = { "sh", "-c", "cat > " TDIR "/bgout & "
	    "echo $! > " TDIR "/bgpid; jobs > " TDIR "/jobs; wait %1; "
	    "echo waited $?; "
	    "sh -c 'exit 7' & wait $!; echo $?; "
	    "sh -c 'exit 5' & sh -c 'exit 6' & wait; echo all $?", NULL };
	char buf[32];
	int p[2], i, st;
	pid_t pid, catpid = 0;

	UT_EQ(pipe(p), 0);
	pid = sh_start(argv, p[0], p[1]);
	close(p[0]);
	for (i = 0; i < 3000 && catpid == 0; i++) {
		if (ut_get(TDIR "/bgpid", buf, sizeof(buf)) > 0)
			catpid = atoi(buf);
		else
			ut_nap();
	}
	UT_TRUE(catpid > 0);
	UT_TRUE(catpid != pid);
	/* The shell and its background cat are both still there. */
	UT_EQ(waitpid(pid, &st, WNOHANG), 0);
	UT_EQ(kill(catpid, 0), 0);
	UT_EQ(write(p[1], "data\n", 5), 5);
	close(p[1]);
	UT_EQ(ut_watch(pid, WATCH), 0);
	UT_CONTENT(TDIR "/bgout", "data\n");
	UT_CONTENT(OUT, "waited 0\n7\nall 0\n");
	UT_CONTENT(TDIR "/jobs", "[1]+  Running                cat > " TDIR
	    "/bgout\n");
	UT_SH("wait %3", 127, "sh: wait: %3: no such job\n");
}

/* Feed bytes to the line editor; what it accepted is in outbuf. */
static int
edit(const char *bytes, size_t n)
{
	char *argv[] = { "sh", "--lineedit-test", NULL };
	int p[2], st;
	pid_t pid;

	if (pipe(p) != 0)
		return (-1);
	pid = sh_start(argv, p[0], p[1]);
	close(p[0]);
	st = write(p[1], bytes, n) == (ssize_t)n ? 0 : -1;
	close(p[1]);
	if (ut_watch(pid, WATCH) != 0)
		st = -1;
	if (ut_get(OUT, outbuf, sizeof(outbuf)) < 0)
		outbuf[0] = '\0';
	return (st);
}

#define UT_EDIT(bytes, want) do {					\
	UT_EQ(edit((bytes), sizeof(bytes) - 1), 0);			\
	UT_STREQ(outbuf, (want));					\
} while (0)

static char big[10000], bigwant[10100];

static void
test_lineedit(void)
{
	size_t i, n;
	char *p;

	/* Left arrows, insertion, Home/End in their four forms. */
	UT_EDIT("abc\033[D\033[DX\r", "line: <aXbc>\n");
	UT_EDIT("bc\033[HA\033[FD\033[1~0\033[4~9\033OH<\033OF>\r",
	    "line: <<0AbcD9>>\n");
	UT_EDIT("bc\001A\005D\002\002\006\006E\r", "line: <AbcDE>\n");
	/* Backspace (DEL and ^H), Delete, Ctrl-D inside a line. */
	UT_EDIT("abcd\177\010X\001\033[3~\004\r", "line: <X>\n");
	/* Ctrl-W, Ctrl-U, Ctrl-K. */
	UT_EDIT("echo foo  bar\027\027baz\r", "line: <echo baz>\n");
	UT_EDIT("abc def\033[D\033[D\025X\r", "line: <Xef>\n");
	UT_EDIT("abc def\001\033[C\013\r", "line: <a>\n");
	/* History: Up, Down, the line being typed kept. */
	UT_EDIT("one\rtwo\r\033[A\033[A\r\033[A\033[A\033[A\033[B\r"
	    "new\033[A\033[B\r", "line: <one>\nline: <two>\nline: <one>\n"
	    "line: <two>\nline: <new>\n");
	/* Ctrl-C abandons a line, Ctrl-D on an empty one is the end. */
	UT_EDIT("abc\003def\r\004", "intr\nline: <def>\neof\n");
	/* 150 lines, then 120 Ups: the history holds at least that. */
	for (i = 0, p = big; i < 150; i++)
		p += sprintf(p, "l%d\r", (int)i);
	for (i = 0; i < 120; i++)
		p += sprintf(p, "\033[A");
	p += sprintf(p, "\r");
	UT_EQ(edit(big, p - big), 0);
	n = strlen(outbuf);
	UT_TRUE(n > 12 && strcmp(outbuf + n - 12, "line: <l30>\n") == 0);
	/* A line of 2,000 bytes; one past the limit is refused, not split. */
	memset(big, 'x', 2000);
	big[2000] = '\r';
	UT_EQ(edit(big, 2001), 0);
	UT_EQ(strlen(outbuf), 2000 + 9);
	memset(big, 'y', 5000);
	big[5000] = '\r';
	UT_EQ(edit(big, 5001), 0);
	snprintf(bigwant, sizeof(bigwant), "line: <%.*s>\n", 4095, big);
	UT_STREQ(outbuf, bigwant);
}

static char ptybuf[32768];
static size_t ptylen, ptymark;
static size_t ptyshift;		/* bytes dropped from ptybuf's front so far */

/*
 * Read the pty master m (non-blocking) until want appears after the
 * last thing found; true if it does within the checks (10 ms each).
 */
static int
pty_expect(int m, const char *want)
{
	char *hit;
	ssize_t r;
	int i;

	for (i = 0; i < WATCH; i++) {
		ptybuf[ptylen] = '\0';
		if ((hit = strstr(ptybuf + ptymark, want)) != NULL) {
			ptymark = hit - ptybuf + strlen(want);
			return (1);
		}
		if (ptylen + 1 >= sizeof(ptybuf)) {
			/* Keep the tail after the mark: the rest is read. */
			memmove(ptybuf, ptybuf + ptymark, ptylen - ptymark);
			ptylen -= ptymark;
			ptyshift += ptymark;
			ptymark = 0;
		}
		r = read(m, ptybuf + ptylen, sizeof(ptybuf) - 1 - ptylen);
		if (r > 0)
			ptylen += r;
		else
			ut_nap();
	}
	printf("FAIL: sh_test: the terminal never showed \"%s\"; it shows "
	    "\"", want);
	for (hit = ptybuf + ptymark; *hit != '\0'; hit++)
		printf(*hit >= ' ' && *hit < 127 ? "%c" : "\\%03o",
		    (unsigned char)*hit);
	printf("\"\n");
	return (0);
}

/*
 * The interactive shell on a pseudo-terminal: it edits in raw mode
 * (an arrow-key edit, a history recall, a 2,000-byte line), and puts
 * the terminal back in canonical mode with echo before a command runs
 * (cat sees a typed line echoed, and Ctrl-D as end of file).
 */
static void
test_pty(void)
{
	static char line[2100];
	char *envp[] = { "PATH=/bin", "HOME=/", NULL };
	char *argv[] = { "sh", NULL };
	int m, s, i;
	pid_t pid;

	ptylen = ptymark = 0;
	UT_EQ(openpty(&m, &s, NULL, NULL, NULL), 0);
	UT_EQ(fcntl(m, F_SETFL, O_NONBLOCK), 0);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		close(m);
		dup2(s, 0);
		dup2(s, 1);
		dup2(s, 2);
		close(s);
		execve("/bin/sh", argv, envp);
		_exit(126);
	}
	close(s);
	UT_TRUE(pty_expect(m, "damselfly$ "));
	UT_EQ(write(m, "echo ab\033[Dc\r", 12), 12);
	UT_TRUE(pty_expect(m, "\nacb\r\n"));
	UT_TRUE(pty_expect(m, "damselfly$ "));
	UT_EQ(write(m, "\033[A\r", 4), 4);
	UT_TRUE(pty_expect(m, "\nacb\r\n"));
	UT_TRUE(pty_expect(m, "damselfly$ "));
	/* 2,000 bytes typed 100 at a time, each batch echoed before the next. */
	UT_EQ(write(m, "echo ", 5), 5);
	memset(line, 'x', 100);
	for (i = 0; i < 20; i++) {
		UT_EQ(write(m, line, 100), 100);
		UT_TRUE(pty_expect(m, "xxxxxxxxxx"));
	}
	UT_EQ(write(m, "\r", 1), 1);
	memset(line, 'x', 2000);
	strcpy(line + 2000, "\r\n");
	UT_TRUE(pty_expect(m, line));
	UT_TRUE(pty_expect(m, "damselfly$ "));
	/* cat in canonical mode: its line echoed, then printed; ^D ends it. */
	UT_EQ(write(m, "cat\r", 4), 4);
	UT_TRUE(pty_expect(m, "cat\r"));
	UT_EQ(write(m, "typed\r", 6), 6);
	UT_TRUE(pty_expect(m, "typed\r\ntyped\r\n"));
	UT_EQ(write(m, "\004", 1), 1);
	UT_TRUE(pty_expect(m, "damselfly$ "));
	UT_EQ(write(m, "exit 3\r", 7), 7);
	UT_EQ(ut_watch(pid, WATCH), W_EXITCODE(3, 0));
	close(m);
}

/*
 * The terminal's output from what was found last up to want (which is
 * consumed), in out; true if want appeared.
 */
static int
pty_upto(int m, const char *want, char *out, size_t size)
{
	size_t from = ptyshift + ptymark, len;

	if (!pty_expect(m, want))
		return (0);
	from -= ptyshift;
	len = ptymark - from;
	if (len >= size)
		len = size - 1;
	memcpy(out, ptybuf + from, len);
	out[len] = '\0';
	return (1);
}

/*
 * Type cmd at the shell until what it prints before its next prompt
 * contains want: for a state another process reaches in its own time
 * (a background job stopping); at most WATCH / 10 tries.
 */
static int
pty_retry(int m, const char *cmd, const char *want)
{
	static char out[4096];
	int i;

	for (i = 0; i < WATCH / 10; i++) {
		UT_EQ(write(m, cmd, strlen(cmd)), (ssize_t)strlen(cmd));
		if (!pty_upto(m, "damselfly$ ", out, sizeof(out)))
			return (0);
		if (strstr(out, want) != NULL)
			return (1);
	}
	printf("FAIL: sh_test: \"%s\" never printed \"%s\"\n", cmd, want);
	return (0);
}

/*
 * Wait (a bounded number of checks) until a child of ppid named comm is
 * in state stat (kern.proc): a program reading the terminal is asleep
 * in its read, so the shell has put the terminal's modes back first.
 */
static int
child_in_state(pid_t ppid, const char *comm, char stat)
{
	static struct kinfo_proc buf[128];
	size_t len, i;
	int n;

	for (n = 0; n < WATCH; n++) {
		len = sizeof(buf);
		if (sysctl("kern.proc", buf, &len, NULL, 0) != 0)
			break;
		for (i = 0; i < len / sizeof(buf[0]); i++)
			if (buf[i].kp_ppid == ppid && buf[i].kp_stat == stat &&
			    strcmp(buf[i].kp_comm, comm) == 0)
				return (1);
		ut_nap();
	}
	printf("FAIL: sh_test: no %s in state %c under pid %d\n", comm, stat,
	    (int)ppid);
	return (0);
}

/*
 * Start path (argv) as init starts the console's shell: the leader of a
 * new session whose controlling terminal is a pseudo-terminal's slave,
 * on its standard input, output and error.  The master, non-blocking,
 * in *mp; the child's pid.
 */
static pid_t
session_on_pty(int *mp, const char *path, char **argv)
{
	char *envp[] = { "PATH=/bin", "HOME=/", "PS1=damselfly$ ", NULL };
	pid_t pid;
	int s;

	ptylen = ptymark = ptyshift = 0;
	UT_EQ(openpty(mp, &s, NULL, NULL, NULL), 0);
	UT_EQ(fcntl(*mp, F_SETFL, O_NONBLOCK), 0);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		close(*mp);
		if (setsid() < 0 || ioctl(s, TIOCSCTTY, 0) != 0)
			_exit(125);
		dup2(s, 0);
		dup2(s, 1);
		dup2(s, 2);
		close(s);
		execve(path, argv, envp);
		_exit(126);
	}
	close(s);
	return (pid);
}

/*
 * dash, built with its job control: Ctrl-Z stops cat, fg continues it,
 * Ctrl-C ends it and dash's $? is 130.
 */
static void
test_dash_jobc(void)
{
	char *argv[] = { "dash", "-i", NULL };
	pid_t pid;
	int m;

	pid = session_on_pty(&m, "/bin/dash", argv);
	UT_TRUE(pty_expect(m, "damselfly$ "));
	UT_EQ(write(m, "cat\n", 4), 4);
	UT_TRUE(child_in_state(pid, "cat", 'S'));
	UT_EQ(write(m, "\032", 1), 1);
	UT_TRUE(pty_expect(m, "Stopped"));
	UT_TRUE(pty_expect(m, "damselfly$ "));
	UT_TRUE(child_in_state(pid, "cat", 'T'));
	UT_EQ(write(m, "fg\n", 3), 3);
	UT_TRUE(child_in_state(pid, "cat", 'S'));
	UT_EQ(write(m, "again\n", 6), 6);
	UT_TRUE(pty_expect(m, "again\r\nagain\r\n"));
	UT_EQ(write(m, "\003", 1), 1);
	UT_TRUE(pty_expect(m, "damselfly$ "));
	UT_EQ(write(m, "echo st=$?\n", 11), 11);
	UT_TRUE(pty_expect(m, "st=130\r\n"));
	UT_TRUE(pty_expect(m, "damselfly$ "));
	UT_EQ(write(m, "exit 5\n", 7), 7);
	UT_EQ(ut_watch(pid, WATCH), W_EXITCODE(5, 0));
	close(m);
}

/*
 * Job control end to end: the shell leads a session whose controlling
 * terminal is a pseudo-terminal, as init starts it on the console, and
 * the test types at it.  Ctrl-Z stops cat ("[1]+  Stopped"), jobs
 * lists it, fg continues it (it reads a line again), Ctrl-C kills it
 * and only it (the same shell, $? 130); a background sleep is Running
 * until its group is signalled; a background cat reading the terminal
 * is stopped by SIGTTIN.
 */
static void
test_jobc(void)
{
	static char out[4096], want[64];
	char *argv[] = { "sh", NULL };
	pid_t pid;
	int m;

	pid = session_on_pty(&m, "/bin/sh", argv);
	snprintf(want, sizeof(want), "\r\n%d\r\n", (int)pid);
	UT_TRUE(pty_expect(m, "damselfly$ "));
	UT_EQ(write(m, "echo $$\r", 8), 8);
	UT_TRUE(pty_expect(m, want));
	UT_TRUE(pty_expect(m, "damselfly$ "));

	/* Ctrl-Z stops cat; jobs lists it; fg gives it the terminal back. */
	UT_EQ(write(m, "cat\r", 4), 4);
	UT_TRUE(pty_expect(m, "cat\r"));
	UT_TRUE(child_in_state(pid, "cat", 'S'));
	UT_EQ(write(m, "one\r", 4), 4);
	UT_TRUE(pty_expect(m, "one\r\none\r\n"));
	UT_EQ(write(m, "\032", 1), 1);
	UT_TRUE(pty_expect(m, "[1]+  Stopped"));
	UT_TRUE(pty_expect(m, "damselfly$ "));
	UT_TRUE(child_in_state(pid, "cat", 'T'));
	UT_EQ(write(m, "jobs\r", 5), 5);
	UT_TRUE(pty_upto(m, "damselfly$ ", out, sizeof(out)));
	UT_TRUE(strstr(out, "[1]+  Stopped") != NULL);
	UT_TRUE(strstr(out, " cat\r\n") != NULL);
	UT_EQ(write(m, "fg\r", 3), 3);
	UT_TRUE(pty_expect(m, "cat\r\n"));
	UT_TRUE(child_in_state(pid, "cat", 'S'));
	UT_EQ(write(m, "two\r", 4), 4);
	UT_TRUE(pty_expect(m, "two\r\ntwo\r\n"));
	/* Ctrl-C ends cat, not the shell. */
	UT_EQ(write(m, "\003", 1), 1);
	UT_TRUE(pty_expect(m, "damselfly$ "));
	UT_EQ(write(m, "echo $? $$\r", 11), 11);
	snprintf(want, sizeof(want), "\r\n130 %d\r\n", (int)pid);
	UT_TRUE(pty_expect(m, want));
	UT_TRUE(pty_expect(m, "damselfly$ "));
	UT_EQ(write(m, "jobs\r", 5), 5);
	UT_TRUE(pty_upto(m, "damselfly$ ", out, sizeof(out)));
	UT_TRUE(strstr(out, "[1]") == NULL);

	/* A background job runs until its group is signalled. */
	UT_EQ(write(m, "sleep 100 &\r", 12), 12);
	UT_TRUE(pty_expect(m, "[1] "));
	UT_TRUE(pty_expect(m, "damselfly$ "));
	UT_EQ(write(m, "jobs\r", 5), 5);
	UT_TRUE(pty_upto(m, "damselfly$ ", out, sizeof(out)));
	UT_TRUE(strstr(out, "[1]+  Running") != NULL);
	/* (A job ended by SIGINT abandons the rest of its line.) */
	UT_EQ(write(m, "kill -INT -$!; wait %1\r", 23), 23);
	UT_TRUE(pty_expect(m, "damselfly$ "));
	UT_EQ(write(m, "echo st=$?\r", 11), 11);
	UT_TRUE(pty_expect(m, "st=130\r\n"));
	UT_TRUE(pty_expect(m, "damselfly$ "));

	/* A background reader of the terminal is stopped by SIGTTIN. */
	UT_EQ(write(m, "cat &\r", 6), 6);
	UT_TRUE(pty_expect(m, "[1] "));
	UT_TRUE(pty_expect(m, "damselfly$ "));
	UT_TRUE(child_in_state(pid, "cat", 'T'));
	UT_TRUE(pty_retry(m, "jobs\r", "[1]+  Stopped"));
	/* Killed: reported before the next prompt or by a later jobs. */
	UT_EQ(write(m, "kill -KILL $!\r", 14), 14);
	UT_TRUE(pty_upto(m, "damselfly$ ", out, sizeof(out)));
	if (strstr(out, "Killed (signal 9)") == NULL)
		UT_TRUE(pty_retry(m, "jobs\r", "Killed (signal 9)"));
	UT_EQ(write(m, "exit 4\r", 7), 7);
	UT_EQ(ut_watch(pid, WATCH), W_EXITCODE(4, 0));
	close(m);
}

int
main(int argc, char **argv)
{
	struct stat st;

	ut_rmtree(TDIR);
	UT_EQ(mkdir(TDIR, 0755), 0);
	test_expand();
	test_andor();
	test_glob();
	test_exec();
	test_cd();
	test_help();
	test_background();
	test_lineedit();
	test_pty();
	test_jobc();
	test_dash_jobc();
	ut_rmtree(TDIR);
	UT_ERR(stat(TDIR, &st), ENOENT);
	UT_DONE("sh_test");
}
