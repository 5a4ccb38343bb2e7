/*
 * kern_devgrant.c - the hardware a user driver is given, and nothing
 * more.  sys/sys/devgrant.h is the contract (who may grant, what a
 * grant holds, the IOMMU caveat); this file keeps the grants.
 *
 * A grant (struct devgrant, DEVGRANT_MAX of them, static) ties one
 * device to one process: the device's I/O port ranges (loaded into the
 * TSS's I/O permission bitmap whenever the process runs: iomap.c), its
 * interrupt lines (established to the agent port of a device the process
 * serves with DSF_INTR: kern_agent.c asks devgrant_intr()), and the DMA
 * memory it allocated (shared anonymous objects of contiguous pages in
 * its address space: they go with the address space).  The grant ends
 * when the process exits (devgrant_proc_exit): the device is quiesced
 * first by its driver's kernel half if it has one (pdrv_quiesce: vtblk
 * resets the device, the ATA driver stops its bus master engines, so it
 * no longer writes the dying process's DMA memory, which exit1 frees
 * next), the line is taken back (its message
 * aborted if queued, then disestablished), the ports closed at once,
 * the device free for the next instance.
 *
 * Grants are explicit: nothing is granted by default, and a device a
 * kernel driver attached (pd_driver) or whose line is claimed cannot
 * be.
 *
 * A PCI IDE function in compatibility mode (class 1, subclass 1, a
 * channel whose programming-interface bit says "not native": the PIIX3
 * has no native mode at all) decodes its channels at the legacy ISA
 * addresses, not at BARs 0-3: primary 0x1f0-0x1f7 and 0x3f6, IRQ 14;
 * secondary 0x170-0x177 and 0x376, IRQ 15.  Its grant therefore holds
 * those ranges and lines (EBUSY if a kernel driver claimed either
 * line) beside its BAR 4, the bus master registers that DMA needs: the
 * very resources ata.c uses in the kernel (devgrant_legacy_ide).  A PCI grant's memory BARs are mapped into the holder on request
 * (barmap): a MAPE_DEVICE map entry, faulted in uncached by vm_fault
 * (pmap_enter_dev), not inherited by fork, refused to I/O that would
 * hold its pages (a read into a BAR is EFAULT), gone with the address
 * space.
 *
 * Configuration space (pciconf) is the one path by which a driver
 * could make its device answer addresses it was not granted: a BAR,
 * the ROM address, a bridge's windows, or a decoder the device keeps
 * in its own registers past the header (the PIIX4 power-management
 * function's I/O base at 0x40, its SMBus base at 0x90) moves the
 * device over another's ports or memory, and a command bit turns such
 * a decoder on.  So a driver reads all of its function's 256 bytes
 * but writes only what it needs and what cannot widen its device's
 * reach, and the rest is EPERM (pciconf_write_ok):
 *
 *   command (0x04)  bus mastering (every PCI grant may master the bus:
 *                   the NO IOMMU caveat in sys/devgrant.h) and INTx
 *                   disable, freely; I/O and memory decoding turned
 *                   off freely, and on only if the grant covers every
 *                   decoder of that kind (dg_decode, below); every
 *                   other bit (special cycles, memory write and
 *                   invalidate, VGA palette snooping, parity, SERR#,
 *                   fast back-to-back) written as it reads
 *   status (0x06)   freely: its bits are read-only or write-one-to-
 *                   clear error flags
 *
 * and nothing else: not the identification, cache line, latency,
 * BIST, BARs, subsystem, ROM, capability pointer, line, pin, nor
 * anything from 0x40 on (capabilities such as MSI, and the device's own
 * registers, whatever they decode).  The drivers that run as processes
 * write only the command register (drv_pci_enable_busmaster): ata.c
 * keeps the firmware's IDE timings and virtio_pci.c uses no
 * capability.  A register past the header that a driver comes to need
 * is added here for its device alone, with the bits that move no
 * decoder.  The grant covers a kind of decoding (DGF_IO, DGF_MEM) when
 * the kernel knows every decoder of that kind the function has and
 * grants each: I/O if it has I/O BARs or compatibility-mode IDE
 * channels and every BAR's ports are in the grant, memory if it has
 * memory BARs, barmap can map each, and its ROM decoder is off; a BAR
 * the firmware never assigned (base 0) leaves its kind uncovered.  A
 * bridge (windows), a display controller (the legacy VGA ranges) and a
 * function with no BAR of the kind (the PIIX4 power-management
 * function: its decoders are its own registers) cover nothing.  The
 * kernel itself keeps to the same rule: a grant turns I/O decoding on
 * only if DGF_IO, barmap memory decoding only if DGF_MEM; what the
 * firmware turned on stays (the driver can turn it off).  A decoder the
 * firmware set up in a device's own registers thus stays where it is.
 * What the kernel cannot see: a function with BARs that also keeps a
 * decoder in its own registers, switched by the same command bit,
 * answers there too while that decoding is on.  Of QEMU's functions
 * only the IDE controller does (its channels' legacy ports, enabled at
 * 0x40 and 0x42), and those ports are granted.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/sysmsg.h>
#include <sys/device.h>
#include <sys/devgrant.h>
#include <sys/agent.h>
#include <sys/sysctl.h>
#include <sys/globaldata.h>
#include <vm/vm_page.h>
#include <vm/vm_object.h>
#include <vm/vm_map.h>
#include <dev/pci/pcireg.h>
#include <dev/pci/pcivar.h>

#define DEVGRANT_NAMELEN 32

/* ISA devices a driver may be granted: fixed ports and line. */
static const struct isa_res {
	const char	*ir_name;
	uint16_t	ir_base;
	uint16_t	ir_len;
	int		ir_irq;
} isa_devs[] = {
	{ "isa:com2", 0x2f8, 8, 3 },
	{ "isa:lpt0", 0x378, 8, 7 },
	{ "isa:rtc", 0x70, 2, 8 },	/* the kernel reads it once, at boot */
};

