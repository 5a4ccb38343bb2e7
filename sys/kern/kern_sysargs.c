/*
 * kern_sysargs.c - a system call's user arguments taken at send time, so
 * that the call itself runs in any thread (sys/sysargs.h).
 *
 * THE PHASES.  Every system call has three: phase 1 copies its
 * arguments in and checks them, phase 2 does the work on kernel data,
 * phase 3 copies results out.  A synchronous call runs all three in the
 * caller, in sys_<name>().  An asynchronous call that goes in flight
 * (class TRY or BLOCK, kern_async.c) is run later by a worker thread,
 * and the question is what that thread sees of the sender's memory.
 * The answer here: nothing but what the message took when it was sent.
 *
 *   phase 1  sysargs_take(), in the sender, inside sendsys: for each
 *            pointer argument the table describes (sysargtab[],
 *            generated from syscalls.master), the string or [IN] struct
 *            is copied into kernel memory the message owns, and the
 *            [OUT] struct or data buffer is held: its pages resolved
 *            with the access the call needs and pinned, as a VM-object
 *            iovec (uio_hold_user, vm_hold_range), a buffer up to
 *            SYSARG_HOLD_MAX bytes.  Changing a path or a struct after
 *            sending changes nothing for the call; unmapping an [OUT]
 *            struct or a buffer does not stop it (its pages are still
 *            held, and freed when it lets go of them).
 *   phase 2  the call's own sys_<name>(), the very function a
 *            synchronous call runs, on a worker that has no user address
 *            space (td_cr3 is the kernel's; it adopts none), with
 *            td_sysargs set to the message's space.  copyin, copyout
 *            and copyinstr (support.S) fault on the user address (the
 *            kernel's page directory maps none; async_init checks it),
 *            and their recovery path, seeing td_sysargs, comes here;
 *            uio_hold_user (kern_uio.c) looks at td_sysargs first.
 *            Reads are served from the copies or the held pages,
 *            writes go to the held pages.  A synchronous call pays
 *            nothing for this (the path that does not fault is as it
 *            was).
 *   phase 3  the call's copyouts have landed in the held pages; the
 *            header is written by async_complete() (kern_async.c).
 *
 * So there is no second implementation of any call and no marshaller
 * per call: the table says what the arguments are, this file takes
 * them, and the call's own checks run in its own order.  Phase 1 checks
 * nothing and fails nothing: a pointer it could not follow (EFAULT), a
 * string with no NUL within PATH_MAX (ENAMETOOLONG) is recorded, and
 * the call meets exactly that error at the access where the synchronous
 * call would have met it, after the checks that come first (a bad
 * descriptor before a bad buffer, as sys_<name>() orders them).
 *
 * DESCRIPTORS AND THE CURRENT DIRECTORY are taken at send too, as
 * io_uring takes a request's file at submission: each [FD] argument's
 * open file is referenced (sysarg_take_fd), and a call with a path (or
 * the CWD flag) holds the current directory.  In phase 2, fget()
 * (kern_descrip.c), the one lookup of a file by number, sees td_sysargs
 * and is answered from the files taken (sysargs_fget), and a lookup
 * starts from the directory taken (nlookup_cwd, sysargs_cwd).  So a
 * read sent on descriptor 5, then close(5) and an open() that gets 5
 * again before the call runs, reads the file it was sent for; a number
 * with no file at send is the call's EBADF (at its own lookup, in its
 * own order of checks) even if a file is opened on it before the call
 * runs; a chdir after sending does not change what a relative path
 * names.  The access mode (FREAD, FWRITE) is checked by the lookup, as
 * in the synchronous call.  close() in flight closes its number only if
 * the number still holds the file taken (kern_close: EBADF otherwise,
 * as for a number closed since), so it never closes a file opened on
 * the number after the send.  A call that makes a descriptor (open,
 * dup2's target) makes it in the table as it is when the call runs.
 * The references are let go when the message completes or is aborted
 * (sysargs_free, from async_complete, before the result is written: a
 * close() in flight has closed the file when the program sees it done).
 *
 * WHAT IS NOT TAKEN AT SEND.  The rest of the process's state (its
 * credentials, limits, children, the root directory, which no call
 * changes) is read when the call runs.  A buffer is held at send up to
 * SYSARG_HOLD_MAX bytes; the rest of a longer one is held window by
 * window from the process's map when the call reaches it (a map walk:
 * still no address space is adopted), as the synchronous call does.  An
 * access outside every declared argument is EFAULT, a descriptor not
 * declared gets no file (EBADF); kern.async_argfaults counts both (a
 * call whose table row is incomplete).
 *
 * LOCKING: a message's space is made by its sender and then belongs to
 * whoever holds the message (sys/asyncmsg.h); never shared.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/thread.h>
#include <sys/uio.h>
#include <sys/ioctl.h>
#include <sys/file.h>
#include <sys/namecache.h>
#include <sys/nlookup.h>
#include <sys/sysctl.h>
#include <sys/globaldata.h>
#include <sys/sysargs.h>
#include <vm/vm_map.h>

MALLOC_DEFINE(M_SYSARGS, "sysargs", "system-call arguments taken at send");

static int sysargs_faults;		/* [c] accesses outside every arg */
SYSCTL_INT(kern_async_argfaults, "kern.async_argfaults", &sysargs_faults,
    CTLFLAG_RD, "accesses by asynchronous calls in flight to user memory "
    "they did not declare in syscalls.master (EFAULT), since boot");

