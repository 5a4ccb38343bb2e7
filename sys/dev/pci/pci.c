/*
 * pci.c - the PCI bus: configuration space, enumeration, BARs, and
 * handing functions to drivers.
 *
 * Configuration space is reached with mechanism 1: a dword written to
 * port 0xcf8 selects (bus, slot, function, register) and the window at
 * 0xcfc..0xcff reads or writes it.  Selecting and accessing are two port
 * operations, so every access holds pci_cfg_lock (a spinlock: a critical
 * section on one CPU) across both.  pci_configure() first checks that
 * the address port keeps what is written to it; if not there is no
 * mechanism 1 and no PCI (a machine without PCI boots without it).
 *
 * Enumeration follows the bus tree: bus 0, and behind every PCI-to-PCI
 * bridge the secondary bus its firmware assigned, scanned as soon as the
 * bridge is found, so a bridge's devices follow it in the list.  That
 * reads only buses that exist (32 slots of bus 0 here, against 8,192
 * slots for a brute-force scan of buses 0..255) and gives the topology's
 * order.  A bus is scanned at most once, whatever bridges claim, so a
 * misprogrammed bridge cannot make the walk loop; a bridge whose
 * secondary bus is 0 (not set up by firmware) is listed but not
 * followed.  Root buses other than 0 that sit behind no bridge (a second
 * host bridge) are not found: the i440FX and Q35 machines have none.
 * On each bus, a slot whose function 0 reads vendor 0xffff is empty;
 * functions 1..7 are read only when function 0's header type has the
 * multifunction bit.
 *
 * BARs are sized by the usual probe: with the function's I/O and memory
 * decoding turned off in its command register (so the all-ones address
 * written during the probe never claims bus cycles), each BAR is saved,
 * written with all ones, read back (the bits that stayed 0 give the
 * size) and restored, then the command register is restored.  A 64-bit
 * memory BAR is the pair of registers, probed together.  Host bridges
 * are probed with decoding left alone: turning a host bridge's memory
 * decoding off can cut the CPU off from memory on some chipsets.  The
 * expansion ROM BAR is not decoded.
 *
 * After enumeration, every function is offered to the drivers of the
 * "set_pcidrv" linker set (dev/pci/pcivar.h: the matching rules), and
 * attached ones are given unit numbers per driver name.  Then the table
 * user space reads is built once (hw.pci.devices, sys/pciio.h) and boot
 * prints one line per function.
 *
 * Memory BARs are mapped into kernel space on a driver's request
 * (pci_map_bar: pmap_mapdev(), uncached), which also turns memory
 * decoding on; pci_enable_io() and pci_enable_busmaster() turn on the
 * rest.  Nothing is mapped or enabled for a function no driver asked for.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/queue.h>
#include <sys/spinlock.h>
#include <sys/sysctl.h>
#include <sys/globaldata.h>
#include <sys/pciio.h>
#include <dev/pci/pcireg.h>
#include <dev/pci/pcivar.h>
#include <machine/cpufunc.h>
#include <machine/pmap.h>

MALLOC_DEFINE(M_PCI, "pci", "PCI functions and the hw.pci.devices table");

extern const struct pci_driver *__start_set_pcidrv[], *__stop_set_pcidrv[];

static struct spinlock pci_cfg_lock = SPINLOCK_INITIALIZER;
static TAILQ_HEAD(, pci_dev) pci_devs = TAILQ_HEAD_INITIALIZER(pci_devs);
static int pci_ndevs;
static uint8_t pci_bus_seen[PCI_MAXBUS / 8];

/* hw.pci.devices: the table of struct pci_conf, set once at boot. */
static struct sysctl_opaque pci_conf_table;
SYSCTL_OPAQUE(hw_pci_devices, "hw.pci.devices", &pci_conf_table,
    "PCI functions: an array of struct pci_conf (sys/pciio.h)");
SYSCTL_INT(hw_pci_count, "hw.pci.count", &pci_ndevs, CTLFLAG_RD,
    "PCI functions found at boot");

/* hw.pci.user: the drivers the kernel left to processes (NAME=user). */
static char pci_user_names[64];
SYSCTL_STRING(hw_pci_user, "hw.pci.user", pci_user_names,
    "PCI drivers run by processes, not attached by the kernel "
    "(NAME=user or drivers=user on the command line), space-separated");

