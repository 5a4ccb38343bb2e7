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
#define MAXCOMLEN	15		/* thread/process name length */
#define KMEM_MAXTYPES	64		/* malloc types the kernel may define */

#endif /* !_SYS_PARAM_H_ */
