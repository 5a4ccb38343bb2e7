/*
 * mmalloc.c - large blocks from mmap, beneath newlib's malloc.
 *
 * newlib 3.3.0's malloc (dlmalloc, mallocr.c) grows its heap with sbrk
 * only: its INTERNAL_NEWLIB configuration defines HAVE_MMAP to 0
 * unconditionally, after any -D, so the build cannot turn dlmalloc's own
 * mmap support on without editing newlib's source.  Instead the Makefile
 * renames newlib's entry points inside its malloc objects only
 * (_malloc_r -> __nl_malloc_r, and _free_r, _realloc_r, _memalign_r,
 * _malloc_usable_size_r, _calloc_r likewise, with objcopy --redefine-sym
 * on lib_a-mallocr.o, -freer.o, -reallocr.o, -malignr.o, -msizer.o,
 * -callocr.o; newlib's calloc would clear a block by its chunk size,
 * which for ours is the whole mapping, past the block's end): newlib's
 * allocator keeps calling itself directly, and every other caller
 * (malloc(), stdio, calloc, valloc, a port's code) reaches the functions
 * below.
 *
 * A request of MMALLOC_THRESHOLD (128 KiB) or more gets its own private
 * anonymous mapping; free and a realloc below the threshold munmap it, so
 * its pages go back to the system at once instead of staying in the brk
 * heap.  A block's mapping is described by the two words before it, laid
 * out as dlmalloc lays out an mmapped chunk: the size word at p - 4 holds
 * the mapping's length with bit 1 (dlmalloc's IS_MMAPPED) set, the word
 * at p - 8 the offset of p from the mapping's start.  newlib's heap
 * chunks never have that bit (its HAVE_MMAP is 0), so the bit tells the
 * two kinds apart.  Blocks are 16-byte aligned (p is 16 bytes into the
 * mapping).
 *
 * Data limit: anonymous mappings are made lazily by the kernel, so a
 * mapping larger than the memory would succeed and fail only when
 * touched.  The allocator therefore keeps the bytes it has mapped plus
 * the brk heap within RLIMIT_DATA (which the kernel sets to 7/8 of the
 * memory free at boot and enforces for brk); past it, malloc returns NULL
 * with ENOMEM.  Single-threaded, like the rest of newlib's malloc here
 * (its lock hooks are no-ops).
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <errno.h>
#include <malloc.h>
#include <reent.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define MMALLOC_THRESHOLD	(128 * 1024)
#define MMALLOC_HDR		16		/* p's offset in its mapping */
#define MMALLOC_BIT		2		/* dlmalloc's IS_MMAPPED */
#define MMALLOC_PAGE		4096

void *__nl_malloc_r(struct _reent *, size_t);
void __nl_free_r(struct _reent *, void *);
void *__nl_realloc_r(struct _reent *, void *, size_t);
void *__nl_memalign_r(struct _reent *, size_t, size_t);
size_t __nl_malloc_usable_size_r(struct _reent *, void *);
void *__nl_calloc_r(struct _reent *, size_t, size_t);

static size_t mmalloc_mapped;		/* bytes in our mappings */
static uintptr_t mmalloc_brk0;		/* the break before the first call */

static int
is_mapped(void *p)
{
	return ((((size_t *)p)[-1] & MMALLOC_BIT) != 0);
}

/* The usable bytes of our block p. */
static size_t
mapped_usable(void *p)
{
	size_t *w = p;

	return ((w[-1] & ~(size_t)3) - w[-2]);
}

/*
 * A mapping holding size bytes at an align-aligned address (align a
 * power of two, at least 16); NULL with ENOMEM past the data limit or
 * when mmap fails.
 */
static void *
map_block(struct _reent *r, size_t size, size_t align)
{
	struct rlimit rl;
	uintptr_t brk_now, base, p;
	size_t len, heap;

	if (mmalloc_brk0 == 0)
		mmalloc_brk0 = (uintptr_t)sbrk(0);
	if (size > SIZE_MAX - align - MMALLOC_HDR - MMALLOC_PAGE)
		goto nomem;
	len = (size + align + MMALLOC_HDR - 16 + MMALLOC_PAGE - 1) &
	    ~(size_t)(MMALLOC_PAGE - 1);
	brk_now = (uintptr_t)sbrk(0);
	heap = brk_now > mmalloc_brk0 ? brk_now - mmalloc_brk0 : 0;
	if (getrlimit(RLIMIT_DATA, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (unsigned long long)mmalloc_mapped + heap + len > rl.rlim_cur)
		goto nomem;
	base = (uintptr_t)mmap(NULL, len, PROT_READ | PROT_WRITE,
	    MAP_ANON | MAP_PRIVATE, -1, 0);
	if (base == (uintptr_t)MAP_FAILED)
		goto nomem;
	p = (base + MMALLOC_HDR + align - 1) & ~(uintptr_t)(align - 1);
	((size_t *)p)[-2] = p - base;
	((size_t *)p)[-1] = len | MMALLOC_BIT;
	mmalloc_mapped += len;
	return ((void *)p);
nomem:
	r->_errno = ENOMEM;
	return (NULL);
}

static void
unmap_block(void *p)
{
	size_t *w = p;
	size_t len = w[-1] & ~(size_t)3;

	mmalloc_mapped -= len;
	munmap((char *)p - w[-2], len);
}

void *
_malloc_r(struct _reent *r, size_t size)
{
	if (size >= MMALLOC_THRESHOLD)
		return (map_block(r, size, 16));
	return (__nl_malloc_r(r, size));
}

/* Our mappings are anonymous, so already zero-filled. */
void *
_calloc_r(struct _reent *r, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size) {
		r->_errno = ENOMEM;
		return (NULL);
	}
	if (n * size >= MMALLOC_THRESHOLD)
		return (map_block(r, n * size, 16));
	return (__nl_calloc_r(r, n, size));
}

void
_free_r(struct _reent *r, void *p)
{
	if (p != NULL && is_mapped(p))
		unmap_block(p);
	else
		__nl_free_r(r, p);
}

void *
_memalign_r(struct _reent *r, size_t align, size_t size)
{
	if (size >= MMALLOC_THRESHOLD && align <= MMALLOC_PAGE &&
	    (align & (align - 1)) == 0)
		return (map_block(r, size, align < 16 ? 16 : align));
	return (__nl_memalign_r(r, align, size));
}

size_t
_malloc_usable_size_r(struct _reent *r, void *p)
{
	if (p != NULL && is_mapped(p))
		return (mapped_usable(p));
	return (__nl_malloc_usable_size_r(r, p));
}

/*
 * realloc: a block stays where it is while it fits its kind (newlib's
 * realloc for a heap block below the threshold, our mapping while it
 * is large enough); across the threshold the contents are copied to a
 * block of the other kind and the old one is freed.
 */
void *
_realloc_r(struct _reent *r, void *p, size_t size)
{
	void *n;
	size_t old;

	if (p == NULL)
		return (_malloc_r(r, size));
	if (!is_mapped(p)) {
		if (size < MMALLOC_THRESHOLD)
			return (__nl_realloc_r(r, p, size));
		old = __nl_malloc_usable_size_r(r, p);
	} else {
		old = mapped_usable(p);
		if (size >= MMALLOC_THRESHOLD && size <= old)
			return (p);
	}
	n = _malloc_r(r, size);
	if (n == NULL)
		return (NULL);
	memcpy(n, p, old < size ? old : size);
	_free_r(r, p);
	return (n);
}
