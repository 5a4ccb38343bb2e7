/*
 * sys/agent.h - devices served by user processes (port agents).
 *
 * A user process serves a device by registering it with devserve(): the
 * kernel makes (or takes back) a struct cdev whose port is an agent
 * port (sys/kern/kern_agent.c).  Everything sent to that device, by
 * anyone, through dev_dopen() ... dev_dstrategy_send() or an interrupt,
 * is queued on the agent port; the serving process receives each
 * message through the message gate as a struct udevmsg, does the work,
 * and replies with a struct udevreply.  The agent translates in both
 * directions: it copies the argument struct out, the data of a write
 * (and an ioctl's IOC_IN argument) into the driver's buffer at
 * receive, and a read's data (and an IOC_OUT argument) from the
 * driver's buffer at reply, straight between the driver's pages and
 * the sender's (the message's uio: a kernel buffer or held VM-object
 * pages).  The sender cannot tell the device from one served by a
 * driver in the kernel.
 *
 * THE GATE (int 0x81; sys/sys/sysmsg.h has the other operations).  edx
 * holds an operation code above any message size:
 *
 *   recvsys(svc, m)      eax = svc, ecx = m, edx = SYSMSG_RECV
 *   recvsys_nb(svc, m)   eax = svc, ecx = m, edx = SYSMSG_RECV_NB
 *   replysys(svc, r)     eax = svc, ecx = r, edx = SYSMSG_REPLY
 *   recvsys_wait(svc, m) eax = svc, ecx = m, edx = SYSMSG_RECV_WAIT
 *   replyrecvsys(svc, rr) eax = svc, ecx = rr, edx = SYSMSG_REPLYRECV
 *   recvsys_intr(svc, m) eax = svc, ecx = m, edx = SYSMSG_RECV_INTR
 *
 * eax returns 0 or an errno (recvsys_intr: or a line, below).
 *
 * recvsys takes the oldest message queued on any device of service svc
 * and fills in *m (the driver sets ud_data and ud_datamax first: where
 * the data of a write may go, and how much room there is; and ud_wait).
 * It sleeps, interruptibly (EINTR), until a message comes; recvsys_nb
 * returns EAGAIN at once instead, and recvsys_wait after ud_wait ms if
 * that is not 0 (a driver with timers of its own waits so for the
 * next one to expire, instead of polling).  Errors:
 *   EBADF    svc is not a service handle of this process
 *   EFAULT   m unreadable or unwritable, or ud_data not writable for
 *            the data to copy (the message stays queued)
 *   EMSGSIZE the next message's data (a disk write, an ioctl argument)
 *            does not fit in ud_datamax: ud_len says how much it needs
 *            and ud_id is 0; the message stays queued
 *   ENOBUFS  the service already holds AGENT_NHELD messages unreplied
 *            (its interrupt message not counted) and has no interrupt
 *            (DSF_INTR): only its replies can free a slot.  A service
 *            with an interrupt gets the DEV_INTR beyond the AGENT_NHELD
 *            (it goes before anything queued: below), and meanwhile
 *            waits for it (recvsys) or gets EAGAIN (recvsys_nb)
 *   EAGAIN   (recvsys_nb) nothing queued; (recvsys_wait) nothing came
 *            in ud_wait ms
 *   EINTR    a signal arrived while it slept
 * The message is the driver's (held) from then on, until it replies or
 * the reply deadline passes (ds_timeout: the sender then gets EIO).
 *
 * replysys gives the result of held message r->ur_id: ur_error (0 or an
 * errno) and ur_count (bytes moved); for a read or a disk read the
 * ur_count bytes at ur_data are copied to the sender; for an ioctl
 * with IOC_OUT the argument's bytes at ur_data.  Errors:
 *   EBADF    svc is not a service handle of this process (so nobody can
 *            reply to another process's message: ids are per service)
 *   EFAULT   r unreadable (nothing happens), or ur_data unreadable (the
 *            message is failed: the sender gets EIO)
 *   ENOENT   no message with that id was ever received
 *   EALREADY the message was replied (or timed out, or failed) already
 *   EINVAL   a malformed reply (ur_error not an errno, ur_count more
 *            than ud_len, a disk transfer short without an error): the
 *            message is failed with EIO
 * A reply is accepted once; the id is then dead.
 *
 * replyrecvsys gives rr->rr_nreply replies (the struct udevreply array at
 * rr_reply, at most AGENT_RRMAX) and then receives into rr->rr_msg, in
 * one call: L4's reply-and-wait.  A driver that answers what it finished
 * and then waits for more pays one gate call where replysys and recvsys
 * cost one each.  Each reply is taken in order exactly as replysys takes
 * it, with its errors; the receive is recvsys_wait's (rr_msg.ud_wait ms
 * at most, 0 without limit), or recvsys_nb's with RR_NB in rr_flags;
 * with RR_NORECV there is no receive (a batch of replies alone).  When
 * a reply is refused the call stops there and returns that reply's error
 * (ENOENT, EALREADY, EINVAL, EFAULT as above; the message it named fares
 * as with replysys), nothing is received, and rr_nreplied says which
 * reply it was (those before it were taken); when the receive fails,
 * rr_nreplied is rr_nreply (every reply was taken).  rr_nreplied is
 * written only when the call returns an error, and not for the call's
 * own errors, found before any reply: EFAULT (rr or rr_reply
 * unreadable), EINVAL (rr_nreply above AGENT_RRMAX, an unknown flag);
 * EBADF as for every service operation.
 *
 * AN INTERRUPT WITHOUT A HELD MESSAGE.  An interrupt is not queued: its
 * line is masked when it fires and marked pending on the service (one
 * bit a line), and every receive gives a pending line before anything
 * queued (after a heartbeat's ping), lowest line first, one a receive.
 * A DEV_INTR that replyrecvsys receives is not held: ud_id is 0
 * (nothing to reply), no slot, no deadline, ud_more 0; its line stays
 * masked until the driver names it in rr_intrdone of a later
 * replyrecvsys (before that call's replies), as an in-kernel driver's
 * reply to its interrupt message unmasks it.  A line named with no
 * interrupt out is ignored (a second acknowledgement does nothing); a
 * driver that never acknowledges (or never receives its interrupt)
 * leaves its own device's line masked (and the heartbeat still hears
 * it); a driver that dies has its lines unmasked, pending or given.
 * recvsys and its variants hold a DEV_INTR (reply to its id to unmask).
 *
 * recvsys_intr(svc, m) is recvsys_wait, except that an interrupt is
 * given as replyrecvsys gives it (not held: acknowledged by a later
 * replyrecvsys's rr_intrdone), and one whose line did not fire again
 * while it was masked (its ud_len would be 0) is the call's answer:
 * eax = AGENT_LINE_GIVEN + the line, *m not written.  Anything else
 * received is written to *m as recvsys_wait writes it, with the same
 * errors.  It is the call of a driver with nothing to reply that waits
 * for its interrupt (lib/libdrv: a disk read's second receive): it
 * reads no replies and, for the interrupt, writes nothing.
 * A device served gone (DSF_GONE) still gets its interrupts.
 *
 * THE MESSAGES (ud_cmd, the DEV_* commands of sys/sys/device.h):
 *   DEV_OPEN     ud_flags = open flags.  Reply: ur_error.
 *   DEV_CLOSE    ud_flags = the open mode.
 *   DEV_READ     ud_len bytes wanted at ud_offset; ud_flags IO_NDELAY.
 *                Reply: ur_count (<= ud_len) bytes at ur_data.
 *   DEV_WRITE    ud_len bytes (at most ud_datamax: a longer write is cut
 *                to it, a short write) are at ud_data.  Reply: ur_count
 *                bytes taken (<= ud_len).
 *   DEV_IOCTL    ud_ioctl the command, its IOCPARM_LEN bytes (ud_len) at
 *                ud_data if IOC_IN.  Reply: IOC_OUT's bytes at ur_data.
 *   DEV_STRATEGY ud_flags BIO_READ or BIO_WRITE, ud_offset and ud_len
 *                whole sectors inside the medium (checked by the
 *                kernel); a write's data at ud_data; ud_align the
 *                sender's buffer's first byte's address mod 4.  Reply: ur_count
 *                == ud_len, or an error (a short transfer is EIO).
 *   DEV_INTR     the device's interrupt (devgrant): ud_flags the line,
 *                ud_len the times it fired meanwhile.  Reply to unmask.
 *   UDEV_PING    the heartbeat (below): no device (ud_unit 0), no data.
 *                Reply: ur_error 0, at once.  lib/libdrv's loop does.
 *
 * SERVICES.  devserve(ds) registers device ds_name served by service
 * ds_svc (0: a new service) and returns the service's handle (1 ..
 * SVC_MAX; per process, never inherited by fork, closed by exec and
 * exit).  Several devices may share a service (AGENT_SVCDEV at most):
 * recvsys then takes from all of them, ud_unit telling which.  Errors:
 * With DSF_INTR the caller's granted interrupt line (devgrant) is
 * delivered to this device as DEV_INTR messages (AN INTERRUPT WITHOUT
 * A HELD MESSAGE above; ENXIO without a grant or a line, EBUSY if the
 * line is taken).  Errors also:
 * EINVAL (bad name, flags, sizes), EEXIST (a kernel driver's device, or
 * one served already with other flags), EBUSY (served by a live
 * process), EPERM (a name never served before, by a process that gave
 * up the launcher's right: sys/devgrant.h; devices are kept for good),
 * EBADF (ds_svc), EMFILE (SVC_MAX services), ENOSPC (AGENT_NDEV devices
 * served so far, or the service is full).
 *
 * THE LARGEST TRANSFER.  ds_maxio is the most bytes one message may
 * carry to the driver (0: AGENT_IOMAX, 1 MiB); a disk's is whole
 * sectors, at least one (EINVAL).  It becomes the device's
 * si_iosize_max (sys/device.h): the kernel sends a longer disk
 * transfer as several strategy messages of at most that many bytes,
 * and cuts a longer read or write of another device to it (a short
 * count), so a driver whose buffers hold ds_maxio bytes is never sent
 * a message it cannot receive.  A successor may declare another size
 * if every disk transfer waiting for it fits (EEXIST otherwise); a
 * devserve that changes a device it serves keeps the size (EINVAL if
 * it names another).
 *
 * DATA BY PHYSICAL ADDRESS (DSF_PHYSIO).  A disk whose driver moves
 * data by bus-master DMA can be served with DSF_PHYSIO (with
 * DSF_DISK, by a process holding a PCI grant: EPERM otherwise).  A
 * DEV_STRATEGY message of such a device then carries no data and asks
 * for no room: ud_nseg struct udevseg records at ud_data (EMSGSIZE,
 * the message left queued, if they do not fit in ud_datamax) give the
 * physical pieces of the sender's buffer, in order, none crossing a
 * page, ud_len bytes in all; the device reads or writes them itself.
 * The reply's ur_count must be ud_len (or ur_error set), ur_data is
 * not read, and the kernel copies nothing.  The sender's pages stay
 * held until the reply, or until the driver's death: a held DSF_PHYSIO
 * message whose deadline passes kills its driver instead of failing
 * (the device may still be writing into the pages), its grant's bus
 * mastering is turned off when the process ends, and only then can the
 * message fail.  Without an IOMMU the driver's device could reach
 * those pages (and every other) anyway: DSF_PHYSIO gives the driver no
 * power it did not have, only the addresses.  kern.agent_physio = 0
 * makes the agent give no segments (ud_nseg 0: the data is copied
 * through ud_data as for any device), to measure one against the other.
 * A driver whose engine needs aligned buffers (the ATA driver's moves
 * words: an odd buffer goes by PIO, in the kernel too) names the
 * alignment in ds_dmaalign: a transfer whose buffer is not at a
 * multiple of it is copied (at its ud_align, so the driver falls back
 * exactly as in the kernel), and a driver that stops using DMA (its
 * hw.ata.dma set to 0) serves the device again without DSF_PHYSIO: a
 * devserve of a device the service serves may change DSF_PHYSIO and
 * ds_dmaalign, which apply to the messages received from then on.
 * kern.agent_physio_msgs counts the transfers given as pieces.
 * PARTITIONS IN THE DRIVER'S PROCESS.  A process that runs the partition
 * layer beside its disk driver (sys/kern/subr_diskmbr.c built into
 * /bin/drvd) serves the disk with DSF_PARTS (the kernel's partition
 * layer then reads no table of it, and DIOCRESCAN goes to the process,
 * where lib/libdrv has the partition layer answer it)
 * and each partition with DSF_PART (SI_PART: no table is looked for in
 * it).  A device served with DSF_GONE is served but gone: new messages
 * get ENXIO from the registry, and what was queued for it (sent to a
 * dead predecessor) stays queued, not received, until it is served
 * again without DSF_GONE (within the reply deadline: the watchdog
 * counts it as waiting untaken); a DSF_DISK device may then have size
 * 0.  A
 * devserve naming a device the same service already serves changes it:
 * its size (not its sector size: EINVAL), and DSF_GONE (going gone
 * fails what is queued, ENXIO).
 *
 * THE HEARTBEAT.  A service that asked for it (a device served with
 * DSF_PING: lib/libdrv's loop answers pings, so it always asks) and
 * that the agent has not heard from (no receive, no reply) for
 * kern.agent_ping_ms is sent a UDEV_PING message (the heartbeat looks
 * every kern.agent_ping_ms, so a silence is found between one and two
 * intervals after its start), which recvsys gives
 * before anything else and even when the service holds AGENT_NHELD
 * messages.  A driver that has not replied to it kern.agent_ping_wait_ms
 * after it was queued has stopped answering (stopped, or blocked in its
 * loop) and is killed (kern.agent_unanswered; its messages are sorted
 * as for any death, below), so its supervisor starts a successor.  Both
 * are sysctl knobs (milliseconds, EINVAL below 0 and 1; ping_ms 0
 * turns the heartbeat off; two pings' intervals and the wait, 9 s by
 * default, are below the reply deadline, so a hung
 * driver's held reads are re-sent, not failed); kern.agent_pings counts
 * the pings sent.  The ping's id has slot AGENT_PINGSLOT; a second
 * reply is EALREADY.
 *
 * A TEST HOOK.  DIOCDRVHANG (an ioctl on a device opened for writing)
 * is answered by lib/libdrv itself: its loop then hangs, for good, on
 * the next disk transfer it receives (holding it, replying nothing),
 * which only the heartbeat ends.  test/dev/udrv_hang.c uses it.
 *
 * WHEN THE DRIVER DIES.  When a serving process exits (or execs), the
 * messages its services hold are sorted: disk transfers (reads, and
 * writes of whole sectors, which are idempotent) are queued again for
 * the next instance; anything else fails with EIO.  The device waits
 * ds_timeout for a new process to devserve it (the same name and
 * kind: its supervisor restarting it), queueing what is sent
 * meanwhile; past that, what is queued fails with EIO and the device
 * is gone (ENXIO) until served again.
 */
