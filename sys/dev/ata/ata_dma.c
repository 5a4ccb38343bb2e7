/*
 * ata_dma.c - PCI IDE bus master DMA: the fast path of the ATA driver.
 *
 * A PCI IDE function that can master the bus has, at its BAR4, eight
 * I/O ports per channel: a command register (start, direction), a
 * status register (active, error, interrupt) and the physical address
 * of a PRD table.  The table lists the memory of one transfer as
 * (physical address, byte count) pieces; the engine walks it while the
 * device moves the sectors, with no copy by the CPU and one interrupt
 * at the end.  The rules of the table (PCI IDE Controller Specification
 * 1.0, section 1.2): 4-byte aligned, not crossing a 64K boundary; each
 * piece of even address and length, at most 64K and not crossing a 64K
 * boundary; the last marked end-of-table.
 *
 * Zero copy.  A request's buffer is a uio over either held user pages
 * (UIO_VMOBJECT: the pages of a read(2) or write(2) buffer, held by
 * devfs) or kernel memory (UIO_SYSSPACE: devfs's 512-byte bounce buffer
 * on the kernel stack, a kernel caller's buffer); built as a process
 * (/bin/drvd), the physical pieces of the sender's held pages that the
 * port agent gave (UIO_PHYSSEG: an even buffer, while DMA is on:
 * ata_disk_dmaio) or the process's own DMA memory holding a copy
 * (anything else, at the sender's alignment), so the same request
 * takes the same path in both builds.  ata_dma_load() walks it by
 * physical address (uio_physiter, kern_uio.c: one piece per page the
 * buffer touches, many a call: drv_uio_physnextp) and writes one PRD
 * entry per piece, merging a piece into the one before when they are
 * physically contiguous and in the same 64K block (so a direct-mapped
 * kernel buffer takes one entry per 64K, and no entry ever crosses a
 * boundary).  The device then reads or writes the very pages of the
 * caller's buffer.
 *
 * When DMA cannot be used the driver falls back to PIO (ata_disk.c
 * decides): hw.ata.dma is 0; the controller has no BAR4; the disk does
 * not do DMA; or the buffer cannot be described (an odd address or
 * length: a misaligned buffer such as malloc() + 1; more pieces than
 * the table holds: ata_dma_load() then loads what fits, in whole
 * sectors, and the request goes on in several commands).
 *
 * The table is one page per channel (512 entries), allocated at attach
 * from the direct map (below 4 GB, page aligned, so it crosses no 64K
 * boundary).  A command of at most ATA_MAXSECT48 sectors (1 MiB) needs
 * at most 257 entries even for a buffer that starts mid-page.
 *
 * The sequence (ata_disk.c and ata.c call these): ata_dma_load() fills
 * the table; ata_dma_start() points the engine at it, clears its status
 * and starts it in the transfer's direction; the READ/WRITE DMA command
 * goes to the device; when the device interrupts, ata_dma_end() looks
 * at the engine's status once: if the interrupt is the engine's it
 * stops it and returns that status, whose ATA_BMS_ERROR (or the
 * device's error bit) fails the command.  A reset stops the engine
 * whatever it saw (ata_dma_stop()).
 *
 * hw.ata.dma (1 by default) is a knob for testing both paths, not a
 * limit (each disk is told of a change: ata_disk_dmaio): PIO bounds
 * nothing a process could use to hold the kernel's memory (a PIO
 * transfer only takes longer), so any process may write it, like
 * vm.uio_path (sys/sysctl.h: only limits are init's).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/uio.h>
#include <sys/sysctl.h>
#include <sys/drvif.h>
#include <dev/ata/atareg.h>
#include <dev/ata/atavar.h>

int ata_dma_enable = 1;

static int
sysctl_ata_dma(int *val, bool write)
{
	if (!write) {
		*val = ata_dma_enable;
		return (0);
	}
	if (*val != 0 && *val != 1)
		return (EINVAL);
	ata_dma_enable = *val;
	for (int c = 0; c < ATA_CHANNELS; c++) {
		struct ata_channel *ch = ata_channel_of(c);

		for (int s = 0; ch != NULL && s < 2; s++)
			if (ch->ch_disk[s] != NULL)
				ata_disk_dmaio(ch->ch_disk[s]);
	}
	return (0);
}
SYSCTL_PROC(hw_ata_dma, "hw.ata.dma", sysctl_ata_dma, CTLFLAG_RW,
    "ATA transfers: 1 bus master DMA when possible, 0 PIO only");

/*
 * Give ch its PRD table and its bus master ports at bmbase (BAR4 plus
 * the channel's eight).  Boot only; 0 or ENOMEM (then the channel does
 * PIO).
 */
int
ata_dma_init(struct ata_channel *ch, uint16_t bmbase)
{
	if (drv_dma_alloc(&ch->ch_prd_dma, PAGE_SIZE, DRV_DMA_ZERO) != 0)
		return (ENOMEM);
	ch->ch_prd = ch->ch_prd_dma.dd_va;
	ch->ch_prd_phys = ch->ch_prd_dma.dd_pa;
	ch->ch_bm = bmbase;
	drv_outb(ch->ch_bm + ATA_BM_CMD, 0);
	drv_outb(ch->ch_bm + ATA_BM_STATUS, ATA_BMS_ERROR | ATA_BMS_INTR);
	return (0);
}

