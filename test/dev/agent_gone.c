/*
 * agent_gone - a disk served gone (DSF_GONE, sys/agent.h: PARTITIONS
 * IN THE DRIVER'S PROCESS) and what waits for it, as a successor meets
 * it: "what was queued for it (sent to a dead predecessor) stays
 * queued, not received, until it is served again without DSF_GONE",
 * and "going gone fails what is queued, ENXIO".  agent_gate checks
 * only the flags and the size of a gone disk with nothing waiting.
 *
 *   1. A driver of /dev/udisk0 dies holding a client's 4 KiB read.
 *   2. Its successor serves udisk0 gone (size 0): the read is not
 *      given to it (recvsys_nb: EAGAIN), a new open is ENXIO.
 *   3. It serves udisk0 again (1 MiB): the read comes (the same offset
 *      and length), is answered, and the client gets the right bytes.
 *   4. A client's write, queued (a receive with no room for it says
 *      EMSGSIZE and leaves it queued), fails with ENXIO when the
 *      driver serves the disk gone; the disk comes back and the last
 *      close reaches the driver, which exits.
 * The runner checks for leaks and stray processes.
 */
#include <sys/types.h>
#include <sys/agent.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define SECT		512
#define DISKSIZE	(1024 * 1024)
#define ROFF		8192
#define RLEN		4096
#define CHECKS		3000

#define CHECK(e, code) do { if (!(e)) { printf("agent_gone: %s:%d: " \
	"%s (errno %d)\n", __FILE__, __LINE__, #e, errno); \
	_exit(code); } } while (0)

static unsigned char disk[DISKSIZE];
static unsigned char dbuf[64 * 1024];

static unsigned char
pattern(off_t off)
{
	return ((unsigned char)((off * 7 + (off >> 9) * 3) & 0xff));
}

static int
serve(int svc, uint32_t flags, int64_t size)
{
	struct devserve ds;

	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "udisk0");
	ds.ds_flags = DSF_DISK | flags;
	ds.ds_secsize = SECT;
	ds.ds_mediasize = size;
	ds.ds_timeout = 5000;
	ds.ds_svc = svc;
	return (devserve(&ds));
}

static void
tell(int fd, char c)
{
	CHECK(write(fd, &c, 1) == 1, 90);
}

static void
await(int fd, char want)
{
	char c;

	CHECK(read(fd, &c, 1) == 1 && c == want, 91);
}

/* The first driver: answers the open, dies holding the read. */
static void
first(int tofd)
{
	struct udevmsg m;
	int svc;

	svc = serve(0, 0, DISKSIZE);
	CHECK(svc > 0, 2);
	tell(tofd, 'r');
	CHECK(ut_svc_poll(svc, &m, dbuf, sizeof(dbuf), CHECKS) == 0, 3);
	CHECK(m.ud_cmd == UDEV_OPEN, 4);
	CHECK(ut_svc_reply(svc, m.ud_id, 0, NULL) == 0, 5);
	CHECK(ut_svc_poll(svc, &m, dbuf, sizeof(dbuf), CHECKS) == 0, 6);
	CHECK(m.ud_cmd == UDEV_STRATEGY && m.ud_flags == UBIO_READ &&
	    m.ud_offset == ROFF && m.ud_len == RLEN, 7);
	_exit(3);
}

