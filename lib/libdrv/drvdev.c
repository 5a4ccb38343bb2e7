/*
 * lib/libdrv/drvdev.c - the devices a driver process serves through the
 * port agent (sys/sys/agent.h) and the hardware it was granted
 * (sys/sys/devgrant.h): devserve and its flags, the grant's interrupt
 * lines, the messages this library answers for its drivers, DMA
 * memory.  The records, the receive and reply path and the loop are
 * drvagent.c's (shared: drvagentvar.h).
 *
 * SERVING.  drv_register(dev) serves dev's name through the agent
 * (devserve; every device of the process shares one service, ds_unit
 * the index of the device in drv_devs), with the largest transfer a
 * record holds (ds_maxio, drvagent.c's records) and DSF_PHYSIO for a DMA
 * driver's disk when the grant allows it; drv_dmaio serves it again
 * when the driver starts or stops using DMA.
 *
 * THE HARDWARE.  Port I/O is the instruction itself (machine/cpufunc.h):
 * the kernel opened the granted ports in the process's I/O permission
 * bitmap, and any other port faults.  DMA memory is dmaalloc's.  The
 * interrupts of the grant (one line, or two for an IDE controller's
 * legacy channels) come as DEV_INTR messages, ud_flags the line, on the
 * first device the process registers (served with DSF_INTR when the
 * process holds a grant with lines).  drv_intr_establish says which
 * port and argument a line's message goes to, before or after that
 * registration: a line's message that arrives before its driver asked
 * for it is kept, unreplied (so the line stays masked, as an unclaimed
 * line does in the kernel), until drv_intr_establish names it.  The
 * record's intr_msg goes to the driver's port; drv_intr_done replies
 * it, which unmasks the line.
 *
 * A DRIVER'S SYSCTLS (hw.ata.* ...: the driver files' SYSCTL_* macros
 * make entries of the set_drvsysctl linker set, include/sys/sysctl.h)
 * are asked for by the kernel as a DRVIOC_SYSCTL ioctl on the first
 * device (sys/agent.h); drv_sysctl_answer answers it here, from the
 * driver's own variables, without troubling the driver.
 *
 * PARTITIONS, THE HEARTBEAT, A TEST HOOK.  When something in the
 * process listens for devices (drv_listen: the partition layer,
 * sys/kern/subr_diskmbr.c, linked into /bin/drvd), a disk is served
 * with DSF_PARTS and each partition with DSF_PART, so the kernel's own
 * partition layer leaves the disk to this process; drv_gone and
 * drv_back serve a device again, gone (DSF_GONE) or back with its new
 * size.  Every device asks for the agent's heartbeat (DSF_PING): a
 * UDEV_PING is answered here, at once, wherever the process waits
 * (drv_serve, or drvif.c's waits through drv_agent_poll).  DIOCRESCAN
 * of a DSF_PARTS disk is answered here too: the partition layer reads
 * the table again, as the kernel's dev_dioctl has it do (EBUSY if the
 * process is waiting inside another call, reading a table: the one
 * thread cannot wait for a rescan that waits for it).  DIOCDRVHANG
 * (sys/agent.h) makes the loop hang for good on the next disk transfer
 * it receives: a driver that stops answering, for the heartbeat's test.
 *
 * PCI configuration space is the granted function's alone, through
 * pciconf (sys/devgrant.h); drv_pci_grant fills a struct pci_dev from
 * grantinfo (ids, BARs, line, the unit the kernel kept for the driver),
 * so a PCI driver's attach routine runs here on what the kernel's PCI
 * layer would have given it (drvpci.c).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/uio.h>
#include <sys/msgport.h>
#include <sys/device.h>
#include <sys/drvif.h>
#include <sys/agent.h>
#include <sys/devgrant.h>
#include <sys/sysctl.h>
#include <dev/pci/pcivar.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "libdrv.h"
#include "drvagentvar.h"

struct cdev *drv_devs[DRV_NDEV];
int drv_ndevs;
int drv_svc;
struct drv_irq drv_irqs[DRV_NIRQ];
bool drv_hang_armed;			/* DIOCDRVHANG: hang at the next
					 * disk transfer */

