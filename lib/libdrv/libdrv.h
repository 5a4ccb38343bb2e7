/*
 * lib/libdrv/libdrv.h - what a driver program's main() uses beyond the
 * driver interface (sys/sys/drvif.h): the message loop and local
 * messages.  The drivers themselves never include it.
 */
#ifndef _LIBDRV_H_
#define _LIBDRV_H_

#include <sys/types.h>
#include <stdbool.h>
#include <sys/msgport.h>

#define DRV_EXIT_PANIC	70		/* drv_panic's exit status */

int	drv_runonce(void);
bool	drv_timers_armed(void);
void	drv_idle(void);			/* give the CPU up for a tick */
void	drv_initreplyport(lwkt_port_t port, void (*fn)(lwkt_msg_t));
void	drv_initmsg(lwkt_msg_t msg, lwkt_port_t rport, int cmd);
int	drv_domsg(lwkt_port_t port, lwkt_msg_t msg);
bool	drv_listening(void);
struct cdev;
void	drv_listeners_tell(struct cdev *dev);
extern int (*drv_agent_poll)(bool wait);	/* drvagent.c sets it */
extern int drv_inwait;		/* > 0: a message is taken inside a wait */
extern unsigned long drv_npings;		/* heartbeats answered */
int	drv_serve(volatile bool *stop);
void	drv_crash_arm(void);		/* a test's: die holding a read */
struct pci_dev;
int	drv_pci_grant(struct pci_dev *pd);	/* the grant's function: 0, errno */
struct drv_dma;
void	drv_dma_remember(struct drv_dma *dd);

bool	drv_dma_owns_pa(uint32_t pa);	/* in DMA memory handed out */
void	drv_stack_prefault(void);	/* the stack never grows after */

/* Fault injection (drvfault.c; off unless booted with udrv_faults=). */
struct udevreply;
struct udevmsg;
extern bool drv_fault_on, drv_fault_track; /* (the second: sys/drvif.h) */
uint32_t drv_fault_setup(void);		/* ds_timeout to serve with */
void	drv_fault_start(void);
bool	drv_fault_active(void);		/* replies may be refused on purpose */
void	drv_fault_recv(const struct udevmsg *um);
void	drv_fault_handle(lwkt_msg_t msg);	/* a driver takes msg */
const struct udevmsg *drv_rec_msg(lwkt_msg_t msg); /* drvagent.c: msg's
					 * agent message, or NULL */
#define DRV_FAULT_NREPLY 3		/* replies drv_fault_reply gives at most */
int	drv_fault_reply(struct udevreply *out, const struct udevreply *ur,
	    const struct udevmsg *um);

#endif /* !_LIBDRV_H_ */
