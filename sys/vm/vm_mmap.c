/*
 * vm_mmap.c - mmap, munmap and mprotect (semantics in sys/mman.h).
 *
 * Each system call checks every argument, then works on the current
 * process's map (vm_map.c).  A file mapping maps the vnode's VM object
 * (v_object): only files that have one (tmpfs regular files) can be
 * mapped.  What a mapping may later be given by mprotect (its maximum
 * protection) is fixed here: everything for private and anonymous
 * mappings, and for a shared file mapping write only if the descriptor
 * was open for writing.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mman.h>
#include <sys/file.h>
#include <sys/vnode.h>
#include <sys/proc.h>
#include <sys/sysmsg.h>
#include <sys/globaldata.h>
#include <vm/vm_object.h>
#include <vm/vm_map.h>

/* PROT_* to VM_PROT_*: execute and write imply read (i386 paging). */
static int
prot_to_vm(int prot)
{
	int vp = 0;

	if (prot & (PROT_READ | PROT_WRITE | PROT_EXEC))
		vp |= VM_PROT_READ | VM_PROT_EXEC;
	if (prot & PROT_WRITE)
		vp |= VM_PROT_WRITE;
	return (vp);
}

/*
 * Check a user range: addr page aligned, len not 0, the rounded range
 * inside user space.  Sets *endp.
 */
static int
check_range(vm_offset_t addr, size_t len, vm_offset_t *endp)
{
	vm_offset_t end;

	if ((addr & PAGE_MASK) != 0 || len == 0 ||
	    len > VM_MAX_USER_ADDRESS - PAGE_SIZE)
		return (EINVAL);
	end = addr + round_page(len);
	if (end < addr || end > VM_MAX_USER_ADDRESS)
		return (EINVAL);
	*endp = end;
	return (0);
}

int
sys_mmap(struct sysmsg *sysmsg, const struct mmap_args *uap)
{
	struct vmspace *vm = curproc->p_vmspace;
	vm_offset_t addr = (vm_offset_t)uap->addr, end = 0;
	size_t len = uap->len;
	int flags = uap->flags, share = flags & (MAP_SHARED | MAP_PRIVATE);
	int prot, maxprot = VM_PROT_ALL, error;
	vm_object_t obj = NULL;
	struct file *fp;
	struct vnode *vp;

	if (len == 0 || len > VM_MAX_USER_ADDRESS - PAGE_SIZE)
		return (EINVAL);
	if ((uap->prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0 ||
	    (flags & ~(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANON)) != 0 ||
	    (share != MAP_SHARED && share != MAP_PRIVATE))
		return (EINVAL);
	if (uap->pos < 0 || (uap->pos & PAGE_MASK) != 0 ||
	    (uap->pos >> PAGE_SHIFT) + atop(round_page(len)) > OBJ_MAXSLOTS)
		return (EINVAL);
	if (flags & MAP_FIXED) {
		error = check_range(addr, len, &end);
		if (error)
			return (error);
		if (addr < USER_MIN)
			return (EINVAL);
	}
	prot = prot_to_vm(uap->prot);

	if (flags & MAP_ANON) {
		if (uap->fd != -1 || uap->pos != 0)
			return (EINVAL);
	} else {
		fp = fget(curproc, uap->fd, 0);
		if (fp == NULL)
			return (EBADF);
		if (fp->f_type != DTYPE_VNODE)
			return (ENODEV);
		vp = fp->f_data;
		if (vp->v_type != VREG || vp->v_object == NULL)
			return (ENODEV);
		if ((fp->f_flag & FREAD) == 0)
			return (EACCES);
		if (share == MAP_SHARED && (fp->f_flag & FWRITE) == 0)
			maxprot &= ~VM_PROT_WRITE;
		if ((prot & ~maxprot) != 0)
			return (EACCES);
		/* A running program's file: no shared writable mapping. */
		if (share == MAP_SHARED && (maxprot & VM_PROT_WRITE) &&
		    vn_writechk(vp) != 0) {
			if (prot & VM_PROT_WRITE)
				return (ETXTBSY);
			maxprot &= ~VM_PROT_WRITE;
		}
		obj = vp->v_object;
	}

	if ((flags & MAP_ANON) && share == MAP_SHARED) {
		obj = vm_object_allocate(OBJT_ANON, 0, M_NOWAIT);
		if (obj == NULL)
			return (ENOMEM);
	}
	/* Nothing blocks from the lookup of space to the insertion but
	 * the allocations inside vm_map_insert, after its own check. */
	if (flags & MAP_FIXED) {
		error = vm_map_remove(vm, addr, end);
		if (error) {
			if (obj != NULL && (flags & MAP_ANON))
				vm_object_deallocate(obj);
			return (error);
		}
	} else {
		error = vm_map_findspace(vm, round_page(len), &addr);
		if (error) {
			if (obj != NULL && (flags & MAP_ANON))
				vm_object_deallocate(obj);
			return (error);
		}
		end = addr + round_page(len);
	}
	error = vm_map_insert(vm, addr, end, obj,
	    (vm_pindex_t)(uap->pos >> PAGE_SHIFT), prot, maxprot,
	    share == MAP_SHARED, 0);
	if ((flags & MAP_ANON) && share == MAP_SHARED)
		vm_object_deallocate(obj);	/* the entry has its own */
	if (error)
		return (error);
	sysmsg->sm_retval = addr;
	return (0);
}

int
sys_munmap(struct sysmsg *sysmsg, const struct munmap_args *uap)
{
	vm_offset_t addr = (vm_offset_t)uap->addr, end;
	int error;

	error = check_range(addr, uap->len, &end);
	if (error)
		return (error);
	return (vm_map_remove(curproc->p_vmspace, addr, end));
}

int
sys_mprotect(struct sysmsg *sysmsg, const struct mprotect_args *uap)
{
	vm_offset_t addr = (vm_offset_t)uap->addr, end;
	int error;

	if ((uap->prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0)
		return (EINVAL);
	error = check_range(addr, uap->len, &end);
	if (error)
		return (error);
	return (vm_map_protect(curproc->p_vmspace, addr, end,
	    prot_to_vm(uap->prot)));
}
