/*
 * help.c - the help builtin: what a user can type.
 *
 * "help" prints every builtin (from builtin.c's table) and every program
 * actually in /bin (read from the directory, sorted), one line each;
 * "help NAME" prints NAME's line.  A program's line comes from
 * programs[] below; a program named in /etc/runlist (the tests make
 * check runs) is described as such.  A program with neither prints
 * "(no description)": the test sh_test runs help and fails on that
 * line, so whoever adds a program to /bin must add its line here.
 */
#include <sys/types.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

#define HELP_PROGS_MAX	256	/* programs in /bin that help lists */
#define NO_DESCRIPTION	"(no description)"

/* The programs in /bin that are not tests: name, what it does. */
static const char *const programs[][2] = {
	{ "agent_lines", "test: a driver holding both IDE lines' interrupts still holds every message (ata=off)" },
	{ "blk_bench", "benchmark: disk reads and writes (make bench)" },
	{ "cat", "copy files (or standard input) to standard output" },
	{ "dash", "the Debian Almquist shell, a POSIX shell (a port)" },
	{ "dd", "copy blocks between files (if= of= bs= count= skip=)" },
	{ "drvd", "run a driver (a PCI function, isa:com2) as a process on its grant (init starts it)" },
	{ "echo", "print the arguments" },
	{ "env", "print the environment, or run a command with more" },
	{ "head", "print the first lines of files" },
	{ "hello", "print a greeting: the smallest program" },
	{ "init", "process 1: starts the shell, reaps orphans" },
	{ "kill", "send a signal to processes" },
	{ "ln", "make links" },
	{ "ls", "list directory contents" },
	{ "lua", "the Lua 5.4 interpreter (a port)" },
	{ "mkdir", "make directories" },
	{ "mv", "rename files" },
	{ "pciconf", "list the PCI functions the kernel found at boot" },
	{ "ps", "list the processes: pid, parent, state, command" },
	{ "pwd", "print the current directory" },
	{ "rm", "remove files and directories" },
	{ "sh", "this shell: sh, sh -c LINE, sh FILE" },
	{ "sleep", "wait for a number of seconds" },
	{ "syscall_bench", "benchmark: the cost of a system call (make bench)" },
	{ "sysctl", "read and write named kernel variables" },
	{ "tail", "print the last lines of files" },
	{ "testrun", "the user test runner (make check)" },
	{ "uptime", "how long the system has been running" },
	{ "ut_selftest", "a test that fails on purpose, to check the test runner" },
	{ "udrv_crash", "test: the user virtio-blk driver killed mid-read (vtblk=user)" },
	{ "udrv_fault", "test: fault campaign on the user disk drivers (udrv_faults=)" },
	{ "udrv_hang", "test: a hung or stopped user driver found by the heartbeat (vtblk=user)" },
	{ "udrv_hwtie", "test: a killed user driver's disk served again only with its function's grant (vtblk=user)" },
	{ "udrv_part", "test: the partitions served by the user driver's process (vtblk=user)" },
	{ "udrv_sysctl", "test: a driver sysctl asked of each of its processes (vtblk=user)" },
	{ "wc", "count lines, words and bytes" },
};
#define NPROGRAMS	(int)(sizeof(programs) / sizeof(programs[0]))

/* True if name is a line of /etc/runlist (a test program). */
static int
is_test(const char *name)
{
	static char buf[4096];
	static int loaded;
	const char *p;
	size_t n = strlen(name);
	FILE *f;

	if (!loaded) {
		loaded = 1;
		if ((f = fopen("/etc/runlist", "r")) != NULL) {
			buf[fread(buf, 1, sizeof(buf) - 1, f)] = '\0';
			fclose(f);
		}
	}
	for (p = buf; (p = strstr(p, name)) != NULL; p += n)
		if ((p == buf || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return (1);
	return (0);
}

/* What the program name does, in one line. */
static const char *
describe(const char *name)
{
	int i;

	for (i = 0; i < NPROGRAMS; i++)
		if (strcmp(programs[i][0], name) == 0)
			return (programs[i][1]);
	if (is_test(name))
		return ("a test program that make check runs (test/runlist)");
	return (NO_DESCRIPTION);
}

static int
cmpname(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* help [NAME] */
int
sh_help(int argc, char **argv)
{
	static char *names[HELP_PROGS_MAX];
	const struct builtin_doc *bd;
	struct dirent *de;
	int i, n = 0, found = 0;
	DIR *d;

	for (i = 0; (bd = builtin_doc(i)) != NULL; i++) {
		if (argc > 1 && strcmp(argv[1], bd->bd_name) != 0)
			continue;
		if (i == 0 && argc == 1)
			printf("Builtins (run by the shell itself):\n");
		printf("  %-22s %s\n", bd->bd_usage, bd->bd_what);
		found = 1;
	}
	if ((d = opendir("/bin")) != NULL) {
		while ((de = readdir(d)) != NULL && n < HELP_PROGS_MAX) {
			if (de->d_name[0] == '.')
				continue;
			if (argc > 1 && strcmp(argv[1], de->d_name) != 0)
				continue;
			if ((names[n] = strdup(de->d_name)) != NULL)
				n++;
		}
		closedir(d);
	}
	qsort(names, n, sizeof(names[0]), cmpname);
	if (argc == 1)
		printf("Programs in /bin:\n");
	for (i = 0; i < n; i++) {
		printf("  %-22s %s\n", names[i], describe(names[i]));
		free(names[i]);
		found = 1;
	}
	fflush(stdout);
	if (argc > 1 && !found) {
		fprintf(stderr, "sh: help: %s: no builtin or program of that "
		    "name\n", argv[1]);
		return (1);
	}
	return (0);
}
