/*
 * vm_map.c - address spaces (see vm/vm_map.h): map entries, fork, brk.
 *
 * Entries are kept on a list sorted by address; programs have a handful
 * (text, data, bss, heap, stack and their mmap regions), so lookups walk
 * it, after trying the entry found last (vm_hint, forgotten when that
 * entry is freed).  Changing a range first clips the entries that straddle its ends
 * (vm_map_clip), so that every entry is either wholly inside the range
 * or wholly outside.  Clipped halves share their objects, each with its
 * own reference and offsets.
 *
 * Limit.  A map holds at most vm.max_map_entries entries (default: one
 * per page of kernel-reachable memory, at most 65536; an entry and its
 * amap cost about 1/32 of a page), so one process cannot fill the
 * kernel's memory with mappings: mmap, and munmap or mprotect that would
 * split an entry, fail with ENOMEM at the limit (as Linux's
 * max_map_count).  Entries are allocated without waiting: ENOMEM when
 * kernel memory is out.  Only init or the boot command line may change
 * the limit (sys/sysctl.h).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/vnode.h>
#include <vm/vm_page.h>
#include <vm/vm_object.h>
#include <vm/vm_map.h>
#include <sys/proc.h>
#include <sys/sysmsg.h>
#include <sys/globaldata.h>
#include <sys/sysctl.h>

MALLOC_DEFINE(M_VMSPACE, "vmspace", "process address spaces");
MALLOC_DEFINE(M_VMMAPENT, "vm_map_entry", "address space map entries");

int vm_map_entry_count;
int vm_map_max_entries;			/* vm.max_map_entries */

static int
sysctl_max_map_entries(int *val, bool write)
{
	if (!write) {
		*val = vm_map_max_entries;
		return (0);
	}
	if (*val < 16 || *val > 1000000)
		return (EINVAL);
	vm_map_max_entries = *val;
	return (0);
}
SYSCTL_PROC(vm_max_map_entries, "vm.max_map_entries", sysctl_max_map_entries,
    CTLFLAG_RW | CTLFLAG_LIMIT,
    "map entries per process (set by init or at boot)");

/* vm.max_map_entries from the size of memory (see above).  At boot. */
void
vm_map_limits_init(void)
{
	vm_map_max_entries = (int)MIN(atop(kmalloc_capacity()), 65536);
}

/* ---- entries ------------------------------------------------------------ */

/* An entry's references: its objects, and the file behind a vnode object
 * (a mapped file stays alive after close and unlink). */
static void
entry_ref(struct vm_map_entry *e)
{
	if (e->e_object != NULL) {
		vm_object_reference(e->e_object);
		if (e->e_object->ob_type == OBJT_VNODE)
			vref(e->e_object->ob_handle);
	}
	if (e->e_amap != NULL)
		vm_object_reference(e->e_amap);
}

static void
entry_unref(struct vm_map_entry *e)
{
	if (e->e_object != NULL) {
		if (e->e_object->ob_type == OBJT_VNODE)
			vrele(e->e_object->ob_handle);
		vm_object_deallocate(e->e_object);
	}
	if (e->e_amap != NULL)
		vm_object_deallocate(e->e_amap);
}

/* A new zeroed entry, or NULL when kernel memory is out.  Never blocks. */
static struct vm_map_entry *
entry_alloc(void)
{
	struct vm_map_entry *e = kmalloc(sizeof(struct vm_map_entry),
	    M_VMMAPENT, M_NOWAIT | M_ZERO);

	if (e != NULL)
		vm_map_entry_count++;
	return (e);
}

static void
entry_free(struct vmspace *vm, struct vm_map_entry *e)
{
	TAILQ_REMOVE(&vm->vm_entries, e, e_link);
	vm->vm_nentries--;
	if (vm->vm_hint == e)
		vm->vm_hint = NULL;
	vm_map_entry_count--;
	kfree(e, M_VMMAPENT);
}

