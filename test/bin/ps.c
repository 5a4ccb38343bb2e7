/*
 * ps - list the processes.
 *
 *	ps
 *
 * One line per process, in pid order, under a header:
 *
 *	  PID  PPID  PGID   SID STAT COMMAND
 *	    1     0     1     1 S    init
 *
 * STAT is one letter: R running or runnable, S sleeping, T stopped,
 * Z zombie (exited, not yet waited for).  ps itself is always R: it is
 * the one running when the list is made.  The list is the sysctl table
 * kern.proc (struct kinfo_proc, sys/kinfo_proc.h), read whole at one
 * moment.  Any argument is a usage error (status 2); a failed read is
 * reported with status 1.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <sys/kinfo_proc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#define PS_SLACK	16	/* room for processes made between two reads */

static int
by_pid(const void *a, const void *b)
{
	const struct kinfo_proc *x = a, *y = b;

	return (x->kp_pid < y->kp_pid ? -1 : x->kp_pid > y->kp_pid);
}

int
main(int argc, char **argv)
{
	struct kinfo_proc *kp = NULL;
	size_t len, i, n;
	int tries;

	if (argc > 1) {
		fprintf(stderr, "usage: ps (no arguments: every process)\n");
		return (2);
	}
	for (tries = 0; tries < 8; tries++) {
		if (sysctl("kern.proc", NULL, &len, NULL, 0) != 0)
			break;
		len += PS_SLACK * sizeof(*kp);
		free(kp);
		if ((kp = malloc(len)) == NULL)
			break;
		if (sysctl("kern.proc", kp, &len, NULL, 0) == 0)
			goto got;
		if (errno != ENOMEM)
			break;
	}
	fprintf(stderr, "ps: kern.proc: %s\n", strerror(errno));
	return (1);
got:
	n = len / sizeof(*kp);
	qsort(kp, n, sizeof(*kp), by_pid);
	printf("  PID  PPID  PGID   SID STAT COMMAND\n");
	for (i = 0; i < n; i++) {
		printf("%5d %5d %5d %5d %-4c %.*s\n", kp[i].kp_pid,
		    kp[i].kp_ppid, kp[i].kp_pgid, kp[i].kp_sid, kp[i].kp_stat,
		    (int)sizeof(kp[i].kp_comm), kp[i].kp_comm);
	}
	free(kp);
	return (0);
}
