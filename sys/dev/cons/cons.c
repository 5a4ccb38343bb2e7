/*
 * cons.c - the console device (/dev/console): a terminal (sys/kern/tty.c)
 * stacked on the UART's port.
 *
 * The console owns no hardware.  Below it is COM1's /dev/ttyu0
 * (dev/serial/ns16550.c), a raw byte port; above it is the line
 * discipline, whose state is cons_tty:
 *
 *   input    a thread of its own ("consin") reads ttyu0 with DEV_READ
 *            messages (dev_dread: as many bytes as the UART's ring
 *            holds, waiting while it is empty) and feeds each byte to
 *            tty_input().  So input is edited, echoed and turned into
 *            signals as it arrives, whether or not anyone reads: Ctrl-C
 *            reaches a program that never reads the terminal.
 *   output   tty_write()'s and the echo's processed bytes go down as
 *            DEV_WRITE messages over a kernel buffer (cons_oproc).
 *
 * Its port is direct (dev_port_direct): DEV_READ is tty_read() in the
 * reader's thread (waiting interruptibly for a line), DEV_WRITE
 * tty_write(), DEV_IOCTL tty_ioctl() (termios, the window size, 80x25 at
 * first, FIONREAD).  The background and controlling-terminal rules are
 * applied at the VFS boundary through si_tty (tty_jobc.c).
 *
 * Since the input thread reads ttyu0 for good, a program that opens
 * /dev/ttyu0 itself competes with it for COM1's input.
 *
 * kprintf and panic do not come through here: they poll the UART
 * directly (cnputc), which works with interrupts off.  With no COM1,
 * writes are swallowed and reads are ENXIO.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/uio.h>
#include <sys/device.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/tty.h>
#include <machine/md_var.h>
#include <dev/misc/devices.h>

static struct tty cons_tty;		/* the line discipline */
static struct cdev *cons_uart;		/* [I] the device below (ttyu0) */
static struct lwkt_port cons_port;
static struct cdev cons_dev = {
	.si_name = "console", .si_flags = SI_TTY, .si_port = &cons_port,
	.si_tty = &cons_tty,
};

/* The terminal's processed output, down to the UART (polled: it never
 * waits for room, so ioflag changes nothing). */
static int
cons_oproc(struct tty *tp __unused, const char *buf, size_t n,
    int ioflag __unused)
{
	struct uio uio;

	if (cons_uart == NULL)
		return (0);
	uio_init(&uio, (void *)buf, n, 0, UIO_SYSSPACE, UIO_WRITE);
	return (dev_dwrite(cons_uart, &uio, 0));
}

/* The "consin" thread: every byte COM1 receives, into the terminal. */
static void
cons_input_main(void *arg __unused)
{
	char buf[64];
	struct uio uio;
	size_t i, n;

	for (;;) {
		uio_init(&uio, buf, sizeof(buf), 0, UIO_SYSSPACE, UIO_READ);
		if (dev_dread(cons_uart, &uio, 0) != 0)
			continue;
		n = sizeof(buf) - uio.uio_resid;
		for (i = 0; i < n; i++)
			tty_input(&cons_tty, (unsigned char)buf[i]);
	}
}

static int
cons_devmsg(union dev_anymsg *m)
{
	switch (m->lmsg.ms_cmd) {
	case DEV_OPEN:
	case DEV_CLOSE:
		return (0);
	case DEV_READ:
		if (cons_uart == NULL)
			return (ENXIO);
		return (tty_read(&cons_tty, m->rw.a_uio, m->rw.a_ioflag));
	case DEV_WRITE:
		return (tty_write(&cons_tty, m->rw.a_uio, m->rw.a_ioflag));
	case DEV_IOCTL:
		return (tty_ioctl(&cons_tty, m->ioctl.a_cmd, m->ioctl.a_data,
		    m->ioctl.a_fflag));
	}
	return (EOPNOTSUPP);
}

/* Register /dev/console on top of uart (NULL: no UART) and start its
 * input thread.  Boot only. */
void
cons_attach(struct cdev *uart)
{
	cons_uart = uart;
	tty_init(&cons_tty, "console", cons_oproc, NULL);
	dev_port_direct(&cons_port, cons_devmsg);
	if (make_dev(&cons_dev) != 0)
		panic("%s: cannot register the console", __func__);
	if (uart != NULL)
		lwkt_create(cons_input_main, NULL, TDPRI_SOFT, "consin");
}