#define DEVGRANT_NIRQ	2		/* lines per grant: an IDE pair */

struct devgrant {
	struct proc	*dg_proc;	/* [c] holder, NULL: free */
	char		dg_name[DEVGRANT_NAMELEN]; /* [c] as granted */
	struct pci_dev	*dg_pci;	/* [c] the PCI function, or NULL */
	const struct isa_res *dg_isa;	/* [c] the ISA device, or NULL */
	int		dg_nirq;	/* [c] lines granted (0..NIRQ) */
	int		dg_irq[DEVGRANT_NIRQ]; /* [c] the lines */
	lwkt_port_t	dg_irqport;	/* [c] established to, or NULL */
	struct intr_msg	dg_im[DEVGRANT_NIRQ]; /* a message per line */
	size_t		dg_dmabytes;	/* [p] dmaalloc'd so far */
	uint8_t		dg_decode;	/* [c] DGF_*: the decoding it covers */
};

/* dg_decode: the grant covers every decoder of that kind its PCI
 * function has (the top of the file), so its driver may turn on (and
 * the kernel turns on) that decoding: command bit PCIM_CMD_PORTEN,
 * PCIM_CMD_MEMEN. */
#define DGF_IO		0x01
#define DGF_MEM		0x02

/* A compatibility-mode IDE channel's legacy resources. */
static const struct ide_legacy {
	uint8_t		il_native;	/* progif bit: the channel is native */
	uint16_t	il_cmd, il_ctl;	/* command block (8), control port */
	int		il_irq;
} ide_legacy[] = {
	{ 0x01, 0x1f0, 0x3f6, 14 },
	{ 0x04, 0x170, 0x376, 15 },
};

static struct devgrant devgrants[DEVGRANT_MAX];
static uint32_t devgrant_serial;	/* [c] the last grant's number */

/* Is the device behind pd or isa granted already?  [c] */
static bool
devgrant_taken(const struct pci_dev *pd, const struct isa_res *isa)
{
	int i;

	for (i = 0; i < DEVGRANT_MAX; i++) {
		if (devgrants[i].dg_proc != NULL &&
		    ((pd != NULL && devgrants[i].dg_pci == pd) ||
		    (isa != NULL && devgrants[i].dg_isa == isa)))
			return (true);
	}
	return (false);
}

