/*
 * kern_uio.c - moving data between the kernel and an I/O buffer
 * (sys/uio.h): uiomove(), VM-object iovec buffers, and the kernel
 * mapping window of the old read path.
 *
 * The two read paths, chosen by sysctl vm.uio_path for a read() or
 * write() of at least vm.uio_iovec_min bytes (sys_generic.c):
 *
 *   1 (iovec, the default)  the user buffer becomes a UIO_VMOBJECT list:
 *       its pages are resolved and held once (uio_hold_user(), which lets
 *       the VM layer's vm_hold_range() do it), and the filesystem copies
 *       each file page straight to each buffer page, both mapped through
 *       the per-CPU temporary slots (uiomove_object() for a whole request
 *       from an object's pages, uiomove_page() for one page; the mapping
 *       and the copy are pmap_copy_frag()).
 *   0 (old)  the buffer stays UIO_USERSPACE and the filesystem maps the
 *       file pages of the request into a kernel window (vm_mapin()),
 *       copies out to the user address, and unmaps the window with one
 *       TLB invalidation per page (vm_mapout()): what a Mach translator
 *       did before vm_read_fast.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/sysctl.h>
#include <sys/uio.h>
#include <sys/sysargs.h>
#include <sys/thread.h>
#include <sys/proc.h>
#include <sys/globaldata.h>
#include <vm/vm_page.h>
#include <vm/vm_object.h>
#include <vm/vm_map.h>
#include <machine/pmap.h>
#include <machine/tmpmap.h>
#include <machine/cpufunc.h>

MALLOC_DEFINE(M_UIO, "uio", "VM-object iovec lists");

/*
 * A VM-object uio's page list: in the uio itself up to UIO_VMIOV_INLINE
 * pages, else the one spare list below if it is free and long enough,
 * else kmalloc'd.  The spare is for the common large hold, a disk
 * transfer of up to 128 KiB (a 64 KiB buffer spans 17 pages): it then
 * costs no kmalloc and kfree, and, where its list is the only block of
 * its kmalloc bucket (a disk served by a user driver: nothing else of
 * that size lives), no slab page taken and given back for every read.
 * Static: the kernel memory in use is what callers hold, as before.
 */
#define UIO_SPARE_IOV	33
static struct vm_iovec uio_spare_iov[UIO_SPARE_IOV];
static bool uio_spare_busy;		/* [c] lent to a uio */
static int uio_spare_lent;		/* [c] times, since boot */
SYSCTL_INT(vm_uio_spare_lent, "vm.uio_spare_lent", &uio_spare_lent,
    CTLFLAG_RD, "large page lists lent the spare instead of kmalloc'd");

/* uio's page list for n pages, or NULL (ENOMEM).  Never blocks. */
static struct vm_iovec *
uio_iov_alloc(struct uio *uio, int n)
{
	if (n <= UIO_VMIOV_INLINE)
		return (uio->uio_vmiov_inline);
	crit_enter();
	if (n <= UIO_SPARE_IOV && !uio_spare_busy) {
		uio_spare_busy = true;
		uio_spare_lent++;
		crit_exit();
		return (uio_spare_iov);
	}
	crit_exit();
	return (kmalloc(n * sizeof(struct vm_iovec), M_UIO, M_NOWAIT));
}

/* Give back uio's page list (uio_iov_alloc's).  Never blocks. */
static void
uio_iov_free(struct uio *uio)
{
	if (uio->uio_vmiov == uio_spare_iov) {
		crit_enter();
		uio_spare_busy = false;
		crit_exit();
	} else if (uio->uio_vmiov != uio->uio_vmiov_inline) {
		kfree(uio->uio_vmiov, M_UIO);
	}
}

int uio_path = 1;
int uio_iovec_min = PAGE_SIZE;

static int
sysctl_uio_path(int *val, bool write)
{
	if (!write) {
		*val = uio_path;
		return (0);
	}
	if (*val != 0 && *val != 1)
		return (EINVAL);
	uio_path = *val;
	return (0);
}
SYSCTL_PROC(vm_uio_path, "vm.uio_path", sysctl_uio_path, CTLFLAG_RW,
    "read/write path: 1 VM-object iovec, 0 map into the kernel (old)");

