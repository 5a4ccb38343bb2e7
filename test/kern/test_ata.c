/*
 * test_ata.c - the ATA driver (sys/dev/ata) from inside the kernel.
 *
 * The boots that run these tests attach the test disk (test/dev/disk.sh:
 * 16 MiB, every 32-bit word its own byte offset) as the IDE primary
 * master, and QEMU's CD drive (ATAPI) as the secondary master.  The
 * tests read only; test/dev/dev_ide.c writes.
 *
 * Only what needs the kernel build's inside is here: the channels'
 * wiring (ata_disk), one message cut into commands, the PRD tables, a
 * command no device answers, the command watchdog's early fire.  How
 * the driver does a read, as its counters show (one interrupt by DMA,
 * one a sector by PIO, replies from the interrupt message, queued
 * requests), is checked through /dev/ada0 by test/dev/dev_ata.c,
 * which runs against both builds (the main boot, and tests-udrv with
 * the driver in a process).
 *
 * Strategy messages are sent with dev_dstrategy_send() to the test
 * thread's own port and waited for a bounded time (ata_wait), so a
 * driver that never replies fails the test instead of hanging the run;
 * the message and buffers are static so that a reply arriving after
 * such a failure lands nowhere harmful.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/msgport.h>
#include <sys/uio.h>
#include <sys/device.h>
#include <sys/test.h>
#include <vm/vm_page.h>
#include <machine/pmap.h>
#include <dev/ata/atareg.h>
#include <dev/ata/atavar.h>

#define DISK_BYTES	(16 * 1024 * 1024)	/* test/dev/disk.sh */
#define ATA_WAIT_TICKS	(10 * hz)		/* a reply must come by then */

static struct dev_strategy_msg ata_sm[4];
static struct uio ata_uio[4];

/* Send a read of n bytes at off into buf as ata_sm[i]. */
static int
ata_send(struct cdev *dev, int i, off_t off, void *buf, size_t n)
{
	uio_init(&ata_uio[i], buf, n, off, UIO_SYSSPACE, UIO_READ);
	return (dev_dstrategy_send(dev, &ata_sm[i], BIO_READ, off,
	    &ata_uio[i], &curthread->td_msgport));
}

/* Wait at most ATA_WAIT_TICKS for ata_sm[i]'s reply: true if it came. */
static bool
ata_wait(int i)
{
	int t;

	for (t = 0; t < ATA_WAIT_TICKS; t++) {
		if (lwkt_checkmsg(&ata_sm[i].a_head.dm_msg))
			return (true);
		tsleep(&ata_sm[i], 0, "atatest", 1);
	}
	return (false);
}

/* Does buf hold the disk's pattern for [off, off + n)? */
static bool
ata_pattern(const void *buf, off_t off, size_t n)
{
	const uint32_t *w = buf;
	size_t i;

	for (i = 0; i < n / 4; i++) {
		if (w[i] != (uint32_t)(off + 4 * (off_t)i))
			return (false);
	}
	return (true);
}

static void
test_ata_disk(void)
{
	struct cdev *dev = dev_lookup("ada0", 4);
	struct ata_channel *ch0 = ata_channel_of(0), *ch1 = ata_channel_of(1);
	struct ata_disk *ad;

	T_ASSERT(dev != NULL);
	T_EQ(dev->si_flags & SI_DISK, SI_DISK);
	T_EQ(dev->si_secsize, 512);
	T_EQ(dev->si_mediasize, DISK_BYTES);
	ad = dev->si_drv1;
	T_ASSERT(ch0 != NULL && ch1 != NULL);
	T_EQ(ad->ad_ch, ch0);
	T_EQ(ad->ad_slave, 0);
	T_EQ(ad->ad_sectors, DISK_BYTES / 512);
	T_EQ(ad->ad_flags, ATA_DF_LBA48 | ATA_DF_DMA);
	T_STREQ(ad->ad_model, "QEMU HARDDISK");
	T_EQ(ch0->ch_disk[0], ad);
	T_EQ(ch0->ch_disk[1], NULL);
	T_NE(ch0->ch_bm, 0);			/* BAR4, primary */
	/* The CD on the secondary master is ATAPI: skipped, no disk, so
	 * its line is not taken. */
	T_EQ(ch1->ch_disk[0], NULL);
	T_EQ(ch1->ch_disk[1], NULL);
	T_EQ(dev_lookup("ada1", 4), NULL);
	T_ASSERT(intr_claimed(ATA_PRIMARY_IRQ));
	T_ASSERT(!intr_claimed(ATA_SECONDARY_IRQ));
	T_EQ(dev->si_port, ch0->ch_sc->sc_port);
}
DEFINE_TEST(ata_disk, "ATA: the IDE primary master is ada0 with its size, "
    "LBA48 and DMA; the ATAPI CD and empty slots are skipped", test_ata_disk);