/* The partition layer's, when it is linked in (/bin/drvd). */
extern int mbr_rescan(struct cdev *disk) __attribute__((__weak__));
unsigned long drv_npings;		/* heartbeats answered */

#define DRV_FWRITE	0x0002		/* sys/file.h's FWRITE (ud_flags) */

/* ---- devices ----------------------------------------------------------- */

/* devserve, without DSF_PHYSIO if the grant does not allow it. */
static int
drv_devserve(struct devserve *ds)
{
	int svc = devserve(ds);

	if (svc < 0 && errno == EPERM && (ds->ds_flags & DSF_PHYSIO)) {
		ds->ds_flags &= ~DSF_PHYSIO;	/* no bus-master grant */
		svc = devserve(ds);
	}
	return (svc);
}

/* devserve's flags for dev as it is now. */
static uint32_t
drv_ds_flags(const struct cdev *dev)
{
	uint32_t f = DSF_PING;

	if (dev->si_flags & SI_DISK) {
		f |= DSF_DISK;
		if (dev->si_flags & SI_DMAIO)
			f |= DSF_PHYSIO;	/* a DMA driver: no copies */
		if (dev->si_flags & SI_PART)
			f |= DSF_PART;
		else if (drv_listening())
			f |= DSF_PARTS;
	}
	if (dev->si_flags & SI_TTY)
		f |= DSF_TTY;
	if (dev->si_flags & SI_GONE)
		f |= DSF_GONE;
	return (f);
}

/* devserve's largest transfer for dev (sys/device.h): what the big
 * record holds, or the driver's own si_iosize_max if smaller. */
static uint32_t
drv_ds_maxio(const struct cdev *dev)
{
	uint32_t max = DRV_IOMAX;

	if (dev->si_iosize_max != 0 && dev->si_iosize_max < max)
		max = dev->si_iosize_max;
	if ((dev->si_flags & SI_DISK) && dev->si_secsize != 0)
		max -= max % dev->si_secsize;
	return (max);
}

/* The devserve of dev as it is now, by this process's service, with
 * unit as its tag (its name fits: drv_register checked). */
static void
drv_ds_of(const struct cdev *dev, uint32_t unit, struct devserve *ds)
{
	memset(ds, 0, sizeof(*ds));
	strcpy(ds->ds_name, dev->si_name);
	ds->ds_flags = drv_ds_flags(dev);
	ds->ds_dmaalign = dev->si_dmaalign;
	ds->ds_secsize = dev->si_secsize;
	ds->ds_mediasize = dev->si_mediasize;
	ds->ds_maxio = drv_ds_maxio(dev);
	ds->ds_svc = drv_svc;
	ds->ds_unit = unit;
}

/* Serve dev again (registered: ds_svc ours): its size, gone or not. */
static void
drv_reserve(struct cdev *dev)
{
	struct devserve ds;

	drv_ds_of(dev, dev->si_index, &ds);
	if (drv_devserve(&ds) < 0)
		drv_log("drv: %s: devserve: error %d\n", dev->si_name, errno);
}

/* dev (registered) is gone (ENXIO), or back with its si_mediasize: the
 * agent is told at once. */
void
drv_gone(struct cdev *dev)
{
	dev->si_flags |= SI_GONE;
	drv_reserve(dev);
}

void
drv_back(struct cdev *dev)
{
	dev->si_flags &= ~SI_GONE;
	drv_reserve(dev);
}

/* dev's strategy data goes by DMA (SI_DMAIO) or no longer: served again
 * with or without DSF_PHYSIO if it is registered already (the messages
 * received from then on come as pieces or as copies). */