/*
 * vm_map_lookup() when the entry found last (vm_hint) does not contain va:
 * walk the list, and remember what is found.  I/O into one buffer and
 * faults in one region look up the same entry over and over.
 */
struct vm_map_entry *
vm_map_lookup_list(struct vmspace *vm, vm_offset_t va)
{
	struct vm_map_entry *e;

	TAILQ_FOREACH(e, &vm->vm_entries, e_link) {
		if (va < e->e_start)
			return (NULL);
		if (va < e->e_end) {
			vm->vm_hint = e;
			return (e);
		}
	}
	return (NULL);
}

/* Split e at va (strictly inside it) with the new entry ne: e keeps the
 * lower part. */
static void
vm_map_clip(struct vmspace *vm, struct vm_map_entry *e, vm_offset_t va,
    struct vm_map_entry *ne)
{
	vm_pindex_t skip = atop(va - e->e_start);

	*ne = *e;
	ne->e_start = va;
	ne->e_offset += skip;
	ne->e_amap_offset += skip;
	entry_ref(ne);
	e->e_end = va;
	TAILQ_INSERT_AFTER(&vm->vm_entries, e, ne, e_link);
	vm->vm_nentries++;
}

/*
 * Clip the entries straddling start and end.  ENOMEM, changing nothing,
 * if that takes the map past vm.max_map_entries or kernel memory is out.
 */
static int
vm_map_clip_range(struct vmspace *vm, vm_offset_t start, vm_offset_t end)
{
	struct vm_map_entry *es, *ee, *ne[2] = { NULL, NULL };
	int n = 0, i;

	es = vm_map_lookup(vm, start);
	if (es != NULL && es->e_start >= start)
		es = NULL;
	ee = vm_map_lookup(vm, end);
	if (ee != NULL && ee->e_start >= end)
		ee = NULL;
	n = (es != NULL) + (ee != NULL);
	if (n == 0)
		return (0);
	if (vm->vm_nentries + n > vm_map_max_entries)
		return (ENOMEM);
	for (i = 0; i < n; i++) {
		if ((ne[i] = entry_alloc()) == NULL) {
			if (i > 0) {
				vm_map_entry_count--;
				kfree(ne[0], M_VMMAPENT);
			}
			return (ENOMEM);
		}
	}
	i = 0;
	if (es != NULL)
		vm_map_clip(vm, es, start, ne[i++]);
	/* The entry at end again: clipping at start may have split it. */
	if (ee != NULL && (ee = vm_map_lookup(vm, end)) != NULL &&
	    ee->e_start < end)
		vm_map_clip(vm, ee, end, ne[i++]);
	if (i < n) {
		vm_map_entry_count--;
		kfree(ne[i], M_VMMAPENT);
	}
	return (0);
}

/* Whether [start, end) is free. */
static bool
vm_map_range_free(struct vmspace *vm, vm_offset_t start, vm_offset_t end)
{
	struct vm_map_entry *e;

	TAILQ_FOREACH(e, &vm->vm_entries, e_link) {
		if (e->e_start >= end)
			break;
		if (e->e_end > start)
			return (false);
	}
	return (true);
}

/*
 * Map [start, end) (page aligned, free) to obj from page offset on (obj
 * NULL: zero-fill memory).  A private mapping (shared == 0) gets an amap
 * for the pages it writes; a shared one writes to obj, which must then
 * not be NULL.  Plain anonymous memory that continues an anonymous entry
 * with the same protection just extends it (brk grows this way).
 * ENOMEM if the range is not free or the page slots for it cannot be
 * had.  May block.
 */