#ifndef _SYS_AGENT_H_
#define _SYS_AGENT_H_

#include <sys/types.h>
#include <sys/ioctl.h>

/* int 0x81 operations (edx): above any message size (sys/sysmsg.h). */
#define SYSMSG_RECV	0xfffffff0u
#define SYSMSG_RECV_NB	0xfffffff1u
#define SYSMSG_REPLY	0xfffffff2u
#define SYSMSG_RECV_WAIT 0xfffffff3u
#define SYSMSG_REPLYRECV 0xfffffff4u
#define SYSMSG_RECV_INTR 0xfffffff5u
#define SYSMSG_OPFIRST	SYSMSG_RECV
#define SYSMSG_OPLAST	SYSMSG_RECV_INTR
#define AGENT_LINE_GIVEN 0x100		/* recvsys_intr's answer: + line */

#define SVC_MAX		8		/* service handles 1..SVC_MAX */
#define AGENT_NHELD	32		/* messages a service holds at once,
					 * besides its interrupt */
#define AGENT_PINGSLOT	0xff		/* a heartbeat's id slot */
#define AGENT_SVCDEV	8		/* devices per service (a disk and
					 * its four partitions fit) */
#define AGENT_NDEV	32		/* devices ever served by processes */
#define AGENT_NAMELEN	32