/* The successor (steps 2 to 4). */
static void
successor(int tofd, int fromfd, int clientfd)
{
	struct udevmsg m;
	int svc, i;

	close(clientfd);		/* the client's: its close is ours */
	svc = serve(0, DSF_GONE, 0);
	CHECK(svc > 0, 10);
	memset(&m, 0, sizeof(m));
	m.ud_data = dbuf;
	m.ud_datamax = sizeof(dbuf);
	CHECK(__recvsys_nb(svc, &m) == EAGAIN, 11);	/* not while gone */
	tell(tofd, 'g');
	await(fromfd, 'b');
	CHECK(__recvsys_nb(svc, &m) == EAGAIN, 12);
	CHECK(serve(svc, 0, DISKSIZE) == svc, 13);	/* back */
	CHECK(ut_svc_poll(svc, &m, dbuf, sizeof(dbuf), CHECKS) == 0, 14);
	CHECK(m.ud_cmd == UDEV_STRATEGY && m.ud_flags == UBIO_READ &&
	    m.ud_offset == ROFF && m.ud_len == RLEN, 15);
	CHECK(ut_svc_reply(svc, m.ud_id, RLEN, disk + ROFF) == 0, 16);
	tell(tofd, 'a');

	/* Step 4: the write, left queued, then gone. */
	for (i = 0; i < CHECKS; i++) {
		memset(&m, 0, sizeof(m));
		m.ud_data = dbuf;
		m.ud_datamax = 0;
		if (__recvsys_nb(svc, &m) == EMSGSIZE)
			break;
		ut_nap();
	}
	CHECK(i < CHECKS && m.ud_id == 0 && m.ud_len == RLEN, 17);
	CHECK(serve(svc, DSF_GONE, 0) == svc, 18);
	CHECK(__recvsys_nb(svc, &m) == EAGAIN, 19);	/* failed, gone */
	CHECK(serve(svc, 0, DISKSIZE) == svc, 20);
	CHECK(__recvsys_nb(svc, &m) == EAGAIN, 21);	/* and not back */
	tell(tofd, 'x');
	CHECK(ut_svc_poll(svc, &m, dbuf, sizeof(dbuf), CHECKS) == 0, 22);
	CHECK(m.ud_cmd == UDEV_CLOSE, 23);
	CHECK(ut_svc_reply(svc, m.ud_id, 0, NULL) == 0, 24);
	_exit(0);
}

static void
reader(int fd)
{
	static unsigned char buf[RLEN];
	int i;

	CHECK(pread(fd, buf, RLEN, ROFF) == RLEN, 30);
	for (i = 0; i < RLEN; i++)
		CHECK(buf[i] == pattern(ROFF + i), 31);
	_exit(0);
}

static void
writer(int fd)
{
	static unsigned char buf[RLEN];

	CHECK(pwrite(fd, buf, RLEN, 0) == -1 && errno == ENXIO, 40);
	_exit(0);
}

/* The next byte from fd (non-blocking), waited for at most CHECKS naps:
 * 0 if none came (its writer died, or hangs). */
static char
hear(int fd)
{
	ssize_t n;
	char c;
	int i;

	for (i = 0; i < CHECKS; i++) {
		if ((n = read(fd, &c, 1)) == 1)
			return (c);
		if (n == 0 || errno != EAGAIN)
			return (0);
		ut_nap();
	}
	return (0);
}

int
main(void)
{
	int up[2], down[2], fd, st;
	pid_t d1, d2, rd, wr;
	off_t i;

	signal(SIGPIPE, SIG_IGN);	/* a dead driver fails, not kills */
	for (i = 0; i < DISKSIZE; i++)
		disk[i] = pattern(i);
	UT_EQ(pipe(up), 0);
	UT_EQ(pipe(down), 0);
	UT_EQ(fcntl(up[0], F_SETFL, O_NONBLOCK), 0);

	/* 1. The first driver dies holding the read. */
	d1 = fork();
	if (d1 == 0)
		first(up[1]);
	UT_EQ(hear(up[0]), 'r');
	fd = open("/dev/udisk0", O_RDWR);
	UT_TRUE(fd >= 0);
	if (fd < 0) {
		kill(d1, SIGKILL);
		UT_DONE("agent_gone");
	}
	rd = fork();
	if (rd == 0)
		reader(fd);
	st = ut_watch(d1, CHECKS);
	UT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 3);

	/* 2. Served gone: not given, and ENXIO to a new open. */
	d2 = fork();
	if (d2 == 0)
		successor(up[1], down[0], fd);
	close(up[1]);			/* its death ends our reads */
	close(down[0]);
	UT_EQ(hear(up[0]), 'g');
	UT_ERR(open("/dev/udisk0", O_RDONLY), ENXIO);
	/* 3. Back: the read is answered, right. */
	UT_EQ(write(down[1], "b", 1), 1);
	UT_EQ(hear(up[0]), 'a');
	st = ut_watch(rd, CHECKS);
	UT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);

	/* 4. A queued write fails when the disk goes gone. */
	wr = fork();
	if (wr == 0)
		writer(fd);
	st = ut_watch(wr, CHECKS);
	UT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	UT_EQ(hear(up[0]), 'x');
	UT_EQ(close(fd), 0);
	st = ut_watch(d2, CHECKS);
	UT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
	close(up[0]);
	close(down[1]);
	UT_DONE("agent_gone");
}
