/*
 * test_vtblk.c - the virtio-blk driver (sys/dev/virtio/virtio_blk.c)
 * from inside: the device negotiated and running with its queue where
 * the driver put it and its interrupt established, and a device that
 * never answers (a test hook drops the notification) timing out with
 * EIO and then working.
 *
 * Only what needs the kernel build's inside is here.  How the driver
 * does its reads, as its counters (hw.vtblk.units) show -- 32 in flight
 * published as one batch and replied from the interrupt message, a
 * large read split into requests, reads waiting for room in a full
 * ring, a write to the read-only disk refused without the device -- is
 * checked through /dev/vtbd0 by test/dev/dev_vtblk.c, which runs against
 * both builds (the main boot, and tests-udrv with the driver in a
 * process).
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
