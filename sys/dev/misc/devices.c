/*
 * devices.c - the table of character devices made at boot.
 *
 * Each driver exports a cdevsw; this file alone decides which devices
 * exist and under which names they appear in /dev, so adding a device is
 * one line here.  dev_init() runs once at boot, before /dev is mounted
 * (devfs would also pick up devices registered after its mount).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/conf.h>
#include <dev/misc/devices.h>

static const struct {
	const struct cdevsw *dt_dsw;
	int		dt_unit;
	const char	*dt_name;
} devtab[] = {
	{ &cons_cdevsw,	0, "console" },
	{ &null_cdevsw,	0, "null" },
	{ &zero_cdevsw,	0, "zero" },
};

/*
 * Register every device of devtab with devfs.  Called once from the
 * boot sequence; may block.  A failure is a bug in the table: panic.
 */
void
dev_init(void)
{
	size_t i;
	int error;

	for (i = 0; i < nitems(devtab); i++) {
		error = make_dev(devtab[i].dt_dsw, devtab[i].dt_unit,
		    devtab[i].dt_name);
		if (error)
			panic("%s: make_dev(%s): error %d", __func__,
			    devtab[i].dt_name, error);
	}
}
