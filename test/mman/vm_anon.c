/*
 * vm_anon - anonymous memory and demand paging: an 8 MiB mmap costs no
 * pages until touched and then one page per page touched, reads as
 * zero and gives its pages back on munmap; MAP_FIXED over part of a
 * mapping, munmap of the middle of a mapping and of ranges with holes;
 * the EINVAL/ENOMEM cases of mmap, munmap and mprotect; mprotect to
 * read-only and PROT_NONE (a child that breaks the protection dies by
 * SIGSEGV, as does one touching an unmapped page); brk memory is
 * demand-zeroed, and the stack takes deep recursion.
 *
 * Faults are provoked in forked children, which the parent waits for.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define PGSZ	4096
#define MB	(1024 * 1024)
#define RW	(PROT_READ | PROT_WRITE)
#define ANON	(MAP_PRIVATE | MAP_ANON)

/* The mmap call must fail with MAP_FAILED and errno err. */
#define UT_MAPERR(call, err) do {					\
	void *_p;							\
	int _e;								\
	errno = 0;							\
	_p = (call);							\
	_e = errno;							\
	if (_p != MAP_FAILED || _e != (err)) {				\
		printf("FAIL: %s:%d: %s: got %p errno %d, "		\
		    "want MAP_FAILED errno %d\n", __FILE__, __LINE__,	\
		    #call, _p, _e, (err));				\
		ut_failures++;						\
	}								\
} while (0)

/* The address the child functions below touch. */
static volatile char *target;
static volatile char sink;

static void
do_read(void)
{
	sink = *target;
}

static void
do_write(void)
{
	*target = 1;
}

/* How many 32-bit words of [p, p + len) are not zero. */
static size_t
nonzero_words(const void *p, size_t len)
{
	const volatile uint32_t *w = p;
	size_t i, n = 0;

	for (i = 0; i < len / 4; i++)
		if (w[i] != 0)
			n++;
	return (n);
}

/* How many bytes of [p, p + len) are not c. */
static size_t
not_byte(const void *p, int c, size_t len)
{
	const volatile unsigned char *s = p;
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (s[i] != (unsigned char)c)
			n++;
	return (n);
}

/*
 * 8 MiB of anonymous memory costs nothing until it is touched, then
 * one page (plus page tables) per page touched, reads as zero, and
 * munmap gives everything back.
 */
