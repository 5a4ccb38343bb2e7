/*
 * sys/ioctl.h - ioctl(2) and the encoding of its commands.
 *
 * As BSD encodes them, the direction and the size of the argument are
 * part of the command number, so the kernel copies the argument in and
 * out without knowing the command, and a driver gets it in kernel
 * memory (sys/device.h):
 *
 *	bits 31..29	direction: IOC_VOID (no argument), IOC_OUT (copied
 *			out after the driver's reply, if it succeeded),
 *			IOC_IN (copied in before)
 *	bits 28..16	size of the argument (at most IOCPARM_MAX)
 *	bits 15..8	group (a letter)
 *	bits 7..0	number
 *
 * A command with no direction bit, IOC_VOID with another direction or a
 * size, or any command on something that is not a device, is ENOTTY.
 */
#ifndef _SYS_IOCTL_H_
#define _SYS_IOCTL_H_

#include <sys/types.h>

#define IOCPARM_MASK	0x1fff
#define IOCPARM_MAX	IOCPARM_MASK
#define IOCPARM_LEN(x)	(((x) >> 16) & IOCPARM_MASK)
#define IOC_VOID	0x20000000ul
#define IOC_OUT		0x40000000ul
#define IOC_IN		0x80000000ul
#define IOC_INOUT	(IOC_IN | IOC_OUT)
#define IOC_DIRMASK	(IOC_VOID | IOC_OUT | IOC_IN)
#define _IOC(dir, g, n, len) \
	((dir) | (((len) & IOCPARM_MASK) << 16) | ((g) << 8) | (n))
#define _IO(g, n)		_IOC(IOC_VOID, (g), (n), 0)
#define _IOR(g, n, t)		_IOC(IOC_OUT, (g), (n), sizeof(t))
#define _IOW(g, n, t)		_IOC(IOC_IN, (g), (n), sizeof(t))
#define _IOWR(g, n, t)		_IOC(IOC_INOUT, (g), (n), sizeof(t))

/*
 * Every device: the kind of device, answered by the kernel from the
 * device's flags without asking the driver (isatty() asks for D_TTY).
 */
#define FIODTYPE	_IOR('f', 122, int)
#define D_TTY		0x0001
#define D_DISK		0x0002
/* Bytes a read would return now, without waiting (terminals). */
#define FIONREAD	_IOR('f', 127, int)

/* Disks (every disk and partition answers them). */
#define DIOCGSECTORSIZE	_IOR('d', 128, uint32_t)  /* bytes per sector */
#define DIOCGMEDIASIZE	_IOR('d', 129, off_t)	  /* bytes in all */
/* A whole disk (not a partition): read its partition table again and
 * make its partitions match it (EBUSY while one is open). */
#define DIOCRESCAN	_IO('d', 130)

#include <sys/ttycom.h>		/* the terminal ioctls */

#ifndef _KERNEL
int	ioctl(int fd, unsigned long request, void *arg);
#endif

#endif /* !_SYS_IOCTL_H_ */
