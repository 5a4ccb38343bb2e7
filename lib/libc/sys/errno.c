/*
 * errno.c - how the system-call stubs report an error.
 *
 * A user program's errno is newlib's: the _errno member of the current
 * reentrancy structure (one per process: no user threads yet).  newlib's
 * _read_r and its kin also look at a plain global `errno` (newlib/libc/
 * reent/reent.c defines it) to learn whether the call they made failed.
 * The stubs (obj/gen/libc_msg.S, libc_int80.S) jump to __sys_seterrno
 * with the kernel's errno on failure; it sets both and returns -1.
 */
#include <errno.h>
#include <reent.h>

#undef errno
extern int errno;

int	__sys_seterrno(int error);

/* Contract: error is a kernel errno (> 0).  Returns -1. */
int
__sys_seterrno(int error)
{
	errno = error;
	_REENT->_errno = error;
	return (-1);
}
