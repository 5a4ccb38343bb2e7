/*
 * sys/device.h - devices on message ports.
 *
 * A device (struct cdev) is a name, a unit, the driver's private data
 * and a port.  Everything the kernel asks of a driver is a message sent
 * to that port: open, close, read, write, ioctl and strategy (block
 * I/O).  The message is one structure per operation, each beginning with
 * the same header (struct dev_msg), and that structure is the whole of
 * the request: a driver needs nothing else to do its work.  The rules
 * (the "Writing a driver" essay at the top of sys/kern/kern_device.c
 * walks through them with the UART as the example):
 *
 *   1. NO IMPLICIT CONTEXT.  A driver never looks at curthread or
 *      curproc and never sees a user pointer.  Data arrives as a uio
 *      whose buffer is kernel memory (UIO_SYSSPACE) or a list of held
 *      VM-object pages (UIO_VMOBJECT: sys/uio.h), never UIO_USERSPACE;
 *      an ioctl's argument is already copied into the kernel, sized by
 *      the command (IOCPARM_LEN, as BSD's _IOR/_IOW encode it), and
 *      copied back out after the reply for IOC_OUT commands.  Flags (the
 *      open mode, O_NONBLOCK) travel in the message.  So the same driver
 *      source can run behind a port agent in a user process.
 *
 *   2. REPLY EXACTLY ONCE.  The driver owns a message from the moment
 *      its port accepts it until it replies: by returning an error from
 *      its putport (a direct port's handler returns 0 or an errno), or,
 *      having returned EASYNC, by calling lwkt_replymsg() later from any
 *      context (its own thread, the handler of an interrupt message).
 *      The result goes in ms_error (0 or an errno) and, for strategy, in
 *      a_resid.  After the reply the driver must not touch the message
 *      or its buffer again.
 *
 *   3. THE PORT DECIDES WHERE IT RUNS.  dev_port_direct() makes a port
 *      whose putport calls the driver's handler in the sender's thread:
 *      a local call costs a function call (null, zero, the console).
 *      Such a handler may sleep (the sender can), interruptibly for
 *      input that depends on someone else (a terminal read: EINTR).
 *      A driver with a thread of its own (dev_thread_port()) gets its
 *      messages queued on that thread's port and replies from there (md).
 *      A block driver's strategy handler starts the transfer and keeps
 *      the message (EASYNC); the interrupt (itself a message, below)
 *      finishes it and replies.  Nobody sleeps on a disk transfer unless
 *      the caller chose to wait for the reply.
 *
 *   4. INTERRUPTS ARE MESSAGES.  intr_establish(irq, port, ...) gives the
 *      driver a repeating interrupt message (struct intr_msg).  When the
 *      line fires, the low-level handler masks it, acknowledges the
 *      controller and sends the message to the driver's port (a thread
 *      port: the handler runs in the driver's thread); the driver does
 *      its work and replies, which unmasks the line.  A line that fires
 *      while its message is still out is counted (im_missed) and stays
 *      masked until the reply.  Console output for kprintf and panic
 *      stays a polled direct call (cnputc).
 *
 * Stacking: a port may forward a message to another device's port with
 * lwkt_forwardmsg() after adjusting it (a partition adds its offset and
 * clips the length); the reply goes straight to the original sender.  A
 * port may also send messages of its own to the device below it (the
 * console's line discipline sends reads and writes to the UART).
 *
 * The device registry is kern_device.c's: make_dev() registers a device,
 * devfs names what is registered and hears of devices that appear later.
 * dev_dopen(), dev_dclose(), dev_dread(), dev_dwrite(), dev_dioctl() and
 * dev_dstrategy()/dev_dstrategy_send() are the only places these
 * messages are built.
 *
 * Field protection: [I] set before make_dev(), never changed after;
 * [o] the message's current owner (sys/msgport.h); [c] critical section.
 */
#ifndef _SYS_DEVICE_H_
#define _SYS_DEVICE_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/msgport.h>

#include <sys/ioctl.h>

/*
 * The structures are the kernel's, and a driver's user build (DRV_USER:
 * sys/sys/drvif.h, lib/libdrv) sees the same ones: the driver source is
 * one.  The functions are the kernel's alone.
 */
#if defined(_KERNEL) || defined(DRV_USER)
#include <sys/time.h>

struct uio;
struct thread;
struct tty;

