/*
 * subr_diskmbr.c - MBR partitions as devices of their own: a partition
 * is a port that forwards the disk's messages with an offset.
 *
 * Every disk driver registers its disk with make_dev() and knows
 * nothing of partitions.  This layer, which is not a driver, hears of
 * each disk as it is registered (dev_listen), reads the disk's sector 0
 * through the disk's own port (a strategy message, as any sender
 * would), and registers each primary partition the table names as a
 * device: DISK "s" N, N the entry's slot 1-4 (FreeBSD's slice names:
 * ada0s1, vtbd0s4, md0s2).  All four names of a disk are registered when
 * the disk is first seen; a slot the table leaves empty answers ENXIO,
 * as ttyu1 does without COM2.  The registry is append-only and a
 * rescan must not grow the kernel (a program that writes a table and
 * rescans leaves the kernel as it found it), so the devices are made
 * once and reused: dev_gone() hides a slot's partition, dev_back()
 * brings it back with its new bounds.  A partition device is a struct cdev with
 * SI_DISK | SI_PART, the disk's sector size and largest transfer
 * (si_iosize_max), its own size, and a direct
 * port whose handler, mbr_part_msg(), runs in the sender's thread:
 *
 *   DEV_STRATEGY  the sender clipped the request to the partition's
 *                 size (dev_strategy_clip on the partition's cdev, like
 *                 any disk), so it lies inside the partition; the
 *                 handler checks that again (a request that does not
 *                 fit is EINVAL: it can never reach the next
 *                 partition), adds the partition's first byte to
 *                 a_offset, points dm_dev at the disk and passes the
 *                 message on with lwkt_forwardmsg().  The disk's driver
 *                 owns it from then on and replies straight to the
 *                 original sender (a thread waiting in dev_dstrategy, or
 *                 an asynchronous call's completion port): the partition
 *                 is not on the way back and holds nothing.  A
 *                 forwarded message comes back naming the disk and the
 *                 absolute offset.
 *   DEV_IOCTL     DIOCGMEDIASIZE is the partition's own size,
 *                 DIOCGSECTORSIZE the disk's; anything else ENOTTY.
 *   DEV_OPEN, DEV_CLOSE  sent on to the disk (its driver may refuse an
 *                 open), and counted: a rescan leaves a disk whose
 *                 partitions are open alone (EBUSY).
 *
 * So the disk driver is not copied or wrapped: a partition costs one
 * indirect call and a few stores in the sender's thread, and the
 * transfer, the interrupt and the reply are the driver's as for a read
 * of the whole disk.
 *
 * WHEN THE TABLE IS READ.  At registration the listener only queues the
 * disk for the "mbr" thread (dev_thread_port), which reads the table
 * with a synchronous strategy message: a driver registers its disk from
 * its attach routine, perhaps before its interrupt is set up, and must
 * not be made to wait there for its own reply.  mbr_settle(), called
 * once at boot before init runs, waits (at most MBR_SETTLE_SECS) until
 * the tables of the disks found so far have been read, so that /dev
 * holds the partitions when the first program looks.  DIOCRESCAN on a
 * disk (answered by dev_dioctl for every disk, without asking the
 * driver) reads the table again in the caller's thread: the slots that
 * gained an entry come back, the ones that lost it are marked gone
 * (ENXIO, size 0), the ones that moved or changed size are updated;
 * EBUSY, changing nothing, if any partition of the disk is open.
 *
 * WHAT IS READ.  A table is used if sector 0 ends in the signature
 * 0x55 0xaa.  Each non-empty entry (type and size not 0) becomes a
 * partition; one that starts at sector 0 or past the end of the disk is
 * ignored (with a console line), and one that runs past the end is cut
 * at the end.  Overlapping entries are allowed (each is forwarded
 * within its own bounds).  Extended partitions (types 0x05, 0x0f, 0x85)
 * are registered as a partition like any other, but the logical
 * partitions inside them are not followed: no chain of extended boot
 * records is read.  Partitions of partitions are never looked for
 * (SI_PART devices are not probed).  Disks with sectors smaller than
 * 512 bytes have no table.
 *
 * ONE SOURCE, TWO PLACES.  The layer calls only the driver interface
 * (sys/sys/drvif.h), so it builds twice, as the drivers do: into the
 * kernel, and into a user driver process (lib/libdrv, /bin/drvd), where
 * it serves the partitions of the disks that process serves.  There
 * drv_listen hears of the process's own disks, the partitions are
 * served through the port agent beside their disk (the disk with
 * DSF_PARTS, the partitions with DSF_PART: sys/agent.h), and a
 * partition's drv_forward and the read of sector 0 (drv_dstrategy) reach
 * the disk's driver by a plain call inside the process: a read of
 * vtbd1s1 crosses the agent once, as vtbd1s1's message, never as
 * vtbd1's (kern.agent_devs counts each device's messages).  The kernel's
 * copy leaves such a disk (SI_PARTS) alone.  A slot's device is
 * registered gone (SI_GONE at registration) and a gone slot of a user
 * process is served gone: the agent keeps what was queued for it (a
 * read re-sent from a dead predecessor) until drv_back serves it again.
 * DIOCRESCAN of an SI_PARTS disk goes to its process, where
 * lib/libdrv calls mbr_rescan as dev_dioctl does here.
 *
 * Concurrency: one CPU.  Rescans of all disks are serialized by
 * mbr_busy (a sleep lock: the read of sector 0 blocks); the open counts
 * change in the senders' threads, inside critical sections.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/queue.h>
#include <sys/uio.h>
#include <sys/device.h>
#include <sys/drvif.h>
#include <sys/diskmbr.h>
#include <sys/sysctl.h>

MALLOC_DEFINE(M_MBR, "mbr", "disk partitions");

#define MBR_SETTLE_SECS	10	/* mbr_settle() waits at most this */
#define MBR_NAMELEN	32	/* "ada0s1" and room to spare */

