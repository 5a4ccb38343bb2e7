/*
 * md.c - a RAM disk: /dev/md0, MD_SIZE bytes of kernel memory in
 * MD_SECSIZE-byte sectors.  The template for a disk driver.
 *
 * The disk is a device with SI_DISK, a sector size and a media size.
 * Its port is the port of the driver's own thread ("md", made with
 * dev_thread_port): every message to it is queued there, and the thread
 * takes it off, does the work and replies.  So a read of /dev/md0 goes
 * in flight for real: the sender's thread sleeps in lwkt_domsg() (or, for
 * an asynchronous read, does not wait at all) until the md thread's
 * lwkt_replymsg() hands the message back.  A hardware disk driver keeps
 * this shape and moves the reply one step further: its thread starts
 * the transfer on DEV_STRATEGY, keeps the message (on its queue, through
 * a_link), and replies when the controller's interrupt message says
 * the transfer is done.
 *
 * The messages (sys/device.h):
 *
 *   DEV_STRATEGY  a_bcount bytes at a_offset, whole sectors inside the
 *                 disk (kern_device.c checked and clipped): copied
 *                 between the disk's memory and a_uio (kernel buffer or
 *                 held user pages, never a user pointer), a_resid set to
 *                 what was not moved (0, or on a copy error the rest).
 *   DEV_IOCTL     DIOCGSECTORSIZE, DIOCGMEDIASIZE; anything else ENOTTY.
 *   DEV_OPEN, DEV_CLOSE  nothing to do.
 *   DEV_READ, DEV_WRITE  never sent to a disk (they become strategy
 *                 messages): EOPNOTSUPP.
 *
 * The contents start zeroed and last until the machine stops.  Only
 * the md thread touches md_data, so no lock is needed.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/uio.h>
#include <sys/thread.h>
#include <sys/device.h>
#include <dev/misc/devices.h>

#define MD_SIZE		(256 * 1024)	/* bytes */
#define MD_SECSIZE	512		/* bytes per sector */

MALLOC_DEFINE(M_MD, "md", "the RAM disk's contents");

struct md_softc {
	char		*sc_data;	/* [md thread] MD_SIZE bytes */
	struct cdev	sc_dev;		/* [I] /dev/md0 */
	uint64_t	sc_nstrategy;	/* [md thread] transfers done */
};

static struct md_softc md_sc;

/* DEV_STRATEGY: the copy, then a_resid. */
static int
md_strategy(struct md_softc *sc, struct dev_strategy_msg *sm)
{
	struct uio *uio = sm->a_uio;
	size_t before = uio->uio_resid;
	int error;

	KASSERT(sm->a_offset >= 0 && sm->a_bcount == uio->uio_resid &&
	    sm->a_offset + (off_t)sm->a_bcount <= sc->sc_dev.si_mediasize &&
	    (sm->a_bio_cmd == BIO_READ) == (uio->uio_rw == UIO_READ),
	    ("%s: a bad request", __func__));
	error = uiomove(sc->sc_data + sm->a_offset, sm->a_bcount, uio);
	sm->a_resid = sm->a_bcount - (before - uio->uio_resid);
	sc->sc_nstrategy++;
	return (error);
}

/* In the md thread: one message off its port; reply to it. */
static void
md_msg(lwkt_msg_t msg, void *arg)
{
	struct md_softc *sc = arg;
	union dev_anymsg *m = (union dev_anymsg *)msg;
	int error;

	switch (msg->ms_cmd) {
	case DEV_OPEN:
	case DEV_CLOSE:
		error = 0;
		break;
	case DEV_STRATEGY:
		error = md_strategy(sc, &m->strategy);
		break;
	case DEV_IOCTL:
		error = dev_disk_ioctl(&sc->sc_dev, &m->ioctl);
		break;
	default:
		error = EOPNOTSUPP;
		break;
	}
	lwkt_replymsg(msg, error);
}

/* Make /dev/md0.  Boot only. */
void
md_attach(void)
{
	struct md_softc *sc = &md_sc;
	int error;

	sc->sc_data = kmalloc(MD_SIZE, M_MD, M_WAITOK | M_ZERO);
	sc->sc_dev.si_name = "md0";
	sc->sc_dev.si_flags = SI_DISK;
	sc->sc_dev.si_drv1 = sc;
	sc->sc_dev.si_secsize = MD_SECSIZE;
	sc->sc_dev.si_mediasize = MD_SIZE;
	dev_thread_port(&sc->sc_dev.si_port, md_msg, sc, "md");
	error = make_dev(&sc->sc_dev);
	if (error)
		panic("%s: make_dev: %d", __func__, error);
}
