/*
 * virtio_blk.c - virtio-blk disks: /dev/vtbd0, vtbd1, ...
 *
 * WHAT IT DRIVES.  A virtio block device on PCI (1af4:1001, the legacy
 * or transitional id QEMU's virtio-blk-pci has by default) through the
 * legacy I/O-port transport (virtio_pci.c) and one split virtqueue
 * (virtqueue.c).  Each function found becomes a disk named vtbdN as in
 * FreeBSD, N being the PCI layer's unit of the "vtblk" driver: functions
 * are numbered in enumeration order (pci.c: bus 0 slot by slot, a
 * bridge's secondary bus right after the bridge).  Every QEMU boot of
 * the Makefile has QEMU_PCI's bridge at slot 4 with a null read-only
 * 1 MB disk behind it, which therefore comes first: vtbd0; the test
 * image of make check and make run is on bus 0 at a later slot: vtbd1.
 *
 * FEATURES.  It accepts RO (the disk is read-only: a write is refused
 * with EROFS here, never sent), SEG_MAX (data descriptors a request may
 * have) and BLK_SIZE (the logical block size, which becomes si_secsize
 * if it is a power of 2 from 512 to a page) and nothing else.  Without
 * FLUSH negotiated the device writes through (QEMU turns its cache off):
 * a write is on the host's file when the device acknowledges it, so the
 * host oracle of make check can hold the driver to every reply.
 *
 * ONE THREAD.  All units share the "vtblk" driver thread (dev_thread_port):
 * its port receives every device message of every unit, the interrupt
 * message of each line the units use, and each unit's watchdog message.
 * The thread alone touches the rings, the slots and the queues, so
 * nothing locks.  Each wakeup takes every message waiting on the port
 * before it tells any device about new requests: requests queued
 * together go out with one publish of the available index and one
 * notification (an I/O write, the costly part under emulation).
 *
 * A REQUEST.  DEV_STRATEGY carries a uio over held user pages
 * (UIO_VMOBJECT) or a kernel buffer (UIO_SYSSPACE).  The driver turns
 * it into device requests of at most sc_maxxfer bytes, each a chain of
 * descriptors: the 16-byte header (type IN or OUT, first sector), one
 * descriptor per page piece of the buffer (drv_uio_physnextp(), 16
 * pieces a call, put in the ring 16 at a time, or in a user build the
 * port agent's pieces as they lie: the physical address of the held
 * page, or of the kernel page, no copy and no bounce; then
 * drv_uio_advance()), and the status byte.  Header and status live in a DMA area
 * indexed by the chain's head descriptor, as does the slot recording
 * which message the chain belongs to.  sc_maxxfer is (sc_maxsegs - 1)
 * pages, so any buffer alignment fits in sc_maxsegs pieces and each
 * request stays whole sectors; sc_maxsegs is the device's seg_max, at
 * most the ring size less the header and status (QEMU: 256 descriptors,
 * seg_max 254, so a 1 MiB transfer is two requests and a 4K one one
 * request of three or four descriptors: 60 and more in the ring at once).
 * A message whose request does not fit in the free descriptors waits on
 * sc_queue (in order: nothing overtakes it), and so does everything
 * after it; completions free descriptors and restart the queue.  While
 * the driver owns a message: a_driver counts its requests in the ring,
 * a_resid counts down as requests succeed, ms_error keeps the first
 * error, and the uio advances as requests are built.  The message is
 * replied when its last request is back: 0 with a_resid 0, or EIO.
 *
 * COMPLETION.  The device interrupts on its PCI INTx line (level
 * triggered, possibly shared: every vtblk unit on a line is looked at).
 * intr.c masks it and sends the line's interrupt message to the vtblk
 * thread, which reads each unit's ISR (acknowledging it, which lowers
 * the line), takes every finished chain off the used ring, replies each
 * message whose requests are all back, starts waiting messages, and
 * replies the interrupt message, which unmasks the line.  Nobody sleeps
 * inside the driver: a synchronous reader sleeps in lwkt_domsg() on its
 * own port, an asynchronous one not at all.  If the line cannot be had
 * (another driver owns it) the unit is polled by its watchdog every
 * tick instead.
 *
 * A STUCK DEVICE.  Each request notes when it was submitted.  While
 * anything is in the ring a timer (drv_timer, once a second) sends the
 * unit's watchdog message to the thread, which first takes whatever the device
 * finished, and then, if a request is older than sc_timeout (30 s), gives
 * up on the device's current state: it resets the device (status 0; a
 * legacy device stops using the rings and lets go of every buffer),
 * fails every request that was in the ring with EIO (their messages are
 * replied), resets the ring, sets the device up again with the same
 * features, and starts the waiting messages.  So a device that drops a
 * request costs its callers EIO after the timeout and the disk keeps
 * working; a device that will not come back up is dead: every later
 * request is EIO.  Buffers are never given back to their owners while
 * the device may still write them: only after the reset.
 *
 * The messages:
 *   DEV_STRATEGY  above.  A write to a read-only disk: EROFS.
 *   DEV_IOCTL     DIOCGSECTORSIZE, DIOCGMEDIASIZE; else ENOTTY.
 *   DEV_OPEN, DEV_CLOSE  nothing to do (0).
 *   DEV_READ, DEV_WRITE  never sent to a disk: EOPNOTSUPP.
 * A machine without virtio-blk functions attaches nothing and starts no
 * thread; attach itself never waits for the device.  hw.vtblk.units
 * shows each unit's counters, in both builds (the process's own units
 * when it drives them).
 *
 * The driver (this file, virtio_pci.c, virtqueue.c) calls only the
 * driver interface (sys/sys/drvif.h): port I/O, PCI configuration, the
 * interrupt message, DMA memory (the ring, the headers), the physical
 * pieces of a request's data, the watchdog timer, registration and the
 * message loop.  So it builds both into the kernel and into a user
 * driver.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/queue.h>
#include <sys/uio.h>
#include <sys/ioctl.h>
#include <sys/device.h>
#include <sys/drvif.h>
#include <sys/sysctl.h>
#include <dev/pci/pcireg.h>
#include <dev/pci/pcivar.h>
#include <dev/virtio/virtio.h>
#include <dev/virtio/virtqueue.h>
#include <dev/virtio/virtio_pci.h>
#include <dev/virtio/virtio_blkvar.h>

MALLOC_DEFINE(M_VTBLK, "vtblk", "virtio-blk disks");

#define VTBLK_MAXUNITS	8
#define VTBLK_FEATURES	(VIRTIO_BLK_F_RO | VIRTIO_BLK_F_SEG_MAX | \
			 VIRTIO_BLK_F_BLK_SIZE)

/* An interrupt line the units use, and its repeating message. */
struct vtblk_line {
	struct intr_msg	vl_msg;		/* [t] out while being handled */
	int		vl_irq;		/* [I] */
};

