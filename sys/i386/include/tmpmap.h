/*
 * machine/tmpmap.h - the per-CPU temporary mapping slots (pmap.c), and
 * pmap_copy_frag(), the page-to-page copy of VM-object I/O built on them.
 *
 * Each CPU has PMAP_TMPSLOTS pages of KVA for temporary mappings of high
 * pages.  A slot keeps its mapping after use: mapping the page it already
 * maps again (the same buffer page read into over and over, both halves
 * of a page copied in two pieces) writes nothing and invalidates nothing.
 * That is safe because a slot maps a physical address, not a page's
 * identity: the slot's address is only ever used by code that has just
 * asked for that physical page, and a freed page that comes back in
 * another role is still the same memory at the same address.  The PTE
 * is written with PG_A and PG_M already set, so the CPU never updates it
 * and comparing it with what is wanted tells whether it is current.
 *
 * Slots 0 and 1 are for code that may take a user page fault while it
 * holds them (a copyout from a file page); slots 2 and 3 belong to
 * pmap_zero_page() and pmap_copy_page(), which the page fault handler
 * uses, so a fault never clobbers a mapping its interrupted code still
 * uses.
 *
 * These are inline because pmap_copy_frag() runs once per page of every
 * VM-object read or write: out of line, with the slot arithmetic redone
 * and memcpy called each time, it cost about 75 instructions a page
 * beside the copy itself; inline, with the slots looked up once per loop,
 * about 35 (most of it the two PTE checks).
 */
#ifndef _MACHINE_TMPMAP_H_
#define _MACHINE_TMPMAP_H_

#include <sys/types.h>
#include <sys/globaldata.h>
#include <machine/cpufunc.h>
#include <machine/pmap.h>

#define TMPMAP_PTE(pa)	(((pa) & PG_FRAME) | PG_V | PG_RW | PG_A | PG_M)

/* This CPU's first temporary slot. */
static inline vm_offset_t
tmpmap_base(void)
{
	int cpuid = (int)_get_gdword(offsetof(struct globaldata, gd_cpuid));

	return (KVA_TMPMAP +
	    (vm_offset_t)cpuid * (PMAP_TMPSLOTS * PAGE_SIZE));
}

/* Physical address pa (any page offset) at a kernel address: the direct
 * map, or the slot at va (whose PTE is pte). */
static inline char *
tmpmap_at(vm_offset_t va, pt_entry_t *pte, vm_paddr_t pa)
{
	pt_entry_t npte = TMPMAP_PTE(pa);

	if (pa < dmap_limit)
		return ((char *)PHYS_TO_DMAP(pa));
	if (*pte != npte) {
		*pte = npte;
		invlpg(va);
	}
	return ((char *)va + (pa & PAGE_MASK));
}

/*
 * This CPU's slots 0 and 1, through which pmap_copy_frag() copies: a loop
 * copying page after page looks them up once, in the critical section
 * that keeps it on this CPU while it uses them.
 */
static inline vm_offset_t
pmap_copy_slots(void)
{
	return (tmpmap_base());
}

/*
 * Copy n bytes from physical address src to physical address dst, neither
 * range crossing a page boundary, through slots (pmap_copy_slots()): a
 * piece of a page-to-page I/O copy (kern_uio.c).  The caller is in a
 * critical section and is not using slots 0 and 1.  Never blocks or
 * faults.
 */
static inline void
pmap_copy_frag(vm_offset_t slots, vm_paddr_t src, vm_paddr_t dst, size_t n)
{
	pt_entry_t *pte = kvtopte(slots);
	char *s = tmpmap_at(slots, pte, src);

	cpu_memcpy(tmpmap_at(slots + PAGE_SIZE, pte + 1, dst), s, n);
}

#endif /* !_MACHINE_TMPMAP_H_ */