struct mbr_disk;

/* A partition: a device whose port forwards to its disk's port. */
struct mbr_part {
	struct cdev	mp_dev;		/* [I] DISK "s" N; si_mediasize,
					 * SI_GONE [busy] (a rescan, closed) */
	struct lwkt_port mp_port;	/* [I] direct: mbr_part_msg */
	struct mbr_disk	*mp_disk;	/* [I] */
	off_t		mp_start;	/* [busy] first byte on the disk */
	int		mp_slot;	/* [I] 1..NDOSPART */
	uint8_t		mp_type;	/* [busy] the entry's type */
	int		mp_opens;	/* [c] opens not closed */
	char		mp_name[MBR_NAMELEN]; /* [I] */
};

/* A disk this layer has seen, and its partitions by slot. */
struct mbr_disk {
	TAILQ_ENTRY(mbr_disk) md_link;	/* [busy] mbr_disks */
	struct cdev	*md_dev;	/* [I] the disk */
	struct mbr_part	*md_part[NDOSPART]; /* [I] by slot, or NULL */
};

/* A disk queued for the mbr thread. */
struct mbr_probe {
	struct lwkt_msg	pr_msg;		/* first */
	struct cdev	*pr_dev;
};

static TAILQ_HEAD(, mbr_disk) mbr_disks = TAILQ_HEAD_INITIALIZER(mbr_disks);
static lwkt_port_t mbr_port;		/* the mbr thread's */
static struct lwkt_port mbr_doneport;	/* probes come back: freed */
static int mbr_pending;			/* [c] probes not yet done */
SYSCTL_INT(kern_mbr_pending, "kern.mbr_pending", &mbr_pending, CTLFLAG_RD,
    "disks whose partition table is not read yet (a launcher of user "
    "disk drivers waits for 0, as the boot does in mbr_settle)");
static bool mbr_busy;			/* [c] a rescan runs */

/* ---- the partition's port ------------------------------------------- */

/* DEV_STRATEGY: forward to the disk with the offset added. */
static int
mbr_part_strategy(struct mbr_part *mp, struct dev_strategy_msg *sm)
{
	struct cdev *disk = mp->mp_disk->md_dev;

	if (sm->a_offset < 0 || sm->a_bcount == 0 ||
	    sm->a_offset > mp->mp_dev.si_mediasize ||
	    (off_t)sm->a_bcount > mp->mp_dev.si_mediasize - sm->a_offset)
		return (EINVAL);	/* the sender did not clip */
	if (disk->si_flags & SI_GONE)
		return (ENXIO);
	sm->a_offset += mp->mp_start;
	sm->a_head.dm_dev = disk;
	drv_forward(disk->si_port, &sm->a_head.dm_msg);
	return (EASYNC);		/* the disk replies to the sender */
}

/* The partition's direct port: in the sender's thread. */
static int
mbr_part_msg(union dev_anymsg *m)
{
	struct mbr_part *mp = m->head.dm_dev->si_drv1;
	int error;

	switch (m->lmsg.ms_cmd) {
	case DEV_STRATEGY:
		return (mbr_part_strategy(mp, &m->strategy));
	case DEV_IOCTL:
		return (dev_disk_ioctl(&mp->mp_dev, &m->ioctl));
	case DEV_OPEN:
		error = drv_dopen(mp->mp_disk->md_dev, m->open.a_oflags);
		if (error == 0) {
			drv_crit_enter();
			mp->mp_opens++;
			drv_crit_exit();
		}
		return (error);
	case DEV_CLOSE:
		/* In a user driver process a close may answer an open its
		 * predecessor took (a restarted driver): none counted. */
		drv_crit_enter();
		if (mp->mp_opens > 0)
			mp->mp_opens--;
		drv_crit_exit();
		return (drv_dclose(mp->mp_disk->md_dev, m->close.a_fflag));
	}
	return (EOPNOTSUPP);
}