/*
 * A device.  The driver owns the storage (static, or allocated and kept)
 * and fills the [I] fields before make_dev(); the registry links it and
 * never frees it.  A device whose hardware goes away is marked gone
 * (dev_gone()): every message after that is ENXIO without reaching the
 * driver.
 */
struct cdev {
	TAILQ_ENTRY(cdev) si_link;	/* [I] the registry, in order */
	const char	*si_name;	/* [I] its name in /dev */
	int		si_unit;	/* [I] the driver's unit number */
	uint32_t	si_flags;	/* [I] SI_*, but SI_GONE [c] */
	void		*si_drv1;	/* [I] the driver's private data */
	lwkt_port_t	si_port;	/* [I] where its messages go */
	uint32_t	si_secsize;	/* [I] SI_DISK: bytes per sector */
	off_t		si_mediasize;	/* [I] SI_DISK: bytes in all (an
					 * SI_PART's: see subr_diskmbr.c) */
	uint32_t	si_dmaalign;	/* [I] SI_DMAIO: the alignment its
					 * DMA needs (1, 2 or 4; 0: 1) */
	uint32_t	si_index;	/* [I] set by make_dev: 0, 1, ... */
	struct timespec	si_ctime;	/* [I] set by make_dev: when */
	struct tty	*si_tty;	/* [I] SI_TTY with a line discipline:
					 * its terminal, for the process-side
					 * rules (tty_jobc.c), or NULL */
	uint32_t	si_iosize_max;	/* [I] the most bytes one message
					 * moves, 0: no limit (below); an
					 * agent device's: [c], each devserve */
};

/*
 * Are offset and len whole sectors of disk dev (si_secsize not 0)?  A
 * power-of-two sector size, which every disk has, is a mask: an off_t
 * remainder is a call to the compiler's 64-bit division (a few dozen
 * instructions on each request).  Other sizes divide, as before.  The
 * kernel's checks (kern_device.c) and the drivers' share it.
 */
static inline bool
dev_sec_whole(const struct cdev *dev, off_t offset, size_t len)
{
	uint32_t sec = dev->si_secsize;

	if ((sec & (sec - 1)) == 0)
		return ((((uint64_t)offset | len) & (sec - 1)) == 0);
	return (offset % sec == 0 && len % sec == 0);
}

/*
 * The largest transfer (si_iosize_max).  A driver that cannot take any
 * size sets it (an SI_DISK's: whole sectors); kern_device.c, which
 * builds every message, never sends more: a disk transfer larger than
 * that goes as several strategy messages one after another (the
 * caller sees one transfer), a read or write of any other device is
 * cut to it (a short count, as a character device may give).  A driver
 * in a user process declares it at devserve (sys/agent.h ds_maxio:
 * what its buffers hold; lib/libdrv gives the smaller of its own and
 * the driver's), and the agent refuses a strategy message above it, so
 * the same size is honoured whichever side the driver runs on.  The
 * in-kernel drivers leave it 0: they cut a request into commands
 * themselves.  A partition (SI_PART) has its disk's.
 */

/*
 * Device flags (si_flags):
 *   SI_DISK    a block device: reads and writes must be whole sectors at
 *              sector-aligned offsets (EINVAL otherwise) and go to the
 *              driver as strategy messages; at or past the end a read
 *              returns 0, a write ENOSPC; one that crosses the end moves
 *              what fits (a short count), as POSIX says for the end of a
 *              medium.  lseek works on it; st_size is si_mediasize.
 *   SI_TTY     a terminal (isatty() is true on it).
 *   SI_PART    (with SI_DISK) a partition of another disk
 *              (sys/kern/subr_diskmbr.c): its port forwards to the
 *              disk's; no partition table is looked for in it.
 *   SI_PARTS   (with SI_DISK) its partitions are its driver's to
 *              publish: a user driver process that runs the partition
 *              layer beside the disk (sys/agent.h DSF_PARTS); the
 *              kernel's partition layer leaves it alone, and DIOCRESCAN
 *              goes to its driver's process.
 *   SI_DMAIO   (with SI_DISK) its driver moves a strategy message's data
 *              by DMA (drv_uio_physnext, drv_uio_advance), never by
 *              drv_uiomove, whenever the buffer starts at a multiple of
 *              si_dmaalign (a driver whose engine needs more, such as
 *              the ATA driver's even addresses, moves the others by
 *              PIO): built as a user driver, such a buffer may be given
 *              as the sender's physical pieces (sys/agent.h,
 *              DSF_PHYSIO) instead of a copy, and any other is copied.
 *              A driver that stops using DMA for it (hw.ata.dma 0)
 *              says so with drv_dmaio (sys/drvif.h).  Nothing in the
 *              kernel looks at it.
 *   SI_GONE    the hardware went away (dev_gone()): ENXIO from now on.
 *              Set when the device is registered, it is registered
 *              gone.
 */
