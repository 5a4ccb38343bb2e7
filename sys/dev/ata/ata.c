/*
 * ata.c - the ATA (IDE) controller: its channels, probing, the queue of
 * requests, commands, their interrupts, timeouts and resets.
 *
 * THE HARDWARE.  QEMU's pc machine (and every PC since the mid-1990s)
 * has a PIIX3 IDE function, PCI 8086:7010, function 1 of the ISA
 * bridge's slot.  It has two channels at the legacy ports (primary
 * 0x1f0-0x1f7 and 0x3f6, IRQ 14; secondary 0x170-0x177 and 0x376, IRQ
 * 15: the PIIX3 has no native mode, so its BARs 0-3 are empty) and, at
 * BAR4, the bus master DMA registers of both (ata_dma.c).  Each channel
 * has a master and a slave device; `make check` puts the test disk on
 * the primary master and the boot CD, an ATAPI device, on the secondary
 * master.  ATAPI devices (CD-ROMs: packet commands, another driver's
 * job) are recognised by their signature and skipped.
 *
 * PROBING (attach, in the boot thread, polled, device interrupts off
 * with nIEN).  For each channel and device: select it; a status of 0
 * (QEMU's answer for a device that is not there), 0xff or 0x7f (a
 * floating bus: no controller or no device on real hardware) means
 * nothing.  Otherwise IDENTIFY DEVICE: a disk answers with DRQ and 256
 * words (ata_disk.c reads its size, LBA48 and DMA support and model
 * from them); an ATAPI device aborts it and leaves 0x14/0xeb in the LBA
 * mid/high registers.  Every wait is bounded (ATA_PROBE_TICKS, and a
 * count of polls in case the clock does not run), so a device that
 * never answers delays the boot by a fraction of a second at most, and
 * the harness's many boots without disks find nothing at once.
 *
 * ONE THREAD, MESSAGES ONLY.  A controller with disks gets one driver
 * thread ("ata", dev_thread_port) and every one of its disks uses that
 * thread's port: DEV_OPEN, DEV_CLOSE, DEV_IOCTL and DEV_STRATEGY
 * messages (ata_disk.c answers them), both channels' interrupt messages
 * (intr_establish on 14 and 15, ch_intr) and each channel's timeout
 * message (ch_timer's, drv_timer) all arrive there, and the
 * thread handles them one at a time: no locks.  Nobody sleeps inside
 * the driver waiting for a disk: a strategy message is queued on its
 * channel (ch_queue) and replied from the interrupt message's handler
 * when its last command completes; the sender chose whether to wait.
 *
 * A CHANNEL runs one command at a time.  Its states (ch_state):
 *
 *   ATA_IDLE     no command; an interrupt now is a stray (counted).
 *   ATA_DMA      READ/WRITE DMA (EXT) is running on the bus master
 *                engine: one interrupt at the end.
 *   ATA_PIO_IN   READ SECTORS (EXT): an interrupt per sector, each
 *                read with rep insw into ch_secbuf and copied to the
 *                request's uio (uiomove).
 *   ATA_PIO_OUT  WRITE SECTORS (EXT): the first sector is written when
 *                the device raises DRQ, each later one at the interrupt
 *                that acknowledges the one before; the interrupt after
 *                the last ends the command.
 *
 * The usual sequence for one request: DEV_STRATEGY arrives -> ata_queue()
 * -> if the channel is idle it becomes ch_active and ata_disk_start()
 * issues its first command (at most ATA_MAXSECT48 or ATA_MAXSECT28
 * sectors; DMA if possible, else PIO) -> the thread waits for the next
 * message -> the interrupt message arrives -> ata_intr() finishes the
 * command -> either the next command of the same request
 * (ata_disk_start() again) or the reply (ata_done(): a_resid, ms_error)
 * and the next queued request.  So a request larger than one command
 * is cut inside the driver, and the device layer sends any size.
 *
 * TIMEOUTS.  Each command has a deadline: its start plus the disk's
 * ad_timeout (5 s), in ticks (ch_deadline).  One timer a channel
 * (ch_timer) watches it, a watchdog that stays armed across commands
 * rather than a timeout armed and stopped around each: a command finds
 * it armed already, due at or before its own deadline (ch_due), and
 * sets nothing; only a deadline earlier than that (a disk with a
 * shorter timeout) arms it again, and a command's end stops nothing.
 * So the timer fires early (for an earlier command, long done): its
 * message (drv_timer, sys/sys/drvif.h) arrives at the thread, which
 * arms it again for the running command's deadline, or leaves it
 * unarmed if the channel is idle (the next command arms it).  When it
 * fires at or past the deadline of the command still running, the
 * thread stops the DMA engine, resets the channel (SRST, bounded wait
 * for BSY to clear), fails the request with EIO and goes on with the
 * queue: when the command would have timed out with a timer of its
 * own.  A late interrupt from the dead command is then a stray.  The
 * kernel test ata_timeout sends a command to an absent device slot,
 * which never answers, to see this happen.
 *
 * Interrupt messages are replied only after the device's status
 * register was read (which drops its INTRQ), so the line is unmasked
 * with nothing pending.
 *
 * The driver calls only the driver interface (sys/sys/drvif.h: port
 * I/O, PCI configuration, the interrupt message, DMA memory, the timer,
 * registration and the message loop), so these files build both into
 * the kernel and into a user driver.  Its counters (hw.ata.*) are
 * sysctls of the kernel build.
 *
 * What is not done: ATAPI devices; more than one PIIX controller;
 * native-mode PCI IDE controllers (BARs 0-3); SET FEATURES transfer
 * modes (QEMU needs none; a real disk keeps what the BIOS set); the
 * write cache is never flushed (QEMU writes through its own cache to
 * the image, which the host reads after the run).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/uio.h>
#include <sys/msgport.h>
#include <sys/sysctl.h>
#include <sys/device.h>
#include <sys/drvif.h>
#include <dev/pci/pcireg.h>
#include <dev/pci/pcivar.h>
#include <dev/ata/atareg.h>
#include <dev/ata/atavar.h>

MALLOC_DEFINE(M_ATA, "ata", "ATA disks");

#define ATA_MSG_TIMEOUT	0x4154		/* ch_tmo_msg's ms_cmd: not a DEV_* */
#define ATA_PROBE_TICKS	(drv_hz() / 5 + 1)	/* a probe's wait for one answer */
#define ATA_PROBE_POLLS	200000		/* and its bound if ticks stand still */
#define ATA_RESET_TICKS	(2 * drv_hz())	/* a reset's wait for BSY to clear */
#define ATA_DRQ_POLLS	100000		/* a PIO write's wait for DRQ */

