/*
 * ln - make links.
 *
 *	ln [-s] target name
 *
 * Makes name a hard link to target (link()), or with -s a symbolic link
 * holding the text target (symlink()).  When name is an existing
 * directory, the link is made inside it under target's last component.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

#define PATHLEN		1024

int
main(int argc, char **argv)
{
	char path[PATHLEN];
	const char *target, *name, *base;
	struct stat sb;
	int sflag = 0, r;

	if (argc > 1 && strcmp(argv[1], "-s") == 0) {
		sflag = 1;
		argc--;
		argv++;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: ln [-s] target name\n");
		return (2);
	}
	target = argv[1];
	name = argv[2];
	if (stat(name, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		base = strrchr(target, '/');
		base = base != NULL ? base + 1 : target;
		snprintf(path, sizeof(path), "%s/%s", name, base);
		name = path;
	}
	r = sflag ? symlink(target, name) : link(target, name);
	if (r != 0) {
		/* A hard link's ENOENT is most likely about the target. */
		fprintf(stderr, "ln: %s: %s\n",
		    !sflag && errno == ENOENT ? target : name, strerror(errno));
		return (1);
	}
	return (0);
}
