/*
 * sys/wait.h - newlib's (its status encoding is the kernel's: exit code
 * in bits 8-15, terminating signal in bits 0-6, a stopped child's
 * (signal << 8) | 0x7f, WUNTRACED; checked by lib/libc/abi/abicheck.c),
 * plus WCONTINUED, WIFCONTINUED and wait4.
 */
#ifndef _DAMSELFLY_SYS_WAIT_H_
#define _DAMSELFLY_SYS_WAIT_H_

#include_next <sys/wait.h>

/* The kernel's encoding (sys/sys/wait.h), checked by abicheck.c. */
#define W_EXITCODE(ret, sig)	(((ret) << 8) | (sig))
#define W_STOPCODE(sig)		(((sig) << 8) | 0x7f)
#define WCONTINUED		4	/* report continued children */
#define WIFCONTINUED(s)		((s) == 0xffff)

struct rusage;
pid_t	wait4(pid_t pid, int *status, int options, struct rusage *rusage);

#endif
