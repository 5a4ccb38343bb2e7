/*
 * vm_fault.c - the page fault handler: find or make the page behind a
 * user address and map it.
 *
 * The entry containing the address decides (vm/vm_map.h):
 *
 *   private entry (it has an amap)
 *     page in the amap, shared with another amap since a fork, and the
 *     access is a write:        copy it into a new page for this amap
 *     page in the amap:          map it (read-only while still shared)
 *     no page, a file behind:    a read maps the file's page read-only;
 *                                a write copies it into the amap
 *     no page, nothing behind:   a new zeroed page in the amap
 *   shared entry
 *     the object's page (a new zeroed one for a hole)
 *
 * A file page wholly past the end of the file, or a hole in a file whose
 * filesystem is full (its object's quota), is ENXIO (the program gets
 * SIGBUS); an address outside every entry (but just below the stack,
 * which grows: vm_map_growstack) or an access the entry does not allow is
 * EFAULT (SIGSEGV).  Two shortages are told apart (vm_page.c):
 * ENOMEM when no page is free for the user data itself (memory is out),
 * EAGAIN when the kernel's own memory is (a page table or an object's
 * slot array needs a direct-mapped page and there is none).  Neither is
 * the program's fault: for a fault from user mode, vm_oom.c decides what
 * happens (the largest process is killed for ENOMEM, nobody for EAGAIN).
 *
 * None of this blocks: a fault may arrive inside a critical section (a
 * copyout from a temporarily mapped file page), and the pages it zeroes
 * or copies go through the temporary slots reserved for it (pmap.c).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/globaldata.h>
#include <sys/uio.h>
#include <vm/vm_page.h>
#include <vm/vm_object.h>
#include <vm/vm_map.h>

/*
 * Make sure obj has a slot for page idx (slot arrays grow as pages
 * arrive): EAGAIN if kernel memory for the array is out, ENXIO if the
 * object's quota or size limit refuses it.
 */
static int
vm_fault_slot(vm_object_t obj, vm_pindex_t idx)
{
	int error;

	if (idx < obj->ob_nslots)
		return (0);
	error = vm_object_reserve(obj, idx + 1, M_NOWAIT);
	if (error == ENOMEM)
		return (EAGAIN);
	return (error != 0 ? ENXIO : 0);
}

/* The page in slot idx of a shared object, made if missing. */
static int
vm_fault_object(vm_object_t obj, vm_pindex_t idx, vm_page_t *mp)
{
	vm_page_t m;
	int error;

	if (obj->ob_type == OBJT_VNODE && idx >= vm_object_file_pages(obj))
		return (ENXIO);
	m = vm_object_page_lookup(obj, idx);
	if (m == NULL) {
		/* A hole of a file whose filesystem is full: SIGBUS. */
		if (obj->ob_quota != NULL &&
		    !vm_quota_room(obj->ob_quota, PAGE_SIZE))
			return (ENXIO);
		if ((error = vm_fault_slot(obj, idx)) != 0)
			return (error);
		m = vm_object_page_alloc(obj, idx, 1);
		if (m == NULL)
			return (ENOMEM);
	}
	*mp = m;
	return (0);
}

/*
 * Resolve va for an access of type ftype (VM_PROT_READ or VM_PROT_WRITE)
 * and map it.  Returns the page, the object slot it came from and the
 * protection it was mapped with.  Called in a critical section.
 */
