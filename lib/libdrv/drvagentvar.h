/*
 * lib/libdrv/drvagentvar.h - what the two halves of lib/libdrv's port
 * agent client share: drvagent.c (records, the receive and reply path,
 * the loop) and drvdev.c (the devices served, the grant's interrupt
 * lines, the messages the library answers itself, DMA memory).  Private
 * to lib/libdrv: neither the drivers nor a driver program include it.
 */
#ifndef _DRVAGENTVAR_H_
#define _DRVAGENTVAR_H_

#include <sys/queue.h>
#include <sys/msgport.h>
#include <sys/device.h>
#include <sys/drvif.h>
#include <sys/agent.h>

#define DRV_NDEV	AGENT_SVCDEV	/* devices one process serves */
#define DRV_NREC	8		/* records of DRV_RECBUF bytes */
#define DRV_RECBUF	(128 * 1024)	/* bytes of data per message */
#define DRV_NSMALL	(AGENT_NHELD - DRV_NREC + 1) /* of DRV_SMALLBUF */
#define DRV_SMALLBUF	(16 * 1024)
#define DRV_BIGBUF	DMA_MAXALLOC	/* the one record for larger ones */
#define DRV_NALL	(DRV_NREC + DRV_NSMALL + 1)
#define DRV_IOMAX	(DRV_BIGBUF - 4096) /* the most one message carries:
					 * the big record, at any alignment */

/* An agent message while a driver of this process holds it. */
struct drv_rec {
	union dev_anymsg dr_msg;	/* what the driver gets */
	struct intr_msg	dr_imsg;	/* DEV_INTR's */
	struct uio	dr_uio;
	struct udevmsg	dr_um;		/* as received */
	char		*dr_buf;	/* DRV_RECBUF bytes (the last record:
					 * DRV_BIGBUF) */
	char		*dr_data;	/* a transfer's data: dr_buf + its
					 * alignment */
	struct drv_dma	dr_dma;		/* dr_buf's, if DMA memory */
	uint32_t	dr_size;	/* bytes at dr_buf (drv_rec_prealloc) */
	bool		dr_busy;
	TAILQ_ENTRY(drv_rec) dr_wait;	/* on drv_waitbuf */
};

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

/* drvagent.c: the records and the reply port made (once); one message
 * taken from the agent (drvif.c's waits' poll); r free again. */
void	drv_agent_init(void);
int	drv_agent_poll_once(bool wait);
void	drv_rec_free(struct drv_rec *r);

/* drvdev.c: line irq's slot (a free one made if create), or NULL;
 * the kernel's DRVIOC_SYSCTL answered (r then free); a message the
 * library answers itself (true: answered, r free). */
struct drv_irq *drv_irq_of(int irq, bool create);
void	drv_sysctl_answer(struct drv_rec *r);
bool	drv_agent_own(struct drv_rec *r);

#endif /* !_DRVAGENTVAR_H_ */