static struct ata_softc ata_sc;
struct ata_stats ata_stats;

SYSCTL_INT(hw_ata_cmds_dma, "hw.ata.cmds_dma", &ata_stats.as_cmds_dma,
    CTLFLAG_RD, "ATA DMA commands started");
SYSCTL_INT(hw_ata_cmds_pio, "hw.ata.cmds_pio", &ata_stats.as_cmds_pio,
    CTLFLAG_RD, "ATA PIO commands started");
SYSCTL_INT(hw_ata_intrs, "hw.ata.intrs", &ata_stats.as_intrs,
    CTLFLAG_RD, "ATA interrupt messages handled");
SYSCTL_INT(hw_ata_strays, "hw.ata.strays", &ata_stats.as_strays,
    CTLFLAG_RD, "ATA interrupts with no command waiting for them");
SYSCTL_INT(hw_ata_intr_replies, "hw.ata.intr_replies",
    &ata_stats.as_intr_replies, CTLFLAG_RD,
    "ATA strategy replies sent from the interrupt message's handler");
SYSCTL_INT(hw_ata_replies, "hw.ata.replies", &ata_stats.as_replies,
    CTLFLAG_RD, "ATA strategy replies");
SYSCTL_INT(hw_ata_timeouts, "hw.ata.timeouts", &ata_stats.as_timeouts,
    CTLFLAG_RD, "ATA commands abandoned by their timeout");
