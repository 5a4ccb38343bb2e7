/*
 * agent_barbuf - a driver's device memory and DMA memory as the buffers
 * of its own gate calls and I/O (sys/devgrant.h: a BAR mapping is
 * "never held for I/O", "a read into a BAR is EFAULT"; sys/agent.h: a
 * receive whose ud_data cannot take the data is EFAULT with the
 * message left queued, a reply whose ur_data is unreadable is EFAULT
 * and its sender gets EIO).  agent_hw and agent_fuzzhw map the BARs
 * and the DMA memory but never hand them to the agent.
 *
 * A child granted the e1000 (QEMU's 8086:100e, no kernel driver; a
 * 128 KiB memory BAR 0) maps BAR 0 and 8 KiB of DMA memory and serves
 * /dev/uecho0 with its struct udevmsg in the DMA memory:
 *   - a 64 KiB read(2) of /dev/vtbd0 (held pages, not bounced) into the
 *     BAR: EFAULT, and the BAR's registers still answer;
 *   - a client's write received with ud_data in the BAR: EFAULT, the
 *     message queued still; received again into the DMA memory: its
 *     bytes there;
 *   - the client's first read answered from the BAR: EFAULT to the
 *     driver, EIO to the client; its second read answered from the
 *     DMA memory: the bytes it wrote.
 * The runner checks for leaks (the DMA pages back at exit) and stray
 * processes.
 */
#include <sys/types.h>
#include <sys/agent.h>
#include <sys/devgrant.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define E1000		"pci:8086:100e"
#define E_STATUS	0x0008
#define LEN		64
#define CHECKS		3000

#define CHECK(e, code) do { if (!(e)) { printf("agent_barbuf: %s:%d: " \
	"%s (errno %d)\n", __FILE__, __LINE__, #e, errno); \
	_exit(code); } } while (0)

static char big[64 * 1024];

static void
driver(int gofd, int readyfd)
{
	volatile uint32_t *regs;
	struct devserve ds;
	struct udevmsg *m;
	unsigned char *dma;
	uint32_t pa, status;
	char c;
	int fd, svc;

	CHECK(read(gofd, &c, 1) == 1, 2);	/* granted */
	regs = barmap(0);
	CHECK(regs != (void *)-1, 3);
	dma = dmaalloc(8192, &pa);
	CHECK(dma != (void *)-1, 4);
	m = (struct udevmsg *)dma;		/* its receives' struct */
	status = regs[E_STATUS / 4];

	/* A device read into the BAR: pages held, none there. */
	fd = open("/dev/vtbd0", O_RDONLY);
	CHECK(fd >= 0, 5);
	CHECK(read(fd, big, sizeof(big)) == (ssize_t)sizeof(big), 6);
	CHECK(pread(fd, (void *)regs, sizeof(big), 0) == -1 &&
	    errno == EFAULT, 7);
	CHECK(regs[E_STATUS / 4] == status, 8);
	close(fd);

	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "uecho0");
	ds.ds_timeout = 10000;
	svc = devserve(&ds);
	CHECK(svc > 0, 9);
	CHECK(write(readyfd, "r", 1) == 1, 10);

	CHECK(ut_svc_poll(svc, m, dma + 4096, 4096, CHECKS) == 0, 11);
	CHECK(m->ud_cmd == UDEV_OPEN, 12);
	CHECK(ut_svc_reply(svc, m->ud_id, 0, NULL) == 0, 13);
	/* The write's data into the BAR: refused, left queued. */
	CHECK(ut_svc_poll(svc, m, (void *)regs, 4096, CHECKS) == EFAULT, 14);
	CHECK(regs[E_STATUS / 4] == status, 15);
	CHECK(ut_svc_poll(svc, m, dma + 4096, 4096, CHECKS) == 0, 16);
	CHECK(m->ud_cmd == UDEV_WRITE && m->ud_len == LEN, 17);
	for (c = 0; c < LEN; c++)
		CHECK(dma[4096 + c] == (unsigned char)(c * 7 + 1), 18);
	CHECK(ut_svc_reply(svc, m->ud_id, LEN, NULL) == 0, 19);
	/* A read answered from the BAR: unreadable for the agent. */
	CHECK(ut_svc_poll(svc, m, dma + 4096, 4096, CHECKS) == 0, 20);
	CHECK(m->ud_cmd == UDEV_READ && m->ud_len >= LEN, 21);
	CHECK(ut_svc_reply(svc, m->ud_id, LEN, (const void *)regs) == EFAULT, 22);
	CHECK(ut_svc_reply(svc, m->ud_id, LEN, dma + 4096) == EALREADY, 23);
	/* Then from the DMA memory. */
	CHECK(ut_svc_poll(svc, m, dma + 4096, 4096, CHECKS) == 0, 24);
	CHECK(m->ud_cmd == UDEV_READ && m->ud_len >= LEN, 25);
	CHECK(ut_svc_reply(svc, m->ud_id, LEN, dma + 4096) == 0, 26);
	CHECK(ut_svc_poll(svc, m, dma + 4096, 4096, CHECKS) == 0, 27);
	CHECK(m->ud_cmd == UDEV_CLOSE, 28);
	CHECK(ut_svc_reply(svc, m->ud_id, 0, NULL) == 0, 29);
	_exit(0);
}

static void
client(void)
{
	unsigned char buf[LEN];
	int fd, i;

	for (i = 0; i < LEN; i++)
		buf[i] = (unsigned char)(i * 7 + 1);
	fd = open("/dev/uecho0", O_RDWR);
	CHECK(fd >= 0, 40);
	CHECK(write(fd, buf, LEN) == LEN, 41);
	memset(buf, 0, sizeof(buf));
	CHECK(read(fd, buf, LEN) == -1 && errno == EIO, 42);
	CHECK(read(fd, buf, LEN) == LEN, 43);
	for (i = 0; i < LEN; i++)
		CHECK(buf[i] == (unsigned char)(i * 7 + 1), 44);
	CHECK(close(fd) == 0, 45);
	_exit(0);
}

int
main(void)
{
	int go[2], ready[2], st;
	pid_t drv, cl;
	char c;

	UT_EQ(pipe(go), 0);
	UT_EQ(pipe(ready), 0);
	drv = fork();
	if (drv == 0)
		driver(go[0], ready[1]);
	close(ready[1]);		/* its death ends the wait below */
	UT_EQ(devgrant(drv, E1000), 0);
	UT_EQ(write(go[1], "g", 1), 1);
	if (read(ready[0], &c, 1) == 1) {
		cl = fork();
		if (cl == 0)
			client();
		st = ut_watch(cl, CHECKS);
		UT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	st = ut_watch(drv, CHECKS);
	UT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
	close(go[0]);
	close(go[1]);
	close(ready[0]);
	UT_DONE("agent_barbuf");
}
