/*
 * agent_resend - what a user disk driver held when it died, sorted as
 * sys/agent.h (WHEN THE DRIVER DIES) and the README promise: a disk
 * transfer is queued again for the successor (here a whole-sector
 * WRITE, which agent_disk and udrv_crash, both reads, do not cover),
 * everything else fails with EIO (an ioctl and an open, both held).
 *
 * A driver serving /dev/udisk0 is told to hold (ioctl HOLDIOC): it then
 * holds, unreplied, an 8 KiB pwrite from one client (its bytes checked
 * in its receive buffer), an ioctl (WAITIOC) from a second, and the
 * DEV_OPEN of a third's open, and dies.  Its supervisor starts a
 * successor, which first replies to the predecessor's ids (nothing to
 * it: ENOENT, the ids died with the old service), then serves: the
 * write must reach it again, same offset, length and bytes, once
 * (kern.agent_resent grows by exactly 1).  The writer's pwrite returns
 * 8192, the ioctl and the open EIO; the bytes read back through the
 * successor are the written ones; the device opens and closes as
 * before (the failed open left no count behind: the successor is sent
 * the last close and exits on it), and nothing is held at the end.
 * The runner checks for leaks (the failed open's file and vnode) and
 * stray processes.
 */
#include <sys/types.h>
#include <sys/agent.h>
#include <sys/ioctl.h>
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
#define WOFF		(64 * 1024)	/* the held write */
#define WLEN		(8 * 1024)
#define QUIT		_IO('u', 1)	/* exit after the next close */
#define HOLDIOC		_IO('u', 6)	/* hold the next write, ioctl, open */
#define WAITIOC		_IO('u', 7)	/* the ioctl held */
#define WRITES		_IOR('u', 8, int) /* writes at WOFF seen */
#define WAITS		1000		/* 10 ms naps */

static unsigned char disk[DISKSIZE];
static unsigned char dbuf[64 * 1024];
static unsigned char wbuf[WLEN], rbuf[WLEN];

static unsigned char
wpat(int i)
{
	return ((unsigned char)(i * 13 + 5));
}

static int
serve_udisk0(void)
{
	struct devserve ds;

	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "udisk0");
	ds.ds_flags = DSF_DISK;
	ds.ds_secsize = SECT;
	ds.ds_mediasize = DISKSIZE;
	ds.ds_timeout = 10000;
	ds.ds_maxio = 32 * 1024;
	return (devserve(&ds));
}

/* Whether the write described by m (its data in dbuf) is the held one,
 * byte for byte. */
static int
is_the_write(const struct udevmsg *m)
{
	int i;

	if (m->ud_cmd != UDEV_STRATEGY || m->ud_flags != UBIO_WRITE ||
	    m->ud_offset != WOFF)
		return (0);
	if (m->ud_len != WLEN)
		_exit(40);
	for (i = 0; i < WLEN; i++)
		if (dbuf[i] != wpat(i))
			_exit(41);
	return (1);
}

/*
 * A driver of udisk0.  The first (first 1) holds what HOLDIOC asks,
 * passes the ids it held down idfd and dies (exit 3); the second
 * (first 0) replies to the ids from idfd (ENOENT, else exit 50) and
 * serves until QUIT and a close (exit 0).
 */
static void
driver(int first, int idfd)
{
	struct udevmsg m;
	struct udevreply r;
	uint32_t ids[3];
	int svc, quitting = 0, holding = 0, held = 0, writes = 0, error, i;

	svc = serve_udisk0();
	if (svc <= 0)
		_exit(20);
	if (!first) {
		if (read(idfd, ids, sizeof(ids)) != sizeof(ids))
			_exit(51);
		for (i = 0; i < 3; i++) {
			memset(&r, 0, sizeof(r));
			r.ur_id = ids[i];
			if (__replysys(svc, &r) != ENOENT)
				_exit(50);
		}
	}
	for (;;) {
		memset(&m, 0, sizeof(m));
		m.ud_data = dbuf;
		m.ud_datamax = sizeof(dbuf);
		error = __recvsys(svc, &m);
		if (error != 0)
			_exit(21);
		memset(&r, 0, sizeof(r));
		r.ur_id = m.ud_id;
		if (holding) {
			i = m.ud_cmd == UDEV_OPEN ? 0 :
			    m.ud_cmd == UDEV_IOCTL && m.ud_ioctl == WAITIOC ? 1 :
			    is_the_write(&m) ? 2 : -1;
			if (i >= 0) {
				if (held & (1 << i))
					_exit(42);	/* twice */
				held |= 1 << i;
				ids[i] = m.ud_id;
				if (held == 7) {
					if (write(idfd, ids, sizeof(ids)) !=
					    sizeof(ids))
						_exit(43);
					_exit(3);	/* holding all three */
				}
				continue;
			}
		}
		switch (m.ud_cmd) {
		case UDEV_STRATEGY:
			if (m.ud_offset < 0 || m.ud_offset + m.ud_len > DISKSIZE)
				_exit(22);
			if (m.ud_flags == UBIO_READ) {
				r.ur_data = disk + m.ud_offset;
			} else {
				if (is_the_write(&m))
					writes++;
				memcpy(disk + m.ud_offset, dbuf, m.ud_len);
			}
			r.ur_count = m.ud_len;
			break;
		case UDEV_IOCTL:
			if (m.ud_ioctl == QUIT)
				quitting = 1;
			else if (m.ud_ioctl == HOLDIOC && first)
				holding = 1;
			else if (m.ud_ioctl == WRITES)
				r.ur_data = &writes;
			else
				r.ur_error = ENOTTY;
			break;
		}
		if (__replysys(svc, &r) != 0)
			_exit(23);
		if (m.ud_cmd == UDEV_CLOSE && quitting)
			_exit(0);
	}
}