/* The word (pointer or length) at byte off of the argument struct. */
static inline uint32_t
sysarg_word(const void *args, int off)
{
	uint32_t w;

	memcpy(&w, (const char *)args + off, sizeof(w));
	return (w);
}

/* Copy a string in: as much as copyinstr took, and its answer. */
static void
sysarg_take_str(struct sysargs *sa, struct sysarg_ent *e)
{
	size_t done = 0;

	e->se_copy = kmalloc(PATH_MAX, M_SYSARGS, M_NOWAIT);
	if (e->se_copy == NULL) {
		e->se_error = ENOMEM;
		return;
	}
	sa->sa_kmem += PATH_MAX;
	e->se_strerr = copyinstr((const void *)e->se_uaddr, e->se_copy,
	    PATH_MAX, &done);
	e->se_len = done;
}

/* Copy len bytes in. */
static void
sysarg_take_in(struct sysargs *sa, struct sysarg_ent *e, size_t len)
{
	e->se_copy = kmalloc(len, M_SYSARGS, M_NOWAIT);
	if (e->se_copy == NULL) {
		e->se_error = ENOMEM;
		return;
	}
	sa->sa_kmem += (int)len;
	if (copyin((const void *)e->se_uaddr, e->se_copy, len) != 0)
		e->se_error = EFAULT;
}

/* Hold the first SYSARG_HOLD_MAX bytes of [se_uaddr, + se_len) for the
 * call's access rw (UIO_READ: it stores into them).  A hole is not an
 * error here: the bytes before it are held. */
static void
sysarg_take_hold(struct sysargs *sa, struct sysarg_ent *e, enum uio_rw rw)
{
	size_t len = MIN(e->se_len, SYSARG_HOLD_MAX);
	int error;

	error = uio_hold_user(&e->se_held, sa->sa_proc->p_vmspace,
	    (void *)e->se_uaddr, len, 0, rw);
	if (error == ENOMEM)
		e->se_error = ENOMEM;
	else if (error == 0 && e->se_held.uio_vmiov !=
	    e->se_held.uio_vmiov_inline)
		sa->sa_kmem += e->se_held.uio_vmcnt *
		    (int)sizeof(struct vm_iovec);
	e->se_more = e->se_held.uio_resid == len && e->se_len > len;
}

/* Take descriptor fd of the sender: a reference to its open file now,
 * or the record that it had none (sysargs_fget's NULL: the call's own
 * EBADF, met at its own lookup).  The access mode is checked by that
 * lookup, as the synchronous call checks it. */
static void
sysarg_take_fd(struct sysargs *sa, int fd)
{
	struct sysarg_fd *f = &sa->sa_fds[sa->sa_nfd++];

	KASSERT(sa->sa_nfd <= SYSARG_FDMAX, ("%s: more than %d descriptor "
	    "arguments", __func__, SYSARG_FDMAX));
	f->sf_fd = fd;
	f->sf_fp = fget(sa->sa_proc, fd, 0);
	if (f->sf_fp != NULL)
		fhold(f->sf_fp);
}

