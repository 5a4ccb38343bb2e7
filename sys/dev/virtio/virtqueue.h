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
 * Append n buffers to chain c, seg[k].ps_len bytes at physical address
 * seg[k].ps_pa each: flags VRING_DESC_F_WRITE if the device writes
 * them.  The caller checked that n descriptors are free
 * (virtqueue_nfree).  Descriptors are taken from the head of the free
 * list, which is linked through vd_next, so each one's vd_next already
 * names the next: linking is setting F_NEXT.  The free list's head and
 * the chain's end stay in registers across the pieces (a descriptor's
 * stores could otherwise be the queue's fields, reloaded each time).
 */
static inline void
virtqueue_chain_addv(struct virtqueue *vq, struct vq_chain *c,
    const struct uio_physseg *seg, int n, uint16_t flags)
{
	struct vring_desc *desc = vq->vq_desc, *d;
	uint16_t i = vq->vq_free, last = c->vc_last;
	int k;

	KASSERT(vq->vq_nfree >= n, ("%s: queue %d full", __func__,
	    vq->vq_index));
	if (n <= 0)
		return;
	if (c->vc_n == 0)
		c->vc_head = i;
	else
		desc[last].vd_flags |= VRING_DESC_F_NEXT;
	for (k = 0; k < n; k++) {
		d = &desc[i];
		d->vd_addr = seg[k].ps_pa;
		d->vd_len = seg[k].ps_len;
		d->vd_flags = k + 1 < n ? flags | VRING_DESC_F_NEXT : flags;
		last = i;
		i = d->vd_next;
	}
	vq->vq_free = i;
	vq->vq_nfree -= (uint16_t)n;
	c->vc_n += (uint16_t)n;
	c->vc_last = last;
}

/* One buffer of len bytes at physical address pa (virtqueue_chain_addv). */
static inline void
virtqueue_chain_add(struct virtqueue *vq, struct vq_chain *c, vm_paddr_t pa,
    uint32_t len, uint16_t flags)
{
	struct uio_physseg seg = { pa, len };

	virtqueue_chain_addv(vq, c, &seg, 1, flags);
}

#endif /* !_DEV_VIRTIO_VIRTQUEUE_H_ */