static int
vm_fault_locked(struct vmspace *vm, vm_offset_t va, int ftype, vm_page_t *mp,
    vm_object_t *objp, vm_pindex_t *idxp)
{
	struct vm_map_entry *e = vm_map_lookup(vm, va);
	vm_object_t obj;
	vm_pindex_t rel, idx;
	vm_page_t m, fm;
	int prot, error;

	if (e == NULL)
		e = vm_map_growstack(vm, va);	/* below the stack? */
	if (e == NULL || (e->e_prot & ftype) != ftype ||
	    (e->e_prot & VM_PROT_READ) == 0)
		return (EFAULT);
	rel = atop(va - e->e_start);
	prot = e->e_prot;
	if (__predict_false(e->e_flags & MAPE_DEVICE)) {
		/* A user driver's BAR: mapped, never held for I/O. */
		if (objp != NULL)
			return (EFAULT);
		if (pmap_enter_dev(&vm->vm_pmap, trunc_page(va),
		    ptoa(e->e_offset + rel), prot) != 0)
			return (EAGAIN);
		*mp = NULL;
		return (0);
	}
	if (e->e_amap == NULL) {
		obj = e->e_object;
		idx = e->e_offset + rel;
		error = vm_fault_object(obj, idx, &m);
		if (error)
			return (error);
	} else {
		obj = e->e_amap;
		idx = e->e_amap_offset + rel;
		m = vm_object_page_lookup(obj, idx);
		if (m != NULL && (ftype & VM_PROT_WRITE) && m->obj_refs > 1) {
			/* Copy-on-write: this amap gets its own copy. */
			fm = m;
			m = vm_page_alloc(0);
			if (m == NULL)
				return (ENOMEM);
			pmap_copy_page(VM_PAGE_TO_PHYS(fm), VM_PAGE_TO_PHYS(m));
			vm_object_page_remove(obj, idx);
			vm_object_page_insert(obj, idx, m);
		} else if (m == NULL && e->e_object != NULL) {
			error = vm_fault_object(e->e_object, e->e_offset + rel,
			    &fm);
			if (error)
				return (error);
			if (ftype & VM_PROT_WRITE) {
				if ((error = vm_fault_slot(obj, idx)) != 0)
					return (error);
				m = vm_object_page_alloc(obj, idx, 0);
				if (m == NULL)
					return (ENOMEM);
				pmap_copy_page(VM_PAGE_TO_PHYS(fm),
				    VM_PAGE_TO_PHYS(m));
			} else {
				m = fm;		/* the file's page, read-only */
				obj = e->e_object;
				idx = e->e_offset + rel;
				prot &= ~VM_PROT_WRITE;
			}
		} else if (m == NULL) {
			if ((error = vm_fault_slot(obj, idx)) != 0)
				return (error);
			m = vm_object_page_alloc(obj, idx, 1);
			if (m == NULL)
				return (ENOMEM);
		}
		if (m->obj_refs > 1)
			prot &= ~VM_PROT_WRITE;	/* still shared */
	}
	if (pmap_enter(&vm->vm_pmap, trunc_page(va), m, prot) != 0)
		return (EAGAIN);	/* kernel memory: a page table */
	*mp = m;
	if (objp != NULL)
		*objp = obj;
	if (idxp != NULL)
		*idxp = idx;
	return (0);
}

/* Handle a fault at user address va of vm: 0 (retry the access) or why
 * not (EFAULT, ENXIO, ENOMEM, EAGAIN: above). */
int
vm_fault(struct vmspace *vm, vm_offset_t va, int ftype)
{
	vm_page_t m;
	int error;

	if (va >= VM_MAX_USER_ADDRESS)
		return (EFAULT);
	crit_enter();
	error = vm_fault_locked(vm, va, ftype, &m, NULL, NULL);
	crit_exit();
	return (error);
}

/*
 * Fault va in for an access of type ftype as vm_fault() does, and hold
 * the page for I/O: it cannot be freed, by munmap or anything else, until
 * vm_page_unhold().  A write access breaks copy-on-write first, so the
 * page held is the one this address space sees.  With objp, also the
 * object and slot the page came from, the object referenced (drop it
 * with vm_object_deallocate()).
 */
