/*
 * util_test - the utilities of /bin run against known input, their
 * output checked byte for byte: head, tail (a pipe longer than its
 * buffer's trimming point too), wc, env, sleep's exit status, kill -l
 * and kill of a child, ps (itself running, its parent, a sleeping and
 * a zombie child), sysctl -a and -d and the query names it walks the
 * tree with, uptime's format.  Each utility runs as a child with its
 * standard input fed by a writer process and its standard output and
 * error read back through one pipe.  Works in /tmp/util_test.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <sys/kinfo_proc.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include "utest.h"

#define TDIR	"/tmp/util_test"

static char	out[65536];	/* the last run's output, NUL-terminated */
static char	big[200000];	/* a long input */

/*
 * Run argv (argv[0] a program in /bin) with input on its standard
 * input (NULL: /dev/null) and its output and errors into out; its wait
 * status, or -1 if it could not be started.
 */
static int
run_in(char *const argv[], const char *input, size_t inlen)
{
	char path[64];
	char *envp[] = { "PATH=/bin", "UT=1", NULL };
	int in[2], op[2], status = -1;
	size_t n = 0;
	ssize_t r;
	pid_t pid, writer = -1;

	snprintf(path, sizeof(path), "/bin/%s", argv[0]);
	if (pipe(in) != 0 || pipe(op) != 0)
		return (-1);
	fflush(stdout);
	if (input != NULL && (writer = fork()) == 0) {
		close(in[0]);
		close(op[0]);
		close(op[1]);
		while (inlen > 0 && (r = write(in[1], input, inlen)) > 0) {
			input += r;
			inlen -= r;
		}
		_exit(0);
	}
	if ((pid = fork()) == 0) {
		dup2(input != NULL ? in[0] : open("/dev/null", O_RDONLY), 0);
		dup2(op[1], 1);
		dup2(op[1], 2);
		close(in[0]);
		close(in[1]);
		close(op[0]);
		close(op[1]);
		execve(path, argv, envp);
		_exit(126);
	}
	close(in[0]);
	close(in[1]);
	close(op[1]);
	while (n + 1 < sizeof(out) &&
	    (r = read(op[0], out + n, sizeof(out) - 1 - n)) > 0)
		n += r;
	out[n] = '\0';
	close(op[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	if (writer > 0)
		waitpid(writer, NULL, 0);
	return (status);
}

static int
run(char *const argv[], const char *input)
{
	return (run_in(argv, input, input != NULL ? strlen(input) : 0));
}

/* Run argv on input: it must exit with status st and print exactly want. */
#define UT_RUN(argv, input, st, want) do {				\
	int _s = run(argv, input);					\
	if (_s != ((st) << 8) || strcmp(out, (want)) != 0) {		\
		printf("FAIL: %s:%d: %s: status 0x%x, output \"%.200s\";" \
		    " want exit %d, \"%.200s\"\n", __FILE__, __LINE__,	\
		    (argv)[0], _s, out, (st), (want));			\
		ut_failures++;						\
	}								\
} while (0)

static const char twenty[] = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n"
    "14\n15\n16\n17\n18\n19\n20\n";

static void
test_head(void)
{
	char *a1[] = { "head", NULL };
	char *a2[] = { "head", "-n", "3", NULL };
	char *a3[] = { "head", "-c", "5", NULL };
	char *a4[] = { "head", "-n", "1", TDIR "/a", TDIR "/b", NULL };
	char *a5[] = { "head", "-n", "x", NULL };
	char *a6[] = { "head", TDIR "/none", NULL };
	char *a7[] = { "head", "-n", "0", NULL };

	UT_RUN(a1, twenty, 0, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n");
	UT_RUN(a2, twenty, 0, "1\n2\n3\n");
	UT_RUN(a3, twenty, 0, "1\n2\n3");
	UT_RUN(a4, NULL, 0, "==> " TDIR "/a <==\na1\n\n==> " TDIR
	    "/b <==\nb1\n");
	UT_RUN(a5, NULL, 2, "usage: head [-n lines | -c bytes] [file ...]\n");
	UT_RUN(a6, NULL, 1, "head: " TDIR "/none: No such file or directory\n");
	UT_RUN(a7, twenty, 0, "");
}

static void
test_tail(void)
{
	char *a1[] = { "tail", NULL };
	char *a2[] = { "tail", "-n", "3", NULL };
	char *a3[] = { "tail", "-c", "4", NULL };
	char *a4[] = { "tail", "-n", "1", NULL };
	char *a5[] = { "tail", "-n", "2", TDIR "/a", NULL };
	char *a6[] = { "tail", "-n", "0", NULL };
	char *a7[] = { "tail", "-c", "x", NULL };
	size_t n = 0;
	int i;

	UT_RUN(a1, twenty, 0, "11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n");
	UT_RUN(a2, twenty, 0, "18\n19\n20\n");
	UT_RUN(a3, twenty, 0, "\n20\n");
	UT_RUN(a4, "a\nb", 0, "b");
	UT_RUN(a4, "\n\n", 0, "\n");
	UT_RUN(a4, "", 0, "");
	UT_RUN(a5, NULL, 0, "a1\na2\n");
	UT_RUN(a6, twenty, 0, "");
	UT_RUN(a7, NULL, 2, "usage: tail [-n lines | -c bytes] [file ...]\n");
	/* A pipe far longer than what tail keeps before trimming. */
	for (i = 0; n + 16 < sizeof(big); i++)
		n += snprintf(big + n, sizeof(big) - n, "line %d\n", i);
	UT_EQ(run_in(a2, big, n), 0);
	snprintf(big, sizeof(big), "line %d\nline %d\nline %d\n", i - 3,
	    i - 2, i - 1);
	UT_STREQ(out, big);
}

static void
test_wc(void)
{
	char *a1[] = { "wc", NULL };
	char *a2[] = { "wc", "-l", NULL };
	char *a3[] = { "wc", "-w", TDIR "/a", TDIR "/b", NULL };
	char *a4[] = { "wc", "-lc", NULL };
	char *a5[] = { "wc", "-x", NULL };

	UT_RUN(a1, "one two\n three\n", 0, "       2       3      15\n");
	UT_RUN(a1, "", 0, "       0       0       0\n");
	UT_RUN(a2, twenty, 0, "      20\n");
	UT_RUN(a3, NULL, 0, "       2 " TDIR "/a\n       3 " TDIR "/b\n"
	    "       5 total\n");
	UT_RUN(a4, "no newline", 0, "       0      10\n");
	UT_RUN(a5, NULL, 2, "usage: wc [-l] [-w] [-c] [file ...]\n");
}

static void
test_env(void)
{
	char *a1[] = { "env", NULL };
	char *a2[] = { "env", "-i", "A=1", "B=two words", NULL };
	char *a3[] = { "env", "-i", "C=3", "env", NULL };
	char *a4[] = { "env", "UT=2", NULL };
	char *a5[] = { "env", "-i", "nosuchprogram", NULL };
	char *a6[] = { "env", "-x", NULL };

	UT_RUN(a1, NULL, 0, "PATH=/bin\nUT=1\n");
	UT_RUN(a2, NULL, 0, "A=1\nB=two words\n");
	/* The program is found through PATH, and gets the new environment
	 * alone (-i dropped PATH: execvp's default path has /bin). */
	UT_RUN(a3, NULL, 0, "C=3\n");
	UT_RUN(a4, NULL, 0, "PATH=/bin\nUT=2\n");
	UT_RUN(a5, NULL, 127, "env: nosuchprogram: not found\n");
	UT_RUN(a6, NULL, 2, "env: unknown option -x\n"
	    "usage: env [-i] [NAME=value ...] [program [arg ...]]\n");
}

static void
test_sleep(void)
{
	char *a1[] = { "sleep", "0.2", NULL };
	char *a2[] = { "sleep", "1.5x", NULL };
	char *a3[] = { "sleep", NULL };
	char *a4[] = { "sleep", "0", NULL };
	struct timespec t0, t1;
	long long ms;
	const char *usage = "usage: sleep seconds (a decimal number, "
	    "e.g. 1.5)\n";

	clock_gettime(CLOCK_MONOTONIC, &t0);
	UT_RUN(a1, NULL, 0, "");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* A sleep lasts at least its duration (a lower bound only). */
	ms = (t1.tv_sec - t0.tv_sec) * 1000LL +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	UT_TRUE(ms >= 200);
	UT_RUN(a2, NULL, 2, usage);
	UT_RUN(a3, NULL, 2, usage);
	UT_RUN(a4, NULL, 0, "");
}

static void
test_kill(void)
{
	char *a1[] = { "kill", "-l", NULL };
	char *a2[] = { "kill", "-l", "9", NULL };
	char *a3[] = { "kill", "-l", "143", NULL };
	char *a4[] = { "kill", "-s", "BOGUS", "1", NULL };
	char *a5[] = { "kill", NULL };
	char pidbuf[16], *ak[4];
	static const struct {
		const char	*spec;	/* the signal option, or NULL */
		int		sig;	/* what the child must die of */
	} cases[] = {
		{ NULL, SIGTERM }, { "-9", SIGKILL }, { "-INT", SIGINT },
		{ "-sigusr1", SIGUSR1 },
	};
	size_t i;
	int status;
	pid_t pid;

	UT_RUN(a1, NULL, 0, "HUP INT QUIT ILL TRAP ABRT EMT FPE KILL BUS SEGV "
	    "SYS PIPE ALRM TERM URG STOP TSTP CONT CHLD TTIN TTOU IO XCPU "
	    "XFSZ VTALRM PROF WINCH USR1 USR2\n");
	UT_RUN(a2, NULL, 0, "KILL\n");
	UT_RUN(a3, NULL, 0, "TERM\n");
	UT_RUN(a4, NULL, 2, "kill: unknown signal BOGUS (kill -l lists "
	    "them)\n");
	UT_RUN(a5, NULL, 2, "usage: kill [-s SIG | -SIG | -N] [--] pid ...\n"
	    "       kill -l [N]\n");
	for (i = 0; i < nitems(cases); i++) {
		fflush(stdout);
		if ((pid = fork()) == 0) {
			struct timespec ts = { 60, 0 };

			nanosleep(&ts, NULL);
			_exit(0);
		}
		snprintf(pidbuf, sizeof(pidbuf), "%d", (int)pid);
		ak[0] = "kill";
		ak[1] = cases[i].spec != NULL ? (char *)cases[i].spec : pidbuf;
		ak[2] = cases[i].spec != NULL ? pidbuf : NULL;
		ak[3] = NULL;
		UT_RUN(ak, NULL, 0, "");
		status = ut_watch(pid, 1000);
		UT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) ==
		    cases[i].sig);
	}
	/* That child is gone now: kill reports it. */
	ak[0] = "kill";
	ak[1] = pidbuf;
	ak[2] = NULL;
	snprintf(big, sizeof(big), "kill: %s: No such process\n", pidbuf);
	UT_RUN(ak, NULL, 1, big);
}

