/*
 * sys/wait.h - wait status encoding and wait4 options, shared by the
 * kernel and libc.  A status is (exit code << 8) | terminating signal.
 */
#ifndef _SYS_WAIT_H_
#define _SYS_WAIT_H_

#define W_EXITCODE(ret, sig)	(((ret) << 8) | (sig))
#define WEXITSTATUS(s)		(((s) >> 8) & 0xff)
#define WTERMSIG(s)		((s) & 0x7f)
#define WIFEXITED(s)		(WTERMSIG(s) == 0)
#define WIFSIGNALED(s)		(WTERMSIG(s) != 0)

#define WNOHANG		1	/* do not block */

#ifndef _KERNEL
#include <sys/types.h>
pid_t	wait4(pid_t pid, int *status, int options, void *rusage);
pid_t	waitpid(pid_t pid, int *status, int options);
#endif

#endif