static int
hexval(const char *s, int n, uint32_t *v)
{
	int i, c;

	*v = 0;
	for (i = 0; i < n; i++) {
		c = s[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			return (EINVAL);
		*v = *v << 4 | (uint32_t)c;
	}
	return (0);
}

/* Whether barmap maps BAR pb: memory, below 4 GB, at most BAR_MAXMAP. */
static bool
barmap_fits(const struct pci_bar *pb)
{
	return ((pb->pb_type == PCI_BAR_MEM32 ||
	    pb->pb_type == PCI_BAR_MEM64) && pb->pb_size != 0 &&
	    pb->pb_base + pb->pb_size <= 0x100000000ULL &&
	    pb->pb_size <= BAR_MAXMAP);
}

/*
 * PCI IDE function pd: add its compatibility-mode channels' legacy
 * ports to pio (and DGF_IO to *has: they are I/O decoders granted) and
 * lines to dg (the function's own line only if a channel is native).
 * 0, or EBUSY if a kernel driver has one of the lines, ENOSPC if the
 * ranges do not fit a grant.  [c]
 */
static int
devgrant_legacy_ide(struct pci_dev *pd, struct devgrant *dg,
    struct proc_io *pio, uint8_t *has)
{
	const struct ide_legacy *il;
	size_t c;
	bool native = false;

	for (c = 0; c < sizeof(ide_legacy) / sizeof(ide_legacy[0]); c++) {
		il = &ide_legacy[c];
		if (pd->pd_progif & il->il_native) {
			native = true;
			continue;
		}
		if (intr_claimed(il->il_irq))
			return (EBUSY);
		if (pio->pio_n + 2 > GRANT_NIO || dg->dg_nirq == DEVGRANT_NIRQ)
			return (ENOSPC);
		pio->pio_r[pio->pio_n].ir_base = il->il_cmd;
		pio->pio_r[pio->pio_n++].ir_len = 8;
		pio->pio_r[pio->pio_n].ir_base = il->il_ctl;
		pio->pio_r[pio->pio_n++].ir_len = 1;
		dg->dg_irq[dg->dg_nirq++] = il->il_irq;
		*has |= DGF_IO;
	}
	if (native && pd->pd_irq >= 0 && dg->dg_nirq < DEVGRANT_NIRQ)
		dg->dg_irq[dg->dg_nirq++] = pd->pd_irq;
	return (0);
}

/*
 * Fill dg (free) with PCI function pd and pio with its ports: its I/O
 * BARs (and for an IDE function its compatibility-mode channels) and
 * its line or lines, and dg_decode with the kinds of decoding the grant
 * covers (the top of the file).  0, or devgrant_legacy_ide's errors.
 * [c]
 */
static int
devgrant_pci(struct pci_dev *pd, struct devgrant *dg, struct proc_io *pio)
{
	struct pci_bar *pb;
	uint8_t has = 0, miss = 0;	/* DGF_*: decoders granted, not */
	int b, error = 0;

	for (b = 0; b < pd->pd_nbars && b < PCI_MAXBARS; b++) {
		pb = &pd->pd_bar[b];
		if (pb->pb_size == 0 || pb->pb_type == PCI_BAR_NONE)
			continue;
		if (pb->pb_base == 0) {		/* never assigned: where it */
			miss |= pb->pb_type == PCI_BAR_IO ? DGF_IO : DGF_MEM;
			continue;		/* decodes is nobody's grant */
		}
		if (pb->pb_type != PCI_BAR_IO) {
			if (barmap_fits(pb))
				has |= DGF_MEM;
			else
				miss |= DGF_MEM;
			continue;
		}
		if (pb->pb_base + pb->pb_size > IOPB_PORTS ||
		    pio->pio_n == GRANT_NIO) {
			miss |= DGF_IO;
			continue;
		}
		has |= DGF_IO;
		pio->pio_r[pio->pio_n].ir_base = (uint16_t)pb->pb_base;
		pio->pio_r[pio->pio_n].ir_len = (uint16_t)pb->pb_size;
		pio->pio_n++;
	}
	if (pd->pd_hdrtype != PCIM_HDRTYPE_NORMAL ||
	    pd->pd_class == PCIC_BRIDGE || pd->pd_class == PCIC_DISPLAY ||
	    (pd->pd_class == PCIC_OLD && pd->pd_subclass == PCIS_OLD_VGA))
		miss |= DGF_IO | DGF_MEM;	/* decoders not in its BARs */
	if (pci_read_config(pd, PCIR_BIOS, 4) & PCIM_BIOS_ENABLE)
		miss |= DGF_MEM;		/* its ROM decodes memory */
	dg->dg_pci = pd;
	if (pd->pd_class == PCIC_STORAGE &&
	    pd->pd_subclass == PCIS_STORAGE_IDE)
		error = devgrant_legacy_ide(pd, dg, pio, &has);
	else if (pd->pd_irq >= 0)
		dg->dg_irq[dg->dg_nirq++] = pd->pd_irq;
	dg->dg_decode = has & ~miss;
	return (error);
}

/*
 * Fill dg (free) with the device called name and pio with its ports.
 * ENOENT, EBUSY, EINVAL.  [c]
 */
static int
devgrant_find(const char *name, struct devgrant *dg, struct proc_io *pio)
{
	struct pci_dev *pd;
	uint32_t vendor, device;
	size_t i;
	int error;

	memset(pio, 0, sizeof(*pio));
	for (i = 0; i < sizeof(isa_devs) / sizeof(isa_devs[0]); i++) {
		if (strcmp(name, isa_devs[i].ir_name) != 0)
			continue;
		if (devgrant_taken(NULL, &isa_devs[i]) ||
		    intr_claimed(isa_devs[i].ir_irq))
			return (EBUSY);
		dg->dg_isa = &isa_devs[i];
		dg->dg_irq[0] = isa_devs[i].ir_irq;
		dg->dg_nirq = 1;
		pio->pio_n = 1;
		pio->pio_r[0].ir_base = isa_devs[i].ir_base;
		pio->pio_r[0].ir_len = isa_devs[i].ir_len;
		return (0);
	}
	if (strncmp(name, "pci:", 4) != 0 || strlen(name) != 13 ||
	    name[8] != ':' || hexval(name + 4, 4, &vendor) != 0 ||
	    hexval(name + 9, 4, &device) != 0)
		return (strncmp(name, "pci:", 4) == 0 ? EINVAL : ENOENT);
	error = ENOENT;
	for (pd = pci_next(NULL); pd != NULL; pd = pci_next(pd)) {
		if (pd->pd_vendor != vendor || pd->pd_device != device)
			continue;
		if (pd->pd_driver != NULL || devgrant_taken(pd, NULL)) {
			error = EBUSY;
			continue;
		}
		return (devgrant_pci(pd, dg, pio));
	}
	return (error);
}

/* devgrant(pid, name): sys/devgrant.h. */
int
sys_devgrant(struct sysmsg *sysmsg, const struct devgrant_args *uap)
{
	struct proc *p = curproc, *q = NULL;
	struct devgrant *dg = NULL, tmp;
	struct proc_io pio;
	char name[DEVGRANT_NAMELEN];
	int error, i;

	if (p->p_flags & P_NOGRANT)
		return (EPERM);
	if (uap->name == NULL) {
		if (uap->pid != 0)
			return (EINVAL);
		lwkt_gettoken(&proc_token);
		p->p_flags |= P_NOGRANT;
		lwkt_reltoken(&proc_token);
		return (0);
	}
	error = copyinstr(uap->name, name, sizeof(name), NULL);
	if (error != 0)
		return (error == ENAMETOOLONG ? ENOENT : error);
	lwkt_gettoken(&proc_token);
	if (uap->pid == 0 || uap->pid == p->p_pid) {
		q = p;
	} else {
		LIST_FOREACH(q, &p->p_children, p_sibling) {
			if (q->p_pid == uap->pid &&
			    (q->p_flags & (P_WEXIT | P_ZOMBIE)) == 0)
				break;
		}
	}
	lwkt_reltoken(&proc_token);
	if (q == NULL)
		return (ESRCH);
	crit_enter();
	memset(&tmp, 0, sizeof(tmp));
	if (q->p_grant != NULL) {
		error = EBUSY;
		goto out;
	}
	if ((error = devgrant_find(name, &tmp, &pio)) != 0)
		goto out;
	for (i = 0; i < DEVGRANT_MAX && dg == NULL; i++) {
		if (devgrants[i].dg_proc == NULL)
			dg = &devgrants[i];
	}
	if (dg == NULL) {
		error = EBUSY;
		goto out;
	}
	*dg = tmp;
	dg->dg_proc = q;
	strlcpy(dg->dg_name, name, sizeof(dg->dg_name));
	pio.pio_serial = ++devgrant_serial;
	q->p_io = pio;
	q->p_grant = dg;
	if (q == p)		/* its own grant: open the ports now */
		cpu_iomap_switch(curthread);
	crit_exit();
	if (dg->dg_pci != NULL) {
		if (dg->dg_decode & DGF_IO)
			pci_enable_io(dg->dg_pci);
		pci_enable_busmaster(dg->dg_pci);
	}
	return (0);
out:
	crit_exit();
	return (error);
}

/* Take back the first n lines of dg established to its port.  [c] */
static void
devgrant_intr_undo(struct devgrant *dg, int n)
{
	lwkt_msg_t msg;
	int i;

	for (i = 0; i < n; i++) {
		msg = &dg->dg_im[i].im_msg;
		if (msg->ms_flags & MSGF_QUEUED)
			lwkt_abortmsg(msg);	/* back, replied: unmasked */
		if (intr_disestablish(dg->dg_irq[i]) != 0)
			kprintf("devgrant: %s: irq %d still out\n",
			    dg->dg_name, dg->dg_irq[i]);
	}
}

/*
 * What devgrant_intr(p, ...) would answer now, without taking a line:
 * 0, ENXIO (no grant, or no line) or EBUSY (established already, or one
 * claimed).  devserve asks it before it makes a new name, so that a
 * refused call makes none (only a line that another grant's holder
 * takes while the name is being made, a PCI line two granted functions
 * share, is still EBUSY after it: make_dev may block).  Never blocks.
 */
int
devgrant_intr_check(struct proc *p)
{
	struct devgrant *dg = p->p_grant;
	int i;

	if (dg == NULL || dg->dg_nirq == 0)
		return (ENXIO);
	if (dg->dg_irqport != NULL)
		return (EBUSY);
	for (i = 0; i < dg->dg_nirq; i++)
		if (intr_claimed(dg->dg_irq[i]))
			return (EBUSY);
	return (0);
}

/*
 * Deliver p's granted interrupts to port (an agent port: kern_agent.c,
 * devserve with DSF_INTR), each line as its own repeating DEV_INTR
 * message (the agent gives the driver the line in ud_flags).  0, or
 * devgrant_intr_check's errors (EBUSY: then no line is established).
 * Never blocks.
 */
int
devgrant_intr(struct proc *p, lwkt_port_t port)
{
	struct devgrant *dg = p->p_grant;
	int error, i;

	if ((error = devgrant_intr_check(p)) != 0)
		return (error);
	crit_enter();
	for (i = 0; i < dg->dg_nirq && error == 0; i++) {
		error = intr_establish(dg->dg_irq[i], port, &dg->dg_im[i],
		    NULL, dg->dg_name);
		if (error != 0)
			devgrant_intr_undo(dg, i);
	}
	if (error == 0)
		dg->dg_irqport = port;
	crit_exit();
	return (error);
}

/*
 * Whether p holds a grant whose device may master the bus (a PCI
 * function: bus mastering is on while the grant lasts).  The port
 * agent gives only such a driver physical addresses (DSF_PHYSIO).
 */
bool
devgrant_busmaster(struct proc *p)
{
	return (p->p_grant != NULL && p->p_grant->dg_pci != NULL);
}

/*
 * The hardware p's grant names (its PCI function or ISA device: the
 * same pointer for every grant of it), or NULL without a grant.  The
 * port agent ties a device a granted driver made to it: only a holder
 * of a grant of the same hardware may serve that device again.
 */
const void *
devgrant_hw(struct proc *p)
{
	if (p->p_grant == NULL)
		return (NULL);
	if (p->p_grant->dg_pci != NULL)
		return (p->p_grant->dg_pci);
	return (p->p_grant->dg_isa);
}

/* What devgrant_hw says of a grant of the ISA device name ("isa:rtc"),
 * or NULL: no such device. */
const void *
devgrant_hw_isa(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(isa_devs) / sizeof(isa_devs[0]); i++)
		if (strcmp(name, isa_devs[i].ir_name) == 0)
			return (&isa_devs[i]);
	return (NULL);
}

