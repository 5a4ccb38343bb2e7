/*
 * vm/vm_page.h - physical pages.
 *
 * One struct vm_page describes each physical page of RAM (the array is
 * built at boot from the memory map).  Free pages sit on one of two free
 * queues:
 *
 *   DMAP  pages below dmap_limit, which the kernel can always reach at
 *         PHYS_TO_DMAP(pa): kernel memory, page tables, thread stacks.
 *   HIGH  pages above it, reachable only through a temporary mapping:
 *         preferred for user and file data, so direct-mapped memory is
 *         kept for the kernel.
 *
 * A page of user or file data is kept alive by three counts, and freed
 * when all three are zero (vm_page_release_check()):
 *
 *   obj_refs    slots of VM objects that hold it.  A file object's page
 *               is in one slot; an anonymous page is in several after a
 *               fork (copy-on-write: whoever writes first copies it).
 *   map_count   user page table entries that map it (pmap_enter and
 *               pmap_remove keep it).  A page taken out of its object
 *               (a truncated file) while still mapped lives on until the
 *               last mapping goes.
 *   hold_count  I/O in flight into or out of it (a VM-object iovec uio):
 *               unmapping the page or freeing its object cannot free it
 *               under the copy.
 *
 * Protection: [c] critical section (vm_page_spin for SMP), [o] the page's
 * owner (kmalloc for PGF_KMEM pages).
 */
#ifndef _VM_VM_PAGE_H_
#define _VM_VM_PAGE_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <machine/pmap.h>

struct vm_page {
	TAILQ_ENTRY(vm_page) pageq;	/* [c] free queue or owner's list */
	vm_paddr_t	phys_addr;	/* [I] */
	uint16_t	flags;		/* [c] PGF_* */
	uint16_t	obj_refs;	/* [c] object slots holding it */
	uint32_t	map_count;	/* [c] user PTEs mapping it */
	uint32_t	hold_count;	/* [c] I/O holds */
	uint16_t	kmem_bucket;	/* [o] kmalloc bucket, or 0xffff */
	uint16_t	kmem_nfree;	/* [o] free chunks in a slab page */
	uint32_t	kmem_npages;	/* [o] pages of a large allocation */
	void		*kmem_free;	/* [o] first free chunk of a slab */
};
typedef struct vm_page *vm_page_t;

/*
 * Page flags:
 *   PGF_FREE      on a free queue
 *   PGF_RESERVED  never allocatable (kernel image, modules, BIOS area)
 *   PGF_KMEM      owned by kmalloc
 */
#define PGF_FREE	0x0001
#define PGF_RESERVED	0x0002
#define PGF_KMEM	0x0004

/* vm_page_alloc() flags */
#define VM_ALLOC_DMAP	0x0001	/* must be direct-mapped */
#define VM_ALLOC_ZERO	0x0002	/* zero the page (DMAP pages only) */

extern vm_page_t vm_page_array;
extern vm_pindex_t vm_page_array_size;
extern int vm_page_free_wanted;		/* sleep on its address for free pages */

vm_page_t vm_page_alloc(int flags);
void	vm_page_free(vm_page_t m);
vm_page_t vm_page_alloc_contig(int npages, int flags);
void	vm_page_free_contig(vm_page_t m, int npages);
vm_pindex_t vm_page_free_count(void);
vm_pindex_t vm_page_free_count_dmap(void);
vm_pindex_t vm_page_free_count_user(void);
vm_pindex_t vm_page_total(void);
void	vm_page_release_check(vm_page_t m);
void	vm_page_hold(vm_page_t m);
void	vm_page_unhold(vm_page_t m);
void	vm_page_obj_ref(vm_page_t m);
void	vm_page_obj_unref(vm_page_t m);

extern vm_pindex_t vm_page_obj_count;	/* [c] pages with obj_refs > 0 */
extern vm_pindex_t vm_page_held_count;	/* [c] pages with hold_count > 0 */

/* vm_page_hold() and vm_page_unhold() for a caller already in a critical
 * section (the I/O paths hold and release many pages in one). */
static inline void
vm_page_hold_crit(vm_page_t m)
{
	if (m->hold_count++ == 0)
		vm_page_held_count++;
}

static inline void
vm_page_unhold_crit(vm_page_t m)
{
	if (--m->hold_count == 0) {
		vm_page_held_count--;
		if (m->obj_refs == 0 && m->map_count == 0)
			vm_page_free(m);	/* vm_page_release_check() */
	}
}

static inline vm_page_t
PHYS_TO_VM_PAGE(vm_paddr_t pa)
{
	return (&vm_page_array[pa >> PAGE_SHIFT]);
}

static inline vm_paddr_t
VM_PAGE_TO_PHYS(vm_page_t m)
{
	return (m->phys_addr);
}

static inline void *
vm_page_dmap(vm_page_t m)
{
	return ((void *)PHYS_TO_DMAP(m->phys_addr));
}

#endif