static int
sysctl_uio_iovec_min(int *val, bool write)
{
	if (!write) {
		*val = uio_iovec_min;
		return (0);
	}
	if (*val < 1)
		return (EINVAL);
	uio_iovec_min = *val;
	return (0);
}
SYSCTL_PROC(vm_uio_iovec_min, "vm.uio_iovec_min", sysctl_uio_iovec_min,
    CTLFLAG_RW, "smallest read/write turned into a VM-object iovec");

void
uio_init(struct uio *uio, void *buf, size_t len, off_t off,
    enum uio_seg seg, enum uio_rw rw)
{
	uio->uio_buf = buf;
	uio->uio_resid = len;
	uio->uio_offset = off;
	uio->uio_segflg = seg;
	uio->uio_rw = rw;
	uio->uio_vmiov = NULL;
	uio->uio_vmcnt = 0;
	uio->uio_vmidx = 0;
	uio->uio_vmskip = 0;
}

/* Copy n bytes between buf and byte off of a held UIO_VMOBJECT buffer
 * (tohold: into the buffer), without moving the uio.  Bytes past the
 * held pages are not copied. */
static __always_inline void
uio_held_move(struct uio *uio, size_t off, void *buf, size_t n, bool tohold)
{
	char *s = buf;
	int i;

	for (i = 0; i < uio->uio_vmcnt && n > 0; i++) {
		struct vm_iovec *vi = &uio->uio_vmiov[i];
		size_t chunk;
		char *d;

		if (off >= vi->vi_len) {
			off -= vi->vi_len;
			continue;
		}
		chunk = MIN(n, vi->vi_len - off);
		crit_enter();
		d = (char *)pmap_tmpmap(1, VM_PAGE_TO_PHYS(vi->vi_page)) +
		    vi->vi_pgoff + off;
		if (tohold)
			memcpy(d, s, chunk);
		else
			memcpy(s, d, chunk);
		crit_exit();
		s += chunk;
		n -= chunk;
		off = 0;
	}
}

/*
 * Write n bytes from src at byte off of a held UIO_VMOBJECT buffer (made by
 * uio_hold_user), without moving the uio: for a result stored into user
 * memory from a thread outside the user's address space.  Bytes past the
 * held pages are not written.  Any thread; never blocks or faults.
 */
void
uio_held_write(struct uio *uio, size_t off, const void *src, size_t n)
{
	uio_held_move(uio, off, (void *)src, n, true);
}

/* The reverse of uio_held_write(): n bytes at byte off of the held
 * buffer into dst.  Any thread; never blocks or faults. */
void
uio_held_read(struct uio *uio, size_t off, void *dst, size_t n)
{
	uio_held_move(uio, off, dst, n, false);
}

/*
 * Make dst a UIO_VMOBJECT buffer of bytes [off, off + len) of the held
 * buffer src (off + len <= src's held bytes), for a transfer in
 * direction rw at file offset foff: the same pages, each held again and
 * its object referenced again, so that uio_release(dst) and
 * uio_release(src) are independent.  ENOMEM if the page list cannot be
 * had (nothing held).  Never blocks.
 */
int
uio_hold_sub(struct uio *dst, const struct uio *src, size_t off, size_t len,
    off_t foff, enum uio_rw rw)
{
	const struct vm_iovec *vi = src->uio_vmiov;
	const struct vm_iovec *evi = vi + src->uio_vmcnt;
	struct vm_iovec *d;
	int n;

	uio_init(dst, NULL, 0, foff, UIO_VMOBJECT, rw);
	if (len == 0)
		return (0);
	for (; vi < evi && off >= vi->vi_len; vi++)
		off -= vi->vi_len;
	n = (int)(evi - vi);
	dst->uio_vmiov = uio_iov_alloc(dst, n);
	if (dst->uio_vmiov == NULL) {
		dst->uio_vmiov = dst->uio_vmiov_inline;
		return (ENOMEM);
	}
	crit_enter();
	for (d = dst->uio_vmiov; vi < evi && dst->uio_resid < len; vi++) {
		*d = *vi;
		d->vi_pgoff = (uint16_t)(vi->vi_pgoff + off);
		d->vi_len = (uint16_t)MIN(vi->vi_len - off,
		    len - dst->uio_resid);
		off = 0;
		vm_page_hold_crit(d->vi_page);
		d->vi_object->ob_ref_count++;
		dst->uio_resid += d->vi_len;
		d++;
		dst->uio_vmcnt++;
	}
	crit_exit();
	return (0);
}

