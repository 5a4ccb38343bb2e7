/*
 * test_device.c - the device registry and the device messages
 * (sys/kern/kern_device.c).
 *
 * A test device that is never registered (dev_d* need no registration)
 * with a direct port whose handler records what arrives shows each
 * message as built; md0, the RAM disk, shows the strategy path with a
 * reply from another thread.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/msgport.h>
#include <sys/uio.h>
#include <sys/file.h>
#include <sys/device.h>
#include <sys/test.h>

static void
test_dev_registry(void)
{
	static struct lwkt_port port;
	static struct cdev bad = { .si_port = &port };
	static const char *const names[] = { "", ".", "..", "a/b" };
	struct cdev *dev, *null;
	size_t i;
	int n;

	for (i = 0; i < nitems(names); i++) {
		bad.si_name = names[i];
		T_EQ(make_dev(&bad), EINVAL);
	}
	bad.si_name = "null";
	T_EQ(make_dev(&bad), EEXIST);
	bad.si_name = "ktest_disk";
	bad.si_flags = SI_DISK;			/* no sector size */
	T_EQ(make_dev(&bad), EINVAL);

	null = dev_lookup("null", 4);
	T_ASSERT(null != NULL);
	T_STREQ(null->si_name, "null");
	T_EQ(dev_lookup("nullx", 4), null);	/* only len bytes count */
	T_EQ(dev_lookup("nul", 3), NULL);
	T_EQ(dev_lookup("ktest_disk", 10), NULL);
	T_ASSERT(dev_lookup("console", 7) != NULL);
	T_ASSERT(dev_lookup("md0", 3) != NULL);
	T_ASSERT(dev_lookup("ttyu0", 5) != NULL);

	n = 0;
	for (dev = dev_next(NULL); dev != NULL; dev = dev_next(dev)) {
		T_EQ(dev->si_index, n);
		T_EQ(dev_lookup(dev->si_name, strlen(dev->si_name)), dev);
		n++;
	}
	T_EQ(n, dev_count());
}
DEFINE_TEST(dev_registry, "make_dev checks names and duplicates; lookup and "
    "iteration see every device in order", test_dev_registry);

/* ---- a device that records its messages ------------------------------ */

static union dev_anymsg rec_msg;	/* the last message, as it arrived */
static thread_t rec_td;			/* the thread it ran in */
static int rec_count;
static int rec_error;			/* what the handler answers */

static int
rec_handler(union dev_anymsg *m)
{
	rec_msg = *m;
	rec_td = curthread;
	rec_count++;
	if (m->lmsg.ms_cmd == DEV_READ || m->lmsg.ms_cmd == DEV_WRITE) {
		struct uio *uio = m->rw.a_uio;
		char c = 'r';

		if (uio->uio_resid > 0 && rec_error == 0)
			return (uiomove(&c, 1, uio));
	}
	if (m->lmsg.ms_cmd == DEV_IOCTL && m->ioctl.a_data != NULL &&
	    rec_error == 0)
		*(int *)m->ioctl.a_data = 4242;
	return (rec_error);
}