/* devserve's argument. */
struct devserve {
	char		ds_name[AGENT_NAMELEN]; /* its name in /dev, NUL-ended */
	uint32_t	ds_flags;	/* DSF_* */
	uint32_t	ds_secsize;	/* DSF_DISK: bytes per sector */
	int64_t		ds_mediasize;	/* DSF_DISK: bytes in all */
	int32_t		ds_svc;		/* 0: a new service; or a handle */
	uint32_t	ds_unit;	/* the driver's tag (ud_unit) */
	uint32_t	ds_timeout;	/* ms: reply deadline and restart
					 * grace (0: AGENT_TIMEOUT_MS) */
	uint32_t	ds_dmaalign;	/* DSF_PHYSIO: pieces only for a
					 * buffer at a multiple of this (1,
					 * 2 or 4; 0: any); others copied */
	uint32_t	ds_maxio;	/* the most bytes one message moves
					 * (0: AGENT_IOMAX; a disk's: whole
					 * sectors) */
	uint32_t	ds_spare;
};
#define DSF_DISK	0x0001		/* a disk (SI_DISK) */
#define DSF_TTY		0x0002		/* a terminal (SI_TTY) */
#define DSF_INTR	0x0004		/* the caller's granted interrupt
					 * comes here (sys/devgrant.h) */
