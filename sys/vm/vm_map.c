/*
 * vm_map.c - address spaces (see vm/vm_map.h).
 *
 * vm_map_zero() backs a user range with fresh zeroed pages; vm_unmap()
 * frees them; vmspace_fork() copies every page for a child.  All pages
 * come from high memory first: the kernel reaches them through temporary
 * mappings, never the direct map.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <vm/vm_page.h>
#include <vm/vm_map.h>
#include <sys/proc.h>
#include <sys/sysmsg.h>
#include <sys/globaldata.h>

MALLOC_DEFINE(M_VMSPACE, "vmspace", "process address spaces");

struct vmspace *
vmspace_alloc(void)
{
	struct vmspace *vm = kmalloc(sizeof(*vm), M_VMSPACE, M_WAITOK | M_ZERO);

	if (pmap_pinit(&vm->vm_pmap) != 0) {
		kfree(vm, M_VMSPACE);
		return (NULL);
	}
	return (vm);
}

void
vmspace_free(struct vmspace *vm)
{
	pmap_release(&vm->vm_pmap);
	kfree(vm, M_VMSPACE);
}

/* Map zeroed pages over [start, end) (page aligned).  ENOMEM if memory
 * runs out (what was mapped stays mapped; the caller unmaps). */
int
vm_map_zero(struct vmspace *vm, vm_offset_t start, vm_offset_t end, int prot)
{
	vm_offset_t va;

	KASSERT((start & PAGE_MASK) == 0 && (end & PAGE_MASK) == 0 &&
	    start <= end && end <= VM_MAX_USER_ADDRESS,
	    ("vm_map_zero: bad range 0x%x-0x%x", start, end));
	for (va = start; va < end; va += PAGE_SIZE) {
		vm_page_t m;

		if (pmap_extract(&vm->vm_pmap, va) != 0)
			continue;
		m = vm_page_alloc(0);
		if (m == NULL)
			return (ENOMEM);
		pmap_zero_page(VM_PAGE_TO_PHYS(m));
		if (pmap_enter(&vm->vm_pmap, va, VM_PAGE_TO_PHYS(m), prot) != 0) {
			vm_page_free(m);
			return (ENOMEM);
		}
	}
	return (0);
}

void
vm_unmap(struct vmspace *vm, vm_offset_t start, vm_offset_t end)
{
	vm_offset_t va;

	for (va = start; va < end; va += PAGE_SIZE)
		pmap_remove(&vm->vm_pmap, va);
}

/* A copy of vm with private copies of all its pages, or NULL. */
struct vmspace *
vmspace_fork(struct vmspace *vm)
{
	struct vmspace *nvm = vmspace_alloc();

	if (nvm == NULL)
		return (NULL);
	if (pmap_copy_user(&nvm->vm_pmap, &vm->vm_pmap) != 0) {
		vmspace_free(nvm);
		return (NULL);
	}
	nvm->vm_daddr = vm->vm_daddr;
	nvm->vm_brk = vm->vm_brk;
	nvm->vm_maxbrk = vm->vm_maxbrk;
	nvm->vm_stack = vm->vm_stack;
	return (nvm);
}

/*
 * brk(addr): move the break to addr (page granular inside); NULL only
 * asks.  The result is the break in effect afterwards.  ENOMEM past the
 * data size limit or when memory runs out.
 */
int
sys_brk(struct sysmsg *sysmsg, const struct brk_args *uap)
{
	struct vmspace *vm = curproc->p_vmspace;
	vm_offset_t nbrk = (vm_offset_t)uap->addr;
	int error;

	if (nbrk == 0) {
		sysmsg->sm_retval = vm->vm_brk;
		return (0);
	}
	if (nbrk < vm->vm_daddr || nbrk > vm->vm_maxbrk)
		return (ENOMEM);
	if (nbrk > vm->vm_brk) {
		error = vm_map_zero(vm, round_page(vm->vm_brk), round_page(nbrk),
		    VM_PROT_READ | VM_PROT_WRITE);
		if (error) {
			vm_unmap(vm, round_page(vm->vm_brk), round_page(nbrk));
			return (error);
		}
	} else {
		vm_unmap(vm, round_page(nbrk), round_page(vm->vm_brk));
	}
	vm->vm_brk = nbrk;
	sysmsg->sm_retval = nbrk;
	return (0);
}