/* Copy n bytes between kaddr and a UIO_VMOBJECT buffer (n <= resid). */
static void
uiomove_vm(char *kaddr, size_t n, struct uio *uio)
{
	while (n > 0) {
		struct vm_iovec *vi = &uio->uio_vmiov[uio->uio_vmidx];
		size_t chunk = MIN(n, vi->vi_len - uio->uio_vmskip);
		char *p;

		crit_enter();
		p = (char *)pmap_tmpmap(1, VM_PAGE_TO_PHYS(vi->vi_page)) +
		    vi->vi_pgoff + uio->uio_vmskip;
		if (uio->uio_rw == UIO_READ)
			memcpy(p, kaddr, chunk);
		else
			memcpy(kaddr, p, chunk);
		crit_exit();
		kaddr += chunk;
		n -= chunk;
		uio->uio_vmskip += chunk;
		if (uio->uio_vmskip == vi->vi_len) {
			uio->uio_vmidx++;
			uio->uio_vmskip = 0;
		}
	}
}

/* Move up to n bytes between kaddr and the uio's buffer. */
int
uiomove(void *kaddr, size_t n, struct uio *uio)
{
	int error = 0;

	n = MIN(n, uio->uio_resid);
	if (n == 0)
		return (0);
	switch (uio->uio_segflg) {
	case UIO_SYSSPACE:
		if (uio->uio_rw == UIO_READ)
			memcpy(uio->uio_buf, kaddr, n);
		else
			memcpy(kaddr, uio->uio_buf, n);
		break;
	case UIO_USERSPACE:
		if (uio->uio_rw == UIO_READ)
			error = copyout(kaddr, uio->uio_buf, n);
		else
			error = copyin(uio->uio_buf, kaddr, n);
		break;
	case UIO_VMOBJECT:
		uiomove_vm(kaddr, n, uio);
		break;
	case UIO_PHYSSEG:		/* lib/libdrv's alone */
		return (EFAULT);
	}
	if (error)
		return (error);
	uio->uio_buf += n;
	uio->uio_resid -= n;
	uio->uio_offset += (off_t)n;
	return (0);
}

/*
 * Move up to n bytes between physical address pa (n bytes within its
 * page) and a UIO_VMOBJECT buffer, page to page: one pmap_copy_frag()
 * per buffer page the bytes touch.  In a critical section.
 */
static void
uiomove_frag(vm_paddr_t pa, size_t n, struct uio *uio)
{
	struct vm_iovec *vi = &uio->uio_vmiov[uio->uio_vmidx];
	size_t skip = uio->uio_vmskip;
	vm_offset_t slots = pmap_copy_slots();

	while (n > 0) {
		size_t chunk = MIN(n, vi->vi_len - skip);
		vm_paddr_t bpa = VM_PAGE_TO_PHYS(vi->vi_page) + vi->vi_pgoff +
		    skip;

		if (uio->uio_rw == UIO_READ)
			pmap_copy_frag(slots, pa, bpa, chunk);
		else
			pmap_copy_frag(slots, bpa, pa, chunk);
		pa += chunk;
		n -= chunk;
		skip += chunk;
		if (skip == vi->vi_len) {
			vi++;
			skip = 0;
		}
	}
	uio->uio_vmidx = (int)(vi - uio->uio_vmiov);
	uio->uio_vmskip = (uint32_t)skip;
}

