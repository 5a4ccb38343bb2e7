/*
 * sys/uio.h - a description of an I/O transfer.
 *
 * A uio names a buffer, the bytes still to move (uio_resid) and the file
 * offset they start at; uiomove() copies between a kernel address and
 * the buffer and advances all three.  The buffer is one of:
 *
 *   UIO_SYSSPACE   kernel memory (uio_buf)
 *   UIO_USERSPACE  the current process's memory at uio_buf, reached with
 *                  copyin/copyout: a bad pointer is EFAULT with the bytes
 *                  already moved counted.  Only the calling thread can
 *                  use it, in the caller's address space.
 *   UIO_VMOBJECT   a list of (vm_object, offset, extent) entries, one per
 *                  page of what was a user buffer, resolved once by
 *                  uio_hold_user() in the caller's context: each page was
 *                  faulted in with the access the I/O needs (a write
 *                  access breaks copy-on-write first), and is held, with
 *                  its object referenced, until uio_release().  The copy
 *                  goes page to page through the per-CPU temporary
 *                  mappings, so any thread can do it, in any address
 *                  space, while the owner sleeps or runs.
 *
 * What a held buffer means for the program (I/O "in flight" between
 * uio_hold_user() and uio_release()):
 *   - the pages are the buffer's pages at hold time: the data lands in
 *     (or is taken from) them even if the program unmaps the buffer,
 *     changes its protection or maps something else there meanwhile;
 *     unmapped pages are freed when the I/O lets go of them.
 *   - fork copies a held page for the child at once instead of sharing
 *     it copy-on-write, so the child sees the buffer as it was at fork
 *     and the I/O reaches the parent alone.
 *   - the protection is checked once, when the buffer is held.
 */
#ifndef _SYS_UIO_H_
#define _SYS_UIO_H_

#include <sys/types.h>
#include <sys/errno.h>

/* UIO_PHYSSEG: (lib/libdrv only, never in the kernel) the physical
 * pieces the port agent gave a user driver for a DSF_PHYSIO message
 * (sys/agent.h): uio_buf points at uio_vmcnt struct udevseg, walked
 * with uio_vmidx and uio_vmskip. */
enum uio_seg { UIO_USERSPACE, UIO_SYSSPACE, UIO_VMOBJECT, UIO_PHYSSEG };
enum uio_rw { UIO_READ, UIO_WRITE };	/* READ: into the buffer */

struct vm_object;
struct vm_page;
struct vmspace;

/*
 * One piece of a UIO_VMOBJECT buffer, within one page: bytes
 * [vi_pgoff, vi_pgoff + vi_len) of page vi_pindex of vi_object.
 */
struct vm_iovec {
	struct vm_object *vi_object;	/* referenced */
	struct vm_page	*vi_page;	/* that page, held */
	vm_pindex_t	vi_pindex;	/* its index in the object */
	uint16_t	vi_pgoff;	/* the piece's first byte in the page */
	uint16_t	vi_len;		/* its extent: 1..PAGE_SIZE bytes */
};

#define UIO_VMIOV_INLINE 4		/* entries kept in the uio itself */

struct uio {
	char		*uio_buf;	/* USER/SYSSPACE: the next byte */
	size_t		uio_resid;	/* bytes left */
	off_t		uio_offset;	/* file offset of the next byte */
	enum uio_seg	uio_segflg;
	enum uio_rw	uio_rw;
	/* UIO_VMOBJECT */
	struct vm_iovec	*uio_vmiov;	/* the entries */
	int		uio_vmcnt;	/* how many */
	int		uio_vmidx;	/* the current one */
	uint32_t	uio_vmskip;	/* bytes of it already moved */
	struct vm_iovec	uio_vmiov_inline[UIO_VMIOV_INLINE];
};

/*
 * A walk over the physical pieces of a UIO_SYSSPACE or UIO_VMOBJECT
 * buffer (uio_physiter_init, uio_physnext), for a device that moves the
 * bytes itself (DMA); uio_advance() then accounts for what it moved
 * (or uio_physiter_advance(), from where a whole walk ended).
 */