/* ---- reading the table ------------------------------------------------ */

static uint32_t
le32(const uint8_t *p)
{
	return ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24);
}

/*
 * The disk's record, made on first sight with its NDOSPART partition
 * devices, registered at once and gone (ENXIO) until a table names
 * them.  [busy]; may block.
 */
static struct mbr_disk *
mbr_disk_get(struct cdev *dev)
{
	struct mbr_disk *md;
	struct mbr_part *mp;
	int slot, error;

	TAILQ_FOREACH(md, &mbr_disks, md_link) {
		if (md->md_dev == dev)
			return (md);
	}
	md = drv_malloc(sizeof(*md), M_MBR, DRV_WAITOK | DRV_ZERO);
	md->md_dev = dev;
	TAILQ_INSERT_TAIL(&mbr_disks, md, md_link);
	for (slot = 0; slot < NDOSPART; slot++) {
		mp = drv_malloc(sizeof(*mp), M_MBR, DRV_WAITOK | DRV_ZERO);
		mp->mp_disk = md;
		mp->mp_slot = slot + 1;
		drv_snprintf(mp->mp_name, sizeof(mp->mp_name), "%ss%d",
		    dev->si_name, slot + 1);
		drv_port_direct(&mp->mp_port, mbr_part_msg);
		mp->mp_dev.si_name = mp->mp_name;
		mp->mp_dev.si_unit = slot + 1;
		mp->mp_dev.si_flags = SI_DISK | SI_PART | SI_GONE;
		mp->mp_dev.si_drv1 = mp;
		mp->mp_dev.si_port = &mp->mp_port;
		mp->mp_dev.si_secsize = dev->si_secsize;
		mp->mp_dev.si_mediasize = 0;
		mp->mp_dev.si_iosize_max = dev->si_iosize_max;
		error = drv_register(&mp->mp_dev);
		if (error != 0) {
			/* The name is taken (a driver's own device): this
			 * slot never has a partition. */
			drv_log("mbr: %s: make_dev: %d\n", mp->mp_name, error);
			drv_free(mp, M_MBR);
			continue;
		}
		md->md_part[slot] = mp;
	}
	return (md);
}

/* Slot (0-based) of md now holds [start, start + size) bytes of type
 * typ: bring its device up to date and back.  [busy] */
static void
mbr_part_set(struct mbr_disk *md, int slot, off_t start, off_t size,
    uint8_t typ)
{
	struct mbr_part *mp = md->md_part[slot];

	if (mp == NULL)
		return;
	if ((mp->mp_dev.si_flags & SI_GONE) || mp->mp_start != start ||
	    mp->mp_dev.si_mediasize != size)
		drv_log("mbr: %s: type 0x%02x, sectors %u-%u\n", mp->mp_name,
		    typ, (unsigned)(start / mp->mp_dev.si_secsize),
		    (unsigned)((start + size) / mp->mp_dev.si_secsize - 1));
	mp->mp_start = start;
	mp->mp_type = typ;
	mp->mp_dev.si_mediasize = size;
	mp->mp_dev.si_iosize_max = md->md_dev->si_iosize_max; /* a new
					 * driver's (sys/device.h) */
	drv_back(&mp->mp_dev);
}

/*
 * Parse sector 0 (secsize bytes at buf) of md's disk and make the
 * partitions match it.  [busy]
 */
static void
mbr_apply(struct mbr_disk *md, const uint8_t *buf)
{
	struct cdev *disk = md->md_dev;
	uint32_t secsize = disk->si_secsize;
	uint64_t nsect = (uint64_t)disk->si_mediasize / secsize;
	bool valid = buf != NULL && buf[DOSMAGICOFF] == 0x55 &&
	    buf[DOSMAGICOFF + 1] == 0xaa;
	int i;

	for (i = 0; i < NDOSPART; i++) {
		const struct dos_partition *dp;
		uint64_t start, size;

		if (valid) {
			dp = (const struct dos_partition *)(buf + DOSPARTOFF +
			    i * DOSPARTSIZE);
			start = le32(dp->dp_start);
			size = le32(dp->dp_size);
			if (dp->dp_typ != 0 && size != 0) {
				if (start == 0 || start >= nsect) {
					drv_log("mbr: %s: entry %d starts at "
					    "sector %u: ignored\n",
					    disk->si_name, i + 1,
					    (unsigned)start);
				} else {
					if (size > nsect - start)
						size = nsect - start;
					mbr_part_set(md, i,
					    (off_t)(start * secsize),
					    (off_t)(size * secsize), dp->dp_typ);
					continue;
				}
			}
		}
		if (md->md_part[i] != NULL) {
			md->md_part[i]->mp_dev.si_mediasize = 0;
			drv_gone(&md->md_part[i]->mp_dev);
		}
	}
}

