/*
 * cat - copy files to standard output.
 *
 *	cat [file ...]
 *
 * Each file is copied in turn; "-" or no file at all means standard
 * input.  A file that cannot be read is reported and the others are
 * still copied; the exit status is then 1.
 */
#include <sys/types.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

static char	buf[4096];

/* Write all n bytes of p to standard output; false on error. */
static int
write_all(const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(1, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return (0);
		}
		p += w;
		n -= w;
	}
	return (1);
}

/* Copy descriptor fd (named name) to standard output; false on error. */
static int
copy(int fd, const char *name)
{
	ssize_t n;

	for (;;) {
		if ((n = read(fd, buf, sizeof(buf))) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
			return (0);
		}
		if (n == 0)
			return (1);
		if (!write_all(buf, n)) {
			fprintf(stderr, "cat: stdout: %s\n", strerror(errno));
			return (0);
		}
	}
}

int
main(int argc, char **argv)
{
	int i, fd, ok = 1;

	if (argc < 2)
		return (copy(0, "stdin") ? 0 : 1);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			ok &= copy(0, "stdin");
			continue;
		}
		if ((fd = open(argv[i], O_RDONLY, 0)) < 0) {
			fprintf(stderr, "cat: %s: %s\n", argv[i],
			    strerror(errno));
			ok = 0;
			continue;
		}
		ok &= copy(fd, argv[i]);
		close(fd);
	}
	return (ok ? 0 : 1);
}
