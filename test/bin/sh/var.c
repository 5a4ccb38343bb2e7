/*
 * var.c - the shell's variables.
 *
 * Two kinds: exported variables live in the environment (environ,
 * through setenv/getenv: every command the shell starts inherits them),
 * and shell variables live here, in vars[], seen by expansions only.
 * A name is in at most one place: exporting a shell variable moves it
 * to the environment.  "NAME=value" alone sets a shell variable unless
 * NAME is exported already; "export NAME=value" sets and exports;
 * "NAME=value command" puts NAME in that command's environment only
 * (exec.c does it in the child).  Variables that came in the
 * environment are exported from the start.
 *
 * The special parameters are here too: $? (sh_status), $$ (sh_pid,
 * the shell's process id, also inside a subshell), $! (sh_lastbg),
 * $0..$9 and $# (sh_argv, sh_argc).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

#define VARS_MAX	128	/* shell variables that are not exported */
#define NAME_MAX_SH	128	/* longest variable name */

int	sh_status;
pid_t	sh_pid;
pid_t	sh_lastbg;
int	sh_argc;
char	**sh_argv;

static char	*vars[VARS_MAX];	/* unexported "NAME=value", malloc'd */

/* The slot of the shell variable name[0..len), or NULL. */
static char **
var_slot(const char *name, size_t len)
{
	int i;

	for (i = 0; i < VARS_MAX; i++)
		if (vars[i] != NULL && strncmp(vars[i], name, len) == 0 &&
		    vars[i][len] == '=')
			return (&vars[i]);
	return (NULL);
}

/* The value of name[0..len): a shell variable's, else the environment's. */
const char *
var_get(const char *name, size_t len)
{
	char buf[NAME_MAX_SH];
	char **slot;

	if ((slot = var_slot(name, len)) != NULL)
		return (*slot + len + 1);
	if (len >= sizeof(buf))
		return (NULL);
	memcpy(buf, name, len);
	buf[len] = '\0';
	return (getenv(buf));
}

/*
 * Set "name=value" (assign points at such a word, already expanded):
 * in the environment if export is set or the name is exported already,
 * else among the shell's variables.  0, or 1 with a message.
 */
int
var_set(const char *assign, int export)
{
	size_t len = namelen(assign);
	char name[NAME_MAX_SH];
	char **slot, *copy;
	int i;

	if (len == 0 || len >= sizeof(name) || assign[len] != '=') {
		fprintf(stderr, "sh: bad variable name in %s\n", assign);
		return (1);
	}
	memcpy(name, assign, len);
	name[len] = '\0';
	slot = var_slot(name, len);
	if (export || getenv(name) != NULL) {
		if (slot != NULL) {
			free(*slot);
			*slot = NULL;
		}
		if (setenv(name, assign + len + 1, 1) != 0) {
			fprintf(stderr, "sh: %s: %s\n", name, strerror(errno));
			return (1);
		}
		return (0);
	}
	if ((copy = strdup(assign)) == NULL) {
		fprintf(stderr, "sh: %s: out of memory\n", name);
		return (1);
	}
	for (i = 0; i < VARS_MAX && slot == NULL; i++)
		if (vars[i] == NULL)
			slot = &vars[i];
	if (slot == NULL) {
		free(copy);
		fprintf(stderr, "sh: %s: too many variables\n", name);
		return (1);
	}
	free(*slot);
	*slot = copy;
	return (0);
}

/* Remove name from the shell's variables and the environment. */
void
var_unset(const char *name)
{
	char **slot;

	if ((slot = var_slot(name, strlen(name))) != NULL) {
		free(*slot);
		*slot = NULL;
	}
	unsetenv(name);
}

/* Export the variable name (a shell variable or an unset one: nothing
 * to do for those until it is set); 0, or 1 with a message. */
int
var_export(const char *name)
{
	char **slot, *copy;
	int ret;

	if ((slot = var_slot(name, strlen(name))) == NULL)
		return (0);
	if ((copy = strdup(*slot)) == NULL) {
		fprintf(stderr, "sh: %s: out of memory\n", name);
		return (1);
	}
	ret = var_set(copy, 1);		/* frees *slot */
	free(copy);
	return (ret);
}