void
drv_dmaio(struct cdev *dev, bool on)
{
	uint32_t was = dev->si_flags;

	if (on)
		dev->si_flags |= SI_DMAIO;
	else
		dev->si_flags &= ~SI_DMAIO;
	if (dev->si_flags != was && dev->si_index < (uint32_t)drv_ndevs &&
	    drv_devs[dev->si_index] == dev)
		drv_reserve(dev);
}

int
drv_register(struct cdev *dev)
{
	struct devserve ds;
	int svc;

	drv_agent_init();
	if (drv_ndevs == DRV_NDEV)
		return (ENOSPC);
	if (strlen(dev->si_name) >= sizeof(ds.ds_name))
		return (EINVAL);
	drv_ds_of(dev, (uint32_t)drv_ndevs, &ds);
	ds.ds_timeout = drv_fault_setup();	/* shorter under faults */
	svc = -1;
	if (drv_ndevs == 0) {
		/* The grant's lines come to the first device, if the
		 * process holds a grant with lines (ENXIO: it does not). */
		ds.ds_flags |= DSF_INTR;
		svc = drv_devserve(&ds);
		ds.ds_flags &= ~DSF_INTR;
		if (svc < 0 && errno != ENXIO)
			return (errno);
	}
	if (svc < 0)
		svc = drv_devserve(&ds);
	if (svc < 0)
		return (errno);
	drv_svc = svc;
	drv_unc.du_why.du_state &= ~DRV_UNC_NOSVC;
	drv_agent_poll = drv_agent_poll_once;
	dev->si_index = (uint32_t)drv_ndevs;
	drv_devs[drv_ndevs++] = dev;
	drv_listeners_tell(dev);
	return (0);
}

/* drv_irq_of's slow half: line irq (no slot of its own yet) takes the
 * first free slot, or NULL if none is free or irq is no line. */
struct drv_irq *
drv_irq_make(int irq)
{
	int i;

	for (i = 0; i < DRV_NIRQ; i++) {
		if (drv_irqs[i].di_line == 0) {
			if (irq < 0)
				return (NULL);
			drv_irqs[i].di_line = irq + 1;
			return (&drv_irqs[i]);
		}
	}
	return (NULL);
}

/*
 * The grant's line irq as the repeating message im on port, whose
 * function gets arg in im_arg.  Its messages arrive through the first
 * device this process registers (DSF_INTR); one that came already is
 * sent now.  EBUSY if the line was established already, ENOSPC if the
 * process has DRV_NIRQ lines.
 */
int
drv_intr_establish(int irq, lwkt_port_t port, struct intr_msg *im, void *arg,
    const char *name)
{
	struct drv_irq *di = drv_irq_of(irq, true);
	struct drv_rec *r;

	(void)im;
	(void)name;
	if (di == NULL)
		return (ENOSPC);
	if (di->di_port != NULL)
		return (EBUSY);
	di->di_port = port;
	di->di_arg = arg;
	if ((r = di->di_parked) != NULL) {
		di->di_parked = NULL;
		r->dr_imsg.im_arg = arg;
		drv_send(port, &r->dr_imsg.im_msg);
	}
	return (0);
}

/* ---- the driver's sysctls -------------------------------------------------- */

extern const struct drv_sysctl_oid *__start_set_drvsysctl[]
    __attribute__((__weak__));
extern const struct drv_sysctl_oid *__stop_set_drvsysctl[]
    __attribute__((__weak__));