/* The supervisor: the first driver, then its successor when it dies
 * (exit status 30 + what went wrong). */
static void
supervisor(void)
{
	pid_t pid;
	int p[2], st;

	if (pipe(p) != 0)
		_exit(33);
	pid = fork();
	if (pid == 0)
		driver(1, p[1]);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 3) {
		printf("agent_resend: first driver: status 0x%x\n", st);
		_exit(30);
	}
	pid = fork();
	if (pid == 0)
		driver(0, p[0]);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0) {
		printf("agent_resend: successor: status 0x%x\n", st);
		_exit(31);
	}
	_exit(0);
}

/* The three clients whose messages the first driver holds: exit 0 if
 * each got what the contract says. */
static void
writer(int fd)
{
	_exit(pwrite(fd, wbuf, WLEN, WOFF) == WLEN ? 0 : 1);
}

static void
ioctler(int fd)
{
	_exit(ioctl(fd, WAITIOC, NULL) == -1 && errno == EIO ? 0 : 1);
}

static void
opener(void)
{
	int fd = open("/dev/udisk0", O_RDONLY);

	if (fd >= 0)
		_exit(2);
	_exit(errno == EIO ? 0 : 1);
}

int
main(void)
{
	pid_t sup, cw, ci, co;
	int fd = -1, fd2, i, resent, st, writes = -1;

	for (i = 0; i < WLEN; i++)
		wbuf[i] = wpat(i);
	sup = fork();
	if (sup == 0)
		supervisor();
	for (i = 0; i < WAITS; i++) {
		fd = open("/dev/udisk0", O_RDWR);
		if (fd >= 0 || errno != ENXIO)
			break;
		ut_nap();
	}
	UT_TRUE(fd >= 0);
	if (fd < 0) {
		kill(sup, SIGKILL);
		waitpid(sup, &st, 0);
		UT_DONE("agent_resend");
	}
	resent = ut_sysctl_int("kern.agent_resent");
	UT_EQ(ioctl(fd, HOLDIOC, NULL), 0);
	cw = fork();
	if (cw == 0)
		writer(fd);
	ci = fork();
	if (ci == 0)
		ioctler(fd);
	co = fork();
	if (co == 0)
		opener();
	/* Each returns once the first driver died holding its message:
	 * the write answered by the successor, the others failed. */
	st = ut_watch(cw, 3000);
	UT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	st = ut_watch(ci, 3000);
	UT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	st = ut_watch(co, 3000);
	UT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	UT_EQ(ut_sysctl_int("kern.agent_resent") - resent, 1);

	/* The write landed once, in the successor, and reads back. */
	UT_EQ(ioctl(fd, WRITES, &writes), 0);
	UT_EQ(writes, 1);
	memset(rbuf, 0, sizeof(rbuf));
	UT_EQ(pread(fd, rbuf, WLEN, WOFF), WLEN);
	UT_EQ(memcmp(rbuf, wbuf, WLEN), 0);
	/* The failed open counted nothing: another open and close work,
	 * and the last close still reaches the successor (QUIT). */
	fd2 = open("/dev/udisk0", O_RDONLY);
	UT_TRUE(fd2 >= 0);
	if (fd2 >= 0)
		UT_EQ(close(fd2), 0);
	UT_EQ(ioctl(fd, QUIT, NULL), 0);
	UT_EQ(close(fd), 0);
	st = ut_watch(sup, 3000);
	UT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
	UT_DONE("agent_resend");
}
