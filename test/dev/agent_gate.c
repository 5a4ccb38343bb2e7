/*
 * agent_gate - receiving and replying to device messages in a user
 * process (sys/agent.h): an echo device /dev/uecho0 served by this
 * program through the gate's receive and reply operations and used by
 * its children through open, write, read and close.  Blocking and
 * non-blocking receive, EINTR, bad handles and pointers (EBADF,
 * EFAULT), EMSGSIZE, a reply given twice (EALREADY) or never given
 * (ENOENT), a reply from another process (EBADF: handles are per
 * process), malformed replies (EINVAL to the driver, EIO to the
 * client), a reply past the deadline (EIO, then EALREADY), a driver
 * that exits holding a read (EIO: a read of a character device is not
 * re-sent), and one that takes no message (killed by the watchdog).
 * The heartbeat: a driver served with DSF_PING that stays silent gets a
 * UDEV_PING, answers it once (a second answer EALREADY, an id never
 * sent ENOENT), then stops answering and is killed
 * (kern.agent_unanswered).  A disk served gone (DSF_GONE, size 0:
 * ENXIO), brought back by a devserve from the same service (its size),
 * and the new flags' checks.
 * The settings over drivers (CTLFLAG_DRV: the heartbeat's two, the
 * fault campaign's switch, kern.agent_physio) are written by this
 * program (a launcher) and refused, EPERM and unchanged, to a child
 * that gave the launcher's right up.
 * Also recvsys_wait's bounded wait, devserve's refusal of DSF_PHYSIO to
 * a disk without a bus-master grant, and replyrecvsys (replies and a
 * receive in one call): its own errors, a reply refused in the middle
 * of a batch (a bad id, a second reply, a bad pointer, a late reply:
 * rr_nreplied names it, the replies before it taken, nothing received),
 * and a receive whose answer cannot be written (a read-only struct
 * udevrr: EFAULT, the message queued again).
 * Timed receives share a service's wait timer (kern_agent.c,
 * agent_wait_arm): a receive a message ended early leaves the timer due
 * at its end, yet a later, shorter wait still ends at its own time, and
 * a later, longer one is not ended by the earlier one's timer.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/agent.h>
#include <sys/devgrant.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

static char dbuf[256];

static int
serve(const char *name, int timeout_ms)
{
	struct devserve ds;

	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, name);
	ds.ds_timeout = timeout_ms;
	return (devserve(&ds));
}

/* Receive the next message, waiting a bounded number of polls. */
static int
recv_poll(int svc, struct udevmsg *m)
{
	int i, error = EAGAIN;

	for (i = 0; i < 1000 && error == EAGAIN; i++) {
		m->ud_data = dbuf;
		m->ud_datamax = sizeof(dbuf);
		error = __recvsys_nb(svc, m);
		if (error == EAGAIN)
			ut_nap();
	}
	return (error);
}

static int
reply(int svc, uint32_t id, int error, uint32_t count, const void *data)
{
	struct udevreply r = { id, error, count, data };

	return (__replysys(svc, &r));
}

/* Receive one message of command cmd and reply error 0 (a count of 0). */
static void
expect_simple(int svc, int cmd)
{
	struct udevmsg m;

	UT_EQ(recv_poll(svc, &m), 0);
	UT_EQ(m.ud_cmd, cmd);
	UT_EQ(reply(svc, m.ud_id, 0, 0, NULL), 0);
}

/* A client: open, write "hello", read back, close. */
static void
client_echo(void)
{
	char buf[64];
	int fd, n;

	fd = open("/dev/uecho0", O_RDWR);
	if (fd < 0)
		_exit(2);
	if (write(fd, "hello", 5) != 5)
		_exit(3);
	memset(buf, 0, sizeof(buf));
	n = read(fd, buf, sizeof(buf));
	if (n != 5 || memcmp(buf, "HELLO", 5) != 0)
		_exit(4);
	if (close(fd) != 0)
		_exit(5);
	_exit(0);
}

static pid_t
spawn(void (*fn)(void))
{
	pid_t pid = fork();

	if (pid == 0)
		fn();
	return (pid);
}

static int
exit_of(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return (-1);
	return (WIFEXITED(st) ? WEXITSTATUS(st) : 0x100 | WTERMSIG(st));
}