/* ---- configuration mechanism 1 -------------------------------------- */

static inline uint32_t
pci_cfg_addr(int bus, int slot, int func, int reg)
{
	return (PCI_CONF_ENABLE | (uint32_t)bus << 16 | (uint32_t)slot << 11 |
	    (uint32_t)func << 8 | (reg & 0xfc));
}

static uint32_t
pci_cfgread(int bus, int slot, int func, int reg, int width)
{
	uint16_t port = PCI_CONF_DATA + (reg & 3);
	uint32_t v;

	spin_lock(&pci_cfg_lock);
	outl(PCI_CONF_ADDR, pci_cfg_addr(bus, slot, func, reg));
	if (width == 1)
		v = inb(port);
	else if (width == 2)
		v = inw(port);
	else
		v = inl(port);
	spin_unlock(&pci_cfg_lock);
	return (v);
}

static void
pci_cfgwrite(int bus, int slot, int func, int reg, uint32_t v, int width)
{
	uint16_t port = PCI_CONF_DATA + (reg & 3);

	spin_lock(&pci_cfg_lock);
	outl(PCI_CONF_ADDR, pci_cfg_addr(bus, slot, func, reg));
	if (width == 1)
		outb(port, (uint8_t)v);
	else if (width == 2)
		outw(port, (uint16_t)v);
	else
		outl(port, v);
	spin_unlock(&pci_cfg_lock);
}

/* Whether the mechanism 1 address port is there (keeps what it is given). */
static bool
pci_cfg_probe(void)
{
	uint32_t old, v;

	spin_lock(&pci_cfg_lock);
	old = inl(PCI_CONF_ADDR);
	outl(PCI_CONF_ADDR, PCI_CONF_ENABLE);
	v = inl(PCI_CONF_ADDR);
	outl(PCI_CONF_ADDR, old);
	spin_unlock(&pci_cfg_lock);
	return (v == PCI_CONF_ENABLE);
}

/*
 * Read width (1, 2 or 4) bytes at register reg of dev's configuration
 * space; reg must be a multiple of width below 256.  Does not block.
 */
uint32_t
pci_read_config(struct pci_dev *dev, int reg, int width)
{
	KASSERT((width == 1 || width == 2 || width == 4) && reg >= 0 &&
	    reg + width <= PCI_CONF_SIZE && (reg & (width - 1)) == 0,
	    ("%s: reg 0x%x width %d", __func__, reg, width));
	return (pci_cfgread(dev->pd_bus, dev->pd_slot, dev->pd_func, reg,
	    width));
}

/* Write val, as pci_read_config() reads.  Does not block. */
void
pci_write_config(struct pci_dev *dev, int reg, uint32_t val, int width)
{
	KASSERT((width == 1 || width == 2 || width == 4) && reg >= 0 &&
	    reg + width <= PCI_CONF_SIZE && (reg & (width - 1)) == 0,
	    ("%s: reg 0x%x width %d", __func__, reg, width));
	pci_cfgwrite(dev->pd_bus, dev->pd_slot, dev->pd_func, reg, val, width);
}

/* Set bits in dev's command register (one locked read-modify-write). */
static void
pci_command_set(struct pci_dev *dev, uint16_t bits)
{
	uint16_t cmd;

	crit_enter();
	cmd = (uint16_t)pci_read_config(dev, PCIR_COMMAND, 2);
	if ((cmd & bits) != bits)
		pci_write_config(dev, PCIR_COMMAND, cmd | bits, 2);
	crit_exit();
}

/* Turn on dev's I/O port decoding.  Does not block. */
void
pci_enable_io(struct pci_dev *dev)
{
	pci_command_set(dev, PCIM_CMD_PORTEN);
}

/* Turn on dev's memory decoding.  Does not block. */
void
pci_enable_mem(struct pci_dev *dev)
{
	pci_command_set(dev, PCIM_CMD_MEMEN);
}

/* Let dev master the bus (DMA).  Does not block. */
void
pci_enable_busmaster(struct pci_dev *dev)
{
	pci_command_set(dev, PCIM_CMD_BUSMASTEREN);
}