static void
test_dev_messages(void)
{
	struct lwkt_port port;
	struct cdev dev = { .si_name = "ktest", .si_unit = 7,
	    .si_flags = SI_TTY, .si_port = &port };
	struct uio uio;
	char buf[8];
	int val, n0;
	uint64_t sw0;

	dev_port_direct(&port, rec_handler);
	rec_count = 0;
	rec_error = 0;
	sw0 = curthread->td_switchin;

	T_EQ(dev_dopen(&dev, FREAD | FNONBLOCK), 0);
	T_EQ(rec_msg.lmsg.ms_cmd, DEV_OPEN);
	T_EQ(rec_msg.head.dm_dev, &dev);
	T_EQ(rec_msg.open.a_oflags, FREAD | FNONBLOCK);
	T_EQ(rec_td, curthread);		/* a direct port: our thread */

	T_EQ(dev_dclose(&dev, FWRITE), 0);
	T_EQ(rec_msg.lmsg.ms_cmd, DEV_CLOSE);
	T_EQ(rec_msg.close.a_fflag, FWRITE);

	uio_init(&uio, buf, sizeof(buf), 100, UIO_SYSSPACE, UIO_READ);
	T_EQ(dev_dread(&dev, &uio, IO_NDELAY), 0);
	T_EQ(rec_msg.lmsg.ms_cmd, DEV_READ);
	T_EQ(rec_msg.rw.a_uio, &uio);
	T_EQ(rec_msg.rw.a_ioflag, IO_NDELAY);
	T_EQ(uio.uio_resid, sizeof(buf) - 1);	/* the handler moved one */
	T_EQ(uio.uio_offset, 101);
	T_EQ(buf[0], 'r');

	uio_init(&uio, buf, 3, 0, UIO_SYSSPACE, UIO_WRITE);
	T_EQ(dev_dwrite(&dev, &uio, 0), 0);
	T_EQ(rec_msg.lmsg.ms_cmd, DEV_WRITE);
	T_EQ(uio.uio_resid, 2);

	T_EQ(dev_dioctl(&dev, _IOR('t', 1, int), &val, FREAD), 0);
	T_EQ(rec_msg.lmsg.ms_cmd, DEV_IOCTL);
	T_EQ(rec_msg.ioctl.a_cmd, _IOR('t', 1, int));
	T_EQ(rec_msg.ioctl.a_data, &val);
	T_EQ(rec_msg.ioctl.a_fflag, FREAD);
	T_EQ(val, 4242);

	/* The handler's error is the reply. */
	rec_error = ENOTTY;
	T_EQ(dev_dioctl(&dev, _IO('t', 2), NULL, FREAD), ENOTTY);
	rec_error = 0;

	/* FIODTYPE never reaches the driver. */
	n0 = rec_count;
	T_EQ(dev_dioctl(&dev, FIODTYPE, &val, FREAD), 0);
	T_EQ(val, D_TTY);
	T_EQ(rec_count, n0);

	/* Every message ran as a function call: no thread switch. */
	T_EQ(curthread->td_switchin, sw0);
	T_EQ(rec_count, 6);

	/* A device that went away: ENXIO, the driver hears nothing. */
	dev_gone(&dev);
	T_EQ(dev_dopen(&dev, FREAD), ENXIO);
	uio_init(&uio, buf, sizeof(buf), 0, UIO_SYSSPACE, UIO_READ);
	T_EQ(dev_dread(&dev, &uio, 0), ENXIO);
	T_EQ(dev_dioctl(&dev, FIODTYPE, &val, FREAD), ENXIO);
	T_EQ(rec_count, 6);
}
DEFINE_TEST(dev_messages, "dev_d* build each message with its fields, a "
    "direct port runs the driver in the sender's thread, a gone device is "
    "ENXIO", test_dev_messages);

/* ---- the strategy path, on md0 --------------------------------------- */

static char dbuf[2048], dbuf2[2048];

