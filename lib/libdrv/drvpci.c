/*
 * lib/libdrv/drvpci.c - the driver interface's PCI calls for a driver
 * built as a user program: the granted function's configuration space
 * through pciconf, and the struct pci_dev its attach routine gets, from
 * grantinfo (sys/sys/devgrant.h).  A process holds one PCI grant, so
 * the pci_dev argument names nothing more.  A write the grant does not
 * allow (pciconf: the command and status registers only, decoding
 * turned on only where the grant covers it) is EPERM, a bug in the
 * driver: drv_pci_write stops it there (drv_panic).
 * (Split out of drvagent.c.)
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/drvif.h>
#include <sys/devgrant.h>
#include <dev/pci/pcivar.h>
#include <errno.h>
#include <string.h>
#include "libdrv.h"

uint32_t
drv_pci_read(struct pci_dev *pd, int reg, int width)
{
	uint32_t val;

	(void)pd;		/* the process's grant is the only function */
	if (pciconf(reg, width, &val, 0) != 0)
		drv_panic("drv_pci_read(%#x, %d): error %d", reg, width, errno);
	return (val);
}

void
drv_pci_write(struct pci_dev *pd, int reg, uint32_t val, int width)
{
	(void)pd;
	if (pciconf(reg, width, &val, 1) != 0)
		drv_panic("drv_pci_write(%#x, %d): error %d", reg, width, errno);
}

/* The grant enabled bus mastering (sys/devgrant.h); an exec turned it
 * off, so an image exec'd onto its grant turns it on here, as its
 * attach asks. */
void
drv_pci_enable_busmaster(struct pci_dev *pd)
{
	uint32_t cmd = drv_pci_read(pd, PCIR_COMMAND, 2);

	if (!(cmd & PCIM_CMD_BUSMASTEREN))
		drv_pci_write(pd, PCIR_COMMAND, cmd | PCIM_CMD_BUSMASTEREN, 2);
}

int
drv_pci_grant(struct pci_dev *pd)
{
	struct pci_conf pc;
	int i;

	if (grantinfo(&pc) != 0)
		return (errno);
	memset(pd, 0, sizeof(*pd));
	pd->pd_bus = pc.pc_bus;
	pd->pd_slot = pc.pc_slot;
	pd->pd_func = pc.pc_func;
	pd->pd_hdrtype = pc.pc_hdrtype;
	pd->pd_vendor = pc.pc_vendor;
	pd->pd_device = pc.pc_device;
	pd->pd_subvendor = pc.pc_subvendor;
	pd->pd_subdevice = pc.pc_subdevice;
	pd->pd_class = pc.pc_class;
	pd->pd_subclass = pc.pc_subclass;
	pd->pd_progif = pc.pc_progif;
	pd->pd_revid = pc.pc_revid;
	pd->pd_intline = pc.pc_intline;
	pd->pd_intpin = pc.pc_intpin;
	pd->pd_irq = pc.pc_intpin >= 1 && pc.pc_intpin <= 4 &&
	    pc.pc_intline < 16 ? pc.pc_intline : -1;
	pd->pd_unit = pc.pc_unit;
	pd->pd_nbars = pc.pc_hdrtype == 0 ? PCI_MAXBARS : PCI_MAXBARS_BRIDGE;
	for (i = 0; i < PCI_CONF_NBARS && i < PCI_MAXBARS; i++) {
		pd->pd_bar[i].pb_base = pc.pc_bar[i].pcb_base;
		pd->pd_bar[i].pb_size = pc.pc_bar[i].pcb_size;
		pd->pd_bar[i].pb_type = pc.pc_bar[i].pcb_type;
		pd->pd_bar[i].pb_flags = pc.pc_bar[i].pcb_flags;
	}
	return (0);
}