/* Stop dev mastering the bus (its driver is gone).  Does not block. */
void
pci_disable_busmaster(struct pci_dev *dev)
{
	uint32_t cmd;

	crit_enter();
	cmd = pci_read_config(dev, PCIR_COMMAND, 2);
	if (cmd & PCIM_CMD_BUSMASTEREN)
		pci_write_config(dev, PCIR_COMMAND,
		    cmd & ~(uint32_t)PCIM_CMD_BUSMASTEREN, 2);
	crit_exit();
}

/* ---- BARs ------------------------------------------------------------ */

/* Write all ones to reg, read what sticks, put the original back. */
static uint32_t
pci_bar_probe(struct pci_dev *dev, int reg, uint32_t *origp)
{
	uint32_t v;

	*origp = pci_read_config(dev, reg, 4);
	pci_write_config(dev, reg, 0xffffffff, 4);
	v = pci_read_config(dev, reg, 4);
	pci_write_config(dev, reg, *origp, 4);
	return (v);
}

/* Decode BAR register i (and i + 1 for a 64-bit one); the next index. */
static int
pci_bar_decode(struct pci_dev *dev, int i)
{
	struct pci_bar *pb = &dev->pd_bar[i];
	uint32_t orig, probe, orig_hi, probe_hi;
	uint64_t mask;

	probe = pci_bar_probe(dev, PCIR_BAR(i), &orig);
	if (probe == 0 || probe == 0xffffffff)	/* not implemented */
		return (i + 1);
	if (orig & PCIM_BAR_SPACE) {
		/* I/O: a BAR may implement only the low 16 address bits. */
		mask = probe & PCIM_BAR_IO_BASE;
		if ((mask & 0xffff0000) == 0)
			mask |= 0xffff0000;
		pb->pb_type = PCI_BAR_IO;
		pb->pb_base = orig & PCIM_BAR_IO_BASE;
		pb->pb_size = (uint32_t)(~(uint32_t)mask + 1);
		return (i + 1);
	}
	pb->pb_base = orig & PCIM_BAR_MEM_BASE;
	mask = 0xffffffff00000000ULL | (probe & PCIM_BAR_MEM_BASE);
	if (orig & PCIM_BAR_MEM_PREFETCH)
		pb->pb_flags |= PCI_BARF_PREFETCH;
	switch (orig & PCIM_BAR_MEM_TYPE) {
	case PCIM_BAR_MEM_64:
		if (i + 1 < dev->pd_nbars) {
			probe_hi = pci_bar_probe(dev, PCIR_BAR(i + 1), &orig_hi);
			pb->pb_type = PCI_BAR_MEM64;
			pb->pb_base |= (uint64_t)orig_hi << 32;
			mask = (uint64_t)probe_hi << 32 |
			    (probe & PCIM_BAR_MEM_BASE);
			pb->pb_size = ~mask + 1;
			return (i + 2);
		}
		pb->pb_type = PCI_BAR_MEM32;	/* malformed: the last BAR */
		break;
	case PCIM_BAR_MEM_1MB:
		pb->pb_type = PCI_BAR_MEM1M;
		break;
	default:
		pb->pb_type = PCI_BAR_MEM32;
		break;
	}
	pb->pb_size = ~mask + 1;
	return (i + 1);
}

/* Size every BAR of dev with its decoding off (see the top of the file). */
static void
pci_bars_decode(struct pci_dev *dev)
{
	bool hostb = dev->pd_class == PCIC_BRIDGE &&
	    dev->pd_subclass == PCIS_BRIDGE_HOST;
	uint16_t cmd;
	int i;

	crit_enter();
	cmd = (uint16_t)pci_read_config(dev, PCIR_COMMAND, 2);
	if (!hostb)
		pci_write_config(dev, PCIR_COMMAND,
		    cmd & ~(PCIM_CMD_PORTEN | PCIM_CMD_MEMEN), 2);
	for (i = 0; i < dev->pd_nbars; )
		i = pci_bar_decode(dev, i);
	if (!hostb)
		pci_write_config(dev, PCIR_COMMAND, cmd, 2);
	crit_exit();
}