static void
test_dev_strategy(void)
{
	struct cdev *md = dev_lookup("md0", 3);
	struct dev_strategy_msg sm[4];
	struct uio uio, su[4];
	lwkt_port_t port = &curthread->td_msgport;
	size_t len, resid;
	off_t size;
	uint64_t sw0;
	uint32_t ssz;
	int i, j;

	T_ASSERT(md != NULL);
	T_ASSERT(md->si_flags & SI_DISK);
	size = md->si_mediasize;
	T_EQ(dev_dioctl(md, DIOCGMEDIASIZE, &size, FREAD), 0);
	T_EQ(size, md->si_mediasize);
	T_EQ(dev_dioctl(md, DIOCGSECTORSIZE, &ssz, FREAD), 0);
	T_EQ(ssz, 512);
	T_EQ(dev_dioctl(md, _IOR('d', 200, int), &i, FREAD), ENOTTY);

	/* The checks: alignment, the end. */
	len = 512;
	T_EQ(dev_strategy_clip(md, BIO_READ, 100, &len), EINVAL);
	len = 100;
	T_EQ(dev_strategy_clip(md, BIO_READ, 0, &len), EINVAL);
	len = 512;
	T_EQ(dev_strategy_clip(md, BIO_READ, -512, &len), EINVAL);
	len = 1024;
	T_EQ(dev_strategy_clip(md, BIO_READ, size - 512, &len), 0);
	T_EQ(len, 512);
	len = 1024;
	T_EQ(dev_strategy_clip(md, BIO_READ, size, &len), 0);
	T_EQ(len, 0);
	len = 1024;
	T_EQ(dev_strategy_clip(md, BIO_WRITE, size, &len), ENOSPC);
	len = 1024;
	T_EQ(dev_strategy_clip(md, BIO_WRITE, size - 512, &len), 0);
	T_EQ(len, 512);

	/* A write and a read through dev_dwrite/dev_dread: strategy
	 * messages replied by the md thread (we switched away and back). */
	for (i = 0; i < (int)sizeof(dbuf); i++)
		dbuf[i] = (char)(i * 7 + 3);
	sw0 = curthread->td_switchin;
	uio_init(&uio, dbuf, sizeof(dbuf), 4096, UIO_SYSSPACE, UIO_WRITE);
	T_EQ(dev_dwrite(md, &uio, 0), 0);
	T_EQ(uio.uio_resid, 0);
	T_EQ(uio.uio_offset, 4096 + (off_t)sizeof(dbuf));
	T_GT(curthread->td_switchin, sw0);
	memset(dbuf2, 0, sizeof(dbuf2));
	uio_init(&uio, dbuf2, sizeof(dbuf2), 4096, UIO_SYSSPACE, UIO_READ);
	T_EQ(dev_dread(md, &uio, 0), 0);
	T_EQ(uio.uio_resid, 0);
	T_EQ(memcmp(dbuf, dbuf2, sizeof(dbuf)), 0);

	/* Misaligned: EINVAL, nothing moved. */
	uio_init(&uio, dbuf2, 512, 4097, UIO_SYSSPACE, UIO_READ);
	T_EQ(dev_dread(md, &uio, 0), EINVAL);
	T_EQ(uio.uio_resid, 512);
	/* Across the end: a short count; at the end: 0; writing there:
	 * ENOSPC. */
	uio_init(&uio, dbuf2, 1024, size - 512, UIO_SYSSPACE, UIO_READ);
	T_EQ(dev_dread(md, &uio, 0), 0);
	T_EQ(uio.uio_resid, 512);
	uio_init(&uio, dbuf2, 1024, size, UIO_SYSSPACE, UIO_READ);
	T_EQ(dev_dread(md, &uio, 0), 0);
	T_EQ(uio.uio_resid, 1024);
	uio_init(&uio, dbuf, 512, size, UIO_SYSSPACE, UIO_WRITE);
	T_EQ(dev_dwrite(md, &uio, 0), ENOSPC);

	/* Four in flight at once, replied to our port, taken in any
	 * order. */
	for (i = 0; i < 4; i++) {
		uio_init(&su[i], dbuf2 + 512 * i, 512, 0, UIO_SYSSPACE,
		    UIO_READ);
		T_EQ(dev_dstrategy_send(md, &sm[i], BIO_READ,
		    4096 + 512 * (3 - i), &su[i], port), 0);
	}
	for (i = 0; i < 4; i++)
		T_EQ(lwkt_waitmsg(&sm[i].a_head.dm_msg, 0), 0);
	for (i = 0; i < 4; i++) {
		T_EQ(sm[i].a_resid, 0);
		j = memcmp(dbuf2 + 512 * i, dbuf + 512 * (3 - i), 512);
		T_EQ(j, 0);
	}
	uio_init(&uio, dbuf2, 512, 0, UIO_SYSSPACE, UIO_READ);
	T_EQ(dev_dstrategy(md, BIO_READ, 4096, &uio, &resid), 0);
	T_EQ(resid, 0);
	T_EQ(memcmp(dbuf2, dbuf, 512), 0);
}
DEFINE_TEST(dev_strategy, "disk reads and writes become strategy messages "
    "replied from the driver's thread: alignment, the end, four in flight",
    test_dev_strategy);
