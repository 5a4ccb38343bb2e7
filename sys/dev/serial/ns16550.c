/*
 * ns16550.c - the 16550 UART on COM1 and COM2, on a message port.
 *
 * Units and names: unit 0 is COM1 (I/O 0x3f8, IRQ 4), /dev/ttyu0; unit 1
 * is COM2 (0x2f8, IRQ 3), /dev/ttyu1, as FreeBSD's uart(4) names them.
 * Both names always exist; a unit whose registers do not answer (its
 * line status reads 0xff, as an empty ISA address does: QEMU with one
 * -serial has no COM2) answers every message with ENXIO, and its line
 * is left unclaimed.  115200 baud, 8 data bits, no parity, one stop
 * bit, FIFOs on.
 *
 * Each unit is a device (SI_TTY) whose port is direct (dev_port_direct):
 *
 *   DEV_WRITE   the bytes are polled out, in the sender's thread.
 *   DEV_READ    bytes from the unit's receive ring, as many as are there
 *               and fit (at least one): an empty ring makes the reader
 *               sleep, interruptibly (EINTR), or EAGAIN with IO_NDELAY.
 *   DEV_OPEN, DEV_CLOSE  nothing to do; DEV_IOCTL: ENOTTY.
 *
 * Input arrives by interrupt, as a message: the driver's thread ("com",
 * one for both units, dev_thread_port) owns the port to which
 * drv_intr_establish() sends each unit's interrupt message.  com_intr_msg()
 * drains the receive FIFO into the ring, wakes the readers and replies,
 * which unmasks the line.  The raw bytes are the line discipline's
 * business (dev/cons/cons.c reads /dev/ttyu0 for the console).
 *
 * cnputc() stays a polled direct call on COM1, set up by com_cninit()
 * before anything else: kprintf and panic must work with interrupts off
 * and no thread to run.
 *
 * The ring is protected by a critical section ([c]): the driver thread
 * fills it and readers empty it, both in thread context.
 *
 * The driver calls only the driver interface (sys/sys/drvif.h: drv_*),
 * so this file builds both into the kernel and into a user driver; the
 * polled console (com_cninit, cnputc, cngetc_nowait) is the kernel
 * build's alone.  com_attach(units) attaches the units named: the kernel
 * takes both, or with uart=user on the command line COM1 alone (the
 * console must stay the kernel's: kprintf and panic poll it), and
 * /bin/drvd isa:com2 takes COM2 in a process (dev/misc/devices.c).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/uio.h>
#include <sys/device.h>
#include <sys/drvif.h>
#ifdef _KERNEL
#include <machine/md_var.h>		/* the polled console's hooks */
#endif
#include <dev/misc/devices.h>

#define COM_DATA	0	/* receive/transmit buffer (DLAB=0) */
#define COM_IER		1	/* interrupt enable (DLAB=0) */
#define COM_DLL		0	/* divisor latch low (DLAB=1) */
#define COM_DLM		1	/* divisor latch high (DLAB=1) */
#define COM_FCR		2	/* FIFO control */
#define COM_LCR		3	/* line control */
#define COM_MCR		4	/* modem control */
#define COM_LSR		5	/* line status */
#define LCR_DLAB	0x80
#define LCR_8N1		0x03
#define LSR_RXRDY	0x01
#define LSR_TXRDY	0x20
#define MCR_DTR_RTS	0x03
#define MCR_OUT2	0x08	/* gates the IRQ line on PC hardware */
#define IER_RXRDY	0x01

#define COM_NUNITS	2
#define COM_RXSIZE	512	/* received bytes kept for readers */

struct com_softc {
	int		sc_unit;	/* [I] 0: COM1, 1: COM2 */
	uint16_t	sc_base;	/* [I] I/O base */
	int		sc_irq;		/* [I] its line */
	bool		sc_present;	/* [I] answered the probe */
	char		sc_name[8];	/* [I] "ttyuN" */
	char		sc_rxbuf[COM_RXSIZE]; /* [c] received, not yet read */
	unsigned	sc_rxhead, sc_rxtail; /* [c] free-running indices */
	uint32_t	sc_rxdropped;	/* [c] bytes lost to a full ring */
	struct cdev	sc_dev;		/* [I] /dev/ttyuN */
	struct lwkt_port sc_port;	/* the device's (direct) port */
	struct intr_msg	sc_imsg;	/* its interrupt message */
};