#define DSF_PART	0x0008		/* a partition (SI_PART) */
#define DSF_PARTS	0x0010		/* a disk whose partitions the
					 * caller serves (SI_PARTS) */
#define DSF_GONE	0x0020		/* served, but gone (ENXIO) */
#define DSF_PING	0x0040		/* its service answers heartbeats */
#define DSF_PHYSIO	0x0080		/* strategy data by physical
					 * address (above) */
#define AGENT_TIMEOUT_MS 10000
#define AGENT_IOMAX	(1024 * 1024)	/* ds_maxio 0 */

/* ud_cmd: the DEV_* commands of sys/device.h (checked in kern_agent.c). */
#define UDEV_OPEN	1
#define UDEV_CLOSE	2
#define UDEV_READ	3
#define UDEV_WRITE	4
#define UDEV_IOCTL	5
#define UDEV_STRATEGY	6
#define UDEV_INTR	7
#define UDEV_PING	8		/* the heartbeat: not a DEV_* */
#define UBIO_READ	1		/* DEV_STRATEGY's ud_flags */
#define UBIO_WRITE	2

/* The test hook above (lib/libdrv answers it). */
#define DIOCDRVHANG	_IO('d', 200)

/* A message received (recvsys).  The fields a receive writes come
 * first, those it only reads last (from ud_datamax on): the kernel
 * copies in only those, and out only the first. */
