/*
 * Tests of the PCI layer (sys/dev/pci) on QEMU's pc machine as make check
 * boots it (the Makefile's QEMU_COMMON): the i440FX host bridge, the
 * PIIX3 with its IDE function, the standard VGA, and a PCI-to-PCI bridge
 * with a virtio-blk function behind it.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/test.h>
#include <dev/pci/pcireg.h>
#include <dev/pci/pcivar.h>
#include <machine/pmap.h>

/* The function at bus:slot:func, or NULL. */
static struct pci_dev *
pci_at(int bus, int slot, int func)
{
	struct pci_dev *dev;

	for (dev = pci_next(NULL); dev != NULL; dev = pci_next(dev)) {
		if (dev->pd_bus == bus && dev->pd_slot == slot &&
		    dev->pd_func == func)
			return (dev);
	}
	return (NULL);
}

static void
test_pci_enum(void)
{
	struct pci_dev *hb, *isa, *ide, *pm;

	hb = pci_at(0, 0, 0);
	T_ASSERT(hb != NULL);
	T_EQ(hb->pd_vendor, 0x8086);
	T_EQ(hb->pd_device, 0x1237);
	T_EQ(hb->pd_class, PCIC_BRIDGE);
	T_EQ(hb->pd_subclass, PCIS_BRIDGE_HOST);
	T_EQ(hb->pd_hdrtype, PCIM_HDRTYPE_NORMAL);
	T_ASSERT(hb->pd_driver != NULL);
	T_STREQ(hb->pd_driver->pdrv_name, "hostb");
	T_EQ(hb->pd_unit, 0);

	/* Slot 1 is multifunction: ISA bridge, IDE, power management. */
	isa = pci_at(0, 1, 0);
	T_ASSERT(isa != NULL);
	T_EQ(isa->pd_vendor, 0x8086);
	T_EQ(isa->pd_device, 0x7000);
	T_EQ(isa->pd_class, PCIC_BRIDGE);
	T_EQ(isa->pd_subclass, PCIS_BRIDGE_ISA);
	T_ASSERT(isa->pd_driver != NULL);
	T_STREQ(isa->pd_driver->pdrv_name, "isab");
	T_EQ(pci_read_config(isa, PCIR_HDRTYPE, 1) & PCIM_MFDEV, PCIM_MFDEV);

	ide = pci_at(0, 1, 1);
	T_ASSERT(ide != NULL);
	T_EQ(ide->pd_vendor, 0x8086);
	T_EQ(ide->pd_device, 0x7010);
	T_EQ(ide->pd_class, PCIC_STORAGE);
	T_EQ(ide->pd_subclass, PCIS_STORAGE_IDE);
	T_EQ(ide->pd_progif, 0x80);	/* bus master, both channels legacy */
	T_EQ(ide, pci_find_device(0x8086, 0x7010, 0));
	T_EQ(pci_find_device(0x8086, 0x7010, 1), NULL);

	pm = pci_at(0, 1, 3);
	T_ASSERT(pm != NULL);
	T_EQ(pm->pd_device, 0x7113);
	T_EQ(pm->pd_intpin, 1);		/* INTA#, routed by the firmware */
	T_EQ(pm->pd_irq, pm->pd_intline);

	/* The list is in enumeration order: bus, slot, function. */
	T_EQ(pci_next(NULL), hb);
	T_EQ(pci_next(hb), isa);
	T_EQ(pci_next(isa), ide);
}
DEFINE_TEST(pci_enum, "PCI: i440FX host bridge, PIIX3 functions (multifunction slot), class codes, bridge drivers attached", test_pci_enum);

