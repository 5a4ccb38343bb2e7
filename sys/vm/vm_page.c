/*
 * vm_page.c - the physical page allocator.
 *
 * vm_page_startup() builds vm_page_array (one entry per page frame up to
 * the top of RAM) at the first free physical address and puts every
 * usable, unreserved page on a free queue.  Allocation takes a page off a
 * queue; freeing puts it back at the head (recently used pages are warm
 * in the cache).  Contiguous runs, needed only for large kmalloc blocks,
 * are found by scanning the array.
 *
 * Two kinds of shortage are told apart.  Kernel memory and page tables
 * must be direct-mapped (VM_ALLOC_DMAP); every other page (user and file
 * data, kernel stacks) takes high memory first, then direct-mapped pages
 * but never the last vm_page_dmap_reserve of them.  So user memory
 * running out (vm_page_alloc(0) fails: no free page for user data) never
 * leaves the kernel without memory for its own structures, for the page
 * tables that map what is left, or for exiting processes to free theirs;
 * and a VM_ALLOC_DMAP failure means the direct map itself is used up by
 * kernel memory, which is no reason to kill a process (vm_oom.c).
 *
 * Everything here runs in a critical section and never blocks; callers
 * that can wait for memory (kmalloc with M_WAITOK) sleep on
 * &vm_page_free_wanted and are woken when pages are freed.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/globaldata.h>
#include <vm/vm_page.h>
#include <machine/pmap.h>
#include <machine/md_var.h>

vm_page_t vm_page_array;
vm_pindex_t vm_page_array_size;
int vm_page_free_wanted;		/* [c] sleepers waiting for pages */

enum { PQ_DMAP, PQ_HIGH, PQ_COUNT };

static TAILQ_HEAD(, vm_page) vm_page_queue_free[PQ_COUNT];
static vm_pindex_t vm_page_free_cnt[PQ_COUNT];
static vm_pindex_t vm_page_usable;
static vm_pindex_t vm_page_dmap_reserve;	/* [I] kept from non-DMAP requests */

/* The reserve: 1/64 of the direct-mapped pages, at least 64. */
#define VM_DMAP_RESERVE_MIN	64
#define VM_DMAP_RESERVE_SHIFT	6

static int
vm_page_queue_of(vm_paddr_t pa)
{
	return (pa < dmap_limit ? PQ_DMAP : PQ_HIGH);
}

static bool
range_overlaps(struct phys_range *r, int n, vm_paddr_t pa)
{
	int i;

	for (i = 0; i < n; i++) {
		if (pa + PAGE_SIZE > r[i].pr_start && pa < r[i].pr_end)
			return (true);
	}
	return (false);
}

void
vm_page_startup(struct phys_range *avail, int navail, struct phys_range *used,
    int nused, vm_paddr_t first_free)
{
	vm_paddr_t top = 0, pa, array_pa;
	vm_size_t array_bytes;
	vm_pindex_t i;
	int q, r;

	for (r = 0; r < navail; r++)
		top = MAX(top, avail[r].pr_end);
	vm_page_array_size = atop(top);
	array_bytes = round_page(vm_page_array_size * sizeof(struct vm_page));
	array_pa = round_page(first_free);
	if (array_pa + array_bytes > dmap_limit)
		panic("vm_page_startup: no room for the page array");
	vm_page_array = (vm_page_t)PHYS_TO_DMAP(array_pa);
	memset(vm_page_array, 0, array_bytes);

	for (q = 0; q < PQ_COUNT; q++)
		TAILQ_INIT(&vm_page_queue_free[q]);

	for (i = 0; i < vm_page_array_size; i++) {
		vm_page_array[i].phys_addr = ptoa(i);
		vm_page_array[i].flags = PGF_RESERVED;
		vm_page_array[i].kmem_bucket = 0xffff;
	}
	for (r = 0; r < navail; r++) {
		for (pa = avail[r].pr_start; pa < avail[r].pr_end; pa += PAGE_SIZE) {
			vm_page_t m = PHYS_TO_VM_PAGE(pa);

			if (range_overlaps(used, nused, pa) ||
			    (pa >= array_pa && pa < array_pa + array_bytes) ||
			    m->flags != PGF_RESERVED)	/* listed twice */
				continue;
			m->flags = PGF_FREE;
			q = vm_page_queue_of(pa);
			TAILQ_INSERT_TAIL(&vm_page_queue_free[q], m, pageq);
			vm_page_free_cnt[q]++;
			vm_page_usable++;
		}
	}
	vm_page_dmap_reserve = MAX(vm_page_free_cnt[PQ_DMAP] >>
	    VM_DMAP_RESERVE_SHIFT, VM_DMAP_RESERVE_MIN);
	kprintf("memory: %u KB usable, %u KB direct-mapped, %u KB high, "
	    "page array %u KB\n",
	    (unsigned)(vm_page_usable * (PAGE_SIZE / 1024)),
	    (unsigned)(vm_page_free_cnt[PQ_DMAP] * (PAGE_SIZE / 1024)),
	    (unsigned)(vm_page_free_cnt[PQ_HIGH] * (PAGE_SIZE / 1024)),
	    (unsigned)(array_bytes / 1024));
}