/*
 * Map memory BAR bar of dev into kernel space, uncached, turn on dev's
 * memory decoding, and return the address of its first byte in *vap
 * (also kept in pb_kva).  0, or EINVAL (no memory BAR there), EBUSY
 * (already mapped), ERANGE (the BAR lies above 4 GB, which i386 without
 * PAE cannot map), ENOMEM (no kernel space left).  Does not block.
 */
int
pci_map_bar(struct pci_dev *dev, int bar, void **vap)
{
	struct pci_bar *pb;
	int error;

	if (bar < 0 || bar >= dev->pd_nbars)
		return (EINVAL);
	pb = &dev->pd_bar[bar];
	if (pb->pb_size == 0 || pb->pb_type == PCI_BAR_IO ||
	    pb->pb_type == PCI_BAR_NONE)
		return (EINVAL);
	if (pb->pb_kva != NULL)
		return (EBUSY);
	if (pb->pb_base + pb->pb_size > 0x100000000ULL ||
	    pb->pb_base + pb->pb_size < pb->pb_base)
		return (ERANGE);
	error = pmap_mapdev((vm_paddr_t)pb->pb_base, (size_t)pb->pb_size,
	    &pb->pb_kva);
	if (error)
		return (error);
	pci_enable_mem(dev);
	*vap = pb->pb_kva;
	return (0);
}

/* Undo pci_map_bar() (decoding stays on).  Does not block. */
void
pci_unmap_bar(struct pci_dev *dev, int bar)
{
	struct pci_bar *pb;

	KASSERT(bar >= 0 && bar < dev->pd_nbars &&
	    dev->pd_bar[bar].pb_kva != NULL,
	    ("%s: BAR %d of %d:%d:%d is not mapped", __func__, bar,
	    dev->pd_bus, dev->pd_slot, dev->pd_func));
	pb = &dev->pd_bar[bar];
	pmap_unmapdev(pb->pb_kva, (size_t)pb->pb_size);
	pb->pb_kva = NULL;
}

/* ---- enumeration ------------------------------------------------------ */

static void	pci_scan_bus(int bus);

/* Read one function's header into a new pci_dev and list it. */
static struct pci_dev *
pci_add_function(int bus, int slot, int func)
{
	struct pci_dev *dev;
	uint32_t v;

	dev = kmalloc(sizeof(*dev), M_PCI, M_WAITOK | M_ZERO);
	dev->pd_bus = (uint8_t)bus;
	dev->pd_slot = (uint8_t)slot;
	dev->pd_func = (uint8_t)func;
	v = pci_read_config(dev, PCIR_VENDOR, 4);
	dev->pd_vendor = (uint16_t)v;
	dev->pd_device = (uint16_t)(v >> 16);
	v = pci_read_config(dev, PCIR_REVID, 4);
	dev->pd_revid = (uint8_t)v;
	dev->pd_progif = (uint8_t)(v >> 8);
	dev->pd_subclass = (uint8_t)(v >> 16);
	dev->pd_class = (uint8_t)(v >> 24);
	dev->pd_hdrtype = (uint8_t)pci_read_config(dev, PCIR_HDRTYPE, 1) &
	    PCIM_HDRTYPE;
	dev->pd_intline = (uint8_t)pci_read_config(dev, PCIR_INTLINE, 1);
	dev->pd_intpin = (uint8_t)pci_read_config(dev, PCIR_INTPIN, 1);
	dev->pd_irq = dev->pd_intpin >= 1 && dev->pd_intpin <= 4 &&
	    dev->pd_intline < 16 ? dev->pd_intline : -1;
	switch (dev->pd_hdrtype) {
	case PCIM_HDRTYPE_NORMAL:
		dev->pd_nbars = PCI_MAXBARS;
		dev->pd_subvendor = (uint16_t)pci_read_config(dev,
		    PCIR_SUBVEND_0, 2);
		dev->pd_subdevice = (uint16_t)pci_read_config(dev,
		    PCIR_SUBDEV_0, 2);
		break;
	case PCIM_HDRTYPE_BRIDGE:
		dev->pd_nbars = PCI_MAXBARS_BRIDGE;
		break;
	case PCIM_HDRTYPE_CARDBUS:
		dev->pd_nbars = PCI_MAXBARS_CARDBUS;
		dev->pd_subvendor = (uint16_t)pci_read_config(dev,
		    PCIR_SUBVEND_2, 2);
		dev->pd_subdevice = (uint16_t)pci_read_config(dev,
		    PCIR_SUBDEV_2, 2);
		break;
	default:			/* a layout we do not know: no BARs */
		break;
	}
	pci_bars_decode(dev);
	TAILQ_INSERT_TAIL(&pci_devs, dev, pd_link);
	pci_ndevs++;
	return (dev);
}