/*
 * The image of dg's holder ends (exit, or exec): its device stops
 * using the memory it was given, which is freed next with the address
 * space (its driver's kernel half resets it: pdrv_quiesce; bus
 * mastering goes off, so a request the driver left in it cannot land
 * in pages someone else has by then), and its lines are taken back
 * from the agent port of the services that image had (closed already
 * by agent_proc_exit, which replied every interrupt message they held,
 * had given or had pending; one that came since, queued on the
 * orphaned device's port, is aborted).  Never blocks.
 */
static void
devgrant_stop(struct devgrant *dg)
{
	if (dg->dg_pci != NULL && dg->dg_pci->pd_userdrv != NULL &&
	    dg->dg_pci->pd_userdrv->pdrv_quiesce != NULL)
		dg->dg_pci->pd_userdrv->pdrv_quiesce(dg->dg_pci);
	crit_enter();
	if (dg->dg_irqport != NULL) {
		devgrant_intr_undo(dg, dg->dg_nirq);
		dg->dg_irqport = NULL;
	}
	if (dg->dg_pci != NULL)
		pci_disable_busmaster(dg->dg_pci);
	crit_exit();
}

/*
 * p exits: its grant ends (devgrant_stop, then its ports closed and
 * the device free for the next instance).  Never blocks.
 */
