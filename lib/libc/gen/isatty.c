/* isatty.c - a descriptor is a terminal if the kernel says its device is
 * one (FIODTYPE: from the device's SI_TTY flag). */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <errno.h>

int
isatty(int fd)
{
	int type;

	if (ioctl(fd, FIODTYPE, &type) != 0)
		return (0);			/* errno: EBADF or ENOTTY */
	if ((type & D_TTY) == 0) {
		errno = ENOTTY;
		return (0);
	}
	return (1);
}
