/*
 * kern_malloc.c - the kernel memory allocator.
 *
 * Small blocks (16 to 2048 bytes) come from power-of-two buckets.  Each
 * bucket owns "slab" pages taken from the direct map; a slab page holds
 * blocks of one size only, and its struct vm_page records the bucket, the
 * number of free blocks and the head of its free list (threaded through
 * the free blocks themselves).  A bucket keeps a list of slabs that still
 * have free blocks; a slab that becomes entirely free is returned to the
 * page allocator at once, so kernel memory in use always equals what
 * callers hold.
 *
 * Larger blocks take whole physically contiguous direct-mapped pages; the
 * first page's vm_page records how many.
 *
 * kfree() finds the vm_page of a block from its address (DMAP_TO_PHYS),
 * so no header precedes any block.  Every call charges or credits its
 * malloc type; types are found at boot through the "set_malloc" linker
 * set.  Runs in a critical section; M_WAITOK callers may sleep for pages.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/malloc.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <vm/vm_page.h>

MALLOC_DEFINE(M_TEMP, "temp", "miscellaneous short-lived allocations");

#define KMEM_MINSHIFT	4			/* 16 bytes */
#define KMEM_MAXSHIFT	(PAGE_SHIFT - 1)	/* 2048 bytes */
#define KMEM_NBUCKETS	(KMEM_MAXSHIFT - KMEM_MINSHIFT + 1)

struct kmem_bucket {
	TAILQ_HEAD(, vm_page) kb_partial;	/* [c] slabs with free blocks */
	size_t		kb_size;		/* [I] block size */
	uint32_t	kb_slabs;		/* [c] slab pages held */
};

struct kmem_free {
	struct kmem_free *kf_next;
};

static struct kmem_bucket kmem_buckets[KMEM_NBUCKETS];
static size_t kmem_total_inuse;			/* [c] bytes, all types */

extern struct malloc_type *__start_set_malloc[], *__stop_set_malloc[];

void
kmalloc_init(void)
{
	int b;

	for (b = 0; b < KMEM_NBUCKETS; b++) {
		TAILQ_INIT(&kmem_buckets[b].kb_partial);
		kmem_buckets[b].kb_size = (size_t)1 << (b + KMEM_MINSHIFT);
	}
}

static int
kmem_bucket_index(size_t size)
{
	int b = 0;

	while (((size_t)1 << (b + KMEM_MINSHIFT)) < size)
		b++;
	return (b);
}

/* Get a direct-mapped page, sleeping for one if the caller allows it. */
static vm_page_t
kmem_page_alloc(int npages, int flags)
{
	vm_page_t m;

	for (;;) {
		if (npages == 1)
			m = vm_page_alloc(VM_ALLOC_DMAP);
		else
			m = vm_page_alloc_contig(npages, VM_ALLOC_DMAP);
		if (m != NULL || (flags & M_NOWAIT))
			return (m);
		if (curthread->td_flags & TDF_IDLE)
			panic("kmalloc: out of memory during boot");
		crit_enter();
		vm_page_free_wanted = 1;
		tsleep(&vm_page_free_wanted, 0, "kmem", hz);
		crit_exit();
	}
}

static void *
kmem_slab_alloc(struct kmem_bucket *kb, int flags)
{
	struct kmem_free *kf;
	vm_page_t m;
	char *base;
	size_t off;

	m = TAILQ_FIRST(&kb->kb_partial);
	if (m == NULL) {
		m = kmem_page_alloc(1, flags);
		if (m == NULL)
			return (NULL);
		m->flags |= PGF_KMEM;
		m->kmem_bucket = (uint16_t)(kb - kmem_buckets);
		m->kmem_nfree = (uint16_t)(PAGE_SIZE / kb->kb_size);
		base = vm_page_dmap(m);
		for (off = 0; off < PAGE_SIZE; off += kb->kb_size) {
			kf = (struct kmem_free *)(base + off);
			kf->kf_next = off + kb->kb_size < PAGE_SIZE ?
			    (struct kmem_free *)(base + off + kb->kb_size) : NULL;
		}
		m->kmem_free = base;
		TAILQ_INSERT_HEAD(&kb->kb_partial, m, pageq);
		kb->kb_slabs++;
	}
	kf = m->kmem_free;
	KASSERT(kf != NULL && m->kmem_nfree > 0,
	    ("kmem_slab_alloc: empty slab on the partial list"));
	m->kmem_free = kf->kf_next;
	if (--m->kmem_nfree == 0)
		TAILQ_REMOVE(&kb->kb_partial, m, pageq);
	return (kf);
}

/*
 * Allocate size bytes charged to type.  M_WAITOK (the default) may sleep
 * until memory is available and never returns NULL; M_NOWAIT never sleeps
 * and may return NULL; M_ZERO zeroes the block.  Whatever is allocated on
 * behalf of a user request uses M_NOWAIT and fails with an error: the
 * M_WAITOK sleep is uninterruptible and lasts until someone frees
 * memory, so it is for boot and kernel-internal allocations only.
 */
