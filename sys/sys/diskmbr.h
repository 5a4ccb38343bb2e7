/*
 * sys/diskmbr.h - the PC partition table (MBR) and the partition layer.
 *
 * Sector 0 of a PC disk: boot code, four 16-byte partition entries at
 * byte 446, the signature 0x55 0xaa at bytes 510 and 511.  Each entry's
 * start and size are 32-bit little-endian sector numbers (the CHS
 * fields are ignored, as every modern system does).
 *
 * The kernel side (sys/kern/subr_diskmbr.c) reads the table of every
 * disk as it is registered, and again on DIOCRESCAN, and makes each
 * primary partition a device of its own named DISK "s" N (ada0s1, md0s4,
 * FreeBSD's slice names) whose port forwards the disk's messages to the
 * disk's port with the partition's offset added.
 */
#ifndef _SYS_DISKMBR_H_
#define _SYS_DISKMBR_H_

#include <sys/types.h>

#define DOSBBSECTOR	0	/* the sector that holds the table */
#define DOSPARTOFF	446	/* byte offset of the first entry */
#define DOSPARTSIZE	16	/* bytes per entry */
#define NDOSPART	4	/* primary entries */
#define DOSMAGICOFF	510	/* the signature: 0x55, 0xaa */
#define DOSMAGIC	0xaa55	/* the signature, read little-endian */

/* Partition types that hold more partitions (not followed: see
 * subr_diskmbr.c). */
#define DOSPTYP_EXT	0x05
#define DOSPTYP_EXTLBA	0x0f
#define DOSPTYP_LINUXEXT 0x85

/* One entry, as it lies on the disk (16 bytes, unaligned fields). */
struct dos_partition {
	uint8_t		dp_flag;	/* 0x80: bootable */
	uint8_t		dp_shd, dp_ssect, dp_scyl;	/* CHS start (unused) */
	uint8_t		dp_typ;		/* 0: empty */
	uint8_t		dp_ehd, dp_esect, dp_ecyl;	/* CHS end (unused) */
	uint8_t		dp_start[4];	/* first sector, little-endian */
	uint8_t		dp_size[4];	/* sectors, little-endian */
};
_Static_assert(sizeof(struct dos_partition) == DOSPARTSIZE,
    "an MBR entry is 16 bytes");

#if defined(_KERNEL) || defined(DRV_USER)
struct cdev;

/* subr_diskmbr.c, in the kernel or in a user driver process. */
void	mbr_init(void);
void	mbr_settle(void);
int	mbr_rescan(struct cdev *disk);
#endif

#endif /* !_SYS_DISKMBR_H_ */