static void
test_echo(int svc)
{
	struct udevmsg m;
	pid_t pid;
	int i;

	pid = spawn(client_echo);
	UT_TRUE(pid > 0);
	/* Blocking receive: the open comes. */
	m.ud_data = dbuf;
	m.ud_datamax = sizeof(dbuf);
	UT_EQ(__recvsys(svc, &m), 0);
	UT_EQ(m.ud_cmd, UDEV_OPEN);
	UT_EQ(m.ud_flags & 3, 3);		/* FREAD | FWRITE */
	UT_TRUE(m.ud_id != 0);
	UT_EQ(reply(svc, m.ud_id, 0, 0, NULL), 0);
	/* The write: its data in our buffer. */
	UT_EQ(recv_poll(svc, &m), 0);
	UT_EQ(m.ud_cmd, UDEV_WRITE);
	UT_EQ(m.ud_len, 5);
	UT_TRUE(memcmp(dbuf, "hello", 5) == 0);
	UT_EQ(reply(svc, m.ud_id, 0, 5, NULL), 0);
	/* The read: our data to the client. */
	UT_EQ(recv_poll(svc, &m), 0);
	UT_EQ(m.ud_cmd, UDEV_READ);
	UT_EQ(m.ud_len, 64);
	for (i = 0; i < 5; i++)
		dbuf[i] = "hello"[i] - 'a' + 'A';
	UT_EQ(reply(svc, m.ud_id, 0, 5, dbuf), 0);
	/* Twice: refused, nothing happens. */
	UT_EQ(reply(svc, m.ud_id, 0, 5, dbuf), EALREADY);
	expect_simple(svc, UDEV_CLOSE);
	UT_EQ(exit_of(pid), 0);
}

static void
test_bad_calls(int svc)
{
	struct udevmsg m;
	struct devserve ds;

	m.ud_data = dbuf;
	m.ud_datamax = sizeof(dbuf);
	UT_EQ(__recvsys_nb(svc, &m), EAGAIN);	/* nothing queued */
	UT_EQ(__recvsys_nb(0, &m), EBADF);
	UT_EQ(__recvsys_nb(-1, &m), EBADF);
	UT_EQ(__recvsys_nb(SVC_MAX + 1, &m), EBADF);
	UT_EQ(__recvsys_nb(svc + 1, &m), EBADF);	/* not made */
	UT_EQ(__recvsys_nb(svc, NULL), EFAULT);
	UT_EQ(__recvsys_nb(svc, (void *)0xc0000000), EFAULT);
	UT_EQ(__replysys(svc, NULL), EFAULT);
	UT_EQ(__replysys(svc + 1, NULL), EBADF);
	UT_EQ(reply(svc, 0, 0, 0, NULL), ENOENT);
	UT_EQ(reply(svc, 0x7fff01, 0, 0, NULL), ENOENT);  /* never given */
	UT_EQ(reply(svc, (1 << 8) | 200, 0, 0, NULL), ENOENT); /* no slot */
	/* devserve's checks. */
	UT_ERR(devserve(NULL), EFAULT);
	memset(&ds, 'x', sizeof(ds));			/* no NUL */
	UT_ERR(devserve(&ds), EINVAL);
	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "null");			/* a kernel driver's */
	UT_ERR(devserve(&ds), EEXIST);
	strcpy(ds.ds_name, "uecho0");			/* served already */
	UT_ERR(devserve(&ds), EBUSY);
	ds.ds_flags = 0x100;
	UT_ERR(devserve(&ds), EINVAL);
	ds.ds_flags = DSF_DISK;
	ds.ds_secsize = 100;
	ds.ds_mediasize = 1000;
	UT_ERR(devserve(&ds), EINVAL);
	ds.ds_flags = 0;
	ds.ds_svc = 7;					/* not a handle */
	strcpy(ds.ds_name, "uecho_nope");
	UT_ERR(devserve(&ds), EBADF);
	/* DSF_PHYSIO: a disk's only, and a bus-master grant's only. */
	ds.ds_svc = 0;
	ds.ds_flags = DSF_PHYSIO;
	UT_ERR(devserve(&ds), EINVAL);
	strcpy(ds.ds_name, "udisk0");
	ds.ds_flags = DSF_DISK | DSF_PHYSIO;
	ds.ds_secsize = 512;
	ds.ds_mediasize = 1024 * 1024;
	UT_ERR(devserve(&ds), EPERM);			/* no grant */
	/* recvsys_wait: a bounded wait ends with EAGAIN when nothing
	 * came; recvsys_nb does not wait at all. */
	memset(&m, 0, sizeof(m));
	m.ud_data = dbuf;
	m.ud_datamax = sizeof(dbuf);
	m.ud_wait = 20;
	UT_EQ(__recvsys_wait(svc, &m), EAGAIN);
	UT_EQ(__recvsys_wait(svc + 1, &m), EBADF);
	UT_EQ(__recvsys_wait(svc, NULL), EFAULT);
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return ((long)(t1.tv_sec - t0->tv_sec) * 1000 +
	    (t1.tv_nsec - t0->tv_nsec) / 1000000);
}

