/*
 * tty.c - the line discipline: what a terminal does between the bytes a
 * device receives and the bytes a program reads, and between what a
 * program writes and what the device sends.
 *
 * A terminal (struct tty, sys/tty.h) belongs to a driver that sits on
 * it: the console (dev/cons/cons.c: a thread reads COM1's port and feeds
 * each byte here) and the pseudo-terminals (tty_pty.c: what is written
 * to the master is the slave's input).  The driver's port answers the
 * device messages with tty_read(), tty_write() and tty_ioctl(); the
 * process-side rules (background groups, the controlling terminal) are
 * applied before the message is sent, at the VFS boundary
 * (sys/vfs/devfs/devfs.c calls tty_jobc.c), so the driver never looks at
 * the caller (sys/device.h, rule 1).
 *
 * INPUT (tty_input, one byte at a time, in the order of the flags)
 *
 *   ISTRIP      the eighth bit goes
 *   IGNCR       CR is dropped; else ICRNL: CR becomes NL; INLCR: NL
 *               becomes CR
 *   IEXTEN      VLNEXT: the next byte is taken as it is
 *   ISIG        VINTR, VQUIT, VSUSP: SIGINT, SIGQUIT, SIGTSTP to the
 *               foreground process group (tty_signal), the input is
 *               flushed unless NOFLSH, the character echoed as ^C
 *   ICANON      a line is edited in t_line and becomes readable whole:
 *                 VERASE, VERASE2  erase a character (a UTF-8 sequence
 *                              as one); ECHOE: "\b \b" on the screen
 *                 VWERASE (IEXTEN)  erase a word (the blanks before it
 *                              too)
 *                 VKILL        erase the line; ECHOKE: visibly, else
 *                              the character and (ECHOK) a newline
 *                 VREPRINT (IEXTEN)  show the line again
 *                 VEOF         the line is readable as it is, no end of
 *                              line; alone, a read returns 0 (end of
 *                              file)
 *                 NL, VEOL, VEOL2  end the line (kept in it)
 *               A line holds at most MAX_CANON (TTY_MAX_CANON, 1024)
 *               bytes with its end: a byte that does not fit is dropped
 *               and the bell rung (IMAXBEL), so an over-long line is
 *               cut short, never split into two lines.
 *   otherwise   the byte is readable at once; a full input queue drops
 *               it (and rings the bell with IMAXBEL).
 *   ECHO        each byte is echoed (ECHOCTL: control characters as ^X);
 *               ECHONL: NL is echoed even without ECHO.
 *
 * READING (tty_read)
 *
 *   ICANON      waits for a complete line and returns as much of it as
 *               fits (the rest is for the next read; a read never
 *               returns parts of two lines).
 *   !ICANON     by VMIN and VTIME (VTIME in tenths of a second):
 *                 MIN 0, TIME 0  what is there, maybe nothing (0)
 *                 MIN > 0, TIME 0  waits for MIN bytes (or the count)
 *                 MIN 0, TIME > 0  waits at most TIME for a first byte;
 *                              0 if none came
 *                 MIN > 0, TIME > 0  waits for a first byte, then for
 *                              MIN bytes, TIME at most between two
 *   Every wait is interruptible: a signal ends it with EINTR if nothing
 *   was read (the reader then returns to user mode, where the signal is
 *   acted on).  IO_NDELAY: EAGAIN instead of waiting for a first byte.
 *   A hung-up terminal (TF_GONE) returns 0 when its input is read.
 *
 * OUTPUT (tty_write, and the echo): OPOST with ONLCR turns NL into
 * CR NL, with OCRNL CR into NL; the result goes to the driver's t_oproc.
 *
 * Changing the modes (TIOCSETA*): leaving ICANON makes the line being
 * edited readable as raw input; entering it makes what input is waiting
 * one line.  TIOCSETAF discards the input first.  The output is the
 * device's as soon as t_oproc returns, so TIOCSETAW and TIOCDRAIN have
 * nothing to wait for.
 *
 * Concurrency: one CPU; every change of a terminal's queues is inside a
 * critical section; readers sleep on the tty (tsleep(tp)) and every
 * input byte wakes them.  Echo never waits (TTY_DROP).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/uio.h>
#include <sys/file.h>
#include <sys/signal.h>
#include <sys/device.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/tty.h>

#define CTRL(c)		((c) & 0x1f)
#define TTY_CHUNK	256	/* bytes moved per critical section */

