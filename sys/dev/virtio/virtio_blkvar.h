/*
 * dev/virtio/virtio_blkvar.h - the virtio-blk driver's state, for the
 * driver (virtio_blk.c, which explains it) and the kernel tests that
 * look at it (test/kern/test_vtblk.c).
 *
 * Protection: [I] set at attach, never changed after; [t] the vtblk
 * thread (every message of every unit is handled there: no lock);
 * [c] critical section (the watchdog's callout fires in the clock
 * interrupt).
 */
#ifndef _DEV_VIRTIO_VIRTIO_BLKVAR_H_
#define _DEV_VIRTIO_VIRTIO_BLKVAR_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/msgport.h>
#include <sys/device.h>
#include <sys/drvif.h>
#include <dev/virtio/virtqueue.h>
#include <dev/virtio/virtio_pci.h>

/* virtio-blk feature bits (virtio 1.0, 5.2.3). */
#define VIRTIO_BLK_F_SIZE_MAX	(1u << 1)	/* config size_max valid */
#define VIRTIO_BLK_F_SEG_MAX	(1u << 2)	/* config seg_max valid */
#define VIRTIO_BLK_F_GEOMETRY	(1u << 4)
#define VIRTIO_BLK_F_RO		(1u << 5)	/* read-only */
#define VIRTIO_BLK_F_BLK_SIZE	(1u << 6)	/* config blk_size valid */
#define VIRTIO_BLK_F_FLUSH	(1u << 9)	/* a write cache to flush */

/* The device configuration (offsets into it). */
#define VIRTIO_BLK_CFG_CAPACITY	0x00	/* 64: size in 512-byte sectors */
#define VIRTIO_BLK_CFG_SIZE_MAX	0x08	/* 32: bytes per segment */
#define VIRTIO_BLK_CFG_SEG_MAX	0x0c	/* 32: data segments per request */
#define VIRTIO_BLK_CFG_BLK_SIZE	0x14	/* 32: logical block size */

/* A request: this header (device-readable), the data, a status byte
 * (device-writable).  Sectors are 512 bytes whatever blk_size says. */
struct virtio_blk_hdr {
	uint32_t	vbh_type;	/* VIRTIO_BLK_T_* */
	uint32_t	vbh_ioprio;	/* 0 */
	uint64_t	vbh_sector;	/* first 512-byte sector */
};
_Static_assert(sizeof(struct virtio_blk_hdr) == 16, "virtio_blk_hdr");
#define VIRTIO_BLK_T_IN		0	/* read */
#define VIRTIO_BLK_T_OUT	1	/* write */
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2
#define VIRTIO_BLK_SECTOR	512

/* A request in the ring, by its head descriptor. */
struct vtblk_slot {
	struct dev_strategy_msg *vs_msg; /* [t] whose piece, or NULL: free */
	uint32_t	vs_len;		/* [t] its data bytes */
	uint64_t	vs_time;	/* [t] ticks when it was submitted */
};

struct vtblk_softc {
	struct cdev	sc_dev;		/* [I] /dev/vtbdN */
	char		sc_name[8];	/* [I] "vtbdN" */
	struct vtpci	sc_vtpci;	/* [I] the transport */
	struct virtqueue sc_vq;		/* [t] the request queue (0) */
	int		sc_irq;		/* [I] its line; -1: polled */
	bool		sc_readonly;	/* [I] VIRTIO_BLK_F_RO */
	uint32_t	sc_features;	/* [I] negotiated */
	int		sc_maxsegs;	/* [I] data descriptors a request */
	size_t		sc_maxxfer;	/* [I] data bytes a request */
	struct virtio_blk_hdr *sc_hdr;	/* [t] a header per head, DMA */
	uint8_t		*sc_status;	/* [t] a status per head, DMA */
	vm_paddr_t	sc_dma_pa;	/* [I] their physical address */
	struct drv_dma	sc_dma;		/* [I] their memory */
	struct vtblk_slot *sc_slots;	/* [t] per head descriptor */
	TAILQ_HEAD(, dev_strategy_msg) sc_queue; /* [t] waiting for room */
	int		sc_inflight;	/* [t] requests in the ring */
	int		sc_timeout;	/* [t] ticks until a request is stuck */
	bool		sc_dead;	/* [t] would not restart: all EIO */
	struct drv_timer sc_timer;	/* [c] the watchdog: its message
					 * (VTBLK_WATCHDOG, dt_arg the softc) */
	/* Counters [t]. */
	uint64_t	sc_nstrategy;	/* strategy messages taken */
	uint64_t	sc_ndevreq;	/* requests put in the ring */
	uint64_t	sc_nqueued;	/* messages that waited for room */
	uint64_t	sc_nnotify;	/* notifications written */
	uint64_t	sc_nintr;	/* interrupts that were this device's */
	uint64_t	sc_ndone_intr;	/* requests finished by an interrupt */
	uint64_t	sc_ndone_other;	/* by the watchdog (polled, reset) */
	uint64_t	sc_nreset;	/* resets of a stuck device */
	int		sc_maxinflight;	/* most requests in the ring at once */
	/* Test hook [t]: publish requests but never notify, so the device
	 * never sees them (a device that does not answer). */
	bool		sc_test_nonotify;
};

#define VTBLK_WATCHDOG	0x100		/* ms_cmd of sc_timer: the driver's
					 * own, outside the DEV_* commands */
#define VTBLK_TIMEOUT_SEC 30		/* default: a request is stuck */

struct vtblk_softc *vtblk_unit(int unit);

#endif /* !_DEV_VIRTIO_VIRTIO_BLKVAR_H_ */
