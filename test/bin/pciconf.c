/*
 * pciconf - list the PCI functions the kernel found at boot.
 *
 *	pciconf [-l] [-v]
 *
 * One line per function, as FreeBSD's pciconf -l prints it:
 *
 *	hostb0@pci0:0:0:0:	class=0x060000 rev=0x02 hdr=0x00 vendor=0x8086 device=0x1237 subvendor=0x1af4 subdevice=0x1100
 *
 * the driver attached and its unit ("none" and a running count for a
 * function no driver took), the selector (domain 0, bus, slot,
 * function), class, subclass and programming interface, revision,
 * header type and ids.  With -v each function is followed by its class
 * in words, its interrupt, and its BARs, one line each:
 *
 *	    bar   [20] = type I/O Port, range 32, base 0xc040, size 16
 *
 * The list comes from the sysctl hw.pci.devices, an array of struct
 * pci_conf (sys/pciio.h).
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <sys/pciio.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const class_names[] = {
	"old", "mass storage", "network", "display", "multimedia",
	"memory", "bridge", "simple comms", "base peripheral", "input",
	"docking station", "processor", "serial bus", "wireless",
	"intelligent I/O", "satellite comms", "encrypt/decrypt",
	"dasp", "processing accelerators", "non-essential instrumentation",
};

static void
print_bars(const struct pci_conf *pc)
{
	const struct pci_conf_bar *b;
	int i;

	for (i = 0; i < PCI_CONF_NBARS; i++) {
		b = &pc->pc_bar[i];
		if (b->pcb_size == 0)
			continue;
		printf("    bar   [%02x] = type %s, range %d, base %#llx, "
		    "size %llu%s\n", b->pcb_reg,
		    b->pcb_type == PCI_BAR_IO ? "I/O Port" : "Memory",
		    b->pcb_type == PCI_BAR_MEM64 ? 64 :
		    b->pcb_type == PCI_BAR_MEM1M ? 20 : 32,
		    (unsigned long long)b->pcb_base,
		    (unsigned long long)b->pcb_size,
		    b->pcb_flags & PCI_BARF_PREFETCH ? ", prefetchable" : "");
	}
}

static void
print_conf(const struct pci_conf *pc, int verbose)
{
	printf("%s%d@pci0:%d:%d:%d:\tclass=0x%02x%02x%02x rev=0x%02x "
	    "hdr=0x%02x vendor=0x%04x device=0x%04x subvendor=0x%04x "
	    "subdevice=0x%04x\n",
	    pc->pc_driver[0] != '\0' ? pc->pc_driver : "none", pc->pc_unit,
	    pc->pc_bus, pc->pc_slot, pc->pc_func, pc->pc_class,
	    pc->pc_subclass, pc->pc_progif, pc->pc_revid, pc->pc_hdrtype,
	    pc->pc_vendor, pc->pc_device, pc->pc_subvendor, pc->pc_subdevice);
	if (!verbose)
		return;
	printf("    class      = %s\n", pc->pc_class <
	    sizeof(class_names) / sizeof(class_names[0]) ?
	    class_names[pc->pc_class] : "unknown");
	if (pc->pc_intpin >= 1 && pc->pc_intpin <= 4)
		printf("    intr       = line %d, pin %c\n", pc->pc_intline,
		    'A' + pc->pc_intpin - 1);
	print_bars(pc);
}

static int
usage(void)
{
	fprintf(stderr, "usage: pciconf [-l] [-v]\n");
	return (2);
}

int
main(int argc, char **argv)
{
	struct pci_conf *tab;
	size_t len = 0, i;
	int verbose = 0, a;
	const char *f;

	for (a = 1; a < argc; a++) {
		if (argv[a][0] != '-' || argv[a][1] == '\0')
			return (usage());
		for (f = argv[a] + 1; *f != '\0'; f++) {
			if (*f == 'v')
				verbose = 1;
			else if (*f != 'l')
				return (usage());
		}
	}
	if (sysctl("hw.pci.devices", NULL, &len, NULL, 0) != 0) {
		fprintf(stderr, "pciconf: hw.pci.devices: %s\n",
		    strerror(errno));
		return (1);
	}
	if (len == 0)
		return (0);
	if (len % sizeof(*tab) != 0) {
		fprintf(stderr, "pciconf: hw.pci.devices: %u bytes is not a "
		    "whole number of records (%u)\n", (unsigned)len,
		    (unsigned)sizeof(*tab));
		return (1);
	}
	if ((tab = malloc(len)) == NULL) {
		fprintf(stderr, "pciconf: out of memory\n");
		return (1);
	}
	if (sysctl("hw.pci.devices", tab, &len, NULL, 0) != 0) {
		fprintf(stderr, "pciconf: hw.pci.devices: %s\n",
		    strerror(errno));
		free(tab);
		return (1);
	}
	for (i = 0; i < len / sizeof(*tab); i++)
		print_conf(&tab[i], verbose);
	free(tab);
	if (fflush(stdout) != 0)
		return (1);
	return (0);
}