struct udevmsg {
	uint32_t	ud_id;		/* out: the reply's id (never 0) */
	uint16_t	ud_cmd;		/* out: DEV_* */
	uint16_t	ud_unit;	/* out: the device's ds_unit */
	int32_t		ud_flags;	/* out: see the messages above */
	uint32_t	ud_len;		/* out: data bytes */
	int64_t		ud_offset;	/* out: READ, WRITE, STRATEGY */
	uint32_t	ud_ioctl;	/* out: DEV_IOCTL's command */
	uint32_t	ud_align;	/* out: STRATEGY: the sender's buffer's
					 * address mod 4 (so a DMA driver
					 * takes the path it would in the
					 * kernel: lib/libdrv keeps it) */
	uint32_t	ud_nseg;	/* out: DSF_PHYSIO's pieces at ud_data,
					 * or 0 */
	uint32_t	ud_more;	/* out: other messages were queued
					 * for the service then (a hint: a
					 * driver that batches its work need
					 * not ask again without waiting) */
	uint32_t	ud_datamax;	/* in: bytes at ud_data */
	void		*ud_data;	/* in: the driver's buffer */
	uint32_t	ud_wait;	/* in: recvsys_wait waits at most
					 * this many ms (0: no limit) */
	uint32_t	ud_spare;	/* (never read or written) */
};

/* replyrecvsys's argument: replies to give, then a receive.  The
 * kernel reads from rr_msg.ud_datamax to rr_intrdone. */