/* The space of a call with no argument to take: nothing in it. */
static struct sysargs sysargs_none;

/*
 * Phase 1 of call cmd, whose argument struct (a kernel copy) is args, in
 * the sender: take every pointer argument the table describes into a new
 * space, *sap (see the top of the file).  ENOMEM if there is no memory
 * for the space itself; otherwise 0: what could not be taken is the
 * error of the access that reaches it.  May block (faulting pages in).
 * sysargs_free() undoes it; (*sap)->sa_kmem says what it took.
 */
int
sysargs_take(uint32_t cmd, const void *args, struct sysargs **sap)
{
	const struct sysargtab *st = &sysargtab[cmd];
	struct sysargs *sa;
	int i;

	if (st->st_count == 0 && !st->st_cwd) {
		*sap = &sysargs_none;
		return (0);
	}
	sa = kmalloc(sizeof(*sa), M_SYSARGS, M_NOWAIT | M_ZERO);
	if (sa == NULL)
		return (ENOMEM);
	*sap = sa;
	sa->sa_kmem = sizeof(*sa);
	sa->sa_proc = curproc;
	if (st->st_cwd) {
		sa->sa_cdir = sa->sa_proc->p_fd->fd_cdir;
		cache_hold(sa->sa_cdir);
	}
	for (i = 0; i < st->st_count; i++) {
		const struct sysarg *d = &st->st_args[i];
		struct sysarg_ent *e = &sa->sa_ent[sa->sa_count];
		uint32_t com;

		if (d->sa_kind == SA_FD) {
			sysarg_take_fd(sa, (int)sysarg_word(args, d->sa_off));
			continue;
		}
		KASSERT(sa->sa_count < SYSARG_MAX, ("%s: call %u has more "
		    "than %d pointer arguments", __func__, cmd, SYSARG_MAX));
		uio_init(&e->se_held, NULL, 0, 0, UIO_VMOBJECT, UIO_READ);
		e->se_uaddr = sysarg_word(args, d->sa_off);
		if (e->se_uaddr == 0)
			continue;	/* NULL: the call's own EFAULT, or none */
		sa->sa_count++;
		e->se_kind = d->sa_kind;
		switch (d->sa_kind) {
		case SA_STR:
			sysarg_take_str(sa, e);
			break;
		case SA_IN:
			e->se_len = d->sa_size;
			sysarg_take_in(sa, e, e->se_len);
			break;
		case SA_OUT:
			/* Read-only memory: a probing copyin works, the
			 * copyout fails, as in the synchronous call. */
			e->se_len = d->sa_size;
			sysarg_take_hold(sa, e, UIO_READ);
			if (e->se_held.uio_resid < e->se_len && !e->se_error) {
				uio_release(&e->se_held);
				sysarg_take_hold(sa, e, UIO_WRITE);
				e->se_rdonly = true;
			}
			break;
		case SA_INBUF:
		case SA_OUTBUF:
			e->se_len = sysarg_word(args, d->sa_lenoff);
			sysarg_take_hold(sa, e, d->sa_kind == SA_INBUF ?
			    UIO_WRITE : UIO_READ);
			break;
		case SA_IOCTL:
			com = sysarg_word(args, d->sa_lenoff);
			e->se_len = IOCPARM_LEN(com);
			if (e->se_len == 0)
				break;
			if (com & IOC_IN)
				sysarg_take_in(sa, e, e->se_len);
			if ((com & IOC_OUT) && e->se_error == 0)
				sysarg_take_hold(sa, e, UIO_READ);
			break;
		}
	}
	return (0);
}

/* Let go of everything sysargs_take() took, sa itself included (NULL:
 * nothing).  Any thread that may block: the last reference to a file
 * closes it (a device's close waits for its driver). */
void
sysargs_free(struct sysargs *sa)
{
	int i;

	if (sa == NULL || sa == &sysargs_none)
		return;
	for (i = 0; i < sa->sa_count; i++) {
		struct sysarg_ent *e = &sa->sa_ent[i];

		uio_release(&e->se_held);
		if (e->se_copy != NULL)
			kfree(e->se_copy, M_SYSARGS);
	}
	for (i = 0; i < sa->sa_nfd; i++) {
		if (sa->sa_fds[i].sf_fp != NULL)
			fdrop(sa->sa_fds[i].sf_fp);
	}
	if (sa->sa_cdir != NULL)
		cache_drop(sa->sa_cdir);
	kfree(sa, M_SYSARGS);
}