static lwkt_port_t vtblk_port;		/* [I] the vtblk thread's port */
static struct vtblk_softc *vtblk_units[VTBLK_MAXUNITS]; /* [I] by unit */
static int vtblk_nunits;		/* [I] units 0..vtblk_nunits - 1 */
static struct vtblk_line vtblk_lines[VTBLK_MAXUNITS]; /* [I] */
static int vtblk_nlines;		/* [I] */

static void vtblk_start_queue(struct vtblk_softc *sc);

/* The unit's softc, or NULL (for tests). */
struct vtblk_softc *
vtblk_unit(int unit)
{
	if (unit < 0 || unit >= VTBLK_MAXUNITS)
		return (NULL);
	return (vtblk_units[unit]);
}

/*
 * hw.vtblk.units: a line per unit, "vtbd0 1048576 512 ro segs=254" (the
 * size in bytes, the sector size, ro or rw, data descriptors a request)
 * then its counters as name=value: strategy devreq queued publish
 * notify intr done_intr done_other reset inflight.  How the driver did
 * its work, seen from outside (test/dev/dev_vtblk.c): in the user build
 * each disk's process answers (DRVIOC_SYSCTL) with its own units and
 * the kernel joins the answers in unit order (sys/sysctl.h).  Read without
 * the vtblk thread's exclusion: exact while the disks are idle.
 */
