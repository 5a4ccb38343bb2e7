/*
 * lib/libdrv/drvagentvar.h - what the parts of lib/libdrv's port agent
 * client share: drvagent.c (the receive and reply path, the loop),
 * drvrec.c (the records messages are received into) and drvdev.c (the
 * devices served, the grant's interrupt lines, the messages the library
 * answers itself, DMA memory); and what
 * of drvif.c's ports and timers the loop asks each round, inline
 * (drv_round, drv_send_run).  Private to lib/libdrv: neither the
 * drivers nor a driver program include it.
 */
#ifndef _DRVAGENTVAR_H_
#define _DRVAGENTVAR_H_

#include <sys/queue.h>
#include <sys/msgport.h>
#include <sys/device.h>
#include <sys/drvif.h>
#include <sys/agent.h>
#include <sys/devgrant.h>
#include <machine/cpufunc.h>
#include "libdrv.h"

#define DRV_NDEV	AGENT_SVCDEV	/* devices one process serves */
#define DRV_NREC	8		/* records of DRV_RECBUF bytes */
#define DRV_RECBUF	(128 * 1024)	/* bytes of data per message */
#define DRV_NSMALL	(AGENT_NHELD - DRV_NREC + 1) /* of DRV_SMALLBUF */
#define DRV_SMALLBUF	(16 * 1024)
#define DRV_BIGBUF	DMA_MAXALLOC	/* the one record for larger ones */
#define DRV_NALL	(DRV_NREC + DRV_NSMALL + 1)
#define DRV_IOMAX	(DRV_BIGBUF - 4096) /* the most one message carries:
					 * the big record, at any alignment */

/*
 * An agent message while a driver of this process holds it.  A record
 * has its own replyrecvsys argument, whose rr_msg is the message as
 * received (dr_um): the kernel writes it there, where the record keeps
 * it, with no copy.  The free records of each size are on a stack of
 * drvagent.c's, not found by a scan.
 */
struct drv_rec {
	union dev_anymsg dr_msg;	/* what the driver gets */
	struct intr_msg	dr_imsg;	/* DEV_INTR's */
	struct uio	dr_uio;
	struct udevrr	dr_rr;		/* its receive; rr_msg: dr_um */
	char		*dr_buf;	/* DRV_RECBUF bytes (the last record:
					 * DRV_BIGBUF) */
	char		*dr_data;	/* a transfer's data: dr_buf + its
					 * alignment */
	struct drv_dma	dr_dma;		/* dr_buf's, if DMA memory */
	uint32_t	dr_size;	/* bytes at dr_buf (drv_rec_prealloc) */
	bool		dr_busy;	/* a message in it (or waiting for a
					 * larger one) */
	bool		dr_physio;	/* dr_msg was built last as a DSF_PHYSIO
					 * transfer: what every one of those
					 * sets alike is there (drvagent.c's
					 * drv_rec_strategy) */
	TAILQ_ENTRY(drv_rec) dr_wait;	/* on drv_waitbuf */
};
#define dr_um	dr_rr.rr_msg		/* the message, as received */

#define DRV_NIRQ	4		/* lines one process takes */

/* A line of the grant, as drv_intr_establish named it. */
struct drv_irq {
	int		di_line;	/* the line + 1, 0: slot free */
	lwkt_port_t	di_port;	/* its messages go there, NULL: not
					 * asked for yet */
	void		*di_arg;
	struct drv_rec	*di_parked;	/* its message, come before di_port */
};


/* drvdev.c's: the devices served (the index is ds_unit), the service. */
extern struct cdev *drv_devs[DRV_NDEV];
extern int drv_ndevs;
extern int drv_svc;			/* the agent's service, 0: none */
extern struct drv_irq drv_irqs[DRV_NIRQ]; /* the grant's lines */

/* The slot of line irq (a free one made if create: drvdev.c's
 * drv_irq_make), or NULL.  Inline: every interrupt's path, which finds
 * its line's slot. */
struct drv_irq *drv_irq_make(int irq);
static inline struct drv_irq *
drv_irq_of(int irq, bool create)
{
	int i;

	for (i = 0; i < DRV_NIRQ; i++)
		if (drv_irqs[i].di_line == irq + 1)
			return (&drv_irqs[i]);
	return (create ? drv_irq_make(irq) : NULL);
}

/* drvagent.c: the records and the reply port made (once); one message
 * taken from the agent (drvif.c's waits' poll); r free again. */
void	drv_agent_init(void);
int	drv_agent_poll_once(bool wait);
void	drv_rec_free(struct drv_rec *r);

/* drvdev.c: line irq's slot (a free one made if create), or NULL;
 * the kernel's DRVIOC_SYSCTL answered (r then free); a message the
 * library answers itself (true: answered, r free). */
void	drv_sysctl_answer(struct drv_rec *r);
bool	drv_agent_own(struct drv_rec *r);

