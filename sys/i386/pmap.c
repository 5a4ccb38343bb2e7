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
 * any page directory.  Device memory (pmap_mapdev) is mapped the same
 * way, uncached, in its own range.  User address spaces come with the
 * process layer.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <sys/spinlock.h>
#include <vm/vm_page.h>
#include <machine/cpufunc.h>
#include <machine/pmap.h>
#include <machine/tmpmap.h>


static pd_entry_t kernel_pd_store[NPDEPG] __aligned(PAGE_SIZE);
pt_entry_t kernel_pt[NKPT][NPTEPG] __aligned(PAGE_SIZE);

pd_entry_t *kernel_pd = kernel_pd_store;
vm_paddr_t kernel_pd_phys;
vm_paddr_t dmap_limit;

extern char etext[], kernel_text[];

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

/* ---- device memory -------------------------------------------------- */

/*
 * Device registers and buffers (a PCI memory BAR) are mapped in the
 * DEVMAP range with caching disabled: PG_N (PCD) and PG_PWT together
 * select the uncached type under the reset PAT, so every load and store
 * reaches the device, in program order.  The range's PTEs are its
 * allocation map: a page is free when its PTE is 0.  A mapping takes the
 * first run of free pages with one free page left on each side, so an
 * access that runs off a mapping faults instead of reaching the next
 * device.  Mapping happens when a driver attaches, never on a fast path,
 * so the linear search is fine.
 */
static struct spinlock devmap_lock = SPINLOCK_INITIALIZER;

#define DEVMAP_PTE(pa)	(((pa) & PG_FRAME) | PG_V | PG_RW | PG_N | PG_PWT | \
			    PG_G | PG_A | PG_M)

/*
 * Map the physical range [pa, pa + size) (any alignment) uncached into
 * kernel space and return its address in *vap: 0, or EINVAL (size 0, or
 * the range passes 4 GB, which i386 without PAE cannot map) or ENOMEM
 * (no room left in DEVMAP).  The caller must name device memory, not
 * RAM (an uncached alias of a cached page is undefined).  Does not
 * block.  Undo with pmap_unmapdev(va, size).
 */
int
pmap_mapdev(vm_paddr_t pa, size_t size, void **vap)
{
	vm_paddr_t start = trunc_page(pa);
	uint64_t end = ((uint64_t)pa + size + PAGE_MASK) & ~(uint64_t)PAGE_MASK;
	vm_offset_t va, base = 0;
	size_t npages, run = 0, i;

	if (size == 0 || end > 0x100000000ULL)
		return (EINVAL);
	npages = (size_t)((end - start) >> PAGE_SHIFT);
	if (npages + 2 > atop(KVA_DEVMAP_END - KVA_DEVMAP))
		return (ENOMEM);
	spin_lock(&devmap_lock);
	for (va = KVA_DEVMAP; va < KVA_DEVMAP_END && run < npages + 2;
	    va += PAGE_SIZE) {
		if (*kvtopte(va) != 0) {
			run = 0;
			continue;
		}
		if (run++ == 0)
			base = va;
	}
	if (run < npages + 2) {
		spin_unlock(&devmap_lock);
		return (ENOMEM);
	}
	base += PAGE_SIZE;			/* the guard page before */
	for (i = 0; i < npages; i++) {
		*kvtopte(base + ptoa(i)) = DEVMAP_PTE(start + ptoa(i));
		invlpg(base + ptoa(i));
	}
	spin_unlock(&devmap_lock);
	*vap = (void *)(base + (pa & PAGE_MASK));
	return (0);
}

/*
 * Remove a mapping pmap_mapdev() made: va and size as it returned and
 * was given.  Does not block.
 */
void
pmap_unmapdev(void *va, size_t size)
{
	vm_offset_t sva = trunc_page((vm_offset_t)va);
	vm_offset_t eva = round_page((vm_offset_t)va + size);

	KASSERT(sva >= KVA_DEVMAP && eva <= KVA_DEVMAP_END && sva < eva,
	    ("pmap_unmapdev: bad range %p + 0x%x", va, size));
	spin_lock(&devmap_lock);
	for (; sva < eva; sva += PAGE_SIZE) {
		KASSERT(*kvtopte(sva) != 0,
		    ("pmap_unmapdev: 0x%x is not mapped", sva));
		*kvtopte(sva) = 0;
		invlpg(sva);
	}
	spin_unlock(&devmap_lock);
}

