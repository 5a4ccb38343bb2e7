/*
 * kern_exec.c - execve: replace a process's program.
 *
 * The program is a regular file found by path in the VFS.  Only its
 * first page (ELF and program headers) is read; each PT_LOAD segment is
 * mapped MAP_PRIVATE from the file's own VM object, so programs share
 * their text pages with the file and with each other, and the pages come
 * in as they are touched.  kern_execve() checks the ELF headers
 * completely before touching the process, builds a new address space
 * (segments, bss, heap start, stack with argc/argv/envp), and only then
 * swaps it in and frees the old one, so a failed exec leaves the caller
 * as it was.  The program's file is marked as running (vn_text_hold,
 * sys/vnode.h) from the moment it is found until the process exits or
 * runs another: nobody can write or truncate it meanwhile (ETXTBSY).  It returns EJUSTRETURN: the caller's registers are now the
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
#include <sys/devgrant.h>
#include <sys/vnode.h>
#include <sys/namecache.h>
#include <sys/nlookup.h>
#include <sys/sysmsg.h>
#include <sys/resource.h>
#include <sys/globaldata.h>
#include <vm/vm_page.h>
#include <vm/vm_map.h>
#include <machine/frame.h>
#include <machine/md_var.h>

MALLOC_DEFINE(M_EXEC, "exec", "execve argument buffers");

#define ARG_MAX		(64 * 1024)	/* bytes of argv and envp strings */
#define ARGS_MAX	1024		/* argv and envp strings together */

/* ---- the program file ---------------------------------------------- */

#define EXEC_HDRSIZE	PAGE_SIZE	/* the headers must fit here */

/*
 * Find the program at path (symlinks followed) and read its first page
 * into hdr.  Returns the vnode, marked as a running program's file
 * (vn_text_hold: referenced, and nobody may change it from the moment
 * it is found, before its headers are read), and the file size.
 * ENOENT, ENOTDIR, ELOOP... from the lookup; EACCES for anything but a
 * regular file with pages to map; ENOEXEC for an empty file.
 */
static int
exec_open(const char *path, char *hdr, size_t *hdrlenp, struct vnode **vpp,
    off_t *sizep)
{
	struct nlookupdata nd;
	struct vnode *vp = NULL;
	struct stat st;
	struct uio uio;
	int error;

	error = nlookup_path(&nd, path, UIO_SYSSPACE, NLC_FOLLOW);
	if (error == 0 && (vp = nd.nl_ncp->nc_vp) == NULL)
		error = ENOENT;
	if (error == 0 && (vp->v_type != VREG || vp->v_object == NULL))
		error = EACCES;
	if (error) {
		nlookup_done(&nd);
		return (error);
	}
	vn_text_hold(vp);
	error = VOP_GETATTR(vp, &st);
	if (error == 0 && st.st_size == 0)
		error = ENOEXEC;
	if (error == 0) {
		uio_init(&uio, hdr, EXEC_HDRSIZE, 0, UIO_SYSSPACE, UIO_READ);
		error = VOP_READ(vp, &uio, 0);
	}
	if (error == 0) {
		*vpp = vp;
		*hdrlenp = EXEC_HDRSIZE - uio.uio_resid;
		*sizep = st.st_size;
	} else {
		vn_text_drop(vp);
	}
	nlookup_done(&nd);
	return (error);
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

/*
 * Check everything about the program before anything is changed: img
 * holds its first hdrlen bytes (headers), fsize is the file's size.
 * Segments must be page-congruent in the file and in memory, and must
 * not share a page.
 */
static int
elf_check(const char *img, size_t hdrlen, off_t fsize,
    const struct elf32_ehdr **ehp)
{
	const struct elf32_ehdr *eh = (const void *)img;
	const struct elf32_phdr *ph;
	vm_offset_t prev_end = 0;
	size_t size = hdrlen;
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
		if (ph->p_filesz > ph->p_memsz || ph->p_offset > fsize ||
		    fsize - ph->p_offset < ph->p_filesz ||
		    (ph->p_offset & PAGE_MASK) != (ph->p_vaddr & PAGE_MASK) ||
		    trunc_page(ph->p_vaddr) < prev_end ||
		    ph->p_vaddr < USER_MIN ||
		    ph->p_memsz > USRSTACK - USRSTACK_SIZE - MAXDSIZ ||
		    ph->p_vaddr > USRSTACK - USRSTACK_SIZE - MAXDSIZ - ph->p_memsz)
			return (ENOEXEC);
		prev_end = round_page(ph->p_vaddr + ph->p_memsz);
	}
	if (nload == 0 || eh->e_entry < USER_MIN)
		return (ENOEXEC);
	*ehp = eh;
	return (0);
}

