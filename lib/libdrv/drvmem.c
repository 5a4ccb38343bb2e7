/*
 * lib/libdrv/drvmem.c - a user driver's data and hardware: the uio a
 * message carries, DMA memory, port I/O and device memory.
 *
 * THE DATA.  A message from the port agent carries its data one of two
 * ways (sys/agent.h): copied into a record's buffer in this process
 * (UIO_SYSSPACE: drv_uiomove copies, and a driver that does DMA finds
 * the buffer's physical pages because the record is DMA memory this
 * library handed out), or as the sender's own physical pieces
 * (UIO_PHYSSEG, a DSF_PHYSIO device: no byte is copied, the driver's
 * DMA goes to the sender's pages).  drv_uio_physnext walks either kind
 * in pieces a device can take (the sender's pieces inline, in
 * sys/drvif.h; this process's memory here, drv_uio_physnext_dma);
 * drv_uio_advance moves past what a request moved.
 *
 * DMA MEMORY.  drvdev.c's drv_dma_alloc gets physically contiguous
 * memory from the kernel (the grant allows it); drv_dma_remember keeps
 * a copy of each region so that a walk can turn an address in it into
 * a physical one, and drv_dma_owns_pa answers whether a physical
 * address is ours.
 *
 * THE HARDWARE.  Port I/O is the instruction itself, inline in the
 * driver (sys/drvif.h): the grant opened the device's ports in the
 * process's I/O permission bitmap, and any other port faults.  Each
 * access is a fault-injection point (drvfault.c).  Device memory (a BAR) is mapped by the grant and read
 * and written as memory.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/queue.h>
#include <sys/malloc.h>
#include <sys/uio.h>
#include <sys/msgport.h>
#include <sys/device.h>
#include <sys/drvif.h>
#include <sys/agent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <machine/cpufunc.h>
#include "libdrv.h"


#define DRV_NDMA	64		/* DMA regions in one process (the
					 * agent records take 34) */

static struct drv_dma drv_dmas[DRV_NDMA];	/* handed out (copies: a
						 * driver may copy its own) */

/* ---- data --------------------------------------------------------------- */

int
drv_uiomove(void *buf, size_t n, struct uio *uio)
{
	if (uio->uio_segflg != UIO_SYSSPACE)
		return (EFAULT);	/* the agent gives process memory only */
	n = MIN(n, uio->uio_resid);
	if (uio->uio_rw == UIO_READ)
		memcpy(uio->uio_buf, buf, n);
	else
		memcpy(buf, uio->uio_buf, n);
	uio->uio_buf += n;
	uio->uio_resid -= n;
	uio->uio_offset += (off_t)n;
	return (0);
}

/*
 * uio advances by n bytes a device moved (sys/drvif.h's drv_uio_advance
 * takes a UIO_PHYSSEG uio's whole transfer itself): its pieces walked,
 * or its buffer moved.
 */
void
drv_uio_advance_walk(struct uio *uio, size_t n)
{
	n = MIN(n, uio->uio_resid);
	if (uio->uio_segflg == UIO_PHYSSEG) {
		const struct udevseg *segs =
		    (const struct udevseg *)(const void *)uio->uio_buf;
		size_t left = n, chunk;

		while (left > 0 && uio->uio_vmidx < uio->uio_vmcnt) {
			const struct udevseg *us = &segs[uio->uio_vmidx];

			chunk = MIN(left, us->us_len - uio->uio_vmskip);
			left -= chunk;
			uio->uio_vmskip += (uint32_t)chunk;
			if (uio->uio_vmskip == us->us_len) {
				uio->uio_vmidx++;
				uio->uio_vmskip = 0;
			}
		}
	} else {
		uio->uio_buf += n;
	}
	uio->uio_resid -= n;
	uio->uio_offset += (off_t)n;
}

/*
 * The next physical piece of a walk over this process's memory
 * (sys/drvif.h's drv_uio_physnext walks the agent's pieces itself):
 * within one page and one DMA region of this library's, its length (0:
 * the end, or memory that is not DMA memory, which upi_left then
 * shows).
 */
size_t
drv_uio_physnext_dma(struct uio_physiter *it, vm_paddr_t *pap)
{
	uintptr_t va;
	size_t n;
	int i;

	if (it->upi_left == 0 || it->upi_uio->uio_segflg != UIO_SYSSPACE)
		return (0);
	va = (uintptr_t)it->upi_buf;
	for (i = 0; i < DRV_NDMA; i++) {
		struct drv_dma *dd = &drv_dmas[i];
		uintptr_t base;

		if (dd->dd_va == NULL)
			continue;
		base = (uintptr_t)dd->dd_va;
		if (va < base || va >= base + dd->dd_size)
			continue;
		n = MIN(it->upi_left, PAGE_SIZE - (va & PAGE_MASK));
		*pap = dd->dd_pa + (vm_paddr_t)(va - base);
		it->upi_buf += n;
		it->upi_left -= n;
		return (n);
	}
	return (0);
}

/* ---- DMA memory, the hardware ------------------------------------------- */

/*
 * drvdev.c's drv_dma_alloc: dd is DMA memory drv_uio_physnext knows.
 * A copy is kept, not dd's address: a driver may copy its struct
 * drv_dma (virtqueue_alloc fills one on its stack), and a remembered
 * pointer to a dead copy would give the device garbage addresses.
 */
void
drv_dma_remember(struct drv_dma *dd)
{
	int i;

	for (i = 0; i < DRV_NDMA; i++) {
		if (drv_dmas[i].dd_va == NULL) {
			drv_dmas[i] = *dd;
			return;
		}
	}
	drv_panic("drv_dma_remember: more than %d DMA regions", DRV_NDMA);
}

void
drv_dma_free(struct drv_dma *dd)
{
	int i;

	for (i = 0; i < DRV_NDMA; i++)
		if (dd->dd_va != NULL && drv_dmas[i].dd_va == dd->dd_va)
			memset(&drv_dmas[i], 0, sizeof(drv_dmas[i]));
	if (dd->dd_priv != NULL)
		(void)munmap(dd->dd_priv, dd->dd_size);
	memset(dd, 0, sizeof(*dd));
}

/* Port I/O: inline in sys/drvif.h (each a fault point, drvfault.c). */

/* Whether pa lies in DMA memory this library handed out. */
bool
drv_dma_owns_pa(uint32_t pa)
{
	int i;

	for (i = 0; i < DRV_NDMA; i++) {
		if (drv_dmas[i].dd_va != NULL && pa >= drv_dmas[i].dd_pa &&
		    pa - drv_dmas[i].dd_pa < drv_dmas[i].dd_size)
			return (true);
	}
	return (false);
}

uint32_t
drv_mmio_read32(volatile void *a)
{
	return (*(volatile uint32_t *)a);
}

void
drv_mmio_write32(volatile void *a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

/* The grant enabled I/O decoding (sys/devgrant.h); bus mastering:
 * drvpci.c. */
void drv_pci_enable_io(struct pci_dev *pd) { (void)pd; }