static int
sysctl_vtblk_units(char *buf, size_t size, size_t *lenp)
{
	struct vtblk_softc *sc;
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < vtblk_nunits && len < size; i++) {
		if ((sc = vtblk_units[i]) == NULL)
			continue;
		len += drv_snprintf(buf + len, size - len, "%s %lld %u %s "
		    "segs=%d strategy=%llu devreq=%llu queued=%llu "
		    "publish=%llu notify=%llu intr=%llu done_intr=%llu "
		    "done_other=%llu reset=%llu inflight=%d\n", sc->sc_name,
		    (long long)sc->sc_dev.si_mediasize, sc->sc_dev.si_secsize,
		    sc->sc_readonly ? "ro" : "rw", sc->sc_maxsegs,
		    (unsigned long long)sc->sc_nstrategy,
		    (unsigned long long)sc->sc_ndevreq,
		    (unsigned long long)sc->sc_nqueued,
		    (unsigned long long)sc->sc_vq.vq_npublish,
		    (unsigned long long)sc->sc_nnotify,
		    (unsigned long long)sc->sc_nintr,
		    (unsigned long long)sc->sc_ndone_intr,
		    (unsigned long long)sc->sc_ndone_other,
		    (unsigned long long)sc->sc_nreset, sc->sc_inflight);
	}
	*lenp = MIN(len, size - 1);
	return (0);
}
SYSCTL_STRPROC(hw_vtblk_units, "hw.vtblk.units", sysctl_vtblk_units,
    "virtio-blk disks: name bytes sector ro|rw segs= and counters");

/* While the driver owns a message, a_driver counts its requests in the
 * ring. */
static inline int
vtblk_nreq(struct dev_strategy_msg *sm)
{
	return ((int)(uintptr_t)sm->a_driver);
}

static inline void
vtblk_set_nreq(struct dev_strategy_msg *sm, int n)
{
	sm->a_driver = (void *)(uintptr_t)n;
}

/* ---- the device ------------------------------------------------------ */

/*
 * Bring the device from reset to DRIVER_OK with the ring sc_vq (already
 * allocated at the size the device fixes): acknowledge, negotiate the
 * features, reset the ring and tell the device where it is.  ENXIO if
 * the device no longer offers what attach found.  Never blocks.
 */
static int
vtblk_setup(struct vtblk_softc *sc)
{
	struct vtpci *vp = &sc->sc_vtpci;

	vtpci_reset(vp);
	vtpci_add_status(vp, VIRTIO_STATUS_ACK);
	vtpci_add_status(vp, VIRTIO_STATUS_DRIVER);
	if (vtpci_negotiate(vp, VTBLK_FEATURES) != sc->sc_features ||
	    vtpci_queue_size(vp, 0) != sc->sc_vq.vq_size) {
		vtpci_add_status(vp, VIRTIO_STATUS_FAILED);
		return (ENXIO);
	}
	virtqueue_reset(&sc->sc_vq);
	vtpci_queue_set(vp, &sc->sc_vq);
	vtpci_add_status(vp, VIRTIO_STATUS_DRIVER_OK);
	return (0);
}

/* Ticks between watchdog looks: every tick when polled, else a second
 * (or the timeout, if shorter). */
static int
vtblk_watch_period(struct vtblk_softc *sc)
{
	if (sc->sc_irq < 0)
		return (1);
	return (MAX(1, MIN(drv_hz(), sc->sc_timeout)));
}

/* Arm the watchdog if requests are in the ring and it is not armed. */
static inline void
vtblk_watch(struct vtblk_softc *sc)
{
	if (sc->sc_inflight > 0 && !drv_timer_pending(&sc->sc_timer))
		drv_timer_arm(&sc->sc_timer, vtblk_watch_period(sc), 0);
}

/* ---- requests -------------------------------------------------------- */

/* The driver is done with sm: reply it with its first error. */
static void
vtblk_reply(struct dev_strategy_msg *sm)
{
	lwkt_msg_t msg = &sm->a_head.dm_msg;

	KASSERT(msg->ms_error != 0 || sm->a_resid == 0,
	    ("%s: %zu bytes left and no error", __func__, sm->a_resid));
	drv_reply(msg, msg->ms_error);
}

