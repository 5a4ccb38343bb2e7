/*
 * pty.c - pseudo-terminals: /dev/ptypN (the master) and /dev/ttypN (the
 * slave), N = 0 .. PTY_NUNITS-1, BSD's names.
 *
 * The slave is a terminal (SI_TTY, a struct tty: sys/kern/tty.c) whose
 * "device" is the master: what a program writes to the master is the
 * slave's input, fed byte by byte to tty_input() in the writer's thread
 * (so it is edited, echoed and turned into signals there), and what the
 * slave's line discipline outputs (the echo, and what programs write to
 * the slave, after OPOST) waits in the pair's output ring until the
 * master reads it.  That is how a test drives a terminal from inside the
 * system (test/dev/tty_*.c), and what a terminal emulator or a remote
 * login would use.
 *
 * The master (a direct port, pty_mmsg):
 *   DEV_OPEN    one open at a time (EBUSY): the pair is fresh, the slave
 *               back to the default modes; posix_openpt() in libc tries
 *               each N in turn
 *   DEV_CLOSE   hangs the slave up (its reads return 0, its writes EIO)
 *               after SIGHUP to its foreground group
 *   DEV_READ    the slave's output: what the ring holds, waiting
 *               (interruptibly) while it is empty, unless IO_NDELAY
 *               (EAGAIN); 0 when the slave was opened and every open of
 *               it is closed again and the ring is empty
 *   DEV_WRITE   every byte into the slave's input; never waits (input
 *               the line discipline cannot hold is dropped, as a
 *               terminal's is)
 *   DEV_IOCTL   TIOCGPTN (the unit, for ptsname), FIONREAD (bytes in
 *               the ring), and the slave's termios and window size ioctls
 * The slave (a direct port, pty_smsg): DEV_OPEN is EIO while no master
 * is open; reads, writes and ioctls are the line discipline's.  A slave
 * write waits while the ring is full (interruptibly; EAGAIN with
 * IO_NDELAY); the echo never waits: what does not fit is dropped.
 *
 * Protection: [c] critical section (one CPU), [I] set at attach.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/uio.h>
#include <sys/signal.h>
#include <sys/device.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/tty.h>
#include <dev/misc/devices.h>

#define PTY_NUNITS	4
#define PTY_OUTSIZE	4096	/* the slave's output, waiting for the master */

struct pty_softc {
	int		pt_unit;	/* [I] N */
	char		pt_mname[8];	/* [I] "ptypN" */
	char		pt_sname[8];	/* [I] "ttypN" */
	struct tty	pt_tty;		/* the slave's terminal */
	char		pt_out[PTY_OUTSIZE]; /* [c] output for the master */
	unsigned	pt_ohead, pt_otail; /* [c] free-running indices */
	bool		pt_mopen;	/* [c] the master is open */
	bool		pt_sever;	/* [c] the slave was opened since */
	int		pt_sopen;	/* [c] opens of the slave */
	struct cdev	pt_mdev;	/* [I] /dev/ptypN */
	struct cdev	pt_sdev;	/* [I] /dev/ttypN */
	struct lwkt_port pt_mport;
	struct lwkt_port pt_sport;
};

static struct pty_softc pty_sc[PTY_NUNITS];

/* The slave's processed output into the ring (the tty's t_oproc). */
static int
pty_oproc(struct tty *tp, const char *buf, size_t n, int ioflag)
{
	struct pty_softc *sc = tp->t_sc;
	size_t k;
	int error = 0;

	crit_enter();
	while (n > 0) {
		if (!sc->pt_mopen) {
			error = EIO;
			break;
		}
		k = PTY_OUTSIZE - (sc->pt_ohead - sc->pt_otail);
		if (k == 0) {
			if (ioflag & TTY_DROP)
				break;
			if (ioflag & IO_NDELAY) {
				error = EAGAIN;
				break;
			}
			error = tsleep(&sc->pt_otail, PCATCH, "ptyout", 0);
			if (error)
				break;
			continue;
		}
		k = MIN(k, n);
		n -= k;
		while (k-- > 0)
			sc->pt_out[sc->pt_ohead++ % PTY_OUTSIZE] = *buf++;
		wakeup(&sc->pt_ohead);
	}
	crit_exit();
	return (error);
}

/* Master DEV_READ: the slave's output. */
static int
pty_mread(struct pty_softc *sc, struct uio *uio, int ioflag)
{
	char buf[256];
	size_t n, i;
	int error = 0;

	if (uio->uio_resid == 0)
		return (0);
	crit_enter();
	while (sc->pt_ohead == sc->pt_otail) {
		if (sc->pt_sever && sc->pt_sopen == 0)
			goto out;		/* the slave is gone: EOF */
		if (ioflag & IO_NDELAY) {
			error = EAGAIN;
			goto out;
		}
		error = tsleep(&sc->pt_ohead, PCATCH, "ptyin", 0);
		if (error)
			goto out;
	}
	while (uio->uio_resid > 0 && sc->pt_ohead != sc->pt_otail) {
		n = MIN(MIN(sc->pt_ohead - sc->pt_otail, uio->uio_resid),
		    sizeof(buf));
		for (i = 0; i < n; i++)
			buf[i] = sc->pt_out[sc->pt_otail++ % PTY_OUTSIZE];
		wakeup(&sc->pt_otail);
		crit_exit();
		error = uiomove(buf, n, uio);
		crit_enter();
		if (error)
			break;
	}
out:
	crit_exit();
	return (error);
}

