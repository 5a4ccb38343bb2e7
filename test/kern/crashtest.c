/*
 * crashtest.c - fatal faults on purpose, to show they are reported.
 *
 * Booting with crashtest=WHAT runs one of these in the "main" thread.
 * The host harness (test/qemu-check.sh) checks that the console shows the
 * right report and that the machine stopped with a panic rather than
 * hanging or triple-faulting.
 *
 *   stack  unbounded recursion: a kernel stack overflow, caught by the
 *          guard page and reported by the double fault task
 *   null   a NULL pointer write: a page fault with a backtrace
 *   ud     an invalid instruction
 *   div0   an integer divide by zero
 */
#include <sys/types.h>
#include <sys/systm.h>

void	crashtest_run(const char *what);
int	crashtest_recurse(volatile int *depth);

int
crashtest_recurse(volatile int *depth)
{
	volatile char pad[256];

	pad[0] = (char)*depth;
	if (++(*depth) > 100000000)
		return (0);		/* never: the stack runs out first */
	return (crashtest_recurse(depth) + pad[0]);
}

void
crashtest_run(const char *what)
{
	volatile int zero = 0, depth = 0;

	kprintf("crashtest: %s\n", what);
	if (strcmp(what, "stack") == 0) {
		crashtest_recurse(&depth);
	} else if (strcmp(what, "null") == 0) {
		*(volatile int *)(uintptr_t)zero = 1;
	} else if (strcmp(what, "ud") == 0) {
		__builtin_trap();
	} else if (strcmp(what, "div0") == 0) {
		kprintf("%d\n", 10 / zero);
	}
	panic("crashtest: \"%s\" did not fault", what);
}
