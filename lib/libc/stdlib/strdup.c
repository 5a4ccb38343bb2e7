/*
 * strdup and strndup.  They are here rather than in lib/libc/string
 * because they need malloc, and the kernel compiles lib/libc/string.
 */
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>

char *
strndup(const char *s, size_t max)
{
	size_t len = strnlen(s, max);
	char *p = malloc(len + 1);

	if (p == NULL)
		return (NULL);
	memcpy(p, s, len);
	p[len] = '\0';
	return (p);
}

char *
strdup(const char *s)
{
	return (strndup(s, (size_t)-1));
}