SYSCTL_INT(hw_ata_resets, "hw.ata.resets", &ata_stats.as_resets,
    CTLFLAG_RD, "ATA channel resets");

static void	ata_next(struct ata_channel *ch);

/* ---- registers ------------------------------------------------------- */

static inline uint8_t
ata_status(struct ata_channel *ch)		/* clears INTRQ */
{
	return (drv_inb(ch->ch_cmd + ATA_STATUS));
}

static inline uint8_t
ata_altstatus(struct ata_channel *ch)		/* leaves INTRQ alone */
{
	return (drv_inb(ch->ch_ctl + ATA_ALTSTATUS));
}

/* Select device slave (0 or 1) with the rest of the device register
 * bits; after a change of device, the 400 ns the device needs to put
 * its status on the bus (four reads of the alternate status). */
static inline void
ata_select(struct ata_channel *ch, int slave, uint8_t bits)
{
	drv_outb(ch->ch_cmd + ATA_DEVICE, bits | (slave ? ATA_D_SLAVE : 0));
	if (ch->ch_drive != slave) {
		ch->ch_drive = slave;
		(void)ata_altstatus(ch);
		(void)ata_altstatus(ch);
		(void)ata_altstatus(ch);
		(void)ata_altstatus(ch);
	}
}

/* Pulse SRST on ch (both devices reset, the master selected after),
 * interrupts off: the start of every reset.  The devices are busy for a
 * while after; the caller waits. */
static void
ata_srst(struct ata_channel *ch)
{
	int t;

	drv_outb(ch->ch_ctl + ATA_DEVCTL, ATA_C_SRST | ATA_C_NIEN);
	for (t = 0; t < 8; t++)			/* >= 5 us */
		(void)ata_altstatus(ch);
	drv_outb(ch->ch_ctl + ATA_DEVCTL, ATA_C_NIEN);
}

/* ---- probing (boot, polled) ------------------------------------------ */

/* Poll until BSY clears or the probe's bound passes; the last status. */
static uint8_t
ata_probe_wait(struct ata_channel *ch)
{
	uint64_t end = drv_ticks() + ATA_PROBE_TICKS;
	uint8_t st;
	int n;

	for (n = 0; n < ATA_PROBE_POLLS; n++) {
		st = ata_altstatus(ch);
		if ((st & ATA_S_BSY) == 0 || drv_ticks() >= end)
			break;
		drv_pause();
	}
	return (st);
}

/* Is status st what an empty slot or a floating bus reads as? */
static inline bool
ata_nothing(uint8_t st)
{
	return (st == 0x00 || st == 0x7f || st == 0xff);
}

/*
 * Before probing: a channel whose selected device is still busy or wants
 * data (BSY or DRQ: a driver before this one died with it mid-command,
 * or wrote garbage to its registers) would ignore IDENTIFY, so it is
 * reset, and the probe waits, polled and bounded (ATA_RESET_TICKS), for
 * the master to be ready.  A channel at rest, or empty, is left alone:
 * a reset there would only cost the boot its wait.
 */
static void
ata_probe_reset(struct ata_channel *ch)
{
	uint64_t end;
	uint8_t st = ata_altstatus(ch);
	int n;

	if (ata_nothing(st) || (st & (ATA_S_BSY | ATA_S_DRQ)) == 0)
		return;
	ata_stats.as_resets++;
	ata_srst(ch);
	end = drv_ticks() + ATA_RESET_TICKS;
	for (n = 0; n < ATA_PROBE_POLLS; n++) {
		st = ata_altstatus(ch);
		if ((st & (ATA_S_BSY | ATA_S_DRDY)) == ATA_S_DRDY ||
		    drv_ticks() >= end)
			break;
		drv_pause();
	}
}

