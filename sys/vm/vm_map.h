/*
 * vm/vm_map.h - a process's address space.
 *
 * A vmspace is its page tables plus a sorted list of map entries, each a
 * page-aligned range [start, end) backed by VM objects (vm_object.h):
 *
 *   object, offset   what the range shows, from page `offset` of the
 *                    object on: a file (OBJT_VNODE) or a MAP_SHARED
 *                    anonymous region (OBJT_ANON); NULL for plain
 *                    anonymous memory.
 *   amap, amap_offset  a private entry's own pages (OBJT_ANON), which
 *                    cover the object: heap, stack, MAP_PRIVATE data and
 *                    the copies it has written.  A shared entry has none:
 *                    its stores go to the object itself.
 *
 * Nothing is mapped until touched: vm_fault() finds the page (allocating
 * a zeroed one, or copying a shared one on a write) and enters it in the
 * page tables.  fork gives the child new amaps that share the parent's
 * pages copy-on-write, and the same objects for shared entries.
 *
 * Layout of a program:
 *   0x08048000  program text and data: MAP_PRIVATE mappings of the ELF
 *               file's own pages (PT_LOAD segments), then its bss
 *   vm_daddr    heap, grown by brk() up to vm_maxbrk (MMAP_BASE at most)
 *               and the process's RLIMIT_DATA
 *   0x40000000  mmap() regions, first fit upwards, below the stack zone
 *   USRSTACK - USTACK_MAX - STACK_GUARD
 *               the stack zone: nothing but the stack is put there
 *               unless asked for at a fixed address (MAP_FIXED)
 *   vm_stack    the user stack: USRSTACK_SIZE below USRSTACK at exec,
 *               grown down on demand (vm_map_growstack)
 *
 * THE STACK GROWS.  A fault at an address below the stack, above
 * USRSTACK - vm_stacklim (RLIMIT_STACK, bounded by USTACK_MAX), and
 * with STACK_GUARD bytes free of other mappings below the new bottom,
 * maps more stack: down to the address rounded down to STACK_GROW
 * bytes (not past the limit), as a new zero-fill entry (MAPE_STACK).
 * Pages still come as they are touched.  A fault anywhere else in the
 * zone is a stack overflow (vm_map_stack_overflow, for the message).
 *
 * Protection: [p] the process's own threads (one LWP per process today,
 * and map changes never block between a check and the change).
 */
#ifndef _VM_VM_MAP_H_
#define _VM_VM_MAP_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <machine/pmap.h>

#define USRSTACK	0xBFFF0000	/* top of the user stack */
#define USRSTACK_SIZE	(128 * 1024)	/* the stack mapped at exec */
#define USTACK_MAX	(256u << 20)	/* the stack zone: RLIMIT_STACK's bound */
#define STACK_GUARD	(64 * 1024)	/* kept free below the stack */
#define STACK_GROW	(1u << 20)	/* the stack grows in these steps */
#define USER_MIN	0x00400000	/* nothing is mapped below */
#define MMAP_BASE	0x40000000	/* where mmap() looks first */
#define MAXDSIZ		(MMAP_BASE - 0x08048000u) /* room for the heap:
					 * RLIMIT_DATA's bound */

struct vm_object;

struct vm_map_entry {
	TAILQ_ENTRY(vm_map_entry) e_link; /* [p] vm_entries, by address */
	vm_offset_t	e_start;	/* [p] page aligned */
	vm_offset_t	e_end;		/* [p] page aligned, > e_start */
	struct vm_object *e_object;	/* [p] backing object or NULL */
	vm_pindex_t	e_offset;	/* [p] e_start's page in e_object */
	struct vm_object *e_amap;	/* [p] private pages, or NULL (shared) */
	vm_pindex_t	e_amap_offset;	/* [p] e_start's slot in e_amap */
	uint8_t		e_prot;		/* [p] VM_PROT_* now */
	uint8_t		e_maxprot;	/* [p] what mprotect may grant */
	uint16_t	e_flags;	/* [p] MAPE_* */
};

#define MAPE_HEAP	0x0001		/* brk()'s region */
#define MAPE_STACK	0x0002		/* the stack (grows down) */
#define MAPE_DEVICE	0x0004		/* device memory from physical page
					 * e_offset on (barmap: no object, no
					 * amap, uncached; not inherited by
					 * fork, never held for I/O) */

TAILQ_HEAD(vm_entry_list, vm_map_entry);

struct vmspace {
	struct pmap	vm_pmap;	/* page tables */
	struct vm_entry_list vm_entries; /* [p] sorted, disjoint */
	int		vm_nentries;	/* [p] */
	vm_offset_t	vm_daddr;	/* [p] start of the heap */
	vm_offset_t	vm_brk;		/* [p] current break */
	vm_offset_t	vm_maxbrk;	/* [p] break limit */
	vm_offset_t	vm_stack;	/* [p] lowest stack address */
	vm_size_t	vm_stacklim;	/* [p] RLIMIT_STACK: the stack may grow
					 * to USRSTACK - vm_stacklim */
	struct vm_map_entry *vm_hint;	/* [p] the entry last looked up */
};

#ifdef _KERNEL
struct vm_page;

extern int vm_map_entry_count;		/* entries in all maps */
extern int vm_map_max_entries;		/* vm.max_map_entries, per map */

struct vmspace *vmspace_alloc(void);
void	vmspace_free(struct vmspace *vm);
struct vmspace *vmspace_fork(struct vmspace *vm);

struct vm_map_entry *vm_map_lookup_list(struct vmspace *vm, vm_offset_t va);

/* The entry containing va, or NULL: the entry found last (vm_hint) if it
 * does, else a walk of the list (vm_map.c). */
static inline struct vm_map_entry *
vm_map_lookup(struct vmspace *vm, vm_offset_t va)
{
	struct vm_map_entry *e = vm->vm_hint;

	if (e != NULL && va >= e->e_start && va < e->e_end)
		return (e);
	return (vm_map_lookup_list(vm, va));
}
int	vm_map_insert(struct vmspace *vm, vm_offset_t start, vm_offset_t end,
	    struct vm_object *obj, vm_pindex_t offset, int prot, int maxprot,
	    int shared, int flags);
int	vm_map_remove(struct vmspace *vm, vm_offset_t start, vm_offset_t end);
void	vm_map_limits_init(void);
int	vm_map_protect(struct vmspace *vm, vm_offset_t start, vm_offset_t end,
	    int prot);
int	vm_map_findspace(struct vmspace *vm, vm_size_t len, vm_offset_t *addrp);
int	vm_map_write(struct vmspace *vm, vm_offset_t uva, const void *src,
	    size_t len);
struct vm_map_entry *vm_map_growstack(struct vmspace *vm, vm_offset_t va);
bool	vm_map_stack_overflow(struct vmspace *vm, vm_offset_t va);

/* vm_fault.c */
int	vm_fault(struct vmspace *vm, vm_offset_t va, int ftype);
int	vm_fault_hold(struct vmspace *vm, vm_offset_t va, int ftype,
	    struct vm_page **mp, struct vm_object **objp, vm_pindex_t *idxp);
struct vm_iovec;
int	vm_hold_range(struct vmspace *vm, vm_offset_t va, vm_offset_t end,
	    int ftype, struct vm_iovec *vi, vm_offset_t *reachedp);

int	copyin(const void *uaddr, void *kaddr, size_t len);
int	copyout(const void *kaddr, void *uaddr, size_t len);
int	copyinstr(const void *uaddr, char *kaddr, size_t max, size_t *done);
#endif

#endif
