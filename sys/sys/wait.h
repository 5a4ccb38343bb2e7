/*
 * sys/wait.h - wait status encoding and wait4 options, shared by the
 * kernel and libc.  A status is one of:
 *   (exit code << 8)            exited      WIFEXITED, WEXITSTATUS
 *   signal (1..0x7e)            killed      WIFSIGNALED, WTERMSIG
 *   (signal << 8) | 0x7f        stopped     WIFSTOPPED, WSTOPSIG
 *                                           (wait4 with WUNTRACED)
 *   0xffff                      continued   WIFCONTINUED
 *                                           (wait4 with WCONTINUED)
 */
#ifndef _SYS_WAIT_H_
#define _SYS_WAIT_H_

#define W_EXITCODE(ret, sig)	(((ret) << 8) | (sig))
#define W_STOPCODE(sig)		(((sig) << 8) | 0x7f)
#define W_CONTINUED		0xffff
#define WEXITSTATUS(s)		(((s) >> 8) & 0xff)
#define WTERMSIG(s)		((s) & 0x7f)
#define WSTOPSIG(s)		WEXITSTATUS(s)
#define WIFEXITED(s)		(WTERMSIG(s) == 0)
#define WIFSIGNALED(s)		(WTERMSIG(s) != 0 && WTERMSIG(s) != 0x7f)
#define WIFSTOPPED(s)		(((s) & 0xff) == 0x7f)
#define WIFCONTINUED(s)		((s) == W_CONTINUED)

#define WNOHANG		1	/* do not block */
#define WUNTRACED	2	/* report stopped children */
#define WCONTINUED	4	/* report continued children */

#ifndef _KERNEL
#include <sys/types.h>
pid_t	wait4(pid_t pid, int *status, int options, void *rusage);
pid_t	waitpid(pid_t pid, int *status, int options);
#endif

#endif