/* The modes every terminal starts with (libc's cfmakesane agrees). */
static const struct termios tty_defaults = {
	.c_iflag = ICRNL | IXON | IMAXBEL,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = CREAD | CS8 | HUPCL,
	.c_lflag = ECHO | ECHOE | ECHOK | ECHOKE | ECHOCTL | ICANON | ISIG |
	    IEXTEN,
	.c_cc = {
		[VEOF] = CTRL('D'), [VEOL] = _POSIX_VDISABLE,
		[VEOL2] = _POSIX_VDISABLE, [VERASE] = 0x7f,
		[VWERASE] = CTRL('W'), [VKILL] = CTRL('U'),
		[VREPRINT] = CTRL('R'), [VERASE2] = CTRL('H'),
		[VINTR] = CTRL('C'), [VQUIT] = CTRL('\\'),
		[VSUSP] = CTRL('Z'), [11] = _POSIX_VDISABLE,
		[VSTART] = CTRL('Q'), [VSTOP] = CTRL('S'),
		[VLNEXT] = CTRL('V'), [VDISCARD] = CTRL('O'),
		[VMIN] = 1, [VTIME] = 0, [VSTATUS] = CTRL('T'),
		[19] = _POSIX_VDISABLE,
	},
	.c_ispeed = B115200,
	.c_ospeed = B115200,
};

/*
 * Make tp a fresh terminal (the default modes, 80x25, empty queues, no
 * session) whose output goes to oproc; sc is the driver's.  Also to
 * reuse one (a pty's next open).
 */
void
tty_init(struct tty *tp, const char *name,
    int (*oproc)(struct tty *, const char *, size_t, int), void *sc)
{
	crit_enter();
	tp->t_name = name;
	tp->t_oproc = oproc;
	tp->t_sc = sc;
	tp->t_termios = tty_defaults;
	tp->t_winsize = (struct winsize){ .ws_row = 25, .ws_col = 80 };
	tp->t_inhead = tp->t_intail = 0;
	tp->t_lhead = tp->t_ltail = 0;
	tp->t_linelen = 0;
	tp->t_flags = 0;
	crit_exit();
}

/* ---- output ---------------------------------------------------------- */

/* n bytes of buf to the device, through OPOST.  ioflag as t_oproc's. */
static int
tty_output(struct tty *tp, const char *buf, size_t n, int ioflag)
{
	char out[2 * TTY_CHUNK];
	tcflag_t oflag = tp->t_termios.c_oflag;
	size_t i, o, k;
	int error;

	if ((oflag & OPOST) == 0 || (oflag & (ONLCR | OCRNL)) == 0)
		return (tp->t_oproc(tp, buf, n, ioflag));
	for (i = 0; i < n; i += k) {
		for (o = 0, k = 0; k < MIN(n - i, TTY_CHUNK); k++) {
			char c = buf[i + k];

			if (c == '\n' && (oflag & ONLCR))
				out[o++] = '\r';
			else if (c == '\r' && (oflag & OCRNL))
				c = '\n';
			out[o++] = c;
		}
		error = tp->t_oproc(tp, out, o, ioflag);
		if (error)
			return (error);
	}
	return (0);
}

static void
tty_puts(struct tty *tp, const char *s)
{
	(void)tty_output(tp, s, strlen(s), TTY_DROP);
}

/* Echo c as the modes say (ECHOCTL: a control character as ^X). */
static void
tty_echo(struct tty *tp, int c)
{
	tcflag_t lflag = tp->t_termios.c_lflag;
	char buf[2];

	if ((lflag & ECHO) == 0) {
		if (c == '\n' && (lflag & ECHONL) && (lflag & ICANON))
			tty_puts(tp, "\n");
		return;
	}
	if ((lflag & ECHOCTL) && ((c < 0x20 && c != '\n' && c != '\t') ||
	    c == 0x7f)) {
		buf[0] = '^';
		buf[1] = c == 0x7f ? '?' : c + '@';
		(void)tty_output(tp, buf, 2, TTY_DROP);
		return;
	}
	buf[0] = (char)c;
	(void)tty_output(tp, buf, 1, TTY_DROP);
}

