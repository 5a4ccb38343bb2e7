/*
 * vm_object.c - VM objects and quotas (see vm/vm_object.h).
 *
 * Nothing here blocks except vm_object_grow() (vm_object_reserve() that
 * must grow the slot array) with M_WAITOK: the page fault handler relies
 * on that, since it may run inside a critical section (a copyout from a
 * temporarily mapped page).  Every allocation made for a user request
 * fails instead of waiting.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/globaldata.h>
#include <vm/vm_page.h>
#include <vm/vm_object.h>
#include <machine/pmap.h>

MALLOC_DEFINE(M_VMOBJ, "vm_object", "VM objects and their page slots");

int vm_object_count;

/* ---- quotas ------------------------------------------------------------ */

/* Whether bytes more fit in q and every parent.  [c] */
bool
vm_quota_room(const struct vm_quota *q, size_t bytes)
{
	for (; q != NULL; q = q->vq_parent) {
		if (q->vq_used + bytes > q->vq_limit ||
		    q->vq_used + bytes < q->vq_used)
			return (false);
	}
	return (true);
}

/* Charge bytes to q and its parents if they fit; false (nothing charged)
 * if not.  Never blocks. */
bool
vm_quota_charge(struct vm_quota *q, size_t bytes)
{
	crit_enter();
	if (!vm_quota_room(q, bytes)) {
		crit_exit();
		return (false);
	}
	for (; q != NULL; q = q->vq_parent)
		q->vq_used += bytes;
	crit_exit();
	return (true);
}

/* Charge bytes to q and its parents even past the limit (a page whose
 * room vm_quota_room() found, with nothing blocking since). */
static void
vm_quota_charge_force(struct vm_quota *q, size_t bytes)
{
	crit_enter();
	for (; q != NULL; q = q->vq_parent)
		q->vq_used += bytes;
	crit_exit();
}

/* Give back bytes charged to q and its parents. */
void
vm_quota_uncharge(struct vm_quota *q, size_t bytes)
{
	crit_enter();
	for (; q != NULL; q = q->vq_parent) {
		KASSERT(q->vq_used >= bytes, ("%s: %u of %u", __func__,
		    (unsigned)bytes, (unsigned)q->vq_used));
		q->vq_used -= bytes;
	}
	crit_exit();
}

/* ---- objects ----------------------------------------------------------- */

/*
 * A new object with room for nslots pages (0: none yet; slots are made as
 * pages arrive), or NULL when kernel memory is out.  Never blocks: it is
 * made for user requests (mmap, file creation).
 */
vm_object_t
vm_object_allocate(enum vm_objtype type, vm_pindex_t nslots, int mflags)
{
	vm_object_t obj = kmalloc(sizeof(*obj), M_VMOBJ, mflags | M_ZERO);

	if (obj == NULL)
		return (NULL);
	obj->ob_type = type;
	obj->ob_ref_count = 1;
	if (nslots > 0 && vm_object_reserve(obj, nslots, M_NOWAIT) != 0) {
		kfree(obj, M_VMOBJ);
		return (NULL);
	}
	crit_enter();
	vm_object_count++;
	crit_exit();
	return (obj);
}

void
vm_object_reference(vm_object_t obj)
{
	crit_enter();
	KASSERT(obj->ob_ref_count > 0, ("vm_object_reference: dead object"));
	obj->ob_ref_count++;
	crit_exit();
}

/* Drop a reference; the last one frees the object and releases its pages. */
void
vm_object_deallocate(vm_object_t obj)
{
	crit_enter();
	KASSERT(obj->ob_ref_count > 0, ("vm_object_deallocate: dead object"));
	if (--obj->ob_ref_count > 0) {
		crit_exit();
		return;
	}
	vm_object_page_remove_range(obj, 0, obj->ob_nslots);
	vm_object_count--;
	crit_exit();
	if (obj->ob_pages != NULL)
		kfree(obj->ob_pages, M_VMOBJ);
	kfree(obj, M_VMOBJ);
}

/*
 * The filesystem lets go of a vnode object (the file is being freed):
 * its pages go now, and the object lives on empty for whoever still
 * holds a reference.
 */
void
vm_object_disown(vm_object_t obj)
{
	crit_enter();
	vm_object_page_remove_range(obj, 0, obj->ob_nslots);
	if (obj->ob_quota != NULL && obj->ob_nslots > 0)
		vm_quota_uncharge(obj->ob_quota,
		    obj->ob_nslots * sizeof(vm_page_t));
	obj->ob_quota = NULL;
	obj->ob_handle = NULL;
	obj->ob_size = 0;
	crit_exit();
	vm_object_deallocate(obj);
}

/*
 * vm_object_reserve() when the slots are not there yet: make room for at
 * least nslots slots (growing by doubling).  With M_NOWAIT it never
 * blocks and may fail with ENOMEM; M_WAITOK may block (the slot array can
 * change under a caller that blocked, so callers look pages up after
 * reserving).  EFBIG past OBJ_MAXSLOTS.
 */