/* ---- temporary mappings (machine/tmpmap.h) ------------------------- */

/* Physical address pa at a kernel address, through this CPU's slot. */
static inline char *
tmpmap_addr(int slot, vm_paddr_t pa)
{
	vm_offset_t va = tmpmap_base() + (vm_offset_t)slot * PAGE_SIZE;

	return (tmpmap_at(va, kvtopte(va), pa));
}

/*
 * Map physical page pa at this CPU's temporary slot and return its
 * address; direct-mapped pages need no mapping.  The caller stays in a
 * critical section while it uses the address.  Which slot is for what:
 * machine/tmpmap.h.
 */
void *
pmap_tmpmap(int slot, vm_paddr_t pa)
{
	KASSERT(curthread->td_critcount > 0 && slot >= 0 &&
	    slot < PMAP_TMPSLOTS && (pa & PAGE_MASK) == 0,
	    ("pmap_tmpmap: slot %d, pa 0x%x, critcount %d", slot, pa,
	    curthread->td_critcount));
	return (tmpmap_addr(slot, pa));
}

void
pmap_zero_page(vm_paddr_t pa)
{
	crit_enter();
	memset(tmpmap_addr(2, pa), 0, PAGE_SIZE);
	crit_exit();
}

void
pmap_copy_page(vm_paddr_t src, vm_paddr_t dst)
{
	crit_enter();
	memcpy(tmpmap_addr(3, dst), tmpmap_addr(2, src), PAGE_SIZE);
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

/*
 * Map user page va to page m (readable; writable with VM_PROT_WRITE),
 * replacing whatever was mapped there.  m->map_count counts the mapping.
 * ENOMEM if a page table cannot be allocated.  Never blocks.
 */
int
pmap_enter(pmap_t pm, vm_offset_t va, vm_page_t m, int prot)
{
	pt_entry_t *pte, old;

	KASSERT(va < VM_MAX_USER_ADDRESS && (va & PAGE_MASK) == 0,
	    ("pmap_enter: bad user address 0x%x", va));
	pte = pmap_pte(pm, va, true);
	if (pte == NULL)
		return (ENOMEM);
	crit_enter();
	old = *pte;
	*pte = VM_PAGE_TO_PHYS(m) | PG_V | PG_U |
	    ((prot & VM_PROT_WRITE) ? PG_RW : 0);
	if ((old & PG_V) == 0 || (old & PG_FRAME) != VM_PAGE_TO_PHYS(m) ||
	    (old & PG_DEV)) {
		m->map_count++;
		if ((old & (PG_V | PG_DEV)) == (PG_V | PG_DEV)) {
			/* device memory: no page to account */
		} else if (old & PG_V) {
			vm_page_t om = PHYS_TO_VM_PAGE(old & PG_FRAME);

			om->map_count--;
			vm_page_release_check(om);
		} else {
			pm->pm_resident++;
		}
	}
	pmap_invalidate(pm, va);
	crit_exit();
	return (0);
}

/*
 * Map user page va to device memory at physical page pa, uncached (a
 * user driver's BAR: kern_devgrant.c, faulted in by vm_fault for a
 * MAPE_DEVICE entry).  No vm_page is involved (PG_DEV says so to the
 * removal).  ENOMEM if a page table cannot be allocated.  Never blocks.
 */
int
pmap_enter_dev(pmap_t pm, vm_offset_t va, vm_paddr_t pa, int prot)
{
	pt_entry_t *pte, old;

	KASSERT(va < VM_MAX_USER_ADDRESS && (va & PAGE_MASK) == 0 &&
	    (pa & PAGE_MASK) == 0, ("pmap_enter_dev: 0x%x 0x%x", va, pa));
	pte = pmap_pte(pm, va, true);
	if (pte == NULL)
		return (ENOMEM);
	crit_enter();
	old = *pte;
	KASSERT((old & PG_V) == 0 || (old & PG_DEV),
	    ("pmap_enter_dev: 0x%x holds a page", va));
	*pte = pa | PG_V | PG_U | PG_N | PG_PWT | PG_DEV |
	    ((prot & VM_PROT_WRITE) ? PG_RW : 0);
	if ((old & PG_V) == 0)
		pm->pm_resident++;
	pmap_invalidate(pm, va);
	crit_exit();
	return (0);
}

/*
 * Apply fn to every valid PTE in user range [sva, eva) (page aligned),
 * skipping page tables that do not exist.
 */
static void
pmap_range(pmap_t pm, vm_offset_t sva, vm_offset_t eva,
    void (*fn)(pmap_t, vm_offset_t, pt_entry_t *, int), int arg)
{
	vm_offset_t va = sva, next;

	KASSERT(sva <= eva && eva <= VM_MAX_USER_ADDRESS,
	    ("pmap_range: bad range 0x%x-0x%x", sva, eva));
	while (va < eva) {
		pd_entry_t pde = pm->pm_pd[va >> PDRSHIFT];
		pt_entry_t *pt;

		next = (va + NBPDR) & ~(vm_offset_t)(NBPDR - 1);
		if (next == 0 || next > eva)
			next = eva;
		if ((pde & PG_V) == 0) {
			va = next;
			continue;
		}
		pt = (pt_entry_t *)PHYS_TO_DMAP(pde & PG_FRAME);
		for (; va < next; va += PAGE_SIZE) {
			pt_entry_t *pte = &pt[(va >> PAGE_SHIFT) & (NPTEPG - 1)];

			if (*pte & PG_V)
				fn(pm, va, pte, arg);
		}
	}
}

static void
pmap_remove_pte(pmap_t pm, vm_offset_t va, pt_entry_t *pte, int arg)
{
	pt_entry_t old = *pte;
	vm_page_t m;

	*pte = 0;
	pm->pm_resident--;
	pmap_invalidate(pm, va);
	if (old & PG_DEV)
		return;			/* device memory: no page */
	m = PHYS_TO_VM_PAGE(old & PG_FRAME);
	m->map_count--;
	vm_page_release_check(m);
}

/* Unmap user range [sva, eva); pages nothing else keeps are freed. */
void
pmap_remove(pmap_t pm, vm_offset_t sva, vm_offset_t eva)
{
	crit_enter();
	pmap_range(pm, sva, eva, pmap_remove_pte, 0);
	crit_exit();
}

static void
pmap_protect_pte(pmap_t pm, vm_offset_t va, pt_entry_t *pte, int arg)
{
	if (*pte & PG_RW) {
		*pte &= ~PG_RW;
		pmap_invalidate(pm, va);
	}
}

/*
 * Take permissions away in [sva, eva): without VM_PROT_WRITE the pages
 * become read-only; without VM_PROT_READ they are unmapped (i386 has no
 * present-but-inaccessible user page).  Adding permissions is left to
 * the fault handler.
 */
void
pmap_protect(pmap_t pm, vm_offset_t sva, vm_offset_t eva, int prot)
{
	if ((prot & VM_PROT_READ) == 0) {
		pmap_remove(pm, sva, eva);
		return;
	}
	if (prot & VM_PROT_WRITE)
		return;
	crit_enter();
	pmap_range(pm, sva, eva, pmap_protect_pte, 0);
	crit_exit();
}

/*
 * Free the page tables and the directory.  The VM layer has unmapped
 * every user page already.
 */
void
pmap_release(pmap_t pm)
{
	unsigned i;

	KASSERT(pm->pm_resident == 0,
	    ("pmap_release: %u pages still mapped", pm->pm_resident));
	if (rcr3() == pm->pm_pdphys)
		lcr3(kernel_pd_phys);
	for (i = 0; i < (KERNBASE >> PDRSHIFT); i++) {
		if (pm->pm_pd[i] & PG_V)
			vm_page_free(PHYS_TO_VM_PAGE(pm->pm_pd[i] & PG_FRAME));
	}
	vm_page_free(PHYS_TO_VM_PAGE(pm->pm_pdphys));
	pm->pm_pd = NULL;
}

/* Make pm the current address space. */
void
pmap_activate(pmap_t pm)
{
	if (rcr3() != pm->pm_pdphys)
		lcr3(pm->pm_pdphys);
}
