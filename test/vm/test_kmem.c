/*
 * Tests of the physical page allocator, kernel stacks and kmalloc.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/test.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <vm/vm_page.h>
#include <machine/pmap.h>
#include <machine/vmparam.h>

MALLOC_DEFINE(M_KTEST, "ktest", "memory allocated by kernel tests");

static void
test_page_alloc_free(void)
{
	vm_pindex_t before = vm_page_free_count();
	vm_page_t pages[64];
	int i, j;

	for (i = 0; i < 64; i++) {
		pages[i] = vm_page_alloc(i & 1 ? VM_ALLOC_DMAP : 0);
		T_ASSERT(pages[i] != NULL);
		T_EQ(pages[i]->flags & PGF_FREE, 0);
		T_EQ(VM_PAGE_TO_PHYS(pages[i]) & PAGE_MASK, 0);
		if (i & 1)
			T_LT(VM_PAGE_TO_PHYS(pages[i]), dmap_limit);
		for (j = 0; j < i; j++)
			T_NE(pages[i], pages[j]);
	}
	T_EQ(vm_page_free_count(), before - 64);
	for (i = 0; i < 64; i++)
		vm_page_free(pages[i]);
	T_EQ(vm_page_free_count(), before);
}
DEFINE_TEST(page_alloc_free, "page allocator: distinct pages, counts restored", test_page_alloc_free);

static void
test_page_high_first(void)
{
	vm_page_t m = vm_page_alloc(0);
	vm_page_t z = vm_page_alloc(VM_ALLOC_DMAP | VM_ALLOC_ZERO);
	uint32_t *p;
	int i;

	T_ASSERT(m != NULL && z != NULL);
	/* Ordinary pages come from high memory (above the direct map) while
	 * there is any, keeping the direct-mapped pages for the kernel; with
	 * no high memory (memory smaller than the direct map: 32 MB) there
	 * is only the one zone.  DMAP pages are always below the limit. */
	T_LT(VM_PAGE_TO_PHYS(z), dmap_limit);
	if (vm_page_free_count() > vm_page_free_count_dmap())
		T_GE(VM_PAGE_TO_PHYS(m), dmap_limit);
	else
		T_LT(VM_PAGE_TO_PHYS(m), dmap_limit);
	p = vm_page_dmap(z);
	for (i = 0; i < PAGE_SIZE / 4; i++)
		T_EQ(p[i], 0);
	vm_page_free(m);
	vm_page_free(z);
}
DEFINE_TEST(page_zones, "page allocator: high memory first, zeroed DMAP pages", test_page_high_first);

/*
 * A run of five pages: it was free (all five, just before), is allocated
 * now, and nothing else changed; it is one range of the direct map
 * (written through the first page's address, read through each page's);
 * zeroed as asked.  A free page left inside another allocated run (a
 * hole) must not make a run reach over its allocated neighbours.
 */
static void
test_page_contig(void)
{
	vm_pindex_t n = MIN(atop(dmap_limit), vm_page_array_size), i, first;
	uint8_t *wasfree = kmalloc(n, M_KTEST, M_WAITOK | M_ZERO);
	vm_pindex_t free0;
	vm_page_t m, h;
	uint8_t *p, *q;
	int k, bad = 0, notfree = 0, stillfree = 0, nonzero = 0;

	h = vm_page_alloc_contig(5, VM_ALLOC_DMAP);
	T_ASSERT(h != NULL);
	vm_page_free(&h[2]);			/* the hole */

	crit_enter();				/* no other allocations */
	for (i = 0; i < n; i++)
		wasfree[i] = (vm_page_array[i].flags & PGF_FREE) != 0;
	free0 = vm_page_free_count();
	m = vm_page_alloc_contig(5, VM_ALLOC_DMAP | VM_ALLOC_ZERO);
	T_ASSERT(m != NULL);
	first = (vm_pindex_t)(m - vm_page_array);
	T_LE(first + 5, n);
	T_EQ(free0 - vm_page_free_count(), 5);
	for (i = 0; i < n; i++) {
		bool inrun = i >= first && i < first + 5;
		bool isfree = (vm_page_array[i].flags & PGF_FREE) != 0;

		if (inrun && !wasfree[i])
			notfree++;		/* reached over a used page */
		else if (inrun && isfree)
			stillfree++;
		else if (!inrun && isfree != wasfree[i])
			bad++;			/* something else changed */
	}
	crit_exit();
	T_EQ(notfree, 0);
	T_EQ(stillfree, 0);
	T_EQ(bad, 0);

	p = vm_page_dmap(m);
	for (i = 0; i < ptoa(5); i++)
		nonzero += p[i] != 0;
	T_EQ(nonzero, 0);
	for (i = 0; i < ptoa(5); i++)
		p[i] = (uint8_t)(i / PAGE_SIZE + 1);
	for (k = 0; k < 5; k++) {
		q = vm_page_dmap(&m[k]);
		T_EQ(VM_PAGE_TO_PHYS(&m[k]) & PAGE_MASK, 0);
		T_EQ(q[0], k + 1);
		T_EQ(q[PAGE_SIZE - 1], k + 1);
	}
	vm_page_free_contig(m, 5);
	T_EQ(vm_page_free_count(), free0);
	vm_page_free(&h[0]);
	vm_page_free(&h[1]);
	vm_page_free(&h[3]);
	vm_page_free(&h[4]);
	kfree(wasfree, M_KTEST);
}
DEFINE_TEST(page_contig, "page allocator: physically contiguous runs", test_page_contig);