struct uio_physiter {
	const struct uio *upi_uio;	/* the buffer walked (not changed) */
	size_t		upi_left;	/* bytes still to walk */
	int		upi_idx;	/* UIO_VMOBJECT: the current entry */
	uint32_t	upi_skip;	/* bytes of it already walked */
	const char	*upi_buf;	/* UIO_SYSSPACE: the next byte */
};

/* A piece of such a walk (uio_physnextv). */
struct uio_physseg {
	vm_paddr_t	ps_pa;		/* physical address */
	uint32_t	ps_len;		/* bytes, within one page */
};

#ifdef _KERNEL
extern int uio_path;			/* vm.uio_path: 1 iovec, 0 old */
extern int uio_iovec_min;		/* vm.uio_iovec_min */

int	uiomove(void *kaddr, size_t n, struct uio *uio);
int	uiomove_page(struct vm_page *m, size_t off, size_t n, struct uio *uio);
int	uiomove_object(struct vm_object *obj, size_t n, struct uio *uio);
void	uio_init(struct uio *uio, void *buf, size_t len, off_t off,
	    enum uio_seg seg, enum uio_rw rw);
int	uio_hold_user(struct uio *uio, struct vmspace *vm, void *ubuf,
	    size_t len, off_t off, enum uio_rw rw);
void	uio_release(struct uio *uio);
void	uio_held_write(struct uio *uio, size_t off, const void *src,
	    size_t n);
void	uio_held_read(struct uio *uio, size_t off, void *dst, size_t n);
int	uio_hold_sub(struct uio *dst, const struct uio *src, size_t off,
	    size_t len, off_t foff, enum uio_rw rw);
void	uio_physiter_init(struct uio_physiter *it, const struct uio *uio,
	    size_t n);
size_t	uio_physnext(struct uio_physiter *it, vm_paddr_t *pap);
int	uio_physnextv(struct uio_physiter *it, struct uio_physseg *seg,
	    int max);
void	uio_advance(struct uio *uio, size_t n);
void	*vm_mapin(struct vm_page **pages, int npages);

/*
 * The address of uio's next byte modulo mod (a power of 2 up to the page
 * size): the buffer's alignment, as a device would see it (UIO_SYSSPACE
 * or UIO_VMOBJECT; 0 for an empty VM-object uio).  Never blocks.  Inline:
 * the port agent asks it of every disk transfer.
 */
static inline uint32_t
uio_align(const struct uio *uio, uint32_t mod)
{
	const struct vm_iovec *vi;

	if (uio->uio_segflg == UIO_VMOBJECT) {
		if (uio->uio_vmidx >= uio->uio_vmcnt)
			return (0);
		vi = &uio->uio_vmiov[uio->uio_vmidx];
		return ((vi->vi_pgoff + uio->uio_vmskip) & (mod - 1));
	}
	return ((uint32_t)(uintptr_t)uio->uio_buf & (mod - 1));
}

/*
 * Advance uio over the n bytes walk it walked to their end (started on
 * uio by uio_physiter_init(it, uio, n), walked until upi_left was 0, uio
 * not moved since): uio_advance(uio, n) without going over the pieces
 * again, since the walk ended where the advance would.  Inline: the
 * port agent's reply of every DMA disk transfer does it (the caller
 * asserts what it knows of the walk).
 */
static inline void
uio_physiter_advance(struct uio *uio, const struct uio_physiter *it,
    size_t n)
{
	if (uio->uio_segflg == UIO_VMOBJECT) {
		uio->uio_vmidx = it->upi_idx;
		uio->uio_vmskip = it->upi_skip;
	}
	uio->uio_buf += n;
	uio->uio_resid -= n;
	uio->uio_offset += (off_t)n;
}

/*
 * The error a read or write reports once moved bytes have moved: a fault,
 * a signal or EAGAIN (EWOULDBLOCK: a non-blocking descriptor, or a sleep
 * refused to a call tried without sleeping, kern_async.c's TRY) after
 * some progress is a short count, not an error.
 */
static inline int
uio_partial_error(int error, size_t moved)
{
	if (moved > 0 && (error == EINTR || error == EFAULT ||
	    error == EAGAIN))
		return (0);
	return (error);
}
void	vm_mapout(void *kva, int npages);
#endif

#endif /* !_SYS_UIO_H_ */
