/*
 * pmap.c - the kernel's page tables (i386, two levels, 4K pages).
 *
 * pmap_bootstrap() builds the final kernel page directory: 256 page tables
 * covering the top gigabyte, statically allocated in .bss so that no
 * allocator is needed yet and so that the kernel half of every future
 * address space is the same 256 directory entries.  It maps the direct
 * map (DMAP), read-only over the kernel text, and switches CR3 away from
 * locore's temporary 4MB-page directory.
 *
 * Kernel mappings made later (pmap_kenter/pmap_kremove) only edit these
 * page tables, so they are seen by every address space without touching
 * any page directory.  User address spaces come with the process layer.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <machine/cpufunc.h>
#include <machine/pmap.h>

#define NKPT		((0x100000000ULL - KERNBASE) >> PDRSHIFT) /* 256 */

static pd_entry_t kernel_pd_store[NPDEPG] __aligned(PAGE_SIZE);
static pt_entry_t kernel_pt[NKPT][NPTEPG] __aligned(PAGE_SIZE);

pd_entry_t *kernel_pd = kernel_pd_store;
vm_paddr_t kernel_pd_phys;
vm_paddr_t dmap_limit;

extern char etext[], kernel_text[];

/* The PTE that maps kernel address va (va >= KERNBASE). */
static inline pt_entry_t *
kvtopte(vm_offset_t va)
{
	return (&kernel_pt[0][0] + ((va - KERNBASE) >> PAGE_SHIFT));
}

/*
 * Build and load the kernel page tables.  first_free is the first
 * physical address not used by the kernel image or the boot modules; the
 * direct map must reach well past it.  Returns dmap_limit.
 */
vm_paddr_t
pmap_bootstrap(vm_paddr_t first_free, vm_paddr_t ram_top)
{
	vm_paddr_t pa, text_lo, text_hi;
	unsigned i;

	dmap_limit = trunc_page(MIN(ram_top, (vm_paddr_t)DMAP_SIZE_DEFAULT));
	if (dmap_limit > DMAP_MAX)
		dmap_limit = DMAP_MAX;
	if (dmap_limit < first_free + (4u << 20))
		panic("pmap_bootstrap: %u KB of low memory is not enough "
		    "(kernel and modules end at 0x%x)", dmap_limit >> 10,
		    first_free);

	for (i = 0; i < NKPT; i++) {
		kernel_pd[(KERNBASE >> PDRSHIFT) + i] =
		    DMAP_TO_PHYS((vm_offset_t)kernel_pt[i]) | PG_V | PG_RW;
	}
	text_lo = DMAP_TO_PHYS((vm_offset_t)kernel_text);
	text_hi = DMAP_TO_PHYS(round_page((vm_offset_t)etext));
	for (pa = 0; pa < dmap_limit; pa += PAGE_SIZE) {
		pt_entry_t pte = pa | PG_V | PG_G;

		if (pa < text_lo || pa >= text_hi)
			pte |= PG_RW;			/* text is read-only */
		*kvtopte(PHYS_TO_DMAP(pa)) = pte;
	}

	kernel_pd_phys = DMAP_TO_PHYS((vm_offset_t)kernel_pd);
	lcr4(rcr4() | CR4_PGE);
	lcr3(kernel_pd_phys);
	return (dmap_limit);
}

/* Map one page at kernel address va (outside the DMAP) to pa. */
void
pmap_kenter(vm_offset_t va, vm_paddr_t pa)
{
	KASSERT(va >= KERNBASE + DMAP_MAX && (va & PAGE_MASK) == 0,
	    ("pmap_kenter: bad va 0x%x", va));
	*kvtopte(va) = (pa & PG_FRAME) | PG_V | PG_RW;
	invlpg(va);
}

/* Remove the mapping at kernel address va (outside the DMAP). */
void
pmap_kremove(vm_offset_t va)
{
	KASSERT(va >= KERNBASE + DMAP_MAX && (va & PAGE_MASK) == 0,
	    ("pmap_kremove: bad va 0x%x", va));
	*kvtopte(va) = 0;
	invlpg(va);
}

/* Physical address behind kernel address va, or 0 if unmapped. */
vm_paddr_t
pmap_kextract(vm_offset_t va)
{
	pt_entry_t pte;

	if (va < KERNBASE)
		return (0);
	pte = *kvtopte(va);
	if ((pte & PG_V) == 0)
		return (0);
	return ((pte & PG_FRAME) | (va & PAGE_MASK));
}

/* Whether kernel address va can be read without faulting. */
bool
pmap_kmapped(vm_offset_t va)
{
	return (va >= KERNBASE && (*kvtopte(va) & PG_V) != 0);
}
