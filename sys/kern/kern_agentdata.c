/*
 * kern_agentdata.c - a port agent message's data on its way between
 * the sender and the user driver that serves the device (sys/agent.h is
 * the contract).  kern_agent.c is the agent itself: queues, held
 * slots, deadlines, deaths; its gate, kern_agentgate.c, calls here,
 * holding the message in a busy slot, for what a receive gives the
 * driver (agent_describe, agent_recv_data) and for the check of a
 * reply and what it carries back (agent_reply_data).
 *
 * COPY, NOT MAP.  The data crosses by one copy between the driver's
 * pages and the sender's, done by the kernel in the driver's system
 * call (receive for a write, reply for a read).  Mapping the sender's
 * pages into the driver instead would save that copy but costs a map
 * entry, page-table stores and a TLB shootdown per message, exposes
 * whole pages (the sender's neighbouring bytes) to the driver, and
 * lets a driver keep a mapping of memory that is no longer the
 * sender's; a kernel buffer (UIO_SYSSPACE) has no object to map at
 * all.  At 4 KiB the copy is a few hundred nanoseconds, below the two
 * switches every round trip costs (see make bench: devmsg_null_user,
 * blk_*_user).
 *
 * OR NO COPY AT ALL (DSF_PHYSIO, sys/agent.h).  A disk driver whose
 * device does bus-master DMA can already, without an IOMMU, make its
 * device write anywhere: giving it the physical addresses of the
 * sender's held pages adds no power, and saves the copy (at 64 KiB
 * about 16,000 instructions, more than all the rest of the trip).  So a
 * strategy message of a device served with DSF_PHYSIO crosses as its
 * list of physical pieces (agent_segs: the same walk, uio_physnext,
 * that an in-kernel DMA driver makes), the device moves the data
 * straight between the disk and the sender's pages, and the reply
 * carries only the count, which is checked (all or an error) before
 * the uio is advanced over what the device moved.  What the kernel
 * still guarantees is that the pages are the sender's for as long as
 * the device may touch them: held until the reply; a deadline that
 * passes kills the driver instead of failing the message; a dying
 * driver's messages go back to the queue (never failed at once), and
 * its grant's bus mastering goes off at exit (kern_devgrant.c), before
 * anything can fail them.  A driver with a grant but no DMA (port I/O)
 * does not ask for it; kern.agent_physio = 0 turns it off (a receive
 * then copies as for any device).
 *
 * TRUST.  Nothing the driver says is believed: a reply's error must be
 * a real errno, its count no more than what was given, a disk transfer
 * all or an error; the driver's buffers are reached only through held
 * pages of its own address space (uio_hold_user), so a bad buffer or a
 * bad reply fails the message with EIO (kern.agent_badreplies), never
 * the kernel.
 *
 * Concurrency: none of the agent's tables are touched here; the copies
 * may fault and block, which the caller's busy slot allows for.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/uio.h>
#include <sys/proc.h>
#include <sys/sysctl.h>
#include <sys/device.h>
#include <sys/agentvar.h>
#include <vm/vm_map.h>

_Static_assert(sizeof(struct uio_physseg) == sizeof(struct udevseg) &&
    offsetof(struct uio_physseg, ps_pa) == offsetof(struct udevseg, us_pa) &&
    offsetof(struct uio_physseg, ps_len) == offsetof(struct udevseg, us_len),
    "a walk's pieces are copied out as the driver's struct udevseg");

static int agent_badreplies;		/* replies refused as malformed */
int agent_physio = 1;			/* DSF_PHYSIO honoured */
int agent_physio_msgs;			/* transfers given as pieces */
SYSCTL_INT(kern_agent_badreplies, "kern.agent_badreplies",
    &agent_badreplies, CTLFLAG_RD, "malformed user-driver replies");