/*
 * Move up to n bytes between page m at offset off and the uio: the
 * filesystem's way to copy a file page.  A UIO_VMOBJECT buffer is copied
 * page to page; otherwise the page is mapped in slot 0 for uiomove() (a
 * UIO_USERSPACE copyout may fault, which the slot allows).
 */
int
uiomove_page(vm_page_t m, size_t off, size_t n, struct uio *uio)
{
	int error = 0;

	KASSERT(off + n <= PAGE_SIZE, ("uiomove_page: %u+%u", off, n));
	crit_enter();
	if (uio->uio_segflg == UIO_VMOBJECT) {
		n = MIN(n, uio->uio_resid);
		uiomove_frag(VM_PAGE_TO_PHYS(m) + off, n, uio);
		uio->uio_resid -= n;
		uio->uio_offset += (off_t)n;
	} else {
		error = uiomove((char *)pmap_tmpmap(0, VM_PAGE_TO_PHYS(m)) +
		    off, n, uio);
	}
	crit_exit();
	return (error);
}

/* What a page missing from an object reads as (uiomove_object()). */
static char uio_zeroes[PAGE_SIZE] __aligned(PAGE_SIZE);

/*
 * uiomove_object() copies in one critical section until it reaches an
 * object page index that is a multiple of this, where it lets pending
 * interrupts and preemption in: at most as many pages as the old path's
 * kernel window (a power of two).
 */
#define UIO_CRIT_PAGES	KVA_MAPIN_PAGES

/*
 * uiomove_object()'s copy, n bytes (at most uio_resid) in direction rd:
 * inlined into it once per direction, so that the loop run once per page
 * does not choose its source and destination each time.
 */
static __always_inline void
uiomove_object_dir(struct vm_object *obj, size_t n, struct uio *uio,
    const bool rd)
{
	vm_pindex_t idx = (vm_pindex_t)(uio->uio_offset >> PAGE_SHIFT);
	size_t off = (size_t)uio->uio_offset & PAGE_MASK;
	size_t skip = uio->uio_vmskip, chunk;
	struct vm_iovec *vi = &uio->uio_vmiov[uio->uio_vmidx];
	vm_offset_t slots;

	uio->uio_resid -= n;
	uio->uio_offset += (off_t)n;
	crit_enter();
	slots = pmap_copy_slots();
	for (; n > 0; n -= chunk) {
		vm_paddr_t pa, bpa = VM_PAGE_TO_PHYS(vi->vi_page) +
		    vi->vi_pgoff + skip;
		vm_page_t m = vm_object_page_lookup(obj, idx);

		chunk = vi->vi_len - skip;	/* the buffer page's bytes */
		if (chunk > PAGE_SIZE - off)	/* the object page's */
			chunk = PAGE_SIZE - off;
		if (chunk > n)
			chunk = n;
		if (m != NULL) {
			pa = VM_PAGE_TO_PHYS(m) + off;
		} else {
			KASSERT(rd, ("uiomove_object: write to a hole at page %u",
			    idx));
			pa = DMAP_TO_PHYS((vm_offset_t)uio_zeroes) + off;
		}
		if (rd)
			pmap_copy_frag(slots, pa, bpa, chunk);
		else
			pmap_copy_frag(slots, bpa, pa, chunk);
		off += chunk;
		if (off == PAGE_SIZE) {
			off = 0;
			if (++idx % UIO_CRIT_PAGES == 0) {
				crit_exit();	/* let interrupts in */
				crit_enter();
				/* Preemption may have moved us (SMP). */
				slots = pmap_copy_slots();
			}
		}
		skip += chunk;
		if (skip == vi->vi_len) {
			skip = 0;
			vi++;
		}
	}
	crit_exit();
	uio->uio_vmidx = (int)(vi - uio->uio_vmiov);
	uio->uio_vmskip = (uint32_t)skip;
}