/* Master DEV_WRITE: the slave's input. */
static int
pty_mwrite(struct pty_softc *sc, struct uio *uio)
{
	char buf[256];
	size_t n, i;
	int error;

	while (uio->uio_resid > 0) {
		n = MIN(uio->uio_resid, sizeof(buf));
		error = uiomove(buf, n, uio);
		if (error)
			return (error);
		for (i = 0; i < n; i++)
			tty_input(&sc->pt_tty, (unsigned char)buf[i]);
	}
	return (0);
}

static int
pty_mmsg(union dev_anymsg *m)
{
	struct pty_softc *sc = m->head.dm_dev->si_drv1;
	struct dev_ioctl_msg *im = &m->ioctl;

	switch (m->lmsg.ms_cmd) {
	case DEV_OPEN:
		if (sc->pt_mopen)
			return (EBUSY);
		tty_init(&sc->pt_tty, sc->pt_sname, pty_oproc, sc);
		crit_enter();
		sc->pt_ohead = sc->pt_otail = 0;
		sc->pt_mopen = true;
		sc->pt_sever = false;
		crit_exit();
		return (0);
	case DEV_CLOSE:
		tty_signal(&sc->pt_tty, SIGHUP);
		tty_jobc_close(&sc->pt_tty);
		crit_enter();
		sc->pt_mopen = false;
		crit_exit();
		tty_hangup(&sc->pt_tty);
		wakeup(&sc->pt_otail);		/* writers: EIO */
		return (0);
	case DEV_READ:
		return (pty_mread(sc, m->rw.a_uio, m->rw.a_ioflag));
	case DEV_WRITE:
		return (pty_mwrite(sc, m->rw.a_uio));
	case DEV_IOCTL:
		if (im->a_cmd == TIOCGPTN) {
			*(int *)im->a_data = sc->pt_unit;
			return (0);
		}
		if (im->a_cmd == FIONREAD) {
			crit_enter();
			*(int *)im->a_data = (int)(sc->pt_ohead - sc->pt_otail);
			crit_exit();
			return (0);
		}
		return (tty_ioctl(&sc->pt_tty, im->a_cmd, im->a_data,
		    im->a_fflag));
	}
	return (EOPNOTSUPP);
}

static int
pty_smsg(union dev_anymsg *m)
{
	struct pty_softc *sc = m->head.dm_dev->si_drv1;

	switch (m->lmsg.ms_cmd) {
	case DEV_OPEN:
		if (!sc->pt_mopen)
			return (EIO);
		crit_enter();
		sc->pt_sopen++;
		sc->pt_sever = true;
		crit_exit();
		return (0);
	case DEV_CLOSE:
		crit_enter();
		if (sc->pt_sopen > 0)
			sc->pt_sopen--;
		crit_exit();
		wakeup(&sc->pt_ohead);		/* the master may see EOF */
		return (0);
	case DEV_READ:
		return (tty_read(&sc->pt_tty, m->rw.a_uio, m->rw.a_ioflag));
	case DEV_WRITE:
		return (tty_write(&sc->pt_tty, m->rw.a_uio, m->rw.a_ioflag));
	case DEV_IOCTL:
		return (tty_ioctl(&sc->pt_tty, m->ioctl.a_cmd, m->ioctl.a_data,
		    m->ioctl.a_fflag));
	}
	return (EOPNOTSUPP);
}

/* Register every pair.  Boot only. */
void
pty_attach(void)
{
	struct pty_softc *sc;
	int unit;

	for (unit = 0; unit < PTY_NUNITS; unit++) {
		sc = &pty_sc[unit];
		sc->pt_unit = unit;
		ksnprintf(sc->pt_mname, sizeof(sc->pt_mname), "ptyp%d", unit);
		ksnprintf(sc->pt_sname, sizeof(sc->pt_sname), "ttyp%d", unit);
		tty_init(&sc->pt_tty, sc->pt_sname, pty_oproc, sc);
		dev_port_direct(&sc->pt_mport, pty_mmsg);
		dev_port_direct(&sc->pt_sport, pty_smsg);
		sc->pt_mdev = (struct cdev){ .si_name = sc->pt_mname,
		    .si_unit = unit, .si_drv1 = sc, .si_port = &sc->pt_mport };
		sc->pt_sdev = (struct cdev){ .si_name = sc->pt_sname,
		    .si_unit = unit, .si_flags = SI_TTY, .si_drv1 = sc,
		    .si_port = &sc->pt_sport, .si_tty = &sc->pt_tty };
		if (make_dev(&sc->pt_mdev) != 0 || make_dev(&sc->pt_sdev) != 0)
			panic("%s: cannot register pty %d", __func__, unit);
	}
}