/* ---- phase 2: the call's accesses --------------------------------------- */

/* An access the call did not declare (counted). */
static void
sysargs_fault(void)
{
	crit_enter();
	sysargs_faults++;
	crit_exit();
}

/* The entry of the running call's space that covers [uaddr, uaddr + len),
 * or NULL (counted). */
static struct sysarg_ent *
sysarg_find(vm_offset_t uaddr, size_t len)
{
	struct sysargs *sa = curthread->td_sysargs;
	int i;

	for (i = 0; i < sa->sa_count; i++) {
		struct sysarg_ent *e = &sa->sa_ent[i];

		if (uaddr >= e->se_uaddr && uaddr - e->se_uaddr <= e->se_len &&
		    len <= e->se_len - (uaddr - e->se_uaddr))
			return (e);
	}
	sysargs_fault();
	return (NULL);
}

/* Hold [ubuf, ubuf + len) of the process as its map has it now (past
 * what phase 1 held of a long buffer): uio_hold_user() itself, with
 * td_sysargs cleared around it so that it does not come back here. */
static int
sysarg_hold_now(struct uio *uio, struct vmspace *vm, void *ubuf, size_t len,
    off_t off, enum uio_rw rw)
{
	struct sysargs *sa = curthread->td_sysargs;
	int error;

	curthread->td_sysargs = NULL;
	error = uio_hold_user(uio, vm, ubuf, len, off, rw);
	curthread->td_sysargs = sa;
	return (error);
}

/*
 * Move len bytes at byte off of e's held buffer (tohold: into it), held
 * or beyond what phase 1 held (a long buffer: held from the process's
 * map now, for this move).  EFAULT past a hole.
 */
static int
sysarg_move(struct sysarg_ent *e, size_t off, void *k, size_t len,
    bool tohold)
{
	struct uio more;
	size_t held = e->se_held.uio_resid;
	int error;

	if (off + len <= held) {
		if (tohold)
			uio_held_write(&e->se_held, off, k, len);
		else
			uio_held_read(&e->se_held, off, k, len);
		return (0);
	}
	if (!e->se_more)
		return (EFAULT);
	error = sysarg_hold_now(&more, curproc->p_vmspace,
	    (char *)e->se_uaddr + off, len, 0,
	    tohold ? UIO_READ : UIO_WRITE);
	if (error == 0 && more.uio_resid != len)
		error = EFAULT;
	if (error == 0 && tohold)
		uio_held_write(&more, 0, k, len);
	else if (error == 0)
		uio_held_read(&more, 0, k, len);
	uio_release(&more);
	return (error);
}

/* copyin() for a call running on its arguments (copyin's fault path,
 * support.S, jumps here). */
int
sysargs_copyin(const void *uaddr, void *kaddr, size_t len)
{
	struct sysarg_ent *e;
	size_t off;

	if (len == 0)
		return (0);
	if ((e = sysarg_find((vm_offset_t)uaddr, len)) == NULL)
		return (EFAULT);
	if (e->se_error)
		return (e->se_error);
	off = (vm_offset_t)uaddr - e->se_uaddr;
	if (e->se_copy != NULL) {
		memcpy(kaddr, e->se_copy + off, len);
		return (0);
	}
	return (sysarg_move(e, off, kaddr, len, false));
}

/* copyout() for a call running on its arguments: into held pages only
 * (an [IN] struct is not written back). */
int
sysargs_copyout(const void *kaddr, void *uaddr, size_t len)
{
	struct sysarg_ent *e;

	if (len == 0)
		return (0);
	if ((e = sysarg_find((vm_offset_t)uaddr, len)) == NULL)
		return (EFAULT);
	if (e->se_error)
		return (e->se_error);
	if ((e->se_held.uio_resid == 0 && !e->se_more) || e->se_rdonly)
		return (EFAULT);
	return (sysarg_move(e, (vm_offset_t)uaddr - e->se_uaddr,
	    (void *)kaddr, len, true));
}

