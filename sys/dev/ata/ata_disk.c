/*
 * ata_disk.c - ATA disks: /dev/ada0, ada1, ...: the device of each
 * disk, its messages, and a request cut into commands.
 *
 * NAMES.  Each ATA disk the probe finds (ata.c) becomes adaN, numbered
 * from 0 in probe order: primary master, primary slave, secondary
 * master, secondary slave; ATAPI devices take no number.  This is
 * FreeBSD's name for ATA disks since ata(4) moved under CAM (ada(4)),
 * and like FreeBSD's it follows the probe: with one disk, on whatever
 * channel, it is ada0.  (The older ad0-ad3 fixed each name to a
 * channel and device, which leaves gaps.)  Partitions, named after the
 * disk (ada0s1, ...), are the partition layer's business, not this
 * driver's.
 *
 * A DISK is an SI_DISK device (sys/device.h) of 512-byte sectors whose
 * size is what IDENTIFY DEVICE reports: words 100-103 for a disk with
 * the 48-bit feature set (word 83 bit 10), words 60-61 otherwise.  Its
 * port is the ATA driver thread's (ata.c), so every message below runs
 * in that thread:
 *
 *   DEV_OPEN, DEV_CLOSE  nothing to do: 0.
 *   DEV_IOCTL     DIOCGSECTORSIZE, DIOCGMEDIASIZE; anything else ENOTTY.
 *   DEV_STRATEGY  queued on the disk's channel (ata_queue): EASYNC, and
 *                 the reply comes from the interrupt message's handler
 *                 when the transfer is done.
 *   DEV_READ, DEV_WRITE  never sent to a disk: EOPNOTSUPP.
 *
 * A REQUEST INTO COMMANDS.  kern_device.c sends a request of any size
 * (devfs: up to 1 MiB a call, a kernel caller more); ata_disk_start()
 * issues the active request's next command each time the one before
 * completes, from the bytes done so far (ch_done): at most
 * ATA_MAXSECT48 sectors (1 MiB, an EXT command) on an LBA48 disk,
 * ATA_MAXSECT28 (256) otherwise.  So one read(2) of up to 1 MiB is one
 * command and one interrupt with DMA.  An EXT command is used only when
 * the command needs it (more than 256 sectors, or an address past
 * 2^28 sectors): its registers take twice the port writes.
 *
 * DMA OR PIO, per command: DMA when hw.ata.dma is 1, the controller
 * has its bus master registers, the disk does DMA, and the buffer can
 * be described to the engine (ata_dma_load(): even addresses and
 * lengths; it may also take fewer sectors than asked, when the PRD
 * table fills, and the rest follows in the next command).  Otherwise
 * PIO.  Both move the same bytes to the same uio; the tests run each
 * path over the same pattern.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/uio.h>
#include <sys/device.h>
#include <sys/drvif.h>
#include <sys/ioctl.h>
#include <dev/ata/atareg.h>
#include <dev/ata/atavar.h>

MALLOC_DECLARE(M_ATA);

static int ata_disk_units;		/* [I] adaN given so far */

/* IDENTIFY's model string: byte-swapped pairs, space padded. */
static void
ata_disk_model(struct ata_disk *ad, const uint16_t *ident)
{
	int i, n = 0;

	for (i = 0; i < ATA_ID_MODEL_LEN / 2; i++) {
		uint16_t w = ident[ATA_ID_MODEL + i];

		ad->ad_model[n++] = (char)(w >> 8);
		ad->ad_model[n++] = (char)(w & 0xff);
	}
	while (n > 0 && (ad->ad_model[n - 1] == ' ' ||
	    ad->ad_model[n - 1] == '\0'))
		n--;
	ad->ad_model[n] = '\0';
}

/*
 * Make the disk ch's device slave answered IDENTIFY with (ident: 256
 * words): adaN, registered with drv_register() on the driver thread's
 * port.  Boot thread; may block.  NULL if the disk reports no sectors.
 */