/* kern.proc's record of pid into *kp; false if it has none. */
static bool
proc_record(pid_t pid, struct kinfo_proc *kp)
{
	static struct kinfo_proc buf[256];
	size_t len = sizeof(buf), i;

	if (sysctl("kern.proc", buf, &len, NULL, 0) != 0)
		return (false);
	for (i = 0; i < len / sizeof(buf[0]); i++) {
		if (buf[i].kp_pid == pid) {
			*kp = buf[i];
			return (true);
		}
	}
	return (false);
}

/* ps's line for pid: its fields must be ppid, stat and comm. */
static void
ps_line(pid_t pid, pid_t ppid, char stat, const char *comm)
{
	char line[128], *p;
	int f_pid, f_ppid, f_pgid, f_sid;
	char f_stat, f_comm[32];

	for (p = strchr(out, '\n'); p != NULL; p = strchr(p, '\n')) {
		p++;
		if (sscanf(p, "%d %d %d %d %c %31s", &f_pid, &f_ppid, &f_pgid,
		    &f_sid, &f_stat, f_comm) == 6 && f_pid == pid) {
			snprintf(line, sizeof(line), "%d %c %s", f_ppid,
			    f_stat, f_comm);
			snprintf(big, sizeof(big), "%d %c %s", ppid, stat,
			    comm);
			UT_STREQ(line, big);
			return;
		}
	}
	UT_FAIL("ps shows no pid %d:\n%s", (int)pid, out);
}