static vm_page_t
vm_page_take(int q)
{
	vm_page_t m = TAILQ_FIRST(&vm_page_queue_free[q]);

	if (m != NULL) {
		TAILQ_REMOVE(&vm_page_queue_free[q], m, pageq);
		vm_page_free_cnt[q]--;
		KASSERT(m->flags == PGF_FREE,
		    ("vm_page_take: page 0x%x flags 0x%x", m->phys_addr,
		    m->flags));
		m->flags = 0;
		m->obj_refs = 0;
		m->map_count = 0;
		m->hold_count = 0;
	}
	return (m);
}

/*
 * Allocate one page.  VM_ALLOC_DMAP asks for a direct-mapped page;
 * otherwise high memory is used first, then direct-mapped pages down to
 * the reserve (above).  VM_ALLOC_ZERO zeroes it (only direct-mapped pages
 * can be zeroed here).  Returns NULL if none is free.  Never blocks.
 */
vm_page_t
vm_page_alloc(int flags)
{
	vm_page_t m;

	KASSERT(!(flags & VM_ALLOC_ZERO) || (flags & VM_ALLOC_DMAP),
	    ("vm_page_alloc: VM_ALLOC_ZERO needs VM_ALLOC_DMAP"));
	crit_enter();
	m = NULL;
	if ((flags & VM_ALLOC_DMAP) == 0) {
		m = vm_page_take(PQ_HIGH);
		if (m == NULL &&
		    vm_page_free_cnt[PQ_DMAP] > vm_page_dmap_reserve)
			m = vm_page_take(PQ_DMAP);
	} else {
		m = vm_page_take(PQ_DMAP);
	}
	crit_exit();
	if (m != NULL && (flags & VM_ALLOC_ZERO))
		memset(vm_page_dmap(m), 0, PAGE_SIZE);
	return (m);
}

/* Return a page to the free queues.  Never blocks. */
void
vm_page_free(vm_page_t m)
{
	int q = vm_page_queue_of(m->phys_addr);

	KASSERT((m->flags & (PGF_FREE | PGF_RESERVED)) == 0,
	    ("vm_page_free: page 0x%x flags 0x%x", m->phys_addr, m->flags));
	KASSERT(m->obj_refs == 0 && m->map_count == 0 && m->hold_count == 0,
	    ("vm_page_free: page 0x%x in use (obj %u map %u hold %u)",
	    m->phys_addr, m->obj_refs, m->map_count, m->hold_count));
	crit_enter();
	m->flags = PGF_FREE;
	m->kmem_bucket = 0xffff;
	m->kmem_npages = 0;
	m->kmem_free = NULL;
	TAILQ_INSERT_HEAD(&vm_page_queue_free[q], m, pageq);
	vm_page_free_cnt[q]++;
	if (vm_page_free_wanted) {
		vm_page_free_wanted = 0;
		wakeup(&vm_page_free_wanted);
	}
	crit_exit();
}

