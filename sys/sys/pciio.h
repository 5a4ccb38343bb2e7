/*
 * sys/pciio.h - the PCI device list as user programs read it.
 *
 * The sysctl "hw.pci.devices" (CTLTYPE_OPAQUE) returns an array of
 * struct pci_conf, one per function found at boot, in the order the
 * kernel enumerated them (bus, then slot, then function; a bridge's
 * buses right after the bridge).  The array's length in bytes is
 * reported through oldlenp, so a program asks once with oldp NULL for
 * the size, or passes a large enough buffer.  The list is fixed once
 * the boot has attached drivers.  pciconf (test/bin/pciconf.c) prints it.
 *
 * BARs are indexed by register: pc_bar[n] describes the BAR at 0x10 + 4n.
 * A 64-bit BAR takes two registers; the second one's entry is empty
 * (size 0).  An entry of size 0 is a register the function does not
 * implement.
 */
#ifndef _SYS_PCIIO_H_
#define _SYS_PCIIO_H_

#include <sys/types.h>

#define PCI_CONF_NBARS		6
#define PCI_DRIVER_NAMELEN	16

/* Kinds of BAR (pcb_type). */
#define PCI_BAR_NONE		0	/* not implemented */
#define PCI_BAR_IO		1	/* I/O ports */
#define PCI_BAR_MEM32		2	/* memory, anywhere below 4 GB */
#define PCI_BAR_MEM64		3	/* memory, a 64-bit address */
#define PCI_BAR_MEM1M		4	/* memory below 1 MB (obsolete) */

/* BAR flags (pcb_flags). */
#define PCI_BARF_PREFETCH	0x01	/* memory that may be prefetched */

struct pci_conf_bar {
	uint64_t	pcb_base;	/* bus address: port or physical */
	uint64_t	pcb_size;	/* bytes decoded; 0: no BAR here */
	uint8_t		pcb_type;	/* PCI_BAR_* */
	uint8_t		pcb_flags;	/* PCI_BARF_* */
	uint8_t		pcb_reg;	/* its config offset, 0x10 + 4n */
	uint8_t		pcb_pad[5];
};

struct pci_conf {
	uint8_t		pc_bus;		/* the selector: bus:slot:func */
	uint8_t		pc_slot;
	uint8_t		pc_func;
	uint8_t		pc_hdrtype;	/* header type, multifunction bit cleared */
	uint16_t	pc_vendor;
	uint16_t	pc_device;
	uint16_t	pc_subvendor;
	uint16_t	pc_subdevice;
	uint8_t		pc_class;
	uint8_t		pc_subclass;
	uint8_t		pc_progif;
	uint8_t		pc_revid;
	uint8_t		pc_intline;	/* interrupt line register (0xff: none) */
	uint8_t		pc_intpin;	/* 0 none, 1..4 INTA#..INTD# */
	uint16_t	pc_unit;	/* unit number under its driver's name */
	char		pc_driver[PCI_DRIVER_NAMELEN]; /* "" if none attached */
	struct pci_conf_bar pc_bar[PCI_CONF_NBARS];
};

_Static_assert(sizeof(struct pci_conf_bar) == 24, "pci_conf_bar layout");
_Static_assert(sizeof(struct pci_conf) == 36 + 6 * 24, "pci_conf layout");

#endif /* !_SYS_PCIIO_H_ */