/*
 * One strategy message larger than a command takes (1 MiB) is cut by
 * the driver into two commands, one reply.  From user space no message
 * that large reaches the driver (reads and writes go in windows of 1
 * MiB), so this stays here; the rest of how a read is done (DMA and
 * PIO, interrupts, replies from the interrupt message, queued
 * requests) is test/dev/dev_ata.c's, run against both builds.
 */
static void
test_ata_cut(void)
{
	struct cdev *dev = dev_lookup("ada0", 4);
	struct ata_stats b;
	char *buf;
	bool ok;

	T_ASSERT(dev != NULL);
	buf = kmalloc(3 * 512 * 1024, M_TEMP, M_WAITOK);
	b = ata_stats;
	T_EQ(ata_send(dev, 0, 2 * 1024 * 1024, buf, 3 * 512 * 1024), 0);
	ok = ata_wait(0);
	T_ASSERT(ok);
	T_EQ(ata_sm[0].a_head.dm_msg.ms_error, 0);
	T_EQ(ata_sm[0].a_resid, 0);
	T_ASSERT(ata_pattern(buf, 2 * 1024 * 1024, 3 * 512 * 1024));
	T_EQ(ata_stats.as_cmds_dma, b.as_cmds_dma + 2);
	T_EQ(ata_stats.as_intrs, b.as_intrs + 2);
	T_EQ(ata_stats.as_replies, b.as_replies + 1);
	T_EQ(ata_stats.as_intr_replies, b.as_intr_replies + 1);
	kfree(buf, M_TEMP);
}
DEFINE_TEST(ata_cut, "ATA: a request larger than a command is cut by the "
    "driver into two commands, one reply from the interrupt message",
    test_ata_cut);

static void
test_ata_prd(void)
{
	struct ata_prd *tbl;
	vm_page_t m;
	vm_paddr_t pa0, pa, line;
	char *base;
	struct uio uio;
	size_t n, got, sum;
	int i, nent, blocks;

	tbl = kmalloc(ATA_PRD_MAX * sizeof(*tbl), M_TEMP, M_WAITOK | M_ZERO);
	m = vm_page_alloc_contig(64, 0);	/* 256K, physically contiguous */
	T_ASSERT(m != NULL);

	/*
	 * 100K from 100 bytes into the page two pages before a 64K line:
	 * merged into one entry per 64K block touched.  (Starting two pages
	 * before the line, rather than anywhere, makes an entry that grew
	 * to 64K regardless of the lines cross one.)
	 */
	n = 200 * 512;
	line = (VM_PAGE_TO_PHYS(m) + 2 * PAGE_SIZE + 0xffff) &
	    ~(vm_paddr_t)0xffff;
	pa0 = line - 2 * PAGE_SIZE + 100;
	base = (char *)PHYS_TO_DMAP(pa0);
	T_LE(pa0 + n, VM_PAGE_TO_PHYS(m) + 64 * PAGE_SIZE);
	uio_init(&uio, base, n, 0, UIO_SYSSPACE, UIO_READ);
	got = ata_dma_load(tbl, ATA_PRD_MAX, &uio, n);
	T_EQ(got, n);
	T_EQ(uio.uio_resid, n);			/* the uio did not move */
	blocks = (int)(((pa0 + n - 1) >> 16) - (pa0 >> 16) + 1);
	for (i = 0, sum = 0, pa = pa0; ; i++) {
		size_t len = tbl[i].prd_count & 0xffff;

		if (len == 0)
			len = 65536;
		T_EQ(tbl[i].prd_addr, pa);
		T_EQ(tbl[i].prd_addr & 1, 0);
		T_EQ(len & 1, 0);
		/* No entry crosses a 64K boundary. */
		T_EQ(tbl[i].prd_addr >> 16, (tbl[i].prd_addr + len - 1) >> 16);
		sum += len;
		pa += len;
		if (tbl[i].prd_count & ATA_PRD_EOT)
			break;
		T_LT(i, ATA_PRD_MAX - 1);
	}
	nent = i + 1;
	T_EQ(sum, n);
	T_EQ(nent, blocks);

	/* A one-entry table: what fits before the boundary, in whole
	 * sectors. */
	got = ata_dma_load(tbl, 1, &uio, n);
	T_EQ(got, ((0x10000 - (pa0 & 0xffff)) / 512) * 512);
	T_EQ(tbl[0].prd_count, ATA_PRD_EOT | got);

	/* An odd address: the engine cannot, PIO will. */
	uio_init(&uio, base + 1, 512, 0, UIO_SYSSPACE, UIO_READ);
	T_EQ(ata_dma_load(tbl, ATA_PRD_MAX, &uio, 512), 0);

	/* A whole aligned 64K block is one entry, written with count 0. */
	uio_init(&uio, (char *)PHYS_TO_DMAP(line), 65536, 0, UIO_SYSSPACE,
	    UIO_READ);
	T_EQ(ata_dma_load(tbl, ATA_PRD_MAX, &uio, 65536), 65536);
	T_EQ(tbl[0].prd_addr, line);
	T_EQ(tbl[0].prd_count, ATA_PRD_EOT | 0);
	vm_page_free_contig(m, 64);
	kfree(tbl, M_TEMP);
}
DEFINE_TEST(ata_prd, "ATA DMA: PRD tables from a uio: contiguous pieces "
    "merged, no entry across 64K, whole sectors, odd buffers refused",
    test_ata_prd);