/* List slot's functions; follow any bridge among them to its bus. */
static void
pci_scan_slot(int bus, int slot)
{
	struct pci_dev *dev;
	int func, nfunc = 1, sec;

	for (func = 0; func < nfunc; func++) {
		if (pci_cfgread(bus, slot, func, PCIR_VENDOR, 2) ==
		    PCI_VENDOR_NONE)
			continue;
		if (func == 0 && (pci_cfgread(bus, slot, 0, PCIR_HDRTYPE, 1) &
		    PCIM_MFDEV))
			nfunc = PCI_MAXFUNC;
		dev = pci_add_function(bus, slot, func);
		if (dev->pd_hdrtype == PCIM_HDRTYPE_BRIDGE) {
			sec = (int)pci_read_config(dev, PCIR_SECBUS_1, 1);
			if (sec != 0)
				pci_scan_bus(sec);
		}
	}
}

/* List every function on bus, once per boot. */
static void
pci_scan_bus(int bus)
{
	int slot;

	if (pci_bus_seen[bus / 8] & (1 << (bus % 8)))
		return;
	pci_bus_seen[bus / 8] |= 1 << (bus % 8);
	for (slot = 0; slot < PCI_MAXSLOT; slot++) {
		if (pci_cfgread(bus, slot, 0, PCIR_VENDOR, 2) !=
		    PCI_VENDOR_NONE)
			pci_scan_slot(bus, slot);
	}
}

/* ---- drivers ------------------------------------------------------------ */

/*
 * How well drv matches dev: 0 not at all, otherwise the worth of its
 * best id entry (pcivar.h: 8 device, 4 vendor, 2 subclass, 1 class).
 */
int
pci_driver_match(const struct pci_driver *drv, const struct pci_dev *dev)
{
	const struct pci_id *id;
	int best = 0, worth;

	for (id = drv->pdrv_ids; id->pi_vendor != 0; id++) {
		worth = 0;
		if (id->pi_vendor != PCI_ANY) {
			if (id->pi_vendor != dev->pd_vendor)
				continue;
			worth += 4;
		}
		if (id->pi_device != PCI_ANY) {
			if (id->pi_device != dev->pd_device)
				continue;
			worth += 8;
		}
		if (id->pi_class != PCI_ANY) {
			if (id->pi_class != dev->pd_class)
				continue;
			worth += 1;
		}
		if (id->pi_subclass != PCI_ANY) {
			if (id->pi_subclass != dev->pd_subclass)
				continue;
			worth += 2;
		}
		if (worth > best)
			best = worth;
	}
	return (best);
}

/* The driver dev is given to, in the kernel or in a process; or NULL. */
static const struct pci_driver *
pci_driver_of(const struct pci_dev *d)
{
	return (d->pd_driver != NULL ? d->pd_driver : d->pd_userdrv);
}

/*
 * Whether the command line leaves drv to a process (how "user":
 * "WORD=user" for its boot word, or "drivers=user" for every disk
 * driver that can run in one) or to nobody (how "off": "WORD=off", the
 * function left as one no driver knows, free for any launcher's grant
 * and started by none: test/dev/agent_lines grants the IDE controller
 * so).  pci_user_ok: the drivers with a /bin/drvd build, and the word
 * that names each: ata=user for the PIIX IDE driver, vtblk=user.
 */
static const struct pci_user_word {
	const char	*pu_driver;	/* pdrv_name */
	const char	*pu_word;	/* its boot word, before "=user" */
	const char	*pu_sysctl;	/* its sysctls' prefix, or NULL */
} pci_user_ok[] = {
	{ "vtblk", "vtblk", "hw.vtblk." },
	{ "atapci", "ata", "hw.ata." },
};

