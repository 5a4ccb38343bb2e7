/*
 * builtin.c - the commands the shell runs itself.
 *
 * A builtin runs inside the shell when it is a command alone (exec.c),
 * so cd, exit, export, unset and the job builtins act on the shell
 * itself; in a pipeline it runs in that command's child.  Each is a
 * function (argc, argv) -> status, found by name in builtins[] below,
 * which is also where help (help.c) finds their one-line descriptions:
 * one table, so help cannot list a builtin that does not exist or miss
 * one that does.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

extern char **environ;

/* cd [DIR | -]: no DIR is $HOME, "-" is $OLDPWD (and prints it). */
static int
sh_cd(int argc, char **argv)
{
	char old[1024], new[1024 + 8];
	const char *dir = argc > 1 ? argv[1] : var_get("HOME", 4);
	int dash = argc > 1 && strcmp(argv[1], "-") == 0;

	if (dash)
		dir = var_get("OLDPWD", 6);
	if (dir == NULL) {
		fprintf(stderr, "sh: cd: %s not set\n", dash ? "OLDPWD" : "HOME");
		return (1);
	}
	if (getcwd(old, sizeof(old)) == NULL)
		old[0] = '\0';
	if (chdir(dir) != 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		return (1);
	}
	if (old[0] != '\0') {
		snprintf(new, sizeof(new), "OLDPWD=%s", old);
		var_set(new, 0);
	}
	strcpy(new, "PWD=");
	if (getcwd(new + 4, sizeof(new) - 4) != NULL) {
		var_set(new, 0);
		if (dash) {
			printf("%s\n", new + 4);
			fflush(stdout);
		}
	}
	return (0);
}

/* exit [N]: leave the shell with N, or with $?. */
static int
sh_exit(int argc, char **argv)
{
	fflush(stdout);
	exit(argc > 1 ? atoi(argv[1]) : sh_status);
}

/* export [NAME[=value] ...]: no argument lists the environment. */
static int
sh_export(int argc, char **argv)
{
	char **ep;
	int i, ret = 0;
	size_t n;

	if (argc == 1)
		for (ep = environ; ep != NULL && *ep != NULL; ep++)
			printf("export %s\n", *ep);
	for (i = 1; i < argc; i++) {
		n = namelen(argv[i]);
		if (n == 0 || (argv[i][n] != '=' && argv[i][n] != '\0')) {
			fprintf(stderr, "sh: export: bad name %s\n", argv[i]);
			ret = 1;
		} else if (argv[i][n] == '=') {
			ret |= var_set(argv[i], 1);
		} else {
			ret |= var_export(argv[i]);
		}
	}
	fflush(stdout);
	return (ret);
}

/* unset NAME ...: forget shell and environment variables. */
static int
sh_unset(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		var_unset(argv[i]);
	return (0);
}

static int
sh_true(int argc, char **argv)
{
	return (0);
}

static int
sh_false(int argc, char **argv)
{
	return (1);
}

/* The builtins: name, usage, what it does (help prints the last two). */
static const struct builtin {
	builtin_fn	*b_fn;
	struct builtin_doc b_doc;
} builtins[] = {
	{ sh_true, { ":", ":", "do nothing, successfully" } },
	{ sh_bg, { "bg", "bg [%N]", "continue a stopped job in the background" } },
	{ sh_cd, { "cd", "cd [DIR|-]", "change directory (no DIR: $HOME; -: the previous one)" } },
	{ sh_exit, { "exit", "exit [N]", "leave the shell with status N (default: $?)" } },
	{ sh_export, { "export", "export [NAME[=VALUE]]", "pass a variable to commands (alone: list them)" } },
	{ sh_false, { "false", "false", "fail: status 1" } },
	{ sh_fg, { "fg", "fg [%N]", "bring a job to the foreground (continue it if stopped)" } },
	{ sh_help, { "help", "help [NAME]", "list the builtins and the programs in /bin" } },
	{ sh_jobs, { "jobs", "jobs", "list the background and stopped jobs" } },
	{ sh_true, { "true", "true", "succeed: status 0" } },
	{ sh_unset, { "unset", "unset NAME...", "forget variables" } },
	{ sh_wait, { "wait", "wait [%N|PID...]", "wait for background jobs (status: the last one's)" } },
};
#define NBUILTINS	(int)(sizeof(builtins) / sizeof(builtins[0]))

/* The builtin called name, or NULL. */
builtin_fn *
builtin_find(const char *name)
{
	int i;

	for (i = 0; i < NBUILTINS; i++)
		if (strcmp(builtins[i].b_doc.bd_name, name) == 0)
			return (builtins[i].b_fn);
	return (NULL);
}

/* The description of builtin i (0, 1, ...), or NULL past the last. */
const struct builtin_doc *
builtin_doc(int i)
{
	return (i < NBUILTINS ? &builtins[i].b_doc : NULL);
}