/*
 * Put the next len bytes of sm (whole sectors, at most sc_maxxfer) in
 * the ring as one request; the caller checked there is room.  Never
 * blocks.
 */
static void
vtblk_submit(struct vtblk_softc *sc, struct dev_strategy_msg *sm, size_t len)
{
	struct virtqueue *vq = &sc->sc_vq;
	struct vq_chain c = VQ_CHAIN_INIT;
	struct uio *uio = sm->a_uio;
	uint16_t head = vq->vq_free;	/* the chain's first descriptor */
	uint16_t dir = sm->a_bio_cmd == BIO_READ ? VRING_DESC_F_WRITE : 0;
	struct virtio_blk_hdr *hdr = &sc->sc_hdr[head];
	struct vtblk_slot *vs = &sc->sc_slots[head];
	struct uio_physiter it;
	struct uio_physseg seg[16];	/* the pieces, 16 a walk's call */
	const struct uio_physseg *ps;	/* seg, or where they already are */
	int k;

	hdr->vbh_type = sm->a_bio_cmd == BIO_READ ? VIRTIO_BLK_T_IN :
	    VIRTIO_BLK_T_OUT;
	hdr->vbh_ioprio = 0;
	hdr->vbh_sector = (uint64_t)(sm->a_offset +
	    (off_t)(sm->a_bcount - uio->uio_resid)) / VIRTIO_BLK_SECTOR;
	virtqueue_chain_add(vq, &c, sc->sc_dma_pa + head * sizeof(*hdr),
	    sizeof(*hdr), 0);
	drv_uio_physiter_init(&it, uio, len);
	while ((k = drv_uio_physnextp(&it, seg,
	    (int)(sizeof(seg) / sizeof(seg[0])), &ps)) > 0)
		virtqueue_chain_addv(vq, &c, ps, k, dir);
	KASSERT(it.upi_left == 0, ("%s: %s: an unmapped kernel buffer",
	    __func__, sc->sc_name));
	drv_uio_advance(uio, len);
	sc->sc_status[head] = 0xff;
	virtqueue_chain_add(vq, &c, sc->sc_dma_pa +
	    vq->vq_size * sizeof(*hdr) + head, 1, VRING_DESC_F_WRITE);
	KASSERT(c.vc_head == head && c.vc_n <= sc->sc_maxsegs + 2,
	    ("%s: %s: a chain of %u", __func__, sc->sc_name, c.vc_n));
	virtqueue_chain_submit(vq, &c);
	vs->vs_msg = sm;
	vs->vs_len = (uint32_t)len;
	vs->vs_time = drv_ticks();
	vtblk_set_nreq(sm, vtblk_nreq(sm) + 1);
	sc->sc_ndevreq++;
	if (++sc->sc_inflight > sc->sc_maxinflight)
		sc->sc_maxinflight = sc->sc_inflight;
}

/*
 * Put as much of sm in the ring as fits.  Returns true when all of it is
 * in (the uio is used up), false if it must wait for room.
 */
static bool
vtblk_start(struct vtblk_softc *sc, struct dev_strategy_msg *sm)
{
	struct uio *uio = sm->a_uio;
	size_t len;

	while (uio->uio_resid > 0) {
		len = MIN(uio->uio_resid, sc->sc_maxxfer);
		/* header, status, and the pieces: one more page than the
		 * length covers, for a buffer that is not page aligned */
		if (virtqueue_nfree(&sc->sc_vq) <
		    2 + (len + PAGE_SIZE - 1) / PAGE_SIZE + 1)
			return (false);
		vtblk_submit(sc, sm, len);
	}
	return (true);
}

/* Start waiting messages, in order, while they fit. */
static void
vtblk_start_queue(struct vtblk_softc *sc)
{
	struct dev_strategy_msg *sm;

	while ((sm = TAILQ_FIRST(&sc->sc_queue)) != NULL) {
		if (!vtblk_start(sc, sm))
			break;
		TAILQ_REMOVE(&sc->sc_queue, sm, a_link);
	}
}

