/*
 * pty.c - pseudo-terminals (pty.h): the kernel's fixed pairs
 * /dev/ptypN (master) and /dev/ttypN (slave), sys/kern/tty_pty.c.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>
#include <errno.h>
#include <pty.h>

#define PTY_MAXUNITS	64		/* more than the kernel has */

/* A free master: the first /dev/ptypN that is not EBUSY. */
int
posix_openpt(int flags)
{
	char name[16];
	int n, fd;

	for (n = 0; n < PTY_MAXUNITS; n++) {
		snprintf(name, sizeof(name), "/dev/ptyp%d", n);
		fd = open(name, flags & (O_RDWR | O_NOCTTY | O_NONBLOCK));
		if (fd >= 0)
			return (fd);
		if (errno != EBUSY)
			break;
	}
	errno = EAGAIN;
	return (-1);
}

char *
ptsname(int fd)
{
	static char name[16];
	int unit;

	if (ioctl(fd, TIOCGPTN, &unit) != 0)
		return (NULL);
	snprintf(name, sizeof(name), "/dev/ttyp%d", unit);
	return (name);
}

int
grantpt(int fd)
{
	int unit;

	return (ioctl(fd, TIOCGPTN, &unit));
}

int
unlockpt(int fd)
{
	return (grantpt(fd));
}

int
openpty(int *amaster, int *aslave, char *name, const struct termios *t,
    const struct winsize *w)
{
	char *slave;
	int m, s;

	m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0)
		return (-1);
	slave = ptsname(m);
	if (slave == NULL || (s = open(slave, O_RDWR | O_NOCTTY)) < 0)
		goto fail;
	if ((t != NULL && tcsetattr(s, TCSANOW, t) != 0) ||
	    (w != NULL && ioctl(s, TIOCSWINSZ, (void *)w) != 0)) {
		close(s);
		goto fail;
	}
	if (name != NULL)
		strcpy(name, slave);
	*amaster = m;
	*aslave = s;
	return (0);
fail:
	close(m);
	return (-1);
}