void *
kmalloc(size_t size, struct malloc_type *type, int flags)
{
	size_t charged;
	void *p;

	KASSERT(type != NULL, ("kmalloc: no malloc type"));
	if (size == 0)
		size = 1;
	crit_enter();
	if (size <= ((size_t)1 << KMEM_MAXSHIFT)) {
		struct kmem_bucket *kb = &kmem_buckets[kmem_bucket_index(size)];

		p = kmem_slab_alloc(kb, flags);
		charged = kb->kb_size;
	} else {
		int npages = (int)atop(round_page(size));
		vm_page_t m = kmem_page_alloc(npages, flags);

		p = NULL;
		charged = ptoa(npages);
		if (m != NULL) {
			m->flags |= PGF_KMEM;
			m->kmem_npages = npages;
			p = vm_page_dmap(m);
		}
	}
	if (p != NULL) {
		type->ks_memuse += charged;
		type->ks_inuse++;
		type->ks_calls++;
		if (type->ks_memuse > type->ks_maxused)
			type->ks_maxused = type->ks_memuse;
		kmem_total_inuse += charged;
	}
	crit_exit();
	if (p != NULL && (flags & M_ZERO))
		memset(p, 0, charged);
	return (p);
}

static vm_page_t
kmem_page_of(const void *p)
{
	vm_offset_t va = (vm_offset_t)p;
	vm_page_t m;

	KASSERT(va >= KERNBASE && DMAP_TO_PHYS(va) < dmap_limit,
	    ("kfree: %p is not kernel memory", p));
	m = PHYS_TO_VM_PAGE(DMAP_TO_PHYS(va));
	KASSERT(m->flags & PGF_KMEM, ("kfree: %p was not kmalloc'ed", p));
	return (m);
}

/* Bytes actually reserved for block p. */
size_t
kmalloc_usable_size(const void *p)
{
	vm_page_t m = kmem_page_of(p);

	if (m->kmem_npages != 0)
		return (ptoa(m->kmem_npages));
	return (kmem_buckets[m->kmem_bucket].kb_size);
}

/* Free block p, which must have been allocated with the same type. */
void
kfree(void *p, struct malloc_type *type)
{
	vm_page_t m;
	size_t size;

	if (p == NULL)
		return;
	crit_enter();
	m = kmem_page_of(p);
	if (m->kmem_npages != 0) {
		int npages = (int)m->kmem_npages;

		KASSERT(((vm_offset_t)p & PAGE_MASK) == 0,
		    ("kfree: %p is inside a large block", p));
		size = ptoa(npages);
		vm_page_free_contig(m, npages);
	} else {
		struct kmem_bucket *kb = &kmem_buckets[m->kmem_bucket];
		struct kmem_free *kf = p;

		size = kb->kb_size;
		KASSERT(((vm_offset_t)p & (size - 1)) == 0,
		    ("kfree: %p is not a block start", p));
		kf->kf_next = m->kmem_free;
		m->kmem_free = kf;
		if (m->kmem_nfree++ == 0)
			TAILQ_INSERT_HEAD(&kb->kb_partial, m, pageq);
		if (m->kmem_nfree == PAGE_SIZE / size) {
			TAILQ_REMOVE(&kb->kb_partial, m, pageq);
			kb->kb_slabs--;
			vm_page_free(m);
		}
	}
	KASSERT(type->ks_memuse >= size && type->ks_inuse > 0,
	    ("kfree: type %s frees more than it holds", type->ks_shortdesc));
	type->ks_memuse -= size;
	type->ks_inuse--;
	kmem_total_inuse -= size;
	crit_exit();
}

/*
 * Bytes of memory kernel allocations can come from at most: the usable
 * pages of the direct map.  Limits on what user programs can make the
 * kernel hold (kern.maxfiles, vm.max_map_entries, kern.async_kmem_max,
 * tmpfs nodes) are fractions of it.
 */
size_t
kmalloc_capacity(void)
{
	vm_pindex_t n = MIN(vm_page_total(), (vm_pindex_t)atop(dmap_limit));

	return ((size_t)ptoa(n));
}

/* Bytes of kernel memory in use, all types together. */
size_t
kmalloc_total_inuse(void)
{
	return (kmem_total_inuse);
}

/* Pages the small-block buckets hold: more than their bytes in use
 * need when their blocks are spread over partly free slabs. */
size_t
kmalloc_slab_pages(void)
{
	size_t n = 0;
	int b;

	crit_enter();
	for (b = 0; b < KMEM_NBUCKETS; b++)
		n += kmem_buckets[b].kb_slabs;
	crit_exit();
	return (n);
}

struct malloc_type *
kmalloc_type_lookup(const char *name)
{
	struct malloc_type **tp;

	for (tp = __start_set_malloc; tp < __stop_set_malloc; tp++) {
		if (strcmp((*tp)->ks_shortdesc, name) == 0)
			return (*tp);
	}
	return (NULL);
}

/* Print every malloc type's usage. */
void
kmalloc_dump(void)
{
	struct malloc_type **tp;

	kprintf("%-12s %10s %8s %10s\n", "type", "bytes", "blocks", "calls");
	for (tp = __start_set_malloc; tp < __stop_set_malloc; tp++) {
		kprintf("%-12s %10u %8u %10llu\n", (*tp)->ks_shortdesc,
		    (unsigned)(*tp)->ks_memuse, (unsigned)(*tp)->ks_inuse,
		    (unsigned long long)(*tp)->ks_calls);
	}
}