/* Might drv_agent_own answer um?  A heartbeat or an ioctl, and a
 * transfer once DIOCDRVHANG armed the hang; never an interrupt.  So a
 * read and its interrupt do not call it. */
extern bool drv_hang_armed;
static inline bool
drv_agent_own_may(const struct udevmsg *um)
{
	return (um->ud_cmd != UDEV_INTR &&
	    (um->ud_cmd != UDEV_STRATEGY || drv_hang_armed));
}

/*
 * The uncommon states the loop's round and a read's straight path look
 * at (drvagent.c), one byte each so that one 32-bit load tests them all:
 * du_any is 0 when faults are off, a service is registered, the loop
 * runs, no hang or crash is armed, nothing is queued on a thread port
 * and the last receive had nothing more behind it.  Each byte has one
 * writer: du_state's bits the main thread's rare transitions, du_crash
 * the signal handler (drv_crash_arm), du_queued drvif.c's thread ports
 * (drv_nqueued != 0), du_more each receive (its ud_more).
 */
#define DRV_UNC_FAULT	0x01		/* drv_fault_track */
#define DRV_UNC_HANG	0x02		/* drv_hang_armed */
#define DRV_UNC_IDLE	0x04		/* drv_serve not running yet */
#define DRV_UNC_NOSVC	0x08		/* drv_svc == 0 */
union drv_unc {
	struct {
		uint8_t	du_state;	/* DRV_UNC_* */
		volatile uint8_t du_crash; /* drv_crash_arm */
		uint8_t	du_queued;	/* drv_nqueued != 0 */
		uint8_t	du_more;	/* the last receive's ud_more */
	} du_why;
	uint32_t	du_any;
};
extern union drv_unc drv_unc;

/* ---- drvif.c's ports and timers, as the agent's loop asks them ---- */

/* A thread port's driver. */
struct drv_tport {
	struct lwkt_port dtp_port;
	void		(*dtp_fn)(lwkt_msg_t, void *);
	void		*dtp_arg;
	const char	*dtp_name;
	bool		dtp_busy;	/* dtp_fn runs (and waits inside) */
};
_Static_assert(offsetof(struct drv_tport, dtp_port) == 0,
    "a thread port is its struct drv_tport");

extern int drv_nqueued;			/* messages on thread ports */
extern uint64_t drv_timer_first_tsc;	/* the TSC at which the first timer
					 * is due; UINT64_MAX: none armed,
					 * 0: ask the clock (drvif.c) */
extern uint32_t drv_tsc_khz;		/* TSC counts per ms */
extern int drv_wait_ms;			/* drv_round's wait, the same (>= 0) */
extern uint64_t drv_wait_until;		/* until this TSC (0: ask) */
extern uint64_t drv_round_tsc;		/* the lower of drv_timer_first_tsc
					 * and drv_wait_until: below it, the
					 * round has nothing to do */
int	drv_tport_put(lwkt_port_t port, lwkt_msg_t msg);
int	drv_round_wait(uint64_t tsc);
int	drv_round_slow(uint64_t tsc, int *waitmsp);

/*
 * The loop's own round, each time before it receives: drv_runonce if a
 * timer is due or a message is queued on a thread port (drv_round_run),
 * and in *waitmsp how long the receive from the agent may then wait (-1
 * not at all, 0 for good, else the ms until the first timer is due:
 * drv_round_wait).  The messages handled, or -1 if nothing was due (so
 * nothing ran: no driver can have changed anything the loop looks at).
 * When nothing is due and the wait is what it was, this is a TSC read,
 * one compare with drv_round_tsc and a counter: the wait in ms changes
 * once a ms, and until it does it is kept (drv_wait_ms, drv_wait_until);
 * anything else is drvif.c's drv_round_slow.
 */
static inline int
drv_round(int *waitmsp)
{
	uint64_t tsc = rdtsc();

	if (__builtin_expect(tsc < drv_round_tsc && drv_nqueued == 0, 1)) {
		*waitmsp = drv_wait_ms;
		return (-1);
	}
	return (drv_round_slow(tsc, waitmsp));
}

/*
 * Send msg to port (of this process), and if port is a thread port whose
 * function is not running and has nothing queued, run the function on
 * msg now, as the loop's next round would have (nothing of that port's
 * comes before it; a port whose function waits inside is left to the
 * loop, as there).  drvagent.c's: a message from the agent skips the
 * queue and a round of the loop.  msg's flags are clear already, as a
 * send leaves them (a record's message: drv_rec_msgagain).
 */
static inline void
drv_send_run(lwkt_port_t port, lwkt_msg_t msg)
{
	struct drv_tport *tp = (struct drv_tport *)port;

	if (port->mp_putport != drv_tport_put ||
	    !TAILQ_EMPTY(&port->mp_msgq) || tp->dtp_busy) {
		drv_send(port, msg);
		return;
	}
	msg->ms_target_port = port;
	tp->dtp_busy = true;
	if (drv_fault_track)
		drv_fault_handle(msg);		/* its faults' key */
	tp->dtp_fn(msg, tp->dtp_arg);
	tp->dtp_busy = false;
}

