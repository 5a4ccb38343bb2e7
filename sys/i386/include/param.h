/*
 * machine/param.h - i386 constants: page size and the kernel's place in the
 * address space.
 */
#ifndef _MACHINE_PARAM_H_
#define _MACHINE_PARAM_H_

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1 << PAGE_SHIFT)
#define PAGE_MASK	(PAGE_SIZE - 1)
#define PDRSHIFT	22			/* one page directory entry maps 4MB */
#define NBPDR		(1 << PDRSHIFT)
#define NPTEPG		1024
#define NPDEPG		1024

#define KERNBASE	0xC0000000		/* kernel virtual base (BSD) */
#define KERNLOAD	0x00100000		/* physical load address */

#define trunc_page(x)	((x) & ~PAGE_MASK)
#define round_page(x)	(((x) + PAGE_MASK) & ~PAGE_MASK)
#define atop(x)		((x) >> PAGE_SHIFT)
#define ptoa(x)		((x) << PAGE_SHIFT)

#define MAXCPU		1			/* CPUs the structures are sized for */
#define MACHINE		"i386"

#endif
