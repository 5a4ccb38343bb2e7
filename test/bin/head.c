/*
 * head - the first lines or bytes of files.
 *
 *	head [-n N | -c N] [file ...]
 *
 * Copies the first N lines (-n, default 10) or N bytes (-c) of each file
 * ("-" or none: standard input) to standard output, and stops reading
 * there.  With several files each is preceded by "==> file <==" and
 * separated from the one before by an empty line.  A file that cannot
 * be read is reported and the status is then 1; a usage error: a
 * message and status 2.
 */
#include <sys/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

static char	buf[4096];

static int
usage(void)
{
	fprintf(stderr, "usage: head [-n lines | -c bytes] [file ...]\n");
	return (2);
}

/* Parse a count (a non-negative decimal); -1 if s is not one. */
static long
count(const char *s)
{
	char *end;
	long n;

	n = strtol(s, &end, 10);
	return (*s >= '0' && *s <= '9' && *end == '\0' && n >= 0 ? n : -1);
}

/* Copy the first n lines (bytes if bytes) of fd to stdout; 0, -1 on error. */
static int
head(int fd, long n, int bytes)
{
	ssize_t r, i, take;

	while (n > 0 && (r = read(fd, buf, sizeof(buf))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		if (bytes) {
			take = r < n ? r : n;
			n -= take;
		} else {
			for (i = 0; i < r && n > 0; i++) {
				if (buf[i] == '\n')
					n--;
			}
			take = i;
		}
		fwrite(buf, 1, take, stdout);
	}
	return (0);
}

int
main(int argc, char **argv)
{
	long n = 10;
	int bytes = 0, fd, i, first, status = 0;
	const char *name;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if ((strcmp(argv[i], "-n") != 0 && strcmp(argv[i], "-c") != 0)
		    || i + 1 >= argc || (n = count(argv[i + 1])) < 0)
			return (usage());
		bytes = argv[i][1] == 'c';
		i++;
	}
	if (i == argc) {
		if (head(0, n, bytes) == 0)
			return (0);
		perror("head");
		return (1);
	}
	for (first = i; i < argc; i++) {
		name = argv[i];
		fd = strcmp(name, "-") == 0 ? 0 : open(name, O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "head: %s: %s\n", name,
			    strerror(errno));
			status = 1;
			continue;
		}
		if (argc - first > 1)
			printf("%s==> %s <==\n", i > first ? "\n" : "", name);
		fflush(stdout);
		if (head(fd, n, bytes) != 0) {
			fprintf(stderr, "head: %s: %s\n", name,
			    strerror(errno));
			status = 1;
		}
		if (fd != 0)
			close(fd);
	}
	return (status);
}
