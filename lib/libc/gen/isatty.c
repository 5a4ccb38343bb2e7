/* isatty.c - a descriptor is a terminal if it is a character device. */
#include <sys/types.h>
#include <sys/stat.h>
#include <unistd.h>
#include <errno.h>

int
isatty(int fd)
{
	struct stat sb;

	if (fstat(fd, &sb) != 0)
		return (0);
	if (!S_ISCHR(sb.st_mode)) {
		errno = ENOTTY;
		return (0);
	}
	return (1);
}