/* A client that naps, then opens and closes /dev/uecho0. */
static void
client_late_open(void)
{
	int fd, i;

	for (i = 0; i < 5; i++)
		ut_nap();
	fd = open("/dev/uecho0", O_RDONLY);
	if (fd < 0)
		_exit(2);
	_exit(close(fd) == 0 ? 0 : 3);
}

/* A timed receive of wait_ms that a late client's open ends (or that
 * ends first, on a slow machine: then it takes the open after); the
 * close answered too. */
static void
timed_open(int svc, uint32_t wait_ms)
{
	struct udevmsg m;
	pid_t pid;
	int error;

	pid = spawn(client_late_open);
	UT_TRUE(pid > 0);
	memset(&m, 0, sizeof(m));
	m.ud_data = dbuf;
	m.ud_datamax = sizeof(dbuf);
	m.ud_wait = wait_ms;
	error = __recvsys_wait(svc, &m);
	if (error == EAGAIN)
		error = recv_poll(svc, &m);
	UT_EQ(error, 0);
	UT_EQ(m.ud_cmd, UDEV_OPEN);
	UT_EQ(reply(svc, m.ud_id, 0, 0, NULL), 0);
	expect_simple(svc, UDEV_CLOSE);
	UT_EQ(exit_of(pid), 0);
}

static void
test_timed_waits(int svc)
{
	struct udevmsg m;
	struct timespec t0;
	long ms;

	/* A 60 s wait ended by a message leaves the timer due in 60 s: a
	 * 50 ms wait still ends in about 50 ms, not then. */
	timed_open(svc, 60000);
	memset(&m, 0, sizeof(m));
	m.ud_data = dbuf;
	m.ud_datamax = sizeof(dbuf);
	m.ud_wait = 50;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	UT_EQ(__recvsys_wait(svc, &m), EAGAIN);
	ms = ms_since(&t0);
	UT_TRUE(ms >= 30 && ms < 30000);
	/* A 300 ms wait ended by a message leaves the timer due in 300
	 * ms: a 1 s wait after it is woken then, and sleeps on. */
	timed_open(svc, 300);
	m.ud_wait = 1000;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	UT_EQ(__recvsys_wait(svc, &m), EAGAIN);
	ms = ms_since(&t0);
	UT_TRUE(ms >= 950);
}

/* A client that reads once and reports what read returned. */
static void
client_read(void)
{
	char buf[64];
	int fd, n;

	fd = open("/dev/uecho0", O_RDONLY);
	if (fd < 0)
		_exit(2);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n == 3 && memcmp(buf, "abc", 3) == 0)
		_exit(0);
	_exit(n < 0 && errno == EIO ? 10 : 11);
}

/* Another process replies with our handle and id: it means nothing. */
static uint32_t stolen_id;
static int stolen_svc;
static void
thief(void)
{
	struct udevmsg m;

	if (reply(stolen_svc, stolen_id, 0, 3, "xyz") != EBADF)
		_exit(1);
	m.ud_data = dbuf;
	m.ud_datamax = sizeof(dbuf);
	if (__recvsys_nb(stolen_svc, &m) != EBADF)
		_exit(2);
	_exit(0);
}

