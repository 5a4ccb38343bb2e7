/*
 * mv - rename files.
 *
 *	mv from to
 *	mv from ... dir
 *
 * Each source is renamed with rename(); when the last argument is an
 * existing directory, a source keeps its last name component inside
 * it.  Moving between file systems (EXDEV) is not done by copying: it
 * is reported like any other error.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

#define PATHLEN		1024

/* The last component of path, ignoring trailing slashes, into buf. */
static const char *
base_name(const char *path, char *buf, size_t size)
{
	size_t len = strlen(path);
	const char *p;

	while (len > 1 && path[len - 1] == '/')
		len--;
	for (p = path + len; p > path && p[-1] != '/'; p--)
		continue;
	len -= p - path;
	if (len >= size)
		len = size - 1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return (buf);
}

int
main(int argc, char **argv)
{
	char to[PATHLEN], name[PATHLEN];
	const char *dir = argv[argc - 1];
	struct stat sb;
	int i, isdir, ret = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: mv from to | mv from ... dir\n");
		return (2);
	}
	isdir = stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode);
	if (argc > 3 && !isdir) {
		fprintf(stderr, "mv: %s: %s\n", dir, strerror(ENOTDIR));
		return (1);
	}
	for (i = 1; i < argc - 1; i++) {
		if (isdir)
			snprintf(to, sizeof(to), "%s/%s", dir,
			    base_name(argv[i], name, sizeof(name)));
		else
			strlcpy(to, dir, sizeof(to));
		if (rename(argv[i], to) != 0) {
			fprintf(stderr, "mv: %s: %s\n", argv[i],
			    strerror(errno));
			ret = 1;
		}
	}
	return (ret);
}