#define SI_DISK		0x0001
#define SI_TTY		0x0002
#define SI_PART		0x0004
#define SI_PARTS	0x0008
#define SI_DMAIO	0x0010
#define SI_GONE		0x0100

/*
 * The commands, one namespace for every device message (ms_cmd).
 */
#define DEV_OPEN	1
#define DEV_CLOSE	2
#define DEV_READ	3
#define DEV_WRITE	4
#define DEV_IOCTL	5
#define DEV_STRATEGY	6
#define DEV_INTR	7	/* struct intr_msg, below */

/* The header every device message starts with. */
struct dev_msg {
	struct lwkt_msg	dm_msg;		/* ms_cmd: DEV_*; reply: ms_error */
	struct cdev	*dm_dev;	/* [o] the device it is for */
};

/* DEV_OPEN: each open(2) of the device. */
struct dev_open_msg {
	struct dev_msg	a_head;
	int		a_oflags;	/* [o] FREAD|FWRITE|FNONBLOCK */
};

/* DEV_CLOSE: each close of an open file of the device. */
struct dev_close_msg {
	struct dev_msg	a_head;
	int		a_fflag;	/* [o] the mode it was opened with */
};

/*
 * DEV_READ and DEV_WRITE (devices without SI_DISK): move up to
 * a_uio->uio_resid bytes at uio_offset; the driver advances the uio as
 * it moves them (uiomove), so the sender sees the count in uio_resid.
 * A read that finds nothing may wait (a direct port's handler, in the
 * sender's thread, interruptibly) unless a_ioflag has IO_NDELAY: then
 * EAGAIN.
 */
struct dev_rw_msg {
	struct dev_msg	a_head;
	struct uio	*a_uio;		/* [o] UIO_SYSSPACE or UIO_VMOBJECT */
	int		a_ioflag;	/* [o] IO_NDELAY */
};
#ifndef IO_NDELAY
#define IO_NDELAY	0x0004		/* O_NONBLOCK (as in sys/vnode.h) */
#endif

/*
 * DEV_IOCTL: a_data holds IOCPARM_LEN(a_cmd) kernel bytes: copied in for
 * IOC_IN, copied out after the reply for IOC_OUT (only if ms_error is
 * 0).  An unknown command is ENOTTY.
 */
struct dev_ioctl_msg {
	struct dev_msg	a_head;
	u_long		a_cmd;		/* [o] _IO*: direction and size */
	void		*a_data;	/* [o] kernel bytes, or NULL (IOC_VOID) */
	int		a_fflag;	/* [o] the open mode */
};

/*
 * The questions every disk answers alike, from its cdev: DIOCGSECTORSIZE
 * (si_secsize) and DIOCGMEDIASIZE (si_mediasize).  0, or ENOTTY for any
 * other command.  The disk drivers' and the partitions' DEV_IOCTL, in
 * both builds of a driver.
 */
static inline int
dev_disk_ioctl(const struct cdev *dev, struct dev_ioctl_msg *im)
{
	switch (im->a_cmd) {
	case DIOCGSECTORSIZE:
		*(uint32_t *)im->a_data = dev->si_secsize;
		return (0);
	case DIOCGMEDIASIZE:
		*(off_t *)im->a_data = dev->si_mediasize;
		return (0);
	}
	return (ENOTTY);
}

/*
 * DEV_STRATEGY: block I/O on whole sectors of an SI_DISK device.  The
 * sender has checked the alignment and clipped the request to the
 * medium: a_offset + a_bcount <= si_mediasize, both multiples of
 * si_secsize, a_bcount > 0.  The data is a uio over a kernel buffer or
 * held pages (a_uio, exactly a_bcount bytes); the driver moves the data
 * with uiomove (which advances the uio) and sets a_resid, the bytes not
 * moved (0 unless the device failed part way: then ms_error is EIO).
 * This is the message that goes in flight: the driver replies when the
 * transfer is done, usually from its interrupt message's handler.
 * a_driver is the driver's own while it holds the message (its queue
 * link, a slot number).
 */
