/*
 * kern_exec.c - execve: replace a process's program.
 *
 * The program is a regular file found by path in the VFS (read whole
 * into a kernel buffer for now).  kern_execve() checks the
 * ELF image completely before touching the process, builds a new address
 * space (segments, heap start, stack with argc/argv/envp), and only then
 * swaps it in and frees the old one, so a failed exec leaves the caller
 * as it was.  It returns EJUSTRETURN: the caller's registers are now the
 * new program's, and nothing may be written back to the old message.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/vnode.h>
#include <sys/namecache.h>
#include <sys/nlookup.h>
#include <sys/sysmsg.h>
#include <sys/globaldata.h>
#include <vm/vm_page.h>
#include <vm/vm_map.h>
#include <machine/frame.h>
#include <machine/md_var.h>

MALLOC_DEFINE(M_EXEC, "exec", "execve argument buffers");

#define ARG_MAX		(64 * 1024)
#define ARGS_MAX	1024		/* argv plus envp entries */

/* ---- the program file ---------------------------------------------- */

#define EXEC_MAXSIZE	(16 * 1024 * 1024)

/*
 * Read the program at path (symlinks followed) into a kernel buffer.
 * ENOENT, ENOTDIR, ELOOP... from the lookup; EACCES for anything but a
 * regular file.  (The VM-object issue maps the file's pages instead.)
 */
static int
exec_readfile(const char *path, char **imgp, size_t *sizep)
{
	struct nlookupdata nd;
	struct vnode *vp = NULL;
	struct stat st;
	struct uio uio;
	char *img;
	int error;

	error = nlookup_path(&nd, path, UIO_SYSSPACE, NLC_FOLLOW);
	if (error == 0 && (vp = nd.nl_ncp->nc_vp) == NULL)
		error = ENOENT;
	if (error == 0 && vp->v_type != VREG)
		error = EACCES;
	if (error == 0)
		error = VOP_GETATTR(vp, &st);
	if (error == 0 && (st.st_size > EXEC_MAXSIZE || st.st_size == 0))
		error = ENOEXEC;
	if (error) {
		nlookup_done(&nd);
		return (error);
	}
	img = kmalloc((size_t)st.st_size, M_EXEC, M_WAITOK);
	uio_init(&uio, img, (size_t)st.st_size, 0, UIO_SYSSPACE, UIO_READ);
	error = VOP_READ(vp, &uio, 0);
	nlookup_done(&nd);
	if (error) {
		kfree(img, M_EXEC);
		return (error);
	}
	*imgp = img;
	*sizep = (size_t)st.st_size - uio.uio_resid;
	return (0);
}

/* ---- ELF ------------------------------------------------------------ */

struct elf32_ehdr {
	uint8_t		e_ident[16];
	uint16_t	e_type, e_machine;
	uint32_t	e_version, e_entry, e_phoff, e_shoff, e_flags;
	uint16_t	e_ehsize, e_phentsize, e_phnum;
	uint16_t	e_shentsize, e_shnum, e_shstrndx;
};

struct elf32_phdr {
	uint32_t	p_type, p_offset, p_vaddr, p_paddr;
	uint32_t	p_filesz, p_memsz, p_flags, p_align;
};

#define PT_LOAD		1
#define PF_W		2
#define ET_EXEC		2
#define EM_386		3