static void
test_pci_bar_io(void)
{
	struct pci_dev *ide = pci_find_device(0x8086, 0x7010, 0);
	struct pci_bar *pb;
	uint32_t reg;
	int i;

	T_ASSERT(ide != NULL);
	T_EQ(ide->pd_nbars, PCI_MAXBARS);
	/* Both channels in compatibility mode: BARs 0-3 are not there. */
	for (i = 0; i < 4; i++)
		T_EQ(ide->pd_bar[i].pb_size, 0);
	/* BAR4: the bus-master DMA registers, 16 I/O ports. */
	pb = &ide->pd_bar[4];
	T_EQ(pb->pb_type, PCI_BAR_IO);
	T_EQ(pb->pb_size, 16);
	T_NE(pb->pb_base, 0);
	T_EQ(pb->pb_base & 15, 0);
	T_LT(pb->pb_base, 0x10000);
	/* The probe put the register and the command register back. */
	reg = pci_read_config(ide, PCIR_BAR(4), 4);
	T_EQ(reg, (uint32_t)pb->pb_base | PCIM_BAR_SPACE);
	T_EQ(pci_read_config(ide, PCIR_COMMAND, 2) & PCIM_CMD_PORTEN,
	    PCIM_CMD_PORTEN);
	T_EQ(ide->pd_bar[5].pb_size, 0);
}
DEFINE_TEST(pci_bar_io, "PCI: the PIIX3 IDE bus-master BAR4 decodes as 16 I/O ports, registers restored", test_pci_bar_io);

static void
test_pci_bridge(void)
{
	struct pci_dev *vd = pci_find_device(0x1af4, 0x1001, 0);
	struct pci_dev *br = pci_find_device(0x1b36, 0x0001, 0);
	struct pci_bar *pb;

	T_ASSERT(br != NULL);
	T_ASSERT(vd != NULL);
	T_EQ(br->pd_hdrtype, PCIM_HDRTYPE_BRIDGE);
	T_EQ(br->pd_nbars, PCI_MAXBARS_BRIDGE);
	T_ASSERT(br->pd_driver != NULL);
	T_STREQ(br->pd_driver->pdrv_name, "pcib");
	/* The virtio function sits on the bridge's secondary bus, listed
	 * right after the bridge. */
	T_NE(vd->pd_bus, 0);
	T_EQ(vd->pd_bus, pci_read_config(br, PCIR_SECBUS_1, 1));
	T_EQ(pci_next(br), vd);
	T_EQ(vd->pd_class, PCIC_STORAGE);
	T_EQ(vd->pd_subdevice, 2);	/* virtio device type 2: block */
	T_NE(vd->pd_intpin, 0);
	/* Legacy virtio: BAR0 I/O; BAR1 the MSI-X table; BAR4 (with BAR5)
	 * the modern registers, 64-bit prefetchable memory. */
	pb = &vd->pd_bar[0];
	T_EQ(pb->pb_type, PCI_BAR_IO);
	T_EQ(pb->pb_size, 128);
	T_EQ(pb->pb_base & 127, 0);
	pb = &vd->pd_bar[1];
	T_EQ(pb->pb_type, PCI_BAR_MEM32);
	T_EQ(pb->pb_size, 4096);
	T_EQ(pb->pb_flags, 0);
	pb = &vd->pd_bar[4];
	T_EQ(pb->pb_type, PCI_BAR_MEM64);
	T_EQ(pb->pb_size, 16384);
	T_EQ(pb->pb_flags, PCI_BARF_PREFETCH);
	T_EQ(pb->pb_base & 16383, 0);
	T_EQ(pb->pb_base, (uint64_t)pci_read_config(vd, PCIR_BAR(5), 4) << 32 |
	    (pci_read_config(vd, PCIR_BAR(4), 4) & PCIM_BAR_MEM_BASE));
	T_EQ(vd->pd_bar[5].pb_type, PCI_BAR_NONE);
	T_EQ(vd->pd_bar[5].pb_size, 0);
}
DEFINE_TEST(pci_bridge, "PCI: a virtio-blk behind a PCI-to-PCI bridge, its I/O, 32-bit and 64-bit BARs", test_pci_bridge);

