/*
 * drvif_agent - drivers written against the driver interface, served by
 * a user process through the port agent (lib/libdrv/drvagent.c), used
 * by another process through /dev as any disk:
 *
 *   /dev/tdisk0    a RAM disk on a thread port whose strategy messages
 *                  finish from its timer's message (as a real disk's
 *                  from its interrupt's);
 *   /dev/tpart0  a partition on a direct port that adds its offset and
 *                  passes the message to the disk by a plain call in the
 *                  same process (drv_send): the agent carries the message
 *                  in and the reply out, nothing between the two drivers.
 *
 * Checked from the client: the writes through the partition land at its
 * offset on the disk (read back through the disk), 4 KiB and 64 KiB
 * transfers, the end of the partition (the kernel's answer), an ioctl
 * the drivers answer (DIOCGMEDIASIZE: IOC_OUT through the reply) and one
 * they do not know (ENOTTY); from the driver: every message went through
 * the partition's handler and the disk's thread port; the driver exits
 * when told (at the disk's next close) and the agent holds nothing.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/uio.h>
#include <sys/ioctl.h>
#include <sys/msgport.h>
#include <sys/device.h>
#include <sys/drvif.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "libdrv.h"
#include "utest.h"

MALLOC_DEFINE(M_TDISK, "tdisk", "the test's RAM disk");

#define SECT		512
#define DISKSIZE	(256 * 1024)
#define PARTOFF		(16 * 1024)
#define TMO_CMD		0x5401
#define TD_QUIT		_IO('t', 1)
#define TD_COUNTS	_IOR('t', 2, int[2])

/* ---- the drivers (the child) ------------------------------------------ */

static struct {
	unsigned char	*d_data;
	lwkt_port_t	d_port;
	struct drv_timer d_timer;
	struct dev_strategy_msg *d_active;
	TAILQ_HEAD(, dev_strategy_msg) d_queue;
	uint32_t	d_gen;
	int		d_nstrategy;
} disk;
static struct cdev disk_dev = { .si_name = "tdisk0", .si_flags = SI_DISK,
    .si_secsize = SECT, .si_mediasize = DISKSIZE };
static struct lwkt_port part_port;
static struct cdev part_dev = { .si_name = "tpart0", .si_flags = SI_DISK,
    .si_secsize = SECT, .si_mediasize = DISKSIZE - PARTOFF };
static int part_nstrategy;
static volatile bool quit;
static bool quitting;

static void
disk_start(void)
{
	if (disk.d_active != NULL ||
	    (disk.d_active = TAILQ_FIRST(&disk.d_queue)) == NULL)
		return;
	TAILQ_REMOVE(&disk.d_queue, disk.d_active, a_link);
	drv_timer_arm(&disk.d_timer, 1, ++disk.d_gen);
}

static void
disk_msg(lwkt_msg_t msg, void *arg)
{
	union dev_anymsg *m = (union dev_anymsg *)msg;
	struct dev_strategy_msg *sm;
	int error;

	switch (msg->ms_cmd) {
	case TMO_CMD:			/* "the interrupt" */
		drv_reply(msg, 0);
		sm = disk.d_active;
		if (sm == NULL || disk.d_timer.dt_fired != disk.d_gen)
			return;
		disk.d_active = NULL;
		error = drv_uiomove(disk.d_data + sm->a_offset, sm->a_bcount,
		    sm->a_uio);
		sm->a_resid = error ? sm->a_bcount : 0;
		drv_reply(&sm->a_head.dm_msg, error);
		disk_start();
		return;
	case DEV_STRATEGY:
		disk.d_nstrategy++;
		TAILQ_INSERT_TAIL(&disk.d_queue, &m->strategy, a_link);
		disk_start();
		return;
	case DEV_CLOSE:
		if (quitting && m->head.dm_dev == &disk_dev)
			quit = true;
		/* FALLTHROUGH */
	case DEV_OPEN:
		drv_reply(msg, 0);
		return;
	case DEV_IOCTL:
		if (m->ioctl.a_cmd == DIOCGMEDIASIZE) {
			*(off_t *)m->ioctl.a_data =
			    m->head.dm_dev->si_mediasize;
			drv_reply(msg, 0);
		} else if (m->ioctl.a_cmd == TD_COUNTS) {
			((int *)m->ioctl.a_data)[0] = part_nstrategy;
			((int *)m->ioctl.a_data)[1] = disk.d_nstrategy;
			drv_reply(msg, 0);
		} else if (m->ioctl.a_cmd == TD_QUIT) {
			quitting = true;	/* at the disk's next close */
			drv_reply(msg, 0);
		} else {
			drv_reply(msg, ENOTTY);
		}
		return;
	}
	drv_reply(msg, EOPNOTSUPP);
}

