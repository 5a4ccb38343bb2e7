/*
 * async_window - a message whose call has finished but whose completion
 * still has work to do that sleeps is in flight until SMF_DONE is in its
 * header: waitsys sleeps for it (never EINVAL), abortmsg finds it (0,
 * not ENOENT), sendsys of the same header is EBUSY, portclose of its
 * port is EBUSY (sys/sysmsg.h; kern_async.c, IN FLIGHT UNTIL DONE).
 *
 * The completion is held in that state on purpose, not by timing: a
 * close() sent asynchronously takes the descriptor's file at send, and
 * the completion drops that last reference, which closes the device;
 * the device is /dev/uecho1 (a name kern_agentreg.c reserves for
 * tests), served by this program through the port agent, and a
 * device's close waits for its driver's reply.  So the order is fixed:
 *
 *   child   opens /dev/uecho1 (the parent replies UDEV_OPEN) and sends
 *           close(fd) asynchronously: EASYNC
 *   parent  receives UDEV_CLOSE: the worker ran close() and is now in
 *           the completion, waiting for this reply.  It holds the reply
 *           and tells the child (a pipe)
 *   child   checks the message in that state (not done; abortmsg 0;
 *           in round 2, sendsys again EBUSY and portclose EBUSY), tells
 *           the parent, and calls waitsys
 *   parent  waits until the child sleeps (kern.proc says S: with the
 *           rule kept, in waitsys; without it, waitsys answered EINVAL
 *           at once and the child sleeps later, in its pipe read), then
 *           replies to the close
 *   child   waitsys returns 0; the header is done, result 0; it sends
 *           what it saw to the parent, which checks it
 *
 * Four rounds: waitsys(port 0, msg); waitsys(port, SYSMSG_ANY) on a
 * port of its own (whose count of messages in flight must not drop
 * before the header is done either); the same with portclose and
 * sendsys tried first (apart, since a sendsys wrongly taken would start
 * a second message on the header, which the waits would see); and a
 * disk's: a pread of /dev/udisk0 (served here too) sent to the disk
 * directly, its descriptor closed while the read is out, so that the
 * completion drops the file's last reference (blk_async's test_close,
 * where this was found).  Without the rule (the message taken out of
 * the in-flight table before the close), every check in the window
 * fails.
 */
#include <sys/types.h>
#include <sys/agent.h>
#include <sys/kinfo_proc.h>
#include <sys/sysctl.h>
#include <sysasync.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define DEV	"/dev/uecho1"
#define DISK	"/dev/udisk0"
#define SECT	512
#define RDOFF	(100 * SECT)	/* the pread's: no partition probe reads it */
#define ROUNDS	4
#define POLLS	1000		/* 10 ms naps: a watchdog, never a result */

/* What the child saw of its close message, one round. */
struct seen {
	int	sn_sent;	/* async_send: 1 (in flight) */
	int	sn_done_early;	/* SMF_DONE while the driver holds the close */
	int	sn_abort;	/* abortmsg: 0 or the errno */
	int	sn_resend;	/* sendsys of the same header: the errno
				 * (round 2) */
	int	sn_portclose;	/* portclose of its port: the errno (round 2) */
	int	sn_wait;	/* waitsys: 0 or the errno */
	int	sn_done;	/* SMF_DONE after waitsys */
	int	sn_result;	/* its result: 0 (close), SECT (pread) */
	int	sn_portclose2;	/* portclose once done: 0 (rounds 1, 2) */
};

static SYSMSG(close) cl;
static SYSMSG(pread) rd;
static char dbuf[4096], rbuf[SECT];

static int
err_of(int rv)
{
	return (rv == 0 ? 0 : errno);
}

/* The child's round: rounds 0 and 3 on port 0 with waitsys on the
 * message, 1 and 2 on a port of its own with waitsys(port, SYSMSG_ANY),
 * 2 after a portclose and a sendsys; 3 a disk's pread. */
