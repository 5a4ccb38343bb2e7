/*
 * dd - copy blocks from one file to another.
 *
 *	dd [if=FILE] [of=FILE] [bs=N] [count=N] [skip=N] [seek=N]
 *
 * Reads blocks of bs bytes (default 512) from if (default standard
 * input) and writes each block read to of (default standard output),
 * count blocks (default: until the end of the input).  skip blocks of
 * the input are passed over first (with lseek, or read and thrown away
 * where the input cannot seek: a pipe), and the output starts seek
 * blocks in.  Numbers take a suffix: k (1024), m (1024 * 1024), b (512).
 * An output file is created if needed and, being a regular file, cut at
 * the point the copy starts (as dd without conv=notrunc).
 *
 * A disk (/dev/md0, /dev/ada0, a partition) must be read and written in
 * whole sectors at sector offsets: bs a multiple of 512.  A read that
 * returns fewer than bs bytes (a pipe, the end of a disk) is a partial
 * record and is written as it is.  At the end, on standard error, as
 * BSD dd prints them:
 *
 *	F+P records in
 *	F+P records out
 *	N bytes transferred
 *
 * (F full blocks, P partial ones).  Exit status 0, or 1 after an error
 * (the counts are still printed).
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

#define BS_MAX	(16 * 1024 * 1024)	/* the largest block */

static unsigned long long in_full, in_part, out_full, out_part, bytes;

static void
usage(void)
{
	fprintf(stderr, "usage: dd [if=file] [of=file] [bs=n] [count=n] "
	    "[skip=n] [seek=n]\n");
	exit(1);
}

/* A number with an optional suffix k, m or b; exits on a bad one. */
static unsigned long long
number(const char *op, const char *s)
{
	unsigned long long n, mul = 1;
	char *end;

	if (*s < '0' || *s > '9')
		goto bad;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno != 0)
		goto bad;
	switch (*end) {
	case 'k':
	case 'K':
		mul = 1024;
		end++;
		break;
	case 'm':
	case 'M':
		mul = 1024 * 1024;
		end++;
		break;
	case 'b':
		mul = 512;
		end++;
		break;
	}
	if (*end != '\0' || (n != 0 && mul > ~0ULL / n))
		goto bad;
	return (n * mul);
bad:
	fprintf(stderr, "dd: %s: bad number '%s'\n", op, s);
	exit(1);
}

static void
summary(void)
{
	fprintf(stderr, "%llu+%llu records in\n%llu+%llu records out\n"
	    "%llu bytes transferred\n", in_full, in_part, out_full, out_part,
	    bytes);
}

/* Write all n bytes of p to fd; 0, or -1 with errno. */
static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		if (w == 0) {
			errno = ENOSPC;
			return (-1);
		}
		p += w;
		n -= (size_t)w;
		bytes += (unsigned long long)w;
	}
	return (0);
}

/* Read up to n bytes into p (one read, retried on EINTR). */
static ssize_t
read_once(int fd, char *p, size_t n)
{
	ssize_t r;

	do {
		r = read(fd, p, n);
	} while (r < 0 && errno == EINTR);
	return (r);
}

int
main(int argc, char **argv)
{
	const char *ifile = NULL, *ofile = NULL;
	unsigned long long bs = 512, count = 0, skip = 0, seek = 0;
	int have_count = 0, ifd = 0, ofd = 1, i, status = 0;
	char *buf;
	ssize_t r;
	struct stat st;

	for (i = 1; i < argc; i++) {
		char *a = argv[i], *eq = strchr(a, '=');

		if (eq == NULL)
			usage();
		*eq++ = '\0';
		if (strcmp(a, "if") == 0)
			ifile = eq;
		else if (strcmp(a, "of") == 0)
			ofile = eq;
		else if (strcmp(a, "bs") == 0)
			bs = number(a, eq);
		else if (strcmp(a, "count") == 0) {
			count = number(a, eq);
			have_count = 1;
		} else if (strcmp(a, "skip") == 0)
			skip = number(a, eq);
		else if (strcmp(a, "seek") == 0)
			seek = number(a, eq);
		else {
			fprintf(stderr, "dd: unknown operand %s\n", a);
			usage();
		}
	}
	if (bs == 0 || bs > BS_MAX) {
		fprintf(stderr, "dd: bs: must be 1 to %d\n", BS_MAX);
		return (1);
	}
	if ((skip != 0 && skip > (unsigned long long)0x7fffffffffffffffLL / bs) ||
	    (seek != 0 && seek > (unsigned long long)0x7fffffffffffffffLL / bs)) {
		fprintf(stderr, "dd: skip or seek too large\n");
		return (1);
	}
	if ((buf = malloc((size_t)bs)) == NULL) {
		fprintf(stderr, "dd: no memory for bs=%llu\n", bs);
		return (1);
	}
	if (ifile != NULL && (ifd = open(ifile, O_RDONLY)) < 0) {
		fprintf(stderr, "dd: %s: %s\n", ifile, strerror(errno));
		return (1);
	}
	if (ofile != NULL) {
		ofd = open(ofile, O_WRONLY | O_CREAT | (seek == 0 ? O_TRUNC : 0),
		    0644);
		if (ofd < 0) {
			fprintf(stderr, "dd: %s: %s\n", ofile, strerror(errno));
			return (1);
		}
		if (seek != 0 && fstat(ofd, &st) == 0 && S_ISREG(st.st_mode) &&
		    ftruncate(ofd, (off_t)(seek * bs)) != 0) {
			fprintf(stderr, "dd: %s: %s\n", ofile, strerror(errno));
			return (1);
		}
	}

	/* Skip: seek the input, or read and drop where it cannot seek. */
	if (skip != 0 && lseek(ifd, (off_t)(skip * bs), SEEK_CUR) < 0) {
		if (errno != ESPIPE) {
			fprintf(stderr, "dd: %s: %s\n", ifile ? ifile : "stdin",
			    strerror(errno));
			return (1);
		}
		while (skip > 0 && (r = read_once(ifd, buf, (size_t)bs)) > 0)
			skip--;
	}
	if (seek != 0 && lseek(ofd, (off_t)(seek * bs), SEEK_CUR) < 0) {
		fprintf(stderr, "dd: %s: %s\n", ofile ? ofile : "stdout",
		    strerror(errno));
		return (1);
	}

	while (!have_count || in_full + in_part < count) {
		r = read_once(ifd, buf, (size_t)bs);
		if (r < 0) {
			fprintf(stderr, "dd: %s: %s\n", ifile ? ifile : "stdin",
			    strerror(errno));
			status = 1;
			break;
		}
		if (r == 0)
			break;
		if ((unsigned long long)r == bs)
			in_full++;
		else
			in_part++;
		if (write_all(ofd, buf, (size_t)r) != 0) {
			fprintf(stderr, "dd: %s: %s\n", ofile ? ofile : "stdout",
			    strerror(errno));
			status = 1;
			break;
		}
		if ((unsigned long long)r == bs)
			out_full++;
		else
			out_part++;
	}
	summary();
	if (ofile != NULL && close(ofd) != 0) {
		fprintf(stderr, "dd: %s: %s\n", ofile, strerror(errno));
		status = 1;
	}
	free(buf);
	return (status);
}
