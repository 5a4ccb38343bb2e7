/*
 * local.h - private to stdio: the output sink the formatter writes to,
 * and the function that puts bytes into a FILE.
 */
#ifndef _LIBC_STDIO_LOCAL_H_
#define _LIBC_STDIO_LOCAL_H_

#include <sys/types.h>
#include <sys/stdarg.h>
#include <stdio.h>

/*
 * Formatted output goes into buf.  For a string, cap is what buf can hold
 * and the rest is only counted; for a FILE (fp not NULL) a full buf is
 * drained into the FILE.
 */
struct sink {
	char	*buf;
	size_t	cap;
	size_t	len;		/* bytes in buf */
	size_t	total;		/* bytes produced so far */
	FILE	*fp;
};

int	__stdio_put(FILE *fp, const char *s, size_t n);
int	__format(struct sink *sk, const char *fmt, va_list ap);

#endif