/*
 * The request in slot head is over (error 0 or EIO).  Its message is
 * replied when none of it is left in the ring and none left to submit,
 * or none left in the ring after an error (what was not submitted is
 * dropped: a message still waiting for room leaves the queue).
 */
static void
vtblk_req_done(struct vtblk_softc *sc, uint16_t head, int error)
{
	struct vtblk_slot *vs = &sc->sc_slots[head];
	struct dev_strategy_msg *sm = vs->vs_msg;
	lwkt_msg_t msg;
	bool waiting;

	KASSERT(sm != NULL, ("%s: %s: slot %u is free", __func__,
	    sc->sc_name, head));
	msg = &sm->a_head.dm_msg;
	waiting = sm->a_uio->uio_resid > 0 && msg->ms_error == 0;
	vs->vs_msg = NULL;
	sc->sc_inflight--;
	vtblk_set_nreq(sm, vtblk_nreq(sm) - 1);
	if (error == 0) {
		sm->a_resid -= vs->vs_len;
	} else if (msg->ms_error == 0) {
		msg->ms_error = error;
		if (waiting) {
			TAILQ_REMOVE(&sc->sc_queue, sm, a_link);
			waiting = false;
		}
	}
	if (vtblk_nreq(sm) == 0 && !waiting)
		vtblk_reply(sm);
}

/* Take every request the device finished off the used ring. */
static void
vtblk_complete(struct vtblk_softc *sc, bool intr)
{
	uint32_t len;
	int head, n = 0;

	while ((head = virtqueue_dequeue(&sc->sc_vq, &len)) >= 0) {
		vtblk_req_done(sc, (uint16_t)head,
		    sc->sc_status[head] == VIRTIO_BLK_S_OK ? 0 : EIO);
		n++;
	}
	if (n == 0)
		return;
	if (intr)
		sc->sc_ndone_intr += n;
	else
		sc->sc_ndone_other += n;
	vtblk_start_queue(sc);
}

/*
 * A request has been in the ring longer than sc_timeout: reset the
 * device, fail what was in the ring, set it up again and go on (the
 * essay above).  Never blocks.
 */
static void
vtblk_recover(struct vtblk_softc *sc)
{
	struct dev_strategy_msg *sm;
	uint16_t i;

	sc->sc_nreset++;
	drv_log("%s: no answer for %d ticks: resetting the device, "
	    "%d request(s) fail with EIO\n", sc->sc_name, sc->sc_timeout,
	    sc->sc_inflight);
	vtpci_reset(&sc->sc_vtpci);	/* the device lets go of the ring */
	(void)vtpci_isr(&sc->sc_vtpci);
	for (i = 0; i < sc->sc_vq.vq_size; i++) {
		if (sc->sc_slots[i].vs_msg != NULL) {
			vtblk_req_done(sc, i, EIO);
			sc->sc_ndone_other++;
		}
	}
	if (vtblk_setup(sc) != 0) {
		drv_log("%s: the device did not come back: every request "
		    "fails with EIO\n", sc->sc_name);
		sc->sc_dead = true;
		while ((sm = TAILQ_FIRST(&sc->sc_queue)) != NULL) {
			TAILQ_REMOVE(&sc->sc_queue, sm, a_link);
			sm->a_head.dm_msg.ms_error = EIO;
			if (vtblk_nreq(sm) == 0)
				vtblk_reply(sm);
		}
		return;
	}
	vtblk_start_queue(sc);
}

/* ---- messages -------------------------------------------------------- */

static void
vtblk_strategy(struct vtblk_softc *sc, struct dev_strategy_msg *sm)
{
	lwkt_msg_t msg = &sm->a_head.dm_msg;

	KASSERT(sm->a_bcount > 0 && sm->a_bcount == sm->a_uio->uio_resid &&
	    sm->a_offset >= 0 &&
	    dev_sec_whole(&sc->sc_dev, sm->a_offset, sm->a_bcount) &&
	    sm->a_offset + (off_t)sm->a_bcount <= sc->sc_dev.si_mediasize,
	    ("%s: %s: a bad request", __func__, sc->sc_name));
	sc->sc_nstrategy++;
	if (sm->a_bio_cmd == BIO_WRITE && sc->sc_readonly) {
		drv_reply(msg, EROFS);
		return;
	}
	if (sc->sc_dead) {
		drv_reply(msg, EIO);
		return;
	}
	msg->ms_error = 0;
	sm->a_resid = sm->a_bcount;
	vtblk_set_nreq(sm, 0);
	if (TAILQ_EMPTY(&sc->sc_queue) && vtblk_start(sc, sm))
		return;
	TAILQ_INSERT_TAIL(&sc->sc_queue, sm, a_link);
	sc->sc_nqueued++;
}