/* Take back the echo of c from the screen (ECHOE). */
static void
tty_unecho(struct tty *tp, int c)
{
	tcflag_t lflag = tp->t_termios.c_lflag;

	if ((lflag & ECHO) == 0)
		return;
	if ((lflag & ECHOE) == 0) {
		tty_echo(tp, tp->t_termios.c_cc[VERASE]);
		return;
	}
	tty_puts(tp, "\b \b");
	if ((lflag & ECHOCTL) && ((c < 0x20 && c != '\t') || c == 0x7f))
		tty_puts(tp, "\b \b");	/* ^X took two columns */
}

static void
tty_bell(struct tty *tp)
{
	if (tp->t_termios.c_iflag & IMAXBEL)
		tty_puts(tp, "\a");
}

/* ---- the queues ------------------------------------------------------ */

static inline unsigned
tty_inq_count(struct tty *tp)
{
	return (tp->t_inhead - tp->t_intail);
}

static inline unsigned
tty_inq_room(struct tty *tp)
{
	return (TTY_INQSIZE - tty_inq_count(tp));
}

static void
tty_inq_put(struct tty *tp, const char *buf, size_t n)
{
	KASSERT(n <= tty_inq_room(tp), ("%s: overflow", __func__));
	while (n-- > 0)
		tp->t_inq[tp->t_inhead++ % TTY_INQSIZE] = *buf++;
}

static void
tty_inq_get(struct tty *tp, char *buf, size_t n)
{
	KASSERT(n <= tty_inq_count(tp), ("%s: underflow", __func__));
	while (n-- > 0)
		*buf++ = tp->t_inq[tp->t_intail++ % TTY_INQSIZE];
}

/* The edited line becomes readable; false (nothing done) if the line
 * queue is full. */
static bool
tty_line_done(struct tty *tp)
{
	if (tp->t_lhead - tp->t_ltail >= TTY_NLINES ||
	    tp->t_linelen > tty_inq_room(tp))
		return (false);
	tty_inq_put(tp, tp->t_line, tp->t_linelen);
	tp->t_lines[tp->t_lhead++ % TTY_NLINES] = (uint16_t)tp->t_linelen;
	tp->t_linelen = 0;
	return (true);
}

/*
 * Discard input (FREAD in which: the readable queue and the line being
 * edited).  Output is the device's at once: nothing to discard.
 */
void
tty_flush(struct tty *tp, int which)
{
	if ((which & FREAD) == 0)
		return;
	crit_enter();
	tp->t_inhead = tp->t_intail = 0;
	tp->t_lhead = tp->t_ltail = 0;
	tp->t_linelen = 0;
	tp->t_flags &= ~TF_LNEXT;
	crit_exit();
}

/* ---- input ----------------------------------------------------------- */

static inline bool
tty_is_cc(struct tty *tp, int c, int which)
{
	cc_t cc = tp->t_termios.c_cc[which];

	return (cc != _POSIX_VDISABLE && c == cc);
}

/* Erase the last character of the line (a UTF-8 sequence as one). */
static void
tty_erase(struct tty *tp)
{
	int c;

	if (tp->t_linelen == 0)
		return;
	while (tp->t_linelen > 1 &&
	    ((unsigned char)tp->t_line[tp->t_linelen - 1] & 0xc0) == 0x80)
		tp->t_linelen--;
	c = (unsigned char)tp->t_line[--tp->t_linelen];
	tty_unecho(tp, c);
}

static bool
tty_blank(int c)
{
	return (c == ' ' || c == '\t');
}