/* Check everything about the image before anything is changed. */
static int
elf_check(const char *img, size_t size, const struct elf32_ehdr **ehp)
{
	const struct elf32_ehdr *eh = (const void *)img;
	const struct elf32_phdr *ph;
	int i, nload = 0;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4) != 0 ||
	    eh->e_ident[4] != 1 /* 32-bit */ || eh->e_ident[5] != 1 /* LSB */ ||
	    eh->e_type != ET_EXEC || eh->e_machine != EM_386 ||
	    eh->e_phentsize != sizeof(*ph) || eh->e_phnum == 0 ||
	    eh->e_phnum > 16 || eh->e_phoff > size ||
	    size - eh->e_phoff < (size_t)eh->e_phnum * sizeof(*ph))
		return (ENOEXEC);
	ph = (const void *)(img + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++, ph++) {
		if (ph->p_type != PT_LOAD)
			continue;
		nload++;
		if (ph->p_filesz > ph->p_memsz || ph->p_offset > size ||
		    size - ph->p_offset < ph->p_filesz ||
		    ph->p_vaddr < USER_MIN ||
		    ph->p_memsz > USRSTACK - USRSTACK_SIZE - MAXDSIZ ||
		    ph->p_vaddr > USRSTACK - USRSTACK_SIZE - MAXDSIZ - ph->p_memsz)
			return (ENOEXEC);
	}
	if (nload == 0 || eh->e_entry < USER_MIN)
		return (ENOEXEC);
	*ehp = eh;
	return (0);
}

/* Copy len bytes from kernel src to user address uva of vm (not
 * necessarily the current address space); pages must be mapped. */
static void
vm_copy_to(struct vmspace *vm, vm_offset_t uva, const void *src, size_t len)
{
	const char *s = src;

	while (len > 0) {
		size_t off = uva & PAGE_MASK, n = MIN(len, PAGE_SIZE - off);
		vm_paddr_t pa = pmap_extract(&vm->vm_pmap, uva);

		KASSERT(pa != 0, ("vm_copy_to: 0x%x not mapped", uva));
		crit_enter();
		memcpy((char *)pmap_tmpmap(0, trunc_page(pa)) + off, s, n);
		crit_exit();
		s += n;
		uva += n;
		len -= n;
	}
}

static int
elf_load(struct vmspace *vm, const char *img, const struct elf32_ehdr *eh)
{
	const struct elf32_phdr *ph = (const void *)(img + eh->e_phoff);
	vm_offset_t top = 0;
	int i, error;

	for (i = 0; i < eh->e_phnum; i++, ph++) {
		vm_offset_t start, end;

		if (ph->p_type != PT_LOAD)
			continue;
		start = trunc_page(ph->p_vaddr);
		end = round_page(ph->p_vaddr + ph->p_memsz);
		error = vm_map_zero(vm, start, end, VM_PROT_READ |
		    ((ph->p_flags & PF_W) ? VM_PROT_WRITE : 0));
		if (error)
			return (error);
		vm_copy_to(vm, ph->p_vaddr, img + ph->p_offset, ph->p_filesz);
		top = MAX(top, end);
	}
	vm->vm_daddr = vm->vm_brk = top;
	vm->vm_maxbrk = top + MAXDSIZ;
	return (0);
}

/*
 * Lay out the new stack: argc, argv[], NULL, envp[], NULL, then the
 * strings.  strs holds argc + envc NUL-terminated strings, strbytes long.
 * Returns the initial user stack pointer.
 */
static vm_offset_t
exec_copy_args(struct vmspace *vm, const char *strs, size_t strbytes,
    int argc, int envc)
{
	uint32_t *vec;
	vm_offset_t strbase, sp;
	size_t nvec = 1 + (size_t)argc + 1 + (size_t)envc + 1, off = 0;
	int i;

	strbase = (USRSTACK - strbytes) & ~(vm_offset_t)15;
	sp = (strbase - nvec * sizeof(uint32_t)) & ~(vm_offset_t)15;
	vec = kmalloc(nvec * sizeof(uint32_t), M_EXEC, M_WAITOK);
	vec[0] = (uint32_t)argc;
	for (i = 0; i < argc + envc; i++) {
		vec[i < argc ? 1 + i : 2 + i] = strbase + off;
		off += strlen(strs + off) + 1;
	}
	vec[1 + argc] = 0;
	vec[nvec - 1] = 0;
	vm_copy_to(vm, strbase, strs, strbytes);
	vm_copy_to(vm, sp, vec, nvec * sizeof(uint32_t));
	kfree(vec, M_EXEC);
	return (sp);
}