/* The line's interrupt: every unit on it looks at its ring. */
static void
vtblk_intr(struct intr_msg *im)
{
	struct vtblk_softc *sc;
	int i;

	for (i = 0; i < vtblk_nunits; i++) {
		sc = vtblk_units[i];
		if (sc == NULL || sc->sc_irq != im->im_irq)
			continue;
		if (vtpci_isr(&sc->sc_vtpci) & VIRTIO_ISR_QUEUE)
			sc->sc_nintr++;
		vtblk_complete(sc, true);
	}
	drv_intr_done(im);		/* unmasks the line */
}

/* The watchdog's message: poll, or look for a stuck request. */
static void
vtblk_watchdog(struct vtblk_softc *sc)
{
	uint16_t i;

	drv_reply(&sc->sc_timer.dt_msg, 0);	/* the timer may send it again */
	if (sc->sc_irq < 0)
		vtblk_complete(sc, false);
	for (i = 0; i < sc->sc_vq.vq_size; i++) {
		if (sc->sc_slots[i].vs_msg != NULL &&
		    drv_ticks() - sc->sc_slots[i].vs_time >=
		    (uint64_t)sc->sc_timeout)
			break;
	}
	if (i < sc->sc_vq.vq_size) {
		vtblk_complete(sc, false);	/* a lost interrupt? */
		if (sc->sc_slots[i].vs_msg != NULL)
			vtblk_recover(sc);
	}
}

/* One message off the vtblk port. */
static void
vtblk_dispatch(lwkt_msg_t msg)
{
	union dev_anymsg *m = (union dev_anymsg *)msg;
	struct vtblk_softc *sc;
	int error = 0;

	switch (msg->ms_cmd) {
	case DEV_STRATEGY:
		vtblk_strategy(m->head.dm_dev->si_drv1, &m->strategy);
		return;
	case DEV_INTR:
		vtblk_intr((struct intr_msg *)msg);
		return;
	case VTBLK_WATCHDOG:
		vtblk_watchdog(((struct drv_timer *)msg)->dt_arg);
		return;
	case DEV_OPEN:
	case DEV_CLOSE:
		break;
	case DEV_IOCTL:
		sc = m->head.dm_dev->si_drv1;
		error = dev_disk_ioctl(&sc->sc_dev, &m->ioctl);
		break;
	default:
		error = EOPNOTSUPP;
		break;
	}
	drv_reply(msg, error);
}

/*
 * The vtblk thread: a message arrived.  Take it and every other one
 * waiting, then publish what they put in the rings, one notification
 * per unit for the whole batch, and arm the watchdogs.
 */
static void
vtblk_msg(lwkt_msg_t msg, void *arg __unused)
{
	struct vtblk_softc *sc;
	int i;

	do {
		vtblk_dispatch(msg);
	} while ((msg = drv_getmsg(vtblk_port)) != NULL);
	for (i = 0; i < vtblk_nunits; i++) {
		sc = vtblk_units[i];
		if (sc == NULL)
			continue;
		if (virtqueue_publish(&sc->sc_vq) && !sc->sc_test_nonotify) {
			vtpci_notify(&sc->sc_vtpci, sc->sc_vq.vq_index);
			sc->sc_nnotify++;
		}
		vtblk_watch(sc);
	}
}

/* ---- attach ---------------------------------------------------------- */

/* The unit's interrupt: share a line another unit has, or establish it;
 * -1 (polled) if it has none or someone else owns it. */
