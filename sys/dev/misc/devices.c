/*
 * devices.c - the drivers attached at boot.
 *
 * This file alone decides which drivers run and in which order: each
 * attach function probes its hardware and registers its devices with
 * make_dev() (kern_device.c), so adding a driver is one line here.
 * dev_init() runs once at boot, in the first thread (driver threads can
 * be made), before /dev is mounted (devfs also hears of devices
 * registered after its mount).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/device.h>
#include <sys/agent.h>
#include <dev/misc/devices.h>

/*
 * Attach every boot-time driver.  Called once from the boot sequence;
 * may block.  A driver that cannot register its devices panics.
 */
void
dev_init(void)
{
	struct cdev *tty;

	tty = com_attach();		/* COM1, COM2: /dev/ttyu0, ttyu1 */
	cons_attach(tty);		/* /dev/console, stacked on ttyu0 */
	null_attach();			/* /dev/null, /dev/zero */
	md_attach();			/* /dev/md0, a RAM disk */
	agent_init();			/* names reserved for user drivers */
	pty_attach();			/* /dev/ptypN, ttypN: pseudo-terminals */
}
