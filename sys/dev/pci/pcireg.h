/*
 * dev/pci/pcireg.h - PCI configuration space: register offsets, bits and
 * class codes (PCI Local Bus Specification 3.0, chapter 6).
 *
 * Every function has 256 bytes of configuration space.  The first 16
 * bytes are common to all header types; the rest depend on the header
 * type (0: an ordinary device, 1: a PCI-to-PCI bridge, 2: a CardBus
 * bridge).  Nothing here is kernel-only: pciconf uses the class names.
 */
#ifndef _DEV_PCI_PCIREG_H_
#define _DEV_PCI_PCIREG_H_

/* Configuration mechanism 1: an address port and a data window. */
#define PCI_CONF_ADDR		0xcf8	/* 32-bit: enable, bus, slot, func, reg */
#define PCI_CONF_DATA		0xcfc	/* the selected dword, 0xcfc..0xcff */
#define PCI_CONF_ENABLE		0x80000000u

#define PCI_MAXBUS		256
#define PCI_MAXSLOT		32
#define PCI_MAXFUNC		8
#define PCI_CONF_SIZE		256

/* The common header. */
#define PCIR_VENDOR		0x00	/* 16: 0xffff: no function here */
#define PCIR_DEVICE		0x02	/* 16 */
#define PCIR_COMMAND		0x04	/* 16 */
#define PCIR_STATUS		0x06	/* 16 */
#define PCIR_REVID		0x08	/* 8 */
#define PCIR_PROGIF		0x09	/* 8: programming interface */
#define PCIR_SUBCLASS		0x0a	/* 8 */
#define PCIR_CLASS		0x0b	/* 8 */
#define PCIR_CACHELNSZ		0x0c	/* 8 */
#define PCIR_LATTIMER		0x0d	/* 8 */
#define PCIR_HDRTYPE		0x0e	/* 8: layout, and bit 7 multifunction */
#define PCIR_BIST		0x0f	/* 8 */

#define PCI_VENDOR_NONE		0xffff	/* what an empty slot reads */

/* Command register bits. */
#define PCIM_CMD_PORTEN		0x0001	/* decode its I/O BARs */
#define PCIM_CMD_MEMEN		0x0002	/* decode its memory BARs */
#define PCIM_CMD_BUSMASTEREN	0x0004	/* may master the bus (DMA) */
#define PCIM_CMD_INTXDIS	0x0400	/* INTx assertion disabled */

/* Header types. */
#define PCIM_HDRTYPE		0x7f
#define PCIM_MFDEV		0x80	/* function 0 of a multifunction device */
#define PCIM_HDRTYPE_NORMAL	0x00
#define PCIM_HDRTYPE_BRIDGE	0x01
#define PCIM_HDRTYPE_CARDBUS	0x02

/* Header type 0 (normal devices). */
#define PCIR_BARS		0x10	/* BAR n at 0x10 + 4n */
#define PCIR_BAR(n)		(PCIR_BARS + 4 * (n))
#define PCI_MAXBARS		6	/* type 0: six; type 1: two; type 2: one */
#define PCI_MAXBARS_BRIDGE	2
#define PCI_MAXBARS_CARDBUS	1
#define PCIR_SUBVEND_0		0x2c	/* 16 */
#define PCIR_SUBDEV_0		0x2e	/* 16 */
#define PCIR_BIOS		0x30	/* 32: expansion ROM address */
#define PCIM_BIOS_ENABLE	0x00000001	/* its ROM decoder is on */
#define PCIR_INTLINE		0x3c	/* 8: the IRQ firmware routed it to */
#define PCIR_INTPIN		0x3d	/* 8: 0 none, 1..4 INTA#..INTD# */

/* Header type 1 (PCI-to-PCI bridges). */
#define PCIR_PRIBUS_1		0x18	/* 8: the bus it sits on */
#define PCIR_SECBUS_1		0x19	/* 8: the bus behind it */
#define PCIR_SUBBUS_1		0x1a	/* 8: the highest bus behind it */

/* Header type 2 (CardBus bridges). */
#define PCIR_SUBVEND_2		0x40
#define PCIR_SUBDEV_2		0x42

/* Base address register bits. */
#define PCIM_BAR_SPACE		0x00000001	/* 1: I/O, 0: memory */
#define PCIM_BAR_IO_BASE	0xfffffffcu
#define PCIM_BAR_MEM_TYPE	0x00000006
#define PCIM_BAR_MEM_32		0x00000000
#define PCIM_BAR_MEM_1MB	0x00000002	/* below 1 MB (obsolete) */
#define PCIM_BAR_MEM_64		0x00000004	/* this and the next BAR */
#define PCIM_BAR_MEM_PREFETCH	0x00000008
#define PCIM_BAR_MEM_BASE	0xfffffff0u

/* Classes and subclasses used here. */
#define PCIC_OLD		0x00
#define PCIS_OLD_VGA		0x01	/* a VGA older than class codes */
#define PCIC_STORAGE		0x01
#define PCIS_STORAGE_SCSI	0x00
#define PCIS_STORAGE_IDE	0x01
#define PCIC_NETWORK		0x02
#define PCIC_DISPLAY		0x03
#define PCIS_DISPLAY_VGA	0x00
#define PCIC_MULTIMEDIA		0x04
#define PCIC_MEMORY		0x05
#define PCIC_BRIDGE		0x06
#define PCIS_BRIDGE_HOST	0x00
#define PCIS_BRIDGE_ISA		0x01
#define PCIS_BRIDGE_PCI		0x04
#define PCIS_BRIDGE_OTHER	0x80
#define PCIC_SIMPLECOMM		0x07
#define PCIC_BASEPERIPH		0x08
#define PCIC_SERIALBUS		0x0c

#endif /* !_DEV_PCI_PCIREG_H_ */
