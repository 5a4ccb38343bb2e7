/*
 * dev/ata/atareg.h - the ATA (IDE) register file, its commands, the
 * IDENTIFY DEVICE words the driver reads, and the PCI IDE bus-master
 * (DMA) registers and PRD table entry.
 *
 * An ATA channel is two blocks of I/O ports: the command block (eight
 * registers, ATA_DATA .. ATA_COMMAND, at 0x1f0 for the primary channel
 * and 0x170 for the secondary in legacy mode) and the control block (one
 * register, at 0x3f6 and 0x376).  Two devices share a channel, master
 * and slave, chosen by a bit of the device register; the command block
 * talks to whichever is selected.  Numbers from ATA/ATAPI-8 (T13
 * 1699-D) and the PCI IDE Controller Specification 1.0 (bus master).
 */
#ifndef _DEV_ATA_ATAREG_H_
#define _DEV_ATA_ATAREG_H_

#include <sys/types.h>

/* Legacy ("compatibility mode") channels: PCI IDE spec, table 2. */
#define ATA_PRIMARY_CMD		0x1f0
#define ATA_PRIMARY_CTL		0x3f6
#define ATA_PRIMARY_IRQ		14
#define ATA_SECONDARY_CMD	0x170
#define ATA_SECONDARY_CTL	0x376
#define ATA_SECONDARY_IRQ	15

/* Command block registers (offsets from the command base). */
#define ATA_DATA		0	/* 16-bit PIO data */
#define ATA_ERROR		1	/* read: error bits (ATA_E_*) */
#define ATA_FEATURES		1	/* write */
#define ATA_COUNT		2	/* sector count (twice for LBA48) */
#define ATA_LBA_LOW		3	/* LBA 0-7 (24-31 for the first LBA48 write) */
#define ATA_LBA_MID		4	/* LBA 8-15 (32-39); ATAPI signature 0x14 */
#define ATA_LBA_HIGH		5	/* LBA 16-23 (40-47); ATAPI signature 0xeb */
#define ATA_DEVICE		6	/* ATA_D_*; LBA 24-27 for LBA28 */
#define ATA_STATUS		7	/* read: ATA_S_*; clears INTRQ */
#define ATA_COMMAND		7	/* write: starts a command */

/* Control block register (the control base). */
#define ATA_ALTSTATUS		0	/* read: status without clearing INTRQ */
#define ATA_DEVCTL		0	/* write: ATA_C_* */

/* Status bits. */
#define ATA_S_ERR		0x01	/* the command failed: see ATA_ERROR */
#define ATA_S_DRQ		0x08	/* a data block is ready to move */
#define ATA_S_DF		0x20	/* device fault */
#define ATA_S_DRDY		0x40	/* ready for a command */
#define ATA_S_BSY		0x80	/* busy: the other bits mean nothing */

/* Device register. */
#define ATA_D_LBA		0x40	/* the address is an LBA */
#define ATA_D_OBS		0xa0	/* obsolete bits, set for old devices */
#define ATA_D_SLAVE		0x10	/* device 1 */

/* Device control register. */
#define ATA_C_NIEN		0x02	/* the device does not assert INTRQ */
#define ATA_C_SRST		0x04	/* software reset of both devices */

/* Error bits. */
#define ATA_E_ABRT		0x04	/* command aborted (e.g. by an ATAPI device) */

/* The ATAPI signature left in LBA mid/high by a packet device. */
#define ATAPI_SIG_MID		0x14
#define ATAPI_SIG_HIGH		0xeb

/* Commands. */
#define ATA_READ_SECTORS	0x20	/* PIO, LBA28 */
#define ATA_READ_SECTORS_EXT	0x24	/* PIO, LBA48 */
#define ATA_READ_DMA_EXT	0x25
#define ATA_WRITE_SECTORS	0x30
#define ATA_WRITE_SECTORS_EXT	0x34
#define ATA_WRITE_DMA_EXT	0x35
#define ATA_READ_DMA		0xc8
#define ATA_WRITE_DMA		0xca
#define ATA_IDENTIFY		0xec	/* 512 bytes by PIO; ATAPI aborts it */

/* IDENTIFY DEVICE: the words used (16-bit words, little-endian). */
#define ATA_ID_MODEL		27	/* 40 characters, byte-swapped pairs */
#define ATA_ID_MODEL_LEN	40
#define ATA_ID_CAPS		49	/* ATA_IDC_* */
#define ATA_IDC_DMA		0x0100	/* DMA supported */
#define ATA_ID_LBA28		60	/* two words: sectors addressable by LBA28 */
#define ATA_ID_CMDSET2		83	/* ATA_IDS2_* */
#define ATA_IDS2_LBA48		0x0400	/* the 48-bit address feature set */
#define ATA_ID_LBA48		100	/* four words: sectors by LBA48 */
#define ATA_ID_WORDS		256

#define ATA_SECSIZE		512	/* the only sector size handled */
#define ATA_LBA28_MAX		0x0fffffff /* last LBA28 sector + 1 */

/*
 * Bus master IDE registers, at BAR4 of the PCI function: eight bytes per
 * channel (primary at +0, secondary at +8).
 */
#define ATA_BM_CHANNEL		8	/* bytes of registers per channel */
#define ATA_BM_CMD		0	/* ATA_BMC_* */
#define ATA_BM_STATUS		2	/* ATA_BMS_* */
#define ATA_BM_PRD		4	/* 32-bit physical address of the PRD table */

#define ATA_BMC_START		0x01	/* run the engine */
#define ATA_BMC_READ		0x08	/* device to memory (a disk read) */

#define ATA_BMS_ACTIVE		0x01	/* the engine is moving data */
#define ATA_BMS_ERROR		0x02	/* a PCI error; write 1 to clear */
#define ATA_BMS_INTR		0x04	/* the device interrupted; write 1 to clear */
#define ATA_BMS_DMA0		0x20	/* BIOS: master can do DMA */
#define ATA_BMS_DMA1		0x40	/* BIOS: slave can do DMA */

/*
 * A physical region descriptor: one piece of memory the engine moves.
 * The table is an array of these, 4-byte aligned, that must not cross a
 * 64K boundary; each piece must not cross one either, its address and
 * length are even, a length of 0 means 65536, and the last entry has
 * ATA_PRD_EOT.
 */
struct ata_prd {
	uint32_t	prd_addr;	/* physical, even */
	uint32_t	prd_count;	/* bytes in bits 0-15 (0: 64K), ATA_PRD_EOT */
};
#define ATA_PRD_EOT		0x80000000u
#define ATA_PRD_BOUNDARY	65536	/* no piece or table may cross one */
_Static_assert(sizeof(struct ata_prd) == 8, "a PRD entry is 8 bytes");

#endif /* !_DEV_ATA_ATAREG_H_ */
