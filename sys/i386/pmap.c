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
#include <sys/errno.h>
#include <sys/globaldata.h>
#include <vm/vm_page.h>
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

/* ---- temporary mappings -------------------------------------------- */

/*
 * Map physical page pa at this CPU's temporary slot (0 or 1) and return
 * its address; direct-mapped pages need no mapping.  The caller stays in
 * a critical section while it uses the address.
 */
void *
pmap_tmpmap(int slot, vm_paddr_t pa)
{
	vm_offset_t va;

	KASSERT(curthread->td_critcount > 0 && slot >= 0 && slot < 2,
	    ("pmap_tmpmap: slot %d outside a critical section", slot));
	if (pa + PAGE_SIZE <= dmap_limit)
		return ((void *)PHYS_TO_DMAP(pa));
	va = KVA_BASE + (vm_offset_t)(mycpu->gd_cpuid * 2 + slot) * PAGE_SIZE;
	*kvtopte(va) = (pa & PG_FRAME) | PG_V | PG_RW;
	invlpg(va);
	return ((void *)va);
}

void
pmap_zero_page(vm_paddr_t pa)
{
	crit_enter();
	memset(pmap_tmpmap(0, pa), 0, PAGE_SIZE);
	crit_exit();
}

void
pmap_copy_page(vm_paddr_t src, vm_paddr_t dst)
{
	crit_enter();
	memcpy(pmap_tmpmap(1, dst), pmap_tmpmap(0, src), PAGE_SIZE);
	crit_exit();
}

/* ---- user address spaces --------------------------------------------- */

/* Set up an empty user address space sharing the kernel's top gigabyte. */
int
pmap_pinit(pmap_t pm)
{
	vm_page_t m = vm_page_alloc(VM_ALLOC_DMAP | VM_ALLOC_ZERO);

	if (m == NULL)
		return (ENOMEM);
	pm->pm_pdphys = VM_PAGE_TO_PHYS(m);
	pm->pm_pd = vm_page_dmap(m);
	pm->pm_resident = 0;
	memcpy(&pm->pm_pd[KERNBASE >> PDRSHIFT], &kernel_pd[KERNBASE >> PDRSHIFT],
	    (NPDEPG - (KERNBASE >> PDRSHIFT)) * sizeof(pd_entry_t));
	return (0);
}

static pt_entry_t *
pmap_pte(pmap_t pm, vm_offset_t va, bool create)
{
	pd_entry_t *pde = &pm->pm_pd[va >> PDRSHIFT];

	if ((*pde & PG_V) == 0) {
		vm_page_t m;

		if (!create)
			return (NULL);
		m = vm_page_alloc(VM_ALLOC_DMAP | VM_ALLOC_ZERO);
		if (m == NULL)
			return (NULL);
		*pde = VM_PAGE_TO_PHYS(m) | PG_V | PG_RW | PG_U;
	}
	return ((pt_entry_t *)PHYS_TO_DMAP(*pde & PG_FRAME) +
	    ((va >> PAGE_SHIFT) & (NPTEPG - 1)));
}

static void
pmap_invalidate(pmap_t pm, vm_offset_t va)
{
	if (rcr3() == pm->pm_pdphys)
		invlpg(va);
}

/* Map user page va to pa (readable; writable with VM_PROT_WRITE). */
int
pmap_enter(pmap_t pm, vm_offset_t va, vm_paddr_t pa, int prot)
{
	pt_entry_t *pte;

	KASSERT(va < VM_MAX_USER_ADDRESS && (va & PAGE_MASK) == 0,
	    ("pmap_enter: bad user address 0x%x", va));
	pte = pmap_pte(pm, va, true);
	if (pte == NULL)
		return (ENOMEM);
	if ((*pte & PG_V) == 0)
		pm->pm_resident++;
	*pte = pa | PG_V | PG_U | ((prot & VM_PROT_WRITE) ? PG_RW : 0);
	pmap_invalidate(pm, va);
	return (0);
}

vm_paddr_t
pmap_extract(pmap_t pm, vm_offset_t va)
{
	pt_entry_t *pte;

	if (va >= VM_MAX_USER_ADDRESS)
		return (0);
	pte = pmap_pte(pm, va, false);
	if (pte == NULL || (*pte & PG_V) == 0)
		return (0);
	return ((*pte & PG_FRAME) | (va & PAGE_MASK));
}

/* Unmap user page va and free the page behind it. */
void
pmap_remove(pmap_t pm, vm_offset_t va)
{
	pt_entry_t *pte = pmap_pte(pm, va, false);

	if (pte == NULL || (*pte & PG_V) == 0)
		return;
	vm_page_free(PHYS_TO_VM_PAGE(*pte & PG_FRAME));
	*pte = 0;
	pm->pm_resident--;
	pmap_invalidate(pm, va);
}

/* Free every user page, the page tables and the directory. */
void
pmap_release(pmap_t pm)
{
	unsigned i, j;

	if (rcr3() == pm->pm_pdphys)
		lcr3(kernel_pd_phys);
	for (i = 0; i < (KERNBASE >> PDRSHIFT); i++) {
		pt_entry_t *pt;

		if ((pm->pm_pd[i] & PG_V) == 0)
			continue;
		pt = (pt_entry_t *)PHYS_TO_DMAP(pm->pm_pd[i] & PG_FRAME);
		for (j = 0; j < NPTEPG; j++) {
			if (pt[j] & PG_V)
				vm_page_free(PHYS_TO_VM_PAGE(pt[j] & PG_FRAME));
		}
		vm_page_free(PHYS_TO_VM_PAGE(pm->pm_pd[i] & PG_FRAME));
	}
	vm_page_free(PHYS_TO_VM_PAGE(pm->pm_pdphys));
	pm->pm_pd = NULL;
	pm->pm_resident = 0;
}

/* Give dst a private copy of every user page of src (fork). */
int
pmap_copy_user(pmap_t dst, pmap_t src)
{
	unsigned i, j;

	for (i = 0; i < (KERNBASE >> PDRSHIFT); i++) {
		pt_entry_t *pt;

		if ((src->pm_pd[i] & PG_V) == 0)
			continue;
		pt = (pt_entry_t *)PHYS_TO_DMAP(src->pm_pd[i] & PG_FRAME);
		for (j = 0; j < NPTEPG; j++) {
			vm_offset_t va = ((vm_offset_t)i << PDRSHIFT) |
			    ((vm_offset_t)j << PAGE_SHIFT);
			vm_page_t m;

			if ((pt[j] & PG_V) == 0)
				continue;
			m = vm_page_alloc(0);
			if (m == NULL)
				return (ENOMEM);
			pmap_copy_page(pt[j] & PG_FRAME, VM_PAGE_TO_PHYS(m));
			if (pmap_enter(dst, va, VM_PAGE_TO_PHYS(m),
			    VM_PROT_READ | ((pt[j] & PG_RW) ? VM_PROT_WRITE : 0))) {
				vm_page_free(m);
				return (ENOMEM);
			}
		}
	}
	return (0);
}

/* Make pm the current address space. */
void
pmap_activate(pmap_t pm)
{
	if (rcr3() != pm->pm_pdphys)
		lcr3(pm->pm_pdphys);
}