static struct com_softc com_sc[COM_NUNITS] = {
	{ .sc_unit = 0, .sc_base = 0x3f8, .sc_irq = 4 },
	{ .sc_unit = 1, .sc_base = 0x2f8, .sc_irq = 3 },
};
static lwkt_port_t com_iport;		/* the "com" thread's port */

/* Program a unit and tell whether it is there. */
static bool
com_setup(struct com_softc *sc)
{
	uint16_t b = sc->sc_base;

	drv_outb(b + COM_IER, 0x00);
	drv_outb(b + COM_LCR, LCR_DLAB);
	drv_outb(b + COM_DLL, 1);			/* 115200 / 1 */
	drv_outb(b + COM_DLM, 0);
	drv_outb(b + COM_LCR, LCR_8N1);
	drv_outb(b + COM_FCR, 0xc7);		/* enable, clear, 14-byte */
	drv_outb(b + COM_MCR, MCR_DTR_RTS);
	return (drv_inb(b + COM_LSR) != 0xff);
}

static void
com_putc(struct com_softc *sc, int c)
{
	int spins = 100000;

	if (!sc->sc_present)
		return;
	while ((drv_inb(sc->sc_base + COM_LSR) & LSR_TXRDY) == 0 && --spins > 0)
		drv_pause();
	drv_outb(sc->sc_base + COM_DATA, (uint8_t)c);
}

#ifdef _KERNEL
/*
 * The kernel's polled console.  Not part of the driver proper (it is
 * called by name, with interrupts off, before there are threads), so a
 * user build of this file has none: its kprintf is the kernel's.
 */

/* The console UART (COM1), polled: first thing at boot. */
void
com_cninit(void)
{
	com_sc[0].sc_present = com_setup(&com_sc[0]);
}

/* kprintf's and panic's output: polled, any context, interrupts off. */
void
cnputc(int c)
{
	com_putc(&com_sc[0], c);
}

/* A byte received on COM1, or -1 if none is waiting (polled). */
int
cngetc_nowait(void)
{
	struct com_softc *sc = &com_sc[0];

	if (!sc->sc_present || (drv_inb(sc->sc_base + COM_LSR) & LSR_RXRDY) == 0)
		return (-1);
	return (drv_inb(sc->sc_base + COM_DATA));
}
#endif /* _KERNEL */

/* ---- the interrupt message ------------------------------------------- */

/*
 * In the "com" thread: a unit's interrupt.  Drain the receive FIFO into
 * the ring (a full ring drops and counts), wake readers, reply (which
 * unmasks the line).
 */
static void
com_intr_msg(lwkt_msg_t msg, void *arg __unused)
{
	struct intr_msg *im = (struct intr_msg *)msg;
	struct com_softc *sc = im->im_arg;
	int c;

	KASSERT(msg->ms_cmd == DEV_INTR, ("%s: command %d", __func__,
	    msg->ms_cmd));
	drv_crit_enter();
	while ((drv_inb(sc->sc_base + COM_LSR) & LSR_RXRDY) != 0) {
		c = drv_inb(sc->sc_base + COM_DATA);
		if (sc->sc_rxhead - sc->sc_rxtail < COM_RXSIZE)
			sc->sc_rxbuf[sc->sc_rxhead++ % COM_RXSIZE] = (char)c;
		else
			sc->sc_rxdropped++;
	}
	drv_crit_exit();
	drv_wakeup(&sc->sc_rxhead);
	drv_intr_done(im);
}

/* ---- the device messages --------------------------------------------- */

