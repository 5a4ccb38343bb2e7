/* killpg.c - killpg(pgrp, sig) is kill(-pgrp, sig) (POSIX); newlib
 * declares it but supplies none.  The kernel has no process groups yet:
 * kill with a pid <= 0 fails with its error, and so does this. */
#include <sys/types.h>
#include <errno.h>
#include <signal.h>

int
killpg(pid_t pgrp, int sig)
{
	if (pgrp < 0) {
		errno = EINVAL;
		return (-1);
	}
	return (kill(-pgrp, sig));
}