/* One client read, answered by how(); returns the client's exit. */
static int
one_read(int svc, int (*how)(int svc, struct udevmsg *m))
{
	struct udevmsg m;
	pid_t pid = spawn(client_read);

	expect_simple(svc, UDEV_OPEN);
	UT_EQ(recv_poll(svc, &m), 0);
	UT_EQ(m.ud_cmd, UDEV_READ);
	how(svc, &m);
	expect_simple(svc, UDEV_CLOSE);
	return (exit_of(pid));
}

static int
how_good(int svc, struct udevmsg *m)
{
	stolen_id = m->ud_id;
	stolen_svc = svc;
	UT_EQ(exit_of(spawn(thief)), 0);
	UT_EQ(reply(svc, m->ud_id, 0, 3, "abc"), 0);
	return (0);
}

static int
how_negative(int svc, struct udevmsg *m)
{
	UT_EQ(reply(svc, m->ud_id, -5, 0, NULL), EINVAL);
	UT_EQ(reply(svc, m->ud_id, 0, 3, "abc"), EALREADY);
	return (0);
}

static int
how_huge_error(int svc, struct udevmsg *m)
{
	UT_EQ(reply(svc, m->ud_id, 9999, 0, NULL), EINVAL);
	return (0);
}

static int
how_too_many(int svc, struct udevmsg *m)
{
	UT_EQ(reply(svc, m->ud_id, 0, m->ud_len + 1, dbuf), EINVAL);
	return (0);
}

static int
how_bad_data(int svc, struct udevmsg *m)
{
	UT_EQ(reply(svc, m->ud_id, 0, 3, (void *)1), EFAULT);
	UT_EQ(reply(svc, m->ud_id, 0, 3, "abc"), EALREADY);
	return (0);
}

static int
how_kernel_data(int svc, struct udevmsg *m)
{
	UT_EQ(reply(svc, m->ud_id, 0, 3, (void *)0xc0100000), EFAULT);
	return (0);
}

static void
test_replies(int svc)
{
	int bad = ut_sysctl_int("kern.agent_badreplies");

	UT_EQ(one_read(svc, how_good), 0);
	UT_EQ(one_read(svc, how_negative), 10);
	UT_EQ(one_read(svc, how_huge_error), 10);
	UT_EQ(one_read(svc, how_too_many), 10);
	UT_EQ(one_read(svc, how_bad_data), 10);
	UT_EQ(one_read(svc, how_kernel_data), 10);
	UT_EQ(ut_sysctl_int("kern.agent_badreplies") - bad, 5);
}

/* replyrecvsys with the replies r[0..n) and flags: its error; *m the
 * message received (ud_data our buffer), *done rr_nreplied. */
static int
rr(int svc, const struct udevreply *r, uint32_t n, uint32_t flags,
    struct udevmsg *m, uint32_t *done)
{
	struct udevrr a;
	int error;

	memset(&a, 0, sizeof(a));
	a.rr_msg.ud_data = dbuf;
	a.rr_msg.ud_datamax = sizeof(dbuf);
	a.rr_reply = r;
	a.rr_nreply = n;
	a.rr_flags = flags;
	a.rr_nreplied = 0xdead;
	error = __replyrecvsys(svc, &a);
	if (m != NULL)
		*m = a.rr_msg;
	if (done != NULL)
		*done = a.rr_nreplied;
	return (error);
}

/*
 * replyrecvsys: replies and a receive in one call.  Its own errors, then
 * a client's open, read and close answered by it: each reply taken as
 * replysys takes it (a bad id, a second reply, a bad pointer stop the
 * call, rr_nreplied naming the reply), the receive done only when every
 * reply was taken.
 */