/*
 * IDENTIFY DEVICE on ch's device slave, polled, into ident (256 words).
 * 0: an ATA disk answered; ENODEV: an ATAPI device (skipped); ENXIO:
 * nothing there, or something that does not answer.
 */
static int
ata_identify(struct ata_channel *ch, int slave, uint16_t *ident)
{
	uint8_t st;

	ch->ch_drive = -1;
	ata_select(ch, slave, ATA_D_OBS);
	st = ata_altstatus(ch);
	if (ata_nothing(st))
		return (ENXIO);
	st = ata_probe_wait(ch);
	if (st & ATA_S_BSY)
		return (ENXIO);
	drv_outb(ch->ch_cmd + ATA_COMMAND, ATA_IDENTIFY);
	(void)ata_altstatus(ch);
	st = ata_probe_wait(ch);
	if (ata_nothing(st) || (st & ATA_S_BSY))
		return (ENXIO);
	if (st & ATA_S_ERR) {
		uint8_t mid = drv_inb(ch->ch_cmd + ATA_LBA_MID);
		uint8_t high = drv_inb(ch->ch_cmd + ATA_LBA_HIGH);

		(void)ata_status(ch);
		return (mid == ATAPI_SIG_MID && high == ATAPI_SIG_HIGH ?
		    ENODEV : ENXIO);
	}
	if ((st & ATA_S_DRQ) == 0)
		return (ENXIO);
	drv_insw(ch->ch_cmd + ATA_DATA, ident, ATA_ID_WORDS);
	(void)ata_status(ch);
	return (0);
}

/* ---- commands -------------------------------------------------------- */

/*
 * The command about to start on ch may take timeout ticks: its deadline
 * noted, and the watchdog armed for it unless it is armed already for
 * that time or earlier (see TIMEOUTS).  Driver thread.
 */
static inline void
ata_watch(struct ata_channel *ch, int timeout)
{
	ch->ch_deadline = drv_ticks() + (uint64_t)timeout;
	if (!drv_timer_pending(&ch->ch_timer) || ch->ch_due > ch->ch_deadline) {
		drv_timer_arm(&ch->ch_timer, timeout, 0);
		ch->ch_due = ch->ch_deadline;
	}
}

/*
 * Issue command cmd for nsect sectors at lba to ad (LBA48 registers for
 * the EXT commands, LBA28 otherwise) and arm the timeout.  The bus
 * master engine, for a DMA command, is started after this.  Driver
 * thread.
 */
void
ata_command(struct ata_channel *ch, struct ata_disk *ad, uint8_t cmd,
    uint64_t lba, uint32_t nsect)
{
	uint16_t p = ch->ch_cmd;

	if (cmd == ATA_READ_DMA_EXT || cmd == ATA_WRITE_DMA_EXT ||
	    cmd == ATA_READ_SECTORS_EXT || cmd == ATA_WRITE_SECTORS_EXT) {
		ata_select(ch, ad->ad_slave, ATA_D_LBA);
		drv_outb(p + ATA_COUNT, (uint8_t)(nsect >> 8));
		drv_outb(p + ATA_LBA_LOW, (uint8_t)(lba >> 24));
		drv_outb(p + ATA_LBA_MID, (uint8_t)(lba >> 32));
		drv_outb(p + ATA_LBA_HIGH, (uint8_t)(lba >> 40));
	} else {
		ata_select(ch, ad->ad_slave, ATA_D_OBS | ATA_D_LBA |
		    ((lba >> 24) & 0x0f));
	}
	drv_outb(p + ATA_COUNT, (uint8_t)nsect);	/* 256 (or 65536) is 0 */
	drv_outb(p + ATA_LBA_LOW, (uint8_t)lba);
	drv_outb(p + ATA_LBA_MID, (uint8_t)(lba >> 8));
	drv_outb(p + ATA_LBA_HIGH, (uint8_t)(lba >> 16));
	ata_watch(ch, ad->ad_timeout);
	drv_outb(p + ATA_COMMAND, cmd);
}