/*
 * The prefix of the sysctl names drv's files define (hw.ata. for the
 * ATA driver), which its process answers when it runs in one
 * (kern_devgrant.c, DRVIOC_SYSCTL); NULL if none.
 */
const char *
pci_user_sysctl(const struct pci_driver *drv)
{
	size_t i;

	for (i = 0; i < sizeof(pci_user_ok) / sizeof(pci_user_ok[0]); i++) {
		if (strcmp(pci_user_ok[i].pu_driver, drv->pdrv_name) == 0)
			return (pci_user_ok[i].pu_sysctl);
	}
	return (NULL);
}

static bool
pci_driver_word(const struct pci_driver *drv, const char *how)
{
	char word[PCI_DRIVER_NAMELEN + 8];
	size_t i;

	for (i = 0; i < sizeof(pci_user_ok) / sizeof(pci_user_ok[0]); i++) {
		if (strcmp(pci_user_ok[i].pu_driver, drv->pdrv_name) != 0)
			continue;
		/* Whole words: boot_getenv's buffer is the boot thread's,
		 * in use. */
		ksnprintf(word, sizeof(word), "%s=%s", pci_user_ok[i].pu_word,
		    how);
		return (boot_has_flag(word) || (strcmp(how, "user") == 0 &&
		    boot_has_flag("drivers=user")));
	}
	return (false);
}

/* Append name to hw.pci.user.  [b] */
static void
pci_user_add(const char *name)
{
	size_t len = strlen(pci_user_names);

	if (len + strlen(name) + 2 > sizeof(pci_user_names))
		return;
	if (len > 0)
		pci_user_names[len++] = ' ';
	strlcpy(pci_user_names + len, name, sizeof(pci_user_names) - len);
}

/* The unit dev gets under drv's name: one more than any before it. */
static int
pci_next_unit(const struct pci_driver *drv)
{
	struct pci_dev *d;
	int unit = 0;

	TAILQ_FOREACH(d, &pci_devs, pd_link) {
		if (pci_driver_of(d) != NULL &&
		    strcmp(pci_driver_of(d)->pdrv_name, drv->pdrv_name) == 0 &&
		    d->pd_unit >= unit)
			unit = d->pd_unit + 1;
	}
	return (unit);
}

/* Offer dev to the drivers; attach the best match. */
static void
pci_attach(struct pci_dev *dev)
{
	const struct pci_driver **dp, *best = NULL;
	int worth, best_worth = 0, error;

	for (dp = __start_set_pcidrv; dp < __stop_set_pcidrv; dp++) {
		worth = pci_driver_match(*dp, dev);
		if (worth > best_worth) {
			best = *dp;
			best_worth = worth;
		}
	}
	if (best == NULL || pci_driver_word(best, "off"))
		return;
	dev->pd_unit = pci_next_unit(best);
	if (pci_driver_word(best, "user")) {
		/* Left unattached for a grant (kern_devgrant.c), its unit kept. */
		dev->pd_userdrv = best;
		if (dev->pd_unit == 0)	/* the driver's first function */
			pci_user_add(best->pdrv_name);
		return;
	}
	error = best->pdrv_attach(dev);
	if (error) {
		kprintf("pci %d:%d:%d: %s%d: attach failed, error %d\n",
		    dev->pd_bus, dev->pd_slot, dev->pd_func, best->pdrv_name,
		    dev->pd_unit, error);
		dev->pd_unit = 0;
		return;
	}
	dev->pd_driver = best;
}

/*
 * Describe dev in *pc as hw.pci.devices does; its unit is none for a
 * function no driver (kernel or process) has.  Never blocks.
 */
