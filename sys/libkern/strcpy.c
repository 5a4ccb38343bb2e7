/*
 * Copying and appending strings: strcpy, strncpy, strcat, strncat.
 * Shared by libc and the kernel.
 */
#include <sys/types.h>
#include <string.h>

char *
strcpy(char *dst, const char *src)
{
	char *d = dst;

	while ((*d++ = *src++) != '\0')
		;
	return (dst);
}

/* Copy at most n bytes, padding with NULs; no NUL if src is n or longer. */
char *
strncpy(char *dst, const char *src, size_t n)
{
	size_t len = strnlen(src, n);

	memcpy(dst, src, len);
	memset(dst + len, 0, n - len);
	return (dst);
}

char *
strcat(char *dst, const char *src)
{
	strcpy(dst + strlen(dst), src);
	return (dst);
}

/* Append at most n bytes of src, always adding a NUL. */
char *
strncat(char *dst, const char *src, size_t n)
{
	char *d = dst + strlen(dst);
	size_t len = strnlen(src, n);

	memcpy(d, src, len);
	d[len] = '\0';
	return (dst);
}