struct ata_disk *
ata_disk_attach(struct ata_channel *ch, int slave, const uint16_t *ident)
{
	struct ata_disk *ad;
	uint64_t sectors;
	int error;

	if (ident[ATA_ID_CMDSET2] & ATA_IDS2_LBA48)
		sectors = (uint64_t)ident[ATA_ID_LBA48] |
		    (uint64_t)ident[ATA_ID_LBA48 + 1] << 16 |
		    (uint64_t)ident[ATA_ID_LBA48 + 2] << 32 |
		    (uint64_t)ident[ATA_ID_LBA48 + 3] << 48;
	else
		sectors = (uint64_t)ident[ATA_ID_LBA28] |
		    (uint64_t)ident[ATA_ID_LBA28 + 1] << 16;
	if (sectors == 0) {
		drv_log("%s: %s: no LBA sectors reported, skipped\n",
		    ch->ch_name, slave ? "slave" : "master");
		return (NULL);
	}
	ad = drv_malloc(sizeof(*ad), M_ATA, DRV_WAITOK | DRV_ZERO);
	ad->ad_ch = ch;
	ad->ad_slave = slave;
	ad->ad_sectors = sectors;
	ad->ad_timeout = ATA_TIMEOUT;
	if (ident[ATA_ID_CMDSET2] & ATA_IDS2_LBA48)
		ad->ad_flags |= ATA_DF_LBA48;
	if (ident[ATA_ID_CAPS] & ATA_IDC_DMA)
		ad->ad_flags |= ATA_DF_DMA;
	ata_disk_model(ad, ident);
	drv_snprintf(ad->ad_name, sizeof(ad->ad_name), "ada%d", ata_disk_units++);
	ad->ad_dev.si_name = ad->ad_name;
	ad->ad_dev.si_flags = SI_DISK;
	ad->ad_dev.si_dmaalign = 2;		/* the engine moves words */
	ad->ad_dev.si_drv1 = ad;
	ad->ad_dev.si_secsize = ATA_SECSIZE;
	ad->ad_dev.si_mediasize = (off_t)sectors * ATA_SECSIZE;
	ad->ad_dev.si_port = ch->ch_sc->sc_port;
	ata_disk_dmaio(ad);
	error = drv_register(&ad->ad_dev);
	if (error)
		drv_panic("%s: make_dev %s: %d", __func__, ad->ad_name, error);
	drv_log("%s: <%s> %llu MB (%llu sectors), %s %s, %s, %s\n",
	    ad->ad_name, ad->ad_model,
	    (unsigned long long)(sectors >> 11), (unsigned long long)sectors,
	    ch->ch_name, slave ? "slave" : "master",
	    (ad->ad_flags & ATA_DF_LBA48) ? "LBA48" : "LBA28",
	    (ad->ad_flags & ATA_DF_DMA) && ch->ch_bm != 0 ? "DMA" : "PIO");
	return (ad);
}

/*
 * For tests: make ad a disk of sectors sectors at ch's device slave,
 * whose commands are abandoned after timeout ticks, with a device that
 * is not registered (dev_dstrategy on &ad->ad_dev reaches the driver
 * thread all the same).  A slot with no device in it never answers.
 */
void
ata_disk_phantom(struct ata_disk *ad, struct ata_channel *ch, int slave,
    uint64_t sectors, int timeout)
{
	memset(ad, 0, sizeof(*ad));
	ad->ad_ch = ch;
	ad->ad_slave = slave;
	ad->ad_sectors = sectors;
	ad->ad_timeout = timeout;
	ad->ad_flags = ATA_DF_DMA;
	strlcpy(ad->ad_name, "phantom", sizeof(ad->ad_name));
	ad->ad_dev.si_name = ad->ad_name;
	ad->ad_dev.si_flags = SI_DISK;
	ad->ad_dev.si_drv1 = ad;
	ad->ad_dev.si_secsize = ATA_SECSIZE;
	ad->ad_dev.si_mediasize = (off_t)sectors * ATA_SECSIZE;
	ad->ad_dev.si_port = ch->ch_sc->sc_port;
}

/*
 * Whether ad's transfers go by DMA now (hw.ata.dma, the controller's bus
 * master registers, the disk), said to the driver interface
 * (drv_dmaio: SI_DMAIO, at si_dmaalign 2), so that built as a process
 * the driver is given its even buffers as the sender's physical pieces
 * and everything else as a copy, which it then moves as the kernel
 * build would: an odd buffer, or any with DMA off, by PIO.  At attach
 * and when hw.ata.dma changes.
 */
