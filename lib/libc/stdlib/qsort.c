/*
 * qsort - heapsort: O(n log n) in every case, no recursion, no memory.
 */
#include <sys/types.h>
#include <stdlib.h>

typedef int (*cmp_fn)(const void *, const void *);

static void
swap_bytes(char *a, char *b, size_t size)
{
	while (size-- != 0) {
		char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

/* Move element i down the heap of n elements until both children are smaller. */
static void
sift_down(char *base, size_t i, size_t n, size_t size, cmp_fn cmp)
{
	for (;;) {
		size_t big = i, l = 2 * i + 1, r = l + 1;

		if (l < n && cmp(base + l * size, base + big * size) > 0)
			big = l;
		if (r < n && cmp(base + r * size, base + big * size) > 0)
			big = r;
		if (big == i)
			return;
		swap_bytes(base + i * size, base + big * size, size);
		i = big;
	}
}

void
qsort(void *base, size_t nmemb, size_t size, cmp_fn cmp)
{
	char *b = base;
	size_t i;

	if (nmemb < 2 || size == 0)
		return;
	for (i = nmemb / 2; i-- != 0;)
		sift_down(b, i, nmemb, size, cmp);
	for (i = nmemb - 1; i > 0; i--) {
		swap_bytes(b, b + i * size, size);
		sift_down(b, 0, i, size, cmp);
	}
}