/* Canonical mode: edit c into the line. */
static void
tty_canon(struct tty *tp, int c)
{
	struct termios *t = &tp->t_termios;
	bool ext = (t->c_lflag & IEXTEN) != 0;

	if (tty_is_cc(tp, c, VERASE) || tty_is_cc(tp, c, VERASE2)) {
		tty_erase(tp);
		return;
	}
	if (ext && tty_is_cc(tp, c, VWERASE)) {
		while (tp->t_linelen > 0 &&
		    tty_blank(tp->t_line[tp->t_linelen - 1]))
			tty_erase(tp);
		while (tp->t_linelen > 0 &&
		    !tty_blank(tp->t_line[tp->t_linelen - 1]))
			tty_erase(tp);
		return;
	}
	if (tty_is_cc(tp, c, VKILL)) {
		if ((t->c_lflag & (ECHOKE | ECHOE)) == (ECHOKE | ECHOE)) {
			while (tp->t_linelen > 0)
				tty_erase(tp);
			return;
		}
		tp->t_linelen = 0;
		tty_echo(tp, c);
		if ((t->c_lflag & (ECHO | ECHOK)) == (ECHO | ECHOK))
			tty_puts(tp, "\n");
		return;
	}
	if (ext && tty_is_cc(tp, c, VREPRINT)) {
		if (t->c_lflag & ECHO) {
			tty_echo(tp, c);
			tty_puts(tp, "\n");
			(void)tty_output(tp, tp->t_line, tp->t_linelen,
			    TTY_DROP);
		}
		return;
	}
	if (tty_is_cc(tp, c, VEOF)) {
		if (!tty_line_done(tp))
			tty_bell(tp);
		return;
	}
	if (c == '\n' || tty_is_cc(tp, c, VEOL) ||
	    (ext && tty_is_cc(tp, c, VEOL2))) {
		tp->t_line[tp->t_linelen++] = (char)c;
		if (!tty_line_done(tp)) {
			tp->t_linelen--;
			tty_bell(tp);
			return;
		}
		tty_echo(tp, c);
		return;
	}
	/* An ordinary byte: keep room for the end of the line, and for the
	 * whole line in the readable queue. */
	if (tp->t_linelen >= TTY_MAX_CANON - 1 ||
	    tp->t_linelen + 2 > tty_inq_room(tp)) {
		tp->t_dropped++;
		tty_bell(tp);
		return;
	}
	tp->t_line[tp->t_linelen++] = (char)c;
	tty_echo(tp, c);
}

/*
 * A byte received by the device.  From a thread (the console's input
 * thread, a pty master's writer); never blocks (echo is dropped when the
 * device cannot take it).  Wakes the readers.
 */
void
tty_input(struct tty *tp, int c)
{
	struct termios *t = &tp->t_termios;
	int sig = 0;
	char ch;

	c &= 0xff;
	crit_enter();
	if (t->c_iflag & ISTRIP)
		c &= 0x7f;
	if (tp->t_flags & TF_LNEXT) {
		tp->t_flags &= ~TF_LNEXT;
		if (t->c_lflag & ECHO)
			tty_puts(tp, "\b\b");
		goto literal;
	}
	if (c == '\r') {
		if (t->c_iflag & IGNCR)
			goto out;
		if (t->c_iflag & ICRNL)
			c = '\n';
	} else if (c == '\n' && (t->c_iflag & INLCR)) {
		c = '\r';
	}
	if ((t->c_lflag & IEXTEN) && tty_is_cc(tp, c, VLNEXT)) {
		tp->t_flags |= TF_LNEXT;
		if (t->c_lflag & ECHO)
			tty_puts(tp, "^\b");
		goto out;
	}
	if (t->c_lflag & ISIG) {
		if (tty_is_cc(tp, c, VINTR))
			sig = SIGINT;
		else if (tty_is_cc(tp, c, VQUIT))
			sig = SIGQUIT;
		else if (tty_is_cc(tp, c, VSUSP))
			sig = SIGTSTP;
		if (sig != 0) {
			if ((t->c_lflag & NOFLSH) == 0)
				tty_flush(tp, FREAD);
			tty_echo(tp, c);
			crit_exit();
			tty_signal(tp, sig);
			wakeup(tp);
			return;
		}
	}
	if (t->c_lflag & ICANON) {
		tty_canon(tp, c);
		goto out;
	}
literal:
	if (t->c_lflag & ICANON) {
		/* A literal byte still has to fit in the line. */
		if (tp->t_linelen >= TTY_MAX_CANON - 1 ||
		    tp->t_linelen + 2 > tty_inq_room(tp)) {
			tp->t_dropped++;
			tty_bell(tp);
			goto out;
		}
		tp->t_line[tp->t_linelen++] = (char)c;
		tty_echo(tp, c);
		goto out;
	}
	if (tty_inq_room(tp) == 0) {
		tp->t_dropped++;
		tty_bell(tp);
		goto out;
	}
	ch = (char)c;
	tty_inq_put(tp, &ch, 1);
	tty_echo(tp, c);
out:
	crit_exit();
	wakeup(tp);
}

