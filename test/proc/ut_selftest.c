/*
 * ut_selftest - a user test that is broken on purpose, in every way the
 * runner must notice at once; not in the runlist.  The harness boots it
 * alone (kernel word utest=ut_selftest) and expects testrun to report
 * all three faults on one FAIL line:
 *
 *   - 256 failed checks: the exit status must still be non-zero (a
 *     status carrying the count would read 256 & 0xff = 0, a pass);
 *   - a file left in /tmp: a leak (a vnode and a namecache entry);
 *   - a child left running after the test exits: a stray process.
 */
#include <sys/types.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

int
main(void)
{
	struct timespec ts = { 3600, 0 };
	int i, fd;

	for (i = 0; i < 256; i++)
		UT_EQ(i, -1);
	fd = open("/tmp/ut_selftest.leak", O_CREAT | O_WRONLY, 0644);
	UT_TRUE(fd >= 0);
	close(fd);
	if (fork() == 0) {
		nanosleep(&ts, NULL);
		_exit(0);
	}
	UT_DONE("ut_selftest");
}