static void
test_replyrecv(int svc)
{
	struct udevreply r[3];
	struct udevrr a, *ro;
	struct udevmsg m;
	uint32_t done, id;
	pid_t pid;

	memset(&a, 0, sizeof(a));
	UT_EQ(__replyrecvsys(svc, NULL), EFAULT);
	UT_EQ(__replyrecvsys(svc + 1, &a), EBADF);
	UT_EQ(__replyrecvsys(0, &a), EBADF);
	a.rr_nreply = AGENT_RRMAX + 1;
	UT_EQ(__replyrecvsys(svc, &a), EINVAL);
	a.rr_nreply = 0;
	a.rr_flags = 0x80;
	UT_EQ(__replyrecvsys(svc, &a), EINVAL);
	a.rr_flags = RR_NB;
	a.rr_nreply = 1;
	a.rr_reply = (void *)1;
	UT_EQ(__replyrecvsys(svc, &a), EFAULT);		/* the replies */
	UT_EQ(rr(svc, NULL, 0, RR_NB, &m, &done), EAGAIN);
	UT_EQ(done, 0);
	UT_EQ(rr(svc, NULL, 0, RR_NORECV, NULL, NULL), 0); /* nothing */
	r[0].ur_id = 0x7fff01;			/* never given */
	r[0].ur_error = 0;
	r[0].ur_count = 0;
	r[0].ur_data = NULL;
	UT_EQ(rr(svc, r, 1, RR_NB, &m, &done), ENOENT);
	UT_EQ(done, 0);

	/* A client's read: the open received and answered with the read's
	 * receive; then the read's reply with a bad one after it. */
	pid = spawn(client_read);
	UT_EQ(rr(svc, NULL, 0, 0, &m, NULL), 0);	/* waits */
	UT_EQ(m.ud_cmd, UDEV_OPEN);
	r[0].ur_id = m.ud_id;
	UT_EQ(rr(svc, r, 1, 0, &m, NULL), 0);
	UT_EQ(m.ud_cmd, UDEV_READ);
	id = m.ud_id;
	r[0].ur_id = id;
	r[0].ur_count = 3;
	r[0].ur_data = "abc";
	r[1] = r[0];
	r[1].ur_id = 0x7fff01;
	UT_EQ(rr(svc, r, 2, RR_NB, &m, &done), ENOENT);	/* the second */
	UT_EQ(done, 1);
	UT_EQ(rr(svc, r, 1, RR_NORECV, NULL, &done), EALREADY); /* twice */
	UT_EQ(done, 0);
	UT_EQ(rr(svc, NULL, 0, 0, &m, NULL), 0);
	UT_EQ(m.ud_cmd, UDEV_CLOSE);
	r[0].ur_id = m.ud_id;
	r[0].ur_count = 0;
	r[0].ur_data = NULL;
	UT_EQ(rr(svc, r, 1, RR_NORECV, NULL, NULL), 0);
	UT_EQ(exit_of(pid), 0);

	/* A reply whose data is no memory of ours: EFAULT for us, EIO for
	 * the client, and nothing received after it. */
	pid = spawn(client_read);
	expect_simple(svc, UDEV_OPEN);
	UT_EQ(rr(svc, NULL, 0, 0, &m, NULL), 0);
	UT_EQ(m.ud_cmd, UDEV_READ);
	r[0].ur_id = m.ud_id;
	r[0].ur_count = 3;
	r[0].ur_data = (void *)1;
	UT_EQ(rr(svc, r, 1, 0, &m, &done), EFAULT);
	UT_EQ(done, 0);
	UT_EQ(rr(svc, r, 1, RR_NORECV, NULL, &done), EALREADY);
	expect_simple(svc, UDEV_CLOSE);
	UT_EQ(exit_of(pid), 10);

	/* A receive whose answer cannot be written (its struct udevrr
	 * read-only): EFAULT, and the read taken is queued again, whole. */
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
	    -1, 0);
	UT_TRUE(ro != MAP_FAILED);
	memset(ro, 0, sizeof(*ro));
	ro->rr_msg.ud_data = dbuf;
	ro->rr_msg.ud_datamax = sizeof(dbuf);
	UT_EQ(mprotect(ro, 4096, PROT_READ), 0);
	pid = spawn(client_read);
	expect_simple(svc, UDEV_OPEN);
	UT_EQ(__replyrecvsys(svc, ro), EFAULT);		/* waits, then */
	UT_EQ(ro->rr_msg.ud_id, 0);			/* nothing written */
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
	UT_EQ(rr(svc, NULL, 0, 0, &m, NULL), 0);
	UT_EQ(m.ud_cmd, UDEV_READ);
	r[0].ur_id = m.ud_id;
	r[0].ur_count = 3;
	r[0].ur_data = "abc";
	UT_EQ(rr(svc, r, 1, 0, &m, NULL), 0);
	UT_EQ(m.ud_cmd, UDEV_CLOSE);
	r[0].ur_id = m.ud_id;
	r[0].ur_count = 0;
	r[0].ur_data = NULL;
	UT_EQ(rr(svc, r, 1, RR_NORECV, NULL, NULL), 0);
	UT_EQ(exit_of(pid), 0);
	UT_EQ(munmap(ro, 4096), 0);
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
}

