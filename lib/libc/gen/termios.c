/*
 * termios.c - the POSIX terminal functions, each an ioctl on the
 * descriptor (sys/ttycom.h lists them and what the kernel does), and the
 * cf* functions, which only edit a struct termios.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/fcntl.h>
#include <termios.h>
#include <unistd.h>
#include <string.h>
#include <errno.h>

int
tcgetattr(int fd, struct termios *t)
{
	return (ioctl(fd, TIOCGETA, t));
}

/* TCSANOW, TCSADRAIN or TCSAFLUSH, optionally | TCSASOFT (keep the
 * control flags and the speeds); anything else is EINVAL. */
int
tcsetattr(int fd, int optional_actions, const struct termios *t)
{
	struct termios soft;
	unsigned long cmd;

	if (optional_actions & TCSASOFT) {
		if (ioctl(fd, TIOCGETA, &soft) != 0)
			return (-1);
		memcpy(soft.c_cc, t->c_cc, sizeof(soft.c_cc));
		soft.c_iflag = t->c_iflag;
		soft.c_oflag = t->c_oflag;
		soft.c_lflag = t->c_lflag;
		t = &soft;
		optional_actions &= ~TCSASOFT;
	}
	switch (optional_actions) {
	case TCSANOW:
		cmd = TIOCSETA;
		break;
	case TCSADRAIN:
		cmd = TIOCSETAW;
		break;
	case TCSAFLUSH:
		cmd = TIOCSETAF;
		break;
	default:
		errno = EINVAL;
		return (-1);
	}
	return (ioctl(fd, cmd, (void *)t));
}

int
tcdrain(int fd)
{
	return (ioctl(fd, TIOCDRAIN, NULL));
}

/* No flow control: a valid action on a terminal does nothing. */
int
tcflow(int fd, int action)
{
	struct termios t;

	if (tcgetattr(fd, &t) != 0)
		return (-1);
	if (action < TCOOFF || action > TCION) {
		errno = EINVAL;
		return (-1);
	}
	return (0);
}

int
tcflush(int fd, int queue_selector)
{
	int which;

	switch (queue_selector) {
	case TCIFLUSH:
		which = FREAD;
		break;
	case TCOFLUSH:
		which = FWRITE;
		break;
	case TCIOFLUSH:
		which = FREAD | FWRITE;
		break;
	default:
		errno = EINVAL;
		return (-1);
	}
	return (ioctl(fd, TIOCFLUSH, &which));
}

/* No break condition to send: success on a terminal. */
int
tcsendbreak(int fd, int duration)
{
	struct termios t;

	(void)duration;
	return (tcgetattr(fd, &t));
}

pid_t
tcgetsid(int fd)
{
	int sid;

	if (ioctl(fd, TIOCGSID, &sid) != 0)
		return (-1);
	return (sid);
}

pid_t
tcgetpgrp(int fd)
{
	int pgrp;

	if (ioctl(fd, TIOCGPGRP, &pgrp) != 0)
		return (-1);
	return (pgrp);
}

int
tcsetpgrp(int fd, pid_t pgrp)
{
	int id = pgrp;

	return (ioctl(fd, TIOCSPGRP, &id));
}

int
tcgetwinsize(int fd, struct winsize *w)
{
	return (ioctl(fd, TIOCGWINSZ, w));
}

int
tcsetwinsize(int fd, const struct winsize *w)
{
	return (ioctl(fd, TIOCSWINSZ, (void *)w));
}

speed_t
cfgetispeed(const struct termios *t)
{
	return (t->c_ispeed);
}

speed_t
cfgetospeed(const struct termios *t)
{
	return (t->c_ospeed);
}

static int
cf_valid(speed_t speed)
{
	static const speed_t speeds[] = { B0, B50, B75, B110, B134, B150,
	    B200, B300, B600, B1200, B1800, B2400, B4800, B9600, B19200,
	    B38400, B57600, B115200, B230400 };
	size_t i;

	for (i = 0; i < sizeof(speeds) / sizeof(speeds[0]); i++) {
		if (speeds[i] == speed)
			return (1);
	}
	errno = EINVAL;
	return (0);
}

int
cfsetispeed(struct termios *t, speed_t speed)
{
	if (!cf_valid(speed))
		return (-1);
	t->c_ispeed = speed;
	return (0);
}

int
cfsetospeed(struct termios *t, speed_t speed)
{
	if (!cf_valid(speed))
		return (-1);
	t->c_ospeed = speed;
	return (0);
}

int
cfsetspeed(struct termios *t, speed_t speed)
{
	if (!cf_valid(speed))
		return (-1);
	t->c_ispeed = t->c_ospeed = speed;
	return (0);
}

/* Raw mode: bytes as they come, one at a time, no echo, no signals, no
 * output processing. */
void
cfmakeraw(struct termios *t)
{
	t->c_iflag &= ~(IMAXBEL | IXOFF | INPCK | BRKINT | PARMRK | ISTRIP |
	    INLCR | IGNCR | ICRNL | IXON | IGNPAR);
	t->c_iflag |= IGNBRK;
	t->c_oflag &= ~OPOST;
	t->c_lflag &= ~(ECHO | ECHOE | ECHOK | ECHONL | ICANON | ISIG |
	    IEXTEN | NOFLSH | TOSTOP | PENDIN);
	t->c_cflag &= ~(CSIZE | PARENB);
	t->c_cflag |= CS8 | CREAD;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}

/* The modes a terminal starts with (the kernel's defaults, tty.c). */
void
cfmakesane(struct termios *t)
{
	memset(t, 0, sizeof(*t));
	t->c_iflag = ICRNL | IXON | IMAXBEL;
	t->c_oflag = OPOST | ONLCR;
	t->c_cflag = CREAD | CS8 | HUPCL;
	t->c_lflag = ECHO | ECHOE | ECHOK | ECHOKE | ECHOCTL | ICANON |
	    ISIG | IEXTEN;
	t->c_cc[VEOF] = 'D' & 0x1f;
	t->c_cc[VEOL] = _POSIX_VDISABLE;
	t->c_cc[VEOL2] = _POSIX_VDISABLE;
	t->c_cc[VERASE] = 0x7f;
	t->c_cc[VWERASE] = 'W' & 0x1f;
	t->c_cc[VKILL] = 'U' & 0x1f;
	t->c_cc[VREPRINT] = 'R' & 0x1f;
	t->c_cc[VERASE2] = 'H' & 0x1f;
	t->c_cc[VINTR] = 'C' & 0x1f;
	t->c_cc[VQUIT] = '\\' & 0x1f;
	t->c_cc[VSUSP] = 'Z' & 0x1f;
	t->c_cc[11] = _POSIX_VDISABLE;
	t->c_cc[VSTART] = 'Q' & 0x1f;
	t->c_cc[VSTOP] = 'S' & 0x1f;
	t->c_cc[VLNEXT] = 'V' & 0x1f;
	t->c_cc[VDISCARD] = 'O' & 0x1f;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
	t->c_cc[VSTATUS] = 'T' & 0x1f;
	t->c_cc[19] = _POSIX_VDISABLE;
	t->c_ispeed = t->c_ospeed = B115200;
}