void
ata_disk_dmaio(struct ata_disk *ad)
{
	bool on = ata_dma_enable && ad->ad_ch->ch_bm != 0 &&
	    (ad->ad_flags & ATA_DF_DMA);

	drv_dmaio(&ad->ad_dev, on);
}

/* A device message for disk ad, in the driver thread: the error to
 * reply, or EASYNC (a strategy message, kept). */
int
ata_disk_msg(struct ata_disk *ad, union dev_anymsg *m)
{
	switch (m->lmsg.ms_cmd) {
	case DEV_STRATEGY:
		ata_queue(ad->ad_ch, &m->strategy);
		return (EASYNC);
	case DEV_OPEN:
	case DEV_CLOSE:
		return (0);
	case DEV_IOCTL:
		return (dev_disk_ioctl(&ad->ad_dev, &m->ioctl));
	}
	return (EOPNOTSUPP);
}

/* Does a command of nsect sectors at lba need the EXT (LBA48) form? */
static inline bool
ata_disk_ext(uint64_t lba, uint32_t nsect)
{
	return (nsect > ATA_MAXSECT28 || lba + nsect > ATA_LBA28_MAX);
}

/*
 * Issue the next command of ch's active request: the sectors after the
 * ch_done bytes already moved, as many as one command takes, by DMA if
 * possible (see the essay); or fail the request if neither DMA nor PIO
 * can move its data (ata_fail).  Driver thread.
 */
void
ata_disk_start(struct ata_channel *ch)
{
	struct dev_strategy_msg *sm = ch->ch_active;
	struct ata_disk *ad = ch->ch_adisk;
	bool rd = sm->a_bio_cmd == BIO_READ, ext;
	uint64_t lba = (uint64_t)(sm->a_offset + (off_t)ch->ch_done) /
	    ATA_SECSIZE;
	uint32_t nsect = (uint32_t)MIN((sm->a_bcount - ch->ch_done) /
	    ATA_SECSIZE, (ad->ad_flags & ATA_DF_LBA48) ? ATA_MAXSECT48 :
	    ATA_MAXSECT28);
	size_t n;

	if (ata_dma_enable && ch->ch_bm != 0 && (ad->ad_flags & ATA_DF_DMA) &&
	    (n = ata_dma_load(ch->ch_prd, ATA_PRD_MAX, sm->a_uio,
	    (size_t)nsect * ATA_SECSIZE)) != 0) {
		nsect = (uint32_t)(n / ATA_SECSIZE);
		ext = ata_disk_ext(lba, nsect);
		ch->ch_state = ATA_DMA;
		ch->ch_nsect = nsect;
		ata_stats.as_cmds_dma++;
		ata_command(ch, ad, rd ? (ext ? ATA_READ_DMA_EXT : ATA_READ_DMA) :
		    (ext ? ATA_WRITE_DMA_EXT : ATA_WRITE_DMA), lba, nsect);
		ata_dma_start(ch, rd);
		return;
	}
	if (drv_uiomove(ch->ch_secbuf, 0, sm->a_uio) != 0) {
		/* Its data is out of the CPU's reach: a user build's
		 * physical pieces, given while DMA was on (ata_disk_dmaio),
		 * and DMA is off now.  Nothing is issued. */
		ata_fail(ch, EIO);
		return;
	}
	ext = ata_disk_ext(lba, nsect);
	ch->ch_state = rd ? ATA_PIO_IN : ATA_PIO_OUT;
	ch->ch_nsect = nsect;
	ch->ch_pio_left = nsect;
	ata_stats.as_cmds_pio++;
	ata_command(ch, ad, rd ? (ext ? ATA_READ_SECTORS_EXT : ATA_READ_SECTORS) :
	    (ext ? ATA_WRITE_SECTORS_EXT : ATA_WRITE_SECTORS), lba, nsect);
	if (!rd && ata_wait_drq(ch))
		ata_pio_out(ch);		/* the first sector */
}