/* A client that writes 5 bytes. */
static void
client_write(void)
{
	int fd = open("/dev/uecho0", O_WRONLY);

	if (fd < 0)
		_exit(2);
	if (write(fd, "12345", 5) != 3)		/* the driver takes 3 */
		_exit(3);
	close(fd);
	_exit(0);
}

static void
test_sizes(int svc)
{
	struct udevmsg m;
	pid_t pid = spawn(client_write);

	expect_simple(svc, UDEV_OPEN);
	/* No room: EMSGSIZE, the length it needs, and it stays queued. */
	do {
		m.ud_data = dbuf;
		m.ud_datamax = 0;
		m.ud_id = 77;
	} while (__recvsys_nb(svc, &m) == EAGAIN && (ut_nap(), 1));
	UT_EQ(m.ud_id, 0);
	UT_EQ(m.ud_len, 5);
	/* An unwritable buffer: EFAULT, still queued. */
	m.ud_data = (void *)0xc0000000;
	m.ud_datamax = 64;
	UT_EQ(__recvsys_nb(svc, &m), EFAULT);
	m.ud_data = (void *)4096;			/* unmapped */
	UT_EQ(__recvsys_nb(svc, &m), EFAULT);
	/* Room for 4: the write is cut to 4 (a short write is allowed). */
	m.ud_data = dbuf;
	m.ud_datamax = 4;
	UT_EQ(__recvsys_nb(svc, &m), 0);
	UT_EQ(m.ud_cmd, UDEV_WRITE);
	UT_EQ(m.ud_len, 4);
	UT_TRUE(memcmp(dbuf, "1234", 4) == 0);
	UT_EQ(reply(svc, m.ud_id, 0, 3, NULL), 0);
	expect_simple(svc, UDEV_CLOSE);
	UT_EQ(exit_of(pid), 0);
}

static volatile int sigs;
static void
on_usr1(int sig)
{
	(void)sig;
	sigs++;
}

static pid_t pinged;
static void
pinger(void)
{
	int i;

	for (i = 0; i < 1000; i++) {
		kill(pinged, SIGUSR1);
		ut_nap();
	}
	_exit(0);
}

static void
test_eintr(int svc)
{
	struct udevmsg m;
	pid_t pid;

	signal(SIGUSR1, on_usr1);
	pinged = getpid();
	pid = spawn(pinger);
	m.ud_data = dbuf;
	m.ud_datamax = sizeof(dbuf);
	UT_EQ(__recvsys(svc, &m), EINTR);	/* nobody sends: a signal ends it */
	UT_TRUE(sigs > 0);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	signal(SIGUSR1, SIG_DFL);
}

/* A client of uecho1: read, report. */
static void
client_read1(void)
{
	char buf[16];
	int fd, i, n;

	for (i = 0; i < 1000; i++) {
		fd = open("/dev/uecho1", O_RDONLY);
		if (fd >= 0 || errno != ENXIO)
			break;
		ut_nap();
	}
	if (fd < 0)
		_exit(errno == EIO ? 12 : 2);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n == 2 && memcmp(buf, "ok", 2) == 0)
		_exit(0);
	_exit(n < 0 && errno == EIO ? 10 : 11);
}

/* A driver of uecho1 that takes no message at all. */
static void
silent_driver(void)
{
	int i;

	if (serve("uecho1", 300) <= 0)
		_exit(20);
	for (i = 0; i < 3000; i++)
		ut_nap();
	_exit(0);
}

/* A driver of uecho1 that dies holding the read. */
static void
dying_driver(void)
{
	struct udevmsg m;
	int svc = serve("uecho1", 1000);

	if (svc <= 0)
		_exit(20);
	expect_simple(svc, UDEV_OPEN);
	if (recv_poll(svc, &m) != 0 || m.ud_cmd != UDEV_READ)
		_exit(21);
	_exit(0);				/* holding it */
}

