/*
 * agent_lines - a service with two interrupt lines held by recvsys
 * still holds AGENT_NHELD device messages (sys/sys/agentvar.h,
 * AGENT_NSLOT: a held slot for each line's interrupt beyond the
 * AGENT_NHELD).  With one slot for every interrupt, the second held
 * line took a device message's room and the service got ENOBUFS at
 * AGENT_NHELD - 1 messages; nothing else reaches two held lines (lib/
 * libdrv receives interrupts through replyrecvsys, which holds none).
 *
 * Only an IDE grant has two lines (14 and 15, one a channel: sys/
 * devgrant.h; a process holds one grant), so this test needs the PIIX
 * IDE controller free: the harness's agent-lines boot (test/qemu-
 * check.sh: ata=off, a disk on each channel's master).  Anywhere else
 * the grant is EBUSY, and the test fails.
 *
 * A driver child, granted the controller, serves /dev/uecho1 with
 * DSF_INTR and makes each channel interrupt with IDENTIFY DEVICE
 * (its 512 bytes read by PIO, which checks the interrupt was that
 * command's).  Lines first: it holds both interrupts (recvsys_nb,
 * UDEV_INTR, lines 14 and 15, each with an id), then AGENT_NHELD reads
 * of the test's children, and one more receive finds nothing
 * (EAGAIN: a service with an interrupt waits for it, never ENOBUFS);
 * kern.agent_held counts AGENT_NHELD + 2.  Then messages first: the
 * interrupts replied (which unmasks the lines), both channels
 * interrupt again and both are held beside the AGENT_NHELD reads.
 * Then everything is answered: each child reads its byte, and nothing
 * stays held.  Red with AGENT_NSLOT at AGENT_NHELD + 1 (exit 8: the
 * AGENT_NHELD-th read refused).
 */
#include <sys/types.h>
#include <sys/agent.h>
#include <sys/devgrant.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <machine/cpufunc.h>	/* inb, outb, insw */
#include <dev/ata/atareg.h>
#include "utest.h"

#define IDE		"pci:8086:7010"	/* QEMU's PIIX3 IDE function */
#define NREAD		AGENT_NHELD
#define CHECKS		3000

#define CHECK(e, code) do { if (!(e)) { printf("agent_lines: %s:%d: " \
	"%s (errno %d)\n", __FILE__, __LINE__, #e, errno); \
	_exit(code); } } while (0)

static const struct chan {
	uint16_t	c_cmd, c_ctl;
	uint32_t	c_irq;
} chans[2] = {
	{ ATA_PRIMARY_CMD, ATA_PRIMARY_CTL, ATA_PRIMARY_IRQ },
	{ ATA_SECONDARY_CMD, ATA_SECONDARY_CTL, ATA_SECONDARY_IRQ },
};

static char dbuf[256];

/* Channel c's master: status until BSY clears (bounded), INTRQ cleared. */
static uint8_t
ide_status(const struct chan *c)
{
	uint8_t st = ATA_S_BSY;
	int i;

	for (i = 0; i < 100000 && (st & ATA_S_BSY); i++)
		st = inb(c->c_cmd + ATA_STATUS);
	return (st);
}

/* Make channel c interrupt: IDENTIFY DEVICE to its master. */
static void
ide_kick(const struct chan *c)
{
	outb(c->c_ctl + ATA_DEVCTL, 0);			/* INTRQ on */
	outb(c->c_cmd + ATA_DEVICE, ATA_D_OBS);		/* the master */
	(void)ide_status(c);
	outb(c->c_cmd + ATA_COMMAND, ATA_IDENTIFY);
}

/* Channel c interrupted for ide_kick's command: its data read, INTRQ
 * dropped; false if the device had no data for it. */
static bool
ide_done(const struct chan *c)
{
	uint16_t ident[256];
	uint8_t st = ide_status(c);

	if ((st & (ATA_S_DRQ | ATA_S_ERR)) != ATA_S_DRQ)
		return (false);
	insw(c->c_cmd + ATA_DATA, ident, 256);
	return ((ident[0] & 0x8000) == 0 &&		/* an ATA device */
	    !(ide_status(c) & ATA_S_DRQ));
}

/* The next message of svc into *m (ut_svc_poll); exit code if none. */
static void
take(int svc, struct udevmsg *m, int code)
{
	int error = ut_svc_poll(svc, m, dbuf, sizeof(dbuf), CHECKS);

	if (error != 0) {
		printf("agent_lines: receive: error %d (exit %d)\n", error,
		    code);
		_exit(code);
	}
}

/* One receive into dbuf, no wait: 0, or its error (EAGAIN: none). */
#define recv_nb(svc, m)	ut_svc_poll((svc), (m), dbuf, sizeof(dbuf), 1)

/*
 * Kick both channels and hold both interrupts (recvsys_nb: each has an
 * id), ids[0] line 14's and ids[1] line 15's; the devices answered.
 * Codes from code on.
 */