static void
child_round(int round, int p2c, int c2p)
{
	struct sysmsg_hdr *h = &cl.h;
	size_t size = sizeof(cl);
	struct seen s;
	int fd, port = 0;
	char c = 0;

	memset(&s, 0, sizeof(s));
	if ((round == 1 || round == 2) && (port = port_create(SYSPORT_QUEUE,
	    NULL, NULL, 0)) < 0)
		_exit(3);
	fd = open(round == 3 ? DISK : DEV, round == 3 ? O_RDONLY : O_RDWR);
	if (fd < 0)
		_exit(2);
	if (round == 3) {
		sysmsg_init(&rd, pread);
		rd.a.fd = fd;
		rd.a.buf = rbuf;
		rd.a.nbyte = SECT;
		rd.a.offset = RDOFF;
		h = &rd.h;
		size = sizeof(rd);
		s.sn_sent = async_send(port, h, size, 0);
		/* Not the file's last reference: the read holds it. */
		if (close(fd) != 0 || write(c2p, &c, 1) != 1)
			_exit(7);
	} else {
		sysmsg_init(&cl, close);
		cl.a.fd = fd;
		s.sn_sent = async_send(port, h, size, 0);
	}
	if (read(p2c, &c, 1) != 1)
		_exit(4);
	/* The driver holds the close: the completion waits for it. */
	s.sn_done_early = async_done(h);
	s.sn_abort = err_of(abortmsg(port, h));
	if (round == 2) {
		s.sn_portclose = err_of(port_close(port));
		s.sn_resend = __sendsys(port, h, size);
	}
	if (write(c2p, &c, 1) != 1)
		_exit(5);
	if (round == 0 || round == 3)
		s.sn_wait = err_of(async_wait(port, h));
	else
		s.sn_wait = err_of(async_waitany(port));
	s.sn_done = async_done(h);
	s.sn_result = (int)async_result(h);
	if (round == 1 || round == 2)
		s.sn_portclose2 = err_of(port_close(port));
	if (write(c2p, &s, sizeof(s)) != sizeof(s))
		_exit(6);
}

static void
child(int p2c, int c2p)
{
	SYSMSG(noop) done;
	int round;

	/* Touch the waits' code first, so that the only sleep after the
	 * child's "now" is the waitsys under test. */
	sysmsg_init(&done, noop);
	(void)async_send(0, &done.h, sizeof(done), 0);
	(void)async_wait(0, &done.h);
	(void)async_waitany(0);
	for (round = 0; round < ROUNDS; round++)
		child_round(round, p2c, c2p);
	_exit(0);
}

/*
 * The disk's driver until the child's pread has come back and its last
 * reference's close arrives: that close's id, or 0.  Everything else is
 * answered at once (opens, closes, probes: sectors of zeros); the
 * pread's sector only once the child has closed its descriptor (a byte
 * on c2p), so that the read's completion drops the last reference.
 */
static uint32_t
disk_until_close(int svc, int c2p)
{
	static const char zeros[sizeof(dbuf)];
	struct udevreply r;
	struct udevmsg m;
	bool readdone = false;
	int i, error;
	char c;

	for (i = 0; i < POLLS; i++) {
		m.ud_data = dbuf;
		m.ud_datamax = sizeof(dbuf);
		error = __recvsys_nb(svc, &m);
		if (error == EAGAIN) {
			ut_nap();
			continue;
		}
		UT_EQ(error, 0);
		if (error != 0)
			return (0);
		if (m.ud_cmd == UDEV_CLOSE && readdone)
			return (m.ud_id);
		memset(&r, 0, sizeof(r));
		r.ur_id = m.ud_id;
		if (m.ud_cmd == UDEV_STRATEGY && m.ud_flags == UBIO_READ) {
			if (m.ud_len > sizeof(zeros))
				r.ur_error = EIO;
			else {
				r.ur_count = m.ud_len;
				r.ur_data = zeros;
			}
			if (m.ud_offset == RDOFF) {
				UT_EQ(read(c2p, &c, 1), 1);
				readdone = true;
			}
		}
		UT_EQ(__replysys(svc, &r), 0);
	}
	UT_FAIL("async_window: the disk's close never came");
	return (0);
}

