/*
 * memmove and memcmp.  memcpy and memset are in memcpy.S.
 *
 * Shared by libc and the kernel (the kernel build compiles this file).
 */
#include <sys/types.h>
#include <string.h>

void *
memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (d == s || n == 0)
		return (dst);
	if (d < s || d >= s + n)
		return (memcpy(dst, src, n));
	/* Overlapping with dst above src: copy backwards. */
	d += n;
	s += n;
	while (n-- != 0)
		*--d = *--s;
	return (dst);
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *p = a, *q = b;

	for (; n != 0; n--, p++, q++) {
		if (*p != *q)
			return (*p < *q ? -1 : 1);
	}
	return (0);
}
