/*
 * sys/tty.h - a terminal: the line discipline's state (sys/kern/tty.c)
 * shared by the drivers that sit on it (the console, dev/cons/cons.c;
 * the pseudo-terminals, sys/kern/tty_pty.c) and the process side
 * (job control and the controlling terminal, sys/kern/tty_jobc.c).
 *
 * A driver owns a struct tty, sets t_oproc (where processed output goes)
 * and t_name, calls tty_init(), points its cdev's si_tty at it, and
 * then:
 *   - feeds every received byte to tty_input() (from a thread: the
 *     console's input thread, a pty master's writer);
 *   - answers DEV_READ with tty_read(), DEV_WRITE with tty_write() and
 *     DEV_IOCTL with tty_ioctl() (ENOTTY for what is not a terminal's);
 *   - calls tty_hangup() when the other end goes away (reads return 0,
 *     writes EIO) and tty_init() again to reuse it.
 *
 * Protection: [c] critical section (one CPU: the input side and the
 * readers are threads, and tty_input() may preempt a reader only at a
 * blocking point or from a higher-priority thread, so every change of
 * the queues is inside crit_enter()); [I] set before use; [T]
 * proc_token (the session's fields, sys/pgrp.h).
 */
#ifndef _SYS_TTY_H_
#define _SYS_TTY_H_

#include <sys/types.h>
#include <sys/termios.h>

#ifdef _KERNEL
struct uio;
struct session;

#define TTY_INQSIZE	4096	/* input ready for readers: > 2 lines */
#define TTY_NLINES	64	/* complete lines waiting (canonical) */

struct tty {
	const char	*t_name;	/* [I] for messages ("console") */
	/* Processed output to the device: n bytes of buf.  ioflag:
	 * TTY_DROP (the echo) drops what does not fit now; IO_NDELAY makes
	 * a full device EAGAIN; else it waits for room.  0 or an errno
	 * (EINTR while waiting, EIO when the other end is gone). */
	int		(*t_oproc)(struct tty *tp, const char *buf, size_t n,
			    int ioflag);
	void		*t_sc;		/* [I] the driver's */
	struct termios	t_termios;	/* [c] the modes */
	struct winsize	t_winsize;	/* [c] the window size */
	/* Input ready to be read, a ring (free-running indices). */
	char		t_inq[TTY_INQSIZE]; /* [c] */
	unsigned	t_inhead, t_intail; /* [c] */
	/* Canonical mode: the lengths of the complete lines in t_inq, oldest
	 * first (0: an end of file); what is left of the oldest one. */
	uint16_t	t_lines[TTY_NLINES]; /* [c] */
	unsigned	t_lhead, t_ltail; /* [c] free-running */
	/* Canonical mode: the line being edited (not yet readable). */
	char		t_line[TTY_MAX_CANON]; /* [c] */
	size_t		t_linelen;	/* [c] */
	int		t_flags;	/* [c] TF_* */
	uint32_t	t_dropped;	/* [c] input bytes refused (full) */
	struct session	*t_session;	/* [T] the session it controls, held */
};

/*
 * t_flags:
 *   TF_LNEXT   the next byte is taken literally (VLNEXT was typed)
 *   TF_GONE    hung up: reads return 0 once the input is read, writes
 *              are EIO (a pty whose master closed)
 */
#define TF_LNEXT	0x0001
#define TF_GONE		0x0002

/* t_oproc's ioflag beside IO_NDELAY: drop what does not fit (echo). */
#define TTY_DROP	0x10000

/* The line discipline (tty.c). */
void	tty_init(struct tty *tp, const char *name,
	    int (*oproc)(struct tty *, const char *, size_t, int), void *sc);
void	tty_input(struct tty *tp, int c);
int	tty_read(struct tty *tp, struct uio *uio, int ioflag);
int	tty_write(struct tty *tp, struct uio *uio, int ioflag);
int	tty_ioctl(struct tty *tp, u_long cmd, void *data, int fflag);
void	tty_hangup(struct tty *tp);
void	tty_flush(struct tty *tp, int which);

/* The process side (tty_jobc.c): the calls that need the caller. */
void	tty_signal(struct tty *tp, int sig);
int	tty_jobc_read(struct tty *tp);
int	tty_jobc_write(struct tty *tp);
bool	tty_jobc_ioctl(struct tty *tp, u_long cmd, void *data, int *errorp);
void	tty_jobc_close(struct tty *tp);
#endif /* _KERNEL */

#endif /* !_SYS_TTY_H_ */