static int
part_devmsg(union dev_anymsg *m)
{
	if (m->lmsg.ms_cmd != DEV_STRATEGY) {
		drv_send(disk.d_port, &m->lmsg);	/* the disk answers */
		return (EASYNC);
	}
	part_nstrategy++;
	m->strategy.a_offset += PARTOFF;
	drv_send(disk.d_port, &m->lmsg);		/* a call */
	return (EASYNC);
}

static void
driver(void)
{
	int error;

	disk.d_data = drv_malloc(DISKSIZE, M_TDISK, DRV_WAITOK | DRV_ZERO);
	TAILQ_INIT(&disk.d_queue);
	drv_port_thread(&disk.d_port, disk_msg, NULL, "tdisk");
	drv_timer_init(&disk.d_timer, disk.d_port, TMO_CMD, NULL);
	disk_dev.si_port = disk.d_port;
	drv_port_direct(&part_port, part_devmsg);
	part_dev.si_port = &part_port;
	if (drv_register(&disk_dev) != 0 || drv_register(&part_dev) != 0)
		_exit(20);
	error = drv_serve(&quit);
	_exit(error == 0 ? 0 : 21);
}

/* ---- the client ------------------------------------------------------- */

static unsigned char wbuf[64 * 1024], rbuf[64 * 1024];

static int
open_retry(const char *path)
{
	int fd = -1, i;

	for (i = 0; i < 500; i++) {
		fd = open(path, O_RDWR);
		if (fd >= 0 || (errno != ENOENT && errno != ENXIO))
			break;
		ut_nap();
	}
	return (fd);
}

int
main(void)
{
	off_t size = 0;
	int counts0[2], counts[2], fd, dfd, st, i;
	pid_t pid;

	pid = fork();
	if (pid == 0)
		driver();
	UT_TRUE(pid > 0);
	fd = open_retry("/dev/tpart0");
	UT_TRUE(fd >= 0);
	dfd = open_retry("/dev/tdisk0");
	UT_TRUE(dfd >= 0);

	/* (The kernel's partition layer read sector 0 of each already.) */
	UT_EQ(ioctl(dfd, TD_COUNTS, counts0), 0);
	UT_EQ(ioctl(fd, DIOCGMEDIASIZE, &size), 0);
	UT_EQ(size, DISKSIZE - PARTOFF);
	UT_ERR(ioctl(fd, _IOR('t', 9, int), &i), ENOTTY);

	for (i = 0; i < (int)sizeof(wbuf); i++)
		wbuf[i] = (unsigned char)(i * 13 + 5);
	UT_EQ(pwrite(fd, wbuf, 4096, 8192), 4096);
	UT_EQ(pread(dfd, rbuf, 4096, PARTOFF + 8192), 4096);
	UT_EQ(memcmp(rbuf, wbuf, 4096), 0);
	UT_EQ(pwrite(fd, wbuf, sizeof(wbuf), 65536), (ssize_t)sizeof(wbuf));
	memset(rbuf, 0, sizeof(rbuf));
	UT_EQ(pread(fd, rbuf, sizeof(rbuf), 65536), (ssize_t)sizeof(rbuf));
	UT_EQ(memcmp(rbuf, wbuf, sizeof(rbuf)), 0);
	memset(rbuf, 0, sizeof(rbuf));
	UT_EQ(pread(dfd, rbuf, sizeof(rbuf), PARTOFF + 65536),
	    (ssize_t)sizeof(rbuf));
	UT_EQ(memcmp(rbuf, wbuf, sizeof(rbuf)), 0);
	/* Before the partition: untouched. */
	UT_EQ(pread(dfd, rbuf, SECT, PARTOFF - SECT), SECT);
	for (i = 0; i < SECT && rbuf[i] == 0; i++)
		;
	UT_EQ(i, SECT);
	/* The end of the partition: the kernel answers. */
	UT_EQ(pread(fd, rbuf, SECT, DISKSIZE - PARTOFF), 0);

	/* Every partition transfer went through both drivers. */
	UT_EQ(ioctl(dfd, TD_COUNTS, counts), 0);
	UT_EQ(counts[0] - counts0[0], 3);
	UT_EQ(counts[1] - counts0[1], 6);

	UT_EQ(close(fd), 0);
	UT_EQ(ioctl(dfd, TD_QUIT, NULL), 0);
	UT_EQ(close(dfd), 0);		/* the driver exits after it */
	UT_EQ(waitpid(pid, &st, 0), pid);
	UT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
	UT_DONE("drvif_agent");
}
