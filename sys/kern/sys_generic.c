/*
 * sys_generic.c - read, write, pread, pwrite.
 *
 * Each checks the descriptor and the size, describes the user buffer
 * with a uio, and lets the file's operation move the data.  A buffer of
 * at least vm.uio_iovec_min bytes becomes a VM-object iovec (unless
 * vm.uio_path is 0): its pages are resolved and held before the file is
 * touched (kern_uio.c).  A bad pointer gives EFAULT; if some bytes moved
 * before a fault or a signal, the count is returned instead (POSIX allows
 * either for the fault).  With an iovec the buffer is cut at its first
 * bad page, so the count is exactly the bytes before it.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/file.h>
#include <sys/uio.h>
#include <sys/proc.h>
#include <sys/sysmsg.h>
#include <sys/globaldata.h>

#define IO_MAX	0x7fffffff

static int
dofileio(struct sysmsg *sysmsg, int fd, void *buf, size_t nbyte,
    off_t offset, int flags, enum uio_rw rw)
{
	struct file *fp = fget(curproc, fd, rw == UIO_READ ? FREAD : FWRITE);
	struct uio uio;
	size_t len = nbyte;
	int error;

	if (fp == NULL)
		return (EBADF);
	if (nbyte > IO_MAX)
		return (EINVAL);
	if ((flags & FOF_OFFSET) && (fp->f_type != DTYPE_VNODE))
		return (ESPIPE);
	if ((flags & FOF_OFFSET) && offset < 0)
		return (EINVAL);
	if (uio_path && nbyte >= (size_t)uio_iovec_min && nbyte > 0) {
		error = uio_hold_user(&uio, curproc->p_vmspace, buf, nbyte,
		    offset, rw);
		if (error)
			return (error);
		len = uio.uio_resid;	/* less if the buffer has a hole */
	} else {
		uio_init(&uio, buf, nbyte, offset, UIO_USERSPACE, rw);
	}
	if (rw == UIO_READ)
		error = fp->f_ops->fo_read(fp, &uio, flags);
	else
		error = fp->f_ops->fo_write(fp, &uio, flags);
	if (error != 0 && uio.uio_resid < len &&
	    (error == EINTR || error == EFAULT))
		error = 0;
	sysmsg->sm_retval = (int64_t)(len - uio.uio_resid);
	uio_release(&uio);
	return (error);
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