#define BIO_READ	1
#define BIO_WRITE	2
struct dev_strategy_msg {
	struct dev_msg	a_head;
	int		a_bio_cmd;	/* [o] BIO_READ or BIO_WRITE */
	off_t		a_offset;	/* [o] bytes, a multiple of si_secsize */
	size_t		a_bcount;	/* [o] bytes, a multiple of si_secsize */
	size_t		a_resid;	/* [o] out: bytes not moved */
	struct uio	*a_uio;		/* [o] the data (uio_offset unused) */
	TAILQ_ENTRY(dev_strategy_msg) a_link; /* [o] the driver's queue */
	void		*a_driver;	/* [o] the driver's while it owns it */
};

/* Any device message. */
union dev_anymsg {
	struct lwkt_msg		lmsg;
	struct dev_msg		head;
	struct dev_open_msg	open;
	struct dev_close_msg	close;
	struct dev_rw_msg	rw;
	struct dev_ioctl_msg	ioctl;
	struct dev_strategy_msg	strategy;
};

/*
 * A repeating interrupt message (intr_establish).  The low-level handler
 * sends it when the line fires and it is not already out; replying it
 * (lwkt_replymsg, any error) unmasks the line.  The driver's port
 * receives it like any other message (ms_cmd DEV_INTR) and tells it
 * from device messages by that command.
 */
struct intr_msg {
	struct lwkt_msg	im_msg;		/* ms_cmd: DEV_INTR */
	int		im_irq;		/* [I] the line */
	void		*im_arg;	/* [I] the driver's */
	uint32_t	im_missed;	/* [c] fired while out (counted) */
};

/* A handler a device port calls: returns 0 or an errno (replied), or
 * EASYNC (the driver keeps the message and replies later). */
typedef int dev_handler_t(union dev_anymsg *msg);

#endif /* _KERNEL || DRV_USER */
#ifdef _KERNEL

/* Registry (kern_device.c). */
int	make_dev(struct cdev *dev);
void	dev_gone(struct cdev *dev);
void	dev_back(struct cdev *dev);
struct cdev *dev_lookup(const char *name, size_t len);
struct cdev *dev_next(struct cdev *dev);
void	dev_listen(void (*fn)(struct cdev *dev));
int	dev_count(void);
void	dev_init(void);

/* Ports for drivers (kern_device.c). */
void	dev_port_direct(lwkt_port_t port, dev_handler_t *fn);
struct thread *dev_thread_port(lwkt_port_t *portp, void (*fn)(lwkt_msg_t, void *),
	    void *arg, const char *name);

/* The only builders of device messages: each sends one and waits for its
 * reply (uninterruptibly: a driver that sleeps for input does so
 * interruptibly itself, in the sender's thread). */
int	dev_dopen(struct cdev *dev, int oflags);
int	dev_dclose(struct cdev *dev, int fflag);
int	dev_dread(struct cdev *dev, struct uio *uio, int ioflag);
int	dev_dwrite(struct cdev *dev, struct uio *uio, int ioflag);
int	dev_dioctl(struct cdev *dev, u_long cmd, void *data, int fflag);
int	dev_dstrategy(struct cdev *dev, int bio_cmd, off_t offset,
	    struct uio *uio, size_t *resid);
int	dev_dstrategy_send(struct cdev *dev, struct dev_strategy_msg *sm,
	    int bio_cmd, off_t offset, struct uio *uio, lwkt_port_t rport);
int	dev_strategy_clip(struct cdev *dev, int bio_cmd, off_t offset,
	    size_t *lenp);

/* Interrupts as messages (sys/i386/intr.c). */
int	intr_establish(int irq, lwkt_port_t port, struct intr_msg *im,
	    void *arg, const char *name);
int	intr_disestablish(int irq);
bool	intr_masked(int irq);
bool	intr_claimed(int irq);
void	intr_trigger(int irq);
void	intr_msg_done(struct intr_msg *im);
uint64_t intr_count(int irq);

#endif /* _KERNEL */

#endif /* !_SYS_DEVICE_H_ */
