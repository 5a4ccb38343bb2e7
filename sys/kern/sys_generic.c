/*
 * sys_generic.c - read, write, pread, pwrite, ioctl.
 *
 * Each checks the descriptor and the size, describes the user buffer
 * with a uio, and lets the file's operation move the data.  A buffer of
 * at least vm.uio_iovec_min bytes becomes a VM-object iovec (unless
 * vm.uio_path is 0): its pages are resolved and held before the file is
 * touched (kern_uio.c).  A bad pointer gives EFAULT; if some bytes moved
 * before a fault or a signal, the count is returned instead (POSIX allows
 * either for the fault).  With an iovec the buffer is cut at its first
 * bad page, so the count is exactly the bytes before it.
 *
 * ioctl copies its argument in and out here, by the size and direction
 * the command encodes (sys/ioctl.h), so that the file's operation, and
 * the driver behind it, only ever sees kernel memory.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/file.h>
#include <sys/uio.h>
#include <sys/vnode.h>
#include <sys/param.h>
#include <sys/proc.h>
#include <sys/sysmsg.h>
#include <sys/globaldata.h>
#include <sys/malloc.h>
#include <sys/ioctl.h>
#include <sys/agent.h>

MALLOC_DEFINE(M_IOCTLOPS, "ioctlops", "ioctl arguments of more than 128 bytes");

#define IO_MAX	0x7fffffff

/*
 * A buffer is held UIO_HOLD_MAX bytes at a time: a huge read costs kernel
 * memory for its page list in proportion to the window, not to the
 * request.  A write goes on with the next window while each one is
 * taken whole (a blocking write writes everything, a pipe's included),
 * and so does a read of a regular file or a disk (a 5 MiB read of a disk
 * returns 5 MiB, as of a file); any other read (a pipe, a terminal)
 * returns after the first window that moved something, as it would
 * anyway.
 */
#define UIO_HOLD_MAX	(256 * PAGE_SIZE)

/* The four calls' common body, inlined into each so that the direction
 * and the offset flag are constants. */
static __always_inline int
dofileio(struct sysmsg *sysmsg, int fd, void *buf, size_t nbyte,
    off_t offset, int flags, enum uio_rw rw)
{
	struct file *fp = fget(curproc, fd, rw == UIO_READ ? FREAD : FWRITE);
	struct uio uio;
	size_t done = 0, len, win, moved;
	int error;

	if (fp == NULL)
		return (EBADF);
	if (nbyte > IO_MAX)
		return (EINVAL);
	if ((flags & FOF_OFFSET) && (fp->f_type != DTYPE_VNODE))
		return (ESPIPE);
	if ((flags & FOF_OFFSET) && offset < 0)
		return (EINVAL);
	/* A disk's transfer waits for the device, uninterruptibly: a call
	 * tried without sleeping (an asynchronous TRY, kern_async.c) is
	 * refused before it starts, and goes in flight. */
	if (__predict_false(tsleep_refused(curthread)) && vn_disk(fp) != NULL)
		return (tsleep(fp, PCATCH, "diskio", 0));
	/* buf and offset move on with each window; done counts. */
	for (;;) {
		win = nbyte - done;
		if (uio_path && win >= (size_t)uio_iovec_min && win > 0) {
			win = MIN(win, UIO_HOLD_MAX);
			error = uio_hold_user(&uio, curproc->p_vmspace, buf, win,
			    offset, rw);
			if (error) {
				uio_release(&uio);
				break;
			}
			len = uio.uio_resid;	/* less if the buffer has a hole */
		} else {
			uio_init(&uio, buf, win, offset, UIO_USERSPACE, rw);
			len = win;
		}
		if (rw == UIO_READ)
			error = fp->f_ops->fo_read(fp, &uio, flags);
		else
			error = fp->f_ops->fo_write(fp, &uio, flags);
		uio_release(&uio);
		moved = len - uio.uio_resid;
		done += moved;
		if (error == 0 && len < win)
			error = EFAULT;		/* the hole the hold stopped at */
		if (error != 0 || uio.uio_resid != 0 || done == nbyte)
			break;
		if (rw == UIO_READ && (fp->f_type != DTYPE_VNODE ||
		    (((struct vnode *)fp->f_data)->v_type != VREG &&
		    vn_disk(fp) == NULL)))
			break;
		buf = (char *)buf + moved;
		offset += (off_t)moved;
	}
	sysmsg->sm_retval = (int64_t)done;
	return (uio_partial_error(error, done));
}

int
sys_read(struct sysmsg *sysmsg, const struct read_args *uap)
{
	return (dofileio(sysmsg, uap->fd, uap->buf, uap->nbyte, 0, 0,
	    UIO_READ));
}

int
sys_write(struct sysmsg *sysmsg, const struct write_args *uap)
{
	return (dofileio(sysmsg, uap->fd, (void *)uap->buf, uap->nbyte, 0, 0,
	    UIO_WRITE));
}

int
sys_pread(struct sysmsg *sysmsg, const struct pread_args *uap)
{
	return (dofileio(sysmsg, uap->fd, uap->buf, uap->nbyte, uap->offset,
	    FOF_OFFSET, UIO_READ));
}

int
sys_pwrite(struct sysmsg *sysmsg, const struct pwrite_args *uap)
{
	return (dofileio(sysmsg, uap->fd, (void *)uap->buf, uap->nbyte,
	    uap->offset, FOF_OFFSET, UIO_WRITE));
}

/*
 * ioctl(fd, com, data): check the command's encoding (ENOTTY if it has
 * no direction, or IOC_VOID with another direction or a size), copy an
 * IOC_IN argument in (EFAULT), let the file's operation act on the
 * kernel copy (ENOTTY for anything but a device), copy an IOC_OUT
 * argument out if it succeeded (EFAULT).  An IOC_OUT-only argument
 * starts zeroed, so no kernel bytes leak out.
 */
int
sys_ioctl(struct sysmsg *sysmsg, const struct ioctl_args *uap)
{
	struct file *fp = fget(curproc, uap->fd, 0);
	u_long com = uap->com;
	size_t size = IOCPARM_LEN(com);
	uint64_t sbuf[16];		/* small arguments: on the stack */
	void *data = NULL;
	int error;

	if (fp == NULL)
		return (EBADF);
	if ((com & IOC_DIRMASK) == 0 || ((com & IOC_VOID) &&
	    ((com & IOC_INOUT) != 0 || size != 0)))
		return (ENOTTY);
	if (fp->f_ops->fo_ioctl == NULL || com == DRVIOC_SYSCTL)
		return (ENOTTY);	/* DRVIOC_SYSCTL: the kernel's alone */
	if (size > sizeof(sbuf)) {
		data = kmalloc(size, M_IOCTLOPS, M_NOWAIT | M_ZERO);
		if (data == NULL)
			return (ENOMEM);
	} else if (size > 0) {
		data = sbuf;
		memset(data, 0, size);
	}
	error = 0;
	if (com & IOC_IN)
		error = copyin(uap->data, data, size);
	if (error == 0)
		error = fp->f_ops->fo_ioctl(fp, com, data);
	if (error == 0 && (com & IOC_OUT))
		error = copyout(data, uap->data, size);
	if (data != NULL && data != sbuf)
		kfree(data, M_IOCTLOPS);
	sysmsg->sm_retval = 0;
	return (error);
}
