/*
 * virtio_pci.c - the legacy ("transitional") virtio PCI transport.
 *
 * A virtio device on PCI (vendor 0x1af4, devices 0x1000-0x103f; the
 * subsystem device id is the virtio type: 2 for a block device) offers
 * the legacy interface in its I/O BAR 0, which QEMU's transitional
 * devices (its default) keep next to the modern memory BAR:
 *
 *	0x00 device features   0x04 guest features   0x08 queue PFN
 *	0x0c queue size        0x0e queue select     0x10 queue notify
 *	0x12 device status     0x13 ISR status       0x14 device config
 *
 * (virtio_pci.h names them).  The device configuration starts at 0x14
 * because MSI-X is never enabled here: interrupts are the function's
 * INTx line, which the firmware routed to an ISA IRQ (pd_irq).
 *
 * THE SEQUENCE (virtio 1.0, 3.1 and 4.1.5.1 "legacy"): a driver resets
 * the device (status 0), sets ACKNOWLEDGE and then DRIVER, reads the
 * offered features and writes the subset it uses (the legacy interface
 * has no FEATURES_OK handshake: the device takes what it is given), sets
 * up each queue (select it, read its size, which the device fixes,
 * write the page frame number of a ring of that size), reads its
 * configuration, and sets DRIVER_OK: from then on the device serves the
 * queues.  A driver that gives up sets FAILED.  Writing 0 to the status
 * resets the device at any time: it stops using the rings, forgets the
 * queues and features, and the sequence starts again; that is how a
 * driver takes back buffers from a device that does not answer.
 *
 * Notifying is one 16-bit write of the queue's number; acknowledging an
 * interrupt is one read of the ISR, which clears it and deasserts the
 * line (the line is level-triggered and may be shared).
 *
 * The transport keeps no state beyond the port base and the features:
 * the queue belongs to virtqueue.c, what the device is to its driver.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/pciio.h>
#include <dev/pci/pcireg.h>
#include <dev/pci/pcivar.h>
#include <dev/virtio/virtio.h>
#include <dev/virtio/virtqueue.h>
#include <dev/virtio/virtio_pci.h>

/*
 * Take PCI function pd as a legacy virtio device: BAR 0 must be I/O
 * ports (ENXIO otherwise: not a transitional device).  Turns on I/O
 * decoding and bus mastering and resets the device; the driver then
 * follows the sequence above from ACKNOWLEDGE on.  Returns 0 or ENXIO.
 * Never blocks.
 */
int
vtpci_attach(struct vtpci *vp, struct pci_dev *pd)
{
	struct pci_bar *pb = &pd->pd_bar[0];

	if (pb->pb_type != PCI_BAR_IO || pb->pb_size < VIRTIO_PCI_CONFIG)
		return (ENXIO);
	vp->vp_pci = pd;
	vp->vp_io = (uint16_t)pb->pb_base;
	vp->vp_features = 0;
	drv_pci_enable_io(pd);
	drv_pci_enable_busmaster(pd);
	vtpci_reset(vp);
	return (0);
}

/* Reset the device: status 0.  It stops using every queue at once (a
 * legacy device resets synchronously). */
void
vtpci_reset(struct vtpci *vp)
{
	drv_outb(vp->vp_io + VIRTIO_PCI_STATUS, 0);
	(void)drv_inb(vp->vp_io + VIRTIO_PCI_STATUS);	/* flush the write */
}

/* Set status bits (VIRTIO_STATUS_*), keeping those already set. */
void
vtpci_add_status(struct vtpci *vp, uint8_t bits)
{
	uint8_t s = drv_inb(vp->vp_io + VIRTIO_PCI_STATUS);

	drv_outb(vp->vp_io + VIRTIO_PCI_STATUS, (uint8_t)(s | bits));
}

/* The status register now. */
uint8_t
vtpci_get_status(struct vtpci *vp)
{
	return (drv_inb(vp->vp_io + VIRTIO_PCI_STATUS));
}

/*
 * Accept the features of wanted that the device offers; returns them
 * (also kept in vp_features).  Between DRIVER and DRIVER_OK only.
 */
uint32_t
vtpci_negotiate(struct vtpci *vp, uint32_t wanted)
{
	uint32_t f = drv_inl(vp->vp_io + VIRTIO_PCI_HOST_FEATURES) & wanted;

	drv_outl(vp->vp_io + VIRTIO_PCI_GUEST_FEATURES, f);
	vp->vp_features = f;
	return (f);
}

/* The size the device fixes for queue index (0: no such queue). */
uint16_t
vtpci_queue_size(struct vtpci *vp, int index)
{
	drv_outw(vp->vp_io + VIRTIO_PCI_QUEUE_SEL, (uint16_t)index);
	return (drv_inw(vp->vp_io + VIRTIO_PCI_QUEUE_NUM));
}

/* Tell the device where vq's ring is (vq reset, of the size the device
 * gave for it).  Before DRIVER_OK. */
void
vtpci_queue_set(struct vtpci *vp, struct virtqueue *vq)
{
	KASSERT((vq->vq_paddr & (VRING_ALIGN - 1)) == 0 &&
	    vq->vq_paddr >> VIRTIO_PCI_QUEUE_ADDR_SHIFT <= 0xffffffffu,
	    ("%s: a ring at %#llx", __func__,
	    (unsigned long long)vq->vq_paddr));
	drv_outw(vp->vp_io + VIRTIO_PCI_QUEUE_SEL, vq->vq_index);
	drv_outl(vp->vp_io + VIRTIO_PCI_QUEUE_PFN,
	    (uint32_t)(vq->vq_paddr >> VIRTIO_PCI_QUEUE_ADDR_SHIFT));
}

/* width (1, 2 or 4) bytes of the device configuration at byte off. */
uint32_t
vtpci_config_read(struct vtpci *vp, int off, int width)
{
	uint16_t port = (uint16_t)(vp->vp_io + VIRTIO_PCI_CONFIG + off);

	switch (width) {
	case 1:
		return (drv_inb(port));
	case 2:
		return (drv_inw(port));
	default:
		return (drv_inl(port));
	}
}

/*
 * A 64-bit field of the device configuration, read as two 32-bit halves
 * until two reads agree (the legacy interface has no generation count,
 * and the device may change the field between the halves).
 */
uint64_t
vtpci_config_read64(struct vtpci *vp, int off)
{
	uint64_t a, b;

	do {
		a = vtpci_config_read(vp, off, 4) |
		    (uint64_t)vtpci_config_read(vp, off + 4, 4) << 32;
		b = vtpci_config_read(vp, off, 4) |
		    (uint64_t)vtpci_config_read(vp, off + 4, 4) << 32;
	} while (a != b);
	return (a);
}
