/*
 * sys/ttycom.h - the terminal ioctls (sys/ioctl.h's encoding, BSD's
 * numbers) and the window size.  Included by sys/ioctl.h and
 * sys/termios.h; the termios ones need struct termios (sys/termios.h).
 *
 * The line discipline's (any process with the terminal open):
 *   TIOCGETA    struct termios out
 *   TIOCSETA    struct termios in, at once (tcsetattr TCSANOW)
 *   TIOCSETAW   after the output drains (TCSADRAIN)
 *   TIOCSETAF   after the output drains, unread input discarded (TCSAFLUSH)
 *   TIOCFLUSH   int in: FREAD, FWRITE or both (0 is both); else EINVAL
 *   TIOCDRAIN   wait for the output to be written
 *   TIOCGWINSZ  struct winsize out (the console starts at 80x25)
 *   TIOCSWINSZ  struct winsize in; a change sends SIGWINCH to the
 *               foreground process group, if the kernel has that signal
 *   FIONREAD    int out: bytes a read would return now (sys/ioctl.h)
 * The session's (the process side, sys/kern/tty.c's tty_jobctl):
 *   TIOCSCTTY   make this terminal the caller's controlling terminal
 *               (a session leader without one; EPERM otherwise)
 *   TIOCNOTTY   give up the controlling terminal
 *   TIOCGPGRP   int out: the foreground process group (tcgetpgrp)
 *   TIOCSPGRP   int in: set it (tcsetpgrp): a group of the caller's
 *               session (EPERM), a positive id (EINVAL)
 *   TIOCGSID    int out: the session leader's id (tcgetsid)
 * The session's calls on a terminal that is not the caller's
 * controlling terminal are ENOTTY.
 */
#ifndef _SYS_TTYCOM_H_
#define _SYS_TTYCOM_H_

#include <sys/ioctl.h>

struct winsize {
	unsigned short	ws_row;		/* rows, in characters */
	unsigned short	ws_col;		/* columns, in characters */
	unsigned short	ws_xpixel;	/* width, in pixels (unused) */
	unsigned short	ws_ypixel;	/* height, in pixels (unused) */
};

#define TIOCFLUSH	_IOW('t', 16, int)
#define TIOCGETA	_IOR('t', 19, struct termios)
#define TIOCSETA	_IOW('t', 20, struct termios)
#define TIOCSETAW	_IOW('t', 21, struct termios)
#define TIOCSETAF	_IOW('t', 22, struct termios)
#define TIOCDRAIN	_IO('t', 94)
#define TIOCSCTTY	_IO('t', 97)
#define TIOCGSID	_IOR('t', 99, int)
#define TIOCSWINSZ	_IOW('t', 103, struct winsize)
#define TIOCGWINSZ	_IOR('t', 104, struct winsize)
#define TIOCNOTTY	_IO('t', 113)
#define TIOCSPGRP	_IOW('t', 118, int)
#define TIOCGPGRP	_IOR('t', 119, int)
/* A pseudo-terminal's master: the unit number N of its slave /dev/ttypN. */
#define TIOCGPTN	_IOR('t', 15, int)

#endif /* !_SYS_TTYCOM_H_ */
