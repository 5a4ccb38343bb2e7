/*
 * dev_ata - how the ATA driver (sys/dev/ata) does its work, seen from
 * outside: through /dev/ada0 and the driver's counters (hw.ata.*), so
 * that it runs unchanged against both builds of the driver, the
 * kernel's (make check's main boot) and the process's (tests-udrv,
 * ata=user: hw.ata.* are then the process's variables, asked of it by
 * the kernel, and every read crosses the port agent).  What needs the
 * driver's inside (its PRD tables, a command no device answers on the
 * empty slave slot, one message cut into two commands: from user space
 * a transfer never reaches a driver larger than 1 MiB, one command)
 * stays in the kernel's test_ata.c.
 *
 *   - the disks found (hw.ata.disks): ada0 alone, the primary master,
 *     16 MiB, LBA48, DMA, QEMU's model; the ATAPI CD on the secondary
 *     master is skipped (no ada1);
 *   - a 4 KiB read by DMA: one command, one interrupt, the reply sent
 *     from the interrupt message's handler; by PIO (hw.ata.dma 0): one
 *     command, an interrupt per sector, one reply from the handler;
 *   - four 64 KiB reads in flight at once (asynchronous preads sent to
 *     the driver directly, kern.async_direct): queued on the channel,
 *     each replied from an interrupt;
 *   - the data each time (test/dev/disk.sh: every word its offset);
 *   - when a process serves ada0 (kern.agent_devs names it), each read
 *     is one more message ada0's driver took through the agent: the
 *     checks above were the user driver's.
 */
#include <sys/types.h>
#include <sysasync.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "utest.h"

#define SECT	512
#define DISK	(16 * 1024 * 1024)	/* test/dev/disk.sh */

static unsigned char buf[4 * 65536] __attribute__((aligned(4096)));

struct stats {
	int	dma, pio, intrs, intr_replies, replies;
};

static struct stats
stats(void)
{
	struct stats s = {
		ut_sysctl_int("hw.ata.cmds_dma"),
		ut_sysctl_int("hw.ata.cmds_pio"),
		ut_sysctl_int("hw.ata.intrs"),
		ut_sysctl_int("hw.ata.intr_replies"),
		ut_sysctl_int("hw.ata.replies"),
	};

	return (s);
}

/* Does p hold the disk's pattern for [off, off + n)? */
static int
pattern(const unsigned char *p, uint32_t off, size_t n)
{
	size_t i;
	uint32_t w;

	for (i = 0; i < n; i += 4) {
		memcpy(&w, p + i, 4);
		if (w != off + (uint32_t)i)
			return (0);
	}
	return (1);
}

static void
test_disks(void)
{
	char disks[512];
	size_t len = sizeof(disks) - 1;

	memset(disks, 0, sizeof(disks));
	UT_EQ(sysctl("hw.ata.disks", disks, &len, NULL, 0), 0);
	UT_STREQ(disks, "ada0 ata0 master 32768 sectors lba48 dma "
	    "<QEMU HARDDISK>\n");
	UT_ERR(open("/dev/ada1", O_RDONLY), ENOENT);
}

/* One 4 KiB read at off with hw.ata.dma dma: one command of that kind,
 * replied from the interrupt message's handler after intrs
 * interrupts. */
static void
read_one(int fd, int dma, uint32_t off, int intrs)
{
	struct stats b, a;
	long m0, m1;

	UT_EQ(ut_sysctl_set("hw.ata.dma", dma), 0);
	memset(buf, 0, 4096);
	b = stats();
	m0 = ut_agent_msgs("ada0");
	UT_EQ(pread(fd, buf, 4096, off), 4096);
	m1 = ut_agent_msgs("ada0");
	a = stats();
	if (m0 >= 0)
		UT_EQ(m1 - m0, 1);	/* it crossed the agent */
	UT_TRUE(pattern(buf, off, 4096));
	UT_EQ(a.dma - b.dma, dma ? 1 : 0);
	UT_EQ(a.pio - b.pio, dma ? 0 : 1);
	UT_EQ(a.intrs - b.intrs, intrs);
	UT_EQ(a.intr_replies - b.intr_replies, 1);
	UT_EQ(a.replies - b.replies, 1);
}

/* Four reads in flight at once, each replied from an interrupt. */
static void
test_queued(int fd)
{
	static SYSMSG(pread) m[4];
	struct stats b, a;
	long m0, m1;
	int i, direct;

	memset(buf, 0, sizeof(buf));
	b = stats();
	direct = ut_sysctl_int("kern.async_direct");
	m0 = ut_agent_msgs("ada0");
	for (i = 0; i < 4; i++) {
		sysmsg_init(&m[i], pread);
		m[i].a.fd = fd;
		m[i].a.buf = buf + 65536 * i;
		m[i].a.nbyte = 65536;
		m[i].a.offset = 65536 * (i + 1);
		UT_TRUE(async_send(0, &m[i].h, sizeof(m[i]), 0) >= 0);
	}
	for (i = 0; i < 4; i++) {
		UT_EQ(async_wait(0, &m[i].h), 0);
		UT_EQ(async_result(&m[i].h), 65536);
		UT_TRUE(pattern(buf + 65536 * i, 65536 * (i + 1), 65536));
	}
	m1 = ut_agent_msgs("ada0");
	a = stats();
	if (m0 >= 0)
		UT_EQ(m1 - m0, 4);
	UT_EQ(ut_sysctl_int("kern.async_direct") - direct, 4);
	UT_EQ(a.dma - b.dma, 4);
	UT_EQ(a.intrs - b.intrs, 4);
	UT_EQ(a.intr_replies - b.intr_replies, 4);
	UT_EQ(a.replies - b.replies, 4);
}

int
main(void)
{
	long m0 = ut_agent_msgs("ada0");
	int fd, dma0 = ut_sysctl_int("hw.ata.dma");

	UT_EQ(dma0, 1);

	test_disks();
	fd = open("/dev/ada0", O_RDONLY);
	UT_TRUE(fd >= 0);
	if (fd < 0)
		UT_DONE("dev_ata");
	read_one(fd, 1, 4096, 1);
	read_one(fd, 0, 8192, 4096 / SECT);
	UT_EQ(ut_sysctl_set("hw.ata.dma", dma0), 0);
	test_queued(fd);
	UT_EQ(close(fd), 0);
	printf("dev_ata: ada0 served by %s\n", m0 >= 0 ?
	    "a user driver (port agent)" : "the kernel's driver");
	UT_DONE("dev_ata");
}