/*
 * PIO write: wait (a bounded poll) for the device to ask for the first
 * sector.  false if it does not: the command's timeout will end it.
 */
bool
ata_wait_drq(struct ata_channel *ch)
{
	uint8_t st;
	int n;

	for (n = 0; n < ATA_DRQ_POLLS; n++) {
		st = ata_altstatus(ch);
		if ((st & ATA_S_BSY) == 0)
			return ((st & (ATA_S_DRQ | ATA_S_ERR)) == ATA_S_DRQ);
		drv_pause();
	}
	return (false);
}

/* PIO: the next sector of the request from its uio to the device. */
void
ata_pio_out(struct ata_channel *ch)
{
	(void)drv_uiomove(ch->ch_secbuf, ATA_SECSIZE, ch->ch_active->a_uio);
	drv_outsw(ch->ch_cmd + ATA_DATA, ch->ch_secbuf, ATA_SECSIZE / 2);
}

/* PIO: the sector the device holds into the request's uio. */
static void
ata_pio_in(struct ata_channel *ch)
{
	drv_insw(ch->ch_cmd + ATA_DATA, ch->ch_secbuf, ATA_SECSIZE / 2);
	(void)drv_uiomove(ch->ch_secbuf, ATA_SECSIZE, ch->ch_active->a_uio);
}

/* ---- requests -------------------------------------------------------- */

/* sm becomes ch's active request (ch idle): its first command. */
static inline void
ata_start(struct ata_channel *ch, struct dev_strategy_msg *sm)
{
	ch->ch_active = sm;
	ch->ch_adisk = sm->a_head.dm_dev->si_drv1;
	ch->ch_done = 0;
	ata_disk_start(ch);
}

/*
 * Queue strategy message sm on ch, or start it if the channel is idle:
 * an idle channel has nothing queued (a request's end starts the next:
 * ata_next), so sm is first.  The driver keeps sm until ata_done()
 * replies to it.  Driver thread.
 */
void
ata_queue(struct ata_channel *ch, struct dev_strategy_msg *sm)
{
	if (ch->ch_active == NULL)
		ata_start(ch, sm);
	else
		TAILQ_INSERT_TAIL(&ch->ch_queue, sm, a_link);
}

/* Start the first queued request if nothing runs. */
static void
ata_next(struct ata_channel *ch)
{
	struct dev_strategy_msg *sm;

	if (ch->ch_active != NULL || (sm = TAILQ_FIRST(&ch->ch_queue)) == NULL)
		return;
	TAILQ_REMOVE(&ch->ch_queue, sm, a_link);
	ata_start(ch, sm);
}

/*
 * The active request is over: reply with error and a_resid (the bytes
 * not moved), then start the next one.  intr: replied from the
 * interrupt message's handler (counted).
 */
static void
ata_done(struct ata_channel *ch, int error, bool intr)
{
	struct dev_strategy_msg *sm = ch->ch_active;

	sm->a_resid = sm->a_bcount - ch->ch_done;
	ch->ch_active = NULL;
	ch->ch_adisk = NULL;
	ata_stats.as_replies++;
	if (intr)
		ata_stats.as_intr_replies++;
	drv_reply(&sm->a_head.dm_msg, error);
	ata_next(ch);
}

/* The active request fails before its next command (ata_disk_start:
 * its data cannot be moved): the reply, then the next request. */
void
ata_fail(struct ata_channel *ch, int error)
{
	ata_done(ch, error, false);
}

/* The command ended (error: it failed): the request's next command, or
 * its reply. */
static void
ata_cmd_done(struct ata_channel *ch, int error, bool intr)
{
	struct dev_strategy_msg *sm = ch->ch_active;

	ch->ch_state = ATA_IDLE;	/* (the watchdog stays: TIMEOUTS) */
	if (error == 0 && ch->ch_done < sm->a_bcount)
		ata_disk_start(ch);
	else
		ata_done(ch, error, intr);
}

