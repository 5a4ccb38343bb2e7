/*
 * drvif_local - the user implementation of the driver interface
 * (lib/libdrv) with two drivers in one process talking by plain calls:
 *
 *   "disk"  a RAM disk on a thread port (drv_port_thread): a strategy
 *           message is kept and finished later by the disk's timer
 *           message (drv_timer: as a real disk finishes from its
 *           interrupt), which carries the tag it was armed with;
 *   "part"  a partition on a direct port (drv_port_direct) that adds its
 *           offset and passes the message on to the disk (drv_send, the
 *           reply going straight back to the sender, as the kernel's
 *           lwkt_forwardmsg);
 *   "tty"   a direct port whose read sleeps (drv_sleep) until the disk's
 *           timer wakes it (drv_wakeup), the loop running meanwhile.
 *
 * Checked: the bytes land at the partition's offset and come back; the
 * replies arrive in order with their errors; a message the partition
 * refuses is replied at once; the timers fire with their last tag and
 * not while their message is out, never before the tick they were armed
 * for (lib/libdrv compares the TSC with the expiry's tick converted, not
 * the tick itself: a conversion one tick short fires early); a sleep with nothing that could wake
 * it is EDEADLK, not a hang; a sleep with a limit times out; memory that
 * is not DMA memory has no physical address; the agent's pieces are
 * walked, and given where they lie when they are all the walk.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/uio.h>
#include <sys/msgport.h>
#include <sys/device.h>
#include <sys/drvif.h>
#include <string.h>
#include "libdrv.h"
#include "utest.h"

MALLOC_DEFINE(M_TDISK, "tdisk", "the test's RAM disk");

#define DISKSIZE	(64 * 1024)
#define PARTOFF		4096
#define TMO_CMD		0x5401

/* ---- the disk: a thread port, replies from its timer ---------------- */

static struct {
	unsigned char	*d_data;
	lwkt_port_t	d_port;
	struct drv_timer d_timer;
	struct dev_strategy_msg *d_active; /* kept until the timer */
	uint32_t	d_gen;
	int		d_nstrategy;
	int		d_ntimer;
	uint64_t	d_due;		/* the tick the timer was last armed for */
	int		d_early;	/* expiries seen before d_due */
} disk;
static struct cdev disk_dev = { .si_name = "tdisk", .si_flags = SI_DISK,
    .si_secsize = 512, .si_mediasize = DISKSIZE };

/* The disk's timer armed for n ticks, noting the tick it is due. */
static void
disk_arm(int n, uint32_t tag)
{
	disk.d_due = drv_ticks() + (uint64_t)n;
	drv_timer_arm(&disk.d_timer, n, tag);
}

static void
disk_msg(lwkt_msg_t msg, void *arg)
{
	struct dev_strategy_msg *sm;
	int error;

	if (msg->ms_cmd == TMO_CMD) {
		disk.d_ntimer++;
		if (drv_ticks() < disk.d_due)
			disk.d_early++;
		drv_reply(msg, 0);
		sm = disk.d_active;
		if (sm == NULL || disk.d_timer.dt_fired != disk.d_gen)
			return;
		disk.d_active = NULL;
		error = drv_uiomove(disk.d_data + sm->a_offset, sm->a_bcount,
		    sm->a_uio);
		sm->a_resid = error ? sm->a_bcount : 0;
		drv_reply(&sm->a_head.dm_msg, error);
		drv_wakeup(&disk);
		return;
	}
	if (msg->ms_cmd != DEV_STRATEGY || disk.d_active != NULL) {
		drv_reply(msg, msg->ms_cmd != DEV_STRATEGY ? EOPNOTSUPP :
		    EBUSY);
		return;
	}
	disk.d_nstrategy++;
	disk.d_active = (struct dev_strategy_msg *)msg;
	disk_arm(1, ++disk.d_gen);
}

/* ---- the partition: a direct port forwarding with an offset --------- */

static struct lwkt_port part_port;
static int part_nmsgs;

static int
part_devmsg(union dev_anymsg *m)
{
	part_nmsgs++;
	if (m->lmsg.ms_cmd != DEV_STRATEGY)
		return (ENOTTY);
	if (m->strategy.a_offset + (off_t)m->strategy.a_bcount >
	    DISKSIZE - PARTOFF)
		return (EINVAL);
	m->strategy.a_offset += PARTOFF;
	drv_send(disk.d_port, &m->lmsg);	/* a call, no agent */
	return (EASYNC);
}