/*
 * Describe the next n bytes of uio (n a multiple of ATA_SECSIZE, uio not
 * moved) in tbl, at most max entries.  Returns the bytes described: n,
 * or fewer in whole sectors if the table filled up or a piece has an odd
 * address or length (0 if not even one sector could be: then the caller
 * uses PIO).  The last entry has ATA_PRD_EOT.  Never blocks.
 */
size_t
ata_dma_load(struct ata_prd *tbl, int max, const struct uio *uio, size_t n)
{
	struct uio_physiter it;
	struct uio_physseg seg[16];	/* the pieces, 16 a walk's call */
	const struct uio_physseg *ps;	/* seg, or where they already are */
	vm_paddr_t pa, end = 1;		/* odd: no even piece follows on */
	size_t len, total = 0, cut;
	int i = -1, j, k;
	bool merged = false;		/* an entry holds several pieces */

	drv_uio_physiter_init(&it, uio, n);
	while (it.upi_left > 0 && (k = drv_uio_physnextp(&it, seg,
	    (int)(sizeof(seg) / sizeof(seg[0])), &ps)) > 0) {
		for (j = 0; j < k; j++) {
			pa = ps[j].ps_pa;
			len = ps[j].ps_len;
			if ((pa | len) & 1)
				goto trim;	/* the engine moves words */
			if (pa == end &&	/* so an entry i is there */
			    (tbl[i].prd_addr &
			    ~(vm_paddr_t)(ATA_PRD_BOUNDARY - 1)) ==
			    ((pa + len - 1) &
			    ~(vm_paddr_t)(ATA_PRD_BOUNDARY - 1))) {
				tbl[i].prd_count += len; /* same 64K block */
				merged = true;
			} else {
				if (i + 1 == max)
					goto trim;
				i++;
				tbl[i].prd_addr = pa;
				tbl[i].prd_count = len;
			}
			end = pa + len;
			total += len;
		}
	}
trim:
	/* Whole sectors only: trim the tail. */
	cut = total % ATA_SECSIZE;
	total -= cut;
	while (cut > 0) {
		if (tbl[i].prd_count <= cut) {
			cut -= tbl[i].prd_count;
			i--;
		} else {
			tbl[i].prd_count -= cut;
			cut = 0;
		}
	}
	if (total == 0)
		return (0);
	/* A piece of a whole 64K block is written with a count of 0 (only
	 * merged pieces can be one: a piece is within a page). */
	for (j = 0; merged && j <= i; j++) {
		if (tbl[j].prd_count == ATA_PRD_BOUNDARY)
			tbl[j].prd_count = 0;
	}
	tbl[i].prd_count |= ATA_PRD_EOT;
	return (total);
}

/*
 * Start the engine on ch's table, loaded by ata_dma_load(): read is a
 * transfer from the device to memory.  The device command follows
 * (ata_command); the engine waits for the device.  Driver thread.
 */
void
ata_dma_start(struct ata_channel *ch, bool read)
{
	uint8_t dir = read ? ATA_BMC_READ : 0;

	drv_outl(ch->ch_bm + ATA_BM_PRD, ch->ch_prd_phys);
	drv_outb(ch->ch_bm + ATA_BM_CMD, dir);
	drv_outb(ch->ch_bm + ATA_BM_STATUS, ATA_BMS_ERROR | ATA_BMS_INTR);
	drv_outb(ch->ch_bm + ATA_BM_CMD, dir | ATA_BMC_START);
}

/* Stop the engine, whose status was st, and clear its status: st. */
static inline int
ata_dma_halt(struct ata_channel *ch, uint8_t st)
{
	drv_outb(ch->ch_bm + ATA_BM_CMD, 0);
	drv_outb(ch->ch_bm + ATA_BM_STATUS, st | ATA_BMS_ERROR | ATA_BMS_INTR);
	return (st);
}

/*
 * The device interrupted during a DMA command: if the engine saw it
 * (ATA_BMS_INTR), stop the engine and clear its status, and return the
 * status it had (ATA_BMS_ERROR: the transfer failed on the bus); else
 * -1, the engine left running (the interrupt is not its).  Driver
 * thread.
 */
int
ata_dma_end(struct ata_channel *ch)
{
	uint8_t st = drv_inb(ch->ch_bm + ATA_BM_STATUS);

	if ((st & ATA_BMS_INTR) == 0)
		return (-1);
	return (ata_dma_halt(ch, st));
}

/*
 * Stop the engine and clear its status, whatever it saw; returns the
 * status it had.  A channel reset's.  Driver thread.
 */
int
ata_dma_stop(struct ata_channel *ch)
{
	return (ata_dma_halt(ch, drv_inb(ch->ch_bm + ATA_BM_STATUS)));
}