/* ---- interrupts ------------------------------------------------------ */

/* ch's interrupt message arrived: what it means depends on ch_state. */
static void
ata_intr(struct ata_channel *ch)
{
	struct dev_strategy_msg *sm = ch->ch_active;
	uint8_t st;
	int bm;

	ata_stats.as_intrs++;
	switch (ch->ch_state) {
	case ATA_DMA:
		if ((bm = ata_dma_end(ch)) < 0)
			break;			/* not the engine's */
		st = ata_status(ch);
		if ((st & (ATA_S_ERR | ATA_S_DF)) || (bm & ATA_BMS_ERROR)) {
			ata_cmd_done(ch, EIO, true);
			return;
		}
		drv_uio_advance(sm->a_uio, (size_t)ch->ch_nsect * ATA_SECSIZE);
		ch->ch_done += (size_t)ch->ch_nsect * ATA_SECSIZE;
		ata_cmd_done(ch, 0, true);
		return;
	case ATA_PIO_IN:
		st = ata_status(ch);
		if (st & ATA_S_BSY)
			break;
		if ((st & (ATA_S_ERR | ATA_S_DF | ATA_S_DRQ)) != ATA_S_DRQ) {
			ata_cmd_done(ch, EIO, true);
			return;
		}
		ata_pio_in(ch);
		ch->ch_done += ATA_SECSIZE;
		if (--ch->ch_pio_left == 0)
			ata_cmd_done(ch, 0, true);
		return;
	case ATA_PIO_OUT:
		st = ata_status(ch);
		if (st & ATA_S_BSY)
			break;
		if (st & (ATA_S_ERR | ATA_S_DF)) {
			ata_cmd_done(ch, EIO, true);
			return;
		}
		ch->ch_done += ATA_SECSIZE;	/* the sector before this */
		if (--ch->ch_pio_left == 0)
			ata_cmd_done(ch, 0, true);
		else if ((st & ATA_S_DRQ) == 0)
			ata_cmd_done(ch, EIO, true);
		else
			ata_pio_out(ch);
		return;
	default:
		(void)ata_status(ch);
		break;
	}
	ata_stats.as_strays++;
}

/* ---- timeouts and resets --------------------------------------------- */

/*
 * Reset both devices of ch (SRST) and wait, a tick at a time and at most
 * ATA_RESET_TICKS, until the master (which a reset selects) is ready:
 * BSY clear and DRDY set.  Not merely BSY clear: the device selected
 * before the reset may be an empty slot, whose status reads 0 at once,
 * and QEMU performs the reset a little later, after which writes to the
 * registers of a device still busy would be lost.  Then device
 * interrupts go back on.  Driver thread; may sleep.
 */
static void
ata_reset(struct ata_channel *ch)
{
	int t;

	ata_stats.as_resets++;
	if (ch->ch_bm != 0)
		(void)ata_dma_stop(ch);
	ata_srst(ch);
	for (t = 0; t < ATA_RESET_TICKS; t++) {
		drv_sleep(ch, false, "atarst", 1);	/* >= 2 ms */
		if ((ata_altstatus(ch) & (ATA_S_BSY | ATA_S_DRDY)) ==
		    ATA_S_DRDY)
			break;
	}
	ch->ch_drive = -1;
	drv_outb(ch->ch_ctl + ATA_DEVCTL, 0);
	(void)ata_status(ch);
}

/*
 * The watchdog's message (replied already, so the timer may fire
 * again): the running command abandoned if its deadline has come, else
 * the watchdog armed again for it; nothing if the channel is idle.
 */
static void
ata_timeout(struct ata_channel *ch)
{
	uint64_t now = drv_ticks();

	if (ch->ch_state == ATA_IDLE)
		return;				/* the next command arms it */
	if (now < ch->ch_deadline) {		/* fired for an earlier one */
		drv_timer_arm(&ch->ch_timer, (int)(ch->ch_deadline - now), 0);
		ch->ch_due = ch->ch_deadline;
		return;
	}
	ata_stats.as_timeouts++;
	drv_log("%s: %s: command timed out, resetting the channel\n",
	    ch->ch_name, ch->ch_adisk->ad_name);
	ata_reset(ch);
	ata_cmd_done(ch, EIO, false);
}

