/*
 * kern_device.c - the device registry and the device messages.
 *
 * The rules every driver obeys are in sys/sys/device.h; read that first.
 * This file keeps the registry of devices (make_dev, dev_lookup,
 * dev_next), builds every device message (dev_dopen ... dev_dstrategy:
 * nowhere else is one built), and gives drivers their two kinds of port:
 * a direct port whose putport is the driver's handler, and a thread port
 * served by a driver thread of its own.
 *
 * WRITING A DRIVER
 *
 * A driver is a struct cdev per device and a port that receives the
 * device messages.  The messages, one by one (device.h has each struct):
 *
 *   DEV_OPEN      each open(2); a_oflags FREAD|FWRITE|FNONBLOCK.  ENXIO
 *                 if the hardware is not there; 0 otherwise.
 *   DEV_CLOSE     each close of such a file; a_fflag its mode.
 *   DEV_READ      move bytes into a_uio (uiomove advances it); wait for
 *                 input unless IO_NDELAY (then EAGAIN).  Not for disks.
 *   DEV_WRITE     move bytes out of a_uio.  Not for disks.
 *   DEV_IOCTL     a_cmd with its argument in a_data, already in kernel
 *                 memory; ENOTTY for a command the driver does not know.
 *   DEV_STRATEGY  (SI_DISK) a_bcount bytes at a_offset, whole sectors,
 *                 inside the medium (the sender checked): do the transfer
 *                 into or out of a_uio, set a_resid, reply.
 *   DEV_INTR      not a device message but arrives at the same port:
 *                 the driver's interrupt (intr_establish); reply it to
 *                 unmask the line.
 *
 * The rules: reply exactly once (return the error from the handler, or
 * return EASYNC and call lwkt_replymsg() later); no user pointers (a
 * uio is UIO_SYSSPACE or UIO_VMOBJECT; the kernel copied the ioctl
 * argument); no current process (everything is in the message); and
 * interrupts arrive as messages, handled in the driver's thread.
 *
 * A WORKED EXAMPLE: HOW THE UART BECAME A PORT (sys/dev/serial/ns16550.c)
 *
 * Before, the 16550 was three functions: cnputc() polled a byte out,
 * an interrupt handler registered with intr_register() ran inside
 * whatever thread the interrupt hit and pushed received bytes into the
 * console's ring, and the console file called both by name.  Step by
 * step:
 *
 *   1. A softc per unit (struct com_softc: the I/O base, the receive
 *      ring) and a struct cdev per unit whose si_drv1 points at it.
 *      Probe each base (COM1 0x3f8, COM2 0x2f8); a unit that is not
 *      there keeps its name but answers every message with ENXIO (a
 *      device that vanishes later would be marked dev_gone(): ENXIO
 *      without reaching the driver).
 *   2. One handler, com_devmsg(union dev_anymsg *), with a switch on
 *      ms_cmd: DEV_READ takes bytes from the ring (sleeping
 *      interruptibly while it is empty, unless IO_NDELAY), DEV_WRITE
 *      polls the bytes out, DEV_IOCTL answers ENOTTY, DEV_OPEN and
 *      DEV_CLOSE succeed.  Everything it needs comes from the message
 *      (dm_dev->si_drv1 is the softc); the uio is never user space.
 *   3. The port: dev_port_direct(&sc->sc_port, com_devmsg), so a write
 *      to the UART costs a function call, in the sender's thread.
 *   4. The interrupt: a driver thread (dev_thread_port()) whose port
 *      receives the interrupt message of intr_establish(4 or 3, ...).
 *      Its function drains the receive FIFO into the ring, wakes the
 *      readers and replies the message, which unmasks the line.  The
 *      work moved out of interrupt context into a thread, and a UART
 *      that jams its line can mask only its own line.
 *   5. make_dev(&sc->sc_dev) with SI_TTY, from dev_init().
 *   6. The console (dev/cons/cons.c) stopped calling the UART by name:
 *      its own direct port edits lines and sends DEV_READ and DEV_WRITE
 *      messages (dev_dread/dev_dwrite, kernel buffers) to the UART's
 *      device.  It is a line discipline stacked on a port.
 *   7. What stayed a direct call: cnputc() for kprintf and panic, which
 *      must work with interrupts off and with no thread to run.
 *
 * A disk driver follows sys/dev/md/md.c: its port is its thread's port,
 * strategy messages queue there and are replied from the thread; a real
 * controller starts the transfer, keeps the message, and replies from
 * its interrupt message's handler.  sys/dev/ata/ is that driver for the
 * IDE disks: DEV_STRATEGY puts the message on its channel's queue
 * (a_link) and starts a command if the channel is idle; the interrupt
 * message's handler reads the device's status, starts the request's
 * next command or replies to it (a_resid, ms_error), starts the next
 * request, and only then replies to the interrupt message, which
 * unmasks the line.  A command's timeout is a callout that sends a
 * message to the same thread, so timeouts, interrupts and requests are
 * serialized by the one thread without locks.  The data go to the
 * hardware by physical address (uio_physiter) with no copy.
 *
 * A DRIVER IN A USER PROCESS (sys/sys/agent.h, sys/kern/kern_agent.c)
 *
 * Because a driver sees only its messages, the same driver can run in
 * a user process behind a port agent.  The process registers its device
 * with devserve(); the cdev's port is then the agent's, which queues
 * each message as any thread port would; the process takes them with
 * the gate's receive operation (recvsys: the message's fields, and a
 * write's data copied into its buffer) and answers with replysys (the
 * error, the count, a read's data copied from its buffer into the
 * sender's pages).  The senders (devfs, the partition layer, an
 * asynchronous read) cannot tell.  The agent believes nothing a driver
 * says: a reply is checked against the message it answers and accepted
 * once; a driver that does not reply in time loses the message (EIO),
 * one that takes no message is killed, and when a driver dies its held
 * disk transfers wait for its successor (a supervisor restarts it)
 * while anything else fails with EIO.
 *
 * What such a driver may touch is granted explicitly, by a launcher, to
 * the one process (sys/sys/devgrant.h): its device's I/O ports (the
 * TSS's I/O permission bitmap, loaded when it runs: any other port is
 * SIGSEGV), its interrupt (the same repeating DEV_INTR message, now
 * received through recvsys; the line stays masked until the reply) and
 * DMA memory (contiguous pages mapped into it, their physical address
 * given).  Without an IOMMU a driver whose device does bus-master DMA
 * can still make the device write anywhere in physical memory: the
 * grant confines the driver's instructions, not its device.
 *
 * ONE SOURCE, TWO BUILDS (sys/sys/drvif.h)
 *
 * A driver meant for both sides calls nothing of the kernel by name:
 * only the driver interface's drv_* functions (port I/O, PCI
 * configuration, drv_intr_establish and drv_intr_done for the interrupt
 * message, drv_dma_alloc, drv_register for make_dev, drv_port_thread
 * and drv_port_direct for the two kinds of port, drv_reply, drv_send,
 * drv_timer_* for a timeout that arrives as a message, drv_sleep,
 * drv_malloc, drv_log).  Built into the kernel they are the kernel's
 * own calls, inline; built as user code (-DDRV_USER) they are
 * lib/libdrv's, where drv_register serves the device through the agent
 * above and the drivers of one process call each other's ports
 * directly.  The UART, ATA and virtio-blk drivers are written so, and
 * make check's drvif-user step holds them to it.
 *
 * THE REGISTRY
 *
 * Append-only: a device is registered once and its struct cdev is never
 * freed or unlinked, so a pointer to one stays valid for the life of the
 * kernel (a vnode keeps one).  Its position (si_index) gives devfs its
 * inode number and directory index.  devfs names what is registered: it
 * reads the registry at every lookup and readdir, and it hears of a
 * device registered after it was mounted through dev_listen() (so a
 * negative name cached before is purged and the vnode made at once).
 *
 * Concurrency: one CPU; the registry changes only in make_dev(), which
 * never blocks between the duplicate check and the insert.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/queue.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/dirent.h>
#include <sys/device.h>
#include <sys/diskmbr.h>

MALLOC_DEFINE(M_DEVICE, "device", "device registry and driver threads");

static TAILQ_HEAD(, cdev) dev_list = TAILQ_HEAD_INITIALIZER(dev_list);
static uint32_t dev_ndevs;			/* on dev_list */
#define DEV_NLISTENERS	4
static void (*dev_listeners[DEV_NLISTENERS])(struct cdev *); /* devfs, mbr */

