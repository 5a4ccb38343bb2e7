/*
 * pci_list - the PCI list as user space sees it: the sysctl
 * hw.pci.devices (sys/pciio.h) and the pciconf utility that prints it.
 *
 * On make check's machine (the Makefile's QEMU_COMMON): the i440FX host
 * bridge at 0:0:0 claimed by hostb, the PIIX3 IDE function at 0:1:1 with
 * its 16-port bus-master BAR4, and a virtio-blk function behind a
 * PCI-to-PCI bridge with an I/O BAR0 and a 64-bit BAR4.  Then the
 * sysctl's errors, and pciconf -l / -lv / a bad flag.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <sys/pciio.h>
#include <fcntl.h>
#include <stdlib.h>
#include "utest.h"

static struct pci_conf *tab;
static int ntab;

/* The record at bus:slot:func, or NULL. */
static const struct pci_conf *
conf_at(int bus, int slot, int func)
{
	int i;

	for (i = 0; i < ntab; i++) {
		if (tab[i].pc_bus == bus && tab[i].pc_slot == slot &&
		    tab[i].pc_func == func)
			return (&tab[i]);
	}
	return (NULL);
}

static const struct pci_conf *
conf_find(int vendor, int device)
{
	int i;

	for (i = 0; i < ntab; i++) {
		if (tab[i].pc_vendor == vendor && tab[i].pc_device == device)
			return (&tab[i]);
	}
	return (NULL);
}

static void
test_table(void)
{
	const struct pci_conf *hb, *ide, *vd;
	size_t len = 0;

	UT_EQ(sysctl("hw.pci.devices", NULL, &len, NULL, 0), 0);
	UT_TRUE(len > 0);
	UT_EQ(len % sizeof(struct pci_conf), 0);
	UT_EQ(len / sizeof(struct pci_conf), ut_sysctl_int("hw.pci.count"));
	tab = malloc(len);
	UT_TRUE(tab != NULL);
	if (tab == NULL)
		return;
	UT_EQ(sysctl("hw.pci.devices", tab, &len, NULL, 0), 0);
	ntab = (int)(len / sizeof(struct pci_conf));

	hb = conf_at(0, 0, 0);
	UT_TRUE(hb != NULL);
	if (hb != NULL) {
		UT_EQ(hb->pc_vendor, 0x8086);
		UT_EQ(hb->pc_device, 0x1237);
		UT_EQ(hb->pc_class, 0x06);
		UT_EQ(hb->pc_subclass, 0x00);
		UT_STREQ(hb->pc_driver, "hostb");
		UT_EQ(hb->pc_unit, 0);
	}
	UT_TRUE(hb == &tab[0]);

	ide = conf_at(0, 1, 1);
	UT_TRUE(ide != NULL);
	if (ide != NULL) {
		UT_EQ(ide->pc_vendor, 0x8086);
		UT_EQ(ide->pc_device, 0x7010);
		UT_EQ(ide->pc_class, 0x01);
		UT_EQ(ide->pc_subclass, 0x01);
		UT_EQ(ide->pc_hdrtype, 0);
		UT_EQ(ide->pc_bar[0].pcb_size, 0);
		UT_EQ(ide->pc_bar[4].pcb_type, PCI_BAR_IO);
		UT_EQ(ide->pc_bar[4].pcb_size, 16);
		UT_EQ(ide->pc_bar[4].pcb_reg, 0x20);
		UT_TRUE(ide->pc_bar[4].pcb_base != 0);
		UT_EQ(ide->pc_bar[4].pcb_base & 15, 0);
	}

	vd = conf_find(0x1af4, 0x1001);
	UT_TRUE(vd != NULL);
	if (vd != NULL) {
		UT_TRUE(vd->pc_bus != 0);
		UT_EQ(vd->pc_bar[0].pcb_type, PCI_BAR_IO);
		UT_EQ(vd->pc_bar[0].pcb_size, 128);
		UT_EQ(vd->pc_bar[4].pcb_type, PCI_BAR_MEM64);
		UT_EQ(vd->pc_bar[4].pcb_flags, PCI_BARF_PREFETCH);
		UT_EQ(vd->pc_bar[4].pcb_size, 16384);
		UT_EQ(vd->pc_bar[5].pcb_size, 0);
	}
}

static void
test_sysctl_errors(void)
{
	struct pci_conf one;
	size_t len = sizeof(one);

	/* A buffer too small: ENOMEM, and nothing half-copied counts. */
	UT_ERR(sysctl("hw.pci.devices", &one, &len, NULL, 0), ENOMEM);
	/* Read-only. */
	len = sizeof(one);
	UT_ERR(sysctl("hw.pci.devices", NULL, NULL, &one, sizeof(one)),
	    EPERM);
	/* A bad buffer. */
	len = (size_t)ntab * sizeof(one);
	UT_ERR(sysctl("hw.pci.devices", (void *)0xc0000000, &len, NULL, 0),
	    EFAULT);
	UT_ERR(sysctl("hw.pci.devices", NULL, (size_t *)16, NULL, 0),
	    EFAULT);
}

/* Run /bin/pciconf with arg; its output in buf, its wait status. */
static int
pciconf(const char *arg, char *buf, size_t size)
{
	char *argv[] = { "pciconf", (char *)arg, NULL };
	char *envp[] = { NULL };
	size_t got = 0;
	ssize_t n;
	int fds[2], status = -1;
	pid_t pid;

	if (pipe(fds) != 0)
		return (-1);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		execve("/bin/pciconf", argv, envp);
		_exit(127);
	}
	close(fds[1]);
	while (got + 1 < size &&
	    (n = read(fds[0], buf + got, size - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	close(fds[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return (-1);
	return (status);
}

static void
test_pciconf(void)
{
	static char out[8192];
	char want[160];
	const char *p;
	const struct pci_conf *ide = conf_at(0, 1, 1);
	int lines = 0;

	UT_EQ(pciconf("-l", out, sizeof(out)), 0);
	for (p = out; *p != '\0'; p++)
		lines += *p == '\n';
	UT_EQ(lines, ntab);
	UT_TRUE(strncmp(out, "hostb0@pci0:0:0:0:\tclass=0x060000 ", 34) == 0);
	UT_TRUE(strstr(out, "@pci0:0:1:1:\tclass=0x010180 rev=0x00 hdr=0x00 "
	    "vendor=0x8086 device=0x7010 ") != NULL);
	UT_TRUE(strstr(out, "bar   [") == NULL);

	UT_EQ(pciconf("-lv", out, sizeof(out)), 0);
	if (ide != NULL) {
		snprintf(want, sizeof(want), "device=0x7010 subvendor=0x%04x "
		    "subdevice=0x%04x\n    class      = mass storage\n"
		    "    bar   [20] = type I/O Port, range 32, base %#llx, "
		    "size 16\n", ide->pc_subvendor, ide->pc_subdevice,
		    (unsigned long long)ide->pc_bar[4].pcb_base);
		UT_TRUE(strstr(out, want) != NULL);
	}
	UT_TRUE(strstr(out, "type Memory, range 64, base ") != NULL);

	UT_EQ(pciconf("-x", out, sizeof(out)), 2 << 8);
	UT_STREQ(out, "usage: pciconf [-l] [-v]\n");
}

int
main(void)
{
	test_table();
	test_sysctl_errors();
	test_pciconf();
	free(tab);
	UT_DONE("pci_list");
}
