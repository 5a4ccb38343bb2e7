/*
 * sys/malloc.h - the kernel memory allocator and its accounting types.
 *
 * Every allocation names a malloc type; each type counts the bytes and
 * blocks it has in use, so a leak shows up as a type whose counters do not
 * return to where they were (the test runner checks the total between
 * tests; `kmalloc_dump()` prints each type).
 *
 *   MALLOC_DEFINE(M_FOO, "foo", "what foo memory is for");
 *   p = kmalloc(size, M_FOO, M_WAITOK | M_ZERO);
 *   kfree(p, M_FOO);
 *
 * Small requests (up to half a page) come from power-of-two buckets carved
 * out of direct-mapped pages; larger ones get whole contiguous pages.
 */
#ifndef _SYS_MALLOC_H_
#define _SYS_MALLOC_H_

#include <sys/types.h>

struct malloc_type {
	const char	*ks_shortdesc;	/* [I] name */
	const char	*ks_longdesc;	/* [I] purpose */
	size_t		ks_memuse;	/* [c] bytes in use */
	size_t		ks_inuse;	/* [c] blocks in use */
	size_t		ks_maxused;	/* [c] high-water mark of ks_memuse */
	uint64_t	ks_calls;	/* [c] allocations ever made */
};

#define MALLOC_DEFINE(type, shortdesc, longdesc)			\
	struct malloc_type type[1] = { { shortdesc, longdesc, 0, 0, 0, 0 } }; \
	static struct malloc_type *__malloc_set_##type			\
	    __attribute__((__section__("set_malloc"), __used__)) = type

#define MALLOC_DECLARE(type)	extern struct malloc_type type[1]

/* flags */
#define M_WAITOK	0x0000	/* may block; never returns NULL (kernel-internal) */
#define M_NOWAIT	0x0001	/* never block; may return NULL (user requests) */
#define M_ZERO		0x0002	/* zero the memory */

MALLOC_DECLARE(M_TEMP);

void	*kmalloc(size_t size, struct malloc_type *type, int flags);
void	kfree(void *p, struct malloc_type *type);
size_t	kmalloc_usable_size(const void *p);
size_t	kmalloc_total_inuse(void);
size_t	kmalloc_slab_pages(void);
size_t	kmalloc_capacity(void);
void	kmalloc_dump(void);
void	kmalloc_init(void);
struct malloc_type *kmalloc_type_lookup(const char *name);

#endif
