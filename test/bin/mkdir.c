/*
 * mkdir - make directories.
 *
 *	mkdir [-p] dir ...
 *
 * Each directory is made with mode 0755.  With -p the missing parents
 * are made first, and a directory that already exists is not an error.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

#define PATHLEN		1024

/* mkdir, where an existing directory counts as success. */
static int
mkdir_exists_ok(const char *path)
{
	struct stat sb;
	int error;

	if (mkdir(path, 0755) == 0)
		return (0);
	error = errno;
	if (error == EEXIST && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return (0);
	errno = error;
	return (-1);
}

/* Make path and every missing parent; the failing prefix in buf. */
static int
mkdir_parents(const char *path, char *buf, size_t size)
{
	char *p;

	if (strlcpy(buf, path, size) >= size) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	for (p = buf + 1; *p != '\0'; p++) {
		if (*p != '/' || p[-1] == '/')
			continue;
		*p = '\0';
		if (mkdir_exists_ok(buf) != 0)
			return (-1);
		*p = '/';
	}
	return (mkdir_exists_ok(buf));
}

int
main(int argc, char **argv)
{
	char buf[PATHLEN];
	int i = 1, pflag = 0, ret = 0;

	if (argc > 1 && strcmp(argv[1], "-p") == 0) {
		pflag = 1;
		i++;
	}
	if (i == argc) {
		fprintf(stderr, "usage: mkdir [-p] dir ...\n");
		return (2);
	}
	for (; i < argc; i++) {
		if (pflag && mkdir_parents(argv[i], buf, sizeof(buf)) != 0) {
			fprintf(stderr, "mkdir: %s: %s\n", buf,
			    strerror(errno));
			ret = 1;
		} else if (!pflag && mkdir(argv[i], 0755) != 0) {
			fprintf(stderr, "mkdir: %s: %s\n", argv[i],
			    strerror(errno));
			ret = 1;
		}
	}
	return (ret);
}