int
vm_map_insert(struct vmspace *vm, vm_offset_t start, vm_offset_t end,
    vm_object_t obj, vm_pindex_t offset, int prot, int maxprot, int shared,
    int flags)
{
	struct vm_map_entry *e, *prev = NULL;
	vm_object_t amap = NULL;

	KASSERT((start & PAGE_MASK) == 0 && (end & PAGE_MASK) == 0 &&
	    start < end && end <= VM_MAX_USER_ADDRESS,
	    ("vm_map_insert: bad range 0x%x-0x%x", start, end));
	KASSERT(!shared || obj != NULL || (flags & MAPE_DEVICE),
	    ("vm_map_insert: shared, no object"));
	if (!vm_map_range_free(vm, start, end))
		return (ENOMEM);
	TAILQ_FOREACH(e, &vm->vm_entries, e_link) {
		if (e->e_start >= end)
			break;
		prev = e;
	}
	if (prev != NULL && prev->e_end == start && obj == NULL && !shared &&
	    prev->e_object == NULL && prev->e_amap != NULL &&
	    prev->e_amap->ob_ref_count == 1 && prev->e_prot == prot &&
	    prev->e_maxprot == maxprot && prev->e_flags == flags) {
		prev->e_end = end;	/* slots are made as pages arrive */
		return (0);
	}
	if (vm->vm_nentries >= vm_map_max_entries)
		return (ENOMEM);
	if (!shared && !(flags & MAPE_DEVICE)) {
		amap = vm_object_allocate(OBJT_ANON, 0, M_NOWAIT);
		if (amap == NULL)
			return (ENOMEM);
	}
	e = entry_alloc();
	if (e == NULL) {
		if (amap != NULL)
			vm_object_deallocate(amap);
		return (ENOMEM);
	}
	e->e_start = start;
	e->e_end = end;
	e->e_object = obj;
	e->e_offset = offset;
	e->e_prot = prot;
	e->e_maxprot = maxprot;
	e->e_flags = flags;
	entry_ref(e);			/* the object; the amap is new */
	e->e_amap = amap;
	if (prev != NULL)
		TAILQ_INSERT_AFTER(&vm->vm_entries, prev, e, e_link);
	else
		TAILQ_INSERT_HEAD(&vm->vm_entries, e, e_link);
	vm->vm_nentries++;
	return (0);
}

/*
 * Remove every mapping in [start, end) (page aligned); holes are fine.
 * ENOMEM, changing nothing, if an entry straddling an end cannot be
 * split (vm_map_clip_range); never for a range no entry straddles (all
 * of the user space, at exit and exec).
 */
int
vm_map_remove(struct vmspace *vm, vm_offset_t start, vm_offset_t end)
{
	struct vm_map_entry *e, *next;
	int error;

	if (start >= end)
		return (0);
	error = vm_map_clip_range(vm, start, end);
	if (error)
		return (error);
	for (e = TAILQ_FIRST(&vm->vm_entries); e != NULL; e = next) {
		next = TAILQ_NEXT(e, e_link);
		if (e->e_end <= start)
			continue;
		if (e->e_start >= end)
			break;
		pmap_remove(&vm->vm_pmap, e->e_start, e->e_end);
		if (e->e_amap != NULL) {
			/* Clipped siblings share the amap, not these slots. */
			crit_enter();
			vm_object_page_remove_range(e->e_amap, e->e_amap_offset,
			    e->e_amap_offset + atop(e->e_end - e->e_start));
			crit_exit();
		}
		entry_unref(e);
		entry_free(vm, e);
	}
	return (0);
}

/*
 * Set the protection of [start, end), which must be mapped throughout
 * (ENOMEM) by entries that allow it (EACCES).
 */
int
vm_map_protect(struct vmspace *vm, vm_offset_t start, vm_offset_t end,
    int prot)
{
	struct vm_map_entry *e;
	vm_offset_t va = start;
	int error;

	if (start >= end)
		return (0);
	TAILQ_FOREACH(e, &vm->vm_entries, e_link) {
		if (e->e_end <= va)
			continue;
		if (e->e_start > va)
			return (ENOMEM);		/* a hole */
		if ((prot & ~e->e_maxprot) != 0)
			return (EACCES);
		va = e->e_end;
		if (va >= end)
			break;
	}
	if (va < end)
		return (ENOMEM);
	error = vm_map_clip_range(vm, start, end);
	if (error)
		return (error);
	TAILQ_FOREACH(e, &vm->vm_entries, e_link) {
		if (e->e_end <= start)
			continue;
		if (e->e_start >= end)
			break;
		e->e_prot = prot;
		pmap_protect(&vm->vm_pmap, e->e_start, e->e_end, prot);
	}
	return (0);
}