void
devgrant_proc_exit(struct proc *p)
{
	struct devgrant *dg = p->p_grant;

	if (dg == NULL)
		return;
	devgrant_stop(dg);
	crit_enter();
	cpu_iomap_forget(p->p_io.pio_serial);
	memset(&p->p_io, 0, sizeof(p->p_io));
	p->p_grant = NULL;
	memset(dg, 0, sizeof(*dg));
	crit_exit();
}

/*
 * p execs, past the point of no return: its grant stays (ports, lines,
 * what is left of its DMA allowance) for the new image, which serves
 * its line again with DSF_INTR and turns bus mastering on again when
 * it attaches; what the old image had set going stops (devgrant_stop).
 * Called before the old address space is freed.  Never blocks.
 */
void
devgrant_proc_exec(struct proc *p)
{
	if (p->p_grant != NULL)
		devgrant_stop(p->p_grant);
}

/* dmaalloc(len, pa): sys/devgrant.h. */
int
sys_dmaalloc(struct sysmsg *sysmsg, const struct dmaalloc_args *uap)
{
	struct proc *p = curproc;
	struct devgrant *dg = p->p_grant;
	struct vmspace *vm = p->p_vmspace;
	vm_object_t obj;
	vm_page_t m;
	vm_offset_t addr;
	size_t len = round_page(uap->len);
	uint32_t pa;
	int i, npages, error;

	if (dg == NULL)
		return (EPERM);
	if (uap->len == 0 || uap->len > DMA_MAXALLOC)
		return (EINVAL);
	if (dg->dg_dmabytes + len > DMA_MAXPROC)
		return (ENOMEM);
	npages = (int)atop(len);
	m = vm_page_alloc_contig(npages, VM_ALLOC_ZERO);
	if (m == NULL)
		return (ENOMEM);
	obj = vm_object_allocate(OBJT_ANON, (vm_pindex_t)npages, M_NOWAIT);
	if (obj == NULL) {
		vm_page_free_contig(m, npages);
		return (ENOMEM);
	}
	for (i = 0; i < npages; i++)
		vm_object_page_insert(obj, (vm_pindex_t)i, &m[i]);
	pa = (uint32_t)VM_PAGE_TO_PHYS(m);
	error = vm_map_findspace(vm, len, &addr);
	if (error == 0)
		error = vm_map_insert(vm, addr, addr + len, obj, 0,
		    VM_PROT_READ | VM_PROT_WRITE, VM_PROT_READ | VM_PROT_WRITE,
		    1, 0);
	vm_object_deallocate(obj);	/* the entry has its own, or none */
	if (error != 0)
		return (error);
	if (copyout(&pa, uap->pa, sizeof(pa)) != 0) {
		vm_map_remove(vm, addr, addr + len);
		return (EFAULT);
	}
	dg->dg_dmabytes += len;
	sysmsg->sm_retval = addr;
	return (0);
}