int
vm_fault_hold(struct vmspace *vm, vm_offset_t va, int ftype, vm_page_t *mp,
    vm_object_t *objp, vm_pindex_t *idxp)
{
	vm_object_t obj;
	int error;

	if (va >= VM_MAX_USER_ADDRESS)
		return (EFAULT);
	crit_enter();
	error = vm_fault_locked(vm, va, ftype, mp, &obj, idxp);
	if (error == 0) {
		vm_page_hold(*mp);
		if (objp != NULL) {
			vm_object_reference(obj);
			*objp = obj;
		}
	}
	crit_exit();
	return (error);
}

/*
 * Hold the pages of user range [va, end) of vm for I/O of type ftype
 * (VM_PROT_WRITE: the I/O stores into them), as vm_fault_hold() would,
 * each described in the next entry of vi: its page held, its object
 * referenced, vi_len the bytes of the range in it.  Stops at the first
 * page that cannot be had; *reachedp is where it stopped (end if nothing
 * did).  Returns the number of entries filled.  Never blocks; the
 * quick case below runs in one critical section, left for each fault.
 *
 * Most pages are already what the fault would find, with nothing to make
 * or copy, and are held straight from the map entry's objects:
 *
 *   a page in the entry's amap (for a write, one no other amap shares)
 *   with no page there, the object's page (for a write, only in a shared
 *   entry, whose stores go to the object)
 *
 * which is the page the address shows, or would show once mapped
 * (mapping is left to the program's own accesses).  Any other page (not
 * there yet, shared copy-on-write for a write, outside every entry or its
 * protection, past the end of a file) takes the fault path.
 */
int
vm_hold_range(struct vmspace *vm, vm_offset_t va, vm_offset_t end,
    int ftype, struct vm_iovec *vi, vm_offset_t *reachedp)
{
	bool wr = (ftype & VM_PROT_WRITE) != 0;
	struct vm_iovec *vi0 = vi;
	struct vm_map_entry *e;
	vm_offset_t next, eend;
	vm_object_t obj;
	vm_pindex_t rel, idx;
	vm_page_t m;

	crit_enter();
	while (va < end) {
		if ((e = vm_map_lookup(vm, va)) == NULL ||
		    (e->e_prot & ftype) != ftype ||
		    (e->e_prot & VM_PROT_READ) == 0)
			goto fault;
		rel = atop(va - e->e_start);
		eend = MIN(end, e->e_end);
		do {
			if ((obj = e->e_amap) != NULL &&
			    (m = vm_object_page_lookup(obj,
			    idx = e->e_amap_offset + rel)) != NULL) {
				if (wr && m->obj_refs > 1)
					goto fault;	/* copy-on-write */
			} else {
				if ((wr && obj != NULL) ||
				    (obj = e->e_object) == NULL)
					goto fault;	/* a page to make */
				idx = e->e_offset + rel;
				if ((m = vm_object_page_lookup(obj, idx)) == NULL ||
				    (obj->ob_type == OBJT_VNODE &&
				    idx >= vm_object_file_pages(obj)))
					goto fault;
			}
			vm_page_hold_crit(m);
			obj->ob_ref_count++;
			next = MIN(trunc_page(va) + PAGE_SIZE, eend);
			vi->vi_object = obj;
			vi->vi_page = m;
			vi->vi_pindex = idx;
			vi->vi_pgoff = (uint16_t)(va & PAGE_MASK);
			vi->vi_len = (uint16_t)(next - va);
			va = next;
			vi++;
			rel++;
		} while (va < eend);
		continue;
fault:
		crit_exit();
		if (vm_fault_hold(vm, va, ftype, &vi->vi_page, &vi->vi_object,
		    &idx) != 0)
			goto out;
		crit_enter();
		next = MIN(trunc_page(va) + PAGE_SIZE, end);
		vi->vi_pindex = idx;
		vi->vi_pgoff = (uint16_t)(va & PAGE_MASK);
		vi->vi_len = (uint16_t)(next - va);
		va = next;
		vi++;
	}
	crit_exit();
out:
	*reachedp = va;
	return ((int)(vi - vi0));
}