/* ---- the terminal: a read that sleeps ------------------------------- */

static struct lwkt_port tty_port;

static int
tty_devmsg(union dev_anymsg *m)
{
	return (drv_sleep(&disk, true, "ttyin", 0));
}

/* ---- the sender ------------------------------------------------------- */

static int nreplies;
static lwkt_msg_t lastreply;

static void
on_reply(lwkt_msg_t msg)
{
	nreplies++;
	lastreply = msg;
}

static int
strategy(lwkt_port_t port, struct lwkt_port *rport, int cmd, off_t off,
    void *buf, size_t len, size_t *resid)
{
	struct dev_strategy_msg sm;
	struct uio uio;
	int error;

	memset(&uio, 0, sizeof(uio));
	uio.uio_buf = buf;
	uio.uio_resid = len;
	uio.uio_segflg = UIO_SYSSPACE;
	uio.uio_rw = cmd == BIO_READ ? UIO_READ : UIO_WRITE;
	memset(&sm, 0, sizeof(sm));
	drv_initmsg(&sm.a_head.dm_msg, rport, DEV_STRATEGY);
	sm.a_head.dm_dev = &disk_dev;
	sm.a_bio_cmd = cmd;
	sm.a_offset = off;
	sm.a_bcount = len;
	sm.a_uio = &uio;
	error = drv_domsg(port, &sm.a_head.dm_msg);
	if (resid != NULL)
		*resid = sm.a_resid;
	UT_TRUE(lastreply == &sm.a_head.dm_msg);
	return (error);
}

