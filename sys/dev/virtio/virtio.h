/*
 * dev/virtio/virtio.h - what the virtio specification fixes: the device
 * status bits, the feature bits a transport and a ring share, and the
 * split ring's layout as the device reads and writes it in memory.
 *
 * Everything here is the device's ABI (virtio 1.0, sections 2 and 4.1.4.8
 * "legacy interfaces"): little-endian fields (the i386 is), in guest
 * physical memory the device reaches by DMA.  The ring is three parts,
 * laid out by vring_size() for a queue of N descriptors (N a power of 2):
 *
 *	descriptor table   N x struct vring_desc        (16 bytes each)
 *	available ring     flags, idx, ring[N], used_event   (driver writes)
 *	   ... padding to the next VRING_ALIGN boundary ...
 *	used ring          flags, idx, ring[N] {id, len}, avail_event
 *	                                                  (device writes)
 *
 * The legacy PCI interface takes the ring's page frame number in one
 * register, so the whole ring is physically contiguous and page aligned
 * and the used ring starts at the first VRING_ALIGN boundary after the
 * available ring.  virtqueue.c owns the ring; virtio_pci.c the registers.
 */
#ifndef _DEV_VIRTIO_VIRTIO_H_
#define _DEV_VIRTIO_VIRTIO_H_

#include <sys/types.h>

/* Device status (a register of the transport): the driver's progress. */
#define VIRTIO_STATUS_ACK		0x01	/* a driver saw the device */
#define VIRTIO_STATUS_DRIVER		0x02	/* ...and knows how to drive it */
#define VIRTIO_STATUS_DRIVER_OK		0x04	/* ...and set it up: running */
#define VIRTIO_STATUS_FAILED		0x80	/* the driver gave up on it */

/* Feature bits every device type may offer (the ring's). */
#define VIRTIO_F_NOTIFY_ON_EMPTY	(1u << 24)
#define VIRTIO_F_ANY_LAYOUT		(1u << 27)
#define VIRTIO_RING_F_INDIRECT_DESC	(1u << 28)
#define VIRTIO_RING_F_EVENT_IDX		(1u << 29)

/* The ring's alignment under the legacy interface, and its page size. */
#define VRING_ALIGN			4096

/* A descriptor: one buffer, physically contiguous. */
struct vring_desc {
	uint64_t	vd_addr;	/* guest physical address */
	uint32_t	vd_len;		/* bytes */
	uint16_t	vd_flags;	/* VRING_DESC_F_* */
	uint16_t	vd_next;	/* the chain's next, if F_NEXT */
};
#define VRING_DESC_F_NEXT	0x0001	/* vd_next continues the chain */
#define VRING_DESC_F_WRITE	0x0002	/* the device writes this buffer */
#define VRING_DESC_F_INDIRECT	0x0004	/* a table of descriptors */

/* The available ring: heads of chains the driver offers. */
struct vring_avail {
	uint16_t	va_flags;	/* VRING_AVAIL_F_NO_INTERRUPT */
	uint16_t	va_idx;		/* where the driver puts the next entry */
	uint16_t	va_ring[];	/* N heads, then used_event */
};
#define VRING_AVAIL_F_NO_INTERRUPT 0x0001

/* One used entry: a chain the device is done with. */
struct vring_used_elem {
	uint32_t	vu_id;		/* the chain's head descriptor */
	uint32_t	vu_len;		/* bytes the device wrote into it */
};

/* The used ring: chains the device gives back, in completion order. */
struct vring_used {
	uint16_t	vu_flags;	/* VRING_USED_F_NO_NOTIFY */
	uint16_t	vu_idx;		/* where the device puts the next entry */
	struct vring_used_elem vu_ring[]; /* N entries, then avail_event */
};
#define VRING_USED_F_NO_NOTIFY	0x0001	/* the device needs no notify now */

_Static_assert(sizeof(struct vring_desc) == 16, "vring_desc");
_Static_assert(sizeof(struct vring_avail) == 4, "vring_avail");
_Static_assert(sizeof(struct vring_used_elem) == 8, "vring_used_elem");
_Static_assert(sizeof(struct vring_used) == 4, "vring_used");

/* Bytes from the ring's start to its used ring, for n descriptors. */
static inline size_t
vring_used_offset(unsigned n)
{
	size_t a = 16 * n + 2 * (3 + n);	/* descriptors, avail ring */

	return ((a + VRING_ALIGN - 1) & ~(size_t)(VRING_ALIGN - 1));
}

/* Bytes of the whole ring for n descriptors, whole VRING_ALIGN units. */
static inline size_t
vring_size(unsigned n)
{
	size_t u = 2 * 3 + 8 * n;		/* the used ring */

	return (vring_used_offset(n) +
	    ((u + VRING_ALIGN - 1) & ~(size_t)(VRING_ALIGN - 1)));
}

#endif /* !_DEV_VIRTIO_VIRTIO_H_ */