/*
 * Move up to n bytes between the pages of obj, from byte uio_offset of the
 * object on, and a UIO_VMOBJECT uio: the copy of a filesystem whose data
 * are an object's pages (tmpfs), all of it at once since nothing can
 * fault.  A page missing from the object reads as zeros; a write must
 * find its pages there (the filesystem makes them first).  Each piece
 * (the bytes both in one object page and in one buffer page) is one
 * pmap_copy_frag().  The object's pages are looked up and copied inside a
 * critical section, so that none can leave the object (truncation) under
 * its copy.  Never blocks.
 */
int
uiomove_object(struct vm_object *obj, size_t n, struct uio *uio)
{
	KASSERT(uio->uio_segflg == UIO_VMOBJECT,
	    ("uiomove_object: segment %d", uio->uio_segflg));
	n = MIN(n, uio->uio_resid);
	if (uio->uio_rw == UIO_READ)
		uiomove_object_dir(obj, n, uio, true);
	else
		uiomove_object_dir(obj, n, uio, false);
	return (0);
}

/*
 * Make uio a UIO_VMOBJECT description of user buffer [ubuf, ubuf + len)
 * in vm, for a transfer in direction rw at file offset off: each page is
 * held as vm_hold_range() finds it (faulted in for writing when the
 * transfer fills the buffer).  Stops at the first page that cannot be:
 * uio_resid is then the bytes before it, and EFAULT is returned if that
 * is none at all.  May block.  uio_release() undoes it.
 */
int
uio_hold_user(struct uio *uio, struct vmspace *vm, void *ubuf, size_t len,
    off_t off, enum uio_rw rw)
{
	vm_offset_t va = (vm_offset_t)ubuf, end, reached;
	int n;

	/* A call running on its message's arguments: its buffer is what
	 * the message holds (sys/sysargs.h). */
	if (__predict_false(curthread->td_sysargs != NULL))
		return (sysargs_hold(uio, vm, ubuf, len, off, rw));
	uio_init(uio, NULL, 0, off, UIO_VMOBJECT, rw);
	if (len == 0)
		return (0);
	if (va >= VM_MAX_USER_ADDRESS || VM_MAX_USER_ADDRESS - va < len)
		return (EFAULT);
	end = va + len;
	n = (int)(atop(round_page(end) - trunc_page(va)));
	uio->uio_vmiov = uio_iov_alloc(uio, n);
	if (uio->uio_vmiov == NULL) {
		uio->uio_vmiov = uio->uio_vmiov_inline;	/* nothing held */
		return (ENOMEM);
	}
	uio->uio_vmcnt = vm_hold_range(vm, va, end,
	    rw == UIO_READ ? VM_PROT_WRITE : VM_PROT_READ, uio->uio_vmiov,
	    &reached);
	uio->uio_resid = reached - va;
	return (uio->uio_resid == 0 ? EFAULT : 0);
}

/* Let go of what uio_hold_user() held. */
void
uio_release(struct uio *uio)
{
	struct vm_iovec *vi, *evi;

	if (uio->uio_segflg != UIO_VMOBJECT || uio->uio_vmiov == NULL)
		return;
	vi = uio->uio_vmiov;
	evi = vi + uio->uio_vmcnt;
	crit_enter();
	for (; vi < evi; vi++) {
		vm_page_unhold_crit(vi->vi_page);
		if (vi->vi_object->ob_ref_count > 1)
			vi->vi_object->ob_ref_count--;	/* not the last */
		else
			vm_object_deallocate(vi->vi_object);
	}
	crit_exit();
	uio_iov_free(uio);
	uio->uio_vmiov = NULL;
	uio->uio_vmcnt = 0;
}

/* ---- buffers a device moves by itself (DMA) ------------------------------ */

/*
 * Start walking the next n bytes of uio (n <= uio_resid) by physical
 * address, without moving it: uio_physnext() then returns the pieces in
 * order.  uio must be UIO_SYSSPACE or UIO_VMOBJECT and stay unchanged
 * while it is walked.  Never blocks.
 */
void
uio_physiter_init(struct uio_physiter *it, const struct uio *uio, size_t n)
{
	KASSERT(uio->uio_segflg != UIO_USERSPACE && n <= uio->uio_resid,
	    ("%s: segment %d, %zu of %zu", __func__, uio->uio_segflg, n,
	    uio->uio_resid));
	it->upi_uio = uio;
	it->upi_left = n;
	it->upi_idx = uio->uio_vmidx;
	it->upi_skip = uio->uio_vmskip;
	it->upi_buf = uio->uio_buf;
}

