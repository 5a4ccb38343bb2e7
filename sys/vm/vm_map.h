/*
 * vm/vm_map.h - a process's address space.
 *
 * For now a vmspace is its page tables plus the layout of the program:
 * every user page is allocated when it is mapped (exec, brk, fork copies)
 * and belongs to the pmap.  Demand paging, copy-on-write and VM objects
 * replace this with real map entries.
 *
 *   0x08048000  program text and data (ELF PT_LOAD segments)
 *   vm_daddr    heap, grown by brk() up to vm_maxbrk
 *   vm_stack    the user stack, USRSTACK_SIZE below USRSTACK
 */
#ifndef _VM_VM_MAP_H_
#define _VM_VM_MAP_H_

#include <sys/types.h>
#include <machine/pmap.h>

#define USRSTACK	0xBFFF0000	/* top of the user stack */
#define USRSTACK_SIZE	(128 * 1024)
#define MAXDSIZ		(64u << 20)	/* heap limit */
#define USER_MIN	0x00400000	/* nothing is mapped below */

struct vmspace {
	struct pmap	vm_pmap;	/* page tables */
	vm_offset_t	vm_daddr;	/* start of the heap */
	vm_offset_t	vm_brk;		/* current break */
	vm_offset_t	vm_maxbrk;	/* break limit */
	vm_offset_t	vm_stack;	/* lowest stack address */
};

#ifdef _KERNEL
struct vmspace *vmspace_alloc(void);
void	vmspace_free(struct vmspace *vm);
struct vmspace *vmspace_fork(struct vmspace *vm);
int	vm_map_zero(struct vmspace *vm, vm_offset_t start, vm_offset_t end,
	    int prot);
void	vm_unmap(struct vmspace *vm, vm_offset_t start, vm_offset_t end);
int	copyin(const void *uaddr, void *kaddr, size_t len);
int	copyout(const void *kaddr, void *uaddr, size_t len);
int	copyinstr(const void *uaddr, char *kaddr, size_t max, size_t *done);
#endif

#endif