static void
test_ata_timeout(void)
{
	static struct ata_disk phantom;
	static char buf[512];
	struct ata_channel *ch0 = ata_channel_of(0);
	struct cdev *dev = dev_lookup("ada0", 4);
	struct ata_stats b;
	bool ok;

	T_ASSERT(ch0 != NULL && dev != NULL);
	T_EQ(ch0->ch_disk[1], NULL);		/* the slave slot is empty */
	/* A read from the empty slot: nothing ever answers. */
	ata_disk_phantom(&phantom, ch0, 1, 1024, hz / 10 + 1);
	b = ata_stats;
	T_EQ(ata_send(&phantom.ad_dev, 0, 0, buf, 512), 0);
	ok = ata_wait(0);
	T_ASSERT(ok);
	T_EQ(ata_sm[0].a_head.dm_msg.ms_error, EIO);
	T_EQ(ata_sm[0].a_resid, 512);
	T_EQ(ata_stats.as_timeouts, b.as_timeouts + 1);
	T_EQ(ata_stats.as_resets, b.as_resets + 1);
	T_EQ(ata_stats.as_replies, b.as_replies + 1);
	T_EQ(ata_stats.as_intr_replies, b.as_intr_replies);
	/* The channel was reset and goes on: the disk answers. */
	T_EQ(ata_send(dev, 0, 512, buf, 512), 0);
	ok = ata_wait(0);
	T_ASSERT(ok);
	T_EQ(ata_sm[0].a_head.dm_msg.ms_error, 0);
	T_ASSERT(ata_pattern(buf, 512, 512));
}
DEFINE_TEST(ata_timeout, "ATA: a command no device answers times out with "
    "EIO, the channel is reset, and the disk beside it still works",
    test_ata_timeout);

/*
 * The watchdog fires early and is armed again: a command with a short
 * timeout that the disk answers (ada0's own slot, as a phantom disk of
 * hz / 4 ticks) leaves the channel's watchdog armed for its deadline;
 * the next command, to the empty slot with a longer timeout, finds it
 * armed for that earlier time and arms nothing; the watchdog fires
 * while it runs, its deadline not come, and is armed again for it.  It
 * times out then: never before its own deadline (a lower bound on the
 * ticks, whatever the machine's speed).
 */
static void
test_ata_watchdog(void)
{
	static struct ata_disk fast, dead;
	static char buf[512];
	struct ata_channel *ch0 = ata_channel_of(0);
	struct ata_stats b;
	uint64_t t1;
	bool ok;
	int t;

	T_ASSERT(ch0 != NULL && ch0->ch_disk[0] != NULL);
	T_EQ(ch0->ch_disk[1], NULL);		/* the slave slot is empty */
	ata_disk_phantom(&fast, ch0, 0, ch0->ch_disk[0]->ad_sectors,
	    hz / 4 + 1);
	ata_disk_phantom(&dead, ch0, 1, 1024, hz / 2 + 1);
	T_EQ(ata_send(&fast.ad_dev, 0, 512, buf, 512), 0);
	ok = ata_wait(0);
	T_ASSERT(ok);
	T_EQ(ata_sm[0].a_head.dm_msg.ms_error, 0);
	T_ASSERT(ata_pattern(buf, 512, 512));
	b = ata_stats;
	t1 = ticks;
	T_EQ(ata_send(&dead.ad_dev, 1, 0, buf, 512), 0);
	/* The tick its timeout is counted at (before the channel's reset,
	 * which sleeps while the test looks). */
	for (t = 0; t < ATA_WAIT_TICKS && ata_stats.as_timeouts ==
	    b.as_timeouts; t++)
		tsleep(&t, 0, "atatest", 1);
	T_ASSERT(ticks - t1 >= (uint64_t)(hz / 2 + 1));
	ok = ata_wait(1);
	T_ASSERT(ok);
	T_EQ(ata_sm[1].a_head.dm_msg.ms_error, EIO);
	T_EQ(ata_stats.as_timeouts, b.as_timeouts + 1);
	T_EQ(ata_stats.as_resets, b.as_resets + 1);
}
DEFINE_TEST(ata_watchdog, "ATA: the command watchdog, armed for an "
    "earlier command, fires early and is armed again: the command times "
    "out at its own deadline, not before",
    test_ata_watchdog);