static void
hold_lines(int svc, uint32_t ids[2], int code)
{
	struct udevmsg m;
	int got = 0, k;

	ide_kick(&chans[0]);
	ide_kick(&chans[1]);
	while (got != 3) {
		take(svc, &m, code);
		CHECK(m.ud_cmd == UDEV_INTR && m.ud_id != 0, code + 1);
		k = m.ud_flags == chans[0].c_irq ? 0 :
		    m.ud_flags == chans[1].c_irq ? 1 : -1;
		CHECK(k >= 0 && !(got & (1 << k)), code + 2);
		CHECK(ide_done(&chans[k]), code + 3);
		ids[k] = m.ud_id;
		got |= 1 << k;
	}
}

static void
driver(int readyfd)
{
	static uint32_t held[NREAD];
	struct devserve ds;
	struct udevmsg m;
	uint32_t lines[2];
	int svc, n = 0, i, closed = 0, stale = 0;

	/* Both channels quiet before their lines are ours, and any
	 * interrupt left from before (the firmware's probe) taken. */
	for (i = 0; i < 2; i++) {
		outb(chans[i].c_ctl + ATA_DEVCTL, ATA_C_NIEN);
		(void)ide_status(&chans[i]);
	}
	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "uecho1");
	ds.ds_flags = DSF_INTR;
	ds.ds_timeout = 20000;
	svc = devserve(&ds);
	CHECK(svc > 0, 2);
	while (recv_nb(svc, &m) == 0 && m.ud_cmd == UDEV_INTR && stale++ < 4)
		CHECK(ut_svc_reply(svc, m.ud_id, 0, NULL) == 0, 3);
	CHECK(recv_nb(svc, &m) == EAGAIN, 4);

	/* Lines first: both held, then every read. */
	hold_lines(svc, lines, 10);
	CHECK(ut_sysctl_int("kern.agent_held") == 2, 5);
	CHECK(write(readyfd, "r", 1) == 1, 6);
	while (n < NREAD) {
		take(svc, &m, 8);
		if (m.ud_cmd == UDEV_OPEN) {
			CHECK(ut_svc_reply(svc, m.ud_id, 0, NULL) == 0, 9);
			continue;
		}
		CHECK(m.ud_cmd == UDEV_READ, 20);
		held[n++] = m.ud_id;
	}
	CHECK(recv_nb(svc, &m) == EAGAIN, 21);
	CHECK(ut_sysctl_int("kern.agent_held") == NREAD + 2, 22);

	/* Messages first: the lines replied (unmasked), then held again
	 * beside the reads. */
	CHECK(ut_svc_reply(svc, lines[0], 0, NULL) == 0, 23);
	CHECK(ut_svc_reply(svc, lines[1], 0, NULL) == 0, 24);
	CHECK(ut_svc_reply(svc, lines[0], 0, NULL) == EALREADY, 25);
	hold_lines(svc, lines, 30);
	CHECK(ut_sysctl_int("kern.agent_held") == NREAD + 2, 26);
	CHECK(recv_nb(svc, &m) == EAGAIN, 27);

	/* Everything answered: each reader gets its byte and closes. */
	for (i = 0; i < n; i++)
		CHECK(ut_svc_reply(svc, held[i], 1, "x") == 0, 40);
	CHECK(ut_svc_reply(svc, lines[0], 0, NULL) == 0, 41);
	CHECK(ut_svc_reply(svc, lines[1], 0, NULL) == 0, 42);
	while (closed < NREAD) {
		take(svc, &m, 45);
		CHECK(m.ud_cmd == UDEV_CLOSE, 46);
		CHECK(ut_svc_reply(svc, m.ud_id, 0, NULL) == 0, 47);
		closed++;
	}
	CHECK(ut_sysctl_int("kern.agent_held") == 0, 48);
	_exit(0);
}

static void
wait_for(int fd)
{
	char c;

	if (read(fd, &c, 1) != 1)
		_exit(1);
}

int
main(void)
{
	pid_t drv, kids[NREAD] = { 0 };
	int go[2], ready[2], fd, i, st, ok = 0;
	char c;

	UT_EQ(pipe(go), 0);
	UT_EQ(pipe(ready), 0);
	drv = fork();
	if (drv == 0) {
		close(ready[0]);
		wait_for(go[0]);
		driver(ready[1]);
	}
	close(ready[1]);
	UT_EQ(devgrant(drv, IDE), 0);
	UT_EQ(write(go[1], "g", 1), 1);
	if (read(ready[0], &c, 1) == 1) {
		for (i = 0; i < NREAD; i++) {
			kids[i] = fork();
			if (kids[i] == 0) {
				fd = open("/dev/uecho1", O_RDONLY);
				_exit(fd >= 0 && read(fd, &c, 1) == 1 &&
				    c == 'x' && close(fd) == 0 ? 0 : 1);
			}
		}
	}
	/* The driver ends after every reader closed; one that failed
	 * leaves readers waiting for a successor: they are killed. */
	st = ut_watch(drv, CHECKS);
	UT_TRUE(WIFEXITED(st));
	UT_EQ(WEXITSTATUS(st), 0);
	for (i = 0; i < NREAD && kids[i] > 0; i++) {
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			kill(kids[i], SIGKILL);
		ok += ut_watch(kids[i], CHECKS) == 0;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		UT_EQ(ok, NREAD);
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
	close(go[0]);
	close(go[1]);
	close(ready[0]);
	UT_DONE("agent_lines");
}
