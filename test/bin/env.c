/*
 * env - print the environment, or run a program in a changed one.
 *
 *	env [-i] [NAME=value ...] [program [arg ...]]
 *
 * -i starts from an empty environment instead of this one; each
 * NAME=value then sets (or replaces) a variable.  With no program the
 * result is printed, one NAME=value a line, in its order; otherwise the
 * program is run in it: a name with a '/' as it is, any other looked
 * for in each directory of PATH (the changed PATH; /bin if there is
 * none, as init's default environment has it).  Status: the program's own, 127 if it was
 * not found, 126 if it could not be run; 2 for a usage error.
 */
#include <sys/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

extern char **environ;

#define ENV_DEFPATH	"/bin"	/* searched when PATH is not set */

/*
 * Execute name with argv in environ, searching PATH if name has no
 * '/'.  Returns only on failure, with errno: ENOENT if it was found
 * nowhere, else the first other reason a file found could not run.
 */
static void
run(const char *name, char **argv)
{
	char file[1024];
	const char *path, *end;
	size_t dlen;
	int error = ENOENT;

	if (strchr(name, '/') != NULL) {
		execve(name, argv, environ);
		return;
	}
	if ((path = getenv("PATH")) == NULL)
		path = ENV_DEFPATH;
	for (;; path = end + 1) {
		if ((end = strchr(path, ':')) == NULL)
			end = path + strlen(path);
		dlen = end - path;
		if (dlen == 0)		/* an empty entry: the current one */
			snprintf(file, sizeof(file), "%s", name);
		else
			snprintf(file, sizeof(file), "%.*s/%s", (int)dlen,
			    path, name);
		execve(file, argv, environ);
		if (errno != ENOENT && errno != ENOTDIR && error == ENOENT)
			error = errno;
		if (*end == '\0')
			break;
	}
	errno = error;
}

int
main(int argc, char **argv)
{
	char *empty[] = { NULL };
	char *eq, **e;
	int i = 1;

	if (i < argc && strcmp(argv[i], "-i") == 0) {
		environ = empty;
		i++;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
		fprintf(stderr, "env: unknown option %s\n"
		    "usage: env [-i] [NAME=value ...] [program [arg ...]]\n",
		    argv[i]);
		return (2);
	}
	for (; i < argc && (eq = strchr(argv[i], '=')) != NULL; i++) {
		if (eq == argv[i]) {
			fprintf(stderr, "env: no name before '=': %s\n",
			    argv[i]);
			return (2);
		}
		*eq = '\0';
		if (setenv(argv[i], eq + 1, 1) != 0) {
			perror("env");
			return (1);
		}
	}
	if (i == argc) {
		for (e = environ; *e != NULL; e++)
			printf("%s\n", *e);
		return (0);
	}
	run(argv[i], argv + i);
	fprintf(stderr, "env: %s: %s\n", argv[i],
	    errno == ENOENT ? "not found" : strerror(errno));
	return (errno == ENOENT ? 127 : 126);
}
