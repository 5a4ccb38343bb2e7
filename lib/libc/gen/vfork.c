/*
 * vfork.c - vfork as fork.  The kernel's fork copies on write, so the
 * child's copy costs little; a child that only execs or _exits (all that
 * vfork allows it) cannot tell the difference.  newlib's popen uses it.
 */
#include <sys/types.h>
#include <unistd.h>

pid_t
vfork(void)
{
	return (fork());
}
