/*
 * errno.h - the C library's errno.  The values are the kernel's
 * (sys/errno.h); system call wrappers set errno and return -1.
 */
#ifndef _ERRNO_H_
#define _ERRNO_H_

#include <sys/errno.h>

extern int errno;

#endif
