/*
 * termios.h - the terminal interface (POSIX), over the kernel's
 * sys/termios.h (struct termios, the flags, the ioctls: one definition,
 * the kernel's).  The functions are lib/libc/gen/termios.c: each is an
 * ioctl on the descriptor (tcgetattr is TIOCGETA, tcsetattr TIOCSETA,
 * TIOCSETAW or TIOCSETAF, tcgetpgrp TIOCGPGRP...).
 */
#ifndef _DAMSELFLY_TERMIOS_H_
#define _DAMSELFLY_TERMIOS_H_

#include <sys/types.h>
#include <sys/termios.h>

int	tcgetattr(int fd, struct termios *t);
int	tcsetattr(int fd, int optional_actions, const struct termios *t);
int	tcdrain(int fd);
int	tcflow(int fd, int action);
int	tcflush(int fd, int queue_selector);
int	tcsendbreak(int fd, int duration);
pid_t	tcgetsid(int fd);
pid_t	tcgetpgrp(int fd);
int	tcsetpgrp(int fd, pid_t pgrp);
int	tcgetwinsize(int fd, struct winsize *w);
int	tcsetwinsize(int fd, const struct winsize *w);

speed_t	cfgetispeed(const struct termios *t);
speed_t	cfgetospeed(const struct termios *t);
int	cfsetispeed(struct termios *t, speed_t speed);
int	cfsetospeed(struct termios *t, speed_t speed);
int	cfsetspeed(struct termios *t, speed_t speed);
void	cfmakeraw(struct termios *t);
void	cfmakesane(struct termios *t);

#endif /* !_DAMSELFLY_TERMIOS_H_ */
