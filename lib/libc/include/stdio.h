/*
 * stdio.h - buffered standard I/O over the descriptors 0, 1 and 2.
 *
 * stdout is line-buffered (flushed at '\n', when full, before reading
 * stdin, and at exit), stderr is unbuffered, stdin reads through a buffer.
 */
#ifndef _STDIO_H_
#define _STDIO_H_

#include <sys/types.h>
#include <sys/stdarg.h>

#define EOF	(-1)
#define BUFSIZ	1024

typedef struct __FILE {
	int		fd;
	int		flags;		/* __S* below */
	unsigned char	*buf;
	size_t		bufsize;	/* 0: unbuffered */
	size_t		wlen;		/* bytes waiting to be written */
	size_t		rpos, rlen;	/* read buffer: next byte, bytes held */
} FILE;

#define __SRD		0x01	/* readable */
#define __SWR		0x02	/* writable */
#define __SLBF		0x04	/* line-buffered */
#define __SEOF		0x10	/* end of file seen */
#define __SERR		0x20	/* error seen */

extern FILE __stdin, __stdout, __stderr;
#define stdin	(&__stdin)
#define stdout	(&__stdout)
#define stderr	(&__stderr)

int	rename(const char *from, const char *to);
int	printf(const char *fmt, ...) __printflike(1, 2);
int	fprintf(FILE *fp, const char *fmt, ...) __printflike(2, 3);
int	sprintf(char *buf, const char *fmt, ...) __printflike(2, 3);
int	snprintf(char *buf, size_t size, const char *fmt, ...)
	    __printflike(3, 4);
int	vprintf(const char *fmt, va_list ap) __printflike(1, 0);
int	vfprintf(FILE *fp, const char *fmt, va_list ap) __printflike(2, 0);
int	vsprintf(char *buf, const char *fmt, va_list ap) __printflike(2, 0);
int	vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	    __printflike(3, 0);

int	fputc(int c, FILE *fp);
int	putc(int c, FILE *fp);
int	putchar(int c);
int	fputs(const char *s, FILE *fp);
int	puts(const char *s);
size_t	fwrite(const void *p, size_t size, size_t nmemb, FILE *fp);
int	fflush(FILE *fp);

int	fgetc(FILE *fp);
int	getc(FILE *fp);
int	getchar(void);
char	*fgets(char *buf, int size, FILE *fp);

int	feof(FILE *fp);
int	ferror(FILE *fp);
void	clearerr(FILE *fp);

#endif
