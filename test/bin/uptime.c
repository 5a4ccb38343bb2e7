/*
 * uptime - how long the system has been up, and how many processes.
 *
 *	uptime
 *
 * Prints one line, "up H:MM, N processes" (hours unbounded, minutes two
 * digits; "1 process" for one): the time from CLOCK_MONOTONIC, which
 * counts from boot, and N from the sysctl kern.nprocs (zombies
 * included).  Any argument is a usage error (status 2).
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <errno.h>

int
main(int argc, char **argv)
{
	struct timespec ts;
	size_t len = sizeof(int);
	int nprocs;
	long long min;

	if (argc > 1) {
		fprintf(stderr, "usage: uptime (no arguments)\n");
		return (2);
	}
	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0 ||
	    sysctl("kern.nprocs", &nprocs, &len, NULL, 0) != 0) {
		perror("uptime");
		return (1);
	}
	min = (long long)ts.tv_sec / 60;
	printf("up %lld:%02lld, %d process%s\n", min / 60, min % 60, nprocs,
	    nprocs == 1 ? "" : "es");
	return (0);
}
