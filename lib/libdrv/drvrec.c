/*
 * lib/libdrv/drvrec.c - the records a driver process receives the port
 * agent's messages into (drvagent.c says how a message travels through
 * one): their buffers, made once before serving; the free ones of each
 * size, a stack per size (drvagentvar.h's inline drv_rec_get and
 * drv_rec_put, every message's path); a transfer moved to its sender's
 * alignment (drv_rec_align); and the record a message is in, for fault
 * injection's keys (drv_rec_msg).
 *
 * Records: one more than the agent holds for a service (AGENT_NHELD),
 * DRV_NREC with a DRV_RECBUF buffer, the rest with DRV_SMALLBUF, and one
 * of DRV_BIGBUF for a transfer larger than DRV_RECBUF (drvagent.c: why
 * these sizes, and what waits when none is free).  Buffers are DMA
 * memory when the process holds a grant (so a DMA driver can give the
 * device its physical address), else of the heap.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/uio.h>
#include <sys/msgport.h>
#include <sys/device.h>
#include <sys/drvif.h>
#include <sys/agent.h>
#include <stdlib.h>
#include <string.h>
#include "libdrv.h"
#include "drvagentvar.h"

struct drv_rec drv_recs[DRV_NALL];
struct drv_rec *drv_free_rec[DRV_NREC];
struct drv_rec *drv_free_small[DRV_NSMALL];
int	drv_nfree_rec, drv_nfree_small;

/* r's buffer, made now if it was not (false: it cannot be). */
bool
drv_rec_mem(struct drv_rec *r)
{
	if (r->dr_buf != NULL)
		return (true);
	if (drv_dma_alloc(&r->dr_dma, drv_recsize(r), 0) == 0)
		r->dr_buf = r->dr_dma.dd_va;
	else if ((r->dr_buf = malloc(drv_recsize(r))) == NULL)
		return (false);
	drv_rec_um_reset(r);
	return (true);
}

/*
 * Make every record's buffer now, before the first device is served, so
 * a driver's memory does not grow while it serves (a test's leak checks
 * see a steady driver), and its stack as deep as serving takes it.  A
 * buffer that cannot be made is made on use.  Each page is written, not
 * only allocated: a process without DMA memory (COM2's) has its records
 * on the heap, whose pages come at first touch, and a read's bytes
 * written into a page no read had used showed as a page gone in the
 * test that did it (uart_io's leak check, 1 page).  A record's
 * messages reply to rport (its device message) and irport (its
 * interrupt message); its receive gives the replies in pend.
 */
void
drv_rec_prealloc(lwkt_port_t rport, lwkt_port_t irport,
    struct udevreply *pend)
{
	int i;

	drv_stack_prefault();	/* serving's depth (a read that sleeps
				 * runs the loop inside itself) */
	for (i = DRV_NALL - 1; i >= 0; i--) {	/* (drv_recs[0] on top) */
		drv_recs[i].dr_size = i == DRV_NALL - 1 ? DRV_BIGBUF :
		    i < DRV_NREC ? DRV_RECBUF : DRV_SMALLBUF;
		drv_recs[i].dr_rr.rr_reply = pend;
		drv_recs[i].dr_rr.rr_nreplied = ~0u;
		/* (what drv_rec_msgagain keeps) */
		drv_rec_msginit(&drv_recs[i].dr_msg.lmsg, rport,
		    DEV_STRATEGY);
		drv_rec_msginit(&drv_recs[i].dr_imsg.im_msg,
		    irport, DEV_INTR);
		drv_recs[i].dr_busy = true;
		drv_rec_put(&drv_recs[i]);
	}
	for (i = 0; i < DRV_NALL; i++)
		(void)drv_rec_get(drv_recsize(&drv_recs[i]));
	for (i = 0; i < DRV_NALL; i++) {
		volatile char *p = drv_recs[i].dr_buf;
		size_t off;

		/* Mapped now (page tables included), not at first use. */
		for (off = 0; p != NULL && off < drv_recsize(&drv_recs[i]);
		    off += PAGE_SIZE)
			p[off] = 0;
	}
	for (i = DRV_NALL - 1; i >= 0; i--)
		drv_rec_put(&drv_recs[i]);
}

/* The busy record msg is in (its message or its interrupt message), or
 * NULL. */
static struct drv_rec *
drv_rec_of(lwkt_msg_t msg)
{
	int i;

	i = (int)(((char *)msg - (char *)drv_recs) / (ptrdiff_t)sizeof(drv_recs[0]));
	if (i >= 0 && i < DRV_NALL && drv_recs[i].dr_busy &&
	    (msg == &drv_recs[i].dr_msg.lmsg ||
	    msg == &drv_recs[i].dr_imsg.im_msg))
		return (&drv_recs[i]);
	return (NULL);
}

/* The agent's message msg carries (as received), or NULL if msg is
 * none of the agent's (a timer's, one a driver of this process sent). */
const struct udevmsg *
drv_rec_msg(lwkt_msg_t msg)
{
	struct drv_rec *r = drv_rec_of(msg);

	return (r != NULL ? &r->dr_um : NULL);
}

/*
 * Received disk transfer r: put its data at the sender's alignment
 * (see ALIGNMENT), in r or a larger record; the record that holds it
 * now (r's buffer stays where it was if no larger one is free).
 */
struct drv_rec *
drv_rec_align(struct drv_rec *r)
{
	struct udevmsg *um = &r->dr_um;
	uint32_t x = um->ud_align & 3, len = um->ud_len;
	bool wr = um->ud_flags == UBIO_WRITE;
	struct drv_rec *big;

	if (x == 0 || len > drv_recsize(r))
		return (r);
	if (len + x <= drv_recsize(r)) {
		r->dr_data = r->dr_buf + x;
		if (wr)
			memmove(r->dr_data, r->dr_buf, len);
		return (r);
	}
	if (len + x <= DRV_BIGBUF && (big = drv_rec_get(len + x)) != NULL) {
		big->dr_um = *um;
		drv_rec_um_reset(big);
		big->dr_data = big->dr_buf + x;
		if (wr)
			memcpy(big->dr_data, r->dr_buf, len);
		drv_rec_free(r);
		return (big);
	}
	return (r);
}