SYSCTL_INT(kern_agent_physio, "kern.agent_physio", &agent_physio,
    CTLFLAG_RW | CTLFLAG_DRV,
    "DSF_PHYSIO disks get physical pieces (0: copies)");
SYSCTL_INT(kern_agent_physio_msgs, "kern.agent_physio_msgs",
    &agent_physio_msgs, CTLFLAG_RD, "transfers given as physical pieces");

/*
 * Move len bytes between the message's uio mu and the current
 * process's buffer ubuf, in mu's direction (a UIO_WRITE uio gives its
 * bytes to ubuf, a UIO_READ one takes them from it), one copy page by
 * page through the driver's held pages.  mu advances unless keep.
 * 0 or EFAULT (mu then advanced by what moved, unless keep); ENOMEM.
 * May block (faults).
 */
static int
agent_copy(struct uio *mu, vm_offset_t ubuf, size_t len, bool keep)
{
	struct uio du;
	char *buf = mu->uio_buf;
	size_t resid = mu->uio_resid;
	off_t off = mu->uio_offset;
	int idx = mu->uio_vmidx, i, error;
	uint32_t skip = mu->uio_vmskip;

	if (len == 0)
		return (0);
	error = uio_hold_user(&du, curproc->p_vmspace, (void *)ubuf, len, 0,
	    mu->uio_rw == UIO_WRITE ? UIO_READ : UIO_WRITE);
	if (error == 0 && du.uio_resid != len)
		error = EFAULT;
	for (i = 0; error == 0 && i < du.uio_vmcnt; i++) {
		error = uiomove_page(du.uio_vmiov[i].vi_page,
		    du.uio_vmiov[i].vi_pgoff, du.uio_vmiov[i].vi_len, mu);
	}
	uio_release(&du);
	if (keep) {
		mu->uio_buf = buf;
		mu->uio_resid = resid;
		mu->uio_offset = off;
		mu->uio_vmidx = idx;
		mu->uio_vmskip = skip;
	}
	return (error);
}

/* The data of a read, write or strategy message. */
struct uio *
agent_uio(lwkt_msg_t msg)
{
	union dev_anymsg *m = (union dev_anymsg *)msg;

	return (msg->ms_cmd == DEV_STRATEGY ? m->strategy.a_uio : m->rw.a_uio);
}

/*
 * agent_describe (sys/agentvar.h) of anything but a disk transfer: an
 * interrupt, open, close, read, write or ioctl.  Returns *needp (the
 * room; a pointer less, for the receive's frame).  [o]
 */
size_t
agent_describe_cmd(lwkt_msg_t msg, uint32_t unit, struct udevmsg *um,
    size_t *copyp)
{
	union dev_anymsg *m = (union dev_anymsg *)msg;
	size_t n, need = 0;

	*copyp = 0;
	if (msg->ms_cmd == DEV_INTR) {
		agent_describe_intr(msg, unit, um);
		return (0);
	}
	agent_um_head(um, (uint32_t)msg->ms_cmd, unit, 0, 0);
	switch (msg->ms_cmd) {
	case DEV_OPEN:
		um->ud_flags = m->open.a_oflags;
		break;
	case DEV_CLOSE:
		um->ud_flags = m->close.a_fflag;
		break;
	case DEV_READ:
		um->ud_flags = m->rw.a_ioflag;
		um->ud_offset = m->rw.a_uio->uio_offset;
		um->ud_len = (uint32_t)MIN(m->rw.a_uio->uio_resid, 0x7fffffff);
		break;
	case DEV_WRITE:
		n = MIN(m->rw.a_uio->uio_resid, um->ud_datamax);
		um->ud_flags = m->rw.a_ioflag;
		um->ud_offset = m->rw.a_uio->uio_offset;
		um->ud_len = (uint32_t)n;
		*copyp = n;
		need = m->rw.a_uio->uio_resid > 0 ? 1 : 0;
		break;
	case DEV_IOCTL:
		um->ud_ioctl = (uint32_t)m->ioctl.a_cmd;
		um->ud_flags = m->ioctl.a_fflag;
		um->ud_len = IOCPARM_LEN(m->ioctl.a_cmd);
		if ((m->ioctl.a_cmd & IOC_IN) && m->ioctl.a_data != NULL)
			*copyp = need = um->ud_len;
		break;
	}
	return (need);
}

