/*
 * ls - list directory contents.
 *
 *	ls [-al] [path ...]
 *
 * For each path that is a directory, print its entries sorted by name,
 * one per line; for any other path, print the path itself.  With no
 * path, list ".".  Names starting with '.' are skipped unless -a.  With
 * -l each line is "mode nlink size name", the mode being the type letter
 * (d directory, - file, l symlink, c device, p fifo) and the rwx bits,
 * and a symlink's line ends with "-> target".  A symlink named on the
 * command line is followed when it leads to a directory, unless -l.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

#define PATHLEN		1024

static int	aflag;		/* show names starting with '.' */
static int	lflag;		/* long format */
static int	errors;
static int	nlisted;	/* directories listed with a header */

static void
warn(const char *path)
{
	fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
	errors = 1;
}

static char
typechar(unsigned int mode)
{
	if (S_ISDIR(mode))
		return ('d');
	if (S_ISLNK(mode))
		return ('l');
	if (S_ISCHR(mode))
		return ('c');
	if (S_ISFIFO(mode))
		return ('p');
	if (S_ISREG(mode))
		return ('-');
	return ('?');
}

/* Print one entry; path is where to find it, name what to call it. */
static void
print_entry(const char *path, const char *name)
{
	static const char rwx[] = "rwxrwxrwx";
	char mode[11], target[PATHLEN];
	struct stat sb;
	ssize_t n;
	int i;

	if (!lflag) {
		printf("%s\n", name);
		return;
	}
	if (lstat(path, &sb) != 0) {
		warn(path);
		return;
	}
	mode[0] = typechar(sb.st_mode);
	for (i = 0; i < 9; i++)
		mode[i + 1] = (sb.st_mode & (0400 >> i)) ? rwx[i] : '-';
	mode[10] = '\0';
	printf("%s %3u %8lld %s", mode, (unsigned)sb.st_nlink,
	    (long long)sb.st_size, name);
	if (S_ISLNK(sb.st_mode)) {
		if ((n = readlink(path, target, sizeof(target) - 1)) < 0) {
			printf("\n");
			warn(path);
			return;
		}
		target[n] = '\0';
		printf(" -> %s", target);
	}
	printf("\n");
}

static int
namecmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/*
 * Read the names in directory path into *namesp, sorted (NULL if there
 * are none), and their number into *countp.  False on error.
 */
static int
read_names(const char *path, char ***namesp, int *countp)
{
	struct dirent *de;
	char **names = NULL, **nn;
	int n = 0, max = 0;
	DIR *d;

	if ((d = opendir(path)) == NULL)
		return (0);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' && !aflag)
			continue;
		if (n == max) {
			max = max ? max * 2 : 32;
			if ((nn = realloc(names, max * sizeof(*nn))) == NULL)
				goto nomem;
			names = nn;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			goto nomem;
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), namecmp);
	*namesp = names;
	*countp = n;
	return (1);
nomem:
	while (n > 0)
		free(names[--n]);
	free(names);
	closedir(d);
	errno = ENOMEM;
	return (0);
}

static void
list_dir(const char *path)
{
	char full[PATHLEN];
	char **names;
	int i, n;

	if (!read_names(path, &names, &n)) {
		warn(path);
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(full, sizeof(full), "%s%s%s", path,
		    path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
		print_entry(full, names[i]);
		free(names[i]);
	}
	free(names);
}

static void
list(const char *path, int header)
{
	struct stat sb;

	if (lstat(path, &sb) != 0) {
		warn(path);
		return;
	}
	if (S_ISLNK(sb.st_mode) && !lflag && stat(path, &sb) != 0)
		sb.st_mode = S_IFLNK;	/* dangling: list the link itself */
	if (!S_ISDIR(sb.st_mode)) {
		print_entry(path, path);
		return;
	}
	if (header)
		printf("%s%s:\n", nlisted++ > 0 ? "\n" : "", path);
	list_dir(path);
}

int
main(int argc, char **argv)
{
	const char *p;
	int i, first;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		for (p = argv[i] + 1; *p != '\0'; p++) {
			if (*p == 'a') {
				aflag = 1;
			} else if (*p == 'l') {
				lflag = 1;
			} else {
				fprintf(stderr, "usage: ls [-al] [path ...]\n");
				return (2);
			}
		}
	}
	if (i == argc)
		list(".", 0);
	for (first = i; i < argc; i++)
		list(argv[i], argc - first > 1);
	return (errors);
}