/* ---- drvrec.c's records, as the agent's path takes and frees them ---- */

extern struct drv_rec drv_recs[DRV_NALL]; /* the big one last */
#define DRV_BIGREC	(&drv_recs[DRV_NALL - 1])
/* The free records of each size, stacks (the big one: its dr_busy). */
extern struct drv_rec *drv_free_rec[DRV_NREC];		/* DRV_RECBUF */
extern struct drv_rec *drv_free_small[DRV_NSMALL];	/* DRV_SMALLBUF */
extern int drv_nfree_rec, drv_nfree_small;
_Static_assert(DRV_SMALLBUF < DRV_RECBUF && DRV_RECBUF < DRV_BIGBUF,
    "the records' three sizes");
bool	drv_rec_mem(struct drv_rec *r);
void	drv_rec_prealloc(lwkt_port_t rport, lwkt_port_t irport,
	    struct udevreply *pend);
struct drv_rec *drv_rec_align(struct drv_rec *r);

/* The data a record holds. */
static inline size_t
drv_recsize(const struct drv_rec *r)
{
	return (r->dr_size);
}

/* r's receive's "in" fields for its own buffer (the kernel writes them
 * back as they were: so set when the buffer is made and after a
 * message is copied in from another record, not at each receive). */
static inline void
drv_rec_um_reset(struct drv_rec *r)
{
	r->dr_um.ud_data = r->dr_buf;
	r->dr_um.ud_datamax = drv_recsize(r);
}

/*
 * A free record whose buffer holds min bytes, now busy: one of
 * DRV_RECBUF if one is free, else (for min <= DRV_SMALLBUF) one of
 * DRV_SMALLBUF, and the big one only for what no other holds; the one
 * freed last of its size (its memory the warmest).  NULL if none is.
 */
static inline struct drv_rec *
drv_rec_get(size_t min)
{
	struct drv_rec *r;

	if (min <= DRV_RECBUF && drv_nfree_rec > 0) {
		r = drv_free_rec[drv_nfree_rec - 1];
		if (r->dr_buf == NULL && !drv_rec_mem(r))
			return (NULL);
		drv_nfree_rec--;
	} else if (min <= DRV_SMALLBUF && drv_nfree_small > 0) {
		r = drv_free_small[drv_nfree_small - 1];
		if (r->dr_buf == NULL && !drv_rec_mem(r))
			return (NULL);
		drv_nfree_small--;
	} else if (min > DRV_RECBUF && min <= DRV_BIGBUF &&
	    !DRV_BIGREC->dr_busy) {
		r = DRV_BIGREC;
		if (r->dr_buf == NULL && !drv_rec_mem(r))
			return (NULL);
	} else {
		return (NULL);
	}
	r->dr_busy = true;
	r->dr_data = r->dr_buf;
	return (r);
}

/* r, busy, is free, with no look at the reads that wait for a record
 * (drv_rec_free's).  A reply's path, whose record is known busy
 * (drv_rec_replied): else drv_rec_put. */
static inline void
drv_rec_put_busy(struct drv_rec *r)
{
	r->dr_busy = false;
	if (r->dr_size == DRV_RECBUF)
		drv_free_rec[drv_nfree_rec++] = r;
	else if (r->dr_size == DRV_SMALLBUF)
		drv_free_small[drv_nfree_small++] = r;
}

/* r (busy, or free already: nothing then) is free, as drv_rec_put_busy. */
static inline void
drv_rec_put(struct drv_rec *r)
{
	if (r->dr_busy)
		drv_rec_put_busy(r);
}

/*
 * A record's message ready to go out again with the reply port, abort
 * function and command it has: the fields its last trip changed.  Its
 * interrupt message's three never change (drv_rec_prealloc sets them),
 * nor do its message's port and abort function (every other command's
 * build clears the message and sets them again), so a disk transfer
 * and an interrupt, every read's two messages, set only these.  Its
 * flags are clear, as a send leaves them (drv_send_run sets none).
 */
static inline void
drv_rec_msgagain(lwkt_msg_t msg)
{
	msg->ms_flags = 0;
	msg->ms_error = 0;
	msg->ms_result64 = 0;
}

/*
 * A record's message (or its interrupt message) ready to go out again as
 * cmd, its reply to this file's port rport (drv_agent_rport, or for the
 * interrupt message drv_agent_irport): what drv_initmsg makes, with no
 * clearing (the link and target are set by the send).
 */
static inline void
drv_rec_msginit(lwkt_msg_t msg, lwkt_port_t rport, int cmd)
{
	msg->ms_reply_port = rport;
	msg->ms_abortfn = NULL;
	msg->ms_cmd = cmd;
	drv_rec_msgagain(msg);
}

#endif /* !_DRVAGENTVAR_H_ */
