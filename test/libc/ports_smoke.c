/*
 * ports_smoke - the ports (third-party programs built unmodified from
 * Debian source packages by make ports, sys/tools/ports/) run their
 * smoke scripts inside the system, and every line they print is checked.
 *
 * Each port has a script in /etc/ports (test/ports/ in the tree) and
 * the output it must print, SCRIPT.out beside it.  The program runs in
 * a child with /etc/ports as its working directory (so error messages
 * name the script as "smoke.lua", as when the expected output was made),
 * its standard output and standard error into one pipe; the parent reads
 * everything, waits, and compares line by line: the first difference is
 * reported with its line number, both texts, and the exit status must
 * be 0.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "utest.h"

#define OUTMAX	(64 * 1024)

static const struct port {
	const char	*prog;		/* the program, in /bin */
	const char	*script;	/* its script, in /etc/ports */
} ports[] = {
	{ "/bin/lua",	"smoke.lua" },
	{ "/bin/dash",	"smoke.sh" },
};

/* Read fd to end of file into buf (NUL-terminated): bytes, or -1. */
static int
read_all(int fd, char *buf, size_t size)
{
	size_t n = 0;
	ssize_t r;

	while (n + 1 < size && (r = read(fd, buf + n, size - 1 - n)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		n += r;
	}
	buf[n] = '\0';
	return ((int)n);
}

/* Compare got with want line by line; report the first difference. */
static void
compare(const char *script, const char *got, const char *want)
{
	int line = 1;

	while (*got != '\0' || *want != '\0') {
		size_t gl = strcspn(got, "\n"), wl = strcspn(want, "\n");

		if (gl != wl || memcmp(got, want, gl) != 0 ||
		    got[gl] != want[wl]) {
			UT_FAIL("%s line %d: got \"%.*s\", want \"%.*s\"",
			    script, line, (int)gl, got, (int)wl, want);
			return;
		}
		got += gl + (got[gl] != '\0');
		want += wl + (want[wl] != '\0');
		line++;
	}
}

static void
run_port(const struct port *p, char *got, char *want)
{
	char outpath[128];
	int fds[2], status, n;
	pid_t pid;

	snprintf(outpath, sizeof(outpath), "/etc/ports/%s.out", p->script);
	n = ut_get(outpath, want, OUTMAX);
	UT_TRUE(n > 0);
	if (n <= 0)
		return;
	UT_EQ(pipe(fds), 0);
	pid = fork();
	UT_TRUE(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[1]);
		if (chdir("/etc/ports") != 0)
			_exit(126);
		execl(p->prog, p->prog, p->script, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	n = read_all(fds[0], got, OUTMAX);
	close(fds[0]);
	UT_TRUE(n >= 0);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_TRUE(WIFEXITED(status));
	UT_EQ(WEXITSTATUS(status), 0);
	if (n >= 0)
		compare(p->script, got, want);
	printf("ports_smoke: %s %s: %d bytes of output checked\n",
	    p->prog, p->script, n);
}

int
main(void)
{
	char *got = malloc(OUTMAX), *want = malloc(OUTMAX);
	size_t i;

	UT_TRUE(got != NULL && want != NULL);
	for (i = 0; i < nitems(ports); i++)
		run_port(&ports[i], got, want);
	free(got);
	free(want);
	UT_DONE("ports_smoke");
}