static int
vtblk_attach_intr(struct vtblk_softc *sc, struct pci_dev *pd)
{
	struct vtblk_line *vl;
	int i, error;

	if (pd->pd_irq < 0)
		return (-1);
	for (i = 0; i < vtblk_nlines; i++) {
		if (vtblk_lines[i].vl_irq == pd->pd_irq)
			return (pd->pd_irq);
	}
	vl = &vtblk_lines[vtblk_nlines];
	vl->vl_irq = pd->pd_irq;
	error = drv_intr_establish(pd->pd_irq, vtblk_port, &vl->vl_msg, vl,
	    "vtblk");
	if (error != 0) {
		drv_log("%s: irq %d: error %d: polled\n", sc->sc_name,
		    pd->pd_irq, error);
		return (-1);
	}
	vtblk_nlines++;
	return (pd->pd_irq);
}

/* The negotiated features and the configuration: the disk's geometry
 * and the request limits. */
static int
vtblk_configure(struct vtblk_softc *sc)
{
	struct vtpci *vp = &sc->sc_vtpci;
	uint64_t sectors;
	uint32_t bs, segs;

	sc->sc_features = vtpci_negotiate(vp, VTBLK_FEATURES);
	sc->sc_readonly = (sc->sc_features & VIRTIO_BLK_F_RO) != 0;
	sectors = vtpci_config_read64(vp, VIRTIO_BLK_CFG_CAPACITY);
	sc->sc_dev.si_secsize = VIRTIO_BLK_SECTOR;
	if (sc->sc_features & VIRTIO_BLK_F_BLK_SIZE) {
		bs = vtpci_config_read(vp, VIRTIO_BLK_CFG_BLK_SIZE, 4);
		if (bs >= VIRTIO_BLK_SECTOR && bs <= PAGE_SIZE &&
		    (bs & (bs - 1)) == 0)
			sc->sc_dev.si_secsize = bs;
	}
	/* The size in whole logical blocks; off_t holds 2^63 bytes. */
	if (sectors > ((uint64_t)1 << 54))
		return (EINVAL);
	sc->sc_dev.si_mediasize = (off_t)(sectors * VIRTIO_BLK_SECTOR) /
	    sc->sc_dev.si_secsize * sc->sc_dev.si_secsize;
	sc->sc_maxsegs = sc->sc_vq.vq_size - 2;
	if (sc->sc_features & VIRTIO_BLK_F_SEG_MAX) {
		segs = vtpci_config_read(vp, VIRTIO_BLK_CFG_SEG_MAX, 4);
		if (segs >= 2 && segs < (uint32_t)sc->sc_maxsegs)
			sc->sc_maxsegs = (int)segs;
	}
	sc->sc_maxxfer = (size_t)(sc->sc_maxsegs - 1) * PAGE_SIZE;
	return (0);
}

/* The DMA area (a header and a status byte per descriptor) and the
 * slots. */
static int
vtblk_alloc(struct vtblk_softc *sc)
{
	size_t n = sc->sc_vq.vq_size;
	size_t bytes = n * (sizeof(struct virtio_blk_hdr) + 1);

	if (drv_dma_alloc(&sc->sc_dma, bytes, DRV_DMA_ZERO) != 0)
		return (ENOMEM);
	sc->sc_dma_pa = sc->sc_dma.dd_pa;
	sc->sc_hdr = sc->sc_dma.dd_va;
	sc->sc_status = (uint8_t *)(sc->sc_hdr + n);
	sc->sc_slots = drv_malloc(n * sizeof(struct vtblk_slot), M_VTBLK,
	    DRV_WAITOK | DRV_ZERO);
	return (0);
}

/*
 * PCI attach: a virtio-blk function becomes vtbd<unit>.  ENXIO if it is
 * not a block device with the legacy interface and a request queue;
 * ENOMEM without memory for the ring.  In the boot thread; may block
 * (allocations), never waits for the device.
 */