/* ---- reading --------------------------------------------------------- */

/* Canonical: what is left of the oldest complete line, or -1 if none. */
static int
tty_line_left(struct tty *tp)
{
	if (tp->t_lhead == tp->t_ltail)
		return (-1);
	return (tp->t_lines[tp->t_ltail % TTY_NLINES]);
}

/* The bytes a read would return now (FIONREAD). */
static int
tty_readable(struct tty *tp)
{
	/* Canonical: only complete lines are in t_inq. */
	return ((int)tty_inq_count(tp));
}

/* Canonical read: one line, or what fits of it. */
static int
tty_read_canon(struct tty *tp, struct uio *uio, int ioflag)
{
	char buf[TTY_CHUNK];
	size_t n;
	int left, error;

	for (;;) {
		crit_enter();
		left = tty_line_left(tp);
		if (left < 0) {
			if (tp->t_flags & TF_GONE)
				error = 0;
			else if (ioflag & IO_NDELAY)
				error = EAGAIN;
			else
				error = tsleep(tp, PCATCH, "ttyin", 0);
			crit_exit();
			if (error != 0 || (tp->t_flags & TF_GONE))
				return (error);
			continue;
		}
		if (left == 0) {		/* an end of file */
			tp->t_ltail++;
			crit_exit();
			return (0);
		}
		break;
	}
	/* Take what fits of the line, a chunk at a time; between chunks
	 * (uiomove, outside the critical section) input may only be added,
	 * or flushed (then the line is gone and the read ends). */
	for (;;) {
		n = MIN(MIN((size_t)left, uio->uio_resid), sizeof(buf));
		tty_inq_get(tp, buf, n);
		left -= (int)n;
		tp->t_lines[tp->t_ltail % TTY_NLINES] = (uint16_t)left;
		if (left == 0)
			tp->t_ltail++;
		crit_exit();
		error = uiomove(buf, n, uio);
		if (error || left == 0 || uio->uio_resid == 0)
			return (error);
		crit_enter();
		left = tty_line_left(tp);
		if (left <= 0) {
			crit_exit();
			return (0);
		}
	}
}

/* Raw read: by VMIN and VTIME (the essay). */
static int
tty_read_raw(struct tty *tp, struct uio *uio, int ioflag)
{
	char buf[TTY_CHUNK];
	size_t vmin = tp->t_termios.c_cc[VMIN];
	int vtime = tp->t_termios.c_cc[VTIME];
	size_t want, got = 0, n;
	int timo, error;

	want = MIN(vmin, uio->uio_resid);
	for (;;) {
		crit_enter();
		n = MIN(MIN(tty_inq_count(tp), uio->uio_resid), sizeof(buf));
		if (n > 0) {
			tty_inq_get(tp, buf, n);
			crit_exit();
			error = uiomove(buf, n, uio);
			if (error)
				return (error);
			got += n;
			if (uio->uio_resid == 0 || got >= want)
				return (0);
			continue;
		}
		if ((vmin == 0 && vtime == 0) || (tp->t_flags & TF_GONE)) {
			crit_exit();
			return (0);
		}
		if (ioflag & IO_NDELAY) {
			crit_exit();
			return (got > 0 ? 0 : EAGAIN);
		}
		timo = 0;
		if (vtime > 0 && (vmin == 0 || got > 0))
			timo = MAX(vtime * hz / 10, 1);
		error = tsleep(tp, PCATCH, "ttyin", timo);
		crit_exit();
		if (error == EWOULDBLOCK)
			return (0);		/* the timer ran out */
		if (error)
			return (got > 0 ? 0 : error);
	}
}

/*
 * Read from the terminal into uio (kernel memory or held pages), as the
 * modes say (the essay).  May block, interruptibly: EINTR if a signal
 * comes before anything was read; EAGAIN for IO_NDELAY with nothing to
 * read.
 */
int
tty_read(struct tty *tp, struct uio *uio, int ioflag)
{
	if (uio->uio_resid == 0)
		return (0);
	if (tp->t_termios.c_lflag & ICANON)
		return (tty_read_canon(tp, uio, ioflag));
	return (tty_read_raw(tp, uio, ioflag));
}