static void
test_exit_and_deadline(void)
{
	struct udevmsg m;
	pid_t drv, cl;
	int svc, t0;

	/* The driver exits holding a read: EIO, not re-sent. */
	drv = spawn(dying_driver);
	cl = spawn(client_read1);
	UT_EQ(exit_of(drv), 0);
	UT_EQ(exit_of(cl), 10);

	/* A driver that takes nothing is killed by the watchdog; what
	 * waited for it fails once the grace for a successor is over. */
	t0 = ut_sysctl_int("kern.agent_hung");
	drv = spawn(silent_driver);
	cl = spawn(client_read1);
	UT_EQ(exit_of(drv), 0x100 | SIGKILL);
	UT_EQ(exit_of(cl), 12);
	UT_EQ(ut_sysctl_int("kern.agent_hung") - t0, 1);

	/* No reply within the deadline: EIO; the late reply: EALREADY. */
	t0 = ut_sysctl_int("kern.agent_timeouts");
	svc = serve("uecho1", 1000);
	UT_TRUE(svc > 0);
	cl = spawn(client_read1);
	expect_simple(svc, UDEV_OPEN);
	UT_EQ(recv_poll(svc, &m), 0);
	UT_EQ(m.ud_cmd, UDEV_READ);
	expect_simple(svc, UDEV_CLOSE);		/* it gave up on us */
	UT_EQ(exit_of(cl), 10);
	UT_EQ(reply(svc, m.ud_id, 0, 2, "ok"), EALREADY);
	{
		/* Late through replyrecvsys too: refused, nothing taken. */
		struct udevreply late = { m.ud_id, 0, 2, "ok" };
		uint32_t done;

		UT_EQ(rr(svc, &late, 1, RR_NB, NULL, &done), EALREADY);
		UT_EQ(done, 0);
	}
	UT_EQ(ut_sysctl_int("kern.agent_timeouts") - t0, 1);
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
}

/* A driver of uecho1 that answers its first heartbeat, then no more. */
static void
ping_once_driver(void)
{
	struct devserve ds;
	struct udevmsg m;
	int svc;

	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "uecho1");
	ds.ds_flags = DSF_PING;
	if ((svc = devserve(&ds)) <= 0)
		_exit(20);
	memset(&m, 0, sizeof(m));
	m.ud_data = dbuf;
	m.ud_datamax = sizeof(dbuf);
	if (__recvsys(svc, &m) != 0 || m.ud_cmd != UDEV_PING ||
	    m.ud_unit != 0 || m.ud_len != 0)
		_exit(21);			/* silent: pinged */
	if (reply(svc, m.ud_id, 0, 0, NULL) != 0)
		_exit(22);
	if (reply(svc, m.ud_id, 0, 0, NULL) != EALREADY)
		_exit(23);
	if (reply(svc, m.ud_id + (1 << 8), 0, 0, NULL) != ENOENT)
		_exit(24);			/* a ping never sent */
	for (;;)
		ut_nap();				/* stops answering */
}

