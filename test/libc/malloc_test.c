/*
 * malloc_test - stress malloc, free, calloc and realloc: thousands of
 * random-sized operations with pattern-filled, verified blocks; calloc
 * zeroing and overflow; realloc keeping data; large blocks; and reuse of
 * freed memory (a second identical round must not grow the break).
 * Returns the failure count.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utest.h"
#include <unistd.h>

#define SLOTS	1000
#define OPS	20000


static uint32_t seed = 12345;

static void
fail(const char *what, long long got, long long expect)
{
	if (++ut_failures <= 20)
		printf("FAIL: %s (%lld vs %lld)\n", what, got, expect);
}

static uint32_t
lcg(void)
{
	seed = seed * 1664525 + 1013904223;
	return (seed >> 8);
}

/* Mostly small sizes, some medium, a few large. */
static size_t
random_size(void)
{
	uint32_t r = lcg() % 100;

	if (r < 70)
		return (lcg() % 64);
	if (r < 95)
		return (lcg() % 4096);
	return (lcg() % (256 * 1024));
}

static unsigned char
pattern(uint32_t tag, size_t i)
{
	return ((unsigned char)(tag * 31 + i * 7 + (i >> 8)));
}

static void
fill(unsigned char *p, size_t n, uint32_t tag)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = pattern(tag, i);
}

/* Check the first n bytes carry tag's pattern. */
static bool
verify(const unsigned char *p, size_t n, uint32_t tag)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] != pattern(tag, i))
			return (false);
	}
	return (true);
}

static struct slot {
	unsigned char	*p;
	size_t		size;
	uint32_t	tag;
} slots[SLOTS];

static void
check_aligned(const void *p)
{
	if (((uintptr_t)p & 7) != 0)
		fail("block 8-byte aligned", (uintptr_t)p & 7, 0);
}

/* One random operation on a random slot: malloc, free or realloc. */
static void
random_op(uint32_t op)
{
	struct slot *s = &slots[lcg() % SLOTS];
	size_t n;

	if (s->p != NULL && !verify(s->p, s->size, s->tag))
		fail("block contents intact", op, 0);
	if (s->p == NULL) {
		s->size = random_size();
		s->p = malloc(s->size);
	} else if (lcg() % 2 == 0) {
		free(s->p);
		s->p = NULL;
		return;
	} else {
		n = random_size() + 1;
		s->p = realloc(s->p, n);
		if (s->p != NULL && !verify(s->p, (s->size < n ? s->size : n), s->tag))
			fail("realloc kept data", op, 0);
		s->size = n;
	}
	if (s->p == NULL) {
		fail("allocation succeeded", 0, 1);
		return;
	}
	check_aligned(s->p);
	s->tag = op;
	fill(s->p, s->size, s->tag);
}

static void
free_all(void)
{
	int i;

	for (i = 0; i < SLOTS; i++) {
		if (slots[i].p != NULL && !verify(slots[i].p, slots[i].size,
		    slots[i].tag))
			fail("block contents intact at the end", i, 0);
		free(slots[i].p);
		slots[i].p = NULL;
	}
}

static void
test_random(void)
{
	uint32_t op;

	for (op = 1; op <= OPS; op++)
		random_op(op);
	free_all();
}

static void
test_realloc_keeps_data(void)
{
	unsigned char *p = malloc(10), *q;
	size_t n;

	fill(p, 10, 7);
	for (n = 20; n < 200000; n = n * 3 / 2) {
		q = realloc(p, n);
		if (q == NULL || !verify(q, 10, 7)) {
			fail("realloc growing keeps data", n, 0);
			return;
		}
		p = q;
	}
	p = realloc(p, 5);
	if (p == NULL || !verify(p, 5, 7))
		fail("realloc shrinking keeps data", 0, 1);
	p = realloc(p, 0);		/* NULL or a minimal block (C11) */
	free(p);
	p = realloc(NULL, 32);
	if (p == NULL)
		fail("realloc(NULL, n) allocates", 0, 1);
	free(p);
}

static void
test_calloc(void)
{
	size_t i, n = 5000;
	unsigned char *p;
	bool dirty = false;

	/* Dirty some memory first so calloc must really clear it. */
	p = malloc(n);
	memset(p, 0xa5, n);
	free(p);
	p = calloc(n, 1);
	if (p == NULL) {
		fail("calloc succeeded", 0, 1);
		return;
	}
	for (i = 0; i < n; i++)
		dirty |= p[i] != 0;
	if (dirty)
		fail("calloc zeroed", 1, 0);
	free(p);
	if (calloc((size_t)-1 / 2, 4) != NULL)
		fail("calloc overflow returns NULL", 1, 0);
	if (calloc(65536, 65537) != NULL)
		fail("calloc overflow 65536 * 65537 returns NULL", 1, 0);
	if (malloc((size_t)-1) != NULL)
		fail("malloc(SIZE_MAX) returns NULL", 1, 0);
	free(NULL);
}

static void
test_large(void)
{
	size_t n = 8 * 1024 * 1024;
	unsigned char *a = malloc(n), *b = malloc(n / 2);

	if (a == NULL || b == NULL) {
		fail("large malloc succeeded", 0, 1);
		return;
	}
	fill(a, n, 1);
	fill(b, n / 2, 2);
	if (!verify(a, n, 1) || !verify(b, n / 2, 2))
		fail("large blocks hold their data", 0, 1);
	free(a);
	free(b);
}

/*
 * Allocate a fixed mix of sizes, then free it all; return the break
 * while everything was allocated.
 */
static char *
allocation_round(void)
{
	static void *ptrs[2000];
	char *peak;
	int i;

	seed = 777;
	for (i = 0; i < 2000; i++) {
		ptrs[i] = malloc(random_size());
		if (ptrs[i] == NULL)
			fail("round allocation", i, 0);
	}
	peak = sbrk(0);
	for (i = 0; i < 2000; i += 2)
		free(ptrs[i]);
	for (i = 1; i < 2000; i += 2)
		free(ptrs[i]);
	return (peak);
}

/* Rounds after the first must fit in the memory the first one freed. */
static void
test_reuse(void)
{
	char *first, *later;

	first = allocation_round();
	allocation_round();
	later = allocation_round();
	if (later - first > 64 * 1024)
		fail("freed memory reused (break growth in bytes)",
		    later - first, 0);
}

int
main(int argc, char **argv)
{
	char *start = sbrk(0);

	test_random();
	test_realloc_keeps_data();
	test_calloc();
	test_large();
	test_reuse();
	printf("malloc_test: heap grew %ld KiB\n",
	    (long)((char *)sbrk(0) - start) / 1024);
	UT_DONE("malloc_test");
}