/*
 * The next piece of the walk: its physical address in *pap and its
 * length, which is what is left of the walk or of the piece's page,
 * whichever is less (so a piece never crosses a page boundary).  0 at
 * the end of the walk, or at a kernel address that is not mapped (then
 * upi_left is not 0).  Never blocks.  (uio_physnextv's walk, one piece.)
 */
size_t
uio_physnext(struct uio_physiter *it, vm_paddr_t *pap)
{
	struct uio_physseg seg;

	if (uio_physnextv(it, &seg, 1) == 0)
		return (0);
	*pap = seg.ps_pa;
	return (seg.ps_len);
}

/*
 * The next pieces of the walk, at most max of them, into seg[]: what
 * uio_physnext would return one call at a time, in one call (a walk of
 * many pages pays the call and the iterator's loads and stores once).
 * Returns how many; fewer than max at the end of the walk, or at a
 * kernel address that is not mapped (then upi_left is not 0).  Never
 * blocks.  The walk of held pages (a disk transfer's, in the kernel's
 * driver and in the agent's description for a user driver, 16 or 17 a
 * 64 KiB read) keeps its place in registers and steps through the
 * vm_iovec array by pointer.
 */
int
uio_physnextv(struct uio_physiter *it, struct uio_physseg *seg, int max)
{
	const struct uio *uio = it->upi_uio;
	const struct vm_iovec *vi;
	size_t left = it->upi_left, len;
	uint32_t skip;
	vm_offset_t va;
	vm_paddr_t pa;
	int k;

	if (uio->uio_segflg != UIO_VMOBJECT) {
		/* A kernel buffer: page by page, through its mapping. */
		for (k = 0; k < max && left > 0; k++) {
			va = (vm_offset_t)it->upi_buf;
			if ((pa = pmap_kextract(va)) == 0)
				break;
			len = MIN(left, PAGE_SIZE - (va & PAGE_MASK));
			seg[k].ps_pa = pa;
			seg[k].ps_len = (uint32_t)len;
			it->upi_buf += len;
			left -= len;
		}
		it->upi_left = left;
		return (k);
	}
	vi = &uio->uio_vmiov[it->upi_idx];
	skip = it->upi_skip;
	for (k = 0; k < max && left > 0; k++) {
		len = MIN(left, (size_t)(vi->vi_len - skip));
		seg[k].ps_pa = VM_PAGE_TO_PHYS(vi->vi_page) + vi->vi_pgoff +
		    skip;
		seg[k].ps_len = (uint32_t)len;
		left -= len;
		skip += (uint32_t)len;
		if (skip == vi->vi_len) {	/* the piece done: the next */
			vi++;
			skip = 0;
		}
	}
	it->upi_idx = (int)(vi - uio->uio_vmiov);
	it->upi_skip = skip;
	it->upi_left = left;
	return (k);
}

/*
 * Advance uio by n bytes (n <= uio_resid) that a device moved into or
 * out of its buffer by itself: what uiomove() does, less the copy.
 */
void
uio_advance(struct uio *uio, size_t n)
{
	KASSERT(uio->uio_segflg != UIO_USERSPACE && n <= uio->uio_resid,
	    ("%s: segment %d, %zu of %zu", __func__, uio->uio_segflg, n,
	    uio->uio_resid));
	if (uio->uio_segflg == UIO_VMOBJECT) {
		size_t left = n;

		while (left > 0) {
			struct vm_iovec *vi = &uio->uio_vmiov[uio->uio_vmidx];
			size_t chunk = MIN(left,
			    (size_t)(vi->vi_len - uio->uio_vmskip));

			left -= chunk;
			uio->uio_vmskip += (uint32_t)chunk;
			if (uio->uio_vmskip == vi->vi_len) {
				uio->uio_vmidx++;
				uio->uio_vmskip = 0;
			}
		}
	}
	uio->uio_buf += n;
	uio->uio_resid -= n;
	uio->uio_offset += (off_t)n;
}