/*
 * Allocate npages physically contiguous direct-mapped pages (flags as for
 * vm_page_alloc; VM_ALLOC_DMAP is implied).  Returns the first page or
 * NULL.  Scans the page array: for rare, large requests only.
 */
vm_page_t
vm_page_alloc_contig(int npages, int flags)
{
	vm_pindex_t start, i, end = atop(dmap_limit);
	vm_page_t m = NULL;
	int run = 0;

	KASSERT(npages > 0, ("vm_page_alloc_contig: %d pages", npages));
	crit_enter();
	for (i = 0; i < end && i < vm_page_array_size; i++) {
		if (vm_page_array[i].flags != PGF_FREE) {
			run = 0;
			continue;
		}
		if (++run == npages) {
			start = i + 1 - npages;
			m = &vm_page_array[start];
			for (i = start; i < start + npages; i++) {
				TAILQ_REMOVE(&vm_page_queue_free[PQ_DMAP],
				    &vm_page_array[i], pageq);
				vm_page_free_cnt[PQ_DMAP]--;
				vm_page_array[i].flags = 0;
				vm_page_array[i].obj_refs = 0;
				vm_page_array[i].map_count = 0;
				vm_page_array[i].hold_count = 0;
			}
			break;
		}
	}
	crit_exit();
	if (m != NULL && (flags & VM_ALLOC_ZERO))
		memset(vm_page_dmap(m), 0, ptoa(npages));
	return (m);
}

void
vm_page_free_contig(vm_page_t m, int npages)
{
	int i;

	for (i = 0; i < npages; i++)
		vm_page_free(&m[i]);
}

vm_pindex_t
vm_page_free_count(void)
{
	return (vm_page_free_cnt[PQ_DMAP] + vm_page_free_cnt[PQ_HIGH]);
}

vm_pindex_t
vm_page_free_count_dmap(void)
{
	return (vm_page_free_cnt[PQ_DMAP]);
}

/* Free pages that an ordinary (not VM_ALLOC_DMAP) request could get. */
vm_pindex_t
vm_page_free_count_user(void)
{
	return (vm_page_free_cnt[PQ_HIGH] +
	    (vm_page_free_cnt[PQ_DMAP] > vm_page_dmap_reserve ?
	    vm_page_free_cnt[PQ_DMAP] - vm_page_dmap_reserve : 0));
}

vm_pindex_t
vm_page_total(void)
{
	return (vm_page_usable);
}

/* ---- user and file pages ---------------------------------------------- */

vm_pindex_t vm_page_obj_count;
vm_pindex_t vm_page_held_count;

/* Free m if nothing keeps it any more (see vm_page.h). */
void
vm_page_release_check(vm_page_t m)
{
	if (m->obj_refs == 0 && m->map_count == 0 && m->hold_count == 0)
		vm_page_free(m);
}

void
vm_page_hold(vm_page_t m)
{
	crit_enter();
	vm_page_hold_crit(m);
	crit_exit();
}

void
vm_page_unhold(vm_page_t m)
{
	crit_enter();
	KASSERT(m->hold_count > 0, ("vm_page_unhold: page 0x%x not held",
	    m->phys_addr));
	vm_page_unhold_crit(m);
	crit_exit();
}

void
vm_page_obj_ref(vm_page_t m)
{
	crit_enter();
	if (m->obj_refs++ == 0)
		vm_page_obj_count++;
	crit_exit();
}

void
vm_page_obj_unref(vm_page_t m)
{
	crit_enter();
	KASSERT(m->obj_refs > 0, ("vm_page_obj_unref: page 0x%x in no object",
	    m->phys_addr));
	if (--m->obj_refs == 0) {
		vm_page_obj_count--;
		vm_page_release_check(m);
	}
	crit_exit();
}
