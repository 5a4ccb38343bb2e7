/*
 * env - print the environment, or run a program in a changed one.
 *
 *	env [-i] [NAME=value ...] [program [arg ...]]
 *
 * -i starts from an empty environment instead of this one; each
 * NAME=value then sets (or replaces) a variable.  With no program the
 * result is printed, one NAME=value a line, in its order; otherwise the
 * program is run in it (found through PATH as the shell does, the
 * changed PATH included).  Status: the program's own, 127 if it was
 * not found, 126 if it could not be run; 2 for a usage error.
 */
#include <sys/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

extern char **environ;

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
	execvp(argv[i], argv + i);
	fprintf(stderr, "env: %s: %s\n", argv[i],
	    errno == ENOENT ? "not found" : strerror(errno));
	return (errno == ENOENT ? 127 : 126);
}
