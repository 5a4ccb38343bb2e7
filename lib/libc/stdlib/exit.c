/*
 * exit, atexit and abort.
 */
#include <sys/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void (*atexit_fns[ATEXIT_MAX])(void);
static int atexit_count;

/* Register fn to run at exit; 0 on success, -1 when the table is full. */
int
atexit(void (*fn)(void))
{
	if (atexit_count >= ATEXIT_MAX)
		return (-1);
	atexit_fns[atexit_count++] = fn;
	return (0);
}

/* Run the handlers last-registered first, flush stdio, and leave. */
void
exit(int status)
{
	while (atexit_count > 0)
		atexit_fns[--atexit_count]();
	fflush(NULL);
	_exit(status);
}

/* Abnormal end: say so on stderr and exit as if killed by SIGABRT. */
void
abort(void)
{
	static const char msg[] = "abort() called\n";

	write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(134);
}