/* The STAT letter ps printed for pid, or 0. */
static char
proc_state_in_ps(pid_t pid)
{
	int f_pid;
	char f_stat, *p;

	for (p = strchr(out, '\n'); p != NULL; p = strchr(p, '\n')) {
		p++;
		if (sscanf(p, "%d %*d %*d %*d %c", &f_pid, &f_stat) == 2 &&
		    f_pid == pid)
			return (f_stat);
	}
	return (0);
}

static void
test_ps(void)
{
	char *a1[] = { "ps", NULL };
	char *a2[] = { "ps", "-x", NULL };
	struct kinfo_proc kp;
	pid_t sleeper, zombie, me = getpid(), pspid;
	int i, status, n;
	char *p;

	fflush(stdout);
	if ((sleeper = fork()) == 0) {
		struct timespec ts = { 60, 0 };

		nanosleep(&ts, NULL);
		_exit(0);
	}
	if ((zombie = fork()) == 0)
		_exit(3);
	/* Wait (a bounded number of times) until the kernel shows both
	 * children as they are meant to be. */
	for (i = 0; i < 1000; i++) {
		struct timespec ts = { 0, 1000 * 1000 };

		if (proc_record(zombie, &kp) && kp.kp_stat == 'Z' &&
		    proc_record(sleeper, &kp) && kp.kp_stat == 'S')
			break;
		nanosleep(&ts, NULL);
	}
	UT_TRUE(proc_record(zombie, &kp) && kp.kp_stat == 'Z');
	UT_EQ(kp.kp_ppid, me);
	UT_TRUE(proc_record(me, &kp) && kp.kp_stat == 'R');
	UT_STREQ(kp.kp_comm, "util_test");
	UT_TRUE(proc_record(1, &kp) && kp.kp_ppid == 0);
	UT_STREQ(kp.kp_comm, "init");

	UT_EQ(run(a1, NULL), 0);
	UT_TRUE(strncmp(out, "  PID  PPID  PGID   SID STAT COMMAND\n", 37) == 0);
	/* ps runs while this process waits to read its output. */
	pspid = 0;
	for (p = out, n = 0; (p = strchr(p, '\n')) != NULL; n++) {
		int f_pid, f_ppid;
		char f_comm[32];

		p++;
		if (sscanf(p, "%d %d %*d %*d %*c %31s", &f_pid, &f_ppid,
		    f_comm) == 3 && strcmp(f_comm, "ps") == 0 &&
		    f_ppid == me)
			pspid = f_pid;
	}
	UT_TRUE(pspid > 0);
	UT_TRUE(n >= 7);	/* header, init, runner, us, 2 children, ps */
	ps_line(pspid, me, 'R', "ps");
	/* This process waits for ps's output, or is about to. */
	ps_line(me, getppid(), proc_state_in_ps(me) == 'R' ? 'R' : 'S',
	    "util_test");
	ps_line(sleeper, me, 'S', "util_test");
	ps_line(zombie, me, 'Z', "util_test");
	UT_RUN(a2, NULL, 2, "usage: ps (no arguments: every process)\n");

	kill(sleeper, SIGKILL);
	waitpid(sleeper, &status, 0);
	waitpid(zombie, &status, 0);
	UT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 3);
	UT_TRUE(!proc_record(zombie, &kp));
}