/* ---- the driver thread ----------------------------------------------- */

/* One message off the driver thread's port. */
static void
ata_msg(lwkt_msg_t msg, void *arg __unused)
{
	union dev_anymsg *m = (union dev_anymsg *)msg;
	int error;

	switch (msg->ms_cmd) {
	case DEV_INTR:
		ata_intr(((struct intr_msg *)msg)->im_arg);
		drv_intr_done((struct intr_msg *)msg); /* unmasks the line */
		return;
	case ATA_MSG_TIMEOUT:
		drv_reply(msg, 0);		/* may be sent again */
		ata_timeout(((struct drv_timer *)msg)->dt_arg);
		return;
	}
	error = ata_disk_msg(m->head.dm_dev->si_drv1, m);
	if (error != EASYNC)
		drv_reply(msg, error);
}

/* ---- attach ---------------------------------------------------------- */

/* The channel numbered unit (0 primary, 1 secondary) of the controller,
 * or NULL if none was attached.  For tests. */
struct ata_channel *
ata_channel_of(int unit)
{
	if (ata_sc.sc_pci == NULL || unit < 0 || unit >= ATA_CHANNELS)
		return (NULL);
	return (&ata_sc.sc_ch[unit]);
}

/*
 * hw.ata.disks: a line per disk, "ada0 ata0 master 32768 sectors lba48
 * dma <model>".
 */
static int
sysctl_ata_disks(char *buf, size_t size, size_t *lenp)
{
	size_t len = 0;
	int c, s;

	buf[0] = '\0';
	for (c = 0; c < ATA_CHANNELS && len < size; c++) {
		struct ata_channel *ch = &ata_sc.sc_ch[c];

		for (s = 0; s < 2 && len < size; s++) {
			struct ata_disk *ad = ch->ch_disk[s];

			if (ad == NULL)
				continue;
			len += drv_snprintf(buf + len, size - len,
			    "%s %s %s %llu sectors %s %s <%s>\n", ad->ad_name,
			    ch->ch_name, s ? "slave" : "master",
			    (unsigned long long)ad->ad_sectors,
			    (ad->ad_flags & ATA_DF_LBA48) ? "lba48" : "lba28",
			    (ad->ad_flags & ATA_DF_DMA) && ch->ch_bm ? "dma" :
			    "pio", ad->ad_model);
		}
	}
	*lenp = MIN(len, size - 1);
	return (0);
}
SYSCTL_STRPROC(hw_ata_disks, "hw.ata.disks", sysctl_ata_disks,
    "ATA disks: name channel device sectors addressing transfer model");

/* Boot: the channel's fixed resources. */
static void
ata_channel_init(struct ata_softc *sc, int unit)
{
	struct ata_channel *ch = &sc->sc_ch[unit];

	ch->ch_sc = sc;
	ch->ch_unit = unit;
	ch->ch_cmd = unit == 0 ? ATA_PRIMARY_CMD : ATA_SECONDARY_CMD;
	ch->ch_ctl = unit == 0 ? ATA_PRIMARY_CTL : ATA_SECONDARY_CTL;
	ch->ch_irq = unit == 0 ? ATA_PRIMARY_IRQ : ATA_SECONDARY_IRQ;
	ch->ch_drive = -1;
	drv_snprintf(ch->ch_name, sizeof(ch->ch_name), "ata%d", unit);
	TAILQ_INIT(&ch->ch_queue);
}

/*
 * Attach the PIIX IDE function: probe both channels (polled), and if a
 * disk was found start the driver thread, give each channel with a disk
 * its PRD table and its interrupt, and make the disks' devices.  Boot
 * thread; may block.
 */
