/*
 * devices.c - the drivers attached at boot.
 *
 * This file alone decides which drivers run and in which order: each
 * attach function probes its hardware and registers its devices with
 * make_dev() (kern_device.c), so adding a driver is one line here.
 * dev_init() runs once at boot, in the first thread (driver threads can
 * be made), before /dev is mounted (devfs also hears of devices
 * registered after its mount).
 *
 * uart=user on the command line leaves COM2 to a process: the kernel
 * attaches COM1 alone (its console), and hw.isa.user names the ISA
 * grants init starts /bin/drvd for ("isa:com2"; sys/devgrant.h).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/device.h>
#include <sys/agent.h>
#include <sys/sysctl.h>
#include <dev/misc/devices.h>

static char isa_user_names[32];	/* [b] the ISA devices left to processes */
SYSCTL_STRING(hw_isa_user, "hw.isa.user", isa_user_names,
    "ISA devices left to driver processes (uart=user): grant names");

/*
 * Attach every boot-time driver.  Called once from the boot sequence;
 * may block.  A driver that cannot register its devices panics.
 */
void
dev_init(void)
{
	struct cdev *tty;
	unsigned units = COM_UNIT(0) | COM_UNIT(1);

	if (boot_has_flag("uart=user")) {
		units = COM_UNIT(0);	/* COM2: /bin/drvd isa:com2 */
		strlcpy(isa_user_names, "isa:com2", sizeof(isa_user_names));
	}
	tty = com_attach(units);	/* COM1, COM2: /dev/ttyu0, ttyu1 */
	cons_attach(tty);		/* /dev/console, stacked on ttyu0 */
	null_attach();			/* /dev/null, /dev/zero */
	md_attach();			/* /dev/md0, a RAM disk */
	agent_init();			/* names reserved for user drivers */
	pty_attach();			/* /dev/ptypN, ttypN: pseudo-terminals */
}