/* ---- the registry ---------------------------------------------------- */

/*
 * Register dev, whose [I] fields the driver has filled in.  Returns 0,
 * EEXIST if the name is taken, or EINVAL for a bad name (empty, ".",
 * "..", longer than MAXNAMLEN, a '/') or a disk without a sector size.
 * dev and its name are kept for good; with SI_GONE set it is registered
 * gone (ENXIO until dev_back).  Tells the listeners (devfs, the
 * partition layer), which may block.
 */
int
make_dev(struct cdev *dev)
{
	const char *name = dev->si_name;
	size_t len;
	int i;

	KASSERT(dev->si_port != NULL, ("%s: %s has no port", __func__, name));
	len = strnlen(name, MAXNAMLEN + 1);
	if (len == 0 || len > MAXNAMLEN || strchr(name, '/') != NULL ||
	    strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return (EINVAL);
	if ((dev->si_flags & SI_DISK) && (dev->si_secsize == 0 ||
	    dev->si_mediasize < 0 || dev->si_mediasize % dev->si_secsize))
		return (EINVAL);
	if (dev_lookup(name, len) != NULL)
		return (EEXIST);
	dev->si_index = dev_ndevs++;
	getnanotime(&dev->si_ctime);
	TAILQ_INSERT_TAIL(&dev_list, dev, si_link);
	for (i = 0; i < DEV_NLISTENERS && dev_listeners[i] != NULL; i++)
		dev_listeners[i](dev);
	return (0);
}

/* The hardware behind dev went away: every later message is ENXIO (one
 * already sent is the driver's to finish).  The name stays. */
void
dev_gone(struct cdev *dev)
{
	crit_enter();
	dev->si_flags |= SI_GONE;
	crit_exit();
}

/* The hardware behind dev (gone) is back: messages reach the driver
 * again.  For a layer that reuses its devices (a partition that
 * reappears on a rescan, subr_diskmbr.c). */
void
dev_back(struct cdev *dev)
{
	crit_enter();
	dev->si_flags &= ~SI_GONE;
	crit_exit();
}

/* The device named name (len bytes, not necessarily NUL-terminated), or
 * NULL. */
struct cdev *
dev_lookup(const char *name, size_t len)
{
	struct cdev *dev;

	TAILQ_FOREACH(dev, &dev_list, si_link) {
		if (strncmp(dev->si_name, name, len) == 0 &&
		    dev->si_name[len] == '\0')
			return (dev);
	}
	return (NULL);
}

/* The device registered after dev (the first if dev is NULL), or NULL. */
struct cdev *
dev_next(struct cdev *dev)
{
	return (dev == NULL ? TAILQ_FIRST(&dev_list) : TAILQ_NEXT(dev, si_link));
}

/* Devices registered so far. */
int
dev_count(void)
{
	return ((int)dev_ndevs);
}

/* Call fn(dev) for each device registered from now on, after the
 * listeners already there (devfs; the partition layer, which probes
 * each disk).  Listening twice with the same fn is once.  Boot. */
void
dev_listen(void (*fn)(struct cdev *))
{
	int i;

	for (i = 0; i < DEV_NLISTENERS && dev_listeners[i] != NULL; i++) {
		if (dev_listeners[i] == fn)
			return;
	}
	KASSERT(i < DEV_NLISTENERS, ("%s: too many listeners", __func__));
	dev_listeners[i] = fn;
}

/* ---- ports for drivers ----------------------------------------------- */

static int
dev_direct_putport(lwkt_port_t port, lwkt_msg_t msg)
{
	dev_handler_t *fn = (dev_handler_t *)port->mp_data;

	return (fn((union dev_anymsg *)msg));
}

/*
 * Make port a direct port: a message sent to it runs fn in the sender's
 * thread (one more indirect call than a function call), which returns
 * the error to reply or EASYNC to keep the message.
 */
void
dev_port_direct(lwkt_port_t port, dev_handler_t *fn)
{
	lwkt_initport_direct(port, dev_direct_putport, (void *)fn);
}

struct dev_thread {
	void		(*dt_fn)(lwkt_msg_t, void *);
	void		*dt_arg;
};

static void
dev_thread_main(void *arg)
{
	struct dev_thread *dt = arg;
	lwkt_port_t port = &curthread->td_msgport;

	for (;;)
		dt->dt_fn(lwkt_waitport(port, 0), dt->dt_arg);
}

/*
 * A driver thread named name (interrupt priority) that takes each
 * message queued on its port and calls fn(msg, arg); fn replies to it
 * (now or later).  *portp is set to the thread's port, where the
 * driver's device messages and interrupt messages go.  For boot-time
 * drivers: the thread lives for ever.  May block.
 */
thread_t
dev_thread_port(lwkt_port_t *portp, void (*fn)(lwkt_msg_t, void *),
    void *arg, const char *name)
{
	struct dev_thread *dt;
	thread_t td;

	dt = kmalloc(sizeof(*dt), M_DEVICE, M_WAITOK | M_ZERO);
	dt->dt_fn = fn;
	dt->dt_arg = arg;
	td = lwkt_create(dev_thread_main, dt, TDPRI_INT, name);
	*portp = &td->td_msgport;
	return (td);
}

/* ---- the messages ---------------------------------------------------- */

/*
 * Fill in dm's header for dev and command cmd, as a fresh synchronous
 * message whose reply goes to the caller's own port.  What
 * lwkt_initmsg() and lwkt_domsg() would do, less the zeroing of the
 * fields the send and the reply set anyway (ms_target_port, ms_error)
 * and the result no device message uses: these few stores are the
 * whole cost of building a message (devmsg_null in make bench).
 */
static inline void
dev_msginit(struct dev_msg *dm, struct cdev *dev, int cmd)
{
	lwkt_msg_t msg = &dm->dm_msg;

	msg->ms_reply_port = &curthread->td_msgport;
	msg->ms_abortfn = NULL;
	msg->ms_cmd = cmd;
	msg->ms_flags = MSGF_SYNC;
	dm->dm_dev = dev;
}

/* Send dm (fresh from dev_msginit) to its device and wait for the
 * reply: a direct port's handler runs right here. */
static inline int
dev_domsg(struct dev_msg *dm)
{
	struct cdev *dev = dm->dm_dev;

	if (__builtin_expect(dev->si_flags & SI_GONE, 0))
		return (ENXIO);
	return (lwkt_sendsync_inline(dev->si_port, &dm->dm_msg, 0));
}

/* Open dev with oflags (FREAD|FWRITE|FNONBLOCK).  May block. */
int
dev_dopen(struct cdev *dev, int oflags)
{
	struct dev_open_msg m;

	dev_msginit(&m.a_head, dev, DEV_OPEN);
	m.a_oflags = oflags;
	return (dev_domsg(&m.a_head));
}

/* Close a file of dev opened with fflag.  May block. */
int
dev_dclose(struct cdev *dev, int fflag)
{
	struct dev_close_msg m;

	dev_msginit(&m.a_head, dev, DEV_CLOSE);
	m.a_fflag = fflag;
	return (dev_domsg(&m.a_head));
}

/*
 * Is the request [offset, offset + *lenp) of a bio_cmd on disk dev
 * possible?  EINVAL if not whole sectors at a sector boundary (or a
 * negative offset); at or past the end, 0 with *lenp 0 for a read and
 * ENOSPC for a write (of at least a sector); across the end, *lenp is
 * cut to what fits.  Never blocks.
 */
int
dev_strategy_clip(struct cdev *dev, int bio_cmd, off_t offset, size_t *lenp)
{
	off_t left;

	KASSERT(dev->si_flags & SI_DISK, ("%s: %s", __func__, dev->si_name));
	if (offset < 0 || !dev_sec_whole(dev, offset, *lenp))
		return (EINVAL);
	left = dev->si_mediasize - offset;
	if (left <= 0) {
		if (bio_cmd == BIO_WRITE && *lenp > 0)
			return (ENOSPC);
		*lenp = 0;
		return (0);
	}
	if ((off_t)*lenp > left)
		*lenp = (size_t)left;
	return (0);
}

/*
 * Does a request clipped for dev still fit it (whole sectors inside the
 * medium)?  A device served by a process (kern_agent.c) may change its
 * medium between the clip and the send, while the sender blocks: that
 * is the driver's doing, never a panic.
 */
static bool
dev_strategy_fits(struct cdev *dev, off_t offset, const struct uio *uio)
{
	return (dev->si_secsize != 0 && offset >= 0 &&
	    dev_sec_whole(dev, offset, uio->uio_resid) &&
	    offset + (off_t)uio->uio_resid <= dev->si_mediasize);
}

/*
 * Fill in sm as a strategy message for dev and send it; the reply goes
 * to rport.  The request must already be checked and clipped
 * (dev_strategy_clip) and not empty.  Returns 0 (sent: the reply will
 * come) or ENXIO (the device is gone, or its medium changed since the
 * clip; nothing was sent).  Never blocks for a queueing port.  The
 * asynchronous path uses this: nobody waits.
 */
int
dev_dstrategy_send(struct cdev *dev, struct dev_strategy_msg *sm,
    int bio_cmd, off_t offset, struct uio *uio, lwkt_port_t rport)
{
	KASSERT(uio->uio_segflg != UIO_USERSPACE && uio->uio_resid > 0,
	    ("%s: %s: bad request", __func__, dev->si_name));
	if ((dev->si_flags & SI_GONE) || !dev_strategy_fits(dev, offset, uio))
		return (ENXIO);
	lwkt_initmsg(&sm->a_head.dm_msg, rport, 0);
	sm->a_head.dm_msg.ms_cmd = DEV_STRATEGY;
	sm->a_head.dm_dev = dev;
	sm->a_bio_cmd = bio_cmd;
	sm->a_offset = offset;
	sm->a_bcount = uio->uio_resid;
	sm->a_resid = uio->uio_resid;
	sm->a_uio = uio;
	sm->a_driver = NULL;
	lwkt_sendmsg(dev->si_port, &sm->a_head.dm_msg);
	return (0);
}

/*
 * A strategy message for dev, sent and waited for (uninterruptibly: the
 * transfer is under way and the buffer is the driver's until the reply).
 * The request must be checked and clipped already.  *resid gets the
 * bytes not moved; ENXIO, nothing sent, if the medium changed since the
 * clip (dev_strategy_fits).  May block.
 */
int
dev_dstrategy(struct cdev *dev, int bio_cmd, off_t offset, struct uio *uio,
    size_t *resid)
{
	struct dev_strategy_msg sm;
	int error;

	KASSERT(uio->uio_segflg != UIO_USERSPACE && uio->uio_resid > 0,
	    ("%s: %s: bad request", __func__, dev->si_name));
	*resid = uio->uio_resid;
	if (!dev_strategy_fits(dev, offset, uio))
		return (ENXIO);
	dev_msginit(&sm.a_head, dev, DEV_STRATEGY);
	sm.a_bio_cmd = bio_cmd;
	sm.a_offset = offset;
	sm.a_bcount = uio->uio_resid;
	sm.a_resid = uio->uio_resid;
	sm.a_uio = uio;
	sm.a_driver = NULL;
	error = dev_domsg(&sm.a_head);
	*resid = sm.a_resid;
	return (error);
}

/*
 * A read or write of a disk: the uio's offset and resid checked and
 * clipped, then strategy messages of at most si_iosize_max bytes each
 * (device.h), one after the other, until all moved or one fails.  The
 * uio advances by what moved.
 */
static int
dev_rw_disk(struct cdev *dev, struct uio *uio, int bio_cmd)
{
	size_t len = uio->uio_resid, cut, piece, resid;
	uint32_t max = dev->si_iosize_max;
	int error;

	error = dev_strategy_clip(dev, bio_cmd, uio->uio_offset, &len);
	if (error != 0 || len == 0)
		return (error);
	if (max != 0 && max < dev->si_secsize)
		return (EIO);		/* a driver's nonsense: not a hang */
	max -= max % dev->si_secsize;
	do {
		piece = (max != 0 && len > max) ? max : len;
		cut = uio->uio_resid - piece;
		uio->uio_resid = piece;
		error = dev_dstrategy(dev, bio_cmd, uio->uio_offset, uio,
		    &resid);
		KASSERT(resid == uio->uio_resid || error != 0,
		    ("%s: %s: resid %zu, uio %zu", __func__, dev->si_name,
		    resid, uio->uio_resid));
		uio->uio_resid += cut;
		len -= piece;
	} while (error == 0 && len > 0);
	return (error);
}

/*
 * Send m (a DEV_READ or DEV_WRITE over uio) to dev, cut to
 * si_iosize_max: a short count beyond it, as a character device may
 * give.  The uio advances by what moved.
 */
static int
dev_rw_cut(struct cdev *dev, struct dev_rw_msg *m, struct uio *uio)
{
	size_t cut = 0;
	int error;

	if (dev->si_iosize_max != 0 && uio->uio_resid > dev->si_iosize_max) {
		cut = uio->uio_resid - dev->si_iosize_max;
		uio->uio_resid = dev->si_iosize_max;
	}
	error = dev_domsg(&m->a_head);
	uio->uio_resid += cut;
	return (error);
}

/*
 * Read from dev into uio (UIO_SYSSPACE or UIO_VMOBJECT), at uio_offset;
 * the uio advances by what was read.  A disk (SI_DISK) gets a strategy
 * message instead (whole sectors: EINVAL otherwise).  ioflag: IO_NDELAY.
 * May block.
 */
int
dev_dread(struct cdev *dev, struct uio *uio, int ioflag)
{
	struct dev_rw_msg m;

	KASSERT(uio->uio_segflg != UIO_USERSPACE && uio->uio_rw == UIO_READ,
	    ("%s: %s: a user-space uio", __func__, dev->si_name));
	if (dev->si_flags & SI_DISK)
		return (dev_rw_disk(dev, uio, BIO_READ));
	dev_msginit(&m.a_head, dev, DEV_READ);
	m.a_uio = uio;
	m.a_ioflag = ioflag;
	return (dev_rw_cut(dev, &m, uio));
}

/* Write uio to dev; as dev_dread. */
int
dev_dwrite(struct cdev *dev, struct uio *uio, int ioflag)
{
	struct dev_rw_msg m;

	KASSERT(uio->uio_segflg != UIO_USERSPACE && uio->uio_rw == UIO_WRITE,
	    ("%s: %s: a user-space uio", __func__, dev->si_name));
	if (dev->si_flags & SI_DISK)
		return (dev_rw_disk(dev, uio, BIO_WRITE));
	dev_msginit(&m.a_head, dev, DEV_WRITE);
	m.a_uio = uio;
	m.a_ioflag = ioflag;
	return (dev_rw_cut(dev, &m, uio));
}

/*
 * ioctl cmd on dev; data holds IOCPARM_LEN(cmd) kernel bytes (the
 * caller copies them in and out).  FIODTYPE is answered here from
 * si_flags for every device, and DIOCRESCAN for every disk by the
 * partition layer (mbr_rescan: EINVAL on a partition), without asking
 * the driver, unless the disk's driver publishes its partitions itself
 * (SI_PARTS: the ioctl goes to it).  May block.
 */
int
dev_dioctl(struct cdev *dev, u_long cmd, void *data, int fflag)
{
	struct dev_ioctl_msg m;

	if (dev->si_flags & SI_GONE)
		return (ENXIO);
	if (cmd == FIODTYPE) {
		*(int *)data = ((dev->si_flags & SI_TTY) ? D_TTY : 0) |
		    ((dev->si_flags & SI_DISK) ? D_DISK : 0);
		return (0);
	}
	if (cmd == DIOCRESCAN && (dev->si_flags & (SI_DISK | SI_PARTS)) ==
	    SI_DISK)
		return (mbr_rescan(dev));
	dev_msginit(&m.a_head, dev, DEV_IOCTL);
	m.a_cmd = cmd;
	m.a_data = data;
	m.a_fflag = fflag;
	return (dev_domsg(&m.a_head));
}
