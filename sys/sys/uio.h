/*
 * sys/uio.h - a description of an I/O transfer.
 *
 * A uio names one buffer, in user or kernel space, the bytes still to
 * move (uio_resid) and the file offset they start at.  uiomove() copies
 * between a kernel address and the buffer and advances all three; a user
 * buffer goes through copyin/copyout, so a bad pointer is EFAULT with the
 * bytes already moved counted.  (The VM-object iovec issue adds segments
 * of (vm_object, offset, extent).)
 */
#ifndef _SYS_UIO_H_
#define _SYS_UIO_H_

#include <sys/types.h>

enum uio_seg { UIO_USERSPACE, UIO_SYSSPACE };
enum uio_rw { UIO_READ, UIO_WRITE };	/* READ: into the buffer */

struct uio {
	char		*uio_buf;	/* the next byte of the buffer */
	size_t		uio_resid;	/* bytes left */
	off_t		uio_offset;	/* file offset of uio_buf */
	enum uio_seg	uio_segflg;
	enum uio_rw	uio_rw;
};

#ifdef _KERNEL
int	uiomove(void *kaddr, size_t n, struct uio *uio);
void	uio_init(struct uio *uio, void *buf, size_t len, off_t off,
	    enum uio_seg seg, enum uio_rw rw);
#endif

#endif /* !_SYS_UIO_H_ */
