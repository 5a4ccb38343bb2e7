/*
 * dev/virtio/virtqueue.h - a split virtqueue as its driver sees it
 * (virtqueue.c explains the ring and its free list).
 *
 * Usage, in the one thread that owns the queue:
 *
 *	virtqueue_alloc(&vq, index, size)     once, at attach
 *	virtqueue_reset(&vq)                  before telling the device where
 *	                                      it is (and after a device reset)
 *	submit a request:
 *		struct vq_chain c = VQ_CHAIN_INIT;
 *		if (virtqueue_nfree(&vq) < n) ... wait for completions
 *		virtqueue_chain_add(&vq, &c, pa, len, 0);              device reads
 *		virtqueue_chain_add(&vq, &c, pa, len, VRING_DESC_F_WRITE); writes
 *		head = virtqueue_chain_submit(&vq, &c);
 *	after a batch of submits:
 *		if (virtqueue_publish(&vq)) notify the device (the transport)
 *	on an interrupt:
 *		while ((head = virtqueue_dequeue(&vq, &len)) >= 0) ...
 *
 * A head descriptor index names its chain from submit to dequeue, so a
 * driver can keep per-request state in an array indexed by it.
 *
 * Protection: [I] set at alloc; [d] the owning driver's thread (one
 * thread touches the queue: no lock).
 */
#ifndef _DEV_VIRTIO_VIRTQUEUE_H_
#define _DEV_VIRTIO_VIRTQUEUE_H_

#include <sys/types.h>
#include <sys/systm.h>
#include <sys/drvif.h>
#include <dev/virtio/virtio.h>

struct vm_page;

struct virtqueue {
	uint16_t	vq_index;	/* [I] its number on the device */
	uint16_t	vq_size;	/* [I] descriptors, a power of 2 */
	struct vring_desc *vq_desc;	/* [I] the descriptor table */
	struct vring_avail *vq_avail;	/* [I] the available ring */
	volatile struct vring_used *vq_used; /* [I] the used ring */
	struct drv_dma	vq_dma;		/* [I] the ring's memory, contiguous */
	vm_paddr_t	vq_paddr;	/* [I] physical address of the ring */
	uint16_t	vq_free;	/* [d] first free descriptor */
	uint16_t	vq_nfree;	/* [d] free descriptors */
	uint16_t	vq_avail_idx;	/* [d] next available entry (not yet
					 * published while vq_unpublished) */
	uint16_t	vq_used_idx;	/* [d] next used entry to take */
	uint16_t	vq_unpublished;	/* [d] chains submitted, not published */
	uint64_t	vq_npublish;	/* [d] publishes (batches) */
	uint64_t	vq_nnotify;	/* [d] of them, those that asked to
					 * notify (the device may say not to) */
};

/* A chain being built: its head and last descriptors, and its length. */
struct vq_chain {
	uint16_t	vc_head;
	uint16_t	vc_last;
	uint16_t	vc_n;
};
#define VQ_CHAIN_INIT	{ 0, 0, 0 }

int	virtqueue_alloc(struct virtqueue *vq, int index, uint16_t size);
void	virtqueue_free(struct virtqueue *vq);
void	virtqueue_reset(struct virtqueue *vq);
uint16_t virtqueue_chain_submit(struct virtqueue *vq, struct vq_chain *c);
bool	virtqueue_publish(struct virtqueue *vq);
int	virtqueue_dequeue(struct virtqueue *vq, uint32_t *lenp);
bool	virtqueue_used_pending(struct virtqueue *vq);

/* Free descriptors now. */
static inline unsigned
virtqueue_nfree(const struct virtqueue *vq)
{
	return (vq->vq_nfree);
}

/*
 * Append a buffer of len bytes at physical address pa to chain c: flags
 * VRING_DESC_F_WRITE if the device writes it.  The caller checked that
 * a descriptor is free (virtqueue_nfree).  Descriptors are taken from
 * the head of the free list, which is linked through vd_next, so the
 * previous descriptor's vd_next already names this one: linking is
 * setting its F_NEXT flag.
 */
static inline void
virtqueue_chain_add(struct virtqueue *vq, struct vq_chain *c, vm_paddr_t pa,
    uint32_t len, uint16_t flags)
{
	uint16_t i = vq->vq_free;
	struct vring_desc *d = &vq->vq_desc[i];

	KASSERT(vq->vq_nfree > 0, ("%s: queue %d full", __func__,
	    vq->vq_index));
	vq->vq_free = d->vd_next;
	vq->vq_nfree--;
	d->vd_addr = pa;
	d->vd_len = len;
	d->vd_flags = flags;
	if (c->vc_n++ == 0)
		c->vc_head = i;
	else
		vq->vq_desc[c->vc_last].vd_flags |= VRING_DESC_F_NEXT;
	c->vc_last = i;
}

#endif /* !_DEV_VIRTIO_VIRTQUEUE_H_ */
