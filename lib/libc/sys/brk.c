/*
 * brk.c - brk and sbrk over the kernel's brk call, which returns the
 * break in effect (brk(NULL) only asks).
 */
#include <sys/types.h>
#include <errno.h>
#include <unistd.h>

intptr_t __sys_brk(void *addr);

static uintptr_t curbrk;

int
brk(void *addr)
{
	intptr_t r = __sys_brk(addr);

	if (r == -1)
		return (-1);
	curbrk = (uintptr_t)r;
	return (0);
}

void *
sbrk(intptr_t incr)
{
	uintptr_t old;

	if (curbrk == 0) {
		intptr_t r = __sys_brk(NULL);

		if (r == -1)
			return ((void *)-1);
		curbrk = (uintptr_t)r;
	}
	old = curbrk;
	if (incr == 0)
		return ((void *)old);
	if (__sys_brk((void *)(old + incr)) == -1)
		return ((void *)-1);
	curbrk = old + incr;
	return ((void *)old);
}