/*
 * Read disk's partition table again and make its partitions match it
 * (the essay above).  Returns 0, EBUSY if a partition of the disk is
 * open, EINVAL for a partition or a device that is not a disk, or the
 * error of the read of sector 0 (then the partitions stay as they
 * were).  Blocks: the read, and behind another rescan.
 */
int
mbr_rescan(struct cdev *disk)
{
	struct mbr_disk *md;
	uint8_t *buf;
	size_t resid;
	int error = 0, i;

	if ((disk->si_flags & (SI_DISK | SI_PART)) != SI_DISK)
		return (EINVAL);
	drv_crit_enter();
	while (mbr_busy)
		drv_sleep(&mbr_busy, false, "mbrscan", 0);
	mbr_busy = true;
	drv_crit_exit();
	md = mbr_disk_get(disk);
	for (i = 0; i < NDOSPART; i++) {
		if (md->md_part[i] != NULL && md->md_part[i]->mp_opens > 0)
			error = EBUSY;
	}
	if (error != 0)
		goto out;
	if (disk->si_secsize < 512 || disk->si_mediasize < disk->si_secsize) {
		mbr_apply(md, NULL);	/* no table can be there */
		goto out;
	}
	buf = drv_malloc(disk->si_secsize, M_MBR, DRV_WAITOK);
	error = drv_dstrategy(disk, BIO_READ, 0, buf, disk->si_secsize,
	    &resid);
	if (error == 0 && resid != 0)
		error = EIO;
	if (error == 0)
		mbr_apply(md, buf);
	drv_free(buf, M_MBR);
out:
	drv_crit_enter();
	mbr_busy = false;
	drv_wakeup(&mbr_busy);
	drv_crit_exit();
	return (error);
}

/* ---- the probe at registration ------------------------------------- */

/* In the mbr thread: read one new disk's table. */
static void
mbr_probe_msg(lwkt_msg_t msg, void *arg)
{
	struct mbr_probe *pr = (struct mbr_probe *)msg;
	int error;

	error = mbr_rescan(pr->pr_dev);
	if (error != 0)
		drv_log("mbr: %s: sector 0 unreadable: %d\n",
		    pr->pr_dev->si_name, error);
	drv_reply(msg, error);
}

/* mbr_doneport's function: a probe is over. */
static void
mbr_probe_done(lwkt_msg_t msg)
{
	drv_free(msg, M_MBR);
	drv_crit_enter();
	if (--mbr_pending == 0)
		drv_wakeup(&mbr_pending);
	drv_crit_exit();
}

/* dev_listen: a device was registered; queue a disk for its probe. */
static void
mbr_newdev(struct cdev *dev)
{
	struct mbr_probe *pr;

	if ((dev->si_flags & (SI_DISK | SI_PART | SI_PARTS)) != SI_DISK)
		return;
	pr = drv_malloc(sizeof(*pr), M_MBR, DRV_WAITOK | DRV_ZERO);
	drv_initmsg(&pr->pr_msg, &mbr_doneport, 0);
	pr->pr_dev = dev;
	drv_crit_enter();
	mbr_pending++;
	drv_crit_exit();
	drv_send(mbr_port, &pr->pr_msg);
}

/* At boot, before any driver attaches: listen for disks.  May block. */
void
mbr_init(void)
{
	drv_initreplyport(&mbr_doneport, mbr_probe_done);
	drv_port_thread(&mbr_port, mbr_probe_msg, NULL, "mbr");
	drv_listen(mbr_newdev);
}

/*
 * Wait until the partition tables of the disks registered so far have
 * been read, or MBR_SETTLE_SECS have passed (a driver that never
 * replies must not stop the boot).  Boot only; blocks.
 */
void
mbr_settle(void)
{
	uint64_t end = drv_ticks() + (uint64_t)MBR_SETTLE_SECS * drv_hz();

	drv_crit_enter();
	while (mbr_pending > 0 && drv_ticks() < end)
		drv_sleep(&mbr_pending, false, "mbrwait", drv_hz());
	if (mbr_pending > 0)
		drv_log("mbr: %d partition tables not read yet\n",
		    mbr_pending);
	drv_crit_exit();
}