int
vm_object_grow(vm_object_t obj, vm_pindex_t nslots, int mflags)
{
	vm_page_t *slots, *old;
	vm_pindex_t n;

	if (nslots > OBJ_MAXSLOTS)
		return (EFBIG);
	if (nslots <= obj->ob_nslots)
		return (0);
	n = obj->ob_nslots < 4 ? 4 : obj->ob_nslots;
	while (n < nslots)
		n *= 2;
	n = MIN(n, OBJ_MAXSLOTS);
	if (obj->ob_quota != NULL && !vm_quota_room(obj->ob_quota,
	    (n - obj->ob_nslots) * sizeof(vm_page_t)))
		return (ENOSPC);
	slots = kmalloc(n * sizeof(vm_page_t), M_VMOBJ, mflags | M_ZERO);
	if (slots == NULL)
		return (ENOMEM);
	crit_enter();
	if (obj->ob_nslots >= n) {		/* someone grew it meanwhile */
		crit_exit();
		kfree(slots, M_VMOBJ);
		return (0);
	}
	if (obj->ob_quota != NULL && !vm_quota_charge(obj->ob_quota,
	    (n - obj->ob_nslots) * sizeof(vm_page_t))) {
		crit_exit();
		kfree(slots, M_VMOBJ);
		return (ENOSPC);
	}
	if (obj->ob_nslots > 0)
		memcpy(slots, obj->ob_pages, obj->ob_nslots * sizeof(vm_page_t));
	old = obj->ob_pages;
	obj->ob_pages = slots;
	obj->ob_nslots = n;
	crit_exit();
	if (old != NULL)
		kfree(old, M_VMOBJ);
	return (0);
}

/* Put m in empty slot idx (reserved). */
void
vm_object_page_insert(vm_object_t obj, vm_pindex_t idx, vm_page_t m)
{
	KASSERT(idx < obj->ob_nslots && obj->ob_pages[idx] == NULL,
	    ("vm_object_page_insert: slot %u of %u taken", idx,
	    obj->ob_nslots));
	vm_page_obj_ref(m);
	obj->ob_pages[idx] = m;
	obj->ob_resident++;
	if (obj->ob_quota != NULL)
		vm_quota_charge_force(obj->ob_quota, PAGE_SIZE);
}

/*
 * A new page in empty slot idx, zeroed if zero is set; the slot array
 * grows to reach idx if needed.  NULL when memory is out or the object's
 * quota is full.  Never blocks.
 */
vm_page_t
vm_object_page_alloc(vm_object_t obj, vm_pindex_t idx, int zero)
{
	vm_page_t m;

	if (vm_object_reserve(obj, idx + 1, M_NOWAIT) != 0)
		return (NULL);
	if (obj->ob_quota != NULL && !vm_quota_room(obj->ob_quota, PAGE_SIZE))
		return (NULL);
	m = vm_page_alloc(0);
	if (m == NULL)
		return (NULL);
	if (zero)
		pmap_zero_page(VM_PAGE_TO_PHYS(m));
	vm_object_page_insert(obj, idx, m);
	return (m);
}

/* Empty slot idx (its page is freed if nothing else keeps it). */
void
vm_object_page_remove(vm_object_t obj, vm_pindex_t idx)
{
	vm_page_t m = vm_object_page_lookup(obj, idx);

	if (m == NULL)
		return;
	obj->ob_pages[idx] = NULL;
	obj->ob_resident--;
	if (obj->ob_quota != NULL)
		vm_quota_uncharge(obj->ob_quota, PAGE_SIZE);
	vm_page_obj_unref(m);
}

void
vm_object_page_remove_range(vm_object_t obj, vm_pindex_t start,
    vm_pindex_t end)
{
	vm_pindex_t i;

	end = MIN(end, obj->ob_nslots);
	for (i = start; i < end && obj->ob_resident > 0; i++)
		vm_object_page_remove(obj, i);
}

/*
 * Fork: a new anonymous object whose slot i holds the page in src's slot
 * start + i, shared copy-on-write (its obj_refs goes up; the caller makes
 * the parent's mappings read-only).  A page held for I/O in flight is
 * not shared: the child gets a copy of it as it is now, and the I/O goes
 * on into the parent's page alone.  NULL when memory is out.  Never
 * blocks.
 */
vm_object_t
vm_object_anon_copy(vm_object_t src, vm_pindex_t start, vm_pindex_t npages)
{
	vm_object_t obj;
	vm_pindex_t i;

	/* Slots up to the last page there is, not the whole range. */
	npages = start < src->ob_nslots ? MIN(npages, src->ob_nslots - start) : 0;
	while (npages > 0 && vm_object_page_lookup(src, start + npages - 1) ==
	    NULL)
		npages--;
	obj = vm_object_allocate(OBJT_ANON, npages, M_NOWAIT);
	if (obj == NULL)
		return (NULL);
	crit_enter();
	for (i = 0; i < npages; i++) {
		vm_page_t m = vm_object_page_lookup(src, start + i), nm;

		if (m == NULL)
			continue;
		if (m->hold_count > 0) {
			nm = vm_object_page_alloc(obj, i, 0);
			if (nm == NULL) {
				crit_exit();
				vm_object_deallocate(obj);
				return (NULL);
			}
			pmap_copy_page(VM_PAGE_TO_PHYS(m), VM_PAGE_TO_PHYS(nm));
		} else {
			vm_object_page_insert(obj, i, m);
		}
	}
	crit_exit();
	return (obj);
}
