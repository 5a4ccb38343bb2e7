/*
 * sys_generic.c - read, write, pread, pwrite.
 *
 * Each checks the descriptor and the size, describes the user buffer
 * with a uio, and lets the file's operation move the data.  A bad
 * pointer gives EFAULT; if some bytes moved before a fault or a signal,
 * the count is returned instead (POSIX allows either for the fault).
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
	int error;

	if (fp == NULL)
		return (EBADF);
	if (nbyte > IO_MAX)
		return (EINVAL);
	if ((flags & FOF_OFFSET) && (fp->f_type != DTYPE_VNODE))
		return (ESPIPE);
	if ((flags & FOF_OFFSET) && offset < 0)
		return (EINVAL);
	uio_init(&uio, buf, nbyte, offset, UIO_USERSPACE, rw);
	if (rw == UIO_READ)
		error = fp->f_ops->fo_read(fp, &uio, flags);
	else
		error = fp->f_ops->fo_write(fp, &uio, flags);
	if (error != 0 && uio.uio_resid < nbyte &&
	    (error == EINTR || error == EFAULT))
		error = 0;
	sysmsg->sm_retval = (int64_t)(nbyte - uio.uio_resid);
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
