/*
 * test_vtblk.c - the virtio-blk driver (sys/dev/virtio/virtio_blk.c)
 * from inside: the device negotiated and running with its queue where
 * the driver put it, strategy messages replied from the interrupt path
 * (32 in flight, published as one batch), requests split and queued when
 * the ring is full, a read-only disk refusing writes without the device,
 * and a device that never answers timing out with EIO and then working.
 *
 * vtbd0, QEMU_PCI's null read-only 1 MB disk (zeros), is in every boot;
 * vtbd1, make check's pattern image (test/dev/disk.sh), is used when
 * present.
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
#include <dev/virtio/virtio.h>
#include <dev/virtio/virtio_pci.h>
#include <dev/virtio/virtio_blkvar.h>
#include <machine/cpufunc.h>
#include <machine/pmap.h>


#define NQD	32

/* The byte at offset o of the pattern disk (each word its offset). */
static unsigned char
pat(uint32_t o)
{
	return ((unsigned char)((o & ~3u) >> (8 * (o & 3))));
}

/* Bytes of p not what disk sc holds at o: zeros for the null disk, the
 * pattern for the image (whose sector 0, the MBR, is not checked). */
static size_t
vt_bad(struct vtblk_softc *sc, const unsigned char *p, size_t n, uint32_t o)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++) {
		if (sc->sc_readonly)
			bad += p[i] != 0;
		else if (o + i >= 512)
			bad += p[i] != pat(o + (uint32_t)i);
	}
	return (bad);
}

/* The disk to read: the pattern image if there is one. */
static struct vtblk_softc *
vt_disk(void)
{
	struct vtblk_softc *sc = vtblk_unit(1);

	return (sc != NULL ? sc : vtblk_unit(0));
}

static void
test_vtblk_setup(void)
{
	struct vtblk_softc *sc = vtblk_unit(0);
	struct vtpci *vp;

	T_ASSERT(sc != NULL);
	vp = &sc->sc_vtpci;
	T_EQ(dev_lookup("vtbd0", 5), &sc->sc_dev);
	T_EQ(sc->sc_dev.si_flags & SI_DISK, SI_DISK);
	T_EQ(sc->sc_dev.si_secsize, 512);
	T_EQ(sc->sc_dev.si_mediasize, 1024 * 1024);
	/* Negotiated: read-only is the null disk's; nothing we did not ask
	 * for; running. */
	T_ASSERT(sc->sc_readonly);
	T_EQ(vp->vp_features & ~(uint32_t)(VIRTIO_BLK_F_RO |
	    VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_BLK_SIZE), 0);
	T_EQ(inl(vp->vp_io + VIRTIO_PCI_GUEST_FEATURES), vp->vp_features);
	T_EQ(vtpci_get_status(vp), VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER |
	    VIRTIO_STATUS_DRIVER_OK);
	/* The queue: the device's size, a power of 2; the ring where the
	 * device was told it is, page aligned, physically contiguous. */
	T_EQ(sc->sc_vq.vq_size, vtpci_queue_size(vp, 0));
	T_EQ(sc->sc_vq.vq_size & (sc->sc_vq.vq_size - 1), 0);
	T_EQ(inl(vp->vp_io + VIRTIO_PCI_QUEUE_PFN),
	    sc->sc_vq.vq_paddr >> VIRTIO_PCI_QUEUE_ADDR_SHIFT);
	T_EQ(sc->sc_vq.vq_paddr & PAGE_MASK, 0);
	T_EQ(sc->sc_vq.vq_dma.dd_size, vring_size(sc->sc_vq.vq_size));
	T_EQ(pmap_kextract((vm_offset_t)sc->sc_vq.vq_used),
	    sc->sc_vq.vq_paddr + vring_used_offset(sc->sc_vq.vq_size));
	T_GE(sc->sc_maxsegs, 2);
	T_LE(sc->sc_maxsegs, sc->sc_vq.vq_size - 2);
	T_EQ(sc->sc_maxxfer, (size_t)(sc->sc_maxsegs - 1) * PAGE_SIZE);
	/* Its interrupt is established, and idle: unmasked. */
	T_GE(sc->sc_irq, 0);
	T_ASSERT(intr_claimed(sc->sc_irq));
	T_ASSERT(!intr_masked(sc->sc_irq));
	T_EQ(sc->sc_inflight, 0);
	T_EQ(virtqueue_nfree(&sc->sc_vq), sc->sc_vq.vq_size);
	if (vtblk_unit(1) != NULL) {
		T_ASSERT(!vtblk_unit(1)->sc_readonly);
		T_EQ(vtblk_unit(1)->sc_dev.si_mediasize, 16 * 1024 * 1024);
	}
}
DEFINE_TEST(vtblk_setup, "virtio-blk: features negotiated, DRIVER_OK, the "
    "queue's ring where the device was told, its interrupt established",
    test_vtblk_setup);