/*
 * copyinstr() for a call running on its arguments: the string taken at
 * send, with the answer copyinstr would have given for this max (the
 * string is replayed: a max shorter than it is ENAMETOOLONG, a fault
 * phase 1 met is EFAULT after the bytes before it).
 */
int
sysargs_copyinstr(const void *uaddr, char *kaddr, size_t max, size_t *done)
{
	struct sysargs *sa = curthread->td_sysargs;
	struct sysarg_ent *e = NULL;
	size_t n;
	int i, error;

	for (i = 0; i < sa->sa_count; i++) {
		if (sa->sa_ent[i].se_uaddr == (vm_offset_t)uaddr &&
		    sa->sa_ent[i].se_kind == SA_STR) {
			e = &sa->sa_ent[i];
			break;
		}
	}
	if (e == NULL || e->se_error) {
		if (e == NULL)
			sysargs_fault();
		if (done != NULL)
			*done = 0;
		return (e == NULL ? EFAULT : e->se_error);
	}
	n = MIN(e->se_len, max);
	memcpy(kaddr, e->se_copy, n);
	if (e->se_strerr == 0 && e->se_len <= max)
		error = 0;
	else if (n == max)
		error = ENAMETOOLONG;	/* no NUL within max */
	else
		error = e->se_strerr;
	if (done != NULL)
		*done = n;
	return (error);
}

/*
 * uio_hold_user() of vm by a call running on its arguments: of the
 * process's own memory, its buffer's held pages for [ubuf, ubuf + len),
 * or of what of it lies before a hole; beyond SYSARG_HOLD_MAX, the
 * process's pages now.  EFAULT if none.  Of another space (none of
 * today's calls), the pages as that map has them.
 */
int
sysargs_hold(struct uio *uio, struct vmspace *vm, void *ubuf, size_t len,
    off_t off, enum uio_rw rw)
{
	struct sysarg_ent *e;
	size_t at, held;

	if (vm != curproc->p_vmspace)
		return (sysarg_hold_now(uio, vm, ubuf, len, off, rw));
	uio_init(uio, NULL, 0, off, UIO_VMOBJECT, rw);
	if (len == 0)
		return (0);
	if ((e = sysarg_find((vm_offset_t)ubuf, len)) == NULL)
		return (EFAULT);
	if (e->se_error)
		return (e->se_error);
	at = (vm_offset_t)ubuf - e->se_uaddr;
	held = e->se_held.uio_resid;
	if (at + len > held && e->se_more)
		return (sysarg_hold_now(uio, vm, ubuf, len, off, rw));
	if (at >= held)
		return (EFAULT);
	return (uio_hold_sub(uio, &e->se_held, at, MIN(len, held - at), off,
	    rw));
}

/*
 * fget() for a call running on its arguments: the file descriptor fd of
 * p had when the message was sent (taken by sysarg_take_fd), with the
 * access check fget makes (flag), or NULL: no file then, the wrong
 * access, or a descriptor the call did not declare [FD] (counted).  The
 * table as it is now is not looked at.
 */
struct file *
sysargs_fget(struct proc *p, int fd, int flag)
{
	struct sysargs *sa = curthread->td_sysargs;
	struct file *fp;
	int i;

	KASSERT(p == sa->sa_proc, ("%s: another process's descriptor",
	    __func__));
	for (i = 0; i < sa->sa_nfd; i++) {
		if (sa->sa_fds[i].sf_fd == fd) {
			fp = sa->sa_fds[i].sf_fp;
			if (fp == NULL || (fp->f_flag & flag) != flag)
				return (NULL);
			return (fp);
		}
	}
	sysargs_fault();
	return (NULL);
}

/*
 * The current directory a call running on its arguments resolves from:
 * the one held at send.  A call that did not declare it (no string
 * argument, no CWD flag) gets the process's directory of the moment
 * (counted).
 */
struct namecache *
sysargs_cwd(void)
{
	struct sysargs *sa = curthread->td_sysargs;

	if (sa->sa_cdir != NULL)
		return (sa->sa_cdir);
	sysargs_fault();
	return (sa->sa_proc->p_fd->fd_cdir);
}