/* The kernel asks for (or sets) one of the driver's variables: reply. */
void
drv_sysctl_answer(struct drv_rec *r)
{
	struct drv_sysctl_req *req = (struct drv_sysctl_req *)r->dr_buf;
	const struct drv_sysctl_oid *const *op, *oid = NULL;
	struct udevreply ur = { r->dr_um.ud_id, 0, 0, r->dr_buf };
	size_t len = 0;

	req->asc_name[sizeof(req->asc_name) - 1] = '\0';
	for (op = __start_set_drvsysctl; op < __stop_set_drvsysctl; op++) {
		if (strcmp((*op)->dso_name, req->asc_name) == 0)
			oid = *op;
	}
	if (oid == NULL || r->dr_um.ud_len != sizeof(*req)) {
		ur.ur_error = ENOENT;
	} else if (oid->dso_type == DRV_SYSCTL_INT) {
		if (req->asc_write)
			*oid->dso_int = req->asc_val;
		req->asc_val = *oid->dso_int;
	} else if (oid->dso_type == DRV_SYSCTL_PROC) {
		ur.ur_error = oid->dso_handler(&req->asc_val,
		    req->asc_write != 0);
	} else if (req->asc_write) {
		ur.ur_error = EPERM;
	} else {
		ur.ur_error = oid->dso_strhandler(req->asc_str,
		    sizeof(req->asc_str), &len);
		req->asc_str[MIN(len, sizeof(req->asc_str) - 1)] = '\0';
	}
	(void)__replysys(drv_svc, &ur);
	drv_rec_free(r);
}

/* ---- what the library answers itself ------------------------------------ */

/*
 * Messages the library answers itself (received in r, which is then
 * free): the heartbeat, DIOCRESCAN of a disk whose partitions this
 * process serves (the partition layer's mbr_rescan, as the kernel's
 * dev_dioctl calls it; the process's loop runs while it reads the
 * table), and the test hook DIOCDRVHANG (sys/agent.h).  true if r's
 * message was one; a disk transfer after DIOCDRVHANG never returns.
 */
bool
drv_agent_own(struct drv_rec *r)
{
	struct udevreply ur = { r->dr_um.ud_id, 0, 0, NULL };
	struct cdev *dev;

	switch (r->dr_um.ud_cmd) {
	case UDEV_PING:
		drv_npings++;
		break;
	case UDEV_IOCTL:
		if (r->dr_um.ud_ioctl == DIOCRESCAN) {
			if (mbr_rescan == NULL || r->dr_um.ud_unit >= drv_ndevs)
				return (false);
			dev = drv_devs[r->dr_um.ud_unit];
			if ((drv_ds_flags(dev) & DSF_PARTS) == 0)
				return (false);
			/* Taken inside another wait (a table being read):
			 * a rescan here would wait for that one, which
			 * cannot go on until this returns.  EBUSY. */
			ur.ur_error = drv_inwait > 0 ? EBUSY : mbr_rescan(dev);
			break;
		}
		if (r->dr_um.ud_ioctl != DIOCDRVHANG)
			return (false);
		if (r->dr_um.ud_flags & DRV_FWRITE) {
			drv_hang_armed = true;
			drv_unc.du_why.du_state |= DRV_UNC_HANG;
		} else {
			ur.ur_error = EPERM;
		}
		break;
	case UDEV_STRATEGY:
		if (!drv_hang_armed)
			return (false);
		drv_log("drv: hanging, holding a transfer (DIOCDRVHANG)\n");
		for (;;) {
			struct timespec hour = { 3600, 0 };

			(void)nanosleep(&hour, NULL); /* the heartbeat ends it */
		}
	default:
		return (false);
	}
	(void)__replysys(drv_svc, &ur);
	drv_rec_free(r);
	return (true);
}

/* ---- DMA memory and ports ------------------------------------------------ */

int
drv_dma_alloc(struct drv_dma *dd, size_t bytes, int flags)
{
	uint32_t pa;
	void *va;

	(void)flags;			/* dmaalloc's memory is zeroed */
	bytes = (bytes + PAGE_SIZE - 1) & ~(size_t)PAGE_MASK;
	va = (void *)dmaalloc(bytes, &pa);
	if (va == NULL || va == (void *)-1)
		return (errno != 0 ? errno : ENOMEM);
	dd->dd_va = va;
	dd->dd_pa = pa;
	dd->dd_size = bytes;
	dd->dd_priv = va;
	drv_dma_remember(dd);
	return (0);
}