struct udevrr {
	struct udevmsg	rr_msg;		/* in/out: the receive's, as
					 * recvsys_wait's m */
	const struct udevreply *rr_reply; /* in: the replies, in order */
	uint32_t	rr_nreply;	/* in: how many (<= AGENT_RRMAX) */
	uint32_t	rr_flags;	/* in: RR_* */
	uint32_t	rr_intrdone;	/* in: lines (bit n: line n) whose
					 * interrupt, given by replyrecvsys,
					 * is handled: unmasked */
	uint32_t	rr_nreplied;	/* out, on an error only: the
					 * replies taken before it */
};
#define RR_NB		0x0001		/* receive as recvsys_nb */
#define RR_NORECV	0x0002		/* the replies only */
#define AGENT_RRMAX	(AGENT_NHELD + 2) /* replies in one call: every
					 * held slot and a ping */

/* A physical piece of a DSF_PHYSIO message's buffer (at ud_data). */
struct udevseg {
	uint32_t	us_pa;		/* physical address */
	uint32_t	us_len;		/* bytes, within one page */
};

/* A reply (replysys). */
struct udevreply {
	uint32_t	ur_id;		/* ud_id of the message */
	int32_t		ur_error;	/* 0 or an errno */
	uint32_t	ur_count;	/* bytes moved */
	const void	*ur_data;	/* a read's data, IOC_OUT's argument */
};

/*
 * A driver's sysctl, served by its processes (DRVIOC_SYSCTL, a DEV_IOCTL
 * the kernel sends to the first device of each process that serves the
 * driver, and merges the answers: sys/sysctl.h).  The
 * drivers' files define their variables (hw.ata.dma, hw.ata.cmds_dma
 * ...) once; in the kernel build they are the kernel's, and when the
 * driver runs in a process the kernel asks the process for them: a
 * read or write of such a name (sysctl(3), sys/kern/kern_sysctl.c) is
 * this message, answered by lib/libdrv from the driver's own variables.
 * The kernel checks the name, the permission and the new value's size
 * first, by its own copy of the definition.  asc_write 0 reads (asc_val,
 * or asc_str for a string), 1 writes asc_val.  A process cannot send
 * it itself (ioctl(2) refuses it: ENOTTY).
 */
#define DRVSYSCTL_STRMAX 2048		/* SYSCTL_STRMAX */
struct drv_sysctl_req {
	char		asc_name[64];	/* SYSCTL_NAMEMAX, NUL-ended */
	int32_t		asc_write;	/* 0 read, 1 write */
	int32_t		asc_val;	/* an int's value, in or out */
	char		asc_str[DRVSYSCTL_STRMAX]; /* a string's, out */
};
#define DRVIOC_SYSCTL	_IOWR('D', 1, struct drv_sysctl_req)

/*
 * Fault injection (test mode; sys/kern/kern_agentfault.c, the faults
 * themselves lib/libdrv/drvfault.c): booted with udrv_faults=SEED:RATE
 * [:GOAL], drivers built against libdrv make one fault per RATE
 * injection points while the campaign is armed (kern.agent_fault_armed,
 * set by its client), each counted first by writing its value
 * (AGENT_FAULT_VALUE) to kern.agent_faults (EAGAIN while not armed:
 * the fault is skipped).
 */
#define AGENT_FAULT_CRASH	1	/* dies (signal, exit) or hangs */
#define AGENT_FAULT_REPLY	2	/* a reply's fields corrupted */
#define AGENT_FAULT_TWICE	3	/* a message replied twice */
#define AGENT_FAULT_NOREPLY	4	/* a message never replied */
#define AGENT_FAULT_PORTS	5	/* garbage written to one of its ports */
#define AGENT_NFAULT		5
/* The value a driver writes: the kind, where it was made (the
 * injection point) and the number of the message it was made at (the
 * driver instance's count of the messages it received, low 16 bits),
 * so that the kernel's digest of a device's faults
 * (kern.agent_faultdigest) names each fault by what it was about. */
#define AGENT_FAULT_VALUE(kind, where, msgno) \
	((kind) | (where) << 8 | (int)((uint32_t)((msgno) & 0xffff) << 16))
#define AGENT_FAULT_KIND(v)	((v) & 0xff)
#define AGENT_FAULT_WHERE(v)	(((v) >> 8) & 0xff)
#define AGENT_FAULT_MSGNO(v)	(((uint32_t)(v) >> 16) & 0xffff)
#define AGENT_FPOINT_RECV	1	/* a message received */
#define AGENT_FPOINT_REPLY	2	/* a reply given */
#define AGENT_FPOINT_IO		3	/* a port I/O instruction */
#define AGENT_NFPOINT		3