static void
test_pci_map_bar(void)
{
	struct pci_dev *vga = pci_find_device(0x1234, 0x1111, 0);
	struct pci_dev *vd = pci_find_device(0x1af4, 0x1001, 0);
	volatile uint16_t *dispi;
	volatile uint32_t *msix;
	void *va, *va2;
	uint16_t id;

	T_ASSERT(vga != NULL && vd != NULL);
	/* The VGA's BAR2 holds the Bochs display registers at 0x500; the
	 * first, the interface id, reads 0xb0c0..0xb0c5. */
	T_EQ(vga->pd_bar[2].pb_type, PCI_BAR_MEM32);
	T_EQ(pci_map_bar(vga, 2, &va), 0);
	T_EQ(vga->pd_bar[2].pb_kva, va);
	T_GE((vm_offset_t)va, KVA_DEVMAP);
	T_EQ(*kvtopte((vm_offset_t)va) & (PG_N | PG_PWT), PG_N | PG_PWT);
	T_EQ(pmap_kextract((vm_offset_t)va), vga->pd_bar[2].pb_base);
	dispi = (volatile uint16_t *)((char *)va + 0x500);
	id = dispi[0];
	T_GE(id, 0xb0c0);
	T_LE(id, 0xb0cf);
	T_EQ(pci_map_bar(vga, 2, &va2), EBUSY);
	pci_unmap_bar(vga, 2);
	T_EQ(vga->pd_bar[2].pb_kva, NULL);
	T_ASSERT(!pmap_kmapped((vm_offset_t)va));

	/* virtio's BAR1 is its MSI-X table: every vector starts masked
	 * (vector control, the entry's fourth word, is 1). */
	T_EQ(pci_map_bar(vd, 1, &va), 0);
	msix = va;
	T_EQ(msix[3], 1);
	T_EQ(msix[4 + 3], 1);
	pci_unmap_bar(vd, 1);

	/* What cannot be mapped. */
	T_EQ(pci_map_bar(vd, 0, &va), EINVAL);		/* I/O */
	T_EQ(pci_map_bar(vd, 5, &va), EINVAL);		/* 64-bit upper half */
	T_EQ(pci_map_bar(vd, 6, &va), EINVAL);
	T_EQ(pci_map_bar(vd, -1, &va), EINVAL);
}
DEFINE_TEST(pci_map_bar, "PCI: memory BARs mapped uncached and read (VGA display id, virtio MSI-X table), errors", test_pci_map_bar);

static void
test_pci_config(void)
{
	struct pci_dev *ide = pci_find_device(0x8086, 0x7010, 0);
	uint32_t id;
	uint16_t cmd;
	uint8_t line;

	T_ASSERT(ide != NULL);
	id = pci_read_config(ide, PCIR_VENDOR, 4);
	T_EQ(id, 0x70108086);
	T_EQ(pci_read_config(ide, PCIR_VENDOR, 2), 0x8086);
	T_EQ(pci_read_config(ide, PCIR_DEVICE, 2), 0x7010);
	T_EQ(pci_read_config(ide, PCIR_DEVICE + 1, 1), 0x70);
	T_EQ(pci_read_config(ide, PCIR_CLASS, 1), PCIC_STORAGE);
	/* The interrupt line register is the software's scratch byte. */
	line = (uint8_t)pci_read_config(ide, PCIR_INTLINE, 1);
	pci_write_config(ide, PCIR_INTLINE, 0x5a, 1);
	T_EQ(pci_read_config(ide, PCIR_INTLINE, 1), 0x5a);
	pci_write_config(ide, PCIR_INTLINE, line, 1);
	T_EQ(pci_read_config(ide, PCIR_INTLINE, 1), line);
	/* Bus mastering on request. */
	cmd = (uint16_t)pci_read_config(ide, PCIR_COMMAND, 2);
	pci_write_config(ide, PCIR_COMMAND, cmd & ~PCIM_CMD_BUSMASTEREN, 2);
	T_EQ(pci_read_config(ide, PCIR_COMMAND, 2) & PCIM_CMD_BUSMASTEREN, 0);
	pci_enable_busmaster(ide);
	T_EQ(pci_read_config(ide, PCIR_COMMAND, 2) & PCIM_CMD_BUSMASTEREN,
	    PCIM_CMD_BUSMASTEREN);
	pci_enable_io(ide);
	T_EQ(pci_read_config(ide, PCIR_COMMAND, 2) & PCIM_CMD_PORTEN,
	    PCIM_CMD_PORTEN);
	pci_write_config(ide, PCIR_COMMAND, cmd, 2);
}
DEFINE_TEST(pci_config, "PCI: config reads at every width, a config write, bus mastering enabled on request", test_pci_config);

