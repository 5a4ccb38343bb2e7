/*
 * virtqueue.c - the split virtqueue: a ring of buffers shared with a
 * virtio device (the layout is in dev/virtio/virtio.h).
 *
 * THE RING.  One physically contiguous, page-aligned allocation (the
 * legacy interface takes its page frame number): the descriptor table,
 * the available ring the driver fills, and, on the next page boundary,
 * the used ring the device fills.  A request is a chain of descriptors
 * (each one buffer: a physical address and a length, device-readable or
 * device-writable), linked by vd_next while F_NEXT is set.  The driver
 * offers the chain by writing its head's index into the next slot of
 * the available ring and, once a batch is written, advancing va_idx
 * (publishing) and notifying the device unless the device said in the
 * used ring's flags that it needs no notification.  The device gives a
 * chain back by writing {head, bytes written} into the used ring and
 * advancing vu_idx, then interrupting.  Indices run freely over 16 bits
 * and are taken modulo the ring size (a power of 2), so "how many new"
 * is always a 16-bit difference.
 *
 * THE FREE LIST.  Free descriptors are linked through their own vd_next
 * fields, vq_free the first, vq_nfree the count.  A chain is built by
 * taking descriptors from the front of the list in order (whose vd_next
 * already link them: virtqueue_chain_add() only sets F_NEXT), and given
 * back whole when its head comes out of the used ring: the chain is
 * walked to its last descriptor, which is linked to the old front.  So a
 * request costs no allocation and a chain is as long as its buffers.
 *
 * ORDERING.  The device reads the ring in another thread of the host
 * (or another CPU): the descriptors and the ring slot are written before
 * va_idx (a compiler fence orders stores on x86), and va_idx is visible
 * before the used ring's flags are read to decide on notifying (a full
 * fence: store then load).  On the other side, vu_idx is read before
 * the entries it covers (a compiler fence orders loads).
 *
 * STATES.  Allocated (virtqueue_alloc: zeroed, not yet known to the
 * device), reset (virtqueue_reset: every descriptor free, indices 0;
 * after which the transport tells the device where the ring is), in use.
 * A device reset stops the device using the ring; the driver then
 * forgets every chain in it (its requests failed) and resets the ring.
 *
 * One thread owns a queue (the driver's): nothing here locks.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/drvif.h>
#include <dev/virtio/virtio.h>
#include <dev/virtio/virtqueue.h>

/*
 * Make vq a queue of size descriptors (a power of 2, at most 32768),
 * number index on its device: the ring's memory, zeroed, direct-mapped
 * and physically contiguous.  Returns 0, EINVAL for a bad size, or
 * ENOMEM.  May block.  virtqueue_reset() must follow before use.
 */
int
virtqueue_alloc(struct virtqueue *vq, int index, uint16_t size)
{
	char *va;

	if (size == 0 || (size & (size - 1)) != 0 || size > 32768)
		return (EINVAL);
	memset(vq, 0, sizeof(*vq));
	/* Into vq itself: the user build's library keeps the address of
	 * the struct drv_dma it fills (drv_uio_physnext looks there), so
	 * it must live as long as the memory. */
	if (drv_dma_alloc(&vq->vq_dma, vring_size(size), DRV_DMA_ZERO) != 0)
		return (ENOMEM);
	va = vq->vq_dma.dd_va;
	vq->vq_index = (uint16_t)index;
	vq->vq_size = size;
	vq->vq_paddr = vq->vq_dma.dd_pa;
	vq->vq_desc = (struct vring_desc *)va;
	vq->vq_avail = (struct vring_avail *)(va + 16 * size);
	vq->vq_used = (volatile struct vring_used *)(va +
	    vring_used_offset(size));
	return (0);
}

/* Give back vq's ring (the device must no longer know it). */
void
virtqueue_free(struct virtqueue *vq)
{
	drv_dma_free(&vq->vq_dma);
}

/*
 * Forget everything in vq: the ring zeroed, every descriptor free, the
 * indices at 0.  For a queue the device does not use (before it is set
 * up, or after a device reset).  Never blocks.
 */
void
virtqueue_reset(struct virtqueue *vq)
{
	uint16_t i;

	memset(vq->vq_dma.dd_va, 0, vq->vq_dma.dd_size);
	for (i = 0; i < vq->vq_size; i++)
		vq->vq_desc[i].vd_next = (uint16_t)(i + 1);
	vq->vq_free = 0;
	vq->vq_nfree = vq->vq_size;
	vq->vq_avail_idx = 0;
	vq->vq_used_idx = 0;
	vq->vq_unpublished = 0;
}

/*
 * Offer chain c (at least one descriptor) to the device: its head goes
 * in the next available slot, to be published by virtqueue_publish().
 * Returns the head index, which names the request until it comes back
 * from virtqueue_dequeue().  Never blocks.
 */
uint16_t
virtqueue_chain_submit(struct virtqueue *vq, struct vq_chain *c)
{
	KASSERT(c->vc_n > 0, ("%s: an empty chain", __func__));
	vq->vq_avail->va_ring[vq->vq_avail_idx & (vq->vq_size - 1)] =
	    c->vc_head;
	vq->vq_avail_idx++;
	vq->vq_unpublished++;
	return (c->vc_head);
}

/*
 * Publish the chains submitted since the last call (one store of
 * va_idx for the whole batch).  Returns true if the device must be
 * notified (something was published and the device did not turn
 * notifications off), which the caller does through its transport.
 * Never blocks.
 */
bool
virtqueue_publish(struct virtqueue *vq)
{
	if (vq->vq_unpublished == 0)
		return (false);
	vq->vq_unpublished = 0;
	vq->vq_npublish++;
	drv_ccfence();			/* the descriptors and slots first */
	vq->vq_avail->va_idx = vq->vq_avail_idx;
	drv_mfence();			/* va_idx visible before the flag read */
	if (vq->vq_used->vu_flags & VRING_USED_F_NO_NOTIFY)
		return (false);
	vq->vq_nnotify++;
	return (true);
}

/* Has the device given back a chain not yet taken? */
bool
virtqueue_used_pending(struct virtqueue *vq)
{
	return (vq->vq_used->vu_idx != vq->vq_used_idx);
}

/*
 * Take the next chain the device gave back: returns its head index and
 * sets *lenp to the bytes the device wrote into it; -1 if there is none.
 * The chain's descriptors are free again.  Never blocks.
 */
int
virtqueue_dequeue(struct virtqueue *vq, uint32_t *lenp)
{
	volatile struct vring_used_elem *ue;
	uint16_t head, i, n;

	if (vq->vq_used->vu_idx == vq->vq_used_idx)
		return (-1);
	drv_ccfence();			/* vu_idx before the entry it covers */
	ue = &vq->vq_used->vu_ring[vq->vq_used_idx & (vq->vq_size - 1)];
	head = (uint16_t)ue->vu_id;
	*lenp = ue->vu_len;
	vq->vq_used_idx++;
	KASSERT(head < vq->vq_size, ("%s: queue %d: head %u", __func__,
	    vq->vq_index, head));
	for (i = head, n = 1; vq->vq_desc[i].vd_flags & VRING_DESC_F_NEXT;
	    n++)
		i = vq->vq_desc[i].vd_next;
	vq->vq_desc[i].vd_next = vq->vq_free;
	vq->vq_free = head;
	vq->vq_nfree += n;
	return (head);
}