/* kern.proc's state letter of pid, or 0. */
static char
stat_of(pid_t pid)
{
	static struct kinfo_proc kp[128];
	size_t len = sizeof(kp), i;

	if (sysctl("kern.proc", kp, &len, NULL, 0) != 0)
		return (0);
	for (i = 0; i < len / sizeof(kp[0]); i++) {
		if (kp[i].kp_pid == pid)
			return (kp[i].kp_stat);
	}
	return (0);
}

/* Wait until pid sleeps (or is gone): true if it was seen asleep. */
static bool
wait_asleep(pid_t pid)
{
	char st = 0;
	int i;

	for (i = 0; i < POLLS; i++) {
		st = stat_of(pid);
		if (st == 'S' || st == 'Z' || st == 0)
			break;
		ut_nap();
	}
	return (st == 'S');
}

/* The parent's side of one round (svc: uecho1's service, disk:
 * udisk0's). */
static void
parent_round(int round, int svc, int disk, pid_t pid, int p2c, int c2p)
{
	struct seen s;
	uint32_t id;
	char c = 0;

	static const char *const what[] = { "waitsys on the message",
	    "waitsys on SYSMSG_ANY of its port", "portclose, sendsys, "
	    "waitsys on SYSMSG_ANY", "a disk's pread, its descriptor closed, "
	    "waitsys on the message" };

	printf("async_window: round %d: %s\n", round, what[round]);
	if (round == 3) {
		if ((id = disk_until_close(disk, c2p)) == 0)
			return;
		svc = disk;
	} else {
		if ((id = ut_svc_take(svc, UDEV_OPEN, POLLS)) == 0)
			return;
		UT_EQ(ut_svc_reply(svc, id, 0, NULL), 0);
		if ((id = ut_svc_take(svc, UDEV_CLOSE, POLLS)) == 0)
			return;
	}
	/* The child's close is completing, and waits for this reply. */
	UT_EQ(write(p2c, &c, 1), 1);
	UT_EQ(read(c2p, &c, 1), 1);
	UT_TRUE(wait_asleep(pid));
	UT_EQ(ut_svc_reply(svc, id, 0, NULL), 0);
	memset(&s, 0xff, sizeof(s));
	UT_EQ(read(c2p, &s, sizeof(s)), sizeof(s));
	UT_EQ(s.sn_sent, 1);
	UT_EQ(s.sn_done_early, 0);
	UT_EQ(s.sn_abort, 0);
	UT_EQ(s.sn_resend, round == 2 ? EBUSY : 0);
	UT_EQ(s.sn_portclose, round == 2 ? EBUSY : 0);
	UT_EQ(s.sn_wait, 0);
	UT_EQ(s.sn_done, 1);
	UT_EQ(s.sn_result, round == 3 ? SECT : 0);
	UT_EQ(s.sn_portclose2, 0);
}

int
main(void)
{
	struct devserve ds;
	int svc, disk, p2c[2], c2p[2], round;
	pid_t pid;

	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "uecho1");	/* reserved at boot: no growth */
	ds.ds_timeout = 60000;	/* the held close is not late */
	svc = devserve(&ds);
	UT_TRUE(svc >= 1 && svc <= SVC_MAX);
	strcpy(ds.ds_name, "udisk0");	/* reserved too */
	ds.ds_flags = DSF_DISK;
	ds.ds_secsize = SECT;
	ds.ds_mediasize = 1024 * 1024;
	disk = devserve(&ds);
	UT_TRUE(disk >= 1 && disk <= SVC_MAX && disk != svc);
	UT_EQ(pipe(p2c), 0);
	UT_EQ(pipe(c2p), 0);
	pid = fork();
	UT_TRUE(pid >= 0);
	if (pid == 0) {
		close(p2c[1]);
		close(c2p[0]);
		child(p2c[0], c2p[1]);
	}
	close(p2c[0]);
	close(c2p[1]);
	for (round = 0; round < ROUNDS; round++)
		parent_round(round, svc, disk, pid, p2c[1], c2p[0]);
	close(p2c[1]);
	UT_EQ(ut_watch(pid, POLLS), 0);
	close(c2p[0]);
	UT_DONE("async_window");
}
