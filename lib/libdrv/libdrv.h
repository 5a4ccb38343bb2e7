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
void	drv_initreplyport(lwkt_port_t port, void (*fn)(lwkt_msg_t));
void	drv_initmsg(lwkt_msg_t msg, lwkt_port_t rport, int cmd);
int	drv_domsg(lwkt_port_t port, lwkt_msg_t msg);
int	drv_serve(volatile bool *stop);
/* drv_sleep's way to messages from outside the process (drvagent.c sets
 * it: one receive, waiting if wait): 0 one taken, else an errno. */
extern int (*drv_outside)(bool wait);
struct pci_dev;
int	drv_pci_grant(struct pci_dev *pd);	/* the grant's function: 0, errno */
struct drv_dma;
void	drv_dma_remember(struct drv_dma *dd);

#endif /* !_LIBDRV_H_ */