void
pci_describe(const struct pci_dev *dev, struct pci_conf *pc, int none)
{
	const struct pci_driver *drv = pci_driver_of(dev);
	int i;

	memset(pc, 0, sizeof(*pc));
	pc->pc_bus = dev->pd_bus;
	pc->pc_slot = dev->pd_slot;
	pc->pc_func = dev->pd_func;
	pc->pc_hdrtype = dev->pd_hdrtype;
	pc->pc_vendor = dev->pd_vendor;
	pc->pc_device = dev->pd_device;
	pc->pc_subvendor = dev->pd_subvendor;
	pc->pc_subdevice = dev->pd_subdevice;
	pc->pc_class = dev->pd_class;
	pc->pc_subclass = dev->pd_subclass;
	pc->pc_progif = dev->pd_progif;
	pc->pc_revid = dev->pd_revid;
	pc->pc_intline = dev->pd_intline;
	pc->pc_intpin = dev->pd_intpin;
	if (drv != NULL) {
		strlcpy(pc->pc_driver, drv->pdrv_name, sizeof(pc->pc_driver));
		pc->pc_unit = (uint16_t)dev->pd_unit;
	} else {
		pc->pc_unit = (uint16_t)none;
	}
	for (i = 0; i < PCI_CONF_NBARS && i < dev->pd_nbars; i++) {
		pc->pc_bar[i].pcb_base = dev->pd_bar[i].pb_base;
		pc->pc_bar[i].pcb_size = dev->pd_bar[i].pb_size;
		pc->pc_bar[i].pcb_type = dev->pd_bar[i].pb_type;
		pc->pc_bar[i].pcb_flags = dev->pd_bar[i].pb_flags;
		pc->pc_bar[i].pcb_reg = (uint8_t)PCIR_BAR(i);
	}
}

/* Build hw.pci.devices from the list (once). */
static void
pci_publish(void)
{
	struct pci_conf *tab, *pc;
	struct pci_dev *dev;
	int none = 0;

	if (pci_ndevs == 0)
		return;
	tab = kmalloc(sizeof(*tab) * pci_ndevs, M_PCI, M_WAITOK | M_ZERO);
	pc = tab;
	TAILQ_FOREACH(dev, &pci_devs, pd_link) {
		pci_describe(dev, pc, none);
		if (pci_driver_of(dev) == NULL)
			none++;
		pc++;
	}
	pci_conf_table.so_data = tab;
	pci_conf_table.so_len = sizeof(*tab) * pci_ndevs;
}

/* One boot line per function: selector, ids, class, IRQ, driver. */
static void
pci_print(void)
{
	struct pci_dev *dev;
	char irq[8];

	TAILQ_FOREACH(dev, &pci_devs, pd_link) {
		if (dev->pd_irq >= 0)
			ksnprintf(irq, sizeof(irq), "%d", dev->pd_irq);
		else
			strlcpy(irq, "-", sizeof(irq));
		kprintf("pci %d:%d:%d: %04x:%04x class %02x.%02x.%02x irq %s",
		    dev->pd_bus, dev->pd_slot, dev->pd_func, dev->pd_vendor,
		    dev->pd_device, dev->pd_class, dev->pd_subclass,
		    dev->pd_progif, irq);
		if (dev->pd_driver != NULL)
			kprintf(": %s%d\n", dev->pd_driver->pdrv_name,
			    dev->pd_unit);
		else if (dev->pd_userdrv != NULL)
			kprintf(": %s%d in a process\n",
			    dev->pd_userdrv->pdrv_name, dev->pd_unit);
		else
			kprintf(": no driver\n");
	}
}

/*
 * Find every PCI function, attach drivers to them, publish the list
 * (hw.pci.devices) and print it.  Called once from the boot thread,
 * before devices are named in /dev; may block (kmalloc, attach).
 */
void
pci_configure(void)
{
	struct pci_dev *dev;

	if (!pci_cfg_probe()) {
		kprintf("pci: no configuration mechanism 1: no PCI\n");
		return;
	}
	pci_scan_bus(0);
	TAILQ_FOREACH(dev, &pci_devs, pd_link)
		pci_attach(dev);
	pci_publish();
	pci_print();
}

/* The function after prev in enumeration order (the first if NULL). */
struct pci_dev *
pci_next(struct pci_dev *prev)
{
	return (prev == NULL ? TAILQ_FIRST(&pci_devs) :
	    TAILQ_NEXT(prev, pd_link));
}

/* The index-th (from 0) function with these ids, or NULL. */
struct pci_dev *
pci_find_device(uint16_t vendor, uint16_t device, int index)
{
	struct pci_dev *dev;

	TAILQ_FOREACH(dev, &pci_devs, pd_link) {
		if (dev->pd_vendor == vendor && dev->pd_device == device &&
		    index-- == 0)
			return (dev);
	}
	return (NULL);
}
