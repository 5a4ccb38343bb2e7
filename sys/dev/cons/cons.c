/*
 * cons.c - the console device (/dev/console): output to the serial
 * console, input through a canonical line discipline.
 *
 * Input has two stages.  The UART's receive interrupt hands each byte to
 * cons_rxchar(), which only queues it in a raw ring and wakes readers.
 * A reader then edits the raw bytes into a line, in its own context: the
 * editing echoes (cnputc), and echo from a thread rather than from the
 * interrupt keeps interrupt handlers short.  The cost is that typed-ahead
 * characters are echoed only when someone reads, which for a console
 * with a shell waiting on it is at once.
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
 * the line is consumed.  A read waits (interruptibly: EINTR) only while
 * it has nothing at all to return.
 *
 * Everything here is protected by a critical section ([c]): the
 * interrupt handler runs only outside one, and readers test for input and
 * sleep inside one, so a wakeup cannot slip in between.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/uio.h>
#include <sys/conf.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <machine/md_var.h>
#include <dev/misc/devices.h>

#define CONS_RXSIZE	256		/* raw bytes queued by the interrupt */
#define CONS_LINESIZE	256		/* longest line, with its '\n' */

#define CTRL(c)		((c) & 0x1f)
#define CONS_BS		0x08
#define CONS_DEL	0x7f

static char cons_rxbuf[CONS_RXSIZE];	/* [c] received, not yet edited */
static unsigned cons_rxhead, cons_rxtail; /* [c] free-running indices */

static char cons_line[CONS_LINESIZE];	/* [c] the line being edited */
static size_t cons_linelen;		/* [c] bytes in cons_line */
static size_t cons_lineoff;		/* [c] bytes of it already read */
static bool cons_linedone;		/* [c] complete: being delivered */

/* From the UART interrupt: queue a received character (dropped when the
 * ring is full) and wake the readers. */
void
cons_rxchar(int c)
{
	if (cons_rxhead - cons_rxtail < CONS_RXSIZE)
		cons_rxbuf[cons_rxhead++ % CONS_RXSIZE] = (char)c;
	wakeup(&cons_rxhead);
}

static void
cons_puts(const char *s)
{
	while (*s != '\0')
		cnputc(*s++);
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
		cnputc('\a');
		return (false);
	}
	cons_line[cons_linelen++] = (char)c;
	cnputc(c);
	return (false);
}

/*
 * Read from the console: wait for a complete line (or an end of file) and
 * return as much of it as fits.  EINTR if a signal comes while nothing
 * has been read; EFAULT (nothing consumed) for a bad buffer.
 */
static int
cons_read(int unit, struct uio *uio, int ioflag)
{
	size_t n;
	int error = 0;

	if (uio->uio_resid == 0)
		return (0);
	crit_enter();
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
		if (cons_rxhead == cons_rxtail) {
			error = tsleep(&cons_rxhead, PCATCH, "ttyin", 0);
			if (error)
				break;
			continue;
		}
		if (cons_edit((unsigned char)
		    cons_rxbuf[cons_rxtail++ % CONS_RXSIZE]))
			break;			/* ^D: end of file, 0 bytes */
	}
	crit_exit();
	return (error);
}

/* Write to the console, in chunks, turning "\n" into "\r\n". */
static int
cons_write(int unit, struct uio *uio, int ioflag)
{
	char buf[128];
	size_t n, i;
	int error;

	while (uio->uio_resid > 0) {
		n = MIN(uio->uio_resid, sizeof(buf));
		error = uiomove(buf, n, uio);
		if (error)
			return (error);
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n')
				cnputc('\r');
			cnputc(buf[i]);
		}
	}
	return (0);
}

const struct cdevsw cons_cdevsw = {
	.d_name		= "console",
	.d_read		= cons_read,
	.d_write	= cons_write,
};
