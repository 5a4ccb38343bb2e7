/*
 * drvd - a driver in a process: the same driver source the kernel
 * attaches (sys/dev/virtio/virtio_blk.c, sys/dev/ata/ata.c,
 * sys/dev/serial/ns16550.c ...), built as user code against lib/libdrv
 * (sys/sys/drvif.h), run on the device this process was granted.
 *
 *	drvd pci:VVVV:DDDD [READYFD]
 *	drvd isa:com2 [READYFD]
 *
 * An ISA device has no configuration space to ask: drvd_isa[] names the
 * attach routine of each ISA grant it knows (COM2: the UART driver's
 * com_attach for that unit alone; COM1 is the kernel's console).
 *
 * It takes the grant itself (devgrant(0, name): it is a launcher's
 * child, so it may; the first function with those ids that neither the
 * kernel nor another process has), asks the kernel what the function is
 * (grantinfo: ids, BARs, line, and the unit the kernel kept for the
 * driver it left to a process, NAME=user on the command line), finds
 * that driver by name among the drivers linked in (PCI_DRIVER's
 * set_pcidrv section, as the kernel does), calls its attach routine and
 * serves its devices through the port agent until it is killed.  A
 * supervisor (init, test/init.c) starts it again when it dies; the agent
 * gives the new instance what the old one held (sys/kern/kern_agent.c).
 *
 * The partition layer (sys/kern/subr_diskmbr.c, built as user code too)
 * runs in this process beside the driver: it hears of each disk the
 * driver registers, reads its table through the driver by a plain call
 * and serves its partitions (/dev/vtbd1s1 ...) from here, so a read of
 * a partition crosses the agent once and goes on to the disk's driver
 * inside the process (sys/agent.h, DSF_PARTS).
 *
 * SIGUSR1 is a test's (test/dev/udrv_crash.c): the process kills itself
 * (SIGKILL) the next time it holds a disk read that its driver gave the
 * device (drv_crash_arm), so that the crash always catches a read in
 * flight.  The handler is installed first, before the grant shows the
 * process in kern.devgrants.
 *
 * With READYFD it writes one byte there (and closes it) once attach has
 * registered its devices and their partition tables are read, so a
 * launcher knows the devices exist; a launcher that reads end of file
 * instead knows the driver failed.
 *
 * Exit status: 2 no grant (errno printed), 3 no such driver linked in,
 * 4 attach failed, 5 the loop failed.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/msgport.h>
#include <sys/device.h>
#include <sys/drvif.h>
#include <sys/devgrant.h>
#include <sys/pciio.h>
#include <sys/diskmbr.h>
#include <dev/pci/pcivar.h>
#include <dev/misc/devices.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "libdrv.h"

extern const struct pci_driver *__start_set_pcidrv[], *__stop_set_pcidrv[];

static struct pci_dev drvd_pd;		/* the driver keeps a pointer */

static void
drvd_usr1(int sig)
{
	(void)sig;
	drv_crash_arm();
}

/* COM2 alone (COM1, the console, is the kernel's). */
static int
drvd_com2(void)
{
	(void)com_attach(COM_UNIT(1));
	return (0);
}

static const struct {
	const char	*di_grant;
	int		(*di_attach)(void);
} drvd_isa[] = {
	{ "isa:com2", drvd_com2 },
};

/* Tell the launcher the devices exist (READYFD), then serve them. */
static int
drvd_serve(int argc, char **argv, const char *what)
{
	volatile bool stop = false;
	int error;

	if (argc == 3) {
		(void)write(atoi(argv[2]), "r", 1);
		close(atoi(argv[2]));
	}
	error = drv_serve(&stop);
	printf("drvd: %s: error %d\n", what, error);
	return (5);
}

/* drvd isa:NAME: the ISA driver drvd_isa[] names. */
static int
drvd_isa_main(int argc, char **argv)
{
	size_t i;
	int error;

	for (i = 0; i < sizeof(drvd_isa) / sizeof(drvd_isa[0]); i++) {
		if (strcmp(drvd_isa[i].di_grant, argv[1]) == 0)
			break;
	}
	if (i == sizeof(drvd_isa) / sizeof(drvd_isa[0])) {
		printf("drvd: %s: no driver here\n", argv[1]);
		return (3);
	}
	if (devgrant(0, argv[1]) != 0) {
		printf("drvd: %s: no grant: error %d\n", argv[1], errno);
		return (2);
	}
	if ((error = drvd_isa[i].di_attach()) != 0) {
		printf("drvd: %s: attach failed: error %d\n", argv[1], error);
		return (4);
	}
	return (drvd_serve(argc, argv, argv[1]));
}

int
main(int argc, char **argv)
{
	const struct pci_driver **dp, *drv = NULL;
	struct pci_conf pc;
	char what[40];
	int error;

	if (argc != 2 && argc != 3) {
		printf("usage: drvd pci:VVVV:DDDD|isa:NAME [READYFD]\n");
		return (1);
	}
	signal(SIGUSR1, drvd_usr1);
	if (strncmp(argv[1], "isa:", 4) == 0)
		return (drvd_isa_main(argc, argv));
	if (devgrant(0, argv[1]) != 0 || grantinfo(&pc) != 0 ||
	    drv_pci_grant(&drvd_pd) != 0) {
		printf("drvd: %s: no grant: error %d\n", argv[1], errno);
		return (2);
	}
	for (dp = __start_set_pcidrv; dp < __stop_set_pcidrv; dp++) {
		if (strcmp((*dp)->pdrv_name, pc.pc_driver) == 0)
			drv = *dp;
	}
	if (drv == NULL) {
		printf("drvd: %s: no driver \"%s\" here\n", argv[1],
		    pc.pc_driver);
		return (3);
	}
	drvd_pd.pd_driver = drv;
	mbr_init();
	if ((error = drv->pdrv_attach(&drvd_pd)) != 0) {
		printf("drvd: %s%d: attach failed: error %d\n", drv->pdrv_name,
		    drvd_pd.pd_unit, error);
		return (4);
	}
	mbr_settle();		/* the partitions of its disks, served */
	snprintf(what, sizeof(what), "%s%d", drv->pdrv_name, drvd_pd.pd_unit);
	return (drvd_serve(argc, argv, what));
}
