/*
 * Searching: memchr, strrchr, strstr, strspn, strcspn.
 * Shared by libc and the kernel.
 */
#include <sys/types.h>
#include <string.h>

void *
memchr(const void *s, int c, size_t n)
{
	const uint8_t *p = s;

	for (; n != 0; n--, p++) {
		if (*p == (uint8_t)c)
			return ((void *)p);
	}
	return (NULL);
}

char *
strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return ((char *)last);
	}
}

char *
strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack != '\0' || n == 0; haystack++) {
		if (strncmp(haystack, needle, n) == 0)
			return ((char *)haystack);
	}
	return (NULL);
}

/* Length of the prefix of s made only of bytes in accept. */
size_t
strspn(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] != '\0' && strchr(accept, s[n]) != NULL)
		n++;
	return (n);
}

/* Length of the prefix of s made only of bytes not in reject. */
size_t
strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] != '\0' && strchr(reject, s[n]) == NULL)
		n++;
	return (n);
}