/* ---- the old path's kernel mapping window -------------------------------- */

/*
 * Map npages pages (at most KVA_MAPIN_PAGES) contiguously into this CPU's
 * kernel window and return its address.  The caller stays in a critical
 * section until vm_mapout().
 */
void *
vm_mapin(vm_page_t *pages, int npages)
{
	vm_offset_t base = KVA_MAPIN +
	    (vm_offset_t)mycpu->gd_cpuid * KVA_MAPIN_PAGES * PAGE_SIZE;
	int i;

	KASSERT(curthread->td_critcount > 0 && npages <= KVA_MAPIN_PAGES,
	    ("vm_mapin: %d pages", npages));
	for (i = 0; i < npages; i++)
		pmap_kenter(base + ptoa(i), VM_PAGE_TO_PHYS(pages[i]));
	return ((void *)base);
}

void
vm_mapout(void *kva, int npages)
{
	int i;

	for (i = 0; i < npages; i++)
		pmap_kremove((vm_offset_t)kva + ptoa(i));
}

/* ---- memory statistics ------------------------------------------------------ */

static int
sysctl_pages_held(int *val, bool write)
{
	*val = (int)vm_page_held_count;
	return (0);
}
SYSCTL_PROC(vm_held_pages, "vm.held_pages", sysctl_pages_held, CTLFLAG_RD,
    "pages held for I/O in flight");

static int
sysctl_pages_object(int *val, bool write)
{
	*val = (int)vm_page_obj_count;
	return (0);
}
SYSCTL_PROC(vm_object_pages, "vm.object_pages", sysctl_pages_object,
    CTLFLAG_RD, "pages in VM objects (file data and anonymous memory)");

/* Wired: in use by the kernel itself (kmalloc, page tables, stacks). */
static int
sysctl_pages_wired(int *val, bool write)
{
	*val = (int)(vm_page_total() - vm_page_free_count() - vm_page_obj_count);
	return (0);
}
SYSCTL_PROC(vm_wired_pages, "vm.wired_pages", sysctl_pages_wired, CTLFLAG_RD,
    "pages the kernel uses outside VM objects");

SYSCTL_INT(vm_objects, "vm.objects", &vm_object_count, CTLFLAG_RD,
    "VM objects alive");
SYSCTL_INT(vm_map_entries, "vm.map_entries", &vm_map_entry_count, CTLFLAG_RD,
    "address space map entries in all processes");

/* ---- the copy floor, for make bench ------------------------------------- */

static int copy_floor_result;

/*
 * Writing n (1..65536) to vm.copy_floor copies n bytes between two
 * kernel buffers 1000 times and leaves the cost per copy, in TSC ticks
 * (guest instructions under qemu -icount), to be read back: the least
 * any read or write of n bytes must pay.
 */
static int
sysctl_copy_floor(int *val, bool write)
{
	uint64_t t0, t1;
	char *src, *dst;
	int i, n = *val;

	if (!write) {
		*val = copy_floor_result;
		return (0);
	}
	if (n <= 0 || n > 65536)
		return (EINVAL);
	src = kmalloc(n, M_UIO, M_NOWAIT | M_ZERO);
	dst = kmalloc(n, M_UIO, M_NOWAIT);
	if (src == NULL || dst == NULL) {
		kfree(dst, M_UIO);
		kfree(src, M_UIO);
		return (ENOMEM);
	}
	memcpy(dst, src, n);
	t0 = rdtsc();
	for (i = 0; i < 1000; i++)
		memcpy(dst, src, n);
	t1 = rdtsc();
	kfree(dst, M_UIO);
	kfree(src, M_UIO);
	copy_floor_result = (int)((t1 - t0) / 1000);
	return (0);
}
SYSCTL_PROC(vm_copy_floor, "vm.copy_floor", sysctl_copy_floor, CTLFLAG_RW,
    "write n: time 1000 kernel copies of n bytes; read: ticks per copy");
