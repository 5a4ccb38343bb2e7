/*
 * String functions shared by libc and the kernel.
 */
#include <sys/types.h>
#include <string.h>

size_t
strlen(const char *s)
{
	const char *p = s;

	while (*p != '\0')
		p++;
	return ((size_t)(p - s));
}

size_t
strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return (n);
}

int
strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return ((int)(uint8_t)*a - (int)(uint8_t)*b);
}

int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n != 0; n--, a++, b++) {
		if (*a != *b)
			return ((int)(uint8_t)*a - (int)(uint8_t)*b);
		if (*a == '\0')
			break;
	}
	return (0);
}

char *
strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return ((char *)s);
		if (*s == '\0')
			return (NULL);
	}
}

/*
 * Copy src into dst of the given size, always NUL-terminating when size is
 * not zero.  Returns strlen(src): truncation happened if that is >= size.
 */
size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size != 0) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return (len);
}