static int
ata_pci_attach(struct pci_dev *dev)
{
	struct ata_softc *sc = &ata_sc;
	struct pci_bar *bar4 = &dev->pd_bar[4];
	uint16_t *ident;
	int c, s, error, found[ATA_CHANNELS][2], ndisks = 0;

	if (sc->sc_pci != NULL)
		return (EBUSY);		/* one controller only */
	sc->sc_pci = dev;
	drv_pci_enable_io(dev);
	ident = drv_malloc(ATA_CHANNELS * 2 * ATA_SECSIZE, M_ATA, DRV_WAITOK);
	for (c = 0; c < ATA_CHANNELS; c++) {
		struct ata_channel *ch = &sc->sc_ch[c];

		ata_channel_init(sc, c);
		drv_outb(ch->ch_ctl + ATA_DEVCTL, ATA_C_NIEN);
		ata_probe_reset(ch);
		for (s = 0; s < 2; s++) {
			found[c][s] = ata_identify(ch, s,
			    ident + (c * 2 + s) * ATA_ID_WORDS);
			if (found[c][s] == 0)
				ndisks++;
			else if (found[c][s] == ENODEV)
				drv_log("%s: %s: ATAPI device, skipped\n",
				    ch->ch_name, s ? "slave" : "master");
		}
	}
	if (ndisks == 0) {
		drv_free(ident, M_ATA);
		return (0);
	}
	drv_port_thread(&sc->sc_port, ata_msg, sc, "ata");
	for (c = 0; c < ATA_CHANNELS; c++)
		drv_timer_init(&sc->sc_ch[c].ch_timer, sc->sc_port,
		    ATA_MSG_TIMEOUT, &sc->sc_ch[c]);
	for (c = 0; c < ATA_CHANNELS; c++) {
		struct ata_channel *ch = &sc->sc_ch[c];

		if (found[c][0] != 0 && found[c][1] != 0)
			continue;
		if (bar4->pb_type == PCI_BAR_IO && bar4->pb_size >= 16 &&
		    ata_dma_init(ch, (uint16_t)bar4->pb_base +
		    c * ATA_BM_CHANNEL) == 0)
			drv_pci_enable_busmaster(dev);
		error = drv_intr_establish(ch->ch_irq, sc->sc_port, &ch->ch_intr,
		    ch, ch->ch_name);
		if (error != 0) {
			drv_log("%s: irq %d: error %d: channel unused\n",
			    ch->ch_name, ch->ch_irq, error);
			continue;
		}
		drv_outb(ch->ch_ctl + ATA_DEVCTL, 0);	/* interrupts on */
		(void)ata_status(ch);
		for (s = 0; s < 2; s++) {
			if (found[c][s] == 0)
				ch->ch_disk[s] = ata_disk_attach(ch, s,
				    ident + (c * 2 + s) * ATA_ID_WORDS);
		}
	}
	drv_free(ident, M_ATA);
	return (0);
}

static const struct pci_id ata_ids[] = {
	{ 0x8086, 0x7010, PCI_ANY, PCI_ANY },	/* PIIX3 IDE */
	{ 0 }
};
/*
 * The kernel half of a driver process's end (pdrv_quiesce, called before
 * the dead process's memory is freed): stop both channels' bus master
 * engines, so a transfer it started moves nothing more into memory that
 * is about to be someone else's.  A drive left mid-command is reset by
 * the next instance's probe (ata_probe_reset).  Never blocks.
 */
static void
ata_quiesce(struct pci_dev *dev)
{
	struct pci_bar *bar4 = &dev->pd_bar[4];
	int c;

	if (bar4->pb_type != PCI_BAR_IO || bar4->pb_size < 8 * ATA_CHANNELS)
		return;
	for (c = 0; c < ATA_CHANNELS; c++)
		drv_outb((uint16_t)(bar4->pb_base + 8 * c + ATA_BM_CMD), 0);
}

PCI_DRIVER_Q(atapci, "atapci", ata_ids, ata_pci_attach, ata_quiesce);
