/*
 * sys_generic.c - read and write.
 *
 * sys_read/sys_write check the descriptor and the size; the file's own
 * operation copies to or from the user buffer (bad pointers give EFAULT,
 * with the partial count discarded as POSIX allows).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/file.h>
#include <sys/proc.h>
#include <sys/sysmsg.h>
#include <sys/globaldata.h>

#define IO_MAX	0x7fffffff

int
sys_read(struct sysmsg *sysmsg, const struct read_args *uap)
{
	struct file *fp = fget(curproc, uap->fd, FREAD);
	size_t done = 0;
	int error;

	if (fp == NULL)
		return (EBADF);
	if (uap->nbyte > IO_MAX)
		return (EINVAL);
	error = fp->f_ops->fo_read(fp, uap->buf, uap->nbyte, &done);
	if (error == EINTR && done > 0)
		error = 0;
	sysmsg->sm_retval = (int64_t)done;
	return (error);
}

int
sys_write(struct sysmsg *sysmsg, const struct write_args *uap)
{
	struct file *fp = fget(curproc, uap->fd, FWRITE);
	size_t done = 0;
	int error;

	if (fp == NULL)
		return (EBADF);
	if (uap->nbyte > IO_MAX)
		return (EINVAL);
	error = fp->f_ops->fo_write(fp, uap->buf, uap->nbyte, &done);
	sysmsg->sm_retval = (int64_t)done;
	return (error);
}