static void
test_vtblk_intr(void)
{
	struct vtblk_softc *sc = vt_disk();
	lwkt_port_t port = &curthread->td_msgport;
	static struct dev_strategy_msg sm[NQD];
	static struct uio su[NQD];
	unsigned char *buf;
	uint64_t intr0, notify0, publish0, done0, other0, req0;
	size_t bad = 0;
	int i;

	T_ASSERT(sc != NULL);
	buf = kmalloc(NQD * 8192, M_TEMP, M_WAITOK);
	memset(buf, 0xee, NQD * 8192);
	intr0 = intr_count(sc->sc_irq);
	notify0 = sc->sc_nnotify;
	publish0 = sc->sc_vq.vq_npublish;
	done0 = sc->sc_ndone_intr;
	other0 = sc->sc_ndone_other;
	req0 = sc->sc_ndevreq;
	sc->sc_maxinflight = 0;
	/* All sent before the driver thread runs: one batch. */
	crit_enter();
	for (i = 0; i < NQD; i++) {
		uio_init(&su[i], buf + i * 8192 + (i & 1) * 100, 4096, 0,
		    UIO_SYSSPACE, UIO_READ);
		T_EQ(dev_dstrategy_send(&sc->sc_dev, &sm[i], BIO_READ,
		    (off_t)(NQD - i) * 8192 + 512, &su[i], port), 0);
	}
	crit_exit();
	for (i = 0; i < NQD; i++) {
		T_EQ(lwkt_waitmsg(&sm[i].a_head.dm_msg, 0), 0);
		T_EQ(sm[i].a_resid, 0);
		T_EQ(su[i].uio_resid, 0);
		bad += vt_bad(sc, buf + i * 8192 + (i & 1) * 100, 4096,
		    (uint32_t)(NQD - i) * 8192 + 512);
	}
	T_EQ(bad, 0);
	/* One request each, all in the ring at once, published together
	 * with at most one notification (none if the device said it was
	 * still looking at the ring), every one finished by the interrupt
	 * message's handler. */
	T_EQ(sc->sc_ndevreq - req0, NQD);
	T_GE(sc->sc_maxinflight, NQD);
	T_EQ(sc->sc_vq.vq_npublish - publish0, 1);
	T_LE(sc->sc_nnotify - notify0, 1);
	T_EQ(sc->sc_ndone_intr - done0, NQD);
	T_EQ(sc->sc_ndone_other, other0);
	T_GT(intr_count(sc->sc_irq), intr0);
	T_ASSERT(!intr_masked(sc->sc_irq));
	T_EQ(sc->sc_inflight, 0);
	T_EQ(virtqueue_nfree(&sc->sc_vq), sc->sc_vq.vq_size);
	kfree(buf, M_TEMP);
}
DEFINE_TEST(vtblk_intr, "virtio-blk: 32 reads in flight, published as one batch, "
    "each replied from the interrupt message's handler", test_vtblk_intr);

