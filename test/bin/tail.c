/*
 * tail - the last lines or bytes of files.
 *
 *	tail [-n N | -c N] [file ...]
 *
 * Copies the last N lines (-n, default 10) or N bytes (-c) of each file
 * ("-" or none: standard input) to standard output.  The input is read
 * to its end whatever it is (a pipe, a terminal, a device), so tail
 * never seeks; what it keeps is bounded by what it prints: whenever the
 * buffer holds more than twice that (and at least 64 KiB), the part
 * before the last N lines or bytes is dropped.  A last line without a
 * newline counts as a line.  With several files each is preceded by
 * "==> file <==" and separated from the one before by an empty line.
 * A file that cannot be read is reported and the status is then 1; a
 * usage error or memory running out: a message and status 2.
 */
#include <sys/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

#define TAIL_SLACK	65536	/* kept beyond the tail before trimming */

static char	*buf;		/* what is kept of the input */
static size_t	buflen;		/* bytes in buf */
static size_t	bufsize;	/* buf's size */

static int
usage(void)
{
	fprintf(stderr, "usage: tail [-n lines | -c bytes] [file ...]\n");
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

/* Where the last n lines (bytes if bytes) of buf start. */
static size_t
tail_start(long n, int bytes)
{
	size_t i;

	if (bytes)
		return (buflen > (size_t)n ? buflen - n : 0);
	if (n == 0)
		return (buflen);
	i = buflen;
	/* A final newline ends the last line; it does not start one. */
	if (i > 0 && buf[i - 1] == '\n')
		i--;
	for (; i > 0; i--) {
		if (buf[i - 1] == '\n' && --n == 0)
			return (i);
	}
	return (0);
}

/* Read fd to its end keeping its tail in buf; 0, or -1 (errno). */
static int
slurp(int fd, long n, int bytes)
{
	size_t start;
	ssize_t r;
	char *nb;

	buflen = 0;
	for (;;) {
		if (bufsize - buflen < 4096) {
			nb = realloc(buf, bufsize * 2 + 8192);
			if (nb == NULL)
				return (-1);
			buf = nb;
			bufsize = bufsize * 2 + 8192;
		}
		r = read(fd, buf + buflen, bufsize - buflen);
		if (r == 0)
			return (0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		buflen += r;
		if (buflen >= TAIL_SLACK) {
			start = tail_start(n, bytes);
			if (start > buflen / 2) {
				memmove(buf, buf + start, buflen - start);
				buflen -= start;
			}
		}
	}
}

int
main(int argc, char **argv)
{
	long n = 10;
	int bytes = 0, fd, i, first, status = 0;
	const char *name;
	size_t start;

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
	first = i;
	do {
		name = i < argc ? argv[i] : "-";
		fd = strcmp(name, "-") == 0 ? 0 : open(name, O_RDONLY);
		if (fd < 0 || slurp(fd, n, bytes) != 0) {
			fprintf(stderr, "tail: %s: %s\n",
			    fd == 0 ? "standard input" : name, strerror(errno));
			status = 1;
		} else {
			if (argc - first > 1)
				printf("%s==> %s <==\n", i > first ? "\n" : "",
				    name);
			start = tail_start(n, bytes);
			fwrite(buf + start, 1, buflen - start, stdout);
		}
		if (fd > 0)
			close(fd);
	} while (++i < argc);
	return (status);
}
