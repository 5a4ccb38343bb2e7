/*
 * rm - remove files and directories.
 *
 *	rm [-rf] path ...
 *
 * A file or symbolic link is unlinked.  A directory is refused unless
 * -r, which removes its entries first, recursively, and then the
 * directory itself with rmdir().  A directory's names are all read
 * before any is removed, since removing entries while reading would
 * shift the positions readdir() goes by.  -f keeps quiet about paths
 * that do not exist.  A path whose last component is "." or ".." is
 * refused.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

static int	rflag;		/* remove directories and their contents */
static int	fflag;		/* ignore paths that do not exist */

static int	rm_path(const char *path);

static int
fail(const char *path, int error)
{
	if (fflag && error == ENOENT)
		return (0);
	fprintf(stderr, "rm: %s: %s\n", path, strerror(error));
	return (-1);
}

/* Free the first n names of names and names itself. */
static void
free_names(char **names, int n)
{
	while (n > 0)
		free(names[--n]);
	free(names);
}

/*
 * Read the names in directory path, except "." and "..", into *namesp
 * (NULL if there are none) and their number into *countp.  Returns 0 or
 * an errno.
 */
static int
read_names(const char *path, char ***namesp, int *countp)
{
	struct dirent *de;
	char **names = NULL, **nn;
	int n = 0, max = 0;
	DIR *d;

	if ((d = opendir(path)) == NULL)
		return (errno);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (n == max) {
			max = max ? max * 2 : 16;
			if ((nn = realloc(names, max * sizeof(*nn))) == NULL)
				goto nomem;
			names = nn;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			goto nomem;
		n++;
	}
	closedir(d);
	*namesp = names;
	*countp = n;
	return (0);
nomem:
	free_names(names, n);
	closedir(d);
	return (ENOMEM);
}

/* Remove directory path and everything under it. */
static int
rm_tree(const char *path)
{
	char **names = NULL, *child;
	size_t len;
	int error, i, n = 0, ret = 0;

	if ((error = read_names(path, &names, &n)) != 0)
		return (fail(path, error));
	for (i = 0; i < n; i++) {
		len = strlen(path) + strlen(names[i]) + 2;
		if ((child = malloc(len)) == NULL) {
			ret = fail(path, ENOMEM);
			break;
		}
		snprintf(child, len, "%s/%s", path, names[i]);
		if (rm_path(child) != 0)
			ret = -1;
		free(child);
	}
	free_names(names, n);
	if (ret != 0)
		return (ret);
	if (rmdir(path) != 0)
		return (fail(path, errno));
	return (0);
}

static int
rm_path(const char *path)
{
	struct stat sb;

	if (lstat(path, &sb) != 0)
		return (fail(path, errno));
	if (S_ISDIR(sb.st_mode)) {
		if (!rflag)
			return (fail(path, EISDIR));
		return (rm_tree(path));
	}
	if (unlink(path) != 0)
		return (fail(path, errno));
	return (0);
}

/* True if path's last component is "." or "..". */
static int
is_dot(const char *path)
{
	size_t len = strlen(path);
	const char *p;

	while (len > 1 && path[len - 1] == '/')
		len--;
	for (p = path + len; p > path && p[-1] != '/'; p--)
		continue;
	len -= p - path;
	return ((len == 1 && p[0] == '.') ||
	    (len == 2 && p[0] == '.' && p[1] == '.'));
}

int
main(int argc, char **argv)
{
	const char *p;
	int i, ret = 0;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		for (p = argv[i] + 1; *p != '\0'; p++) {
			if (*p == 'r' || *p == 'R') {
				rflag = 1;
			} else if (*p == 'f') {
				fflag = 1;
			} else {
				fprintf(stderr, "usage: rm [-rf] path ...\n");
				return (2);
			}
		}
	}
	if (i == argc && !fflag) {
		fprintf(stderr, "usage: rm [-rf] path ...\n");
		return (2);
	}
	for (; i < argc; i++) {
		if (is_dot(argv[i])) {
			fprintf(stderr, "rm: %s: \".\" and \"..\" may not be "
			    "removed\n", argv[i]);
			ret = 1;
		} else if (rm_path(argv[i]) != 0) {
			ret = 1;
		}
	}
	return (ret);
}