/*
 * agent_recv_data (sys/agentvar.h) of anything but DSF_PHYSIO pieces
 * agent_describe kept: ncopy bytes of data, or ud_nseg pieces walked
 * again.  0 or EFAULT.  May block.
 */
int
agent_recv_copy(lwkt_msg_t msg, const struct udevmsg *um, size_t ncopy)
{
	int error = 0;

	if (um->ud_nseg != 0) {
		if (agent_segs(agent_uio(msg), um->ud_len,
		    (vm_offset_t)um->ud_data, NULL, NULL) != (int)um->ud_nseg)
			error = EFAULT;
	} else if (ncopy > 0) {
		if (msg->ms_cmd == DEV_IOCTL)
			error = copyout(((struct dev_ioctl_msg *)msg)->a_data,
			    um->ud_data, ncopy);
		else
			error = agent_copy(agent_uio(msg),
			    (vm_offset_t)um->ud_data, ncopy, true);
	}
	return (error);
}

/*
 * Check the driver's reply ur to msg (given with ud_len len; as
 * physical pieces if walk is not NULL: agent_describe's walk over them,
 * the uio not moved since) and carry its results back (the copies
 * may block: the caller's slot is busy).  Returns the error for the
 * message's sender; *rerrp gets replysys's own (0, EINVAL for a
 * malformed reply, EFAULT for unreadable data).
 */
int
agent_reply_data(lwkt_msg_t msg, uint32_t len,
    const struct uio_physiter *walk, const struct udevreply *ur, int *rerrp)
{
	union dev_anymsg *m = (union dev_anymsg *)msg;
	int error = ur->ur_error;
	size_t n;

	if (walk != NULL)
		return (agent_reply_phys(msg, len, walk, ur, rerrp));
	*rerrp = 0;
	if (error < 0 || error >= EASYNC || ur->ur_count > len)
		goto bad;
	switch (msg->ms_cmd) {
	case DEV_READ:
		if (agent_copy(m->rw.a_uio, (vm_offset_t)ur->ur_data,
		    ur->ur_count, false) != 0)
			goto fault;
		break;
	case DEV_WRITE:
		uio_advance(m->rw.a_uio, ur->ur_count);
		break;
	case DEV_STRATEGY:
		if (error == 0 && ur->ur_count != m->strategy.a_bcount)
			goto bad;
		if (m->strategy.a_bio_cmd == BIO_WRITE)
			uio_advance(m->strategy.a_uio, ur->ur_count);
		else if (agent_copy(m->strategy.a_uio,
		    (vm_offset_t)ur->ur_data, ur->ur_count, false) != 0)
			goto fault;
		break;
	case DEV_IOCTL:
		n = IOCPARM_LEN(m->ioctl.a_cmd);
		if (error == 0 && (m->ioctl.a_cmd & IOC_OUT) && n > 0 &&
		    m->ioctl.a_data != NULL &&
		    copyin(ur->ur_data, m->ioctl.a_data, n) != 0)
			goto fault;
		break;
	}
	return (error);
fault:
	return (agent_reply_bad(rerrp, EFAULT));
bad:
	return (agent_reply_bad(rerrp, EINVAL));
}

/* A reply refused for rerr (EINVAL: malformed, EFAULT: unreadable data):
 * *rerrp gets rerr for replysys, and the sender gets EIO, returned.  */
int
agent_reply_bad(int *rerrp, int rerr)
{
	*rerrp = rerr;
	agent_badreplies++;
	return (EIO);
}