static void
test_demand(void)
{
	const size_t len = 8 * MB, npages = len / PGSZ;
	int f0, f1, f2, f3;
	size_t i, bad;
	char *p;

	f0 = ut_sysctl_int("vm.free_pages");
	UT_TRUE(f0 > 0);
	p = mmap(NULL, len, RW, ANON, -1, 0);
	UT_TRUE(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	UT_EQ((uintptr_t)p & (PGSZ - 1), 0);
	UT_TRUE((uintptr_t)p >= 0x00400000 &&
	    (uintptr_t)p + len <= 0xC0000000);
	f1 = ut_sysctl_int("vm.free_pages");
	UT_RANGE(f0 - f1, 0, 15);

	/* Write one byte in every 16th page: 128 pages. */
	for (i = 0; i < npages; i += 16)
		p[i * PGSZ + 123] = (char)(i / 16 % 255 + 1);
	f2 = ut_sysctl_int("vm.free_pages");
	UT_RANGE(f1 - f2, npages / 16, npages / 16 + 16);

	/* Everything else reads as zero. */
	UT_EQ(nonzero_words(p, len), npages / 16);
	for (i = bad = 0; i < npages; i += 16)
		if (p[i * PGSZ + 123] != (char)(i / 16 % 255 + 1))
			bad++;
	UT_EQ(bad, 0);

	UT_EQ(munmap(p, len), 0);
	f3 = ut_sysctl_int("vm.free_pages");
	UT_RANGE(f0 - f3, -8, 8);
}

/*
 * MAP_FIXED over part of a mapping replaces those pages with new zero
 * pages and leaves the rest alone; it may also reach past the old end.
 */
static void
test_fixed(void)
{
	char *p, *q;

	p = mmap(NULL, 6 * PGSZ, RW, ANON, -1, 0);
	UT_TRUE(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	memset(p, 'a', 6 * PGSZ);

	/* Pages 1 and 2 replaced. */
	q = mmap(p + PGSZ, 2 * PGSZ, RW, ANON | MAP_FIXED, -1, 0);
	UT_PEQ(q, p + PGSZ);
	UT_EQ(nonzero_words(p + PGSZ, 2 * PGSZ), 0);
	UT_EQ(not_byte(p, 'a', PGSZ), 0);
	UT_EQ(not_byte(p + 3 * PGSZ, 'a', 3 * PGSZ), 0);
	memset(p + PGSZ, 'b', 2 * PGSZ);
	UT_EQ(not_byte(p, 'a', PGSZ), 0);
	UT_EQ(not_byte(p + PGSZ, 'b', 2 * PGSZ), 0);
	UT_EQ(not_byte(p + 3 * PGSZ, 'a', 3 * PGSZ), 0);

	/* Pages 4 and 5 unmapped; a mapping over 3 and 4 covers the hole. */
	UT_EQ(munmap(p + 4 * PGSZ, 2 * PGSZ), 0);
	q = mmap(p + 3 * PGSZ, 2 * PGSZ, RW, ANON | MAP_FIXED, -1, 0);
	UT_PEQ(q, p + 3 * PGSZ);
	UT_EQ(nonzero_words(p + 3 * PGSZ, 2 * PGSZ), 0);
	memset(p + 3 * PGSZ, 'c', 2 * PGSZ);
	UT_EQ(not_byte(p, 'a', PGSZ), 0);
	UT_EQ(not_byte(p + PGSZ, 'b', 2 * PGSZ), 0);
	UT_EQ(not_byte(p + 3 * PGSZ, 'c', 2 * PGSZ), 0);
	target = p + 5 * PGSZ;
	UT_CHILD(do_read, SIGSEGV);

	/* A range with a hole at its end unmaps fine. */
	UT_EQ(munmap(p, 6 * PGSZ), 0);
	target = p;
	UT_CHILD(do_read, SIGSEGV);
	target = p + 4 * PGSZ;
	UT_CHILD(do_read, SIGSEGV);
}

/* munmap of the middle of a mapping; ranges with holes. */
static void
test_unmap(void)
{
	char *p;

	p = mmap(NULL, 3 * PGSZ, RW, ANON, -1, 0);
	UT_TRUE(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	memset(p, 'x', PGSZ);
	memset(p + PGSZ, 'y', PGSZ);
	memset(p + 2 * PGSZ, 'z', PGSZ);

	UT_EQ(munmap(p + PGSZ, PGSZ), 0);
	UT_EQ(not_byte(p, 'x', PGSZ), 0);
	UT_EQ(not_byte(p + 2 * PGSZ, 'z', PGSZ), 0);
	target = p + PGSZ + 5;
	UT_CHILD(do_read, SIGSEGV);
	UT_CHILD(do_write, SIGSEGV);
	/* Both ends are still writable. */
	memset(p + 100, 'X', 100);
	memset(p + 2 * PGSZ + 100, 'Z', 100);
	UT_EQ(not_byte(p, 'x', 100), 0);
	UT_EQ(not_byte(p + 100, 'X', 100), 0);
	UT_EQ(not_byte(p + 200, 'x', PGSZ - 200), 0);
	UT_EQ(not_byte(p + 2 * PGSZ, 'z', 100), 0);
	UT_EQ(not_byte(p + 2 * PGSZ + 100, 'Z', 100), 0);

	/* mprotect needs the range mapped throughout. */
	UT_ERR(mprotect(p, 3 * PGSZ, PROT_READ), ENOMEM);
	UT_ERR(mprotect(p + PGSZ, PGSZ, PROT_READ), ENOMEM);

	/* The whole range, hole included; then again with nothing there. */
	UT_EQ(munmap(p, 3 * PGSZ), 0);
	target = p;
	UT_CHILD(do_read, SIGSEGV);
	target = p + 2 * PGSZ;
	UT_CHILD(do_write, SIGSEGV);
	UT_EQ(munmap(p, 3 * PGSZ), 0);
	UT_ERR(mprotect(p, PGSZ, PROT_READ), ENOMEM);
}

static void
test_errors(void)
{
	char *p;

	p = mmap(NULL, 2 * PGSZ, RW, ANON, -1, 0);
	UT_TRUE(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	memset(p, 'e', 2 * PGSZ);

	/* munmap and mprotect: misaligned, empty, outside user space. */
	UT_ERR(munmap(p + 1, PGSZ), EINVAL);
	UT_ERR(munmap(p + PGSZ - 1, PGSZ), EINVAL);
	UT_ERR(munmap(p, 0), EINVAL);
	UT_ERR(munmap((void *)0xC0000000, PGSZ), EINVAL);
	UT_ERR(munmap((void *)0xBFFFF000, 2 * PGSZ), EINVAL);
	UT_ERR(mprotect(p + 1, PGSZ, PROT_READ), EINVAL);
	UT_ERR(mprotect(p, 0, PROT_READ), EINVAL);

	/* mmap: exactly one of MAP_SHARED and MAP_PRIVATE. */
	UT_MAPERR(mmap(NULL, PGSZ, RW, MAP_SHARED | MAP_PRIVATE | MAP_ANON,
	    -1, 0), EINVAL);
	UT_MAPERR(mmap(NULL, PGSZ, RW, MAP_ANON, -1, 0), EINVAL);
	/* MAP_ANON wants fd -1 (0 is open: not EBADF) and offset 0. */
	UT_MAPERR(mmap(NULL, PGSZ, RW, ANON, 0, 0), EINVAL);
	UT_MAPERR(mmap(NULL, PGSZ, RW, ANON, -1, PGSZ), EINVAL);
	UT_MAPERR(mmap(NULL, 0, RW, ANON, -1, 0), EINVAL);
	UT_MAPERR(mmap(NULL, PGSZ, 0x10, ANON, -1, 0), EINVAL);
	/* MAP_FIXED: aligned and inside user space. */
	UT_MAPERR(mmap((void *)0xC0000000, PGSZ, RW, ANON | MAP_FIXED, -1, 0),
	    EINVAL);
	UT_MAPERR(mmap((void *)0xBFFFF000, 2 * PGSZ, RW, ANON | MAP_FIXED,
	    -1, 0), EINVAL);
	UT_MAPERR(mmap(p + 1, PGSZ, RW, ANON | MAP_FIXED, -1, 0), EINVAL);

	/* None of that disturbed the mapping. */
	UT_EQ(not_byte(p, 'e', 2 * PGSZ), 0);
	UT_EQ(munmap(p, 2 * PGSZ), 0);
}

/* Read-only and PROT_NONE pages; write-only implies read. */
static void
test_mprotect(void)
{
	char *p, *q;

	p = mmap(NULL, 3 * PGSZ, RW, ANON, -1, 0);
	UT_TRUE(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	memset(p, 'm', PGSZ);
	memset(p + PGSZ, 'n', PGSZ);
	memset(p + 2 * PGSZ, 'o', PGSZ);

	/* The middle page read-only: readable, not writable. */
	UT_EQ(mprotect(p + PGSZ, PGSZ, PROT_READ), 0);
	UT_EQ(not_byte(p + PGSZ, 'n', PGSZ), 0);
	target = p + PGSZ + 10;
	UT_CHILD(do_write, SIGSEGV);
	UT_CHILD(do_read, 0);
	/* Its neighbours are still writable. */
	target = p + PGSZ - 1;
	UT_CHILD(do_write, 0);
	target = p + 2 * PGSZ;
	UT_CHILD(do_write, 0);
	p[0] = 'M';
	p[2 * PGSZ] = 'O';

	/* Writable again, with the contents intact. */
	UT_EQ(mprotect(p + PGSZ, PGSZ, RW), 0);
	p[PGSZ + 10] = 'N';
	UT_EQ(p[PGSZ + 10], 'N');
	UT_EQ(not_byte(p + PGSZ, 'n', 10), 0);
	UT_EQ(not_byte(p + PGSZ + 11, 'n', PGSZ - 11), 0);

	/* PROT_NONE: not even readable; then back, intact. */
	UT_EQ(mprotect(p, 3 * PGSZ, PROT_NONE), 0);
	target = p + 10;
	UT_CHILD(do_read, SIGSEGV);
	target = p + PGSZ + 10;
	UT_CHILD(do_read, SIGSEGV);
	target = p + 3 * PGSZ - 1;
	UT_CHILD(do_write, SIGSEGV);
	UT_EQ(mprotect(p, 3 * PGSZ, RW), 0);
	UT_EQ(p[0], 'M');
	UT_EQ(not_byte(p + 1, 'm', PGSZ - 1), 0);
	UT_EQ(p[PGSZ + 10], 'N');
	UT_EQ(p[2 * PGSZ], 'O');
	UT_EQ(not_byte(p + 2 * PGSZ + 1, 'o', PGSZ - 1), 0);
	UT_EQ(munmap(p, 3 * PGSZ), 0);

	/* Never-touched read-only memory reads as zero; later writable. */
	q = mmap(NULL, 2 * PGSZ, PROT_READ, ANON, -1, 0);
	UT_TRUE(q != MAP_FAILED);
	if (q == MAP_FAILED)
		return;
	UT_EQ(nonzero_words(q, 2 * PGSZ), 0);
	target = q + 5;
	UT_CHILD(do_write, SIGSEGV);
	UT_EQ(mprotect(q, 2 * PGSZ, RW), 0);
	q[5] = 'q';
	q[PGSZ + 5] = 'r';
	UT_EQ(q[5], 'q');
	UT_EQ(q[PGSZ + 5], 'r');
	UT_EQ(nonzero_words(q, 2 * PGSZ), 2);
	UT_EQ(munmap(q, 2 * PGSZ), 0);

	/* PROT_WRITE implies PROT_READ. */
	q = mmap(NULL, PGSZ, PROT_WRITE, ANON, -1, 0);
	UT_TRUE(q != MAP_FAILED);
	if (q == MAP_FAILED)
		return;
	q[7] = 'w';
	UT_EQ(q[7], 'w');
	UT_EQ(munmap(q, PGSZ), 0);
}

/* sbrk memory is demand-zeroed, and zero again after shrink and regrow. */
static void
test_brk(void)
{
	const size_t len = 4 * MB;
	uintptr_t pad;
	int f0, f1, f2;
	char *top, *q;
	size_t i, bad;

	/* Start the new memory on a page boundary. */
	top = sbrk(0);
	UT_TRUE(top != (char *)-1);
	pad = (PGSZ - (uintptr_t)top % PGSZ) % PGSZ;
	UT_TRUE(sbrk((intptr_t)pad) == top);
	f0 = ut_sysctl_int("vm.free_pages");
	q = sbrk((intptr_t)len);
	UT_TRUE(q == top + pad);
	if (q != top + pad)
		return;
	f1 = ut_sysctl_int("vm.free_pages");
	UT_RANGE(f0 - f1, 0, 15);
	UT_EQ(nonzero_words(q, len), 0);
	for (i = 0; i < len; i += 64)
		q[i] = (char)(i / 64 % 251 + 1);
	for (i = bad = 0; i < len; i += 64)
		if (q[i] != (char)(i / 64 % 251 + 1))
			bad++;
	UT_EQ(bad, 0);

	/* Shrink and grow: the old contents are gone. */
	UT_TRUE(sbrk(-(intptr_t)len) == q + len);
	UT_TRUE(sbrk((intptr_t)len) == q);
	UT_EQ(nonzero_words(q, len), 0);
	UT_TRUE(sbrk(-(intptr_t)len) == q + len);
	UT_TRUE(sbrk(-(intptr_t)pad) == top + pad);
	UT_TRUE(sbrk(0) == top);
	f2 = ut_sysctl_int("vm.free_pages");
	UT_RANGE(f0 - f2, -8, 8);
}

/*
 * Huge requests fail cleanly: more than the free address space is
 * ENOMEM; a large one either works or is ENOMEM (its page slots are never
 * waited for), and the kernel does not hang either way.
 */
static void
test_huge(void)
{
	void *p;

	errno = 0;
	p = mmap(NULL, 0xB0000000u, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);
	UT_TRUE(p == MAP_FAILED && errno == ENOMEM);
	p = mmap(NULL, 0x40000000u, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANON, -1, 0);
	UT_TRUE(p != MAP_FAILED || errno == ENOMEM);
	if (p != MAP_FAILED) {
		((char *)p)[0x3fffffff] = 1;
		UT_EQ(((char *)p)[0x3fffffff], 1);
		UT_EQ(munmap(p, 0x40000000u), 0);
	}
}

/* malloc of a few MiB works (its memory comes from brk). */
static void
test_malloc(void)
{
	const size_t len = 3 * MB;
	unsigned char *p;
	size_t i, bad;

	p = malloc(len);
	UT_TRUE(p != NULL);
	if (p == NULL)
		return;
	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 7 + (i >> 12));
	for (i = bad = 0; i < len; i++)
		if (p[i] != (unsigned char)(i * 7 + (i >> 12)))
			bad++;
	UT_EQ(bad, 0);
	free(p);
}

/*
 * 64 frames of 1 KiB each: 64 KiB of the 128 KiB stack.  Returns 0 if
 * every frame's locals survived the calls below it.
 */
static int
recurse(int depth)
{
	volatile char buf[1024];
	size_t i;
	int bad;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(depth * 3 + i);
	bad = depth > 0 ? recurse(depth - 1) : 0;
	for (i = 0; i < sizeof(buf); i++)
		if (buf[i] != (char)(depth * 3 + i))
			bad = 1;
	return (bad);
}

static void
deep_stack(void)
{
	if (recurse(64) != 0)
		_exit(1);
}

/* 200 KiB: more than the 128 KiB mapped at exec; the stack grows. */
static void
grown_stack(void)
{
	if (recurse(200) != 0)
		_exit(1);
}

/* 10 MiB: more than RLIMIT_STACK's 8 MiB: the child dies. */
static void
overflow_stack(void)
{
	recurse(10 * 1024);
}

static void
test_stack(void)
{
	UT_CHILD(deep_stack, 0);
	UT_CHILD(grown_stack, 0);
	UT_CHILD(overflow_stack, SIGSEGV);
	/* And here too, after the children. */
	UT_EQ(recurse(64), 0);
}

int
main(int argc, char **argv)
{
	int f0, f1;

	ut_warm_stack();
	f0 = ut_sysctl_int("vm.free_pages");
	test_demand();
	test_fixed();
	test_unmap();
	test_errors();
	test_mprotect();
	test_brk();
	test_huge();
	/* Everything above gave its memory back (page tables aside). */
	f1 = ut_sysctl_int("vm.free_pages");
	UT_RANGE(f0 - f1, -8, 8);
	test_stack();
	test_malloc();
	UT_DONE("vm_anon");
}