static void
test_kmalloc_accounting(void)
{
	size_t use0 = M_KTEST->ks_memuse, total0 = kmalloc_total_inuse();
	uint64_t calls0 = M_KTEST->ks_calls;
	void *a, *b, *c;

	a = kmalloc(10, M_KTEST, M_WAITOK);
	b = kmalloc(100, M_KTEST, M_WAITOK | M_ZERO);
	c = kmalloc(3 * PAGE_SIZE + 1, M_KTEST, M_WAITOK);
	T_ASSERT(a != NULL && b != NULL && c != NULL);
	/* Charged by bucket: 16 + 128 + four whole pages. */
	T_EQ(M_KTEST->ks_memuse - use0, 16 + 128 + 4 * PAGE_SIZE);
	T_EQ(kmalloc_total_inuse() - total0, 16 + 128 + 4 * PAGE_SIZE);
	T_EQ(M_KTEST->ks_inuse, 3);
	T_EQ(M_KTEST->ks_calls - calls0, 3);
	T_EQ(kmalloc_usable_size(b), 128);
	T_EQ(((uint8_t *)b)[99], 0);
	memset(c, 0x5a, 3 * PAGE_SIZE + 1);	/* all of it is usable */
	T_EQ(kmalloc_type_lookup("ktest"), M_KTEST);
	T_EQ(kmalloc_type_lookup("thread") != NULL, 1);
	kfree(a, M_KTEST);
	kfree(b, M_KTEST);
	kfree(c, M_KTEST);
	T_EQ(M_KTEST->ks_memuse, use0);
	T_EQ(M_KTEST->ks_inuse, 0);
	T_EQ(kmalloc_total_inuse(), total0);
}
DEFINE_TEST(kmalloc_types, "kmalloc charges and credits its malloc type", test_kmalloc_accounting);

static void
test_kmalloc_no_leak(void)
{
	vm_pindex_t free0 = vm_page_free_count();
	static void *ptrs[600];
	size_t size;
	int i, n;

	/* Every bucket, enough blocks to need several slab pages each. */
	for (size = 1; size <= 4096 + 8; size = size * 2 + 3) {
		n = (int)MIN(nitems(ptrs), 3 * PAGE_SIZE / size + 2);
		for (i = 0; i < n; i++) {
			ptrs[i] = kmalloc(size, M_KTEST, M_WAITOK);
			T_ASSERT(ptrs[i] != NULL);
			T_GE(kmalloc_usable_size(ptrs[i]), size);
			memset(ptrs[i], i, size);
		}
		for (i = 0; i < n; i++) {
			T_EQ(((uint8_t *)ptrs[i])[size - 1], (uint8_t)i);
			kfree(ptrs[i], M_KTEST);
		}
	}
	T_EQ(M_KTEST->ks_memuse, 0);
	/* Empty slabs go back to the page allocator. */
	T_EQ(vm_page_free_count(), free0);
}
DEFINE_TEST(kmalloc_no_leak, "kmalloc returns every page after free", test_kmalloc_no_leak);

static void
test_kstack_guard(void)
{
	int slot;
	vm_offset_t stack;

	T_EQ(kstack_alloc(&stack, &slot), 0);

	/* The page below the stack is a hole; the stack itself is mapped. */
	T_ASSERT(!pmap_kmapped(stack - 1));
	T_ASSERT(kstack_guard_hit(stack - 1));
	T_ASSERT(pmap_kmapped(stack));
	T_ASSERT(pmap_kmapped(stack + KSTACK_PAGES * PAGE_SIZE - 1));
	T_ASSERT(!kstack_guard_hit(stack));
	*(volatile int *)stack = 1;
	kstack_free(stack, slot);
	T_ASSERT(!pmap_kmapped(stack));
}
DEFINE_TEST(kstack_guard, "kernel stacks have an unmapped guard page", test_kstack_guard);

/*
 * Take kernel stacks until kstack_alloc() refuses: EAGAIN when every slot
 * is in use (with enough memory), ENOMEM when pages run out first; never
 * a panic or a sleep.  Then the user-memory reserve is untouched, and
 * everything comes back.
 */
static void
test_kstack_exhaust(void)
{
	int nslots = kstack_slots(), n, error, i;
	vm_pindex_t free0 = vm_page_free_count(), user_left, dmap_left;
	vm_offset_t *stacks = kmalloc(nslots * sizeof(*stacks), M_KTEST,
	    M_WAITOK);
	int *slots = kmalloc(nslots * sizeof(*slots), M_KTEST, M_WAITOK);

	for (n = 0; n < nslots; n++) {
		error = kstack_alloc(&stacks[n], &slots[n]);
		if (error)
			break;
	}
	user_left = vm_page_free_count_user();
	dmap_left = vm_page_free_count_dmap();
	kprintf("kstack_exhaust: %d of %d stacks, then error %d\n", n,
	    nslots, error);
	for (i = 0; i < n; i++)
		kstack_free(stacks[i], slots[i]);
	kfree(slots, M_KTEST);
	kfree(stacks, M_KTEST);
	T_EQ(vm_page_free_count(), free0);
	T_ASSERT(n < nslots);
	T_ASSERT(error == EAGAIN || error == ENOMEM);
	/* EAGAIN: every slot is in use, ours and the threads' alive (and
	 * at most one dead thread's not freed yet). */
	if (error == EAGAIN)
		T_GE(n, nslots - lwkt_thread_count() - 1);
	else
		T_LT(user_left, KSTACK_PAGES);
	/* The kernel's own pages are still there. */
	T_GT(dmap_left, 0);
}
DEFINE_TEST(kstack_exhaust, "kstack_alloc fails (EAGAIN, ENOMEM) instead of panicking", test_kstack_exhaust);