/* barmap(bar): sys/devgrant.h. */
int
sys_barmap(struct sysmsg *sysmsg, const struct barmap_args *uap)
{
	struct proc *p = curproc;
	struct devgrant *dg = p->p_grant;
	struct vmspace *vm = p->p_vmspace;
	struct pci_bar *pb;
	vm_paddr_t base;
	vm_offset_t addr;
	size_t len;
	int error;

	if (dg == NULL || dg->dg_pci == NULL)
		return (EPERM);
	if (uap->bar < 0 || uap->bar >= dg->dg_pci->pd_nbars ||
	    uap->bar >= PCI_MAXBARS)
		return (EINVAL);
	pb = &dg->dg_pci->pd_bar[uap->bar];
	if (!barmap_fits(pb))
		return (EINVAL);
	base = (vm_paddr_t)trunc_page(pb->pb_base);
	len = round_page(pb->pb_base + pb->pb_size) - base;
	error = vm_map_findspace(vm, len, &addr);
	if (error == 0)
		error = vm_map_insert(vm, addr, addr + len, NULL, atop(base),
		    VM_PROT_READ | VM_PROT_WRITE, VM_PROT_READ | VM_PROT_WRITE,
		    0, MAPE_DEVICE);
	if (error != 0)
		return (error);
	if (dg->dg_decode & DGF_MEM)
		pci_enable_mem(dg->dg_pci);
	sysmsg->sm_retval = addr + (vm_offset_t)(pb->pb_base & PAGE_MASK);
	return (0);
}

