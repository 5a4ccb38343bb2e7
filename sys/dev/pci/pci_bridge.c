/*
 * pci_bridge.c - the bridges every PC has: host bridges (hostb), ISA
 * bridges (isab) and PCI-to-PCI bridges (pcib).
 *
 * They need nothing from a driver here: the host bridge and the ISA
 * bridge were set up by the firmware and the legacy devices behind the
 * ISA bridge (the UART, the 8259, the PIT) are driven directly, and
 * pci.c has already scanned every PCI-to-PCI bridge's secondary bus.
 * Claiming them by class, as FreeBSD does, makes the listing say what
 * each one is, and is the smallest example of a PCI driver: an id table
 * by class and an attach function (dev/pci/pcivar.h).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <dev/pci/pcireg.h>
#include <dev/pci/pcivar.h>

static int
bridge_attach(struct pci_dev *dev)
{
	return (0);
}

static const struct pci_id hostb_ids[] = {
	{ PCI_ANY, PCI_ANY, PCIC_BRIDGE, PCIS_BRIDGE_HOST },
	{ 0 }
};
PCI_DRIVER(hostb, "hostb", hostb_ids, bridge_attach);

static const struct pci_id isab_ids[] = {
	{ PCI_ANY, PCI_ANY, PCIC_BRIDGE, PCIS_BRIDGE_ISA },
	{ 0 }
};
PCI_DRIVER(isab, "isab", isab_ids, bridge_attach);

static const struct pci_id pcib_ids[] = {
	{ PCI_ANY, PCI_ANY, PCIC_BRIDGE, PCIS_BRIDGE_PCI },
	{ 0 }
};
PCI_DRIVER(pcib, "pcib", pcib_ids, bridge_attach);
