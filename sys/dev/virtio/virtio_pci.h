/*
 * dev/virtio/virtio_pci.h - the legacy virtio PCI transport: a virtio
 * device's registers in its I/O BAR 0 (virtio_pci.c explains the
 * sequence a driver follows).
 *
 * Protection: [I] set by vtpci_attach; the registers are the owning
 * driver's (one thread uses them).
 */
#ifndef _DEV_VIRTIO_VIRTIO_PCI_H_
#define _DEV_VIRTIO_VIRTIO_PCI_H_

#include <sys/types.h>
#include <sys/drvif.h>

struct pci_dev;
struct virtqueue;

/* The legacy registers: offsets into I/O BAR 0 (widths in bits). */
#define VIRTIO_PCI_HOST_FEATURES	0x00	/* 32 R: the device offers */
#define VIRTIO_PCI_GUEST_FEATURES	0x04	/* 32 RW: the driver accepts */
#define VIRTIO_PCI_QUEUE_PFN		0x08	/* 32 RW: ring address >> 12 */
#define VIRTIO_PCI_QUEUE_NUM		0x0c	/* 16 R: the queue's size */
#define VIRTIO_PCI_QUEUE_SEL		0x0e	/* 16 RW: which queue */
#define VIRTIO_PCI_QUEUE_NOTIFY		0x10	/* 16 W: "look at queue N" */
#define VIRTIO_PCI_STATUS		0x12	/* 8 RW: VIRTIO_STATUS_* */
#define VIRTIO_PCI_ISR			0x13	/* 8 R: read = acknowledge */
#define VIRTIO_PCI_CONFIG		0x14	/* device config (no MSI-X) */
#define VIRTIO_PCI_QUEUE_ADDR_SHIFT	12

/* ISR status bits. */
#define VIRTIO_ISR_QUEUE		0x01	/* a used ring moved */
#define VIRTIO_ISR_CONFIG		0x02	/* the configuration changed */

struct vtpci {
	struct pci_dev	*vp_pci;	/* [I] the function */
	uint16_t	vp_io;		/* [I] BAR 0's first port */
	uint32_t	vp_features;	/* [I] negotiated (vtpci_negotiate) */
};

int	vtpci_attach(struct vtpci *vp, struct pci_dev *pd);
void	vtpci_reset(struct vtpci *vp);
void	vtpci_add_status(struct vtpci *vp, uint8_t bits);
uint8_t	vtpci_get_status(struct vtpci *vp);
uint32_t vtpci_negotiate(struct vtpci *vp, uint32_t wanted);
uint16_t vtpci_queue_size(struct vtpci *vp, int index);
void	vtpci_queue_set(struct vtpci *vp, struct virtqueue *vq);
uint32_t vtpci_config_read(struct vtpci *vp, int off, int width);
uint64_t vtpci_config_read64(struct vtpci *vp, int off);

/* Tell the device queue index has new chains.  Never blocks. */
static inline void
vtpci_notify(struct vtpci *vp, uint16_t index)
{
	drv_outw(vp->vp_io + VIRTIO_PCI_QUEUE_NOTIFY, index);
}

/* Read (and so acknowledge and clear) the interrupt status: VIRTIO_ISR_*.
 * Reading it deasserts the device's interrupt line. */
static inline uint8_t
vtpci_isr(struct vtpci *vp)
{
	return (drv_inb(vp->vp_io + VIRTIO_PCI_ISR));
}

#endif /* !_DEV_VIRTIO_VIRTIO_PCI_H_ */