/*
 * Write uio to the terminal through OPOST.  May block (a pty whose
 * master does not read; IO_NDELAY: EAGAIN).  EIO once hung up.
 */
int
tty_write(struct tty *tp, struct uio *uio, int ioflag)
{
	char buf[TTY_CHUNK];
	size_t n;
	int error;

	while (uio->uio_resid > 0) {
		if (tp->t_flags & TF_GONE)
			return (EIO);
		n = MIN(uio->uio_resid, sizeof(buf));
		error = uiomove(buf, n, uio);
		if (error)
			return (error);
		error = tty_output(tp, buf, n, ioflag);
		if (error)
			return (error);
	}
	return (0);
}

/* The other end went away: readers get 0, writers EIO. */
void
tty_hangup(struct tty *tp)
{
	crit_enter();
	tp->t_flags |= TF_GONE;
	crit_exit();
	wakeup(tp);
}

/* ---- modes ----------------------------------------------------------- */

static bool
tty_speed_valid(speed_t s)
{
	static const speed_t speeds[] = { B0, B50, B75, B110, B134, B150,
	    B200, B300, B600, B1200, B1800, B2400, B4800, B9600, B19200,
	    B38400, B57600, B115200, B230400 };
	size_t i;

	for (i = 0; i < nitems(speeds); i++) {
		if (speeds[i] == s)
			return (true);
	}
	return (false);
}

/* New modes; the queues follow a change of ICANON (the essay). */
static int
tty_setattr(struct tty *tp, const struct termios *nt, bool flush)
{
	tcflag_t was;

	if (!tty_speed_valid(nt->c_ispeed) || !tty_speed_valid(nt->c_ospeed))
		return (EINVAL);
	if (flush)
		tty_flush(tp, FREAD);
	crit_enter();
	was = tp->t_termios.c_lflag;
	tp->t_termios = *nt;
	if ((was & ICANON) && !(nt->c_lflag & ICANON)) {
		/* The line being edited becomes raw input; lines are
		 * just bytes now. */
		tty_inq_put(tp, tp->t_line, MIN(tp->t_linelen,
		    tty_inq_room(tp)));
		tp->t_linelen = 0;
		tp->t_lhead = tp->t_ltail = 0;
	} else if (!(was & ICANON) && (nt->c_lflag & ICANON)) {
		tp->t_lhead = tp->t_ltail = 0;
		if (tty_inq_count(tp) > 0)
			tp->t_lines[tp->t_lhead++ % TTY_NLINES] =
			    (uint16_t)MIN(tty_inq_count(tp), 0xffff);
	}
	crit_exit();
	wakeup(tp);
	return (0);
}

/*
 * The line discipline's ioctls (sys/ttycom.h): data holds the kernel
 * copy of the argument.  ENOTTY for a command that is not a terminal's;
 * the session's commands are tty_jobc_ioctl()'s, answered before the
 * message reaches the driver.  Never blocks.
 */
int
tty_ioctl(struct tty *tp, u_long cmd, void *data, int fflag __unused)
{
	int which;

	switch (cmd) {
	case TIOCGETA:
		crit_enter();
		*(struct termios *)data = tp->t_termios;
		crit_exit();
		return (0);
	case TIOCSETA:
	case TIOCSETAW:
		return (tty_setattr(tp, data, false));
	case TIOCSETAF:
		return (tty_setattr(tp, data, true));
	case TIOCFLUSH:
		which = *(int *)data;
		if (which == 0)
			which = FREAD | FWRITE;
		if (which & ~(FREAD | FWRITE))
			return (EINVAL);
		tty_flush(tp, which);
		return (0);
	case TIOCDRAIN:
		return (0);
	case TIOCGWINSZ:
		crit_enter();
		*(struct winsize *)data = tp->t_winsize;
		crit_exit();
		return (0);
	case TIOCSWINSZ: {
		struct winsize *w = data;
		bool changed;

		crit_enter();
		changed = memcmp(&tp->t_winsize, w, sizeof(*w)) != 0;
		tp->t_winsize = *w;
		crit_exit();
		if (changed)
			tty_signal(tp, SIGWINCH);
		return (0);
	}
	case FIONREAD:
		crit_enter();
		*(int *)data = tty_readable(tp);
		crit_exit();
		return (0);
	}
	return (ENOTTY);
}
