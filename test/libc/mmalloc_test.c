/*
 * mmalloc_test - large blocks come from mmap (lib/libc/gen/mmalloc.c):
 * a 1 MiB block lies outside the brk heap and its pages go back on free;
 * realloc up and down across the 128 KiB threshold keeps the contents;
 * large and small blocks interleaved keep theirs; a request beyond the
 * free memory returns NULL with ENOMEM.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "utest.h"

#define MIB	(1024 * 1024)

static void
fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + seed);
}

static int
check(const unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(i * 7 + seed))
			return (0);
	return (1);
}

int
main(void)
{
	uintptr_t brk0, brk1;
	unsigned char *p, *q, *blk[40];
	size_t sz[40];
	int f0, f1, f2;

	/* A 1 MiB block is not in the heap; free returns its pages. */
	brk0 = (uintptr_t)sbrk(0);
	free(malloc(100));		/* the heap exists */
	f0 = ut_sysctl_int("vm.free_pages");
	p = malloc(MIB);
	UT_TRUE(p != NULL);
	brk1 = (uintptr_t)sbrk(0);
	UT_TRUE((uintptr_t)p < brk0 || (uintptr_t)p >= brk1);
	UT_EQ((uintptr_t)p % 8, 0);
	memset(p, 0x5a, MIB);
	f1 = ut_sysctl_int("vm.free_pages");
	UT_TRUE(f1 <= f0 - 256);
	free(p);
	f2 = ut_sysctl_int("vm.free_pages");
	UT_TRUE(f2 >= f1 + 256);

	/* calloc of a large block is zeroed. */
	p = calloc(1, 300 * 1024);
	UT_TRUE(p != NULL);
	UT_EQ(p[0] | p[300 * 1024 - 1] | p[150 * 1024], 0);
	free(p);

	/* realloc up across the threshold, within, and back down. */
	p = malloc(1000);
	fill(p, 1000, 1);
	q = realloc(p, 512 * 1024);
	UT_TRUE(q != NULL);
	UT_TRUE(check(q, 1000, 1));
	fill(q, 512 * 1024, 2);
	p = realloc(q, 2 * MIB);
	UT_TRUE(p != NULL);
	UT_TRUE(check(p, 512 * 1024, 2));
	fill(p, 2 * MIB, 3);
	q = realloc(p, 200 * 1024);
	UT_TRUE(q != NULL);
	UT_TRUE(check(q, 200 * 1024, 3));
	p = realloc(q, 5000);
	UT_TRUE(p != NULL);
	UT_TRUE(check(p, 5000, 3));
	UT_TRUE((uintptr_t)p >= brk0 && (uintptr_t)p < (uintptr_t)sbrk(0));
	free(p);

	/* Large and small blocks interleaved keep their contents. */
	for (int i = 0; i < 40; i++) {
		sz[i] = (i % 3 == 0) ? 130 * 1024 + i * 4096 : 64 + i * 100;
		blk[i] = malloc(sz[i]);
		UT_TRUE(blk[i] != NULL);
		fill(blk[i], sz[i], i);
	}
	for (int i = 0; i < 40; i += 2) {
		free(blk[i]);
		sz[i] = (i % 4 == 0) ? 200 * 1024 : 300;
		blk[i] = malloc(sz[i]);
		UT_TRUE(blk[i] != NULL);
		fill(blk[i], sz[i], i + 100);
	}
	for (int i = 0; i < 40; i++) {
		if (!check(blk[i], sz[i], i % 2 == 0 ? i + 100 : i))
			UT_FAIL("block %d (%zu bytes) changed", i, sz[i]);
		free(blk[i]);
	}

	/* More than the free memory: NULL and ENOMEM, no crash. */
	f0 = ut_sysctl_int("vm.free_pages");
	errno = 0;
	p = malloc((size_t)f0 * 4096 + 64 * MIB);
	UT_TRUE(p == NULL);
	UT_EQ(errno, ENOMEM);
	p = realloc(NULL, (size_t)f0 * 4096 + 64 * MIB);
	UT_TRUE(p == NULL);
	UT_DONE("mmalloc_test");
}
