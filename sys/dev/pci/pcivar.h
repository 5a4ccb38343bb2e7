/*
 * dev/pci/pcivar.h - PCI functions as drivers see them, and how a driver
 * asks for them.
 *
 * At boot pci_configure() walks configuration space once (pci.c says
 * how), makes a struct pci_dev for every function it finds, then offers
 * each one to the registered drivers and calls the best match's attach
 * function.  A driver is registered where it is written, with one line:
 *
 *	static const struct pci_id vtblk_ids[] = {
 *		{ 0x1af4, 0x1001, PCI_ANY, PCI_ANY },	// virtio-blk, legacy
 *		{ 0 }
 *	};
 *	static int vtblk_attach(struct pci_dev *dev) { ... }
 *	PCI_DRIVER(vtblk, "vtblk", vtblk_ids, vtblk_attach);
 *
 * PCI_DRIVER puts a pointer in the "set_pcidrv" linker section
 * (sys/conf/kernel.ld), as DEFINE_TEST does for tests, so adding a driver
 * touches no central table.
 *
 * Matching.  An id entry names a vendor, a device, a class and a
 * subclass; PCI_ANY in a field matches anything.  A function matches an
 * entry when every named field is equal; the match is worth 8 for the
 * device id, 4 for the vendor, 2 for the subclass and 1 for the class it
 * names, so an entry naming the exact chip beats one naming a class.
 * Each function goes to the driver with the best-worth entry (the first
 * in link order on a tie).  If attach returns an error the function
 * stays unattached (the error is printed) and no other driver is tried.
 *
 * What attach may do: read the struct pci_dev (ids, class, BARs, IRQ),
 * keep its own state in pd_softc, use the config accessors, enable
 * decoding and bus mastering, map memory BARs.  It runs in the boot
 * thread ("main"), may block, and is called once per function.
 *
 * Ownership of struct pci_dev fields:
 *	[I] set by enumeration, never changed after
 *	[b] set by pci_configure() while it attaches drivers, then fixed
 *	[d] the attached driver's
 * The list itself is fixed once pci_configure() returns; pci_dev
 * structures are never freed.
 */
#ifndef _DEV_PCI_PCIVAR_H_
#define _DEV_PCI_PCIVAR_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/pciio.h>
#include <dev/pci/pcireg.h>

#define PCI_ANY		0xffff		/* a wildcard in struct pci_id */

/* One BAR, decoded (kinds and flags are sys/pciio.h's PCI_BAR_*). */
struct pci_bar {
	uint64_t	pb_base;	/* [I] bus address: port or physical */
	uint64_t	pb_size;	/* [I] bytes decoded; 0: no BAR here */
	uint8_t		pb_type;	/* [I] PCI_BAR_NONE/IO/MEM32/MEM64/MEM1M */
	uint8_t		pb_flags;	/* [I] PCI_BARF_PREFETCH */
	void		*pb_kva;	/* [d] pci_map_bar()'s address, or NULL */
};

struct pci_driver;

/* One function of a PCI device: what a driver is given. */
struct pci_dev {
	TAILQ_ENTRY(pci_dev) pd_link;	/* [I] on pci_devs, in enumeration order */
	uint8_t		pd_bus;		/* [I] bus number */
	uint8_t		pd_slot;	/* [I] device number on that bus, 0..31 */
	uint8_t		pd_func;	/* [I] function, 0..7 */
	uint8_t		pd_hdrtype;	/* [I] header type (multifunction bit cleared) */
	uint16_t	pd_vendor;	/* [I] */
	uint16_t	pd_device;	/* [I] */
	uint16_t	pd_subvendor;	/* [I] 0 for a bridge */
	uint16_t	pd_subdevice;	/* [I] */
	uint8_t		pd_class;	/* [I] base class (PCIC_*) */
	uint8_t		pd_subclass;	/* [I] (PCIS_*) */
	uint8_t		pd_progif;	/* [I] programming interface */
	uint8_t		pd_revid;	/* [I] revision */
	uint8_t		pd_intline;	/* [I] interrupt line register */
	uint8_t		pd_intpin;	/* [I] 0 none, 1..4 INTA#..INTD# */
	int		pd_irq;		/* [I] its ISA IRQ (0..15), or -1: none known */
	int		pd_nbars;	/* [I] BAR registers of its header type */
	struct pci_bar	pd_bar[PCI_MAXBARS]; /* [I] indexed by register; see pciio.h */
	const struct pci_driver *pd_driver; /* [b] the attached driver, or NULL */
	const struct pci_driver *pd_userdrv; /* [b] its driver runs in a
					 * process (NAME=user), or NULL */
	int		pd_unit;	/* [b] unit under pd_driver's (or
					 * pd_userdrv's) name (0 if none) */
	void		*pd_softc;	/* [d] the driver's private pointer */
};

/* What a driver matches (a table ends with an entry of vendor 0). */
struct pci_id {
	uint16_t	pi_vendor;	/* vendor id, or PCI_ANY */
	uint16_t	pi_device;	/* device id, or PCI_ANY */
	uint16_t	pi_class;	/* base class, or PCI_ANY */
	uint16_t	pi_subclass;	/* subclass, or PCI_ANY */
};

struct pci_driver {
	const char	*pdrv_name;	/* short name, < PCI_DRIVER_NAMELEN */
	const struct pci_id *pdrv_ids;	/* what it drives */
	int		(*pdrv_attach)(struct pci_dev *dev); /* 0 or an errno */
	void		(*pdrv_quiesce)(struct pci_dev *dev); /* or NULL: the
					 * kernel's, when a process that
					 * drove dev ends (kern_devgrant.c):
					 * stop its DMA and interrupt, with
					 * no softc, before the process's
					 * DMA memory is freed */
};

#define PCI_DRIVER(id, name, ids, attach)				\
	PCI_DRIVER_Q(id, name, ids, attach, NULL)
#define PCI_DRIVER_Q(id, name, ids, attach, quiesce)			\
	static const struct pci_driver __pcidrv_##id =			\
	    { name, ids, attach, quiesce };				\
	static const struct pci_driver *__pcidrvp_##id			\
	    __attribute__((__section__("set_pcidrv"), __used__)) =	\
	    &__pcidrv_##id

#ifdef _KERNEL
/* Boot: enumerate, attach, publish hw.pci.devices.  Once, may block. */
void	pci_configure(void);

/* The functions found, in order: pci_next(NULL) is the first. */
struct pci_dev *pci_next(struct pci_dev *prev);
struct pci_dev *pci_find_device(uint16_t vendor, uint16_t device, int index);
int	pci_driver_match(const struct pci_driver *drv, const struct pci_dev *dev);

/* Configuration space of one function: width 1, 2 or 4, reg aligned. */
uint32_t pci_read_config(struct pci_dev *dev, int reg, int width);
void	pci_write_config(struct pci_dev *dev, int reg, uint32_t val, int width);

void	pci_describe(const struct pci_dev *dev, struct pci_conf *pc, int none);
const char *pci_user_sysctl(const struct pci_driver *drv);
void	pci_enable_io(struct pci_dev *dev);
void	pci_enable_mem(struct pci_dev *dev);
void	pci_enable_busmaster(struct pci_dev *dev);
void	pci_disable_busmaster(struct pci_dev *dev);
int	pci_map_bar(struct pci_dev *dev, int bar, void **vap);
void	pci_unmap_bar(struct pci_dev *dev, int bar);
#endif

#endif /* !_DEV_PCI_PCIVAR_H_ */