/* DEV_READ: what the ring holds, at least one byte. */
static int
com_read(struct com_softc *sc, struct uio *uio, int ioflag)
{
	size_t n, off;
	int error = 0;

	if (uio->uio_resid == 0)
		return (0);
	drv_crit_enter();
	while (sc->sc_rxhead == sc->sc_rxtail) {
		if (ioflag & IO_NDELAY) {
			error = EAGAIN;
			goto out;
		}
		error = drv_sleep(&sc->sc_rxhead, true, "ttyin", 0);
		if (error)
			goto out;
	}
	while (uio->uio_resid > 0 && sc->sc_rxhead != sc->sc_rxtail) {
		off = sc->sc_rxtail % COM_RXSIZE;
		n = MIN(sc->sc_rxhead - sc->sc_rxtail, COM_RXSIZE - off);
		n = MIN(n, uio->uio_resid);
		error = drv_uiomove(sc->sc_rxbuf + off, n, uio);
		if (error)
			break;
		sc->sc_rxtail += n;
	}
out:
	drv_crit_exit();
	return (error);
}

/* DEV_WRITE: every byte, polled out. */
static int
com_write(struct com_softc *sc, struct uio *uio)
{
	char buf[128];
	size_t n, i;
	int error;

	while (uio->uio_resid > 0) {
		n = MIN(uio->uio_resid, sizeof(buf));
		error = drv_uiomove(buf, n, uio);
		if (error)
			return (error);
		for (i = 0; i < n; i++)
			com_putc(sc, buf[i]);
	}
	return (0);
}

static int
com_devmsg(union dev_anymsg *m)
{
	struct com_softc *sc = m->head.dm_dev->si_drv1;

	if (!sc->sc_present)
		return (ENXIO);
	switch (m->lmsg.ms_cmd) {
	case DEV_OPEN:
	case DEV_CLOSE:
		return (0);
	case DEV_READ:
		return (com_read(sc, m->rw.a_uio, m->rw.a_ioflag));
	case DEV_WRITE:
		return (com_write(sc, m->rw.a_uio));
	case DEV_IOCTL:
		return (ENOTTY);
	}
	return (EOPNOTSUPP);
}

/*
 * Register the units in the mask units (COM_UNIT(n)); each that answers
 * gets its interrupt as a message to the "com" thread.  Boot only (after
 * threads exist).  Returns COM1's device for the console, or NULL if
 * COM1 is not there or not attached.
 */
struct cdev *
com_attach(unsigned units)
{
	struct com_softc *sc;
	int unit, error;

	drv_port_thread(&com_iport, com_intr_msg, NULL, "com");
	for (unit = 0; unit < COM_NUNITS; unit++) {
		if ((units & COM_UNIT(unit)) == 0)
			continue;
		sc = &com_sc[unit];
		if (unit > 0)
			sc->sc_present = com_setup(sc);
		drv_snprintf(sc->sc_name, sizeof(sc->sc_name), "ttyu%d", unit);
		drv_port_direct(&sc->sc_port, com_devmsg);
		sc->sc_dev.si_name = sc->sc_name;
		sc->sc_dev.si_unit = unit;
		sc->sc_dev.si_flags = SI_TTY;
		sc->sc_dev.si_drv1 = sc;
		sc->sc_dev.si_port = &sc->sc_port;
		error = drv_register(&sc->sc_dev);
		if (error)
			drv_panic("%s: drv_register(%s): %d", __func__, sc->sc_name,
			    error);
		if (!sc->sc_present)
			continue;
		error = drv_intr_establish(sc->sc_irq, com_iport, &sc->sc_imsg, sc,
		    sc->sc_name);
		if (error)
			drv_panic("%s: irq %d: %d", __func__, sc->sc_irq, error);
		drv_outb(sc->sc_base + COM_MCR, MCR_DTR_RTS | MCR_OUT2);
		drv_outb(sc->sc_base + COM_IER, IER_RXRDY);
	}
	return ((units & COM_UNIT(0)) && com_sc[0].sc_present ?
	    &com_sc[0].sc_dev : NULL);
}
