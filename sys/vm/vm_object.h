/*
 * vm/vm_object.h - VM objects: memory that can be mapped.
 *
 * An object is an array of page slots indexed by page number; an empty
 * slot is a page nobody has touched yet (zeroes, or a hole in a file).
 * There are two kinds:
 *
 *   OBJT_VNODE  a file's data (one object per tmpfs file).  read(),
 *               write() and every MAP_SHARED mapping use these same pages;
 *               MAP_PRIVATE mappings read them until they write.  The
 *               filesystem keeps ob_size, the file size in bytes: a fault
 *               on a page wholly past it fails.
 *   OBJT_ANON   anonymous memory: the private pages of one map entry (its
 *               "amap": heap, stack, MAP_PRIVATE copies) or a
 *               MAP_SHARED|MAP_ANON region.  After fork, the parent's and
 *               the child's anonymous objects hold the same pages
 *               (vm_page.obj_refs > 1) until one of them writes.
 *
 * ob_ref_count counts map entries, in-flight I/O (uio holds) and the
 * filesystem's own reference; the object and its slot array are freed
 * when it reaches zero, and its pages lose their reference then.  A
 * vnode object is given up by its filesystem with vm_object_disown()
 * when the file dies; whoever still references it keeps a detached,
 * empty object (ob_handle NULL, ob_size 0).
 *
 * Slots are made as pages arrive (vm_object_page_alloc grows the array
 * to the page's index), never for a size alone: a file truncated up, or
 * a large mapping, costs no kernel memory until its pages are touched.
 *
 * Quotas.  A filesystem may charge its files' objects to a struct
 * vm_quota (ob_quota): every page in a slot counts PAGE_SIZE and the slot
 * array its bytes; a page or a larger slot array that would take the
 * quota (or its parent) past its limit is refused, which the filesystem
 * turns into ENOSPC and a fault into SIGBUS.  vm_object_disown() gives
 * everything back.
 *
 * Protection: [c] critical section (never held across a blocking call),
 * [I] immutable, [f] the filesystem's own serialization.
 */
#ifndef _VM_VM_OBJECT_H_
#define _VM_VM_OBJECT_H_

#include <sys/types.h>
#include <vm/vm_page.h>

enum vm_objtype { OBJT_ANON, OBJT_VNODE };

struct vnode;

/* What a set of objects may hold (see above); bytes. */
struct vm_quota {
	size_t		vq_used;	/* [c] charged now */
	size_t		vq_limit;	/* [c] at most */
	struct vm_quota	*vq_parent;	/* [I] charged too, or NULL */
};

struct vm_object {
	enum vm_objtype	ob_type;	/* [I] */
	int		ob_ref_count;	/* [c] */
	vm_page_t	*ob_pages;	/* [c] slot i: page i or NULL */
	vm_pindex_t	ob_nslots;	/* [c] length of ob_pages */
	vm_pindex_t	ob_resident;	/* [c] non-NULL slots */
	off_t		ob_size;	/* [f] VNODE: the file's size */
	struct vnode	*ob_handle;	/* [f] VNODE: the file, or NULL */
	struct vm_quota	*ob_quota;	/* [f] charged with pages and slots */
};
typedef struct vm_object *vm_object_t;

#define OBJ_MAXSLOTS	((vm_pindex_t)1 << 20)	/* 4 GiB of pages */

#ifdef _KERNEL
extern int vm_object_count;		/* [c] objects alive */

vm_object_t vm_object_allocate(enum vm_objtype type, vm_pindex_t nslots,
	    int mflags);
void	vm_object_reference(vm_object_t obj);
void	vm_object_deallocate(vm_object_t obj);
void	vm_object_disown(vm_object_t obj);
int	vm_object_grow(vm_object_t obj, vm_pindex_t nslots, int mflags);
void	vm_object_page_insert(vm_object_t obj, vm_pindex_t idx, vm_page_t m);
vm_page_t vm_object_page_alloc(vm_object_t obj, vm_pindex_t idx, int zero);
void	vm_object_page_remove(vm_object_t obj, vm_pindex_t idx);
void	vm_object_page_remove_range(vm_object_t obj, vm_pindex_t start,
	    vm_pindex_t end);
vm_object_t vm_object_anon_copy(vm_object_t src, vm_pindex_t start,
	    vm_pindex_t npages);
bool	vm_quota_charge(struct vm_quota *q, size_t bytes);
void	vm_quota_uncharge(struct vm_quota *q, size_t bytes);
bool	vm_quota_room(const struct vm_quota *q, size_t bytes);

/*
 * Make room for at least nslots slots: at once if there is, else by
 * vm_object_grow() (which may block with M_WAITOK; see vm_object.c).
 * EFBIG past OBJ_MAXSLOTS, ENOMEM (ENOSPC past the quota) without memory.
 */
static inline int
vm_object_reserve(vm_object_t obj, vm_pindex_t nslots, int mflags)
{
	if (nslots <= obj->ob_nslots && nslots <= OBJ_MAXSLOTS)
		return (0);
	return (vm_object_grow(obj, nslots, mflags));
}

/* The page in slot idx, or NULL. */
static inline vm_page_t
vm_object_page_lookup(vm_object_t obj, vm_pindex_t idx)
{
	return (idx < obj->ob_nslots ? obj->ob_pages[idx] : NULL);
}

/* Pages that hold part of the file (VNODE), rounded up. */
static inline vm_pindex_t
vm_object_file_pages(vm_object_t obj)
{
	return ((vm_pindex_t)((obj->ob_size + PAGE_SIZE - 1) >> PAGE_SHIFT));
}
#endif

#endif /* !_VM_VM_OBJECT_H_ */
