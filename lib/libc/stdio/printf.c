/*
 * The printf family: each sets up a sink (local.h) and calls __format.
 */
#include <sys/types.h>
#include <stdio.h>
#include <limits.h>
#include "local.h"

int
vfprintf(FILE *fp, const char *fmt, va_list ap)
{
	char buf[128];
	struct sink sk = { .buf = buf, .cap = sizeof(buf), .fp = fp };
	int n = __format(&sk, fmt, ap);

	return (ferror(fp) ? -1 : n);
}

int
vprintf(const char *fmt, va_list ap)
{
	return (vfprintf(stdout, fmt, ap));
}

/* Write at most size - 1 bytes and a NUL; return the untruncated length. */
int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink sk = { .buf = buf, .cap = size != 0 ? size - 1 : 0 };
	int n = __format(&sk, fmt, ap);

	if (size != 0)
		buf[sk.len] = '\0';
	return (n);
}

int
vsprintf(char *buf, const char *fmt, va_list ap)
{
	return (vsnprintf(buf, (size_t)INT_MAX + 1, fmt, ap));
}

int
printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return (n);
}

int
fprintf(FILE *fp, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(fp, fmt, ap);
	va_end(ap);
	return (n);
}

int
sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsprintf(buf, fmt, ap);
	va_end(ap);
	return (n);
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return (n);
}