static void
test_vtblk_split(void)
{
	struct vtblk_softc *sc = vt_disk();
	lwkt_port_t port = &curthread->td_msgport;
	static struct dev_strategy_msg sm[4];
	static struct uio su[4];
	const size_t big = 1024 * 1024, part = 256 * 1024;
	unsigned char *buf;
	uint64_t req0, queued0;
	size_t resid, bad = 0;
	struct uio uio;
	int i;

	T_ASSERT(sc != NULL);
	buf = kmalloc(big + PAGE_SIZE, M_TEMP, M_WAITOK);
	/* 1 MiB from a buffer 12 bytes into a page: 257 pieces, more than
	 * a request may have: two requests, one reply. */
	memset(buf, 0xee, big + PAGE_SIZE);
	req0 = sc->sc_ndevreq;
	uio_init(&uio, buf + 12, big, 0, UIO_SYSSPACE, UIO_READ);
	T_EQ(dev_dstrategy(&sc->sc_dev, BIO_READ, 0, &uio, &resid), 0);
	T_EQ(resid, 0);
	T_EQ(sc->sc_ndevreq - req0, (big + sc->sc_maxxfer - 1) /
	    sc->sc_maxxfer);
	T_GE(sc->sc_ndevreq - req0, 2);
	bad = vt_bad(sc, buf + 12 + 512, big - 512, 512);
	T_EQ(bad, 0);
	T_EQ(buf[11], 0xee);
	T_EQ(buf[12 + big], 0xee);

	/* Four 256 KiB reads at once need more descriptors than the ring
	 * has: the last waits for room, and all four come back right. */
	memset(buf, 0xee, big + PAGE_SIZE);
	req0 = sc->sc_ndevreq;
	queued0 = sc->sc_nqueued;
	crit_enter();
	for (i = 0; i < 4; i++) {
		uio_init(&su[i], buf + 100 + i * part, part, 0, UIO_SYSSPACE,
		    UIO_READ);
		T_EQ(dev_dstrategy_send(&sc->sc_dev, &sm[i], BIO_READ,
		    (off_t)(3 - i) * part, &su[i], port), 0);
	}
	crit_exit();
	for (i = 0; i < 4; i++) {
		T_EQ(lwkt_waitmsg(&sm[i].a_head.dm_msg, 0), 0);
		T_EQ(sm[i].a_resid, 0);
		bad += vt_bad(sc, buf + 100 + i * part, part,
		    (uint32_t)((3 - i) * part));
	}
	T_EQ(bad, 0);
	T_EQ(sc->sc_ndevreq - req0, 4);
	if (sc->sc_vq.vq_size <= 256)
		T_GE(sc->sc_nqueued - queued0, 1);
	T_EQ(sc->sc_inflight, 0);
	T_EQ(virtqueue_nfree(&sc->sc_vq), sc->sc_vq.vq_size);
	kfree(buf, M_TEMP);
}
DEFINE_TEST(vtblk_split, "virtio-blk: 1 MiB split into requests of "
    "seg_max pieces; reads waiting for room in a full ring",
    test_vtblk_split);

static void
test_vtblk_readonly(void)
{
	struct vtblk_softc *sc = vtblk_unit(0);
	static char sect[512];
	struct uio uio;
	uint64_t req0, n0;
	size_t resid;

	T_ASSERT(sc != NULL && sc->sc_readonly);
	req0 = sc->sc_ndevreq;
	n0 = sc->sc_nstrategy;
	uio_init(&uio, sect, sizeof(sect), 0, UIO_SYSSPACE, UIO_WRITE);
	T_EQ(dev_dstrategy(&sc->sc_dev, BIO_WRITE, 0, &uio, &resid), EROFS);
	uio_init(&uio, sect, sizeof(sect), 0, UIO_SYSSPACE, UIO_WRITE);
	T_EQ(dev_dwrite(&sc->sc_dev, &uio, 0), EROFS);
	T_EQ(uio.uio_resid, sizeof(sect));
	/* The driver saw both and sent the device nothing. */
	T_EQ(sc->sc_nstrategy - n0, 2);
	T_EQ(sc->sc_ndevreq, req0);
}
DEFINE_TEST(vtblk_readonly, "virtio-blk: a write to the read-only disk is "
    "EROFS and never reaches the device", test_vtblk_readonly);

static void
test_vtblk_timeout(void)
{
	struct vtblk_softc *sc = vtblk_unit(0);
	static unsigned char buf[4096];
	struct uio uio;
	uint64_t reset0;
	size_t resid, i, bad = 0;
	int timeout;

	T_ASSERT(sc != NULL);
	/* A device that never sees the request: the watchdog resets it
	 * after the timeout, the read fails with EIO, and the disk works
	 * again. */
	reset0 = sc->sc_nreset;
	timeout = sc->sc_timeout;
	sc->sc_timeout = 2;
	sc->sc_test_nonotify = true;
	uio_init(&uio, buf, sizeof(buf), 0, UIO_SYSSPACE, UIO_READ);
	T_EQ(dev_dstrategy(&sc->sc_dev, BIO_READ, 4096, &uio, &resid), EIO);
	T_EQ(resid, sizeof(buf));
	sc->sc_test_nonotify = false;
	sc->sc_timeout = timeout;
	T_EQ(sc->sc_nreset - reset0, 1);
	T_EQ(sc->sc_inflight, 0);
	T_ASSERT(!sc->sc_dead);
	T_EQ(vtpci_get_status(&sc->sc_vtpci), VIRTIO_STATUS_ACK |
	    VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK);
	memset(buf, 0xee, sizeof(buf));
	uio_init(&uio, buf, sizeof(buf), 0, UIO_SYSSPACE, UIO_READ);
	T_EQ(dev_dstrategy(&sc->sc_dev, BIO_READ, 4096, &uio, &resid), 0);
	T_EQ(resid, 0);
	for (i = 0; i < sizeof(buf); i++)
		bad += buf[i] != 0;
	T_EQ(bad, 0);
}
DEFINE_TEST(vtblk_timeout, "virtio-blk: a request the device never answers "
    "is EIO after the timeout; the device is reset and works on",
    test_vtblk_timeout);
