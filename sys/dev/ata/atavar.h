/*
 * dev/ata/atavar.h - the ATA driver's structures, shared by its three
 * files: ata.c (the controller and its channels: probing, the queue,
 * commands, interrupts, timeouts), ata_disk.c (the disks: their devices,
 * their messages, a request cut into commands) and ata_dma.c (the bus
 * master engine and its PRD table).
 *
 * Field protection:
 *   [I] set at attach (boot thread), never changed after
 *   [t] the driver thread ("ata"): only it reads or writes the field,
 *       so no lock is needed (the thread serializes both channels'
 *       requests, interrupts and timeouts)
 *   [c] written by the driver thread, read by the clock interrupt's
 *       callout (one CPU: a critical section orders them)
 */
#ifndef _DEV_ATA_ATAVAR_H_
#define _DEV_ATA_ATAVAR_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/msgport.h>
#include <sys/device.h>
#include <sys/drvif.h>
#include <dev/ata/atareg.h>

struct uio;
struct pci_dev;
struct ata_channel;

#define ATA_CHANNELS	2		/* primary, secondary */
#define ATA_PRD_MAX	(PAGE_SIZE / sizeof(struct ata_prd)) /* 512: one page */
#define ATA_MAXSECT28	256		/* sectors per LBA28 command */
#define ATA_MAXSECT48	2048		/* per LBA48 command: 1 MiB */
#define ATA_TIMEOUT	(5 * drv_hz()) /* ticks a command may take */

/* A disk: one ATA device (not ATAPI) on a channel. */
struct ata_disk {
	struct ata_channel *ad_ch;	/* [I] its channel */
	int		ad_slave;	/* [I] 0 master, 1 slave */
	int		ad_flags;	/* [I] ATA_DF_* */
	uint64_t	ad_sectors;	/* [I] 512-byte sectors */
	int		ad_timeout;	/* [I] ticks before a command is abandoned */
	char		ad_model[ATA_ID_MODEL_LEN + 1]; /* [I] IDENTIFY's, trimmed */
	char		ad_name[8];	/* [I] "ada0" */
	struct cdev	ad_dev;		/* [I] /dev/ada0; si_drv1 is this */
};

/*
 * Disk flags (ad_flags):
 *   ATA_DF_LBA48  the 48-bit feature set: EXT commands when a request
 *                 needs them (beyond 2^28 sectors, or above 256 sectors)
 *   ATA_DF_DMA    IDENTIFY says it does DMA
 */
#define ATA_DF_LBA48	0x0001
#define ATA_DF_DMA	0x0002

/*
 * What the channel is doing (ch_state): nothing, or one command, whose
 * interrupt says what happens next.
 */
#define ATA_IDLE	0
#define ATA_DMA		1	/* READ/WRITE DMA (EXT): one interrupt at the end */
#define ATA_PIO_IN	2	/* READ SECTORS (EXT): an interrupt per sector */
#define ATA_PIO_OUT	3	/* WRITE SECTORS (EXT): an interrupt per sector */

/* One channel: two devices, one command at a time. */
struct ata_channel {
	struct ata_softc *ch_sc;	/* [I] the controller */
	int		ch_unit;	/* [I] 0 primary, 1 secondary */
	uint16_t	ch_cmd;		/* [I] command block ports */
	uint16_t	ch_ctl;		/* [I] control block port */
	uint16_t	ch_bm;		/* [I] bus master ports, 0: no DMA */
	int		ch_irq;		/* [I] its line */
	char		ch_name[8];	/* [I] "ata0" */
	struct ata_disk	*ch_disk[2];	/* [I] master, slave (NULL: none) */
	struct ata_prd	*ch_prd;	/* [I] the PRD table, one page */
	vm_paddr_t	ch_prd_phys;	/* [I] its physical address */
	struct drv_dma	ch_prd_dma;	/* [I] its memory */
	struct intr_msg	ch_intr;	/* [I] the interrupt message */
	struct drv_timer ch_timer;	/* [c] the watchdog (ata.c:
					 * TIMEOUTS), ATA_MSG_TIMEOUT */
	uint64_t	ch_due;		/* [t] the tick it was last armed for */
	uint64_t	ch_deadline;	/* [t] the running command's end:
					 * its start plus ad_timeout */
	TAILQ_HEAD(, dev_strategy_msg) ch_queue; /* [t] requests waiting */
	struct dev_strategy_msg *ch_active; /* [t] the request being done */
	struct ata_disk	*ch_adisk;	/* [t] its disk */
	size_t		ch_done;	/* [t] its bytes moved so far */
	int		ch_state;	/* [t] ATA_IDLE, ATA_DMA, ATA_PIO_* */
	uint32_t	ch_nsect;	/* [t] sectors of the command */
	uint32_t	ch_pio_left;	/* [t] PIO: sectors not moved yet */
	int		ch_drive;	/* [t] device last selected, -1 unknown */
	uint16_t	ch_secbuf[ATA_SECSIZE / 2]; /* [t] PIO: one sector */
};

/* The controller (one PIIX function). */
struct ata_softc {
	struct pci_dev	*sc_pci;	/* [I] */
	lwkt_port_t	sc_port;	/* [I] the driver thread's port */
	struct ata_channel sc_ch[ATA_CHANNELS]; /* [I] */
};

/*
 * Counters (hw.ata.*, read-only), for tests and curiosity.  [t], read
 * anywhere.
 */
struct ata_stats {
	int		as_cmds_dma;	/* DMA commands started */
	int		as_cmds_pio;	/* PIO commands started */
	int		as_intrs;	/* interrupt messages handled */
	int		as_strays;	/* of those, with no command waiting */
	int		as_intr_replies; /* strategy replies sent from the
					 * interrupt message's handler */
	int		as_replies;	/* strategy replies in all */
	int		as_timeouts;	/* commands abandoned by the timeout */
	int		as_resets;	/* channel resets */
};
extern struct ata_stats ata_stats;
extern int ata_dma_enable;		/* hw.ata.dma: 1 DMA when possible, 0 PIO */

/* ata.c: the command layer. */
void	ata_queue(struct ata_channel *ch, struct dev_strategy_msg *sm);
void	ata_command(struct ata_channel *ch, struct ata_disk *ad, uint8_t cmd,
	    uint64_t lba, uint32_t nsect);
bool	ata_wait_drq(struct ata_channel *ch);
void	ata_pio_out(struct ata_channel *ch);
void	ata_fail(struct ata_channel *ch, int error);

/* ata_disk.c: disks. */
struct ata_disk *ata_disk_attach(struct ata_channel *ch, int slave,
	    const uint16_t *ident);
int	ata_disk_msg(struct ata_disk *ad, union dev_anymsg *m);
void	ata_disk_start(struct ata_channel *ch);
void	ata_disk_dmaio(struct ata_disk *ad);
void	ata_disk_phantom(struct ata_disk *ad, struct ata_channel *ch,
	    int slave, uint64_t sectors, int timeout);
struct ata_channel *ata_channel_of(int unit);

/* ata_dma.c: the bus master engine. */
int	ata_dma_init(struct ata_channel *ch, uint16_t bmbase);
size_t	ata_dma_load(struct ata_prd *tbl, int max, const struct uio *uio,
	    size_t n);
void	ata_dma_start(struct ata_channel *ch, bool read);
int	ata_dma_end(struct ata_channel *ch);
int	ata_dma_stop(struct ata_channel *ch);

#endif /* !_DEV_ATA_ATAVAR_H_ */