/* The lowest free range of len bytes at or above MMAP_BASE, below the
 * stack; ENOMEM if there is none. */
int
vm_map_findspace(struct vmspace *vm, vm_size_t len, vm_offset_t *addrp)
{
	struct vm_map_entry *e;
	vm_offset_t addr = MMAP_BASE;
	vm_offset_t top = USRSTACK - USTACK_MAX - STACK_GUARD;

	TAILQ_FOREACH(e, &vm->vm_entries, e_link) {
		if (e->e_end <= addr)
			continue;
		if (e->e_start >= addr && e->e_start - addr >= len)
			break;
		addr = e->e_end;
	}
	if (addr > top || top - addr < len)
		return (ENOMEM);
	*addrp = addr;
	return (0);
}

/*
 * Grow the stack of vm down to cover va, if va is where it may grow (see
 * the top of vm_map.h): returns the new entry, or NULL (va is not a
 * stack address, or the stack may not grow there, or kernel memory for
 * the entry is out).  Never blocks; called by the fault handler.
 */
struct vm_map_entry *
vm_map_growstack(struct vmspace *vm, vm_offset_t va)
{
	vm_offset_t floor, nstart;

	if (va >= vm->vm_stack || va < USRSTACK - USTACK_MAX)
		return (NULL);
	floor = USRSTACK - MAX(vm->vm_stacklim, USRSTACK_SIZE);
	if (va < floor)
		return (NULL);
	nstart = MAX(rounddown2(va, STACK_GROW), floor);
	if (!vm_map_range_free(vm, nstart - STACK_GUARD, vm->vm_stack))
		return (NULL);
	if (vm_map_insert(vm, nstart, vm->vm_stack, NULL, 0,
	    VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL, 0, MAPE_STACK) != 0)
		return (NULL);
	vm->vm_stack = nstart;
	return (vm_map_lookup(vm, va));
}

/* Is a fault at va (outside every entry) one below the stack, in the
 * stack zone: a stack that could not grow? */
bool
vm_map_stack_overflow(struct vmspace *vm, vm_offset_t va)
{
	return (va < vm->vm_stack && va >= USRSTACK - USTACK_MAX -
	    STACK_GUARD && vm_map_lookup(vm, va) == NULL);
}

/*
 * Copy len bytes from kernel src (NULL: zeroes) to user address uva of
 * vm, which need not be the current address space, faulting the pages in
 * for writing.  EFAULT if the range is not writable, ENOMEM.
 */
int
vm_map_write(struct vmspace *vm, vm_offset_t uva, const void *src, size_t len)
{
	const char *s = src;

	while (len > 0) {
		size_t off = uva & PAGE_MASK, n = MIN(len, PAGE_SIZE - off);
		vm_page_t m;
		char *p;
		int error;

		error = vm_fault_hold(vm, uva, VM_PROT_WRITE, &m, NULL, NULL);
		if (error)
			return (error);
		crit_enter();
		p = (char *)pmap_tmpmap(0, VM_PAGE_TO_PHYS(m)) + off;
		if (s != NULL)
			memcpy(p, s, n);
		else
			memset(p, 0, n);
		crit_exit();
		vm_page_unhold(m);
		if (s != NULL)
			s += n;
		uva += n;
		len -= n;
	}
	return (0);
}

/* ---- address spaces ------------------------------------------------------ */

/* A new empty address space, or NULL if there is no memory for it (its
 * structure or page directory).  Never blocks. */
