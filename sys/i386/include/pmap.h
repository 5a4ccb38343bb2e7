/*
 * machine/pmap.h - i386 two-level paging and the kernel's address space.
 *
 * Kernel virtual layout (the top gigabyte, shared by every address space):
 *
 *   0xC0000000  DMAP: physical [0, dmap_limit) mapped at KERNBASE + pa.
 *               The kernel image, page tables, kmalloc memory and anything
 *               else the kernel touches often come from here.  Memory
 *               above dmap_limit ("high" pages, for user and file data)
 *               has no permanent mapping: code that must touch it maps one
 *               page at a time.
 *   0xE0000000  KSTACK: kernel thread stacks, one KSTACK_SLOT each, the
 *               page below every stack left unmapped as a guard.
 *   0xF0000000  KVA: an arena for temporary kernel mappings.
 *   0xF8000000  DEVMAP: device memory (PCI memory BARs), mapped uncached
 *               by pmap_mapdev() for as long as a driver needs it.
 *
 * All 256 kernel page tables are allocated at boot and never freed, so the
 * kernel half of every page directory is the same 256 entries, copied once
 * when an address space is created.  Kernel mappings made later (stacks,
 * temporary pages) are therefore visible in every address space at once.
 */
#ifndef _MACHINE_PMAP_H_
#define _MACHINE_PMAP_H_

#include <machine/param.h>

#define PG_V		0x001	/* present */
#define PG_RW		0x002	/* writable */
#define PG_U		0x004	/* user accessible */
#define PG_PWT		0x008
#define PG_N		0x010	/* cache disable */
#define PG_A		0x020	/* accessed */
#define PG_M		0x040	/* dirty */
#define PG_PS		0x080	/* 4MB page (PDE) */
#define PG_G		0x100	/* global */
#define PG_DEV		0x200	/* (available bit) device memory, no vm_page:
				 * pmap_enter_dev */
#define PG_FRAME	0xfffff000

/* Page fault error code bits (tf_err). */
#define PGEX_P		0x01	/* protection violation (page present) */
#define PGEX_W		0x02	/* the access was a write */
#define PGEX_U		0x04	/* from user mode */

#define CR0_PE		0x00000001
#define CR0_WP		0x00010000	/* honour PG_RW in ring 0 too */
#define CR0_PG		0x80000000
#define CR4_PSE		0x00000010
#define CR4_PGE		0x00000080

#define KSTACK_BASE	0xE0000000
#define KSTACK_END	0xF0000000
#define KSTACK_SLOT	(8 * PAGE_SIZE)	/* one guard page + the stack + gap */
#define KVA_BASE	0xF0000000
#define KVA_END		0xFFC00000
#define PMAP_TMPSLOTS	4		/* temporary mappings per CPU */
#define KVA_TMPMAP	KVA_BASE	/* MAXCPU * PMAP_TMPSLOTS pages */
#define KVA_MAPIN	(KVA_BASE + 0x00100000)	/* vm_mapin() windows */
#define KVA_MAPIN_PAGES	64		/* pages per window */
#define KVA_DEVMAP	0xF8000000	/* pmap_mapdev(): device memory */
#define KVA_DEVMAP_END	KVA_END
#define DMAP_MAX	(KSTACK_BASE - KERNBASE)

#define VM_MAX_USER_ADDRESS	KERNBASE	/* user space ends here */

#define PHYS_TO_DMAP(pa)	((vm_offset_t)(pa) + KERNBASE)
#define DMAP_TO_PHYS(va)	((vm_paddr_t)(va) - KERNBASE)

#ifndef __ASSEMBLER__
#include <sys/types.h>

typedef uint32_t pt_entry_t;
typedef uint32_t pd_entry_t;

#define NKPT	((0x100000000ULL - KERNBASE) >> PDRSHIFT) /* 256 */

extern vm_paddr_t dmap_limit;		/* [I] end of the direct map */
extern pd_entry_t *kernel_pd;		/* [I] the kernel page directory */
extern pt_entry_t kernel_pt[NKPT][NPTEPG]; /* its page tables, in a row */
extern vm_paddr_t kernel_pd_phys;	/* [I] its physical address */

vm_paddr_t pmap_bootstrap(vm_paddr_t first_free, vm_paddr_t ram_top);
void	pmap_kenter(vm_offset_t va, vm_paddr_t pa);
void	pmap_kremove(vm_offset_t va);
vm_paddr_t pmap_kextract(vm_offset_t va);
bool	pmap_kmapped(vm_offset_t va);
int	pmap_mapdev(vm_paddr_t pa, size_t size, void **vap);
void	pmap_unmapdev(void *va, size_t size);

/* The PTE that maps kernel address va (va >= KERNBASE). */
static inline pt_entry_t *
kvtopte(vm_offset_t va)
{
	return (&kernel_pt[0][0] + ((va - KERNBASE) >> PAGE_SHIFT));
}
#endif


#ifndef __ASSEMBLER__
/*
 * A user address space's page tables.  The page directory's top 256
 * entries are the kernel's; the rest map user pages, which belong to VM
 * objects (vm/vm_object.h): a PTE only counts as one mapping of its page
 * (vm_page.map_count).
 */
struct pmap {
	pd_entry_t	*pm_pd;		/* [p] page directory (DMAP address) */
	vm_paddr_t	pm_pdphys;	/* [I] its physical address */
	uint32_t	pm_resident;	/* [p] user pages mapped */
};
typedef struct pmap *pmap_t;

#define VM_PROT_READ	0x1
#define VM_PROT_WRITE	0x2
#define VM_PROT_EXEC	0x4	/* accepted, not enforced (i386) */
#define VM_PROT_NONE	0x0
#define VM_PROT_ALL	0x7

int	pmap_pinit(pmap_t pm);
void	pmap_release(pmap_t pm);
struct vm_page;
int	pmap_enter(pmap_t pm, vm_offset_t va, struct vm_page *m, int prot);
int	pmap_enter_dev(pmap_t pm, vm_offset_t va, vm_paddr_t pa, int prot);
void	pmap_remove(pmap_t pm, vm_offset_t sva, vm_offset_t eva);
void	pmap_protect(pmap_t pm, vm_offset_t sva, vm_offset_t eva, int prot);
void	pmap_activate(pmap_t pm);
void	pmap_zero_page(vm_paddr_t pa);
void	pmap_copy_page(vm_paddr_t src, vm_paddr_t dst);
void	*pmap_tmpmap(int slot, vm_paddr_t pa);

/* User pages mapped in pm: how big a process is, for vm_oom.c. */
static inline uint32_t
pmap_resident_count(pmap_t pm)
{
	return (pm->pm_resident);
}

/* The PTE mapping user address va (below VM_MAX_USER_ADDRESS), or 0. */
static inline pt_entry_t
pmap_pte_value(pmap_t pm, vm_offset_t va)
{
	pd_entry_t pde = pm->pm_pd[va >> PDRSHIFT];

	if ((pde & PG_V) == 0)
		return (0);
	return (((pt_entry_t *)PHYS_TO_DMAP(pde & PG_FRAME))
	    [(va >> PAGE_SHIFT) & (NPTEPG - 1)]);
}
#endif

#endif /* !_MACHINE_PMAP_H_ */