/*
 * Replace the current process's program with path.  args holds argc
 * argument strings followed by envc environment strings (argbytes in
 * all).  On success the frame tf is set to start the program and
 * EJUSTRETURN is returned; on failure the process is unchanged.
 */
int
kern_execve(const char *path, const char *args, int argc, int envc,
    size_t argbytes, struct trapframe *tf)
{
	thread_t td = curthread;
	struct proc *p = td->td_lwp->lwp_proc;
	const struct elf32_ehdr *eh;
	struct vmspace *nvm, *ovm;
	const char *base;
	char *img;
	size_t size;
	vm_offset_t sp, entry;
	int error;

	error = exec_readfile(path, &img, &size);
	if (error)
		return (error);
	error = elf_check(img, size, &eh);
	nvm = NULL;
	if (error == 0 && (nvm = vmspace_alloc()) == NULL)
		error = ENOMEM;
	if (error == 0)
		error = elf_load(nvm, img, eh);
	if (error == 0) {
		nvm->vm_stack = USRSTACK - USRSTACK_SIZE;
		error = vm_map_zero(nvm, nvm->vm_stack, USRSTACK,
		    VM_PROT_READ | VM_PROT_WRITE);
	}
	entry = error == 0 ? eh->e_entry : 0;
	kfree(img, M_EXEC);
	if (error) {
		if (nvm != NULL)
			vmspace_free(nvm);
		return (error);
	}
	sp = exec_copy_args(nvm, args, argbytes, argc, envc);

	/* The point of no return. */
	ovm = p->p_vmspace;
	p->p_vmspace = nvm;
	td->td_cr3 = nvm->vm_pmap.pm_pdphys;
	pmap_activate(&nvm->vm_pmap);
	if (ovm != NULL)
		vmspace_free(ovm);
	base = path;
	for (; *path != '\0'; path++) {
		if (*path == '/')
			base = path + 1;
	}
	strlcpy(p->p_comm, base, sizeof(p->p_comm));
	strlcpy(td->td_comm, base, sizeof(td->td_comm));
	fdcloseexec(p->p_fd);
	cpu_set_user_frame(tf, entry, sp);
	return (EJUSTRETURN);
}

/* Copy a NULL-terminated user vector of strings into buf at *offp. */
static int
exec_copyin_vector(char *const *uvec, char *buf, size_t *offp, int *countp)
{
	int n = 0, error;

	if (uvec == NULL)
		return (0);
	for (;; n++) {
		const char *uptr;
		size_t done;

		if (*countp + n >= ARGS_MAX)
			return (E2BIG);
		error = copyin(&uvec[n], &uptr, sizeof(uptr));
		if (error)
			return (error);
		if (uptr == NULL)
			break;
		error = copyinstr(uptr, buf + *offp, ARG_MAX - *offp, &done);
		if (error == ENAMETOOLONG)
			return (E2BIG);
		if (error)
			return (error);
		*offp += done;
	}
	*countp += n;
	return (0);
}

int
sys_execve(struct sysmsg *sysmsg, const struct execve_args *uap)
{
	char *path, *args;
	size_t off = 0;
	int argc = 0, envc = 0, error;

	path = kmalloc(PATH_MAX, M_EXEC, M_WAITOK);
	args = kmalloc(ARG_MAX, M_EXEC, M_WAITOK);
	error = copyinstr(uap->path, path, PATH_MAX, NULL);
	if (error == 0)
		error = exec_copyin_vector(uap->argv, args, &off, &argc);
	if (error == 0)
		error = exec_copyin_vector(uap->envp, args, &off, &envc);
	if (error == 0) {
		error = kern_execve(path, args, argc, envc, off,
		    sysmsg->sm_frame);
	}
	kfree(args, M_EXEC);
	kfree(path, M_EXEC);
	return (error);
}