/* A child that sleeps until it is signalled, in process group pgid (0: its own). */
static pid_t
sleeper_in(pid_t pgid)
{
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct timespec ts = { 60, 0 };

		setpgid(0, pgid);
		nanosleep(&ts, NULL);
		_exit(0);
	}
	/* Both sides set the group, so it is set whichever runs first. */
	setpgid(pid, pgid == 0 ? pid : pgid);
	return (pid);
}

/*
 * kern.proc reports a process's real group and session and T once it
 * is stopped; kill -- -PGID signals every member of the group and
 * nothing else.
 */
static void
test_ps_groups(void)
{
	char pidbuf[16], *ak[] = { "kill", "--", pidbuf, NULL };
	struct kinfo_proc kp;
	pid_t a, b, other;
	int status;

	a = sleeper_in(0);
	b = sleeper_in(a);
	other = sleeper_in(0);
	UT_TRUE(proc_record(b, &kp));
	UT_EQ(kp.kp_pgid, a);
	UT_EQ(kp.kp_sid, getsid(0));
	UT_TRUE(proc_record(getpid(), &kp));
	UT_EQ(kp.kp_pgid, getpgrp());
	UT_EQ(kp.kp_sid, getsid(0));

	UT_EQ(kill(other, SIGSTOP), 0);
	UT_EQ(waitpid(other, &status, WUNTRACED), other);
	UT_TRUE(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
	UT_TRUE(proc_record(other, &kp) && kp.kp_stat == 'T');
	UT_EQ(kp.kp_pgid, other);
	UT_EQ(run((char *[]){ "ps", NULL }, NULL), 0);
	UT_EQ(proc_state_in_ps(other), 'T');

	snprintf(pidbuf, sizeof(pidbuf), "-%d", (int)a);
	UT_RUN(ak, NULL, 0, "");
	status = ut_watch(a, 1000);
	UT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	status = ut_watch(b, 1000);
	UT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	/* The stopped process outside the group is still there, stopped. */
	UT_TRUE(proc_record(other, &kp) && kp.kp_stat == 'T');
	UT_EQ(kill(other, SIGKILL), 0);
	status = ut_watch(other, 1000);
	UT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

static void
test_sysctl(void)
{
	char *a1[] = { "sysctl", "-a", NULL };
	char *a2[] = { "sysctl", NULL };
	char *a3[] = { "sysctl", "-d", "kern.hz", NULL };
	char *a4[] = { "sysctl", "nosuch.name", NULL };
	char *a5[] = { "sysctl", "kern.ostype", "kern.hz", NULL };
	char *a6[] = { "sysctl", "-q", NULL };
	char name[SYSCTL_NAMEMAX], prev[SYSCTL_NAMEMAX] = "", *p, *e;
	size_t len;
	int n = 0, v;

	/* The query names, straight. */
	len = sizeof(name);
	UT_EQ(sysctl(SYSCTL_Q_NEXT, name, &len, NULL, 0), 0);
	UT_EQ(len, strlen(name) + 1);
	len = sizeof(name);
	UT_EQ(sysctl(SYSCTL_Q_NEXT "kern.hx", name, &len, NULL, 0), 0);
	UT_STREQ(name, "kern.hz");
	len = sizeof(name);
	UT_ERR(sysctl(SYSCTL_Q_NEXT "zzz", name, &len, NULL, 0), ENOENT);
	len = sizeof(name);
	UT_EQ(sysctl(SYSCTL_Q_DESCR "kern.hz", name, &len, NULL, 0), 0);
	UT_STREQ(name, "clock ticks per second");
	len = sizeof(name);
	UT_ERR(sysctl(SYSCTL_Q_DESCR "kern.nosuch", name, &len, NULL, 0),
	    ENOENT);
	v = 1;
	len = sizeof(name);
	UT_ERR(sysctl(SYSCTL_Q_NEXT, name, &len, &v, sizeof(v)), EPERM);
	len = 3;
	UT_ERR(sysctl(SYSCTL_Q_DESCR "kern.hz", name, &len, NULL, 0), ENOMEM);
	len = 4;
	UT_ERR(sysctl("kern.proc", name, &len, NULL, 0), ENOMEM);
	UT_EQ(sysctl("kern.proc", NULL, &len, NULL, 0), 0);
	UT_EQ(len % sizeof(struct kinfo_proc), 0);
	UT_TRUE(len >= 3 * sizeof(struct kinfo_proc));

	/* sysctl -a: every name once, in order, known values among them. */
	UT_EQ(run(a1, NULL), 0);
	UT_TRUE(strstr(out, "\nkern.ostype: Damselfly\n") != NULL);
	UT_TRUE(strstr(out, "\nkern.hz: 100\n") != NULL);
	UT_TRUE(strstr(out, "\ndebug.value: ") != NULL ||
	    strncmp(out, "debug.value: ", 13) == 0);
	for (p = out; *p != '\0'; p = e + 1) {
		if ((e = strchr(p, '\n')) == NULL)
			break;
		/* Lines of a multi-line value start without "name: ". */
		if (memchr(p, ':', e - p) == NULL || *p == ' ')
			continue;
		len = strcspn(p, ":");
		if (len >= sizeof(name) || memchr(p, ' ', len) != NULL)
			continue;
		memcpy(name, p, len);
		name[len] = '\0';
		if (strcmp(name, prev) <= 0)
			UT_FAIL("sysctl -a: %s after %s", name, prev);
		memcpy(prev, name, sizeof(prev));
		n++;
	}
	UT_TRUE(n > 20);
	UT_EQ(run(a2, NULL), 0);
	UT_TRUE(strstr(out, "\nkern.hz: 100\n") != NULL);
	UT_RUN(a3, NULL, 0, "kern.hz: clock ticks per second\n");
	UT_RUN(a4, NULL, 1, "sysctl: nosuch.name: unknown oid\n");
	UT_RUN(a5, NULL, 0, "kern.ostype: Damselfly\nkern.hz: 100\n");
	UT_RUN(a6, NULL, 2, "usage: sysctl [-a] [-d] [name[=value] ...]\n");
}

static void
test_uptime(void)
{
	char *a1[] = { "uptime", NULL };
	char *a2[] = { "uptime", "now", NULL };
	char want[64];
	int h = -1, m = -1, n = -1;

	UT_EQ(run(a1, NULL), 0);
	UT_EQ(sscanf(out, "up %d:%d, %d", &h, &m, &n), 3);
	snprintf(want, sizeof(want), "up %d:%02d, %d process%s\n", h, m, n,
	    n == 1 ? "" : "es");
	UT_STREQ(out, want);
	UT_RANGE(m, 0, 59);
	UT_TRUE(h >= 0 && n >= 3);
	UT_RUN(a2, NULL, 2, "usage: uptime (no arguments)\n");
}

int
main(void)
{
	ut_rmtree(TDIR);
	UT_EQ(mkdir(TDIR, 0755), 0);
	UT_EQ(ut_put(TDIR "/a", "a1\na2\n"), 0);
	UT_EQ(ut_put(TDIR "/b", "b1\nb2 b3\n"), 0);
	test_head();
	test_tail();
	test_wc();
	test_env();
	test_sleep();
	test_kill();
	test_ps();
	test_ps_groups();
	test_sysctl();
	test_uptime();
	ut_rmtree(TDIR);
	UT_DONE("util_test");
}