struct vmspace *
vmspace_alloc(void)
{
	struct vmspace *vm = kmalloc(sizeof(*vm), M_VMSPACE, M_NOWAIT | M_ZERO);

	if (vm == NULL)
		return (NULL);
	if (pmap_pinit(&vm->vm_pmap) != 0) {
		kfree(vm, M_VMSPACE);
		return (NULL);
	}
	TAILQ_INIT(&vm->vm_entries);
	vm->vm_stack = USRSTACK - USRSTACK_SIZE;
	vm->vm_stacklim = STACK_LIMIT_DEFAULT;
	return (vm);
}

void
vmspace_free(struct vmspace *vm)
{
	vm_map_remove(vm, 0, VM_MAX_USER_ADDRESS);
	pmap_release(&vm->vm_pmap);
	kfree(vm, M_VMSPACE);
}

/*
 * A copy of vm for a child, or NULL when memory is out.  Shared entries
 * share their objects; private ones get new amaps holding the same pages
 * copy-on-write, and the parent loses write access to its pages until it
 * faults (vm_fault copies a page only while another amap still has it).
 * The child's page tables start empty.  Never blocks: whatever cannot
 * be had makes it undo the copy so far and return NULL.
 */
struct vmspace *
vmspace_fork(struct vmspace *vm)
{
	struct vmspace *nvm = vmspace_alloc();
	struct vm_map_entry *e, *ne;

	if (nvm == NULL)
		return (NULL);
	TAILQ_FOREACH(e, &vm->vm_entries, e_link) {
		vm_object_t amap = NULL;

		if (e->e_flags & MAPE_DEVICE)
			continue;		/* a grant is not inherited */
		if (e->e_amap != NULL) {
			amap = vm_object_anon_copy(e->e_amap, e->e_amap_offset,
			    atop(e->e_end - e->e_start));
			if (amap == NULL) {
				vmspace_free(nvm);
				return (NULL);
			}
		}
		ne = entry_alloc();
		if (ne == NULL) {
			if (amap != NULL)
				vm_object_deallocate(amap);
			vmspace_free(nvm);
			return (NULL);
		}
		if (amap != NULL)
			pmap_protect(&vm->vm_pmap, e->e_start, e->e_end,
			    VM_PROT_READ);
		*ne = *e;
		ne->e_amap = NULL;
		entry_ref(ne);
		ne->e_amap = amap;
		ne->e_amap_offset = 0;
		TAILQ_INSERT_TAIL(&nvm->vm_entries, ne, e_link);
		nvm->vm_nentries++;
	}
	nvm->vm_daddr = vm->vm_daddr;
	nvm->vm_brk = vm->vm_brk;
	nvm->vm_maxbrk = vm->vm_maxbrk;
	nvm->vm_stack = vm->vm_stack;
	nvm->vm_stacklim = vm->vm_stacklim;
	return (nvm);
}

/*
 * brk(addr): move the break to addr (page granular inside); NULL only
 * asks.  The result is the break in effect afterwards.  ENOMEM past the
 * data size limit, over another mapping, or when memory runs out.
 */
int
sys_brk(struct sysmsg *sysmsg, const struct brk_args *uap)
{
	struct vmspace *vm = curproc->p_vmspace;
	vm_offset_t nbrk = (vm_offset_t)uap->addr;
	vm_offset_t ostart = round_page(vm->vm_brk), nend;
	int error;

	if (nbrk == 0) {
		sysmsg->sm_retval = vm->vm_brk;
		return (0);
	}
	if (nbrk < vm->vm_daddr || nbrk > vm->vm_maxbrk ||
	    nbrk - vm->vm_daddr > rlimit_get(curproc, RLIMIT_DATA))
		return (ENOMEM);
	nend = round_page(nbrk);
	if (nend > ostart) {
		error = vm_map_insert(vm, ostart, nend, NULL, 0,
		    VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL, 0, MAPE_HEAP);
		if (error)
			return (error);
	} else if (nend < ostart) {
		error = vm_map_remove(vm, nend, ostart);
		if (error)
			return (error);
	}
	vm->vm_brk = nbrk;
	sysmsg->sm_retval = nbrk;
	return (0);
}
