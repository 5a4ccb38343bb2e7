/*
 * kern_uio.c - moving data between the kernel and an I/O buffer
 * (sys/uio.h): uiomove(), VM-object iovec buffers, and the kernel
 * mapping window of the old read path.
 *
 * The two read paths, chosen by sysctl vm.uio_path for a read() or
 * write() of at least vm.uio_iovec_min bytes (sys_generic.c):
 *
 *   1 (iovec, the default)  the user buffer becomes a UIO_VMOBJECT list:
 *       its pages are resolved and held here once, and the filesystem
 *       copies each file page straight to each buffer page, both mapped
 *       through the per-CPU temporary slots (uiomove_page()).
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
#include <sys/globaldata.h>
#include <vm/vm_page.h>
#include <vm/vm_object.h>
#include <vm/vm_map.h>
#include <machine/pmap.h>
#include <machine/cpufunc.h>

MALLOC_DEFINE(M_UIO, "uio", "VM-object iovec lists");

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
		    (vi->vi_offset & PAGE_MASK) + uio->uio_vmskip;
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
	}
	if (error)
		return (error);
	uio->uio_buf += n;
	uio->uio_resid -= n;
	uio->uio_offset += (off_t)n;
	return (0);
}

/*
 * Move up to n bytes between page m at offset off and the uio: the
 * filesystem's way to copy file pages.  The page is mapped in slot 0 for
 * the copy; a UIO_VMOBJECT buffer page goes in slot 1.
 */
int
uiomove_page(vm_page_t m, size_t off, size_t n, struct uio *uio)
{
	int error;

	KASSERT(off + n <= PAGE_SIZE, ("uiomove_page: %u+%u", off, n));
	crit_enter();
	error = uiomove((char *)pmap_tmpmap(0, VM_PAGE_TO_PHYS(m)) + off, n,
	    uio);
	crit_exit();
	return (error);
}

/*
 * Make uio a UIO_VMOBJECT description of user buffer [ubuf, ubuf + len)
 * in vm, for a transfer in direction rw at file offset off: each page is
 * faulted in (for writing when the transfer fills the buffer) and held.
 * Stops at the first page that cannot be: uio_resid is then the bytes
 * before it, and EFAULT is returned if that is none at all.  May block.
 * uio_release() undoes it.
 */
int
uio_hold_user(struct uio *uio, struct vmspace *vm, void *ubuf, size_t len,
    off_t off, enum uio_rw rw)
{
	vm_offset_t va = (vm_offset_t)ubuf, end;
	int ftype = rw == UIO_READ ? VM_PROT_WRITE : VM_PROT_READ;
	struct vm_map_entry *e = NULL;
	int n, error;

	uio_init(uio, NULL, 0, off, UIO_VMOBJECT, rw);
	if (len == 0)
		return (0);
	if (va >= VM_MAX_USER_ADDRESS || VM_MAX_USER_ADDRESS - va < len)
		return (EFAULT);
	end = va + len;
	n = (int)(atop(round_page(end) - trunc_page(va)));
	uio->uio_vmiov = n <= UIO_VMIOV_INLINE ? uio->uio_vmiov_inline :
	    kmalloc(n * sizeof(struct vm_iovec), M_UIO, M_WAITOK);
	while (va < end) {
		struct vm_iovec *vi = &uio->uio_vmiov[uio->uio_vmcnt];
		vm_pindex_t idx;
		size_t pgoff = va & PAGE_MASK, chunk;
		bool quick;

		chunk = MIN(PAGE_SIZE - pgoff, end - va);
		/* A page already mapped as needed: no fault to take. */
		crit_enter();
		if (e == NULL || va >= e->e_end)
			e = vm_map_lookup(vm, va);
		quick = e != NULL && vm_hold_mapped(vm, e, va, ftype,
		    &vi->vi_page, &vi->vi_object, &idx);
		crit_exit();
		if (!quick) {
			error = vm_fault_hold(vm, va, ftype, &vi->vi_page,
			    &vi->vi_object, &idx);
			if (error)
				break;
		}
		vi->vi_offset = ((off_t)idx << PAGE_SHIFT) + pgoff;
		vi->vi_len = chunk;
		uio->uio_vmcnt++;
		uio->uio_resid += chunk;
		va += chunk;
	}
	return (uio->uio_resid == 0 ? EFAULT : 0);
}

/* Let go of what uio_hold_user() held. */
void
uio_release(struct uio *uio)
{
	int i;

	if (uio->uio_segflg != UIO_VMOBJECT || uio->uio_vmiov == NULL)
		return;
	crit_enter();
	for (i = 0; i < uio->uio_vmcnt; i++) {
		struct vm_iovec *vi = &uio->uio_vmiov[i];

		vm_page_unhold_crit(vi->vi_page);
		if (vi->vi_object->ob_ref_count > 1)
			vi->vi_object->ob_ref_count--;	/* not the last */
		else
			vm_object_deallocate(vi->vi_object);
	}
	crit_exit();
	if (uio->uio_vmiov != uio->uio_vmiov_inline)
		kfree(uio->uio_vmiov, M_UIO);
	uio->uio_vmiov = NULL;
	uio->uio_vmcnt = 0;
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
	src = kmalloc(n, M_UIO, M_WAITOK | M_ZERO);
	dst = kmalloc(n, M_UIO, M_WAITOK);
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
