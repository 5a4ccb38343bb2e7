/*
 * null.c - the memory devices: /dev/null and /dev/zero.
 *
 * null reads as an empty file and swallows every write; zero reads as
 * an endless run of zero bytes and swallows writes too.  Neither looks
 * at the offset or keeps any state.  Both are direct ports
 * (dev_port_direct): a message to them is handled in the sender's
 * thread, so a read of /dev/null costs the message's construction and
 * one indirect call more than a function call would.  A swallowed write
 * consumes the uio without reading the buffer (a user buffer was
 * already copied in or held at the VFS boundary: a bad one is EFAULT
 * there).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/uio.h>
#include <sys/device.h>
#include <dev/misc/devices.h>

/* The source of /dev/zero's bytes.  Only ever read: uiomove() copies out
 * of it for a UIO_READ uio. */
static char zero_buf[512];

static struct lwkt_port null_port, zero_port;
static struct cdev null_dev = {
	.si_name = "null", .si_port = &null_port,
};
static struct cdev zero_dev = {
	.si_name = "zero", .si_port = &zero_port,
};

/* Take all of uio's bytes as written. */
static int
mem_swallow(struct uio *uio)
{
	if (uio->uio_segflg == UIO_VMOBJECT) {
		uio->uio_vmidx = uio->uio_vmcnt;
		uio->uio_vmskip = 0;
	} else {
		uio->uio_buf += uio->uio_resid;
	}
	uio->uio_offset += (off_t)uio->uio_resid;
	uio->uio_resid = 0;
	return (0);
}

/* Everything but reads: the same for both. */
static int
mem_other(union dev_anymsg *m)
{
	switch (m->lmsg.ms_cmd) {
	case DEV_OPEN:
	case DEV_CLOSE:
		return (0);
	case DEV_WRITE:
		return (mem_swallow(m->rw.a_uio));
	case DEV_IOCTL:
		return (ENOTTY);
	}
	return (EOPNOTSUPP);
}

static int
null_devmsg(union dev_anymsg *m)
{
	if (m->lmsg.ms_cmd == DEV_READ)
		return (0);			/* end of file */
	return (mem_other(m));
}

static int
zero_devmsg(union dev_anymsg *m)
{
	struct uio *uio;
	int error = 0;

	if (m->lmsg.ms_cmd != DEV_READ)
		return (mem_other(m));
	uio = m->rw.a_uio;
	while (uio->uio_resid > 0 && error == 0)
		error = uiomove(zero_buf, sizeof(zero_buf), uio);
	return (error);
}

/* Register /dev/null and /dev/zero.  Boot only. */
void
null_attach(void)
{
	dev_port_direct(&null_port, null_devmsg);
	dev_port_direct(&zero_port, zero_devmsg);
	if (make_dev(&null_dev) != 0 || make_dev(&zero_dev) != 0)
		panic("%s: cannot register null and zero", __func__);
}