/*
 * Map the PT_LOAD segments: the file part of each MAP_PRIVATE from the
 * file's object, then the bss as zero-fill memory.  The bytes of the last
 * file page past p_filesz belong to the bss and must read as zero, so
 * that page is copied into the amap now and its tail cleared.
 */
static int
elf_load(struct vmspace *vm, struct vnode *vp, const char *img,
    const struct elf32_ehdr *eh)
{
	const struct elf32_phdr *ph = (const void *)(img + eh->e_phoff);
	vm_offset_t top = 0;
	int i, error;

	for (i = 0; i < eh->e_phnum; i++, ph++) {
		vm_offset_t start, fend, zend, end;
		int prot;

		if (ph->p_type != PT_LOAD)
			continue;
		prot = VM_PROT_READ | VM_PROT_EXEC |
		    ((ph->p_flags & PF_W) ? VM_PROT_WRITE : 0);
		start = trunc_page(ph->p_vaddr);
		fend = ph->p_vaddr + ph->p_filesz;
		zend = round_page(fend);
		end = round_page(ph->p_vaddr + ph->p_memsz);
		if (ph->p_filesz > 0) {
			bool tail = ph->p_memsz > ph->p_filesz && zend > fend;

			/* Writable until the bss tail is cleared. */
			error = vm_map_insert(vm, start, zend, vp->v_object,
			    atop(ph->p_offset), tail ? prot | VM_PROT_WRITE :
			    prot, VM_PROT_ALL, 0, 0);
			if (error)
				return (error);
			if (tail) {
				error = vm_map_write(vm, fend, NULL,
				    MIN(zend, ph->p_vaddr + ph->p_memsz) - fend);
				if (error == 0 && (prot & VM_PROT_WRITE) == 0)
					error = vm_map_protect(vm, start, zend,
					    prot);
				if (error)
					return (error);
			}
		} else {
			zend = start;
		}
		if (end > zend) {
			error = vm_map_insert(vm, zend, end, NULL, 0, prot,
			    VM_PROT_ALL, 0, 0);
			if (error)
				return (error);
		}
		top = MAX(top, end);
	}
	vm->vm_daddr = vm->vm_brk = top;
	vm->vm_maxbrk = MAX(top, MMAP_BASE);	/* and RLIMIT_DATA (brk) */
	return (0);
}

/*
 * Lay out the new stack: argc, argv[], NULL, envp[], NULL, then the
 * strings.  strs holds argc + envc NUL-terminated strings, strbytes long.
 * Sets *spp to the initial user stack pointer.
 */
