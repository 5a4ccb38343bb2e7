/*
 * cons.c - the console device (/dev/console): a line discipline on a
 * port, stacked on the UART's port.
 *
 * The console owns no hardware.  Its port is direct (dev_port_direct):
 * a message to it runs cons_devmsg() in the sender's thread, which
 * turns it into messages to the device below, COM1's /dev/ttyu0
 * (dev/serial/ns16550.c):
 *
 *   DEV_WRITE   "\n" becomes "\r\n"; the bytes go down as DEV_WRITE
 *               messages over a kernel buffer (dev_dwrite).
 *   DEV_READ    raw bytes come up one DEV_READ at a time (dev_dread of
 *               one byte: the UART's ring keeps the rest, so nothing is
 *               read ahead here), and are edited into a line; the echo
 *               goes down as DEV_WRITE messages.  A read that has to wait
 *               waits inside the UART's read, interruptibly (EINTR).
 *   DEV_OPEN, DEV_CLOSE  nothing; DEV_IOCTL: ENOTTY (isatty() is
 *               answered by the kernel from SI_TTY).
 *
 * kprintf and panic do not come through here: they poll the UART
 * directly (cnputc), which works with interrupts off.
 *
 * The line discipline, as a terminal's canonical mode:
 *
 *   printable    appended and echoed (a full line drops it and rings
 *                the bell)
 *   BS, DEL      erase the last character (a UTF-8 sequence as one),
 *                echo "\b \b"
 *   ^U           erase the whole line
 *   CR, LF       end the line: echo "\r\n", deliver it with a '\n'
 *   ^D           at the start of a line: end of file (read returns 0);
 *                after text: deliver the line as it is, no '\n'
 *   others       ignored
 *
 * A complete line is delivered at once, up to the reader's count; what
 * does not fit stays for the next read, and no more input is edited until
 * the line is consumed.  A read waits only while it has nothing at all
 * to return.  With no COM1, writes are swallowed and reads are ENXIO.
 *
 * The line ([c]) is changed only between blocking points (one CPU), so
 * two readers sharing the console each see whole edits.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/uio.h>
#include <sys/device.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <machine/md_var.h>
#include <dev/misc/devices.h>

#define CONS_LINESIZE	256		/* longest line, with its '\n' */

#define CTRL(c)		((c) & 0x1f)
#define CONS_BS		0x08
#define CONS_DEL	0x7f

static char cons_line[CONS_LINESIZE];	/* [c] the line being edited */
static size_t cons_linelen;		/* [c] bytes in cons_line */
static size_t cons_lineoff;		/* [c] bytes of it already read */
static bool cons_linedone;		/* [c] complete: being delivered */

static struct cdev *cons_tty;		/* [I] the device below (ttyu0) */
static struct lwkt_port cons_port;
static struct cdev cons_dev = {
	.si_name = "console", .si_flags = SI_TTY, .si_port = &cons_port,
};

/* n bytes of buf down to the UART. */
static int
cons_out(const char *buf, size_t n)
{
	struct uio uio;

	if (cons_tty == NULL)
		return (0);
	uio_init(&uio, (void *)buf, n, 0, UIO_SYSSPACE, UIO_WRITE);
	return (dev_dwrite(cons_tty, &uio, 0));
}

static void
cons_puts(const char *s)
{
	(void)cons_out(s, strlen(s));
}

static void
cons_putc(int c)
{
	char ch = (char)c;

	(void)cons_out(&ch, 1);
}

/* Erase the last character of the line being edited, on the screen too.
 * UTF-8 continuation bytes (10xxxxxx) go with the byte that starts them,
 * since the terminal shows them as one character. */
static void
cons_erase(void)
{
	if (cons_linelen == 0)
		return;
	while (cons_linelen > 1 &&
	    ((unsigned char)cons_line[cons_linelen - 1] & 0xc0) == 0x80)
		cons_linelen--;
	cons_linelen--;
	cons_puts("\b \b");
}

/* Edit one raw input byte into the line; true if it is an end of file. */
static bool
cons_edit(int c)
{
	switch (c) {
	case '\r':
	case '\n':
		cons_puts("\r\n");
		cons_line[cons_linelen++] = '\n';
		cons_linedone = true;
		return (false);
	case CTRL('D'):
		if (cons_linelen == 0)
			return (true);
		cons_linedone = true;
		return (false);
	case CONS_BS:
	case CONS_DEL:
		cons_erase();
		return (false);
	case CTRL('U'):
		while (cons_linelen > 0)
			cons_erase();
		return (false);
	}
	if (c != '\t' && c < 0x20)
		return (false);		/* other control characters */
	/* Keep the last slot for the '\n' that ends the line. */
	if (cons_linelen >= CONS_LINESIZE - 1) {
		cons_putc('\a');
		return (false);
	}
	cons_line[cons_linelen++] = (char)c;
	cons_putc(c);
	return (false);
}

/*
 * Read from the console: wait for a complete line (or an end of file) and
 * return as much of it as fits.  EINTR if a signal comes while nothing
 * has been read; EAGAIN for IO_NDELAY with no line; ENXIO with no UART.
 */
static int
cons_read(struct uio *uio, int ioflag)
{
	struct uio raw;
	size_t n;
	char c;
	int error = 0;

	if (uio->uio_resid == 0)
		return (0);
	if (cons_tty == NULL)
		return (ENXIO);
	for (;;) {
		if (cons_linedone) {
			n = MIN(cons_linelen - cons_lineoff, uio->uio_resid);
			error = uiomove(cons_line + cons_lineoff, n, uio);
			if (error)
				break;
			cons_lineoff += n;
			if (cons_lineoff == cons_linelen) {
				cons_linelen = cons_lineoff = 0;
				cons_linedone = false;
			}
			break;
		}
		uio_init(&raw, &c, 1, 0, UIO_SYSSPACE, UIO_READ);
		error = dev_dread(cons_tty, &raw, ioflag);
		if (error)
			break;
		if (raw.uio_resid != 0)
			continue;
		if (cons_edit((unsigned char)c))
			break;			/* ^D: end of file, 0 bytes */
	}
	return (error);
}

/* Write to the console, in chunks, turning "\n" into "\r\n". */
static int
cons_write(struct uio *uio)
{
	char in[128], out[2 * sizeof(in)];
	size_t n, i, o;
	int error;

	while (uio->uio_resid > 0) {
		n = MIN(uio->uio_resid, sizeof(in));
		error = uiomove(in, n, uio);
		if (error)
			return (error);
		for (i = o = 0; i < n; i++) {
			if (in[i] == '\n')
				out[o++] = '\r';
			out[o++] = in[i];
		}
		error = cons_out(out, o);
		if (error)
			return (error);
	}
	return (0);
}

static int
cons_devmsg(union dev_anymsg *m)
{
	switch (m->lmsg.ms_cmd) {
	case DEV_OPEN:
	case DEV_CLOSE:
		return (0);
	case DEV_READ:
		return (cons_read(m->rw.a_uio, m->rw.a_ioflag));
	case DEV_WRITE:
		return (cons_write(m->rw.a_uio));
	case DEV_IOCTL:
		return (ENOTTY);
	}
	return (EOPNOTSUPP);
}

/* Register /dev/console on top of tty (NULL: no UART).  Boot only. */
void
cons_attach(struct cdev *tty)
{
	cons_tty = tty;
	dev_port_direct(&cons_port, cons_devmsg);
	if (make_dev(&cons_dev) != 0)
		panic("%s: cannot register the console", __func__);
}