static void
test_heartbeat(void)
{
	int ping0 = ut_sysctl_int("kern.agent_ping_ms");
	int wait0 = ut_sysctl_int("kern.agent_ping_wait_ms");
	int un0 = ut_sysctl_int("kern.agent_unanswered");
	int p0 = ut_sysctl_int("kern.agent_pings");
	pid_t drv;
	int st;

	UT_EQ(ut_sysctl_set("kern.agent_ping_ms", 100), 0);
	UT_EQ(ut_sysctl_set("kern.agent_ping_wait_ms", 1000), 0);
	drv = spawn(ping_once_driver);
	st = ut_watch(drv, 3000);	/* -1: no heartbeat killed it */
	UT_TRUE(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	UT_EQ(ut_sysctl_int("kern.agent_unanswered") - un0, 1);
	UT_TRUE(ut_sysctl_int("kern.agent_pings") - p0 >= 2);
	UT_EQ(ut_sysctl_set("kern.agent_ping_ms", ping0), 0);
	UT_EQ(ut_sysctl_set("kern.agent_ping_wait_ms", wait0), 0);
}

/* The settings over user drivers, written by a process that is no
 * launcher (it gave the right up): EPERM each, nothing changed.  The
 * child's exit status is the first one that was not refused. */
static const char *const drv_knobs[] = { "kern.agent_ping_ms",
    "kern.agent_ping_wait_ms", "kern.agent_fault_armed",
    "kern.agent_physio" };
#define NKNOBS	(int)(sizeof(drv_knobs) / sizeof(drv_knobs[0]))

static void
knobs_child(void)
{
	int i;

	if (devgrant(0, NULL) != 0)
		_exit(40);
	for (i = 0; i < NKNOBS; i++)
		if (ut_sysctl_set(drv_knobs[i], 1) != -1 || errno != EPERM)
			_exit(41 + i);
	_exit(0);
}

static void
test_drv_knobs(void)
{
	int v0[NKNOBS], i, st;
	pid_t pid;

	for (i = 0; i < NKNOBS; i++)
		v0[i] = ut_sysctl_int(drv_knobs[i]);
	pid = spawn(knobs_child);
	UT_EQ(waitpid(pid, &st, 0), pid);
	UT_TRUE(WIFEXITED(st));
	UT_EQ(WEXITSTATUS(st), 0);
	for (i = 0; i < NKNOBS; i++)
		UT_EQ(ut_sysctl_int(drv_knobs[i]), v0[i]);
	/* A launcher may: the heartbeat's, as test_heartbeat does. */
	UT_EQ(ut_sysctl_set("kern.agent_ping_wait_ms", v0[1] + 1), 0);
	UT_EQ(ut_sysctl_int("kern.agent_ping_wait_ms"), v0[1] + 1);
	UT_EQ(ut_sysctl_set("kern.agent_ping_wait_ms", v0[1]), 0);
}

/* devserve of udisk0 (reserved: a disk of 1 MiB), with flags. */
static int
serve_disk(int svc, uint32_t flags, int64_t size)
{
	struct devserve ds;

	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "udisk0");
	ds.ds_flags = flags;
	ds.ds_secsize = 512;
	ds.ds_mediasize = size;
	ds.ds_svc = svc;
	return (devserve(&ds));
}

static void
test_gone(void)
{
	struct devserve ds;
	struct stat st;
	int svc;

	UT_ERR(serve_disk(0, DSF_PART, 1 << 20), EINVAL);   /* not a disk */
	UT_ERR(serve_disk(0, DSF_DISK | DSF_PART | DSF_PARTS, 1 << 20),
	    EINVAL);
	UT_ERR(serve_disk(0, DSF_DISK, 0), EINVAL);	/* empty, not gone */
	svc = serve_disk(0, DSF_DISK | DSF_GONE, 0);
	UT_TRUE(svc > 0);
	UT_ERR(open("/dev/udisk0", O_RDONLY), ENXIO);
	UT_ERR(serve_disk(svc, DSF_DISK | DSF_PART, 1 << 20), EEXIST);
	UT_ERR(serve_disk(svc, DSF_DISK | DSF_INTR, 1 << 20), EINVAL);
	memset(&ds, 0, sizeof(ds));			/* another sector */
	strcpy(ds.ds_name, "udisk0");
	ds.ds_flags = DSF_DISK;
	ds.ds_secsize = 1024;
	ds.ds_mediasize = 1 << 20;
	ds.ds_svc = svc;
	UT_ERR(devserve(&ds), EINVAL);
	UT_EQ(serve_disk(svc, DSF_DISK, 1 << 19), svc);	/* back */
	UT_EQ(stat("/dev/udisk0", &st), 0);
	UT_EQ(st.st_size, 1 << 19);
	UT_EQ(serve_disk(svc, DSF_DISK | DSF_GONE, 0), svc);
	UT_ERR(open("/dev/udisk0", O_RDONLY), ENXIO);
	UT_EQ(serve_disk(svc, DSF_DISK, 1 << 20), svc);	/* as it was */
	UT_EQ(stat("/dev/udisk0", &st), 0);
	UT_EQ(st.st_size, 1 << 20);
}

int
main(void)
{
	int svc;

	svc = serve("uecho0", 0);
	UT_TRUE(svc >= 1 && svc <= SVC_MAX);
	test_echo(svc);
	test_bad_calls(svc);
	test_timed_waits(svc);
	test_replies(svc);
	test_replyrecv(svc);
	test_sizes(svc);
	test_eintr(svc);
	test_drv_knobs();
	test_heartbeat();
	test_exit_and_deadline();
	test_gone();
	UT_DONE("agent_gate");
}