int
main(void)
{
	static unsigned char wbuf[2048], rbuf[2048];
	struct lwkt_port rport;
	struct lwkt_msg m;
	struct uio uio;
	struct uio_physiter it;
	vm_paddr_t pa;
	size_t resid, i;
	int n0;

	disk.d_data = drv_malloc(DISKSIZE, M_TDISK, DRV_WAITOK | DRV_ZERO);
	drv_port_thread(&disk.d_port, disk_msg, NULL, "tdisk");
	drv_timer_init(&disk.d_timer, disk.d_port, TMO_CMD, NULL);
	disk_dev.si_port = disk.d_port;
	drv_port_direct(&part_port, part_devmsg);
	drv_port_direct(&tty_port, tty_devmsg);
	drv_initreplyport(&rport, on_reply);

	/* A write through the partition lands at its offset. */
	for (i = 0; i < sizeof(wbuf); i++)
		wbuf[i] = (unsigned char)(i * 7 + 3);
	UT_EQ(strategy(&part_port, &rport, BIO_WRITE, 1024, wbuf, 2048,
	    &resid), 0);
	UT_EQ(resid, 0);
	UT_EQ(nreplies, 1);
	UT_EQ(memcmp(disk.d_data + PARTOFF + 1024, wbuf, 2048), 0);
	UT_EQ(disk.d_data[PARTOFF + 1023], 0);
	UT_EQ(disk.d_data[PARTOFF + 1024 + 2048], 0);
	/* And reads back, through the partition and straight from the disk. */
	UT_EQ(strategy(&part_port, &rport, BIO_READ, 1024, rbuf, 2048,
	    &resid), 0);
	UT_EQ(memcmp(rbuf, wbuf, 2048), 0);
	memset(rbuf, 0, sizeof(rbuf));
	UT_EQ(strategy(disk.d_port, &rport, BIO_READ, PARTOFF + 1024, rbuf,
	    2048, &resid), 0);
	UT_EQ(memcmp(rbuf, wbuf, 2048), 0);
	UT_EQ(nreplies, 3);
	UT_EQ(part_nmsgs, 2);
	UT_EQ(disk.d_nstrategy, 3);
	UT_EQ(disk.d_ntimer, 3);	/* one expiry a request, its tag */
	UT_EQ(disk.d_timer.dt_fired, 3);
	UT_TRUE(!drv_timer_pending(&disk.d_timer));

	/* Refused by the partition: replied at once, the disk never sees it. */
	UT_EQ(strategy(&part_port, &rport, BIO_READ, DISKSIZE - PARTOFF,
	    rbuf, 512, NULL), EINVAL);
	UT_EQ(disk.d_nstrategy, 3);
	UT_EQ(nreplies, 4);
	drv_initmsg(&m, &rport, DEV_OPEN);
	UT_EQ(drv_domsg(disk.d_port, &m), EOPNOTSUPP);

	/* A stopped timer sends nothing; rearmed, the last tag counts. */
	n0 = disk.d_ntimer;
	disk_arm(1, 100);
	drv_timer_stop(&disk.d_timer);
	UT_EQ(drv_sleep(&rport, false, "t", 3), EWOULDBLOCK);
	UT_EQ(disk.d_ntimer, n0);
	disk_arm(50, 101);
	disk_arm(1, 102);
	UT_EQ(drv_sleep(&rport, false, "t", 5), EWOULDBLOCK);
	UT_EQ(disk.d_ntimer, n0 + 1);
	UT_EQ(disk.d_timer.dt_fired, 102);
	/* Longer than a tick: not one tick early (the TSC's compare). */
	disk_arm(3, 103);
	while (disk.d_ntimer == n0 + 1)	/* (however long a tick takes) */
		UT_EQ(drv_sleep(&rport, false, "t", 1), EWOULDBLOCK);
	UT_EQ(disk.d_ntimer, n0 + 2);
	UT_EQ(disk.d_timer.dt_fired, 103);
	UT_EQ(disk.d_early, 0);
	/* The last timer stopped leaves the first expiry early; one armed
	 * later after it still fires once, on time, and then none is. */
	disk_arm(1, 104);
	drv_timer_stop(&disk.d_timer);
	UT_TRUE(!drv_timers_armed());
	disk_arm(3, 105);
	UT_TRUE(drv_timers_armed());
	while (disk.d_ntimer == n0 + 2)
		UT_EQ(drv_sleep(&rport, false, "t", 1), EWOULDBLOCK);
	UT_EQ(disk.d_ntimer, n0 + 3);
	UT_EQ(disk.d_timer.dt_fired, 105);
	UT_EQ(disk.d_early, 0);
	UT_TRUE(!drv_timers_armed());

	/* A read that sleeps until the disk's next completion wakes it. */
	disk.d_active = NULL;
	drv_initmsg(&m, &rport, DEV_STRATEGY);
	{
		struct dev_strategy_msg sm;

		memset(&uio, 0, sizeof(uio));
		uio.uio_buf = (char *)rbuf;
		uio.uio_resid = 512;
		uio.uio_segflg = UIO_SYSSPACE;
		uio.uio_rw = UIO_READ;
		memset(&sm, 0, sizeof(sm));
		drv_initmsg(&sm.a_head.dm_msg, &rport, DEV_STRATEGY);
		sm.a_head.dm_dev = &disk_dev;
		sm.a_bio_cmd = BIO_READ;
		sm.a_bcount = 512;
		sm.a_uio = &uio;
		drv_send(disk.d_port, &sm.a_head.dm_msg);	/* queued */
		drv_initmsg(&m, &rport, DEV_READ);
		UT_EQ(drv_domsg(&tty_port, &m), 0);	/* woken by it */
		UT_TRUE(sm.a_head.dm_msg.ms_flags & MSGF_DONE);
	}
	/* Nothing could wake it: EDEADLK, not a hang. */
	drv_initmsg(&m, &rport, DEV_READ);
	UT_EQ(drv_domsg(&tty_port, &m), EDEADLK);

	/* Memory that is not DMA memory has no physical address. */
	memset(&uio, 0, sizeof(uio));
	uio.uio_buf = (char *)rbuf;
	uio.uio_resid = 512;
	uio.uio_segflg = UIO_SYSSPACE;
	drv_uio_physiter_init(&it, &uio, 512);
	UT_EQ(drv_uio_physnext(&it, &pa), 0);
	UT_EQ(it.upi_left, 512);

	/* The agent's physical pieces (UIO_PHYSSEG, sys/drvif.h's inline
	 * walk): in order, cut at the walk's end, many a call or one; an
	 * advance over part of them, then over the rest. */
	{
		static const struct udevseg segs[3] = {
			{ 0x10000, 4096 }, { 0x20200, 3584 }, { 0x30000, 512 } };
		struct uio_physseg ps[4];
		const struct uio_physseg *pp;

		memset(&uio, 0, sizeof(uio));
		uio.uio_buf = (char *)(uintptr_t)segs;
		uio.uio_resid = 8192;
		uio.uio_segflg = UIO_PHYSSEG;
		uio.uio_vmcnt = 3;
		drv_uio_physiter_init(&it, &uio, 6000);
		UT_EQ(drv_uio_physnextv(&it, ps, 4), 2);
		UT_EQ(ps[0].ps_pa, 0x10000);
		UT_EQ(ps[0].ps_len, 4096);
		UT_EQ(ps[1].ps_pa, 0x20200);
		UT_EQ(ps[1].ps_len, 1904);
		UT_EQ(drv_uio_physnextv(&it, ps, 4), 0);
		UT_EQ(it.upi_left, 0);
		/* drv_uio_physnextp: the pieces where they lie when they are
		 * the whole rest (at most max a call, the rest then copied),
		 * else copied as drv_uio_physnextv's. */
		drv_uio_physiter_init(&it, &uio, 8192);
		UT_EQ(drv_uio_physnextp(&it, ps, 4, &pp), 3);
		UT_TRUE(pp == (const struct uio_physseg *)(const void *)segs);
		UT_EQ(it.upi_left, 0);
		UT_EQ(drv_uio_physnextp(&it, ps, 4, &pp), 0);
		drv_uio_physiter_init(&it, &uio, 8192);
		UT_EQ(drv_uio_physnextp(&it, ps, 2, &pp), 2);
		UT_TRUE(pp == (const struct uio_physseg *)(const void *)segs);
		UT_EQ(it.upi_left, 512);
		UT_EQ(drv_uio_physnextp(&it, ps, 2, &pp), 1);
		UT_TRUE(pp == ps);
		UT_EQ(ps[0].ps_pa, 0x30000);
		UT_EQ(ps[0].ps_len, 512);
		UT_EQ(drv_uio_physnextp(&it, ps, 2, &pp), 0);
		UT_EQ(it.upi_left, 0);
		drv_uio_physiter_init(&it, &uio, 6000);	/* part: cut */
		UT_EQ(drv_uio_physnextp(&it, ps, 4, &pp), 2);
		UT_TRUE(pp == ps);
		UT_EQ(ps[1].ps_pa, 0x20200);
		UT_EQ(ps[1].ps_len, 1904);
		UT_EQ(it.upi_left, 0);
		drv_uio_advance(&uio, 5000);	/* a request moved part */
		UT_EQ(uio.uio_vmidx, 1);
		UT_EQ(uio.uio_vmskip, 904);
		UT_EQ(uio.uio_resid, 3192);
		drv_uio_physiter_init(&it, &uio, 8192);	/* a piece begun */
		UT_EQ(drv_uio_physnextp(&it, ps, 4, &pp), 2);
		UT_TRUE(pp == ps);
		UT_EQ(ps[0].ps_pa, 0x20200 + 904);
		UT_EQ(ps[0].ps_len, 2680);
		UT_EQ(it.upi_left, 0);
		drv_uio_physiter_init(&it, &uio, 8192);	/* what is left */
		UT_EQ(drv_uio_physnext(&it, &pa), 2680);
		UT_EQ(pa, 0x20200 + 904);
		UT_EQ(drv_uio_physnext(&it, &pa), 512);
		UT_EQ(pa, 0x30000);
		UT_EQ(drv_uio_physnext(&it, &pa), 0);
		drv_uio_advance(&uio, 2680);	/* to the last piece's start */
		drv_uio_physiter_init(&it, &uio, 8192);
		UT_EQ(drv_uio_physnextp(&it, ps, 4, &pp), 1);
		UT_TRUE(pp == (const struct uio_physseg *)(const void *)
		    &segs[2]);
		drv_uio_advance(&uio, 512);		/* all the rest */
		UT_EQ(uio.uio_vmidx, 3);
		UT_EQ(uio.uio_resid, 0);
		UT_EQ(uio.uio_offset, 8192);
	}

	drv_free(disk.d_data, M_TDISK);
	UT_DONE("drvif_local");
}
