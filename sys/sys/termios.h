/*
 * sys/termios.h - a terminal's modes (struct termios), its window size,
 * and their ioctls; shared by the kernel (sys/kern/tty.c) and libc
 * (lib/libc/include/termios.h declares the functions over it).
 *
 * The layout and the values are BSD's (FreeBSD's sys/_termios.h and
 * sys/ttycom.h), so that programs written for a BSD find what they
 * expect: four flag words, NCCS control characters, two speeds.  A
 * control character set to _POSIX_VDISABLE is never matched.
 *
 * What the line discipline does with each flag is in the essay at the
 * top of sys/kern/tty.c; flags not listed there are kept and reported
 * but change nothing (parity, character size, flow control).
 */
#ifndef _SYS_TERMIOS_H_
#define _SYS_TERMIOS_H_

#include <sys/types.h>

typedef unsigned int	tcflag_t;
typedef unsigned char	cc_t;
typedef unsigned int	speed_t;

/* Indices into c_cc. */
#define VEOF		0	/* ^D: end of file (ICANON) */
#define VEOL		1	/* an extra end of line (ICANON) */
#define VEOL2		2	/* another (ICANON, IEXTEN) */
#define VERASE		3	/* DEL: erase a character (ICANON) */
#define VWERASE		4	/* ^W: erase a word (ICANON, IEXTEN) */
#define VKILL		5	/* ^U: erase the line (ICANON) */
#define VREPRINT	6	/* ^R: reprint the line (ICANON, IEXTEN) */
#define VERASE2		7	/* ^H: erase a character too (ICANON) */
#define VINTR		8	/* ^C: SIGINT (ISIG) */
#define VQUIT		9	/* ^\: SIGQUIT (ISIG) */
#define VSUSP		10	/* ^Z: SIGTSTP (ISIG) */
#define VSTART		12	/* ^Q (kept, no flow control) */
#define VSTOP		13	/* ^S (kept, no flow control) */
#define VLNEXT		14	/* ^V: the next byte literally (IEXTEN) */
#define VDISCARD	15	/* ^O (kept) */
#define VMIN		16	/* !ICANON: bytes a read waits for */
#define VTIME		17	/* !ICANON: tenths of a second */
#define VSTATUS		18	/* ^T (kept) */
#define NCCS		20

#define _POSIX_VDISABLE	0xff

/* c_iflag: input. */
#define IGNBRK		0x00000001
#define BRKINT		0x00000002
#define IGNPAR		0x00000004
#define PARMRK		0x00000008
#define INPCK		0x00000010
#define ISTRIP		0x00000020	/* strip the 8th bit */
#define INLCR		0x00000040	/* NL becomes CR */
#define IGNCR		0x00000080	/* CR is dropped */
#define ICRNL		0x00000100	/* CR becomes NL */
#define IXON		0x00000200
#define IXOFF		0x00000400
#define IXANY		0x00000800
#define IMAXBEL		0x00002000	/* ring the bell when the line is full */

/* c_oflag: output. */
#define OPOST		0x00000001	/* process output (ONLCR) */
#define ONLCR		0x00000002	/* NL becomes CR NL */
#define OXTABS		0x00000004
#define ONOEOT		0x00000008
#define OCRNL		0x00000010	/* CR becomes NL */
#define ONOCR		0x00000020
#define ONLRET		0x00000040

/* c_cflag: the line (kept, the hardware is not reprogrammed). */
#define CIGNORE		0x00000001
#define CSIZE		0x00000300
#define CS5		0x00000000
#define CS6		0x00000100
#define CS7		0x00000200
#define CS8		0x00000300
#define CSTOPB		0x00000400
#define CREAD		0x00000800
#define PARENB		0x00001000
#define PARODD		0x00002000
#define HUPCL		0x00004000
#define CLOCAL		0x00008000

/* c_lflag: the line discipline. */
#define ECHOKE		0x00000001	/* VKILL erases the line visibly */
#define ECHOE		0x00000002	/* VERASE, VWERASE erase visibly */
#define ECHOK		0x00000004	/* echo NL after VKILL */
#define ECHO		0x00000008	/* echo input */
#define ECHONL		0x00000010	/* echo NL even without ECHO */
#define ECHOPRT		0x00000020
#define ECHOCTL		0x00000040	/* echo control characters as ^X */
#define ISIG		0x00000080	/* VINTR, VQUIT, VSUSP send signals */
#define ICANON		0x00000100	/* canonical mode: lines */
#define ALTWERASE	0x00000200
#define IEXTEN		0x00000400	/* VWERASE, VLNEXT, VREPRINT */
#define EXTPROC		0x00000800
#define TOSTOP		0x00400000	/* background writes: SIGTTOU */
#define FLUSHO		0x00800000
#define NOKERNINFO	0x02000000
#define PENDIN		0x20000000
#define NOFLSH		0x80000000	/* no flush on VINTR, VQUIT, VSUSP */

struct termios {
	tcflag_t	c_iflag;	/* input flags */
	tcflag_t	c_oflag;	/* output flags */
	tcflag_t	c_cflag;	/* control flags */
	tcflag_t	c_lflag;	/* local flags */
	cc_t		c_cc[NCCS];	/* control characters */
	speed_t		c_ispeed;	/* input speed (baud) */
	speed_t		c_ospeed;	/* output speed (baud) */
};

/* tcsetattr's optional_actions. */
#define TCSANOW		0	/* at once */
#define TCSADRAIN	1	/* after the output is written */
#define TCSAFLUSH	2	/* that, and discard unread input */
#define TCSASOFT	0x10	/* leave c_cflag and the speeds alone */

/* tcflush's queue_selector (TIOCFLUSH's argument is FREAD|FWRITE). */
#define TCIFLUSH	1
#define TCOFLUSH	2
#define TCIOFLUSH	3

/* tcflow's action. */
#define TCOOFF		1
#define TCOON		2
#define TCIOFF		3
#define TCION		4

/* Speeds are the baud rates themselves. */
#define B0		0
#define B50		50
#define B75		75
#define B110		110
#define B134		134
#define B150		150
#define B200		200
#define B300		300
#define B600		600
#define B1200		1200
#define B1800		1800
#define B2400		2400
#define B4800		4800
#define B9600		9600
#define B19200		19200
#define B38400		38400
#define B57600		57600
#define B115200		115200
#define B230400		230400

/* The longest line canonical mode keeps, with its end (<limits.h>'s
 * MAX_CANON), and the most bytes of input held in all (MAX_INPUT). */
#define TTY_MAX_CANON	1024
#define TTY_MAX_INPUT	2048

#include <sys/ttycom.h>

#endif /* !_SYS_TERMIOS_H_ */
