/*
 * sys/param.h - kernel tunables, all in one place.
 *
 * Each can be changed at build time with -DNAME=value (see the Makefile's
 * KERNEL_DEFS); none needs changes anywhere else.
 */
#ifndef _SYS_PARAM_H_
#define _SYS_PARAM_H_

#include <sys/types.h>
#include <machine/param.h>

#ifndef HZ
#define HZ		100		/* clock ticks per second (>= 100) */
#endif
#ifndef KSTACK_PAGES
#define KSTACK_PAGES	4		/* pages of kernel stack per thread */
#endif
#ifndef DMAP_SIZE_DEFAULT
#define DMAP_SIZE_DEFAULT (128u << 20)	/* physical memory direct-mapped */
#endif
#ifndef LWKT_MAXTOKENS
#define LWKT_MAXTOKENS	16		/* tokens one thread may hold */
#endif
/*
 * What a process minimally costs, for kern.maxproc (kern_proc.c): its
 * kernel stack, a page directory, two page tables (program and stack),
 * its structures (proc, thread, LWP, descriptor table, address space,
 * map entries and VM objects: about two pages) and the few pages a
 * forked child writes before it blocks (its stack, its data).  Of these,
 * the page directory, page tables and structures are direct-mapped.
 */
#ifndef PROC_MIN_PAGES
#define PROC_MIN_PAGES	(KSTACK_PAGES + 8)
#endif
#ifndef PROC_MIN_DMAP_PAGES
#define PROC_MIN_DMAP_PAGES 5
#endif
#ifndef KSTACK_KERNEL_RESERVE
#define KSTACK_KERNEL_RESERVE 512	/* stack slots kept for kernel threads */
#endif
#define MAXPROC_MIN	16		/* kern.maxproc never goes below */
#define MAXCOMLEN	15		/* thread/process name length */
#define UMASK_DEFAULT	022		/* init's umask (group, others: no write) */
#define KMEM_MAXTYPES	64		/* malloc types the kernel may define */

#endif /* !_SYS_PARAM_H_ */