static int
exec_copy_args(struct vmspace *vm, const char *strs, size_t strbytes,
    int argc, int envc, vm_offset_t *spp)
{
	uint32_t *vec;
	int error;
	vm_offset_t strbase, sp;
	size_t nvec = 1 + (size_t)argc + 1 + (size_t)envc + 1, off = 0;
	int i;

	strbase = (USRSTACK - strbytes) & ~(vm_offset_t)15;
	sp = (strbase - nvec * sizeof(uint32_t)) & ~(vm_offset_t)15;
	vec = kmalloc(nvec * sizeof(uint32_t), M_EXEC, M_NOWAIT);
	if (vec == NULL)
		return (ENOMEM);
	vec[0] = (uint32_t)argc;
	for (i = 0; i < argc + envc; i++) {
		vec[i < argc ? 1 + i : 2 + i] = strbase + off;
		off += strlen(strs + off) + 1;
	}
	vec[1 + argc] = 0;
	vec[nvec - 1] = 0;
	error = vm_map_write(vm, strbase, strs, strbytes);
	if (error == 0)
		error = vm_map_write(vm, sp, vec, nvec * sizeof(uint32_t));
	kfree(vec, M_EXEC);
	*spp = sp;
	return (error);
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
	struct vmspace *nvm = NULL, *ovm;
	struct vnode *vp;
	const char *base;
	char *hdr;
	size_t hdrlen;
	off_t fsize;
	vm_offset_t sp, entry;
	int error;

	hdr = kmalloc(EXEC_HDRSIZE, M_EXEC, M_NOWAIT);
	if (hdr == NULL)
		return (ENOMEM);
	error = exec_open(path, hdr, &hdrlen, &vp, &fsize);
	if (error) {
		kfree(hdr, M_EXEC);
		return (error);
	}
	error = elf_check(hdr, hdrlen, fsize, &eh);
	if (error == 0 && (nvm = vmspace_alloc()) == NULL)
		error = ENOMEM;
	if (error == 0)
		error = elf_load(nvm, vp, hdr, eh);
	if (error == 0) {
		/* The stack: USRSTACK_SIZE now, more on demand. */
		nvm->vm_stacklim = rlimit_get(p, RLIMIT_STACK);
		error = vm_map_insert(nvm, nvm->vm_stack, USRSTACK, NULL, 0,
		    VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL, 0, MAPE_STACK);
	}
	if (error == 0)
		error = exec_copy_args(nvm, args, argbytes, argc, envc, &sp);
	entry = error == 0 ? eh->e_entry : 0;
	kfree(hdr, M_EXEC);
	if (error) {
		if (nvm != NULL)
			vmspace_free(nvm);
		vn_text_drop(vp);
		return (error);
	}

	/* The point of no return.  Messages in flight end with the old
	 * program; caught signals go back to their default action. */
	async_rundown(p);
	agent_proc_exit(p);
	devgrant_proc_exec(p);		/* before the old DMA memory goes */
	sig_exec(p);
	ovm = p->p_vmspace;
	p->p_vmspace = nvm;
	td->td_cr3 = nvm->vm_pmap.pm_pdphys;
	pmap_activate(&nvm->vm_pmap);
	if (ovm != NULL)
		vmspace_free(ovm);
	if (p->p_textvp != NULL)
		vn_text_drop(p->p_textvp);
	p->p_textvp = vp;		/* the new program's file */
	base = path;
	for (; *path != '\0'; path++) {
		if (*path == '/')
			base = path + 1;
	}
	strlcpy(p->p_comm, base, sizeof(p->p_comm));
	strlcpy(td->td_comm, base, sizeof(td->td_comm));
	lwkt_gettoken(&proc_token);
	p->p_flags |= P_EXEC;		/* setpgid by the parent: EACCES */
	lwkt_reltoken(&proc_token);
	fdcloseexec(p->p_fd);
	cpu_set_user_frame(tf, entry, sp);
	cpu_fpu_exec();			/* FNINIT's state, MXCSR 0x1f80 */
	return (EJUSTRETURN);
}

/*
 * Copy a NULL-terminated user vector of strings into buf at *offp,
 * counting them in *countp.  used strings (argv's, when this is envp)
 * are already in buf: the two vectors share ARGS_MAX strings and ARG_MAX
 * bytes.  E2BIG beyond either.
 */
static int
exec_copyin_vector(char *const *uvec, char *buf, size_t *offp, int used,
    int *countp)
{
	int n = 0, error;

	if (uvec == NULL)
		return (0);
	for (;; n++) {
		const char *uptr;
		size_t done;

		error = copyin(&uvec[n], &uptr, sizeof(uptr));
		if (error)
			return (error);
		if (uptr == NULL)
			break;
		if (used + n >= ARGS_MAX)
			return (E2BIG);
		error = copyinstr(uptr, buf + *offp, ARG_MAX - *offp, &done);
		if (error == ENAMETOOLONG)
			return (E2BIG);
		if (error)
			return (error);
		*offp += done;
	}
	*countp = n;
	return (0);
}

int
sys_execve(struct sysmsg *sysmsg, const struct execve_args *uap)
{
	char *path, *args;
	size_t off = 0;
	int argc = 0, envc = 0, error;

	path = kmalloc(PATH_MAX, M_EXEC, M_NOWAIT);
	args = kmalloc(ARG_MAX, M_EXEC, M_NOWAIT);
	if (path == NULL || args == NULL) {
		kfree(args, M_EXEC);
		kfree(path, M_EXEC);
		return (ENOMEM);
	}
	error = copyinstr(uap->path, path, PATH_MAX, NULL);
	if (error == 0)
		error = exec_copyin_vector(uap->argv, args, &off, 0, &argc);
	if (error == 0)
		error = exec_copyin_vector(uap->envp, args, &off, argc,
		    &envc);
	if (error == 0) {
		error = kern_execve(path, args, argc, envc, off,
		    sysmsg->sm_frame);
	}
	kfree(args, M_EXEC);
	kfree(path, M_EXEC);
	return (error);
}
