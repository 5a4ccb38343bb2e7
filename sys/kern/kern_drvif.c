/*
 * kern_drvif.c - the kernel's implementation of the driver interface.
 *
 * sys/sys/drvif.h is the interface a driver is written against, so that
 * one .c file builds both into the kernel and into a user driver
 * program.  In the kernel most of it is inline in that header (port I/O
 * is the instruction, a reply is lwkt_replymsg): the calls here are the
 * ones with state of their own.
 *
 * DMA memory is a run of contiguous direct-mapped pages
 * (vm_page_alloc_contig): the direct map gives the CPU's address, the
 * page's physical address the device's.  The kernel has no IOMMU, so
 * the device can reach any memory; a user driver's grant is the same
 * memory mapped into its process (lib/libdrv).
 *
 * A timer is a callout whose function, in the clock interrupt, records
 * the tag the timer was armed with (dt_fired) and sends the timer's
 * message to the driver's port unless it is still out (the driver has
 * not replied the last one): the driver sees an expiry as a message,
 * in its own thread, between requests and interrupts, never
 * concurrently with them.  The reply goes to a reply-only port that
 * does nothing (the message is simply done again).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/msgport.h>
#include <sys/callout.h>
#include <sys/drvif.h>
#include <vm/vm_page.h>

static struct lwkt_port drv_timer_rport;	/* [I] timer replies */
static bool drv_timer_rport_ready;		/* [I] */

/*
 * bytes (rounded up to pages) of physically contiguous, direct-mapped
 * memory into dd; zeroed with DRV_DMA_ZERO.  0 or ENOMEM.  May not
 * block (the page allocator's rules).
 */
int
drv_dma_alloc(struct drv_dma *dd, size_t bytes, int flags)
{
	int npages = (int)((bytes + PAGE_SIZE - 1) / PAGE_SIZE);
	vm_page_t m;

	if (npages <= 0)
		return (EINVAL);
	m = vm_page_alloc_contig(npages, VM_ALLOC_DMAP |
	    ((flags & DRV_DMA_ZERO) ? VM_ALLOC_ZERO : 0));
	if (m == NULL)
		return (ENOMEM);
	dd->dd_priv = m;
	dd->dd_pa = VM_PAGE_TO_PHYS(m);
	dd->dd_va = vm_page_dmap(m);
	dd->dd_size = ptoa(npages);
	return (0);
}

/* Give back dd's memory (the device must no longer use it). */
void
drv_dma_free(struct drv_dma *dd)
{
	if (dd->dd_priv == NULL)
		return;
	vm_page_free_contig(dd->dd_priv, (int)atop(dd->dd_size));
	dd->dd_priv = NULL;
	dd->dd_va = NULL;
	dd->dd_pa = 0;
	dd->dd_size = 0;
}

/* The callout (drv_timer_arm, inline in sys/sys/drvif.h): note the tag,
 * send the message unless it is still out.  Clock interrupt, critical
 * section; never blocks. */
void
drv_timer_fire(void *arg)
{
	struct drv_timer *t = arg;

	t->dt_fired = t->dt_tag;
	if (t->dt_msg.ms_flags & MSGF_DONE)
		lwkt_sendmsg(t->dt_port, &t->dt_msg);
}

/* A timer whose expiry sends a message of command cmd to port. */
void
drv_timer_init(struct drv_timer *t, lwkt_port_t port, int cmd, void *arg)
{
	if (!drv_timer_rport_ready) {
		lwkt_initport_replyonly_null(&drv_timer_rport);
		drv_timer_rport_ready = true;
	}
	callout_init(&t->dt_callout);
	lwkt_initmsg(&t->dt_msg, &drv_timer_rport, 0);
	t->dt_msg.ms_cmd = cmd;
	t->dt_port = port;
	t->dt_tag = t->dt_fired = 0;
	t->dt_arg = arg;
}
