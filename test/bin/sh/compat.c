/*
 * compat.c - stand-ins for the process-group calls the C library does
 * not have yet.
 *
 * TRANSITIONAL: getpgrp and setpgid come with the kernel's process
 * groups (issue 18).  Until then these weak definitions fail with
 * ENOSYS, so jobs_init() finds no job control and the shell runs every
 * job in its own process group without stopping or terminal hand-over
 * (jobs.c: "Without job control").  When the system-call stubs exist
 * (libc_msg.o, linked into every program), their strong definitions
 * take the place of these, and this file should be deleted.
 */
#include <sys/types.h>
#include <errno.h>
#include <unistd.h>

__attribute__((weak)) pid_t
getpgrp(void)
{
	errno = ENOSYS;
	return (-1);
}

__attribute__((weak)) int
setpgid(pid_t pid, pid_t pgid)
{
	errno = ENOSYS;
	return (-1);
}
