/*
 * sys/conf.h - character device switch.
 *
 * A driver describes its devices with a cdevsw; devfs (sys/vfs/devfs)
 * makes a node for each (name, cdevsw, unit) registered with
 * make_dev() and sends opens, reads and writes on it to the driver.
 * (The drivers issue moves these calls onto message ports.)
 */
#ifndef _SYS_CONF_H_
#define _SYS_CONF_H_

#include <sys/types.h>

struct uio;

struct cdevsw {
	const char	*d_name;
	int	(*d_open)(int unit, int flags);		/* may be NULL */
	int	(*d_close)(int unit, int flags);	/* may be NULL */
	int	(*d_read)(int unit, struct uio *uio, int ioflag);
	int	(*d_write)(int unit, struct uio *uio, int ioflag);
};

#ifdef _KERNEL
int	make_dev(const struct cdevsw *dsw, int unit, const char *name);
void	dev_init(void);		/* register the boot-time devices */
#endif

#endif /* !_SYS_CONF_H_ */
