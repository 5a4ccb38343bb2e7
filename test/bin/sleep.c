/*
 * sleep - wait for a number of seconds.
 *
 *	sleep seconds
 *
 * seconds is a decimal number, a fraction allowed ("0.5", "2", ".25";
 * digits past the ninth decimal are ignored).  The wait is one nanosleep,
 * resumed with what is left if a signal interrupts it and the program
 * goes on.  Exit status 0; a bad argument: a message and status 2.
 */
#include <sys/types.h>
#include <stdio.h>
#include <time.h>
#include <errno.h>

static int
usage(void)
{
	fprintf(stderr, "usage: sleep seconds (a decimal number, e.g. 1.5)\n");
	return (2);
}

/* Parse s as seconds[.fraction] into *ts; false if it is not one. */
static int
parse(const char *s, struct timespec *ts)
{
	long long sec = 0;
	long nsec = 0, scale = 100000000;
	int digits = 0;

	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		sec = sec * 10 + (*s - '0');
		if (sec > 0x7fffffffLL)
			return (0);
	}
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, digits++) {
			nsec += (*s - '0') * scale;
			scale /= 10;
		}
	}
	if (digits == 0 || *s != '\0')
		return (0);
	ts->tv_sec = (time_t)sec;
	ts->tv_nsec = nsec;
	return (1);
}

int
main(int argc, char **argv)
{
	struct timespec ts, left;

	if (argc != 2 || !parse(argv[1], &ts))
		return (usage());
	while (nanosleep(&ts, &left) != 0) {
		if (errno != EINTR) {
			perror("sleep");
			return (1);
		}
		ts = left;
	}
	return (0);
}