_Static_assert(sizeof(struct devserve) == 72, "devserve");
_Static_assert(sizeof(struct udevmsg) == 56, "udevmsg");
_Static_assert(sizeof(struct udevreply) == 16, "udevreply");
_Static_assert(sizeof(struct udevrr) == 76, "udevrr");
_Static_assert(sizeof(struct udevseg) == 8, "udevseg");

#ifndef _KERNEL
int	devserve(const struct devserve *ds);
int	__recvsys(int svc, struct udevmsg *m);
int	__recvsys_nb(int svc, struct udevmsg *m);
int	__recvsys_wait(int svc, struct udevmsg *m);
int	__replysys(int svc, const struct udevreply *r);
int	__replyrecvsys(int svc, struct udevrr *rr);
int	__recvsys_intr(int svc, struct udevmsg *m);
#else
#include <sys/callout.h>
#include <sys/time.h>

struct proc;
struct cdev;
struct agent_svc;

/*
 * A service's heartbeat (sys/kern/kern_agentping.c, THE HEARTBEAT
 * above), kept in its struct agent_svc.
 */
struct agent_ping {
	struct proc	*ap_proc;	/* [I] the driver */
	struct agent_svc *ap_svc;	/* [I] its service, whose receive
					 * agent_svc_wakeup() wakes */
	bool		ap_on;		/* [c] DSF_PING: heartbeats */
	bool		ap_queued;	/* [c] a ping waits for recvsys */
	bool		ap_out;		/* [c] a ping is not answered */
	uint32_t	ap_gen;		/* [c] the last ping's generation */
	uint32_t	ap_calls;	/* [c] gate calls on the service */
	uint32_t	ap_seen;	/* [c] ap_calls at the last look */
	uint64_t	ap_heard;	/* [c] ticks at the last look that
					 * found a call since the one before */
	uint64_t	ap_sent;	/* [c] ticks when the ping was queued */
	struct callout	ap_callout;	/* [c] agent_heartbeat */
};

void	agent_ping_init(struct agent_ping *ap, struct proc *p,
	    struct agent_svc *as);
void	agent_ping_start(struct agent_ping *ap);
void	agent_ping_stop(struct agent_ping *ap);
bool	agent_ping_take(struct agent_ping *ap, uint32_t *idp);
void	agent_ping_untake(struct agent_ping *ap);
int	agent_ping_reply(struct agent_ping *ap, uint32_t gen);

/* The driver made a gate call on the service: its silence ends.  Inline,
 * on every gate call: one increment, whether the heartbeat is on or
 * not; the heartbeat's look compares the count with the last one it
 * saw.  [c] */
static inline void
agent_ping_heard(struct agent_ping *ap)
{
	ap->ap_calls++;
}

/* A message's data between sender and driver (sys/kern/kern_agentdata.c). */
struct lwkt_msg;
struct uio;
struct uio_physseg;
struct uio	*agent_uio(struct lwkt_msg *msg);
#define AGENT_SEGKEEP	20		/* pieces a receive keeps from its
					 * walk (64 KiB at any alignment) */
struct uio_physiter;
size_t	agent_describe_cmd(struct lwkt_msg *msg, uint32_t unit,
	    struct udevmsg *um, size_t *copyp);
int	agent_recv_copy(struct lwkt_msg *msg, const struct udevmsg *um,
	    size_t ncopy);
int	agent_reply_data(struct lwkt_msg *msg, uint32_t len,
	    const struct uio_physiter *walk, const struct udevreply *ur,
	    int *rerrp);
int	agent_reply_bad(int *rerrp, int rerr);

void	agent_init(void);
struct cdev *agent_dev_of(struct proc *p);
void	agent_proc_exit(struct proc *p);
int	kern_svcgate(uint32_t op, int svc, vm_offset_t uaddr);
/* kern_svcgate for the sysenter entry: svc, op and uaddr in eax, edx and
 * ecx, where the entry has them (sys/sysmsg.h's __gatecall). */
int	kern_svcgate_lean(int svc, uint32_t op, vm_offset_t uaddr)
	    __attribute__((__regparm__(3)));
#endif

#endif /* !_SYS_AGENT_H_ */
