/*
 * pty.h - pseudo-terminals (lib/libc/gen/pty.c).  The kernel has a few
 * pairs (sys/kern/tty_pty.c): the master /dev/ptypN, which one process
 * opens at a time, and the slave /dev/ttypN, a terminal whose input is
 * what is written to the master and whose output the master reads.
 *
 *   posix_openpt(flags)  open a free master (O_RDWR, O_NOCTTY): EAGAIN
 *                        when every pair is in use
 *   ptsname(fd)          the slave's name (a static buffer), or NULL
 *   grantpt, unlockpt    nothing to do (no users, no locks): 0
 *   openpty(...)         both ends, the slave set to *t and *w if given
 */
#ifndef _DAMSELFLY_PTY_H_
#define _DAMSELFLY_PTY_H_

#include <termios.h>

int	posix_openpt(int flags);
char	*ptsname(int fd);
int	grantpt(int fd);
int	unlockpt(int fd);
int	openpty(int *amaster, int *aslave, char *name,
	    const struct termios *t, const struct winsize *w);

#endif /* !_DAMSELFLY_PTY_H_ */
