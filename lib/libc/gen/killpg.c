/* killpg.c - killpg(pgrp, sig) is kill(-pgrp, sig) (POSIX); newlib
 * declares it but supplies none.  killpg(0, sig) is the caller's group;
 * a negative pgrp is EINVAL. */
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
