/*
 * udrv_crash - the virtio-blk driver in a process (drvd, booted with
 * vtblk=user) while a client reads /dev/vtbd1.
 *
 *   - many large reads at once: NBIG asynchronous 64 KiB preads in
 *     flight, more than drvd's large records (8 of 128 KiB); those
 *     received into a small record wait in the driver for a large one
 *     (lib/libdrv/drvagent.c) and all come back whole and right;
 *   - crashes holding a read: KILLS times, the test arms drvd's crash
 *     point (SIGUSR1: it kills itself the next time it holds a read that
 *     it gave the device), and init, its supervisor, starts a new
 *     instance.  Each crash catches the client's read in flight, so
 *     kern.agent_resent grows by at least KILLS (the port agent queued
 *     each held read again for the successor), and every read the client
 *     makes across the crashes completes with the right data (the
 *     client checks every word and exits 1 on an error, 2 on wrong
 *     data).  The runner's leak check then finds the new instance
 *     holding what the first held.
 *
 * Only meaningful in the user-driver boot (test/qemu-check.sh,
 * tests-udrv); booted otherwise it finds no user driver and fails.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <sysasync.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

#define MiB		(1024 * 1024)
#define CHUNK		(64 * 1024)
#define KILLS		8
#define NBIG		24	/* 64 KiB reads in flight at once */

/* The client: reads [1 MiB, 9 MiB) of vtbd1 until told to stop (its
 * stdin pipe closes), every word checked; exits 0, 1 (a read failed:
 * the error printed) or 2 (wrong data). */
static int
client(int stopfd, int startfd)
{
	static uint32_t buf[CHUNK / 4];
	off_t off = MiB;
	int fd, i, rounds = 0;
	char c;

	fd = open("/dev/vtbd1", O_RDONLY);
	if (fd < 0)
		return (1);
	fcntl(stopfd, F_SETFL, O_NONBLOCK);
	for (;;) {
		ssize_t n = pread(fd, buf, CHUNK, off);

		if (n != CHUNK) {
			printf("udrv_crash: read at %lld: %zd, error %d\n",
			    (long long)off, n, errno);
			return (1);
		}
		for (i = 0; i < CHUNK / 4; i++) {
			if (buf[i] != (uint32_t)(off + 4 * i)) {
				printf("udrv_crash: word at %lld is %#x\n",
				    (long long)(off + 4 * i), buf[i]);
				return (2);
			}
		}
		if (rounds++ == 0)
			(void)write(startfd, "s", 1);
		off = off + CHUNK >= 9 * MiB ? MiB : off + CHUNK;
		if (read(stopfd, &c, 1) == 0)
			return (0);
	}
}

/* NBIG reads of CHUNK in flight at once, at scattered offsets; each
 * whole and right. */
static void
test_many(void)
{
	static SYSMSG(pread) m[NBIG];
	static uint32_t bufs[NBIG][CHUNK / 4];
	size_t bad = 0;
	off_t off;
	int fd, i, j, rc;

	fd = open("/dev/vtbd1", O_RDONLY);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		return;
	for (i = 0; i < NBIG; i++) {
		sysmsg_init(&m[i], pread);
		m[i].a.fd = fd;
		m[i].a.buf = bufs[i];
		m[i].a.nbyte = CHUNK;
		m[i].a.offset = MiB + (off_t)((i * 37) % 128) * CHUNK;
		rc = async_send(0, &m[i].h, sizeof(m[i]), 0);
		UT_TRUE(rc == 0 || rc == 1);
	}
	for (i = 0; i < NBIG; i++) {
		UT_EQ(async_wait(0, &m[i].h), 0);
		UT_EQ(async_result(&m[i].h), CHUNK);
		off = m[i].a.offset;
		for (j = 0; j < CHUNK / 4; j++)
			bad += bufs[i][j] != (uint32_t)(off + 4 * j);
	}
	UT_EQ(bad, 0);
	UT_EQ(close(fd), 0);
}

int
main(void)
{
	int stop[2], start[2], status, kills, resent, i;
	pid_t drv, pid, newdrv = -1;
	char c;

	drv = ut_driver_pid("vtblk1");
	UT_TRUE(drv > 0);
	if (drv <= 0)
		UT_DONE("udrv_crash");
	test_many();
	resent = ut_sysctl_int("kern.agent_resent");
	UT_EQ(pipe(stop), 0);
	UT_EQ(pipe(start), 0);
	pid = fork();
	if (pid == 0) {
		close(stop[1]);
		close(start[0]);
		_exit(client(stop[0], start[1]));
	}
	close(stop[0]);
	close(start[1]);
	UT_EQ(read(start[0], &c, 1), 1);	/* the client reads */
	for (kills = 0; kills < KILLS; kills++) {
		if ((drv = ut_driver_pid("vtblk1")) <= 0)
			break;
		/* It dies holding the client's next read; init starts the
		 * next instance (the old pid leaves kern.devgrants). */
		UT_EQ(kill(drv, SIGUSR1), 0);
		for (i = 0; i < 1000 && ((newdrv = ut_driver_pid("vtblk1")) <= 0 ||
		    newdrv == drv); i++)
			ut_nap();
		UT_TRUE(newdrv > 0 && newdrv != drv);
	}
	resent = ut_sysctl_int("kern.agent_resent") - resent;
	printf("udrv_crash: %d crash(es) holding a read, %d read(s) re-sent\n",
	    kills, resent);
	UT_EQ(kills, KILLS);
	UT_TRUE(resent >= KILLS);
	/* The client goes on reading from the last instance a while (20
	 * sleeps: not an assertion), then stops. */
	for (i = 0; i < 20; i++)
		ut_nap();
	close(stop[1]);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_TRUE(WIFEXITED(status));
	UT_EQ(WEXITSTATUS(status), 0);
	UT_DONE("udrv_crash");
}