/* grantinfo(&pc): sys/devgrant.h. */
int
sys_grantinfo(struct sysmsg *sysmsg, const struct grantinfo_args *uap)
{
	struct devgrant *dg = curproc->p_grant;
	struct pci_conf pc;

	(void)sysmsg;
	if (dg == NULL || dg->dg_pci == NULL)
		return (EPERM);
	pci_describe(dg->dg_pci, &pc, 0);
	return (copyout(&pc, uap->pc, sizeof(pc)));
}

/*
 * Whether a driver may write configuration register bytes
 * [reg, reg + width) at all: the command and status registers only
 * (the rule is at the top of the file).
 */
static bool
pciconf_writable(int reg, int width)
{
	return (reg >= PCIR_COMMAND && reg + width <= PCIR_STATUS + 2);
}

/* The command bits a driver may change (PORTEN and MEMEN on only if
 * its grant covers them: pciconf_write_ok). */
#define PCICMD_DRIVER	(PCIM_CMD_PORTEN | PCIM_CMD_MEMEN | \
	PCIM_CMD_BUSMASTEREN | PCIM_CMD_INTXDIS)

/*
 * Whether the holder of dg may write val as pciconf's width bytes at
 * reg (pciconf_writable): the command register it would leave changed
 * only in PCICMD_DRIVER, no decoding turned on that dg_decode does not
 * cover; the status bytes always.  Reads the command register: call in
 * the critical section that writes.  [c]
 */
static bool
pciconf_write_ok(const struct devgrant *dg, int reg, int width,
    uint32_t val)
{
	uint32_t old, new, mask, on;
	int shift = (reg - PCIR_COMMAND) * 8;

	if (shift >= 16)
		return (true);		/* the status register alone */
	mask = (width == 4 ? 0xffffffffu : (1u << (width * 8)) - 1) << shift;
	old = pci_read_config(dg->dg_pci, PCIR_COMMAND, 2);
	new = ((old & ~mask) | ((val << shift) & mask)) & 0xffff;
	if ((old ^ new) & ~(uint32_t)PCICMD_DRIVER)
		return (false);
	on = new & ~old;
	if ((on & PCIM_CMD_PORTEN) && !(dg->dg_decode & DGF_IO))
		return (false);
	if ((on & PCIM_CMD_MEMEN) && !(dg->dg_decode & DGF_MEM))
		return (false);
	return (true);
}

/* pciconf(reg, width, &val, write): sys/devgrant.h. */
int
sys_pciconf(struct sysmsg *sysmsg, const struct pciconf_args *uap)
{
	struct devgrant *dg = curproc->p_grant;
	uint32_t val;
	int error;

	(void)sysmsg;
	if (dg == NULL || dg->dg_pci == NULL)
		return (EPERM);
	if ((uap->width != 1 && uap->width != 2 && uap->width != 4) ||
	    uap->reg < 0 || uap->reg > 256 - uap->width ||
	    (uap->reg & (uap->width - 1)) != 0 ||
	    (uap->write != 0 && uap->write != 1))
		return (EINVAL);
	if (uap->write) {
		if (!pciconf_writable(uap->reg, uap->width))
			return (EPERM);
		if ((error = copyin(uap->val, &val, sizeof(val))) != 0)
			return (error);
		crit_enter();
		if (pciconf_write_ok(dg, uap->reg, uap->width, val))
			pci_write_config(dg->dg_pci, uap->reg, val, uap->width);
		else
			error = EPERM;
		crit_exit();
		return (error);
	}
	val = pci_read_config(dg->dg_pci, uap->reg, uap->width);
	return (copyout(&val, uap->val, sizeof(val)));
}