static void
test_pci_match(void)
{
	static const struct pci_id by_class[] = {
		{ PCI_ANY, PCI_ANY, PCIC_STORAGE, PCIS_STORAGE_IDE },
		{ 0 }
	};
	static const struct pci_id by_id[] = {
		{ 0x8086, 0x7010, PCI_ANY, PCI_ANY },
		{ 0x1af4, 0x1001, PCI_ANY, PCI_ANY },
		{ 0 }
	};
	static const struct pci_id by_vendor[] = {
		{ 0x8086, PCI_ANY, PCI_ANY, PCI_ANY },
		{ 0 }
	};
	static const struct pci_id by_base_class[] = {
		{ PCI_ANY, PCI_ANY, PCIC_STORAGE, PCI_ANY },
		{ 0 }
	};
	const struct pci_driver cls = { "cls", by_class, NULL, NULL };
	const struct pci_driver ids = { "ids", by_id, NULL, NULL };
	const struct pci_driver ven = { "ven", by_vendor, NULL, NULL };
	const struct pci_driver bcl = { "bcl", by_base_class, NULL, NULL };
	struct pci_dev *ide = pci_find_device(0x8086, 0x7010, 0);
	struct pci_dev *vd = pci_find_device(0x1af4, 0x1001, 0);
	struct pci_dev *hb = pci_find_device(0x8086, 0x1237, 0);

	T_ASSERT(ide != NULL && vd != NULL && hb != NULL);
	T_EQ(pci_driver_match(&cls, ide), 3);
	T_EQ(pci_driver_match(&ids, ide), 12);
	T_EQ(pci_driver_match(&ven, ide), 4);
	T_EQ(pci_driver_match(&bcl, ide), 1);
	T_EQ(pci_driver_match(&cls, vd), 0);	/* SCSI-class, not IDE */
	T_EQ(pci_driver_match(&ids, vd), 12);
	T_EQ(pci_driver_match(&bcl, vd), 1);
	T_EQ(pci_driver_match(&ids, hb), 0);
	T_EQ(pci_driver_match(&ven, hb), 4);
	T_EQ(pci_driver_match(&cls, hb), 0);
}
DEFINE_TEST(pci_match, "PCI: driver id tables match by device, vendor, subclass and class, exact ids worth most", test_pci_match);

static void
test_pmap_mapdev(void)
{
	struct pci_dev *vga = pci_find_device(0x1234, 0x1111, 0);
	vm_paddr_t fb;
	void *a, *b;

	T_ASSERT(vga != NULL);
	fb = (vm_paddr_t)vga->pd_bar[0].pb_base;
	/* Any alignment: the offset within the page is kept. */
	T_EQ(pmap_mapdev(fb + 0x10, 0x1000, &a), 0);
	T_EQ((vm_offset_t)a & PAGE_MASK, 0x10);
	T_EQ(pmap_kextract((vm_offset_t)a), fb + 0x10);
	/* Two pages touched; a guard page after them. */
	T_ASSERT(pmap_kmapped(trunc_page((vm_offset_t)a) + PAGE_SIZE));
	T_ASSERT(!pmap_kmapped(trunc_page((vm_offset_t)a) + 2 * PAGE_SIZE));
	T_ASSERT(!pmap_kmapped(trunc_page((vm_offset_t)a) - PAGE_SIZE));
	T_EQ(pmap_mapdev(fb + 0x2000, 1, &b), 0);
	T_ASSERT(!pmap_kmapped(trunc_page((vm_offset_t)b) - PAGE_SIZE));
	T_ASSERT(!pmap_kmapped(trunc_page((vm_offset_t)b) + PAGE_SIZE));
	T_NE(trunc_page((vm_offset_t)b), trunc_page((vm_offset_t)a));
	T_NE(trunc_page((vm_offset_t)b), trunc_page((vm_offset_t)a) + PAGE_SIZE);
	/* Write and read back through the uncached mapping. */
	*(volatile uint32_t *)b = 0x5a5aa5a5;
	T_EQ(*(volatile uint32_t *)b, 0x5a5aa5a5);
	*(volatile uint32_t *)b = 0;
	pmap_unmapdev(b, 1);
	pmap_unmapdev(a, 0x1000);
	T_ASSERT(!pmap_kmapped(trunc_page((vm_offset_t)a)));
	T_EQ(pmap_mapdev(fb, 0, &a), EINVAL);
	T_EQ(pmap_mapdev(0xfffff000, 0x2000, &a), EINVAL);
	T_EQ(pmap_mapdev(0, KVA_DEVMAP_END - KVA_DEVMAP, &a), ENOMEM);
}
DEFINE_TEST(pmap_mapdev, "pmap_mapdev: device memory at any offset, guard pages between mappings, errors", test_pmap_mapdev);