static int
vtblk_attach(struct pci_dev *pd)
{
	struct vtblk_softc *sc;
	uint16_t size;
	int error;

	if (pd->pd_subdevice != 2 || pd->pd_unit >= VTBLK_MAXUNITS)
		return (ENXIO);		/* not a block device, or too many */
	sc = drv_malloc(sizeof(*sc), M_VTBLK, DRV_WAITOK | DRV_ZERO);
	drv_snprintf(sc->sc_name, sizeof(sc->sc_name), "vtbd%d", pd->pd_unit);
	TAILQ_INIT(&sc->sc_queue);
	sc->sc_timeout = VTBLK_TIMEOUT_SEC * drv_hz();
	error = vtpci_attach(&sc->sc_vtpci, pd);
	if (error != 0)
		goto fail;
	vtpci_add_status(&sc->sc_vtpci, VIRTIO_STATUS_ACK);
	vtpci_add_status(&sc->sc_vtpci, VIRTIO_STATUS_DRIVER);
	size = vtpci_queue_size(&sc->sc_vtpci, 0);
	error = virtqueue_alloc(&sc->sc_vq, 0, size);
	if (error != 0)
		goto fail_status;
	error = vtblk_configure(sc);
	if (error != 0)
		goto fail_vq;
	error = vtblk_alloc(sc);
	if (error != 0)
		goto fail_vq;
	error = vtblk_setup(sc);
	if (error != 0)
		goto fail_dma;

	if (vtblk_port == NULL)
		drv_port_thread(&vtblk_port, vtblk_msg, NULL, "vtblk");
	drv_timer_init(&sc->sc_timer, vtblk_port, VTBLK_WATCHDOG, sc);
	sc->sc_irq = vtblk_attach_intr(sc, pd);
	sc->sc_dev.si_name = sc->sc_name;
	sc->sc_dev.si_unit = pd->pd_unit;
	sc->sc_dev.si_flags = SI_DISK | SI_DMAIO;	/* drv_uio_physnext only */
	sc->sc_dev.si_drv1 = sc;
	sc->sc_dev.si_port = vtblk_port;
	pd->pd_softc = sc;
	vtblk_units[pd->pd_unit] = sc;
	vtblk_nunits = MAX(vtblk_nunits, pd->pd_unit + 1);
	error = drv_register(&sc->sc_dev);
	KASSERT(error == 0, ("%s: make_dev %s: %d", __func__, sc->sc_name,
	    error));
	drv_log("%s: %lld bytes in %u-byte sectors%s, queue %u, %d "
	    "segments a request, irq %d%s\n", sc->sc_name,
	    (long long)sc->sc_dev.si_mediasize, sc->sc_dev.si_secsize,
	    sc->sc_readonly ? ", read-only" : "", sc->sc_vq.vq_size,
	    sc->sc_maxsegs, sc->sc_irq, sc->sc_irq < 0 ? " (polled)" : "");
	return (0);

fail_dma:
	drv_dma_free(&sc->sc_dma);
	drv_free(sc->sc_slots, M_VTBLK);
fail_vq:
	virtqueue_free(&sc->sc_vq);
fail_status:
	vtpci_add_status(&sc->sc_vtpci, VIRTIO_STATUS_FAILED);
fail:
	drv_free(sc, M_VTBLK);
	return (error);
}

static const struct pci_id vtblk_ids[] = {
	{ 0x1af4, 0x1001, PCI_ANY, PCI_ANY },	/* virtio-blk, legacy id */
	{ 0 }
};
/*
 * The kernel's, for a function a process drove (vtblk=user) when that
 * process ends, before its memory is freed: reset the device, which
 * makes it let go of the rings and of every buffer it was given (QEMU
 * finishes or drops what is in flight before the reset returns).
 * Without this a driver killed with a read in the device would have the
 * device write the read's data and the used ring into pages already
 * free.  Never blocks.
 */
static void
vtblk_quiesce(struct pci_dev *pd)
{
	struct vtpci vp;

	if (pd->pd_bar[0].pb_type != PCI_BAR_IO ||
	    pd->pd_bar[0].pb_size < VIRTIO_PCI_CONFIG)
		return;
	memset(&vp, 0, sizeof(vp));
	vp.vp_pci = pd;
	vp.vp_io = (uint16_t)pd->pd_bar[0].pb_base;
	vtpci_reset(&vp);
}

PCI_DRIVER_Q(vtblk, "vtblk", vtblk_ids, vtblk_attach, vtblk_quiesce);