/* Whether sysctl name is under the prefix of pd's user driver. */
static bool
devgrant_sysctl_match(const struct pci_dev *pd, const char *name)
{
	const char *pfx;

	return (pd != NULL && pd->pd_userdrv != NULL &&
	    (pfx = pci_user_sysctl(pd->pd_userdrv)) != NULL &&
	    strncmp(name, pfx, strlen(pfx)) == 0);
}

/*
 * Whether sysctl name belongs to a driver the kernel left to processes
 * (its prefix, pci_user_sysctl: hw.vtblk. when vtblk=user), and which
 * processes answer for it: devs[0 .. *np) gets the first device of
 * each process that serves a PCI function of that driver now (a grant
 * is one process and one function), in the order of the functions'
 * units, the order the kernel build's driver lists its units in; at
 * most max of them (max >= DEVGRANT_MAX takes all).  0 with *np 0 if
 * no driver claims the name (the kernel's own variable); ENXIO if one
 * does but no process serves any of its functions now (not started,
 * or every one restarting); a function whose process is between
 * instances is left out.  kern_sysctl.c asks each device
 * (DRVIOC_SYSCTL); agent devices are kept for good, so the pointers
 * stay valid.  Never blocks.
 */
int
devgrant_sysctl_devs(const char *name, struct cdev **devs, int max, int *np)
{
	struct devgrant *dg, *order[DEVGRANT_MAX];
	struct pci_dev *pd;
	struct cdev *dev;
	int i, j, n = 0;
	bool claimed = false;

	*np = 0;
	for (pd = pci_next(NULL); pd != NULL && !claimed; pd = pci_next(pd))
		claimed = devgrant_sysctl_match(pd, name);
	if (!claimed)
		return (0);
	crit_enter();
	for (i = 0; i < DEVGRANT_MAX; i++) {
		dg = &devgrants[i];
		if (dg->dg_proc == NULL || !devgrant_sysctl_match(dg->dg_pci,
		    name) || agent_dev_of(dg->dg_proc) == NULL)
			continue;
		for (j = n; j > 0 &&
		    order[j - 1]->dg_pci->pd_unit > dg->dg_pci->pd_unit; j--)
			order[j] = order[j - 1];
		order[j] = dg;
		n++;
	}
	for (i = 0; i < n && *np < max; i++) {
		if ((dev = agent_dev_of(order[i]->dg_proc)) != NULL)
			devs[(*np)++] = dev;
	}
	crit_exit();
	return (*np > 0 ? 0 : ENXIO);
}

/*
 * The device p's grant names, as kern.devgrants shows it ("vtblk1": the
 * PCI function's driver and unit; else the grant's name) into buf of
 * len bytes; false if p holds no grant.  Never blocks.
 */
bool
devgrant_label(const struct proc *p, char *buf, size_t len)
{
	const struct devgrant *dg = p->p_grant;

	if (dg == NULL)
		return (false);
	if (dg->dg_pci != NULL && dg->dg_pci->pd_userdrv != NULL)
		ksnprintf(buf, len, "%s%d", dg->dg_pci->pd_userdrv->pdrv_name,
		    dg->dg_pci->pd_unit);
	else
		strlcpy(buf, dg->dg_name, len);
	return (true);
}

/*
 * kern.devgrants: a line "pid name driverN" per grant held (driverN the
 * PCI function's driver and unit when the kernel left it to a process,
 * else "-"), so a supervisor or a test can tell which process drives
 * which device.
 */
static int
sysctl_devgrants(char *buf, size_t size, size_t *lenp)
{
	struct devgrant *dg;
	size_t len = 0;
	int i;

	buf[0] = '\0';
	crit_enter();
	for (i = 0; i < DEVGRANT_MAX && len < size; i++) {
		dg = &devgrants[i];
		if (dg->dg_proc == NULL)
			continue;
		if (dg->dg_pci != NULL && dg->dg_pci->pd_userdrv != NULL)
			len += ksnprintf(buf + len, size - len, "%d %s %s%d\n",
			    dg->dg_proc->p_pid, dg->dg_name,
			    dg->dg_pci->pd_userdrv->pdrv_name,
			    dg->dg_pci->pd_unit);
		else
			len += ksnprintf(buf + len, size - len, "%d %s -\n",
			    dg->dg_proc->p_pid, dg->dg_name);
	}
	crit_exit();
	*lenp = MIN(len, size - 1);
	return (0);
}
SYSCTL_STRPROC(kern_devgrants, "kern.devgrants", sysctl_devgrants,
    "grants held: pid name driverN (or -) per line");
