/*
 * The three standard streams and character, string and block I/O on them.
 */
#include <sys/types.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "local.h"

static unsigned char stdin_buf[BUFSIZ], stdout_buf[BUFSIZ];

FILE __stdin = { .fd = STDIN_FILENO, .flags = __SRD,
    .buf = stdin_buf, .bufsize = sizeof(stdin_buf) };
FILE __stdout = { .fd = STDOUT_FILENO, .flags = __SWR | __SLBF,
    .buf = stdout_buf, .bufsize = sizeof(stdout_buf) };
FILE __stderr = { .fd = STDERR_FILENO, .flags = __SWR };

/* write() all n bytes, retrying short writes; EOF on error. */
static int
write_all(FILE *fp, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t r = write(fp->fd, s, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			fp->flags |= __SERR;
			return (EOF);
		}
		s += r;
		n -= r;
	}
	return (0);
}

/* Write out a stream's buffer; fflush(NULL) flushes every stream. */
int
fflush(FILE *fp)
{
	size_t n;

	if (fp == NULL)
		return (fflush(stdout) | fflush(stderr));
	if ((fp->flags & __SWR) == 0 || fp->wlen == 0)
		return (0);
	n = fp->wlen;
	fp->wlen = 0;
	return (write_all(fp, (char *)fp->buf, n));
}

/* Put n bytes into fp's buffer, flushing as its buffering mode says. */
int
__stdio_put(FILE *fp, const char *s, size_t n)
{
	bool newline;

	if ((fp->flags & __SWR) == 0) {
		fp->flags |= __SERR;
		errno = EBADF;
		return (EOF);
	}
	if (fp->bufsize == 0)
		return (write_all(fp, s, n));
	if (n >= fp->bufsize) {
		if (fflush(fp) == EOF)
			return (EOF);
		return (write_all(fp, s, n));
	}
	newline = (fp->flags & __SLBF) != 0 && memchr(s, '\n', n) != NULL;
	while (n > 0) {
		size_t k = MIN(n, fp->bufsize - fp->wlen);

		memcpy(fp->buf + fp->wlen, s, k);
		fp->wlen += k;
		s += k;
		n -= k;
		if (fp->wlen == fp->bufsize && fflush(fp) == EOF)
			return (EOF);
	}
	return (newline ? fflush(fp) : 0);
}

size_t
fwrite(const void *p, size_t size, size_t nmemb, FILE *fp)
{
	if (size == 0 || nmemb == 0)
		return (0);
	if (nmemb > (size_t)-1 / size) {
		errno = EOVERFLOW;
		return (0);
	}
	if (__stdio_put(fp, p, size * nmemb) == EOF)
		return (0);
	return (nmemb);
}

int
fputc(int c, FILE *fp)
{
	char ch = (char)c;

	if (__stdio_put(fp, &ch, 1) == EOF)
		return (EOF);
	return ((unsigned char)c);
}

int
putc(int c, FILE *fp)
{
	return (fputc(c, fp));
}

int
putchar(int c)
{
	return (fputc(c, stdout));
}

int
fputs(const char *s, FILE *fp)
{
	return (__stdio_put(fp, s, strlen(s)) == EOF ? EOF : 0);
}

/* s and a newline, written as one piece. */
int
puts(const char *s)
{
	if (fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF)
		return (EOF);
	return (0);
}

/* Refill a read buffer; stdout is flushed first so prompts show. */
static int
fill(FILE *fp)
{
	ssize_t r;

	if ((fp->flags & __SRD) == 0) {
		fp->flags |= __SERR;
		errno = EBADF;
		return (EOF);
	}
	if (fp == stdin)
		fflush(stdout);
	do {
		r = read(fp->fd, fp->buf, fp->bufsize);
	} while (r < 0 && errno == EINTR);
	if (r <= 0) {
		fp->flags |= r == 0 ? __SEOF : __SERR;
		return (EOF);
	}
	fp->rpos = 0;
	fp->rlen = r;
	return (0);
}

int
fgetc(FILE *fp)
{
	if (fp->rpos == fp->rlen && fill(fp) == EOF)
		return (EOF);
	return (fp->buf[fp->rpos++]);
}

int
getc(FILE *fp)
{
	return (fgetc(fp));
}

int
getchar(void)
{
	return (fgetc(stdin));
}

/* Read a line (newline kept) of at most size - 1 bytes; NULL if none. */
char *
fgets(char *buf, int size, FILE *fp)
{
	int i = 0, c;

	if (size <= 0)
		return (NULL);
	while (i < size - 1) {
		c = fgetc(fp);
		if (c == EOF)
			break;
		buf[i++] = (char)c;
		if (c == '\n')
			break;
	}
	if (i == 0 && size > 1)
		return (NULL);
	buf[i] = '\0';
	return (buf);
}

int
feof(FILE *fp)
{
	return ((fp->flags & __SEOF) != 0);
}

int
ferror(FILE *fp)
{
	return ((fp->flags & __SERR) != 0);
}

void
clearerr(FILE *fp)
{
	fp->flags &= ~(__SEOF | __SERR);
}
